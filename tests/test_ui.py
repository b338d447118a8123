"""Every language of the interface says everything English says."""

from __future__ import annotations

import pytest

from builder.pages.ui import FALLBACK, _catalogue, languages, translator


def keys(entry: object, prefix: str = "") -> set[str]:
    if isinstance(entry, dict) and not set(entry) <= {"one", "other"}:
        return {k for key, value in entry.items() for k in keys(value, f"{prefix}{key}.")}
    return {prefix.rstrip(".")}


@pytest.mark.parametrize("language", [code for code in languages() if code != FALLBACK])
def test_language_is_complete(language: str) -> None:
    assert keys(_catalogue()[language]) == keys(_catalogue()[FALLBACK])


def test_plurals_and_fallback() -> None:
    english = translator("en-GB")
    assert english("sources_count", n=1) == "1 article, oldest first."
    assert english("sources_count", n=3) == "3 articles, oldest first."
    assert translator("id")("sources_count", n=1) == "1 artikel, dari yang terlama."
    assert translator("xx").language == "en"
    assert len(translator("id").words("months")) == 12
