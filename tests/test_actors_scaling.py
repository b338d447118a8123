"""Actor discovery reads each paragraph's words once and finds mentions with one automaton.

Each shortcut that keeps builder/extract/actors.py linear (words split once per paragraph, runs
built from capitalised words only, look-backs read off the word list, the Aho-Corasick mention
finder, the alias index of the merge) is checked here against the plain per-candidate scan it
replaced, on drawn text; the timings pin linearity in the number of articles and actors
(tests/test_broken_input.py pins it in paragraph length).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import ahocorasick  # type: ignore[import-not-found]
import pytest
from hypothesis import given
from hypothesis import strategies as st

from builder.extract.actors import (
    CONNECTORS,
    CONTEXT_CHARS,
    LAST_WORD,
    ORGANIZATION_CONNECTORS,
    WORD,
    _alias_pattern,
    _description_before,
    _description_in,
    _Entry,
    _evidence_before,
    _expand,
    _last_word_in,
    _name_matches,
    _NameIndex,
    _previous_word,
    _runs,
    _words_inside,
    _words_of,
    extract_actors,
)
from builder.extract.lexicon import lexicon
from builder.extract.sentences import Sentence, split_sentences
from builder.model import Metadata, Paragraph, RawSource, Source
from tests.test_broken_input import LINEAR, growth

# Words and separators that exercise every rule: roles, glue, connectors, possessives, hyphens,
# apostrophes and underscores next to words, "İ" (two characters in lower case), "Σ".
WORDS = st.sampled_from(
    [
        "Presiden", "presiden", "juru", "bicara", "Menteri", "di", "dari", "of", "Of", "OF", "the", "The", "and",
        "dan", "Bank", "House", "Commons", "Putin", "Putin's", "JOHNSON'S", "Trump’s", "Trump'", "O'Brien", "Kim",
        "Jong", "Un", "Korea", "Utara", "Korut", "AS-Korea", "x-Ray", "kata", "said", "told", "kepada", "mengatakan",
        "speaking", "to", "media", "AFP", "Agustus", "Senin", "yang", "Yang", "pada", "İstanbul", "ΣΟΦΙΑ", "émile",
        "Émile", "2025", "a_b", "Pertanggungjawabannyapertanggungjawabannya", "ke",
    ]
)  # fmt: skip
SEPARATORS = st.sampled_from([" ", " ", " ", ", ", ". ", "  ", " (", ") ", '" ', " “", "” ", " _", "' ", " -", "--"])


# Long runs of these reach back to where the 200-character window cuts a word in two.
TITLE_WORDS = st.sampled_from(
    [
        "Presiden",
        "Kepresidenankepresidenankepresidenankepresidenan",
        "Rusia",
        "di",
        "Putin",
        "Dewan-Keamanan",
        "İstanbul",
    ]
)


@st.composite
def texts(draw: st.DrawFn, max_words: int = 40, words: st.SearchStrategy[str] = WORDS, min_words: int = 1) -> str:
    drawn = draw(st.lists(words, min_size=min_words, max_size=max_words))
    separators = draw(st.lists(SEPARATORS, min_size=len(drawn), max_size=len(drawn)))
    return "".join(w + s for w, s in zip(drawn, separators, strict=True)).strip()


@given(text=st.text(alphabet="aA_'’- .İΣ1", max_size=40))
def test_words_split_once_are_the_word_pattern_matches(text: str) -> None:
    words = _words_of(text)
    matches = list(WORD.finditer(text))
    assert words.words == [m.group() for m in matches]
    assert list(zip(words.starts, words.ends, strict=True)) == [m.span() for m in matches]
    assert "".join(g + w for g, w in zip(words.gaps, [*words.words, ""], strict=True)) == text
    assert words.lowered == [w.lower() for w in words.words]
    if words.lower_text is not None:  # slices of the lower-cased text are lower-cased slices
        assert all(words.lower_text[a:b] == text[a:b].lower() for a in range(len(text)) for b in range(a, len(text)))


def _plain_runs(sentence: str, excluded: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The runs of capitalised words, word by word, every word tested against every span."""
    joins_with_of = lexicon().organization_words | lexicon().state_words | lexicon().roles
    run: list[re.Match[str]] = []
    for word in WORD.finditer(sentence):
        text = word.group()
        if any(start <= word.start() < end for start, end in excluded):
            if run:
                yield run[0].start(), run[-1].end()
            run = []
            continue
        joined = not run or sentence[run[-1].end() : word.start()] == " "
        possessive_before = bool(run) and bool(re.search(r"['’]s?$", run[-1].group()))
        lowered = {w.group().lower() for w in run}
        joins = (
            (text[0].isupper() and joined and not possessive_before)
            or (
                text.lower() in CONNECTORS
                and run
                and joined
                and not possessive_before
                and (text != "of" or lowered & joins_with_of)
            )
            or (text.lower() in ORGANIZATION_CONNECTORS and run and joined and lowered & lexicon().organization_words)
        )
        if joins:
            run.append(word)
        else:
            if run:
                yield run[0].start(), run[-1].end()
            run = [word] if text[0].isupper() else []
    if run:
        yield run[0].start(), run[-1].end()


