"""Quote variants: the same statement as different outlets render it (same speaker, similar
words), grouped one version per source and diffed against the earliest; a sentence without
quotation marks next to the speaker's name can be a variant too (reported speech)."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from heapq import heappop, heappush
from itertools import accumulate
from operator import itemgetter

from ..model import Quote, Span
from .grouping import _Grouping
from .index import _Index
from .model import DiffSegment, QuoteGroup, QuoteVariant
from .quote_candidates import _class_candidates
from .settings import QuoteSettings
from .similarity import _keys, _Scores, statement_similarity, word_diff
from .statements import _Classes, _reported_parts, _Statement
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
        self._readers: Counter[tuple[str, str]] = Counter()  # see `expect`
        self.naming: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for place in index.mentioning:  # (source, paragraph), one tuple however many actors it names
            for actor_id in dict.fromkeys(a for _, _, a in index.mentions[place]):
                self.naming[actor_id].append(place)

    def expect(self, speakers: Iterable[str]) -> None:
        """The speakers whose statements will be asked for, once each: a paragraph's readings are
        let go once the last speaker it names has had them, rather than all kept to the end."""
        for speaker in speakers:
            self._readers.update(self.naming[speaker])

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
        for place in self.naming[speaker]:
            source = place[0]
            if quoted_sides[self.side(source)] - (source in quoted_in) > 0:  # else no quote to link to
                found.extend(self.reported(place))
            self._done_with(place)
        return found

    def _done_with(self, place: tuple[str, str]) -> None:
        """One of the speakers `expect`ed at place has had its readings; the last lets them go
        (asked again, they are read again)."""
        readers = self._readers.get(place, 0)
        if readers > 1:
            self._readers[place] = readers - 1
        elif readers == 1:
            del self._readers[place]
            self._reported.pop(place, None)

    def reported(self, place: tuple[str, str]) -> list[_Statement]:
        """The readings of the sentences outside quotes of the paragraph at place (source,
        paragraph), worked out once for every speaker the paragraph names."""
        found = self._reported.get(place)
        if found is None:
            found = self._reported[place] = self._read(*place)
        return found

    def _read(self, source: str, paragraph: str) -> list[_Statement]:
        found: list[_Statement] = []
        for start, end, sentence in self.index.sentences(source, paragraph):
            if self.in_quote(source, paragraph, start, end):
                continue
            span = Span(source=source, paragraph=paragraph, start=start, end=end, text=sentence)
            for lead, said in _reported_parts(sentence, self.cfg.speech_markers):
                if len(_keys(said)) >= self.cfg.min_words:
                    found.append(_Statement(f"{source}/{paragraph}/{start}/{len(lead)}", span, sentence, said, False))
        return found

    def groups(self, speaker: str, quotes: Sequence[Quote]) -> Iterator[QuoteGroup]:
        """Best links first: quote-quote pairs scoring `loose` or more, quote-sentence pairs
        `reported` or more (sentence-sentence pairs are never links), among candidates (`blocked_pairs`
        on their words, or `lsh_pairs`: renderings repeated by more than max_block outlets share only
        "common" words). A statement links to one statement per other source; a group holds one
        statement per source; a sentence joins through one of its readings only."""
        statements = self.statements(speaker, quotes)
        classes = _Classes(statements, [self.side(s.span.source) for s in statements])
        scores = _Scores(classes.said, self.cfg.min_words)
        links = self.links(classes, scores)
        grouping = _Grouping(
            statements, classes.of, classes.members, classes.side, {c for _, x, y, _ in links for c in (x, y)}
        )
        _walk(grouping, links, scores)
        for members, weakest in grouping.groups():
            yield self.group(speaker, [statements[k] for k in members], weakest)

    def links(self, classes: _Classes, scores: _Scores) -> list[tuple[float, int, int, float]]:
        """(bound, x, y, threshold) of the links (i, j), i < j, i of class x and j of class y, that
        may reach their threshold, highest bound first. The bound is at least the score: only
        links still able to join anything when their bound comes up are scored (`_walk`). A link
        is scored from its earlier statement, as walking the pairs in order does: similarity is
        not symmetric (difflib breaks ties between equally long matches by position)."""
        cfg = self.cfg
        members = classes.members
        found: list[tuple[float, int, int, float]] = []
        words = [_keys(said) for said in classes.said]
        sizes = [len(m) for m in members]
        for x, y in _class_candidates(words, sizes, classes.quoted, cfg.max_block):
            if not classes.linkable(x, y):
                continue
            threshold = cfg.loose if classes.quoted[x] and classes.quoted[y] else cfg.reported
            bound = scores.bound(x, y)
            if bound < threshold:
                continue  # difflib's ratio need not be worked out (in either order)
            for first, then in ((x, y), (y, x)) if x != y else ((x, x),):
                if members[first][0] < members[then][-1]:  # some statement of `first` comes before one of `then`
                    found.append((bound, first, then, threshold))
        found.sort(key=itemgetter(0), reverse=True)
        return found

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
        # Against the base, once per wording: a quote carried by a thousand outlets is diffed once.
        against: dict[str, tuple[float, tuple[DiffSegment, ...]]] = {}
        for s in rest:
            if s.said not in against:
                similarity = round(statement_similarity(base.said, s.said, self.cfg.min_words), 2)
                against[s.said] = (similarity, word_diff(base.said, s.said))
            similarity, diff = against[s.said]
            variants.append(
                QuoteVariant(span=s.span, text=s.text, lead=s.lead, quoted=s.quoted, similarity=similarity, diff=diff)
            )
        return QuoteGroup(
            speaker=speaker,
            speaker_name=self.index.name(speaker),
            close=weakest >= self.cfg.close,
            variants=tuple(variants),
        )


def _walk(grouping: _Grouping, links: Sequence[tuple[float, int, int, float]], scores: _Scores) -> None:
    """Walk the links best score first, scoring them lazily: a score is walked once every
    link whose bound reaches it is scored. A link that cannot join anything any more when
    its bound comes up (its statements' groups share sources, its sentences died) is never
    scored: of a statement in a thousand renderings, the first links join the renderings into
    a few groups, and the million other pairs of renderings are settled without difflib."""
    scored: list[tuple[float, int, int]] = []  # heap of (-score, x, y)
    at = 0
    while True:
        while at < len(links) and (not scored or links[at][0] >= -scored[0][0]):
            _, x, y, threshold = links[at]
            at += 1
            if grouping.may_join(x, y):
                score = scores.score(x, y)
                if score >= threshold:
                    heappush(scored, (-score, x, y))
        if not scored:
            return
        best = -scored[0][0]
        level: list[tuple[int, int]] = []
        while scored and -scored[0][0] == best:
            _, x, y = heappop(scored)
            level.append((x, y))
        grouping.walk(best, level)


def _quotes(index: _Index, background: frozenset[str], cfg: QuoteSettings) -> tuple[QuoteGroup, ...]:
    """The quote groups of every speaker, close ones first.

    Quotes are blocked: only statements of the same speaker are compared, only sentences in
    paragraphs that name the speaker can be reported speech, and within a speaker only pairs that
    share a word used by at most `max_block` statements, or collide in MinHash LSH on their words,
    and that hold at least one quote. Statements with the same text are scored once, and only
    when a bound on the score (the words they share, the trigrams: an AND of bit sets, about a
    microsecond) reaches the threshold.

    That still leaves the links quadratic when a bundle retells one story: every outlet renders
    the speaker's statement its own way (another name, another number), and every pair of
    renderings scores above the threshold. In a synthetic bundle of 10,000 articles, one speaker
    has 1,500 renderings and 100,000 such links. Few of them matter: walked best first, the first
    links join the renderings into a few groups, and a link whose statements' groups share a
    source can join nothing, then or later. So links are scored lazily, highest bound first, and
    one that can join nothing when its bound comes up is never scored (`_walk`): 680 of those
    100,000 go to difflib. A rendering sharing a sentence word for word with another scores 1.0
    without difflib. The links are walked without listing them (`_Grouping`), so that a quote
    carried or repeated a thousand times costs a thousand steps, not a million, and each group is
    diffed once per wording. What stays quadratic is listing and bounding the candidate pairs of
    one speaker's renderings, a microsecond or two a pair. The groups are those of scoring and
    walking every link (tests/test_compare_scaling.py, tests/test_quotes_scaling.py).
    """
    by_speaker: dict[str, list[Quote]] = defaultdict(list)
    for quote in index.corpus.quotes:
        if quote.speaker and quote.span.source in index.sources and _keys(quote.text):
            by_speaker[quote.speaker].append(quote)
    matcher = _QuoteMatcher(index, background, cfg)
    matcher.expect(by_speaker)
    groups = [
        group
        for speaker in sorted(by_speaker)
        for group in matcher.groups(
            speaker, sorted(by_speaker[speaker], key=lambda q: (index.order[q.span.source], q.id))
        )
    ]
    groups.sort(key=lambda g: (not g.close, index.order[g.variants[0].span.source], g.variants[0].span.paragraph))
    return tuple(groups)
