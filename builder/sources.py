"""Read a content folder: article files, byte-for-byte, decoded without losing anything."""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

from .diagnostics import Diagnostic, Location, Stage, error, warning
from .model import RawSource

SOURCES_DIR = "sources"
ARTICLE_SUFFIX = ".txt"


def _position_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def decode_article(data: bytes, path: str) -> Stage[str | None]:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; anything else is a located error."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            return Stage(None, (error(Location(path), "encoding", f"broken UTF-16 text: {exc.reason}"),))
    else:
        if b"\x00" in data:
            line, column = _position_of_byte(data, data.index(b"\x00"))
            return Stage(
                None,
                (
                    error(
                        Location(path, line, column),
                        "binary-file",
                        "file contains NUL bytes: this looks like a binary file, not an article",
                    ),
                ),
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line, column = _position_of_byte(data, exc.start)
            return Stage(
                None,
                (
                    error(
                        Location(path, line, column),
                        "encoding",
                        f"byte 0x{data[exc.start]:02x} is not valid UTF-8; save the article as UTF-8",
                    ),
                ),
            )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return Stage(None, (error(Location(path, 1, 1), "empty-article", "the article file is empty"),))
    return Stage(text)


def read_articles(content: Path) -> Stage[tuple[RawSource, ...]]:
    """Every `sources/*.txt` under the content folder, sorted by file name for stable output."""
    folder = content / SOURCES_DIR
    if not folder.is_dir():
        return Stage(
            (),
            (
                error(
                    Location(SOURCES_DIR),
                    "no-sources",
                    f"no `{SOURCES_DIR}/` folder in {content}; put article .txt files there",
                ),
            ),
        )
    root = content.resolve()
    found: list[RawSource] = []
    problems: list[Diagnostic] = []
    for file in sorted(folder.iterdir(), key=lambda p: p.name):
        relative = f"{SOURCES_DIR}/{file.name}"
        if file.name.startswith("."):
            continue
        if file.suffix != ARTICLE_SUFFIX or not file.is_file():
            problems.append(
                warning(
                    Location(relative),
                    "not-an-article",
                    f"ignored: only `{ARTICLE_SUFFIX}` files in `{SOURCES_DIR}/` are articles",
                )
            )
            continue
        if not file.resolve().is_relative_to(root):
            problems.append(
                error(
                    Location(relative),
                    "outside-content",
                    "symlink points outside the content folder; copy the article in instead",
                )
            )
            continue
        data = file.read_bytes()
        decoded = decode_article(data, relative)
        problems.extend(decoded.diagnostics)
        if decoded.value is not None:
            found.append(
                RawSource(path=relative, text=decoded.value, sha256=hashlib.sha256(data).hexdigest(), size=len(data))
            )
    if not found and not problems:
        problems.append(error(Location(SOURCES_DIR), "no-sources", f"`{SOURCES_DIR}/` holds no `.txt` articles"))
    return Stage(tuple(found), tuple(problems))
