"""The coverage graphic ("who reports what"): one inline, script-free SVG drawn at build time.

`coverage_svg()` draws `builder.compare.Coverage` as a matrix and returns a single `<svg>`
element as one line of text, ready to sit in a generated Markdown page inside a
`<div class="ae-coverage-scroll">`. Nothing in it runs or loads anything: no script, no font,
no external reference. Colours come from CSS classes (`overrides/assets/coverage.css`) that use
Material's variables, so it follows the light and dark schemes; shapes also carry
`currentColor` presentation attributes so they stay legible without the stylesheet.

Reading the graphic
    Rows are the actors, then the dated facts, each group under its own label with a rule
    between them; columns are the sources (labels rotated 45 degrees), then the number of
    sources that mention the row. A source that mentions a row gets a tinted box with the
    number of its paragraphs that do, so the cell is never told by colour alone; a source that
    does not gets an empty outlined box. With `cell_href`, each filled box is a link (to the
    first such paragraph) whose `<title>` names source, row and paragraphs.

    - A row only one source mentions has a dashed outline around it.
    - A row only background sources mention has hollow, dashed boxes.
    - A background source's column (published long before the others) is hatched and its
      label set in italics.

    A legend under the matrix explains whichever of these the graphic uses.

Size
    At most `MAX_ROWS` rows and `MAX_COLUMNS` source columns are drawn (both can be lowered
    per call). What is left out, plus the sources `compare()` already kept out of the matrix
    (`Coverage.hidden`), is counted in the `<desc>` and in a footer line. Labels are cut to fit
    with an ellipsis; the full text stays in a `<title>`. Output is bounded whatever the input.

Text safety
    Labels are untrusted article text. The drawing is serialised by
    `timeline_svg.serialise`, which escapes every text node and attribute value (XML's
    characters and the ASCII punctuation Markdown reads), drops characters XML forbids and bidi
    controls, and folds line breaks, so the output is one well-formed line that Python-Markdown
    passes through untouched. Links go through `timeline_svg.safe_href` (relative or http(s))
    and use `xlink:href`: Material's instant navigation rewrites every `[href]` element and
    fails on SVG links.

Output is deterministic: rows and columns keep `compare()`'s order and every coordinate is
rounded to one decimal place.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Collection, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass

from ..compare import Coverage, CoverageRow
from .timeline_svg import FONT_SIZE, SVG_NS, XLINK_NS, _el, _n, clean_text, fit_text, safe_href, serialise, text_width

__all__ = ["ENGLISH", "MAX_COLUMNS", "MAX_ROWS", "coverage_svg"]

# --- Geometry (user units = CSS pixels: the SVG is drawn at its natural size) -----------------

LEFT = 10.0
TOP = 8.0
LABEL_WIDTH = 250.0  # row labels
COLUMN_WIDTH = 40.0
COUNT_WIDTH = 52.0
ROW_HEIGHT = 26.0
GROUP_HEIGHT = 28.0
MARK_WIDTH = 28.0
MARK_HEIGHT = 18.0
HEADER_ROOM = 176.0  # text advance allowed to a rotated column label
LABEL_GAP = 10.0  # between a row label and the first column
MIN_WIDTH = 560.0
LEGEND_COLUMN = 330.0  # widest legend column: the legend stays in view on wide matrices
SIN45 = math.sqrt(0.5)

MAX_ROWS = 25
MAX_COLUMNS = 20
TITLE_PARAGRAPHS = 8  # paragraph numbers listed in a cell's title

ENGLISH: Mapping[str, str] = {
    "roledescription": "coverage matrix",
    "actors": "Actors",
    "facts": "Facts",
    "count": "Sources",
    "cell_one": "{source} mentions “{row}” in 1 paragraph: {paragraphs}",
    "cell_other": "{source} mentions “{row}” in {n} paragraphs: {paragraphs}",
    "count_title_one": "“{row}”: 1 source",
    "count_title_other": "“{row}”: {n} sources",
    "only": "only this source",
    "background_only": "only background sources",
    "background_source": "{source} (background source)",
    "legend_reported": "Mentioned: number of paragraphs",
    "legend_empty": "Not mentioned",
    "legend_only": "Dashed outline: one source only",
    "legend_background_row": "Dashed box: background sources only",
    "legend_background_column": "Hatched column: background source",
    "rows_left_out": "Rows not shown: {n}.",
    "sources_left_out": "Sources not shown: {n}.",
    "empty": "Nothing to compare.",
}
_WORDS: ContextVar[Mapping[str, str]] = ContextVar("coverage_words", default=ENGLISH)


def _w(key: str, **values: object) -> str:
    """A word from the current `words`, formatted (`str.format` fields: {n}, {source}, ...)."""
    return (_WORDS.get().get(key) or ENGLISH[key]).format(**values)


def _plural(key: str, n: int, **values: object) -> str:
    return _w(f"{key}_{'one' if n == 1 else 'other'}", n=n, **values)


@dataclass(frozen=True, slots=True)
class _Row:
    kind: str  # "actor" or "fact"
    row: CoverageRow
    top: float


@dataclass(frozen=True, slots=True)
class _Column:
    source: str
    label: str  # as drawn
    full: str  # for the title
    background: bool
    centre: float


def _split_rows(coverage: Coverage, max_rows: int) -> tuple[tuple[CoverageRow, ...], tuple[CoverageRow, ...]]:
    """Actors and facts within `max_rows`: each group keeps at least half if it needs it."""
    actors, facts = coverage.actors, coverage.facts
    half = max_rows // 2
    keep_facts = min(len(facts), max(max_rows - len(actors), half))
    keep_actors = min(len(actors), max_rows - keep_facts)
    keep_facts = min(len(facts), max_rows - keep_actors)
    return actors[:keep_actors], facts[:keep_facts]


def _paragraphs(paragraphs: Sequence[str]) -> str:
    shown = ", ".join("¶" + p.removeprefix("p") for p in paragraphs[:TITLE_PARAGRAPHS])
    return shown + (", …" if len(paragraphs) > TITLE_PARAGRAPHS else "")


def _prefix(id_prefix: str) -> str:
    prefix = re.sub(r"[^A-Za-z0-9_-]", "-", id_prefix) or "ae-coverage"
    return prefix if prefix[0].isalpha() else "c" + prefix


@dataclass(frozen=True, slots=True)
class _Text:
    title: str
    description: str
    prefix: str


def _root(size: tuple[float, float], text: _Text, *, links: bool) -> ET.Element:
    width, height = size
    prefix = text.prefix
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "class": "ae-coverage",
            "viewBox": f"0 0 {_n(width)} {_n(height)}",
            "width": _n(width),
            "height": _n(height),
            # With links, "img" would hide them (and axe reports nested interactive content).
            "role": "graphics-document" if links else "img",
            "aria-roledescription": _w("roledescription"),
            "aria-labelledby": f"{prefix}-title {prefix}-desc",
            "font-size": _n(FONT_SIZE),
        },
    )
    if links:
        root.set("xmlns:xlink", XLINK_NS)
    _el(root, "title", clean_text(text.title), id=f"{prefix}-title")
    _el(root, "desc", clean_text(text.description), id=f"{prefix}-desc")
    return root


def _mark(parent: ET.Element, cx: float, top: float, count: int | None, hollow: bool) -> None:
    """A reported cell: a tinted box (hollow and dashed for background-only rows) and its number."""
    y = top + (ROW_HEIGHT - MARK_HEIGHT) / 2
    paint = {"fill": "none", "stroke_dasharray": "3 2"} if hollow else {"fill": "currentColor", "fill_opacity": "0.2"}
    _el(
        parent,
        "rect",
        class_="ae-cv-mark",
        x=_n(cx - MARK_WIDTH / 2),
        y=_n(y),
        width=_n(MARK_WIDTH),
        height=_n(MARK_HEIGHT),
        rx="3",
        stroke="currentColor",
        stroke_width="1.5",
        **paint,
    )
    if count is not None:
        number = str(count) if count < 100 else "99+"
        _el(parent, "text", number, class_="ae-cv-num", x=_n(cx), y=_n(top + ROW_HEIGHT / 2 + 4), text_anchor="middle")


def _empty(parent: ET.Element, cx: float, top: float) -> None:
    y = top + (ROW_HEIGHT - MARK_HEIGHT) / 2
    _el(
        parent,
        "rect",
        class_="ae-cv-empty",
        x=_n(cx - MARK_WIDTH / 2 + 0.5),
        y=_n(y + 0.5),
        width=_n(MARK_WIDTH - 1),
        height=_n(MARK_HEIGHT - 1),
        rx="3",
        fill="none",
        stroke="currentColor",
        stroke_opacity="0.3",
    )


def _hatch(parent: ET.Element, box: tuple[float, float, float, float], prefix: str) -> None:
    x, y, width, height = box
    _el(
        parent,
        "rect",
        class_="ae-cv-hatch",
        x=_n(x),
        y=_n(y),
        width=_n(width),
        height=_n(height),
        fill=f"url(#{prefix}-hatch)",
    )


def _dashed_outline(parent: ET.Element, box: tuple[float, float, float, float]) -> None:
    x, y, width, height = box
    _el(
        parent,
        "rect",
        class_="ae-cv-only",
        x=_n(x),
        y=_n(y),
        width=_n(width),
        height=_n(height),
        rx="4",
        fill="none",
        stroke="currentColor",
        stroke_width="1.5",
        stroke_dasharray="5 3",
    )


def _legend(parent: ET.Element, entries: list[str], top: float, width: float, prefix: str) -> float:
    """Legend entries in two columns (one if a text is too long); return the y below them."""
    group = _el(parent, "g", class_="ae-cv-legend")
    texts = [_w(f"legend_{entry}") for entry in entries]
    column_width = min((width - 2 * LEFT) / 2, LEGEND_COLUMN)
    per_row = 2 if all(40 + text_width(text) + 8 <= column_width for text in texts) else 1
    y = top
    for index, (entry, text) in enumerate(zip(entries, texts, strict=True)):
        x = LEFT + (index % per_row) * column_width
        y = top + (index // per_row) * ROW_HEIGHT
        item = _el(group, "g", class_=f"ae-cv-legend-item ae-cv-legend-item--{entry}")
        sample = _el(item, "g", class_="ae-cv-sample", aria_hidden="true")
        cx = x + 18
        if entry == "reported":
            _mark(_el(sample, "g", class_="ae-cv-cell"), cx, y, 3, hollow=False)
        elif entry == "empty":
            _empty(sample, cx, y)
        elif entry == "only":
            _dashed_outline(sample, (x + 1, y + 1.5, 34, ROW_HEIGHT - 3))
        elif entry == "background_row":
            _mark(_el(sample, "g", class_="ae-cv-cell ae-cv-cell--background"), cx, y, 2, hollow=True)
        elif entry == "background_column":
            _hatch(sample, (x + 4, y + 1, 28, ROW_HEIGHT - 2), prefix)
        _el(item, "text", text, class_="ae-cv-legend-text", x=_n(x + 40), y=_n(y + ROW_HEIGHT / 2 + 4))
    return y + ROW_HEIGHT


@dataclass(frozen=True, slots=True)
class _Grid:
    """Where the columns are: sources left to right, then the count."""

    columns: tuple[_Column, ...]
    count_label: str
    count_centre: float
    right: float  # of the count column
    top: float  # of the first row (below the rotated labels)
    width: float  # of the whole drawing
    prefix: str


def _grid(sources: Sequence[str], source_labels: Mapping[str, str], background: Collection[str], prefix: str) -> _Grid:
    left = LEFT + LABEL_WIDTH + LABEL_GAP
    columns: list[_Column] = []
    for index, source in enumerate(sources):
        full = clean_text(source_labels.get(source, source)) or clean_text(source) or "?"
        is_background = source in background
        columns.append(
            _Column(
                source=source,
                label=fit_text(full, HEADER_ROOM) or full[:1] + "…",
                full=_w("background_source", source=full) if is_background else full,
                background=is_background,
                centre=left + (index + 0.5) * COLUMN_WIDTH,
            )
        )
    count_centre = left + len(columns) * COLUMN_WIDTH + COUNT_WIDTH / 2
    right = left + len(columns) * COLUMN_WIDTH + COUNT_WIDTH
    count_label = fit_text(clean_text(_w("count")), HEADER_ROOM) or "#"
    heads = [*((c.centre, c.label) for c in columns), (count_centre, count_label)]
    longest = max(text_width(text) for _, text in heads)
    right_extent = max(x + text_width(text) * SIN45 + FONT_SIZE for x, text in heads)
    return _Grid(
        columns=tuple(columns),
        count_label=count_label,
        count_centre=count_centre,
        right=right,
        top=TOP + max(longest * SIN45 + FONT_SIZE, 24.0) + 10,
        width=max(MIN_WIDTH, right + 10, right_extent + 6),
        prefix=prefix,
    )


def _rotated(parent: ET.Element, text: str, centre: float, base: float, **attrs: str) -> None:
    x = centre - 3
    _el(parent, "text", text, x=_n(x), y=_n(base), transform=f"rotate(-45 {_n(x)} {_n(base)})", **attrs)


def _header(grid: _Grid) -> ET.Element:
    header = ET.Element("g", {"class": "ae-cv-header"})
    base = grid.top - 8
    for column in grid.columns:
        group = _el(header, "g", class_="ae-cv-colhead" + (" ae-cv-colhead--background" if column.background else ""))
        if column.label != column.full:
            _el(group, "title", column.full)
        _rotated(group, column.label, column.centre, base)
    _rotated(header, grid.count_label, grid.count_centre, base, class_="ae-cv-colhead ae-cv-colhead--count")
    return header


def _place(
    actors: Sequence[CoverageRow], facts: Sequence[CoverageRow], top: float
) -> tuple[list[_Row], list[tuple[str, float]], float]:
    """Rows and group labels top to bottom: (rows, [(group label, y)], y below the last row)."""
    placed: list[_Row] = []
    groups: list[tuple[str, float]] = []
    y = top
    for kind, rows, label in (("actor", actors, _w("actors")), ("fact", facts, _w("facts"))):
        if not rows:
            continue
        groups.append((label, y))
        y += GROUP_HEIGHT
        for row in rows:
            placed.append(_Row(kind=kind, row=row, top=y))
            y += ROW_HEIGHT
    return placed, groups, y


def _backdrop(grid: _Grid, placed: Sequence[_Row], bottom: float) -> ET.Element:
    """Zebra stripes behind every other row and hatching behind background columns."""
    backdrop = ET.Element("g", {"class": "ae-cv-backdrop", "aria-hidden": "true"})
    for index, item in enumerate(placed):
        if index % 2:
            _el(
                backdrop,
                "rect",
                class_="ae-cv-zebra",
                x=_n(LEFT - 4),
                y=_n(item.top),
                width=_n(grid.right - LEFT + 8),
                height=_n(ROW_HEIGHT),
                fill="currentColor",
                fill_opacity="0.04",
            )
    for column in grid.columns:
        if column.background:
            left = column.centre - COLUMN_WIDTH / 2
            _hatch(backdrop, (left, grid.top, COLUMN_WIDTH, bottom - grid.top), grid.prefix)
    return backdrop


def _groups(parent: ET.Element, grid: _Grid, groups: Sequence[tuple[str, float]]) -> None:
    for index, (label, top) in enumerate(groups):
        group = _el(parent, "g", class_="ae-cv-group")
        if index:
            _el(
                group,
                "path",
                class_="ae-cv-separator",
                d=f"M{_n(LEFT - 4)} {_n(top + 3)}H{_n(grid.right + 4)}",
                stroke="currentColor",
                stroke_width="1.5",
                aria_hidden="true",
            )
        _el(group, "text", label, class_="ae-cv-grouplabel", x=_n(LEFT), y=_n(top + GROUP_HEIGHT - 8))


def _row(
    parent: ET.Element,
    grid: _Grid,
    item: _Row,
    cell_href: Callable[[str, str], str] | None,
    row_href: Callable[[str, str], str] | None,
) -> list[str]:
    """Draw one row (label, cells, count); return the legend entries it needs."""
    row = item.row
    only = row.count == 1 or row.only is not None
    classes = f"ae-cv-row ae-cv-row--{item.kind}" + (" ae-cv-row--only" if only else "")
    line = _el(parent, "g", class_=classes + (" ae-cv-row--background" if row.background_only else ""))
    if only:
        _dashed_outline(line, (LEFT - 3, item.top + 1.5, grid.right - LEFT + 6, ROW_HEIGHT - 3))
    label = clean_text(row.label) or "?"
    text_y = _n(item.top + ROW_HEIGHT / 2 + 4)
    drawn = fit_text(label, LABEL_WIDTH) or label[:1] + "…"
    if row_href is not None:
        head = _el(line, "a", **{"xlink:href": safe_href(row_href(item.kind, row.id))}, class_="ae-cv-rowhead")
    else:
        head = _el(line, "g", class_="ae-cv-rowhead")
    if drawn != label or row_href is not None:
        _el(head, "title", label)
    _el(head, "text", drawn, x=_n(LEFT), y=text_y)
    cells = {cell.source: cell for cell in row.cells}
    for column in grid.columns:
        cell = cells.get(column.source)
        if cell is None or not cell.paragraphs:
            _empty(line, column.centre, item.top)
            continue
        classes = "ae-cv-cell" + (" ae-cv-cell--background" if row.background_only else "")
        if cell_href is not None:
            target = safe_href(cell_href(column.source, cell.paragraphs[0]))
            mark = _el(line, "a", **{"xlink:href": target}, class_=classes + " ae-cv-link")
        else:
            mark = _el(line, "g", class_=classes)
        paragraphs = _paragraphs(cell.paragraphs)
        _el(mark, "title", _plural("cell", len(cell.paragraphs), source=column.full, row=label, paragraphs=paragraphs))
        _mark(mark, column.centre, item.top, len(cell.paragraphs), hollow=row.background_only)
    count = _el(line, "g", class_="ae-cv-count")
    _el(count, "title", _plural("count_title", row.count, row=label))
    _el(count, "text", str(row.count), x=_n(grid.count_centre), y=text_y, text_anchor="middle")
    return ["only"] * only + ["background_row"] * row.background_only


def _coverage_svg_body(
    coverage: Coverage,
    *,
    title: str,
    description: str,
    cell_href: Callable[[str, str], str] | None,
    row_href: Callable[[str, str], str] | None,
    source_labels: Mapping[str, str],
    background_sources: Collection[str],
    prefix: str,
    max_rows: int,
    max_columns: int,
) -> str:
    actors, facts = _split_rows(coverage, max(max_rows, 0))
    sources = coverage.sources[: max(max_columns, 0)]
    rows_out = len(coverage.actors) + len(coverage.facts) - len(actors) - len(facts)
    sources_out = coverage.hidden + len(coverage.sources) - len(sources)
    left_out = " ".join(
        _w(key, n=n) for key, n in (("rows_left_out", rows_out), ("sources_left_out", sources_out)) if n
    )
    text = _Text(title=title, description=f"{clean_text(description)} {left_out}".strip(), prefix=prefix)

    if not sources or not (actors or facts):
        root = _root((MIN_WIDTH, 40 + (20 if left_out else 0)), text, links=False)
        _el(root, "text", _w("empty"), class_="ae-cv-empty-text", x=_n(LEFT), y="24")
        if left_out:
            _el(root, "text", left_out, class_="ae-cv-footer", x=_n(LEFT), y="44")
        return serialise(root)

    grid = _grid(sources, source_labels, background_sources, prefix)
    placed, groups, bottom = _place(actors, facts, grid.top)
    body = ET.Element("g", {"class": "ae-cv-body"})
    _groups(body, grid, groups)
    legend_entries = ["reported", "empty"]
    for item in placed:
        legend_entries += _row(body, grid, item, cell_href, row_href)
    if any(c.background for c in grid.columns):
        legend_entries.append("background_column")

    footer = ET.Element("g")
    y = bottom + 8
    if left_out:
        _el(footer, "text", left_out, class_="ae-cv-footer", x=_n(LEFT), y=_n(y + 14))
        y += 22
    legend = ET.Element("g")
    height = _legend(legend, list(dict.fromkeys(legend_entries)), y + 4, grid.width, prefix) + 6

    root = _root((grid.width, height), text, links=cell_href is not None or row_href is not None)
    pattern = _el(
        _el(root, "defs"),
        "pattern",
        id=f"{prefix}-hatch",
        class_="ae-cv-hatch-pattern",
        patternUnits="userSpaceOnUse",
        width="6",
        height="6",
        patternTransform="rotate(45)",
    )
    _el(pattern, "path", class_="ae-cv-hatch-line", d="M0 0V6", stroke="currentColor", stroke_width="1.5")
    root.extend([_backdrop(grid, placed, bottom), _header(grid), body, *footer, *legend])
    return serialise(root)


def coverage_svg(
    coverage: Coverage,
    *,
    title: str,
    description: str,
    cell_href: Callable[[str, str], str] | None = None,
    row_href: Callable[[str, str], str] | None = None,
    source_labels: Mapping[str, str] | None = None,
    background_sources: Collection[str] = frozenset(),
    words: Mapping[str, str] | None = None,
    id_prefix: str = "ae-coverage",
    max_rows: int = MAX_ROWS,
    max_columns: int = MAX_COLUMNS,
) -> str:
    """`compare(corpus).coverage` as one inline `<svg>` element on a single line.

    `cell_href(source_id, paragraph_id)` links a reported cell (to the first paragraph that
    mentions the row) and `row_href(kind, row_id)` a row label (kind "actor" or "fact"); both
    must give relative or http(s) links, else `ValueError`. `source_labels` maps source ids to
    column labels (default: the id). `background_sources` are hatched. `words` overrides any
    of `ENGLISH`'s keys. `id_prefix` keeps the ids unique if a page holds two graphics.
    """
    merged = {**ENGLISH, **(words or {})}
    token = _WORDS.set(merged)
    try:
        return _coverage_svg_body(
            coverage,
            title=title,
            description=description,
            cell_href=cell_href,
            row_href=row_href,
            source_labels=source_labels or {},
            background_sources=frozenset(background_sources),
            prefix=_prefix(id_prefix),
            max_rows=max_rows,
            max_columns=max_columns,
        )
    finally:
        _WORDS.reset(token)
