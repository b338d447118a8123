"""builder/events.py's index of relative-date anchors finds what reading every anchor finds.

Relative dates ("dua hari sebelum KTT") count from the best anchor: a fully dated sentence naming
the anchor word and sharing most actors with the relative date, then from the same source, then
the latest, of equal ones the first. `_Anchors.best_for` finds it through an index of actor
subsets instead of reading every anchor that shares a word and an actor (thousands at 10,000
articles); the reference below reads them all, as the index's predecessor did.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from builder.events import SUBSET_ACTORS, _Anchors, _Mention, _words
from builder.extract.dates import FoundDate
from builder.model import DateValue, Span
from tests.test_compare import make_source

SOURCES = [make_source(f"s{n}", ["x"]) for n in range(3)]
WORDS = ("summit", "talks", "visit")
ACTORS = tuple(f"actor{n}" for n in range(SUBSET_ACTORS + 3))


def mention(number: int, source: int, words: list[str], actors: set[str], day: int | None, *, anchor: str) -> _Mention:
    text = " ".join([*words, "filler"])
    if day is None:
        found = FoundDate(start=0, end=1, text="x", value=None, rule="r", relative_days=-2, anchor=anchor)
    else:
        found = FoundDate(start=0, end=1, text="x", value=DateValue(year=2025, month=8, day=day), rule="r")
    # Sentences of one source may repeat (the same start): a relative date never counts from its own.
    sentence = Span(source=SOURCES[source].id, paragraph="p1", start=number % 4, end=len(text), text=text)
    return _Mention(SOURCES[source], "p1", sentence, found, frozenset(actors), frozenset())


def read_every_anchor(relative: _Mention, anchors: list[_Mention], words: set[str]) -> _Mention | None:
    best: tuple[int, bool, str] | None = None
    chosen = None
    for other in anchors:
        if words.isdisjoint(_words(other.sentence.text)) or not (relative.actors & other.actors):
            continue
        if other.sentence.start == relative.sentence.start and other.sentence == relative.sentence:
            continue
        assert other.found.value is not None
        rank = (len(relative.actors & other.actors), other.source.id == relative.source.id, other.found.value.iso())
        if best is None or rank > best:
            best, chosen = rank, other
    return chosen


a_mention = st.tuples(
    st.integers(0, 2),
    st.lists(st.sampled_from(WORDS), max_size=2),
    st.sets(st.sampled_from(ACTORS), max_size=SUBSET_ACTORS + 2),
    st.integers(1, 4),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(a_mention, max_size=25), st.lists(a_mention, min_size=1, max_size=8))
def test_best_anchor_is_that_of_reading_every_anchor(dated: list, relative: list) -> None:
    anchors = [mention(n, s, w, a, day, anchor="") for n, (s, w, a, day) in enumerate(dated)]
    asking = [mention(n, s, w, a, None, anchor=WORDS[day % 3]) for n, (s, w, a, day) in enumerate(relative)]
    index = _Anchors(set(WORDS), frozenset().union(*(m.actors for m in asking)))
    for anchor in anchors:
        index.add(anchor)
    for question in asking:
        words = {question.found.anchor or ""}
        assert index.best_for(question, words) is read_every_anchor(question, anchors, words)
