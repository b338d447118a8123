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

Each candidate costs one set intersection, O(shingles of the smaller source), and the reported
pairs (at most `max_pairs`) one longest-common-run search. For 10,000 articles of 500 words that
is about 5 million shingle hashes plus the candidates, instead of 50 million pair comparisons;
tests/test_compare.py measures 2,080 articles (80 copies of one wire story among them) in about a
second, with 0.15% of the pairs compared.

Quotes are blocked too: only statements of the same speaker are compared, only sentences in
paragraphs that name the speaker can be reported speech, and within a speaker only pairs that
share a word used by at most `max_block` statements, or collide in MinHash LSH on their words,
and that hold at least one quote. Durations are paired through an index of their topic words;
figures are compared per unit, once per distinct claim.

Language lives in `builder/data/compare.yml` (stopwords, units) and `lexicon.yml` (role words).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache
from itertools import combinations, islice
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


def _truncate(text: str, words: int) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


# --- Blocking: candidate pairs without comparing all pairs ------------------------------------


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def _pairs_of(members: Sequence[int], anchors: Sequence[bool] | None) -> Iterator[tuple[int, int]]:
    """Pairs (i < j) of a bucket's members; with anchors, only pairs holding at least one anchor."""
    if anchors is None:
        yield from combinations(members, 2)
        return
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
    lowest: list[int | None] = [None] * bins
    for value in shingles:
        slot, rest = value % bins, value // bins
        current = lowest[slot]
        if current is None or rest < current:
            lowest[slot] = rest
    if all(v is None for v in lowest):
        return ()
    signature: list[int] = []
    for slot in range(bins):
        distance = 0
        while (found := lowest[(slot + distance) % bins]) is None:
            distance += 1
        signature.append(found + (distance << 64))
    return tuple(signature)


