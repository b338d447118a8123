"""Every check of `explainer check` has a failing fixture (tests/fixtures/checks/cases.md)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from builder import cli, pipeline
from tests.support.paths import SEED_CONTENT

CASES = Path(__file__).parent / "fixtures" / "checks" / "cases.md"


def seeds_with_explainer(root: Path, explainer: str) -> Path:
    content = root / "content"
    shutil.copytree(SEED_CONTENT, content)
    (content / "explainer.md").write_text(explainer, encoding="utf-8")
    return content


@pytest.mark.parametrize(("line", "title", "explainer", "expected"), read_fixture_file(CASES))
def test_check_reports(line: int, title: str, explainer: str, expected: str, tmp_path: Path) -> None:
    result = pipeline.run(seeds_with_explainer(tmp_path, explainer))
    found = [str(d) for d in result.diagnostics if d.at.path == "explainer.md"]
    wanted = [w for w in expected.splitlines() if w.strip()]
    for expectation in wanted:
        assert any(f.startswith(expectation) for f in found), f"{title} (cases.md:{line}): {found}"
    if not wanted:
        assert not [f for f in found if "error" in f], f"{title} (cases.md:{line}): {found}"


def test_errors_fail_the_build_with_exit_code_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = seeds_with_explainer(tmp_path, "Tanpa sumber sama sekali, paragraf ini tidak boleh lolos.\n")
    assert cli.main(["check", "--content", str(content)]) == 1
    site = tmp_path / "out" / "site"
    assert cli.main(["build", "--content", str(content), "--site-dir", str(site)]) == 1
    assert not site.exists()
    assert "explainer.md:1:1: error[uncited-paragraph]" in capsys.readouterr().err


def test_github_annotations(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = seeds_with_explainer(tmp_path, "Putin menelepon Kim [@nope, p1].\n")
    assert cli.main(["check", "--content", str(content), "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert any(
        line.startswith(f"::error file={content.as_posix()}/explainer.md,line=1,col=21,title=unknown-source::")
        for line in lines
    ), lines


def test_seed_explainer_is_clean() -> None:
    result = pipeline.run(SEED_CONTENT)
    assert [str(d) for d in result.diagnostics if d.severity.value != "note"] == []


def test_dates_in_citation_keys_are_not_statements(tmp_path: Path) -> None:
    # "antara" is also Indonesian for "between": `[@antara-2024-01-01, p2]` must not read as
    # "between 2024", a year the cited paragraph does not give.
    content = seeds_with_explainer(tmp_path, "Putin menelepon Kim pada 12 Agustus 2025 [@antara-2024-01-01, p2].\n")
    curation = (content / "sources.yml").read_text(encoding="utf-8")
    (content / "sources.yml").write_text(
        curation + "  000_b552c2c3d6dd6ff1.txt:\n    id: antara-2024-01-01\n", encoding="utf-8"
    )
    result = pipeline.run(content)
    assert [str(d) for d in result.diagnostics if d.is_error] == []


def test_a_date_the_citations_do_not_give_is_located_at_its_words(tmp_path: Path) -> None:
    explainer = "Putin menelepon Kim\npada 14 Agustus 2025 [@cnn-indonesia-2025-08-13, p2].\n"
    result = pipeline.run(seeds_with_explainer(tmp_path, explainer))
    assert [str(d) for d in result.diagnostics if d.is_error] == [
        "explainer.md:2:6: error[date-disagrees]: the paragraph states 2025-08-14, "
        "but none of the paragraphs it cites gives that date"
    ]


def test_a_citation_error_is_located_at_the_citation_not_at_a_lookalike(tmp_path: Path) -> None:
    explainer = "> Putin menelepon Kim, tulis `[@nope]` begini:\n> pada 12 Agustus 2025 [@nope,\n>   p1].\n"
    result = pipeline.run(seeds_with_explainer(tmp_path, explainer))
    [message] = [str(d) for d in result.diagnostics if d.is_error]
    assert message.startswith("explainer.md:2:24: error[unknown-source]: no source with id 'nope'")


def test_a_citation_wrapped_over_two_lines_is_linked_where_it_is(tmp_path: Path) -> None:
    explainer = "Putin menelepon Kim, tulis `[@cnn-indonesia-2025-08-13]` begini:\n[@cnn-indonesia-2025-08-13,\np2].\n"
    result = pipeline.run(seeds_with_explainer(tmp_path, explainer))
    assert result.plan is not None
    [page] = [page for page in result.plan.pages if page.src_uri == "explainer.md"]
    assert "`[@cnn-indonesia-2025-08-13]` begini:\n[<sup>1</sup>" in page.markdown  # the code span left as it is
    assert "(sources/cnn-indonesia-2025-08-13.md#p2){ .ae-cite #cite-1 }." in page.markdown


def test_a_citation_wrapped_into_an_indented_line_becomes_one_link(tmp_path: Path) -> None:
    explainer = "- Putin menelepon Kim pada 12 Agustus 2025 [@cnn-indonesia-2025-08-13,\n  p2] dan berbicara lama.\n"
    result = pipeline.run(seeds_with_explainer(tmp_path, explainer))
    [page] = [p for p in result.plan.pages if p.src_uri == "explainer.md"] if result.plan else []
    assert "[@" not in page.markdown and "p2]" not in page.markdown
    assert page.markdown.rstrip().endswith("{ .ae-cite #cite-1 } dan berbicara lama.")
