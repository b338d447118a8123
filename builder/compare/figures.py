"""Figures and durations: quantities counting the same thing with different values or
qualifiers, with their attribution and period, and lengths of time about the same thing, judged
consistent when one value can satisfy both qualifiers."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from itertools import combinations, islice

from ..model import Quantity
from .blocking import blocked_pairs
from .index import _Index
from .model import DurationComparison, Figure, FigureDiscrepancy
from .settings import FigureSettings
from .text import _tokens

_INFINITY = math.inf


def _format_number(value: float) -> str:
    """Digits only, grouped by thin spaces: the same in every language."""
    if math.isinf(value):
        return "∞"
    rounded = round(value, 2)
    if rounded == int(rounded):
        digits = f"{int(rounded):,}".replace(",", "\u202f")
    else:
        whole, _, fraction = f"{rounded:.2f}".rstrip("0").partition(".")
        digits = f"{int(whole):,}".replace(",", "\u202f") + "." + fraction
    return digits


_QUALIFIER_SIGN = {"exact": "", "about": "≈ ", "more_than": "> ", "less_than": "< "}


def _interval(value: float, qualifier: str, tolerance: float) -> tuple[float, float]:
    """Closed bounds: writers say "more than three years" of a war three years and a bit old."""
    if qualifier == "about":
        spread = abs(value) * tolerance
        return (value - spread, value + spread)
    if qualifier == "more_than":
        return (value, _INFINITY)
    if qualifier == "less_than":
        return (min(0.0, value), value)
    return (value, value)


def _overlap_text(low: float, high: float) -> str:
    if math.isinf(high):
        return f"≥ {_format_number(low)}"
    if math.isclose(low, high):
        return _format_number(low)
    return f"{_format_number(low)} – {_format_number(high)}"


def _resolve_attribution(index: _Index, value: str | None) -> tuple[str | None, tuple[str, ...]]:
    """(display name, actors named in it) of a quantity's attribution: an actor id or text."""
    if not value:
        return None, ()
    if value in index.actors:
        return index.actors[value].name, (value,)
    return value, tuple(sorted(index.names_in(value))) or (value.casefold(),)


def _period(index: _Index, quantity: Quantity) -> tuple[str | None, str | None]:
    """The date expression and date of the event whose mention holds the quantity."""
    span = quantity.span
    found = index.first_event_mention(span.source, span.paragraph, span.start, span.end)
    if found is None:
        return None, None
    date_text, event = found
    return date_text, event.date.iso()


def _figure(index: _Index, quantity: Quantity) -> Figure:
    span = quantity.span
    attribution, attribution_ids = _resolve_attribution(index, quantity.attributed_to)
    period, period_iso = _period(index, quantity)
    return Figure(
        quantity=quantity.id,
        sentence=index.marked(span.source, span.paragraph, span.start, span.end),
        value=quantity.value,
        unit=quantity.unit,
        qualifier=quantity.qualifier,
        normalized=_QUALIFIER_SIGN.get(quantity.qualifier, "") + _format_number(quantity.value),
        attribution=attribution,
        attribution_ids=attribution_ids,
        period=period,
        period_iso=period_iso,
    )


def _topic(index: _Index, quantity: Quantity, cfg: FigureSettings, noise: frozenset[str]) -> frozenset[str]:
    """Content words around a figure in its sentence: what it measures (`noise`: `_topic_noise`)."""
    span = quantity.span
    text = index.text(span.source, span.paragraph)
    s_start, s_end = index.sentence_at(span.source, span.paragraph, span.start, span.end)
    before = _tokens(text[s_start : span.start])[-cfg.topic_window :]
    after = _tokens(text[span.end : s_end])[: cfg.topic_window]
    return frozenset(w for w in before + after if w not in noise and not w.isdigit())


def _topic_noise(cfg: FigureSettings) -> frozenset[str]:
    """Stopwords and units of time: words that do not say what a figure measures."""
    return frozenset(w.casefold() for w in (*cfg.stopwords, *cfg.duration_units))


def _unit_key(unit: str, cfg: FigureSettings) -> str:
    folded = unit.casefold()
    for group in cfg.same_units:
        if folded in (u.casefold() for u in group):
            return group[0].casefold()
    return folded


def _cross_source_pairs(items: Sequence[Quantity]) -> Iterator[tuple[Quantity, Quantity]]:
    for a, b in combinations(items, 2):
        if a.span.source != b.span.source:
            yield a, b


