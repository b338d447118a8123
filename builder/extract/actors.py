"""Actors: a curated gazetteer (`actors.yml`) plus discovery of names in running text.

Discovery works without any curation, for any Latin-script bundle: capitalised word spans,
split at role words ("Presiden") and known names ("Rusia"), classified by the evidence around
them (a role or appositive before a person, a speech verb, a place preposition, organisation
words), and merged with their short forms ("Putin" = "Vladimir Putin", "Korea Utara (Korut)").
Descriptions come from the sources' own appositives ("Presiden Universitas Studi Korea Utara di
Seoul, Yang Moo Jin"). Only kept article text is read, never removed boilerplate.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from bisect import bisect_left, insort
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate, compress
from operator import itemgetter, or_
from typing import Any, NamedTuple

import ahocorasick  # type: ignore[import-not-found]  # a C extension without type stubs
import pydantic

from ..ids import slugify
from ..model import Actor, ActorKind, Source, Span
from .dates import find_dates
from .lexicon import Lexicon, lexicon
from .sentences import Sentence, paragraph_sentences

WORD = re.compile(r"[^\W_][\w'’]*(?:-[\w'’]+)*")
CONNECTORS = frozenset({"of", "the", "de", "van", "der", "von", "bin", "al", "el", "la", "del", "du"})
# Joins two names only inside an organisation's name: "High Court of England and Wales".
ORGANIZATION_CONNECTORS = frozenset({"and", "dan", "&"})
DESCRIPTION_GLUE = frozenset({"di", "dari", "of", "in", "the", "for", "untuk"})
CONTEXT_CHARS = 200  # how far before a name its role, appositive or cue word is looked for
KIND_ORDER: dict[str, int] = {"person": 0, "organization": 1, "media": 2, "country": 3, "place": 4, "other": 5}


class CuratedActor(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)

    name: str = pydantic.Field(min_length=1)
    kind: ActorKind
    aliases: list[str] = []
    description: str | None = None
    id: str | None = pydantic.Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]*$")


class CuratedActors(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)

    actors: list[CuratedActor] = []


@dataclass
class _Entry:
    """An actor being assembled: curated, discovered, or both."""

    name: str
    kind: str
    aliases: set[str] = field(default_factory=set)
    descriptions: Counter[str] = field(default_factory=Counter)
    curated_description: str | None = None
    curated: bool = False
    actor_id: str | None = None
    evidence: Counter[str] = field(default_factory=Counter)
    count: int = 0

    def names(self) -> set[str]:
        return {self.name, *self.aliases}


class _Candidate(NamedTuple):
    name: str
    evidence: frozenset[str]
    description: str | None


@dataclass(frozen=True, slots=True)
class _Paragraph:
    """A text paragraph with its sentences, split once for discovery and mentions alike."""

    source: Source
    id: str
    text: str
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True, slots=True)
class _Words:
    """A paragraph's words (`WORD` matches), found in one pass, with what lies between them.

    `gaps[i]` is the text before `words[i]` and `gaps[-1]` the text after the last word, so
    "joined by one space" is `gaps[i] == " "` and no word is sliced out of the text again.
    """

    text: str
    words: list[str]
    gaps: list[str]
    starts: list[int]
    ends: list[int]
    lowered: list[str]
    capitalised: list[bool]
    # `text.lower()` when lower-casing any slice of the text equals slicing this: no "İ", which
    # lower-cases to two characters, and no "Σ", whose lower case depends on its neighbours.
    lower_text: str | None


WORD_SPLIT = re.compile(f"({WORD.pattern})")


def _words_of(text: str) -> _Words:
    # re.split with a group alternates gap, word, gap, ..., gap; all the per-word lists are built by
    # C-level map/accumulate, so a word costs no Python-level step unless discovery looks at it.
    parts = WORD_SPLIT.split(text)
    bounds = list(accumulate(map(len, parts)))
    words = parts[1::2]
    lower_text = text.lower()
    context_free = len(lower_text) == len(text) and "Σ" not in text
    return _Words(
        text=text,
        words=words,
        gaps=parts[0::2],
        starts=bounds[0:-1:2],
        ends=bounds[1::2],
        lowered=list(map(str.lower, words)),
        capitalised=list(map(str.isupper, map(itemgetter(0), words))),
        lower_text=lower_text if context_free else None,
    )


POSSESSIVE_ENDINGS = ("'", "’", "'s", "’s")  # "Johnson's", "Jones'"
NAME_CONNECTORS = CONNECTORS | ORGANIZATION_CONNECTORS
_JOINS_WITH_OF = lexicon().organization_words | lexicon().state_words | lexicon().roles


def _runs(words: _Words, excluded: set[int]) -> Iterator[tuple[int, int]]:
    """Runs of capitalised words joined only by spaces (or name connectors like "of"), as word
    index ranges [first, end).

    A possessive ends a run ("United Kingdom's Queen Elizabeth" is two names), and words inside
    `excluded` (date expressions: "Februari lalu", "Monday's") never join a name. Only capitalised
    words and connectors are visited: any other word ends a run, and so does a gap between two
    visited words that are not neighbours, so skipping the others changes nothing.
    """
    texts, lowered, capitalised, gaps = words.words, words.lowered, words.capitalised, words.gaps
    organization_words = lexicon().organization_words
    visited = compress(range(len(lowered)), map(or_, capitalised, map(NAME_CONNECTORS.__contains__, lowered)))
    first = end = 0  # the run is words[first:end], empty when first == end
    joins_with_of = has_organization_word = False
    for index in visited:
        if index in excluded:
            if first < end:
                yield first, end
            first = end = 0
            continue
        lower = lowered[index]
        if first < end and end == index and gaps[index] == " ":  # the word could join the run
            possessive_before = texts[end - 1].endswith(POSSESSIVE_ENDINGS)
            if (
                (capitalised[index] and not possessive_before)
                or (
                    lower in CONNECTORS
                    and not possessive_before
                    # "House of Commons", "Republic of Ireland" - but "Yvette Cooper of the Labour
                    # Party" is a person and a party.
                    and (texts[index] != "of" or joins_with_of)
                )
                or (lower in ORGANIZATION_CONNECTORS and has_organization_word)
            ):
                end = index + 1
                joins_with_of = joins_with_of or lower in _JOINS_WITH_OF
                has_organization_word = has_organization_word or lower in organization_words
                continue
        if first < end:
            yield first, end
        if capitalised[index]:  # a capitalised word starts a run; a lone connector does not
            first, end = index, index + 1
            joins_with_of = lower in _JOINS_WITH_OF
            has_organization_word = lower in organization_words
        else:
            first = end = 0
    if first < end:
        yield first, end


def _bare(word: str) -> str:
    """A word without its possessive ending: "Johnson's" -> "Johnson"; "JOHNSON'S" stays."""
    if len(word) > 3:
        last = word[-1]
        if last == "s" and word[-2] in "'’":
            return word[:-2]
        if last in "'’":
            return word[:-1]
    return word


def _known_prefix(words: list[str], known: set[str]) -> int:
    """Length in words of the longest known name at the start of `words`."""
    for size in range(min(4, len(words)), 0, -1):
        if " ".join(words[:size]) in known:
            return size
    return 0


CLAUSE_BREAKS = frozenset('.;:!?"“”')  # between two words, these end an appositive
NEVER_A_NAME = lexicon().calendar | lexicon().never_names  # a name of only these words is none


def _description_before(words: _Words, index: int, window: int, sentence: Sentence, lex: Lexicon) -> str | None:
    """An appositive before words[index]: "Presiden Rusia Vladimir Putin", "Ketua X di Y, Nama".

    Only the last dozen words within CONTEXT_CHARS (from `window` on) can describe the name: a
    bounded look back keeps this linear.
    """
    starts = words.starts
    chosen: int | None = None
    position = index - 1
    lowest = index - 11 if index > 11 else 0
    while position >= lowest and starts[position] >= window:
        between = words.gaps[position + 1] if position + 1 < index else ""
        if not CLAUSE_BREAKS.isdisjoint(between):
            break
        lower = words.lowered[position]
        if lower in lex.roles:
            chosen = position
        elif not (words.capitalised[position] or lower in DESCRIPTION_GLUE):
            break
        position -= 1
    else:
        if position >= lowest and words.ends[position] > window:
            # The look back would read the window's first word next, cut by the window: a
            # different word than the paragraph's. Read the window as text, as it is.
            return _description_in(sentence.text, starts[index] - sentence.start, lex)
    if chosen is None:
        return None
    described = words.lowered[chosen:index]
    if described[-1] in DESCRIPTION_GLUE or all(w in lex.roles for w in described):
        return None  # "Presiden" alone is a title, not a description
    text = words.text[starts[chosen] : starts[index]].rstrip().removesuffix(",").rstrip().strip(" ,")
    return text[0].upper() + text[1:]


def _description_in(sentence: str, start: int, lex: Lexicon) -> str | None:
    """`_description_before` read from the text of the window before `start` in `sentence`."""
    prefix = sentence[max(0, start - CONTEXT_CHARS) : start].rstrip()
    prefix = prefix.removesuffix(",").rstrip()
    words = list(WORD.finditer(prefix))
    chosen: int | None = None
    for index in range(len(words) - 1, max(-1, len(words) - 12), -1):
        word = words[index].group()
        between = prefix[words[index].end() : words[index + 1].start()] if index + 1 < len(words) else ""
        if not CLAUSE_BREAKS.isdisjoint(between):
            break
        lower = word.lower()
        if lower in lex.roles:
            chosen = index
        elif not (word[0].isupper() or lower in DESCRIPTION_GLUE):
            break
    if chosen is None:
        return None
    text = prefix[words[chosen].start() :].strip(" ,")
    described = [w.lower() for w in WORD.findall(text)]
    if described[-1] in DESCRIPTION_GLUE or all(w in lex.roles for w in described):
        return None
    return text[0].upper() + text[1:]


LAST_WORD = re.compile(r"([^\W_][\w'’]*)\W*$")
APOSTROPHES_AND_UNDERSCORE = frozenset("_'’")  # left in gaps by WORD, joined to a word by LAST_WORD
LAST_WORD_REACH = 40  # characters at the end of a text that LAST_WORD is tried on first


def _last_word_in(before: str) -> str:
    """LAST_WORD's word in `before`, searched from near the end: from the start, the search is
    tried at every word and costs as much as the text is long.

    Starting `bound` characters in gives the same match unless the last word's run of word
    characters and apostrophes crosses the bound, or nothing is found: then search it all.
    """
    bound = max(0, len(before) - LAST_WORD_REACH)
    match = LAST_WORD.search(before, bound)
    if bound and (match is None or before[bound - 1].isalnum() or before[bound - 1] in APOSTROPHES_AND_UNDERSCORE):
        match = LAST_WORD.search(before)
    return match.group(1) if match else ""


def _previous_word(words: _Words, index: int, window: int) -> str | None:
    """LAST_WORD's word in the lower-cased window before words[index], read off the words when
    that is safe, else None.

    It is the previous word, lower-cased, when that is plain ASCII letters, inside the window and
    with no apostrophe or underscore next to it (LAST_WORD would take those in). Lower-casing never
    turns a non-word character into a word character, so the check needs no lower case.
    """
    previous = index - 1
    if previous < 0 or words.ends[previous] <= window:
        return ""  # no letter or digit in the window
    word, begin = words.words[previous], words.starts[previous]
    if (
        begin >= window
        and word.isascii()
        and word.isalpha()
        and APOSTROPHES_AND_UNDERSCORE.isdisjoint(words.gaps[index])
        and (begin == window or words.text[begin - 1] not in APOSTROPHES_AND_UNDERSCORE)
    ):
        return word.lower()
    return None


def _evidence_before(words: _Words, index: int, window: int, lex: Lexicon) -> set[str]:
    """Cues at the end of the window text[window:start] before words[index], lower-cased and
    without trailing spaces: a place preposition, a speech verb, a media cue."""
    start = words.starts[index]
    # The window is lowered[begin:end], read in place rather than sliced out for every name.
    if words.lower_text is not None:
        lowered, begin = words.lower_text, window
        gap = words.gaps[index]
        end = max(window, start - (len(gap) - len(gap.rstrip())))
    else:
        lowered, begin = words.text[window:start].lower(), 0
        end = len(lowered.rstrip())
    found: set[str] = set()
    last = _previous_word(words, index, window)
    if last is None:
        last = _last_word_in(lowered[begin:end])
    if last in lex.place_cues:
        found.add("place")
    if lowered.endswith(lex.speech_verbs, begin, end):
        found.add("speech")
    if lowered.endswith(lex.media_cues, begin, end) or (
        lowered.endswith(lex.told_words, begin, end) and _told(lowered[begin:end], lex)
    ):
        found.add("media")
    return found


def _told(before: str, lex: Lexicon) -> bool:
    """ "kata X kepada", "told": `before` ends with telling someone."""
    return any(before.endswith(word) and pattern.search(before) for word, pattern in lex.told_patterns)


def _pieces(
    words: _Words, first: int, end: int, *, lead: int, known: set[str], lex: Lexicon
) -> list[tuple[str, int, int, set[str], bool]]:
    """The names in the run words[first:end], as (name, first word, end word, evidence from role
    words before it, whether it opens the sentence). `lead` is the last offset where a word still
    opens its sentence (after quotes and brackets)."""
    lowered = words.lowered
    if end - first == 1:
        return _one_word_piece(words, first, lead=lead, known=known, lex=lex)
    while end > first and lowered[end - 1] in NAME_CONNECTORS:
        end -= 1
    if first == end:
        return []
    at_sentence_start = words.starts[first] <= lead
    origin = first
    bares = [_bare(word).lower() for word in words.words[first:end]]  # bares[i - origin] is word i's
    evidence: set[str] = set()
    pieces: list[tuple[str, int, int, set[str], bool]] = []
    # Role words and openers at the front are context, not part of the name; other "not a name"
    # words only at the start of a sentence, since "Yang Moo Jin" mid-sentence is a name even
    # though "yang" is the commonest Indonesian word.
    while first < end:
        bare = bares[first - origin]
        if bare in lex.roles:
            evidence.add("role")
        elif not (
            bare in lex.determiners
            or (bare in CONNECTORS and words.words[first].islower())
            or (bare in lex.calendar and at_sentence_start)
            or (bare in lex.not_names and at_sentence_start)
        ):
            break
        first += 1
        at_sentence_start = False
    # "Conservative MP Philip Hammond": the name follows the last role word.
    roles_inside = [i for i in range(first, end) if bares[i - origin] in lex.roles]
    if roles_inside and lex.organization_words.isdisjoint(bares[first - origin :]):
        last = roles_inside[-1]
        if last < end - 1:
            evidence.add("role")
            first = last + 1
            while first < end and lowered[first] in CONNECTORS:
                first += 1
    while first < end:
        if end - first == 1 or not lex.organization_words.isdisjoint(lowered[first:end]):
            take = end - first
        else:
            # "Rusia Vladimir Putin" -> "Rusia" + "Vladimir Putin".
            take = _known_prefix(words.words[first:end], known) or end - first
        piece, after = first, first + take
        first = after
        while after > piece and lowered[after - 1] in NAME_CONNECTORS:
            after -= 1
        if after == piece:
            continue
        name = _bare(words.text[words.starts[piece] : words.ends[after - 1]])
        if len(name) < 2 or NEVER_A_NAME.issuperset(bares[piece - origin : after - origin]):
            continue
        if "-" in name and all(part in known for part in name.split("-")):
            continue  # "AS-Korea Utara" is two known names, not a third
        pieces.append((name, piece, after, evidence, at_sentence_start))
        evidence = set()
        at_sentence_start = False
    return pieces


def _one_word_piece(
    words: _Words, index: int, *, lead: int, known: set[str], lex: Lexicon
) -> list[tuple[str, int, int, set[str], bool]]:
    """`_pieces` of a run of one word, three in four runs: the same steps, taken for one word."""
    if words.lowered[index] in NAME_CONNECTORS:
        return []
    word = words.words[index]
    name = _bare(word)
    bare = name.lower()
    at_sentence_start = words.starts[index] <= lead
    if (
        bare in lex.roles  # a title, an article or a sentence opener alone names nobody
        or bare in lex.determiners
        or (bare in CONNECTORS and word.islower())
        or (at_sentence_start and (bare in lex.calendar or bare in lex.not_names))
    ):
        return []
    if len(name) < 2 or bare in NEVER_A_NAME:
        return []
    if "-" in name and all(part in known for part in name.split("-")):
        return []  # "AS-Korea Utara" is two known names, not a third
    return [(name, index, index + 1, set(), at_sentence_start)]


def _words_inside(starts: list[int], spans: Iterable[tuple[int, int]]) -> set[int]:
    """Indexes of the words that start inside any of `spans`, found by bisection, not by testing
    every word against every span."""
    inside: set[int] = set()
    for span_start, span_end in spans:
        index = bisect_left(starts, span_start)
        while index < len(starts) and starts[index] < span_end:
            inside.add(index)
            index += 1
    return inside


SPEECH_AFTER = ("mengatakan", "menyatakan", "said", "says", "told")
SENTENCE_OPENING = ' "“‘('  # what may come before a sentence's first word


def _paragraph_candidates(
    paragraph: _Paragraph, words: _Words, dates: Iterable[tuple[int, int]], known: set[str], lex: Lexicon
) -> Iterator[_Candidate]:
    starts = words.starts
    excluded = _words_inside(starts, dates)
    sentences = iter(paragraph.sentences)
    sentence = Sentence(0, 0, "")
    lead = 0
    for first, end in _runs(words, excluded):
        # Every word lies in a sentence, and no run crosses two: sentences end in punctuation,
        # which no run spans.
        while sentence.end <= starts[first]:
            sentence = next(sentences)
            lead = sentence.start + len(sentence.text) - len(sentence.text.lstrip(SENTENCE_OPENING))
        for name, piece, after, evidence, at_sentence_start in _pieces(
            words, first, end, lead=lead, known=known, lex=lex
        ):
            window = max(sentence.start, starts[piece] - CONTEXT_CHARS)
            found = _evidence_before(words, piece, window, lex)
            if evidence:
                found |= evidence
            if at_sentence_start:
                found.add("sentence-start")
            # The rest of the sentence starts with the next word when only spaces come between.
            if after < len(starts) and words.gaps[after].isspace() and words.lowered[after].startswith(SPEECH_AFTER):
                found.add("speech")
            description = _description_before(words, piece, window, sentence, lex)
            if description:
                found.add("appositive")
            yield _Candidate(name, frozenset(found), description)


ACRONYM_NAME = r"[A-Z][\w'-]*(?:\s[A-Z][\w'-]*){0,4}"
BRACKETED_NAME = re.compile(rf"({ACRONYM_NAME})\s\(({ACRONYM_NAME})\)")


def _acronyms(text: str, lex: Lexicon) -> Iterator[tuple[str, str]]:
    """ "Korea Utara (Korut)", "Republik Rakyat Demokratik Korea (Korea Utara)": two names of one actor."""
    if "(" not in text:
        return
    for match in BRACKETED_NAME.finditer(text):
        words = match.group(1).split()
        while words and (words[0].lower() in lex.roles or words[0].lower() in lex.not_names):
            words = words[1:]
        if words:
            yield " ".join(words), match.group(2)


def _classify(name: str, evidence: Counter[str], count: int, lex: Lexicon, common: set[str]) -> str | None:
    words = name.split()
    lowered = {w.lower() for w in words}
    if lowered & lex.state_words:
        return "country"
    if lowered & lex.organization_words:
        return "media" if evidence["media"] else "organization"
    if name in lex.countries:
        return "country"
    if name in lex.places:
        return "place"
    scores = {
        "person": evidence["role"] + evidence["appositive"] + evidence["speech"],
        "media": 2 * evidence["media"],
        "place": evidence["place"],
    }
    best = max(scores, key=lambda kind: (scores[kind], kind == "person"))
    if scores[best]:
        return best
    if any(w.lower() in common for w in words):
        return None  # "Perjanjian Kemitraan ...": capitalised common words, not an actor
    if len(words) == 1 and re.search(r"(?:ish|ese|ian|ean|an|ic)$", name) and name not in lex.places:
        return None  # "British", "Korean": adjectives of nationality
    if len(words) == 1:
        if evidence["sentence-start"] == count:
            return None  # only ever seen opening a sentence: no evidence it is a name
        return "organization" if name.isupper() and len(name) > 1 else "other"
    return "person"


def _load_curated(curated: Iterable[CuratedActor]) -> list[_Entry]:
    return [
        _Entry(
            name=c.name,
            kind=c.kind,
            aliases=set(c.aliases),
            curated_description=c.description,
            curated=True,
            actor_id=c.id,
        )
        for c in curated
    ]


def _reference(source: Source) -> dt.date:
    """Any date will do to find where date expressions are; the source's own is the best guess."""
    published = source.metadata.published
    if isinstance(published, dt.datetime):
        return published.date()
    return published or dt.date(2000, 1, 1)


