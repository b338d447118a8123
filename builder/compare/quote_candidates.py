"""Candidate pairs of one speaker's statements, as pairs of classes of statements with the same
words: they share a word few statements use, or collide in MinHash LSH, and one is a quote."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from .blocking import _hash, _lsh_buckets, _pairs_of

QUOTE_BINS, QUOTE_ROWS = 32, 2  # LSH for statements: Jaccard 0.35 of their words pairs them 9 times in 10


def _class_pairs(members: Sequence[int], sizes: Sequence[int], quoted: Sequence[bool]) -> Iterator[tuple[int, int]]:
    """Pairs (x <= y) of the classes in one bucket (in order) that stand for pairs of statements
    holding a quote: (x, x) for the pairs inside a class of two statements or more."""
    yield from ((x, x) for x in members if quoted[x] and sizes[x] > 1)
    yield from _pairs_of(members, quoted)


def _class_candidates(
    words: Sequence[tuple[str, ...]], sizes: Sequence[int], quoted: Sequence[bool], max_block: int
) -> set[tuple[int, int]]:
    """The candidate pairs of statements (`blocked_pairs` on their words, each word used by at
    most `max_block` statements, or `lsh_pairs`; a quote among the two), as pairs of classes of
    statements with the same words: a class of k statements counts k times in a word's
    frequency, and its own k(k-1)/2 pairs are candidates (same words, same MinHash)."""
    found: set[tuple[int, int]] = set()
    postings: dict[str, list[int]] = defaultdict(list)
    for position, features in enumerate(words):
        for word in set(features):
            postings[word].append(position)
    for holders in postings.values():
        if 1 < sum(sizes[c] for c in holders) <= max_block:
            found.update(_class_pairs(holders, sizes, quoted))
    hashes = {word: _hash(word) for word in postings}
    seen: set[tuple[int, ...]] = set()  # similar statements fall in the same buckets in many bands
    for members in _lsh_buckets([{hashes[w] for w in features} for features in words], QUOTE_BINS, QUOTE_ROWS):
        if (len(members) > 1 or sizes[members[0]] > 1) and (key := tuple(members)) not in seen:
            seen.add(key)
            found.update(_class_pairs(members, sizes, quoted))
    return found
