"""Date expressions in article text, resolved against the article's own publication date.

Approach
--------
Candidates come from our own regular expressions, built per language from the words in
`builder/data/dates.yml` (month and weekday names, "lalu"/"mendatang", "last"/"next", cue words such
as "pada"/"sejak"/"in", number words ...). Every pattern has a rule id (`day-month-paren`,
`month-cued`, ...) and a small resolver that computes the value by calendar arithmetic from the
matched parts and the `reference` date only, so results are deterministic and never depend on
today's date. All candidates of all rules are collected, the longest wins where they overlap, and a
candidate that matched but cannot be resolved (no reference, 31/2, "more than three years ago")
still claims its span, so a shorter pattern inside it cannot turn it into a wrong date.

Precision is what the text states: "Agustus 2024" is a month, "tahun lalu" a year; a day comes
only from a day number, a weekday or a day word ("kemarin", "hari ini").

Resolution rules (reference = the article's publication date):
- day and month without a year ("Jumat (15/8)", "15 Agustus"): the nearest such date, which is
  the reference year unless that is more than half a year away; "mendatang"/"depan" take the
  first one on or after the reference, "lalu" the last one on or before it.
- a month alone needs a cue ("pada April", "bulan April", "in April", "akhir Oktober") or a
  modifier ("Februari lalu", "Oktober tahun lalu", "last October"). With a cue it is the most
  recent such month not after the reference month; "lalu"/"last" strictly before it,
  "mendatang"/"next" strictly after it.
- a bare weekday ("Kim Jong Un, Selasa.", "on Tuesday") is the most recent such day on or before
  the reference (news reports the past week); if the sentence before it has a future marker
  ("akan", "dijadwalkan", "will") it is the next one on or after the reference. The same tense
  rule applies to a cued month alone; "sejak"/"since" always point to the past.
- "Jumat mendatang"/"next Friday": strictly after the reference; "Jumat lalu"/"last Friday":
  strictly before.
- a four-digit number (1800-2100) is a year only after a cue word ("pada 2022", "sejak 2021",
  "in 2022", "mid-2024"), after a year word ("tahun 2024"), after a month ("Agustus 2024"), or
  continuing a list that started with one ("pada 2019 dan 2022"). A bare "2024", "1990-an",
  "10.000", "4.0" and numbers inside URL-like tokens are not dates.
- durations are not dates: "80 tahun kemerdekaan", "dalam 24 tahun", "tiga setengah tahun",
  "beberapa hari", "beberapa tahun lalu". "tiga hari lalu" / "3 years ago" is ref minus the
  offset, at the unit's precision (weeks are not resolved).
- "tiga hari sebelum KTT" has no calendar value: value None, relative_days -3, anchor "KTT".

With `reference=None` only expressions that carry their own year resolve (and event-relative
ones, which need no reference).

dateparser (1.5), measured on the five seed articles (2 cores, Python 3.11)
----------------------------------------------------------------------------
- `search_dates(article, languages=['id'])`: 13-26 ms per article warm (119 ms for the first),
  no character offsets, and wrong on exactly the expressions that matter: "Selasa (12/8)" became
  2025-12-08, "80 tahun" 1945, "dalam 24 tahun" 2049, a bare "Jumat" the past Friday even with
  "mendatang", and "Oktober tahun lalu" was read as "Oktober" (2025-10) plus "tahun lalu".
- `DateDataParser(languages=['id']).get_date_data(candidate)`: 0.2-0.9 ms per candidate warm
  (~70 ms for the first call); returns None for "15 Agustus mendatang", "Februari lalu",
  "Oktober tahun lalu", "Jumat mendatang", "bulan April"; with PREFER_DATES_FROM='past' it moved
  "Jumat (15/8)" to 2024; for a month it fills in the reference's day (period tells, the date
  does not).
So the values here come from our own arithmetic, and dateparser is used only where it adds
something without these risks: its CLDR locale data supplies month and weekday names for a
language that `dates.yml` does not list yet (names are read only next to a number there). The
tests cross-check our absolute dates against DateDataParser.

Cost of `find_dates` on the seeds: 0.8-2.3 ms per article with `language="id"`, 1.0-2.6 ms with
both default languages; the first call pays ~25 ms to read dates.yml and compile the patterns.
Patterns are not scanned over the whole text: the text is tokenised once and each pattern is
tried only at tokens that can start it (a digit, "(", a month, weekday or cue word ...), which
made it 3x faster than `finditer` with every pattern.

Known gaps: ranges ("12-15 Agustus", "antara April dan Juni" gives only April), ordinal dots
("3. März"), times of day, "pekan lalu"/"last week" (no day or month to give), an event anchor
that is itself a date ("dua hari setelah 12 Agustus" is found as "12 Agustus" only), and the
tense guess for a bare weekday or month reads only future markers in the same sentence.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..model import DateValue

DATA_PATH = Path(__file__).resolve().parent.parent / "data" / "dates.yml"

# The most a rule can state: tests check that no value is more precise than its rule allows.
RULE_PRECISION: Mapping[str, str] = {
    "iso-date": "day",
    "numeric-date": "day",
    "day-month-paren": "day",
    "day-month-year": "day",
    "month-day-year": "day",
    "day-month": "day",
    "month-day": "day",
    "month-year": "month",
    "month-relative": "month",
    "month-cued": "month",
    "year-cued": "year",
    "year-list": "year",
    "relative-year": "year",
    "relative-month": "month",
    "relative-day": "day",
    "ago": "day",
    "weekday-relative": "day",
    "weekday": "day",
    "event-relative": "none",
}

_MIN_YEAR, _MAX_YEAR = 1, 9999
_SCAN_YEARS = 8  # how far a day/month without a year may move (29 February needs up to 8)


@dataclass(frozen=True, slots=True, kw_only=True)
class FoundDate:
    start: int
    end: int
    text: str  # text[start:end]
    value: DateValue | None  # None only for a date relative to another event
    rule: str
    relative_days: int | None = None  # "tiga hari sebelum KTT" -> -3
    anchor: str | None = None  # ... -> "KTT"
    weekday: int | None = None  # named weekday, 0 = Monday
    weekday_ok: bool | None = None  # does the named weekday agree with the resolved day?


# --- Language tables --------------------------------------------------------------------------

_WORD_LISTS = (
    "day_words",
    "date_words",
    "month_words",
    "year_words",
    "joiners",
    "cues",
    "past_cues",
    "past_after",
    "past_before",
    "future_after",
    "future_before",
    "ago",
    "before",
    "after",
    "articles",
    "quantifiers",
    "approximators",
    "future_markers",
    "list_connectors",
)
_UNITS = ("day", "week", "month", "year")
_MONTH_KEYS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _key(word: str) -> str:
    return " ".join(word.casefold().split())


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: one object per language
class _Language:
    code: str
    months: Mapping[str, int]  # full names
    month_abbreviations: Mapping[str, int]  # only next to a number
    weekdays: Mapping[str, int]
    capitalised_only: frozenset[str]
    numeric_order: str  # "dmy" | "mdy"
    month_before_day: bool
    bare_names: bool  # may a month or weekday name stand alone (False for dateparser fallbacks)
    words: Mapping[str, tuple[str, ...]]
    year_relative: Mapping[str, int]
    month_relative: Mapping[str, int]
    day_relative: Mapping[str, int]
    units: Mapping[str, str]  # word -> day | week | month | year
    numbers: Mapping[str, int]
    single_units: Mapping[str, str]  # "sehari" (one day) -> day

    def w(self, name: str) -> tuple[str, ...]:
        return self.words.get(name, ())

    def set(self, name: str) -> frozenset[str]:
        return _word_set(self, name)


@cache
def _word_set(lang: _Language, name: str) -> frozenset[str]:
    return frozenset(_key(x) for x in lang.w(name))


@cache
def _vocabulary(lang: _Language) -> frozenset[str]:
    return frozenset(
        (
            *lang.months,
            *lang.month_abbreviations,
            *lang.weekdays,
            *lang.year_relative,
            *lang.month_relative,
            *lang.day_relative,
            *lang.units,
            *lang.numbers,
            *lang.single_units,
            *(_key(w) for words in lang.words.values() for w in words),
        )
    )


def _canon(lang: _Language, matched: str) -> str:
    """The vocabulary key of words the IGNORECASE regex matched. Usually their casefold, but the
    regex also equates characters whose casefold differs ("İ" matches "i"; "İ".casefold() is two
    characters), so fall back to asking the regex which word it was."""
    key = _key(matched)
    vocabulary = _vocabulary(lang)
    if key in vocabulary:
        return key
    for word in vocabulary:
        if re.fullmatch(_alt([word]), matched, re.IGNORECASE):
            return word
    return key


def _numbered(raw: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for number, names in dict(raw or {}).items():
        for name in names or ():
            out[_key(str(name))] = int(number)
    return out


def _language_from_yaml(code: str, raw: Mapping[str, Any]) -> _Language:
    units: dict[str, str] = {}
    for unit, names in dict(raw.get("units") or {}).items():
        if unit not in _UNITS:
            raise ValueError(f"dates.yml: {code}: unknown unit {unit!r}")
        for name in names or ():
            units[_key(str(name))] = unit
    single_units = {_key(str(k)): str(v) for k, v in dict(raw.get("single_units") or {}).items()}
    if not set(single_units.values()) <= set(_UNITS):
        raise ValueError(f"dates.yml: {code}: single_units must name one of {', '.join(_UNITS)}")
    return _Language(
        code=code,
        months=_numbered(raw.get("months")),
        month_abbreviations=_numbered(raw.get("month_abbreviations")),
        weekdays=_numbered(raw.get("weekdays")),
        capitalised_only=frozenset(_key(str(x)) for x in raw.get("capitalised_only") or ()),
        numeric_order=str(raw.get("numeric_order") or "dmy"),
        month_before_day=bool(raw.get("month_before_day", False)),
        bare_names=True,
        words={name: tuple(str(x) for x in raw.get(name) or ()) for name in _WORD_LISTS},
        year_relative={_key(str(k)): int(v) for k, v in dict(raw.get("year_relative") or {}).items()},
        month_relative={_key(str(k)): int(v) for k, v in dict(raw.get("month_relative") or {}).items()},
        day_relative={_key(str(k)): int(v) for k, v in dict(raw.get("day_relative") or {}).items()},
        units=units,
        numbers={_key(str(k)): int(v) for k, v in dict(raw.get("numbers") or {}).items()},
        single_units=single_units,
    )


@cache
def _data() -> tuple[tuple[str, ...], Mapping[str, _Language]]:
    raw: dict[str, Any] = yaml.safe_load(DATA_PATH.read_text(encoding="utf-8"))
    languages = {str(code): _language_from_yaml(str(code), body) for code, body in raw["languages"].items()}
    defaults = tuple(str(code) for code in raw.get("default_languages") or languages)
    return defaults, languages


_NAME = re.compile(r"[^\W\d_][^\W\d_'’.-]*[.]?")


@cache
def _dateparser_language(code: str) -> _Language | None:
    """Month and weekday names from dateparser's CLDR data, for a language dates.yml lacks."""
    try:
        from dateparser.languages.loader import LocaleDataLoader

        locale = next(LocaleDataLoader().get_locales(languages=[code]))
    except (ImportError, ValueError, StopIteration, KeyError):
        return None
    info: Mapping[str, Any] = locale.info

    def names(key: str) -> list[str]:
        return [str(n).rstrip(".") for n in info.get(key) or () if _NAME.fullmatch(str(n)) and len(str(n)) >= 3]

    months = {_key(n): i for i, k in enumerate(_MONTH_KEYS, start=1) for n in names(k)}
    weekdays = {_key(n): i for i, k in enumerate(_WEEKDAY_KEYS) for n in names(k)}
    if not months:
        return None
    order = str(info.get("date_order") or "DMY").lower()
    return _Language(
        code=code,
        months={},
        month_abbreviations=months,
        weekdays=weekdays,
        capitalised_only=frozenset(),
        numeric_order="mdy" if order.startswith("m") else "dmy",
        month_before_day=order.startswith("m"),
        bare_names=False,
        words={},
        year_relative={},
        month_relative={},
        day_relative={},
        units={},
        numbers={},
        single_units={},
    )


