"""The items of one paragraph (mentions, sentences, events), found by position with bisection:
a paragraph of thousands of mentions, or a 10 MB article of one paragraph, is searched rather
than scanned once per look-up."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence


def _overlaps(start: int, end: int, other_start: int, other_end: int) -> bool:
    return start < other_end and other_start < end


class _ByStart:
    """Items of one paragraph, kept in their order, found by where they start: a paragraph of
    thousands of mentions is searched by bisection, not scanned once per look-up."""

    def __init__(self, starts: Sequence[int]) -> None:
        self.order = sorted(range(len(starts)), key=starts.__getitem__)
        self.starts = [starts[k] for k in self.order]

    def between(self, low: int, high: int) -> list[int]:
        """Positions of the items starting in [low, high], in their order."""
        return sorted(self.order[bisect_left(self.starts, low) : bisect_right(self.starts, high)])


class _Stretches:
    """Stretches [start, end) of one paragraph, kept in their order: which overlap a stretch.

    When no stretch holds a later-starting one in its end (sentences, and the events stated in
    them), the overlapping ones are a run of the stretches sorted by start, found by bisection;
    otherwise every stretch is tried."""

    def __init__(self, stretches: Sequence[tuple[int, int]]) -> None:
        self.stretches = stretches
        self.order = sorted(range(len(stretches)), key=stretches.__getitem__)
        self.starts = [stretches[k][0] for k in self.order]
        self.ends = [stretches[k][1] for k in self.order]
        self.monotone = all(a <= b for a, b in zip(self.ends, self.ends[1:], strict=False))

    def overlapping(self, start: int, end: int) -> list[int]:
        """Positions of the stretches overlapping [start, end), in their order."""
        if not self.monotone:
            return [k for k, (s, e) in enumerate(self.stretches) if _overlaps(s, e, start, end)]
        return sorted(self.order[bisect_right(self.ends, start) : bisect_left(self.starts, end)])
