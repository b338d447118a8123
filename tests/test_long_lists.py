"""Aggregate pages stay readable when many sources report the same thing.

Fifteen copies of one article (as syndication produces): the timeline, the glossary and the draft
explainer list a few reports each and count the rest, instead of growing with every source.
"""

from __future__ import annotations

import re
import shutil

import pytest

from builder import pipeline
from builder.explainer import DRAFT_SOURCES_PER_FACT
from builder.pages.plan import LIST_LIMIT
from tests.support.paths import SEED_CONTENT

COPIES = 15
ARTICLE = SEED_CONTENT / "sources" / "000_b552c2c3d6dd6ff1.txt"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    content = tmp_path_factory.mktemp("syndicated") / "content"
    (content / "sources").mkdir(parents=True)
    for number in range(COPIES):
        shutil.copy(ARTICLE, content / "sources" / f"copy-{number:02d}.txt")
    result = pipeline.run(content)
    assert result.plan is not None, [str(d) for d in result.diagnostics if d.is_error]
    return {page.src_uri: page.markdown for page in result.plan.pages}


def test_timeline_lists_a_few_reports_per_event_and_counts_the_rest(pages: dict[str, str]) -> None:
    reports = [line for line in pages["timeline.md"].splitlines() if line.startswith("Dilaporkan oleh:")]
    assert reports
    widest = max(reports, key=lambda line: line.count("](sources/"))
    assert widest.count("](sources/") == LIST_LIMIT
    assert widest.endswith(f"dan {COPIES - LIST_LIMIT} sumber lain")


def test_glossary_lists_a_few_sources_per_actor_and_counts_the_rest(pages: dict[str, str]) -> None:
    glossary = pages["glossary.md"]
    putin = glossary[glossary.index("{ #actor-vladimir-putin }") :]
    putin = putin[: putin.index("\n### ")]
    assert len(re.findall(r"^\[.*\]\(sources/[\w-]+\.md\) \[¶", putin, flags=re.M)) == LIST_LIMIT
    assert f"dan {COPIES - LIST_LIMIT} sumber lain" in putin


def test_draft_cites_a_few_sources_per_fact(pages: dict[str, str]) -> None:
    facts = [line for line in pages["explainer.md"].splitlines() if line.startswith("**")]
    assert facts
    for fact in facts:
        assert fact.count("](sources/") <= DRAFT_SOURCES_PER_FACT
    assert any(f"dan {COPIES - DRAFT_SOURCES_PER_FACT} sumber lain" in fact for fact in facts)
