"""Shared text: the pairs of sources sharing the most word shingles, with Jaccard similarity and
containment, near-duplicates and rewrites flagged, and what finding them cost."""

from __future__ import annotations

from collections.abc import Sequence
from heapq import heappush, heapreplace
from typing import Literal

from ..model import Source
from .model import DuplicateCost, SharedText, SimilarPair
from .passage import _passage
from .settings import DuplicateSettings
from .shingles import _candidates, _document


def shared_text(sources: Sequence[Source], cfg: DuplicateSettings) -> SharedText:
    """The pairs of sources that share the most shingles, most similar first, at most `max_pairs`.

    Shared text is not measured on all pairs. Candidates come from two blocks (`_candidates`),
    and only candidates are measured exactly:

    1. an inverted index of shingles: a shingle in 2..`max_shingle_sources` sources adds one to
       each pair of them; pairs with at least `min_shared_shingles` become candidates. Cost
       O(W + Σ df²) over shingles with df below the cap, so at most O(W·cap), W the number of
       words; phrasing every source uses (names, formulae) is skipped;
    2. one-permutation MinHash (`minhash_bins` values per source, one hash per shingle: O(W))
       with LSH banding (`lsh_rows` rows per band): sources whose band values collide become
       candidates, which catches near-duplicates even when hundreds of outlets carry one wire
       story and every shingle is "common". With 96 bins in 32 bands of 3 rows, a pair at Jaccard
       0.5 collides with probability 0.99, at 0.3 with 0.58, at 0.05 with 0.004. A bucket of more
       than `lsh_bucket_limit` sources pairs each only with the `lsh_window` next to it in
       signature order (`shingles._lsh_later`), so that candidates stay O(n x bands x window).

    Each candidate costs a look-up and a bit-set AND: the rare shingles a pair shares were counted
    by the index, and each source's common shingles are a bit set. Only the best `max_pairs` are
    kept, and each costs one longest-common-run search, linear in the two texts. For 10,000
    articles of 500 words that is about 5 million shingle hashes plus the candidates, instead of
    50 million pair comparisons; tests/test_compare.py measures 2,080 articles (80 copies of one
    wire story among them) in about a second, with 0.15% of the pairs compared. When most sources
    retell a few stories (benchmarks/generate.py: 10,000 articles, five stories), most pairs are
    near-duplicates: in full, a fifth of all pairs would be candidates (10 million, 15 s, 1.4 GB);
    with the buckets capped, 1.3 million (2.5% of the pairs), 9 s and 350 MB, and the pairs listed
    as similar as those of comparing every collision (tests/test_compare_scaling.py).
    """
    docs = [_document(s, cfg.shingle_size) for s in sources]
    found = _candidates([d.shingles for d in docs], cfg)
    sizes = [len(d.shingles) for d in docs]
    # The pairs are listed most similar first (rounded Jaccard, then containment), then by ids:
    # the best max_pairs are kept in a heap whose top is the worst kept, ids as ranks so that
    # "better" is "larger" throughout (then positions, as a stable sort of the pairs in order).
    rank = {doc_id: number for number, doc_id in enumerate(sorted({d.id for d in docs}))}
    kept: list[tuple[float, float, int, int, int, int, int]] = []
    limit, compared = cfg.max_pairs, 0
    # Once max_pairs are kept, a pair below the worst kept's rounded Jaccard (with a margin for
    # the rounding) cannot displace it; Jaccard is at most the smaller size over the larger.
    floor = -1.0
    for i, lsh_later in enumerate(found.by_lsh):
        later = lsh_later | found.by_index[i] if found.by_index[i] else lsh_later
        compared += len(later)
        size_a = sizes[i]
        if not size_a or not limit:
            continue
        bits_a, rare_a = found.common_bits[i], found.rare_shared[i]
        for j in later:
            size_b = sizes[j]
            if not size_b or (size_a < floor * size_b if size_a < size_b else size_b < floor * size_a):
                continue
            inter = rare_a.get(j, 0) + (bits_a & found.common_bits[j]).bit_count()
            jaccard = inter / (size_a + size_b - inter)
            containment = inter / size_a if size_a < size_b else inter / size_b
            if jaccard < floor or (jaccard < cfg.report_jaccard and containment < cfg.report_containment):
                continue
            item = (round(jaccard, 4), round(containment, 4), -rank[docs[i].id], -rank[docs[j].id], -i, -j, inter)
            if len(kept) < limit:
                heappush(kept, item)
            elif item > kept[0]:
                heapreplace(kept, item)
            else:
                continue
            if len(kept) == limit:
                floor = kept[0][0] - 0.001

    pairs: list[SimilarPair] = []
    for *_, minus_i, minus_j, inter in sorted(kept, reverse=True):
        i, j = -minus_i, -minus_j
        a, b = docs[i], docs[j]
        jaccard = inter / (sizes[i] + sizes[j] - inter)
        containment_a, containment_b = inter / sizes[i], inter / sizes[j]
        verdict: Literal["near_duplicate", "contained", "overlap"] = (
            "near_duplicate"
            if jaccard >= cfg.duplicate_jaccard
            else "contained"
            if max(containment_a, containment_b) >= cfg.contained
            else "overlap"
        )
        passage, passage_a, passage_b = _passage(a, b, sources[i], sources[j])
        pairs.append(
            SimilarPair(
                a=a.id,
                b=b.id,
                jaccard=round(jaccard, 4),
                containment_a=round(containment_a, 4),
                containment_b=round(containment_b, 4),
                shared=inter,
                verdict=verdict,
                passage=passage,
                passage_a=passage_a,
                passage_b=passage_b,
            )
        )
    n = len(docs)
    return SharedText(
        pairs=tuple(pairs),
        cost=DuplicateCost(
            documents=n,
            shingles=sum(max(0, d.word_count - cfg.shingle_size + 1) or (1 if d.word_count else 0) for d in docs),
            possible_pairs=n * (n - 1) // 2,
            index_candidates=sum(map(len, found.by_index)),
            lsh_candidates=sum(map(len, found.by_lsh)),
            compared=compared,
            common_shingles=found.common,
            capped_buckets=found.capped_buckets,
        ),
        settings=cfg,
    )