def _text_paragraphs(sources: Iterable[Source]) -> list[_Paragraph]:
    return [
        _Paragraph(source, paragraph.id, paragraph.text, paragraph_sentences(paragraph.text))
        for source in sources
        for paragraph in source.paragraphs
        if paragraph.kind == "text"
    ]


def _discover(paragraphs: list[_Paragraph], entries: list[_Entry], lex: Lexicon) -> tuple[list[_Entry], set[str]]:
    """The curated entries plus discovered ones, merged; and the words seen in lower case."""
    known = {name for entry in entries for name in entry.names()} | set(lex.countries)
    by_name: dict[str, _Entry] = {}
    common: set[str] = set()
    acronyms: list[tuple[str, str]] = []
    evidence_sets: dict[tuple[str, frozenset[str]], int] = {}
    # What a paragraph yields depends only on its text and where its dates are. Bundles repeat
    # paragraphs (syndicated copy, an outlet's stock sentences; three in four in the synthetic
    # bundles), so each distinct one is read once and what it yielded is counted again.
    read: dict[tuple[str, tuple[tuple[int, int], ...]], tuple[list[_Candidate], list[tuple[str, str]]]] = {}
    for paragraph in paragraphs:
        text, source = paragraph.text, paragraph.source
        dates = tuple((f.start, f.end) for f in find_dates(text, _reference(source), source.metadata.language))
        yielded = read.get((text, dates))
        if yielded is None:
            words = _words_of(text)
            common.update(filter(str.islower, words.words))
            yielded = read[text, dates] = (
                list(_paragraph_candidates(paragraph, words, dates, known, lex)),
                list(_acronyms(text, lex)),
            )
        candidates, paragraph_acronyms = yielded
        acronyms.extend(paragraph_acronyms)
        for candidate in candidates:
            entry = by_name.get(candidate.name)
            if entry is None:
                entry = by_name[candidate.name] = _Entry(name=candidate.name, kind="other")
            entry.count += 1
            # Few sets of evidence recur: count each set, then its words once per name.
            key = (candidate.name, candidate.evidence)
            evidence_sets[key] = evidence_sets.get(key, 0) + 1
            if candidate.description:
                entry.descriptions[candidate.description] += 1
    for (name, evidence), times in evidence_sets.items():
        for cue in evidence:
            by_name[name].evidence[cue] += times

    curated_names = {name: entry for entry in entries for name in entry.names()}
    discovered: list[_Entry] = []
    for name, entry in sorted(by_name.items()):
        if name in curated_names:
            curated_names[name].descriptions.update(entry.descriptions)
            continue
        kind = _classify(name, entry.evidence, entry.count, lex, common)
        if kind is None:
            continue
        entry.kind = kind
        discovered.append(entry)

    return _merge(entries + discovered, acronyms, lex), common


