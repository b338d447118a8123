"""Boilerplate rules: data in YAML, validated by a schema, compiled once.

The defaults ship in `builder/data/boilerplate.yml`; a bundle may add its own rules in
`<content>/boilerplate.yml` (same format), which run after the defaults.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pydantic

from .diagnostics import Diagnostic, Location, Stage, error
from .yamlfile import LocatedYaml, Path_, load_located

RuleKind = Literal["line", "inline", "block", "tail"]
RuleScope = Literal["anywhere", "header", "lede", "body"]
METADATA_GROUPS = frozenset({"title", "outlet", "author", "published", "place", "weekday", "timezone"})
OUTLETS_TOKEN = "{outlets}"


class RuleSpec(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)

    id: str = pydantic.Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    why: str
    kind: RuleKind = "line"
    pattern: str
    end: str | None = None
    scope: RuleScope = "anywhere"


class RuleFile(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)

    outlets: list[str] = []
    rules: list[RuleSpec] = []


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    why: str
    kind: RuleKind
    scope: RuleScope
    pattern: re.Pattern[str]
    end: re.Pattern[str] | None
    origin: str  # file the rule came from, for reports


@dataclass(frozen=True, slots=True)
class RuleSet:
    rules: tuple[Rule, ...]
    outlets: tuple[str, ...]

    def of_kind(self, kind: RuleKind) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.kind == kind)


DEFAULT_RULES_PATH = "builder/data/boilerplate.yml"


def default_rules_text() -> str:
    return (Path(__file__).parent / "data" / "boilerplate.yml").read_text(encoding="utf-8")


def _offset_before_expansion(text: str, expanded_offset: int, replacement: str) -> int:
    """Where in the rule as written an offset into the expanded pattern falls (`{outlets}` at its token)."""
    written = expanded = 0
    for piece in text.split(OUTLETS_TOKEN):
        if expanded_offset <= expanded + len(piece):
            return written + expanded_offset - expanded
        written += len(piece) + len(OUTLETS_TOKEN)
        expanded += len(piece) + len(replacement)
        if expanded_offset < expanded:
            return written - len(OUTLETS_TOKEN)
    return len(text)


@dataclass(frozen=True, slots=True)
class _Written:
    """A pattern as written in a rule file, and how to locate a character of it."""

    text: str
    document: LocatedYaml
    here: Path_  # e.g. ("rules", 3, "pattern")
    what: str  # how the message names it: "rules[3] (byline) pattern"

    def at(self, offset: int = 0) -> Location:
        return self.document.inside_value(self.here, offset, Location(self.document.path))

    @property
    def exactly_located(self) -> bool:
        """Does `at(offset)` point at the character itself (rather than at the value's start)?"""
        return self.here in self.document.text_marks


def _compile(written: _Written, outlets: tuple[str, ...]) -> Stage[re.Pattern[str] | None]:
    alternation = "|".join(re.escape(name) for name in sorted(outlets, key=len, reverse=True))
    replacement = f"(?:{alternation})" if alternation else "(?!)"
    try:
        compiled = re.compile(written.text.replace(OUTLETS_TOKEN, replacement))
    except re.error as exc:
        offset = _offset_before_expansion(written.text, exc.pos or 0, replacement)
        message = f"{written.what} is not a valid regular expression: {exc.msg}"
        if not written.exactly_located:
            message += f" (at character {offset + 1} of the pattern)"
        return Stage(None, (error(written.at(offset), "rule-regex", message),))
    unknown = sorted(set(compiled.groupindex) - METADATA_GROUPS)
    if unknown:
        names = ", ".join(unknown)
        allowed = ", ".join(sorted(METADATA_GROUPS))
        first = written.text.find(f"(?P<{unknown[0]}>")
        message = f"{written.what}: unknown capture group(s) {names}; use {allowed}"
        return Stage(None, (error(written.at(max(first, 0)), "rule-group", message),))
    return Stage(compiled)


@dataclass(frozen=True, slots=True)
class _Entry:
    """One rule as read from its file, with where it is written."""

    spec: RuleSpec
    index: int
    document: LocatedYaml

    def at(self, field_name: str) -> Location:
        return self.document.value_at(("rules", self.index, field_name), Location(self.document.path))

    def written(self, field_name: str, text: str) -> _Written:
        what = f"rules[{self.index}] ({self.spec.id}) {field_name}"
        return _Written(text, self.document, ("rules", self.index, field_name), what)


def _read_files(files: list[tuple[str, str]]) -> Stage[tuple[list[_Entry], list[str]]]:
    entries: list[_Entry] = []
    outlets: list[str] = []
    problems: list[Diagnostic] = []
    for path, text in files:
        loaded = load_located(text, path, RuleFile)
        problems.extend(loaded.diagnostics)
        if loaded.value is None:
            continue
        outlets.extend(loaded.value.model.outlets)
        entries.extend(
            _Entry(spec, index, loaded.value.document) for index, spec in enumerate(loaded.value.model.rules)
        )
    return Stage((entries, outlets), tuple(problems))


def _build(entry: _Entry, outlets: tuple[str, ...]) -> Stage[Rule | None]:
    spec = entry.spec
    pattern = _compile(entry.written("pattern", spec.pattern), outlets)
    end = _compile(entry.written("end", spec.end), outlets) if spec.end is not None else None
    problems = pattern.diagnostics + (end.diagnostics if end else ())
    if spec.kind == "block" and spec.end is None:
        message = f"rules[{entry.index}] ({spec.id}): a block rule needs `end`, a pattern for its last line"
        return Stage(None, (*problems, error(entry.at("kind"), "rule-block-end", message)))
    if pattern.value is None or (end is not None and end.value is None):
        return Stage(None, problems)
    path = entry.document.path
    return Stage(Rule(spec.id, spec.why, spec.kind, spec.scope, pattern.value, end.value if end else None, path))


def load_rules(files: list[tuple[str, str]]) -> Stage[RuleSet]:
    """Load rule files in order: (display path, YAML text) pairs; later files add rules."""
    read = _read_files(files)
    entries, outlets = read.value
    problems = list(read.diagnostics)
    first_of: dict[str, _Entry] = {}
    rules: list[Rule] = []
    for entry in entries:
        first = first_of.setdefault(entry.spec.id, entry)
        if first is not entry:
            message = (
                f"rule id {entry.spec.id!r} is defined twice (rules[{entry.index}]; first at {first.at('id')}): "
                "give this rule another id"
            )
            problems.append(error(entry.at("id"), "rule-duplicate", message))
            continue
        built = _build(entry, tuple(outlets))
        problems.extend(built.diagnostics)
        if built.value is not None:
            rules.append(built.value)
    return Stage(RuleSet(tuple(rules), tuple(dict.fromkeys(outlets))), tuple(problems))
