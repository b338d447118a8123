"""Plan the site: which pages exist, their nav titles and the data each template needs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any

import jinja2

from ..model import Corpus, Source
from ..rules import RuleSet
from .render import environment

SOURCES_SECTION = "sources"
# A source published this long before the newest one is background, not news of the event.
BACKGROUND_AFTER = dt.timedelta(days=365)


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    src_uri: str  # e.g. "sources/cnn-indonesia-2025-08-13.md"
    title: str  # nav title
    markdown: str


@dataclass(frozen=True, slots=True, kw_only=True)
class NavEntry:
    title: str
    src_uri: str
    children: tuple[NavEntry, ...] = field(default=())


@dataclass(frozen=True, slots=True, kw_only=True)
class SitePlan:
    pages: tuple[Page, ...]
    nav: tuple[NavEntry, ...]


def source_uri(source: Source) -> str:
    return f"{SOURCES_SECTION}/{source.id}.md"


def _sort_key(published: dt.datetime | dt.date | None) -> tuple[int, str]:
    return (0, published.isoformat()) if published is not None else (1, "")


def by_date(sources: Iterable[Source]) -> list[Source]:
    """Oldest first; undated sources last, in file order."""
    return sorted(sources, key=lambda s: _sort_key(s.metadata.published))


def _as_datetime(value: dt.datetime | dt.date) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)


def background_ids(corpus: Corpus) -> frozenset[str]:
    dated = [s for s in corpus.sources if s.metadata.published is not None]
    if not dated:
        return frozenset()
    newest = max(_as_datetime(s.metadata.published) for s in dated if s.metadata.published)
    return frozenset(
        s.id for s in dated if s.metadata.published and newest - _as_datetime(s.metadata.published) > BACKGROUND_AFTER
    )


def _months(sources: list[Source]) -> list[tuple[str, list[Source]]]:
    dated = [s for s in sources if s.metadata.published is not None]
    return [
        (month, list(group))
        for month, group in groupby(
            dated,
            key=lambda s: s.metadata.published.strftime("%Y-%m"),  # type: ignore[union-attr]
        )
    ]


def _people(corpus: Corpus) -> list[tuple[str, str, list[Source]]]:
    """Outlets and authors named in the metadata: (name, kind, sources) sorted by name."""
    entries: dict[tuple[str, str], list[Source]] = {}
    for source in corpus.sources:
        if source.metadata.outlet:
            entries.setdefault((source.metadata.outlet, "media"), []).append(source)
        if source.metadata.author:
            entries.setdefault((source.metadata.author, "author"), []).append(source)
    return [(name, kind, found) for (name, kind), found in sorted(entries.items(), key=lambda e: e[0][0].lower())]


def plan_site(corpus: Corpus, rules: RuleSet, templates: Path | None = None) -> SitePlan:
    env = environment(templates)
    background = background_ids(corpus)
    ordered = by_date(corpus.sources)
    common: dict[str, Any] = {
        "corpus": corpus,
        "story": corpus.story,
        "background": background,
        "source_uri": source_uri,
    }

    def render(template: str, src_uri: str, **context: Any) -> str:
        root = "../" * src_uri.count("/")
        try:
            return env.get_template(template).render(**common, root=root, **context)
        except jinja2.TemplateError as exc:  # a broken override template is a contributor error
            raise ValueError(f"template {template}: {exc}") from exc

    pages = [
        Page(src_uri="index.md", title="Home", markdown=render("index.md.j2", "index.md", ordered=ordered)),
        Page(
            src_uri="explainer.md",
            title="Explainer",
            markdown=render("explainer.md.j2", "explainer.md", ordered=list(reversed(ordered))),
        ),
        Page(
            src_uri="glossary.md",
            title="Glossary",
            markdown=render("glossary.md.j2", "glossary.md", people=_people(corpus)),
        ),
        Page(
            src_uri="timeline.md",
            title="Timeline",
            markdown=render(
                "timeline.md.j2",
                "timeline.md",
                months=_months(ordered),
                undated=[s for s in ordered if s.metadata.published is None],
            ),
        ),
        Page(
            src_uri="comparison.md",
            title="Source comparison",
            markdown=render("comparison.md.j2", "comparison.md", ordered=ordered),
        ),
        Page(
            src_uri=f"{SOURCES_SECTION}/index.md",
            title="Sources",
            markdown=render("sources.md.j2", f"{SOURCES_SECTION}/index.md", ordered=ordered),
        ),
        Page(
            src_uri="cleaning-rules.md",
            title="Cleaning rules",
            markdown=render("cleaning-rules.md.j2", "cleaning-rules.md", rules=rules.rules),
        ),
    ]
    for source in ordered:
        uri = source_uri(source)
        pages.append(Page(src_uri=uri, title=source.label, markdown=render("source.md.j2", uri, source=source)))

    source_entries = tuple(NavEntry(title=p.title, src_uri=p.src_uri) for p in pages[7:])
    by_uri = {p.src_uri: p for p in pages}

    def entry(uri: str, children: tuple[NavEntry, ...] = ()) -> NavEntry:
        return NavEntry(title=by_uri[uri].title, src_uri=uri, children=children)

    nav = (
        entry("index.md"),
        entry("explainer.md"),
        entry("glossary.md"),
        entry("timeline.md"),
        entry("comparison.md"),
        entry(f"{SOURCES_SECTION}/index.md", source_entries),
        entry("cleaning-rules.md"),
    )
    return SitePlan(pages=tuple(pages), nav=nav)
