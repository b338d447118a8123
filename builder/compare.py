"""Compare the sources of a corpus: who reports what, where they disagree, what they share.

`compare(corpus)` is a pure, deterministic function of the extracted model. It finds

- **coverage**: the actors and dated facts the most sources mention, source by source, with the
  paragraph that mentions them, and what only one source mentions;
- **figures**: quantities counting the same thing (same unit, or units listed together in
  `builder/data/compare.yml`) with different values or qualifiers, each with its attribution and
  the period of the event it belongs to, and whether the sources make different claims (another
  attribution or period) or the same one;
- **durations**: lengths of time in different sources whose surrounding words match (the same
  war, the same talks), judged consistent when one value can satisfy both qualifiers;
- **roles**: "<role words> <country>" (role words from `lexicon.yml`: "Presiden Korea Selatan")
  in one source's account of an event, with no name after it, where the other sources' accounts
  do not mention that country and name a person that sources introduce with another country
  ("Pemimpin Tertinggi Korea Utara Kim Jong Un"); or one source introducing a person with a
  country while two or more other sources introduce them with another;
- **quote variants**: the same statement as different outlets render it (same speaker, similar
  words), with a word-level diff against the earliest version; a sentence without quotation marks
  next to the speaker's name can be a variant too (reported speech);
- **staleness**: how long before the newest source each one was published; *background* is
  `builder.pages.plan.background_ids`, reused;
- **shared text**: pairs of sources sharing word shingles, with Jaccard similarity and
  containment, near-duplicates and rewrites flagged.

Shared text is not measured on all pairs. Candidates come from two blocks, and only candidates
are measured exactly:

1. an inverted index of shingles: a shingle in 2..`max_shingle_sources` sources adds one to each
   pair of them; pairs with at least `min_shared_shingles` become candidates. Cost
   O(W + Σ df²) over shingles with df below the cap, so at most O(W·cap), W the number of words;
   phrasing every source uses (names, formulae) is skipped;
2. one-permutation MinHash (`minhash_bins` values per source, one hash per shingle: O(W)) with
   LSH banding (`lsh_rows` rows per band): sources whose band values collide become candidates,
   which catches near-duplicates even when hundreds of outlets carry one wire story and every
   shingle is "common". With 96 bins in 32 bands of 3 rows, a pair at Jaccard 0.5 collides with
   probability 0.99, at 0.3 with 0.58, at 0.05 with 0.004.

Each candidate costs a look-up and a bit-set AND: the rare shingles a pair shares were counted by
the index, and each source's common shingles are a bit set. Only the best `max_pairs` are kept,
and each costs one longest-common-run search, linear in the two texts. For 10,000 articles of 500
words that is about 5 million shingle hashes plus the candidates, instead of 50 million pair
comparisons; tests/test_compare.py measures 2,080 articles (80 copies of one wire story among
them) in about a second, with 0.15% of the pairs compared. When most sources retell a few stories
(benchmarks/generate.py), most pairs are near-duplicates and candidates: their number, which the
page shows, grows with the square of the sources.

Quotes are blocked too: only statements of the same speaker are compared, only sentences in
paragraphs that name the speaker can be reported speech, and within a speaker only pairs that
share a word used by at most `max_block` statements, or collide in MinHash LSH on their words,
and that hold at least one quote. Statements with the same text are scored once, and scored
only when a bound on the score (the words they share, the trigrams) reaches the threshold; the
links are walked without listing them (`_Grouping`), so that a quote carried or repeated a
thousand times costs a thousand steps, not a million. Durations are paired through an index of
their topic words; figures are compared per unit, once per distinct claim. Every look-up within a
paragraph bisects: a 10 MB article of one paragraph is compared in time linear in its length.

Language lives in `builder/data/compare.yml` (stopwords, units) and `lexicon.yml` (role words).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from bisect import bisect_left, bisect_right, insort
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache
from heapq import heapify, heappop, heappush, heapreplace
from itertools import accumulate, chain, combinations, islice
from pathlib import Path
from typing import Literal

import pydantic
import yaml

from .extract.lexicon import lexicon
from .extract.sentences import split_sentences
from .model import Corpus, Event, Paragraph, Quantity, Quote, Source, SourceId, Span

SETTINGS_FILE = Path(__file__).parent / "data" / "compare.yml"
FALLBACK_LANGUAGE = "en"

# --- Settings: builder/data/compare.yml ---------------------------------------------------------


class _Section(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(frozen=True, extra="forbid")


class CoverageSettings(_Section):
    top_actors: int = pydantic.Field(ge=0)
    top_facts: int = pydantic.Field(ge=0)
    max_sources: int = pydantic.Field(ge=1)
    actor_kinds: tuple[str, ...]
    label_words: int = pydantic.Field(ge=1)
    max_exclusive: int = pydantic.Field(ge=0)


class FigureSettings(_Section):
    about_tolerance: float = pydantic.Field(ge=0, lt=1)
    topic_window: int = pydantic.Field(ge=1)
    min_topic_words: int = pydantic.Field(ge=1)
    max_pairs_per_unit: int = pydantic.Field(ge=1)
    max_block: int = pydantic.Field(ge=2)
    duration_units: dict[str, float]
    same_units: tuple[tuple[str, ...], ...]
    generic_units: tuple[str, ...]
    stopwords: tuple[str, ...]


class QuoteSettings(_Section):
    close: float = pydantic.Field(ge=0, le=1)
    loose: float = pydantic.Field(ge=0, le=1)
    reported: float = pydantic.Field(ge=0, le=1)
    min_words: int = pydantic.Field(ge=1)
    cross_background: bool
    speech_markers: tuple[str, ...]
    max_block: int = pydantic.Field(ge=2)


class DuplicateSettings(_Section):
    shingle_size: int = pydantic.Field(ge=1)
    report_jaccard: float = pydantic.Field(ge=0, le=1)
    report_containment: float = pydantic.Field(ge=0, le=1)
    duplicate_jaccard: float = pydantic.Field(ge=0, le=1)
    contained: float = pydantic.Field(ge=0, le=1)
    min_shared_shingles: int = pydantic.Field(ge=1)
    max_shingle_sources: int = pydantic.Field(ge=2)
    minhash_bins: int = pydantic.Field(ge=1)
    lsh_rows: int = pydantic.Field(ge=1)
    max_pairs: int = pydantic.Field(ge=0)


class Settings(_Section):
    """`builder/data/compare.yml`, validated."""

    coverage: CoverageSettings
    figures: FigureSettings
    quotes: QuoteSettings
    duplicates: DuplicateSettings
    ui: dict[str, dict[str, str | dict[str, str]]]


@cache
def load_settings(path: Path = SETTINGS_FILE) -> Settings:
    return Settings.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@dataclass(frozen=True, slots=True)
class Words:
    """The page's words in the bundle's language: `words("key", n=3, source=...)`."""

    language: str
    entries: tuple[tuple[str, str], ...]

    def __call__(self, key: str, n: int | None = None, **values: object) -> str:
        found = dict(self.entries)
        plural = f"{key}.{'one' if n == 1 else 'other'}"
        text = found.get(plural) or found.get(f"{key}.other") or found[key]
        return text.format(n=n, **values)


def _words_for(settings: Settings, language: str | None) -> Words:
    base = (language or FALLBACK_LANGUAGE).split("-")[0].lower()
    chosen = base if base in settings.ui else FALLBACK_LANGUAGE
    merged: dict[str, dict[str, str]] = {}  # key -> {"": text} or {"one": ..., "other": ...}
    for lang in dict.fromkeys((FALLBACK_LANGUAGE, chosen)):
        for key, value in settings.ui.get(lang, {}).items():
            merged[key] = dict(value) if isinstance(value, dict) else {"": value}
    entries = [
        (f"{key}.{form}" if form else key, text) for key, forms in merged.items() for form, text in forms.items()
    ]
    return Words(chosen, tuple(sorted(entries)))


# --- The result --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Cell:
    source: SourceId
    paragraphs: tuple[str, ...]  # where the source mentions the row, in reading order; () = not at all


@dataclass(frozen=True, slots=True, kw_only=True)
class CoverageRow:
    id: str  # actor id (glossary anchor) or event id (timeline anchor)
    label: str  # actor name, or event date and summary: article text, escape it
    cells: tuple[Cell, ...]  # one per Coverage.sources column
    count: int  # sources that mention it, shown as columns or not
    only: SourceId | None  # the single source that mentions it
    background_only: bool  # every source that mentions it is a background source


@dataclass(frozen=True, slots=True, kw_only=True)
class Ref:
    id: str
    label: str
    paragraph: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Exclusive:
    """What only this source mentions."""

    source: SourceId
    actors: tuple[Ref, ...]
    facts: tuple[Ref, ...]
    more: int  # items left out beyond coverage.max_exclusive


@dataclass(frozen=True, slots=True, kw_only=True)
class Coverage:
    sources: tuple[SourceId, ...]  # matrix columns, oldest first
    hidden: int  # sources not shown as columns
    actors: tuple[CoverageRow, ...]
    facts: tuple[CoverageRow, ...]
    exclusive: tuple[Exclusive, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Marked:
    """A sentence with one stretch to highlight: before + marked + after == the sentence."""

    span: Span  # the sentence, located
    before: str
    marked: str
    after: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    quantity: str  # Quantity id
    sentence: Marked  # the sentence, with the figure as written marked
    value: float
    unit: str  # as written
    qualifier: str
    normalized: str  # "> 10 000", "≈ 15 000", "< 3.5": digits and symbols only
    attribution: str | None  # display name of who the source says the figure comes from
    attribution_ids: tuple[str, ...]  # actors named in the attribution (compared across sources)
    period: str | None  # the date expression of the event the figure belongs to, as written
    period_iso: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class FigureDiscrepancy:
    unit: str  # the unit as the first source writes it, e.g. "tentara"
    group: str  # the unit group compared (compare.yml same_units), e.g. "tentara" for "pasukan" too
    a: Figure
    b: Figure
    same_attribution: bool | None  # None: one side does not say
    same_period: bool | None
    different_claims: bool  # another attribution or another period
    compatible: bool  # the ranges overlap, taken at face value
    overlap: str | None  # the overlap as digits and symbols, "13 500 to 16 500"


@dataclass(frozen=True, slots=True, kw_only=True)
class DurationComparison:
    a: Figure
    b: Figure
    topic: tuple[str, ...]  # the shared words that make them the same thing
    consistent: bool
    overlap: str | None  # in a's unit, "3 to 3.5"
    unit: str  # a's unit


@dataclass(frozen=True, slots=True, kw_only=True)
class RoleConflict:
    kind: Literal["unnamed", "named"]
    actor: str  # person actor id the other sources put in this place
    actor_name: str
    event: str | None  # event id, for unnamed roles
    event_label: str | None
    claim: Marked  # the lone source's sentence, the role phrase marked
    claim_country: str  # actor id of the country or organisation in the role phrase
    claim_country_name: str
    expected: tuple[str, ...]  # names of the countries or organisations other sources tie the actor to
    others: tuple[Marked, ...]  # other sources' sentences, the actor (and their role phrase) marked


@dataclass(frozen=True, slots=True, kw_only=True)
class DiffSegment:
    kind: Literal["equal", "insert", "delete"]
    text: str  # article words: escape them


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteVariant:
    span: Span  # the quote, or the sentence rendering it
    text: str
    lead: str  # reported speech: the words before the statement ("Yang mengatakan bahwa"), not diffed
    quoted: bool  # False: reported speech, without quotation marks
    similarity: float  # to the first version (1.0 for the first)
    diff: tuple[DiffSegment, ...]  # against the first version; the first has one equal segment


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteGroup:
    speaker: str  # actor id
    speaker_name: str
    close: bool  # every link at or above quotes.close; else a loose match
    variants: tuple[QuoteVariant, ...]  # first version first, one per source at most


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceAge:
    source: SourceId
    published: dt.datetime | dt.date | None
    days_before_newest: int | None
    background: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class SimilarPair:
    a: SourceId
    b: SourceId
    jaccard: float
    containment_a: float  # share of a's shingles found in b
    containment_b: float
    shared: int  # shingles in both
    verdict: Literal["near_duplicate", "contained", "overlap"]
    passage: str  # the longest run of words both contain, as a writes it
    passage_a: Span | None  # where it starts in a (and b)
    passage_b: Span | None


@dataclass(frozen=True, slots=True, kw_only=True)
class DuplicateCost:
    documents: int
    shingles: int  # shingle occurrences hashed
    possible_pairs: int
    index_candidates: int
    lsh_candidates: int
    compared: int  # pairs measured exactly (union of both candidate sets)
    common_shingles: int  # distinct shingles skipped by the index as too common


@dataclass(frozen=True, slots=True, kw_only=True)
class SharedText:
    pairs: tuple[SimilarPair, ...]
    cost: DuplicateCost
    settings: DuplicateSettings


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    words: Words  # the page's words in the bundle's language
    background: frozenset[SourceId]
    coverage: Coverage
    figures: tuple[FigureDiscrepancy, ...]
    durations: tuple[DurationComparison, ...]
    roles: tuple[RoleConflict, ...]
    quotes: tuple[QuoteGroup, ...]
    staleness: tuple[SourceAge, ...]  # oldest first
    shared: SharedText

    @property
    def discrepancies(self) -> int:
        return len(self.figures) + len(self.durations) + len(self.roles)


# --- Text helpers ------------------------------------------------------------------------------

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_EDGE_PUNCTUATION = re.compile(r"^\W+|\W+$")


def _tokens(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _paragraph_order(paragraph_id: str) -> tuple[int, str]:
    digits = paragraph_id[1:]
    return (int(digits), "") if digits.isdigit() else (1 << 30, paragraph_id)


def _overlaps(start: int, end: int, other_start: int, other_end: int) -> bool:
    return start < other_end and other_start < end


class _ByStart:
    """Items of one paragraph, kept in their order, found by where they start: a paragraph of
    thousands of mentions is searched by bisection, not scanned once per look-up."""

    def __init__(self, starts: Sequence[int]) -> None:
        self.order = sorted(range(len(starts)), key=starts.__getitem__)
        self.starts = [starts[k] for k in self.order]

    def between(self, low: int, high: int) -> list[int]:
        """Positions of the items starting in [low, high], in their order."""
        return sorted(self.order[bisect_left(self.starts, low) : bisect_right(self.starts, high)])


class _Stretches:
    """Stretches [start, end) of one paragraph, kept in their order: which overlap a stretch.

    When no stretch holds a later-starting one in its end (sentences, and the events stated in
    them), the overlapping ones are a run of the stretches sorted by start, found by bisection;
    otherwise every stretch is tried."""

    def __init__(self, stretches: Sequence[tuple[int, int]]) -> None:
        self.stretches = stretches
        self.order = sorted(range(len(stretches)), key=stretches.__getitem__)
        self.starts = [stretches[k][0] for k in self.order]
        self.ends = [stretches[k][1] for k in self.order]
        self.monotone = all(a <= b for a, b in zip(self.ends, self.ends[1:], strict=False))

    def overlapping(self, start: int, end: int) -> list[int]:
        """Positions of the stretches overlapping [start, end), in their order."""
        if not self.monotone:
            return [k for k, (s, e) in enumerate(self.stretches) if _overlaps(s, e, start, end)]
        return sorted(self.order[bisect_right(self.ends, start) : bisect_left(self.starts, end)])


def _truncate(text: str, words: int) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


# --- Blocking: candidate pairs without comparing all pairs ------------------------------------


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


def _lsh_buckets(sets: Sequence[Iterable[int]], bins: int, rows: int) -> list[list[int]]:
    """Positions whose MinHash signatures agree on all `rows` values of one band, per band and
    values, in order."""
    rows = max(1, min(rows, bins))
    buckets: dict[tuple[int, tuple[int, ...]], list[int]] = defaultdict(list)
    for position, features in enumerate(sets):
        signature = minhash_signature(features, bins)
        for band in range(len(signature) // rows):
            buckets[(band, signature[band * rows : (band + 1) * rows])].append(position)
    return list(buckets.values())


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


# --- Look-ups ----------------------------------------------------------------------------------


class _Index:
    """Look-ups shared by the analyses: paragraphs, sentences, actor mentions."""

    def __init__(self, corpus: Corpus, ordered: Sequence[Source]) -> None:
        self.corpus = corpus
        self.sources = {s.id: s for s in corpus.sources}
        self.order = {s.id: i for i, s in enumerate(ordered)}  # oldest first
        self.paragraphs: dict[tuple[str, str], Paragraph] = {
            (s.id, p.id): p for s in corpus.sources for p in s.paragraphs
        }
        self.actors = {a.id: a for a in corpus.actors}
        self.mentions: dict[tuple[str, str], list[tuple[int, int, str]]] = defaultdict(list)
        for actor in corpus.actors:
            for span in actor.mentions:
                self.mentions[(span.source, span.paragraph)].append((span.start, span.end, actor.id))
        for found in self.mentions.values():
            found.sort()
        self.mentioning = sorted(self.mentions)  # the paragraphs that mention actors, in order
        self.event_mentions: dict[tuple[str, str], list[tuple[int, int, str, Event]]] = defaultdict(list)
        for event in sorted(corpus.events, key=lambda e: e.id):
            for mention in event.mentions:
                m = mention.span
                self.event_mentions[(m.source, m.paragraph)].append((m.start, m.end, mention.date_text, event))
        self._sentences: dict[tuple[str, str], tuple[tuple[int, int, str], ...]] = {}
        self._sentence_stretches: dict[tuple[str, str], _Stretches] = {}
        self._event_stretches: dict[tuple[str, str], _Stretches] = {}
        self._mention_starts: dict[tuple[str, str], _ByStart | None] = {}
        self._names: dict[tuple[str, ...], str] | None = None

    def names_in(self, text: str) -> list[str]:
        """Actors whose name or alias occurs in text, longest match first, in order of appearance."""
        if self._names is None:
            self._names = {}
            for actor in sorted(self.corpus.actors, key=lambda a: a.id):
                for name in (actor.name, *actor.aliases):
                    self._names.setdefault(tuple(_tokens(name)), actor.id)
            self._names.pop((), None)
        longest = max((len(k) for k in self._names), default=0)
        words = _tokens(text)
        found: list[str] = []
        i = 0
        while i < len(words):
            for size in range(min(longest, len(words) - i), 0, -1):
                actor_id = self._names.get(tuple(words[i : i + size]))
                if actor_id is not None:
                    if actor_id not in found:
                        found.append(actor_id)
                    i += size
                    break
            else:
                i += 1
        return found

    def text(self, source: str, paragraph: str) -> str:
        found = self.paragraphs.get((source, paragraph))
        return found.text if found else ""

    def sentences(self, source: str, paragraph: str) -> tuple[tuple[int, int, str], ...]:
        key = (source, paragraph)
        if key not in self._sentences:
            text = self.text(source, paragraph)
            self._sentences[key] = tuple((s.start, s.end, s.text) for s in split_sentences(text)) or (
                (0, len(text), text),
            )
        return self._sentences[key]

    def sentence_at(self, source: str, paragraph: str, start: int, end: int) -> tuple[int, int]:
        """The sentence (or run of sentences) that holds [start, end)."""
        key = (source, paragraph)
        stretches = self._sentence_stretches.get(key)
        if stretches is None:
            stretches = _Stretches([(s, e) for s, e, _ in self.sentences(source, paragraph)])
            self._sentence_stretches[key] = stretches
        spans = [stretches.stretches[k] for k in stretches.overlapping(start, end)]
        if not spans:
            text = self.text(source, paragraph)
            return (0, len(text))
        return (min(s for s, _ in spans), max(e for _, e in spans))

    def first_event_mention(self, source: str, paragraph: str, start: int, end: int) -> tuple[str, Event] | None:
        """(date as written, event) of the first event mention overlapping [start, end)."""
        key = (source, paragraph)
        found = self.event_mentions.get(key, [])
        stretches = self._event_stretches.get(key)
        if stretches is None:
            stretches = _Stretches([(s, e) for s, e, _, _ in found])
            self._event_stretches[key] = stretches
        overlapping = stretches.overlapping(start, end)
        if not overlapping:
            return None
        _, _, date_text, event = found[overlapping[0]]
        return date_text, event

    def marked(self, source: str, paragraph: str, start: int, end: int) -> Marked:
        text = self.text(source, paragraph)
        start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
        s_start, s_end = self.sentence_at(source, paragraph, start, end)
        s_start, s_end = min(s_start, start), max(s_end, end)
        return Marked(
            span=Span(source=source, paragraph=paragraph, start=s_start, end=s_end, text=text[s_start:s_end]),
            before=text[s_start:start],
            marked=text[start:end],
            after=text[end:s_end],
        )

    def actors_in(self, span: Span, kinds: Iterable[str] | None = None) -> list[tuple[int, int, str]]:
        wanted = set(kinds) if kinds is not None else None
        key = (span.source, span.paragraph)
        mentions = self.mentions.get(key, [])
        if key not in self._mention_starts:
            # A mention that ends where it starts or later lies in the span only if it starts in it.
            well_formed = all(s <= e for s, e, _ in mentions)
            self._mention_starts[key] = _ByStart([s for s, _, _ in mentions]) if well_formed else None
        by_start = self._mention_starts[key]
        nearby = [mentions[k] for k in by_start.between(span.start, span.end)] if by_start is not None else mentions
        return [
            (s, e, actor_id)
            for s, e, actor_id in nearby
            if span.start <= s and e <= span.end and (wanted is None or self.actors[actor_id].kind in wanted)
        ]

    def name(self, actor_id: str) -> str:
        actor = self.actors.get(actor_id)
        return actor.name if actor else actor_id


# --- Coverage ----------------------------------------------------------------------------------


def _coverage(index: _Index, ordered: Sequence[Source], background: frozenset[str], cfg: CoverageSettings) -> Coverage:
    source_ids = [s.id for s in ordered]

    def paragraphs_by_source(spans: Iterable[Span]) -> dict[str, tuple[str, ...]]:
        found: dict[str, set[str]] = defaultdict(set)
        for span in spans:
            if span.source in index.sources:
                found[span.source].add(span.paragraph)
        return {src: tuple(sorted(ps, key=_paragraph_order)) for src, ps in found.items()}

    actors = [a for a in index.corpus.actors if a.kind in cfg.actor_kinds]
    actor_paragraphs = {a.id: paragraphs_by_source(a.mentions) for a in actors}
    actors.sort(key=lambda a: (-len(actor_paragraphs[a.id]), -len(a.mentions), a.name.casefold(), a.id))
    events = list(index.corpus.events)
    event_paragraphs = {e.id: paragraphs_by_source(m.span for m in e.mentions) for e in events}
    events.sort(key=lambda e: (-len(event_paragraphs[e.id]), -len(e.mentions), e.date.iso(), e.id))

    def event_label(event: Event) -> str:
        return f"{event.date.iso()}: {_truncate(event.summary, cfg.label_words)}"

    top_actors = [a for a in actors[: cfg.top_actors] if actor_paragraphs[a.id]]
    top_events = [e for e in events[: cfg.top_facts] if event_paragraphs[e.id]]

    columns = source_ids
    if len(columns) > cfg.max_sources:
        covered = Counter(
            src for rows in (actor_paragraphs, event_paragraphs) for found in rows.values() for src in found
        )
        chosen = set(sorted(columns, key=lambda src: (-covered[src], index.order[src]))[: cfg.max_sources])
        columns = [src for src in source_ids if src in chosen]

    def row(row_id: str, label: str, found: Mapping[str, tuple[str, ...]]) -> CoverageRow:
        return CoverageRow(
            id=row_id,
            label=label,
            cells=tuple(Cell(source=src, paragraphs=found.get(src, ())) for src in columns),
            count=len(found),
            only=next(iter(found)) if len(found) == 1 else None,
            background_only=bool(found) and all(src in background for src in found),
        )

    only_actors: dict[str, list[Ref]] = defaultdict(list)
    for a in actors:
        if len(actor_paragraphs[a.id]) == 1:
            ((src, paragraphs),) = actor_paragraphs[a.id].items()
            only_actors[src].append(Ref(id=a.id, label=a.name, paragraph=paragraphs[0]))
    only_facts: dict[str, list[Ref]] = defaultdict(list)
    for e in sorted(events, key=lambda e: (e.date.iso(), e.id)):
        if len(event_paragraphs[e.id]) == 1:
            ((src, paragraphs),) = event_paragraphs[e.id].items()
            only_facts[src].append(Ref(id=e.id, label=event_label(e), paragraph=paragraphs[0]))
    limit = cfg.max_exclusive
    exclusive = [
        Exclusive(
            source=src,
            actors=tuple(only_actors[src][:limit]),
            facts=tuple(only_facts[src][:limit]),
            more=max(0, len(only_actors[src]) - limit) + max(0, len(only_facts[src]) - limit),
        )
        for src in source_ids
        if only_actors.get(src) or only_facts.get(src)
    ]
    return Coverage(
        sources=tuple(columns),
        hidden=len(source_ids) - len(columns),
        actors=tuple(row(a.id, a.name, actor_paragraphs[a.id]) for a in top_actors),
        facts=tuple(row(e.id, event_label(e), event_paragraphs[e.id]) for e in top_events),
        exclusive=tuple(exclusive),
    )


# --- Figures and durations ---------------------------------------------------------------------

_INFINITY = math.inf


def _format_number(value: float) -> str:
    """Digits only, grouped by thin spaces: the same in every language."""
    if math.isinf(value):
        return "∞"
    rounded = round(value, 2)
    if rounded == int(rounded):
        digits = f"{int(rounded):,}".replace(",", "\u202f")
    else:
        whole, _, fraction = f"{rounded:.2f}".rstrip("0").partition(".")
        digits = f"{int(whole):,}".replace(",", "\u202f") + "." + fraction
    return digits


_QUALIFIER_SIGN = {"exact": "", "about": "≈ ", "more_than": "> ", "less_than": "< "}


def _interval(value: float, qualifier: str, tolerance: float) -> tuple[float, float]:
    """Closed bounds: writers say "more than three years" of a war three years and a bit old."""
    if qualifier == "about":
        spread = abs(value) * tolerance
        return (value - spread, value + spread)
    if qualifier == "more_than":
        return (value, _INFINITY)
    if qualifier == "less_than":
        return (min(0.0, value), value)
    return (value, value)


def _overlap_text(low: float, high: float) -> str:
    if math.isinf(high):
        return f"≥ {_format_number(low)}"
    if math.isclose(low, high):
        return _format_number(low)
    return f"{_format_number(low)} – {_format_number(high)}"


def _resolve_attribution(index: _Index, value: str | None) -> tuple[str | None, tuple[str, ...]]:
    """(display name, actors named in it) of a quantity's attribution: an actor id or text."""
    if not value:
        return None, ()
    if value in index.actors:
        return index.actors[value].name, (value,)
    return value, tuple(sorted(index.names_in(value))) or (value.casefold(),)


