"""Broken input, with real files on disk and the real command line.

Encodings, line ends, invisible and misleading characters, empty and binary files, very large
and very many articles, odd file names and file types, broken YAML, usage errors; and what a
build may touch: nothing but its site folder and `build/` beside it, never the network, and
never the previous site when it fails.

Encoding policy (builder/sources.py): UTF-8, with or without a byte-order mark, or UTF-16/32
with one. Anything else is an error at the first byte that does not fit; no encoding is guessed.
Bidirectional controls, mojibake and control characters are warnings (which fail `--strict`
builds, as mkdocs.yml asks); zero-width characters are notes.
"""

from __future__ import annotations

import codecs
import datetime as dt
import gc
import hashlib
import os
import re
import shutil
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from builder import cli
from builder.corpus import load_content
from builder.diagnostics import Diagnostic
from builder.extract.actors import extract_actors
from builder.extract.sentences import split_sentences
from builder.model import Actor, Metadata, Paragraph, RawSource, Source
from tests.support.paths import MKDOCS_YML, REPO, SEED_CONTENT

Bundle = Callable[[dict[str, str | bytes]], Path]
T = TypeVar("T")

HEADLINE = "Judul Berita Yang Cukup Panjang Di Sini"
BODY = "Presiden itu mengatakan bahwa pertemuan tersebut berjalan dengan baik dan akan dilanjutkan pekan depan."
ARTICLE = f"{HEADLINE}\n\n{BODY}\n"
# Characters outside ASCII and Latin-1's reach, in a real sentence.
ACCENTED = "Menurut “sumber” itu, kafé dan naïve — kata mereka — berjalan dengan baik dan akan dilanjutkan pekan depan."
ZERO_WIDTH_WORD = "perte\u200bmuan"
NEW_CODES = {"bidi-control", "mojibake", "control-character", "invisible-character", "file-name", "not-a-file"}


# --- Helpers ---------------------------------------------------------------------------------


def diagnostics(content: Path) -> list[Diagnostic]:
    return sorted(load_content(content).diagnostics)


def messages(content: Path) -> list[str]:
    return [str(d) for d in diagnostics(content)]


def main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """The command line in this process: exit code and standard error."""
    try:
        code = cli.main(list(args))
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code if isinstance(exc.code, int) else 2
    return code, capsys.readouterr().err


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """The command line in a fresh interpreter, as a contributor runs it."""
    return subprocess.run(
        [sys.executable, "-m", "builder.cli", *args],
        cwd=cwd or REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def build_args(content: Path, site: Path) -> list[str]:
    return ["build", "--content", str(content), "--site-dir", str(site), "--config", str(MKDOCS_YML)]


def tree(root: Path) -> dict[str, tuple[str, int]]:
    """Every file under root: (sha256, mode); folders as ("dir", mode)."""
    found: dict[str, tuple[str, int]] = {}
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        key = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[key] = (f"-> {path.readlink()}", info.st_mode)
        elif path.is_dir():
            found[key] = ("dir", info.st_mode)
        else:
            found[key] = (hashlib.sha256(path.read_bytes()).hexdigest(), info.st_mode)
    return found


def position_of(data: bytes, needle: bytes) -> str:
    offset = data.index(needle)
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"{line}:{column}"


# --- Encodings -------------------------------------------------------------------------------

UNICODE_TEXT = f"{HEADLINE}\n\n{ACCENTED}\n"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(codecs.BOM_UTF8 + UNICODE_TEXT.encode("utf-8"), id="utf-8-bom"),
        pytest.param(codecs.BOM_UTF16_LE + UNICODE_TEXT.encode("utf-16-le"), id="utf-16-le-bom"),
        pytest.param(codecs.BOM_UTF16_BE + UNICODE_TEXT.encode("utf-16-be"), id="utf-16-be-bom"),
        pytest.param(codecs.BOM_UTF32_LE + UNICODE_TEXT.encode("utf-32-le"), id="utf-32-le-bom"),
        pytest.param(codecs.BOM_UTF32_BE + UNICODE_TEXT.encode("utf-32-be"), id="utf-32-be-bom"),
    ],
)
def test_unicode_with_a_byte_order_mark_is_read_exactly(bundle: Bundle, data: bytes) -> None:
    content = bundle({"sources/a.txt": data})
    loaded = load_content(content)
    assert not loaded.diagnostics
    [source] = loaded.value.corpus.sources
    assert source.metadata.title == HEADLINE  # no byte-order mark glued to the headline
    assert [p.text for p in source.paragraphs] == [ACCENTED]
    assert source.raw.sha256 == hashlib.sha256(data).hexdigest()  # of the bytes as they are on disk


@pytest.mark.parametrize(
    ("codec", "first"),
    [("cp1252", "“".encode("cp1252")), ("latin-1", "é".encode("latin-1"))],
    ids=["windows-1252", "latin-1"],
)
def test_legacy_encodings_are_a_located_error(bundle: Bundle, codec: str, first: bytes) -> None:
    text = UNICODE_TEXT if codec == "cp1252" else UNICODE_TEXT.replace("“", '"').replace("”", '"').replace("—", "-")
    data = text.encode(codec)
    content = bundle({"sources/a.txt": data})
    assert messages(content) == [
        f"sources/a.txt:{position_of(data, first)}: error[encoding]: byte 0x{first[0]:02x} is not valid UTF-8; "
        "save the article as UTF-8"
    ]