@cache  # keyed by a language code: a handful of entries
def _languages(language: str | None) -> tuple[_Language, ...]:
    defaults, known = _data()
    if language:
        code = re.split(r"[-_]", language.strip().lower(), maxsplit=1)[0]
        if code in known:
            return (known[code],)
        fallback = _dateparser_language(code) if re.fullmatch(r"[a-z]{2,3}", code) else None
        if fallback is not None:
            return (fallback,)
    return tuple(known[c] for c in defaults if c in known)


# --- Patterns ---------------------------------------------------------------------------------

_W = r"(?<![\w-])"  # a word starts here ("bertahun-tahun ini" is not "tahun ini")
_E = r"(?!\w)"  # a word ends here
_NUM_START = r"(?<![\w.,/:-])"  # a number starts here (not inside 10.000, 4.0, a/b, 12:30)
_DAY = _NUM_START + r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?(?!\w)"
_YEAR4 = r"(?P<year>[0-9]{4})(?![0-9]|[.,][0-9])"
_YEAR_CUED = r"(?<![\w.,/:])(?<![0-9]-)(?P<year>1[89][0-9]{2}|20[0-9]{2}|2100)(?!\w)(?![.,/:][0-9])(?!-an(?!\w))"
# URL-like tokens: a scheme, "www.", a domain followed by a path, or a path with letters in it
# ("read/2025/08/13/x"); "(13/8/2025)" has no letters and is not one.
_URLISH = re.compile(
    r"(?:https?://|www\.)\S+|[\w-]+(?:\.[\w-]+)+/\S*|(?<!\S)(?=\S*/\S*/)(?=\S*[^\W\d_])\S+", re.IGNORECASE
)
# Every match of _URLISH lies inside one run of non-space characters that holds "/" or "www.":
# the pattern runs only over those runs (most paragraphs have none), not over the whole text.
_URL_RUN = re.compile(r"(?<!\S)\S*?(?:/|www\.)\S*", re.IGNORECASE)
_WWW = re.compile(r"www\.", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?\n](?=\s|$)")


