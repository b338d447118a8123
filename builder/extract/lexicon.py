"""The word lists that guide actor discovery (`builder/data/lexicon.yml`), loaded once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml


@dataclass(frozen=True, slots=True)
class Lexicon:
    roles: frozenset[str]
    organization_words: frozenset[str]
    media_cues: tuple[str, ...]  # lower-cased, for one str.endswith() with all of them
    # (word, regex): "kepada" and `...kepada$`; the regex can only match text that ends with its word
    told_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    told_words: tuple[str, ...]  # the words of told_patterns, for one str.endswith() with all of them
    calendar: frozenset[str]
    speech_verbs: tuple[str, ...]  # lower-cased, longest first
    place_cues: frozenset[str]
    not_names: frozenset[str]
    determiners: frozenset[str]
    never_names: frozenset[str]
    countries: frozenset[str]
    state_words: frozenset[str]
    places: frozenset[str]
    short_forms: dict[str, str]


def _told_patterns(data: dict[object, list[object]]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """`{"kepada": ["kata ... "]}` -> ("kepada", `(?:kata ... )kepada$`): the word ends every match."""
    return tuple(
        (str(word).lower(), re.compile(f"(?:{before}){re.escape(str(word).lower())}$"))
        for word, befores in data.items()
        for before in befores
    )


@cache
def lexicon() -> Lexicon:
    data = yaml.safe_load((Path(__file__).parent.parent / "data" / "lexicon.yml").read_text(encoding="utf-8"))

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data[key])

    told_patterns = _told_patterns(data["told_patterns"])
    return Lexicon(
        roles=words("roles"),
        organization_words=words("organization_words"),
        media_cues=tuple(str(w).lower() for w in data["media_cues"]),
        told_patterns=told_patterns,
        told_words=tuple(word for word, _ in told_patterns),
        calendar=words("calendar"),
        speech_verbs=tuple(sorted((str(w).lower() for w in data["speech_verbs"]), key=len, reverse=True)),
        place_cues=words("place_cues"),
        not_names=words("not_names"),
        determiners=words("determiners"),
        never_names=words("never_names"),
        countries=frozenset(str(w) for w in data["countries"]),
        state_words=words("state_words"),
        places=frozenset(str(w) for w in data["places"]),
        short_forms={str(k): str(v) for k, v in data["short_forms"].items()},
    )
