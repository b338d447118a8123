"""Cleaning the seeds: every line accounted for, no real sentence lost, boilerplate gone.

Expectations in tests/data/seed_expectations.yml were written by hand from a reading of the seeds.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from builder.corpus import load_content
from builder.model import Source
from tests.support.paths import REPO, SEED_CONTENT

EXPECTATIONS: dict[str, Any] = yaml.safe_load((REPO / "tests/data/seed_expectations.yml").read_text(encoding="utf-8"))
FILES = sorted(EXPECTATIONS)


@pytest.fixture(scope="module")
def sources() -> dict[str, Source]:
    loaded = load_content(SEED_CONTENT)
    assert not [d for d in loaded.diagnostics if d.is_error]
    return {s.path.removeprefix("sources/"): s for s in loaded.value.corpus.sources}


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", FILES)
def test_every_line_is_kept_or_removed_with_a_rule(sources: dict[str, Source], name: str) -> None:
    source = sources[name]
    lines = (SEED_CONTENT / "sources" / name).read_text(encoding="utf-8").split("\n")
    pieces: dict[int, list[tuple[int, str]]] = {}
    for paragraph in source.paragraphs:
        pieces.setdefault(paragraph.line, []).append((paragraph.column, paragraph.text))
    for removal in source.removed:
        assert removal.rule, f"line {removal.line} removed without a rule"
        pieces.setdefault(removal.line, []).append((removal.column, removal.text))
    for number, line in enumerate(lines, start=1):
        rebuilt = " ".join(text for _, text in sorted(pieces.get(number, [])))
        assert squash(rebuilt) == squash(line), f"{name}:{number} not conserved"
    assert set(pieces) <= {n for n, line in enumerate(lines, start=1) if line.strip()}


@pytest.mark.parametrize("name", FILES)
def test_no_article_sentence_is_removed(sources: dict[str, Source], name: str) -> None:
    kept = "\n".join(p.text for p in sources[name].paragraphs if p.kind == "text")
    missing = [s for s in EXPECTATIONS[name]["kept"] if s not in kept]
    assert not missing


@pytest.mark.parametrize("name", FILES)
def test_subheadings_are_kept_as_headings(sources: dict[str, Source], name: str) -> None:
    headings = [p.text for p in sources[name].paragraphs if p.kind == "heading"]
    assert headings == EXPECTATIONS[name]["kept_headings"]


@pytest.mark.parametrize("name", FILES)
def test_boilerplate_is_removed(sources: dict[str, Source], name: str) -> None:
    source = sources[name]
    removed_lines = sorted(r.text for r in source.removed if r.whole_line)
    assert removed_lines == sorted(EXPECTATIONS[name]["removed"])
    fragments = sorted(r.text for r in source.removed if not r.whole_line)
    assert fragments == sorted(f.strip() for f in EXPECTATIONS[name]["removed_inline"])
    paragraphs = {p.text for p in source.paragraphs}
    assert not paragraphs & set(EXPECTATIONS[name]["removed"])


@pytest.mark.parametrize("name", FILES)
def test_metadata_is_read_off_the_text(sources: dict[str, Source], name: str) -> None:
    expected = EXPECTATIONS[name]["metadata"]
    meta = sources[name].metadata
    published = meta.published.isoformat() if isinstance(meta.published, dt.date) else None
    assert {"title": meta.title, "outlet": meta.outlet, "author": meta.author, "published": published} == expected


def test_ids_are_readable_and_stable(sources: dict[str, Source]) -> None:
    assert {name: s.id for name, s in sources.items()} == {
        "000_b552c2c3d6dd6ff1.txt": "cnn-indonesia-2025-08-13",
        "001_252420a67f3c89ef.txt": "cnbc-indonesia-2025-08-13",
        "002_8728f98c310d0c69.txt": "idn-times",
        "003_8cc1f86e64e8e9eb.txt": "pertemuan-kim-jong-un-2019-04-25",
        "004_5edefcecc02ee30f.txt": "blog-putin-melepon-kim",  # curated in content/sources.yml
    }


def test_paragraph_anchors_are_sequential(sources: dict[str, Source]) -> None:
    for source in sources.values():
        assert [p.id for p in source.paragraphs] == [f"p{i}" for i in range(1, len(source.paragraphs) + 1)]


def test_weekday_in_date_line_agrees(sources: dict[str, Source]) -> None:
    # "Rabu, 13 Agu 2025" is a Wednesday; a mismatch would be reported as a warning.
    assert sources["000_b552c2c3d6dd6ff1.txt"].metadata.published.weekday() == 2  # type: ignore[union-attr]


def test_source_path_is_relative_to_content(sources: dict[str, Source]) -> None:
    assert all(Path(s.path).parts[0] == "sources" for s in sources.values())