def _url_spans(text: str) -> list[tuple[int, int]]:
    """The spans of `_URLISH.finditer(text)`, found without scanning text that cannot hold one."""
    if "/" not in text and _WWW.search(text) is None:
        return []
    return [url.span() for run in _URL_RUN.finditer(text) for url in _URLISH.finditer(text, run.start(), run.end())]


def _alt(words: Iterable[str]) -> str:
    unique = sorted({_key(w) for w in words if w.strip()}, key=lambda w: (-len(w), w))
    if not unique:
        return "(?!)"
    return "(?:" + "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in unique) + ")"


@dataclass(frozen=True, slots=True)
class _Context:
    text: str
    reference: dt.date | None
    lang: _Language
    helpers: _Helpers


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    rule: str
    found: FoundDate | None  # None: matched but unresolvable; still blocks shorter matches


Handler = Callable[[re.Match[str], _Context], _Candidate | None]


@dataclass(frozen=True, slots=True)
class _Helpers:
    approximator_before: re.Pattern[str]
    future_marker: re.Pattern[str]
    list_continuation: re.Pattern[str]
    name_words: frozenset[str] = field(default_factory=frozenset)


# Where a match of each rule can start. Rather than scanning every character with every pattern,
# the text is split into tokens once, tokens are looked up in the language's word lists, and each
# pattern is tried (`match`) only where one of its start kinds sits: 3x faster on the seeds.
_RULE_STARTS: Mapping[str, frozenset[str]] = {
    "iso-date": frozenset({"digit", "weekday", "day_word"}),
    "numeric-date": frozenset({"digit", "weekday", "day_word"}),
    "day-month-paren": frozenset({"paren", "weekday", "day_word"}),
    "day-month-year": frozenset({"digit", "date_word", "weekday", "day_word"}),
    "day-month": frozenset({"digit", "date_word", "weekday", "day_word"}),
    "month-day-year": frozenset({"month", "weekday", "day_word"}),
    "month-day": frozenset({"month", "weekday", "day_word"}),
    "month-year": frozenset({"month", "month_word"}),
    "month-relative": frozenset({"month", "month_word", "before_mod"}),
    "month-cued": frozenset({"cue", "month_word"}),
    "year-cued": frozenset({"cue", "year_word"}),
    "relative": frozenset({"relative"}),
    "ago": frozenset({"digit", "number"}),
    "event-relative": frozenset({"digit", "number"}),
    "weekday-relative": frozenset({"weekday", "day_word", "before_mod"}),
    "weekday": frozenset({"weekday", "day_word"}),
}
_TOKEN = re.compile(r"[0-9]+|\(|[^\W\d_]+(?:['’][^\W\d_]+)*")
# The same tokens, with the alternative that matched as `lastindex`: 1 a number, 2 "(", 3 a word
# whose first character is an ASCII letter, 4 any other word (its first character may be a digit
# to `str.isdigit`, such as "²", and then it starts a number). `[A-Za-z]+` reads the ASCII letters
# of a word faster than the Unicode class, which then takes the rest of it.
_TOKEN_PARTS = re.compile(r"([0-9]+)|(\()|([A-Za-z]+[^\W\d_]*(?:['’][^\W\d_]+)*)|([^\W\d_]+(?:['’][^\W\d_]+)*)")
# Kinds of start as bits, so that a token's kinds and a rule's start kinds meet in one `&`.
_KIND_BIT: Mapping[str, int] = {
    kind: 1 << number for number, kind in enumerate(sorted({k for kinds in _RULE_STARTS.values() for k in kinds}))
}
_DIGIT_BIT, _PAREN_BIT = _KIND_BIT["digit"], _KIND_BIT["paren"]


def _bits(kinds: Iterable[str]) -> int:
    return sum({_KIND_BIT[kind] for kind in kinds})


