"""Boilerplate rules: data in YAML, validated by a schema, compiled once.

The defaults ship in `builder/data/boilerplate.yml`; a bundle may add its own rules in
`<content>/boilerplate.yml` (same format), which run after the defaults.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

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
    # Strings one of which every match of `pattern` contains; () when unknown or not worth
    # checking. A text holding none of them cannot match, so the regex need not run.
    needles: tuple[str, ...] = ()
    # For a pattern anchored at the start of the text: the characters a match can start with,
    # so the text's first character tells whether to try the rule at all; None: any character.
    starts: frozenset[str] | None = None

    def searcher(self) -> Callable[[str], re.Match[str] | None]:
        """`pattern.search` as a function of the text, which skips the regex when the text lacks
        all of the rule's needles (with no needles, the regex's own method)."""
        search = self.pattern.search
        needles = self.needles
        if not needles:
            return search
        if len(needles) == 1:
            needle = needles[0]

            def search_one(text: str) -> re.Match[str] | None:
                return search(text) if needle in text else None

            return search_one

        # One scan for all of them: the alternation of plain strings jumps from one possible
        # first character to the next, where `in` would read the text once per needle.
        find = re.compile("|".join(re.escape(needle) for needle in needles)).search

        def search_any(text: str) -> re.Match[str] | None:
            return search(text) if find(text) else None

        return search_any


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


# --- Needles: literal text every match must contain ------------------------------------------
#
# A rule's regex runs on every line in its scope, and most lines match none: a pattern that is
# not anchored at the start of the line is tried at every character of it. Most rules name fixed
# words ("Foto", "BACA JUGA", "/"), and a line that holds none of those words cannot match, which
# `in` finds out many times faster than the regex. The words are read from the parsed pattern,
# so a bundle's own rules get them too; whatever the analysis does not understand gives none.

_MAX_NEEDLES = 16  # more alternatives than this are not worth checking one by one
_EMPTY: frozenset[str] = frozenset({""})
try:  # the parser `re.compile` itself uses; without it (another Python), no needles
    _PARSER: Any = importlib.import_module("re._parser")
    _OPS: Any = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover
    _PARSER = _OPS = None


def _strings(found: frozenset[str] | None) -> frozenset[str] | None:
    """`found` if it is a usable set of needles: a few strings, none of them empty."""
    if found is None or not found or "" in found or len(found) > _MAX_NEEDLES:
        return None
    return found


def _cost(found: frozenset[str]) -> float:
    """Rough cost of a set of needles, in `in` checks: one per needle, plus the regex (some 60
    checks) as often as a needle is there anyway, which short ones often are ("B", ":")."""
    return len(found) + sum(60 * {1: 0.3, 2: 0.1}.get(len(needle), 0.01) for needle in found)


def _better(one: frozenset[str] | None, other: frozenset[str] | None) -> frozenset[str] | None:
    """The cheaper of two sets of needles (either may be None: unknown)."""
    one, other = _strings(one), _strings(other)
    if one is None or other is None:
        return one or other
    return min(one, other, key=lambda found: (_cost(found), -min(map(len, found))))


def _joined(heads: frozenset[str] | None, tails: frozenset[str]) -> frozenset[str] | None:
    if heads is None or len(heads) * len(tails) > _MAX_NEEDLES:
        return None
    return frozenset(head + tail for head in heads for tail in tails)


def _union(sets: list[frozenset[str] | None]) -> frozenset[str] | None:
    """All the strings of the sets, if every set is known."""
    known = [found for found in sets if found is not None]
    if not sets or len(known) < len(sets):
        return None
    return _strings(frozenset().union(*known))


def _node(op: Any, av: Any) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """(the strings this parsed item matches, if few and known; needles of it, if known)."""
    if op is _OPS.LITERAL:
        found = frozenset({chr(av)})
        return found, found
    if op is _OPS.SUBPATTERN:
        _group, add_flags, _del_flags, items = av
        if add_flags & re.IGNORECASE:
            return None, None
        return _sequence(items)
    if op is _OPS.ATOMIC_GROUP:
        return _sequence(av)
    if op is _OPS.BRANCH:  # a match is a match of one of the alternatives
        results = [_sequence(items) for items in av[1]]
        return _union([exact for exact, _ in results]), _union([needed for _, needed in results])
    if op in (_OPS.MAX_REPEAT, _OPS.MIN_REPEAT, _OPS.POSSESSIVE_REPEAT):
        low, high, items = av
        exact, needed = _sequence(items)
        if low == high == 1:
            return exact, needed
        return None, needed if low >= 1 else None
    return None, None  # anchors, classes, lookarounds, group references: nothing literal known


def _sequence(items: Iterable[tuple[Any, Any]]) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """(the strings the sequence matches, if few and known; needles of it, if known).

    Consecutive items of known text join into longer needles ("/" then "Net|Ist" is "/Net|/Ist")."""
    best: frozenset[str] | None = None
    whole: frozenset[str] | None = _EMPTY
    run: frozenset[str] = _EMPTY
    for op, av in items:
        found, needed = _node(op, av)
        best = _better(best, needed)
        if found is None:
            best = _better(best, run)
            run, whole = _EMPTY, None
            continue
        whole = _joined(whole, found)
        joined = _joined(run, found)
        if joined is None:
            best = _better(best, run)
            run = found
        else:
            run = joined
    return whole, _better(_better(best, run), whole)


def needles(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Strings one of which every match of `pattern` contains, sorted; () if unknown, or if the
    pattern is anchored at the start (then it fails at once on a line it does not begin)."""
    if _PARSER is None:  # pragma: no cover
        return ()
    try:
        parsed = _PARSER.parse(pattern.pattern, pattern.flags)
        if parsed.state.flags & re.IGNORECASE:
            return ()
        items = list(parsed)
        if items and items[0][0] is _OPS.AT and items[0][1] in (_OPS.AT_BEGINNING, _OPS.AT_BEGINNING_STRING):
            return ()
        _, found = _sequence(items)
    except Exception:  # an optimisation only: a parser that changed shape gives no needles
        return ()
    return tuple(sorted(found)) if found else ()