def _period(index: _Index, quantity: Quantity) -> tuple[str | None, str | None]:
    """The date expression and date of the event whose mention holds the quantity."""
    span = quantity.span
    found = index.first_event_mention(span.source, span.paragraph, span.start, span.end)
    if found is None:
        return None, None
    date_text, event = found
    return date_text, event.date.iso()


def _figure(index: _Index, quantity: Quantity) -> Figure:
    span = quantity.span
    attribution, attribution_ids = _resolve_attribution(index, quantity.attributed_to)
    period, period_iso = _period(index, quantity)
    return Figure(
        quantity=quantity.id,
        sentence=index.marked(span.source, span.paragraph, span.start, span.end),
        value=quantity.value,
        unit=quantity.unit,
        qualifier=quantity.qualifier,
        normalized=_QUALIFIER_SIGN.get(quantity.qualifier, "") + _format_number(quantity.value),
        attribution=attribution,
        attribution_ids=attribution_ids,
        period=period,
        period_iso=period_iso,
    )


def _topic(index: _Index, quantity: Quantity, cfg: FigureSettings, noise: frozenset[str]) -> frozenset[str]:
    """Content words around a figure in its sentence: what it measures (`noise`: `_topic_noise`)."""
    span = quantity.span
    text = index.text(span.source, span.paragraph)
    s_start, s_end = index.sentence_at(span.source, span.paragraph, span.start, span.end)
    before = _tokens(text[s_start : span.start])[-cfg.topic_window :]
    after = _tokens(text[span.end : s_end])[: cfg.topic_window]
    return frozenset(w for w in before + after if w not in noise and not w.isdigit())


