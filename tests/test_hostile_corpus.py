"""The hostile corpus: cheat-sheet XSS payloads and Markdown, extension and Jinja syntax as article text.

Each bundle under tests/hostile/ (see its README.md) is built with the real CLI. Every non-blank
line of every article is a payload: it must be visible, as the same literal text, on its source
page, and nothing in the site may be live because of it: no event handler, no script, no
javascript:/data:/vbscript: URL, no element or comment that the templates do not make
themselves. The site's HTML is parsed as a browser would (html5lib), never grepped.

The helpers at the top (`live_markup`, `inert_article_problems` ...) are shared with
tests/test_properties.py.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown
import pytest
from bs4 import BeautifulSoup, Comment, MarkupResemblesLocatorWarning, Tag

from tests.support.paths import REPO
from tests.support.payloads import ISSUE_PAYLOADS

HOSTILE = REPO / "tests" / "hostile"
BUNDLES = ("xss", "markdown")

# Attributes that hold a URL a browser may load or navigate to.
URL_ATTRIBUTES = frozenset(
    {
        "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "lowsrc",
        "dynsrc", "srcset", "ping", "cite", "codebase", "manifest", "icon", "longdesc", "profile", "usemap",
    }
)  # fmt: skip
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")
# Elements the page templates put inside <article>; anything else there came from the text.
ARTICLE_TAGS = frozenset(
    {
        "a", "br", "code", "details", "div", "em", "h1", "h2", "h3", "li", "p", "script", "span", "strong",
        "summary", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
# Charts the builder draws (timeline, coverage) are the only SVG inside <article>: class "ae-...",
# made of these parts only (no script, foreignObject, use, image, animate, set or style).
CHART_SVG_TAGS = frozenset(
    {
        "svg", "title", "desc", "g", "text", "tspan", "a", "rect", "circle", "ellipse", "line", "polyline",
        "polygon", "path", "defs", "pattern",
    }
)  # fmt: skip
ARTICLE_ATTRIBUTES = frozenset(
    {
        "class", "id", "href", "title", "role", "type", "style", "target", "rel", "tabindex", "data-date",
        "aria-hidden", "aria-label", "aria-labelledby", "aria-describedby", "aria-roledescription",
    }
)  # fmt: skip
# Markers every script payload carries; none may reach an inline script.
SCRIPT_MARKERS = ("alert", "prompt(", "confirm(", "msgbox", "xss", "eval(", "fromcharcode")
# Ids and classes that the attribute-list payloads of tests/hostile/markdown would set if live.
ATTR_LIST_MARKERS = frozenset({"xss-class", "xss-id", "xss-heading", "xss-inline"})
THEME_SCRIPT_PREFIXES = ("__md_scope=", "var palette=", "var target=")


def squash(text: str) -> str:
    return " ".join(text.split())


def soup_of(html: str) -> BeautifulSoup:
    with warnings.catch_warnings():  # a short search-index entry can look like a file name to bs4
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(html, "html5lib")


def normalised_url(value: str) -> str:
    """A URL as a browser reads its scheme: control characters and whitespace dropped, lower case."""
    return re.sub(r"[\x00-\x20\x7f]", "", value).lower()


def _attribute_problems(element: Tag) -> Iterator[str]:
    for name, value in element.attrs.items():
        text = " ".join(value) if isinstance(value, list) else str(value)
        if name.lower().startswith("on"):
            yield f"event handler {name}={text[:60]!r} on <{element.name}>"
        if name.lower() in URL_ATTRIBUTES:
            for part in text.split(","):  # srcset and ping hold several URLs
                if normalised_url(part).startswith(DANGEROUS_SCHEMES):
                    yield f"{name}={text[:60]!r} on <{element.name}>"
        if name.lower() == "srcdoc":
            yield f"srcdoc on <{element.name}>"
        if name.lower() == "style" and re.search(r"expression|javascript|url\s*\(|behavior|binding", text, re.I):
            yield f"style={text[:60]!r} on <{element.name}>"


def _script_problems(script: Tag) -> Iterator[str]:
    source = script.get("src")
    if source is not None:
        if not (isinstance(source, str) and "assets/" in source and ":" not in source and "//" not in source):
            yield f"script src={source!r}"
        return
    kind = script.get("type")
    code = script.string or ""
    if kind in {"application/ld+json", "application/json"}:
        json.loads(code)  # data, not code: it must be valid JSON ...
        if kind == "application/ld+json" and ("<" in code or ">" in code):
            yield "JSON-LD with markup characters"  # ... and JSON-LD carries article text
        return
    if not code.startswith(THEME_SCRIPT_PREFIXES) or any(m in code.lower() for m in SCRIPT_MARKERS):
        yield f"inline script {code[:80]!r}"


def live_markup(html: str) -> list[str]:
    """Everything in a page that article text could have made live (an empty list: nothing)."""
    soup = soup_of(html)
    problems: list[str] = []
    for element in soup.find_all(True):
        problems += _attribute_problems(element)
    for script in soup.find_all("script"):
        problems += _script_problems(script)
    for name in ("base", "iframe", "frame", "frameset", "object", "embed", "applet", "math", "foreignobject"):
        problems += [f"<{name}>" for _ in soup.find_all(name)]
    problems += [f"<meta http-equiv={m['http-equiv']!r}>" for m in soup.find_all("meta", attrs={"http-equiv": True})]
    for svg in soup.find_all("svg"):
        inside = {child.name for child in svg.find_all(True)}
        problems += [f"<{name}> inside <svg>" for name in sorted(inside - CHART_SVG_TAGS)]
    if soup.title is not None and soup.title.find(True) is not None:
        problems.append("markup inside <title>")
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        if any(m in comment.lower() for m in (*SCRIPT_MARKERS, "komentar", "script", "cdata")):
            problems.append(f"comment {str(comment)[:60]!r}")
    article = soup.select_one("article")
    if article is not None:
        problems += inert_article_problems(article)
    return problems


def inert_article_problems(article: Tag) -> list[str]:
    """Elements, attributes and comments in the page content that the templates do not make."""
    problems: list[str] = []
    charts = [svg for svg in article.find_all("svg") if any(c.startswith("ae-") for c in svg.get("class") or "")]
    drawn = {id(el) for svg in charts for el in [svg, *svg.find_all(True)]}
    for element in article.find_all(True):
        if id(element) in drawn:
            continue
        if element.name not in ARTICLE_TAGS:
            problems.append(f"<{element.name}> in the content")
            continue
        for name, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name not in ARTICLE_ATTRIBUTES:
                problems.append(f"attribute {name}={text[:40]!r} on <{element.name}> in the content")
            elif name in {"id", "class"} and set(text.split()) & ATTR_LIST_MARKERS:
                problems.append(f"{name}={text!r} on <{element.name}>: attribute syntax from the text")
            elif name == "style" and not re.fullmatch(r"text-align: (?:left|right|center);?", text):
                problems.append(f"style={text!r} on <{element.name}>")
        if element.name == "script" and element.get("type") != "application/ld+json":
            problems.append("<script> in the content")
    problems += [
        f"comment {str(c)[:60]!r} in the content" for c in article.find_all(string=lambda s: isinstance(s, Comment))
    ]
    return problems


def paragraph_problems(article: Tag) -> list[str]:
    """Inside article paragraphs and headings, only what the source template adds around the text."""
    problems: list[str] = []
    for paragraph in article.select("p.ae-paragraph"):
        for element in paragraph.find_all(True):
            classes = element.get("class") or ""
            allowed = (element.name == "a" and "ae-pilcrow" in classes) or (
                element.name == "span" and "ae-cited-by" in classes
            )
            inside_cited_by = element.find_parent("span", class_="ae-cited-by") is not None
            if not allowed and not (element.name == "a" and inside_cited_by):
                problems.append(f"<{element.name}> in paragraph {paragraph.get('id')}")
    for heading in article.select(".ae-heading"):
        problems += [f"<{el.name}> in heading {heading.get('id')}" for el in heading.find_all(True)]
    return problems


# --- Building the bundles ---------------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    bundle: str
    content: Path
    site: Path
    report: dict[str, Any]

    def pages(self) -> list[Path]:
        return sorted(self.site.rglob("*.html"))

    def source_page(self, article: str) -> Path:
        [entry] = [s for s in self.report["sources"] if s["path"] == f"sources/{article}"]
        return self.site / "sources" / f"{entry['id']}.html"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Built]:
    """Each bundle built once per module, with the real command line, when a test first asks for it."""
    from tests.conftest import run_build

    done: dict[str, Built] = {}

    def site(bundle: str) -> Built:
        if bundle not in done:
            folder = tmp_path_factory.mktemp(bundle) / "site"
            assert run_build(HOSTILE / bundle, folder) == 0
            report = json.loads((folder.parent / "build" / "report.json").read_text(encoding="utf-8"))
            done[bundle] = Built(bundle, HOSTILE / bundle, folder, report)
        return done[bundle]

    return site


@pytest.fixture(params=BUNDLES)
def built(request: pytest.FixtureRequest, sites: Callable[[str], Built]) -> Built:
    return sites(request.param)


def articles(bundle: str) -> list[Path]:
    return sorted((HOSTILE / bundle / "sources").glob("*.txt"))


def payload_lines(article: Path) -> list[str]:
    return [squash(line) for line in article.read_text(encoding="utf-8").split("\n") if line.strip()]


# --- The corpus itself ------------------------------------------------------------------------


def test_corpus_covers_the_cheat_sheets() -> None:
    """A guard against the corpus being trimmed: the families of payloads the issue lists are all there."""
    xss = "\n".join(p.read_text(encoding="utf-8") for p in articles("xss"))
    md = "\n".join(p.read_text(encoding="utf-8") for p in articles("markdown"))
    for needle in [
        "<ScRiPt>", "onerror=", "onmouseover=", "jav&#x09;ascript:", "jav\tascript:", "vbscript:", "data:text/html",
        "&#106;&#97;", "<svg", "<math", "<iframe srcdoc=", "<OBJECT", "<EMBED", "<BASE HREF", "HTTP-EQUIV=\"refresh\"",
        "expression(", "url(javascript:", "<!--", "<![CDATA[", "\\u003c", "%3C", "xlink:href",
    ]:  # fmt: skip
        assert needle in xss, needle
    for needle in [
        "[x](javascript:", "![", "[xss]: ", "<http://", "<div onclick", "{: onclick", "!!!", "???", "--8<--", "===",
        "[^1]", "*[HTML]:", ":smile:", "$x^2$", "{++", "++ctrl+", "{{ config }}", "{% include", "{#",
        "[@some-source, p1]",
    ]:  # fmt: skip
        assert needle in md, needle
    assert (
        (HOSTILE / "markdown" / "sources" / "03-front-matter.txt")
        .read_text(encoding="utf-8")
        .startswith("---\ntitle: x\n---\n")
    )
    assert len(payload_lines(HOSTILE / "xss" / "sources" / "02-muatan.txt")) >= 100
    assert [p for p in ISSUE_PAYLOADS if p not in xss + md] == []


# --- The built sites --------------------------------------------------------------------------


@pytest.mark.slow
def test_every_payload_is_visible_text_on_its_source_page(built: Built) -> None:
    for article in articles(built.bundle):
        page = soup_of(built.source_page(article.name).read_text(encoding="utf-8")).select_one("article")
        assert page is not None
        text = squash(page.get_text())
        missing = [line for line in payload_lines(article) if line not in text]
        assert not missing, f"{built.bundle}/{article.name}: not visible as text: {missing[:5]}"


@pytest.mark.slow
def test_nothing_is_live_in_any_page(built: Built) -> None:
    found = {
        str(page.relative_to(built.site)): problems
        for page in built.pages()
        if (problems := live_markup(page.read_text(encoding="utf-8")))
    }
    assert not found


@pytest.mark.slow
def test_article_paragraphs_hold_only_template_markup(built: Built) -> None:
    for article in articles(built.bundle):
        page = soup_of(built.source_page(article.name).read_text(encoding="utf-8")).select_one("article")
        assert page is not None and page.select("p.ae-paragraph")
        assert not paragraph_problems(page)


@pytest.mark.slow
def test_search_index_is_inert(built: Built) -> None:
    """Material's search shows `text` as HTML: it must hold no live markup either."""
    index = json.loads((built.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    allowed = {"html", "head", "body", "p", "code", "sup", "ul", "li", "em", "strong", "span", "br"}
    for doc in index["docs"]:
        assert not normalised_url(doc["location"]).startswith(DANGEROUS_SCHEMES)
        for field in ("title", "text"):
            fragment = soup_of(doc[field])
            tags = {el.name for el in fragment.find_all(True)}
            assert tags <= allowed, (doc["location"], field, tags - allowed)
            assert not [a for el in fragment.find_all(True) for a in el.attrs], (doc["location"], field)
            assert not fragment.find_all(string=lambda s: isinstance(s, Comment)), (doc["location"], field)


@pytest.mark.slow
def test_page_titles_are_inert(built: Built) -> None:
    """The theme prints titles raw in <title>: "<" must have become a look-alike there."""
    for page in built.pages():
        soup = soup_of(page.read_text(encoding="utf-8"))
        assert soup.title is not None and "<" not in soup.title.get_text(), page


@pytest.mark.slow
def test_no_file_or_setting_is_pulled_into_the_site(built: Built) -> None:
    """Snippet, include and template syntax read nothing: not /etc/passwd, not mkdocs.yml, not Jinja's config."""
    everything = "".join(p.read_text(encoding="utf-8") for p in built.pages())
    for leaked in ("root:x:0:", "markdown_extensions", "<Config", "__globals__ of", "<function "):
        assert leaked not in everything, leaked


# --- What only one bundle can show ------------------------------------------------------------


@pytest.mark.slow
def test_headline_and_byline_stay_text(sites: Callable[[str], Built]) -> None:
    built = sites("xss")
    [source] = [s for s in built.report["sources"] if s["path"] == "sources/01-berita.txt"]
    assert source["metadata"]["author"] == "O'Brien'Onmouseover'Alert"  # the byline rule took it
    page = soup_of(built.source_page("01-berita.txt").read_text(encoding="utf-8"))
    heading = page.select_one("article h1")
    assert heading is not None
    assert squash(heading.get_text()) == source["metadata"]["title"]
    assert "<script>" in source["metadata"]["title"]
    cells = [squash(td.get_text()) for td in page.select("article table td")]
    assert "O'Brien'Onmouseover'Alert" in cells
    nav = page.select_one("nav.md-nav--primary")  # page titles in the nav: printed raw, so look-alikes
    assert nav is not None and "Judul ‹script›alert" in squash(nav.get_text())


@pytest.mark.slow
def test_crafted_citation_is_not_a_citation(sites: Callable[[str], Built]) -> None:
    built = sites("markdown")
    explainer = soup_of((built.site / "explainer.html").read_text(encoding="utf-8"))
    cites = explainer.select("a.ae-cite")
    assert len(cites) == 3  # the three citations of explainer.md, and no more
    previews = " ".join(squash(c.get_text()) for c in cites)
    assert "[@some-source, p1]" in previews  # quoted as text in the preview of citation 2
    for page in built.pages():
        soup = soup_of(page.read_text(encoding="utf-8"))
        if page.name != "explainer.html":
            assert not soup.select("a.ae-cite"), page


@pytest.mark.slow
def test_front_matter_in_an_article_is_text(sites: Callable[[str], Built]) -> None:
    built = sites("markdown")
    for page in built.pages():
        soup = soup_of(page.read_text(encoding="utf-8"))
        assert soup.title is not None
        assert not re.match(r"\s*[xy]\s*(?:-|$)", soup.title.get_text()), page
        heading = soup.select_one("article h1")
        assert heading is None or squash(heading.get_text()) not in {"x", "y"}, page
    source = soup_of(built.source_page("03-front-matter.txt").read_text(encoding="utf-8"))
    body = squash(source.get_text())
    assert "title: x" in body and "hide: [navigation, toc]" in body
    assert source.select("nav.md-nav--primary, .md-sidebar--primary")  # "hide: [navigation]" hid nothing


# --- The same Markdown under every extension one might enable ---------------------------------

EXTRA_EXTENSIONS = [
    "abbr", "attr_list", "admonition", "def_list", "footnotes", "md_in_html", "tables", "toc",
    "pymdownx.arithmatex", "pymdownx.betterem", "pymdownx.caret", "pymdownx.critic", "pymdownx.details",
    "pymdownx.emoji", "pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.keys", "pymdownx.magiclink",
    "pymdownx.mark", "pymdownx.smartsymbols", "pymdownx.snippets", "pymdownx.superfences", "pymdownx.tabbed",
    "pymdownx.tasklist", "pymdownx.tilde", "pymdownx.blocks.admonition",
]  # fmt: skip


@pytest.mark.slow
def test_generated_markdown_stays_inert_under_every_common_extension(built: Built, tmp_path: Path) -> None:
    """Escaping does not depend on which extensions mkdocs.yml enables today."""
    pages = built.site.parent / "build" / "pages"
    for name in ("explainer.md", *(f"sources/{built.source_page(a.name).stem}.md" for a in articles(built.bundle))):
        md = markdown.Markdown(
            extensions=EXTRA_EXTENSIONS,
            extension_configs={"pymdownx.snippets": {"base_path": [str(tmp_path)], "check_paths": False}},
        )
        html = md.convert((pages / name).read_text(encoding="utf-8"))
        article = soup_of(f"<article>{html}</article>").select_one("article")
        assert article is not None
        problems = paragraph_problems(article) + [
            p for p in live_markup(f"<html><body>{html}</body></html>") if "in the content" not in p
        ]
        assert not problems, (name, problems)
