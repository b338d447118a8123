"""Read a content folder: article files, byte-for-byte, decoded without losing anything.

Encoding policy: an article is UTF-8 (with or without a byte-order mark) or UTF-16 / UTF-32
with a byte-order mark. Anything else is an error located at the first byte that does not fit,
never a guess: a guessed encoding can be wrong without anyone noticing (Windows-1252, Latin-1
and their neighbours accept almost any byte), it would silently change the words readers see
and cite, and a detector upgrade could change the site without any change to the content.

Decoded text is then checked for what the eye cannot see but a reader or a citation would
trip over, each reported at `path:line:col`:

- bidirectional control characters (warning): they make text display in another order than
  it is stored, the "Trojan Source" trick (CVE-2021-42574);
- mojibake, text decoded with the wrong encoding before it was saved ("Ã©" for "é", "Â " for
  a no-break space, "â€™" for a closing quote), and U+FFFD replacement characters (warning);
- control characters other than tab and newline (warning);
- zero-width and other invisible characters (note): kept as they are, but a word containing one
  matches neither a search nor a citation's words.

The text itself is never altered beyond normalising line ends to "\\n".
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

from .diagnostics import Diagnostic, Location, Stage, error, note, warning
from .model import RawSource

SOURCES_DIR = "sources"
ARTICLE_SUFFIX = ".txt"
# Bidirectional controls reported per file at most; the last report counts the rest.
MAX_REPORTED = 10

# Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)

_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_CONTROLS = re.compile("[\x01-\x08\x0b-\x1f\x7f-\x9f]")
_INVISIBLE = re.compile("[\u00ad\u200b\u200e\u200f\u2060\ufeff]")
_REPLACEMENT = re.compile("\ufffd")
# Whitespace and characters that show nothing: a file of only these is empty.
_BLANK = re.compile(
    "[\\s\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]*"
)


def _mojibake_tables() -> tuple[dict[str, int], re.Pattern[str]]:
    """How each byte 0x80-0xFF reads in Windows-1252 (or Latin-1), and a pattern for UTF-8 read so.

    UTF-8 encodes every non-ASCII character as a lead byte 0xC2-0xF4 and continuation bytes
    0x80-0xBF. Decoded as Windows-1252 they become a Latin letter ("Ã", "Â", "â", "ð") and
    punctuation or symbols ("©", "€", "™", a no-break space): that pair is what this pattern finds.
    """
    byte_of: dict[str, int] = {}
    for value in range(0x80, 0x100):
        byte_of[chr(value)] = value  # Latin-1 (and Windows-1252's undefined bytes, read as C1 controls)
        try:
            byte_of[bytes([value]).decode("cp1252")] = value
        except UnicodeDecodeError:
            continue
    continuation = "".join(re.escape(ch) for ch, value in sorted(byte_of.items()) if 0x80 <= value <= 0xBF)
    pattern = re.compile(
        f"[\u00c2-\u00df][{continuation}]|[\u00e0-\u00ef][{continuation}]{{2}}|[\u00f0-\u00f4][{continuation}]{{3}}"
    )
    return byte_of, pattern


_BYTE_OF, _MOJIBAKE = _mojibake_tables()
# The characters a match of _MOJIBAKE starts with (the lead bytes 0xC2-0xF4 read as Latin-1): the
# pattern is tried only where one of them is, not at every character of the text.
_MOJIBAKE_LEAD = re.compile("[\u00c2-\u00f4]")
# Characters whose UTF-8 bytes, read as Windows-1252, make the mojibake seen in scraped news:
# accented letters, typographic punctuation, currency and letter-like symbols, emoji.
_MOJIBAKE_TARGETS = ((0x00A0, 0x024F), (0x2000, 0x206F), (0x20A0, 0x214F), (0x1F000, 0x1FAFF))
# "Â " with an ordinary space: a no-break space read as Windows-1252, then the no-break space
# turned into a space by some later step. After a capital letter "Â" may be a word's end.
_MOJIBAKE_NBSP = re.compile("(?<![A-Z\u00c0-\u00de])\u00c2 ")


def _position_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of `offset` in text whose line ends are "\\n"."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _describe(ch: str) -> str:
    return f"U+{ord(ch):04X} ({unicodedata.name(ch, 'control character')})"


def _looks_like_utf16(data: bytes) -> str | None:
    """The byte order of BOM-less UTF-16 text (mostly ASCII, so every other byte is NUL), if it is that."""
    if len(data) < 2 or len(data) % 2:
        return None
    for order, nul_half in (("LE", data[1::2]), ("BE", data[0::2])):
        if nul_half.count(0) >= 0.9 * len(nul_half):
            try:
                data.decode(f"utf-16-{order.lower()}")
            except UnicodeDecodeError:
                continue
            return order
    return None


def _decode_with_bom(data: bytes, path: str) -> Stage[str | None] | None:
    for bom, codec, name in _BOMS:
        if not data.startswith(bom):
            continue
        try:
            return Stage(data.decode(codec))
        except UnicodeDecodeError as exc:
            prefix = data[: exc.start].decode(codec, errors="replace").replace("\r\n", "\n").replace("\r", "\n")
            line, column = _position(prefix, len(prefix))
            return Stage(
                None,
                (
                    error(
                        Location(path, line, column),
                        "encoding",
                        f"broken {name} text: {exc.reason} (byte {exc.start}); save the article as UTF-8",
                    ),
                ),
            )
    return None


def _refuse_bytes(data: bytes, path: str) -> Diagnostic | None:
    """Why bytes without a byte-order mark are not a UTF-8 article, if they are not."""
    if b"\x00" in data:
        order = _looks_like_utf16(data)
        if order is not None:
            return error(
                Location(path, 1, 1),
                "encoding",
                f"this looks like UTF-16 ({order}) without a byte-order mark; save the article as UTF-8",
            )
        return error(
            Location(path, *_position_of_byte(data, data.index(b"\x00"))),
            "binary-file",
            "file contains NUL bytes: this looks like a binary file, not an article",
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return error(
            Location(path, *_position_of_byte(data, exc.start)),
            "encoding",
            f"byte 0x{data[exc.start]:02x} is not valid UTF-8; save the article as UTF-8",
        )
    return None


def decode_article(data: bytes, path: str) -> Stage[str | None]:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16/32; anything else is a located error."""
    marked = _decode_with_bom(data, path)
    if marked is not None:
        if marked.value is None:
            return marked
        text = marked.value
    else:
        refused = _refuse_bytes(data, path)
        if refused is not None:
            return Stage(None, (refused,))
        text = data.decode("utf-8-sig")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:  # UTF-16 or UTF-32 text can hold NUL too; no article does
        return Stage(
            None,
            (
                error(
                    Location(path, *_position(text, text.index("\x00"))),
                    "binary-file",
                    "file contains NUL characters: this looks like a binary file, not an article",
                ),
            ),
        )
    if not _visible(text):
        return Stage(None, (error(Location(path, 1, 1), "empty-article", "the article file is empty"),))
    return Stage(text, tuple(check_text(text, path)))