def _topic_noise(cfg: FigureSettings) -> frozenset[str]:
    """Stopwords and units of time: words that do not say what a figure measures."""
    return frozenset(w.casefold() for w in (*cfg.stopwords, *cfg.duration_units))


def _unit_key(unit: str, cfg: FigureSettings) -> str:
    folded = unit.casefold()
    for group in cfg.same_units:
        if folded in (u.casefold() for u in group):
            return group[0].casefold()
    return folded


def _cross_source_pairs(items: Sequence[Quantity]) -> Iterator[tuple[Quantity, Quantity]]:
    for a, b in combinations(items, 2):
        if a.span.source != b.span.source:
            yield a, b


class _Figures:
    def __init__(self, index: _Index, cfg: FigureSettings) -> None:
        self.index, self.cfg = index, cfg
        self.days = {unit.casefold(): days for unit, days in cfg.duration_units.items()}
        self.quantities = sorted(index.corpus.quantities, key=lambda q: (index.order.get(q.span.source, 0), q.id))
        noise = _topic_noise(cfg)
        self.topics = {q.id: _topic(index, q, cfg, noise) for q in self.quantities}
        self._figures: dict[str, Figure] = {}

    def figure(self, q: Quantity) -> Figure:
        if q.id not in self._figures:
            self._figures[q.id] = _figure(self.index, q)
        return self._figures[q.id]

    def same_topic(self, a: Quantity, b: Quantity) -> tuple[str, ...]:
        shared = self.topics[a.id] & self.topics[b.id]
        return tuple(sorted(shared)) if len(shared) >= self.cfg.min_topic_words else ()

    def discrepancies(self) -> Iterator[FigureDiscrepancy]:
        cfg = self.cfg
        generic = {u.casefold() for u in cfg.generic_units}
        groups: dict[str, list[Quantity]] = defaultdict(list)
        for q in self.quantities:
            if q.unit.casefold() not in self.days:
                groups[_unit_key(q.unit, cfg)].append(q)
        for unit in sorted(groups):
            # One figure per distinct claim (value, qualifier, attribution, period), earliest first.
            claims: dict[tuple[object, ...], Quantity] = {}
            for q in groups[unit]:
                f = self.figure(q)
                claims.setdefault((q.value, q.qualifier, f.attribution_ids, f.period_iso), q)
            pairs = 0
            for a, b in islice(_cross_source_pairs(list(claims.values())), cfg.max_pairs_per_unit * 50):
                if (a.value, a.qualifier) == (b.value, b.qualifier):
                    continue
                if unit in generic and not self.same_topic(a, b):
                    continue
                yield self.discrepancy(unit, a, b)
                pairs += 1
                if pairs >= cfg.max_pairs_per_unit:
                    break

    def discrepancy(self, unit: str, a: Quantity, b: Quantity) -> FigureDiscrepancy:
        fa, fb = self.figure(a), self.figure(b)
        same_attribution = fa.attribution_ids == fb.attribution_ids if fa.attribution and fb.attribution else None
        same_period = fa.period_iso == fb.period_iso if fa.period_iso and fb.period_iso else None
        low_a, high_a = _interval(a.value, a.qualifier, self.cfg.about_tolerance)
        low_b, high_b = _interval(b.value, b.qualifier, self.cfg.about_tolerance)
        low, high = max(low_a, low_b), min(high_a, high_b)
        return FigureDiscrepancy(
            unit=a.unit,
            group=unit,
            a=fa,
            b=fb,
            same_attribution=same_attribution,
            same_period=same_period,
            different_claims=same_attribution is False or same_period is False,
            compatible=low <= high,
            overlap=_overlap_text(low, high) if low <= high else None,
        )

    def durations(self) -> Iterator[DurationComparison]:
        cfg = self.cfg
        timed = [q for q in self.quantities if q.unit.casefold() in self.days]
        # Only durations sharing enough topic words are compared: an inverted index, not all pairs.
        blocked = blocked_pairs([self.topics[q.id] for q in timed], cfg.max_block, cfg.min_topic_words)
        seen: set[tuple[object, ...]] = set()
        for i, j in sorted(blocked):
            a, b = timed[i], timed[j]
            topic = self.same_topic(a, b)
            key = ((a.value, a.qualifier, a.unit.casefold()), (b.value, b.qualifier, b.unit.casefold()), topic)
            if a.span.source == b.span.source or not topic or key in seen:
                continue  # the same two durations about the same thing, in other sources: shown once
            seen.add(key)
            if len(seen) > cfg.max_pairs_per_unit:
                return
            scale_a, scale_b = self.days[a.unit.casefold()], self.days[b.unit.casefold()]
            low_a, high_a = _interval(a.value * scale_a, a.qualifier, cfg.about_tolerance)
            low_b, high_b = _interval(b.value * scale_b, b.qualifier, cfg.about_tolerance)
            low, high = max(low_a, low_b), min(high_a, high_b)
            consistent = low <= high or math.isclose(low, high, rel_tol=1e-9)
            yield DurationComparison(
                a=self.figure(a),
                b=self.figure(b),
                topic=topic,
                consistent=consistent,
                overlap=_overlap_text(low / scale_a, high / scale_a) if consistent else None,
                unit=a.unit,
            )


