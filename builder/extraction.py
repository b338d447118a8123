"""Run every extractor over the cleaned corpus: actors first, since the others refer to them."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from .diagnostics import Diagnostic, Location, Stage, warning
from .events import extract_events, forget_words, reference_date
from .extract.actors import CuratedActor, extract_actors
from .extract.dates import find_dates, forget_dates
from .extract.quantities import actor_ids_by_name, extract_quantities, forget_amounts
from .extract.quotes import extract_quotes, name_pattern
from .extract.sentences import paragraph_sentences
from .model import Corpus, Quantity

ACTORS_FILE = "actors.yml"


def extract(corpus: Corpus, curated: Sequence[CuratedActor] = ()) -> Stage[Corpus]:
    try:
        return _extract(corpus, curated)
    finally:
        # The extractors share what they found per paragraph through these caches; they are
        # for one corpus, not for the life of a `mkdocs serve` process.
        forget_dates()
        paragraph_sentences.cache_clear()
        forget_amounts()
        forget_words()


def _extract(corpus: Corpus, curated: Sequence[CuratedActor]) -> Stage[Corpus]:
    problems: list[Diagnostic] = []
    actors = extract_actors(corpus.sources, curated)
    for actor in actors:
        if actor.curated and not actor.mentions:
            problems.append(
                warning(Location(ACTORS_FILE), "actor-unmentioned", f"{actor.name!r} is never mentioned by a source")
            )
    events = extract_events(corpus.sources, actors)
    problems.extend(events.diagnostics)
    names = name_pattern(actors)
    quotes = tuple(q for source in corpus.sources for q in extract_quotes(source, actors, names))
    quantities: list[Quantity] = []
    ids_by_name = actor_ids_by_name(actors)
    for source in corpus.sources:
        reference, _ = reference_date(source)
        dates = [
            (paragraph.id, found.start, found.end)
            for paragraph in source.paragraphs
            for found in find_dates(paragraph.text, reference, source.metadata.language)
        ]
        quantities.extend(extract_quantities(source, actors, dates, ids_by_name=ids_by_name))
    enriched = dataclasses.replace(
        corpus, actors=actors, events=events.value, quotes=quotes, quantities=tuple(quantities)
    )
    return Stage(enriched, tuple(problems))
