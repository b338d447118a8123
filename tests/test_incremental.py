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


def fresh_run(content: Path) -> pipeline.BuildResult:
    """A run with every cache dropped, as a new `explainer build` process would do it."""
    for cache in (pipeline._EXTRACTED, pipeline._PLANNED, pipeline._DOWNLOADS):
        cache.clear()
    return pipeline.run(content)


EDITS = [
    pytest.param(lambda text: text.replace("Telepon Putin", "Telepon Presiden Putin"), id="heading"),
    pytest.param(lambda text: text.replace("; @cnbc-indonesia-2025-08-13, p1]", "]", 1), id="citation-removed"),
    pytest.param(lambda text: text.replace("@idn-times, p1]", "@idn-times, p2]"), id="citation-moved"),
    pytest.param(lambda text: text + "\nKim Jong Un menjawab [@idn-times].\n", id="whole-source-cited"),
    pytest.param(lambda text: text.replace("Vladimir Putin", "ia"), id="actor-no-longer-named"),
]


@pytest.mark.parametrize("edit", EDITS)
def test_pages_after_an_explainer_edit_are_those_of_a_fresh_build(content: Path, edit: object) -> None:
    pipeline.run(content)  # fills the caches, as the first build of `mkdocs serve`
    explainer = content / "explainer.md"
    explainer.write_text(edit(explainer.read_text(encoding="utf-8")), encoding="utf-8")  # type: ignore[operator]
    incremental = pipeline.run(content)
    fresh = fresh_run(content)
    assert incremental.ok and fresh.ok, [str(d) for d in fresh.diagnostics if d.is_error]
    assert incremental.plan == fresh.plan
    assert incremental.downloads == fresh.downloads


def test_a_cited_by_mark_follows_the_citation(content: Path) -> None:
    def cited_by_links(result: pipeline.BuildResult) -> tuple[int, int]:
        [page] = [p for p in result.plan.pages if p.src_uri == "sources/idn-times.md"] if result.plan else []
        p1, p2 = (line for line in page.markdown.splitlines() if line.startswith(("[¶1]", "[¶2]")))
        return p1.count("explainer.md#cite-"), p2.count("explainer.md#cite-")

    before = cited_by_links(pipeline.run(content))
    explainer = content / "explainer.md"
    text = explainer.read_text(encoding="utf-8")
    moved = text.count("@idn-times, p1]")
    explainer.write_text(text.replace("@idn-times, p1]", "@idn-times, p2]"), encoding="utf-8")
    after = cited_by_links(pipeline.run(content))
    assert moved and after == (before[0] - moved, before[1] + moved)


def test_own_templates_are_re_rendered_on_every_edit(content: Path) -> None:
    (content / "templates").mkdir()
    (content / "templates" / "index.md.j2").write_text(
        "# Home\n\n{{ corpus.explainer.markdown.splitlines()[0] }}\n", encoding="utf-8"
    )
    pipeline.run(content)
    explainer = content / "explainer.md"
    explainer.write_text(explainer.read_text(encoding="utf-8").replace("Telepon Putin", "Telepon Presiden Putin"))
    [home] = [
        p for p in (pipeline.run(content).plan or pipeline.SitePlan(pages=(), nav=())).pages if p.src_uri == "index.md"
    ]
    assert "Telepon Presiden Putin" in home.markdown
