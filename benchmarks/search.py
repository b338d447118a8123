"""Search at scale: Material's single lunr index against Pagefind's chunked one, on one built site.

For the site of a benchmark run (built with the default search), this adds a Pagefind index
beside Material's (`pagefind/` in the same site; the two do not interfere), then asks headless
Chromium, over loopback HTTP, for one query with each and records what a reader waits for:

- lunr: from opening a small page (the cleaning rules) to the first result in Material's search
  box. Material
  downloads `search/search_index.json` whole and builds the lunr index in a worker first.
- Pagefind: from opening the same page to the first result's data via Pagefind's JavaScript API
  (`pagefind.js`: the WebAssembly search, the index chunks for the query's words, one fragment).

Bytes are the response bodies the browser received for each search (the page itself excluded).

    python -m benchmarks.search SITE_DIR [--query Kursk]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.measure import emit, tree_bytes

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
TIMEOUT_MS = 600_000  # a 100 MB lunr index takes minutes to build in the worker
# A page whose size does not grow with the bundle (the home page lists every source), so that the
# figures are the search's own.
START_PAGE = "cleaning-rules.html"


def index_with_pagefind(site: Path) -> dict[str, Any]:
    from builder.pagefind import BUNDLE_DIR, index_site

    begin = time.perf_counter()
    index_site(site)
    seconds = time.perf_counter() - begin
    total, files = tree_bytes(site / BUNDLE_DIR)
    chunks = sorted(p.stat().st_size for p in (site / BUNDLE_DIR / "index").glob("*"))
    return {
        "index_s": seconds,
        "bytes": total,
        "files": files,
        "index_chunks": len(chunks),
        "largest_chunk_bytes": chunks[-1] if chunks else None,
    }


def _lunr(browser: Any, url: str, query: str) -> dict[str, Any]:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    received: list[tuple[str, int]] = []
    page.on("requestfinished", lambda request: received.append((request.url, request.sizes()["responseBodySize"])))
    begin = time.perf_counter()
    page.goto(url + START_PAGE)
    box = page.locator("input.md-search__input")
    box.click()
    page.keyboard.type(query)
    page.locator(".md-search-result__item").first.wait_for()
    seconds = time.perf_counter() - begin
    context.close()
    return {
        "first_result_s": seconds,
        "search_bytes": sum(size for link, size in received if "/search/" in link),
        "requests": len(received),
    }


_PAGEFIND_QUERY = """async ([bundle, query]) => {
    const pagefind = await import(bundle + "pagefind.js");
    await pagefind.init();
    const search = await pagefind.search(query);
    const first = search.results.length ? await search.results[0].data() : null;
    return { results: search.results.length, first: first && first.url };
}"""


def _pagefind(browser: Any, url: str, query: str) -> dict[str, Any]:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    received: list[tuple[str, int]] = []
    page.on("requestfinished", lambda request: received.append((request.url, request.sizes()["responseBodySize"])))
    begin = time.perf_counter()
    page.goto(url + START_PAGE)
    answer = page.evaluate(_PAGEFIND_QUERY, [url + "pagefind/", query])
    seconds = time.perf_counter() - begin
    context.close()
    return {
        "first_result_s": seconds,
        "search_bytes": sum(size for link, size in received if "/pagefind/" in link),
        "requests": sum(1 for link, _ in received if "/pagefind/" in link),
        "results": answer["results"],
        "first_url": answer["first"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search")
    parser.add_argument("site", type=Path)
    parser.add_argument("--query", default="Kursk")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from tests.support.static_server import serve_directory

    result: dict[str, Any] = {"query": args.query, "pagefind_index": index_with_pagefind(args.site)}
    index = args.site / "search" / "search_index.json"
    result["lunr_index_bytes"] = index.stat().st_size if index.is_file() else None
    with sync_playwright() as playwright, serve_directory(args.site) as url:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
        )
        try:
            result["lunr"] = _lunr(browser, url, args.query) if index.is_file() else None
            result["pagefind"] = _pagefind(browser, url, args.query)
        finally:
            browser.close()
    emit(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
