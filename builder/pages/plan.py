"""Plan the site: which pages exist, their nav titles and the data each template needs."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any

import jinja2

from ..compare import Comparison, compare
from ..explainer import ExplainerPage
from ..export import news_article_jsonld
from ..model import Actor, Corpus, Event, Quote, Source
from ..rules import RuleSet
from .coverage_svg import coverage_svg
from .render import environment
from .timeline_svg import timeline_svg
from .ui import Translator, translator

SOURCES_SECTION = "sources"
NAV_SOURCES_LIMIT = 50
# Lists on the aggregate pages (reports of an event, sources naming an actor, an actor's quotes)
# show this many entries and count the rest: with thousands of articles about one story, full
# lists make pages of megabytes. Every source page still shows all of its own paragraphs.
LIST_LIMIT = 12
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


KINDS = ("person", "organization", "media", "country", "place", "other")


def _events_by_month(
    events: Iterable[Event], month_names: Sequence[str]
) -> list[tuple[int, list[tuple[str, list[Event]]]]]:
    """Year -> month name ("" for events dated only by year) -> events, in date order."""
    ordered = sorted(events, key=lambda e: (e.date.year, e.date.month or 0, e.date.day or 0, e.id))
    years = []
    for year, in_year in groupby(ordered, key=lambda e: e.date.year):
        months = [
            (month_names[month - 1] if month else "", list(group))
            for month, group in groupby(in_year, key=lambda e: e.date.month or 0)
        ]
        years.append((year, months))
    return years


def _conflict_links(event: Event, events_by_id: Mapping[str, Event], t: Translator) -> str:
    """Links to the events that seem to be this one with another date; a long run of them (many
    sources, each a day off) is cut, or each event of the run would list all the others."""
    links = [f"[{events_by_id[other].date.iso()}](#event-{other})" for other in event.conflicts[:LIST_LIMIT]]
    if len(event.conflicts) > LIST_LIMIT:
        links.append(t("more_dates", n=len(event.conflicts) - LIST_LIMIT))
    return ", ".join(links)


def _quotes_by_speaker(corpus: Corpus) -> dict[str, list[Quote]]:
    found: dict[str, list[Quote]] = {}
    for quote in corpus.quotes:
        if quote.speaker:
            found.setdefault(quote.speaker, []).append(quote)
    return found


def _events_by_actor(corpus: Corpus) -> dict[str, list[Event]]:
    found: dict[str, list[Event]] = {}
    for event in sorted(corpus.events, key=lambda e: e.date.iso()):
        for actor_id in event.actors:
            found.setdefault(actor_id, []).append(event)
    return found


def _mentions_by_source(actor: Actor, ordered: Mapping[str, tuple[int, Source]]) -> list[tuple[Source, list[str]]]:
    """The paragraphs naming the actor, per source, sources oldest first (`ordered`: id -> (rank, source))."""
    paragraphs: dict[str, dict[str, None]] = {}
    for mention in actor.mentions:
        paragraphs.setdefault(mention.source, {})[mention.paragraph] = None
    ranked = sorted(ordered[source_id] for source_id in paragraphs if source_id in ordered)
    return [(source, list(paragraphs[source.id])) for _, source in ranked]


def _people(corpus: Corpus) -> list[tuple[str, str, list[Source]]]:
    """Outlets and authors named in the metadata: (name, kind, sources) sorted by name."""
    entries: dict[tuple[str, str], list[Source]] = {}
    for source in corpus.sources:
        if source.metadata.outlet:
            entries.setdefault((source.metadata.outlet, "media"), []).append(source)
        if source.metadata.author:
            entries.setdefault((source.metadata.author, "author"), []).append(source)
    return [(name, kind, found) for (name, kind), found in sorted(entries.items(), key=lambda e: e[0][0].lower())]


def _cited_by(explainer: ExplainerPage) -> dict[tuple[str, str | None], list[int]]:
    found: dict[tuple[str, str | None], list[int]] = {}
    for record in explainer.citations:
        found.setdefault((record.source_id, record.paragraph_id), []).append(record.number)
    return found


@dataclass(slots=True)
class PlanCache:
    """What one plan of a corpus can hand to the next plan of the same corpus.

    Under `mkdocs serve`, editing explainer.md changes the explainer page, the glossary's links
    into it and the cited-by marks of the sources it cites; every other page, and the source
    comparison, stays as it was. The owner (the pipeline) drops the cache when the corpus or the
    page templates change.
    """

    comparison: Comparison | None = None
    # src_uri -> (the explainer-dependent inputs the page was rendered from, its Markdown)
    pages: dict[str, tuple[Hashable, str]] = field(default_factory=dict)
    environment: jinja2.Environment | None = None
    # A contributor's own templates may show anything of the explainer on any page: re-render all.
    reuse_pages: bool = True


def plan_site(
    corpus: Corpus,
    rules: RuleSet,
    explainer: ExplainerPage,
    templates: Path | None = None,
    cache: PlanCache | None = None,
) -> SitePlan:
    """Every page's Markdown and the nav. With a `cache` from an earlier plan of the same corpus,
    pages whose explainer-dependent inputs did not change are taken from it."""
    cache = cache if cache is not None else PlanCache()
    if cache.environment is None:
        cache.environment = environment(templates)
    env = cache.environment
    t = translator(corpus.story.language)
    events_by_id = {e.id: e for e in corpus.events}
    if cache.comparison is None:
        cache.comparison = compare(corpus)
    comparison = cache.comparison
    background = background_ids(corpus)
    ordered = by_date(corpus.sources)
    rank = {source.id: (position, source) for position, source in enumerate(ordered)}
    common: dict[str, Any] = {
        "corpus": corpus,
        "story": corpus.story,
        "background": background,
        "source_uri": source_uri,
        "sources_by_id": {s.id: s for s in corpus.sources},
        "actor_names": {a.id: a.name for a in corpus.actors},
        "cited_by": _cited_by(explainer),
        # per source, counted once: a template loop over all citations per page would be quadratic
        "cited_count": Counter(record.source_id for record in explainer.citations),
        "jsonld": news_article_jsonld,
        "list_limit": LIST_LIMIT,
        "t": t,
    }

    cited_by = common["cited_by"]

    def render(template: str, src_uri: str, **context: Any) -> str:
        root = "../" * src_uri.count("/")
        try:
            return env.get_template(template).render(**common, root=root, **context)
        except jinja2.TemplateError as exc:  # a broken override template is a contributor error
            raise ValueError(f"template {template}: {exc}") from exc

    def kept(src_uri: str, depends_on: Hashable, make: Callable[[], str]) -> str:
        """The page as rendered before if what it shows of the explainer (`depends_on`) is unchanged."""
        if not cache.reuse_pages:
            return make()
        before = cache.pages.get(src_uri)
        if before is not None and before[0] == depends_on:
            return before[1]
        markdown = make()
        cache.pages[src_uri] = (depends_on, markdown)
        return markdown

    def source_page(source: Source) -> str:
        uri = source_uri(source)
        citing = tuple(
            (paragraph_id, tuple(cited_by[(source.id, paragraph_id)]))
            for paragraph_id in (None, *(p.id for p in source.paragraphs))
            if (source.id, paragraph_id) in cited_by
        )
        return kept(uri, citing, lambda: render("source.md.j2", uri, source=source))

    def glossary() -> str:
        return render(
            "glossary.md.j2",
            "glossary.md",
            people=_people(corpus),
            actors=corpus.actors,
            kinds=KINDS,
            quotes_by=_quotes_by_speaker(corpus),
            events_by=_events_by_actor(corpus),
            explained=dict(explainer.actor_paragraphs),
            mentions_by_source=lambda actor: _mentions_by_source(actor, rank),
        )

    def timeline() -> str:
        return render(
            "timeline.md.j2",
            "timeline.md",
            ordered=ordered,
            events=corpus.events,
            events_by_id=events_by_id,
            events_by_month=_events_by_month(corpus.events, t.words("months")),
            timeline_graphic=timeline_svg(
                corpus.events,
                background_sources=background,
                event_href=lambda e: f"#event-{e.id}",
                title=t("timeline_graphic_title", story=corpus.story.title),
                description=t("timeline_graphic_description"),
                words=t.raw("graphic"),
            ),
            conflict_links=lambda event: _conflict_links(event, events_by_id, t),
            background_only=lambda event: all(m.span.source in background for m in event.mentions),
        )

    def comparison_page() -> str:
        return render(
            "comparison.md.j2",
            "comparison.md",
            ordered=ordered,
            comparison=comparison,
            coverage_graphic=coverage_svg(
                comparison.coverage,
                title=t("coverage_graphic_title"),
                description=t("coverage_graphic_description"),
                cell_href=lambda source_id, paragraph: f"{SOURCES_SECTION}/{source_id}.html#{paragraph}",
                row_href=lambda kind, row: (
                    f"glossary.html#actor-{row}" if kind == "actor" else f"timeline.html#event-{row}"
                ),
                source_labels={s.id: s.label for s in corpus.sources},
                background_sources=background,
                words=t.raw("coverage_graphic"),
            ),
        )

    sources_index = f"{SOURCES_SECTION}/index.md"
    # Only the explainer, the glossary and the source pages show anything of explainer.md.
    pages = [
        Page(
            src_uri="index.md",
            title=t("nav_home"),
            markdown=kept("index.md", (), lambda: render("index.md.j2", "index.md", ordered=ordered)),
        ),
        Page(
            src_uri="explainer.md",
            title=t("nav_explainer"),
            markdown=render("explainer.md.j2", "explainer.md", explainer=explainer),
        ),
        Page(
            src_uri="glossary.md",
            title=t("nav_glossary"),
            markdown=kept("glossary.md", explainer.actor_paragraphs, glossary),
        ),
        Page(src_uri="timeline.md", title=t("nav_timeline"), markdown=kept("timeline.md", (), timeline)),
        Page(src_uri="comparison.md", title=t("nav_comparison"), markdown=kept("comparison.md", (), comparison_page)),
        Page(
            src_uri=sources_index,
            title=t("nav_sources"),
            markdown=kept(sources_index, (), lambda: render("sources.md.j2", sources_index, ordered=ordered)),
        ),
        Page(
            src_uri="cleaning-rules.md",
            title=t("nav_rules"),
            markdown=kept(
                "cleaning-rules.md", (), lambda: render("cleaning-rules.md.j2", "cleaning-rules.md", rules=rules.rules)
            ),
        ),
    ]
    for source in ordered:
        pages.append(Page(src_uri=source_uri(source), title=source.label, markdown=source_page(source)))

    # Every page of a section carries the section's nav: with thousands of sources that makes the
    # site quadratic in size. Past a limit the sources index alone lists them.
    source_entries = (
        tuple(NavEntry(title=p.title, src_uri=p.src_uri) for p in pages[7:])
        if len(corpus.sources) <= NAV_SOURCES_LIMIT
        else ()
    )
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


def search_page(corpus: Corpus) -> Page:
    """The page holding Pagefind's search box, for sites built with `--search pagefind`."""
    t = translator(corpus.story.language)
    markdown = environment().get_template("search.md.j2").render(t=t)
    return Page(src_uri="search.md", title=t("nav_search"), markdown=markdown)
