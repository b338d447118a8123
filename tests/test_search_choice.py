"""Which search a build gets: Material's single index for small or offline sites, Pagefind's
chunked index for large hosted ones, or what the contributor asked for."""

from __future__ import annotations

import pytest

from builder.pagefind import PAGEFIND_FROM_SOURCES, chosen_backend


@pytest.mark.parametrize(
    ("choice", "sources", "offline", "backend"),
    [
        ("auto", 5, False, "lunr"),
        ("auto", PAGEFIND_FROM_SOURCES, False, "lunr"),
        ("auto", PAGEFIND_FROM_SOURCES + 1, False, "pagefind"),
        ("auto", 10_000, True, "lunr"),  # pages opened from disk cannot fetch Pagefind's chunks
        ("lunr", 10_000, False, "lunr"),
        ("pagefind", 5, False, "pagefind"),
    ],
)
def test_backend(choice: str, sources: int, offline: bool, backend: str) -> None:
    assert chosen_backend(choice, sources, offline) == backend
