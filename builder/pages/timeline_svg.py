"""The timeline graphic: one inline, script-free SVG drawn at build time.

`timeline_svg()` returns a single `<svg>` element as one line of text, ready to sit in a
generated Markdown page as raw HTML. Nothing in it runs or loads anything: no script, no
font, no external reference. Colours come from CSS classes (see `overrides/assets/timeline.css`)
that use Material's variables, so the graphic follows the light and dark schemes; the shapes
also carry `currentColor` presentation attributes so they stay legible without the stylesheet.

Reading the graphic
    Time runs left to right on one axis. Every event is one link (to its entry on the
    timeline page) whose own `<title>` gives the date, the summary and how many sources
    report it, so keyboard and screen-reader users get each event as a link with a name.
    The precision the sources give is drawn as a *shape*, never only as a colour:

    - a day is a dot,
    - a month is a bar that spans the month,
    - a year is a thin line with end caps that spans the year.

    Events reported only by background sources are hollow with a dashed outline, and the
    mark grows with the number of distinct sources (a label also shows "(n)" for n > 1).
    A legend under the axis explains whichever of these the graphic uses.

Why a warped, broken axis
    A bundle usually mixes a little old background (a 2019 summit) with a dense cluster
    of recent news (four events in one week of 2025). A linear axis squashes that week into
    a pixel; a log scale needs a "now" to count back from and makes dates hard to read.
    The axis is therefore linear *within each calendar month*, but each month gets a
    width by weight: a month holding n day- or month-dated events weighs
    `1 + POINT_WEIGHT * min(n, POINT_CAP)`, any other month weighs `EMPTY_WEIGHT`, so busy
    months open up and quiet ones shrink. Runs of more than `KEEP_GAP_MONTHS` months that no
    event touches are cut out altogether: the axis breaks there, drawn as a "//" gap with a
    tooltip naming the missing span. Dates stay monotonic left to right, the year and month
    ticks keep the distortion visible, and time inside any one month is still proportional.
    Marks that would collide are stacked in rows ("lanes") above the axis, shortest marks
    nearest the axis. A text label (the start of the summary) is drawn next to a mark only
    where it fits without touching another mark or label; otherwise the link's title carries it.

Too many events (aggregation)
    Up to `MAX_INDIVIDUAL` (150) events are drawn one by one, as long as that stays readable
    (no more than `MAX_LANES` rows of marks, each month at least a few pixels wide, and at
    most a third of the width lost to axis breaks). Beyond that the events are counted in
    bins and drawn as a histogram, one bar per bin (a month, or a year, decade, century ...:
    the finest bin size that gives at most `MAX_BINS` columns). Within a bar, events reported
    by current sources are solid and those only in background sources are stacked on top,
    hollow and dashed. With month bins, events dated only to a year are drawn as year lines
    with a count above the histogram. Each bar part links to the first event it counts.
    The output is therefore bounded whatever the number of events: a drawn event costs about
    0.5 kB (its tooltip is cut at `TITLE_CHARS`, its label at `LABEL_CHARS`), 1,000 binned
    events about 25 kB, and drawing takes milliseconds.

No events
    With no events at all, the function still returns a small SVG (same title and
    description) that says "No dated events.", so a template can embed it unconditionally.

Text safety
    Summaries are untrusted article text. The drawing is an `xml.etree.ElementTree` tree
    serialised by a small writer here that escapes every text node and attribute value:
    `& < > " '` as XML requires, and every ASCII punctuation mark that Markdown or its
    extensions could read as syntax as a numeric character reference. Characters XML does
    not allow, bidi overrides and line breaks are dropped or folded into spaces, so the
    output is always one well-formed line, whether Python-Markdown treats it as a raw block
    (inside a `<div>`) or as inline HTML inside a paragraph. Links must be relative or
    http(s): any other scheme from `event_href` raises `ValueError`.

Output is deterministic: events are sorted by date then id, and every coordinate is rounded
to one decimal place.
"""

from __future__ import annotations

import math
import re
import unicodedata
import urllib.parse
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TypedDict

from ..model import Event, Precision

__all__ = ["MAX_BINS", "MAX_INDIVIDUAL", "timeline_svg"]

# --- Geometry (user units; at 100% width one unit is one CSS pixel) --------------------------

WIDTH = 720.0
PLOT_LEFT = 14.0
PLOT_RIGHT = WIDTH - 14.0
FONT_SIZE = 12.0  # every text in the graphic; the stylesheet keeps the same size
CHAR_WIDTH = 0.6 * FONT_SIZE  # a generous average advance for proportional sans-serif text
LANE_HEIGHT = 22.0
TOP = 8.0
BREAK_WIDTH = 22.0
HIST_HEIGHT = 80.0

# --- Layout policy ------------------------------------------------------------------------

