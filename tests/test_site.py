"""The built site, checked with the real tools: MkDocs --strict, linkchecker, a second build."""

from __future__ import annotations

import filecmp
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import BuildSite
from tests.support.linkcheck import check_links
from tests.support.paths import MKDOCS_YML, REPO, SEED_CONTENT

MAIN_PAGES = [
    "index.html",
    "explainer.html",
    "glossary.html",
    "timeline.html",
    "comparison.html",
    "sources/index.html",
    "cleaning-rules.html",
]
GOLDEN = REPO / "tests" / "golden" / "seed"

pytestmark = pytest.mark.slow


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


def test_mkdocs_build_strict_through_the_plugin(tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(MKDOCS_YML), "-d", str(site)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert not re.search(r"^(WARNING|ERROR)\s+-", done.stderr, re.M), done.stderr
    assert (site / "sources" / "cnn-indonesia-2025-08-13.html").is_file()
    assert (tmp_path / "build" / "pages" / "index.md").is_file()  # generated Markdown, beside the site
    assert not list(SEED_CONTENT.rglob("*.md.j2"))


def test_links_and_anchors_are_all_valid(seed_site: Path) -> None:
    assert check_links(seed_site) == []


def test_two_builds_are_byte_identical(seed_site: Path, build_site: BuildSite) -> None:
    again = build_site(SEED_CONTENT, "again")
    comparison = filecmp.dircmp(seed_site, again)

    def differences(cmp: filecmp.dircmp[str]) -> list[str]:
        found = [*cmp.left_only, *cmp.right_only, *cmp.diff_files, *cmp.funny_files]
        for sub in cmp.subdirs.values():
            found += differences(sub)
        return found

    assert differences(comparison) == []
    # dircmp compares shallowly (size and mtime); compare bytes of every file too.
    for file in seed_site.rglob("*"):
        if file.is_file():
            assert file.read_bytes() == (again / file.relative_to(seed_site)).read_bytes(), file


def test_nav_reaches_every_main_page_and_every_source(seed_site: Path) -> None:
    nav_links = {a["href"] for a in soup(seed_site / "index.html").select("nav.md-nav--primary a[href]")}
    for page in MAIN_PAGES:
        assert page in nav_links or page == "index.html", page
    # navigation.prune: source pages appear in the nav of the Sources section, not on every page.
    section = soup(seed_site / "sources" / "index.html").select("nav.md-nav--primary a[href]")
    section_links = {a["href"] for a in section}
    report = json.loads((seed_site.parent / "build" / "report.json").read_text(encoding="utf-8"))
    for source in report["sources"]:
        assert f"{source['id']}.html" in section_links
        assert f"sources/{source['id']}.html" not in nav_links


def test_source_page_shows_metadata_paragraphs_and_removed_lines(seed_site: Path) -> None:
    page = soup(seed_site / "sources" / "cnbc-indonesia-2025-08-13.html")
    article = page.select_one("article")
    assert article is not None
    text = article.get_text(" ")
    assert "Tommy Patrio Sorongan" in text and "2025-08-13 14:11 (UTC+07:00)" in text
    paragraphs = article.select("p.ae-paragraph")
    assert [p["id"] for p in paragraphs] == [f"p{i}" for i in range(1, 13) if i != 8]
    assert article.select_one("h3#p8").get_text(strip=True) == "Efek Positif"
    assert paragraphs[0].get_text(" ", strip=True).startswith("¶1 Presiden Rusia Vladimir Putin menelepon")
    removed = article.select_one("details")
    assert removed is not None and "open" not in removed.attrs  # collapsed until the reader opens it
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in removed.select("tbody tr")]
    assert ["5", "byline", "Tommy Patrio Sorongan, CNBC Indonesia"] in rows
    assert ["9:1", "inline-dateline", "Jakarta, CNBC Indonesia -"] in rows


def test_unknown_metadata_is_shown_as_unknown(seed_site: Path) -> None:
    page = soup(seed_site / "sources" / "idn-times.html")
    cells = {
        row.select("td")[0].get_text(strip=True): row.select("td")[1].get_text(strip=True)
        for row in page.select("article table")[0].select("tbody tr")
    }
    assert cells["Media"] == "IDN Times"  # the seeds are Indonesian, and so is the interface
    assert cells["Judul"] == cells["Penulis"] == cells["Terbit"] == "tidak diketahui"


