"""The fast paths of loading and cleaning give exactly what the straightforward code gives.

Cleaning tries a rule only where it can match: a rule's regex is skipped on a line that holds
none of its needles (literal text every match contains) or, for a rule anchored at the start,
on a line whose first character no match can start with. Reading an article looks for mojibake
only where a UTF-8 lead character is; the language guess reads a-z when nothing else is a letter.
Each is checked here against the plain version it replaced, kept in this file as the
specification, on generated input.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from builder import metadata, sources
from builder.clean import (
    HEADLINE_RULE,
    SENTENCE_END,
    clean,
    looks_like_body,
    looks_like_heading,
    looks_like_headline,
)
from builder.model import Captured, CleanText, Paragraph, ParagraphKind, Removal
from builder.rules import Rule, RuleSet, default_rules_text, load_rules, needles, start_characters
from tests.test_properties import ANY_CHARACTER, RULE_TRIGGERS, seed_lines

# --- The plain cleaning, as it was before the fast paths ---------------------------------------


def _words(text: str) -> int:
    return len(text.split())


def plain_looks_like_body(text: str) -> bool:
    words = _words(text)
    return words >= 25 or (words >= 12 and bool(SENTENCE_END.search(text)))


def plain_looks_like_heading(text: str) -> bool:
    if not 1 <= _words(text) <= 14 or re.search(r"[.,;:\"”’)}>]$", text):
        return False
    letters = sum(ch.isalpha() or ch.isspace() for ch in text)
    return letters >= 0.8 * len(text)


def plain_looks_like_headline(text: str) -> bool:
    return 3 <= _words(text) <= 25 and not text.endswith(".")


@dataclass
class _Work:
    lines: list[str]
    removed_by: dict[int, str] = field(default_factory=dict)
    captured: list[Captured] = field(default_factory=list)

    def live(self, index: int) -> bool:
        return bool(self.lines[index].strip()) and index not in self.removed_by

    def remove(self, index: int, rule: str) -> None:
        if self.lines[index].strip() and index not in self.removed_by:
            self.removed_by[index] = rule

    def capture(self, match: re.Match[str], index: int, rule: str) -> None:
        for name, value in match.groupdict().items():
            if value and value.strip():
                self.captured.append(Captured(field=name, value=value.strip(), line=index + 1, rule=rule))


def _in_scope(rule: Rule, index: int, first_body: int) -> bool:
    if rule.scope == "header":
        return index < first_body
    if rule.scope == "lede":
        return index == first_body
    if rule.scope == "body":
        return index >= first_body
    return True


def _kept_runs(keep: list[bool]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for position, kept in enumerate([*keep, False]):
        if kept and start is None:
            start = position
        elif not kept and start is not None:
            runs.append((start, position))
            start = None
    return runs


def _cut_inline(work: _Work, index: int, rules: tuple[Rule, ...], first_body: int) -> tuple[str, int, list[Removal]]:
    line = work.lines[index]
    applicable = [r for r in rules if _in_scope(r, index, first_body) and r.pattern.search(line.strip())]
    if not applicable:
        return line.strip(), len(line) - len(line.lstrip()) + 1, []
    keep = [True] * len(line)
    removals: list[Removal] = []
    for rule in applicable:
        for match in rule.pattern.finditer(line.strip()):
            offset = len(line) - len(line.lstrip())
            start, end = match.start() + offset, match.end() + offset
            if start == end or not any(keep[start:end]):
                continue
            fragment = line[start:end].strip()
            if fragment:
                column = start + 1 + (len(line[start:end]) - len(line[start:end].lstrip()))
                removals.append(Removal(line=index + 1, column=column, text=fragment, rule=rule.id, whole_line=False))
            work.capture(match, index, rule.id)
            for position in range(start, end):
                keep[position] = False
    runs = [(start, end) for start, end in _kept_runs(keep) if line[start:end].strip()]
    if not runs:
        return "", 0, removals
    start, end = max(runs, key=lambda run: run[1] - run[0])
    text = line[start:end]
    return text.strip(), start + 1 + (len(text) - len(text.lstrip())), removals


def plain_clean(text: str, rules: RuleSet) -> CleanText:
    work = _Work(lines=text.split("\n"))
    for rule in rules.of_kind("block"):
        assert rule.end is not None
        index = 0
        while index < len(work.lines):
            if work.live(index) and rule.pattern.search(work.lines[index].strip()):
                end = next((j for j in range(index, len(work.lines)) if rule.end.search(work.lines[j].strip())), None)
                if end is None:
                    index += 1
                    continue
                for j in range(index, end + 1):
                    work.remove(j, rule.id)
                index = end
            index += 1
    line_rules = rules.of_kind("line")
    anywhere = [r for r in line_rules if r.scope == "anywhere"]
    first_body = next(
        (
            index
            for index, line in enumerate(work.lines)
            if work.live(index)
            and plain_looks_like_body(line.strip())
            and not any(rule.pattern.search(line.strip()) for rule in anywhere)
        ),
        len(work.lines),
    )
    for rule in rules.of_kind("tail"):
        start = next(
            (
                i
                for i in range(len(work.lines))
                if work.live(i) and _in_scope(rule, i, first_body) and rule.pattern.search(work.lines[i].strip())
            ),
            None,
        )
        if start is not None:
            for j in range(start, len(work.lines)):
                work.remove(j, rule.id)
    for index, line in enumerate(work.lines):
        if not work.live(index):
            continue
        for rule in line_rules:
            if not _in_scope(rule, index, first_body):
                continue
            match = rule.pattern.search(line.strip())
            if match:
                work.remove(index, rule.id)
                work.capture(match, index, rule.id)
                break
    for index in range(min(first_body, len(work.lines))):
        if work.live(index):
            title = work.lines[index].strip()
            if plain_looks_like_headline(title):
                work.remove(index, HEADLINE_RULE)
                work.captured.append(Captured(field="title", value=title, line=index + 1, rule=HEADLINE_RULE))
            break
    removals = [
        Removal(
            line=i + 1,
            column=len(work.lines[i]) - len(work.lines[i].lstrip()) + 1,
            text=work.lines[i].strip(),
            rule=rule,
        )
        for i, rule in work.removed_by.items()
    ]
    kept: list[tuple[int, int, str]] = []
    for index in range(len(work.lines)):
        if work.live(index):
            kept_text, column, cut = _cut_inline(work, index, rules.of_kind("inline"), first_body)
            removals.extend(cut)
            if kept_text:
                kept.append((index + 1, column, kept_text))

    def kind(number: int) -> ParagraphKind:
        here, following = kept[number - 1][2], kept[number][2] if number < len(kept) else None
        if following is not None and plain_looks_like_heading(here) and not plain_looks_like_heading(following):
            return "heading"
        return "text"

    return CleanText(
        paragraphs=tuple(
            Paragraph(id=f"p{n}", text=t, kind=kind(n), line=line, column=column)
            for n, (line, column, t) in enumerate(kept, start=1)
        ),
        removed=tuple(sorted(removals, key=lambda r: (r.line, r.column))),
        captured=tuple(work.captured),
    )


# --- Rule sets and articles --------------------------------------------------------------------

# Rules of the shapes a bundle may add: unanchored and anchored, optional prefixes, classes,
# case-insensitive parts, lookarounds, back-references, empty alternatives, atomic groups.
EXTRA_RULES = r"""
rules:
  - {id: x-block, why: t, kind: block, pattern: 'BEGIN', end: 'END$'}
  - {id: x-tail, why: t, kind: tail, pattern: '^-- ?$', scope: anywhere}
  - {id: x-updated, why: t, pattern: 'Updated\b', scope: header}
  - {id: x-source, why: t, pattern: 'Sumber:\s*\S+'}
  - {id: x-clock, why: t, pattern: '^[0-9]{2}[:.][0-9]{2}$'}
  - {id: x-redaksi, why: t, pattern: '^(?:Oleh )?(?P<author>Redaksi|Tim)\b', scope: lede}
  - {id: x-iklan, why: t, pattern: '(?i)^iklan\b'}
  - {id: x-lagi, why: t, pattern: '(?i:baca)\s+lagi'}
  - {id: x-tag, why: t, pattern: '(?<=\s)TAG\b'}
  - {id: x-twice, why: t, pattern: '\b(\w{3,}) \1\b'}
  - {id: x-empty, why: t, pattern: '(?:foo|)bar$'}
  - {id: x-atomic, why: t, pattern: '^(?>ab|a)c'}
  - {id: x-class, why: t, pattern: '^[^a-z]{3}!'}
  - {id: x-end, why: t, pattern: '\$'}
  - {id: x-cut, why: t, kind: inline, pattern: '\s*\((?:Sumber|sumber): [^)]*\)$'}
  - {id: x-cut-lede, why: t, kind: inline, scope: lede, pattern: '^(?:[A-Z]+ )?--\s'}
  - {id: x-cut-body, why: t, kind: inline, scope: body, pattern: '\s*\[(?:AN|AP)\]'}
