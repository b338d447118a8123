"""Quantities: counted amounts with their qualifier and who claims them.

"lebih dari 10.000 tentara" -> 10000 tentara, more_than; "sekitar 15 ribu tentara" -> 15000,
about; "tiga kali" -> 3 kali; "nyaris tiga setengah tahun" -> 3.5 tahun, less_than; "ribuan
pekerja" -> 1000 pekerja, more_than. Number formats follow the language: Indonesian writes
10.000 and 3,5, English 10,000 and 3.5. Date expressions and bare years are not quantities.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

import pydantic
import yaml

from ..model import Actor, Qualifier, Quantity, Source, Span
from .sentences import split_sentences


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


@cache
def _number_pattern() -> re.Pattern[str]:
    words = _words()
    units = sorted(words.units, key=len, reverse=True)
    multipliers = sorted(words.multipliers, key=len, reverse=True)
    vague = sorted(words.vague, key=len, reverse=True)
    qualifiers = sorted(words.qualifiers, key=len, reverse=True)
    unit = "|".join(map(re.escape, units))
    number = rf"\d[\d.,]*|(?:(?:{unit})(?:[\s-]+(?:{unit}))*)"
    return re.compile(
        rf"(?<![\w/.,-])(?:(?P<qualifier>{'|'.join(map(re.escape, qualifiers))})\s+)?"
        rf"(?:(?P<vague>{'|'.join(map(re.escape, vague))})|(?P<number>{number})"
        rf"(?:\s+(?P<multiplier>{'|'.join(map(re.escape, multipliers))}))?)"
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


def _attribution(sentence: str, actors: Sequence[Actor]) -> str | None:
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
    exact = next((a for a in actors if phrase in (a.name, *a.aliases)), None)
    return exact.id if exact else phrase


def extract_quantities(
    source: Source, actors: Sequence[Actor], exclude: Iterable[tuple[str, int, int]] = ()
) -> tuple[Quantity, ...]:
    """`exclude` holds (paragraph id, start, end) spans already taken by date expressions."""
    pattern = _number_pattern()
    taken: dict[str, list[tuple[int, int]]] = {}  # per paragraph: a lookup, not a scan of the article
    for paragraph_id, start, end in exclude:
        taken.setdefault(paragraph_id, []).append((start, end))
    words = _words()
    qualifiers = {k.lower(): v for k, v in words.qualifiers.items()}
    vague = {k.lower(): v for k, v in words.vague.items()}
    not_units = {w.lower() for w in words.not_units}
    found: list[Quantity] = []
    language = source.metadata.language
    for paragraph in source.paragraphs:
        if paragraph.kind != "text":
            continue
        for sentence in split_sentences(paragraph.text):
            for match in pattern.finditer(sentence.text):
                start, end = sentence.start + match.start(), sentence.start + match.end()
                if any(s < end and start < e for s, e in taken.get(paragraph.id, ())):
                    continue
                unit = match.group("unit")
                if unit.lower() in not_units:
                    continue
                qualifier: Qualifier = qualifiers.get((match.group("qualifier") or "").lower(), "exact")
                if match.group("vague"):
                    value: float | None = vague[match.group("vague").lower()]
                    qualifier = "more_than"
                else:
                    raw = match.group("number")
                    value = _parse_digits(raw, language) if raw[0].isdigit() else _parse_words(raw)
                    if value is not None and raw[0].isdigit() and 1900 <= value <= 2100 and "." not in raw:
                        continue  # a year, not an amount
                    if value is not None and match.group("multiplier"):
                        value *= words.multipliers[match.group("multiplier").lower()]
                if value is None:
                    continue
                found.append(
                    Quantity(
                        id=f"{source.id}-{paragraph.id}-n{len(found) + 1}",
                        value=value,
                        unit=unit,
                        qualifier=qualifier,
                        attributed_to=_attribution(sentence.text, actors),
                        span=Span(
                            source=source.id,
                            paragraph=paragraph.id,
                            start=start,
                            end=end,
                            text=paragraph.text[start:end],
                        ),
                    )
                )
    return tuple(found)
