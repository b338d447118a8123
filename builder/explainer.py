"""The explainer page: the curated `explainer.md` (or a generated draft) with its citations
rendered as numbered, previewable links, and actor names linked to the glossary.

Citations become `[¹ preview](sources/<id>.md#pN){ .ae-cite #cite-N }` links: MkDocs checks the link
and anchor, the preview (outlet, date, cited sentence) shows on hover and on keyboard focus
through CSS alone, and `#cite-N` lets source pages link back to where they are cited.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .citations import Block, Resolved, parse_document, resolve
from .diagnostics import Diagnostic, Location, Stage, error, warning
from .events import reference_date
from .extract.dates import find_dates
from .model import Actor, Corpus, Event, EventMention
from .pages.escape import md_text
from .pages.ui import Translator, translator

EXPLAINER_PATH = "explainer.md"
PREVIEW_CHARS = 240
MIN_WORDS_NEEDING_CITATION = 5


@dataclass(frozen=True, slots=True, kw_only=True)
class CiteRecord:
    """One numbered citation on the explainer page, for backlinks from source pages."""

    number: int
    source_id: str
    paragraph_id: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ExplainerPage:
    markdown: str
    citations: tuple[CiteRecord, ...]
    curated: bool
    # actor id -> (first citation number, section title) of each explainer paragraph naming the actor
    actor_paragraphs: tuple[tuple[str, tuple[tuple[int, str], ...]], ...] = ()


def _preview(resolved: Resolved, t: Translator) -> str:
    meta = resolved.source.metadata
    when = meta.published.strftime("%Y-%m-%d") if meta.published else t("date_unknown")
    sentence = resolved.sentence
    if len(sentence) > PREVIEW_CHARS:
        sentence = sentence[: PREVIEW_CHARS - 1].rsplit(" ", 1)[0] + "…"
    where = f"¶{resolved.paragraph.id[1:]}" if resolved.paragraph else t("whole_article")
    return f"{meta.outlet or resolved.source.label}, {when}, {where}: “{sentence}”"


def _render_link(number: int, resolved: Resolved, root: str, t: Translator) -> str:
    target = f"{root}sources/{resolved.source.id}.md"
    if resolved.paragraph is not None:
        target += f"#{resolved.paragraph.id}"
    preview = md_text(_preview(resolved, t))
    return (
        f'[<sup>{number}</sup><span class="ae-cite__preview" role="tooltip">{preview}</span>]'
        f"({target}){{ .ae-cite #cite-{number} }}"
    )


def _replace_spans(text: str, replacements: Sequence[tuple[int, int, str]]) -> str:
    """`text` with each (start, end) span replaced, in one pass: slicing the whole text once per
    citation would make a long explainer quadratic."""
    pieces: list[str] = []
    last = 0
    for start, end, replacement in sorted(replacements):
        pieces.append(text[last:start])
        pieces.append(replacement)
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def _line_starts(text: str) -> list[int]:
    """Offset of the start of each line, so a line:column becomes an offset in constant time."""
    starts = [0]
    starts.extend(match.end() for match in re.finditer("\n", text))
    return starts


ActorNames = tuple[re.Pattern[str], dict[str, Actor]]


def _actor_names(actors: Sequence[Actor]) -> ActorNames | None:
    """One pattern over every actor name and alias (longest first), built once per page."""
    names = sorted(((n, a) for a in actors for n in (a.name, *a.aliases) if len(n) > 2), key=lambda p: -len(p[0]))
    if not names:
        return None
    pattern = re.compile(r"(?<![\w@#/-])(" + "|".join(re.escape(n) for n, _ in names) + r")(?![\w-])")
    return pattern, dict(names)


def _link_actors(block_text: str, names: ActorNames | None, linked: set[str], root: str) -> str:
    """Link the first mention of each actor in a section to its glossary entry."""
    if names is None:
        return block_text
    pattern, owner = names
    # Leave links, citations, code and HTML alone: only plain text between them is linked.
    protected = re.compile(r"\[[^\]]*\]\([^)]*\)(?:\{[^}]*\})?|\[@[^\]]*\]|`[^`]*`|<[^>]+>|\{[^}]*\}")
    pieces: list[str] = []
    last = 0
    for match in protected.finditer(block_text):
        pieces.append(_link_in(block_text[last : match.start()], pattern, owner, linked, root))
        pieces.append(match.group())
        last = match.end()
    pieces.append(_link_in(block_text[last:], pattern, owner, linked, root))
    return "".join(pieces)


def _link_in(text: str, pattern: re.Pattern[str], owner: dict[str, Actor], linked: set[str], root: str) -> str:
    def replace(match: re.Match[str]) -> str:
        actor = owner[match.group()]
        if actor.id in linked:
            return match.group()
        linked.add(actor.id)
        title = re.sub(r'["\\\n\r]', "'", actor.description or actor.name)
        return f'[{match.group()}]({root}glossary.md#actor-{actor.id} "{title}"){{ .ae-actor }}'

    return pattern.sub(replace, text)


def _dates_disagree(block: Block, resolved: Sequence[Resolved], reference: dt.date | None) -> list[tuple[str, str]]:
    """Dates the explainer states in a paragraph that none of its cited paragraphs support, as
    (ISO date, the words that state it), in the order they are written."""
    # Citation keys often hold dates (`[@antara-2025-08-13, p2]`); those are names, not statements.
    text = block.text
    for citation in block.citations:
        text = text.replace(citation.raw, " " * len(citation.raw))
    stated = [(f.value.iso(), text[f.start : f.end]) for f in find_dates(text, reference) if f.value is not None]
    cited: set[str] = set()
    any_dated = False
    for item in resolved:
        if item.paragraph is None:
            return []
        ref, _ = reference_date(item.source)
        values = {f.value for f in find_dates(item.paragraph.text, ref) if f.value is not None}
        any_dated = any_dated or bool(values)
        for value in values:
            cited.add(value.iso())
            cited.add(str(value.year))
            if value.month:
                cited.add(f"{value.year:04d}-{value.month:02d}")
    if not any_dated:
        return []
    shown: dict[str, str] = {}
    for iso, words in stated:
        if iso not in cited:
            shown.setdefault(iso, words)
    return list(shown.items())


def _locate_words(lines: Sequence[str], first_line: int, words: str) -> Location:
    """Where `words` first appear in a block starting at `first_line` (the block's start if they
    were wrapped over two lines)."""
    for number in range(first_line, len(lines) + 1):
        column = lines[number - 1].find(words)
        if column >= 0:
            return Location(EXPLAINER_PATH, number, column + 1)
        if not lines[number - 1].strip():
            break
    return Location(EXPLAINER_PATH, first_line, 1)


def _latest_reference(corpus: Corpus) -> dt.date | None:
    dates = [
        s.metadata.published.date() if isinstance(s.metadata.published, dt.datetime) else s.metadata.published
        for s in corpus.sources
        if s.metadata.published is not None
    ]
    return max(dates) if dates else None


# A draft is read, not searched: a few facts per section and a few sources per fact. With
# thousands of articles, listing every fact and every report would make a page of megabytes;
# the timeline and the source pages keep the rest.
DRAFT_FACTS_PER_SECTION = 30
DRAFT_SOURCES_PER_FACT = 5


def _draft_citations(event: Event) -> list[EventMention]:
    """One report per source, for the first few sources in id order (stable across builds)."""
    first: dict[str, EventMention] = {}
    for mention in sorted(event.mentions, key=lambda m: (m.span.source, m.span.paragraph)):
        first.setdefault(mention.span.source, mention)
    return list(first.values())[:DRAFT_SOURCES_PER_FACT]


def draft_markdown(corpus: Corpus) -> str:
    """Without a curated explainer: the main facts, grouped, each cited, widest-reported first."""
    t = translator(corpus.story.language)
    reference = _latest_reference(corpus)
    try:
        recent_after = reference - dt.timedelta(days=90) if reference else None
    except OverflowError:  # a source dated in the first days of year 1
        recent_after = dt.date.min

    def is_recent(event: Event) -> bool:
        if recent_after is None:
            return True
        return (event.date.year, event.date.month or 1, event.date.day or 1) >= (
            recent_after.year,
            recent_after.month,
            recent_after.day,
        )

    def reach(event: Event) -> tuple[int, str]:
        return (-len({m.span.source for m in event.mentions}), event.date.iso())

    lines = [
        f"# {t('nav_explainer')}",
        "",
        f'!!! note "{t("draft_title")}"',
        f"    {t('draft_note')}",
        "",
    ]
    groups = [
        (t("draft_recent"), sorted((e for e in corpus.events if is_recent(e)), key=reach)),
        (t("draft_background"), sorted((e for e in corpus.events if not is_recent(e)), key=reach)),
    ]
    left_out = 0
    for title, events in groups:
        if not events:
            continue
        lines += [f"## {title}", ""]
        left_out += max(0, len(events) - DRAFT_FACTS_PER_SECTION)
        for event in events[:DRAFT_FACTS_PER_SECTION]:
            cited = _draft_citations(event)
            cites = "; ".join(f"@{m.span.source}, p{m.span.paragraph[1:]}" for m in cited)
            reporters = len({m.span.source for m in event.mentions})
            more = f" ({t('more_sources', n=reporters - len(cited))})" if reporters > len(cited) else ""
            lines += [f"**{event.date.iso()}**: {md_text(event.summary)} [{cites}]{more}", ""]
    if left_out:
        lines += [t("draft_more_facts", n=left_out), ""]
    if not corpus.events:
        for source in corpus.sources:
            lede = next((p for p in source.paragraphs if p.kind == "text"), None)
            if lede is not None:
                lines += [f"{md_text(lede.text)} [@{source.id}, p{lede.id[1:]}]", ""]
    return "\n".join(lines)


def prepare_explainer(corpus: Corpus) -> Stage[ExplainerPage]:
    t = translator(corpus.story.language)
    curated = corpus.explainer is not None
    text = corpus.explainer.markdown if corpus.explainer is not None else draft_markdown(corpus)
    blocks = parse_document(text, EXPLAINER_PATH)
    line_starts = _line_starts(text)
    source_lines = text.split("\n")
    problems: list[Diagnostic] = []
    replacements: list[tuple[int, int, str]] = []
    records: list[CiteRecord] = []
    cited_sources: set[str] = set()
    reference = _latest_reference(corpus)
    for block in blocks:
        words = len(re.sub(r"\[@[^\]]*\]", " ", block.text).split())
        if not block.citations and words >= MIN_WORDS_NEEDING_CITATION and curated:
            problems.append(
                error(
                    Location(EXPLAINER_PATH, block.line, 1),
                    "uncited-paragraph",
                    "this paragraph cites no source: add [@source-id, pN] after the statement it supports",
                )
            )
        block_resolved: list[Resolved] = []
        for citation in block.citations:
            resolved, found_problems = resolve(citation, corpus)
            problems.extend(found_problems)
            block_resolved.extend(resolved)
            links = []
            for item in resolved:
                number = len(records) + 1
                records.append(
                    CiteRecord(
                        number=number,
                        source_id=item.source.id,
                        paragraph_id=item.paragraph.id if item.paragraph else None,
                    )
                )
                cited_sources.add(item.source.id)
                links.append(_render_link(number, item, "", t))
            start = line_starts[citation.at.line - 1] + citation.at.column - 1
            # The bracket ends at its first "]"; wrapped over two lines, its text in the file also
            # holds the second line's indentation, which `raw` (markdown-it's text) does not.
            end = text.find("]", start) + 1 or start + len(citation.raw)
            replacements.append((start, end, "".join(links)))
        if curated and block.citations:
            for date, stated_as in _dates_disagree(block, block_resolved, reference):
                problems.append(
                    error(
                        _locate_words(source_lines, block.line, stated_as),
                        "date-disagrees",
                        f"the paragraph states {date}, but none of the paragraphs it cites gives that date",
                    )
                )
    actor_ids = {a.id for a in corpus.actors}
    for number, line in enumerate(text.split("\n"), start=1):
        for match in re.finditer(r"glossary\.md#actor-([a-z0-9-]+)", line):
            if match.group(1) not in actor_ids:
                problems.append(
                    error(
                        Location(EXPLAINER_PATH, number, match.start() + 1),
                        "unknown-actor",
                        f"the glossary has no actor {match.group(1)!r}",
                    )
                )
    if curated:
        for source in corpus.sources:
            if source.id not in cited_sources:
                problems.append(
                    warning(
                        Location(EXPLAINER_PATH),
                        "source-never-cited",
                        f"the explainer never cites {source.id} ({source.path})",
                    )
                )
    names = _actor_names(corpus.actors)
    actor_paragraphs = _actor_paragraphs(text, blocks, names)
    rendered = _replace_spans(text, replacements)
    rendered = _link_sections(rendered, names)
    page = ExplainerPage(
        markdown=rendered, citations=tuple(records), curated=curated, actor_paragraphs=actor_paragraphs
    )
    return Stage(page, tuple(problems))


def _section_titles(text: str) -> list[str]:
    """For each line of the file, the title of the section it is in."""
    titles, current = [], ""
    for line in text.split("\n"):
        if re.match(r"#{1,6}\s", line):
            current = line.lstrip("#").strip()
        titles.append(current)
    return titles


def _actor_paragraphs(
    text: str, blocks: Sequence[Block], names: ActorNames | None
) -> tuple[tuple[str, tuple[tuple[int, str], ...]], ...]:
    """Where the explainer talks about each actor: the first citation of each such paragraph."""
    sections = _section_titles(text)
    first_number: dict[int, int] = {}
    number = 0
    for block in blocks:
        for citation in block.citations:
            if block.index not in first_number and citation.items:
                first_number[block.index] = number + 1
            number += len(citation.items)
    found: dict[str, list[tuple[int, str]]] = {}
    if names is None:
        return ()
    pattern, owner = names
    for block in blocks:
        if block.index not in first_number:
            continue
        text = re.sub(r"\[@[^\]]*\]", " ", block.text)
        for actor_id in sorted({owner[m.group()].id for m in pattern.finditer(text)}):
            found.setdefault(actor_id, []).append((first_number[block.index], sections[block.line - 1]))
    return tuple((actor_id, tuple(numbers)) for actor_id, numbers in sorted(found.items()))


def _link_sections(markdown: str, names: ActorNames | None) -> str:
    """Glossary links for the first mention of each actor in each section (between headings)."""
    out: list[str] = []
    linked: set[str] = set()
    in_fence = False
    for line in markdown.split("\n"):
        if line.startswith("```"):
            in_fence = not in_fence
        if line.startswith("#") and not in_fence:
            linked = set()
            out.append(line)
        elif in_fence or not line.strip() or line.lstrip().startswith(("!!!", "???", "|")):
            out.append(line)
        else:
            out.append(_link_actors(line, names, linked, ""))
    return "\n".join(out)
