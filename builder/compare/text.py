"""Words and labels: the word pattern every analysis tokenises with, the reading order of
paragraph ids, and labels cut to a number of words."""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_EDGE_PUNCTUATION = re.compile(r"^\W+|\W+$")


def _tokens(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _paragraph_order(paragraph_id: str) -> tuple[int, str]:
    digits = paragraph_id[1:]
    return (int(digits), "") if digits.isdigit() else (1 << 30, paragraph_id)


def _truncate(text: str, words: int) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")