@pytest.mark.parametrize("order", ["le", "be"])
def test_utf16_without_a_byte_order_mark_is_named(bundle: Bundle, order: str) -> None:
    content = bundle({"sources/a.txt": UNICODE_TEXT.encode(f"utf-16-{order}")})
    assert messages(content) == [
        f"sources/a.txt:1:1: error[encoding]: this looks like UTF-16 ({order.upper()}) without a byte-order mark; "
        "save the article as UTF-8"
    ]


def test_broken_utf16_is_located(bundle: Bundle) -> None:
    data = codecs.BOM_UTF16_LE + "Baris satu\nBaris dua ".encode("utf-16-le") + b"\x00\xd8" + "x".encode("utf-16-le")
    content = bundle({"sources/a.txt": data})
    [message] = messages(content)
    assert message.startswith("sources/a.txt:2:11: error[encoding]: broken UTF-16 text: illegal UTF-16 surrogate")


@pytest.mark.parametrize(
    ("raw", "lines"),
    [
        pytest.param(f"{HEADLINE}\r\n\r\n{BODY}\r\n\r\n{ACCENTED}\r\n", [3, 5], id="crlf"),
        pytest.param(f"{HEADLINE}\r\r{BODY}\r\r{ACCENTED}\r", [3, 5], id="lone-cr"),
        pytest.param(f"{HEADLINE}\r\n\r{BODY}\n\r\n{ACCENTED}", [3, 5], id="mixed"),
    ],
)
def test_line_ends_count_as_an_editor_counts_them(bundle: Bundle, raw: str, lines: list[int]) -> None:
    content = bundle({"sources/a.txt": raw.encode("utf-8")})
    loaded = load_content(content)
    assert not loaded.diagnostics
    [source] = loaded.value.corpus.sources
    assert [(p.line, p.text) for p in source.paragraphs] == list(zip(lines, [BODY, ACCENTED], strict=True))
    assert "\r" not in source.raw.text


def test_no_break_spaces_are_kept_without_comment(bundle: Bundle) -> None:
    body = BODY.replace("pertemuan tersebut", "pertemuan\u00a0tersebut")
    content = bundle({"sources/a.txt": f"{HEADLINE}\n\n{body}\n"})
    loaded = load_content(content)
    assert not loaded.diagnostics
    assert loaded.value.corpus.sources[0].paragraphs[0].text == body


def test_zero_width_characters_are_kept_with_a_note(bundle: Bundle) -> None:
    body = BODY.replace("pertemuan", "perte\u200bmuan").replace("baik", "ba\u2060ik")
    content = bundle({"sources/a.txt": f"{HEADLINE}\n\n{body}\n"})
    loaded = load_content(content)
    [note] = loaded.diagnostics
    assert str(note) == (
        f"sources/a.txt:3:{body.index(chr(0x200B)) + 1}: note[invisible-character]: invisible character U+200B "
        "(ZERO WIDTH SPACE) (1 more in this file); kept as is, but a word containing it matches neither a search "
        "nor a citation's words"
    )
    assert loaded.value.corpus.sources[0].paragraphs[0].text == body  # nothing removed


@pytest.mark.parametrize(
    "control", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
)
def test_every_bidi_control_is_a_located_warning(bundle: Bundle, control: str) -> None:
    body = BODY.replace("pertemuan", f"{control}pertemuan")
    content = bundle({"sources/a.txt": f"{HEADLINE}\n\n{body}\n"})
    [warning] = diagnostics(content)
    assert warning.severity.value == "warning" and warning.code == "bidi-control"
    assert str(warning.at) == f"sources/a.txt:3:{body.index(control) + 1}"
    assert f"U+{ord(control):04X}" in warning.message and "Trojan Source" in warning.message


def test_trojan_source_line_reports_each_control(bundle: Bundle) -> None:
    """The CVE-2021-42574 shape: an override and isolates that make a comment read as code."""
    line = "Harga naik \u202e \u2066// 10%\u2069 \u2066 turun\u2069 kata menteri itu dalam rapat yang berlangsung lama."
    content = bundle({"sources/a.txt": f"{HEADLINE}\n\n{BODY}\n{line}\n"})
    found = [(d.code, d.at.line, d.at.column) for d in diagnostics(content)]
    columns = [i + 1 for i, ch in enumerate(line) if ch in "\u202e\u2066\u2069"]
    assert found == [("bidi-control", 4, column) for column in columns]


def test_more_than_ten_bidi_controls_are_counted(bundle: Bundle) -> None:
    line = "Teks " + "\u202e x " * 15 + "yang berlangsung lama sekali."
    content = bundle({"sources/a.txt": f"{HEADLINE}\n\n{line}\n"})
    found = diagnostics(content)
    assert len(found) == 10
    assert "(5 more in this file)" in found[-1].message


@pytest.mark.parametrize(
    ("garbled", "meant"),
    [("Ã©", "é"), ("Â\u00a0", "\u00a0"), ("â€™", "’"), ("â€œ", "“"), ("Ã¼", "ü"), ("ðŸ˜€", "😀")],
)
def test_mojibake_is_a_located_warning(bundle: Bundle, garbled: str, meant: str) -> None:
    body = BODY.replace("pertemuan", f"pertemuan {garbled}kafe")
    content = bundle({"sources/a.txt": f"{HEADLINE}\n\n{body}\n"})
    [warning] = diagnostics(content)
    assert warning.code == "mojibake" and warning.severity.value == "warning"
    assert str(warning.at) == f"sources/a.txt:3:{body.index(garbled) + 1}"
    assert repr(meant) in warning.message


