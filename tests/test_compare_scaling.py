"""builder/compare/ at scale: the same results as the straightforward algorithms it replaces
(every scored pair of statements walked, every candidate pair of sources intersected), and time
linear in the input, however much of it repeats."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import cache
from typing import Any, Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builder.compare import (
    QUOTE_BINS,
    QUOTE_ROWS,
    QuoteGroup,
    QuoteSettings,
    SharedText,
    SimilarPair,
    blocked_pairs,
    compare,
    load_settings,
    lsh_pairs,
    minhash_signature,
    shared_text,
    statement_similarity,
)
from builder.compare.blocking import _hash
from builder.compare.index import _Index
from builder.compare.passage import _longest_common_run
from builder.compare.positions import _ByStart, _overlaps, _Stretches
from builder.compare.quotes import _QuoteMatcher
from builder.compare.role_phrases import _outer_mentions, _role_start
from builder.compare.similarity import _keys
from builder.compare.statements import _reported_parts, _Statement
from builder.extraction import extract
from builder.model import Actor, Corpus, EventMention, Quantity, Quote, Source, Span, Story
from builder.pages.plan import by_date
from tests.test_broken_input import scales_linearly
from tests.test_compare import make_source

# --- The algorithms replaced, as they were -----------------------------------------------------


def walk_every_link(matcher: _QuoteMatcher, speaker: str, quotes: Sequence[Quote]) -> list[QuoteGroup]:
    """The quote groups, found by scoring every candidate pair of statements and walking the
    links best first."""
    cfg = matcher.cfg
    spans: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for quote in matcher.index.corpus.quotes:
        spans[(quote.span.source, quote.span.paragraph)].append((quote.span.start, quote.span.end))
    statements = [_Statement(q.id, q.span, q.text, q.text, True) for q in quotes]
    quoted_in = {q.span.source for q in quotes}
    for source, paragraph in matcher.naming[speaker]:
        if not any(matcher.allowed(other, source) for other in quoted_in):
            continue
        for start, end, sentence in matcher.index.sentences(source, paragraph):
            if any(_overlaps(start, end, s, e) for s, e in spans[(source, paragraph)]):
                continue
            span = Span(source=source, paragraph=paragraph, start=start, end=end, text=sentence)
            for lead, said in _reported_parts(sentence, cfg.speech_markers):
                if len(_keys(said)) >= cfg.min_words:
                    statements.append(
                        _Statement(f"{source}/{paragraph}/{start}/{len(lead)}", span, sentence, said, False)
                    )
    words = [_keys(s.said) for s in statements]
    quoted = [s.quoted for s in statements]
    candidates = set(blocked_pairs(words, cfg.max_block, 1, quoted))
    candidates |= lsh_pairs([{_hash(w) for w in found} for found in words], QUOTE_BINS, QUOTE_ROWS, quoted)
    scored = []
    for i, j in sorted(candidates):
        a, b = statements[i], statements[j]
        if not (a.quoted or b.quoted) or not matcher.allowed(a.span.source, b.span.source):
            continue
        score = statement_similarity(a.said, b.said, cfg.min_words)
        if score >= (cfg.loose if a.quoted and b.quoted else cfg.reported):
            scored.append((score, i, j))
    group_of = list(range(len(statements)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(statements))}
    sources: dict[int, set[str]] = {i: {s.span.source} for i, s in enumerate(statements)}
    weakest: dict[int, float] = {}
    linked: set[tuple[int, str]] = set()
    used_sentences: dict[tuple[str, str, int], int] = {}
    for score, i, j in sorted(scored, key=lambda item: (-item[0], item[1], item[2])):
        a, b = statements[i], statements[j]
        sentence_keys = [
            (s.span.source, s.span.paragraph, s.span.start, k) for k, s in ((i, a), (j, b)) if not s.quoted
        ]
        if (i, b.span.source) in linked or (j, a.span.source) in linked:
            continue
        if any(used_sentences.get((src, par, start), k) != k for src, par, start, k in sentence_keys):
            continue
        ga, gb = group_of[i], group_of[j]
        if ga == gb or not sources[ga].isdisjoint(sources[gb]):
            continue
        linked.update({(i, b.span.source), (j, a.span.source)})
        used_sentences.update({(src, par, start): k for src, par, start, k in sentence_keys})
        for k in members[gb]:
            group_of[k] = ga
        members[ga].extend(members.pop(gb))
        sources[ga] |= sources.pop(gb)
        weakest[ga] = min(score, weakest.get(ga, 1.0), weakest.pop(gb, 1.0))
    return [
        matcher.group(speaker, [statements[k] for k in keys], weakest.get(group, 0.0))
        for group, keys in members.items()
        if len(keys) > 1
    ]


_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def lsh_pairs_by_neighbourhood(sets: Sequence[frozenset[int]], cfg: Any) -> tuple[set[tuple[int, int]], int]:
    """`lsh_pairs`, except that a bucket of more than lsh_bucket_limit members is sorted by the
    signature rotated to start after its band and pairs each member with the lsh_window that follow it.
    Also the number of such buckets."""
    rows = max(1, min(cfg.lsh_rows, cfg.minhash_bins))
    signatures = [minhash_bin_by_bin(sorted(s), cfg.minhash_bins) if s else () for s in sets]
    buckets: dict[tuple[int, tuple[int, ...]], list[int]] = defaultdict(list)
    for position, signature in enumerate(signatures):
        for band in range(len(signature) // rows):
            buckets[(band, signature[band * rows : (band + 1) * rows])].append(position)
    found: set[tuple[int, int]] = set()
    capped = 0
    for (band, _), members in buckets.items():
        if len(members) <= cfg.lsh_bucket_limit:
            found.update((i, j) for i in members for j in members if i < j)
            continue
        capped += 1
        after = (band + 1) * rows

        def key(m: int, after: int = after) -> tuple[tuple[int, ...], int]:
            signature = signatures[m]
            return (signature[after:] + signature[:after], m)

        ordered = sorted(members, key=key)
        for k, first in enumerate(ordered):
            for second in ordered[k + 1 : k + 1 + cfg.lsh_window]:
                found.add((min(first, second), max(first, second)))
    return found, capped


def intersect_every_candidate(sources: Sequence[Source], cfg: Any) -> SharedText:
    """Shared text, each candidate pair measured with a set intersection, passages with difflib."""
    k = cfg.shingle_size
    docs = []
    for source in sources:
        words, written, places = [], [], []
        for paragraph in source.paragraphs:
            for match in _WORD.finditer(paragraph.text):
                words.append(match.group().casefold())
                written.append(match.group())
                places.append((paragraph.id, match.start(), match.end()))
        if not words:
            shingles: frozenset[int] = frozenset()
        elif len(words) < k:
            shingles = frozenset({_hash(" ".join(words))})
        else:
            shingles = frozenset(_hash(" ".join(words[i : i + k])) for i in range(len(words) - k + 1))
        docs.append((source.id, words, written, places, shingles))
    sets = [d[4] for d in docs]
    by_index = set(blocked_pairs(sets, cfg.max_shingle_sources, cfg.min_shared_shingles))
    frequency = Counter(shingle for shingles in sets for shingle in shingles)
    common = sum(1 for count in frequency.values() if count > cfg.max_shingle_sources)
    by_lsh, capped = lsh_pairs_by_neighbourhood(sets, cfg)
    candidates = sorted(by_index | by_lsh)
    pairs = []
    for i, j in candidates:
        a, b = sets[i], sets[j]
        if not a or not b:
            continue
        inter = len(a & b)
        jaccard = inter / (len(a) + len(b) - inter)
        containment_a, containment_b = inter / len(a), inter / len(b)
        if jaccard < cfg.report_jaccard and max(containment_a, containment_b) < cfg.report_containment:
            continue
        verdict: Literal["near_duplicate", "contained", "overlap"] = (
            "near_duplicate"
            if jaccard >= cfg.duplicate_jaccard
            else "contained"
            if max(containment_a, containment_b) >= cfg.contained
            else "overlap"
        )
        pairs.append((round(jaccard, 4), round(containment_a, 4), round(containment_b, 4), inter, verdict, i, j))
    pairs.sort(key=lambda p: (-p[0], -max(p[1], p[2]), docs[p[5]][0], docs[p[6]][0]))
    found = []
    for jaccard, containment_a, containment_b, inter, verdict, i, j in pairs[: cfg.max_pairs]:
        a, b = docs[i], docs[j]
        match = SequenceMatcher(None, a[1], b[1], autojunk=False).find_longest_match(0, len(a[1]), 0, len(b[1]))
        passage, span_a, span_b = "", None, None
        if match.size:

            def located(doc: Any, first: int, size: int) -> Span:
                paragraph, start, _ = doc[3][first]
                last_paragraph, _, end = doc[3][first + size - 1]
                if last_paragraph != paragraph:
                    end = start + len(doc[2][first])
                text = " ".join(doc[2][first : first + size])
                return Span(source=doc[0], paragraph=paragraph, start=start, end=end, text=text)

            span_a, span_b = located(a, match.a, match.size), located(b, match.b, match.size)
            passage = span_a.text
        found.append(
            SimilarPair(
                a=a[0],
                b=b[0],
                jaccard=jaccard,
                containment_a=containment_a,
                containment_b=containment_b,
                shared=inter,
                verdict=verdict,
                passage=passage,
                passage_a=span_a,
                passage_b=span_b,
            )
        )
    n = len(docs)
    return SharedText(
        pairs=tuple(found),
        cost=dataclasses.replace(
            shared_text([], cfg).cost,
            documents=n,
            shingles=sum(max(0, len(d[1]) - k + 1) or (1 if d[1] else 0) for d in docs),
            possible_pairs=n * (n - 1) // 2,
            index_candidates=len(by_index),
            lsh_candidates=len(by_lsh),
            compared=len(candidates),
            common_shingles=common,
            capped_buckets=capped,
        ),
        settings=cfg,
    )


def minhash_bin_by_bin(shingles: Sequence[int], bins: int) -> tuple[int, ...]:
    lowest: list[int | None] = [None] * bins
    for value in shingles:
        slot, rest = value % bins, value // bins
        current = lowest[slot]
        if current is None or rest < current:
            lowest[slot] = rest
    if all(v is None for v in lowest):
        return ()
    signature = []
    for slot in range(bins):
        distance = 0
        while (found := lowest[(slot + distance) % bins]) is None:
            distance += 1
        signature.append(found + (distance << 64))
    return tuple(signature)


# --- The same results --------------------------------------------------------------------------

WORDS = ("we", "will", "not", "give", "up", "our", "land", "the", "talks", "must", "go", "on", "peace", "now")
SPEAKER = Actor(id="vera", name="Vera", kind="person")


def _statement_texts(rng: random.Random) -> list[str]:
    """A few statements and variants of them: repeated, reworded, cut."""
    texts = []
    for _ in range(rng.randint(1, 3)):
        base = [rng.choice(WORDS) for _ in range(rng.randint(4, 9))]
        texts.append(" ".join(base))
        for _ in range(rng.randint(0, 3)):
            variant = list(base)
            for _ in range(rng.randint(1, 3)):
                at = rng.randrange(len(variant))
                variant[at] = rng.choice(WORDS) if rng.random() < 0.7 else ""
            texts.append(" ".join(w for w in variant if w) or base[0])
    return texts


def vera_corpus(sources: Sequence[Source], quotes: Sequence[tuple[str, str, int, str]]) -> Corpus:
    """The sources with Vera as their one actor, mentioned wherever they name her, and the quotes
    as (source, paragraph, start, words) attributed to her."""
    mentions = [
        Span(source=source.id, paragraph=paragraph.id, start=found.start(), end=found.end(), text="Vera")
        for source in sources
        for paragraph in source.paragraphs
        for found in re.finditer("Vera", paragraph.text)
    ]
    return Corpus(
        story=Story(title="t", language="en"),
        sources=tuple(sources),
        actors=(dataclasses.replace(SPEAKER, mentions=tuple(mentions)),),
        quotes=tuple(
            Quote(
                id=f"q{n}",
                text=said,
                speaker="vera",
                speaker_text="Vera",
                span=Span(source=source, paragraph=paragraph, start=start, end=start + len(said), text=said),
            )
            for n, (source, paragraph, start, said) in enumerate(quotes)
        ),
    )


def quote_corpus(rng: random.Random) -> tuple[Corpus, frozenset[str]]:
    """Sources quoting one speaker, often the same words several times, in quotes and in reported speech."""
    texts = _statement_texts(rng)
    sources, quotes = [], []
    for s in range(rng.randint(2, 6)):
        paragraphs = []
        for p in range(rng.randint(1, 3)):
            text = ""
            for _ in range(rng.randint(1, 4)):
                said = rng.choice(texts)
                if rng.random() < 0.6:
                    text += '"'
                    quotes.append((f"s{s}", f"p{p + 1}", len(text), said))
                    text += f'{said}," Vera said. '
                else:
                    text += f"Vera said that {said}. " if rng.random() < 0.7 else f"{said.capitalize()}, Vera said. "
            paragraphs.append(text.strip())
        sources.append(make_source(f"s{s}", paragraphs, published=dt.datetime(2025, 8, 1 + s, tzinfo=dt.UTC)))
    corpus = vera_corpus(sources, quotes)
    background = frozenset(s.id for s in sources if rng.random() < 0.3)
    return corpus, background


def quote_settings(rng: random.Random) -> QuoteSettings:
    return load_settings().quotes.model_copy(
        update={
            "max_block": rng.choice([2, 3, 5, 50]),
            "cross_background": rng.random() < 0.5,
            "loose": rng.choice([0.2, 0.5, 0.8]),
            "reported": rng.choice([0.2, 0.4, 0.7]),
        }
    )


@pytest.mark.parametrize("seed", range(400))
def test_quote_groups_are_those_of_walking_every_link(seed: int) -> None:
    rng = random.Random(seed)
    corpus, background = quote_corpus(rng)
    index = _Index(corpus, by_date(corpus.sources))
    matcher = _QuoteMatcher(index, background, quote_settings(rng))
    quotes = sorted(corpus.quotes, key=lambda q: (index.order[q.span.source], q.id))
    assert list(matcher.groups("vera", quotes)) == walk_every_link(matcher, "vera", quotes)


def shared_text_sources(rng: random.Random) -> list[Source]:
    """Articles from a few paragraphs: copies, near copies, repeats, empty and very short ones."""
    vocabulary = WORDS[: rng.randint(3, len(WORDS))]
    pool = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 12))) for _ in range(6)]
    sources = []
    for n in range(rng.randint(1, 9)):
        chosen = [rng.choice(pool) for _ in range(rng.randint(1, 4))]
        if sources and rng.random() < 0.2:
            chosen = [p.text for p in rng.choice(sources).paragraphs]
        sources.append(make_source(f"s{n}" if rng.random() < 0.9 else "s0", chosen))
    return sources


@pytest.mark.parametrize("seed", range(300))
def test_shared_text_is_that_of_intersecting_every_candidate(seed: int) -> None:
    rng = random.Random(seed)
    sources = shared_text_sources(rng)
    cfg = load_settings().duplicates.model_copy(
        update={
            "shingle_size": rng.choice([1, 2, 3]),
            "max_shingle_sources": rng.choice([2, 3, 50]),
            "min_shared_shingles": rng.choice([1, 3]),
            "max_pairs": rng.choice([0, 1, 3, 50]),
            "minhash_bins": rng.choice([4, 96]),
            "lsh_rows": rng.choice([1, 3]),
            "lsh_bucket_limit": rng.choice([2, 3, 100]),
            "lsh_window": rng.choice([1, 2, 10]),
        }
    )
    assert shared_text(sources, cfg) == intersect_every_candidate(sources, cfg)


@given(st.sets(st.integers(-(2**70), 2**70), max_size=60), st.integers(1, 40))
def test_minhash_signature_is_the_bin_by_bin_minimum(shingles: set[int], bins: int) -> None:
    assert minhash_signature(shingles, bins) == minhash_bin_by_bin(sorted(shingles), bins)


runs = st.lists(st.sampled_from("abc"), max_size=30)


@given(runs, runs)
def test_longest_common_run_is_difflibs(a: list[str], b: list[str]) -> None:
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    found = _longest_common_run(a, b)
    assert found[2] == match.size
    if match.size:
        assert found == (match.a, match.b, match.size)


mention = st.tuples(st.integers(-3, 12), st.integers(-3, 12), st.sampled_from("xyz"))


@given(st.lists(mention, max_size=12))
def test_outer_mentions_are_those_no_longer_mention_holds(mentions: list[tuple[int, int, str]]) -> None:
    mentions.sort()
    expected = [
        m
        for m in mentions
        if not any(o != m and o[0] <= m[0] and m[1] <= o[1] and o[1] - o[0] > m[1] - m[0] for o in mentions)
    ]
    assert _outer_mentions(mentions) == expected


def role_start_from_every_word(text: str, start: int, roles: set[str]) -> int | None:
    role_start = None
    for word in reversed(list(re.finditer(r"[^\W\d_]+", text[:start]))):
        gap = text[word.end() : role_start if role_start is not None else start]
        if word.group().casefold() not in roles or gap.strip():
            break
        role_start = word.start()
    return role_start


# Role words, letters, digits of several kinds (² is a letter to `[^\W\d_]`, ٣ a digit), marks, spaces.
PIECES = [
    "ab",
    "b",
    "Ab",
    "b\u00b2",
    "\u00e9",
    "1",
    "\u0663",
    "\u2163",
    "\u0301",
    "_",
    " ",
    "  ",
    "\t",
    "\u00a0",
    "\x1c",
    ",",
    ".",
]


@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join), st.integers(-5, 35))
def test_role_start_reads_the_role_words_before_a_mention(text: str, start: int) -> None:
    roles = {"ab", "b", "é", "b²"}
    assert _role_start(text, start, roles) == role_start_from_every_word(text, start, roles)


stretch = st.tuples(st.integers(-2, 15), st.integers(-2, 15))


@given(st.lists(stretch, max_size=12), st.integers(-3, 16), st.integers(-3, 16))
def test_stretches_and_starts_find_what_a_scan_finds(stretches: list[tuple[int, int]], low: int, high: int) -> None:
    assert _Stretches(stretches).overlapping(low, high) == [
        k for k, (s, e) in enumerate(stretches) if _overlaps(s, e, low, high)
    ]
    starts = [s for s, _ in stretches]
    assert _ByStart(starts).between(low, high) == [k for k, s in enumerate(starts) if low <= s <= high]


# --- Linear time -------------------------------------------------------------------------------

UNIT = (
    "Presiden Rusia Vladimir Putin bertemu Presiden Korea Selatan di Moskow pada 12 Agustus 2025 bersama "
    '{troops} tentara. "Kami setuju dengan rencana damai ini," kata Putin. Putin mengatakan bahwa perang '
    "telah berlangsung {years} tahun. "
)


@cache
def extracted(text: str) -> Corpus:
    """One source of one paragraph, extracted."""
    source = make_source("u", [text], published=dt.datetime(2025, 8, 13, tzinfo=dt.UTC), language="id")
    return extract(Corpus(story=Story(title="t", language="id"), sources=(source,))).value


def _moved(span: Span, source: str, place: tuple[str, int]) -> Span:
    paragraph, offset = place
    return dataclasses.replace(
        span, source=source, paragraph=paragraph, start=span.start + offset, end=span.end + offset
    )


def repeated(copies: int, *, sources: int = 1, paragraphs: bool = False) -> Corpus:
    """Sources of the same sentences `copies` times over, in one paragraph (or one paragraph each),
    with what extraction finds in one copy found in every copy: the same actors, quotes, figures
    and events thousands of times. The second source's figures differ from the first's."""
    texts = [UNIT.format(troops=300, years="tiga"), UNIT.format(troops=500, years="empat")][:sources]
    units = [extracted(text) for text in texts]
    made: list[Source] = []
    mentions: dict[str, list[Span]] = defaultdict(list)
    events: dict[str, list[EventMention]] = defaultdict(list)
    quotes: list[Quote] = []
    quantities: list[Quantity] = []
    for n, (text, unit) in enumerate(zip(texts, units, strict=True)):
        source_id = f"s{n}"
        places = (
            [(f"p{k + 1}", 0) for k in range(copies)] if paragraphs else [("p1", k * len(text)) for k in range(copies)]
        )
        bodies = [text] * copies if paragraphs else [text * copies]
        made.append(
            make_source(source_id, bodies, published=dt.datetime(2025, 8, 13 + n, tzinfo=dt.UTC), language="id")
        )

        for k, place in enumerate(places):
            for actor in unit.actors:
                mentions[actor.id].extend(_moved(m, source_id, place) for m in actor.mentions)
            for event in unit.events:
                events[event.id].extend(
                    dataclasses.replace(m, span=_moved(m.span, source_id, place)) for m in event.mentions
                )
            quotes.extend(
                dataclasses.replace(q, id=f"{source_id}-{k}-{q.id}", span=_moved(q.span, source_id, place))
                for q in unit.quotes
            )
            quantities.extend(
                dataclasses.replace(q, id=f"{source_id}-{k}-{q.id}", span=_moved(q.span, source_id, place))
                for q in unit.quantities
            )
    actors = {a.id: a for unit in units for a in unit.actors}
    unit_events = {e.id: e for unit in units for e in unit.events}
    return Corpus(
        story=units[0].story,
        sources=tuple(made),
        actors=tuple(dataclasses.replace(a, mentions=tuple(mentions[a.id])) for a in actors.values()),
        events=tuple(dataclasses.replace(e, mentions=tuple(events[e.id])) for e in unit_events.values()),
        quotes=tuple(quotes),
        quantities=tuple(quantities),
    )


def test_repeated_corpus_finds_what_a_repeated_article_has() -> None:
    corpus = repeated(3, sources=2)
    assert len(corpus.quotes) == 6 and corpus.events and corpus.quantities
    result = compare(corpus)
    assert len(result.quotes) == 3  # one group per copy: a source's copies never join each other
    assert result.figures  # 300 against 500 tentara
    assert result.shared.pairs


def story_variants(copies: int) -> list[Source]:
    """One wire story as `copies` outlets carry it, each changing a few of its 300 words."""
    rng = random.Random(copies)
    story = [f"kata{rng.randrange(5000)}" for _ in range(300)]
    sources = []
    for n in range(copies):
        words = list(story)
        for _ in range(rng.randint(1, 40)):
            words[rng.randrange(len(words))] = f"kata{rng.randrange(5000)}"
        sources.append(make_source(f"outlet-{n:04d}", [" ".join(words[i : i + 60]) for i in range(0, 300, 60)]))
    return sources


def test_one_story_in_hundreds_of_outlets_lists_the_most_similar_pairs() -> None:
    """400 outlets of one story make MinHash buckets of hundreds: paired by sorted neighbourhood,
    a fraction of the colliding pairs is compared, and the pairs listed are as similar as the
    best of all colliding pairs."""
    sources = story_variants(400)
    cfg = load_settings().duplicates
    capped = shared_text(sources, cfg)
    in_full = shared_text(sources, cfg.model_copy(update={"lsh_bucket_limit": len(sources)}))
    assert capped.cost.capped_buckets > 0 and in_full.cost.capped_buckets == 0
    assert capped.cost.compared < in_full.cost.compared / 2
    assert len(capped.pairs) == cfg.max_pairs
    assert [p.jaccard for p in capped.pairs] == [p.jaccard for p in in_full.pairs]


@pytest.mark.slow
def test_shared_text_is_linear_in_outlets_carrying_one_story() -> None:
    cfg = load_settings().duplicates
    assert scales_linearly(story_variants, lambda sources: shared_text(sources, cfg), 300, attempts=2)


@pytest.mark.slow
def test_compare_is_linear_in_paragraph_length() -> None:
    """One paragraph of the same sentences repeated: thousands of identical shingles, quotes,
    mentions and figures in one place (the original took 30 s for 800 copies in two sources)."""
    assert scales_linearly(repeated, compare, 200, attempts=2)


@pytest.mark.slow
def test_compare_is_linear_in_copies_shared_by_two_sources() -> None:
    """Two articles repeating the same quote: every copy in one is a candidate for every copy in
    the other."""
    assert scales_linearly(lambda n: repeated(n, sources=2), compare, 200, attempts=2)


@pytest.mark.slow
def test_compare_is_linear_in_article_length() -> None:
    assert scales_linearly(lambda n: repeated(n, sources=2, paragraphs=True), compare, 200, attempts=2)
