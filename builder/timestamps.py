"""A build timestamp that depends only on the content, for reproducible output."""

from __future__ import annotations

import datetime as dt

from .model import Corpus


def reproducible_epoch(corpus: Corpus) -> int:
    """The newest publication time among the sources (0 when no source is dated)."""
    stamps = []
    for source in corpus.sources:
        published = source.metadata.published
        if isinstance(published, dt.datetime):
            stamps.append(published if published.tzinfo else published.replace(tzinfo=dt.UTC))
        elif isinstance(published, dt.date):
            stamps.append(dt.datetime(published.year, published.month, published.day, tzinfo=dt.UTC))
    return int(max(stamps).timestamp()) if stamps else 0
