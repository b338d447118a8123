"""A reader's path through the built site, in headless Chromium.

- the primary navigation reaches every page (and a source page) with no console errors,
  uncaught exceptions, dialogs or requests leaving the machine;
- a citation in the explainer lands on the cited paragraph, highlighted and in view;
- the hostile bundle's payloads stay visible text, in the page and in Material's search;
- search on the seed site finds a word and its first result leads to it;
- full-page screenshots of the main page kinds, for a human to look at.

Every site is served over loopback HTTP (``serve_directory``): Material's search runs in a
web worker that ``file://`` pages cannot load.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.support.paths import REPO
from tests.support.payloads import ISSUE_PAYLOADS
from tests.support.static_server import serve_directory

if TYPE_CHECKING:
    from tests.browser.conftest import PageEvents
    from tests.conftest import BuildSite

pytestmark = pytest.mark.browser

HOSTILE_BUNDLE = REPO / "tests" / "hostile" / "basic"
SCREENSHOTS = REPO / "test-output" / "screenshots"

# Wide enough for Material to show the primary navigation as the left sidebar (>= 76.25em).
DESKTOP = {"width": 1280, "height": 900}

# (link text in the primary navigation, page it leads to). Clicked in this order, each from
# the page the previous click opened, so the relative links of pages inside sources/ are
# exercised too.
# The seed site speaks Indonesian, like its sources.
MAIN_PAGES = [
    ("Penjelasan", "explainer.html"),
    ("Glosarium", "glossary.html"),
    ("Linimasa", "timeline.html"),
    ("Perbandingan sumber", "comparison.html"),
    ("Sumber", "sources/index.html"),
    ("Aturan pembersihan", "cleaning-rules.html"),
    ("Beranda", "index.html"),
]

# Payloads of tests/hostile/basic/sources/payloads.txt that must read as literal text.
LITERAL_PAYLOADS = [
    *ISSUE_PAYLOADS,
]

NOT_BLANK = re.compile(r"\S")


@pytest.fixture(scope="module")
def seed_url(seed_site: Path) -> Iterator[str]:
    """Base URL (ending in ``/``) of the seed site served over loopback."""
    with serve_directory(seed_site) as url:
        yield url


@pytest.fixture
def hostile_url(build_site: BuildSite) -> Iterator[str]:
    """Base URL of the hostile bundle's site, built afresh for the test."""
    with serve_directory(build_site(HOSTILE_BUNDLE, "hostile")) as url:
        yield url


@pytest.fixture
def desktop_page(page: Page) -> Page:
    """``page`` at a desktop size, where the primary navigation is the left sidebar."""
    page.set_viewport_size(DESKTOP)
    return page


def primary_nav(page: Page) -> Locator:
    return page.locator("nav.md-nav--primary")


def expect_page(page: Page, url: str) -> None:
    """The browser shows ``url`` and its article has a non-blank h1."""
    expect(page).to_have_url(url)
    expect(page.locator("article h1").first).to_have_text(NOT_BLANK)


def search_translation(page: Page, key: str) -> str:
    """A search message (``search.result.placeholder`` ...) in the site's language."""
    config = json.loads(page.locator("script#__config").text_content() or "{}")
    return str(config["translations"][key])


def run_search(page: Page, query: str) -> Locator:
    """Type ``query`` into Material's search box; return the result items once it has run.

    Waits for the search worker to have loaded the index before typing (the results'
    header switches from "initializing" to the placeholder, also shown for an empty box),
    and for the query to have been answered after (the header leaves the placeholder for a
    count, or "no documents"). ``keyboard.type`` sends real key events; ``fill`` would not
    trigger Material's search.
    """
    placeholder = search_translation(page, "search.result.placeholder")
    meta = page.locator(".md-search-result__meta")
    search_input = page.locator("input.md-search__input")
    search_input.click()
    expect(search_input).to_be_focused()
    page.keyboard.press("ControlOrMeta+A")  # clear an earlier query
    page.keyboard.press("Backspace")
    expect(meta).to_have_text(placeholder)
    page.keyboard.type(query)
    expect(search_input).to_have_value(query)
    expect(meta).not_to_have_text(placeholder)
    return page.locator(".md-search-result__item")


