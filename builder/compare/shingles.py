"""Sources as sets of hashed word shingles, and the candidate pairs among them (an inverted
index of rare shingles, MinHash LSH), with what measures each candidate's shared shingles
without a set intersection."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, combinations, islice

from ..model import Source
from .blocking import _hash, _lsh_banded
from .settings import DuplicateSettings
from .text import _WORD


@dataclass(frozen=True, slots=True)
class _Doc:
    id: str
    word_count: int
    shingles: frozenset[int]


def _words(source: Source) -> list[str]:
    """The words of a source, case-folded: what its shingles are made of. Not kept in `_Doc`:
    at 10,000 articles they would hold a quarter of a gigabyte for the few pairs that need them."""
    return [w.casefold() for paragraph in source.paragraphs for w in _WORD.findall(paragraph.text)]


def _document(source: Source, k: int) -> _Doc:
    words = _words(source)
    if not words:
        shingles: frozenset[int] = frozenset()
    elif len(words) < k:
        shingles = frozenset({_hash(" ".join(words))})
    else:  # _hash, inlined: a call per shingle costs as much as the hash
        blake2b, from_bytes = hashlib.blake2b, int.from_bytes
        shingles = frozenset(
            from_bytes(blake2b(shingle.encode(), digest_size=8).digest(), "big")
            for shingle in map(" ".join, zip(*(words[i:] for i in range(k)), strict=False))
        )
    return _Doc(source.id, len(words), shingles)


@dataclass(frozen=True, slots=True)
class _Candidates:
    """Candidate pairs (i, j), i < j, as the js of each i: pairs of near-duplicates are most of
    the candidates, and as many as a fifth of all pairs when hundreds of outlets carry one story."""

    by_index: list[set[int]]
    by_lsh: list[set[int]]
    common: int  # distinct shingles in more than max_shingle_sources documents
    # What measures every candidate's shared shingles in O(1)-ish instead of one set intersection
    # each: the shingles of max_shingle_sources documents or fewer that a pair shares (the
    # index counted them anyway), and each document's common shingles as a bit set.
    rare_shared: list[dict[int, int]]
    common_bits: list[int]
    capped_buckets: int  # LSH buckets paired by sorted neighbourhood, not in full


def _lsh_later(sets: Sequence[Iterable[int]], cfg: DuplicateSettings) -> tuple[list[set[int]], int]:
    """`lsh_pairs`, as the later positions paired with each position: a pair of near-duplicates
    agrees on most bands, and is added to a set of ints once per band instead of being made a
    tuple once per band. Also the number of buckets too large to pair in full.

    A bucket of more than `lsh_bucket_limit` sources (hundreds of outlets carrying one story)
    would make pairs by the square of its size: its members are instead sorted by the rest of
    their signatures and each is paired with the `lsh_window` that follow it, the sorted
    neighbourhood method. The most similar members agree on the most values, so they sort next
    to each other; the cost of a bucket is linear in its size.
    """
    buckets, signatures = _lsh_banded(sets, cfg.minhash_bins, cfg.lsh_rows)
    circular = [signature + signature for signature in signatures]
    rows = max(1, min(cfg.lsh_rows, cfg.minhash_bins))
    later: list[set[int]] = [set() for _ in sets]
    seen: set[tuple[int, ...]] = set()
    capped = 0
    for band, members in buckets:
        if len(members) < 2:
            continue
        if len(members) <= cfg.lsh_bucket_limit:
            if (key := tuple(members)) not in seen:
                seen.add(key)
                for k in range(len(members) - 1):
                    later[members[k]].update(islice(members, k + 1, None))
            continue
        capped += 1
        # Sorted by the signature from the next band on (the bucket's own band is equal in all
        # its members), round to the start: copies sort together, near-duplicates next to them.
        start = (band + 1) * rows
        ordered = sorted(members, key=lambda m: (circular[m][start : start + len(signatures[m])], m))
        for k, first in enumerate(ordered):
            for second in islice(ordered, k + 1, k + 1 + cfg.lsh_window):
                if first < second:
                    later[first].add(second)
                else:
                    later[second].add(first)
    return later, capped


def _candidates(shingle_sets: Sequence[frozenset[int]], cfg: DuplicateSettings) -> _Candidates:
    frequency = Counter(chain.from_iterable(shingle_sets))  # documents per shingle
    rare = {shingle for shingle, count in frequency.items() if 1 < count <= cfg.max_shingle_sources}
    common = frozenset(shingle for shingle, count in frequency.items() if count > cfg.max_shingle_sources)
    postings: dict[int, list[int]] = defaultdict(list)
    for position, shingles in enumerate(shingle_sets):
        for shingle in shingles & rare:
            postings[shingle].append(position)
    shared: Counter[tuple[int, int]] = Counter()
    for holders in postings.values():
        shared.update(combinations(holders, 2))
    rare_shared: list[dict[int, int]] = [{} for _ in shingle_sets]
    by_index: list[set[int]] = [set() for _ in shingle_sets]
    for (i, j), count in shared.items():
        rare_shared[i][j] = count
        if count >= cfg.min_shared_shingles:
            by_index[i].add(j)
    common_ids = {shingle: number for number, shingle in enumerate(common)}
    common_bits = []
    for shingles in shingle_sets:
        ids = [common_ids[s] for s in shingles & common]
        bits = bytearray((max(ids) >> 3) + 1 if ids else 0)
        for found in ids:
            bits[found >> 3] |= 1 << (found & 7)
        common_bits.append(int.from_bytes(bits, "little"))
    by_lsh, capped = _lsh_later(shingle_sets, cfg)
    return _Candidates(by_index, by_lsh, len(common), rare_shared, common_bits, capped)


def candidate_pairs(
    shingle_sets: Sequence[frozenset[int]], cfg: DuplicateSettings
) -> tuple[set[tuple[int, int]], set[tuple[int, int]], int]:
    """(index candidates, LSH candidates, common shingles skipped): pairs of positions, i < j."""
    found = _candidates(shingle_sets, cfg)

    def pairs(later: list[set[int]]) -> set[tuple[int, int]]:
        return {(i, j) for i, js in enumerate(later) for j in js}

    return pairs(found.by_index), pairs(found.by_lsh), found.common
