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
    media_cues: tuple[str, ...]
    told_patterns: tuple[re.Pattern[str], ...]
    speech_verb_at_end: re.Pattern[str]  # one regex instead of an endswith() per verb
    media_cue_at_end: re.Pattern[str]
    calendar: frozenset[str]
    speech_verbs: tuple[str, ...]
    place_cues: frozenset[str]
    not_names: frozenset[str]
    determiners: frozenset[str]
    never_names: frozenset[str]
    countries: frozenset[str]
    state_words: frozenset[str]
    places: frozenset[str]
    short_forms: dict[str, str]


def _at_end(words: list[object]) -> re.Pattern[str]:
    ordered = sorted((str(w).lower() for w in words), key=len, reverse=True)
    return re.compile("(?:" + "|".join(re.escape(w) for w in ordered) + ")$")


@cache
def lexicon() -> Lexicon:
    data = yaml.safe_load((Path(__file__).parent.parent / "data" / "lexicon.yml").read_text(encoding="utf-8"))

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data[key])

    return Lexicon(
        roles=words("roles"),
        organization_words=words("organization_words"),
        media_cues=tuple(str(w).lower() for w in data["media_cues"]),
        told_patterns=tuple(re.compile(str(p)) for p in data["told_patterns"]),
        speech_verb_at_end=_at_end(data["speech_verbs"]),
        media_cue_at_end=_at_end(data["media_cues"]),
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
