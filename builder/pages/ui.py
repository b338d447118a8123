"""Words of the generated pages in the bundle's language (`builder/data/ui.yml`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

FALLBACK = "en"


@cache
def _catalogue() -> Mapping[str, Mapping[str, Any]]:
    data: dict[str, dict[str, Any]] = yaml.safe_load(
        (Path(__file__).parent.parent / "data" / "ui.yml").read_text(encoding="utf-8")
    )
    return data


def languages() -> tuple[str, ...]:
    return tuple(sorted(_catalogue()))


@dataclass(frozen=True, slots=True)
class Translator:
    """`t("key", n=3, root="../")`: the string for the page language, English when missing."""

    language: str

    def __call__(self, key: str, n: int | None = None, **values: object) -> str:
        entry = _catalogue().get(self.language, {}).get(key, _catalogue()[FALLBACK][key])
        if isinstance(entry, dict):
            form = "one" if n == 1 and "one" in entry else "other"
            entry = entry[form]
        if isinstance(entry, list):
            raise TypeError(f"{key} is a list; use t.words()")
        return str(entry).format(n=n, **values)

    def raw(self, key: str) -> Any:
        """A structured entry (lists, mappings) as written in ui.yml."""
        return _catalogue().get(self.language, {}).get(key, _catalogue()[FALLBACK][key])

    def words(self, key: str) -> list[str]:
        entry = _catalogue().get(self.language, {}).get(key, _catalogue()[FALLBACK][key])
        return [str(word) for word in entry]


def translator(language: str | None) -> Translator:
    base = (language or FALLBACK).split("-")[0].lower()
    return Translator(base if base in _catalogue() else FALLBACK)
