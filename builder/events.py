"""Dated events: sentences that state something happened on a date, merged across sources.

Each date expression is resolved against its source's own publication date (for a source
without one: the latest full date its own text states, which is flagged). A sentence with a
date is an event mention; mentions with the same date that share actors or words are one
event, so the 12 August call reported by four outlets is one event with four mentions.
Dates relative to another event ("tiga hari sebelum KTT") are resolved against the events
found in the absolute pass.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .diagnostics import Diagnostic, Location, Stage, note, warning
from .extract.dates import FoundDate, find_dates
from .extract.lexicon import lexicon
from .extract.sentences import split_sentences
from .ids import slugify
from .model import Actor, DateValue, Event, EventMention, Source, Span

SUMMARY_WORDS = 30
NEAR_CHARS = 70  # how far around a date expression its subject is looked for
NEAR_OVERLAP = 0.3
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
    actors: frozenset[str]  # in the whole sentence
    near: frozenset[str]  # actors and words close to the date expression: what the date is about


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


MentionIndex = dict[tuple[str, str], list[tuple[int, str]]]


def index_mentions(actors: Sequence[Actor]) -> MentionIndex:
    """(source, paragraph) -> [(start, actor id)]: finding who a sentence names is then a lookup,
    not a scan of every mention in the corpus."""
    index: MentionIndex = {}
    for actor in actors:
        for mention in actor.mentions:
            index.setdefault((mention.source, mention.paragraph), []).append((mention.start, actor.id))
    return index


def _actors_in(span: Span, index: MentionIndex) -> frozenset[str]:
    return frozenset(
        actor_id for start, actor_id in index.get((span.source, span.paragraph), ()) if span.start <= start < span.end
    )


@functools.lru_cache(maxsize=65536)
def _words(text: str) -> frozenset[str]:
    """Content words: four letters or more, minus the function words of the lexicon."""
    return frozenset(re.findall(r"[^\W\d_]{4,}", text.lower())) - lexicon().not_names


def _stem(word: str) -> str:
    """A crude key that ignores prefixes and common suffixes: "menelepon" ~ "telepon", "summits" ~ "summit".

    Good enough to tell whether two short windows of text talk about the same thing, in
    Indonesian (prefixes me-, di-, ber-; suffixes -nya, -kan) and English (-s, -ed, -ing).
    """
    word = re.sub(r"(?:nya|kan|ing|ed|es|s)$", "", word) if len(word) > 5 else word
    return word[-5:]


def _near(text: str, start: int, end: int, span: Span, index: MentionIndex) -> frozenset[str]:
    window_start, window_end = max(0, start - NEAR_CHARS), min(len(text), end + NEAR_CHARS // 2)
    words = {_stem(w) for w in _words(text[window_start:start] + " " + text[end:window_end])}
    window = Span(source=span.source, paragraph=span.paragraph, start=window_start, end=window_end, text="")
    return frozenset(words | {f"@{actor}" for actor in _actors_in(window, index)})


def _similar(a: _Mention, b: _Mention) -> bool:
    """Same date and about the same thing: what stands near the two date expressions overlaps.

    The whole sentence is too coarse: "Putin called Kim to congratulate him on the 15 August
    anniversary" shares Putin and Kim with "Putin will meet Trump on 15 August".
    """
    overlap = len(a.near & b.near) / max(1, min(len(a.near), len(b.near)))
    return overlap >= NEAR_OVERLAP


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


BLOCK_LIMIT = 100  # a word shared by more mentions than this is too common to say "same event"


def _cluster(mentions: list[_Mention]) -> list[list[_Mention]]:
    """Connected groups of similar mentions (union-find), in input order.

    Only mentions that share a word or actor near their date can be similar, so candidate pairs
    come from an inverted index on those words instead of all pairs.
    """
    parent = list(range(len(mentions)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    postings: dict[str, list[int]] = {}
    for i, mention in enumerate(mentions):
        for token in mention.near:
            postings.setdefault(token, []).append(i)
    compared: set[tuple[int, int]] = set()
    for token in sorted(postings):
        members = postings[token]
        if len(members) > BLOCK_LIMIT:
            continue
        for a, i in enumerate(members):
            for j in members[a + 1 :]:
                if (i, j) in compared or root(i) == root(j):
                    continue
                compared.add((i, j))
                if _similar(mentions[i], mentions[j]):
                    parent[root(j)] = root(i)
    groups: dict[int, list[_Mention]] = {}
    for i, mention in enumerate(mentions):
        groups.setdefault(root(i), []).append(mention)
    return list(groups.values())


CONFLICT_DAYS = 10
CONFLICT_OVERLAP = 0.5


def _day(value: DateValue) -> dt.date | None:
    return dt.date(value.year, value.month, value.day) if value.day and value.month else None


def _flag_conflicts(events: list[Event], members: dict[str, list[_Mention]]) -> tuple[Event, ...]:
    """Events a few days apart, told by different sources in nearly the same words: one
    happening with conflicting dates. Flag both, so readers see the disagreement."""
    conflicts: dict[str, set[str]] = {}
    dated = sorted(((d, e) for e in events if (d := _day(e.date)) is not None), key=lambda p: p[0])
    for index, (day, event) in enumerate(dated):
        for other_day, other in dated[index + 1 :]:
            if (other_day - day).days > CONFLICT_DAYS:
                break
            sources = {m.source.id for m in members[event.id]}
            other_sources = {m.source.id for m in members[other.id]}
            if sources & other_sources:
                continue  # one source giving two dates is telling two things
            near = frozenset().union(*(m.near for m in members[event.id]))
            other_near = frozenset().union(*(m.near for m in members[other.id]))
            overlap = len(near & other_near) / max(1, min(len(near), len(other_near)))
            if overlap >= CONFLICT_OVERLAP:
                conflicts.setdefault(event.id, set()).add(other.id)
                conflicts.setdefault(other.id, set()).add(event.id)
    return tuple(
        dataclasses.replace(e, conflicts=tuple(sorted(conflicts[e.id]))) if e.id in conflicts else e for e in events
    )


def extract_events(sources: Sequence[Source], actors: Sequence[Actor]) -> Stage[tuple[Event, ...]]:
    problems: list[Diagnostic] = []
    mentions: list[_Mention] = []
    relative: list[_Mention] = []
    index = index_mentions(actors)
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
                near = _near(paragraph.text, found.start, found.end, span, index)
                mention = _Mention(source, paragraph.id, span, found, _actors_in(span, index), near)
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
                    mention.near,
                )
            )

    by_date: dict[str, list[_Mention]] = defaultdict(list)
    for mention in mentions:
        assert mention.found.value is not None
        by_date[mention.found.value.iso()].append(mention)
    events: list[Event] = []
    members: dict[str, list[_Mention]] = {}
    used_ids: set[str] = set()
    for iso in sorted(by_date):
        clusters = _cluster(sorted(by_date[iso], key=lambda m: (m.source.id, m.paragraph, m.sentence.start)))
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
            members[event_id] = cluster
            events.append(
                Event(
                    id=event_id,
                    date=value,
                    summary=summary,
                    actors=tuple(sorted(set().union(*(m.actors for m in cluster)))),
                    mentions=tuple(EventMention(span=m.sentence, date_text=m.found.text) for m in cluster),
                )
            )
    return Stage(_flag_conflicts(events, members), tuple(problems))