class _NameIndex:
    """For each name, the positions in a list of entries of those that carry it, in list order,
    kept current as names are added: "the first entry named X" without scanning every entry."""

    def __init__(self, entries: list[_Entry], names: Callable[[_Entry], Iterable[str]]) -> None:
        self.positions: dict[str, list[int]] = defaultdict(list)
        for position, entry in enumerate(entries):
            for name in names(entry):
                self.positions[name].append(position)

    def add(self, name: str, position: int) -> None:
        positions = self.positions[name]
        if position not in positions:
            insort(positions, position)

    def get(self, name: str) -> list[int]:
        return self.positions.get(name, [])


def _merge(everyone: list[_Entry], acronyms: list[tuple[str, str]], lex: Lexicon) -> list[_Entry]:
    """Fold short forms, bracketed names and name pairs into the actors they name."""
    everyone = _merge_name_pairs(everyone, acronyms, lex)
    everyone = _drop_pairs_of_names(everyone, lex)
    return _fold_short_names(everyone, lex)


def _merge_name_pairs(everyone: list[_Entry], acronyms: list[tuple[str, str]], lex: Lexicon) -> list[_Entry]:
    """ "Korea Utara (Korut)": one name in brackets after another; the better-known one owns both.
    So do a short form and its full name ("AS", "Amerika Serikat") when both occur."""
    alive = [True] * len(everyone)
    named = _NameIndex(everyone, _Entry.names)

    def entry_named(name: str) -> _Entry | None:
        positions = named.get(name)
        while positions and not alive[positions[0]]:
            positions.pop(0)  # absorbed entries never come back
        return everyone[positions[0]] if positions else None

    listed_at = {id(entry): position for position, entry in enumerate(everyone)}

    def add_aliases(owner: _Entry, names: Iterable[str]) -> None:
        for name in names:
            named.add(name, listed_at[id(owner)])
            owner.aliases.add(name)

    pairs = [(first, second, False) for first, second in acronyms]
    pairs += [(full, short, True) for short, full in lex.short_forms.items()]
    for first, second, first_is_full in pairs:
        one, other = entry_named(first), entry_named(second)
        if first_is_full and (one is None or other is None):
            continue  # a short form merges only when both forms occur in the text
        if first_is_full or second in lex.short_forms:
            owner: _Entry | None = one or other  # a known short form never becomes the name
        elif first in lex.short_forms:
            owner = other or one
        else:
            owner = max((e for e in (one, other) if e is not None), key=lambda e: (e.curated, e.count), default=None)
        if owner is not None:
            add_aliases(owner, [n for n in (first, second) if n != owner.name])
            for absorbed in (one, other):
                if absorbed is not None and absorbed is not owner and not absorbed.curated:
                    add_aliases(owner, absorbed.names() - {owner.name})
                    alive[listed_at[id(absorbed)]] = False
    return [entry for entry, living in zip(everyone, alive, strict=True) if living]