def test_a_no_break_space_turned_into_a_capital_a_and_a_space_is_mojibake(bundle: Bundle) -> None:
    body = BODY.replace("pertemuan tersebut", "pertemuanÂ tersebut")
    content = bundle({"sources/a.txt": f"{HEADLINE}\n\n{body}\n"})
    [warning] = diagnostics(content)
    assert warning.code == "mojibake" and warning.at.column == body.index("Â") + 1


def test_replacement_characters_are_a_warning(bundle: Bundle) -> None:
    body = BODY.replace("pertemuan", "perte\ufffd\ufffduan")
    content = bundle({"sources/a.txt": f"{HEADLINE}\n\n{body}\n"})
    [warning] = diagnostics(content)
    assert (warning.code, warning.at.line, warning.at.column) == ("mojibake", 3, body.index("\ufffd") + 1)
    assert "(1 more in this file)" in warning.message


@pytest.mark.parametrize("control", ["\x1b", "\x07", "\x0c", "\x7f", "\x85"])
def test_control_characters_are_a_warning(bundle: Bundle, control: str) -> None:
    body = BODY.replace("pertemuan", f"pertemuan{control}[31m")
    content = bundle({"sources/a.txt": f"{HEADLINE}\n\n{body}\n"})
    [warning] = diagnostics(content)
    assert (warning.code, warning.at.line, warning.at.column) == ("control-character", 3, body.index(control) + 1)


def test_real_text_raises_no_character_warnings() -> None:
    """No false alarms on the seeds and the English example: accents, typographic quotes, NBSP."""
    for content in (SEED_CONTENT, REPO / "examples" / "uk-prorogation-2019"):
        assert not [d for d in load_content(content).diagnostics if d.code in NEW_CODES], content


@pytest.mark.parametrize(
    "data",
    [b"", b"  \n\n\t\n", b"\r\n\r\n", codecs.BOM_UTF8, "\u200b\u202e \n\ufeff".encode(), codecs.BOM_UTF16_LE],
    ids=["empty", "whitespace", "crlf-only", "bom-only", "invisible-only", "utf16-bom-only"],
)
def test_empty_articles_are_an_error(bundle: Bundle, data: bytes) -> None:
    content = bundle({"sources/a.txt": data, "sources/b.txt": ARTICLE})
    assert messages(content) == ["sources/a.txt:1:1: error[empty-article]: the article file is empty"]


def test_binary_files_are_an_error(bundle: Bundle) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
    nul_in_utf16 = codecs.BOM_UTF16_LE + "Baris satu\nBa\x00ris dua".encode("utf-16-le")
    content = bundle({"sources/a.txt": png, "sources/b.txt": nul_in_utf16, "sources/c.txt": ARTICLE})
    assert messages(content) == [
        "sources/a.txt:3:1: error[binary-file]: file contains NUL bytes: this looks like a binary file, not an article",
        "sources/b.txt:2:3: error[binary-file]: file contains NUL characters: this looks like a binary file, "
        "not an article",
    ]


def test_encoding_errors_stop_the_command_line(bundle: Bundle, capsys: pytest.CaptureFixture[str]) -> None:
    content = bundle({"sources/a.txt": UNICODE_TEXT.encode("cp1252"), "sources/b.txt": ARTICLE})
    code, err = main(capsys, "check", "--content", str(content))
    assert code == 1
    assert "sources/a.txt:3:9: error[encoding]: byte 0x93 is not valid UTF-8" in err
    assert "Traceback" not in err


@pytest.mark.slow
def test_odd_but_valid_text_builds(bundle: Bundle, tmp_path: Path) -> None:
    """Every readable variant at once, through a real build: BOMs, UTF-16, line ends, NBSP, zero-width."""
    files: dict[str, str | bytes] = {
        "sources/a-bom.txt": codecs.BOM_UTF8 + f"Berita Satu Dengan Tanda Urutan\n\n{ACCENTED}\n".encode(),
        "sources/b-utf16le.txt": codecs.BOM_UTF16_LE
        + f"Berita Dua Dalam UTF Enam Belas\n\n{BODY}\n".encode("utf-16-le"),
        "sources/c-utf16be.txt": codecs.BOM_UTF16_BE
        + f"Berita Tiga Dalam UTF Big Endian\r\n\r\n{ACCENTED}\r\n".encode("utf-16-be"),
        "sources/d-cr.txt": f"Berita Empat Dengan Akhir Baris CR\r\r{BODY}\r".encode(),
        "sources/e-nbsp.txt": f"Berita Lima\u00a0Dengan Spasi Keras\n\n{BODY.replace(' ', chr(0xA0), 3)}\n",
        "sources/f-zw.txt": f"Berita Enam Dengan Lebar Nol\n\n{BODY.replace('pertemuan', ZERO_WIDTH_WORD)}\n",
    }
    content = bundle(files)
    site = tmp_path / "out" / "site"
    assert cli.main(build_args(content, site)) == 0
    from tests.test_hostile_corpus import soup_of

    pages = {p.name: p.read_text(encoding="utf-8") for p in (site / "sources").glob("*.html") if p.name != "index.html"}
    assert len(pages) == len(files)
    shown = " ".join(" ".join(soup_of(page).get_text().split()) for page in pages.values())
    for name, data in files.items():
        raw = data if isinstance(data, str) else _decoded(data)
        body = raw.replace("\r", "\n").strip().split("\n")[-1]
        assert " ".join(body.split()) in shown, name
    assert not any("\ufeff" in page or "\r" in page for page in pages.values())


def _decoded(data: bytes) -> str:
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec)
    return data.decode("utf-8")


# --- Size ------------------------------------------------------------------------------------


