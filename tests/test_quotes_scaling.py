"""Quote variants of one speaker whom a whole bundle quotes: hundreds of renderings of a few
statements, each outlet changing a name or a number. Every pair of renderings is a candidate and
scores above the threshold, so the links are quadratic; the analysis scores only the links that
can still join something, and must find the same groups as scoring and walking every link."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

import pytest

from builder.compare import load_settings, similarity
from builder.compare.index import _Index
from builder.compare.quotes import _QuoteMatcher
from builder.model import Corpus, Quote
from builder.pages.plan import by_date
from tests.test_compare import make_source
from tests.test_compare_scaling import vera_corpus, walk_every_link

NAMES = ("Anders", "Bako", "Chen", "Dumas", "Eriksen", "Farouk", "Gupta", "Haas", "Ito", "Jansen")
CITIES = ("Oslo", "Doha", "Wina", "Bali", "Riga", "Lima", "Kyiv", "Rome")
# A statement every outlet renders in its own way; one whose first sentence all renderings
# share word for word (so that every pair scores 1.0 on it); one carried verbatim.
STATEMENTS = (
    "We will not give up our land while the talks in {city} go on for {n} more days",
    "The talks were open and very useful. {name} and Vera agreed to meet again in {city} within {n} weeks",
    "Peace is built by patient people and not by loud ones",
)


def rendering(rng: random.Random, statement: str) -> str:
    return statement.format(city=rng.choice(CITIES), name=rng.choice(NAMES), n=rng.randint(2, 60))


def vera_everywhere(outlets: int, seed: int = 0) -> tuple[Corpus, frozenset[str]]:
    """`outlets` sources quoting Vera: each renders the statements in quotes or in reported
    speech ("Vera said that ..."), some twice, a fifth of them background stories."""
    rng = random.Random(seed)
    sources, quotes = [], []
    for s in range(outlets):
        paragraphs = []
        for p, statement in enumerate(STATEMENTS):
            text = ""
            for _ in range(1 if rng.random() < 0.8 else 2):
                said = rendering(rng, statement)
                if rng.random() < 0.6:
                    text += '"'
                    quotes.append((f"s{s}", f"p{p + 1}", len(text), said))
                    text += f'{said}," Vera said. '
                else:
                    text += f"Vera said that {said}. "
            paragraphs.append(text.strip())
        published = dt.datetime(2025, 8, 1, tzinfo=dt.UTC) + dt.timedelta(hours=s)
        sources.append(make_source(f"s{s}", paragraphs, published=published))
    corpus = vera_corpus(sources, quotes)
    return corpus, frozenset(s.id for s in sources if rng.random() < 0.2)


def matcher_for(corpus: Corpus, background: frozenset[str]) -> tuple[_QuoteMatcher, list[Quote]]:
    index = _Index(corpus, by_date(corpus.sources))
    quotes = sorted(corpus.quotes, key=lambda q: (index.order[q.span.source], q.id))
    return _QuoteMatcher(index, background, load_settings().quotes), quotes


@pytest.mark.parametrize("seed", range(3))
def test_renderings_in_every_outlet_group_as_walking_every_link_does(seed: int) -> None:
    corpus, background = vera_everywhere(60, seed)
    matcher, quotes = matcher_for(corpus, background)
    groups = list(matcher.groups("vera", quotes))
    assert groups == walk_every_link(matcher, "vera", quotes)
    assert len(groups) >= 3 and max(len(g.variants) for g in groups) > 20


@pytest.fixture
def scorings(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many pairs of renderings the link walk scores with difflib, counted as it goes."""
    count = [0]
    score = similarity.statement_similarity

    def counted(a: str, b: str, min_words: int) -> float:
        count[0] += 1
        return score(a, b, min_words)

    monkeypatch.setattr(similarity, "statement_similarity", counted)
    yield count


def test_renderings_are_scored_in_numbers_linear_in_outlets(scorings: list[int]) -> None:
    """Four times the outlets: about four times the renderings, sixteen times the candidate
    pairs, but only the links able to join anything are scored."""
    scored = []
    for outlets in (50, 200):
        matcher, quotes = matcher_for(*vera_everywhere(outlets))
        scorings[0] = 0
        list(matcher.groups("vera", quotes))
        scored.append(scorings[0])
    assert 0 < scored[1] < 6 * scored[0]