POINT_WEIGHT = 2.0  # extra width per day/month-dated event in a month ...
POINT_CAP = 8  # ... counted up to this many
EMPTY_WEIGHT = 0.25  # a month with no day/month-dated event
KEEP_GAP_MONTHS = 12  # longer runs of months without any event become an axis break
MAX_INDIVIDUAL = 150  # more events than this are always aggregated
MAX_LANES = 12  # more rows of marks than this and the events are aggregated
LABEL_LANES = 6  # rows that may be opened to make room for labels
LABEL_RESERVE = 150.0  # room reserved to the right of a mark for its label
MIN_UNIT_PX = 2.5  # pixels per unit of weight below which marks are too small to draw singly
MAX_BINS = 48  # columns (bins plus breaks) of the aggregated histogram
MAX_BREAK_SHARE = 1 / 3  # of the plot width that axis breaks may take
TITLE_CHARS = 160  # summary characters in a mark's tooltip
LABEL_CHARS = 40  # summary characters in a visible label
MIN_LABEL_CHARS = 8  # a label shorter than this is not drawn

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Words(TypedDict):
    """Every word the graphic shows, so pages in any language can translate it."""

    months: Sequence[str]  # twelve abbreviations
    legend: Mapping[str, str]
    source: str  # "{n} source"
    sources: str  # "{n} sources"
    background_only: str
    no_events: str
    axis_cut: str  # "{gap}"


ENGLISH: Words = {
    "months": MONTH_ABBR,
    "legend": {},  # filled in below, from LEGEND_TEXT
    "source": "{n} source",
    "sources": "{n} sources",
    "background_only": "background sources only",
    "no_events": "No dated events.",
    "axis_cut": "Axis cut: no events between {gap}",
}
_WORDS: ContextVar[Words] = ContextVar("timeline_words", default=ENGLISH)


def _w() -> Words:
    return _WORDS.get()


SVG_NS = "http://www.w3.org/2000/svg"

# --- Escaping ----------------------------------------------------------------------------

# Characters XML 1.0 forbids (C0 controls bar tab/newline/return, surrogates, U+FFFE/F), C1
# controls, and bidi embeddings/overrides/isolates that would spill into neighbouring text.
_DROP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")
# Text nodes: XML's three plus all ASCII punctuation Markdown could read, as in escape.md_text.
_TEXT_SAFE = set(",;?/%.")
_TEXT_ESCAPES = {
    ord(ch): f"&#{ord(ch)};"
    for ch in map(chr, range(0x21, 0x7F))
    if not ch.isalnum() and ch not in _TEXT_SAFE and ch not in "&<>"
}
_TEXT_ESCAPES.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"})
# Attribute values (classes, numbers, ids, hrefs): XML's five plus what Python-Markdown's inline
# patterns that run before its raw-HTML pattern could match (code spans, escapes, links).
_ATTR_ESCAPES = {ord(ch): f"&#{ord(ch)};" for ch in "`\\[]!"}
_ATTR_ESCAPES.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;", ord("'"): "&#39;"})
_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9-]*(?::[a-zA-Z][a-zA-Z0-9-]*)?")
XLINK_NS = "http://www.w3.org/1999/xlink"


def clean_text(value: object) -> str:
    """Untrusted text as one line of characters XML allows."""
    return _SPACES.sub(" ", _DROP.sub("", str(value))).strip()


def _serialise(element: ET.Element, out: list[str]) -> None:
    if not _NAME.fullmatch(element.tag):
        raise ValueError(f"bad element name {element.tag!r}")
    out.append(f"<{element.tag}")
    for name, value in element.attrib.items():
        if not _NAME.fullmatch(name):
            raise ValueError(f"bad attribute name {name!r}")
        out.append(f' {name}="{clean_text(value).translate(_ATTR_ESCAPES)}"')
    if element.text is None and len(element) == 0:
        out.append("/>")
        return
    out.append(">")
    out.append(clean_text(element.text or "").translate(_TEXT_ESCAPES))
    for child in element:
        _serialise(child, out)
    out.append(f"</{element.tag}>")


def serialise(element: ET.Element) -> str:
    """The tree as one line; every text and attribute value escaped (tails are not used)."""
    out: list[str] = []
    _serialise(element, out)
    return "".join(out)


def safe_href(href: str) -> str:
    """A link target that is relative or http(s); anything else is refused."""
    text = str(href)
    if any(ord(ch) < 0x21 or ord(ch) == 0x7F for ch in text):
        raise ValueError(f"refusing a link with spaces or control characters: {text!r}")
    scheme = urllib.parse.urlsplit(text).scheme.lower()
    if scheme not in {"", "http", "https"}:
        raise ValueError(f"refusing to link to a non-http(s) URL: {text!r}")
    return text


def text_width(text: str) -> float:
    """Estimated advance of `text` at FONT_SIZE: wide (CJK) characters count double."""
    width = 0.0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 * CHAR_WIDTH if unicodedata.east_asian_width(ch) in "WF" else CHAR_WIDTH
    return width


def fit_text(text: str, room: float, suffix: str = "") -> str:
    """`text` (+ suffix) shortened with an ellipsis to fit `room`; "" if under MIN_LABEL_CHARS."""
    if text_width(text + suffix) <= room and len(text) <= LABEL_CHARS:
        return text + suffix
    budget = room - text_width("…" + suffix)
    kept: list[str] = []
    used = 0.0
    for ch in text[:LABEL_CHARS]:
        used += text_width(ch)
        if used > budget:
            break
        kept.append(ch)
    short = "".join(kept).rstrip()
    return short + "…" + suffix if len(short) >= MIN_LABEL_CHARS else ""


