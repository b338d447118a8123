"""The build-time timeline graphic: structure, layout, escaping, scale and Markdown pass-through."""

from __future__ import annotations

import html
import itertools
import random
import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.model import DateValue, Event, EventMention, Span
from builder.pages import timeline_svg as tl
from builder.pages.timeline_svg import MAX_BINS, MAX_INDIVIDUAL, timeline_svg

NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
CSS = Path(__file__).resolve().parents[1] / "overrides" / "assets" / "timeline.css"
MD_EXTENSIONS = ["attr_list", "md_in_html", "admonition", "tables", "toc", "pymdownx.details"]
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</title></a></svg><script>alert(2)</script>",
    "' onmouseover='alert(3)",
    "]]><![CDATA[<b>x</b>",
    "&lt;script&gt; &amp; &#60;",
    "*emph* _u_ `code` [link](javascript:alert(1)) {: #x } !!! note\n\n\nblank lines",
    "--8<-- /etc/passwd | a | b |",
    "\x00\x07 control \x1b chars \ufffe \u202e reversed",
]


def event(
    date: str,
    summary: str = "Something happened",
    sources: tuple[str, ...] = ("news",),
    event_id: str | None = None,
) -> Event:
    parts = [int(p) for p in date.split("-")]
    value = DateValue(
        year=parts[0], month=parts[1] if len(parts) > 1 else None, day=parts[2] if len(parts) > 2 else None
    )
    mentions = tuple(
        EventMention(span=Span(source=s, paragraph="p1", start=0, end=1, text="x"), date_text=date) for s in sources
    )
    return Event(id=event_id or f"{date}-{abs(hash(summary)) % 10_000}", date=value, summary=summary, mentions=mentions)


def draw(events: list[Event], background: frozenset[str] = frozenset({"old"})) -> str:
    return timeline_svg(
        events,
        background_sources=background,
        event_href=lambda e: f"timeline.md#event-{e.id}",
        title="Timeline: what happened when",
        description="Events on a time axis; the same events are listed below.",
    )


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def links(root: ET.Element) -> list[ET.Element]:
    return [a for a in root.iter(f"{NS}a") if "ae-tl-event" in a.get("class", "")]


def classes(element: ET.Element) -> set[str]:
    return set(element.get("class", "").split())


def mark(link: ET.Element) -> ET.Element:
    return next(child for child in link if "ae-tl-mark" in classes(child))


def anchor_x(link: ET.Element) -> float:
    """Where a mark starts in time: a dot's centre, a bar's left edge."""
    shape = mark(link)
    if shape.tag == f"{NS}circle":
        return float(shape.get("cx", "nan"))
    if shape.tag == f"{NS}rect":
        return float(shape.get("x", "nan"))
    found = re.match(r"M([-\d.]+) ", shape.get("d", ""))
    assert found
    return float(found.group(1))


def extent(link: ET.Element) -> tuple[float, float]:
    shape = mark(link)
    if shape.tag == f"{NS}circle":
        cx, r = float(shape.get("cx", "nan")), float(shape.get("r", "nan"))
        return cx - r, cx + r
    if shape.tag == f"{NS}rect":
        x = float(shape.get("x", "nan"))
        return x, x + float(shape.get("width", "nan"))
    found = re.match(r"M([-\d.]+) [-\d.]+H([-\d.]+)", shape.get("d", ""))
    assert found
    return float(found.group(1)), float(found.group(2))


def anchor_time(value: DateValue) -> float:
    """A date's start in months since year 0 (mid-day for a day), the order the axis must keep."""
    if value.day and value.month:
        return value.year * 12 + value.month - 1 + (value.day - 0.5) / 31
    return value.year * 12 + (value.month or 1) - 1


