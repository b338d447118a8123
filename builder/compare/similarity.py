"""How alike two renderings of a statement are (word order and character trigrams), an upper
bound on that score cheap enough to rule out most pairs before difflib runs, and the word diff
the page shows."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from ..extract.sentences import split_sentences
from .model import DiffSegment
from .text import _EDGE_PUNCTUATION


@lru_cache(maxsize=1 << 16)
def _keys(text: str) -> tuple[str, ...]:
    """Words for comparison: case-folded, without surrounding punctuation."""
    return tuple(k for k in (_EDGE_PUNCTUATION.sub("", w.casefold()) for w in text.split()) if k)


@lru_cache(maxsize=1 << 16)
def _trigrams(text: str) -> frozenset[str]:
    found: set[str] = set()
    for key in _keys(text):
        padded = f" {key} "
        found.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(found)


def text_similarity(a: str, b: str) -> float:
    """0..1: the mean of word-sequence overlap (difflib) and character-trigram Dice.

    The first rewards the same words in the same order, the second the same stems in other
    forms ("menghargai" / "penghargaan"), so that a translation variant still scores.
    """
    ka, kb = _keys(a), _keys(b)
    if not ka or not kb:
        return 0.0
    ratio = SequenceMatcher(None, ka, kb, autojunk=False).ratio()
    ta, tb = _trigrams(a), _trigrams(b)
    dice = 2 * len(ta & tb) / (len(ta) + len(tb))
    return (ratio + dice) / 2


@lru_cache(maxsize=1 << 16)
def statement_similarity(a: str, b: str, min_words: int) -> float:
    """Best of the whole texts and of their sentences (a quote may render part of a statement)."""
    best = text_similarity(a, b)
    parts_a = [s.text for s in split_sentences(a) if len(_keys(s.text)) >= min_words]
    parts_b = [s.text for s in split_sentences(b) if len(_keys(s.text)) >= min_words]
    if len(parts_a) > 1 or len(parts_b) > 1:
        for x in parts_a or [a]:
            for y in parts_b or [b]:
                best = max(best, text_similarity(x, y))
    return best


@dataclass(frozen=True, slots=True)
class _Shape:
    """What bounds `text_similarity` from above, worked out once per text."""

    words: frozenset[str]  # `_keys`
    counts: Counter[str] | None  # of `_keys`, when a word repeats
    length: int
    trigrams: frozenset[str]

    @staticmethod
    def of(text: str) -> _Shape:
        keys = _keys(text)
        words = frozenset(keys)
        return _Shape(words, Counter(keys) if len(words) < len(keys) else None, len(keys), _trigrams(text))

    def bound(self, other: _Shape) -> float:
        """At least text_similarity: difflib pairs each word with an equal word at most once, so
        its ratio is at most that of the words both hold; Dice is exact. The same float when the
        bound is met (the same operations), strictly more otherwise."""
        if not self.length or not other.length:
            return 0.0
        if self.counts is None or other.counts is None:  # a word both hold pairs once
            shared = len(self.words & other.words)
        else:
            shared = sum(min(count, other.counts[word]) for word, count in self.counts.items())
        ratio = 2.0 * shared / (self.length + other.length)
        dice = 2 * len(self.trigrams & other.trigrams) / (len(self.trigrams) + len(other.trigrams))
        return (ratio + dice) / 2


class _StatementShape:
    """What bounds `statement_similarity` from above: the whole text's shape, then, when that is
    not enough, its sentences'."""

    __slots__ = ("_parts", "min_words", "text", "whole")

    def __init__(self, text: str, min_words: int) -> None:
        self.text, self.min_words = text, min_words
        self.whole = _Shape.of(text)
        self._parts: tuple[_Shape, ...] | None = None

    @property
    def parts(self) -> tuple[_Shape, ...]:
        """Its sentences of min_words or more, as statement_similarity splits it."""
        if self._parts is None:
            self._parts = tuple(
                _Shape.of(s.text) for s in split_sentences(self.text) if len(_keys(s.text)) >= self.min_words
            )
        return self._parts

    def below(self, other: _StatementShape, threshold: float) -> bool:
        """Whether statement_similarity is below threshold, either way round."""
        if self.whole.bound(other.whole) >= threshold:
            return False
        if len(self.parts) > 1 or len(other.parts) > 1:
            for x in self.parts or (self.whole,):
                for y in other.parts or (other.whole,):
                    if x.bound(y) >= threshold:
                        return False
        return True


def word_diff(base: str, variant: str) -> tuple[DiffSegment, ...]:
    """The variant against the base, word by word: equal, inserted (variant only), deleted (base only)."""
    base_words, variant_words = base.split(), variant.split()
    strip = _EDGE_PUNCTUATION.sub
    base_keys = [strip("", w.casefold()) or w for w in base_words]
    variant_keys = [strip("", w.casefold()) or w for w in variant_words]
    matcher = SequenceMatcher(None, base_keys, variant_keys, autojunk=False)
    segments: list[DiffSegment] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(DiffSegment(kind="equal", text=" ".join(variant_words[j1:j2])))
            continue
        if i2 > i1:
            segments.append(DiffSegment(kind="delete", text=" ".join(base_words[i1:i2])))
        if j2 > j1:
            segments.append(DiffSegment(kind="insert", text=" ".join(variant_words[j1:j2])))
    return tuple(segments)