def _drop_pairs_of_names(everyone: list[_Entry], lex: Lexicon) -> list[_Entry]:
    names = {n for e in everyone for n in e.names()} | set(lex.countries)

    def pairs_two_names(entry: _Entry) -> bool:
        parts = entry.name.split("-")
        words = entry.name.split()
        # "Putin-Trump" pairs two actors; "Kursk Rusia" is Indonesian for Russia's Kursk.
        return (len(parts) > 1 and all(p in names for p in parts)) or (
            len(words) == 2 and words[1] in names and words[0] in names
        )

    return [entry for entry in everyone if entry.curated or not pairs_two_names(entry)]


def _fold_short_names(everyone: list[_Entry], lex: Lexicon) -> list[_Entry]:
    """ "Putin" after "Vladimir Putin", "Yang" after "Yang Moo Jin": first or last word of one name;
    and a name that is another's once its words' aliases are expanded."""
    people_by_word: dict[str, list[_Entry]] = defaultdict(list)  # a person's first and last word
    for person in everyone:
        words = person.name.split()
        if person.kind == "person" and len(words) > 1:
            for word in dict.fromkeys((words[0], words[-1])):
                people_by_word[word].append(person)
    canonical = _canonical_names(everyone)
    aliased = _NameIndex(everyone, lambda entry: entry.aliases)
    position_of = {id(entry): position for position, entry in enumerate(everyone)}

    def add_alias(owner: _Entry, alias: str) -> None:
        aliased.add(alias, position_of[id(owner)])
        owner.aliases.add(alias)

    merged: list[_Entry] = []
    for position, entry in enumerate(everyone):
        mergeable = entry.kind in {"person", "other"} and entry.name not in lex.countries
        single_word = len(entry.name.split()) == 1
        owners = [p for p in people_by_word.get(entry.name, ()) if p is not entry] if mergeable and single_word else []
        # "Universitas Studi Korut" is "Universitas Studi Korea Utara" once aliases are expanded.
        same = canonical.get(_expand(entry.name, everyone, aliased))
        if same is not None and same is not entry and not entry.curated:
            add_alias(same, entry.name)
            continue
        alias_owner = next((everyone[p] for p in aliased.get(entry.name) if p != position), None)
        target = alias_owner or (owners[0] if len(owners) == 1 else None)
        if target is not None and not entry.curated:
            add_alias(target, entry.name)
            target.descriptions.update(entry.descriptions)
            continue
        merged.append(entry)
    return merged