def growth(make: Callable[[int], T], work: Callable[[T], object], size: int) -> float:
    """How many times longer `work` takes on 4 times the input: about 4 if linear, 16 if quadratic."""

    def best(n: int, runs: int) -> float:
        data = make(n)
        times = []
        for _ in range(runs):
            gc.collect()
            gc.disable()  # the collector's pauses grow with the heap, not with the algorithm
            try:
                start = time.perf_counter()
                work(data)
                times.append(time.perf_counter() - start)
            finally:
                gc.enable()
        return min(times)

    return best(4 * size, 2) / best(size, 3)


def scales_linearly(make: Callable[[int], T], work: Callable[[T], object], size: int, *, attempts: int = 1) -> bool:
    """Linear if any attempt shows it: a busy machine can slow one measurement, never speed one up.

    Known-quadratic code is measured once (its growth is 10-20 at the sizes used here).
    """
    return any(growth(make, work, size) < LINEAR for _ in range(attempts))


LINEAR = 7.0  # growth below this for 4x the input: linear with room for noise (quadratic gives 10-16)
DATED_SENTENCE = "Presiden Kim bertemu Putin di Moskow pada 12 Agustus 2025 bersama 300 tentara. "
QUOTE = '"Kami setuju," kata Putin. '


def one_paragraph_source(texts: list[str]) -> Source:
    """A source with these paragraphs, as cleaning would hand it to the extractors."""
    paragraphs = tuple(
        Paragraph(id=f"p{n}", text=text, kind="text", line=n, column=1) for n, text in enumerate(texts, start=1)
    )
    raw = RawSource(path="sources/a.txt", text="\n".join(texts), sha256="", size=0)
    return Source(
        id="a",
        raw=raw,
        metadata=Metadata(published=dt.date(2025, 8, 13), language="id"),
        paragraphs=paragraphs,
        removed=(),
    )


@pytest.mark.parametrize(
    "sentence", [DATED_SENTENCE, QUOTE, 'Ia berkata "Halo. Apa kabar. ', "Dr. A. Putin dkk. tiba. "], ids=str
)
def test_sentence_splitting_is_linear(sentence: str) -> None:
    assert scales_linearly(lambda n: sentence * n, lambda text: split_sentences(str(text)), 10_000, attempts=3)


@pytest.mark.slow
def test_quote_extraction_is_linear_in_paragraph_length() -> None:
    from builder.extract.quotes import extract_quotes

    actors = extract_actors((one_paragraph_source([QUOTE]),))
    assert scales_linearly(lambda n: one_paragraph_source([QUOTE * n]), lambda s: extract_quotes(s, actors), 120)


@pytest.mark.slow
def test_actor_discovery_is_linear_in_paragraph_length() -> None:
    assert scales_linearly(lambda n: one_paragraph_source([DATED_SENTENCE * n]), lambda s: extract_actors((s,)), 400)


@pytest.mark.slow
def test_event_extraction_is_linear_in_article_length() -> None:
    from builder.events import extract_events

    def make(n: int) -> tuple[Source, tuple[Actor, ...]]:
        source = one_paragraph_source([DATED_SENTENCE] * n)
        return source, extract_actors((source,))

    assert scales_linearly(make, lambda pair: extract_events((pair[0],), pair[1]), 400)


@pytest.mark.slow
def test_quantity_extraction_is_linear_in_article_length() -> None:
    from builder.extract.dates import find_dates
    from builder.extract.quantities import extract_quantities

    def make(n: int) -> tuple[Source, tuple[()], list[tuple[str, int, int]]]:
        source = one_paragraph_source([DATED_SENTENCE * n])
        text = DATED_SENTENCE * n
        dates = [("p1", f.start, f.end) for f in find_dates(text, dt.date(2025, 8, 13), "id")]
        return source, (), dates  # no actors: attribution is not what is measured

    assert scales_linearly(make, lambda t: extract_quantities(t[0], t[1], t[2]), 600)


TEN_MB = 10 * 1024 * 1024


def big_article(size: int) -> str:
    paragraphs = [line for line in (SEED_CONTENT / "sources" / "000_b552c2c3d6dd6ff1.txt").read_text().split("\n")]
    body = [p for p in paragraphs if len(p) > 120]
    out, length, n = [HEADLINE, ""], 0, 0
    while length < size:
        line = f"{body[n % len(body)]} Bagian {n} dari laporan."
        out.append(line)
        length += len(line.encode()) + 1
        n += 1
    return "\n".join(out) + "\n"


@pytest.mark.slow
def test_ten_megabyte_article_is_checked_in_reasonable_time(bundle: Bundle) -> None:
    content = bundle({"sources/big.txt": big_article(TEN_MB)})
    start = time.perf_counter()
    result = run_cli("check", "--content", str(content), timeout=120)
    assert result.returncode == 0, result.stderr
    assert time.perf_counter() - start < 120


@pytest.mark.slow
def test_two_thousand_articles_are_checked(tmp_path: Path) -> None:
    """A full build of 2,000 tiny articles takes ~100 s (and 1.4 GB, see below): `check` only."""
    sources = tmp_path / "content" / "sources"
    sources.mkdir(parents=True)
    for n in range(2000):
        (sources / f"{n:04d}.txt").write_text(
            f"Judul Berita Kecil Nomor {n} Tentang Sesuatu\n\n{BODY.replace('pertemuan', f'pertemuan {n}')}\n",
            encoding="utf-8",
        )
    start = time.perf_counter()
    result = run_cli("check", "--content", str(tmp_path / "content"))
    elapsed = time.perf_counter() - start
    assert result.returncode == 0, result.stderr[-2000:]
    assert "2000 sources checked: 0 errors, 0 warnings" in result.stderr
    assert elapsed < 60, f"check of 2,000 articles took {elapsed:.1f} s"  # 6 s when written


