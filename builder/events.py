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
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .diagnostics import Diagnostic, Location, Stage, note, warning
from .extract.dates import FoundDate, find_dates
from .extract.lexicon import lexicon
from .extract.sentences import Sentence, split_sentences
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


@dataclass(frozen=True, slots=True)
class _ParagraphMentions:
    """The actor mentions of one paragraph, sorted by where they start."""

    starts: list[int]
    actors: list[str]

    def between(self, start: int, end: int) -> frozenset[str]:
        """Actors mentioned from `start` up to `end`: two bisections, not a scan of the paragraph."""
        return frozenset(self.actors[bisect_left(self.starts, start) : bisect_left(self.starts, end)])


MentionIndex = dict[tuple[str, str], _ParagraphMentions]
_NO_MENTIONS = _ParagraphMentions([], [])


def index_mentions(actors: Sequence[Actor]) -> MentionIndex:
    """(source, paragraph) -> its actor mentions by start: finding who a sentence names is then a
    lookup and a bisection, not a scan of every mention in the corpus or the paragraph."""
    found: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for actor in actors:
        for mention in actor.mentions:
            found.setdefault((mention.source, mention.paragraph), []).append((mention.start, actor.id))
    index: MentionIndex = {}
    for key, mentions in found.items():
        mentions.sort()  # by start; the order of actors at one start does not matter to a set
        index[key] = _ParagraphMentions([start for start, _ in mentions], [actor for _, actor in mentions])
    return index


def forget_words() -> None:
    """Empty the word cache: a long `mkdocs serve` session extracts many corpora."""
    _words.cache_clear()


def _actors_in(span: Span, index: MentionIndex) -> frozenset[str]:
    return index.get((span.source, span.paragraph), _NO_MENTIONS).between(span.start, span.end)


@functools.cache  # emptied with find_dates' cache by `extraction.extract`
def _words(text: str) -> frozenset[str]:
    """Content words: four letters or more, minus the function words of the lexicon."""
    return frozenset(re.findall(r"[^\W\d_]{4,}", text.lower())) - lexicon().not_names


_SUFFIX = re.compile(r"(?:nya|kan|ing|ed|es|s)$")


def _stem(word: str) -> str:
    """A crude key that ignores prefixes and common suffixes: "menelepon" ~ "telepon", "summits" ~ "summit".

    Good enough to tell whether two short windows of text talk about the same thing, in
    Indonesian (prefixes me-, di-, ber-; suffixes -nya, -kan) and English (-s, -ed, -ing).
    """
    word = _SUFFIX.sub("", word) if len(word) > 5 else word
    return word[-5:]


