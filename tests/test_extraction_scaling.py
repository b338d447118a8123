"""The indexes that keep extraction linear give the answers of the plain scans they replaced.

Each fast structure (a trie regex, bisected spans, an incremental look-behind, the conflict sweep
that jumps over one source's events) is checked against the obvious quadratic version on drawn
inputs; a few timings pin what tests/test_broken_input.py does not.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builder.corpus import load_content
from builder.events import _flag_conflicts, _Mention, _sentence_at, extract_events
from builder.extract.actors import extract_actors
from builder.extract.dates import FoundDate
from builder.extract.quantities import _one_of, _Taken, actor_ids_by_name, extract_quantities
from builder.extract.quotes import _LastBefore, extract_quotes
from builder.extract.sentences import split_sentences
from builder.model import Actor, DateValue, Event, Metadata, RawSource, Source, Span
from tests.support.paths import REPO, SEED_CONTENT
from tests.test_broken_input import LINEAR, growth, one_paragraph_source

WORD = st.text(alphabet="abAB -", min_size=1, max_size=5)


@given(words=st.lists(WORD, min_size=1, max_size=8), text=st.text(alphabet="abAB -x", max_size=30))
def test_trie_matches_what_the_longest_first_alternation_matches(words: list[str], text: str) -> None:
    plain = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    # Followed by something, so that a shorter word is tried when a longer one leaves no match.
    tail = r"(?:\s+x|-b)"
    for position in range(len(text) + 1):
        expected = re.compile(rf"(?P<w>{plain}){tail}", re.IGNORECASE).match(text, position)
        found = re.compile(rf"(?P<w>{_one_of(words)}){tail}", re.IGNORECASE).match(text, position)
        assert (found and (found.span(), found.group("w"))) == (expected and (expected.span(), expected.group("w")))


SPAN = st.tuples(st.integers(0, 40), st.integers(0, 12)).map(lambda p: (p[0], p[0] + p[1]))


@given(spans=st.lists(SPAN, max_size=8), query=SPAN)
def test_taken_spans_overlap_as_a_scan_of_every_span_says(spans: list[tuple[int, int]], query: tuple[int, int]) -> None:
    start, end = query
    assert _Taken(spans).overlaps(start, end) == any(s < end and start < e for s, e in spans)


@given(text=st.text(alphabet=". ab", max_size=40), data=st.data())
def test_last_occurrence_before_each_position_is_what_rfind_finds(text: str, data: st.DataObject) -> None:
    positions = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=10)))
    for needle in (".", ". "):
        last = _LastBefore(text, needle)
        assert [last(p) for p in positions] == [text.rfind(needle, 0, p) for p in positions]


@given(text=st.text(alphabet='Ab. !?"“”', max_size=60), data=st.data())
def test_sentence_at_a_position_is_the_one_a_scan_finds(text: str, data: st.DataObject) -> None:
    sentences = split_sentences(text)
    position = data.draw(st.integers(0, len(text)))
    expected = next((s for s in sentences if s.start <= position < s.end), None)
    assert _sentence_at(sentences, [s.start for s in sentences], position) == expected


def _source(source_id: str) -> Source:
    raw = RawSource(path=f"sources/{source_id}.txt", text="x", sha256="", size=0)
    return Source(id=source_id, raw=raw, metadata=Metadata(), paragraphs=(), removed=())


def _mention(source_id: str, near: frozenset[str]) -> _Mention:
    span = Span(source=source_id, paragraph="p1", start=0, end=1, text="x")
    found = FoundDate(start=0, end=1, text="x", value=DateValue(year=2025), rule="test")
    return _Mention(_source(source_id), "p1", span, found, frozenset(), near)


def _brute_force_conflicts(events: list[Event], members: dict[str, list[_Mention]]) -> dict[str, tuple[str, ...]]:
    """Every pair of dated events: the definition, without the sweep."""
    found: dict[str, set[str]] = {}
    for a in events:
        for b in events:
            if a.id == b.id or not (a.date.day and a.date.month and b.date.day and b.date.month):
                continue
            days = abs(
                (dt.date(a.date.year, a.date.month, a.date.day) - dt.date(b.date.year, b.date.month, b.date.day)).days
            )
            sources_a = {m.source.id for m in members[a.id]}
            sources_b = {m.source.id for m in members[b.id]}
            near_a = frozenset().union(*(m.near for m in members[a.id]))
            near_b = frozenset().union(*(m.near for m in members[b.id]))
            overlap = len(near_a & near_b) / max(1, min(len(near_a), len(near_b)))
            if days <= 10 and not sources_a & sources_b and overlap >= 0.5:
                found.setdefault(a.id, set()).add(b.id)
    return {event_id: tuple(sorted(others)) for event_id, others in found.items()}


EVENT = st.tuples(
    st.one_of(st.none(), st.integers(1, 40)),  # day of 2025 counted from 1 January; None: a month only
    st.lists(  # its mentions: (source, words near the date)
        st.tuples(st.sampled_from("abcd"), st.frozensets(st.sampled_from("uvwxyz"), max_size=4)), min_size=1, max_size=3
    ),
)


@given(drawn=st.lists(EVENT, max_size=25))
def test_conflicts_found_by_the_sweep_are_those_of_every_pair(
    drawn: list[tuple[int | None, list[tuple[str, frozenset[str]]]]],
) -> None:
    events, members = [], {}
    for n, (day, mentions) in enumerate(drawn):
        date = dt.date(2025, 1, 1) + dt.timedelta(days=(day or 1) - 1)
        value = DateValue(year=2025, month=date.month, day=date.day if day else None)
        events.append(Event(id=f"e{n}", date=value, summary="x"))
        members[f"e{n}"] = [_mention(source, near) for source, near in mentions]
    flagged = {e.id: e.conflicts for e in _flag_conflicts(events, members) if e.conflicts}
    assert flagged == _brute_force_conflicts(events, members)


def test_events_with_one_summary_are_numbered_in_order() -> None:
    """Ids of same-day events with the same summary count up: -2, -3, ..."""
    sentence = "Presiden Kim bertemu Putin di Moskow pada 12 Agustus 2025 bersama 300 tentara."
    paragraphs = [sentence] * 150  # more than BLOCK_LIMIT: not merged into one event
    source = one_paragraph_source(paragraphs)
    events = extract_events((source,), ()).value
    base = "2025-08-12-presiden-kim-bertemu-putin-di"
    assert [e.id for e in events] == [base] + [f"{base}-{n}" for n in range(2, 151)]


PUTIN = Actor(id="putin", name="Putin", kind="person", aliases=("Vladimir Putin",))
RUSIA = Actor(id="rusia", name="Rusia", kind="country")
# None ends in ". ", so each paragraph below is one long sentence.
QUOTED_SENTENCES = [
    'Menurut Putin, "kami setuju." ',  # attribution before the quote
    'Putin mengatakan bahwa "kami setuju." ',
    'Rapat dengan Putin yang disebutnya "berhasil." ',  # -nya: the person the sentence is about
    'Presiden Vladimir Putin menyebut rapat itu "berhasil." ',  # the subject of the sentence speaks
    'Di Rusia rapat itu "berhasil." ',  # a name, but no subject: looked for again at every quote
    '"Kami setuju." ',  # a bare quote
]


@pytest.mark.slow
@pytest.mark.parametrize("sentence", QUOTED_SENTENCES)
def test_quote_attribution_is_linear_in_paragraph_length(sentence: str) -> None:
    """Every way of finding a speaker before a quote reads each part of a sentence once, however
    many quotes the sentence holds (tests/test_broken_input.py covers the attribution after it)."""

    def make(n: int) -> Source:
        return one_paragraph_source([sentence * n])

    assert any(growth(make, lambda s: extract_quotes(s, (PUTIN, RUSIA)), 150) < LINEAR for _ in range(3))


def test_speakers_of_quotes_in_one_long_sentence() -> None:
    """What the linear look-behind finds, by each way of finding a speaker."""
    found = [
        q.speaker
        for sentence in QUOTED_SENTENCES
        for q in extract_quotes(one_paragraph_source([sentence * 3]), (PUTIN, RUSIA))
    ]
    assert found == ["putin"] * 12 + [None] * 6


def _one_source_on_many_days(n: int) -> Source:
    days = [f"Presiden Kim bertemu Putin di Moskow pada {1 + k % 28} Agustus 2025." for k in range(n)]
    return one_paragraph_source(days)


@pytest.mark.slow
def test_conflict_check_of_one_source_on_many_close_days_is_linear() -> None:
    """One source's events a few days apart never conflict: they are skipped, not compared."""
    assert any(growth(_one_source_on_many_days, lambda s: extract_events((s,), ()), 300) < LINEAR for _ in range(3))


def test_quantities_attributed_through_the_name_index_as_through_the_actor_scan() -> None:
    loaded = load_content(REPO / "examples" / "uk-prorogation-2019")
    sources = loaded.value.corpus.sources
    actors = extract_actors(sources, loaded.value.curated_actors)
    ids = actor_ids_by_name(actors)
    for source in (*sources, *load_content(SEED_CONTENT).value.corpus.sources):
        assert extract_quantities(source, actors, ids_by_name=ids) == extract_quantities(source, actors)
