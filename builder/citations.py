"""Citations in contributor Markdown: `[@source-id]`, `[@source-id, p3]`, `[@source-id "exact words"]`.

Several citations share one bracket, separated by `;`: `[@cnn-indonesia-2025-08-13, p2; @idn-times, p3]`.
Parsing is a markdown-it-py inline rule (so citations inside code spans or link destinations are
not citations), registered before `link`; every citation keeps its line and column in the file.
Resolution turns each item into a paragraph of a source, or a located error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from .diagnostics import Diagnostic, Location, error
from .model import Corpus, Paragraph, Source

_ITEM = re.compile(
    r"""^\s*@(?P<id>[A-Za-z0-9][\w.-]*)
        (?:\s*,\s*(?:p|¶)\s*(?P<paragraph>\d+)
          |\s+["“](?P<words>[^"”]+)["”]
        )?\s*$""",
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class CitationItem:
    source_id: str
    paragraph: int | None = None
    words: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Citation:
    """One `[@...]` bracket as written in a file."""

    raw: str  # the bracket exactly as written
    items: tuple[CitationItem, ...]
    problems: tuple[str, ...]  # items that could not be parsed
    at: Location
    block: int  # index of the paragraph block it belongs to


@dataclass(frozen=True, slots=True, kw_only=True)
class Block:
    """A paragraph of the file, with its citations: every paragraph must cite a source."""

    index: int
    line: int  # 1-based first line
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Resolved:
    item: CitationItem
    source: Source
    paragraph: Paragraph | None  # None: the source as a whole
    sentence: str  # what the reader sees in the preview


def _citation_rule(state: StateInline, silent: bool) -> bool:
    start = state.pos
    if not state.src.startswith("[@", start):
        return False
    end = state.src.find("]", start)
    if end < 0 or "\n\n" in state.src[start:end]:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.content = state.src[start : end + 1]
        token.meta = {"offset": start}
    state.pos = end + 1
    return True


def citations_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "citation", _citation_rule)


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").use(citations_plugin)


def _parse_items(raw: str) -> tuple[tuple[CitationItem, ...], tuple[str, ...]]:
    items: list[CitationItem] = []
    problems: list[str] = []
    for part in raw[1:-1].split(";"):
        match = _ITEM.match(part)
        if match is None:
            problems.append(part.strip())
            continue
        items.append(
            CitationItem(
                source_id=match.group("id"),
                paragraph=int(match.group("paragraph")) if match.group("paragraph") else None,
                words=match.group("words"),
            )
        )
    return tuple(items), tuple(problems)


def _locate(lines: list[str], first_line: int, last_line: int, raw: str, seen: set[tuple[int, int]]) -> tuple[int, int]:
    """Line and column (1-based) of `raw` within a block, skipping occurrences already taken."""
    for number in range(first_line, last_line):
        column = lines[number].find(raw)
        while column >= 0:
            if (number, column) not in seen:
                seen.add((number, column))
                return number + 1, column + 1
            column = lines[number].find(raw, column + 1)
    return first_line + 1, 1


def parse_document(text: str, path: str) -> tuple[Block, ...]:
    """Every top-level-or-nested paragraph of a Markdown file, with its located citations."""
    lines = text.split("\n")
    tokens = _parser().parse(text)
    blocks: list[Block] = []
    seen: set[tuple[int, int]] = set()
    for index, token in enumerate(tokens):
        if token.type != "paragraph_open" or token.map is None:
            continue
        inline = tokens[index + 1]
        first, last = token.map
        citations = []
        for child in _walk(inline):
            if child.type != "citation":
                continue
            line, column = _locate(lines, first, last, child.content, seen)
            items, problems = _parse_items(child.content)
            citations.append(
                Citation(
                    raw=child.content,
                    items=items,
                    problems=problems,
                    at=Location(path, line, column),
                    block=len(blocks),
                )
            )
        blocks.append(Block(index=len(blocks), line=first + 1, text=inline.content, citations=tuple(citations)))
    return tuple(blocks)


def _walk(token: Token) -> Iterator[Token]:
    for child in token.children or ():
        yield child
        yield from _walk(child)


def normalise(text: str) -> str:
    """Compare cited words with source text ignoring only whitespace and quote-mark style."""
    text = re.sub(r"[“”„‟\"]", '"', text)
    text = re.sub(r"[‘’‚‛`']", "'", text)
    return " ".join(text.split())


def resolve(citation: Citation, corpus: Corpus) -> tuple[list[Resolved], list[Diagnostic]]:
    from .extract.sentences import split_sentences

    resolved: list[Resolved] = []
    problems: list[Diagnostic] = [
        error(
            citation.at, "citation-syntax", f'cannot read {part!r} in {citation.raw}: use @id, @id, p3 or @id "words"'
        )
        for part in citation.problems
    ]
    for item in citation.items:
        source = corpus.source(item.source_id)
        if source is None:
            known = ", ".join(s.id for s in corpus.sources)
            problems.append(
                error(citation.at, "unknown-source", f"no source with id {item.source_id!r} (known: {known})")
            )
            continue
        if item.paragraph is not None:
            if not 1 <= item.paragraph <= len(source.paragraphs):
                problems.append(
                    error(
                        citation.at,
                        "unknown-paragraph",
                        f"{item.source_id} has paragraphs p1 to p{len(source.paragraphs)}, not p{item.paragraph}",
                    )
                )
                continue
            paragraph = source.paragraphs[item.paragraph - 1]
            resolved.append(Resolved(item=item, source=source, paragraph=paragraph, sentence=paragraph.text))
        elif item.words is not None:
            wanted = normalise(item.words)
            found = next((p for p in source.paragraphs if wanted in normalise(p.text)), None)
            if found is None:
                problems.append(
                    error(citation.at, "quote-not-found", f"the words {item.words!r} are not in {item.source_id}")
                )
                continue
            sentence = next((s.text for s in split_sentences(found.text) if wanted in normalise(s.text)), found.text)
            resolved.append(Resolved(item=item, source=source, paragraph=found, sentence=sentence))
        else:
            lede = next((p for p in source.paragraphs if p.kind == "text"), None)
            resolved.append(
                Resolved(
                    item=item,
                    source=source,
                    paragraph=None,
                    sentence=source.metadata.title or (lede.text if lede else ""),
                )
            )
    return resolved, problems
