"""Cleaning: split a scraped article into kept paragraphs and removed boilerplate.

Conservation is the contract: every non-blank input line ends up in exactly one kept
paragraph or in `removed` with the rule that removed it; an inline removal keeps the rest
of its line as a paragraph. Nothing is dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .model import Captured, CleanText, Paragraph, ParagraphKind, Removal
from .rules import Rule, RuleKind, RuleSet

Search = Callable[[str], re.Match[str] | None]
Rules = tuple[tuple[Rule, Search], ...]  # each rule with its `Rule.searcher()`

HEADLINE_RULE = "headline"
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$|[\"”’]$")
HEADING_END = re.compile(r"[.,;:\"”’)}>]$")
MAX_HEADING_WORDS = 14


def _words(text: str, most: int) -> int:
    """The number of words in the text, or `most + 1` if it has more (counting stops there)."""
    return len(text.split(maxsplit=most))


def looks_like_body(text: str) -> bool:
    """A line of running prose: long enough, and closed like a sentence."""
    words = _words(text, 25)
    return words >= 25 or (words >= 12 and bool(SENTENCE_END.search(text)))


def looks_like_heading(text: str) -> bool:
    if not 1 <= _words(text, MAX_HEADING_WORDS) <= MAX_HEADING_WORDS or HEADING_END.search(text):
        return False
    # No character is both a letter and a space, so the two counts add up.
    letters = sum(map(str.isalpha, text)) + sum(map(str.isspace, text))
    return letters >= 0.8 * len(text)  # "{: onclick=... }" is not a heading


def looks_like_headline(text: str) -> bool:
    return 3 <= _words(text, 25) <= 25 and not text.endswith(".")


@dataclass
class _Work:
    """Mutable scratch state of one cleaning run; never leaves this module."""

    lines: list[str]
    texts: list[str] = field(default_factory=list)  # the lines stripped, as the rules see them
    removed_by: dict[int, str] = field(default_factory=dict)  # 0-based line -> rule id
    captured: list[Captured] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.texts = [line.strip() for line in self.lines]

    def live(self, index: int) -> bool:
        return bool(self.texts[index]) and index not in self.removed_by

    def remove(self, index: int, rule: str) -> None:
        if self.texts[index] and index not in self.removed_by:
            self.removed_by[index] = rule

    def capture(self, match: re.Match[str], index: int, rule: str) -> None:
        for name, value in match.groupdict().items():
            if value and value.strip():
                self.captured.append(Captured(field=name, value=value.strip(), line=index + 1, rule=rule))


def _apply_blocks(work: _Work, rules: Rules) -> None:
    texts, removed_by = work.texts, work.removed_by
    for rule, search in rules:
        assert rule.end is not None
        end_search = rule.end.search
        index = 0
        while index < len(texts):
            text = texts[index]
            if text and index not in removed_by and search(text):
                end = next((j for j in range(index, len(texts)) if end_search(texts[j])), None)
                if end is None:  # an unclosed block removes nothing: better kept than lost
                    index += 1
                    continue
                for j in range(index, end + 1):
                    work.remove(j, rule.id)
                index = end
            index += 1


def _first_body_line(work: _Work, anywhere_rules: _Place) -> int:
    removed_by = work.removed_by
    for index, text in enumerate(work.texts):
        if not text or index in removed_by or not looks_like_body(text):
            continue
        if any(search(text) for _, search in anywhere_rules.at(text)):
            continue
        return index
    return len(work.lines)


def _scope_lines(rule: Rule, count: int, first_body: int) -> range:
    """The indexes of the lines (of `count`) in the rule's scope, in order: "header" is above the
    first body line, "lede" is that line, "body" is it and the lines below, "anywhere" is all."""
    if rule.scope == "header":
        return range(min(first_body, count))
    if rule.scope == "lede":
        return range(first_body, min(first_body + 1, count))
    if rule.scope == "body":
        return range(first_body, count)
    return range(count)


def _apply_tails(work: _Work, rules: Rules, first_body: int) -> None:
    texts, removed_by = work.texts, work.removed_by
    for rule, search in rules:
        starts = rule.starts  # a line starting with another character cannot match
        start = next(
            (
                i
                for i in _scope_lines(rule, len(texts), first_body)
                if texts[i] and (starts is None or texts[i][0] in starts) and i not in removed_by and search(texts[i])
            ),
            None,
        )
        if start is not None:
            for j in range(start, len(texts)):
                work.remove(j, rule.id)


@dataclass(frozen=True, slots=True)
class _Place:
    """The rules in scope at one place (above the first body line, on it, or below it), in
    their order, and which of them can match a line that starts with a given character."""

    rules: Rules
    by_start: Mapping[str, Rules]  # first character -> the rules whose match can start with it
    unanchored: Rules  # the rules a line whose first character is not in `by_start` can match

    @staticmethod
    def of(rules: Rules, scopes: tuple[str, ...]) -> _Place:
        rules = tuple(pair for pair in rules if pair[0].scope in scopes)
        characters = {ch for rule, _ in rules if rule.starts is not None for ch in rule.starts}
        return _Place(
            rules,
            {ch: tuple(pair for pair in rules if pair[0].starts is None or ch in pair[0].starts) for ch in characters},
            tuple(pair for pair in rules if pair[0].starts is None),
        )

    def at(self, text: str) -> Rules:
        """The rules that can match the (non-empty) text, in order: the others cannot."""
        return self.by_start.get(text[0], self.unanchored)


_HEADER, _LEDE, _BODY = ("anywhere", "header"), ("anywhere", "lede", "body"), ("anywhere", "body")


def _places(rules: Rules) -> tuple[_Place, _Place, _Place]:
    return _Place.of(rules, _HEADER), _Place.of(rules, _LEDE), _Place.of(rules, _BODY)


def _place(places: tuple[_Place, _Place, _Place], index: int, first_body: int) -> _Place:
    return places[0] if index < first_body else places[1] if index == first_body else places[2]


@dataclass(frozen=True, slots=True)
class _Plan:
    """A rule set arranged for cleaning: each rule with its searcher, by kind and place."""

    rules: RuleSet
    blocks: Rules
    tails: Rules
    lines: tuple[_Place, _Place, _Place]
    anywhere_lines: _Place
    inline: tuple[_Place, _Place, _Place]

    @staticmethod
    def of(rules: RuleSet) -> _Plan:
        searching: Rules = tuple((rule, rule.searcher()) for rule in rules.rules)

        def of_kind(kind: RuleKind) -> Rules:  # RuleSet.of_kind, each rule with its searcher
            return tuple(pair for pair in searching if pair[0].kind == kind)

        lines = of_kind("line")
        return _Plan(
            rules,
            of_kind("block"),
            of_kind("tail"),
            _places(lines),
            _Place.of(lines, ("anywhere",)),
            _places(of_kind("inline")),
        )


# The plan of the rule set cleaned with last (a corpus is cleaned with one rule set), if any.
_LAST_PLAN: list[_Plan] = []


def _plan(rules: RuleSet) -> _Plan:
    last = next(iter(_LAST_PLAN), None)
    if last is not None and last.rules is rules:
        return last
    plan = _Plan.of(rules)
    _LAST_PLAN[:] = [plan]
    return plan


def _apply_lines(work: _Work, places: tuple[_Place, _Place, _Place], first_body: int) -> None:
    removed_by = work.removed_by
    for index, text in enumerate(work.texts):
        if not text or index in removed_by:
            continue
        for rule, search in _place(places, index, first_body).at(text):
            match = search(text)
            if match:
                work.remove(index, rule.id)
                work.capture(match, index, rule.id)
                break


def _apply_headline(work: _Work, first_body: int) -> None:
    """The first headline-like line above the body is the title: metadata, not a paragraph."""
    for index in range(min(first_body, len(work.lines))):
        if work.live(index):
            text = work.texts[index]
            if looks_like_headline(text):
                work.remove(index, HEADLINE_RULE)
                work.captured.append(Captured(field="title", value=text, line=index + 1, rule=HEADLINE_RULE))
            return


def _cut_inline(work: _Work, index: int, rules: Rules) -> tuple[str, int, list[Removal]]:
    """Cut inline boilerplate out of one line; return kept text, its 1-based column, removals.

    `rules` are the inline rules that can match at this line (in scope, starting right)."""
    line = work.lines[index]
    stripped = work.texts[index]
    offset = len(line) - len(line.lstrip())
    applicable = [rule for rule, search in rules if search(stripped)]
    if not applicable:  # the common case: nothing to cut, no per-character bookkeeping
        return stripped, offset + 1, []
    keep = [True] * len(line)
    removals: list[Removal] = []
    for rule in applicable:
        for match in rule.pattern.finditer(stripped):
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


def _paragraph_kinds(texts: list[str]) -> list[ParagraphKind]:
    """A heading is a heading-like paragraph followed by one that is not."""
    heading = [looks_like_heading(text) for text in texts]
    return [
        "heading" if number + 1 < len(texts) and heading[number] and not heading[number + 1] else "text"
        for number in range(len(texts))
    ]


def clean(text: str, rules: RuleSet) -> CleanText:
    """Apply the boilerplate rules to an article's text (newlines already normalised)."""
    work = _Work(lines=text.split("\n"))
    plan = _plan(rules)
    _apply_blocks(work, plan.blocks)
    first_body = _first_body_line(work, plan.anywhere_lines)
    _apply_tails(work, plan.tails, first_body)
    _apply_lines(work, plan.lines, first_body)
    _apply_headline(work, first_body)

    lines, texts = work.lines, work.texts
    removals: list[Removal] = [
        Removal(
            line=i + 1,
            column=len(lines[i]) - len(lines[i].lstrip()) + 1,
            text=texts[i],
            rule=rule,
        )
        for i, rule in work.removed_by.items()
    ]
    kept: list[tuple[int, int, str]] = []
    for index in range(len(lines)):
        if not work.live(index):
            continue
        rules_here = _place(plan.inline, index, first_body).at(texts[index])
        kept_text, column, cut = _cut_inline(work, index, rules_here)
        removals.extend(cut)
        if kept_text:
            kept.append((index + 1, column, kept_text))

    kinds = _paragraph_kinds([kept_text for _, _, kept_text in kept])
    paragraphs = tuple(
        Paragraph(id=f"p{number}", text=kept_text, kind=kind, line=line, column=column)
        for number, ((line, column, kept_text), kind) in enumerate(zip(kept, kinds, strict=True), start=1)
    )
    return CleanText(
        paragraphs=paragraphs,
        removed=tuple(sorted(removals, key=lambda r: (r.line, r.column))),
        captured=tuple(work.captured),
    )
