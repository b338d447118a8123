"""The longest passage two sources share, found in linear time with a suffix automaton and
located in each source's paragraphs: apart because it is the one exact, per-pair step of shared
text, and the subtlest."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Source, Span
from .shingles import _Doc, _words
from .text import _WORD


def _longest_common_run(a: Sequence[str], b: Sequence[str]) -> tuple[int, int, int]:
    """(i, j, size) of the longest run a[i : i + size] == b[j : j + size], the earliest in a, then
    in b: what difflib's `find_longest_match` returns without junk, in O(len(a) + len(b)) with a
    suffix automaton of b (find_longest_match takes O(len(a) x the occurrences in b of each word),
    quadratic in text that repeats itself)."""
    # The automaton: state 0 is the empty run; each state stands for runs ending at the same
    # places in b, `first_end` the first of them.
    length, suffix_link, first_end = [0], [-1], [-1]
    moves: list[dict[str, int]] = [{}]
    last = 0
    for position, word in enumerate(b):
        current = len(length)
        length.append(length[last] + 1)
        suffix_link.append(0)
        first_end.append(position)
        moves.append({})
        state = last
        while state != -1 and word not in moves[state]:
            moves[state][word] = current
            state = suffix_link[state]
        if state != -1:
            after = moves[state][word]
            if length[state] + 1 == length[after]:
                suffix_link[current] = after
            else:
                clone = len(length)
                length.append(length[state] + 1)
                suffix_link.append(suffix_link[after])
                first_end.append(first_end[after])
                moves.append(dict(moves[after]))
                while state != -1 and moves[state].get(word) == after:
                    moves[state][word] = clone
                    state = suffix_link[state]
                suffix_link[after] = clone
                suffix_link[current] = clone
        last = current
    # The longest run of b ending at each word of a; the first longest wins.
    best_i, best_j, best_size = 0, 0, 0
    state, size = 0, 0
    for position, word in enumerate(a):
        while state and word not in moves[state]:
            state = suffix_link[state]
            size = length[state]
        if word in moves[state]:
            state = moves[state][word]
            size += 1
        if size > best_size:
            best_i, best_j, best_size = position - size + 1, first_end[state] - size + 1, size
    return best_i, best_j, best_size


def _located_words(source: Source) -> tuple[list[str], list[tuple[str, int, int]]]:
    """The words of a source as written, and the (paragraph, start, end) of each."""
    written: list[str] = []
    places: list[tuple[str, int, int]] = []
    for paragraph in source.paragraphs:
        for match in _WORD.finditer(paragraph.text):
            written.append(match.group())
            places.append((paragraph.id, match.start(), match.end()))
    return written, places


def _passage(a: _Doc, b: _Doc, source_a: Source, source_b: Source) -> tuple[str, Span | None, Span | None]:
    first_a, first_b, size = _longest_common_run(_words(source_a), _words(source_b))
    if size == 0:
        return "", None, None

    def located(source: Source, first: int) -> Span:
        written, places = _located_words(source)
        paragraph, start, _ = places[first]
        last_paragraph, _, end = places[first + size - 1]
        if last_paragraph != paragraph:
            end = start + len(written[first])
        return Span(
            source=source.id, paragraph=paragraph, start=start, end=end, text=" ".join(written[first : first + size])
        )

    span_a, span_b = located(source_a, first_a), located(source_b, first_b)
    return span_a.text, span_a, span_b
