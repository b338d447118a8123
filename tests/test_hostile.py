"""Article text is hostile: every payload must be visible literal text, never live markup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Comment

from tests.support.paths import REPO
from tests.support.payloads import ISSUE_PAYLOADS

BUNDLE = REPO / "tests" / "hostile" / "basic"
PAYLOADS = [
    *ISSUE_PAYLOADS,
    "<svg onload=alert(1)>",
    "&lt;script&gt;alert(2)&lt;/script&gt;",
    '<a href="data:text/html,x">data</a>',
    ":smile: ==mark== [^1]",
    "1. Daftar bernomor",
]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import run_build

    site = tmp_path_factory.mktemp("hostile") / "site"
    assert run_build(BUNDLE, site) == 0
    return site


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_payloads_are_visible_as_text(hostile_site: Path) -> None:
    [source_page] = [p for p in (hostile_site / "sources").glob("*.html") if p.name != "index.html"]
    article = BeautifulSoup(source_page.read_text(encoding="utf-8"), "html5lib").select_one("article")
    assert article is not None
    text = " ".join(article.get_text().split())
    for payload in PAYLOADS:
        assert payload in text, payload


@pytest.mark.parametrize("check", ["scripts", "handlers", "urls", "elements", "comments"])
def test_no_payload_is_live_anywhere(hostile_site: Path, check: str) -> None:
    for page in pages(hostile_site):
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")
        where = page.relative_to(hostile_site)
        if check == "scripts":
            inline = [s for s in html.find_all("script") if not s.get("src")]
            data = [s.string or "" for s in inline if s.get("type") == "application/ld+json"]
            code = [s.string or "" for s in inline if s.get("type") != "application/ld+json"]
            assert not [s for s in code if "alert" in s], where
            for text in data:  # JSON-LD carries article text: valid JSON, no markup characters
                assert "<" not in text and ">" not in text, where
                json.loads(text)
            sources = [s["src"] for s in html.find_all("script", src=True)]
            assert all("assets/" in src and "//" not in src and ":" not in src for src in sources), (where, sources)
        elif check == "handlers":
            live = [(el.name, a) for el in html.find_all(True) for a in el.attrs if a.lower().startswith("on")]
            assert not live, where
        elif check == "urls":
            for el in html.find_all(href=True) + html.find_all(src=True):
                url = (el.get("href") or el.get("src") or "").strip().lower()
                assert not url.startswith(("javascript:", "data:", "vbscript:")), (where, url)
        elif check == "elements":
            article = html.select_one("article")
            assert article is not None
            # Our own graphics (svg.ae-timeline, svg.ae-coverage) are the only SVG an article may hold.
            foreign = [e for e in article.select("img, svg, iframe, object, embed, form, input")]
            ours = {"ae-timeline", "ae-coverage"}  # our own graphics, built from escaped text
            assert not [e for e in foreign if not ours & set(e.get("class") or [])], where
            assert not article.select("ol"), where  # "1. ..." stays a sentence, not a list
            titles = [t.get_text(strip=True) for t in article.select(".admonition-title")]
            assert "Note" not in titles, where  # "!!! note" stays text
        elif check == "comments":
            article = html.select_one("article")
            assert article is not None
            assert not article.find_all(string=lambda s: isinstance(s, Comment)), where


def test_title_from_article_is_inert_in_nav_and_head(hostile_site: Path) -> None:
    raw = (hostile_site / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in raw
    soup = BeautifulSoup(raw, "html5lib")
    assert soup.title is not None and "‹script›alert(1)‹/script›" in soup.title.get_text()
    assert not soup.select("head script:not([src])") or all("alert" not in s.get_text() for s in soup.select("script"))
    nav = soup.select_one("nav.md-nav--primary")
    assert nav is not None and not nav.select("script")
    assert "‹script›alert(1)‹/script›" in nav.get_text()


def test_no_file_is_pulled_in_by_snippet_syntax(hostile_site: Path) -> None:
    everything = "".join(p.read_text(encoding="utf-8") for p in pages(hostile_site))
    assert "root:x:0:0" not in everything
