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
from .yamlfile import load_model

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


def _compile(text: str, outlets: tuple[str, ...], at: Location, what: str) -> Stage[re.Pattern[str] | None]:
    alternation = "|".join(re.escape(name) for name in sorted(outlets, key=len, reverse=True))
    expanded = text.replace(OUTLETS_TOKEN, f"(?:{alternation})" if alternation else "(?!)")
    try:
        compiled = re.compile(expanded)
    except re.error as exc:
        return Stage(None, (error(at, "rule-regex", f"{what} is not a valid regular expression: {exc}"),))
    unknown = set(compiled.groupindex) - METADATA_GROUPS
    if unknown:
        names = ", ".join(sorted(unknown))
        allowed = ", ".join(sorted(METADATA_GROUPS))
        return Stage(None, (error(at, "rule-group", f"unknown capture group(s) {names}; use {allowed}"),))
    return Stage(compiled)


def load_rules(files: list[tuple[str, str]]) -> Stage[RuleSet]:
    """Load rule files in order: (display path, YAML text) pairs; later files add rules."""
    specs: list[tuple[str, RuleSpec, int]] = []
    outlets: list[str] = []
    problems: list[Diagnostic] = []
    for path, text in files:
        loaded = load_model(text, path, RuleFile)
        problems.extend(loaded.diagnostics)
        if loaded.value is None:
            continue
        outlets.extend(loaded.value.outlets)
        specs.extend((path, spec, index) for index, spec in enumerate(loaded.value.rules))

    seen: set[str] = set()
    rules: list[Rule] = []
    for path, spec, index in specs:
        at = Location(path)
        if spec.id in seen:
            problems.append(error(at, "rule-duplicate", f"rule id {spec.id!r} is defined twice (rules[{index}])"))
            continue
        seen.add(spec.id)
        pattern = _compile(spec.pattern, tuple(outlets), at, f"rules[{index}] ({spec.id}) pattern")
        end = _compile(spec.end, tuple(outlets), at, f"rules[{index}] ({spec.id}) end") if spec.end else None
        problems.extend(pattern.diagnostics + (end.diagnostics if end else ()))
        if spec.kind == "block" and spec.end is None:
            problems.append(error(at, "rule-block-end", f"rules[{index}] ({spec.id}): a block rule needs `end`"))
            continue
        if pattern.value is None or (end is not None and end.value is None):
            continue
        rules.append(Rule(spec.id, spec.why, spec.kind, spec.scope, pattern.value, end.value if end else None, path))
    return Stage(RuleSet(tuple(rules), tuple(dict.fromkeys(outlets))), tuple(problems))