@dataclass(frozen=True, slots=True)
class _Compiled:
    rules: tuple[tuple[str, re.Pattern[str], Handler], ...]
    helpers: _Helpers
    start_kinds: Mapping[str, frozenset[str]]  # first word of a phrase -> kinds of start it is
    start_bits: Mapping[str, int] = field(default_factory=dict)  # start_kinds as _KIND_BIT masks
    rule_bits: tuple[int, ...] = ()  # _RULE_STARTS of each rule as a mask


def _first_words(phrases: Iterable[str]) -> set[str]:
    return {_key(p).split()[0] for p in phrases if p.strip()}


def _start_kinds(lang: _Language) -> dict[str, frozenset[str]]:
    groups = {
        "weekday": _first_words(lang.weekdays),
        "day_word": _first_words(lang.w("day_words")),
        "date_word": _first_words(lang.w("date_words")),
        "month": _first_words((*lang.months, *lang.month_abbreviations)),
        "month_word": _first_words(lang.w("month_words")),
        "year_word": _first_words(lang.w("year_words")),
        "cue": _first_words(lang.w("cues")),
        "before_mod": _first_words((*lang.w("past_before"), *lang.w("future_before"))),
        "relative": _first_words((*lang.year_relative, *lang.month_relative, *lang.day_relative)),
        "number": _first_words((*lang.numbers, *lang.single_units)),
    }
    kinds: dict[str, set[str]] = {}
    for kind, words in groups.items():
        for word in words:
            kinds.setdefault(word, set()).add(kind)
    return {word: frozenset(k) for word, k in kinds.items()}


def _compile(lang: _Language) -> _Compiled:
    flags = re.IGNORECASE
    month_full = _alt(lang.months)
    month_abbr = _alt(lang.month_abbreviations)
    month_any = rf"(?P<month>{month_full}{_E}|{month_abbr}{_E}\.?)"
    weekday = _alt(lang.weekdays)
    wd_prefix = rf"(?:{_W}(?:{_alt(lang.w('day_words'))}\s+)?(?P<wd>{weekday}){_E}\s*,?\s*)?"
    date_word = rf"(?:{_alt(lang.w('date_words'))}\s+)?"
    joiner = rf"(?:{_alt(lang.w('joiners'))}\s+)?"
    after_mods = _alt((*lang.w("past_after"), *lang.w("future_after"), *lang.year_relative))
    before_mods = _alt((*lang.w("past_before"), *lang.w("future_before")))
    day_word = rf"(?:{_alt(lang.w('day_words'))}\s+)?"
    number = rf"(?P<n>{_NUM_START}[0-9]{{1,3}}|{_W}{_alt(lang.numbers)}){_E}"
    unit = rf"(?P<unit>{_alt(lang.units)}){_E}"
    amount = rf"(?:{number}\s+{unit}|{_W}(?P<single>{_alt(lang.single_units)}){_E})"

    specs: list[tuple[str, str, Handler]] = [
        (
            "iso-date",
            wd_prefix + r"(?<![\w./:-])(?P<year>[0-9]{4})-(?P<a>[0-9]{2})-(?P<b>[0-9]{2})(?![\w/]|[-.:][0-9])",
            _iso,
        ),
        (
            "numeric-date",
            wd_prefix
            + r"(?<![\w./:-])(?P<a>[0-9]{1,2})(?P<sep>[/.-])(?P<b>[0-9]{1,2})(?P=sep)(?P<year>[0-9]{4})"
            + r"(?![\w/]|[-.:/][0-9])",
            _numeric,
        ),
        (
            "day-month-paren",
            wd_prefix + r"\(\s*(?P<a>[0-9]{1,2})/(?P<b>[0-9]{1,2})(?:/(?P<year>[0-9]{4}|[0-9]{2}))?\s*\)",
            _numeric,
        ),
        (
            "day-month-year",
            wd_prefix + _W + date_word + _DAY + r"\s+" + joiner + _W + month_any + r",?\s+" + joiner + _YEAR4,
            _day_month,
        ),
        (
            "month-day-year",
            wd_prefix + _W + month_any + r"\s+" + _DAY + r",?\s+" + _YEAR4,
            _day_month,
        ),
        (
            "day-month",
            wd_prefix
            + _W
            + date_word
            + _DAY
            + r"\s+"
            + joiner
            + _W
            + month_any
            + rf"(?:,?\s+(?P<mod>{after_mods}){_E})?",
            _day_month,
        ),
        (
            "month-year",
            _W + rf"(?:{_alt(lang.w('month_words'))}\s+)?" + _W + month_any + r"\s+" + joiner + _YEAR4,
            _month_year,
        ),
        (
            "month-relative",
            _W + rf"(?:{_alt(lang.w('month_words'))}\s+)?(?P<mn>{month_full}){_E}\s+(?P<mod>{after_mods}){_E}",
            _month_relative,
        ),
        ("month-relative", _W + rf"(?P<mod>{before_mods})\s+(?P<mn>{month_full}){_E}", _month_relative),
        (
            "month-cued",
            rf"(?:{_W}(?P<cue>{_alt(lang.w('cues'))})(?:\s+|-))?"
            + rf"(?P<date>(?:{_W}(?P<mw>{_alt(lang.w('month_words'))})\s+)?{_W}(?P<mn>{month_full}){_E})",
            _month_cued,
        ),
        (
            "year-cued",
            rf"(?:{_W}(?P<cue>{_alt(lang.w('cues'))})(?:\s+|-))?"
            + rf"(?P<date>(?:{_W}(?P<yw>{_alt(lang.w('year_words'))})\s+)?{_YEAR_CUED})",
            _year_cued,
        ),
        (
            "relative",
            _W
            + rf"(?:(?P<yr>{_alt(lang.year_relative)})|(?P<mo>{_alt(lang.month_relative)})"
            + rf"|(?P<dy>{_alt(lang.day_relative)})){_E}",
            _relative,
        ),
        ("ago", amount + rf"\s+(?P<ago>{_alt(lang.w('ago'))}){_E}", _ago),
        (
            "event-relative",
            amount
            + rf"\s+(?P<rel>{_alt((*lang.w('before'), *lang.w('after')))}){_E}\s+"
            + rf"(?:(?P<art>{_alt(lang.w('articles'))})\s+)?(?P<anchor>[^\W\d_][\w'’-]*)",
            _event_relative,
        ),
        (
            "weekday-relative",
            _W
            + day_word
            + rf"(?P<wd>{weekday}){_E}\s+(?P<mod>{_alt((*lang.w('past_after'), *lang.w('future_after')))}){_E}",
            _weekday_relative,
        ),
        ("weekday-relative", _W + rf"(?P<mod>{before_mods})\s+(?P<wd>{weekday}){_E}", _weekday_relative),
        ("weekday", _W + day_word + rf"(?P<wd>{weekday}){_E}", _weekday),
    ]
    if lang.month_before_day:
        specs.append(("month-day", wd_prefix + _W + month_any + r"\s+" + _DAY + r"(?![.,:/][0-9])", _day_month))
    if not lang.bare_names:
        bare_rules = {"month-relative", "month-cued", "weekday-relative", "weekday"}
        specs = [s for s in specs if s[0] not in bare_rules]

    helpers = _Helpers(
        approximator_before=re.compile(rf"{_W}{_alt(lang.w('approximators'))}\s+$", flags),
        future_marker=re.compile(rf"{_W}{_alt(lang.w('future_markers'))}{_E}", flags),
        list_continuation=re.compile(
            rf"\s*(?:{_W}{_alt(lang.w('list_connectors'))}(?:(?<=,)|{_E})|[-–—])\s*{_YEAR_CUED}", flags
        ),
        name_words=frozenset((*lang.months, *lang.weekdays, *lang.day_relative)),
    )
    rules = tuple((rule, re.compile(p, flags), h) for rule, p, h in specs)
    start_kinds = _start_kinds(lang)
    return _Compiled(
        rules,
        helpers,
        start_kinds,
        start_bits={word: _bits(kinds) for word, kinds in start_kinds.items()},
        rule_bits=tuple(_bits(_RULE_STARTS[rule]) for rule, _, _ in rules),
    )