def _n(value: float) -> str:
    """A coordinate with at most one decimal, no trailing zeros: deterministic and short."""
    text = f"{round(value, 1):.1f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


# --- Dates -------------------------------------------------------------------------------


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


@dataclass(frozen=True, slots=True)
class _Dated:
    """An event with its date made safe to draw: month and day clamped, precision honest."""

    event: Event
    precision: Precision
    year: int
    month: int  # 1..12; 1 when only the year is known
    day: int  # 1..days in month; 1 when not known
    sources: int  # distinct sources that report it
    background: bool  # reported, and only by background sources

    @classmethod
    def of(cls, event: Event, background: frozenset[str]) -> _Dated:
        date = event.date
        year = int(date.year)
        month = min(max(int(date.month), 1), 12) if date.month else None
        day = min(max(int(date.day), 1), _days_in_month(year, month)) if date.day and month else None
        precision: Precision = "day" if day else "month" if month else "year"
        sources = {m.span.source for m in event.mentions}
        return cls(
            event=event,
            precision=precision,
            year=year,
            month=month or 1,
            day=day or 1,
            sources=len(sources),
            background=bool(sources) and sources <= background,
        )

    @property
    def month_index(self) -> int:
        return self.year * 12 + self.month - 1

    @property
    def sort_key(self) -> tuple[int, int, int, str, str]:
        month = self.month if self.precision != "year" else 0
        day = self.day if self.precision == "day" else 0
        return (self.year, month, day, self.event.id, self.event.summary)

    @property
    def label(self) -> str:
        if self.precision == "day":
            return f"{self.day} {_w()['months'][self.month - 1]} {self.year}"
        if self.precision == "month":
            return f"{_w()['months'][self.month - 1]} {self.year}"
        return str(self.year)

    @property
    def summary(self) -> str:
        return clean_text(self.event.summary)

    def tooltip(self) -> str:
        summary = self.summary
        if len(summary) > TITLE_CHARS:
            summary = summary[:TITLE_CHARS].rstrip() + "…"
        count = (_w()["source"] if self.sources == 1 else _w()["sources"]).format(n=self.sources)
        extra = f", {_w()['background_only']}" if self.background else ""
        return f"{self.label}: {summary} ({count}{extra})"


def _month_label(month_index: int) -> str:
    year, month0 = divmod(month_index, 12)
    return f"{_w()['months'][month0]} {year}"


def _unit_label(unit: int, level: int) -> str:
    """A bin's name: "Aug 2025", "2025" or "2000-2099"."""
    if level == 1:
        return _month_label(unit)
    first = unit * level // 12
    return str(first) if level == 12 else f"{first}–{first + level // 12 - 1}"


# --- The horizontal scale ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Scale:
    """Units of `level` months, each with an x and a width; broken where nothing happens."""

    level: int
    units: dict[int, tuple[float, float]]
    segments: tuple[tuple[int, int], ...]  # [first, last] unit of each unbroken run
    breaks: tuple[tuple[float, int, int], ...]  # (x centre, last unit before, first unit after)
    unit_px: float  # pixels per unit of weight

    def x(self, month_index: int, fraction: float = 0.0) -> float:
        """The x of a moment: `fraction` (0..1) of the way through month `month_index`."""
        unit = month_index // self.level
        left, width = self.units[unit]
        return left + (month_index - unit * self.level + fraction) / self.level * width

    def span(self, unit: int) -> tuple[float, float]:
        left, width = self.units[unit]
        return left, left + width


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _build_scale(
    spans: Iterable[tuple[int, int]], weights: dict[int, float], *, level: int, max_columns: int
) -> _Scale | None:
    """Lay out units covering `spans` ([first, end) unit ranges); None if it cannot be readable."""
    merged = _merge(spans)
    runs: list[tuple[int, int]] = []  # unbroken runs of units, [first, end)
    for start, end in merged:
        if runs and (start - runs[-1][1]) * level <= KEEP_GAP_MONTHS:
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
    columns = sum(end - start for start, end in runs) + len(runs) - 1
    breaks_px = (len(runs) - 1) * BREAK_WIDTH
    if columns > max_columns or breaks_px > (PLOT_RIGHT - PLOT_LEFT) * MAX_BREAK_SHARE:
        return None
    total = sum(weights.get(u, EMPTY_WEIGHT) for start, end in runs for u in range(start, end))
    unit_px = (PLOT_RIGHT - PLOT_LEFT - breaks_px) / total
    units: dict[int, tuple[float, float]] = {}
    breaks: list[tuple[float, int, int]] = []
    x = PLOT_LEFT
    for index, (start, end) in enumerate(runs):
        if index:
            breaks.append((x + BREAK_WIDTH / 2, runs[index - 1][1] - 1, start))
            x += BREAK_WIDTH
        for unit in range(start, end):
            width = weights.get(unit, EMPTY_WEIGHT) * unit_px
            units[unit] = (x, width)
            x += width
    segments = tuple((start, end - 1) for start, end in runs)
    return _Scale(level=level, units=units, segments=segments, breaks=tuple(breaks), unit_px=unit_px)


