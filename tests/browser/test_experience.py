"""What a reader sees, in headless Chromium: offline copy, accessibility, light and dark mode,
search ranking, citation previews."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_reader import DESKTOP, run_search
from tests.support.paths import REPO, SEED_CONTENT
from tests.support.static_server import serve_directory

if TYPE_CHECKING:
    from tests.browser.conftest import PageEvents

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SCREENSHOTS = REPO / "test-output" / "screenshots"
MAIN_PAGES = [
    "index.html",
    "explainer.html",
    "glossary.html",
    "timeline.html",
    "comparison.html",
    "sources/index.html",
    "sources/cnn-indonesia-2025-08-13.html",
    "cleaning-rules.html",
]


@pytest.fixture(scope="module")
def seed_url(seed_site: Path) -> Iterator[str]:
    with serve_directory(seed_site) as url:
        yield url


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from builder import cli

    site = tmp_path_factory.mktemp("offline") / "site"
    assert cli.main(["build", "--offline", "--content", str(SEED_CONTENT), "--site-dir", str(site)]) == 0
    assert (site.parent / "site.zip").stat().st_size > 100_000
    return site


def test_offline_copy_works_from_disk(page: Page, page_events: PageEvents, offline_site: Path) -> None:
    page.set_viewport_size(DESKTOP)
    start = (offline_site / "sources" / "idn-times.html").as_uri()
    page.goto(start)
    expect(page.locator("article h1")).to_be_visible()
    # Navigation by plain links, citations and their previews, search: all from file://.
    page.locator("nav.md-nav--primary a.md-nav__link[href$='explainer.html']").first.click()
    expect(page).to_have_url((offline_site / "explainer.html").as_uri())
    citation = page.locator("article a.ae-cite").first
    citation.focus()
    expect(citation.locator(".ae-cite__preview")).to_be_visible()
    results = run_search(page, "Kursk")
    expect(results.first).to_be_visible()
    assert results.count() >= 3
    svg = page.goto((offline_site / "timeline.html").as_uri())
    assert svg is None or svg.ok
    assert page_events.problems() == []


def test_citation_preview_on_hover_and_focus(page: Page, page_events: PageEvents, seed_url: str) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(seed_url + "explainer.html")
    citation = page.locator("article a.ae-cite").first
    preview = citation.locator(".ae-cite__preview")
    expect(preview).to_have_css("width", "1px")  # hidden until asked for ...
    citation.hover()
    expect(preview).to_contain_text("CNN Indonesia, 2025-08-13, ¶2")
    expect(preview).to_contain_text("Selasa (12/8)")
    box = preview.bounding_box()
    assert box is not None and box["width"] > 100
    page.mouse.move(0, 0)
    page.keyboard.press("Tab")  # ... and for keyboard users
    citation.focus()
    expect(preview).to_contain_text("pernyataan yang dirilis Kremlin")
    assert page_events.problems() == []


@pytest.mark.parametrize(
    ("query", "first_page"),
    [
        ("Kursk", "glossary.html"),
        ("tentara", None),
        ("Yang Moo Jin", "glossary.html"),
        ("Anchorage", None),
    ],
)
def test_search_finds_indonesian_words_and_names(
    page: Page, page_events: PageEvents, seed_url: str, query: str, first_page: str | None
) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(seed_url + "index.html")
    results = run_search(page, query)
    expect(results.first).to_be_visible()
    first = results.first.locator("a").first.get_attribute("href") or ""
    if first_page is not None:
        assert first.split("#")[0].split("?")[0].endswith(first_page), first
    texts = results.all_inner_texts()
    assert any(query.split(maxsplit=1)[0].lower() in text.lower() for text in texts)
    assert page_events.problems() == []


@pytest.mark.parametrize("path", MAIN_PAGES)
def test_accessibility_and_screenshots(page: Page, page_events: PageEvents, seed_url: str, path: str) -> None:
    """axe-core finds no serious or critical violation, in light and in dark mode."""
    page.set_viewport_size(DESKTOP)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.goto(seed_url + path)
        page.evaluate("localStorage.clear()")  # Material remembers the last palette; follow the system
        page.reload()
        expect(page.locator("article h1")).to_be_visible()
        expected_scheme = "slate" if scheme == "dark" else "default"
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected_scheme
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        assert serious == [], f"{path} ({scheme}): {json.dumps(serious, ensure_ascii=False, indent=1)}"
        name = path.replace("/", "_").removesuffix(".html")
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{scheme}.png"), full_page=True)
    assert page_events.problems() == []