SEED_LIKE = [
    event("2019", "Hanoi summit failed", ("cnbc",)),
    event("2019-02", "Meeting proved Russia matters", ("old",)),
    event("2019-04-25", "Kim and Putin met in Vladivostok", ("old",)),
    event("2021", "Biden and Putin met", ("cnbc",)),
    event("2024", "Troops sent to Kursk", ("cnbc",)),
    event("2024-06", "Putin visited Pyongyang", ("blog",)),
    event("2024-10", "Fifteen thousand soldiers", ("idn",)),
    event("2025-04", "Pyongyang admitted sending troops", ("cnbc", "idn")),
    event("2025-08-12", "Putin phoned Kim", ("blog", "cnbc", "cnn", "cnn")),
    event("2025-08-13", "Both confirmed cooperation", ("cnbc", "idn")),
    event("2025-08-15", "Putin and Trump meet in Alaska", ("blog", "cnn", "idn")),
    event("2025-08-15", "Kremlin statement", ("cnn",)),
]


# --- Structure ---------------------------------------------------------------------------------


def test_structure_title_desc_role_viewbox() -> None:
    svg = draw(SEED_LIKE)
    root = parse(svg)
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "graphics-document"
    assert root.get("width") == "100%"
    assert re.fullmatch(r"0 0 720 \d+(\.\d)?", root.get("viewBox", ""))
    title, desc = root[0], root[1]
    assert title.tag == f"{NS}title" and title.text == "Timeline: what happened when"
    assert desc.tag == f"{NS}desc" and desc.text and desc.text.startswith("Events on a time axis")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "ae-timeline" in classes(root)


def test_one_line_no_scripts_no_external_resources() -> None:
    svg = draw(SEED_LIKE)
    assert "\n" not in svg and "\r" not in svg
    tags = {element.tag.removeprefix(NS) for element in parse(svg).iter()}
    assert tags <= {"svg", "title", "desc", "g", "a", "circle", "rect", "path", "text"}
    assert "url(" not in svg and "@import" not in svg and "style" not in svg
    assert re.findall(r"https?://", svg) == ["http://", "http://"]  # the SVG and xlink namespaces, nothing loaded
    assert not re.search(r"\son\w+=", svg)


def test_one_link_per_event_with_its_href_and_title() -> None:
    root = parse(draw(SEED_LIKE))
    found = links(root)
    assert len(found) == len(SEED_LIKE)
    assert {a.get(XLINK_HREF) for a in found} == {f"timeline.md#event-{e.id}" for e in SEED_LIKE}
    by_href = {a.get(XLINK_HREF): a for a in found}
    phoned = by_href[f"timeline.md#event-{SEED_LIKE[8].id}"]
    title = phoned.find(f"{NS}title")
    assert title is not None and title.text == "12 Aug 2025: Putin phoned Kim (3 sources)"


def test_links_are_in_date_order_for_the_tab_order() -> None:
    shuffled = SEED_LIKE[::-1]
    dates = [a.get("data-date") for a in links(parse(draw(shuffled)))]
    assert dates == sorted(dates, key=lambda d: [int(p) for p in (d or "").split("-")] + [0] * 3)


def test_text_is_at_least_11px_and_css_uses_material_variables() -> None:
    root = parse(draw(SEED_LIKE))
    assert float(root.get("font-size", "0")) >= 11
    assert not [e for e in root.iter() if e.get("font-size") and e is not root]
    css = CSS.read_text()
    assert "font-size: 12px" in css
    for variable in ("--md-default-fg-color", "--md-default-fg-color--light", "--md-accent-fg-color"):
        assert f"var({variable})" in css
    assert "url(" not in css and "@import" not in css


# --- Layout ------------------------------------------------------------------------------------


def test_positions_are_monotonic_in_date() -> None:
    root = parse(draw(SEED_LIKE))
    found = links(root)
    by_href = {a.get(XLINK_HREF): a for a in found}
    ordered = sorted(SEED_LIKE, key=lambda e: anchor_time(e.date))
    xs = [anchor_x(by_href[f"timeline.md#event-{e.id}"]) for e in ordered]
    assert all(b >= a - 1.5 for a, b in itertools.pairwise(xs)), xs
    assert xs[-1] - xs[0] > 500  # the marks use the width