def _visible(text: str) -> bool:
    """Does the text hold anything but whitespace and invisible characters?"""
    return _BLANK.fullmatch(text) is None


def _mojibake(text: str) -> Iterator[tuple[int, str, str]]:
    """(offset, what is there, what it was meant to be) for each stretch of UTF-8 read as Windows-1252."""
    for match in _mojibake_matches(text):
        try:
            meant = bytes(_BYTE_OF[ch] for ch in match.group()).decode("utf-8")
        except UnicodeDecodeError:
            continue
        if any(low <= ord(meant) <= high for low, high in _MOJIBAKE_TARGETS):
            yield match.start(), match.group(), meant
    if "\u00c2 " in text:
        for match in _MOJIBAKE_NBSP.finditer(text):
            yield match.start(), "\u00c2", "\u00a0"


def _mojibake_matches(text: str) -> Iterator[re.Match[str]]:
    """`_MOJIBAKE.finditer(text)`, trying the pattern only where a lead character is."""
    end = 0
    for lead in _MOJIBAKE_LEAD.finditer(text):
        if lead.start() < end:  # inside the previous match
            continue
        match = _MOJIBAKE.match(text, lead.start())
        if match is not None:
            end = match.end()
            yield match


Found = list[tuple[int, str, str]]  # (offset in the text, the characters there, what they stand for)


def _first_of(
    found: Found,
    text: str,
    path: str,
    code: str,
    describe: Callable[[str, str], str],
    *,
    limit: int = 1,
    make: Callable[[Location, str, str], Diagnostic] = warning,
) -> list[Diagnostic]:
    """Diagnostics for the first `limit` places found; the last one counts the places left out."""
    shown = found[:limit]
    reports = []
    for index, (offset, seen, meant) in enumerate(shown):
        rest = len(found) - len(shown) if index == len(shown) - 1 else 0
        message = describe(seen, meant)
        if rest:
            message = message.replace(";", f" ({rest} more in this file);", 1)
        reports.append(make(Location(path, *_position(text, offset)), code, message))
    return reports


