"""Cleaning: split a scraped article into kept paragraphs and removed boilerplate.

Conservation is the contract: every non-blank input line ends up in exactly one kept
paragraph or in `removed` with the rule that removed it; an inline removal keeps the rest
of its line as a paragraph. Nothing is dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Captured, CleanText, Paragraph, ParagraphKind, Removal
from .rules import Rule, RuleSet

HEADLINE_RULE = "headline"
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$|[\"”’]$")
MAX_HEADING_WORDS = 14


def _words(text: str) -> int:
    return len(text.split())


def looks_like_body(text: str) -> bool:
    """A line of running prose: long enough, and closed like a sentence."""
    words = _words(text)
    return words >= 25 or (words >= 12 and bool(SENTENCE_END.search(text)))


def looks_like_heading(text: str) -> bool:
    if not 1 <= _words(text) <= MAX_HEADING_WORDS or re.search(r"[.,;:\"”’)}>]$", text):
        return False
    letters = sum(ch.isalpha() or ch.isspace() for ch in text)
    return letters >= 0.8 * len(text)  # "{: onclick=... }" is not a heading


def looks_like_headline(text: str) -> bool:
    return 3 <= _words(text) <= 25 and not text.endswith(".")


@dataclass
class _Work:
    """Mutable scratch state of one cleaning run; never leaves this module."""

    lines: list[str]
    removed_by: dict[int, str] = field(default_factory=dict)  # 0-based line -> rule id
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


def _apply_blocks(work: _Work, rules: tuple[Rule, ...]) -> None:
    for rule in rules:
        assert rule.end is not None
        index = 0
        while index < len(work.lines):
            if work.live(index) and rule.pattern.search(work.lines[index].strip()):
                end = next(
                    (j for j in range(index, len(work.lines)) if rule.end.search(work.lines[j].strip())),
                    None,
                )
                if end is None:  # an unclosed block removes nothing: better kept than lost
                    index += 1
                    continue
                for j in range(index, end + 1):
                    work.remove(j, rule.id)
                index = end
            index += 1


def _first_body_line(work: _Work, anywhere_rules: tuple[Rule, ...]) -> int:
    for index, line in enumerate(work.lines):
        text = line.strip()
        if not work.live(index) or not looks_like_body(text):
            continue
        if any(rule.pattern.search(text) for rule in anywhere_rules):
            continue
        return index
    return len(work.lines)


def _in_scope(rule: Rule, index: int, first_body: int) -> bool:
    if rule.scope == "header":
        return index < first_body
    if rule.scope == "lede":
        return index == first_body
    if rule.scope == "body":
        return index >= first_body
    return True


def _apply_tails(work: _Work, rules: tuple[Rule, ...], first_body: int) -> None:
    for rule in rules:
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


def _apply_lines(work: _Work, rules: tuple[Rule, ...], first_body: int) -> None:
    for index, line in enumerate(work.lines):
        if not work.live(index):
            continue
        text = line.strip()
        for rule in rules:
            if not _in_scope(rule, index, first_body):
                continue
            match = rule.pattern.search(text)
            if match:
                work.remove(index, rule.id)
                work.capture(match, index, rule.id)
                break


def _apply_headline(work: _Work, first_body: int) -> None:
    """The first headline-like line above the body is the title: metadata, not a paragraph."""
    for index in range(min(first_body, len(work.lines))):
        if work.live(index):
            text = work.lines[index].strip()
            if looks_like_headline(text):
                work.remove(index, HEADLINE_RULE)
                work.captured.append(Captured(field="title", value=text, line=index + 1, rule=HEADLINE_RULE))
            return


def _cut_inline(work: _Work, index: int, rules: tuple[Rule, ...], first_body: int) -> tuple[str, int, list[Removal]]:
    """Cut inline boilerplate out of one line; return kept text, its 1-based column, removals."""
    line = work.lines[index]
    applicable = [r for r in rules if _in_scope(r, index, first_body) and r.pattern.search(line.strip())]
    if not applicable:  # the common case: nothing to cut, no per-character bookkeeping
        text = line.strip()
        return text, len(line) - len(line.lstrip()) + 1, []
    rules = tuple(applicable)
    keep = [True] * len(line)
    removals: list[Removal] = []
    for rule in rules:
        if not _in_scope(rule, index, first_body):
            continue
        for match in rule.pattern.finditer(line.strip()):
            offset = len(line) - len(line.lstrip())
            start, end = match.start() + offset, match.end() + offset
            if start == end or not any(keep[start:end]):
                continue
            fragment = line[start:end].strip()
            if fragment:
                removals.append(
                    Removal(
                        line=index + 1,
                        column=start + 1 + (len(line[start:end]) - len(line[start:end].lstrip())),
                        text=fragment,
                        rule=rule.id,
                        whole_line=False,
                    )
                )
            work.capture(match, index, rule.id)
            for position in range(start, end):
                keep[position] = False
    # Kept text is the longest run between cut-outs; inline rules only cut at the edges.
    runs = [(start, end) for start, end in _kept_runs(keep) if line[start:end].strip()]
    if not runs:
        return "", 0, removals
    start, end = max(runs, key=lambda run: run[1] - run[0])
    text = line[start:end]
    column = start + 1 + (len(text) - len(text.lstrip()))
    return text.strip(), column, removals


def _kept_runs(keep: list[bool]) -> list[tuple[int, int]]:
    """(start, end) of each stretch of kept characters.

    Spans, not a marker character put in place of the cut-outs: any character may be in the text.
    """
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for position, kept in enumerate([*keep, False]):
        if kept and start is None:
            start = position
        elif not kept and start is not None:
            runs.append((start, position))
            start = None
    return runs


def _paragraph_kind(text: str, next_text: str | None) -> ParagraphKind:
    if next_text is not None and looks_like_heading(text) and not looks_like_heading(next_text):
        return "heading"
    return "text"


def clean(text: str, rules: RuleSet) -> CleanText:
    """Apply the boilerplate rules to an article's text (newlines already normalised)."""
    work = _Work(lines=text.split("\n"))
    _apply_blocks(work, rules.of_kind("block"))
    line_rules = rules.of_kind("line")
    first_body = _first_body_line(work, tuple(r for r in line_rules if r.scope == "anywhere"))
    _apply_tails(work, rules.of_kind("tail"), first_body)
    _apply_lines(work, line_rules, first_body)
    _apply_headline(work, first_body)

    removals: list[Removal] = [
        Removal(
            line=i + 1,
            column=len(work.lines[i]) - len(work.lines[i].lstrip()) + 1,
            text=work.lines[i].strip(),
            rule=rule,
        )
        for i, rule in work.removed_by.items()
    ]
    kept: list[tuple[int, int, str]] = []
    inline_rules = rules.of_kind("inline")
    for index in range(len(work.lines)):
        if not work.live(index):
            continue
        kept_text, column, cut = _cut_inline(work, index, inline_rules, first_body)
        removals.extend(cut)
        if kept_text:
            kept.append((index + 1, column, kept_text))

    paragraphs = tuple(
        Paragraph(
            id=f"p{number}",
            text=kept_text,
            kind=_paragraph_kind(kept_text, kept[number][2] if number < len(kept) else None),
            line=line,
            column=column,
        )
        for number, (line, column, kept_text) in enumerate(kept, start=1)
    )
    return CleanText(
        paragraphs=paragraphs,
        removed=tuple(sorted(removals, key=lambda r: (r.line, r.column))),
        captured=tuple(work.captured),
    )
