"""Errors are values: located diagnostics, collected by every stage and reported together."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


class Severity(enum.Enum):
    ERROR = "error"  # fails every build
    WARNING = "warning"  # fails `--strict` builds: something a contributor should fix
    NOTE = "note"  # worth knowing, never fails a build: e.g. what was inferred rather than given


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in a contributor's file; line and column are 1-based, 0 means unknown."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.column or 1}"


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    at: Location
    code: str
    message: str
    severity: Severity = field(default=Severity.ERROR, compare=False)

    def __str__(self) -> str:
        return f"{self.at}: {self.severity.value}[{self.code}]: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(at: Location, code: str, message: str) -> Diagnostic:
    return Diagnostic(at, code, message, Severity.ERROR)


def warning(at: Location, code: str, message: str) -> Diagnostic:
    return Diagnostic(at, code, message, Severity.WARNING)


def note(at: Location, code: str, message: str) -> Diagnostic:
    return Diagnostic(at, code, message, Severity.NOTE)


@dataclass(frozen=True, slots=True)
class Stage(Generic[T]):
    """The value a pipeline step produced, with whatever it had to say about its input."""

    value: T
    diagnostics: tuple[Diagnostic, ...] = ()


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


class ContentError(Exception):
    """Raised at the adapter boundary (CLI, MkDocs plugin) when content has errors."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(sorted(diagnostics))
        errors = sum(d.is_error for d in self.diagnostics)
        super().__init__(f"{errors} error(s) in content")