def _expand(name: str, entries: list[_Entry], aliased: _NameIndex) -> str:
    """`name` with each one-word alias among its words replaced by its entry's name, entries in
    list order (a replacement can bring in a word that a later entry has as an alias).

    Only the entries that have one of the words as an alias can change anything, so only they
    are visited, in the same order; a word brought in adds the later entries that have it.
    """
    words = name.split()
    pending = sorted({position for word in words for position in aliased.get(word)})
    visited = -1
    while pending:
        position = heapq.heappop(pending)
        if position <= visited:
            continue
        visited = position
        entry = entries[position]
        for alias in entry.aliases:
            if " " not in alias and alias in words:
                words = [entry.name if w == alias else w for w in words]
                for later in aliased.get(entry.name):
                    if later > position:
                        heapq.heappush(pending, later)
    return " ".join(words)


def _canonical_names(entries: list[_Entry]) -> dict[str, _Entry]:
    found: dict[str, _Entry] = {}
    for entry in entries:
        found.setdefault(entry.name, entry)
    return found


def _alias_pattern(names: Iterable[str]) -> re.Pattern[str]:
    ordered = sorted(set(names), key=lambda n: (-len(n), n))
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in ordered) + r")(?![\w])")


def _name_matches(text: str, automaton: Any) -> list[tuple[int, int]]:
    """What `_alias_pattern(names).finditer(text)` finds, from one pass of an Aho-Corasick automaton
    over the text instead of trying every name at every position.

    The pattern takes, at the first position where any name fits, the longest name there that no
    word character follows and no word character or hyphen precedes; then goes on after it.
    (`\\w` is str.isalnum() or "_".)
    """
    longest: dict[int, int] = {}  # start -> end of the longest name there that fits
    size = len(text)
    for last, length in automaton.iter(text):
        end = last + 1
        if end < size:
            following = text[end]
            if following.isalnum() or following == "_":
                continue
        start = end - length
        if start:
            preceding = text[start - 1]
            if preceding.isalnum() or preceding in "_-":
                continue
        if longest.get(start, -1) < end:
            longest[start] = end
    found: list[tuple[int, int]] = []
    reached = 0
    for start in sorted(longest):
        if start >= reached:
            reached = longest[start]
            found.append((start, reached))
    return found