def _near(text: str, start: int, end: int, span: Span, index: MentionIndex) -> frozenset[str]:
    window_start, window_end = max(0, start - NEAR_CHARS), min(len(text), end + NEAR_CHARS // 2)
    words = {_stem(w) for w in _words(text[window_start:start] + " " + text[end:window_end])}
    actors = index.get((span.source, span.paragraph), _NO_MENTIONS).between(window_start, window_end)
    return frozenset(words | {f"@{actor}" for actor in actors})


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


def _anchor_words(found: FoundDate) -> set[str]:
    """The words a sentence must contain to state the event an offset counts from."""
    anchor = (found.anchor or "").lower()
    return ANCHOR_SYNONYMS.get(anchor, {anchor})


class _Anchors:
    """Mentions with a full date that a relative date can count from, indexed by the anchor words
    their sentences contain: resolving "tiga hari sebelum KTT" looks at the sentences naming a
    summit, not at every dated sentence of the corpus."""

    def __init__(self, wanted: set[str]) -> None:
        self._wanted = wanted  # every anchor word some relative date asks for
        self._mentions: list[tuple[_Mention, str]] = []  # with the ISO form of its date
        self._naming: dict[str, set[int]] = {}  # anchor word -> positions in _mentions
        self._with_actor: dict[str, set[int]] = {}  # actor id -> positions in _mentions

    def add(self, mention: _Mention) -> None:
        value = mention.found.value
        if value is None or value.day is None or value.month is None:
            return
        words = _words(mention.sentence.text) & self._wanted
        if not words:
            return  # names no anchor: nothing can count from it
        position = len(self._mentions)
        self._mentions.append((mention, value.iso()))
        for word in words:
            self._naming.setdefault(word, set()).add(position)
        for actor in mention.actors:
            self._with_actor.setdefault(actor, set()).add(position)

    def naming(self, words: set[str], actors: frozenset[str]) -> list[tuple[_Mention, str]]:
        """Mentions whose sentence contains one of `words` and one of `actors`, in the order
        they were added."""
        named: set[int] = set().union(*(self._naming.get(word, ()) for word in words))
        sharing: set[int] = set().union(*(self._with_actor.get(actor, ()) for actor in actors))
        return [self._mentions[position] for position in sorted(named & sharing)]


def _resolve_relative(mention: _Mention, anchors: _Anchors) -> DateValue | None:
    found = mention.found
    if found.relative_days is None or not found.anchor:
        return None
    # The anchor sharing most actors, then from the same source, then the latest; of equal ones
    # the first found.
    best: tuple[int, bool, str] | None = None
    value: DateValue | None = None
    for other, iso in anchors.naming(_anchor_words(found), mention.actors):
        if other.sentence.start == mention.sentence.start and other.sentence == mention.sentence:
            continue
        rank = (len(mention.actors & other.actors), other.source.id == mention.source.id, iso)
        if best is None or rank > best:
            best, value = rank, other.found.value
    if value is None:
        return None
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
            root_i = root(i)  # stays a root below: only other groups are joined under it
            for j in members[a + 1 :]:
                root_j = root(j)
                if root_j == root_i or (i, j) in compared:
                    continue
                compared.add((i, j))
                if _similar(mentions[i], mentions[j]):
                    parent[root_j] = root_i
    groups: dict[int, list[_Mention]] = {}
    for i, mention in enumerate(mentions):
        groups.setdefault(root(i), []).append(mention)
    return list(groups.values())


CONFLICT_DAYS = 10
CONFLICT_OVERLAP = 0.5
# With thousands of articles, one date window holds thousands of reports of the same happening,
# each a few days off: comparing each with all the others, and listing every conflict, grows
# with the square of the bundle (10,000 articles: 24 million conflicts, 44 s). Each event is
# compared with this many of the next events in date order (that share no source with it) ...
CONFLICT_CANDIDATES = 200
# ... and keeps this many conflicts, those nearest in date: enough to show the disagreement.
CONFLICTS_KEPT = 12


def _day(value: DateValue) -> dt.date | None:
    return dt.date(value.year, value.month, value.day) if value.day and value.month else None


def _flag_conflicts(events: list[Event], members: dict[str, list[_Mention]]) -> tuple[Event, ...]:
    """Events a few days apart, told by different sources in nearly the same words: one
    happening with conflicting dates. Flag both, so readers see the disagreement (each keeps
    the CONFLICTS_KEPT nearest in date).

    Events are visited by date, each against the later ones within CONFLICT_DAYS. Two events
    that share a source never conflict (one source giving two dates is telling two things), so
    runs of such events are jumped over rather than compared one by one: a long article with
    many dated sentences costs no more than a short one per event.
    """
    dated = sorted(((d, e) for e in events if (d := _day(e.date)) is not None), key=lambda p: p[0])
    days = [day.toordinal() for day, _ in dated]
    sources = [frozenset(m.source.id for m in members[e.id]) for _, e in dated]
    near = [frozenset().union(*(m.near for m in members[e.id])) for _, e in dated]
    sizes = [len(words) for words in near]
    # run_end[source][k]: for an event k told by `source`, the first position after the run of
    # consecutive events (in date order) that `source` tells, k included.
    run_end: dict[str, dict[int, int]] = defaultdict(dict)
    for k in range(len(dated) - 1, -1, -1):
        for source in sources[k]:
            ends = run_end[source]
            ends[k] = ends.get(k + 1, k + 1)
    conflicts: dict[int, set[int]] = {}  # by position in `dated`
    for k in range(len(dated)):
        last = bisect_right(days, days[k] + CONFLICT_DAYS)
        own_sources, own_near, own_size = sources[k], near[k], sizes[k]
        own_runs = [run_end[source] for source in own_sources]
        other = k + 1
        compared = 0
        while other < last and compared < CONFLICT_CANDIDATES:
            if not own_sources.isdisjoint(sources[other]):
                # this event and the ones after it that share a source with event k: skip the run
                other = max(ends.get(other, other) for ends in own_runs)
                continue
            compared += 1
            smaller = own_size if own_size < sizes[other] else sizes[other]
            overlap = len(own_near & near[other]) / (smaller or 1)
            if overlap >= CONFLICT_OVERLAP:
                conflicts.setdefault(k, set()).add(other)
                conflicts.setdefault(other, set()).add(k)
            other += 1
    kept: dict[str, tuple[str, ...]] = {}
    for k, others in conflicts.items():
        nearest = sorted(others, key=lambda o: (abs(days[o] - days[k]), dated[o][1].id))[:CONFLICTS_KEPT]
        kept[dated[k][1].id] = tuple(sorted(dated[o][1].id for o in nearest))
    return tuple(dataclasses.replace(e, conflicts=kept[e.id]) if e.id in kept else e for e in events)


def _sentence_at(sentences: Sequence[Sentence], starts: list[int], position: int) -> Sentence | None:
    """The sentence holding `position`: sentences are in order and do not overlap, so it can only
    be the last one starting at or before it."""
    k = bisect_right(starts, position) - 1
    return sentences[k] if k >= 0 and position < sentences[k].end else None


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
            dates = find_dates(paragraph.text, reference, source.metadata.language)
            if not dates:
                continue
            sentences = split_sentences(paragraph.text)
            sentence_starts = [s.start for s in sentences]
            for found in dates:
                sentence = _sentence_at(sentences, sentence_starts, found.start)
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
    anchors = _Anchors(set().union(*(_anchor_words(m.found) for m in relative)))
    for mention in mentions:
        anchors.add(mention)
    for mention in relative:
        value = _resolve_relative(mention, anchors)
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
            anchors.add(mentions[-1])  # a later offset may count from this one

    by_date: dict[str, list[_Mention]] = defaultdict(list)
    for mention in mentions:
        assert mention.found.value is not None
        by_date[mention.found.value.iso()].append(mention)
    events: list[Event] = []
    members: dict[str, list[_Mention]] = {}
    used_ids: set[str] = set()
    next_number: dict[str, int] = {}  # per base id: every lower number is taken already
    for iso in sorted(by_date):
        clusters = _cluster(sorted(by_date[iso], key=lambda m: (m.source.id, m.paragraph, m.sentence.start)))
        for cluster in clusters:
            value = cluster[0].found.value
            assert value is not None
            summary = _summary(min((m.sentence.text for m in cluster), key=len))
            base = f"{iso}-{slugify(summary, 5)}"
            number = next_number.get(base, 1)
            event_id = base if number == 1 else f"{base}-{number}"
            while event_id in used_ids:
                number += 1
                event_id = f"{base}-{number}"
            used_ids.add(event_id)
            next_number[base] = number
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