@cache
def _compiled(lang: _Language) -> _Compiled:
    return _compile(lang)


# --- Resolution helpers -----------------------------------------------------------------------


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_of(ctx: _Context, m: re.Match[str], group: str = "month") -> int | None:
    raw = m.group(group)
    if raw is None:
        return None
    word = _canon(ctx.lang, raw.rstrip("."))
    return ctx.lang.months.get(word) or ctx.lang.month_abbreviations.get(word)


def _weekday_of(ctx: _Context, m: re.Match[str]) -> int | None:
    raw = m.groupdict().get("wd")
    return None if raw is None else ctx.lang.weekdays.get(_canon(ctx.lang, raw))


def _capital_ok(ctx: _Context, m: re.Match[str], group: str) -> bool:
    """A name that is also an everyday word ("minggu" = week) counts only when capitalised, and
    not at the start of a sentence, where every word is ("Minggu lalu, ..." = "last week");
    after a day word ("hari minggu") it is a name either way."""
    word = m.group(group)
    if _canon(ctx.lang, word) not in ctx.lang.capitalised_only or m.start() < m.start(group):
        return True
    before = ctx.text[: m.start()].rstrip()
    return word[:1].isupper() and before != "" and before[-1] not in ".!?:;\"“”'‘’(\n"


def _direction(ctx: _Context, mod: str | None) -> int:
    """-1 for "lalu"/"last", +1 for "mendatang"/"next", 0 for no modifier."""
    if mod is None:
        return 0
    word = _canon(ctx.lang, mod)
    if word in ctx.lang.set("past_after") or word in ctx.lang.set("past_before"):
        return -1
    if word in ctx.lang.set("future_after") or word in ctx.lang.set("future_before"):
        return 1
    return 0


def _nearest(month: int, day: int, ref: dt.date, direction: int) -> dt.date | None:
    """The date with this month and day nearest to ref (-1: on or before, +1: on or after).

    Of the years within _SCAN_YEARS of ref's, only three can hold it: ref's own, the last one
    before it and the first one after it that have such a day; the dates of earlier years are
    further back, those of later years further ahead."""
    low, high = max(_MIN_YEAR, ref.year - _SCAN_YEARS), min(_MAX_YEAR, ref.year + _SCAN_YEARS)
    before = next((d for y in range(ref.year - 1, low - 1, -1) if (d := _date(y, month, day)) is not None), None)
    after = next((d for y in range(ref.year + 1, high + 1) if (d := _date(y, month, day)) is not None), None)
    options = [d for d in (before, _date(ref.year, month, day), after) if d is not None]
    if direction < 0:
        options = [d for d in options if d <= ref]
    elif direction > 0:
        options = [d for d in options if d >= ref]
    if not options:
        return None
    return min(options, key=lambda d: (abs((d - ref).days), d))


def _month_year_for(month: int, ref: dt.date, mode: str) -> int:
    """The year of the named month: "not_after" / "before" / "after" / "not_before" the ref month."""
    if mode == "before":
        return ref.year if month < ref.month else ref.year - 1
    if mode == "after":
        return ref.year if month > ref.month else ref.year + 1
    if mode == "not_before":
        return ref.year if month >= ref.month else ref.year + 1
    return ref.year if month <= ref.month else ref.year - 1


def _future_tense(ctx: _Context, start: int, cue: str | None) -> bool:
    if cue is not None and _canon(ctx.lang, cue) in ctx.lang.set("past_cues"):
        return False
    ends = [e.end() for e in _SENTENCE_END.finditer(ctx.text, max(0, start - 400), start)]
    sentence = ctx.text[ends[-1] if ends else max(0, start - 400) : start]
    return ctx.helpers.future_marker.search(sentence) is not None


def _valid(value: DateValue) -> DateValue | None:
    if not _MIN_YEAR <= value.year <= _MAX_YEAR:
        return None
    if value.month is not None and not 1 <= value.month <= 12:
        return None
    if value.day is not None and (value.month is None or _date(value.year, value.month, value.day) is None):
        return None
    return value