SPANS = st.lists(st.tuples(st.integers(0, 300), st.integers(0, 30)).map(lambda p: (p[0], p[0] + p[1])), max_size=4)


@given(text=texts(), dates=SPANS)
def test_runs_from_capitalised_words_are_those_of_a_scan_of_every_word(text: str, dates: list[tuple[int, int]]) -> None:
    words = _words_of(text)
    found = [
        (words.starts[first], words.ends[end - 1]) for first, end in _runs(words, _words_inside(words.starts, dates))
    ]
    expected = [
        (sentence.start + start, sentence.start + end)
        for sentence in split_sentences(text)
        for start, end in _plain_runs(sentence.text, [(s - sentence.start, e - sentence.start) for s, e in dates])
    ]
    assert found == expected


@given(text=st.text(alphabet="ab_'’ .-\n", max_size=120))
def test_last_word_read_near_the_end_is_what_a_search_of_the_whole_text_finds(text: str) -> None:
    before = text.lower().rstrip()
    match = LAST_WORD.search(before)
    assert _last_word_in(before) == (match.group(1) if match else "")


def _window(text: str, start: int) -> int:
    return max(0, start - CONTEXT_CHARS)


@given(text=texts(max_words=80))
def test_previous_word_is_what_last_word_finds_in_the_window(text: str) -> None:
    words = _words_of(text)
    for index, start in enumerate(words.starts):
        window = _window(text, start)
        previous = _previous_word(words, index, window)
        if previous is not None:
            match = LAST_WORD.search(text[window:start].lower().rstrip())
            assert previous == (match.group(1) if match else "")


@given(text=texts(max_words=80))
def test_evidence_read_off_the_words_is_that_of_the_window_text(text: str) -> None:
    lex = lexicon()
    words = _words_of(text)
    for index, start in enumerate(words.starts):
        window = _window(text, start)
        before = text[window:start].lower().rstrip()
        last = LAST_WORD.search(before)
        expected = set()
        if (last.group(1) if last else "") in lex.place_cues:
            expected.add("place")
        if any(before.endswith(verb) for verb in lex.speech_verbs):
            expected.add("speech")
        if any(before.endswith(cue) for cue in lex.media_cues) or any(p.search(before) for _, p in lex.told_patterns):
            expected.add("media")
        assert _evidence_before(words, index, window, lex) == expected


@given(text=st.one_of(texts(max_words=80), texts(max_words=40, words=TITLE_WORDS, min_words=12)))
def test_description_read_off_the_words_is_that_of_the_window_text(text: str) -> None:
    words = _words_of(text)
    sentence = Sentence(0, len(text), text)
    for index, start in enumerate(words.starts):
        expected = _description_in(text, start, lexicon())
        assert _description_before(words, index, _window(text, start), sentence, lexicon()) == expected


