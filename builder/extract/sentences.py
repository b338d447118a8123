"""Split paragraph text into sentences, keeping character offsets.

No sentence splitter on PyPI knows Indonesian abbreviations offline, so this is a small regex
splitter with an abbreviation list in `builder/data/sentences.yml`. Quotes stay whole: a full
stop inside a quotation does not end the sentence that carries its attribution
("...," kata Yang.).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

_CANDIDATE = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+)")
_OPENING = re.compile(r"[\"“‘(\[]?[A-Z0-9À-Þ]")
_WORD_CHAR = re.compile(r"[\w.]")
_LAST_WORD = re.compile(r"([\w.]+)[.!?…]*[\"'”’)\]]*$")
_NUMBERING = re.compile(r"\s*\d{1,3}[.)]\s*")
_NON_SPACE = re.compile(r"\S")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


@cache
def _abbreviations() -> frozenset[str]:
    data = yaml.safe_load((Path(__file__).parent.parent / "data" / "sentences.yml").read_text(encoding="utf-8"))
    return frozenset(str(a).lower() for a in data["abbreviations"])


class _QuoteState:
    """Whether a position lies inside a quotation, counted incrementally.

    Candidates are visited left to right, so the quote marks before each one are counted once,
    not again from the start of the text: splitting stays linear in the length of the text.
    """

    __slots__ = ("_curly_close", "_curly_open", "_position", "_straight", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._position = 0
        self._straight = self._curly_open = self._curly_close = 0

    def inside(self, position: int) -> bool:
        """Is `position` inside a quote? Positions must not decrease between calls."""
        if position > self._position:
            self._straight += self._text.count('"', self._position, position)
            self._curly_open += self._text.count("“", self._position, position)
            self._curly_close += self._text.count("”", self._position, position)
            self._position = position
        return self._straight % 2 == 1 or self._curly_open > self._curly_close


def _token_before(text: str, start: int, punctuation: int, end: int) -> str:
    """The word a sentence-ending punctuation run closes, lower-cased, without its final dots.

    Only the run of word characters and dots right before the punctuation can be that word, so
    the search starts there rather than at the start of the sentence.
    """
    first = punctuation
    while first > start and _WORD_CHAR.match(text, first - 1):
        first -= 1
    word = _LAST_WORD.search(text, first, end)
    return word.group(1).rstrip(".").lower() if word else ""


def split_sentences(text: str) -> tuple[Sentence, ...]:
    sentences: list[Sentence] = []
    quotes = _QuoteState(text)
    start = 0
    for match in _CANDIDATE.finditer(text):
        end = match.end()
        token = _token_before(text, start, match.start(), end)
        if match.group().startswith(".") and (token in _abbreviations() or re.fullmatch(r"[a-z]", token)):
            continue
        if _NUMBERING.fullmatch(text, start, end):  # "1. Heading" numbering
            continue
        if quotes.inside(match.start()):
            continue
        following = _NON_SPACE.search(text, end)
        if following is None or not _OPENING.match(text, following.start()):
            continue
        sentences.append(Sentence(start, end, text[start:end]))
        start = following.start()
    if start < len(text.rstrip()):
        end = len(text.rstrip())
        sentences.append(Sentence(start, end, text[start:end]))
    return tuple(sentences)


# Actors, events and quantities each split every paragraph they read: they share the split.
# Unbounded, like `find_dates`' cache, and emptied with it by `extraction.extract`.
@cache
def paragraph_sentences(text: str) -> tuple[Sentence, ...]:
    """`split_sentences(text)`, memoised for the extractors."""
    return split_sentences(text)
