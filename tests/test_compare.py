"""The source comparison: findings on the seeds, synthetic cases, properties, and a safe page."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Sequence
from typing import Any

import markdown  # type: ignore[import-untyped]
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder import pipeline
from builder.compare import (
    Comparison,
    CoverageRow,
    Settings,
    compare,
    load_settings,
    minhash_signature,
    shared_text,
    statement_similarity,
    word_diff,
)
from builder.extraction import extract
from builder.model import Actor, Corpus, Metadata, Paragraph, Quantity, Quote, RawSource, Source, Span, Story
from builder.pages.plan import background_ids, by_date, source_uri
from builder.pages.render import environment
from builder.pages.ui import translator
from tests.support.paths import SEED_CONTENT

CNN = "cnn-indonesia-2025-08-13"
CNBC = "cnbc-indonesia-2025-08-13"
IDN = "idn-times"
OLD = "pertemuan-kim-jong-un-2019-04-25"
BLOG = "blog-putin-melepon-kim"
WIB = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture(scope="module")
def seeds() -> Corpus:
    result = pipeline.run(SEED_CONTENT)
    assert result.ok, [str(d) for d in result.diagnostics]
    return result.corpus


@pytest.fixture(scope="module")
def comparison(seeds: Corpus) -> Comparison:
    return compare(seeds)


def row(rows: Sequence[CoverageRow], row_id: str) -> CoverageRow:
    return next(r for r in rows if r.id == row_id)


# --- Findings on the seeds ---------------------------------------------------------------------


def test_coverage_matrix_has_putin_and_kim_in_every_source(comparison: Comparison) -> None:
    coverage = comparison.coverage
    assert set(coverage.sources) == {CNN, CNBC, IDN, OLD, BLOG}
    assert coverage.sources[0] == OLD  # oldest first, like the sources table
    for actor in ("vladimir-putin", "kim-jong-un"):
        found = row(coverage.actors, actor)
        assert found.count == 5 and found.only is None
        assert all(cell.paragraphs for cell in found.cells)
    putin = row(coverage.actors, "vladimir-putin")
    assert next(c for c in putin.cells if c.source == CNN).paragraphs[0] == "p1"
    # Rows are the actors the most sources mention: nobody left out mentioned by more sources.
    shown = min(r.count for r in coverage.actors)
    assert row(coverage.actors, "korea-selatan").count == 3
    assert all(r.count >= shown for r in coverage.actors)


def test_coverage_of_facts_and_what_only_one_source_says(comparison: Comparison) -> None:
    facts = comparison.coverage.facts
    call = row(facts, "2025-08-12-presiden-rusia-vladimir-putin-menelepon")
    assert facts[0].count >= 3 and call.count == 3
    assert {c.source for c in call.cells if c.paragraphs} == {CNN, CNBC, BLOG}
    assert next(c for c in call.cells if c.source == BLOG).paragraphs == ("p1", "p6")
    singles = [r for r in facts if r.count == 1]
    assert singles and all(r.only is not None for r in singles)
    old_meeting = row(facts, "2019-04-25-pertemuan-tingkat-tinggi-antara-pemimpin")
    assert old_meeting.only == OLD and old_meeting.background_only
    exclusive = {e.source: e for e in comparison.coverage.exclusive}
    assert "dmitry-zhuravlev" in {a.id for a in exclusive[OLD].actors}
    assert "2024-10-menurut-penilaian-korsel-korut-telah" in {f.id for f in exclusive[IDN].facts}


def test_troop_figures_are_different_claims_with_their_attributions(comparison: Comparison) -> None:
    (found,) = [d for d in comparison.figures if d.unit == "tentara"]
    a, b = sorted((found.a, found.b), key=lambda f: f.value)
    assert (a.value, a.qualifier, a.sentence.span.source, a.sentence.span.paragraph) == (10000, "more_than", CNBC, "p7")
    assert (b.value, b.qualifier, b.sentence.span.source, b.sentence.span.paragraph) == (15000, "about", IDN, "p10")
    assert a.sentence.marked == "lebih dari 10.000 tentara"
    assert b.sentence.marked == "sekitar 15 ribu tentara"
    assert a.attribution == "Lembaga intelijen Korea Selatan dan Barat"
    assert b.attribution == "Korea Selatan"
    assert set(a.attribution_ids) == {"korea-selatan", "barat"} and b.attribution_ids == ("korea-selatan",)
    assert (a.period, a.period_iso) == ("tahun 2024", "2024")
    assert (b.period, b.period_iso) == ("Oktober tahun lalu", "2024-10")
    assert found.same_attribution is False and found.same_period is False
    assert found.different_claims
    assert found.compatible  # "more than 10,000" holds for "about 15,000" too


def test_war_durations_are_consistent(comparison: Comparison) -> None:
    (war,) = comparison.durations
    by_source = {f.sentence.span.source: f for f in (war.a, war.b)}
    assert (by_source[CNN].value, by_source[CNN].qualifier) == (3.5, "less_than")
    assert by_source[CNN].sentence.marked == "nyaris tiga setengah tahun"
    assert (by_source[CNBC].value, by_source[CNBC].qualifier) == (3.0, "more_than")
    assert "perang" in war.topic
    assert war.consistent
    assert war.overlap is not None and war.overlap.replace(" ", "") == "3–3.5"
    # "80 tahun" (an anniversary), "24 tahun" (since a visit) and "tiga jam" (a meeting) are other things.
    assert all(f.sentence.marked not in {"80 tahun", "24 tahun"} for f in (war.a, war.b))


def test_blog_calling_kim_president_of_south_korea_is_flagged(comparison: Comparison) -> None:
    (conflict,) = comparison.roles
    assert conflict.kind == "unnamed"
    assert (conflict.claim.span.source, conflict.claim.span.paragraph) == (BLOG, "p1")
    assert conflict.claim.marked == "Presiden Korea Selatan"
    assert conflict.claim_country == "korea-selatan"
    assert conflict.actor == "kim-jong-un"
    assert conflict.expected == ("Korea Utara",)
    assert conflict.event == "2025-08-12-presiden-rusia-vladimir-putin-menelepon"
    others = {m.span.source: m for m in conflict.others}
    assert set(others) == {CNN, CNBC}
    assert others[CNBC].marked == "Pemimpin Tertinggi Korea Utara (Korut) Kim Jong Un"
    # The sentences are shown whole, the phrase in its place.
    claim = conflict.claim
    assert claim.before + claim.marked + claim.after == claim.span.text
    assert "Vladimir Putin dan Presiden Korea Selatan pada tanggal 12 Agustus 2025" in claim.span.text


def test_yang_moo_jin_quote_variants_span_cnn_and_cnbc(comparison: Comparison) -> None:
    yang = [g for g in comparison.quotes if g.speaker == "yang-moo-jin" and g.close]
    (group,) = yang
    first, second = group.variants
    assert (first.span.source, first.span.paragraph, first.quoted) == (CNN, "p9", True)
    assert first.text.startswith("Jika perundingan damai Rusia-Ukraina berjalan lancar")
    assert (second.span.source, second.span.paragraph, second.quoted) == (CNBC, "p11", True)
    assert second.text.startswith("Jika pembicaraan damai Rusia-Ukraina mendapatkan momentum")
    assert 0.45 <= second.similarity < 1
    kinds = {(s.kind, s.text) for s in second.diff}
    assert ("delete", "perundingan") in kinds and ("insert", "pembicaraan") in kinds


def test_kremlin_and_kcna_statements_are_matched(comparison: Comparison) -> None:
    kremlin = next(g for g in comparison.quotes if g.speaker == "kremlin")
    assert kremlin.close
    (reported,) = [v for v in kremlin.variants if not v.quoted]
    assert (reported.span.source, reported.span.paragraph) == (CNBC, "p4")
    assert reported.lead == "Mereka menambahkan bahwa"
    kcna = next(g for g in comparison.quotes if g.speaker == "kcna")
    assert {v.span.source for v in kcna.variants} == {CNBC, IDN} and not kcna.close


def test_quote_groups_hold_one_version_per_source(comparison: Comparison) -> None:
    for group in comparison.quotes:
        sources = [v.span.source for v in group.variants]
        assert len(sources) == len(set(sources)) >= 2
        assert group.variants[0].quoted and group.variants[0].similarity == 1.0
        # A background source's quote is not a variant of the news sources' ones.
        assert OLD not in sources


def test_staleness_reuses_the_site_background(seeds: Corpus, comparison: Comparison) -> None:
    assert comparison.background == background_ids(seeds) == {OLD}
    ages = {a.source: a for a in comparison.staleness}
    assert [a.source for a in comparison.staleness] == [s.id for s in by_date(seeds.sources)]
    old_age = ages[OLD].days_before_newest
    assert ages[OLD].background and old_age is not None and old_age > 365 * 6
    assert ages[CNN].days_before_newest == 0 and ages[CNBC].days_before_newest == 0
    assert ages[IDN].days_before_newest is None and ages[BLOG].days_before_newest is None


def test_seed_sources_share_phrases_but_none_is_a_copy(comparison: Comparison) -> None:
    pairs = {frozenset((p.a, p.b)): p for p in comparison.shared.pairs}
    assert pairs, "some phrasing is shared"
    assert all(p.verdict == "overlap" for p in pairs.values())
    blog = pairs[frozenset((IDN, BLOG))]  # the blog reuses IDN Times' list of weapons
    assert 0.01 < blog.jaccard < 0.1
    assert "artileri dan rudal balistik" in blog.passage
    assert blog.passage_a is not None and blog.passage_b is not None
    assert {blog.passage_a.source, blog.passage_b.source} == {IDN, BLOG}
    cost = comparison.shared.cost
    assert cost.documents == 5 and cost.possible_pairs == 10 and cost.compared <= 10


def test_compare_is_deterministic(seeds: Corpus, comparison: Comparison) -> None:
    assert compare(seeds) == comparison


# --- Synthetic corpora ---------------------------------------------------------------------------

NEWS = (
    "The council approved the new budget on Monday after a long debate about schools and roads. "
    "The mayor said the plan would repair twelve bridges and open three libraries before winter. "
    "Opposition members argued that the tax increase would hurt small shops in the old town."
)
OTHER = (
    "A rare comet will be visible from the southern hemisphere next week, astronomers reported. "
    "Observers should look low on the western horizon shortly after sunset with binoculars. "
    "The comet last passed near the sun about eighty thousand years ago."
)


def make_source(
    source_id: str, paragraphs: Sequence[str], published: dt.datetime | None = None, language: str = "en"
) -> Source:
    text = "\n".join(paragraphs)
    return Source(
        id=source_id,
        raw=RawSource(path=f"sources/{source_id}.txt", text=text, sha256="0" * 64, size=len(text.encode())),
        metadata=Metadata(outlet=source_id, published=published, language=language),
        paragraphs=tuple(
            Paragraph(id=f"p{i}", text=t, kind="text", line=i, column=1) for i, t in enumerate(paragraphs, 1)
        ),
        removed=(),
    )


def make_corpus(*sources: Source, **extracted: Any) -> Corpus:
    return Corpus(story=Story(title="test", language="en"), sources=sources, **extracted)


def duplicates_settings(**changes: Any) -> Settings:
    base = load_settings()
    return base.model_copy(update={"duplicates": base.duplicates.model_copy(update=changes)})


def test_identical_articles_are_near_duplicates() -> None:
    corpus = make_corpus(make_source("a", [NEWS]), make_source("b", [NEWS]), make_source("c", [OTHER]))
    (pair,) = compare(corpus).shared.pairs
    assert (pair.a, pair.b, pair.verdict) == ("a", "b", "near_duplicate")
    assert pair.jaccard == 1.0 and pair.containment_a == pair.containment_b == 1.0
    assert pair.passage.startswith("The council approved the new budget")


def test_an_article_copied_into_a_longer_one_is_contained() -> None:
    longer = make_source("long", [NEWS, OTHER, OTHER.replace("comet", "asteroid")])
    (pair,) = compare(make_corpus(make_source("short", [NEWS]), longer)).shared.pairs
    assert pair.verdict == "contained"
    containment = {pair.a: pair.containment_a, pair.b: pair.containment_b}
    assert containment["short"] == 1.0 and containment["long"] < 0.5


def test_unrelated_articles_are_not_flagged() -> None:
    result = compare(make_corpus(make_source("a", [NEWS]), make_source("b", [OTHER])))
    assert result.shared.pairs == ()
    assert result.figures == () and result.durations == () and result.roles == () and result.quotes == ()


def _random_text(rng: random.Random, vocabulary: Sequence[str], words: int) -> str:
    return " ".join(rng.choice(vocabulary) for _ in range(words))


def test_duplicate_detection_compares_candidates_only() -> None:
    """2,000 unrelated articles, planted copies, and a wire story carried by 80 outlets (more than
    max_shingle_sources, so the shingle index skips its shingles and only MinHash LSH finds it)."""
    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(20000)]
    texts = [_random_text(rng, vocabulary, 150) for _ in range(2000)]
    texts[10] = texts[20]  # an exact copy
    texts[30] = texts[40] + " " + _random_text(rng, vocabulary, 30)  # a copy with an added paragraph
    wire = _random_text(rng, vocabulary, 200)
    texts.extend(f"{_random_text(rng, vocabulary, 5)} {wire}" for _ in range(80))
    sources = [make_source(f"s{i:04d}", [t]) for i, t in enumerate(texts)]
    started = time.perf_counter()
    found = shared_text(sources, duplicates_settings(max_pairs=10000).duplicates)
    elapsed = time.perf_counter() - started
    pairs = {(p.a, p.b): p for p in found.pairs}
    assert pairs[("s0010", "s0020")].verdict == "near_duplicate"
    assert pairs[("s0030", "s0040")].verdict in {"near_duplicate", "contained"}
    wire_ids = [f"s{i:04d}" for i in range(2000, 2080)]
    wire_pairs = [(a, b) for i, a in enumerate(wire_ids) for b in wire_ids[i + 1 :]]
    assert all(pairs[pair].verdict == "near_duplicate" for pair in wire_pairs)
    cost = found.cost
    assert cost.possible_pairs == 2080 * 2079 // 2
    assert cost.compared < 0.005 * cost.possible_pairs  # candidates, not all pairs
    assert cost.common_shingles > 0  # the wire story's shingles were too common for the index
    assert elapsed < 30


def test_figures_with_the_same_attribution_that_exclude_each_other_conflict() -> None:
    a = make_source("a", ["Police said about 500 people marched downtown."])
    b = make_source("b", ["Police said more than 2,000 people marched downtown."])
    police = Actor(id="police", name="Police", kind="organization")

    def quantity(source: Source, text: str, value: float, qualifier: Any) -> Quantity:
        start = source.paragraphs[0].text.index(text)
        span = Span(source=source.id, paragraph="p1", start=start, end=start + len(text), text=text)
        return Quantity(
            id=f"{source.id}-n1", value=value, unit="people", qualifier=qualifier, attributed_to="police", span=span
        )

    corpus = make_corpus(
        a,
        b,
        actors=(police,),
        quantities=(
            quantity(a, "about 500 people", 500, "about"),
            quantity(b, "more than 2,000 people", 2000, "more_than"),
        ),
    )
    (found,) = compare(corpus).figures
    assert found.unit == "people" and found.group == "orang"  # compare.yml same_units
    assert found.same_attribution is True and found.same_period is None
    assert not found.different_claims and not found.compatible and found.overlap is None


def _mentions(sources: Sequence[Source], name: str) -> tuple[Span, ...]:
    spans = []
    for source in sources:
        for paragraph in source.paragraphs:
            start = paragraph.text.find(name)
            while start >= 0:
                spans.append(
                    Span(source=source.id, paragraph=paragraph.id, start=start, end=start + len(name), text=name)
                )
                start = paragraph.text.find(name, start + 1)
    return tuple(spans)


def test_a_person_tied_to_another_country_by_one_source_is_flagged() -> None:
    sources = (
        make_source("a", ["Presiden Prancis Jean Dupont tiba di Roma."]),
        make_source("b", ["Presiden Prancis Jean Dupont bertemu wartawan."]),
        make_source("c", ["Presiden Spanyol Jean Dupont menyampaikan pidato."]),
    )
    actors = (
        Actor(id="jean-dupont", name="Jean Dupont", kind="person", mentions=_mentions(sources, "Jean Dupont")),
        Actor(id="prancis", name="Prancis", kind="country", mentions=_mentions(sources, "Prancis")),
        Actor(id="spanyol", name="Spanyol", kind="country", mentions=_mentions(sources, "Spanyol")),
    )
    (conflict,) = compare(make_corpus(*sources, actors=actors)).roles
    assert conflict.kind == "named" and conflict.actor == "jean-dupont"
    assert conflict.claim.span.source == "c" and conflict.claim.marked == "Presiden Spanyol Jean Dupont"
    assert conflict.expected == ("Prancis",)
    assert [m.span.source for m in conflict.others] == ["a", "b"]


def test_words_follow_the_bundle_language_with_english_fallback() -> None:
    english = compare(make_corpus(make_source("a", [NEWS]))).words
    indonesian = compare(Corpus(story=Story(title="t", language="id"), sources=(make_source("a", [NEWS]),))).words
    unknown = compare(Corpus(story=Story(title="t", language="xx"), sources=(make_source("a", [NEWS]),))).words
    assert english("coverage") == "Who reports what" == unknown("coverage")
    assert indonesian("coverage") == "Siapa melaporkan apa"
    assert english("days_before", n=1) == "1 day before the newest source"
    assert indonesian("days_before", n=2) == "2 hari sebelum sumber terbaru"


# --- Properties --------------------------------------------------------------------------------

VOCABULARY = [
    "Presiden", "Rusia", "Vladimir", "Putin", "Korea", "Utara", "Selatan", "Kim", "Jong", "Un", "menelepon",
    "pada", "12", "Agustus", "2025", "lebih", "dari", "10.000", "tentara", "sekitar", "15", "ribu", "tahun",
    "nyaris", "tiga", "setengah", "perang", "kata", "Yang", '"', "“", "”", ",", ".", "(", ")", "the", "President",
    "said", "about", "years", "war", "<script>", "|", "[x](y)", "{: .x}", "\u2028", "bahwa",
]  # fmt: skip
words = st.lists(st.sampled_from(VOCABULARY), max_size=40).map(" ".join)
NAMES = ["Vladimir Putin", "Kim Jong Un", "Yang Moo Jin", "Donald Trump"]
COUNTRIES = ["Rusia", "Korea Utara", "Korea Selatan", "Amerika Serikat"]
TEMPLATES = [
    '"{w}," kata {name}.',
    "{name} mengatakan bahwa {w}.",
    "Presiden {country} {name} menelepon Presiden {other} {person} pada {day} Agustus 2025.",
    "{name} menelepon Presiden {other} pada {day} Agustus 2025.",
    "Menurut {country}, {qualifier} {number} {unit} dikirim ke {other} sejak Oktober {year}.",
    "{name} mengatakan perang telah berlangsung {qualifier} {number} {unit}.",
]
templated = st.builds(
    lambda template, **values: template.format(**values),
    st.sampled_from(TEMPLATES),
    w=words,
    name=st.sampled_from(NAMES),
    country=st.sampled_from(COUNTRIES),
    other=st.sampled_from(COUNTRIES),
    person=st.sampled_from([*NAMES, ""]),
    day=st.sampled_from([12, 12, 13]),
    qualifier=st.sampled_from(["lebih dari", "sekitar", "nyaris", "hampir", ""]),
    number=st.sampled_from(["3", "tiga", "10.000", "15 ribu", "3,5", "tiga setengah"]),
    unit=st.sampled_from(["tentara", "tahun", "pasukan", "jam", "kali"]),
    year=st.integers(2015, 2025),
)
paragraph = st.one_of(
    st.lists(templated, min_size=1, max_size=3).map(" ".join),
    words,
    st.text(max_size=120),
)
article = st.lists(paragraph.filter(lambda p: p.strip() != ""), min_size=1, max_size=4)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(article, st.booleans()), min_size=1, max_size=4))
def test_compare_never_raises_on_arbitrary_text(articles: list[tuple[list[str], bool]]) -> None:
    sources = tuple(
        make_source(
            f"s{i}",
            [" ".join(p.split()) or "x" for p in paragraphs],
            published=dt.datetime(2025 - 7 * old, 8, 13, tzinfo=WIB),
            language="id",
        )
        for i, (paragraphs, old) in enumerate(articles)
    )
    corpus = extract(Corpus(story=Story(title="t", language="id"), sources=sources)).value
    result = compare(corpus)
    assert compare(corpus) == result
    for pair in result.shared.pairs:
        assert 0 <= pair.jaccard <= 1 and pair.a != pair.b
    for group in result.quotes:
        assert len({v.span.source for v in group.variants}) == len(group.variants) >= 2
    render_page(corpus, result)


@given(st.lists(st.sampled_from(VOCABULARY[:30]), max_size=25), st.lists(st.sampled_from(VOCABULARY[:30]), max_size=25))
def test_word_diff_rebuilds_both_versions(base: list[str], variant: list[str]) -> None:
    segments = word_diff(" ".join(base), " ".join(variant))
    assert " ".join(s.text for s in segments if s.kind != "delete").split() == variant
    kept = [s for s in segments if s.kind != "insert"]
    assert len(" ".join(s.text for s in kept).split()) == len(base)
    assert 0 <= statement_similarity(" ".join(base), " ".join(variant), 4) <= 1


@given(st.frozensets(st.integers(min_value=0, max_value=2**64 - 1), max_size=200))
def test_minhash_signature_is_a_function_of_the_set(shingles: frozenset[int]) -> None:
    signature = minhash_signature(shingles, 96)
    assert signature == minhash_signature(sorted(shingles, reverse=True), 96)
    assert len(signature) == (96 if shingles else 0)


# --- The page ----------------------------------------------------------------------------------


def render_page(corpus: Corpus, result: Comparison | None) -> str:
    """comparison.md.j2 with the context plan.py gives every template."""
    common: dict[str, Any] = {
        "corpus": corpus,
        "story": corpus.story,
        "background": background_ids(corpus),
        "source_uri": source_uri,
        "sources_by_id": {s.id: s for s in corpus.sources},
        "actor_names": {a.id: a.name for a in corpus.actors},
        "cited_by": {},
        "jsonld": None,
        "t": translator(corpus.story.language),
    }
    extra = {} if result is None else {"comparison": result}
    return (
        environment()
        .get_template("comparison.md.j2")
        .render(**common, root="", ordered=by_date(corpus.sources), **extra)
    )


def to_html(page: str) -> BeautifulSoup:
    html = markdown.markdown(page, extensions=["tables", "attr_list", "md_in_html", "pymdownx.caret"])
    return BeautifulSoup(html, "html.parser")


def test_seed_page_shows_every_finding_with_links(seeds: Corpus, comparison: Comparison) -> None:
    page = render_page(seeds, comparison)
    soup = to_html(page)
    links = {a["href"] for a in soup.find_all("a")}
    for target in (
        f"sources/{CNBC}.md#p7",  # > 10,000 troops
        f"sources/{IDN}.md#p10",  # about 15,000 troops
        f"sources/{CNN}.md#p7",  # nearly three and a half years
        f"sources/{BLOG}.md#p1",  # "Presiden Korea Selatan"
        f"sources/{CNN}.md#p9",  # Yang, CNN
        f"sources/{CNBC}.md#p11",  # Yang, CNBC
        "glossary.md#actor-vladimir-putin",
        "timeline.md#event-2025-08-12-presiden-rusia-vladimir-putin-menelepon",
    ):
        assert target in links, target
    assert [m.get_text() for m in soup.find_all("mark")].count("Presiden Korea Selatan") >= 1
    assert soup.find("ins", string="pembicaraan") is not None
    assert soup.find("del", string="perundingan") is not None
    assert "✓" in page and "—" in page
    headers = [th.get_text() for th in soup.find_all("th")]
    assert headers[:7] == ["Sumber", "Media", "Penulis", "Terbit", "Kata", "Boilerplate dibuang", "Bahasa"]


def test_page_renders_without_a_comparison(seeds: Corpus) -> None:
    """Until plan.py passes `comparison`, the page is the sources table it always was."""
    page = render_page(seeds, None)
    assert page.count("\n| [") == len(seeds.sources)
    assert "<mark>" not in page


HOSTILE = '<script>alert(1)</script> [x](javascript:alert(1)) {: onclick="x" } | ==m== <img src=x onerror=alert(1)>'


def test_hostile_quote_text_stays_inert() -> None:
    sources = tuple(
        make_source(
            source_id,
            [f'"{HOSTILE} kata kami {extra}," kata Yang Moo Jin.', "Lebih dari 10 tentara, <b>kata</b> Yang Moo Jin."],
        )
        for source_id, extra in (("a", "hari ini"), ("b", "besok pagi"))
    )
    yang = Actor(id="yang", name="Yang Moo Jin", kind="person", mentions=_mentions(sources, "Yang Moo Jin"))
    quotes = []
    for source in sources:
        text = source.paragraphs[0].text
        inner = text[1 : text.index('," kata')]
        quotes.append(
            Quote(
                id=f"{source.id}-q1",
                text=inner,
                speaker="yang",
                speaker_text="Yang Moo Jin",
                span=Span(source=source.id, paragraph="p1", start=0, end=len(inner) + 2, text=text[: len(inner) + 2]),
            )
        )
    corpus = make_corpus(*sources, actors=(yang,), quotes=tuple(quotes))
    result = compare(corpus)
    assert len(result.quotes) == 1 and len(result.quotes[0].variants) == 2
    page = render_page(corpus, result)
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "&#60;script&#62;" in page
    assert "](javascript" not in page and "{:" not in page
    soup = to_html(page)
    assert soup.find("script") is None and soup.find("img") is None
    assert not any(tag.has_attr("onclick") or tag.has_attr("onerror") for tag in soup.find_all(True))
    assert "<script>alert(1)</script>" in soup.get_text()  # shown as text, not run
    assert soup.find("ins") is not None or soup.find("del") is not None


def test_every_language_of_the_page_says_everything_english_says() -> None:
    ui = load_settings().ui
    english = set(ui["en"])
    for language, entries in ui.items():
        assert set(entries) == english, language
