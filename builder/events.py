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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations

from .diagnostics import Diagnostic, Location, Stage, note, warning
from .extract.dates import FoundDate, find_dates
from .extract.lexicon import lexicon
from .extract.sentences import Sentence, paragraph_sentences
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


# Relative-date anchors are indexed under every subset of the actors their sentence names (of
# those some relative date's sentence names too; no other actor can be shared). The anchor
# sharing most actors with a relative date then sits under one of the date's own subsets, the
# largest that has anchors: a few look-ups, however many anchors share one actor with it (at
# 10,000 articles thousands do, and reading them all took 5 s). A sentence naming more actors
# than this has too many subsets: such anchors are read one by one, and such a relative date
# reads every anchor, as both are rare.
SUBSET_ACTORS = 8


@dataclass(frozen=True, slots=True)
class _Anchor:
    mention: _Mention
    position: int  # in the order anchors were added: of equally good ones the first wins
    iso: str  # of its date: the latest wins
    words: frozenset[str]  # the anchor words its sentence contains


def _later(anchor: _Anchor, than: _Anchor) -> bool:
    """Better for a relative date to count from, all else being equal."""
    return (anchor.iso, -anchor.position) > (than.iso, -than.position)


class _Leaders:
    """The best anchor of a group, and the best from a source other than its own: whichever
    source asks, the best anchor from another source than the asker's is one of the two."""

    __slots__ = ("best", "runner_up")

    def __init__(self, anchor: _Anchor) -> None:
        self.best = anchor
        self.runner_up: _Anchor | None = None

    def offer(self, anchor: _Anchor) -> None:
        source = anchor.mention.source.id
        if _later(anchor, self.best):
            if source != self.best.mention.source.id:
                self.runner_up = self.best
            self.best = anchor
        elif source != self.best.mention.source.id and (self.runner_up is None or _later(anchor, self.runner_up)):
            self.runner_up = anchor

    def outside(self, source: str) -> _Anchor | None:
        """The best anchor not from `source`."""
        return self.best if self.best.mention.source.id != source else self.runner_up


_Rank = tuple[int, bool, str, int]


def _rank(mention: _Mention, words: set[str], anchor: _Anchor) -> _Rank | None:
    """How good `anchor` is for `mention` to count from: sharing most actors, then from the same
    source, then the latest, then the first added; None when it names none of `words`, shares no
    actor, or is the mention's own sentence."""
    other = anchor.mention
    if words.isdisjoint(anchor.words):
        return None
    shared = len(mention.actors & other.actors)
    if not shared:
        return None
    if other.sentence.start == mention.sentence.start and other.sentence == mention.sentence:
        return None
    return (shared, other.source.id == mention.source.id, anchor.iso, -anchor.position)


def _ranks(mention: _Mention, words: set[str], anchors: Iterable[_Anchor]) -> list[_Rank]:
    return [rank for anchor in anchors if (rank := _rank(mention, words, anchor)) is not None]


def _subsets(actors: frozenset[str], size: int) -> Iterator[frozenset[str]]:
    return map(frozenset, combinations(sorted(actors), size))


