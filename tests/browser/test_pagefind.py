"""`explainer build --search pagefind`: the chunked search index a reader uses on a large site."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from builder import cli
from tests.support.paths import MKDOCS_YML, SEED_CONTENT
from tests.support.static_server import serve_directory

if TYPE_CHECKING:
    from tests.browser.conftest import PageEvents

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def pagefind_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed site built with Pagefind, served under a sub-path (as on GitHub Pages)."""
    root = tmp_path_factory.mktemp("pagefind")
    site = root / "explainer"
    arguments = ["build", "--content", str(SEED_CONTENT), "--site-dir", str(site), "--config", str(MKDOCS_YML)]
    assert cli.main([*arguments, "--search", "pagefind"]) == 0
    with serve_directory(root) as url:
        yield url + "explainer/"


def search(page: Page, query: str) -> None:
    box = page.locator("#ae-search input")
    expect(box).to_be_visible()
    box.click()
    page.keyboard.type(query)


def test_search_page_finds_and_opens_a_source(page: Page, page_events: PageEvents, pagefind_url: str) -> None:
    page.goto(pagefind_url + "index.html")
    page.get_by_role("link", name="Cari").first.click()  # the nav entry, in the bundle's language
    expect(page).to_have_url(pagefind_url + "search.html")
    search(page, "Kursk")
    first = page.locator(".pagefind-ui__result-link").first
    expect(first).to_be_visible()
    assert "EXPLAINER_SEARCH" not in os.environ  # the option was for that build only
    href = first.get_attribute("href") or ""
    assert href.startswith("/explainer/"), f"result {href!r} ignores the sub-path the site is served from"
    first.click()
    expect(page.locator("article")).to_contain_text("Kursk")
    assert page_events.problems() == []


def test_search_finds_indonesian_words_in_source_text(page: Page, pagefind_url: str) -> None:
    page.goto(pagefind_url + "search.html")
    search(page, "Yang Moo Jin")
    results = page.locator(".pagefind-ui__result-link")
    expect(results.first).to_be_visible()
    assert any("sources/" in (link.get_attribute("href") or "") for link in results.all())


def test_a_query_fetches_chunks_not_the_whole_index(page: Page, pagefind_url: str) -> None:
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.goto(pagefind_url + "search.html")
    search(page, "Kursk")
    expect(page.locator(".pagefind-ui__result-link").first).to_be_visible()
    assert not any(url.endswith("search_index.json") for url in fetched)
    assert any("/pagefind/index/" in url for url in fetched), fetched


def test_pagefind_and_offline_are_refused_together(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    arguments = ["build", "--content", str(SEED_CONTENT), "--site-dir", str(tmp_path / "site")]
    assert cli.main([*arguments, "--config", str(MKDOCS_YML), "--search", "pagefind", "--offline"]) == 2
    assert "--search pagefind needs a web server" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()
