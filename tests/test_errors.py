"""Bad input gets a clear error located at path:line:col, never a traceback."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from builder import cli
from builder.corpus import content_fingerprint, load_content

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
    assert sorted(messages(content)) == [
        "sources.yml:3:15: error[duplicate-id]: id `same` is given to both `a.txt` (sources.yml:2:15) and `b.txt`; "
        "every source needs its own id",
        "sources.yml:4:3: error[unknown-source-file]: `c.txt` is not an article in sources/ (known: a.txt, b.txt); "
        "fix the file name or remove the entry",
    ]


def test_duplicate_yaml_keys(bundle: Bundle) -> None:
    content = bundle({"sources/a.txt": ARTICLE, "site.yml": "title: A\ntitle: B\n"})
    assert messages(content) == ["site.yml:2:1: error[yaml-duplicate-key]: duplicate key 'title'"]


def rule_messages(bundle: Bundle, rules: str) -> list[str]:
    return messages(bundle({"sources/a.txt": ARTICLE, "boilerplate.yml": rules}))


def test_bad_rule_regex_is_located_at_the_character(bundle: Bundle) -> None:
    found = rule_messages(bundle, "rules:\n  - id: broken\n    why: test\n    pattern: 'Foto: (unclosed'\n")
    assert found == [
        "boilerplate.yml:4:21: error[rule-regex]: rules[0] (broken) pattern is not a valid regular expression: "
        "missing ), unterminated subpattern"
    ]


def test_bad_rule_regex_after_the_outlets_token_is_located_in_the_rule_as_written(bundle: Bundle) -> None:
    rules = "outlets: [Kompas, Tempo]\nrules:\n  - id: x\n    why: y\n    pattern: ^{outlets} [a-\n"
    [message] = rule_messages(bundle, rules)
    assert message.startswith("boilerplate.yml:5:25: error[rule-regex]: rules[0] (x) pattern")


def test_bad_rule_regex_with_escapes_is_located_at_the_value(bundle: Bundle) -> None:
    """In a double-quoted value `\\d` is written with two characters: columns do not map, so say where."""
    [message] = rule_messages(bundle, 'rules:\n  - id: x\n    why: y\n    pattern: "\\\\d+ (a"\n')
    assert message == (
        "boilerplate.yml:4:14: error[rule-regex]: rules[0] (x) pattern is not a valid regular expression: "
        "missing ), unterminated subpattern (at character 5 of the pattern)"
    )


def test_rule_errors_are_located(bundle: Bundle) -> None:
    rules = (
        "rules:\n"
        "  - {id: twice, why: y, pattern: a}\n"
        "  - {id: twice, why: y, pattern: b}\n"
        "  - {id: block, why: y, kind: block, pattern: a}\n"
        "  - {id: group, why: y, pattern: 'x(?P<evil>a)'}\n"
        "  - {id: end, why: y, kind: block, pattern: a, end: 'b)'}\n"
    )
    assert rule_messages(bundle, rules) == [
        "boilerplate.yml:3:10: error[rule-duplicate]: rule id 'twice' is defined twice (rules[1]; first at "
        "boilerplate.yml:2:10): give this rule another id",
        "boilerplate.yml:4:31: error[rule-block-end]: rules[2] (block): a block rule needs `end`, a pattern for its "
        "last line",
        "boilerplate.yml:5:36: error[rule-group]: rules[3] (group) pattern: unknown capture group(s) evil; use author, "
        "outlet, place, published, timezone, title, weekday",
        "boilerplate.yml:6:55: error[rule-regex]: rules[4] (end) end is not a valid regular expression: "
        "unbalanced parenthesis",
    ]


def test_curated_actors_sharing_an_id_are_an_error(bundle: Bundle) -> None:
    actors = (
        "actors:\n"
        "  - {name: Vladimir Putin, id: putin, kind: person}\n"
        "  - {name: Kim Jong Un, id: putin, kind: person}\n"
        "  - {name: Donald Trump, kind: person}\n"
        "  - {name: Donald  Trump!, kind: person}\n"
    )
    assert messages(bundle({"sources/a.txt": ARTICLE, "actors.yml": actors})) == [
        "actors.yml:3:29: error[duplicate-actor-id]: actor id `putin` is already used by `Vladimir Putin` "
        "(actors.yml:2:32); give each actor its own `id`, or merge the two entries",
        "actors.yml:5:12: error[duplicate-actor-id]: `Donald  Trump!` gets the id `donald-trump` from its name, "
        "already used by `Donald Trump` (actors.yml:4:12); give each actor its own `id`, or merge the two entries",
    ]


def test_a_name_of_two_curated_actors_is_a_warning(bundle: Bundle) -> None:
    actors = (
        "actors:\n"
        "  - {name: Kim Jong Un, kind: person, aliases: [Kim, Kim]}\n"
        "  - {name: Kim Yo Jong, kind: person, aliases: [Kim]}\n"
    )
    assert messages(bundle({"sources/a.txt": ARTICLE, "actors.yml": actors})) == [
        "actors.yml:3:49: warning[shared-actor-name]: `Kim` also names `Kim Jong Un` (actors.yml:2:49), and every "
        "mention of it is credited to `Kim Jong Un`; keep it in one actor's name or aliases only",
    ]


def test_a_file_name_that_is_not_utf8_is_an_error_for_build_too(bundle: Bundle, tmp_path: Path) -> None:
    """The name reaches the build cache key and the build report: neither may fail on it."""
    content = bundle({"sources/a.txt": ARTICLE})
    Path(os.fsdecode(os.fsencode(content / "sources") + b"/b\xff.txt")).write_text(ARTICLE, encoding="utf-8")
    site = tmp_path / "out" / "site"
    assert cli.main(["build", "--content", str(content), "--site-dir", str(site)]) == 1
    hashes = dict(content_fingerprint(content))
    assert "sources/b\\udcff.txt" in hashes  # shown as the error shows it


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
