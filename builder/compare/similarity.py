"""How alike two renderings of a statement are (word order and character trigrams), an upper
bound on that score cheap enough to work out for every candidate pair (words and trigrams as bit
sets: an AND and a bit count), the pairs that score 1.0 without difflib, and the word diff the
page shows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from ..extract.sentences import split_sentences
from .model import DiffSegment
from .text import _EDGE_PUNCTUATION


@lru_cache(maxsize=1 << 16)
def _keys(text: str) -> tuple[str, ...]:
    """Words for comparison: case-folded, without surrounding punctuation."""
    return tuple(k for k in (_EDGE_PUNCTUATION.sub("", w.casefold()) for w in text.split()) if k)


@lru_cache(maxsize=1 << 16)
def _trigrams(text: str) -> frozenset[str]:
    return frozenset(_trigrams_of(_keys(text)))


def _trigrams_of(keys: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for key in keys:
        padded = f" {key} "
        found.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return found


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


class _Bits:
    """Bit numbers for the words and trigrams of one speaker's statements: a text's set of them
    is an int, and how many two texts share is one AND and a bit count rather than a new set.
    Also the shapes of the texts seen, for sentences recur across renderings."""

    __slots__ = ("shapes", "trigrams", "words")

    def __init__(self) -> None:
        self.words: dict[tuple[str, int], int] = {}  # (word, its nth occurrence in a text) -> bit
        self.trigrams: dict[str, int] = {}
        self.shapes: dict[str, _Shape] = {}

    @staticmethod
    def _mask(numbers: dict[Any, int], items: Iterable[Any]) -> int:
        found = 0
        for item in items:
            number = numbers.get(item)
            if number is None:
                number = numbers[item] = len(numbers)
            found |= 1 << number
        return found

    def words_of(self, keys: Sequence[str]) -> int:
        """The words with their repeats: the nth "the" of one text pairs with the nth of another,
        so what two texts share counts each word as often as the text using it less does."""
        seen: Counter[str] = Counter()
        occurrences = []
        for key in keys:
            seen[key] += 1
            occurrences.append((key, seen[key]))
        return self._mask(self.words, occurrences)

    def trigrams_of(self, trigrams: Iterable[str]) -> int:
        return self._mask(self.trigrams, trigrams)

    def shape(self, text: str) -> _Shape:
        found = self.shapes.get(text)
        if found is None:
            keys = _keys(text)
            trigrams = _trigrams_of(keys)  # not `_trigrams`: only the bit set is kept, not the strings
            found = _Shape(keys, self.words_of(keys), self.trigrams_of(trigrams), len(trigrams))
            self.shapes[text] = found
        return found


@dataclass(frozen=True, slots=True)
class _Shape:
    """What bounds `text_similarity` from above, worked out once per text: its words (with their
    repeats) and trigrams as bit sets of one `_Bits`."""

    keys: tuple[str, ...]  # `_keys`
    words: int
    trigrams: int
    trigram_count: int

    def bound(self, other: _Shape) -> float:
        """At least text_similarity: difflib pairs each word with an equal word at most once, so
        its ratio is at most that of the words both hold (counted with their repeats); Dice is
        exact. The same float when the bound is met (the same operations), strictly more
        otherwise."""
        if not self.keys or not other.keys:
            return 0.0
        ratio = 2.0 * (self.words & other.words).bit_count() / (len(self.keys) + len(other.keys))
        dice = 2 * (self.trigrams & other.trigrams).bit_count() / (self.trigram_count + other.trigram_count)
        return (ratio + dice) / 2


class _StatementShape:
    """What bounds `statement_similarity` from above: the whole text's shape and, for a text of
    several sentences, its sentences'."""

    __slots__ = ("piece_keys", "pieces", "several", "whole")

    def __init__(self, text: str, min_words: int, bits: _Bits) -> None:
        self.whole = bits.shape(text)
        # Its sentences of min_words or more, as statement_similarity splits it (itself if none).
        parts = tuple(bits.shape(s.text) for s in split_sentences(text) if len(_keys(s.text)) >= min_words)
        self.several = len(parts) > 1
        self.pieces = parts or (self.whole,)
        self.piece_keys = frozenset(piece.keys for piece in self.pieces)

    def bound(self, other: _StatementShape) -> float:
        """At least statement_similarity, either way round: the best bound of the whole texts
        and, as statement_similarity pairs them, of their sentences."""
        best = self.whole.bound(other.whole)
        if self.several or other.several:
            for x in self.pieces:
                for y in other.pieces:
                    best = max(best, x.bound(y))
        return best

    def identical(self, other: _StatementShape) -> bool:
        """Whether statement_similarity is 1.0, either way round, without difflib: the same
        words, or (when it compares sentences) a sentence of the same words as one of the
        other's. Words equal make both of text_similarity's halves exactly 1.0, and no score
        is higher."""
        if self.whole.keys == other.whole.keys:
            return bool(self.whole.keys)
        return (self.several or other.several) and not self.piece_keys.isdisjoint(other.piece_keys)


class _Scores:
    """Bounds and scores of pairs of a speaker's texts (by number), their shapes worked out once
    per text and their words and trigrams numbered by one `_Bits`."""

    def __init__(self, texts: Sequence[str], min_words: int) -> None:
        self.texts, self.min_words = texts, min_words
        self.bits = _Bits()
        self.shapes: dict[int, _StatementShape] = {}

    def shape(self, x: int) -> _StatementShape:
        found = self.shapes.get(x)
        if found is None:
            found = self.shapes[x] = _StatementShape(self.texts[x], self.min_words, self.bits)
        return found

    def bound(self, x: int, y: int) -> float:
        """At least statement_similarity of texts x and y, either way round."""
        return 1.0 if x == y else self.shape(x).bound(self.shape(y))

    def score(self, x: int, y: int) -> float:
        """statement_similarity of texts x and y; difflib only when no sentence is the same."""
        if self.shape(x).identical(self.shape(y)):
            return 1.0
        return statement_similarity(self.texts[x], self.texts[y], self.min_words)


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