# --- Roles -------------------------------------------------------------------------------------

_ROLE_KINDS = ("country", "organization")
MAX_WITNESSES = 5  # other sources' sentences shown next to a role conflict
_BRIDGE = re.compile(r"\s*(?:\([^()]{1,40}\))?\s*,?\s*")  # "Korea Utara (Korut) Kim", "pemimpin Korut, Kim"


@dataclass(frozen=True, slots=True)
class _RolePhrase:
    source: str
    paragraph: str
    start: int  # of the role words
    end: int  # of the country or organisation
    holder: str  # country or organisation actor id
    person: str | None  # the person the phrase introduces, if a name follows
    person_end: int


def _outer_mentions(mentions: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The mentions (sorted by start) that no longer mention holds: "Korea Utara" in "Universitas
    Studi Korea Utara" is not its own. One holds another when it starts no later, ends no later
    and is longer, that is when it starts earlier and ends no earlier, or starts at the same place
    and ends later: the furthest ends so far tell, where trying every pair was quadratic."""
    if len(mentions) < 2:
        return list(mentions)
    furthest_from: dict[int, int] = {}
    for start, end, _ in mentions:
        furthest_from[start] = max(end, furthest_from.get(start, end))
    outer: list[tuple[int, int, str]] = []
    furthest_before: int | None = None  # of the mentions starting earlier
    previous: int | None = None
    for mention in mentions:
        start, end, _ = mention
        if previous is not None and start != previous:
            ended = furthest_from[previous]
            furthest_before = ended if furthest_before is None else max(furthest_before, ended)
        previous = start
        if (furthest_before is not None and furthest_before >= end) or furthest_from[start] > end:
            continue
        outer.append(mention)
    return outer


# A run of letters (`[^\W\d_]`) after white space, in text read backwards: the word before.
_WORD_BEFORE = re.compile(r"\s*([^\W\d_]+)")


def _role_start(text: str, start: int, roles: Container[str], backwards: str | None = None) -> int | None:
    """Where the role words right before text[start] begin ("Presiden" in "Presiden Korea
    Selatan"): runs of letters in roles, with nothing but white space between them and start.
    Read backwards from start (in `backwards`, text[::-1], made once per paragraph), as far as the
    role words go: finding every run of letters before start made a paragraph of thousands of
    mentions quadratic."""
    if backwards is None:
        backwards = text[::-1]
    role_start = None
    end = max(0, len(text) + start) if start < 0 else min(start, len(text))  # of text[:start]
    while (found := _WORD_BEFORE.match(backwards, len(text) - end)) is not None:
        if found.group(1)[::-1].casefold() not in roles:
            break
        role_start = end = len(text) - found.end(1)
    return role_start


def _role_phrases(index: _Index) -> list[_RolePhrase]:
    """ "<role words> <country|organisation> [(alias)][,] [<person>]" in every paragraph."""
    roles = lexicon().roles
    # The paragraphs that mention a country or an organisation: the others hold no role phrase.
    role_kind = {actor_id for actor_id, actor in index.actors.items() if actor.kind in _ROLE_KINDS}
    holding = {(m.source, m.paragraph) for a in index.corpus.actors if a.id in role_kind for m in a.mentions}
    found: list[_RolePhrase] = []
    for source, paragraph in index.mentioning:
        if (source, paragraph) not in holding:
            continue
        mentions = index.mentions[(source, paragraph)]
        text = index.text(source, paragraph)
        outer = _outer_mentions(mentions)
        starts = {s: (s, e, actor_id) for s, e, actor_id in outer}
        backwards: str | None = None
        for start, end, holder in outer:
            if index.actors[holder].kind not in _ROLE_KINDS:
                continue
            if backwards is None:
                backwards = text[::-1]
            role_start = _role_start(text, start, roles, backwards)
            if role_start is None:
                continue
            bridge = _BRIDGE.match(text, end)
            after = bridge.end() if bridge else end
            following = starts.get(after)
            person = following[2] if following and index.actors[following[2]].kind == "person" else None
            found.append(
                _RolePhrase(
                    source=source,
                    paragraph=paragraph,
                    start=role_start,
                    end=end,
                    holder=holder,
                    person=person,
                    person_end=following[1] if person and following else end,
                )
            )
    return found


class _Roles:
    """Role phrases and who the sources tie each person to."""

    def __init__(self, index: _Index) -> None:
        self.index = index
        self.phrases = _role_phrases(index)
        self.by_paragraph: dict[tuple[str, str], list[_RolePhrase]] = defaultdict(list)
        self.by_person: dict[str, list[_RolePhrase]] = defaultdict(list)
        self.first: dict[tuple[str, str, str], _RolePhrase] = {}  # (person, holder, source) -> phrase
        for phrase in self.phrases:
            self.by_paragraph[(phrase.source, phrase.paragraph)].append(phrase)
            if phrase.person:
                self.by_person[phrase.person].append(phrase)
                self.first.setdefault((phrase.person, phrase.holder, phrase.source), phrase)
        self._by_start: dict[tuple[str, str], tuple[_ByStart, bool]] = {}
        # person -> country -> sources that introduce the person with a role of that country
        self.ties: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for phrase in self.phrases:
            if phrase.person and self.is_country(phrase.holder):
                self.ties[phrase.person][phrase.holder].add(phrase.source)

    def is_country(self, actor_id: str) -> bool:
        return self.index.actors[actor_id].kind == "country"

    def ties_elsewhere(self, person: str, source: str) -> Counter[str]:
        """Countries other sources tie the person to, with how many sources do."""
        return Counter(
            {holder: len(found - {source}) for holder, found in self.ties.get(person, {}).items() if found - {source}}
        )

    def names(self, counts: Counter[str]) -> tuple[str, ...]:
        return tuple(self.index.name(h) for h, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    def starting_in(self, span: Span, *, within: bool = False) -> list[_RolePhrase]:
        """The phrases of span's paragraph that start in it, in order; `within`: and end in it."""
        key = (span.source, span.paragraph)
        phrases = self.by_paragraph.get(key, [])
        if key not in self._by_start:
            self._by_start[key] = (_ByStart([p.start for p in phrases]), all(p.start <= p.end for p in phrases))
        by_start, well_formed = self._by_start[key]
        if not within:
            return [phrases[k] for k in by_start.between(span.start, span.end - 1)]
        # A phrase ending where it starts or later lies in the span only if it starts in it.
        nearby = [phrases[k] for k in by_start.between(span.start, span.end)] if well_formed else phrases
        return [p for p in nearby if span.start <= p.start and p.end <= span.end]

    def naming(self, span: Span, person: str) -> Marked | None:
        """The first place in span that names person, with the role phrase that introduces them."""
        for phrase in self.starting_in(span):
            if phrase.person == person:
                return self.index.marked(span.source, span.paragraph, phrase.start, phrase.person_end)
        for start, end, actor_id in self.index.actors_in(span, ("person",)):
            if actor_id == person:
                return self.index.marked(span.source, span.paragraph, start, end)
        return None

    def in_order(self, found: Iterable[Marked]) -> tuple[Marked, ...]:
        """The first sentence per source, at most MAX_WITNESSES sources, oldest first."""
        first: dict[str, Marked] = {}
        for marked in found:
            if marked.span.source not in first:
                first[marked.span.source] = marked
                if len(first) == MAX_WITNESSES:
                    break
        return tuple(sorted(first.values(), key=lambda m: self.index.order.get(m.span.source, 0)))

    def unnamed(self, event: Event) -> Iterator[RoleConflict]:
        """One source's account of an event has "<role> <country>" and no name, where the other
        sources name a person they tie to another country."""
        index = self.index
        by_source: dict[str, list[Span]] = defaultdict(list)
        for mention in event.mentions:
            by_source[mention.span.source].append(mention.span)
        if len(by_source) < 2:
            return

        def named_in(spans: Iterable[Span], kind: str) -> set[str]:
            return {a for s in spans for _, _, a in index.actors_in(s, (kind,))}

        countries = {src: named_in(spans, "country") for src, spans in by_source.items()}
        people = {src: named_in(spans, "person") for src, spans in by_source.items()}
        country_sources = Counter(c for found in countries.values() for c in found)
        people_sources = Counter(p for found in people.values() for p in found)
        ordered = sorted(by_source, key=lambda src: (index.order.get(src, 0), src))
        for source in ordered:
            # What the other sources' accounts name: counted over sources, not compared pairwise.
            other_countries = {c for c, n in country_sources.items() if n - (c in countries[source]) > 0}
            other_people = {p for p, n in people_sources.items() if n - (p in people[source]) > 0}
            for span in by_source[source]:
                here = named_in([span], "person")
                for phrase in self.starting_in(span, within=True):
                    if phrase.person or not self.is_country(phrase.holder) or phrase.holder in other_countries:
                        continue
                    for person in sorted(other_people - here):
                        expected = self.ties_elsewhere(person, source)
                        if not expected or phrase.holder in expected:
                            continue
                        witnesses = (
                            m
                            for src in ordered
                            if src != source and person in people[src]
                            for s in by_source[src]
                            if (m := self.naming(s, person)) is not None
                        )
                        yield RoleConflict(
                            kind="unnamed",
                            actor=person,
                            actor_name=index.name(person),
                            event=event.id,
                            event_label=f"{event.date.iso()}: {_truncate(event.summary, 12)}",
                            claim=index.marked(span.source, span.paragraph, phrase.start, phrase.end),
                            claim_country=phrase.holder,
                            claim_country_name=index.name(phrase.holder),
                            expected=self.names(expected),
                            others=self.in_order(islice(witnesses, MAX_WITNESSES)),
                        )

    def named(self, person: str, background: frozenset[str]) -> Iterator[RoleConflict]:
        """One source ties a person to a country that two or more other sources do not."""
        index = self.index
        for holder, found in sorted(self.ties[person].items()):
            if len(found) != 1:
                continue
            (source,) = found
            expected = self.ties_elsewhere(person, source)
            expected.pop(holder, None)
            if sum(expected.values()) < 2 or source in background:
                continue
            claim = self.first[(person, holder, source)]
            yield RoleConflict(
                kind="named",
                actor=person,
                actor_name=index.name(person),
                event=None,
                event_label=None,
                claim=index.marked(claim.source, claim.paragraph, claim.start, claim.person_end),
                claim_country=holder,
                claim_country_name=index.name(holder),
                expected=self.names(expected),
                others=self.in_order(
                    index.marked(p.source, p.paragraph, p.start, p.person_end)
                    for p in self.by_person[person]
                    if p.holder in expected
                ),
            )


def _roles(index: _Index, background: frozenset[str]) -> tuple[RoleConflict, ...]:
    roles = _Roles(index)
    found = [
        c for event in sorted(index.corpus.events, key=lambda e: (e.date.iso(), e.id)) for c in roles.unnamed(event)
    ]
    found.extend(c for person in sorted(roles.ties) for c in roles.named(person, background))
    unique: dict[tuple[str, str, int, str], RoleConflict] = {}
    for conflict in found:
        key = (conflict.claim.span.source, conflict.claim.span.paragraph, conflict.claim.span.start, conflict.actor)
        unique.setdefault(key, conflict)
    return tuple(unique.values())


# --- Quotes ------------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def _keys(text: str) -> tuple[str, ...]:
    """Words for comparison: case-folded, without surrounding punctuation."""
    return tuple(k for k in (_EDGE_PUNCTUATION.sub("", w.casefold()) for w in text.split()) if k)


@lru_cache(maxsize=1 << 16)
def _trigrams(text: str) -> frozenset[str]:
    found: set[str] = set()
    for key in _keys(text):
        padded = f" {key} "
        found.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(found)


def text_similarity(a: str, b: str) -> float:
    """0..1: the mean of word-sequence overlap (difflib) and character-trigram Dice.

    The first rewards the same words in the same order, the second the same stems in other
    forms ("menghargai" / "penghargaan"), so that a translation variant still scores.
    """
    ka, kb = _keys(a), _keys(b)
    if not ka or not kb:
        return 0.0
    ratio = SequenceMatcher(None, ka, kb, autojunk=False).ratio()
    ta, tb = _trigrams(a), _trigrams(b)
    dice = 2 * len(ta & tb) / (len(ta) + len(tb))
    return (ratio + dice) / 2


@lru_cache(maxsize=1 << 16)
def statement_similarity(a: str, b: str, min_words: int) -> float:
    """Best of the whole texts and of their sentences (a quote may render part of a statement)."""
    best = text_similarity(a, b)
    parts_a = [s.text for s in split_sentences(a) if len(_keys(s.text)) >= min_words]
    parts_b = [s.text for s in split_sentences(b) if len(_keys(s.text)) >= min_words]
    if len(parts_a) > 1 or len(parts_b) > 1:
        for x in parts_a or [a]:
            for y in parts_b or [b]:
                best = max(best, text_similarity(x, y))
    return best


@dataclass(frozen=True, slots=True)
class _Shape:
    """What bounds `text_similarity` from above, worked out once per text."""

    words: frozenset[str]  # `_keys`
    counts: Counter[str] | None  # of `_keys`, when a word repeats
    length: int
    trigrams: frozenset[str]

    @staticmethod
    def of(text: str) -> _Shape:
        keys = _keys(text)
        words = frozenset(keys)
        return _Shape(words, Counter(keys) if len(words) < len(keys) else None, len(keys), _trigrams(text))

    def bound(self, other: _Shape) -> float:
        """At least text_similarity: difflib pairs each word with an equal word at most once, so
        its ratio is at most that of the words both hold; Dice is exact. The same float when the
        bound is met (the same operations), strictly more otherwise."""
        if not self.length or not other.length:
            return 0.0
        if self.counts is None or other.counts is None:  # a word both hold pairs once
            shared = len(self.words & other.words)
        else:
            shared = sum(min(count, other.counts[word]) for word, count in self.counts.items())
        ratio = 2.0 * shared / (self.length + other.length)
        dice = 2 * len(self.trigrams & other.trigrams) / (len(self.trigrams) + len(other.trigrams))
        return (ratio + dice) / 2


class _StatementShape:
    """What bounds `statement_similarity` from above: the whole text's shape, then, when that is
    not enough, its sentences'."""

    __slots__ = ("_parts", "min_words", "text", "whole")

    def __init__(self, text: str, min_words: int) -> None:
        self.text, self.min_words = text, min_words
        self.whole = _Shape.of(text)
        self._parts: tuple[_Shape, ...] | None = None

    @property
    def parts(self) -> tuple[_Shape, ...]:
        """Its sentences of min_words or more, as statement_similarity splits it."""
        if self._parts is None:
            self._parts = tuple(
                _Shape.of(s.text) for s in split_sentences(self.text) if len(_keys(s.text)) >= self.min_words
            )
        return self._parts

    def below(self, other: _StatementShape, threshold: float) -> bool:
        """Whether statement_similarity is below threshold, either way round."""
        if self.whole.bound(other.whole) >= threshold:
            return False
        if len(self.parts) > 1 or len(other.parts) > 1:
            for x in self.parts or (self.whole,):
                for y in other.parts or (other.whole,):
                    if x.bound(y) >= threshold:
                        return False
        return True


def word_diff(base: str, variant: str) -> tuple[DiffSegment, ...]:
    """The variant against the base, word by word: equal, inserted (variant only), deleted (base only)."""
    base_words, variant_words = base.split(), variant.split()
    strip = _EDGE_PUNCTUATION.sub
    base_keys = [strip("", w.casefold()) or w for w in base_words]
    variant_keys = [strip("", w.casefold()) or w for w in variant_words]
    matcher = SequenceMatcher(None, base_keys, variant_keys, autojunk=False)
    segments: list[DiffSegment] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(DiffSegment(kind="equal", text=" ".join(variant_words[j1:j2])))
            continue
        if i2 > i1:
            segments.append(DiffSegment(kind="delete", text=" ".join(base_words[i1:i2])))
        if j2 > j1:
            segments.append(DiffSegment(kind="insert", text=" ".join(variant_words[j1:j2])))
    return tuple(segments)


QUOTE_BINS, QUOTE_ROWS = 32, 2  # LSH for statements: Jaccard 0.35 of their words pairs them 9 times in 10


@cache
def _speech_marker(markers: tuple[str, ...]) -> re.Pattern[str] | None:
    if not markers:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(m) for m in markers) + r")(?!\w)", re.IGNORECASE)