def check_text(text: str, path: str) -> list[Diagnostic]:
    """Invisible, misleading or garbled characters in decoded article text, located.

    Every bidirectional control is reported (up to MAX_REPORTED), since each one can hide
    something; the other problems are usually systematic, so only their first place is shown.
    """
    garbled: Found = sorted(_mojibake(text))
    controls: Found = [(m.start(), m.group(), "") for m in _CONTROLS.finditer(text)]
    if controls and garbled:  # a C1 control inside mojibake is part of the mojibake
        taken = {offset for start, seen, _ in garbled for offset in range(start, start + len(seen))}
        controls = [found for found in controls if found[0] not in taken]
    recopy = "copy the article again from the original page"
    return [
        *_first_of(
            [(m.start(), m.group(), "") for m in _BIDI_CONTROLS.finditer(text)],
            text,
            path,
            "bidi-control",
            lambda ch, _: (
                f"invisible bidirectional control {_describe(ch)}; it can show the text in another "
                'order than it is stored ("Trojan Source"): delete it'
            ),
            limit=MAX_REPORTED,
        ),
        *_first_of(
            garbled,
            text,
            path,
            "mojibake",
            lambda seen, meant: f"{seen!r} looks like {meant!r} read with the wrong encoding (mojibake); {recopy}",
        ),
        *_first_of(
            [(m.start(), m.group(), "") for m in _REPLACEMENT.finditer(text)],
            text,
            path,
            "mojibake",
            lambda _, __: f"U+FFFD (\ufffd) stands for a character lost before the file was saved; {recopy}",
        ),
        *_first_of(
            controls, text, path, "control-character", lambda ch, _: f"control character {_describe(ch)}; delete it"
        ),
        *_first_of(
            [(m.start(), m.group(), "") for m in _INVISIBLE.finditer(text)],
            text,
            path,
            "invisible-character",
            lambda ch, _: (
                f"invisible character {_describe(ch)}; kept as is, but a word containing it matches "
                "neither a search nor a citation's words"
            ),
            make=note,
        ),
    ]


def display_name(name: str) -> str:
    """A file name safe to print on one line: controls, bidi controls and undecodable bytes escaped."""
    if name.isascii() and name.isprintable():  # the usual name: nothing to escape
        return name
    return "".join(
        ascii(ch)[1:-1] if unicodedata.category(ch) in {"Cc", "Cs"} or _BIDI_CONTROLS.match(ch) else ch for ch in name
    )


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
        if display_name(file.name) != file.name:
            problems.append(
                error(
                    Location(f"{SOURCES_DIR}/{display_name(file.name)}"),
                    "file-name",
                    "the file name holds control characters, bidirectional controls or bytes that are not UTF-8; "
                    "rename the file",
                )
            )
            continue
        if file.suffix != ARTICLE_SUFFIX:
            problems.append(
                warning(
                    Location(relative),
                    "not-an-article",
                    f"ignored: only `{ARTICLE_SUFFIX}` files in `{SOURCES_DIR}/` are articles",
                )
            )
            continue
        if file.is_symlink() and not file.exists():
            problems.append(
                error(Location(relative), "not-a-file", "broken symlink: the file it points to does not exist")
            )
            continue
        if not file.is_file():
            what = "a folder" if file.is_dir() else "not a regular file"
            problems.append(
                warning(Location(relative), "not-an-article", f"ignored: this is {what}; articles are text files")
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
        try:
            data = file.read_bytes()
        except OSError as exc:
            problems.append(error(Location(relative), "unreadable", f"cannot read the file: {exc.strerror or exc}"))
            continue
        decoded = decode_article(data, relative)
        problems.extend(decoded.diagnostics)
        if decoded.value is not None:
            found.append(
                RawSource(path=relative, text=decoded.value, sha256=hashlib.sha256(data).hexdigest(), size=len(data))
            )
    if not found and not problems:
        problems.append(error(Location(SOURCES_DIR), "no-sources", f"`{SOURCES_DIR}/` holds no `.txt` articles"))
    return Stage(tuple(found), tuple(problems))
