"""The comparison's settings, `builder/data/compare.yml`, validated: thresholds, word lists
(stopwords, units, speech markers) and the page's words in each language."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pydantic
import yaml

SETTINGS_FILE = Path(__file__).parent.parent / "data" / "compare.yml"
FALLBACK_LANGUAGE = "en"


class _Section(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(frozen=True, extra="forbid")


class CoverageSettings(_Section):
    top_actors: int = pydantic.Field(ge=0)
    top_facts: int = pydantic.Field(ge=0)
    max_sources: int = pydantic.Field(ge=1)
    actor_kinds: tuple[str, ...]
    label_words: int = pydantic.Field(ge=1)
    max_exclusive: int = pydantic.Field(ge=0)


class FigureSettings(_Section):
    about_tolerance: float = pydantic.Field(ge=0, lt=1)
    topic_window: int = pydantic.Field(ge=1)
    min_topic_words: int = pydantic.Field(ge=1)
    max_pairs_per_unit: int = pydantic.Field(ge=1)
    max_block: int = pydantic.Field(ge=2)
    duration_units: dict[str, float]
    same_units: tuple[tuple[str, ...], ...]
    generic_units: tuple[str, ...]
    stopwords: tuple[str, ...]


class QuoteSettings(_Section):
    close: float = pydantic.Field(ge=0, le=1)
    loose: float = pydantic.Field(ge=0, le=1)
    reported: float = pydantic.Field(ge=0, le=1)
    min_words: int = pydantic.Field(ge=1)
    cross_background: bool
    speech_markers: tuple[str, ...]
    max_block: int = pydantic.Field(ge=2)


class DuplicateSettings(_Section):
    shingle_size: int = pydantic.Field(ge=1)
    report_jaccard: float = pydantic.Field(ge=0, le=1)
    report_containment: float = pydantic.Field(ge=0, le=1)
    duplicate_jaccard: float = pydantic.Field(ge=0, le=1)
    contained: float = pydantic.Field(ge=0, le=1)
    min_shared_shingles: int = pydantic.Field(ge=1)
    max_shingle_sources: int = pydantic.Field(ge=2)
    minhash_bins: int = pydantic.Field(ge=1)
    lsh_rows: int = pydantic.Field(ge=1)
    lsh_bucket_limit: int = pydantic.Field(ge=2)
    lsh_window: int = pydantic.Field(ge=1)
    max_pairs: int = pydantic.Field(ge=0)


class Settings(_Section):
    """`builder/data/compare.yml`, validated."""

    coverage: CoverageSettings
    figures: FigureSettings
    quotes: QuoteSettings
    duplicates: DuplicateSettings
    ui: dict[str, dict[str, str | dict[str, str]]]


@cache
def load_settings(path: Path = SETTINGS_FILE) -> Settings:
    return Settings.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@dataclass(frozen=True, slots=True)
class Words:
    """The page's words in the bundle's language: `words("key", n=3, source=...)`."""

    language: str
    entries: tuple[tuple[str, str], ...]

    def __call__(self, key: str, n: int | None = None, **values: object) -> str:
        found = dict(self.entries)
        plural = f"{key}.{'one' if n == 1 else 'other'}"
        text = found.get(plural) or found.get(f"{key}.other") or found[key]
        return text.format(n=n, **values)


def _words_for(settings: Settings, language: str | None) -> Words:
    base = (language or FALLBACK_LANGUAGE).split("-")[0].lower()
    chosen = base if base in settings.ui else FALLBACK_LANGUAGE
    merged: dict[str, dict[str, str]] = {}  # key -> {"": text} or {"one": ..., "other": ...}
    for lang in dict.fromkeys((FALLBACK_LANGUAGE, chosen)):
        for key, value in settings.ui.get(lang, {}).items():
            merged[key] = dict(value) if isinstance(value, dict) else {"": value}
    entries = [
        (f"{key}.{form}" if form else key, text) for key, forms in merged.items() for form, text in forms.items()
    ]
    return Words(chosen, tuple(sorted(entries)))