# --- Marks and lanes -----------------------------------------------------------------------


@dataclass(slots=True)
class _Mark:
    """Something drawn in a lane above the axis: its shape's extent, lane, and label."""

    left: float
    right: float
    rank: int  # shorter kinds of mark are packed first, nearest the axis
    label: str = ""  # wanted label text (before fitting)
    suffix: str = ""  # kept when the label is shortened, e.g. " (5)"
    lane: int = 0
    placed: str = ""  # label as drawn
    placed_left: bool = False
    draw: Callable[[ET.Element, float], None] = field(default=lambda parent, y: None)
    guide: float | None = None  # x of a faint drop line to the axis (dots only)
    half_height: float = 0.0


def _pack(marks: list[_Mark], reserve: float, label_lanes: int) -> int:
    """Give each mark a lane (row) where it does not touch another; return the lanes used.

    Shorter marks go first, so they sit nearest the axis. A mark with a label also asks for
    `reserve` px of room beside it (right, else left) while at most `label_lanes` rows are
    open; past that it takes the lowest row its shape alone fits in.
    """
    lanes: list[list[tuple[float, float]]] = []

    def fits(taken: list[tuple[float, float]], left: float, right: float) -> bool:
        return all(right + 3 <= a or left >= b + 3 for a, b in taken)

    for mark in sorted(marks, key=lambda m: (m.rank, m.left, m.right)):
        shape = (mark.left, mark.right)
        wanted = (
            [(mark.left, mark.right + reserve), (mark.left - reserve, mark.right)] if mark.label and reserve else []
        )
        wanted = [(a, b) for a, b in wanted if a >= 0 and b <= WIDTH]
        choice = next(((i, span) for span in wanted for i, taken in enumerate(lanes) if fits(taken, *span)), None)
        if choice is None and wanted and len(lanes) < label_lanes:
            choice = (len(lanes), wanted[0])
        if choice is None:
            choice = next(((i, shape) for i, taken in enumerate(lanes) if fits(taken, *shape)), (len(lanes), shape))
        index, span = choice
        if index == len(lanes):
            lanes.append([])
        lanes[index].append(span)
        mark.lane = index
    return len(lanes)


def _place_labels(marks: list[_Mark]) -> None:
    """Fit each label beside its mark, right if possible, else left, never over anything."""
    by_lane: dict[int, list[_Mark]] = {}
    for mark in marks:
        by_lane.setdefault(mark.lane, []).append(mark)
    for lane_marks in by_lane.values():
        lane_marks.sort(key=lambda m: (m.left, m.right))
        occupied_right = 0.0
        for index, mark in enumerate(lane_marks):
            # A label keeps well clear of other marks, so it reads as belonging to its own.
            after = lane_marks[index + 1].left - 14 if index + 1 < len(lane_marks) else WIDTH - 2
            before = occupied_right + 14 if index else 2.0
            if mark.label:
                right_text = fit_text(mark.label, after - (mark.right + 5), mark.suffix)
                left_text = fit_text(mark.label, (mark.left - 5) - before, mark.suffix)
                if right_text and len(right_text) >= len(left_text):
                    mark.placed = right_text
                    occupied_right = mark.right + 5 + text_width(right_text)
                    continue
                if left_text:
                    mark.placed, mark.placed_left = left_text, True
            occupied_right = max(occupied_right, mark.right)


def _lane_y(base: float, lane: int) -> float:
    """The y centre of a lane; lanes stack upwards from `base` (the axis, or the histogram top)."""
    return base - 8 - LANE_HEIGHT * (lane + 0.5)


# --- Drawing helpers -----------------------------------------------------------------------


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()})
    element.text = text
    return element


def _event_link(parent: ET.Element, dated: _Dated, href: str, kind: str) -> ET.Element:
    classes = f"ae-tl-event ae-tl-event--{kind}" + (" ae-tl-event--background" if dated.background else "")
    link = _el(parent, "a", **{"xlink:href": href}, class_=classes, data_date=dated.event.date.iso())
    _el(link, "title", dated.tooltip())
    return link


def _paint(hollow: bool) -> dict[str, str]:
    """Presentation attributes (the stylesheet refines them): solid, or hollow and dashed."""
    if hollow:
        return {"fill": "none", "stroke": "currentColor", "stroke_dasharray": "3 2", "pointer_events": "all"}
    return {"fill": "currentColor"}


def _dot(parent: ET.Element, cx: float, y: float, r: float, hollow: bool) -> None:
    _el(parent, "circle", class_="ae-tl-mark", cx=_n(cx), cy=_n(y), r=_n(r), **_paint(hollow))


def _bar(parent: ET.Element, left: float, right: float, y: float, *, height: float, hollow: bool) -> None:
    top = y - height / 2
    _el(
        parent,
        "rect",
        class_="ae-tl-mark",
        x=_n(left),
        y=_n(top),
        width=_n(right - left),
        height=_n(height),
        rx="2",
        **_paint(hollow),
    )


