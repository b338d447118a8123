"""Self-checks of the test harness: the browser fixtures, the static server and linkcheck.

They guard the guards: if a recorder stopped recording, or linkchecker stopped checking
anchors, the site tests built on them would pass while checking nothing.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.request import urlopen

import pytest

from tests.support.linkcheck import check_links
from tests.support.static_server import serve_directory

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from tests.browser.conftest import PageEvents

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

PAGES = {
    "button.html": """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>button</title></head><body>
<p id="out">before</p>
<button id="go" onclick="document.getElementById('out').textContent = 'after'">Go</button>
</body></html>""",
    "alert.html": """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>alert</title></head><body><p>alerting</p><script>alert(1)</script></body></html>""",
    "external.html": """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>external</title></head><body>
<img src="https://example.invalid/x.png" alt="external"><img src="local.png" alt="local">
</body></html>""",
}


@pytest.fixture(scope="module")
def harness_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a served folder holding the small pages in ``PAGES``."""
    root = tmp_path_factory.mktemp("harness")
    for name, html in PAGES.items():
        (root / name).write_text(html, encoding="utf-8")
    (root / "local.png").write_bytes(_tiny_png())
    with serve_directory(root) as url:
        yield url


def _tiny_png() -> bytes:
    """A valid 1x1 PNG, so the local image in external.html loads without a console error."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1x1, 8-bit greyscale
    pixels = zlib.compress(b"\x00\x00")  # filter byte + one pixel
    return PNG_SIGNATURE + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def test_static_server_serves_files_and_hides_directory_listings(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>hi</p>", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    with serve_directory(tmp_path) as url:
        assert url.startswith("http://127.0.0.1:") and url.endswith("/")
        with urlopen(url + "index.html", timeout=5) as response:
            assert response.read() == b"<p>hi</p>"
        with pytest.raises(OSError, match="404"):
            urlopen(url + "empty/", timeout=5)


@pytest.mark.browser
def test_button_click_changes_text(page: Page, page_events: PageEvents, harness_url: str) -> None:
    page.goto(harness_url + "button.html")
    assert page.text_content("#out") == "before"
    page.click("#go")
    assert page.text_content("#out") == "after"
    assert page_events.problems() == []


@pytest.mark.browser
def test_alert_is_recorded_and_dismissed(page: Page, page_events: PageEvents, harness_url: str) -> None:
    page.goto(harness_url + "alert.html")
    page.wait_for_load_state("load")
    assert [(d.type, d.message) for d in page_events.dialogs] == [("alert", "1")]
    # Dismissed, so the page is not blocked.
    assert page.text_content("p") == "alerting"


@pytest.mark.browser
def test_external_request_is_recorded(page: Page, page_events: PageEvents, harness_url: str) -> None:
    page.goto(harness_url + "external.html")
    page.wait_for_load_state("load")
    assert page_events.external_requests == ["https://example.invalid/x.png"]
    # The failed load also shows up as a console error; the local image loaded fine.
    assert len(page_events.console_errors) == 1
    assert page.evaluate("document.querySelector('img[alt=local]').naturalWidth") == 1


@pytest.mark.browser
def test_screenshot_is_a_png(page: Page, harness_url: str, tmp_path: Path) -> None:
    page.goto(harness_url + "button.html")
    shot = tmp_path / "button.png"
    page.screenshot(path=shot, full_page=True)
    data = shot.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert len(data) > 100


def test_check_links_reports_missing_page_and_anchor_only(tmp_path: Path) -> None:
    """Anchors are really checked, external links are not fetched, good links pass."""
    (tmp_path / "index.html").write_text(
        """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>i</title></head>
<body><h1 id="top">Index</h1>
<a href="a.html#ok">good anchor</a>
<a href="a.html#missing">bad anchor</a>
<a href="missing.html">missing page</a>
<a href="https://example.com/">external</a>
<a href="#top">self</a>
<a href="mailto:someone@example.org">mail</a>
</body></html>""",
        encoding="utf-8",
    )
    (tmp_path / "a.html").write_text(
        """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>a</title></head>
<body><h2 id="ok">OK</h2><a href="index.html#top">back</a></body></html>""",
        encoding="utf-8",
    )
    problems = check_links(tmp_path)
    assert len(problems) == 2, problems
    missing_anchor = [p for p in problems if "a.html#missing" in p]
    missing_page = [p for p in problems if "missing.html" in p and "404" in p]
    assert len(missing_anchor) == 1 and "Anchor `missing'" in missing_anchor[0], problems
    assert missing_anchor[0].startswith("index.html:4:"), problems
    assert len(missing_page) == 1, problems


def test_check_links_clean_site(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<!doctype html><title>i</title><a href="sub/b.html#x">b</a>', encoding="utf-8"
    )
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text(
        '<!doctype html><title>b</title><p id="x"><a href="../index.html">up</a>',
        encoding="utf-8",
    )
    assert check_links(tmp_path) == []
