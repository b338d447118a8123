"""Bad input gets a clear error located at path:line:col, never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from builder import cli
from builder.corpus import load_content

ARTICLE = (
    "Judul Berita Yang Cukup Panjang Di Sini\n\n"
    "Presiden itu mengatakan bahwa pertemuan tersebut berjalan dengan baik dan akan dilanjutkan pekan depan.\n"
)
Bundle = Callable[[dict[str, str | bytes]], Path]


def messages(content: Path) -> list[str]:
    return [str(d) for d in load_content(content).diagnostics]


def test_invalid_utf8_is_located(bundle: Bundle) -> None:
    content = bundle({"sources/a.txt": b"Baris pertama\nBaris \xe9 kedua\n"})
    assert messages(content) == [
        "sources/a.txt:2:7: error[encoding]: byte 0xe9 is not valid UTF-8; save the article as UTF-8"
    ]


def test_empty_article(bundle: Bundle) -> None:
    content = bundle({"sources/a.txt": "  \n\n", "sources/b.txt": ARTICLE})
    assert messages(content) == ["sources/a.txt:1:1: error[empty-article]: the article file is empty"]


def test_bom_and_crlf_are_accepted(bundle: Bundle) -> None:
    content = bundle({"sources/a.txt": "\ufeff" + ARTICLE.replace("\n", "\r\n")})
    loaded = load_content(content)
    assert not loaded.diagnostics
    source = loaded.value.corpus.sources[0]
    assert source.metadata.title == "Judul Berita Yang Cukup Panjang Di Sini"
    assert source.paragraphs[0].line == 3


def test_yaml_syntax_error_is_located(bundle: Bundle) -> None:
    content = bundle({"sources/a.txt": ARTICLE, "sources.yml": "sources:\n  a.txt:\n    title: [unclosed\n"})
    [message] = messages(content)
    assert message.startswith("sources.yml:4:1: error[yaml-syntax]: YAML syntax error")


def test_unknown_key_and_wrong_type_point_at_the_node(bundle: Bundle) -> None:
    content = bundle(
        {
            "sources/a.txt": ARTICLE,
            "sources.yml": "sources:\n  a.txt:\n    auther: X\n    published: not a date\n",
        }
    )
    found = messages(content)
    assert "sources.yml:3:13: error[schema]: sources.a.txt.auther: Extra inputs are not permitted" in found
    assert any(m.startswith("sources.yml:4:16: error[schema]: sources.a.txt.published") for m in found)


def test_curation_of_a_missing_file_and_duplicate_ids(bundle: Bundle) -> None:
    content = bundle(
        {
            "sources/a.txt": ARTICLE,
            "sources/b.txt": ARTICLE,
            "sources.yml": "sources:\n  a.txt: {id: same}\n  b.txt: {id: same}\n  c.txt: {title: X}\n",
        }
    )
    found = messages(content)
    assert any("duplicate-id" in m and "`same`" in m for m in found)
    assert any("unknown-source-file" in m and "`c.txt`" in m for m in found)


def test_duplicate_yaml_keys(bundle: Bundle) -> None:
    content = bundle({"sources/a.txt": ARTICLE, "site.yml": "title: A\ntitle: B\n"})
    assert messages(content) == ["site.yml:2:1: error[yaml-duplicate-key]: duplicate key 'title'"]


def test_bad_rule_regex_is_reported(bundle: Bundle) -> None:
    content = bundle(
        {
            "sources/a.txt": ARTICLE,
            "boilerplate.yml": "rules:\n  - id: broken\n    why: test\n    pattern: '(unclosed'\n",
        }
    )
    [message] = messages(content)
    assert message.startswith("boilerplate.yml: error[rule-regex]: rules[0] (broken) pattern is not a valid")


def test_javascript_url_in_curation_is_rejected(bundle: Bundle) -> None:
    content = bundle({"sources/a.txt": ARTICLE, "sources.yml": "sources:\n  a.txt: {url: 'javascript:alert(1)'}\n"})
    [message] = messages(content)
    assert message.startswith("sources.yml:2:16: error[schema]: sources.a.txt.url")


def test_symlink_out_of_content_is_refused(bundle: Bundle, tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text(ARTICLE, encoding="utf-8")
    content = bundle({"sources/a.txt": ARTICLE})
    (content / "sources" / "link.txt").symlink_to(outside)
    assert messages(content) == [
        "sources/link.txt: error[outside-content]: symlink points outside the content folder; "
        "copy the article in instead"
    ]


def test_check_command_exit_codes(bundle: Bundle, capsys: pytest.CaptureFixture[str]) -> None:
    good = bundle({"sources/a.txt": ARTICLE})
    assert cli.main(["check", "--content", str(good)]) == 0
    bad = bundle({"sources/a.txt": b"\xff\xfe\x00"[:1] + b"x"})
    assert cli.main(["check", "--content", str(bad)]) == 1
    assert "sources/a.txt:1:1: error[encoding]" in capsys.readouterr().err
    assert cli.main(["check", "--content", str(bad.parent / "missing")]) == 2


def test_failed_build_leaves_previous_site(bundle: Bundle, tmp_path: Path) -> None:
    site = tmp_path / "out" / "site"
    good = bundle({"sources/a.txt": ARTICLE})
    assert cli.main(["build", "--content", str(good), "--site-dir", str(site)]) == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    bad = bundle({"sources/a.txt": "", "sources/b.txt": ARTICLE})
    assert cli.main(["build", "--content", str(bad), "--site-dir", str(site)]) == 1
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert [p.name for p in site.parent.iterdir()] == ["site", "build"] or sorted(
        p.name for p in site.parent.iterdir()
    ) == ["build", "site"]