# 1. Navigation ----------------------------------------------------------------------------


def test_primary_navigation_reaches_every_page(desktop_page: Page, page_events: PageEvents, seed_url: str) -> None:
    page = desktop_page
    page.goto(seed_url + "index.html")
    expect_page(page, seed_url + "index.html")
    nav = primary_nav(page)
    expect(nav).to_be_visible()

    for text, path in MAIN_PAGES:
        link = nav.locator("a.md-nav__link").filter(has_text=re.compile(rf"^\s*{text}\s*$"))
        link.first.click()
        expect_page(page, seed_url + path)

    # The Sources section: with navigation.prune its pages are listed once you are in it.
    nav.locator("a.md-nav__link[href$='sources/index.html']").first.click()
    expect_page(page, seed_url + "sources/index.html")
    source_link = (
        primary_nav(page)
        .locator("nav[data-md-level='1'] a.md-nav__link[href$='.html']")
        .filter(has_not_text="Sumber")
        .first
    )
    expect(source_link).to_be_visible()
    href = source_link.get_attribute("href") or ""
    href = "sources/" + href.rsplit("/", 1)[-1]  # instant navigation may make hrefs absolute
    assert href.endswith(".html") and href != "sources/index.html", href
    source_link.click()
    expect_page(page, seed_url + href)
    expect(page.locator("article .ae-paragraph").first).to_be_visible()

    assert page_events.problems() == []


# 2. Citations ------------------------------------------------------------------------------


def test_citation_lands_on_highlighted_paragraph(desktop_page: Page, page_events: PageEvents, seed_url: str) -> None:
    page = desktop_page
    page.goto(seed_url + "explainer.html")
    citation = page.locator("article a[href*='#p']").first
    href = citation.get_attribute("href") or ""
    href = href.split(seed_url, 1)[-1]  # instant navigation may make hrefs absolute
    assert href.startswith("sources/"), f"first citation link is {href!r}"
    anchor = href.split("#", 1)[1]

    citation.click()
    expect(page).to_have_url(seed_url + href)

    target = page.locator(f"article [id='{anchor}']")
    expect(target).to_have_class(re.compile(r"\bae-(paragraph|heading)\b"))
    assert page.evaluate("document.querySelector(':target')?.id") == anchor
    expect(target).to_be_in_viewport()

    # Not hidden under Material's sticky header (scroll-margin-top must clear it).
    header_bottom = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    target_top = target.evaluate("el => el.getBoundingClientRect().top")
    assert target_top >= header_bottom, (
        f"#{anchor} starts at y={target_top}, under the sticky header (bottom y={header_bottom})"
    )

    style = "el => { const s = getComputedStyle(el); return [s.borderLeftColor, s.backgroundColor]; }"
    other = page.locator("article .ae-paragraph:not(:target)").first
    targeted_look = target.evaluate(style)
    plain_look = other.evaluate(style)
    assert targeted_look[0] != plain_look[0] or targeted_look[1] != plain_look[1], (
        f"#{anchor} is :target but looks like any other paragraph: "
        f"border-left-color/background {targeted_look} vs {plain_look}"
    )

    assert page_events.problems() == []


# 3. Hostile bundle -------------------------------------------------------------------------


def open_hostile_source(page: Page, base_url: str) -> None:
    """Open the hostile bundle's one source page via the sources index."""
    page.goto(base_url + "sources/index.html")
    link = page.locator("article a[href$='.html']").filter(has_text="Judul")
    expect(link).to_have_count(1)
    link.click()
    expect(page).to_have_url(re.compile(r"/sources/[^/]+\.html$"))
    expect(page.locator("article .ae-paragraph").first).to_be_visible()