def _day_value(d: dt.date | None) -> DateValue | None:
    return None if d is None else DateValue(year=d.year, month=d.month, day=d.day)


def _span(m: re.Match[str]) -> tuple[int, int]:
    if "date" in m.re.groupindex and m.group("date") is not None:
        return m.span("date")
    return m.span()


def _make(
    m: re.Match[str],
    ctx: _Context,
    rule: str,
    value: DateValue | None,
    *,
    weekday: int | None = None,
    resolved_from_weekday: bool = False,
    relative_days: int | None = None,
    anchor: str | None = None,
    span: tuple[int, int] | None = None,
) -> _Candidate:
    start, end = span or _span(m)
    value = None if value is None else _valid(value)
    if value is None and relative_days is None:
        return _Candidate(start, end, rule, None)
    ok: bool | None = None
    if weekday is not None and value is not None and value.day is not None and value.month is not None:
        ok = resolved_from_weekday or dt.date(value.year, value.month, value.day).weekday() == weekday
    found = FoundDate(
        start=start,
        end=end,
        text=ctx.text[start:end],
        value=value,
        rule=rule,
        relative_days=relative_days,
        anchor=anchor,
        weekday=weekday,
        weekday_ok=ok,
    )
    return _Candidate(start, end, rule, found)


def _preceding_word(text: str, start: int) -> str | None:
    before = re.search(r"([\w'’-]+)\s+$", text[max(0, start - 40) : start])
    return None if before is None else _key(before.group(1))


def _is_quantity(ctx: _Context, word: str | None) -> bool:
    if word is None:
        return False
    return word in ctx.lang.set("quantifiers") or word in ctx.lang.numbers or word.isdigit()


# --- Handlers, one per rule -------------------------------------------------------------------


def _iso(m: re.Match[str], ctx: _Context) -> _Candidate | None:
    value = DateValue(year=int(m.group("year")), month=int(m.group("a")), day=int(m.group("b")))
    return _make(m, ctx, "iso-date", value, weekday=_weekday_of(ctx, m))


def _numeric(m: re.Match[str], ctx: _Context) -> _Candidate | None:
    rule = "day-month-paren" if m.group(0).rstrip().endswith(")") else "numeric-date"
    a, b = int(m.group("a")), int(m.group("b"))
    day, month = (a, b) if ctx.lang.numeric_order == "dmy" else (b, a)
    if month > 12 >= day:
        day, month = month, day
    weekday = _weekday_of(ctx, m)
    year_text = m.group("year")
    if year_text is not None:
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        return _make(m, ctx, rule, DateValue(year=year, month=month, day=day), weekday=weekday)
    if ctx.reference is None or not 1 <= month <= 12:
        return _make(m, ctx, rule, None)
    return _make(m, ctx, rule, _day_value(_nearest(month, day, ctx.reference, 0)), weekday=weekday)


def _day_month(m: re.Match[str], ctx: _Context) -> _Candidate | None:
    month = _month_of(ctx, m)
    day = int(m.group("day"))
    weekday = _weekday_of(ctx, m)
    groups = m.groupdict()
    rule = (
        ("day-month-year" if m.start("day") < m.start("month") else "month-day-year")
        if groups.get("year") is not None
        else ("day-month" if m.start("day") < m.start("month") else "month-day")
    )
    if month is None:
        return _make(m, ctx, rule, None)
    if groups.get("year") is not None:
        return _make(m, ctx, rule, DateValue(year=int(m.group("year")), month=month, day=day), weekday=weekday)
    ref = ctx.reference
    if ref is None:
        return _make(m, ctx, rule, None)
    mod = groups.get("mod")
    if mod is not None and _canon(ctx.lang, mod) in ctx.lang.year_relative:
        value = DateValue(year=ref.year + ctx.lang.year_relative[_canon(ctx.lang, mod)], month=month, day=day)
        return _make(m, ctx, rule, value, weekday=weekday)
    return _make(m, ctx, rule, _day_value(_nearest(month, day, ref, _direction(ctx, mod))), weekday=weekday)


def _month_year(m: re.Match[str], ctx: _Context) -> _Candidate | None:
    month = _month_of(ctx, m)
    value = None if month is None else DateValue(year=int(m.group("year")), month=month)
    return _make(m, ctx, "month-year", value)


def _month_relative(m: re.Match[str], ctx: _Context) -> _Candidate | None:
    if not _capital_ok(ctx, m, "mn"):
        return None
    month = _month_of(ctx, m, "mn")
    ref = ctx.reference
    if month is None or ref is None:
        return _make(m, ctx, "month-relative", None)
    mod = _canon(ctx.lang, m.group("mod"))
    if mod in ctx.lang.year_relative:
        year = ref.year + ctx.lang.year_relative[mod]
    else:
        direction = _direction(ctx, mod)
        year = _month_year_for(month, ref, "before" if direction < 0 else "after" if direction > 0 else "not_after")
    return _make(m, ctx, "month-relative", DateValue(year=year, month=month))


def _month_cued(m: re.Match[str], ctx: _Context) -> _Candidate | None:
    if m.group("cue") is None and m.group("mw") is None:
        return None
    if not _capital_ok(ctx, m, "mn"):
        return None
    month = _month_of(ctx, m, "mn")
    ref = ctx.reference
    if month is None or ref is None:
        return _make(m, ctx, "month-cued", None)
    future = _future_tense(ctx, m.start("date"), m.group("cue"))
    year = _month_year_for(month, ref, "not_before" if future else "not_after")
    return _make(m, ctx, "month-cued", DateValue(year=year, month=month))


def _year_cued(m: re.Match[str], ctx: _Context) -> _Candidate | None:
    if m.group("cue") is None and m.group("yw") is None:
        return None
    return _make(m, ctx, "year-cued", DateValue(year=int(m.group("year"))))