def test_precision_is_a_shape_not_a_colour() -> None:
    root = parse(draw(SEED_LIKE))
    shapes: dict[str, set[str]] = {}
    for link in links(root):
        kind = next(
            c.removeprefix("ae-tl-event--")
            for c in classes(link)
            if c in {"ae-tl-event--day", "ae-tl-event--month", "ae-tl-event--year"}
        )
        shapes.setdefault(kind, set()).add(mark(link).tag.removeprefix(NS))
    assert shapes == {"day": {"circle"}, "month": {"rect"}, "year": {"path"}}
    # a year line spans the whole year: from before June to after October 2024
    by_date = {a.get("data-date"): a for a in links(root)}
    year, june, october = (extent(by_date[d]) for d in ("2024", "2024-06", "2024-10"))
    assert year[0] < june[0] and year[1] > october[1]
    # and a month bar spans its month: the day marks of that month sit inside it
    month = extent(by_date["2025-08-12"])
    assert month[1] - month[0] < 20


def test_recent_cluster_is_not_squashed_and_long_gaps_break_the_axis() -> None:
    events = [
        event("2010", "Long ago"),
        event("2025-08-12", "Call"),
        event("2025-08-13", "Statement"),
        event("2025-08-15", "Summit"),
    ]
    svg = draw(events)
    root = parse(svg)
    by_date = {a.get("data-date"): a for a in links(root)}
    assert anchor_x(by_date["2025-08-15"]) - anchor_x(by_date["2025-08-12"]) >= 20
    breaks = [g for g in root.iter(f"{NS}g") if "ae-tl-break" in classes(g)]
    assert len(breaks) == 1
    title = breaks[0].find(f"{NS}title")
    assert title is not None and title.text == "Axis cut: no events between Dec 2010 and Aug 2025"
    assert "Axis cut" in svg  # legend explains the break


def test_short_gaps_keep_a_continuous_axis_with_month_labels() -> None:
    root = parse(draw([event("2025-03", "March"), event("2025-08-12", "August")]))
    assert not [g for g in root.iter(f"{NS}g") if "ae-tl-break" in classes(g)]
    labels = [t.text for t in root.iter(f"{NS}text") if "ae-tl-ticklabel--month" in classes(t)]
    assert "Mar" in labels and "Aug" in labels
    years = [t.text for t in root.iter(f"{NS}text") if "ae-tl-ticklabel--year" in classes(t)]
    assert years == ["2025"]


def test_background_events_are_hollow_and_dashed_with_a_legend() -> None:
    events = [
        event("2019-04-25", "Old summit", ("old",)),
        event("2019-05", "Old month", ("old",)),
        event("2019", "Old year", ("old",)),
        event("2025-08-12", "Mixed", ("old", "news")),
        event("2025-08-13", "Current", ("news",)),
    ]
    root = parse(draw(events))
    by_date = {a.get("data-date"): a for a in links(root)}
    for date in ("2019-04-25", "2019-05", "2019"):
        link = by_date[date]
        assert "ae-tl-event--background" in classes(link)
        assert mark(link).get("stroke-dasharray"), date
        title = link.find(f"{NS}title")
        assert title is not None and title.text and "background sources only" in title.text
    for date in ("2019-04-25", "2019-05"):
        assert mark(by_date[date]).get("fill") == "none"
    for date in ("2025-08-12", "2025-08-13"):
        assert "ae-tl-event--background" not in classes(by_date[date])
        assert mark(by_date[date]).get("fill") == "currentColor"
        assert not mark(by_date[date]).get("stroke-dasharray")
    legend = [t.text for t in root.iter(f"{NS}text") if "ae-tl-legend-text" in classes(t)]
    assert "Only in background sources (hollow, dashed)" in legend


def test_mark_size_and_label_show_the_number_of_sources() -> None:
    root = parse(
        draw([event("2025-08-01", "One source", ("a",)), event("2025-08-20", "Four sources", ("a", "b", "c", "d"))])
    )
    one, four = links(root)
    assert float(mark(four).get("r", "0")) > float(mark(one).get("r", "0"))
    label = four.find(f"{NS}text")
    assert label is not None and label.text and label.text.endswith("(4)")


