"""The typed data model every stage reads and writes: frozen, keyword-only, tuples not lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

SourceId = str
ParagraphKind = Literal["text", "heading"]
Origin = Literal["curated", "inferred"]

LABEL_TITLE_WORDS = 5
METADATA_FIELDS = ("title", "outlet", "author", "published", "url", "language")


@dataclass(frozen=True, slots=True, kw_only=True)
class RawSource:
    """An article file exactly as a contributor dropped it into `sources/`."""

    path: str  # relative to the content folder, with forward slashes
    text: str  # decoded, newlines normalised to "\n"
    sha256: str  # of the file's bytes, so a reader can verify the copy
    size: int  # bytes on disk


@dataclass(frozen=True, slots=True, kw_only=True)
class Paragraph:
    id: str  # "p1", "p2", ... in reading order: the anchor citations point to
    text: str
    kind: ParagraphKind
    line: int  # 1-based line of the source file
    column: int  # 1-based column where the kept text starts


@dataclass(frozen=True, slots=True, kw_only=True)
class Removal:
    """A line, or a fragment of one, that cleaning took out, and the rule that did it."""

    line: int
    column: int
    text: str
    rule: str
    whole_line: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class Captured:
    """A metadata value read off a removed line (byline, date line, headline ...)."""

    field: str
    value: str
    line: int
    rule: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CleanText:
    paragraphs: tuple[Paragraph, ...]
    removed: tuple[Removal, ...]
    captured: tuple[Captured, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Metadata:
    """What is known about a source. None means unknown, and is shown as unknown."""

    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: dt.datetime | dt.date | None = None
    url: str | None = None
    language: str | None = None
    origin: tuple[tuple[str, Origin], ...] = ()  # which fields came from curation

    def origin_of(self, name: str) -> Origin | None:
        return dict(self.origin).get(name)


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    id: SourceId
    raw: RawSource
    metadata: Metadata
    paragraphs: tuple[Paragraph, ...]
    removed: tuple[Removal, ...]

    @property
    def path(self) -> str:
        return self.raw.path

    @property
    def word_count(self) -> int:
        return sum(len(p.text.split()) for p in self.paragraphs)

    @property
    def removed_share(self) -> float:
        """Share of the file's non-blank characters that cleaning removed."""
        kept = sum(len(p.text) for p in self.paragraphs)
        removed = sum(len(r.text) for r in self.removed)
        total = kept + removed
        return removed / total if total else 0.0

    @property
    def label(self) -> str:
        """A short human name: outlet (else the title's first words, else the file) and date."""
        title_words = (self.metadata.title or "").split()
        short_title = " ".join(title_words[:LABEL_TITLE_WORDS]) + ("…" if len(title_words) > LABEL_TITLE_WORDS else "")
        parts = [self.metadata.outlet or short_title or self.raw.path.rsplit("/", 1)[-1]]
        if self.metadata.published is not None:
            parts.append(self.metadata.published.strftime("%Y-%m-%d"))
        return ", ".join(parts)


@dataclass(frozen=True, slots=True, kw_only=True)
class Story:
    """Bundle-level settings from `site.yml`, or inferred from the sources."""

    title: str
    description: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Explainer:
    path: str
    markdown: str


# --- Extraction: who, what, when, who said what -----------------------------------------------

ActorKind = Literal["person", "organization", "country", "place", "media", "other"]
Precision = Literal["day", "month", "year"]
Qualifier = Literal["exact", "about", "more_than", "less_than"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    """Where a piece of text sits: a paragraph of a source and character offsets in its text."""

    source: SourceId
    paragraph: str  # "p3"
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    id: str  # slug of the canonical name, e.g. "kim-jong-un"
    name: str
    kind: ActorKind
    aliases: tuple[str, ...] = ()
    description: str | None = None  # from the sources' own appositives, or curated
    curated: bool = False
    mentions: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class DateValue:
    """A calendar date at the precision the text gives: never a day the text does not state."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        if self.day and self.month:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


@dataclass(frozen=True, slots=True, kw_only=True)
class DateMention:
    """A date expression found in a paragraph and resolved against the source's own date."""

    span: Span
    value: DateValue
    rule: str  # which pattern resolved it, for debugging and evaluation


@dataclass(frozen=True, slots=True, kw_only=True)
class EventMention:
    span: Span  # the sentence that states the event
    date_text: str  # the date expression as written


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    id: str
    date: DateValue
    summary: str
    actors: tuple[str, ...] = ()
    mentions: tuple[EventMention, ...] = ()
    conflicts: tuple[str, ...] = ()  # ids of events that look like the same happening on another date


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    id: str
    text: str  # the words inside the quotation marks
    speaker: str | None  # actor id; None = unattributed
    speaker_text: str | None  # how the source names the speaker ("Yang", "Kremlin", "tambahnya")
    span: Span


@dataclass(frozen=True, slots=True, kw_only=True)
class Quantity:
    id: str
    value: float
    unit: str  # the counted noun as written, e.g. "tentara"
    qualifier: Qualifier
    attributed_to: str | None  # actor id or a name as written
    span: Span


@dataclass(frozen=True, slots=True, kw_only=True)
class Corpus:
    story: Story
    sources: tuple[Source, ...]
    explainer: Explainer | None = None
    content_files: tuple[tuple[str, str], ...] = field(default=())  # (path, sha256) of every input
    actors: tuple[Actor, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    quantities: tuple[Quantity, ...] = ()

    # Filled on first look-up: an explainer resolves thousands of citations against thousands of sources.
    _sources_by_id: dict[str, Source] = field(default_factory=dict, init=False, repr=False, compare=False)

    def source(self, source_id: SourceId) -> Source | None:
        if not self._sources_by_id and self.sources:
            self._sources_by_id.update((s.id, s) for s in reversed(self.sources))  # the first of a duplicate id wins
        return self._sources_by_id.get(source_id)
