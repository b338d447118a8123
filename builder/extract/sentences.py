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


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


@cache
def _abbreviations() -> frozenset[str]:
    data = yaml.safe_load((Path(__file__).parent.parent / "data" / "sentences.yml").read_text(encoding="utf-8"))
    return frozenset(str(a).lower() for a in data["abbreviations"])


def _inside_quote(text: str, position: int) -> bool:
    before = text[:position]
    straight_open = before.count('"') % 2 == 1
    curly_open = before.count("“") > before.count("”")
    return straight_open or curly_open


def split_sentences(text: str) -> tuple[Sentence, ...]:
    sentences: list[Sentence] = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        end = match.end()
        word = re.search(r"([\w.]+)[.!?…]*[\"'”’)\]]*$", text[start:end])
        token = word.group(1).rstrip(".").lower() if word else ""
        if match.group().startswith(".") and (token in _abbreviations() or re.fullmatch(r"[a-z]", token)):
            continue
        if re.fullmatch(r"\d{1,3}[.)]", text[start:end].strip()):  # "1. Heading" numbering
            continue
        if _inside_quote(text, match.start()):
            continue
        rest = text[end:].lstrip()
        if not rest or not _OPENING.match(rest):
            continue
        sentences.append(Sentence(start, end, text[start:end]))
        start = end + (len(text[end:]) - len(text[end:].lstrip()))
    if start < len(text.rstrip()):
        end = len(text.rstrip())
        sentences.append(Sentence(start, end, text[start:end]))
    return tuple(sentences)
