"""Role conflicts: one source's account of an event says "<role> <country>" with no name where
the others name a person they tie to another country, or one source ties a person to a country
that two or more others do not."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice

from ..model import Event, Span
from .index import _Index
from .model import Marked, RoleConflict
from .positions import _ByStart
from .role_phrases import _role_phrases, _RolePhrase
from .text import _truncate

MAX_WITNESSES = 5  # other sources' sentences shown next to a role conflict


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