def _year_line(parent: ET.Element, left: float, right: float, y: float, *, stroke: float, hollow: bool) -> None:
    """A line with end caps spanning the year, over a transparent strip that takes clicks."""
    _el(
        parent,
        "rect",
        class_="ae-tl-hit",
        x=_n(left),
        y=_n(y - 7),
        width=_n(right - left),
        height="14",
        fill="transparent",
    )
    path = f"M{_n(left)} {_n(y)}H{_n(right)}M{_n(left)} {_n(y - 5)}V{_n(y + 5)}M{_n(right)} {_n(y - 5)}V{_n(y + 5)}"
    extra = {"stroke_dasharray": "4 2.5"} if hollow else {}
    _el(
        parent,
        "path",
        class_="ae-tl-mark ae-tl-mark--year",
        d=path,
        fill="none",
        stroke="currentColor",
        stroke_width=_n(stroke),
        **extra,
    )


def _label(parent: ET.Element, mark: _Mark, y: float) -> None:
    if not mark.placed:
        return
    if mark.placed_left:
        _el(parent, "text", mark.placed, class_="ae-tl-label", x=_n(mark.left - 5), y=_n(y + 4), text_anchor="end")
    else:
        _el(parent, "text", mark.placed, class_="ae-tl-label", x=_n(mark.right + 5), y=_n(y + 4))


def _sources_scale(sources: int) -> int:
    return min(max(sources, 1), 5) - 1  # 0..4


# --- Layouts -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Layout:
    scale: _Scale
    marks: list[_Mark]
    lanes: int
    plot_height: float  # height above the axis besides the lanes (the histogram)
    legend: list[str]  # legend entries to draw, in order
    draw_plot: Callable[[ET.Element, float], None] = field(default=lambda parent, axis_y: None)


def _individual(dated: list[_Dated], href: Callable[[Event], str]) -> _Layout | None:
    if len(dated) > MAX_INDIVIDUAL:
        return None
    spans = []
    points: Counter[int] = Counter()
    for d in dated:
        if d.precision == "year":
            spans.append((d.year * 12, d.year * 12 + 12))
        else:
            spans.append((d.month_index, d.month_index + 1))
            points[d.month_index] += 1
    weights = {m: 1 + POINT_WEIGHT * min(n, POINT_CAP) for m, n in points.items()}
    scale = _build_scale(spans, weights, level=1, max_columns=MAX_INDIVIDUAL * 24)
    if scale is None or scale.unit_px < MIN_UNIT_PX:
        return None
    marks = [_event_mark(d, scale, href(d.event)) for d in dated]
    lanes = _pack(marks, LABEL_RESERVE, LABEL_LANES)
    if lanes > MAX_LANES:  # label room costs too many rows: pack the shapes alone
        lanes = _pack(marks, 0.0, 0)
    if lanes > MAX_LANES:
        return None
    _place_labels(marks)
    kinds = {d.precision for d in dated}
    legend: list[str] = [kind for kind in ("day", "month", "year") if kind in kinds]
    if any(d.background for d in dated):
        legend.append("background")
    if any(d.sources > 1 for d in dated):
        legend.append("sources")
    if scale.breaks:
        legend.append("break")
    return _Layout(scale=scale, marks=marks, lanes=lanes, plot_height=0.0, legend=legend)


def _event_mark(d: _Dated, scale: _Scale, href: str) -> _Mark:
    grow = _sources_scale(d.sources)
    suffix = f" ({d.sources})" if d.sources > 1 else ""
    if d.precision == "day":
        r = 4.5 + grow
        cx = scale.x(d.month_index, (d.day - 0.5) / _days_in_month(d.year, d.month))

        def draw_day(parent: ET.Element, y: float) -> None:
            _dot(_event_link(parent, d, href, "day"), cx, y, r, d.background)

        return _Mark(
            left=cx - r, right=cx + r, rank=0, label=d.summary, suffix=suffix, draw=draw_day, guide=cx, half_height=r
        )
    if d.precision == "month":
        left, right = scale.x(d.month_index) + 1, scale.x(d.month_index, 1.0) - 1
        if right - left < 4:
            middle = (left + right) / 2
            left, right = middle - 2, middle + 2
        height = 6.0 + 2 * grow

        def draw_month(parent: ET.Element, y: float) -> None:
            _bar(_event_link(parent, d, href, "month"), left, right, y, height=height, hollow=d.background)

        return _Mark(left=left, right=right, rank=1, label=d.summary, suffix=suffix, draw=draw_month)
    left, right = scale.x(d.year * 12) + 1, scale.x(d.year * 12 + 11, 1.0) - 1
    stroke = 1.5 + 0.75 * grow

    def draw_year(parent: ET.Element, y: float) -> None:
        _year_line(_event_link(parent, d, href, "year"), left, right, y, stroke=stroke, hollow=d.background)

    return _Mark(left=left, right=right, rank=2, label=d.summary, suffix=suffix, draw=draw_year)


