"""Article text must reach the reader as literal text, whatever Markdown syntax it contains."""

from __future__ import annotations

import html
import re

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from builder.pages.escape import html_title, md_text, md_url
from tests.support.payloads import ISSUE_PAYLOADS

# Every Markdown extension the site enables, plus ones a contributor might add.
EXTENSIONS = [
    "attr_list",
    "admonition",
    "tables",
    "toc",
    "footnotes",
    "abbr",
    "def_list",
    "md_in_html",
    "pymdownx.details",
    "pymdownx.emoji",
    "pymdownx.magiclink",
    "pymdownx.mark",
    "pymdownx.tilde",
    "pymdownx.caret",
    "pymdownx.tabbed",
    "pymdownx.critic",
    "pymdownx.keys",
    "pymdownx.arithmatex",
]

PAYLOADS = [
    *ISSUE_PAYLOADS,
    "*[HTML]: Hyper",
    "[^1]: note",
    '=== "Tab"',
    ":smile: ==mark== ~~del~~ ^^ins^^ {++add++}",
    "https://example.com/x",
    "&lt;b&gt; &amp;",
    "1. numbered",
    "# heading",
    "    indented code",
    "| a | b |",
    "$x$ \\(y\\)",
    "++ctrl+alt++",
]


def render(text: str) -> str:
    return markdown.markdown(md_text(text), extensions=EXTENSIONS)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_renders_as_its_own_text(payload: str) -> None:
    rendered = render(payload)
    assert re.fullmatch(r"<p>.*</p>", rendered, re.S), rendered
    inner = rendered[3:-4]
    assert "<" not in inner and ">" not in inner, rendered  # no element at all
    assert html.unescape(inner) == " ".join(payload.split())


@given(st.text())
def test_any_text_round_trips_through_markdown(text: str) -> None:
    escaped = md_text(text)
    assert html.unescape(escaped) == " ".join(re.sub(r"[\t\n\r\f\v\u2028\u2029]+", " ", text).split(" ")).strip()
    assert not re.search(r"[<>\[\]{}()`*_!#|~=^:\\\"'-]", re.sub(r"&#\d+;", "", escaped))


@given(st.text())
def test_titles_never_contain_tags_after_striptags(text: str) -> None:
    from markupsafe import Markup

    title = html_title(text)
    assert "<" not in title and ">" not in title
    assert "<" not in Markup(title).striptags()


def test_urls_must_be_http() -> None:
    assert md_url("https://example.com/a b(c)") == "https://example.com/a%20b%28c%29"
    with pytest.raises(ValueError, match="non-http"):
        md_url("javascript:alert(1)")