def test_labels_do_not_overlap_marks_or_each_other() -> None:
    rng = random.Random(7)
    events = [
        event(f"2025-{rng.randint(1, 12)}-{rng.randint(1, 28)}", f"Event {i} with a long summary text")
        for i in range(40)
    ]
    root = parse(draw(events))
    boxes: list[tuple[float, float, float, str]] = []  # (y, left, right, what)
    for link in links(root):
        shape = mark(link)
        y = float(shape.get("cy") or float(shape.get("y", "0")) + float(shape.get("height", "0")) / 2)
        left, right = extent(link)
        boxes.append((round(y), left, right, "mark"))
        label = link.find(f"{NS}text")
        if label is not None and label.text:
            width = tl.text_width(label.text)
            x = float(label.get("x", "0"))
            start = x - width if label.get("text-anchor") == "end" else x
            assert start >= 0 and start + width <= 720
            boxes.append((round(y), start, start + width, "label"))
    assert sum(1 for box in boxes if box[3] == "label") >= 10
    for i, (y, left, right, _) in enumerate(boxes):
        for y2, left2, right2, _ in boxes[i + 1 :]:
            if y == y2:
                assert right <= left2 or right2 <= left, (left, right, left2, right2)


# --- Escaping and Markdown ---------------------------------------------------------------------


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_summaries_stay_text(payload: str) -> None:
    svg = draw([event("2025-08-12", payload), event("2025-08-13", payload + " again")])
    root = parse(svg)  # well-formed XML
    assert "\n" not in svg
    soup = BeautifulSoup(f"<!doctype html><body>{svg}</body>", "html5lib")
    names = {tag.name for tag in soup.find_all(True)}
    assert names <= {"html", "head", "body", "svg", "title", "desc", "g", "a", "circle", "rect", "path", "text"}
    for tag in soup.find_all(True):
        assert not [name for name in tag.attrs if name.lower().startswith("on")], tag
    titles = [t.text for a in links(root) if (t := a.find(f"{NS}title")) is not None]
    expected = tl.clean_text(payload)
    assert any(expected[:60] in (title or "") for title in titles), (titles, expected)


@pytest.mark.parametrize("payload", HOSTILE)
def test_svg_survives_markdown_untouched(payload: str) -> None:
    svg = draw([*SEED_LIKE, event("2025-08-14", payload)])
    for source in (svg, f'<div class="ae-timeline-scroll">{svg}</div>', f"Before\n\n{svg}\n\nAfter"):
        rendered = markdown.markdown(source, extensions=MD_EXTENSIONS)
        assert svg in rendered
    in_html = markdown.markdown(f'<div markdown="1">\n{svg}\n</div>', extensions=MD_EXTENSIONS)
    assert svg in in_html


def test_titles_round_trip_through_the_html_parser() -> None:
    payload = 'Quote "x" & <y> [z](w) *a* _b_ `c` {: d } 1. e # f | g ~ h ^ i'
    svg = draw([event("2025-08-12", payload)])
    soup = BeautifulSoup(svg, "html5lib")
    title = soup.select_one("a > title")
    assert title is not None and title.get_text() == f"12 Aug 2025: {payload} (1 source)"
    assert html.unescape(re.sub(r"<[^>]+>", " ", svg)).count(payload) >= 1


def test_unsafe_links_are_refused() -> None:
    for href in ("javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x", "java\tscript:x", '#" onclick="x'):

        def bad(_: Event, target: str = href) -> str:
            return target

        with pytest.raises(ValueError):
            timeline_svg([event("2025")], event_href=bad, title="t", description="d")


# --- Determinism, edge cases and scale ---------------------------------------------------------


def test_deterministic_whatever_the_input_order() -> None:
    first = draw(SEED_LIKE)
    assert draw(SEED_LIKE) == first
    shuffled = SEED_LIKE[:]
    random.Random(3).shuffle(shuffled)
    assert draw(shuffled) == first


def test_no_events_gives_a_small_svg_that_says_so() -> None:
    svg = draw([])
    root = parse(svg)
    assert root.get("role") == "graphics-document" and root.find(f"{NS}title") is not None
    assert [t.text for t in root.iter(f"{NS}text")] == ["No dated events."]
    assert len(svg) < 600


