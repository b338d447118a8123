"""Stable, readable source ids: `outlet-yyyy-mm-dd`, falling back to the title or file name."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from .model import Metadata

MAX_SLUG_WORDS = 6
TITLE_WORDS_WITH_DATE = 4


def slugify(text: str, max_words: int | None = None) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    if max_words is not None:
        words = words[:max_words]
    return "-".join(words)


def base_id(metadata: Metadata, file_stem: str) -> str:
    """Outlet (else the title's first words, else the file name), then the publication date."""
    dated = metadata.published is not None
    lead = (
        slugify(metadata.outlet or "")
        or slugify(metadata.title or "", TITLE_WORDS_WITH_DATE if dated else MAX_SLUG_WORDS)
        or slugify(file_stem)
        or "source"
    )
    if metadata.published is not None:
        return f"{lead}-{metadata.published:%Y-%m-%d}"
    return lead


def assign_ids(candidates: list[tuple[str, str | None]]) -> list[str]:
    """Give every source a unique id, in input order: curated ids first, then `-2`, `-3` suffixes.

    `candidates` holds (derived id, curated id or None) per source, sorted by file name, so the
    same bundle always gets the same ids.
    """
    taken = Counter(curated for _, curated in candidates if curated)
    result = []
    used: set[str] = set()
    for derived, curated in candidates:
        if curated:
            result.append(curated)
            used.add(curated)
            continue
        candidate, number = derived, 1
        while candidate in used or taken[candidate]:
            number += 1
            candidate = f"{derived}-{number}"
        used.add(candidate)
        result.append(candidate)
    return result
