"""Source metadata: inferred from the text (what cleaning captured), overridden by curation.

Inference never invents: a field the text does not give stays None and is shown as unknown.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache
from itertools import repeat
from pathlib import Path
from typing import Any

import dateparser
import pydantic
import yaml

from .diagnostics import Diagnostic, Location, Stage, warning
from .extract.dates import find_dates
from .model import METADATA_FIELDS, Captured, Metadata, Origin

# Indonesian time zones as printed in datelines; dateparser does not know them.
TIME_ZONES = {
    "WIB": dt.timezone(dt.timedelta(hours=7)),
    "WITA": dt.timezone(dt.timedelta(hours=8)),
    "WIT": dt.timezone(dt.timedelta(hours=9)),
    "UTC": dt.UTC,
    "GMT": dt.UTC,
    "BST": dt.timezone(dt.timedelta(hours=1)),
    "CET": dt.timezone(dt.timedelta(hours=1)),
    "CEST": dt.timezone(dt.timedelta(hours=2)),
    "EST": dt.timezone(dt.timedelta(hours=-5)),
    "EDT": dt.timezone(dt.timedelta(hours=-4)),
    "PST": dt.timezone(dt.timedelta(hours=-8)),
    "PDT": dt.timezone(dt.timedelta(hours=-7)),
}
WEEKDAYS = {
    name: number
    for number, names in enumerate(
        [
            ("senin", "monday"),
            ("selasa", "tuesday"),
            ("rabu", "wednesday"),
            ("kamis", "thursday"),
            ("jumat", "jum'at", "friday"),
            ("sabtu", "saturday"),
            ("minggu", "ahad", "sunday"),
        ]
    )
    for name in names
}
DATE_SETTINGS = {"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"]}


class CuratedSource(pydantic.BaseModel):
    """One entry of `sources.yml`; every field optional, unknown keys rejected."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)

    id: str | None = pydantic.Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: dt.datetime | dt.date | None = None
    url: pydantic.HttpUrl | None = None  # http(s) only: a javascript: URL must never become a link
    language: str | None = pydantic.Field(default=None, pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


class CuratedSources(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)

    sources: dict[str, CuratedSource] = {}


_TIME = re.compile(r"(\d{1,2})[:.](\d{2})\s*(?:([AaPp])\.?[Mm]\.?)?\s*$")
_SEPARATOR = re.compile(r"\s*[|,]\s*")
_LETTERS = re.compile(r"[^\W\d_]+")
_ASCII_LETTERS = re.compile(r"[a-z]+")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def _parse_fast(cleaned: str) -> dt.datetime | None:
    """The common date-line shapes, read by the project's own date finder (a fraction of a
    millisecond, where dateparser takes about two): a full date, then an optional time."""
    found = [f for f in find_dates(cleaned, None) if f.value is not None and f.value.day and f.value.month]
    time = _TIME.search(cleaned)
    if len(found) != 1 or time is None:
        return None
    value = found[0].value
    assert value is not None and value.month is not None and value.day is not None
    hour, minute = int(time.group(1)), int(time.group(2))
    if time.group(3):
        hour = hour % 12 + (12 if time.group(3).lower() == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return dt.datetime(value.year, value.month, value.day, hour, minute)


def parse_published(value: str, timezone: str | None) -> dt.datetime | dt.date | None:
    cleaned = _SEPARATOR.sub(" ", value).strip()
    parsed: dt.datetime | None = _parse_fast(cleaned)
    if parsed is None:
        settings = dict(DATE_SETTINGS)
        if re.match(r"[A-Za-z]", cleaned):  # "August 29, 2019": the month comes first
            settings["DATE_ORDER"] = "MDY"
        parsed = dateparser.parse(cleaned, languages=["id", "en"], settings=settings)
    if parsed is None:
        return None
    has_time = _TIME.search(cleaned) is not None
    if not has_time:
        return parsed.date()
    zone = TIME_ZONES.get((timezone or "").upper())
    return parsed.replace(tzinfo=zone) if zone else parsed


def _tidy_name(value: str) -> str:
    """Bylines are often in capitals ("AMELIA FITRIANI"); names read better in title case."""
    return value.title() if value.isupper() else value


def _first(captured: Iterable[Captured], name: str) -> Captured | None:
    return min((c for c in captured if c.field == name), key=lambda c: c.line, default=None)


@cache
def _function_words() -> Mapping[str, frozenset[str]]:
    text = (Path(__file__).parent / "data" / "languages.yml").read_text(encoding="utf-8")
    data: dict[str, list[Any]] = yaml.safe_load(text)
    return {code: frozenset(str(word) for word in words) for code, words in data.items()}


def _words(lowered: str) -> list[str]:
    """`_LETTERS.findall(lowered)`: the runs of letters. When no character outside ASCII is a
    letter or a digit (curly quotes and no-break spaces are neither), the letters of lowercased
    text are a-z, which the regex matches much faster than the Unicode class."""
    if any(ch.isalnum() for ch in set(_NOT_ASCII.findall(lowered))):
        return _LETTERS.findall(lowered)
    return _ASCII_LETTERS.findall(lowered)


def guess_language(text: str) -> str | None:
    """The language whose function words are clearly the most frequent, or None when unsure."""
    tokens = _words(text.lower())
    if len(tokens) < 20:
        return None
    counts = Counter(tokens)
    scores = sorted(
        ((sum(map(counts.get, words, repeat(0))), code) for code, words in _function_words().items()),
        reverse=True,
    )
    (best, code), (runner_up, _) = scores[0], scores[1]
    if best / len(tokens) < 0.05 or best < 1.5 * runner_up:
        return None
    return code


def infer_metadata(captured: tuple[Captured, ...], body: str, path: str) -> Stage[Metadata]:
    problems: list[Diagnostic] = []
    title = _first(captured, "title")
    outlet = _first(captured, "outlet")
    author = _first(captured, "author")
    published_capture = _first(captured, "published")
    published: dt.datetime | dt.date | None = None
    if published_capture is not None:
        zone = next((c.value for c in captured if c.field == "timezone" and c.line == published_capture.line), None)
        published = parse_published(published_capture.value, zone)
        at = Location(path, published_capture.line, 1)
        if published is None:
            problems.append(warning(at, "date-unreadable", f"could not read a date in {published_capture.value!r}"))
        weekday = next((c.value for c in captured if c.field == "weekday" and c.line == published_capture.line), None)
        expected = WEEKDAYS.get((weekday or "").lower())
        if published is not None and expected is not None and published.weekday() != expected:
            problems.append(
                warning(at, "weekday-mismatch", f"{weekday} does not fall on {published:%Y-%m-%d} ({published:%A})")
            )
    return Stage(
        Metadata(
            title=title.value if title else None,
            outlet=outlet.value if outlet else None,
            author=_tidy_name(author.value) if author else None,
            published=published,
            language=guess_language(body),
        ),
        tuple(problems),
    )


def apply_curation(inferred: Metadata, curated: CuratedSource | None) -> Metadata:
    """Curated values win; the origin of each field is kept so pages can say where it came from."""
    if curated is None:
        return inferred
    values: dict[str, Any] = {name: getattr(inferred, name) for name in METADATA_FIELDS}
    origin: list[tuple[str, Origin]] = []
    for name in METADATA_FIELDS:
        if name in curated.model_fields_set:
            value = getattr(curated, name)
            values[name] = str(value) if name == "url" and value is not None else value
            origin.append((name, "curated"))
    return Metadata(**values, origin=tuple(origin))