def _relative(m: re.Match[str], ctx: _Context) -> _Candidate | None:
    rule = "relative-year" if m.group("yr") else "relative-month" if m.group("mo") else "relative-day"
    if _is_quantity(ctx, _preceding_word(ctx.text, m.start())):
        return None  # "beberapa tahun lalu", "the last year": a duration, not a date
    ref = ctx.reference
    if ref is None:
        return _make(m, ctx, rule, None)
    phrase = _canon(ctx.lang, m.group(0))
    if m.group("yr"):
        years = ctx.lang.year_relative.get(phrase)
        return _make(m, ctx, rule, None if years is None else DateValue(year=ref.year + years))
    if m.group("mo"):
        months = ctx.lang.month_relative.get(phrase)
        if months is None:
            return _make(m, ctx, rule, None)
        index = ref.year * 12 + ref.month - 1 + months
        return _make(m, ctx, rule, DateValue(year=index // 12, month=index % 12 + 1))
    offset = ctx.lang.day_relative.get(phrase)
    if offset is None:
        return _make(m, ctx, rule, None)
    try:
        return _make(m, ctx, rule, _day_value(ref + dt.timedelta(days=offset)))
    except OverflowError:
        return _make(m, ctx, rule, None)


def _amount(ctx: _Context, m: re.Match[str]) -> tuple[int | None, str | None]:
    """(count, unit) of "tiga hari", "3 years", "sehari"."""
    if m.group("single") is not None:
        return 1, ctx.lang.single_units.get(_canon(ctx.lang, m.group("single")))
    raw = m.group("n")
    count = int(raw) if raw.isdigit() else ctx.lang.numbers.get(_canon(ctx.lang, raw))
    return count, ctx.lang.units.get(_canon(ctx.lang, m.group("unit")))


def _ago(m: re.Match[str], ctx: _Context) -> _Candidate | None:
    n, unit = _amount(ctx, m)
    ref = ctx.reference
    approximate = ctx.helpers.approximator_before.search(ctx.text, max(0, m.start() - 40), m.start()) is not None
    if n is None or unit is None or ref is None or approximate or unit == "week":
        return _make(m, ctx, "ago", None)
    if unit == "year":
        return _make(m, ctx, "ago", DateValue(year=ref.year - n))
    if unit == "month":
        index = ref.year * 12 + ref.month - 1 - n
        return _make(m, ctx, "ago", DateValue(year=index // 12, month=index % 12 + 1))
    try:
        return _make(m, ctx, "ago", _day_value(ref - dt.timedelta(days=n)))
    except OverflowError:
        return _make(m, ctx, "ago", None)


def _event_relative(m: re.Match[str], ctx: _Context) -> _Candidate | None:
    anchor_word = m.group("anchor")
    if _key(anchor_word) in ctx.helpers.name_words:
        return None  # "dua hari sebelum Jumat (15/8)": let the date itself be found
    n, unit = _amount(ctx, m)
    approximate = ctx.helpers.approximator_before.search(ctx.text, max(0, m.start() - 40), m.start()) is not None
    anchor = anchor_word
    if anchor_word[:1].isupper():  # "sebelum Hari Raya Idul Fitri": keep a capitalised name together
        anchor = _adjacent_capitalised(ctx.text[m.start("anchor") : m.start("anchor") + 120])
    end = m.start("anchor") + len(anchor)
    if n is None or unit not in ("day", "week") or approximate:
        return _make(m, ctx, "event-relative", None, span=(m.start(), end))
    days = n * (7 if unit == "week" else 1)
    sign = -1 if _canon(ctx.lang, m.group("rel")) in ctx.lang.set("before") else 1
    return _make(m, ctx, "event-relative", None, relative_days=sign * days, anchor=anchor, span=(m.start(), end))


def _adjacent_capitalised(anchor: str) -> str:
    """Keep the first word and the capitalised words that directly follow it (max four)."""
    words = re.findall(r"[\w'’-]+|\s+|\S", anchor)
    kept = words[:1]
    count = 1
    i = 1
    while i + 1 < len(words) and count < 4 and words[i].isspace() and words[i + 1][:1].isupper():
        kept += words[i : i + 2]
        count += 1
        i += 2
    return "".join(kept)


def _weekday_relative(m: re.Match[str], ctx: _Context) -> _Candidate | None:
    if not _capital_ok(ctx, m, "wd"):
        return None
    weekday = _weekday_of(ctx, m)
    ref = ctx.reference
    if weekday is None or ref is None:
        return _make(m, ctx, "weekday-relative", None)
    direction = _direction(ctx, m.group("mod"))
    if direction > 0:
        day = ref + dt.timedelta(days=(weekday - ref.weekday() - 1) % 7 + 1)
    else:
        day = ref - dt.timedelta(days=(ref.weekday() - weekday - 1) % 7 + 1)
    return _make(m, ctx, "weekday-relative", _day_value(day), weekday=weekday, resolved_from_weekday=True)


def _weekday(m: re.Match[str], ctx: _Context) -> _Candidate | None:
    if not _capital_ok(ctx, m, "wd"):
        return None
    weekday = _weekday_of(ctx, m)
    ref = ctx.reference
    if weekday is None or ref is None:
        return _make(m, ctx, "weekday", None)
    cue = _preceding_word(ctx.text, m.start())
    cue = cue if cue is not None and cue in ctx.lang.set("cues") else None
    if _future_tense(ctx, m.start(), cue):
        day = ref + dt.timedelta(days=(weekday - ref.weekday()) % 7)
    else:
        day = ref - dt.timedelta(days=(ref.weekday() - weekday) % 7)
    return _make(m, ctx, "weekday", _day_value(day), weekday=weekday, resolved_from_weekday=True)


# --- Entry point ------------------------------------------------------------------------------


# Actors, events and quantities each need the dates of every paragraph: the first stage finds
# them, the others look them up. Unbounded, because a bounded LRU swept paragraph by paragraph by
# each stage misses on every look-up once a bundle has more paragraphs than it holds;
# `extraction.extract` empties it (with `forget_dates`) when a corpus is done.
@functools.cache
def find_dates(text: str, reference: dt.date | None, language: str | None = None) -> tuple[FoundDate, ...]:
    """Date expressions in `text`, sorted by start, non-overlapping (the longest match wins).

    `reference` is the article's publication date; without it only expressions that carry their
    own year (and "N days before <event>") are returned. `language` is an ISO 639-1 code; None
    reads the default languages of dates.yml (Indonesian and English).
    """
    if isinstance(reference, dt.datetime):
        reference = reference.date()
    matched = _rule_matches(text, language)
    outside_urls = _Occupied(matched.urls)
    candidates: list[_Candidate] = []
    for lang, helpers, matches in matched.languages:
        ctx = _Context(text, reference, lang, helpers)
        for handler, m in matches:
            try:
                candidate = handler(m, ctx)
            except OverflowError:  # counting from a reference at the very ends of the calendar
                continue
            if candidate is None or candidate.end <= candidate.start:
                continue
            if not outside_urls.free(candidate.start, candidate.end):
                continue
            candidates.append(candidate)
    found = [c.found for c in _longest_first(candidates) if c.found is not None]
    continuations = [helpers.list_continuation for _, helpers, _ in matched.languages]
    found.extend(_year_lists(text, found, continuations, matched.urls))
    return tuple(sorted(found, key=lambda f: f.start))


def forget_dates() -> None:
    """Empty the caches of date finding: a long `mkdocs serve` session extracts many corpora."""
    find_dates.cache_clear()
    _rule_matches.cache_clear()


@dataclass(frozen=True, slots=True)
class _RuleMatches:
    """Where the rules match a text, in the order they are tried, per language."""

    urls: list[tuple[int, int]]
    languages: tuple[tuple[_Language, _Helpers, list[tuple[Handler, re.Match[str]]]], ...]


# Which rules match where does not depend on the reference date, only resolving them does. The
# stages ask for one paragraph's dates with up to three references (the publication date, none,
# the latest date stated), and repeated paragraphs come with other articles' dates: matching
# runs once per distinct text. Emptied with find_dates' cache.
@functools.cache
def _rule_matches(text: str, language: str | None) -> _RuleMatches:
    urls = _url_spans(text)
    langs = _languages(language)
    tokens = _start_tokens(text, langs)
    per_language: list[tuple[_Language, _Helpers, list[tuple[Handler, re.Match[str]]]]] = []
    for number, lang in enumerate(langs):
        compiled = _compiled(lang)
        starts = [(position, row[number]) for position, row in tokens if row[number]]
        present = 0  # the kinds of start the text has
        for _, kinds in starts:
            present |= kinds
        positions_for: dict[int, list[int]] = {}  # rules sharing their start kinds share positions
        matches: list[tuple[Handler, re.Match[str]]] = []
        for (_rule, pattern, handler), bits in zip(compiled.rules, compiled.rule_bits, strict=True):
            if not bits & present:
                continue
            positions = positions_for.get(bits)
            if positions is None:
                positions = positions_for[bits] = [p for p, kinds in starts if kinds & bits]
            for position in positions:
                m = pattern.match(text, position)
                if m is not None:
                    matches.append((handler, m))
        per_language.append((lang, compiled.helpers, matches))
    return _RuleMatches(urls, tuple(per_language))


@cache
def _start_table(langs: tuple[_Language, ...]) -> Mapping[str, tuple[int, ...]]:
    """Casefolded word -> the kinds of start it is (as bits) in each of the languages."""
    table: dict[str, list[int]] = {}
    for number, lang in enumerate(langs):
        for word, bits in _compiled(lang).start_bits.items():
            table.setdefault(word, [0] * len(langs))[number] = bits
    return {word: tuple(row) for word, row in table.items()}


def _start_tokens(text: str, langs: tuple[_Language, ...]) -> list[tuple[int, tuple[int, ...]]]:
    """(position, kinds as bits per language) of the tokens some rule can start at, in text order.

    A token starting with a digit (`str.isdigit`) is a number, "(" a parenthesis, a word is
    looked up by its casefold; other tokens are left out."""
    get = _start_table(langs).get
    digit, paren = (_DIGIT_BIT,) * len(langs), (_PAREN_BIT,) * len(langs)
    starts: list[tuple[int, tuple[int, ...]]] = []
    for m in _TOKEN_PARTS.finditer(text):
        part = m.lastindex
        if part == 3:  # an ASCII letter is never a digit
            row = get(m.group().casefold())
            if row is None:
                continue
        elif part == 1:
            row = digit
        elif part == 2:
            row = paren
        else:
            token = m.group()
            if token[0].isdigit():
                row = digit
            else:
                row = get(token.casefold())
                if row is None:
                    continue
        starts.append((m.start(), row))
    return starts


class _Occupied:
    """Non-overlapping spans, sorted, with a logarithmic overlap test."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in spans:
            self.take(start, end)

    def free(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start)
        return not ((i > 0 and self.ends[i - 1] > start) or (i < len(self.starts) and self.starts[i] < end))

    def take(self, start: int, end: int) -> bool:
        """Claim the span if it is free; say whether it was."""
        if not self.free(start, end):
            return False
        i = bisect.bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)
        return True


def _longest_first(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates, longer first; at equal length the earlier, then the resolved."""
    occupied = _Occupied()
    ordered = sorted(candidates, key=lambda c: (-(c.end - c.start), c.start, c.found is None))
    return [c for c in ordered if occupied.take(c.start, c.end)]


def _year_lists(
    text: str, found: list[FoundDate], continuations: list[re.Pattern[str]], urls: list[tuple[int, int]]
) -> list[FoundDate]:
    """ "pada 2019 dan 2022": a year after a list connector continues a cued year."""
    taken = _Occupied((f.start, f.end) for f in found)
    for url in urls:  # URL-like tokens never overlap a found date, nor each other
        taken.take(*url)
    added: list[FoundDate] = []
    queue = [f for f in found if f.rule in ("year-cued", "year-list")]
    while queue:
        previous = queue.pop()
        for pattern in continuations:
            m = pattern.match(text, previous.end)
            if m is None:
                continue
            span = m.span("year")
            if not taken.take(*span):
                continue
            year = FoundDate(
                start=span[0],
                end=span[1],
                text=text[span[0] : span[1]],
                value=DateValue(year=int(m.group("year"))),
                rule="year-list",
            )
            added.append(year)
            queue.append(year)
            break
    return added