@pytest.mark.slow
def test_pages_do_not_grow_with_the_number_of_sources(tmp_path: Path) -> None:
    def page_size(count: int) -> int:
        sources = tmp_path / f"c{count}" / "sources"
        sources.mkdir(parents=True)
        for n in range(count):
            (sources / f"{n:04d}.txt").write_text(f"Judul Berita Kecil Nomor {n} Tentang Sesuatu\n\n{BODY}\n")
        site = tmp_path / f"out{count}" / "site"
        assert cli.main(build_args(sources.parent, site)) == 0
        return max(p.stat().st_size for p in (site / "sources").glob("judul-*.html"))

    assert page_size(200) < 1.5 * page_size(20)


# --- Duplicates, file names, file types -----------------------------------------------------


def test_identical_articles_are_both_kept_with_distinct_ids(bundle: Bundle) -> None:
    content = bundle({"sources/a.txt": ARTICLE, "sources/b.txt": ARTICLE})
    loaded = load_content(content)
    assert not [d for d in loaded.diagnostics if d.is_error]
    ids = [s.id for s in loaded.value.corpus.sources]
    assert len(ids) == 2 and len(set(ids)) == 2
    assert [s.path for s in loaded.value.corpus.sources] == ["sources/a.txt", "sources/b.txt"]


ODD_NAMES = ["a b.txt", "ü.txt", "$(rm -rf x);.txt", "x'\"<>.txt", "-n.txt", "😀 #1 & 100%.txt"]


