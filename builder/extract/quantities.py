"""Quantities: counted amounts with their qualifier and who claims them.

"lebih dari 10.000 tentara" -> 10000 tentara, more_than; "sekitar 15 ribu tentara" -> 15000,
about; "tiga kali" -> 3 kali; "nyaris tiga setengah tahun" -> 3.5 tahun, less_than; "ribuan
pekerja" -> 1000 pekerja, more_than. Number formats follow the language: Indonesian writes
10.000 and 3,5, English 10,000 and 3.5. Date expressions and bare years are not quantities.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from pathlib import Path

import pydantic
import yaml

from ..model import Actor, Qualifier, Quantity, Source, Span
from .sentences import paragraph_sentences


class NumberWords(pydantic.BaseModel):
    """`builder/data/numbers.yml`, validated."""

    units: dict[str, float]
    multipliers: dict[str, float]
    vague: dict[str, float]
    qualifiers: dict[str, Qualifier]
    not_units: list[str]


@cache
def _words() -> NumberWords:
    data = yaml.safe_load((Path(__file__).parent.parent / "data" / "numbers.yml").read_text(encoding="utf-8"))
    return NumberWords.model_validate(data)


_Trie = dict[str, "_Trie"]


def _one_of(words: Iterable[str]) -> str:
    """A case-insensitive regex for any of `words`, longest first, as a trie.

    `a|ab|abc` makes the regex engine try every word at every word start; the trie
    `a(?:b(?:c|)|)` tries one branch per letter. Where several words match at a position they are
    prefixes of one another, and the longer is tried first, as in the plain longest-first
    alternation, so the two match the same text.
    """
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word.lower():
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def longest(node: _Trie) -> int:
        return max((1 + longest(child) if char else 0) for char, child in node.items())

    def branches(node: _Trie) -> str:
        chars = sorted((c for c in node if c), key=lambda c: -longest(node[c]))
        options = [re.escape(char) + branches(node[char]) for char in chars]
        if "" in node:
            options.append("")  # the shorter word, after every longer one
        return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"

    return branches(trie)


@cache
def _number_pattern() -> re.Pattern[str]:
    words = _words()
    unit = _one_of(words.units)
    number = rf"\d[\d.,]*|(?:(?:{unit})(?:[\s-]+(?:{unit}))*)"
    return re.compile(
        rf"(?<![\w/.,-])(?:(?P<qualifier>{_one_of(words.qualifiers)})\s+)?"
        rf"(?:(?P<vague>{_one_of(words.vague)})|(?P<number>{number})"
        rf"(?:\s+(?P<multiplier>{_one_of(words.multipliers)}))?)"
        rf"\s+(?P<unit>[^\W\d_][\w-]*)",
        re.IGNORECASE,
    )


def _parse_digits(text: str, language: str | None) -> float | None:
    text = text.rstrip(".,")
    if language == "en":
        text = text.replace(",", "")
    # Indonesian and most of Europe: "." groups thousands, "," marks decimals.
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", text) or re.fullmatch(r"\d+,\d+", text):
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:,\d{3})+", text):
        text = text.replace(",", "")
    try:
        return float(text)
    except ValueError:
        return None


def _parse_words(text: str) -> float | None:
    """ "tiga" -> 3, "dua puluh lima" -> 25, "tiga setengah" -> 3.5, "two-thirds" -> 0.667."""
    units = _words().units
    total, current = 0.0, 0.0
    for word in re.split(r"[\s-]+", text.lower()):
        value = units.get(word)
        if value is None:
            return None
        if value in (10.0, 100.0, 1000.0) and word in {"puluh", "ratus", "ribu", "hundred", "thousand"}:
            current = (current or 1) * value
        elif value < 1 and current:
            current += value
        else:
            current += value
    return total + current


def actor_ids_by_name(actors: Sequence[Actor]) -> dict[str, str]:
    """Actor id by name and alias, the first actor to claim a name keeping it.

    Build it once per corpus and pass it to every `extract_quantities` call: without it each
    attributed quantity scans every actor of the corpus.
    """
    ids: dict[str, str] = {}
    for actor in actors:
        for name in (actor.name, *actor.aliases):
            ids.setdefault(name, actor.id)
    return ids


def _attribution(sentence: str, actors: Sequence[Actor], ids_by_name: Mapping[str, str] | None) -> str | None:
    match = re.search(
        r"\b(?:[Mm]enurut|[Aa]ccording to)\s+(?:(?:penilaian|laporan|data|perkiraan|estimates? by)\s+)?([^,.;]+)",
        sentence,
    )
    phrase = match.group(1) if match else None
    if phrase is None:
        said = re.search(r"^(.{3,80}?)\s+(?:mengatakan|menyebut|memperkirakan|said|says|estimated?)\b", sentence)
        phrase = said.group(1) if said else None
    if phrase is None:
        return None
    phrase = phrase.strip()
    if ids_by_name is not None:
        return ids_by_name.get(phrase, phrase)
    exact = next((a for a in actors if phrase in (a.name, *a.aliases)), None)
    return exact.id if exact else phrase


class _Taken:
    """Spans of a paragraph (date expressions) that no quantity may overlap.

    Sorted by start, with the furthest end reached so far: whether [start, end) overlaps one is a
    bisection, not a scan of every span of the paragraph.
    """

    __slots__ = ("_furthest_end", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [span_start for span_start, _ in ordered]
        self._furthest_end = list(accumulate((span_end for _, span_end in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        before_end = bisect_left(self._starts, end)  # spans starting before `end`
        return before_end > 0 and self._furthest_end[before_end - 1] > start


_NOTHING_TAKEN = _Taken(())


@dataclass(frozen=True, slots=True)
class _Amount:
    """A quantity as a paragraph's text states it, before it is given an id and a claimant."""

    start: int
    end: int
    value: float
    unit: str
    qualifier: Qualifier
    sentence: str  # the text of the sentence that states it