def lsh_pairs(
    sets: Sequence[Iterable[int]], bins: int, rows: int, anchors: Sequence[bool] | None = None
) -> set[tuple[int, int]]:
    """Pairs of positions (i < j) whose MinHash signatures agree on all `rows` values of at least
    one band: likely similar sets, found in O(items x bands) plus the pairs themselves."""
    rows = max(1, min(rows, bins))
    buckets: dict[tuple[int, tuple[int, ...]], list[int]] = defaultdict(list)
    for position, features in enumerate(sets):
        signature = minhash_signature(features, bins)
        for band in range(len(signature) // rows):
            buckets[(band, signature[band * rows : (band + 1) * rows])].append(position)
    found: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) > 1:
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
        self.event_mentions: dict[tuple[str, str], list[tuple[int, int, str, Event]]] = defaultdict(list)
        for event in sorted(corpus.events, key=lambda e: e.id):
            for mention in event.mentions:
                m = mention.span
                self.event_mentions[(m.source, m.paragraph)].append((m.start, m.end, mention.date_text, event))
        self._sentences: dict[tuple[str, str], tuple[tuple[int, int, str], ...]] = {}
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
        spans = [(s, e) for s, e, _ in self.sentences(source, paragraph) if _overlaps(s, e, start, end)]
        if not spans:
            text = self.text(source, paragraph)
            return (0, len(text))
        return (min(s for s, _ in spans), max(e for _, e in spans))

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
        return [
            (s, e, actor_id)
            for s, e, actor_id in self.mentions.get((span.source, span.paragraph), [])
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
    for start, end, date_text, event in index.event_mentions.get((span.source, span.paragraph), []):
        if _overlaps(start, end, span.start, span.end):
            return date_text, event.date.iso()
    return None, None


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


def _topic(index: _Index, quantity: Quantity, cfg: FigureSettings) -> frozenset[str]:
    """Content words around a figure in its sentence: what it measures."""
    span = quantity.span
    text = index.text(span.source, span.paragraph)
    s_start, s_end = index.sentence_at(span.source, span.paragraph, span.start, span.end)
    before = _tokens(text[s_start : span.start])[-cfg.topic_window :]
    after = _tokens(text[span.end : s_end])[: cfg.topic_window]
    stop = {w.casefold() for w in cfg.stopwords}
    units = {u.casefold() for u in cfg.duration_units}
    return frozenset(w for w in before + after if w not in stop and w not in units and not w.isdigit())


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
        self.topics = {q.id: _topic(index, q, cfg) for q in self.quantities}
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


def _role_phrases(index: _Index) -> list[_RolePhrase]:
    """ "<role words> <country|organisation> [(alias)][,] [<person>]" in every paragraph."""
    roles = lexicon().roles
    found: list[_RolePhrase] = []
    for (source, paragraph), mentions in sorted(index.mentions.items()):
        text = index.text(source, paragraph)
        # A mention inside a longer one ("Korea Utara" in "Universitas Studi Korea Utara") is not its own.
        outer = [
            m
            for m in mentions
            if not any(o != m and o[0] <= m[0] and m[1] <= o[1] and o[1] - o[0] > m[1] - m[0] for o in mentions)
        ]
        starts = {s: (s, e, actor_id) for s, e, actor_id in outer}
        for start, end, holder in outer:
            if index.actors[holder].kind not in _ROLE_KINDS:
                continue
            words = list(re.finditer(r"[^\W\d_]+", text[:start]))
            role_start = None
            for word in reversed(words):
                gap = text[word.end() : role_start if role_start is not None else start]
                if word.group().casefold() not in roles or gap.strip():
                    break
                role_start = word.start()
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
        for phrase in self.phrases:
            self.by_paragraph[(phrase.source, phrase.paragraph)].append(phrase)
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

    def naming(self, span: Span, person: str) -> Marked | None:
        """The first place in span that names person, with the role phrase that introduces them."""
        for phrase in self.by_paragraph.get((span.source, span.paragraph), []):
            if phrase.person == person and span.start <= phrase.start < span.end:
                return self.index.marked(span.source, span.paragraph, phrase.start, phrase.person_end)
        for start, end, actor_id in self.index.actors_in(span, ("person",)):
            if actor_id == person:
                return self.index.marked(span.source, span.paragraph, start, end)
        return None

    def in_order(self, found: Iterable[Marked]) -> tuple[Marked, ...]:
        """The first sentence per source, at most MAX_WITNESSES sources, oldest first."""
        first: dict[str, Marked] = {}
        for marked in found:
            if marked.span.source not in first and len(first) < MAX_WITNESSES:
                first[marked.span.source] = marked
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
                for phrase in self.by_paragraph.get((span.source, span.paragraph), []):
                    if (
                        not (span.start <= phrase.start and phrase.end <= span.end)
                        or phrase.person
                        or not self.is_country(phrase.holder)
                        or phrase.holder in other_countries
                    ):
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
            claim = next(p for p in self.phrases if (p.person, p.holder, p.source) == (person, holder, source))
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
                    for p in self.phrases
                    if p.person == person and p.holder in expected
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


def word_diff(base: str, variant: str) -> tuple[DiffSegment, ...]:
    """The variant against the base, word by word: equal, inserted (variant only), deleted (base only)."""
    base_words, variant_words = base.split(), variant.split()

    def key(word: str) -> str:
        return _EDGE_PUNCTUATION.sub("", word.casefold()) or word

    matcher = SequenceMatcher(None, [key(w) for w in base_words], [key(w) for w in variant_words], autojunk=False)
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


def _reported_parts(sentence: str, markers: Sequence[str]) -> list[tuple[str, str]]:
    """(lead, statement) readings of a sentence: all of it, and what follows its first speech
    marker ("..., mengatakan bahwa <statement>")."""
    parts = [("", sentence)]
    if markers:
        pattern = r"(?<!\w)(?:" + "|".join(re.escape(m) for m in markers) + r")(?!\w)"
        found = re.search(pattern, sentence, re.IGNORECASE)
        if found and _keys(sentence[found.end() :]):
            parts.append((sentence[: found.end()], sentence[found.end() :].strip()))
    return parts


QUOTE_BINS, QUOTE_ROWS = 32, 2  # LSH for statements: Jaccard 0.35 of their words pairs them 9 times in 10


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


class _QuoteMatcher:
    def __init__(self, index: _Index, background: frozenset[str], cfg: QuoteSettings) -> None:
        self.index, self.background, self.cfg = index, background, cfg
        self.quote_spans: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        for quote in index.corpus.quotes:
            self.quote_spans[(quote.span.source, quote.span.paragraph)].append((quote.span.start, quote.span.end))
        self.naming: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for (source, paragraph), mentions in sorted(index.mentions.items()):
            for actor_id in dict.fromkeys(a for _, _, a in mentions):
                self.naming[actor_id].append((source, paragraph))

    def allowed(self, a: str, b: str) -> bool:
        return a != b and (self.cfg.cross_background or (a in self.background) == (b in self.background))

    def statements(self, speaker: str, quotes: Sequence[Quote]) -> list[_Statement]:
        """The speaker's quotes, then sentences without quotation marks in paragraphs naming them."""
        found = [_Statement(q.id, q.span, q.text, q.text, True) for q in quotes]
        quoted_in = {q.span.source for q in quotes}
        for source, paragraph in self.naming[speaker]:
            if not any(self.allowed(other, source) for other in quoted_in):
                continue
            for start, end, sentence in self.index.sentences(source, paragraph):
                if any(_overlaps(start, end, s, e) for s, e in self.quote_spans[(source, paragraph)]):
                    continue
                span = Span(source=source, paragraph=paragraph, start=start, end=end, text=sentence)
                for lead, said in _reported_parts(sentence, self.cfg.speech_markers):
                    if len(_keys(said)) >= self.cfg.min_words:
                        found.append(
                            _Statement(f"{source}/{paragraph}/{start}/{len(lead)}", span, sentence, said, False)
                        )
        return found

    def links(self, statements: Sequence[_Statement]) -> list[tuple[float, int, int]]:
        """Scored pairs worth linking: quote-quote from `loose`, quote-sentence from `reported`."""
        cfg = self.cfg
        words = [_keys(s.said) for s in statements]
        quoted = [s.quoted for s in statements]  # sentence-sentence pairs are never links
        candidates = set(blocked_pairs(words, cfg.max_block, 1, quoted))
        # Renderings repeated by more than max_block outlets share only "common" words: MinHash
        # LSH on their words still pairs them.
        candidates |= lsh_pairs([{_hash(w) for w in found} for found in words], QUOTE_BINS, QUOTE_ROWS, quoted)
        scored = []
        for i, j in sorted(candidates):
            a, b = statements[i], statements[j]
            if not (a.quoted or b.quoted) or not self.allowed(a.span.source, b.span.source):
                continue
            score = statement_similarity(a.said, b.said, cfg.min_words)
            if score >= (cfg.loose if a.quoted and b.quoted else cfg.reported):
                scored.append((score, i, j))
        return sorted(scored, key=lambda item: (-item[0], item[1], item[2]))

    def groups(self, speaker: str, quotes: Sequence[Quote]) -> Iterator[QuoteGroup]:
        statements = self.statements(speaker, quotes)
        # Best links first. A statement links to one statement per other source; a group holds one
        # statement per source; a sentence joins through one of its readings only.
        group_of = list(range(len(statements)))
        members: dict[int, list[int]] = {i: [i] for i in range(len(statements))}
        sources: dict[int, set[str]] = {i: {s.span.source} for i, s in enumerate(statements)}
        weakest: dict[int, float] = {}
        linked: set[tuple[int, str]] = set()
        used_sentences: dict[tuple[str, str, int], int] = {}
        for score, i, j in self.links(statements):
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
        for group, keys in members.items():
            if len(keys) > 1:
                yield self.group(speaker, [statements[k] for k in keys], weakest.get(group, 0.0))

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
    written: tuple[str, ...]  # as written
    places: tuple[tuple[str, int, int], ...]  # (paragraph, start, end) of each word
    shingles: frozenset[int]


def _document(source: Source, k: int) -> _Doc:
    words: list[str] = []
    written: list[str] = []
    places: list[tuple[str, int, int]] = []
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
    return _Doc(source.id, tuple(words), tuple(written), tuple(places), shingles)


def candidate_pairs(
    shingle_sets: Sequence[frozenset[int]], cfg: DuplicateSettings
) -> tuple[set[tuple[int, int]], set[tuple[int, int]], int]:
    """(index candidates, LSH candidates, common shingles skipped): pairs of positions, i < j."""
    by_index = set(blocked_pairs(shingle_sets, cfg.max_shingle_sources, cfg.min_shared_shingles))
    document_frequency = Counter(shingle for shingles in shingle_sets for shingle in shingles)
    common = sum(1 for count in document_frequency.values() if count > cfg.max_shingle_sources)

    return by_index, lsh_pairs(shingle_sets, cfg.minhash_bins, cfg.lsh_rows), common


def _passage(a: _Doc, b: _Doc) -> tuple[str, Span | None, Span | None]:
    matcher = SequenceMatcher(None, a.words, b.words, autojunk=False)
    match = matcher.find_longest_match(0, len(a.words), 0, len(b.words))
    if match.size == 0:
        return "", None, None

    def located(doc: _Doc, first: int, size: int) -> Span:
        paragraph, start, _ = doc.places[first]
        last_paragraph, _, end = doc.places[first + size - 1]
        if last_paragraph != paragraph:
            end = start + len(doc.written[first])
        return Span(
            source=doc.id, paragraph=paragraph, start=start, end=end, text=" ".join(doc.written[first : first + size])
        )

    span_a, span_b = located(a, match.a, match.size), located(b, match.b, match.size)
    return span_a.text, span_a, span_b


def shared_text(sources: Sequence[Source], cfg: DuplicateSettings) -> SharedText:
    docs = [_document(s, cfg.shingle_size) for s in sources]
    by_index, by_lsh, common = candidate_pairs([d.shingles for d in docs], cfg)
    candidates = sorted(by_index | by_lsh)
    pairs: list[SimilarPair] = []
    for i, j in candidates:
        a, b = docs[i], docs[j]
        if not a.shingles or not b.shingles:
            continue
        inter = len(a.shingles & b.shingles)
        jaccard = inter / (len(a.shingles) + len(b.shingles) - inter)
        containment_a, containment_b = inter / len(a.shingles), inter / len(b.shingles)
        if jaccard < cfg.report_jaccard and max(containment_a, containment_b) < cfg.report_containment:
            continue
        verdict: Literal["near_duplicate", "contained", "overlap"] = (
            "near_duplicate"
            if jaccard >= cfg.duplicate_jaccard
            else "contained"
            if max(containment_a, containment_b) >= cfg.contained
            else "overlap"
        )
        pairs.append(
            SimilarPair(
                a=a.id,
                b=b.id,
                jaccard=round(jaccard, 4),
                containment_a=round(containment_a, 4),
                containment_b=round(containment_b, 4),
                shared=inter,
                verdict=verdict,
                passage="",
                passage_a=None,
                passage_b=None,
            )
        )
    pairs.sort(key=lambda p: (-p.jaccard, -max(p.containment_a, p.containment_b), p.a, p.b))
    pairs = pairs[: cfg.max_pairs]
    by_id = {d.id: d for d in docs}
    with_passages = []
    for pair in pairs:
        passage, passage_a, passage_b = _passage(by_id[pair.a], by_id[pair.b])
        with_passages.append(
            SimilarPair(
                a=pair.a,
                b=pair.b,
                jaccard=pair.jaccard,
                containment_a=pair.containment_a,
                containment_b=pair.containment_b,
                shared=pair.shared,
                verdict=pair.verdict,
                passage=passage,
                passage_a=passage_a,
                passage_b=passage_b,
            )
        )
    n = len(docs)
    return SharedText(
        pairs=tuple(with_passages),
        cost=DuplicateCost(
            documents=n,
            shingles=sum(max(0, len(d.words) - cfg.shingle_size + 1) or (1 if d.words else 0) for d in docs),
            possible_pairs=n * (n - 1) // 2,
            index_candidates=len(by_index),
            lsh_candidates=len(by_lsh),
            compared=len(candidates),
            common_shingles=common,
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
