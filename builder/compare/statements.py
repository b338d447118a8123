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


class _Classes:
    """One speaker's statements by what they say: statements with the same words said and the
    same quotedness form a class, and every pair of statements of two classes scores the same."""

    def __init__(self, statements: Sequence[_Statement], side: Sequence[bool]) -> None:
        numbers: dict[tuple[str, bool], int] = {}  # (said, quoted) -> class
        self.members: list[list[int]] = []  # statements of each class, in order
        self.of: list[int] = []  # class of each statement
        self.side = side  # of each statement: statements of two sides never link
        # The sources of each class, by side: whether two classes hold an allowed pair at all.
        self.sources: list[dict[bool, set[str]]] = []
        for k, s in enumerate(statements):
            c = numbers.setdefault((s.said, s.quoted), len(numbers))
            if c == len(self.members):
                self.members.append([])
                self.sources.append({})
            self.members[c].append(k)
            self.of.append(c)
            self.sources[c].setdefault(side[k], set()).add(s.span.source)
        self.said = [said for said, _ in numbers]
        self.quoted = [quoted for _, quoted in numbers]

    def linkable(self, x: int, y: int) -> bool:
        """Whether some statement of x and some of y are of one side and two sources."""
        for side_x, found_x in self.sources[x].items():
            found_y = self.sources[y].get(side_x)
            if found_y and (len(found_x) > 1 or len(found_y) > 1 or found_x != found_y):
                return True
        return False