def _mentions(paragraphs: list[_Paragraph], entries: list[_Entry], common: set[str]) -> dict[int, list[Span]]:
    owner: dict[str, int] = {}
    for index, entry in enumerate(entries):
        for name in sorted(entry.names()):
            owner.setdefault(name, index)
    found: dict[int, list[Span]] = defaultdict(list)
    if not owner:
        return found
    # "Yang" opening a sentence is the everyday word *yang*, not Yang Moo Jin.
    everyday = {name for name in owner if name.lower() in common and " " not in name}
    if "" in owner:
        # An empty alias matches between characters, which an automaton does not report.
        pattern = _alias_pattern(owner)

        def matches(text: str) -> Iterable[tuple[int, int]]:
            return (match.span() for match in pattern.finditer(text))
    else:
        automaton = ahocorasick.Automaton()
        for name in owner:
            automaton.add_word(name, len(name))
        automaton.make_automaton()

        def matches(text: str) -> Iterable[tuple[int, int]]:
            return _name_matches(text, automaton)

    def named_in(paragraph: _Paragraph) -> list[tuple[int, int, str]]:
        """(start, end, name) of the names the paragraph mentions."""
        text = paragraph.text
        sentence_starts: set[int] | None = None
        named: list[tuple[int, int, str]] = []
        for start, end in matches(text):
            name = text[start:end]
            if name in everyday:
                if sentence_starts is None:
                    sentence_starts = {s.start for s in paragraph.sentences}
                if start in sentence_starts:
                    continue
            named.append((start, end, name))
        return named

    # Repeated paragraphs (syndicated copy, stock sentences) are matched once.
    named_by_text: dict[str, list[tuple[int, int, str]]] = {}
    for paragraph in paragraphs:
        named = named_by_text.get(paragraph.text)
        if named is None:
            named = named_by_text[paragraph.text] = named_in(paragraph)
        for start, end, name in named:
            found[owner[name]].append(
                Span(source=paragraph.source.id, paragraph=paragraph.id, start=start, end=end, text=name)
            )
    return found


