"""A speaker's statements as the quote analysis compares them: quotes, and sentences without
quotation marks read whole and after their first speech marker ("..., mengatakan bahwa ...")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ..model import Span
from .similarity import _keys


@cache
def _speech_marker(markers: tuple[str, ...]) -> re.Pattern[str] | None:
    if not markers:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(m) for m in markers) + r")(?!\w)", re.IGNORECASE)


def _reported_parts(sentence: str, markers: Sequence[str]) -> list[tuple[str, str]]:
    """(lead, statement) readings of a sentence: all of it, and what follows its first speech
    marker ("..., mengatakan bahwa <statement>")."""
    parts = [("", sentence)]
    pattern = _speech_marker(tuple(markers))
    if pattern is not None:
        found = pattern.search(sentence)
        if found and _keys(sentence[found.end() :]):
            parts.append((sentence[: found.end()], sentence[found.end() :].strip()))
    return parts


@dataclass(frozen=True, slots=True)
class _Statement:
    key: str  # quote id, or "source/paragraph/start" for reported speech
    span: Span
    text: str  # what the source writes
    said: str  # the part compared: all of a quote; of a sentence, what follows a speech marker
    quoted: bool

    @property
    def lead(self) -> str:
        return self.text[: len(self.text) - len(self.said)].rstrip() if self.text.endswith(self.said) else ""
