"""Citations in contributor Markdown: `[@source-id]`, `[@source-id, p3]`, `[@source-id "exact words"]`.

Several citations share one bracket, separated by `;`: `[@cnn-indonesia-2025-08-13, p2; @idn-times, p3]`.
Parsing is a markdown-it-py inline rule (so citations inside code spans or link destinations are
not citations), registered before `link`; every citation keeps its line and column in the file:
the rule records where it starts in its paragraph's inline text, and the paragraph rule records
where each line of that text is in the file. Resolution turns each item into a paragraph of a
source, or a located error.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.paragraph import paragraph
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
        # The text parsed: the paragraph's, except inside an image's description, parsed on its own.
        token.meta = {"offset": start, "text": state.src}
    state.pos = end + 1
    return True


@dataclass(frozen=True, slots=True)
class _LineStart:
    """Where one line of a paragraph's inline text starts: in that text, and in the file."""

    offset: int  # in the inline text (negative for a first line whose indentation was trimmed)
    line: int  # 1-based, in the file
    column: int  # 1-based, of the character at `offset`


def _line_starts(state: StateBlock, first: int, end: int, content: str) -> tuple[_LineStart, ...]:
    """Where each line of the paragraph on lines [first, end) starts, as `paragraph` cuts it.

    markdown-it's paragraph text is its lines without block indentation and container markers
    (`> `, list item indentation), joined by "\n" and trimmed: the same cut, one line at a time,
    tells where each line's text starts in the file.
    """
    starts: list[_LineStart] = []
    offset = 0
    for line in range(first, end):
        text = state.getLines(line, line + 1, state.blkIndent, False)
        # A tab cut in half is padded with spaces: `text_start` is then off by the padding, but
        # every character after it, a citation's included, is where it should be.
        text_start = state.eMarks[line] - len(text)
        line_start = state.src.rfind("\n", 0, state.bMarks[line]) + 1
        starts.append(_LineStart(offset, line + 1, text_start - line_start + 1))
        offset += len(text) + 1
    whole = state.getLines(first, end, state.blkIndent, False)
    # The paragraph's text is `whole` trimmed, so it first occurs where the trimmed start ends.
    trimmed = max(whole.find(content), 0)
    return tuple(_LineStart(s.offset - trimmed, s.line, s.column) for s in starts)


def _located_paragraph(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """markdown-it's paragraph rule, which also records where the paragraph's lines are."""
    first_token = len(state.tokens)
    if not paragraph(state, start_line, end_line, silent):
        return False
    if not silent:
        inline = state.tokens[first_token + 1]
        inline.meta = {**inline.meta, "line_starts": _line_starts(state, start_line, state.line, inline.content)}
    return True


@dataclass(frozen=True, slots=True)
class _ParagraphPlaces:
    """Turns offsets in a paragraph's inline text into places in the file."""

    line_starts: Sequence[_LineStart]
    offsets: Sequence[int]  # of each line start, ascending, for bisection

    @classmethod
    def of(cls, inline: Token) -> _ParagraphPlaces:
        line_starts: Sequence[_LineStart] = inline.meta["line_starts"]
        return cls(line_starts, [start.offset for start in line_starts])

    def position(self, offset: int) -> tuple[int, int]:
        """File line and column of the character at `offset`."""
        start = self.line_starts[max(bisect.bisect_right(self.offsets, offset) - 1, 0)]
        return start.line, start.column + offset - start.offset


def citations_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.block.ruler.at("paragraph", _located_paragraph)


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


def _citation_offset(citation: Token, paragraph_text: str) -> int:
    """Where the citation starts in its paragraph's inline text."""
    offset: int = citation.meta["offset"]
    parsed: str = citation.meta["text"]
    if parsed is paragraph_text:
        return offset
    # An image's description is a piece of the paragraph text, parsed on its own; the first
    # piece that reads the same is the best guess there is.
    return max(paragraph_text.find(parsed), 0) + offset


def parse_document(text: str, path: str) -> tuple[Block, ...]:
    """Every top-level-or-nested paragraph of a Markdown file, with its located citations.

    Lines are counted as markdown-it counts them: "\n", "\r\n" and a lone "\r" each end one.
    """
    tokens = _parser().parse(text)
    blocks: list[Block] = []
    for index, token in enumerate(tokens):
        if token.type != "paragraph_open" or token.map is None:
            continue
        inline = tokens[index + 1]
        places = _ParagraphPlaces.of(inline)
        citations = []
        for child in _walk(inline):
            if child.type != "citation":
                continue
            line, column = places.position(_citation_offset(child, inline.content))
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
        blocks.append(Block(index=len(blocks), line=token.map[0] + 1, text=inline.content, citations=tuple(citations)))
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