def extract_actors(sources: tuple[Source, ...], curated: Iterable[CuratedActor] = ()) -> tuple[Actor, ...]:
    lex = lexicon()
    paragraphs = _text_paragraphs(sources)
    entries, common = _discover(paragraphs, _load_curated(curated), lex)
    mentions = _mentions(paragraphs, entries, common)
    actors: dict[str, Actor] = {}
    for index, entry in enumerate(entries):
        if not mentions.get(index) and not entry.curated:
            continue
        appositives = entry.descriptions if entry.kind == "person" else Counter[str]()
        description = entry.curated_description or (
            max(sorted(appositives), key=lambda d: (appositives[d], len(d))) if appositives else None
        )
        actor_id = entry.actor_id or slugify(entry.name) or f"actor-{index}"
        if actor_id in actors:
            actor_id = f"{actor_id}-{index}"
        actors[actor_id] = Actor(
            id=actor_id,
            name=entry.name,
            kind=entry.kind,  # type: ignore[arg-type]
            aliases=tuple(sorted(entry.aliases - {entry.name})),
            description=description,
            curated=entry.curated,
            mentions=tuple(mentions.get(index, ())),
        )
    return tuple(sorted(actors.values(), key=lambda a: (KIND_ORDER[a.kind], a.name.lower())))
