"""The build-time coverage graphic: structure, marks, escaping, caps, determinism, Markdown."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.compare import Cell, Coverage, CoverageRow
from builder.pages import coverage_svg as cv
from builder.pages.coverage_svg import MAX_COLUMNS, MAX_ROWS, coverage_svg
from builder.pages.timeline_svg import clean_text

NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
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
ALLOWED_TAGS = {"svg", "title", "desc", "defs", "pattern", "g", "a", "rect", "path", "text"}


def row(
    row_id: str,
    label: str,
    sources: tuple[str, ...],
    paragraphs: dict[str, tuple[str, ...]],
    *,
    background_only: bool = False,
) -> CoverageRow:
    cells = tuple(Cell(source=s, paragraphs=paragraphs.get(s, ())) for s in sources)
    reporting = [s for s in sources if paragraphs.get(s)]
    return CoverageRow(
        id=row_id,
        label=label,
        cells=cells,
        count=len(reporting),
        only=reporting[0] if len(reporting) == 1 else None,
        background_only=background_only,
    )


SOURCES = ("old-2019", "cnn", "cnbc", "idn")
SEED_LIKE = Coverage(
    sources=SOURCES,
    hidden=0,
    actors=(
        row("rusia", "Rusia", SOURCES, {"old-2019": ("p1", "p2"), "cnn": ("p1",), "cnbc": ("p3",), "idn": ("p2",)}),
        row("kim", "Kim Jong Un", SOURCES, {"cnn": ("p1", "p4", "p5"), "idn": ("p1",)}),
        row("seoul", "Seoul", SOURCES, {"cnbc": ("p9",)}),
    ),
    facts=(
        row("2025-08-12-call", "2025-08-12: Putin calls Kim", SOURCES, {"cnn": ("p2",), "cnbc": ("p1", "p5")}),
        row(
            "2019-04-25-summit",
            "2019-04-25: Summit in Vladivostok",
            SOURCES,
            {"old-2019": ("p1",)},
            background_only=True,
        ),
    ),
    exclusive=(),
)
REPORTED = sum(1 for r in (*SEED_LIKE.actors, *SEED_LIKE.facts) for c in r.cells if c.paragraphs)


def draw(coverage: Coverage = SEED_LIKE, **kwargs: object) -> str:
    options: dict[str, object] = {
        "title": "Who reports what",
        "description": "Sources against actors and facts.",
        "cell_href": lambda s, p: f"sources/{s}.html#{p}",
        "background_sources": frozenset({"old-2019"}),
    }
    options.update(kwargs)
    return coverage_svg(coverage, **options)  # type: ignore[arg-type]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def cells(root: ET.Element) -> list[ET.Element]:
    return [e for e in root.iter() if "ae-cv-cell" in e.get("class", "").split() and e.tag in {f"{NS}a", f"{NS}g"}]


def in_legend(root: ET.Element, element: ET.Element) -> bool:
    legend = next(e for e in root.iter(f"{NS}g") if e.get("class") == "ae-cv-legend")
    return any(e is element for e in legend.iter())


def big(rows: int, columns: int, label: str = "Row") -> Coverage:
    sources = tuple(f"s{i}" for i in range(columns))
    made = tuple(
        row(f"r{i}", f"{label} {i}", sources, {s: ("p1",) for s in sources[: i % columns + 1]}) for i in range(rows)
    )
    return Coverage(sources=sources, hidden=0, actors=made, facts=made[: rows // 2], exclusive=())


# --- Structure -------------------------------------------------------------------------------


def test_structure_roles_title_and_desc() -> None:
    svg = draw()
    assert svg.startswith("<svg ") and svg.endswith("</svg>") and "\n" not in svg
    root = parse(svg)
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "graphics-document"
    assert root.get("aria-labelledby") == "ae-coverage-title ae-coverage-desc"
    assert root[0].tag == f"{NS}title" and root[0].get("id") == "ae-coverage-title"
    assert root[0].text == "Who reports what"
    assert root[1].tag == f"{NS}desc" and root[1].get("id") == "ae-coverage-desc"
    assert root[1].text == "Sources against actors and facts."
    assert {e.tag.removeprefix(NS) for e in root.iter()} <= ALLOWED_TAGS
    # links use xlink:href only: Material's instant navigation breaks on SVG [href] elements
    assert not [e for e in root.iter() if "href" in e.attrib]
    links = [e for e in root.iter(f"{NS}a")]
    assert links and all(e.get(XLINK_HREF) for e in links)
    assert 'xmlns:xlink="http://www.w3.org/1999/xlink"' in svg


def test_without_links_it_is_an_image() -> None:
    root = parse(draw(cell_href=None))
    assert root.get("role") == "img"
    assert not list(root.iter(f"{NS}a"))
    assert len([c for c in cells(root) if not in_legend(root, c)]) == REPORTED


def test_rows_are_actors_then_facts_with_group_labels_and_a_separator() -> None:
    root = parse(draw())
    rows = [e for e in root.iter(f"{NS}g") if "ae-cv-row" in e.get("class", "").split()]
    kinds = [("actor" if "ae-cv-row--actor" in r.get("class", "") else "fact") for r in rows]
    assert kinds == ["actor"] * 3 + ["fact"] * 2
    groups = [t.text for t in root.iter(f"{NS}text") if t.get("class") == "ae-cv-grouplabel"]
    assert groups == ["Actors", "Facts"]
    assert len([p for p in root.iter(f"{NS}path") if p.get("class") == "ae-cv-separator"]) == 1
    heads = [t for t in root.iter(f"{NS}text") if (t.get("transform") or "").startswith("rotate(-45")]
    assert [t.text for t in heads] == [*SOURCES, "Sources"]


def test_one_mark_with_its_number_per_reported_cell() -> None:
    root = parse(draw())
    drawn = [c for c in cells(root) if not in_legend(root, c)]
    assert len(drawn) == REPORTED
    for cell in drawn:
        assert cell.tag == f"{NS}a"
        marks = [e for e in cell.iter(f"{NS}rect") if e.get("class") == "ae-cv-mark"]
        numbers = [e.text for e in cell.iter(f"{NS}text") if e.get("class") == "ae-cv-num"]
        title = cell.find(f"{NS}title")
        assert len(marks) == 1 and len(numbers) == 1 and title is not None
        assert re.fullmatch(r"\d+", numbers[0] or "")
        assert f"in {numbers[0]} paragraph" in (title.text or "")
    hrefs = [c.get(XLINK_HREF) for c in drawn]
    assert "sources/cnn.html#p1" in hrefs and "sources/old-2019.html#p1" in hrefs
    counts = sorted(int(t.text or 0) for c in drawn for t in c.iter(f"{NS}text"))
    expected = sorted(len(c.paragraphs) for r in (*SEED_LIKE.actors, *SEED_LIKE.facts) for c in r.cells if c.paragraphs)
    assert counts == expected
    empties = [e for e in root.iter(f"{NS}rect") if e.get("class") == "ae-cv-empty" and not in_legend(root, e)]
    assert len(empties) == 5 * len(SOURCES) - REPORTED


def test_single_source_rows_background_rows_and_columns_are_marked_and_explained() -> None:
    root = parse(draw())
    only_rows = [e for e in root.iter(f"{NS}g") if "ae-cv-row--only" in e.get("class", "").split()]
    assert len(only_rows) == 2  # Seoul and the 2019 summit
    for r in only_rows:
        outline = r.find(f"{NS}rect")
        assert outline is not None and outline.get("class") == "ae-cv-only" and outline.get("stroke-dasharray")
    background = [c for c in cells(root) if "ae-cv-cell--background" in c.get("class", "") and not in_legend(root, c)]
    assert len(background) == 1
    mark = background[0].find(f"{NS}rect")
    assert mark is not None and mark.get("fill") == "none" and mark.get("stroke-dasharray")
    hatched = [e for e in root.iter(f"{NS}rect") if e.get("class") == "ae-cv-hatch" and not in_legend(root, e)]
    assert len(hatched) == 1 and hatched[0].get("fill") == "url(#ae-coverage-hatch)"
    assert root.find(f".//{NS}pattern[@id='ae-coverage-hatch']") is not None
    legend = [
        e.get("class", "").split("--")[-1] for e in root.iter(f"{NS}g") if "ae-cv-legend-item " in e.get("class", "")
    ]
    assert legend == ["reported", "empty", "only", "background_row", "background_column"]


def test_legend_only_explains_what_is_used() -> None:
    plain = Coverage(
        sources=("a", "b"),
        hidden=0,
        actors=(row("x", "X", ("a", "b"), {"a": ("p1",), "b": ("p2",)}),),
        facts=(),
        exclusive=(),
    )
    root = parse(draw(plain))
    legend = [
        e.get("class", "").split("--")[-1] for e in root.iter(f"{NS}g") if "ae-cv-legend-item " in e.get("class", "")
    ]
    assert legend == ["reported", "empty"]
    assert root.find(f".//{NS}text[@class='ae-cv-footer']") is None


def test_row_links_and_source_labels_and_words() -> None:
    svg = draw(
        row_href=lambda kind, rid: f"{'glossary' if kind == 'actor' else 'timeline'}.html#{rid}",
        source_labels={"cnn": "CNN Indonesia"},
        words={
            "actors": "Aktor",
            "facts": "Fakta",
            "count": "Sumber",
            "cell_other": "{source}: {row} ({n}) {paragraphs}",
        },
    )
    root = parse(svg)
    heads = [a.get(XLINK_HREF) for a in root.iter(f"{NS}a") if a.get("class") == "ae-cv-rowhead"]
    assert heads[0] == "glossary.html#rusia" and heads[-1] == "timeline.html#2019-04-25-summit"
    texts = {t.text for t in root.iter(f"{NS}text")}
    assert {"Aktor", "Fakta", "Sumber", "CNN Indonesia"} <= texts
    titles = [t.text or "" for t in root.iter(f"{NS}title")]
    assert "CNN Indonesia: Kim Jong Un (3) ¶1, ¶4, ¶5" in titles
    assert "Actors" not in texts and cv._WORDS.get() is cv.ENGLISH  # words reset after the call


def test_long_labels_are_cut_with_the_full_text_in_a_title() -> None:
    long = "2025-08-12: " + "Presiden Rusia Vladimir Putin menelepon Pemimpin Tertinggi Korea Utara " * 3
    coverage = Coverage(
        sources=("a-very-long-source-identifier-that-goes-on-and-on",),
        hidden=0,
        actors=(),
        facts=(
            row(
                "f",
                long,
                ("a-very-long-source-identifier-that-goes-on-and-on",),
                {"a-very-long-source-identifier-that-goes-on-and-on": ("p1",)},
            ),
        ),
        exclusive=(),
    )
    root = parse(draw(coverage))
    drawn = [t.text or "" for t in root.iter(f"{NS}text")]
    assert any(t.endswith("…") and t.startswith("2025-08-12: Presiden") for t in drawn)
    titles = [t.text for t in root.iter(f"{NS}title")]
    assert clean_text(long) in titles
    assert "a-very-long-source-identifier-that-goes-on-and-on" in titles


# --- Escaping and Markdown -------------------------------------------------------------------


def hostile(payload: str) -> Coverage:
    sources = (payload, "plain")
    return Coverage(
        sources=sources,
        hidden=0,
        actors=(row("a", payload, sources, {payload: ("p1",), "plain": ("p2",)}),),
        facts=(row("f", payload + " fact", sources, {"plain": ("p3",)}),),
        exclusive=(),
    )


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_labels_stay_text(payload: str) -> None:
    svg = draw(
        hostile(payload),
        cell_href=lambda s, p: f"#{p}",
        title=payload,
        description=payload,
        source_labels={"plain": payload},
    )
    root = parse(svg)  # well-formed XML
    assert "\n" not in svg and "<script" not in svg and "<img" not in svg
    soup = BeautifulSoup(f"<!doctype html><body>{svg}</body>", "html5lib")
    names = {tag.name for tag in soup.find_all(True)}
    assert names <= {"html", "head", "body"} | {n.lower() for n in ALLOWED_TAGS}
    for tag in soup.find_all(True):
        assert not [name for name in tag.attrs if name.lower().startswith("on")], tag
    expected = clean_text(payload)
    assert root[0].text == expected
    assert any(expected[:20] in (t.text or "") for t in root.iter(f"{NS}title")) or not expected


@pytest.mark.parametrize("payload", HOSTILE)
def test_svg_survives_markdown_untouched(payload: str) -> None:
    svg = draw(hostile(payload), cell_href=lambda s, p: f"sources/x.html#{p}")
    for source in (
        f'<div class="ae-coverage-scroll">{svg}</div>',
        f'Before\n\n<div class="ae-coverage-scroll">{svg}</div>\n\nAfter',
        svg,
    ):
        assert svg in markdown.markdown(source, extensions=MD_EXTENSIONS)
    assert svg in markdown.markdown(f'<div markdown="1">\n{svg}\n</div>', extensions=MD_EXTENSIONS)


def test_unsafe_links_are_refused() -> None:
    for href in ("javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x", "java\tscript:x", '#" onclick="x'):
        with pytest.raises(ValueError):
            draw(cell_href=lambda s, p, target=href: target)
        with pytest.raises(ValueError):
            draw(row_href=lambda k, r, target=href: target)


label_text = st.text(st.characters(codec="utf-8"), max_size=60)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    labels=st.lists(label_text, min_size=0, max_size=6),
    sources=st.lists(label_text, min_size=0, max_size=4, unique=True),
    title=label_text,
    prefix=label_text,
)
def test_well_formed_for_arbitrary_labels(labels: list[str], sources: list[str], title: str, prefix: str) -> None:
    cols = tuple(sources)
    rows = tuple(
        row(f"r{i}", label, cols, {s: ("p1",) * (i + 1) for s in cols[: i % 3]}) for i, label in enumerate(labels)
    )
    coverage = Coverage(sources=cols, hidden=0, actors=rows[::2], facts=rows[1::2], exclusive=())
    svg = coverage_svg(coverage, title=title, description=title, cell_href=lambda s, p: f"#{p}", id_prefix=prefix)
    root = parse(svg)
    assert "\n" not in svg
    assert {e.tag.removeprefix(NS) for e in root.iter()} <= ALLOWED_TAGS
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", i or "") for i in ids)
    if cols and rows:
        assert len(cells(root)) - sum(1 for c in cells(root) if in_legend(root, c)) == sum(
            1 for r in rows for c in r.cells if c.paragraphs
        )


# --- Determinism, caps and edge cases ----------------------------------------------------------


def test_deterministic_bytes() -> None:
    first = draw()
    assert all(draw() == first for _ in range(3))
    assert draw(big(40, 30)) == draw(big(40, 30))


def test_caps_rows_and_columns_and_says_how_many_are_left_out() -> None:
    coverage = big(40, 30)  # 40 actors + 20 facts, 30 sources
    root = parse(draw(coverage))
    rows = [e for e in root.iter(f"{NS}g") if "ae-cv-row" in e.get("class", "").split()]
    assert len(rows) == MAX_ROWS
    assert sum("ae-cv-row--fact" in r.get("class", "") for r in rows) == MAX_ROWS // 2
    heads = [t for t in root.iter(f"{NS}text") if (t.get("transform") or "").startswith("rotate(-45")]
    assert len(heads) == MAX_COLUMNS + 1
    left_out = "Rows not shown: 35. Sources not shown: 10."
    assert root[1].text == f"Sources against actors and facts. {left_out}"
    footer = root.find(f".//{NS}text[@class='ae-cv-footer']")
    assert footer is not None and footer.text == left_out
    assert float(root.get("width") or 0) < 1400 and float(root.get("height") or 0) < 1200


def test_caps_can_be_lowered_and_count_compare_hidden_sources() -> None:
    coverage = Coverage(sources=SOURCES, hidden=3, actors=SEED_LIKE.actors, facts=SEED_LIKE.facts, exclusive=())
    root = parse(draw(coverage, max_rows=2, max_columns=2))
    rows = [e for e in root.iter(f"{NS}g") if "ae-cv-row" in e.get("class", "").split()]
    assert len(rows) == 2 and {("fact" in r.get("class", "")) for r in rows} == {True, False}
    assert "Rows not shown: 3. Sources not shown: 5." in (root[1].text or "")


def test_cap_gives_unused_room_to_the_other_group() -> None:
    few_facts = Coverage(sources=SOURCES, hidden=0, actors=big(40, 4).actors, facts=SEED_LIKE.facts, exclusive=())
    rows = [e for e in parse(draw(few_facts)).iter(f"{NS}g") if "ae-cv-row" in e.get("class", "").split()]
    assert len(rows) == MAX_ROWS and sum("ae-cv-row--fact" in r.get("class", "") for r in rows) == 2


@pytest.mark.parametrize(
    "coverage",
    [
        Coverage(sources=(), hidden=0, actors=(), facts=(), exclusive=()),
        Coverage(sources=SOURCES, hidden=0, actors=(), facts=(), exclusive=()),
        Coverage(sources=(), hidden=2, actors=SEED_LIKE.actors, facts=(), exclusive=()),
    ],
)
def test_empty_coverage_still_gives_a_small_titled_svg(coverage: Coverage) -> None:
    root = parse(draw(coverage))
    assert root.get("role") == "img" and root[0].text == "Who reports what"
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert texts[0] == "Nothing to compare."
    assert not list(root.iter(f"{NS}a"))
    assert float(root.get("height") or 0) <= 60


def test_no_scripts_fonts_styles_or_external_references() -> None:
    svg = draw(big(30, 25))
    lowered = re.sub(r' xmlns(?::xlink)?="[^"]*"', "", svg).lower()  # namespace names are not fetched
    for banned in (
        "<script",
        "<style",
        "<foreignobject",
        "<image",
        "@import",
        "font-family",
        "style=",
        "http:",
        "https:",
        " on",
    ):
        if banned == " on":
            assert not re.search(r"\son[a-z]+=", lowered)
        else:
            assert banned not in lowered
    # colours only through classes and currentColor
    assert not re.search(r"#[0-9a-f]{3,6}\b|rgb\(", lowered)
    for value in re.findall(r'(?:fill|stroke)="([^"]*)"', svg):
        assert value in {"currentColor", "none"} or value.startswith("url(#")


def test_stylesheet_uses_only_material_variables() -> None:
    from pathlib import Path

    css = (Path(__file__).resolve().parents[1] / "overrides" / "assets" / "coverage.css").read_text(encoding="utf-8")
    screen = css.split("@media print")[0]
    assert not re.search(r"#[0-9a-fA-F]{3,6}\b|rgb\(", screen)
    assert "var(--md-default-fg-color" in screen and "var(--md-typeset-a-color)" in screen
    for cls in ("ae-cv-mark", "ae-cv-empty", "ae-cv-only", "ae-cv-hatch-line", "ae-coverage-scroll", "ae-cv-num"):
        assert f".{cls}" in css