def extract_quantities(
    source: Source,
    actors: Sequence[Actor],
    exclude: Iterable[tuple[str, int, int]] = (),
    *,
    ids_by_name: Mapping[str, str] | None = None,
) -> tuple[Quantity, ...]:
    """`exclude` holds (paragraph id, start, end) spans already taken by date expressions;
    `ids_by_name` is `actor_ids_by_name(actors)`, built once for all sources."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for paragraph_id, start, end in exclude:
        spans.setdefault(paragraph_id, []).append((start, end))
    found: list[Quantity] = []
    for paragraph in source.paragraphs:
        if paragraph.kind != "text":
            continue
        for amount in _amounts_in(paragraph.text, tuple(spans.get(paragraph.id, ())), source.metadata.language):
            found.append(
                Quantity(
                    id=f"{source.id}-{paragraph.id}-n{len(found) + 1}",
                    value=amount.value,
                    unit=amount.unit,
                    qualifier=amount.qualifier,
                    attributed_to=_attribution(amount.sentence, actors, ids_by_name),
                    span=Span(
                        source=source.id,
                        paragraph=paragraph.id,
                        start=amount.start,
                        end=amount.end,
                        text=paragraph.text[amount.start : amount.end],
                    ),
                )
            )
    return tuple(found)


@dataclass(frozen=True, slots=True)
class _Lookups:
    """numbers.yml's words as the matches are looked up in them: lower-cased."""

    qualifiers: dict[str, Qualifier]
    vague: dict[str, float]
    not_units: frozenset[str]
    multipliers: dict[str, float]


@cache
def _lookups() -> _Lookups:
    words = _words()
    return _Lookups(
        qualifiers={k.lower(): v for k, v in words.qualifiers.items()},
        vague={k.lower(): v for k, v in words.vague.items()},
        not_units=frozenset(w.lower() for w in words.not_units),
        multipliers=words.multipliers,
    )


# The amounts of a paragraph depend only on its text, its date spans and its language; bundles
# repeat paragraphs (syndicated copy; three in four in the synthetic bundles), so each distinct
# one is read once. Unbounded like `find_dates`' cache, and emptied with it by
# `extraction.extract` (`forget_amounts`).
@cache
def _amounts_in(text: str, dates: tuple[tuple[int, int], ...], language: str | None) -> tuple[_Amount, ...]:
    """The amounts stated in a paragraph's text, outside the spans `dates`."""
    pattern = _number_pattern()
    lookups = _lookups()
    taken = _Taken(dates) if dates else _NOTHING_TAKEN
    amounts: list[_Amount] = []
    for sentence in paragraph_sentences(text):
        for match in pattern.finditer(sentence.text):
            start, end = sentence.start + match.start(), sentence.start + match.end()
            if taken.overlaps(start, end):
                continue
            unit = match.group("unit")
            if unit.lower() in lookups.not_units:
                continue
            qualifier: Qualifier = lookups.qualifiers.get((match.group("qualifier") or "").lower(), "exact")
            if match.group("vague"):
                value: float | None = lookups.vague[match.group("vague").lower()]
                qualifier = "more_than"
            else:
                raw = match.group("number")
                value = _parse_digits(raw, language) if raw[0].isdigit() else _parse_words(raw)
                if value is not None and raw[0].isdigit() and 1900 <= value <= 2100 and "." not in raw:
                    continue  # a year, not an amount
                if value is not None and match.group("multiplier"):
                    value *= lookups.multipliers[match.group("multiplier").lower()]
            if value is None:
                continue
            amounts.append(_Amount(start, end, value, unit, qualifier, sentence.text))
    return tuple(amounts)


def forget_amounts() -> None:
    """Empty the cache of paragraph amounts: a long `mkdocs serve` session extracts many corpora."""
    _amounts_in.cache_clear()
