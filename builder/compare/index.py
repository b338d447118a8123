"""`_Index`: the look-ups the analyses share (paragraphs, sentences, actor and event mentions,
names), built once per corpus so that each analysis asks rather than rescans."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from ..extract.sentences import split_sentences
from ..model import Corpus, Event, Paragraph, Source, Span
from .model import Marked
from .positions import _ByStart, _Stretches
from .text import _tokens


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
