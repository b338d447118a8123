"""Role phrases in every paragraph: "<role words> <country|organisation> [(alias)][,] [<person>]"
("Presiden Korea Selatan", "Pemimpin Tertinggi Korea Utara Kim Jong Un"), the raw material
of the role conflicts, found in time linear in the paragraph."""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from dataclasses import dataclass

from ..extract.lexicon import lexicon
from .index import _Index

_ROLE_KINDS = ("country", "organization")
_BRIDGE = re.compile(r"\s*(?:\([^()]{1,40}\))?\s*,?\s*")  # "Korea Utara (Korut) Kim", "pemimpin Korut, Kim"


@dataclass(frozen=True, slots=True)
class _RolePhrase:
    source: str
    paragraph: str
    start: int  # of the role words
    end: int  # of the country or organisation
    holder: str  # country or organisation actor id
    person: str | None  # the person the phrase introduces, if a name follows
    person_end: int


def _outer_mentions(mentions: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The mentions (sorted by start) that no longer mention holds: "Korea Utara" in "Universitas
    Studi Korea Utara" is not its own. One holds another when it starts no later, ends no later
    and is longer, that is when it starts earlier and ends no earlier, or starts at the same place
    and ends later: the furthest ends so far tell, where trying every pair was quadratic."""
    if len(mentions) < 2:
        return list(mentions)
    furthest_from: dict[int, int] = {}
    for start, end, _ in mentions:
        furthest_from[start] = max(end, furthest_from.get(start, end))
    outer: list[tuple[int, int, str]] = []
    furthest_before: int | None = None  # of the mentions starting earlier
    previous: int | None = None
    for mention in mentions:
        start, end, _ = mention
        if previous is not None and start != previous:
            ended = furthest_from[previous]
            furthest_before = ended if furthest_before is None else max(furthest_before, ended)
        previous = start
        if (furthest_before is not None and furthest_before >= end) or furthest_from[start] > end:
            continue
        outer.append(mention)
    return outer


# A run of letters (`[^\W\d_]`) after white space, in text read backwards: the word before.
_WORD_BEFORE = re.compile(r"\s*([^\W\d_]+)")


def _role_start(text: str, start: int, roles: Container[str], backwards: str | None = None) -> int | None:
    """Where the role words right before text[start] begin ("Presiden" in "Presiden Korea
    Selatan"): runs of letters in roles, with nothing but white space between them and start.
    Read backwards from start (in `backwards`, text[::-1], made once per paragraph), as far as the
    role words go: finding every run of letters before start made a paragraph of thousands of
    mentions quadratic."""
    if backwards is None:
        backwards = text[::-1]
    role_start = None
    end = max(0, len(text) + start) if start < 0 else min(start, len(text))  # of text[:start]
    while (found := _WORD_BEFORE.match(backwards, len(text) - end)) is not None:
        if found.group(1)[::-1].casefold() not in roles:
            break
        role_start = end = len(text) - found.end(1)
    return role_start


def _role_phrases(index: _Index) -> list[_RolePhrase]:
    """ "<role words> <country|organisation> [(alias)][,] [<person>]" in every paragraph."""
    roles = lexicon().roles
    # The paragraphs that mention a country or an organisation: the others hold no role phrase.
    role_kind = {actor_id for actor_id, actor in index.actors.items() if actor.kind in _ROLE_KINDS}
    holding = {(m.source, m.paragraph) for a in index.corpus.actors if a.id in role_kind for m in a.mentions}
    found: list[_RolePhrase] = []
    for source, paragraph in index.mentioning:
        if (source, paragraph) not in holding:
            continue
        mentions = index.mentions[(source, paragraph)]
        text = index.text(source, paragraph)
        outer = _outer_mentions(mentions)
        starts = {s: (s, e, actor_id) for s, e, actor_id in outer}
        backwards: str | None = None
        for start, end, holder in outer:
            if index.actors[holder].kind not in _ROLE_KINDS:
                continue
            if backwards is None:
                backwards = text[::-1]
            role_start = _role_start(text, start, roles, backwards)
            if role_start is None:
                continue
            bridge = _BRIDGE.match(text, end)
            after = bridge.end() if bridge else end
            following = starts.get(after)
            person = following[2] if following and index.actors[following[2]].kind == "person" else None
            found.append(
                _RolePhrase(
                    source=source,
                    paragraph=paragraph,
                    start=role_start,
                    end=end,
                    holder=holder,
                    person=person,
                    person_end=following[1] if person and following else end,
                )
            )
    return found