def _reported_parts(sentence: str, markers: Sequence[str]) -> list[tuple[str, str]]:
    """(lead, statement) readings of a sentence: all of it, and what follows its first speech
    marker ("..., mengatakan bahwa <statement>")."""
    parts = [("", sentence)]
    pattern = _speech_marker(tuple(markers))
    if pattern is not None:
        found = pattern.search(sentence)
        if found and _keys(sentence[found.end() :]):
            parts.append((sentence[: found.end()], sentence[found.end() :].strip()))
    return parts


@dataclass(frozen=True, slots=True)
class _Statement:
    key: str  # quote id, or "source/paragraph/start" for reported speech
    span: Span
    text: str  # what the source writes
    said: str  # the part compared: all of a quote; of a sentence, what follows a speech marker
    quoted: bool

    @property
    def lead(self) -> str:
        return self.text[: len(self.text) - len(self.said)].rstrip() if self.text.endswith(self.said) else ""


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


class _Grouping:
    """One speaker's statements joined best link first, as `_QuoteMatcher.groups` says, without
    walking every link.

    Links are walked best score first and, within a score, as pairs (i, j), i < j, in order. A
    link joins the groups of i and j unless they share a source (which covers i and j being in one
    group already, or j's source being i's) or i or j is a reading of a sentence another reading
    of which has joined (such a statement is `dead`). Statements with the same text and
    quotedness form a class; every pair of statements of two classes scores the same, so links are
    pairs of classes, walked statement by statement.

    Repeated statements make the links quadratic: a quote carried by a thousand outlets has half a
    million links, all but 999 of which fail; a quote that two articles repeat a thousand times
    each has a million. So the groups (a statement alone is a group of one) are kept in blocks
    of groups with the same sources: groups of one block share a source, so once i has tried the
    first statement after it of a block's groups in a class, every other fails (joined: it now
    shares a source with i's group; refused: it shares one for good). Each statement tries one
    statement per block of each class it links with, found with a heap per block and score. And
    once a group has tried a class, no later statement of the group (or of a group it joins) can
    join one of that class at that score: every statement after the first was tried or is in a
    block tried. So each group tries each class once per score.
    """

    def __init__(
        self,
        statements: Sequence[_Statement],
        class_of: Sequence[int],
        classes: Sequence[Sequence[int]],
        side: Sequence[bool],
        linking: Iterable[int],
    ) -> None:
        """`linking`: the classes with links; the others' statements stay alone."""
        count = len(statements)
        self.source = [s.span.source for s in statements]
        self.side = side  # statements of two sides never link: background and news sources
        self.class_of = class_of
        self.root = list(range(count))  # group of each statement: its own number while alone
        # Groups of two or more (a statement alone is its own group, labelled with its number):
        self.members: dict[int, list[int]] = {}
        self.sources: dict[int, set[str]] = {}
        self.classes: dict[int, set[int]] = {}
        self.label: dict[int, int] = {}  # the number of the group that the link walk keeps
        self.weakest: dict[int, float] = {}
        self.dead = [False] * count
        # A group's sources as a number: one per source, and one per pair of numbers joined. Equal
        # numbers mean equal sources (equal sources may have two numbers: then two blocks).
        numbers: dict[str, int] = {}
        self.signature = [numbers.setdefault(source, len(numbers)) for source in self.source]  # by group
        self.unions: dict[tuple[int, int], int] = {}
        self.next_signature = len(numbers)
        # class -> group -> the group's statements of the class, sorted
        self.buckets: dict[int, dict[int, list[int]]] = {}
        # class -> side -> signature -> the groups holding statements of the class
        self.blocks: dict[int, dict[bool, dict[int, set[int]]]] = {}
        by_sentence: dict[tuple[str, str, int], list[int]] = defaultdict(list)
        for c in linking:
            buckets, blocks = self.buckets.setdefault(c, {}), self.blocks.setdefault(c, {})
            for k in classes[c]:
                buckets[k] = [k]
                blocks.setdefault(side[k], {}).setdefault(self.signature[k], set()).add(k)
                span = statements[k].span
                if not statements[k].quoted:
                    by_sentence[(span.source, span.paragraph, span.start)].append(k)
        self.readings: dict[int, list[int]] = {}  # other readings of the same sentence that may join
        for readings in by_sentence.values():
            if len(readings) > 1:
                for k in readings:
                    self.readings[k] = [r for r in readings if r != k]
        # At the score walked: (class, side, signature) -> heap of (a group's first statement
        # after the one walked, group), built when first needed.
        self.heaps: dict[tuple[int, bool, int], list[tuple[int, int]]] = {}

    def run(self, levels: Mapping[float, Sequence[tuple[int, int]]], classes: Sequence[Sequence[int]]) -> None:
        """Walk the links: `levels` maps each score to the pairs of classes (x, y) whose links
        (i, j), i < j, i of x and j of y, have that score."""
        for score in sorted(levels, reverse=True):
            neighbours: dict[int, list[int]] = defaultdict(list)
            for x, y in levels[score]:
                neighbours[x].append(y)
            self.heaps = {}
            tried: dict[int, set[int]] = defaultdict(set)  # group -> classes it has tried at this score
            for i in sorted(k for x in neighbours for k in classes[x]):
                if self.dead[i]:
                    continue
                done = tried[self.root[i]]
                side = self.side[i]
                firsts: list[int] = []
                for y in neighbours[self.class_of[i]]:
                    if y in done:
                        continue
                    done.add(y)
                    for signature in list(self.blocks[y].get(side, {})):
                        j = self.first_after(y, side, signature, i)
                        if j is not None:
                            firsts.append(j)
                firsts.sort()
                for j in firsts:
                    if self.dead[j] or self.share_a_source(self.root[i], self.root[j]):
                        continue
                    keep, gone = self.join(i, j, score)
                    tried[keep] |= tried.pop(gone, set())

    def first_after(self, y: int, side: bool, signature: int, i: int) -> int | None:
        """The first statement after i of class y in the groups of a block."""
        groups = self.blocks[y][side][signature]
        key = (y, side, signature)
        heap = self.heaps.get(key)
        if heap is None:
            heap = []
            for group in groups:
                bucket = self.buckets[y][group]
                at = bisect_right(bucket, i)
                if at < len(bucket):
                    heap.append((bucket[at], group))
            heapify(heap)
            self.heaps[key] = heap
        # A group's statements of a class stay the same while it is in the block (joining changes
        # its sources, dying empties it): an entry is good while its group is in the block.
        while heap:
            first, group = heap[0]
            if group in groups:
                if first > i:
                    return first
                bucket = self.buckets[y][group]
                at = bisect_right(bucket, i)
                if at < len(bucket):
                    heapreplace(heap, (bucket[at], group))
                    continue
            heappop(heap)
        return None

    def share_a_source(self, a: int, b: int) -> bool:
        """Whether groups a and b hold statements of one source (a group shares its own)."""
        sources_a, sources_b = self.sources.get(a), self.sources.get(b)
        if sources_a is None:
            return self.source[a] == self.source[b] if sources_b is None else self.source[a] in sources_b
        return self.source[b] in sources_a if sources_b is None else not sources_a.isdisjoint(sources_b)

    def _leave_block(self, c: int, side: bool, group: int) -> None:
        by_signature = self.blocks[c][side]
        groups = by_signature[self.signature[group]]
        groups.discard(group)
        if not groups:
            del by_signature[self.signature[group]]

    def join(self, i: int, j: int, score: float) -> tuple[int, int]:
        """Join the groups of i and j; i's group keeps its label. Returns (group kept, group gone)."""
        for k in (i, j):
            for other in self.readings.get(k, ()):
                if not self.dead[other]:  # alone: a reading that joined would have killed k
                    self.dead[other] = True
                    self._leave_block(self.class_of[other], self.side[other], other)
                    del self.buckets[self.class_of[other]][other]
        ri, rj = self.root[i], self.root[j]
        group_i, group_j = self.members.get(ri, [ri]), self.members.get(rj, [rj])
        keep, gone = (ri, rj) if len(group_i) >= len(group_j) else (rj, ri)
        kept, leaving = (group_i, group_j) if keep == ri else (group_j, group_i)
        side = self.side[i]
        classes = self.classes.pop(keep, None) or {self.class_of[keep]}
        classes_gone = self.classes.pop(gone, None) or {self.class_of[gone]}
        for c in classes:
            self._leave_block(c, side, keep)
        for c in classes_gone:
            self._leave_block(c, side, gone)
        pair = (min(self.signature[keep], self.signature[gone]), max(self.signature[keep], self.signature[gone]))
        if pair not in self.unions:
            self.unions[pair] = self.next_signature
            self.next_signature += 1
        self.signature[keep] = self.unions[pair]
        for c in classes_gone:
            moving = self.buckets[c].pop(gone)
            bucket = self.buckets[c].setdefault(keep, [])
            if len(moving) > len(bucket):
                bucket, moving = moving, bucket
                self.buckets[c][keep] = bucket
            for k in moving:  # the smaller into the larger: a quote carried by a thousand outlets
                insort(bucket, k)  # joins one statement at a time
        classes.update(classes_gone)
        self.classes[keep] = classes
        for c in classes:
            self.blocks[c].setdefault(side, {}).setdefault(self.signature[keep], set()).add(keep)
            heap = self.heaps.get((c, side, self.signature[keep]))
            if heap is not None:
                bucket = self.buckets[c][keep]
                at = bisect_right(bucket, i)
                if at < len(bucket):
                    heappush(heap, (bucket[at], keep))
        label = self.label.pop(ri, ri)
        self.label.pop(rj, None)
        weakest = min(score, self.weakest.pop(ri, 1.0), self.weakest.pop(rj, 1.0))
        for k in leaving:
            self.root[k] = keep
        self.members.pop(gone, None)
        self.members.setdefault(keep, kept).extend(leaving)
        self.sources.setdefault(keep, {self.source[keep]}).update(self.sources.pop(gone, (self.source[gone],)))
        self.label[keep] = label
        self.weakest[keep] = weakest
        return keep, gone

    def groups(self) -> list[tuple[list[int], float]]:
        """(statements, weakest link) of each group of two or more, in the order of their labels."""
        found = sorted((self.label[root], root) for root in self.members)
        return [(self.members[root], self.weakest[root]) for _, root in found]