class _Figures:
    def __init__(self, index: _Index, cfg: FigureSettings) -> None:
        self.index, self.cfg = index, cfg
        self.days = {unit.casefold(): days for unit, days in cfg.duration_units.items()}
        self.quantities = sorted(index.corpus.quantities, key=lambda q: (index.order.get(q.span.source, 0), q.id))
        noise = _topic_noise(cfg)
        self.topics = {q.id: _topic(index, q, cfg, noise) for q in self.quantities}
        self._figures: dict[str, Figure] = {}

    def figure(self, q: Quantity) -> Figure:
        if q.id not in self._figures:
            self._figures[q.id] = _figure(self.index, q)
        return self._figures[q.id]

    def same_topic(self, a: Quantity, b: Quantity) -> tuple[str, ...]:
        shared = self.topics[a.id] & self.topics[b.id]
        return tuple(sorted(shared)) if len(shared) >= self.cfg.min_topic_words else ()

    def discrepancies(self) -> Iterator[FigureDiscrepancy]:
        cfg = self.cfg
        generic = {u.casefold() for u in cfg.generic_units}
        groups: dict[str, list[Quantity]] = defaultdict(list)
        for q in self.quantities:
            if q.unit.casefold() not in self.days:
                groups[_unit_key(q.unit, cfg)].append(q)
        for unit in sorted(groups):
            # One figure per distinct claim (value, qualifier, attribution, period), earliest first.
            claims: dict[tuple[object, ...], Quantity] = {}
            for q in groups[unit]:
                f = self.figure(q)
                claims.setdefault((q.value, q.qualifier, f.attribution_ids, f.period_iso), q)
            pairs = 0
            for a, b in islice(_cross_source_pairs(list(claims.values())), cfg.max_pairs_per_unit * 50):
                if (a.value, a.qualifier) == (b.value, b.qualifier):
                    continue
                if unit in generic and not self.same_topic(a, b):
                    continue
                yield self.discrepancy(unit, a, b)
                pairs += 1
                if pairs >= cfg.max_pairs_per_unit:
                    break

    def discrepancy(self, unit: str, a: Quantity, b: Quantity) -> FigureDiscrepancy:
        fa, fb = self.figure(a), self.figure(b)
        same_attribution = fa.attribution_ids == fb.attribution_ids if fa.attribution and fb.attribution else None
        same_period = fa.period_iso == fb.period_iso if fa.period_iso and fb.period_iso else None
        low_a, high_a = _interval(a.value, a.qualifier, self.cfg.about_tolerance)
        low_b, high_b = _interval(b.value, b.qualifier, self.cfg.about_tolerance)
        low, high = max(low_a, low_b), min(high_a, high_b)
        return FigureDiscrepancy(
            unit=a.unit,
            group=unit,
            a=fa,
            b=fb,
            same_attribution=same_attribution,
            same_period=same_period,
            different_claims=same_attribution is False or same_period is False,
            compatible=low <= high,
            overlap=_overlap_text(low, high) if low <= high else None,
        )

    def durations(self) -> Iterator[DurationComparison]:
        cfg = self.cfg
        timed = [q for q in self.quantities if q.unit.casefold() in self.days]
        # Only durations sharing enough topic words are compared: an inverted index, not all pairs.
        blocked = blocked_pairs([self.topics[q.id] for q in timed], cfg.max_block, cfg.min_topic_words)
        seen: set[tuple[object, ...]] = set()
        for i, j in sorted(blocked):
            a, b = timed[i], timed[j]
            topic = self.same_topic(a, b)
            key = ((a.value, a.qualifier, a.unit.casefold()), (b.value, b.qualifier, b.unit.casefold()), topic)
            if a.span.source == b.span.source or not topic or key in seen:
                continue  # the same two durations about the same thing, in other sources: shown once
            seen.add(key)
            if len(seen) > cfg.max_pairs_per_unit:
                return
            scale_a, scale_b = self.days[a.unit.casefold()], self.days[b.unit.casefold()]
            low_a, high_a = _interval(a.value * scale_a, a.qualifier, cfg.about_tolerance)
            low_b, high_b = _interval(b.value * scale_b, b.qualifier, cfg.about_tolerance)
            low, high = max(low_a, low_b), min(high_a, high_b)
            consistent = low <= high or math.isclose(low, high, rel_tol=1e-9)
            yield DurationComparison(
                a=self.figure(a),
                b=self.figure(b),
                topic=topic,
                consistent=consistent,
                overlap=_overlap_text(low / scale_a, high / scale_a) if consistent else None,
                unit=a.unit,
            )
