"""Read contributor YAML with positions, so schema errors point at `path:line:col`."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import pydantic
import yaml

from .diagnostics import Diagnostic, Location, Stage, error

ModelT = TypeVar("ModelT", bound=pydantic.BaseModel)
Path_ = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class LocatedYaml:
    """Parsed YAML and where each part of it is written, by path (`("rules", 0, "pattern")`)."""

    path: str
    data: Any
    marks: dict[Path_, Location]  # where each value starts (its opening quote, if quoted)
    key_marks: dict[Path_, Location] = field(default_factory=dict)  # where the key of a mapping entry starts
    # Where the text of a one-line scalar starts, for scalars written exactly as their value reads
    # (no escapes, no folding): a column inside the value is then this column plus an offset.
    text_marks: dict[Path_, Location] = field(default_factory=dict)

    def value_at(self, here: Path_, fallback: Location) -> Location:
        return self.marks.get(here, fallback)

    def key_at(self, here: Path_, fallback: Location) -> Location:
        return self.key_marks.get(here, self.marks.get(here, fallback))

    def inside_value(self, here: Path_, offset: int, fallback: Location) -> Location:
        """The place of the character at `offset` in a scalar's text, or the value's start."""
        start = self.text_marks.get(here)
        if start is None:
            return self.value_at(here, fallback)
        return dataclasses.replace(start, column=start.column + offset)


@dataclass(frozen=True, slots=True)
class Loaded(Generic[ModelT]):
    """A validated model with the located YAML it came from, for checks the schema cannot make."""

    model: ModelT
    document: LocatedYaml


def _location(path: str, mark: yaml.Mark | None) -> Location:
    if mark is None:
        return Location(path)
    return Location(path, mark.line + 1, mark.column + 1)


def _verbatim_text_mark(node: yaml.ScalarNode, path: str) -> Location | None:
    """Where the value's text starts, if the file holds it exactly as it reads, on one line."""
    quote = 1 if node.style in {"'", '"'} else 0
    if node.style not in {None, "", "'", '"'} or "\n" in node.value or node.start_mark.buffer is None:
        return None
    written = node.start_mark.buffer[node.start_mark.index + quote : node.end_mark.index - quote]
    if written != node.value:
        return None
    return Location(path, node.start_mark.line + 1, node.start_mark.column + 1 + quote)


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
    found: LocatedYaml,
    problems: list[Diagnostic],
    *,
    seen: set[int] | None = None,
) -> Any:
    """The node as Python data; `found` collects where each part of it is written."""
    # Anchors and aliases (&a / *a) are refused: nothing here needs them, and expanding them is
    # how a few lines of YAML become gigabytes ("billion laughs") or loop forever.
    seen = set() if seen is None else seen
    if id(node) in seen:
        raise _Refused(node, "YAML aliases (*name) are not supported here: write the value out")
    seen.add(id(node))
    path = found.path
    found.marks[here] = _location(path, node.start_mark)
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
            found.key_marks[(*here, key)] = _location(path, key_node.start_mark)
            result[key] = _to_python(value_node, (*here, key), found, problems, seen=seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(child, (*here, index), found, problems, seen=seen) for index, child in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    text_mark = _verbatim_text_mark(node, path)
    if text_mark is not None:
        found.text_marks[here] = text_mark
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
        return Stage(LocatedYaml(path, None, {(): Location(path, 1, 1)}))
    found = LocatedYaml(path, None, {})
    problems: list[Diagnostic] = []
    try:
        data = _to_python(root, (), found, problems)
    except _Refused as refused:
        return Stage(None, (error(_location(path, refused.node.start_mark), "yaml-unsupported", str(refused)),))
    except RecursionError:
        return Stage(None, (error(Location(path, 1, 1), "yaml-syntax", "YAML nested too deeply"),))
    return Stage(dataclasses.replace(found, data=data), tuple(problems))


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


def load_located(text: str, path: str, model: type[ModelT]) -> Stage[Loaded[ModelT] | None]:
    """Parse and validate, keeping where everything is written: for checks across entries."""
    parsed = read_yaml(text, path)
    if parsed.value is None or any(d.is_error for d in parsed.diagnostics):
        return Stage(None, parsed.diagnostics)
    checked = validate(parsed.value, model, path)
    loaded = Loaded(checked.value, parsed.value) if checked.value is not None else None
    return Stage(loaded, parsed.diagnostics + checked.diagnostics)


def load_model(text: str, path: str, model: type[ModelT]) -> Stage[ModelT | None]:
    loaded = load_located(text, path, model)
    return Stage(loaded.value.model if loaded.value else None, loaded.diagnostics)
