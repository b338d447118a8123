"""What `compare()` returns: frozen dataclasses, one per kind of finding, that the pages render.
They sit at the bottom of the package, so that the pages read them without the analyses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from ..model import SourceId, Span
from .settings import DuplicateSettings, Words


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
    capped_buckets: int  # LSH buckets too large to pair in full (sorted neighbourhood)


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