def test_odd_dates_do_not_raise() -> None:
    odd = [
        Event(id="a", date=DateValue(year=2025, month=2, day=31), summary="31 February"),
        Event(id="b", date=DateValue(year=2025, month=13), summary="Month 13"),
        Event(id="c", date=DateValue(year=2025, day=5), summary="Day without month"),
        Event(id="d", date=DateValue(year=0), summary="Year zero"),
        Event(id="e", date=DateValue(year=-44, month=3, day=15), summary="Ides of March"),
        Event(id="f", date=DateValue(year=1_000_000), summary="Far future"),
    ]
    root = parse(draw(odd))
    assert root.get("role") == "graphics-document"


def synthetic(count: int, seed: int = 1) -> list[Event]:
    rng = random.Random(seed)
    events = []
    for i in range(count):
        year = 2019 if rng.random() < 0.05 else rng.choice([2024, 2025, 2025])
        roll = rng.random()
        month = rng.randint(1, 12) if roll > 0.1 else None
        day = rng.randint(1, 28) if month and roll > 0.4 else None
        source = "old" if year == 2019 else f"s{rng.randint(1, 5)}"
        date = "-".join(str(p) for p in (year, month, day) if p)
        events.append(event(date, f"Event {i}: <b>{'x' * rng.randint(0, 300)}</b>", (source,), event_id=f"e{i}"))
    return events


def test_a_thousand_events_are_binned_fast_and_small() -> None:
    events = synthetic(1000)
    start = time.perf_counter()
    svg = draw(events)
    elapsed = time.perf_counter() - start
    assert elapsed < 0.5
    assert len(svg) < 80_000
    root = parse(svg)
    found = links(root)
    assert 0 < len(found) <= 2 * MAX_BINS + 2 * 3  # two parts per bin, plus year-only lines
    counts = [t.text for t in root.iter(f"{NS}text") if "ae-tl-count" in classes(t)]
    assert counts and all(c and c.isdigit() for c in counts)
    legend = [t.text for t in root.iter(f"{NS}text") if "ae-tl-legend-text" in classes(t)]
    assert "Bar height: number of events in the period" in legend


def test_the_threshold_between_drawing_and_binning() -> None:
    assert len(links(parse(draw(synthetic(30))))) == 30
    assert len(links(parse(draw(synthetic(MAX_INDIVIDUAL + 1))))) < MAX_INDIVIDUAL


def test_centuries_of_events_fall_into_coarser_bins() -> None:
    rng = random.Random(5)
    events = [event(str(rng.randint(1, 9999)), f"Year event {i}", event_id=f"y{i}") for i in range(500)]
    svg = draw(events)
    root = parse(svg)
    assert len(links(root)) <= 2 * MAX_BINS
    assert len(svg) < 80_000


# --- Property: anything in, well-formed SVG out ------------------------------------------------

dates = st.builds(
    DateValue,
    year=st.integers(min_value=1, max_value=9999),
    month=st.one_of(st.none(), st.integers(min_value=1, max_value=12)),
    day=st.one_of(st.none(), st.integers(min_value=1, max_value=31)),
)
events_strategy = st.lists(
    st.builds(
        Event,
        id=st.text(max_size=20),
        date=dates,
        summary=st.text(max_size=200),
        mentions=st.lists(
            st.builds(
                EventMention,
                span=st.builds(
                    Span,
                    source=st.sampled_from(["old", "a", "b"]),
                    paragraph=st.just("p1"),
                    start=st.just(0),
                    end=st.just(1),
                    text=st.just("x"),
                ),
                date_text=st.just("x"),
            ),
            max_size=3,
        ).map(tuple),
    ),
    max_size=40,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events_strategy, st.text(max_size=50))
def test_any_events_give_well_formed_svg(events: list[Event], title: str) -> None:
    svg = timeline_svg(
        events,
        background_sources=frozenset({"old"}),
        event_href=lambda e: "timeline.md#event-" + "".join(ch for ch in e.id if ch.isalnum()),
        title=title,
        description="d",
    )
    assert "\n" not in svg
    root = parse(svg)
    assert root.get("role") == "graphics-document"
    assert len(links(root)) <= max(len(events), 2 * MAX_BINS + 6)
    if events:
        assert links(root)
    assert svg in markdown.markdown(svg, extensions=MD_EXTENSIONS)
