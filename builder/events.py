"""Dated events: sentences that state something happened on a date, merged across sources.

Each date expression is resolved against its source's own publication date (for a source
without one: the latest full date its own text states, which is flagged). A sentence with a
date is an event mention; mentions with the same date that share actors or words are one
event, so the 12 August call reported by four outlets is one event with four mentions.
Dates relative to another event ("tiga hari sebelum KTT") are resolved against the events
found in the absolute pass.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .diagnostics import Diagnostic, Location, Stage, note, warning
from .extract.dates import FoundDate, find_dates
from .extract.sentences import split_sentences
from .ids import slugify
from .model import Actor, DateValue, Event, EventMention, Source, Span

SUMMARY_WORDS = 30
# Words that name an event an offset can be relative to ("tiga hari sebelum KTT").
ANCHOR_SYNONYMS = {
    "ktt": {"ktt", "pertemuan", "bertemu", "summit", "meeting", "pembicaraan"},
    "summit": {"ktt", "pertemuan", "bertemu", "summit", "meeting", "talks"},
}


@dataclass(frozen=True, slots=True)
class _Mention:
    source: Source
    paragraph: str
    sentence: Span
    found: FoundDate
    actors: frozenset[str]


def reference_date(source: Source) -> tuple[dt.date | None, bool]:
    """The date relative expressions count from, and whether it was inferred from the text."""
    published = source.metadata.published
    if isinstance(published, dt.datetime):
        return published.date(), False
    if isinstance(published, dt.date):
        return published, False
    stated = [
        dt.date(f.value.year, f.value.month, f.value.day)
        for p in source.paragraphs
        for f in find_dates(p.text, None, source.metadata.language)
        if f.value is not None and f.value.day and f.value.month
    ]
    return (max(stated), True) if stated else (None, False)


def _actors_in(span: Span, actors: Sequence[Actor]) -> frozenset[str]:
    return frozenset(
        a.id
        for a in actors
        for m in a.mentions
        if m.source == span.source and m.paragraph == span.paragraph and span.start <= m.start < span.end
    )


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]{4,}", text.lower())}


def _similar(a: _Mention, b: _Mention) -> bool:
    people = {x for x in a.actors & b.actors}
    words_a, words_b = _words(a.sentence.text), _words(b.sentence.text)
    overlap = len(words_a & words_b) / max(1, min(len(words_a), len(words_b)))
    return len(people) >= 2 or overlap >= 0.35


def _summary(text: str) -> str:
    words = text.split()
    return " ".join(words[:SUMMARY_WORDS]) + ("…" if len(words) > SUMMARY_WORDS else "")


def _resolve_relative(mention: _Mention, resolved: list[_Mention]) -> DateValue | None:
    found = mention.found
    if found.relative_days is None or not found.anchor:
        return None
    anchor = found.anchor.lower()
    synonyms = ANCHOR_SYNONYMS.get(anchor, {anchor})
    candidates = []
    for other in resolved:
        value = other.found.value
        if value is None or value.day is None or value.month is None:
            continue
        if other.sentence == mention.sentence or not (_words(other.sentence.text) & synonyms):
            continue
        shared = len(mention.actors & other.actors)
        if shared == 0:
            continue
        candidates.append((shared, other.source.id == mention.source.id, value))
    if not candidates:
        return None
    _, _, value = max(candidates, key=lambda c: (c[0], c[1], c[2].iso()))
    assert value.day is not None and value.month is not None
    day = dt.date(value.year, value.month, value.day) + dt.timedelta(days=found.relative_days)
    return DateValue(year=day.year, month=day.month, day=day.day)


def extract_events(sources: Sequence[Source], actors: Sequence[Actor]) -> Stage[tuple[Event, ...]]:
    problems: list[Diagnostic] = []
    mentions: list[_Mention] = []
    relative: list[_Mention] = []
    for source in sources:
        reference, inferred = reference_date(source)
        if inferred and reference is not None:
            problems.append(
                note(
                    Location(source.path),
                    "reference-date-inferred",
                    f"no publication date: relative dates are read from {reference.isoformat()}, "
                    "the latest date the article states; add `published` in sources.yml",
                )
            )
        for paragraph in source.paragraphs:
            if paragraph.kind != "text":
                continue
            sentences = split_sentences(paragraph.text)
            for found in find_dates(paragraph.text, reference, source.metadata.language):
                sentence = next((s for s in sentences if s.start <= found.start < s.end), None)
                if sentence is None:
                    continue
                span = Span(
                    source=source.id, paragraph=paragraph.id, start=sentence.start, end=sentence.end, text=sentence.text
                )
                mention = _Mention(source, paragraph.id, span, found, _actors_in(span, actors))
                if found.weekday_ok is False and found.value is not None:
                    problems.append(
                        warning(
                            Location(source.path, paragraph.line, paragraph.column + found.start),
                            "weekday-mismatch",
                            f"{found.text!r} names a weekday that {found.value.iso()} is not",
                        )
                    )
                (mentions if found.value is not None else relative).append(mention)
    for mention in relative:
        value = _resolve_relative(mention, mentions)
        if value is not None:
            mentions.append(
                _Mention(
                    mention.source,
                    mention.paragraph,
                    mention.sentence,
                    FoundDate(
                        start=mention.found.start,
                        end=mention.found.end,
                        text=mention.found.text,
                        value=value,
                        rule=mention.found.rule,
                        relative_days=mention.found.relative_days,
                        anchor=mention.found.anchor,
                    ),
                    mention.actors,
                )
            )

    by_date: dict[str, list[_Mention]] = defaultdict(list)
    for mention in mentions:
        assert mention.found.value is not None
        by_date[mention.found.value.iso()].append(mention)
    events: list[Event] = []
    used_ids: set[str] = set()
    for iso in sorted(by_date):
        clusters: list[list[_Mention]] = []
        for mention in sorted(by_date[iso], key=lambda m: (m.source.id, m.paragraph, m.sentence.start)):
            home = next((c for c in clusters if any(_similar(mention, other) for other in c)), None)
            if home is None:
                clusters.append([mention])
            else:
                home.append(mention)
        for cluster in clusters:
            value = cluster[0].found.value
            assert value is not None
            summary = _summary(min((m.sentence.text for m in cluster), key=len))
            base = f"{iso}-{slugify(summary, 5)}"
            event_id, number = base, 1
            while event_id in used_ids:
                number += 1
                event_id = f"{base}-{number}"
            used_ids.add(event_id)
            events.append(
                Event(
                    id=event_id,
                    date=value,
                    summary=summary,
                    actors=tuple(sorted(set().union(*(m.actors for m in cluster)))),
                    mentions=tuple(EventMention(span=m.sentence, date_text=m.found.text) for m in cluster),
                )
            )
    return Stage(tuple(events), tuple(problems))
