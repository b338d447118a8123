"""Staleness: how long before the newest source each source was published."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..model import Source
from .model import SourceAge


def _as_datetime(value: dt.datetime | dt.date) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)


def _staleness(ordered: Sequence[Source], background: frozenset[str]) -> tuple[SourceAge, ...]:
    dated = [_as_datetime(s.metadata.published) for s in ordered if s.metadata.published is not None]
    newest = max(dated) if dated else None
    return tuple(
        SourceAge(
            source=s.id,
            published=s.metadata.published,
            days_before_newest=(newest - _as_datetime(s.metadata.published)).days
            if newest is not None and s.metadata.published is not None
            else None,
            background=s.id in background,
        )
        for s in ordered
    )
