"""Coverage: the actors and dated facts the most sources mention, source by source, with the
paragraphs that mention them, and what only one source mentions."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from ..model import Event, Source, Span
from .index import _Index
from .model import Cell, Coverage, CoverageRow, Exclusive, Ref
from .settings import CoverageSettings
from .text import _paragraph_order, _truncate


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
