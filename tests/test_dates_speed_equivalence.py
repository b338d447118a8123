"""`find_dates`' fast paths give exactly what the straightforward code gives.

The date finder looks for URL-like tokens only in runs of text that hold "/" or "www.", keeps
from the tokens only those a rule can start at (in one pass, as bits per language), tries a rule
only when the text has a token of its start kinds, and looks at three years, not seventeen, for
the nearest day and month. Each is checked here against the plain version it replaced, kept in
this file as the specification, on generated text.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import example, given, settings
from hypothesis import strategies as st

from builder.extract import dates
from builder.extract.dates import FoundDate
from tests.test_properties import ANY_CHARACTER, seed_lines

# --- The plain versions -------------------------------------------------------------------------


def plain_urls(text: str) -> list[tuple[int, int]]:
    return [url.span() for url in dates._URLISH.finditer(text)]


def plain_starts(text: str, lang: dates._Language) -> dict[str, list[int]]:
    """Kind of start -> positions, from every token of the text."""
    start_kinds = dates._compiled(lang).start_kinds
    starts: dict[str, list[int]] = {}
    for token in dates._TOKEN.finditer(text):
        word = token.group()
        if word[0].isdigit():
            kinds: set[str] | frozenset[str] = {"digit"}
        else:
            kinds = {"paren"} if word == "(" else start_kinds.get(word.casefold(), frozenset())
        for kind in kinds:
            starts.setdefault(kind, []).append(token.start())
    return starts


def plain_find_dates(text: str, reference: dt.date | None, language: str | None = None) -> tuple[FoundDate, ...]:
    urls = plain_urls(text)
    outside_urls = dates._Occupied(urls)
    candidates = []
    continuations = []
    for lang in dates._languages(language):
        compiled = dates._compiled(lang)
        continuations.append(compiled.helpers.list_continuation)
        ctx = dates._Context(text, reference, lang, compiled.helpers)
        starts = plain_starts(text, lang)
        for rule, pattern, handler in compiled.rules:
            for position in sorted({p for kind in dates._RULE_STARTS[rule] for p in starts.get(kind, ())}):
                m = pattern.match(text, position)
                if m is None:
                    continue
                try:
                    candidate = handler(m, ctx)
                except OverflowError:
                    continue
                if candidate is None or candidate.end <= candidate.start:
                    continue
                if outside_urls.free(candidate.start, candidate.end):
                    candidates.append(candidate)
    found = [c.found for c in dates._longest_first(candidates) if c.found is not None]
    found.extend(dates._year_lists(text, found, continuations, urls))
    return tuple(sorted(found, key=lambda f: f.start))


def plain_nearest(month: int, day: int, ref: dt.date, direction: int) -> dt.date | None:
    options = [
        d
        for y in range(max(1, ref.year - 8), min(9999, ref.year + 8) + 1)
        if (d := dates._date(y, month, day)) is not None
    ]
    if direction < 0:
        options = [d for d in options if d <= ref]
    elif direction > 0:
        options = [d for d in options if d >= ref]
    return min(options, key=lambda d: (abs((d - ref).days), d)) if options else None


# --- Generated text -----------------------------------------------------------------------------

BITS = [
    "pada", "Pada", "sejak", "hingga", "Jumat", "jumat", "Jum’at", "jum'at", "Minggu", "minggu", "Selasa", "hari",
    "(15/8)", "(31/2)", "(12/8/2025)", "12/08/2025", "13.08.2025", "2025-08-13", "13", "15", "2024", "2019", "1990-an",
    "10.000", "4.0", "Agustus", "AGUSTUS", "Agu", "Aug.", "Februari", "tahun", "bulan", "tanggal", "lalu", "depan",
    "mendatang", "silam", "yang lalu", "tiga", "dua", "sehari", "sebelum", "setelah", "KTT", "Hari Raya", "dan", "atau",
    ",", "-", "–", " ", "  ", "\n", ".", "akan", "lebih dari", "beberapa", "kemarin", "hari ini", "bulan lalu",
    "www.kompas.com/read/2025/08/13/x", "WWW.X.ID", "https://x.id/2025/08/13", "read/2025/08/13/x", "a/b/c", "x/2024",
    "JUNİ", "İ", "ß", "²", "³abc", "K", "’", "last", "next", "Friday", "October", "May", "March", "in", "on", "the",
    "3 years ago", "two days after the vote", "since", "mid", "August 29, 2019", "Aug. 12", "3rd of March", "März",
    "15 Agustus mendatang", "Oktober tahun lalu", "akhir Oktober", "_", "é", "٣", "((", "(",
]  # fmt: skip
texts = st.one_of(
    st.lists(st.sampled_from(BITS), max_size=25).map(" ".join),
    st.lists(st.sampled_from(BITS), max_size=25).map("".join),
    st.sampled_from(seed_lines()),
    st.text(ANY_CHARACTER, max_size=80),
)
references = st.one_of(
    st.none(),
    st.sampled_from([dt.date(2025, 8, 13), dt.date(2024, 2, 29), dt.date(1, 1, 1), dt.date(9999, 12, 31)]),
    st.dates(),
)
languages = st.sampled_from([None, "id", "en", "de", "fr-CA", "xx"])


@settings(max_examples=600, deadline=None)
@given(text=texts, reference=references, language=languages)
@example(text="pada Jumat (15/8) dan 12/08/2025, lihat www.kompas.com/read/2025/08/13/x", reference=None, language=None)
@example(text="JUNİ 2024 ³abc pada 2019 dan 2022", reference=dt.date(2025, 8, 13), language="id")
@example(text="am 3. März 2024 und 12 mars 2024", reference=dt.date(2025, 8, 13), language="de")
def test_find_dates_is_the_plain_finder(text: str, reference: dt.date | None, language: str | None) -> None:
    assert dates.find_dates.__wrapped__(text, reference, language) == plain_find_dates(text, reference, language)


def test_find_dates_is_the_plain_finder_on_the_seeds() -> None:
    for line in seed_lines():
        for reference in (None, dt.date(2025, 8, 13)):
            assert dates.find_dates.__wrapped__(line, reference, None) == plain_find_dates(line, reference, None)


url_texts = st.one_of(
    texts,
    st.text(st.sampled_from("wW./:-_hHtTpPsS aé1()\n\u00a0"), max_size=30),
)


@settings(max_examples=1000, deadline=None)
@given(text=url_texts)
@example(text="lihat  www.x.com/a dan http://y.id/b/c  (12/8) x/y/z ab.cd/e")
@example(text="wWw.x\u00a0WWW.y/ z")
def test_url_spans_are_the_plain_ones(text: str) -> None:
    assert dates._url_spans(text) == plain_urls(text)


@settings(max_examples=600, deadline=None)
@given(text=texts, language=languages)
def test_start_tokens_are_the_plain_ones(text: str, language: str | None) -> None:
    langs = dates._languages(language)
    found = dates._start_tokens(text, langs)
    for number, lang in enumerate(langs):
        starts: dict[str, list[int]] = {}
        for position, row in found:
            for kind, bit in dates._KIND_BIT.items():
                if row[number] & bit:
                    starts.setdefault(kind, []).append(position)
        assert starts == plain_starts(text, lang)


years = st.one_of(st.integers(1, 20), st.integers(1990, 2030), st.integers(9980, 9999))


@settings(max_examples=1500, deadline=None)
@given(
    month=st.integers(1, 12),
    day=st.integers(1, 31),
    ref=st.builds(lambda y, doy: dt.date(y, 1, 1) + dt.timedelta(days=doy), years, st.integers(0, 364)),
    direction=st.sampled_from([-1, 0, 1]),
)
@example(month=2, day=29, ref=dt.date(2025, 8, 13), direction=0)
@example(month=2, day=29, ref=dt.date(2100, 3, 1), direction=-1)
@example(month=12, day=31, ref=dt.date(9999, 12, 31), direction=1)
@example(month=1, day=1, ref=dt.date(1, 1, 1), direction=-1)
def test_nearest_is_the_plain_one(month: int, day: int, ref: dt.date, direction: int) -> None:
    assert dates._nearest(month, day, ref, direction) == plain_nearest(month, day, ref, direction)
