"""Make untrusted article text inert in Markdown.

Article text is hostile until escaped. Python-Markdown and its extensions give meaning to
ASCII punctuation (`<`, `[`, `{:`, `!!!`, `--8<--`, `:emoji:`, `==mark==`, `|` ...), so every
such character becomes a numeric character reference: the browser shows the same character,
but no Markdown parser, extension or HTML parser ever sees syntax. Letters, digits, spaces and
all non-ASCII text pass through unchanged, so search still indexes the words.
"""

from __future__ import annotations

import html
import re
import urllib.parse

# Punctuation that stays literal in every Markdown dialect we render with.
_SAFE_PUNCTUATION = set(",;?/%")
_ENCODE = {
    ord(ch): f"&#{ord(ch)};" for ch in map(chr, range(0x21, 0x7F)) if not ch.isalnum() and ch not in _SAFE_PUNCTUATION
}
# Line breaks and tabs would let text start a new Markdown block (a list, a code block ...).
_WHITESPACE = re.compile(r"[\t\n\r\f\v\u2028\u2029]+")


def md_text(value: object) -> str:
    """Article (or any untrusted) text as inert inline Markdown."""
    text = _WHITESPACE.sub(" ", str(value)).strip()
    return text.translate(_ENCODE)


def md_url(value: object) -> str:
    """A link destination that cannot break out of `(<...>)` or change scheme."""
    url = str(value)
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme not in {"http", "https"}:
        raise ValueError(f"refusing to link to a non-http(s) URL: {url!r}")
    return urllib.parse.quote(url, safe=":/?#[]@!$&'*+,;=%~-._")


def html_title(value: object) -> str:
    """A title for places where the theme prints it as raw HTML (nav, site name, <title>).

    Material prints nav titles and the site name unescaped, and `<title>` through `striptags`,
    which undoes one level of escaping. Angle brackets therefore become look-alike quotes, so no
    level of unescaping can produce a tag; the rest is escaped once for the nav.
    """
    text = _WHITESPACE.sub(" ", str(value)).strip()
    return html.escape(text.replace("<", "\u2039").replace(">", "\u203a"), quote=True)