class _QuoteMatcher:
    def __init__(self, index: _Index, background: frozenset[str], cfg: QuoteSettings) -> None:
        self.index, self.background, self.cfg = index, background, cfg
        spans: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        for quote in index.corpus.quotes:
            spans[(quote.span.source, quote.span.paragraph)].append((quote.span.start, quote.span.end))
        # Per paragraph, the quotes' starts in order and the furthest end so far: whether a
        # sentence overlaps a quote is one bisection, however many quotes the paragraph holds.
        self.quote_spans: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
        for key, found in spans.items():
            found.sort()
            self.quote_spans[key] = ([s for s, _ in found], list(accumulate((e for _, e in found), max)))
        self._reported: dict[tuple[str, str], list[_Statement]] = {}
        self.naming: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for source, paragraph in index.mentioning:
            for actor_id in dict.fromkeys(a for _, _, a in index.mentions[(source, paragraph)]):
                self.naming[actor_id].append((source, paragraph))

    def side(self, source: str) -> bool:
        """Statements of two sides are never linked (unless quotes.cross_background)."""
        return not self.cfg.cross_background and source in self.background

    def allowed(self, a: str, b: str) -> bool:
        return a != b and self.side(a) == self.side(b)

    def in_quote(self, source: str, paragraph: str, start: int, end: int) -> bool:
        found = self.quote_spans.get((source, paragraph))
        if found is None:
            return False
        starts, furthest = found
        before = bisect_left(starts, end)  # quotes starting before the sentence ends
        return before > 0 and furthest[before - 1] > start

    def statements(self, speaker: str, quotes: Sequence[Quote]) -> list[_Statement]:
        """The speaker's quotes, then sentences without quotation marks in paragraphs naming them."""
        found = [_Statement(q.id, q.span, q.text, q.text, True) for q in quotes]
        quoted_in = {q.span.source for q in quotes}
        quoted_sides = Counter(self.side(source) for source in quoted_in)
        for source, paragraph in self.naming[speaker]:
            if quoted_sides[self.side(source)] - (source in quoted_in) <= 0:
                continue  # no quote of the speaker's that a sentence here may be linked to
            found.extend(self.reported(source, paragraph))
        return found

    def reported(self, source: str, paragraph: str) -> list[_Statement]:
        """The readings of the paragraph's sentences outside quotes, worked out once for every
        speaker the paragraph names."""
        key = (source, paragraph)
        if key not in self._reported:
            found: list[_Statement] = []
            for start, end, sentence in self.index.sentences(source, paragraph):
                if self.in_quote(source, paragraph, start, end):
                    continue
                span = Span(source=source, paragraph=paragraph, start=start, end=end, text=sentence)
                for lead, said in _reported_parts(sentence, self.cfg.speech_markers):
                    if len(_keys(said)) >= self.cfg.min_words:
                        found.append(
                            _Statement(f"{source}/{paragraph}/{start}/{len(lead)}", span, sentence, said, False)
                        )
            self._reported[key] = found
        return self._reported[key]

    def groups(self, speaker: str, quotes: Sequence[Quote]) -> Iterator[QuoteGroup]:
        """Best links first: quote-quote pairs scoring `loose` or more, quote-sentence pairs
        `reported` or more (sentence-sentence pairs are never links), among candidates (`blocked_pairs`
        on their words, or `lsh_pairs`: renderings repeated by more than max_block outlets share only
        "common" words). A statement links to one statement per other source; a group holds one
        statement per source; a sentence joins through one of its readings only."""
        cfg = self.cfg
        statements = self.statements(speaker, quotes)
        numbers: dict[tuple[str, bool], int] = {}  # (said, quoted) -> class
        classes: list[list[int]] = []
        class_of: list[int] = []
        side: list[bool] = []
        # The sources of each class, by side: whether two classes hold an allowed pair at all.
        class_sources: list[dict[bool, set[str]]] = []
        for k, s in enumerate(statements):
            c = numbers.setdefault((s.said, s.quoted), len(numbers))
            if c == len(classes):
                classes.append([])
                class_sources.append({})
            classes[c].append(k)
            class_of.append(c)
            side.append(self.side(s.span.source))
            class_sources[c].setdefault(side[k], set()).add(s.span.source)
        kinds = list(numbers)
        quoted = [q for _, q in kinds]
        sizes = [len(members) for members in classes]

        def linkable(x: int, y: int) -> bool:
            for side_x, found_x in class_sources[x].items():
                found_y = class_sources[y].get(side_x)
                if found_y and (len(found_x) > 1 or len(found_y) > 1 or found_x != found_y):
                    return True
            return False

        # Score -> (class of i, class of j) for links (i, j), i < j. Similarity is not symmetric
        # (difflib breaks ties between equally long matches by position), so a link is scored
        # from its earlier statement, as walking the pairs in order does.
        levels: dict[float, list[tuple[int, int]]] = defaultdict(list)
        words = [_keys(said) for said, _ in kinds]
        shapes: dict[int, _StatementShape] = {}
        for x, y in sorted(_class_candidates(words, sizes, quoted, cfg.max_block)):
            if not linkable(x, y):
                continue
            threshold = cfg.loose if quoted[x] and quoted[y] else cfg.reported
            for c in (x, y):
                if c not in shapes:
                    shapes[c] = _StatementShape(kinds[c][0], cfg.min_words)
            if x != y and shapes[x].below(shapes[y], threshold):
                continue  # difflib's ratio need not be worked out (in either order)
            for first, then in ((x, y), (y, x)) if x != y else ((x, x),):
                if classes[first][0] < classes[then][-1]:  # some statement of `first` comes before one of `then`
                    score = statement_similarity(kinds[first][0], kinds[then][0], cfg.min_words)
                    if score >= threshold:
                        levels[score].append((first, then))
        grouping = _Grouping(
            statements, class_of, classes, side, {c for pairs in levels.values() for pair in pairs for c in pair}
        )
        grouping.run(levels, classes)
        for members, weakest in grouping.groups():
            yield self.group(speaker, [statements[k] for k in members], weakest)

    def group(self, speaker: str, found: list[_Statement], weakest: float) -> QuoteGroup:
        order = self.index.order
        found.sort(key=lambda s: (not s.quoted, order[s.span.source], _paragraph_order(s.span.paragraph)))
        base, rest = found[0], sorted(found[1:], key=lambda s: (order[s.span.source], not s.quoted))
        variants = [
            QuoteVariant(
                span=base.span,
                text=base.text,
                lead="",
                quoted=True,
                similarity=1.0,
                diff=(DiffSegment(kind="equal", text=base.text),),
            )
        ]
        variants.extend(
            QuoteVariant(
                span=s.span,
                text=s.text,
                lead=s.lead,
                quoted=s.quoted,
                similarity=round(statement_similarity(base.said, s.said, self.cfg.min_words), 2),
                diff=word_diff(base.said, s.said),
            )
            for s in rest
        )
        return QuoteGroup(
            speaker=speaker,
            speaker_name=self.index.name(speaker),
            close=weakest >= self.cfg.close,
            variants=tuple(variants),
        )


