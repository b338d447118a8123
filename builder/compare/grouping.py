"""`_Grouping`: one speaker's statements joined into quote groups best link first, without
walking every link, so that a quote carried a thousand times costs a thousand steps, not a
million. Apart from the matcher because it knows nothing of text, only of scores and sources."""

from __future__ import annotations

from bisect import bisect_right, insort
from collections import defaultdict
from collections.abc import Iterable, Sequence
from heapq import heapify, heappop, heappush, heapreplace

from .statements import _Statement

# Pairs of groups `may_join` looks at before it gives up: a class with many groups of live
# statements (say a quote a thousand outlets carry, before any joins) costs a score, not a scan.
MAY_JOIN_CHECKS = 32


class _Grouping:
    """One speaker's statements joined best link first, as `_QuoteMatcher.groups` says, without
    walking every link.

    Links are walked best score first and, within a score, as pairs (i, j), i < j, in order. A
    link joins the groups of i and j unless they share a source (which covers i and j being in one
    group already, or j's source being i's) or i or j is a reading of a sentence another reading
    of which has joined (such a statement is `dead`). Statements with the same text and
    quotedness form a class; every pair of statements of two classes scores the same, so links are
    pairs of classes, walked statement by statement.

    Repeated statements make the links quadratic: a quote carried by a thousand outlets has half a
    million links, all but 999 of which fail; a quote that two articles repeat a thousand times
    each has a million. So the groups (a statement alone is a group of one) are kept in blocks
    of groups with the same sources: groups of one block share a source, so once i has tried the
    first statement after it of a block's groups in a class, every other fails (joined: it now
    shares a source with i's group; refused: it shares one for good). Each statement tries one
    statement per block of each class it links with, found with a heap per block and score. And
    once a group has tried a class, no later statement of the group (or of a group it joins) can
    join one of that class at that score: every statement after the first was tried or is in a
    block tried. So each group tries each class once per score.

    The matcher hands the scores over one at a time (`walk`), best first, and scores a link only
    if `may_join` says it can still join something: most links of a statement rendered in a
    thousand ways are settled by the groups its first links make, without difflib.
    """

    def __init__(
        self,
        statements: Sequence[_Statement],
        class_of: Sequence[int],
        classes: Sequence[Sequence[int]],
        side: Sequence[bool],
        linking: Iterable[int],
    ) -> None:
        """`linking`: the classes with links; the others' statements stay alone."""
        count = len(statements)
        self.source = [s.span.source for s in statements]
        self.side = side  # statements of two sides never link: background and news sources
        self.class_of = class_of
        self.class_members = classes
        self.root = list(range(count))  # group of each statement: its own number while alone
        # Groups of two or more (a statement alone is its own group, labelled with its number):
        self.members: dict[int, list[int]] = {}
        self.sources: dict[int, set[str]] = {}
        self.classes: dict[int, set[int]] = {}
        self.label: dict[int, int] = {}  # the number of the group that the link walk keeps
        self.weakest: dict[int, float] = {}
        self.dead = [False] * count
        # A group's sources as a number: one per source, and one per pair of numbers joined. Equal
        # numbers mean equal sources (equal sources may have two numbers: then two blocks).
        numbers: dict[str, int] = {}
        self.signature = [numbers.setdefault(source, len(numbers)) for source in self.source]  # by group
        self.unions: dict[tuple[int, int], int] = {}
        self.next_signature = len(numbers)
        # class -> group -> the group's statements of the class, sorted
        self.buckets: dict[int, dict[int, list[int]]] = {}
        # class -> side -> signature -> the groups holding statements of the class
        self.blocks: dict[int, dict[bool, dict[int, set[int]]]] = {}
        by_sentence: dict[tuple[str, str, int], list[int]] = defaultdict(list)
        for c in linking:
            buckets, blocks = self.buckets.setdefault(c, {}), self.blocks.setdefault(c, {})
            for k in classes[c]:
                buckets[k] = [k]
                blocks.setdefault(side[k], {}).setdefault(self.signature[k], set()).add(k)
                span = statements[k].span
                if not statements[k].quoted:
                    by_sentence[(span.source, span.paragraph, span.start)].append(k)
        self.readings: dict[int, list[int]] = {}  # other readings of the same sentence that may join
        for readings in by_sentence.values():
            if len(readings) > 1:
                for k in readings:
                    self.readings[k] = [r for r in readings if r != k]
        # At the score walked: (class, side, signature) -> heap of (a group's first statement
        # after the one walked, group), built when first needed.
        self.heaps: dict[tuple[int, bool, int], list[tuple[int, int]]] = {}

    def walk(self, score: float, links: Iterable[tuple[int, int]]) -> None:
        """Walk the links of one score, lower than any walked before: `links` are the pairs of
        classes (x, y) whose links (i, j), i < j, i of x and j of y, have that score. A link
        `may_join` ruled out may be left out: it would change nothing."""
        neighbours: dict[int, list[int]] = defaultdict(list)
        for x, y in links:
            neighbours[x].append(y)
        self.heaps = {}
        tried: dict[int, set[int]] = defaultdict(set)  # group -> classes it has tried at this score
        for i in sorted(k for x in neighbours for k in self.class_members[x]):
            if self.dead[i]:
                continue
            done = tried[self.root[i]]
            side = self.side[i]
            firsts: list[int] = []
            for y in neighbours[self.class_of[i]]:
                if y in done:
                    continue
                done.add(y)
                for signature in list(self.blocks[y].get(side, {})):
                    j = self.first_after(y, side, signature, i)
                    if j is not None:
                        firsts.append(j)
            firsts.sort()
            for j in firsts:
                if self.dead[j] or self.share_a_source(self.root[i], self.root[j]):
                    continue
                keep, gone = self.join(i, j, score)
                tried[keep] |= tried.pop(gone, set())

    def may_join(self, x: int, y: int) -> bool:
        """Whether a link (i, j), i < j, i of class x and j of class y, may still join two groups:
        False only when none can, now or later, for statements only die and groups only grow (a
        source shared stays shared). Then the link's score need not be known: walking it would
        change nothing, not even which links later statements of i's group try (those fail as
        i's would, for j's group shares a source with i's). Gives up (True) past
        MAY_JOIN_CHECKS pairs of groups."""
        by_group_x, by_group_y = self.buckets[x], self.buckets[y]  # live statements, by group
        checks = 0
        for group_x, found_x in by_group_x.items():
            for group_y, found_y in by_group_y.items():
                if (
                    found_x[0] < found_y[-1]
                    and self.side[group_x] == self.side[group_y]
                    and not self.share_a_source(group_x, group_y)
                ):
                    return True
                checks += 1
                if checks >= MAY_JOIN_CHECKS:
                    return True
        return False

    def first_after(self, y: int, side: bool, signature: int, i: int) -> int | None:
        """The first statement after i of class y in the groups of a block."""
        groups = self.blocks[y][side][signature]
        key = (y, side, signature)
        heap = self.heaps.get(key)
        if heap is None:
            heap = []
            for group in groups:
                bucket = self.buckets[y][group]
                at = bisect_right(bucket, i)
                if at < len(bucket):
                    heap.append((bucket[at], group))
            heapify(heap)
            self.heaps[key] = heap
        # A group's statements of a class stay the same while it is in the block (joining changes
        # its sources, dying empties it): an entry is good while its group is in the block.
        while heap:
            first, group = heap[0]
            if group in groups:
                if first > i:
                    return first
                bucket = self.buckets[y][group]
                at = bisect_right(bucket, i)
                if at < len(bucket):
                    heapreplace(heap, (bucket[at], group))
                    continue
            heappop(heap)
        return None

    def share_a_source(self, a: int, b: int) -> bool:
        """Whether groups a and b hold statements of one source (a group shares its own)."""
        sources_a, sources_b = self.sources.get(a), self.sources.get(b)
        if sources_a is None:
            return self.source[a] == self.source[b] if sources_b is None else self.source[a] in sources_b
        return self.source[b] in sources_a if sources_b is None else not sources_a.isdisjoint(sources_b)

    def _leave_block(self, c: int, side: bool, group: int) -> None:
        by_signature = self.blocks[c][side]
        groups = by_signature[self.signature[group]]
        groups.discard(group)
        if not groups:
            del by_signature[self.signature[group]]

    def join(self, i: int, j: int, score: float) -> tuple[int, int]:
        """Join the groups of i and j; i's group keeps its label. Returns (group kept, group gone)."""
        for k in (i, j):
            for other in self.readings.get(k, ()):
                if not self.dead[other]:  # alone: a reading that joined would have killed k
                    self.dead[other] = True
                    self._leave_block(self.class_of[other], self.side[other], other)
                    del self.buckets[self.class_of[other]][other]
        ri, rj = self.root[i], self.root[j]
        group_i, group_j = self.members.get(ri, [ri]), self.members.get(rj, [rj])
        keep, gone = (ri, rj) if len(group_i) >= len(group_j) else (rj, ri)
        kept, leaving = (group_i, group_j) if keep == ri else (group_j, group_i)
        side = self.side[i]
        classes = self.classes.pop(keep, None) or {self.class_of[keep]}
        classes_gone = self.classes.pop(gone, None) or {self.class_of[gone]}
        for c in classes:
            self._leave_block(c, side, keep)
        for c in classes_gone:
            self._leave_block(c, side, gone)
        pair = (min(self.signature[keep], self.signature[gone]), max(self.signature[keep], self.signature[gone]))
        if pair not in self.unions:
            self.unions[pair] = self.next_signature
            self.next_signature += 1
        self.signature[keep] = self.unions[pair]
        for c in classes_gone:
            moving = self.buckets[c].pop(gone)
            bucket = self.buckets[c].setdefault(keep, [])
            if len(moving) > len(bucket):
                bucket, moving = moving, bucket
                self.buckets[c][keep] = bucket
            for k in moving:  # the smaller into the larger: a quote carried by a thousand outlets
                insort(bucket, k)  # joins one statement at a time
        classes.update(classes_gone)
        self.classes[keep] = classes
        for c in classes:
            self.blocks[c].setdefault(side, {}).setdefault(self.signature[keep], set()).add(keep)
            heap = self.heaps.get((c, side, self.signature[keep]))
            if heap is not None:
                bucket = self.buckets[c][keep]
                at = bisect_right(bucket, i)
                if at < len(bucket):
                    heappush(heap, (bucket[at], keep))
        label = self.label.pop(ri, ri)
        self.label.pop(rj, None)
        weakest = min(score, self.weakest.pop(ri, 1.0), self.weakest.pop(rj, 1.0))
        for k in leaving:
            self.root[k] = keep
        self.members.pop(gone, None)
        self.members.setdefault(keep, kept).extend(leaving)
        self.sources.setdefault(keep, {self.source[keep]}).update(self.sources.pop(gone, (self.source[gone],)))
        self.label[keep] = label
        self.weakest[keep] = weakest
        return keep, gone

    def groups(self) -> list[tuple[list[int], float]]:
        """(statements, weakest link) of each group of two or more, in the order of their labels."""
        found = sorted((self.label[root], root) for root in self.members)
        return [(self.members[root], self.weakest[root]) for _, root in found]