NAMES = st.lists(st.text(alphabet="abAB -_", min_size=1, max_size=5), min_size=1, max_size=8)


@given(names=NAMES, text=st.text(alphabet="abAB -_x.", max_size=40))
def test_names_found_by_the_automaton_are_those_the_alternation_finds(names: list[str], text: str) -> None:
    automaton = ahocorasick.Automaton()
    for name in set(names):
        automaton.add_word(name, len(name))
    automaton.make_automaton()
    assert _name_matches(text, automaton) == [m.span() for m in _alias_pattern(names).finditer(text)]


def _plain_expand(name: str, entries: list[_Entry]) -> str:
    words = name.split()
    for entry in entries:
        for alias in entry.aliases:
            if " " not in alias and alias in words:
                words = [entry.name if w == alias else w for w in words]
    return " ".join(words)


ENTRY = st.tuples(
    st.sampled_from(["A", "B", "C", "A B", "B C", "D"]), st.sets(st.sampled_from(["A", "B", "C", "D", "E"]))
)


@given(drawn=st.lists(ENTRY, max_size=8), name=st.sampled_from(["A", "B C", "E D", "A E B", "C C"]))
def test_expanding_through_the_alias_index_visits_entries_as_the_plain_loop_does(
    drawn: list[tuple[str, set[str]]], name: str
) -> None:
    entries = [_Entry(name=n, kind="other", aliases=set(aliases)) for n, aliases in drawn]
    assert _expand(name, entries, _NameIndex(entries, lambda e: e.aliases)) == _plain_expand(name, entries)


def _letters(number: int) -> str:
    """0 -> "Zoa", 27 -> "Zoab": a capitalised word no lexicon knows."""
    letters = ""
    while True:
        letters += "abcdefghijklmnopqrstuvwxyz"[number % 26]
        number //= 26
        if not number:
            return "Zo" + letters


def _articles(n: int) -> tuple[Source, ...]:
    """n articles, each with a person, an organisation with its acronym and a short form of
    its own: the number of actors and of name pairs to merge grows with n."""
    sources = []
    for k in range(n):
        person, org = f"{_letters(k)} {_letters(k + n)}", f"Partai {_letters(k + 2 * n)}"
        texts = [
            f"Presiden Rusia Vladimir Putin bertemu {person} di Moskow, kata juru bicara {org} (PZ{k}).",
            f"{_letters(k + n)} mengatakan kepada AFP bahwa Korea Utara (Korut) setuju dengan {org}.",
        ]
        paragraphs = tuple(Paragraph(id=f"p{i}", text=t, kind="text", line=i, column=1) for i, t in enumerate(texts))
        raw = RawSource(path=f"sources/a{k}.txt", text="\n".join(texts), sha256="", size=0)
        metadata = Metadata(published=dt.date(2025, 8, 13), language="id")
        sources.append(Source(id=f"a{k}", raw=raw, metadata=metadata, paragraphs=paragraphs, removed=()))
    return tuple(sources)


def test_articles_of_their_own_each_give_their_own_actors() -> None:
    actors = {a.name: a for a in extract_actors(_articles(3))}
    assert actors["Zoa Zod"].kind == "person"
    assert "Zod" in actors["Zoa Zod"].aliases  # the last word alone, later, is the same person
    assert actors["Partai Zog"].aliases == ("PZ0",)
    assert actors["Korea Utara"].aliases == ("Korut",)
    assert len(actors["Vladimir Putin"].mentions) == 3


@pytest.mark.slow
def test_actor_extraction_is_linear_in_the_number_of_articles_and_actors() -> None:
    """No step compares every actor, candidate or name pair with every other."""
    assert any(growth(_articles, extract_actors, 200) < LINEAR for _ in range(3))


def test_each_word_in_a_date_is_found_by_bisection() -> None:
    starts = [0, 4, 9, 15, 22]
    assert _words_inside(starts, [(3, 10), (22, 23), (30, 40)]) == {1, 2, 4}