@pytest.mark.slow
def test_odd_file_names_and_twin_articles_build(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    for n, name in enumerate(ODD_NAMES):
        (content / "sources" / name).write_text(f"Berita Nomor {n} Dengan Nama Berkas Aneh\n\n{BODY}\n")
    twin = content / "sources" / "twin.txt"
    twin.write_bytes((content / "sources" / ODD_NAMES[0]).read_bytes())  # identical to a b.txt
    cwd = tmp_path / "cwd"
    (cwd / "x").mkdir(parents=True)  # what `$(rm -rf x)` would delete, were the name ever run by a shell
    result = run_cli(*build_args(content, tmp_path / "out" / "site"), cwd=cwd)
    assert result.returncode == 0, result.stderr
    assert (cwd / "x").is_dir()
    pages = {p.read_text(encoding="utf-8") for p in (tmp_path / "out" / "site" / "sources").glob("*.html")}
    assert len(pages) == len(ODD_NAMES) + 2  # one page per article, twins included, and the index
    from tests.test_hostile_corpus import soup_of

    shown = " ".join(" ".join(soup_of(page).get_text().split()) for page in pages)
    for name in ODD_NAMES:
        assert f"sources/{name}" in shown, name


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        pytest.param(b"line\nbreak.txt", "sources/line\\nbreak.txt", id="newline"),
        pytest.param("gpj\u202e.txt".encode(), "sources/gpj\\u202e.txt", id="bidi-override"),
        pytest.param(
            b"bad\xff.txt",
            "sources/bad\\udcff.txt",
            id="not-utf-8",
        ),
    ],
)
def test_unprintable_file_names_are_an_error(
    bundle: Bundle, capsys: pytest.CaptureFixture[str], name: bytes, shown: str
) -> None:
    content = bundle({"sources/ok.txt": ARTICLE})
    # Path cannot hold an undecodable name; the operating system's bytes interface can.
    descriptor = os.open(os.fsencode(content / "sources") + b"/" + name, os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(descriptor, ARTICLE.encode())
    os.close(descriptor)
    code, err = main(capsys, "check", "--content", str(content))
    assert code == 1
    assert f"{shown}: error[file-name]: the file name holds control characters" in err
    assert "Traceback" not in err


def test_github_annotations_escape_file_names(bundle: Bundle, capsys: pytest.CaptureFixture[str]) -> None:
    content = bundle({"sources/a,title=pwned:x%0A.txt": "  \n", "sources/b.txt": ARTICLE})
    cli.main(["check", "--content", str(content), "--format", "github"])
    [line] = [line for line in capsys.readouterr().out.splitlines() if line.startswith("::error")]
    assert "a%2Ctitle=pwned%3Ax%250A.txt" in line
    assert line.count(",title=") == 1


def test_symlink_out_of_the_content_folder_is_refused(
    bundle: Bundle, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(ARTICLE, encoding="utf-8")
    content = bundle({"sources/a.txt": ARTICLE})
    (content / "sources" / "link.txt").symlink_to(secret)
    (content / "sources" / "inside.txt").symlink_to(content / "sources" / "a.txt")  # inside: fine
    code, err = main(capsys, "check", "--content", str(content))
    assert code == 1
    assert "sources/link.txt: error[outside-content]" in err
    assert "inside.txt" not in err


def test_a_folder_named_like_an_article_is_skipped(bundle: Bundle) -> None:
    content = bundle({"sources/a.txt": ARTICLE, "sources/x.txt/inner.txt": ARTICLE})
    assert messages(content) == [
        "sources/x.txt: warning[not-an-article]: ignored: this is a folder; articles are text files"
    ]


def test_a_broken_symlink_is_an_error(bundle: Bundle) -> None:
    content = bundle({"sources/a.txt": ARTICLE})
    (content / "sources" / "gone.txt").symlink_to(content / "sources" / "nowhere.txt")
    assert messages(content) == [
        "sources/gone.txt: error[not-a-file]: broken symlink: the file it points to does not exist"
    ]


def test_a_fifo_named_like_an_article_does_not_hang(bundle: Bundle) -> None:
    content = bundle({"sources/a.txt": ARTICLE})
    os.mkfifo(content / "sources" / "pipe.txt")
    result = run_cli("check", "--content", str(content), timeout=30)
    assert result.returncode == 0
    assert "sources/pipe.txt: warning[not-an-article]: ignored: this is not a regular file" in result.stderr


# --- Broken YAML -----------------------------------------------------------------------------


YAML_CASES = [
    pytest.param(
        "sources.yml", "sources:\n  a.txt:\n    title: [unclosed\n", r"4:1: error\[yaml-syntax\]", id="sources-syntax"
    ),
    pytest.param("sources.yml", "sources:\n  a.txt:\n    title: 5\n", r"3:12: error\[schema\]", id="sources-type"),
    pytest.param("sources.yml", "sources:\n  a.txt: [x]\n", r"2:10: error\[schema\]", id="sources-entry-type"),
    pytest.param(
        "sources.yml", "sources:\n  a.txt:\n    auther: X\n", r"3:13: error\[schema\]", id="sources-unknown-key"
    ),
    pytest.param("sources.yml", "source:\n  a.txt: {}\n", r"\d+:\d+: error\[schema\]", id="sources-unknown-top-key"),
    pytest.param(
        "sources.yml",
        "sources:\n  a.txt: {}\n  a.txt: {}\n",
        r"3:3: error\[yaml-duplicate-key\]",
        id="sources-duplicate-key",
    ),
    pytest.param(
        "sources.yml",
        "sources:\n  a.txt: {published: 2025-13-45}\n",
        r"2:\d+: error\[",
        id="sources-impossible-date",
    ),
    pytest.param(
        "sources.yml",
        "sources:\n  a.txt: {published: 'next tuesday'}\n",
        r"2:\d+: error\[schema\]",
        id="sources-bad-date",
    ),
    pytest.param(
        "sources.yml",
        "sources:\n  a.txt: {url: 'javascript:alert(1)'}\n",
        r"2:16: error\[schema\]",
        id="sources-bad-url",
    ),
    pytest.param(
        "sources.yml",
        "sources:\n  a.txt: {id: same}\n  b.txt: {id: same}\n",
        r"3:\d+: error\[duplicate-id\]",
        id="sources-duplicate-id",
    ),
    pytest.param(
        "sources.yml",
        "sources:\n  c.txt: {title: X}\n",
        r"2:3: error\[unknown-source-file\]",
        id="sources-unknown-file",
    ),
    pytest.param("site.yml", "title: 'unclosed\n", r"\d+:\d+: error\[yaml-syntax\]", id="site-syntax"),
    pytest.param("site.yml", "title: [a, b]\n", r"1:8: error\[schema\]", id="site-type"),
    pytest.param("site.yml", "titel: X\n", r"1:8: error\[schema\]", id="site-unknown-key"),
    pytest.param("site.yml", "language: Indonesian\n", r"1:11: error\[schema\]", id="site-language"),
    pytest.param("site.yml", "title: A\ntitle: B\n", r"2:1: error\[yaml-duplicate-key\]", id="site-duplicate-key"),
    pytest.param("site.yml", "- title\n", r"1:1: error\[schema\]", id="site-not-a-mapping"),
    pytest.param("actors.yml", "actors:\n  - name: [x\n", r"\d+:\d+: error\[yaml-syntax\]", id="actors-syntax"),
    pytest.param("actors.yml", "actors:\n  - name: X\n    kind: alien\n", r"3:11: error\[schema\]", id="actors-kind"),
    pytest.param(
        "actors.yml",
        "actors:\n  - {name: X, kind: person, extra: 1}\n",
        r"2:\d+: error\[schema\]",
        id="actors-unknown-key",
    ),
    pytest.param("actors.yml", "actors: {name: X}\n", r"1:9: error\[schema\]", id="actors-type"),
    pytest.param(
        "actors.yml",
        "actors:\n  - {name: X, kind: person, aliases: Y}\n",
        r"2:\d+: error\[schema\]",
        id="actors-aliases-type",
    ),
    pytest.param(
        "actors.yml",
        "actors:\n  - {name: Vladimir Putin, id: putin, kind: person}\n"
        "  - {name: Kim Jong Un, id: putin, kind: person}\n",
        r"3:\d+: error\[",
        id="actors-duplicate-id",
    ),
    pytest.param(
        "boilerplate.yml", "rules:\n  - id: x\n   why: y\n", r"\d+:\d+: error\[yaml-syntax\]", id="rules-syntax"
    ),
    pytest.param(
        "boilerplate.yml",
        "rules:\n  - {id: x, why: y, pattern: z, wat: 1}\n",
        r"2:\d+: error\[schema\]",
        id="rules-unknown-key",
    ),
    pytest.param("boilerplate.yml", "rules: {id: x}\n", r"1:8: error\[schema\]", id="rules-type"),
    pytest.param(
        "boilerplate.yml",
        "rules:\n  - {id: x, why: y, pattern: z, kind: nope}\n",
        r"2:\d+: error\[schema\]",
        id="rules-kind",
    ),
    pytest.param(
        "boilerplate.yml", "rules:\n  - {id: Bad Id, why: y, pattern: z}\n", r"2:\d+: error\[schema\]", id="rules-id"
    ),
    pytest.param(
        "boilerplate.yml",
        "rules:\n  - {id: x, why: y, pattern: '(unclosed'}\n",
        r"2:\d+: error\[rule-regex\]",
        id="rules-regex",
    ),
    pytest.param(
        "boilerplate.yml",
        "rules:\n  - {id: x, why: y, pattern: a}\n  - {id: x, why: y, pattern: b}\n",
        r"3:\d+: error\[rule-duplicate\]",
        id="rules-duplicate-id",
    ),
    pytest.param(
        "boilerplate.yml",
        "rules:\n  - {id: x, why: y, kind: block, pattern: a}\n",
        r"2:\d+: error\[rule-block-end\]",
        id="rules-block-end",
    ),
    pytest.param(
        "boilerplate.yml",
        "rules:\n  - {id: x, why: y, pattern: '(?P<evil>a)'}\n",
        r"2:\d+: error\[rule-group\]",
        id="rules-group",
    ),
    pytest.param(
        "site.yml",
        "title: !foo bar\n",
        r"1:8: error\[",
        id="unknown-tag",
    ),
    pytest.param(
        "site.yml",
        "? [a, b]\n: x\n",
        r"1:\d+: error\[",
        id="unhashable-key",
    ),
    pytest.param(
        "site.yml",
        "a: &a [*a]\n",
        r"1:\d+: error\[",
        id="recursive-alias",
    ),
    pytest.param(
        "site.yml",
        "title: " + "[" * 3000 + "]" * 3000 + "\n",
        r"1:\d+: error\[",
        id="deep-nesting",
    ),
    pytest.param(
        "site.yml",
        b"title: caf\xe9\n",
        r"1:11: error\[encoding\]",
        id="not-utf-8",
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), YAML_CASES)
def test_broken_yaml_is_a_located_content_error(
    bundle: Bundle, capsys: pytest.CaptureFixture[str], name: str, text: str | bytes, expected: str
) -> None:
    content = bundle({"sources/a.txt": ARTICLE, "sources/b.txt": ARTICLE.replace("Sini", "Sana"), name: text})
    code, err = main(capsys, "check", "--content", str(content))
    assert "Traceback" not in err
    assert re.search(rf"^{re.escape(name)}:{expected}", err, re.MULTILINE), err
    assert code == 1, err


def test_yaml_alias_bomb_is_refused_quickly(bundle: Bundle) -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefg", "bcdefgh", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    content = bundle({"sources/a.txt": ARTICLE, "site.yml": "\n".join(lines) + "\n"})
    try:
        result = run_cli("check", "--content", str(content), timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail("check did not finish in 20 s")
    assert result.returncode == 1 and re.search(r"^site\.yml:\d+:\d+: error\[", result.stderr, re.MULTILINE)


def test_a_publication_date_at_the_end_of_the_calendar_is_not_an_internal_error(
    bundle: Bundle, capsys: pytest.CaptureFixture[str]
) -> None:
    content = bundle({"sources/a.txt": ARTICLE, "sources.yml": "sources:\n  a.txt: {published: 0001-01-01}\n"})
    code, err = main(capsys, "check", "--content", str(content))
    assert code in {0, 1}, err
    assert "OverflowError" not in err


# --- Usage errors and internal errors --------------------------------------------------------


def test_missing_content_folder_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = main(capsys, "check", "--content", str(tmp_path / "missing"))
    assert code == 2
    assert f"error: content folder {tmp_path / 'missing'} does not exist" in err
    code, err = main(capsys, "build", "--content", str(SEED_CONTENT), "--config", str(tmp_path / "nope.yml"))
    assert code == 2 and "not found (use --config)" in err


def test_content_folder_without_sources_is_a_content_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "content").mkdir()
    code, err = main(capsys, "check", "--content", str(tmp_path / "content"))
    assert code == 1 and "sources: error[no-sources]" in err


@pytest.mark.parametrize("args", [["frobnicate"], [], ["check", "--nope"], ["build", "--format", "x"]], ids=str)
def test_unknown_commands_and_options_are_usage_errors(args: list[str]) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert "usage: explainer" in result.stderr and "Traceback" not in result.stderr


FAILING_SHIM = '''
"""Test shim (tests/test_broken_input.py): make the build fail where EXPLAINER_TEST_FAIL says."""
import os

where = os.environ.get("EXPLAINER_TEST_FAIL")
if where == "pipeline":
    import builder.pipeline

    def _fail(*args, **kwargs):
        raise RuntimeError("internal failure injected by the test")

    builder.pipeline.run = _fail
elif where == "mkdocs":
    import mkdocs.commands.build

    def _fail_late(config, **kwargs):
        os.makedirs(os.path.join(config["site_dir"], "half"), exist_ok=True)  # a half-written site
        raise RuntimeError("internal failure injected by the test")

    mkdocs.commands.build.build = _fail_late
'''


def shim_env(tmp_path: Path, code: str, **extra: str) -> dict[str, str]:
    folder = tmp_path / "shim"
    folder.mkdir(exist_ok=True)
    (folder / "sitecustomize.py").write_text(textwrap.dedent(code), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EXPLAINER_", "PYTHONPATH"))}
    return {**env, "PYTHONPATH": f"{folder}{os.pathsep}{REPO}", "PYTHONDONTWRITEBYTECODE": "1", **extra}


@pytest.mark.parametrize(
    "verbose", [[], ["--verbose"], ["check", "--verbose"]], ids=["quiet", "verbose", "verbose-after"]
)
def test_internal_errors_show_a_traceback_only_when_verbose(tmp_path: Path, verbose: list[str]) -> None:
    env = shim_env(tmp_path, FAILING_SHIM, EXPLAINER_TEST_FAIL="pipeline")
    args = (
        [*verbose, "--content", str(SEED_CONTENT)]
        if verbose[:1] == ["check"]
        else [*verbose, "check", "--content", str(SEED_CONTENT)]
    )
    result = run_cli(*args, env=env)
    assert "internal failure injected by the test" in result.stderr
    if verbose:
        assert "Traceback (most recent call last)" in result.stderr
        assert result.returncode != 0
    else:
        assert "Traceback" not in result.stderr
        assert result.returncode == 2
        assert "(run with --verbose for a traceback)" in result.stderr


# --- What a build touches --------------------------------------------------------------------


@pytest.fixture
def previous_site(tmp_path: Path) -> tuple[Path, dict[str, tuple[str, int]]]:
    site = tmp_path / "out" / "site"
    content = tmp_path / "good"
    (content / "sources").mkdir(parents=True)
    (content / "sources" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert cli.main(build_args(content, site)) == 0
    return site, tree(site.parent)


@pytest.mark.slow
def test_a_build_failing_in_mkdocs_keeps_the_previous_site(
    bundle: Bundle, previous_site: tuple[Path, dict[str, tuple[str, int]]], capsys: pytest.CaptureFixture[str]
) -> None:
    """Warnings fail the strict build after the pipeline passed: the swap must not happen."""
    site, before = previous_site
    capsys.readouterr()
    content = bundle({"sources/a.txt": ARTICLE.replace("pertemuan", "\u202epertemuan")})
    code, err = main(capsys, *build_args(content, site))
    assert code == 1
    assert "warning[bidi-control]" in err and f"{site} was left as it was" in err
    after = tree(site.parent)
    assert {k: v for k, v in after.items() if not k.startswith("build/")} == {
        k: v for k, v in before.items() if not k.startswith("build/")
    }


@pytest.mark.slow
def test_an_internal_error_in_mkdocs_keeps_the_previous_site(
    tmp_path: Path, previous_site: tuple[Path, dict[str, tuple[str, int]]]
) -> None:
    site, before = previous_site
    env = shim_env(tmp_path, FAILING_SHIM, EXPLAINER_TEST_FAIL="mkdocs")
    result = run_cli(*build_args(SEED_CONTENT, site), env=env)
    assert result.returncode == 2, result.stderr
    assert "internal failure injected by the test" in result.stderr and "Traceback" not in result.stderr
    after = tree(site.parent)
    assert {k: v for k, v in after.items() if not k.startswith("build/")} == {
        k: v for k, v in before.items() if not k.startswith("build/")
    }  # no staging folder left, no half-written site swapped in


def test_site_folder_has_ordinary_permissions(previous_site: tuple[Path, dict[str, tuple[str, int]]]) -> None:
    site, _ = previous_site
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(site.stat().st_mode) == 0o777 & ~umask


NO_NETWORK_SHIM = '''
"""Test shim (tests/test_broken_input.py): any attempt to reach the network is logged and refused."""
import os
import socket
import sys

_LOG = os.environ["NO_NETWORK_LOG"]


def _refuse(*args, **kwargs):
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(repr(args[1:3] if args and isinstance(args[0], socket.socket) else args[:2]) + "\\n")
    raise OSError("network access is not allowed during the build")


for _name in ("connect", "connect_ex", "sendto", "sendmsg"):
    setattr(socket.socket, _name, _refuse)
for _name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr", "create_connection"):
    setattr(socket, _name, _refuse)
print("no-network shim active", file=sys.stderr)
'''


@pytest.fixture(scope="module")
def isolated_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The seed bundle built once, in a fresh interpreter with no network, a private HOME, cwd and TMPDIR."""
    root = tmp_path_factory.mktemp("isolated")
    content = root / "content"
    shutil.copytree(SEED_CONTENT, content)
    for folder in ("cwd", "home", "tmp", "out"):
        (root / folder).mkdir()
    log = root / "network.log"
    env = shim_env(root, NO_NETWORK_SHIM, NO_NETWORK_LOG=str(log), HOME=str(root / "home"), TMPDIR=str(root / "tmp"))
    env.pop("XDG_CACHE_HOME", None)
    before = tree(root)
    result = run_cli(*build_args(content, root / "out" / "site"), cwd=root / "cwd", env=env)
    return {"root": root, "result": result, "before": before, "after": tree(root), "log": log}


@pytest.mark.slow
def test_the_build_makes_no_network_request(isolated_build: dict[str, object]) -> None:
    result = isolated_build["result"]
    assert isinstance(result, subprocess.CompletedProcess)
    assert "no-network shim active" in result.stderr  # the shim really was loaded
    assert result.returncode == 0, result.stderr
    log = isolated_build["log"]
    assert isinstance(log, Path)
    assert not log.exists(), log.read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_build_writes_only_its_site_and_build_folders(isolated_build: dict[str, object]) -> None:
    before, after = isolated_build["before"], isolated_build["after"]
    assert isinstance(before, dict) and isinstance(after, dict)
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    allowed = re.compile(r"out(?:/site|/build)(?:/.*)?$|out$|network\.log$")
    assert sorted(k for k in changed if not allowed.match(k)) == []
    assert any(k.startswith("out/site/") for k in changed) and any(k.startswith("out/build/") for k in changed)
    assert sorted(p for p in after if p.startswith("out/") and p.count("/") == 1) == ["out/build", "out/site"]
