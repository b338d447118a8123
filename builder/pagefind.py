"""Pagefind, the chunked search index for large bundles (`explainer build --search pagefind`).

Material's own search downloads one JSON index of the whole site before the first result: at
thousands of sources that is tens of megabytes. Pagefind splits its index into small chunks a
query fetches on demand. It needs a web server (browsers refuse `fetch()` from `file://`), so
offline copies keep Material's search.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SEARCH_CHOICES = ("auto", "lunr", "pagefind")
# `auto` switches to Pagefind above this many sources (hosted builds only): Material's index
# is then several megabytes, downloaded whole and indexed in the browser before the first result.
PAGEFIND_FROM_SOURCES = 300


def chosen_backend(choice: str, sources: int, offline: bool) -> str:
    """`lunr` or `pagefind` for a build of `sources` articles."""
    if choice != "auto":
        return choice
    return "pagefind" if sources > PAGEFIND_FROM_SOURCES and not offline else "lunr"


SEARCH_PAGE = "search.md"
BUNDLE_DIR = "pagefind"
# Loaded on every page: Material's instant navigation swaps pages without running their scripts.
JAVASCRIPT = (f"{BUNDLE_DIR}/pagefind-ui.js", "assets/javascripts/pagefind-search.js")
STYLESHEETS = (f"{BUNDLE_DIR}/pagefind-ui.css",)
# Index what a reader reads: the page's article, not the nav, header and footer around it.
ROOT_SELECTOR = "article"


class PagefindError(RuntimeError):
    """The indexer did not run or failed; the message says why."""


def index_site(site_dir: Path) -> None:
    """Write the Pagefind index and search UI into `site_dir/pagefind/`."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--root-selector",
        ROOT_SELECTOR,
        "--keep-index-url",  # use_directory_urls is off: pages are x.html, not x/
        "--silent",
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=3600)
    except OSError as exc:
        raise PagefindError(f"cannot run Pagefind: {exc}") from exc
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip() or f"exit code {done.returncode}"
        if "No module named pagefind" in detail:
            detail = "Pagefind is not installed (pip install 'pagefind[bin]')"
        raise PagefindError(f"Pagefind failed: {detail}")