def _aggregated(dated: list[_Dated], href: Callable[[Event], str]) -> _Layout:
    level = 1
    while True:
        coarse = [d for d in dated if level == 1 and d.precision == "year"]
        point = [d for d in dated if not (level == 1 and d.precision == "year")]
        bins: dict[int, list[_Dated]] = {}
        for d in point:
            bins.setdefault(d.month_index // level, []).append(d)
        spans = [(u, u + 1) for u in bins] + [(d.year * 12, d.year * 12 + 12) for d in coarse]
        scale = _build_scale(spans, dict.fromkeys(bins, 1.0), level=level, max_columns=MAX_BINS)
        if scale is not None:
            break
        level *= 12 if level == 1 else 10
    return _histogram(scale, bins, coarse, href)


def _histogram(
    scale: _Scale, bins: dict[int, list[_Dated]], coarse: list[_Dated], href: Callable[[Event], str]
) -> _Layout:
    level = scale.level
    peak = max((len(events) for events in bins.values()), default=1)
    marks: list[_Mark] = []
    years: dict[tuple[int, bool], list[_Dated]] = {}
    for d in coarse:
        years.setdefault((d.year, d.background), []).append(d)
    for (year, background), group in sorted(years.items()):
        left, right = scale.x(year * 12) + 1, scale.x(year * 12 + 11, 1.0) - 1
        marks.append(_year_bin_mark(year, background, group, span=(left, right), href=href))
    lanes = _pack(marks, LABEL_RESERVE, 2)
    _place_labels(marks)

    def draw_plot(parent: ET.Element, axis_y: float) -> None:
        for unit, events in sorted(bins.items()):
            left, right = scale.span(unit)
            left, right = left + 1, max(right - 1, left + 2)
            name = _unit_label(unit, level)
            solid = [d for d in events if not d.background]
            hollow = [d for d in events if d.background]
            bottom = axis_y
            for part, is_background in ((solid, False), (hollow, True)):
                if not part:
                    continue
                height = max(HIST_HEIGHT * len(part) / peak, 4.0)
                first = part[0]
                classes = "ae-tl-event ae-tl-event--bin" + (" ae-tl-event--background" if is_background else "")
                link = _el(
                    parent, "a", **{"xlink:href": href(first.event)}, class_=classes, data_date=first.event.date.iso()
                )
                kind = "reported only by background sources" if is_background else "reported by current sources"
                count = f"{len(part)} event{'s' if len(part) != 1 else ''}"
                _el(link, "title", f"{name}: {count} {kind}. First: {first.tooltip()}")
                _bar_rect(link, left, right, bottom - height, height=height, hollow=is_background)
                bottom -= height
            total = str(len(events))
            if text_width(total) <= right - left + 4:
                middle = (left + right) / 2
                _el(
                    parent,
                    "text",
                    total,
                    class_="ae-tl-count",
                    x=_n(middle),
                    y=_n(bottom - 3),
                    text_anchor="middle",
                    aria_hidden="true",
                )

    legend = ["bins"]
    if any(d.background for d in [*coarse, *(d for events in bins.values() for d in events)]):
        legend.append("background")
    if coarse:
        legend.append("year-bins")
    if scale.breaks:
        legend.append("break")
    return _Layout(
        scale=scale, marks=marks, lanes=lanes, plot_height=HIST_HEIGHT + 16, legend=legend, draw_plot=draw_plot
    )


def _bar_rect(parent: ET.Element, left: float, right: float, top: float, *, height: float, hollow: bool) -> None:
    _el(
        parent,
        "rect",
        class_="ae-tl-mark",
        x=_n(left),
        y=_n(top),
        width=_n(right - left),
        height=_n(height),
        **_paint(hollow),
    )


def _year_bin_mark(
    year: int, background: bool, group: list[_Dated], *, span: tuple[float, float], href: Callable[[Event], str]
) -> _Mark:
    left, right = span
    first = group[0]
    count = f"{len(group)} event{'s' if len(group) != 1 else ''}"
    kind = "reported only by background sources" if background else "reported by current sources"

    def draw(parent: ET.Element, y: float) -> None:
        classes = "ae-tl-event ae-tl-event--year" + (" ae-tl-event--background" if background else "")
        link = _el(parent, "a", **{"xlink:href": href(first.event)}, class_=classes, data_date=str(year))
        _el(link, "title", f"{year}: {count} dated only to the year, {kind}. First: {first.tooltip()}")
        _year_line(link, left, right, y, stroke=2.0, hollow=background)

    return _Mark(left=left, right=right, rank=2, label=f"{len(group)} in {year}", draw=draw)


# --- Axis and legend -----------------------------------------------------------------------


def _axis(parent: ET.Element, scale: _Scale, axis_y: float) -> float:
    """Draw the axis, its breaks, ticks and tick labels; return the y below the lowest label."""
    group = _el(parent, "g", class_="ae-tl-axis", aria_hidden="true")
    for first, last in scale.segments:
        left, right = scale.span(first)[0], scale.span(last)[1]
        _el(group, "path", class_="ae-tl-axis-line", d=f"M{_n(left)} {_n(axis_y)}H{_n(right)}", stroke="currentColor")
    for x, before, after in scale.breaks:
        glyph = _el(group, "g", class_="ae-tl-break")
        gap = f"{_unit_label(before, scale.level)} and {_unit_label(after, scale.level)}"
        _el(glyph, "title", _w()["axis_cut"].format(gap=gap))
        d = (
            f"M{_n(x - 6)} {_n(axis_y + 5)}L{_n(x - 2)} {_n(axis_y - 5)}"
            f"M{_n(x + 2)} {_n(axis_y + 5)}L{_n(x + 6)} {_n(axis_y - 5)}"
        )
        _el(glyph, "path", d=d, stroke="currentColor", stroke_width="1.5")
        _el(glyph, "rect", x=_n(x - 8), y=_n(axis_y - 7), width="16", height="14", fill="transparent")
    ticks = _Ticks.of(scale, axis_y)
    if ticks.minor:
        _el(group, "path", class_="ae-tl-tick ae-tl-tick--minor", d="".join(ticks.minor), stroke="currentColor")
    _el(group, "path", class_="ae-tl-tick", d="".join(ticks.major), stroke="currentColor")

    row = axis_y + 18
    for x, text in ticks.months:
        _el(
            group,
            "text",
            text,
            class_="ae-tl-ticklabel ae-tl-ticklabel--month",
            x=_n(x),
            y=_n(row),
            text_anchor="middle",
        )
    if ticks.months:
        row += 15
    last_right = -math.inf
    labelled: set[str] = set()
    for left, right, text in ticks.periods:
        half = text_width(text) / 2
        middle = min(max((left + right) / 2, PLOT_LEFT + half), PLOT_RIGHT - half)
        if text in labelled or middle - half < last_right + 8:
            continue
        _el(
            group,
            "text",
            text,
            class_="ae-tl-ticklabel ae-tl-ticklabel--year",
            x=_n(middle),
            y=_n(row),
            text_anchor="middle",
        )
        last_right = middle + half
        labelled.add(text)
    return row + 6


@dataclass(slots=True)
class _Ticks:
    major: list[str] = field(default_factory=list)  # path data: year (or bin) starts, segment ends
    minor: list[str] = field(default_factory=list)  # path data: month starts where months are wide
    months: list[tuple[float, str]] = field(default_factory=list)  # (x, "Aug") where it fits
    periods: list[tuple[float, float, str]] = field(default_factory=list)  # (left, right, "2025") pieces

    @classmethod
    def of(cls, scale: _Scale, axis_y: float) -> _Ticks:
        ticks = cls()
        level = scale.level
        for first, last in scale.segments:
            piece_start = first
            for unit in range(first, last + 1):
                left, right = scale.span(unit)
                if level > 1:
                    ticks.major.append(f"M{_n(left)} {_n(axis_y)}v6")
                    ticks.periods.append((left, right, str(unit * level // 12)))
                    continue
                month0 = unit % 12
                if month0 == 0 or unit == first:
                    ticks.major.append(f"M{_n(left)} {_n(axis_y)}v6")
                elif right - left >= 8 or scale.units[unit - 1][1] >= 8:
                    ticks.minor.append(f"M{_n(left)} {_n(axis_y)}v4")
                if right - left >= text_width("Mmm") + 4:
                    ticks.months.append(((left + right) / 2, _w()["months"][month0]))
                if month0 == 11 or unit == last:
                    ticks.periods.append((scale.span(piece_start)[0], right, str(unit // 12)))
                    piece_start = unit + 1
            ticks.major.append(f"M{_n(scale.span(last)[1])} {_n(axis_y)}v6")
        return ticks


LEGEND_TEXT = {
    "day": "Exact day",
    "month": "Month only",
    "year": "Year only",
    "background": "Only in background sources (hollow, dashed)",
    "sources": "Bigger mark, (n): reported by n sources",
    "break": "Axis cut: a stretch with no events",
    "bins": "Bar height: number of events in the period",
    "year-bins": "Events dated only to the year (count)",
}


def _legend(parent: ET.Element, entries: list[str], top: float) -> float:
    """Draw legend entries left to right, wrapping; return the y below the legend."""
    group = _el(parent, "g", class_="ae-tl-legend")
    x, y = PLOT_LEFT, top + 10
    for entry in entries:
        text = _w()["legend"].get(entry, LEGEND_TEXT[entry])
        width = 28 + text_width(text) + 14
        if x > PLOT_LEFT and x + width > PLOT_RIGHT:
            x, y = PLOT_LEFT, y + 20
        item = _el(group, "g", class_=f"ae-tl-legend-item ae-tl-legend-item--{entry}")
        _legend_glyph(item, entry, x, y)
        _el(item, "text", text, class_="ae-tl-legend-text", x=_n(x + 28), y=_n(y + 4))
        x += width
    return y + 12


def _legend_glyph(parent: ET.Element, entry: str, x: float, y: float) -> None:
    sample = _el(
        parent,
        "g",
        class_="ae-tl-event ae-tl-event--sample" + (" ae-tl-event--background" if entry == "background" else ""),
        aria_hidden="true",
    )
    if entry == "day":
        _dot(sample, x + 11, y, 4.5, False)
    elif entry == "month":
        _bar(sample, x + 2, x + 20, y, height=6, hollow=False)
    elif entry in ("year", "year-bins"):
        _year_line(sample, x + 1, x + 21, y, stroke=1.5, hollow=False)
    elif entry == "background":
        _dot(sample, x + 11, y, 5.5, True)
    elif entry == "sources":
        _dot(sample, x + 5, y, 3.5, False)
        _dot(sample, x + 17, y, 6.5, False)
    elif entry == "break":
        d = (
            f"M{_n(x)} {_n(y)}H{_n(x + 6)}M{_n(x + 16)} {_n(y)}H{_n(x + 22)}"
            f"M{_n(x + 5)} {_n(y + 5)}L{_n(x + 9)} {_n(y - 5)}M{_n(x + 13)} {_n(y + 5)}L{_n(x + 17)} {_n(y - 5)}"
        )
        _el(sample, "path", class_="ae-tl-legend-axis", d=d, fill="none", stroke="currentColor", stroke_width="1.5")
    elif entry == "bins":
        _bar_rect(sample, x + 2, x + 8, y - 2, height=8, hollow=False)
        _bar_rect(sample, x + 10, x + 16, y - 7, height=13, hollow=False)
        _bar_rect(sample, x + 18, x + 24, y - 4, height=10, hollow=False)


# --- Entry point ---------------------------------------------------------------------------


def _root(height: float, title: str, description: str, prefix: str) -> ET.Element:
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "class": "ae-timeline",
            "viewBox": f"0 0 {_n(WIDTH)} {_n(height)}",
            "width": "100%",
            "xmlns:xlink": XLINK_NS,
            # A graphic with links in it: "img" would hide them, and axe calls links inside an
            # img nested-interactive. The links use xlink:href because Material's instant
            # navigation rewrites every [href] element and fails on SVG links (read-only href).
            "role": "graphics-document",
            "aria-roledescription": "timeline",
            "aria-labelledby": f"{prefix}-title {prefix}-desc",
            "font-size": _n(FONT_SIZE),
        },
    )
    _el(root, "title", clean_text(title), id=f"{prefix}-title")
    _el(root, "desc", clean_text(description), id=f"{prefix}-desc")
    return root


def _timeline_svg_body(
    events: Sequence[Event],
    *,
    background_sources: frozenset[str] = frozenset(),
    event_href: Callable[[Event], str],
    title: str,
    description: str,
    id_prefix: str = "ae-timeline",
) -> str:
    """The events as one inline `<svg>` element on a single line (see the module docstring).

    `background_sources` are the ids of sources published long before the others; an event
    whose mentions all come from them is drawn hollow and dashed. `event_href(event)` gives
    each mark's link (relative or http(s)). `title` and `description` become the SVG's
    `<title>` and `<desc>`. `id_prefix` keeps their ids unique if a page holds two graphics.
    """
    prefix = re.sub(r"[^A-Za-z0-9_-]", "-", id_prefix) or "ae-timeline"
    if not prefix[0].isalpha():
        prefix = "t" + prefix
    dated = sorted((_Dated.of(e, background_sources) for e in events), key=lambda d: d.sort_key)
    if not dated:
        root = _root(40, title, description, prefix)
        _el(root, "text", _w()["no_events"], class_="ae-tl-empty", x=_n(PLOT_LEFT), y="24")
        return serialise(root)

    def href(event: Event) -> str:
        return safe_href(event_href(event))

    layout = _individual(dated, href) or _aggregated(dated, href)
    axis_y = TOP + layout.lanes * LANE_HEIGHT + layout.plot_height + 8
    lane_base = axis_y - layout.plot_height
    plot = ET.Element("g", {"class": "ae-tl-plot"})
    guides = "".join(
        f"M{_n(m.guide)} {_n(_lane_y(lane_base, m.lane) + m.half_height)}V{_n(axis_y)}"
        for m in sorted(layout.marks, key=lambda m: (m.left, m.lane))
        if m.guide is not None
    )
    if guides:
        _el(plot, "path", class_="ae-tl-guide", d=guides, stroke="currentColor", stroke_width="0.5", aria_hidden="true")
    layout.draw_plot(plot, axis_y)
    for mark in layout.marks:  # in date order, which is also the tab order
        y = _lane_y(lane_base, mark.lane)
        mark.draw(plot, y)
        link = plot[-1]
        _label(link, mark, y)
    axis = ET.Element("g")
    below_axis = _axis(axis, layout.scale, axis_y)
    legend = ET.Element("g")
    height = _legend(legend, layout.legend, below_axis + 4) + 8
    root = _root(height, title, description, prefix)
    root.extend([*axis, plot, *legend])
    return serialise(root)


def timeline_svg(
    events: Sequence[Event],
    *,
    background_sources: frozenset[str] = frozenset(),
    event_href: Callable[[Event], str],
    title: str,
    description: str,
    id_prefix: str = "ae-timeline",
    words: Words | None = None,
) -> str:
    """The events as one inline `<svg>` element; `words` translates what it says (see `Words`)."""
    token = _WORDS.set(words or ENGLISH)
    try:
        return _timeline_svg_body(
            events,
            background_sources=background_sources,
            event_href=event_href,
            title=title,
            description=description,
            id_prefix=id_prefix,
        )
    finally:
        _WORDS.reset(token)
