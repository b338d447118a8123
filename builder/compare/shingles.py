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
from .blocking import _hash, _lsh_buckets
from .settings import DuplicateSettings
from .text import _WORD


@dataclass(frozen=True, slots=True)
class _Doc:
    id: str
    words: tuple[str, ...]  # case-folded
    shingles: frozenset[int]


def _document(source: Source, k: int) -> _Doc:
    words = [w.casefold() for paragraph in source.paragraphs for w in _WORD.findall(paragraph.text)]
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
    return _Doc(source.id, tuple(words), shingles)


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


def _lsh_later(sets: Sequence[Iterable[int]], bins: int, rows: int) -> list[set[int]]:
    """`lsh_pairs`, as the later positions paired with each position: a pair of near-duplicates
    agrees on most bands, and is added to a set of ints once per band instead of being made a
    tuple once per band."""
    later: list[set[int]] = [set() for _ in sets]
    seen: set[tuple[int, ...]] = set()
    for members in _lsh_buckets(sets, bins, rows):
        if len(members) > 1 and (key := tuple(members)) not in seen:
            seen.add(key)
            for k in range(len(members) - 1):
                later[members[k]].update(islice(members, k + 1, None))
    return later


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
    by_lsh = _lsh_later(shingle_sets, cfg.minhash_bins, cfg.lsh_rows)
    return _Candidates(by_index, by_lsh, len(common), rare_shared, common_bits)


def candidate_pairs(
    shingle_sets: Sequence[frozenset[int]], cfg: DuplicateSettings
) -> tuple[set[tuple[int, int]], set[tuple[int, int]], int]:
    """(index candidates, LSH candidates, common shingles skipped): pairs of positions, i < j."""
    found = _candidates(shingle_sets, cfg)

    def pairs(later: list[set[int]]) -> set[tuple[int, int]]:
        return {(i, j) for i, js in enumerate(later) for j in js}

    return pairs(found.by_index), pairs(found.by_lsh), found.common
