"""Rebuilds re-run only what changed: an explainer edit does not re-clean or re-extract."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder import pipeline
from tests.support.paths import SEED_CONTENT


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(SEED_CONTENT, target)
    return target


def count_extractions(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls = [0]
    original = pipeline.extract

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(pipeline, "extract", counting)
    return calls


def test_explainer_edit_reuses_extraction(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = count_extractions(monkeypatch)
    first = pipeline.run(content)
    explainer = content / "explainer.md"
    explainer.write_text(explainer.read_text(encoding="utf-8").replace("Telepon Putin", "Telepon Presiden Putin"))
    second = pipeline.run(content)
    assert calls[0] == 1
    assert first.ok and second.ok
    assert second.corpus.explainer is not None and "Telepon Presiden Putin" in second.corpus.explainer.markdown
    [page] = [p for p in second.plan.pages if p.src_uri == "explainer.md"] if second.plan else []
    assert "Telepon Presiden Putin" in page.markdown


def test_article_or_curation_edit_re_extracts(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = count_extractions(monkeypatch)
    pipeline.run(content)
    actors = content / "actors.yml"
    actors.write_text(actors.read_text(encoding="utf-8").replace("Presiden Rusia", "Presiden Federasi Rusia"))
    result = pipeline.run(content)
    assert calls[0] == 2
    [putin] = [a for a in result.corpus.actors if a.id == "vladimir-putin"]
    assert putin.description == "Presiden Federasi Rusia"


def test_report_lists_the_current_explainer_hash(content: Path) -> None:
    pipeline.run(content)
    (content / "explainer.md").write_text("Baru [@idn-times, p1].\n", encoding="utf-8")
    result = pipeline.run(content)
    hashes = dict(result.corpus.content_files)
    import hashlib

    assert hashes["explainer.md"] == hashlib.sha256(b"Baru [@idn-times, p1].\n").hexdigest()