def _quotes(index: _Index, background: frozenset[str], cfg: QuoteSettings) -> tuple[QuoteGroup, ...]:
    by_speaker: dict[str, list[Quote]] = defaultdict(list)
    for quote in index.corpus.quotes:
        if quote.speaker and quote.span.source in index.sources and _keys(quote.text):
            by_speaker[quote.speaker].append(quote)
    matcher = _QuoteMatcher(index, background, cfg)
    groups = [
        group
        for speaker in sorted(by_speaker)
        for group in matcher.groups(
            speaker, sorted(by_speaker[speaker], key=lambda q: (index.order[q.span.source], q.id))
        )
    ]
    groups.sort(key=lambda g: (not g.close, index.order[g.variants[0].span.source], g.variants[0].span.paragraph))
    return tuple(groups)


# --- Staleness ---------------------------------------------------------------------------------


def _as_datetime(value: dt.datetime | dt.date) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)


def _staleness(ordered: Sequence[Source], background: frozenset[str]) -> tuple[SourceAge, ...]:
    dated = [_as_datetime(s.metadata.published) for s in ordered if s.metadata.published is not None]
    newest = max(dated) if dated else None
    return tuple(
        SourceAge(
            source=s.id,
            published=s.metadata.published,
            days_before_newest=(newest - _as_datetime(s.metadata.published)).days
            if newest is not None and s.metadata.published is not None
            else None,
            background=s.id in background,
        )
        for s in ordered
    )


