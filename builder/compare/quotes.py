"""Quote variants: the same statement as different outlets render it (same speaker, similar
words), grouped one version per source and diffed against the earliest; a sentence without
quotation marks next to the speaker's name can be a variant too (reported speech)."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from itertools import accumulate

from ..model import Quote, Span
from .grouping import _Grouping
from .index import _Index
from .model import DiffSegment, QuoteGroup, QuoteVariant
from .quote_candidates import _class_candidates
from .settings import QuoteSettings
from .similarity import _keys, _StatementShape, statement_similarity, word_diff
from .statements import _reported_parts, _Statement
from .text import _paragraph_order


class _QuoteMatcher:
    def __init__(self, index: _Index, background: frozenset[str], cfg: QuoteSettings) -> None:
        self.index, self.background, self.cfg = index, background, cfg
        spans: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        for quote in index.corpus.quotes:
            spans[(quote.span.source, quote.span.paragraph)].append((quote.span.start, quote.span.end))
        # Per paragraph, the quotes' starts in order and the furthest end so far: whether a
        # sentence overlaps a quote is one bisection, however many quotes the paragraph holds.
        self.quote_spans: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
        for key, found in spans.items():
            found.sort()
            self.quote_spans[key] = ([s for s, _ in found], list(accumulate((e for _, e in found), max)))
        self._reported: dict[tuple[str, str], list[_Statement]] = {}
        self.naming: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for source, paragraph in index.mentioning:
            for actor_id in dict.fromkeys(a for _, _, a in index.mentions[(source, paragraph)]):
                self.naming[actor_id].append((source, paragraph))

    def side(self, source: str) -> bool:
        """Statements of two sides are never linked (unless quotes.cross_background)."""
        return not self.cfg.cross_background and source in self.background

    def allowed(self, a: str, b: str) -> bool:
        return a != b and self.side(a) == self.side(b)

    def in_quote(self, source: str, paragraph: str, start: int, end: int) -> bool:
        found = self.quote_spans.get((source, paragraph))
        if found is None:
            return False
        starts, furthest = found
        before = bisect_left(starts, end)  # quotes starting before the sentence ends
        return before > 0 and furthest[before - 1] > start

    def statements(self, speaker: str, quotes: Sequence[Quote]) -> list[_Statement]:
        """The speaker's quotes, then sentences without quotation marks in paragraphs naming them."""
        found = [_Statement(q.id, q.span, q.text, q.text, True) for q in quotes]
        quoted_in = {q.span.source for q in quotes}
        quoted_sides = Counter(self.side(source) for source in quoted_in)
        for source, paragraph in self.naming[speaker]:
            if quoted_sides[self.side(source)] - (source in quoted_in) <= 0:
                continue  # no quote of the speaker's that a sentence here may be linked to
            found.extend(self.reported(source, paragraph))
        return found

    def reported(self, source: str, paragraph: str) -> list[_Statement]:
        """The readings of the paragraph's sentences outside quotes, worked out once for every
        speaker the paragraph names."""
        key = (source, paragraph)
        if key not in self._reported:
            found: list[_Statement] = []
            for start, end, sentence in self.index.sentences(source, paragraph):
                if self.in_quote(source, paragraph, start, end):
                    continue
                span = Span(source=source, paragraph=paragraph, start=start, end=end, text=sentence)
                for lead, said in _reported_parts(sentence, self.cfg.speech_markers):
                    if len(_keys(said)) >= self.cfg.min_words:
                        found.append(
                            _Statement(f"{source}/{paragraph}/{start}/{len(lead)}", span, sentence, said, False)
                        )
            self._reported[key] = found
        return self._reported[key]

    def groups(self, speaker: str, quotes: Sequence[Quote]) -> Iterator[QuoteGroup]:
        """Best links first: quote-quote pairs scoring `loose` or more, quote-sentence pairs
        `reported` or more (sentence-sentence pairs are never links), among candidates (`blocked_pairs`
        on their words, or `lsh_pairs`: renderings repeated by more than max_block outlets share only
        "common" words). A statement links to one statement per other source; a group holds one
        statement per source; a sentence joins through one of its readings only."""
        cfg = self.cfg
        statements = self.statements(speaker, quotes)
        numbers: dict[tuple[str, bool], int] = {}  # (said, quoted) -> class
        classes: list[list[int]] = []
        class_of: list[int] = []
        side: list[bool] = []
        # The sources of each class, by side: whether two classes hold an allowed pair at all.
        class_sources: list[dict[bool, set[str]]] = []
        for k, s in enumerate(statements):
            c = numbers.setdefault((s.said, s.quoted), len(numbers))
            if c == len(classes):
                classes.append([])
                class_sources.append({})
            classes[c].append(k)
            class_of.append(c)
            side.append(self.side(s.span.source))
            class_sources[c].setdefault(side[k], set()).add(s.span.source)
        kinds = list(numbers)
        quoted = [q for _, q in kinds]
        sizes = [len(members) for members in classes]

        def linkable(x: int, y: int) -> bool:
            for side_x, found_x in class_sources[x].items():
                found_y = class_sources[y].get(side_x)
                if found_y and (len(found_x) > 1 or len(found_y) > 1 or found_x != found_y):
                    return True
            return False

        # Score -> (class of i, class of j) for links (i, j), i < j. Similarity is not symmetric
        # (difflib breaks ties between equally long matches by position), so a link is scored
        # from its earlier statement, as walking the pairs in order does.
        levels: dict[float, list[tuple[int, int]]] = defaultdict(list)
        words = [_keys(said) for said, _ in kinds]
        shapes: dict[int, _StatementShape] = {}
        for x, y in sorted(_class_candidates(words, sizes, quoted, cfg.max_block)):
            if not linkable(x, y):
                continue
            threshold = cfg.loose if quoted[x] and quoted[y] else cfg.reported
            for c in (x, y):
                if c not in shapes:
                    shapes[c] = _StatementShape(kinds[c][0], cfg.min_words)
            if x != y and shapes[x].below(shapes[y], threshold):
                continue  # difflib's ratio need not be worked out (in either order)
            for first, then in ((x, y), (y, x)) if x != y else ((x, x),):
                if classes[first][0] < classes[then][-1]:  # some statement of `first` comes before one of `then`
                    score = statement_similarity(kinds[first][0], kinds[then][0], cfg.min_words)
                    if score >= threshold:
                        levels[score].append((first, then))
        grouping = _Grouping(
            statements, class_of, classes, side, {c for pairs in levels.values() for pair in pairs for c in pair}
        )
        grouping.run(levels, classes)
        for members, weakest in grouping.groups():
            yield self.group(speaker, [statements[k] for k in members], weakest)

    def group(self, speaker: str, found: list[_Statement], weakest: float) -> QuoteGroup:
        order = self.index.order
        found.sort(key=lambda s: (not s.quoted, order[s.span.source], _paragraph_order(s.span.paragraph)))
        base, rest = found[0], sorted(found[1:], key=lambda s: (order[s.span.source], not s.quoted))
        variants = [
            QuoteVariant(
                span=base.span,
                text=base.text,
                lead="",
                quoted=True,
                similarity=1.0,
                diff=(DiffSegment(kind="equal", text=base.text),),
            )
        ]
        variants.extend(
            QuoteVariant(
                span=s.span,
                text=s.text,
                lead=s.lead,
                quoted=s.quoted,
                similarity=round(statement_similarity(base.said, s.said, self.cfg.min_words), 2),
                diff=word_diff(base.said, s.said),
            )
            for s in rest
        )
        return QuoteGroup(
            speaker=speaker,
            speaker_name=self.index.name(speaker),
            close=weakest >= self.cfg.close,
            variants=tuple(variants),
        )