"""
EXTRA_TRIGGERS = [
    "BEGIN of a box",
    "inside the box",
    "the box END",
    "--",
    "-- ",
    "Updated 12:30",
    "Sumber: Kementerian",
    "12:30",
    "Oleh Redaksi",
    "Tim",
    "IKLAN di sini",
    "Iklan",
    "BACA   lagi: ini",
    "kata TAG itu",
    "TAG",
    "itu itu saja",
    "foobar",
    "bar",
    "abc",
    "ac",
    "ABC!",
    "harga $5",
    "Presiden itu berkata panjang lebar kepada para wartawan tentang pertemuan itu (Sumber: AP)",
    "JAKARTA -- Presiden itu berkata panjang lebar kepada para wartawan tentang pertemuan itu kemarin.",
    "Presiden itu berkata [AN] panjang lebar kepada para wartawan tentang pertemuan itu kemarin. [AP]",
]


@cache
def rule_sets() -> tuple[RuleSet, RuleSet]:
    defaults = load_rules([("builder/data/boilerplate.yml", default_rules_text())])
    extended = load_rules([("builder/data/boilerplate.yml", default_rules_text()), ("boilerplate.yml", EXTRA_RULES)])
    assert not defaults.diagnostics and not extended.diagnostics
    return defaults.value, extended.value


line_texts = st.one_of(
    st.sampled_from(RULE_TRIGGERS + EXTRA_TRIGGERS),
    st.sampled_from(seed_lines()),
    st.sampled_from(["", " ", "\t", "Judul Berita Yang Cukup Panjang", "(", "Foto", "/Net", "BACA JUGA"]),
    st.text(ANY_CHARACTER, max_size=60),
)
indented_lines = st.tuples(st.sampled_from(["", " ", "  ", "\t", "\u00a0"]), line_texts).map("".join)
articles = st.one_of(
    st.lists(indented_lines, max_size=30).map("\n".join),
    st.text(ANY_CHARACTER, max_size=300),
).map(lambda text: text.replace("\r\n", "\n").replace("\r", "\n"))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=articles, extended=st.booleans())
@example(text="\n".join(RULE_TRIGGERS), extended=False)
@example(text="\n".join(EXTRA_TRIGGERS + RULE_TRIGGERS), extended=True)
def test_clean_is_the_plain_cleaning(text: str, extended: bool) -> None:
    rules = rule_sets()[extended]
    assert clean(text, rules) == plain_clean(text, rules)


def test_clean_is_the_plain_cleaning_on_the_seeds() -> None:
    text = "\n".join(seed_lines())
    for rules in rule_sets():
        assert clean(text, rules) == plain_clean(text, rules)


def test_clean_follows_a_change_of_rule_set() -> None:
    """The arranged rules are kept for the rule set last used: another one is arranged anew."""
    defaults, extended = rule_sets()
    text = "\n".join(EXTRA_TRIGGERS + RULE_TRIGGERS)
    for rules in (defaults, extended, defaults):
        assert clean(text, rules) == plain_clean(text, rules)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(line_texts, st.text(ANY_CHARACTER, max_size=200)))
def test_line_shape_tests_are_the_plain_ones(text: str) -> None:
    text = text.strip()
    assert looks_like_body(text) == plain_looks_like_body(text)
    assert looks_like_heading(text) == plain_looks_like_heading(text)
    assert looks_like_headline(text) == plain_looks_like_headline(text)


def test_no_character_is_both_a_letter_and_a_space() -> None:
    """looks_like_heading adds the letters and the spaces of a text: they must not overlap."""
    assert not [code for code in range(sys.maxunicode + 1) if chr(code).isalpha() and chr(code).isspace()]


# --- Needles and first characters of rules ------------------------------------------------------


def test_default_rules_have_the_expected_shortcuts() -> None:
    """The costly unanchored rules get needles; the anchored ones first characters."""
    by_id = {rule.id: rule for rule in rule_sets()[0].rules}
    assert set(by_id["photo-caption"].needles) >= {"Foto", "FOTO", "Photo", "Gambar"}
    assert set(by_id["inline-read-more"].needles) == {"BERITA LAINNYA", "BACA JUGA", "Baca juga"}
    assert by_id["author-code"].starts == frozenset("(")
    assert by_id["ad-line"].starts == frozenset("AIS")
    assert by_id["date-line"].starts is None  # "\d" may start it: any digit


atoms = st.sampled_from(
    ["a", "b", "A", "ab", "Ba", ":", "/", " ", "(", "\\(", "\\)", ".", "\\.", "[ab]", "[a-c]", "[^a]", "[A-Z]",
     "\\d", "\\w", "\\s", "\\S", "\\b", "$", "^", "(?=a)", "(?!b)", "(?<=a)", "(?<!b)", "é", "K", "İ"]
)  # fmt: skip


def _regexes(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.lists(inner, min_size=1, max_size=4).map("".join),
        st.lists(inner, min_size=2, max_size=3).map("|".join),
        inner.map(lambda r: f"(?:{r})"),
        inner.map(lambda r: f"({r})"),
        inner.map(lambda r: f"(?i:{r})"),
        inner.map(lambda r: f"(?>{r})"),
        st.tuples(inner, st.sampled_from(["?", "*", "+", "{0,2}", "{1,2}", "{2}", "*?", "++"])).map(
            lambda pair: f"(?:{pair[0]}){pair[1]}"
        ),
    )


regexes = st.tuples(
    st.sampled_from(["", "^", "\\A", "(?i)", "(?m)^", "^(?:x|)"]),
    st.recursive(atoms, _regexes, max_leaves=8),
).map("".join)
texts = st.one_of(
    st.text(st.sampled_from("abAB:/( ).\n1éKkİi"), max_size=12),
    st.text(ANY_CHARACTER, max_size=12),
)


@settings(max_examples=1500, deadline=None)
@given(source=regexes, text=texts)
@example(source=r"\s*\b(?:BERITA LAINNYA|BACA JUGA|Baca juga)\s*$", text="x BACA JUGA")
@example(source=r"^(?:(?P<w>[A-Za-z]+),?\s+)?(?P<d>\d{1,2})", text="12 Agustus")
def test_needles_and_first_characters_never_skip_a_match(source: str, text: str) -> None:
    try:
        pattern = re.compile(source)
    except re.error:
        assume(False)
        return
    rule = Rule("r", "", "line", "anywhere", pattern, None, "t", needles(pattern), start_characters(pattern))
    found = pattern.search(text)
    if found is not None:
        assert not rule.needles or any(needle in text for needle in rule.needles), (rule.needles, found)
        assert rule.starts is None or text[:1] in rule.starts, (rule.starts, found)
    shortcut = rule.searcher()(text)
    assert (shortcut and (shortcut.span(), shortcut.groups())) == (found and (found.span(), found.groups()))


# --- Reading articles ---------------------------------------------------------------------------


def plain_mojibake(text: str) -> list[tuple[int, str, str]]:
    found = []
    for match in sources._MOJIBAKE.finditer(text):
        try:
            meant = bytes(sources._BYTE_OF[ch] for ch in match.group()).decode("utf-8")
        except UnicodeDecodeError:
            continue
        if any(low <= ord(meant) <= high for low, high in sources._MOJIBAKE_TARGETS):
            found.append((match.start(), match.group(), meant))
    found += [(m.start(), "\u00c2", "\u00a0") for m in sources._MOJIBAKE_NBSP.finditer(text)]
    return found


def misread(text: str) -> str:
    """UTF-8 bytes read as Windows-1252 (Latin-1 where it has no character): mojibake."""
    return "".join(
        bytes([byte]).decode("cp1252", errors="ignore") or chr(byte) for byte in text.encode("utf-8", "surrogatepass")
    )


garbled = st.one_of(
    st.text(ANY_CHARACTER, max_size=40),
    st.text(st.sampled_from("aé’“”\u00a0€™😀ÂÃâð \u00c2 "), max_size=20).map(misread),
    st.lists(st.sampled_from(["Ã©", "Â ", "â€™", "Ã", "\u00c2", "ðŸ˜€", "x", " ", "AÂ ", "\u0080", "é"])).map("".join),
)


@settings(max_examples=800, deadline=None)
@given(text=garbled)
@example(text="CafÃ© â€™ Â hargaÂ 5 AÂ x")
def test_mojibake_is_found_as_before(text: str) -> None:
    assert list(sources._mojibake(text)) == plain_mojibake(text)


@settings(max_examples=300, deadline=None)
@given(name=st.text(max_size=20))
def test_display_name_is_as_before(name: str) -> None:
    plain = "".join(
        ascii(ch)[1:-1] if unicodedata.category(ch) in {"Cc", "Cs"} or sources._BIDI_CONTROLS.match(ch) else ch
        for ch in name
    )
    assert sources.display_name(name) == plain


# --- Language guess -----------------------------------------------------------------------------


def plain_guess_language(text: str) -> str | None:
    tokens = re.findall(r"[^\W\d_]+", text.lower())
    if len(tokens) < 20:
        return None
    counts = Counter(tokens)
    scores = sorted(
        ((sum(counts[w] for w in words), code) for code, words in metadata._function_words().items()), reverse=True
    )
    (best, code), (runner_up, _) = scores[0], scores[1]
    if best / len(tokens) < 0.05 or best < 1.5 * runner_up:
        return None
    return code


language_texts = st.one_of(
    st.lists(
        st.sampled_from(["yang", "dan", "the", "and", "of", "der", "die", "le", "la", "“", "”", "\u00a0", " ", "²",
                         "K", "İ", "ß", "é", "Ǆ", "x1", "_", "ДА", "ΣΑΣ", "Ⅻ", "ﬁ"]),
        max_size=60,
    ).map(" ".join),
    st.text(ANY_CHARACTER, max_size=200),
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(text=language_texts)
def test_language_guess_is_as_before(text: str) -> None:
    assert metadata._words(text.lower()) == re.findall(r"[^\W\d_]+", text.lower())
    assert metadata.guess_language(text) == plain_guess_language(text)


def test_language_guess_on_the_seeds() -> None:
    text = "\n".join(seed_lines())
    assert metadata.guess_language(text) == plain_guess_language(text) is not None