# --- Shared text -------------------------------------------------------------------------------


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


def _longest_common_run(a: Sequence[str], b: Sequence[str]) -> tuple[int, int, int]:
    """(i, j, size) of the longest run a[i : i + size] == b[j : j + size], the earliest in a, then
    in b: what difflib's `find_longest_match` returns without junk, in O(len(a) + len(b)) with a
    suffix automaton of b (find_longest_match takes O(len(a) x the occurrences in b of each word),
    quadratic in text that repeats itself)."""
    # The automaton: state 0 is the empty run; each state stands for runs ending at the same
    # places in b, `first_end` the first of them.
    length, suffix_link, first_end = [0], [-1], [-1]
    moves: list[dict[str, int]] = [{}]
    last = 0
    for position, word in enumerate(b):
        current = len(length)
        length.append(length[last] + 1)
        suffix_link.append(0)
        first_end.append(position)
        moves.append({})
        state = last
        while state != -1 and word not in moves[state]:
            moves[state][word] = current
            state = suffix_link[state]
        if state != -1:
            after = moves[state][word]
            if length[state] + 1 == length[after]:
                suffix_link[current] = after
            else:
                clone = len(length)
                length.append(length[state] + 1)
                suffix_link.append(suffix_link[after])
                first_end.append(first_end[after])
                moves.append(dict(moves[after]))
                while state != -1 and moves[state].get(word) == after:
                    moves[state][word] = clone
                    state = suffix_link[state]
                suffix_link[after] = clone
                suffix_link[current] = clone
        last = current
    # The longest run of b ending at each word of a; the first longest wins.
    best_i, best_j, best_size = 0, 0, 0
    state, size = 0, 0
    for position, word in enumerate(a):
        while state and word not in moves[state]:
            state = suffix_link[state]
            size = length[state]
        if word in moves[state]:
            state = moves[state][word]
            size += 1
        if size > best_size:
            best_i, best_j, best_size = position - size + 1, first_end[state] - size + 1, size
    return best_i, best_j, best_size


def _located_words(source: Source) -> tuple[list[str], list[tuple[str, int, int]]]:
    """The words of a source as written, and the (paragraph, start, end) of each."""
    written: list[str] = []
    places: list[tuple[str, int, int]] = []
    for paragraph in source.paragraphs:
        for match in _WORD.finditer(paragraph.text):
            written.append(match.group())
            places.append((paragraph.id, match.start(), match.end()))
    return written, places


def _passage(a: _Doc, b: _Doc, source_a: Source, source_b: Source) -> tuple[str, Span | None, Span | None]:
    first_a, first_b, size = _longest_common_run(a.words, b.words)
    if size == 0:
        return "", None, None

    def located(source: Source, first: int) -> Span:
        written, places = _located_words(source)
        paragraph, start, _ = places[first]
        last_paragraph, _, end = places[first + size - 1]
        if last_paragraph != paragraph:
            end = start + len(written[first])
        return Span(
            source=source.id, paragraph=paragraph, start=start, end=end, text=" ".join(written[first : first + size])
        )

    span_a, span_b = located(source_a, first_a), located(source_b, first_b)
    return span_a.text, span_a, span_b


def shared_text(sources: Sequence[Source], cfg: DuplicateSettings) -> SharedText:
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
            shingles=sum(max(0, len(d.words) - cfg.shingle_size + 1) or (1 if d.words else 0) for d in docs),
            possible_pairs=n * (n - 1) // 2,
            index_candidates=sum(map(len, found.by_index)),
            lsh_candidates=sum(map(len, found.by_lsh)),
            compared=compared,
            common_shingles=found.common,
        ),
        settings=cfg,
    )


# --- Everything --------------------------------------------------------------------------------


def compare(corpus: Corpus, settings: Settings | None = None) -> Comparison:
    """The comparison of the corpus' sources. Pure: the same corpus gives the same result."""
    # The site's own notion of background sources and of source order, reused (a function-level
    # import: pages.plan renders this module's result).
    from .pages.plan import background_ids, by_date

    cfg = settings if settings is not None else load_settings()
    stale = background_ids(corpus)
    ordered = by_date(corpus.sources)
    index = _Index(corpus, ordered)
    figures = _Figures(index, cfg.figures)
    return Comparison(
        words=_words_for(cfg, corpus.story.language),
        background=stale,
        coverage=_coverage(index, ordered, stale, cfg.coverage),
        figures=tuple(figures.discrepancies()),
        durations=tuple(figures.durations()),
        roles=_roles(index, stale),
        quotes=_quotes(index, stale, cfg.quotes),
        staleness=_staleness(ordered, stale),
        shared=shared_text(ordered, cfg.duplicates),
    )
