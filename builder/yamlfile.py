"""Read contributor YAML with positions, so schema errors point at `path:line:col`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import pydantic
import yaml

from .diagnostics import Diagnostic, Location, Stage, error

ModelT = TypeVar("ModelT", bound=pydantic.BaseModel)
Path_ = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class LocatedYaml:
    data: Any
    marks: dict[Path_, Location]


def _location(path: str, mark: yaml.Mark | None) -> Location:
    if mark is None:
        return Location(path)
    return Location(path, mark.line + 1, mark.column + 1)


class _Refused(Exception):
    """A construct contributor YAML has no use for (aliases, custom tags, non-text keys)."""

    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.node = node


def _scalar(node: yaml.Node) -> Any:
    try:
        return yaml.safe_load(yaml.serialize(node))
    except yaml.YAMLError as exc:
        raise _Refused(node, f"cannot read this value ({node.tag}): use plain text, numbers and dates") from exc
    except ValueError as exc:  # e.g. the timestamp 2025-13-45
        raise _Refused(node, f"not a valid value: {exc}") from exc


def _to_python(
    node: yaml.Node,
    here: Path_,
    path: str,
    marks: dict[Path_, Location],
    problems: list[Diagnostic],
    *,
    seen: set[int] | None = None,
) -> Any:
    # Anchors and aliases (&a / *a) are refused: nothing here needs them, and expanding them is
    # how a few lines of YAML become gigabytes ("billion laughs") or loop forever.
    seen = set() if seen is None else seen
    if id(node) in seen:
        raise _Refused(node, "YAML aliases (*name) are not supported here: write the value out")
    seen.add(id(node))
    marks[here] = _location(path, node.start_mark)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(key_node, "a key must be plain text, not a list or mapping")
            key = key_node.value if key_node.tag == "tag:yaml.org,2002:str" else _scalar(key_node)
            if key in result:
                problems.append(
                    error(_location(path, key_node.start_mark), "yaml-duplicate-key", f"duplicate key {key!r}")
                )
            result[key] = _to_python(value_node, (*here, key), path, marks, problems, seen=seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _to_python(child, (*here, index), path, marks, problems, seen=seen)
            for index, child in enumerate(node.value)
        ]
    # Scalars: let PyYAML's safe resolver decide the type (int, bool, null, str ...).
    return _scalar(node)


def read_yaml(text: str, path: str) -> Stage[LocatedYaml | None]:
    """Parse YAML text; syntax errors become located diagnostics instead of exceptions."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "invalid YAML"
        return Stage(None, (error(_location(path, mark), "yaml-syntax", f"YAML syntax error: {reason}"),))
    except yaml.YAMLError as exc:
        return Stage(None, (error(Location(path, 1, 1), "yaml-syntax", f"YAML error: {exc}"),))
    except RecursionError:
        return Stage(None, (error(Location(path, 1, 1), "yaml-syntax", "YAML nested too deeply"),))
    if root is None:
        return Stage(LocatedYaml(None, {(): Location(path, 1, 1)}))
    marks: dict[Path_, Location] = {}
    problems: list[Diagnostic] = []
    try:
        data = _to_python(root, (), path, marks, problems)
    except _Refused as refused:
        return Stage(None, (error(_location(path, refused.node.start_mark), "yaml-unsupported", str(refused)),))
    except RecursionError:
        return Stage(None, (error(Location(path, 1, 1), "yaml-syntax", "YAML nested too deeply"),))
    return Stage(LocatedYaml(data, marks), tuple(problems))


def _nearest(marks: dict[Path_, Location], loc: Sequence[str | int], fallback: Location) -> Location:
    for end in range(len(loc), -1, -1):
        found = marks.get(tuple(loc[:end]))
        if found is not None:
            return found
    return fallback


def validate(document: LocatedYaml, model: type[ModelT], path: str) -> Stage[ModelT | None]:
    """Validate parsed YAML against a pydantic schema; each problem is located at its node."""
    try:
        return Stage(model.model_validate(document.data))
    except pydantic.ValidationError as exc:
        problems = []
        for item in exc.errors():
            where = ".".join(str(part) for part in item["loc"]) or "(document)"
            problems.append(
                error(
                    _nearest(document.marks, item["loc"], Location(path, 1, 1)),
                    "schema",
                    f"{where}: {item['msg']}",
                )
            )
        return Stage(None, tuple(problems))


def load_model(text: str, path: str, model: type[ModelT]) -> Stage[ModelT | None]:
    parsed = read_yaml(text, path)
    if parsed.value is None or any(d.is_error for d in parsed.diagnostics):
        return Stage(None, parsed.diagnostics)
    checked = validate(parsed.value, model, path)
    return Stage(checked.value, parsed.diagnostics + checked.diagnostics)
