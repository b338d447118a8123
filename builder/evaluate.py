"""Score extraction against a hand-written gold file (tests/gold/FORMAT.md).

Precision and recall per category. Matching is deliberately simple and stated here, so the
figures mean something:
- actors: a found actor matches a gold actor when their name sets (name + aliases) share a
  name; optional gold actors neither reward nor penalise.
- events: per mention: (file, date at the gold precision, sentence) — a found event mention
  matches when its file and ISO date are equal and its sentence contains the gold sentence text.
- quotes: (file, quoted words) — the gold words are a prefix of the found quote, after
  normalising whitespace and quote marks; "quotes with speaker" also needs the same speaker.
- quantities: (file, value, unit).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pydantic

from .model import Corpus

T = TypeVar("T")
G = TypeVar("G")


class GoldActor(pydantic.BaseModel):
    name: str
    kind: str
    aliases: list[str] = []
    optional: bool = False


class GoldMention(pydantic.BaseModel):
    file: str
    text: str
    sentence: str


class GoldEvent(pydantic.BaseModel):
    date: str
    summary: str = ""
    mentions: list[GoldMention]


class GoldQuote(pydantic.BaseModel):
    file: str
    text: str
    speaker: str | None


class GoldQuantity(pydantic.BaseModel):
    file: str
    text: str
    value: float
    unit: str
    qualifier: str
    attributed_to: str | None = None


class Gold(pydantic.BaseModel):
    bundle: str
    actors: list[GoldActor] = []
    events: list[GoldEvent] = []
    quotes: list[GoldQuote] = []
    quantities: list[GoldQuantity] = []


@dataclass(frozen=True, slots=True)
class Score:
    category: str
    found: int
    expected: int
    true_positives: int  # found items that match the gold
    matched_gold: int  # gold items that were found
    false_positives: tuple[str, ...] = field(default=())
    misses: tuple[str, ...] = field(default=())

    @property
    def precision(self) -> float:
        return self.true_positives / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.expected if self.expected else 1.0


def _norm(text: str) -> str:
    text = re.sub(r"[“”\"]", '"', text)
    text = re.sub(r"[‘’']", "'", text)
    return " ".join(text.split()).strip(" ,.").lower()


def _score(
    category: str,
    found: Sequence[T],
    gold: Sequence[G],
    *,
    matches: Callable[[T, G], bool],
    describe_found: Callable[[T], str],
    describe_gold: Callable[[G], str],
    optional: Callable[[G], bool] = lambda _: False,
) -> Score:
    true_positives, false_positives = 0, []
    for item in found:
        hits = [g for g in gold if matches(item, g)]
        if hits and not all(optional(g) for g in hits):
            true_positives += 1
        elif not hits:
            false_positives.append(describe_found(item))
    required = [g for g in gold if not optional(g)]
    found_only_optional = sum(
        1
        for item in found
        if any(matches(item, g) for g in gold) and all(optional(g) for g in gold if matches(item, g))
    )
    misses = [describe_gold(g) for g in required if not any(matches(item, g) for item in found)]
    return Score(
        category=category,
        found=len(found) - found_only_optional,
        expected=len(required),
        true_positives=true_positives,
        matched_gold=len(required) - len(misses),
        false_positives=tuple(false_positives),
        misses=tuple(misses),
    )


def evaluate(corpus: Corpus, gold: Gold) -> tuple[Score, ...]:
    file_of = {s.id: s.path.removeprefix("sources/") for s in corpus.sources}
    paragraph_text = {(s.id, p.id): p.text for s in corpus.sources for p in s.paragraphs}
    actor_names = {a.id: {a.name, *a.aliases} for a in corpus.actors}
    gold_names = {g.name: {g.name, *g.aliases} for g in gold.actors}

    def same_actor(actor_id: str | None, gold_name: str | None) -> bool:
        if actor_id is None or gold_name is None:
            return actor_id is None and gold_name is None
        names = actor_names.get(actor_id, {actor_id})
        return bool(names & gold_names.get(gold_name, {gold_name})) or gold_name in names

    actors = _score(
        "actors",
        corpus.actors,
        gold.actors,
        matches=lambda a, g: bool({a.name, *a.aliases} & {g.name, *g.aliases}),
        describe_found=lambda a: f"{a.name} ({a.kind})",
        describe_gold=lambda g: f"{g.name} ({g.kind})",
        optional=lambda g: g.optional,
    )
    found_mentions = [(event.date.iso(), m) for event in corpus.events for m in event.mentions]
    gold_mentions = [(event.date, m) for event in gold.events for m in event.mentions]
    events = _score(
        "events",
        found_mentions,
        gold_mentions,
        matches=lambda f, g: (
            f[0] == g[0]
            and file_of.get(f[1].span.source) == g[1].file
            and _norm(g[1].sentence) in _norm(f[1].span.text)
        ),
        describe_found=lambda f: (
            f"{f[0]} {file_of.get(f[1].span.source)}: {f[1].date_text!r} in {f[1].span.text[:60]!r}"
        ),
        describe_gold=lambda g: f"{g[0]} {g[1].file}: {g[1].text!r} in {g[1].sentence[:60]!r}",
    )

    def quote_matches(q: Any, g: GoldQuote) -> bool:
        return file_of.get(q.span.source) == g.file and _norm(q.text).startswith(_norm(g.text)[:60])

    quotes = _score(
        "quotes",
        corpus.quotes,
        gold.quotes,
        matches=quote_matches,
        describe_found=lambda q: f"{file_of.get(q.span.source)}: {q.text[:60]!r}",
        describe_gold=lambda g: f"{g.file}: {g.text[:60]!r}",
    )
    speakers = _score(
        "quote speakers",
        corpus.quotes,
        gold.quotes,
        matches=lambda q, g: quote_matches(q, g) and same_actor(q.speaker, g.speaker),
        describe_found=lambda q: f"{file_of.get(q.span.source)}: {q.text[:40]!r} by {q.speaker}",
        describe_gold=lambda g: f"{g.file}: {g.text[:40]!r} by {g.speaker}",
    )
    quantities = _score(
        "quantities",
        corpus.quantities,
        gold.quantities,
        matches=lambda q, g: (
            file_of.get(q.span.source) == g.file
            and abs(q.value - g.value) < 0.01
            and _norm(g.unit) in _norm(paragraph_text.get((q.span.source, q.span.paragraph), ""))
            and q.unit.lower() == g.unit.lower()
        ),
        describe_found=lambda q: f"{file_of.get(q.span.source)}: {q.span.text!r}",
        describe_gold=lambda g: f"{g.file}: {g.text!r}",
    )
    return (actors, events, quotes, speakers, quantities)


def load_gold(path: Path) -> Gold:
    import yaml

    return Gold.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def format_scores(scores: Iterable[Score], *, details: bool = False) -> str:
    lines = [f"{'category':16} {'found':>6} {'gold':>6} {'precision':>10} {'recall':>8}"]
    for score in scores:
        lines.append(
            f"{score.category:16} {score.found:6d} {score.expected:6d} {score.precision:10.2f} {score.recall:8.2f}"
        )
        if details:
            lines += [f"    false positive: {item}" for item in score.false_positives]
            lines += [f"    missed:         {item}" for item in score.misses]
    return "\n".join(lines)
