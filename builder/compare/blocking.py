"""Candidate pairs without comparing all pairs: an inverted index of features held by few
items, and one-permutation MinHash with LSH banding. Durations, quotes and shared text all
block with these."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import combinations


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def _pairs_of(members: Sequence[int], anchors: Sequence[bool] | None) -> Iterable[tuple[int, int]]:
    """Pairs (i < j) of a bucket's members; with anchors, only pairs holding at least one anchor."""
    if anchors is None:
        return combinations(members, 2)
    return _anchored_pairs(members, anchors)


def _anchored_pairs(members: Sequence[int], anchors: Sequence[bool]) -> Iterator[tuple[int, int]]:
    chosen = [m for m in members if anchors[m]]
    others = [m for m in members if not anchors[m]]
    yield from combinations(chosen, 2)
    for i in chosen:
        for j in others:
            yield (i, j) if i < j else (j, i)


def blocked_pairs(
    sets: Sequence[Iterable[int | str]], max_df: int, min_shared: int, anchors: Sequence[bool] | None = None
) -> dict[tuple[int, int], int]:
    """Pairs of positions (i < j) sharing at least `min_shared` features, counting only features
    held by at most `max_df` items: an inverted index, O(features + Σ df²) instead of all pairs."""
    postings: dict[int | str, list[int]] = defaultdict(list)
    for position, features in enumerate(sets):
        for feature in set(features):
            postings[feature].append(position)
    shared: Counter[tuple[int, int]] = Counter()
    for holders in postings.values():
        if 1 < len(holders) <= max_df:
            shared.update(_pairs_of(holders, anchors))
    return {pair: count for pair, count in shared.items() if count >= min_shared}


def minhash_signature(shingles: Iterable[int], bins: int) -> tuple[int, ...]:
    """One-permutation MinHash: each 64-bit shingle hash falls in one bin; keep the bin's minimum.

    Empty bins borrow the next non-empty bin's value (rotation densification), marked with the
    distance so that borrowed values only match borrowed values. O(shingles + bins).
    """
    # value = rest * bins + bin: the smallest value of a bin has the smallest rest. Walking the
    # values from the largest, the last one written to each bin is its smallest.
    smallest = {value % bins: value for value in sorted(shingles, reverse=True)}
    if not smallest:
        return ()
    lowest = [None if (value := smallest.get(slot)) is None else value // bins for slot in range(bins)]
    signature = [0] * bins
    # Twice around the ring backwards: the nearest non-empty bin at or after each one.
    nearest_value, nearest = 0, 0
    for place in range(2 * bins - 1, -1, -1):
        found = lowest[place % bins]
        if found is not None:
            nearest_value, nearest = found, place
        if place < bins:
            signature[place] = nearest_value + ((nearest - place) << 64)
    return tuple(signature)


def _lsh_banded(
    sets: Sequence[Iterable[int]], bins: int, rows: int
) -> tuple[list[tuple[int, list[int]]], list[tuple[int, ...]]]:
    """(band, positions) of each bucket: positions whose MinHash signatures agree on all `rows`
    values of the band, per band and values, in order; and the signature of each position."""
    rows = max(1, min(rows, bins))
    buckets: dict[tuple[int, tuple[int, ...]], list[int]] = defaultdict(list)
    signatures: list[tuple[int, ...]] = []
    for position, features in enumerate(sets):
        signature = minhash_signature(features, bins)
        signatures.append(signature)
        for band in range(len(signature) // rows):
            buckets[(band, signature[band * rows : (band + 1) * rows])].append(position)
    return [(band, members) for (band, _), members in buckets.items()], signatures


def _lsh_buckets(sets: Sequence[Iterable[int]], bins: int, rows: int) -> list[list[int]]:
    """Positions whose MinHash signatures agree on all `rows` values of one band, per band and
    values, in order."""
    return [members for _, members in _lsh_banded(sets, bins, rows)[0]]


def lsh_pairs(
    sets: Sequence[Iterable[int]], bins: int, rows: int, anchors: Sequence[bool] | None = None
) -> set[tuple[int, int]]:
    """Pairs of positions (i < j) whose MinHash signatures agree on all `rows` values of at least
    one band: likely similar sets, found in O(items x bands) plus the pairs themselves."""
    found: set[tuple[int, int]] = set()
    seen: set[tuple[int, ...]] = set()  # near-duplicates fall in the same buckets in many bands
    for members in _lsh_buckets(sets, bins, rows):
        if len(members) > 1 and (key := tuple(members)) not in seen:
            seen.add(key)
            found.update(_pairs_of(members, anchors))
    return found