_MAX_STARTS = 512  # a larger class of first characters is not worth a table


def _starts_of_class(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """The characters of a `[...]` class, if it lists them (no negation, no `\\w` or `\\d`)."""
    chars: set[str] = set()
    for op, av in items:
        if op is _OPS.LITERAL:
            chars.add(chr(av))
        elif op is _OPS.RANGE and av[1] - av[0] < _MAX_STARTS:
            chars.update(chr(code) for code in range(av[0], av[1] + 1))
        else:
            return None
    return frozenset(chars) if len(chars) <= _MAX_STARTS else None


def _starts_of(items: Iterable[tuple[Any, Any]]) -> tuple[frozenset[str] | None, bool]:
    """(the characters a match of the sequence can start with, None if any; can it match empty?)"""
    chars: set[str] = set()
    for op, av in items:
        found, empty = _starts_of_item(op, av)
        if found is None:
            return None, False
        chars |= found
        if not empty:
            return frozenset(chars), False
    return frozenset(chars), True


def _starts_of_item(op: Any, av: Any) -> tuple[frozenset[str] | None, bool]:
    if op is _OPS.LITERAL:
        return frozenset({chr(av)}), False
    if op is _OPS.IN:
        return _starts_of_class(av), False
    if op is _OPS.SUBPATTERN:
        _group, add_flags, _del_flags, items = av
        return (None, False) if add_flags & re.IGNORECASE else _starts_of(items)
    if op is _OPS.ATOMIC_GROUP:
        return _starts_of(av)
    if op is _OPS.BRANCH:
        results = [_starts_of(items) for items in av[1]]
        if any(found is None for found, _ in results):
            return None, False
        return frozenset().union(*(found for found, _ in results if found)), any(empty for _, empty in results)
    if op in (_OPS.MAX_REPEAT, _OPS.MIN_REPEAT, _OPS.POSSESSIVE_REPEAT):
        low, _high, items = av
        found, empty = _starts_of(items)
        return found, empty or low == 0
    if op in (_OPS.AT, _OPS.ASSERT, _OPS.ASSERT_NOT):  # width 0: what follows gives the character
        return frozenset(), True
    return None, False  # any character, a category, a group reference ...


def start_characters(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """For a pattern anchored at the start (`^` or `\\A`, not MULTILINE), the characters a match
    can start with; None if not anchored, if it can match empty, or if any character can start it."""
    if _PARSER is None:  # pragma: no cover
        return None
    try:
        parsed = _PARSER.parse(pattern.pattern, pattern.flags)
        if parsed.state.flags & (re.IGNORECASE | re.MULTILINE):
            return None
        items = list(parsed)
        if not items or items[0][0] is not _OPS.AT or items[0][1] not in (_OPS.AT_BEGINNING, _OPS.AT_BEGINNING_STRING):
            return None
        found, empty = _starts_of(items[1:])
    except Exception:  # an optimisation only: a parser that changed shape gives nothing
        return None
    return None if empty or found is None or len(found) > _MAX_STARTS else found


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
    return Stage(
        Rule(
            spec.id,
            spec.why,
            spec.kind,
            spec.scope,
            pattern.value,
            end.value if end else None,
            path,
            needles(pattern.value),
            start_characters(pattern.value),
        )
    )


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