class _Anchors:
    """Mentions with a full date that a relative date can count from: those whose sentence
    contains an anchor word ("tiga hari sebelum KTT" counts from a sentence naming a summit).

    Finding the best one for a relative date costs a look-up per subset of its actors and per
    anchor word, plus a read of the anchors from its own source: not a read of every anchor
    that shares a word and an actor with it.
    """

    def __init__(self, wanted: set[str], asked: frozenset[str]) -> None:
        self._wanted = wanted  # every anchor word some relative date asks for
        self._asked = asked  # every actor named in the sentence of some relative date
        self._anchors: list[_Anchor] = []
        self._by_source: dict[str, list[_Anchor]] = {}
        self._leaders: dict[tuple[str, frozenset[str]], _Leaders] = {}  # (word, actors) -> its best
        self._crowded: list[_Anchor] = []  # naming more than SUBSET_ACTORS asked actors

    def add(self, mention: _Mention) -> None:
        value = mention.found.value
        if value is None or value.day is None or value.month is None:
            return
        words = _words(mention.sentence.text) & self._wanted
        if not words:
            return  # names no anchor: nothing can count from it
        anchor = _Anchor(mention, len(self._anchors), value.iso(), frozenset(words))
        self._anchors.append(anchor)
        self._by_source.setdefault(mention.source.id, []).append(anchor)
        actors = mention.actors & self._asked
        if len(actors) > SUBSET_ACTORS:
            self._crowded.append(anchor)
            return
        for size in range(1, len(actors) + 1):
            for subset in _subsets(actors, size):
                for word in words:
                    leaders = self._leaders.get((word, subset))
                    if leaders is None:
                        self._leaders[(word, subset)] = _Leaders(anchor)
                    else:
                        leaders.offer(anchor)

    def best_for(self, mention: _Mention, words: set[str]) -> _Mention | None:
        """The anchor `mention` counts from: of those naming one of `words` and sharing an actor
        with it (not its own sentence), the one sharing most actors, then from the same source,
        then the latest; of equal ones the first added."""
        if len(mention.actors) > SUBSET_ACTORS:
            ranks = _ranks(mention, words, self._anchors)
        else:
            ranks = _ranks(mention, words, self._by_source.get(mention.source.id, ()))
            ranks += _ranks(mention, words, self._crowded)
            ranks += self._from_other_sources(mention, words)
        if not ranks:
            return None
        return self._anchors[-max(ranks)[3]].mention  # the rank ends with minus the position

    def _from_other_sources(self, mention: _Mention, words: set[str]) -> list[_Rank]:
        """The best indexed anchors from other sources, found under the largest subsets of the
        mention's actors that have any: each shares exactly that many actors with it (a subset of
        both), and none shares more (it would be under a larger subset)."""
        source = mention.source.id
        for size in range(len(mention.actors), 0, -1):
            found = [
                (size, False, anchor.iso, -anchor.position)
                for subset in _subsets(mention.actors, size)
                for word in words
                if (leaders := self._leaders.get((word, subset))) is not None
                and (anchor := leaders.outside(source)) is not None
            ]
            if found:
                return found
        return []


def _resolve_relative(mention: _Mention, anchors: _Anchors) -> DateValue | None:
    found = mention.found
    if found.relative_days is None or not found.anchor:
        return None
    anchor = anchors.best_for(mention, _anchor_words(found))
    if anchor is None:
        return None
    value = anchor.found.value
    assert value is not None and value.day is not None and value.month is not None
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
    # conflicts[k]: positions in `dated` of the events in conflict with event k, ascending: the
    # earlier events append k as they are visited in order, then k appends the later ones.
    conflicts: list[list[int]] = [[] for _ in dated]
    for k in range(len(dated)):
        last = bisect_right(days, days[k] + CONFLICT_DAYS)
        own_sources, own_near, own_size = sources[k], near[k], sizes[k]
        own_runs = [run_end[source] for source in own_sources]
        own_conflicts = conflicts[k]
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
                own_conflicts.append(other)
                conflicts[other].append(k)
            other += 1
    ids = [event.id for _, event in dated]
    kept: dict[str, tuple[str, ...]] = {}
    for k, others in enumerate(conflicts):
        if others:
            nearest = _nearest_in_date(others, k, days, ids)
            kept[ids[k]] = tuple(sorted(ids[o] for o in nearest))
    return tuple(dataclasses.replace(e, conflicts=kept[e.id]) if e.id in kept else e for e in events)


def _nearest_in_date(others: list[int], k: int, days: list[int], ids: list[str]) -> list[int]:
    """The CONFLICTS_KEPT of `others` nearest in date to k, of equally near ones the first by id:
    `sorted(others, key=lambda o: (abs(days[o] - days[k]), ids[o]))[:CONFLICTS_KEPT]`.

    `others` and `days` are in date order, so the events within d days of k are a slice of
    `others`, found by bisection: the slices grow a day at a time until they hold enough, and
    only the events of the last day reached are sorted, not every conflict of k (at 10,000
    articles an event can have hundreds).
    """
    if len(others) <= CONFLICTS_KEPT:
        return others
    day = days[k]
    low = high = bisect_left(others, k)  # others[low:high]: those nearer than `distance`
    distance = 0
    while True:
        new_low = bisect_left(others, bisect_left(days, day - distance))
        new_high = bisect_left(others, bisect_right(days, day + distance))
        if new_high - new_low >= CONFLICTS_KEPT:
            ring = others[new_low:low] + others[high:new_high]  # exactly `distance` days away
            ring.sort(key=ids.__getitem__)
            return others[low:high] + ring[: CONFLICTS_KEPT - (high - low)]
        low, high = new_low, new_high
        distance += 1


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
            sentences = paragraph_sentences(paragraph.text)
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
    anchors = _Anchors(
        set().union(*(_anchor_words(m.found) for m in relative)), frozenset().union(*(m.actors for m in relative))
    )
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