def test_hostile_payloads_stay_text(desktop_page: Page, page_events: PageEvents, hostile_url: str) -> None:
    page = desktop_page
    open_hostile_source(page, hostile_url)
    page.wait_for_load_state("load")

    inline_alerts = page.evaluate(
        """[...document.querySelectorAll('script:not([src]):not([type="application/ld+json"])')]
            .map(s => s.textContent).filter(t => t.includes('alert'))"""
    )
    assert inline_alerts == [], f"inline scripts calling alert: {inline_alerts}"

    event_attributes = page.evaluate(
        """[...document.querySelectorAll('article, article *')].flatMap(el =>
            [...el.attributes].filter(a => a.name.toLowerCase().startsWith('on'))
                .map(a => `<${el.tagName.toLowerCase()} ${a.name}="${a.value}">`))"""
    )
    assert event_attributes == [], f"event-handler attributes in the article: {event_attributes}"

    assert page.locator("a[href^='javascript:' i]").count() == 0, "javascript: link is live"
    assert page.locator("img[src='x']").count() == 0, "payload <img src=x> is a live element"
    assert page.locator("article .ae-paragraph svg, article .ae-heading svg").count() == 0, (
        "payload <svg> is a live element in the article text"
    )

    article_text = page.locator("article").inner_text()
    missing = [payload for payload in LITERAL_PAYLOADS if payload not in article_text]
    assert missing == [], f"payloads not shown as literal text: {missing}"

    assert page_events.dialogs == []
    assert page_events.external_requests == []
    assert page_events.problems() == []


def test_hostile_search_stays_inert(desktop_page: Page, page_events: PageEvents, hostile_url: str) -> None:
    page = desktop_page
    open_hostile_source(page, hostile_url)

    # "alert" itself: the search must run (any answer, even "no documents") without firing.
    run_search(page, "alert")
    assert page_events.dialogs == []

    # Words next to the payloads, so that their paragraphs are rendered as result snippets
    # (Material inserts the index's HTML) and highlighted on the page after a click.
    results = page.locator(".md-search-result")
    run_search(page, "Gambar")
    expect(results).to_contain_text("<img src=x onerror=alert(1)>")
    run_search(page, "Presiden")
    expect(results).to_contain_text("<script>alert(1)</script>")
    run_search(page, "onclick")
    expect(results).to_contain_text('{: onclick="alert(1)" }')
    live = results.locator("script, img, svg, iframe, [onclick], [onerror], [onload]")
    assert live.count() == 0, f"live elements in search results: {live.evaluate_all('e => e.map(x => x.outerHTML)')}"

    # Follow a result: search.highlight marks the query on the page (?h=...).
    results.locator("a.md-search-result__link[href*='#']").first.click()
    # Search lands on the section holding the payload: the article text, or an article subheading.
    expect(page).to_have_url(re.compile(r"\?h=onclick#(teks-artikel|p\d+)$"))
    expect(page.locator("article mark").first).to_be_visible()
    expect(page.locator("article")).to_contain_text('{: onclick="alert(1)" }')

    assert page_events.dialogs == []
    assert page_events.problems() == []


# 4. Search ---------------------------------------------------------------------------------


def test_search_finds_and_opens_result(desktop_page: Page, page_events: PageEvents, seed_url: str) -> None:
    page = desktop_page
    page.goto(seed_url + "index.html")

    results = run_search(page, "Kursk")
    expect(results.first).to_be_visible()
    first = results.first.locator("a.md-search-result__link").first
    href = first.get_attribute("href")
    assert href, "first search result has no link"

    first.click()
    expect(page).to_have_url(href)
    expect(page.locator("article")).to_contain_text("Kursk")

    assert page_events.problems() == []


# 5. Screenshots ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["index.html", "explainer.html", "sources/cnn-indonesia-2025-08-13.html"],
)
def test_screenshot(desktop_page: Page, page_events: PageEvents, seed_url: str, path: str) -> None:
    page = desktop_page
    page.goto(seed_url + path)
    expect_page(page, seed_url + path)

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {DESKTOP['width']}px"

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / (path.replace("/", "_").removesuffix(".html") + ".png")
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000, f"{target} is suspiciously small"

    assert page_events.problems() == []