def test_background_source_is_marked(seed_site: Path) -> None:
    page = soup(seed_site / "sources" / "pertemuan-kim-jong-un-2019-04-25.html")
    assert page.select_one(".admonition.warning") is not None
    timeline = soup(seed_site / "timeline.html").select("article h2")
    years = [h.get_text(strip=True) for h in timeline if h.get_text(strip=True).isdigit()]
    assert years == sorted(years) and years[0] == "2019" and years[-1] == "2025"
    background = soup(seed_site / "timeline.html").select("article .ae-event .ae-badge--background")
    assert len(background) == 2  # the two events only the 2019 article reports


def test_explainer_links_land_on_paragraphs(seed_site: Path) -> None:
    page = soup(seed_site / "explainer.html")
    links = [a["href"] for a in page.select("article a[href*='#p']")]
    assert len(links) >= 15
    for link in links:
        target, anchor = link.split("#")
        assert soup(seed_site / target).find(id=anchor) is not None, link


def test_generated_markdown_matches_golden_files(seed_site: Path, update_golden: bool) -> None:
    pages = seed_site.parent / "build" / "pages"
    if update_golden:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(pages, GOLDEN)
    produced = sorted(p.relative_to(pages).as_posix() for p in pages.rglob("*.md"))
    expected = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md"))
    assert produced == expected
    for name in produced:
        assert (pages / name).read_text(encoding="utf-8") == (GOLDEN / name).read_text(encoding="utf-8"), (
            f"{name} differs from tests/golden/seed; run pytest --update-golden if the change is intended"
        )


def test_zero_config_bundle_builds(tmp_path: Path, build_site: BuildSite) -> None:
    content = tmp_path / "bundle"
    (content / "sources").mkdir(parents=True)
    shutil.copy(SEED_CONTENT / "sources" / "001_252420a67f3c89ef.txt", content / "sources")
    (content / "sources" / "english.txt").write_text(
        "Leaders Agree To Meet Again Next Month\n\n"
        "By Jane Doe\n\n"
        "The two leaders said on Tuesday that the talks had been useful and that they would meet again "
        "in the capital next month to continue the discussion of trade and security.\n\n"
        "Advertisement\n\n"
        "Officials from both sides described the atmosphere as warm, and said a joint statement was "
        "expected later in the week after the ministers had reviewed the draft.\n",
        encoding="utf-8",
    )
    site = build_site(content)
    assert check_links(site) == []
    english = soup(site / "sources" / "leaders-agree-to-meet-again-next.html").get_text(" ")
    assert "Jane Doe" in english and "Advertisement" in english  # shown in the removed-lines table
    cells = [
        td.get_text(strip=True)
        for td in soup(site / "sources" / "leaders-agree-to-meet-again-next.html")
        .select("article table")[0]
        .select("td")
    ]
    # One Indonesian and one English article: a tie, which goes to the first language code (en).
    assert cells[cells.index("Language") + 1] == "en"
    assert cells[cells.index("Published") + 1] == "unknown"
    # With no site.yml, the story is named after the newest dated headline.
    title = soup(site / "index.html").select_one("article h1").get_text(strip=True)
    assert title == "Putin Tiba-Tiba Telpon Kim Jong Un Sebelum Ketemu Trump, Ada Apa?"


def test_nothing_leaves_the_site_but_original_articles(tmp_path: Path, build_site: BuildSite) -> None:
    """No external script, style, font or image anywhere; the only external links are the
    original article URLs, marked as external."""
    content = tmp_path / "content-with-url"
    shutil.copytree(SEED_CONTENT, content)
    (content / "sources.yml").write_text(
        "sources:\n  000_b552c2c3d6dd6ff1.txt:\n    url: https://www.cnnindonesia.com/internasional/example\n"
        "  004_5edefcecc02ee30f.txt:\n    id: blog-putin-melepon-kim\n",
        encoding="utf-8",
    )
    site = build_site(content, "with-url")
    external_links = []
    for page in site.rglob("*.html"):
        html = soup(page)
        for element in html.find_all(src=True) + html.find_all("link", href=True):
            assert not re.match(r"^(https?:)?//", element.get("src") or element.get("href")), (page, element)
        for link in html.find_all("a", href=True):
            if re.match(r"^(https?:)?//", link["href"]):
                external_links.append((page.relative_to(site).as_posix(), link["href"], link.get("class")))
    assert external_links == [
        (
            "sources/cnn-indonesia-2025-08-13.html",
            "https://www.cnnindonesia.com/internasional/example",
            ["ae-external"],
        )
    ]