def _quotes(index: _Index, background: frozenset[str], cfg: QuoteSettings) -> tuple[QuoteGroup, ...]:
    """The quote groups of every speaker, close ones first.

    Quotes are blocked: only statements of the same speaker are compared, only sentences in
    paragraphs that name the speaker can be reported speech, and within a speaker only pairs that
    share a word used by at most `max_block` statements, or collide in MinHash LSH on their words,
    and that hold at least one quote. Statements with the same text are scored once, and scored
    only when a bound on the score (the words they share, the trigrams) reaches the threshold; the
    links are walked without listing them (`_Grouping`), so that a quote carried or repeated a
    thousand times costs a thousand steps, not a million.
    """
    by_speaker: dict[str, list[Quote]] = defaultdict(list)
    for quote in index.corpus.quotes:
        if quote.speaker and quote.span.source in index.sources and _keys(quote.text):
            by_speaker[quote.speaker].append(quote)
    matcher = _QuoteMatcher(index, background, cfg)
    groups = [
        group
        for speaker in sorted(by_speaker)
        for group in matcher.groups(
            speaker, sorted(by_speaker[speaker], key=lambda q: (index.order[q.span.source], q.id))
        )
    ]
    groups.sort(key=lambda g: (not g.close, index.order[g.variants[0].span.source], g.variants[0].span.paragraph))
    return tuple(groups)
