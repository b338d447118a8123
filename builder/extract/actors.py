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
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import pydantic

from ..ids import slugify
from ..model import Actor, ActorKind, Source, Span
from .dates import find_dates
from .lexicon import Lexicon, lexicon
from .sentences import split_sentences

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


@dataclass(frozen=True, slots=True)
class _Candidate:
    name: str
    evidence: frozenset[str]
    description: str | None


def _words(text: str) -> list[re.Match[str]]:
    return list(WORD.finditer(text))


def _is_capitalised(word: str) -> bool:
    return word[0].isupper()


POSSESSIVE = re.compile(r"['’]s?$")


def _spans(sentence: str, excluded: Sequence[tuple[int, int]] = ()) -> Iterator[list[re.Match[str]]]:
    """Runs of capitalised words joined only by spaces (or name connectors like "of").

    A possessive ends a run ("United Kingdom's Queen Elizabeth" is two names), and words inside
    `excluded` spans (date expressions: "Februari lalu", "Monday's") never join a name.
    """
    run: list[re.Match[str]] = []
    for word in _words(sentence):
        text = word.group()
        if any(start <= word.start() < end for start, end in excluded):
            if run:
                yield run
            run = []
            continue
        joined = not run or sentence[run[-1].end() : word.start()] == " "
        possessive_before = bool(run) and bool(POSSESSIVE.search(run[-1].group()))
        if _is_capitalised(text) and joined and not possessive_before:
            run.append(word)
        elif (
            text.lower() in CONNECTORS
            and run
            and joined
            and not possessive_before
            and (text != "of" or {w.group().lower() for w in run} & _JOINS_WITH_OF)
        ):
            # "House of Commons", "Republic of Ireland" - but "Yvette Cooper of the Labour Party"
            # is a person and a party.
            run.append(word)
        elif (
            text.lower() in ORGANIZATION_CONNECTORS
            and run
            and joined
            and {w.group().lower() for w in run} & lexicon().organization_words
        ):
            run.append(word)
        else:
            if run:
                yield run
            run = [word] if _is_capitalised(text) else []
    if run:
        yield run


_JOINS_WITH_OF = lexicon().organization_words | lexicon().state_words | lexicon().roles


def _bare(word: str) -> str:
    """A word without its possessive ending: "Johnson's" -> "Johnson"."""
    return POSSESSIVE.sub("", word) if len(word) > 3 else word


def _strip_leading_connectors(run: list[re.Match[str]]) -> list[re.Match[str]]:
    while run and run[0].group().lower() in CONNECTORS:
        run = run[1:]
    return run


def _strip_connectors(run: list[re.Match[str]]) -> list[re.Match[str]]:
    while run and run[-1].group().lower() in CONNECTORS | ORGANIZATION_CONNECTORS:
        run = run[:-1]
    return run


def _known_prefix(words: list[str], known: set[str]) -> int:
    """Length in words of the longest known name at the start of `words`."""
    for size in range(min(4, len(words)), 0, -1):
        if " ".join(words[:size]) in known:
            return size
    return 0


def _description_before(sentence: str, start: int, lex: Lexicon) -> str | None:
    """An appositive before a name: "Presiden Rusia Vladimir Putin", "Ketua X di Y, Nama"."""
    # Only the last dozen words can describe the name; a bounded window keeps this linear.
    prefix = sentence[max(0, start - CONTEXT_CHARS) : start].rstrip()
    prefix = prefix.removesuffix(",").rstrip()
    words = _words(prefix)
    chosen: int | None = None
    for index in range(len(words) - 1, max(-1, len(words) - 12), -1):
        word = words[index].group()
        between = prefix[words[index].end() : words[index + 1].start()] if index + 1 < len(words) else ""
        if any(ch in between for ch in '.;:!?"“”'):
            break
        lower = word.lower()
        if lower in lex.roles:
            chosen = index
        elif not (_is_capitalised(word) or lower in DESCRIPTION_GLUE):
            break
    if chosen is None:
        return None
    text = prefix[words[chosen].start() :].strip(" ,")
    described = [w.group().lower() for w in _words(text)]
    if described[-1] in DESCRIPTION_GLUE or all(w in lex.roles for w in described):
        return None  # "Presiden" alone is a title, not a description
    return text[0].upper() + text[1:]


def _evidence_before(sentence: str, start: int, lex: Lexicon) -> set[str]:
    before = sentence[max(0, start - CONTEXT_CHARS) : start].lower().rstrip()
    found: set[str] = set()
    last_word = re.search(r"([^\W_][\w'’]*)\W*$", before)
    last = last_word.group(1) if last_word else ""
    if last in lex.place_cues:
        found.add("place")
    if lex.speech_verb_at_end.search(before):
        found.add("speech")
    if lex.media_cue_at_end.search(before) or any(p.search(before) for p in lex.told_patterns):
        found.add("media")
    return found


def _candidates(
    sentence: str, known: set[str], lex: Lexicon, excluded: Sequence[tuple[int, int]] = ()
) -> Iterator[_Candidate]:
    for span in _spans(sentence, excluded):
        run = _strip_connectors(span)
        at_sentence_start = bool(run) and not sentence[: run[0].start()].strip(' "“‘(')
        evidence: set[str] = set()
        # Role words and other non-names at the front are context, not part of the name.
        # Role words and openers at the front are context, not part of the name; other
        # "not a name" words only at the start of a sentence, since "Yang Moo Jin" mid-sentence
        # is a name even though "yang" is the commonest Indonesian word.
        while run:
            first = _bare(run[0].group()).lower()
            if first in lex.roles:
                evidence.add("role")
            elif not (
                first in lex.determiners
                or (first in CONNECTORS and run[0].group().islower())
                or (first in lex.calendar and at_sentence_start)
                or (first in lex.not_names and at_sentence_start)
            ):
                break
            run = run[1:]
            at_sentence_start = False
        # "Conservative MP Philip Hammond": the name follows the last role word.
        roles_inside = [i for i, w in enumerate(run) if _bare(w.group()).lower() in lex.roles]
        if roles_inside and not {_bare(w.group()).lower() for w in run} & lex.organization_words:
            last = roles_inside[-1]
            if last < len(run) - 1:
                evidence.add("role")
                run = _strip_leading_connectors(run[last + 1 :])
        while run:
            words = [w.group() for w in run]
            lowered = {w.lower() for w in words}
            if lowered & lex.organization_words or len(words) == 1:
                take = len(words)
            else:
                # "Rusia Vladimir Putin" -> "Rusia" + "Vladimir Putin".
                take = _known_prefix(words, known) or len(words)
            piece = _strip_connectors(run[:take])
            run = run[take:]
            if not piece:
                continue
            name = _bare(sentence[piece[0].start() : piece[-1].end()])
            bare_words = [_bare(w.group()).lower() for w in piece]
            if len(name) < 2 or all(w in lex.calendar or w in lex.never_names for w in bare_words):
                continue
            if "-" in name and all(part in known for part in name.split("-")):
                continue  # "AS-Korea Utara" is two known names, not a third
            found = evidence | _evidence_before(sentence, piece[0].start(), lex)
            if at_sentence_start:
                found.add("sentence-start")
            after = sentence[piece[-1].end() :].lstrip().lower()
            if after.startswith(("mengatakan", "menyatakan", "said", "says", "told")):
                found.add("speech")
            description = _description_before(sentence, piece[0].start(), lex)
            if description:
                found.add("appositive")
            yield _Candidate(name, frozenset(found), description)
            evidence = set()
            at_sentence_start = False


def _acronyms(text: str) -> Iterator[tuple[str, str]]:
    """ "Korea Utara (Korut)", "Republik Rakyat Demokratik Korea (Korea Utara)": two names of one actor."""
    name = r"[A-Z][\w'-]*(?:\s[A-Z][\w'-]*){0,4}"
    roles = lexicon().roles | lexicon().not_names
    for match in re.finditer(rf"({name})\s\(({name})\)", text):
        words = match.group(1).split()
        while words and words[0].lower() in roles:
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


def _text_paragraphs(sources: Iterable[Source]) -> Iterator[tuple[Source, str, str]]:
    for source in sources:
        for paragraph in source.paragraphs:
            if paragraph.kind == "text":
                yield source, paragraph.id, paragraph.text


def _discover(sources: tuple[Source, ...], entries: list[_Entry], lex: Lexicon) -> list[_Entry]:
    known = {name for entry in entries for name in entry.names()} | set(lex.countries)
    by_name: dict[str, _Entry] = {}
    common: set[str] = set()
    acronyms: list[tuple[str, str]] = []
    for source, _, text in _text_paragraphs(sources):
        common.update(w.group() for w in _words(text) if w.group().islower())
        acronyms.extend(_acronyms(text))
        dates = [(f.start, f.end) for f in find_dates(text, _reference(source), source.metadata.language)]
        for sentence in split_sentences(text):
            local = [(s - sentence.start, e - sentence.start) for s, e in dates]
            for candidate in _candidates(sentence.text, known, lex, local):
                entry = by_name.setdefault(candidate.name, _Entry(name=candidate.name, kind="other"))
                entry.count += 1
                entry.evidence.update(candidate.evidence)
                if candidate.description:
                    entry.descriptions[candidate.description] += 1

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

    return _merge(entries + discovered, acronyms, lex)


def _merge(everyone: list[_Entry], acronyms: list[tuple[str, str]], lex: Lexicon) -> list[_Entry]:
    """Fold short forms, bracketed names and name pairs into the actors they name."""

    # "Korea Utara (Korut)": one name in brackets after another; the better-known one owns both.
    def entry_named(name: str) -> _Entry | None:
        return next((e for e in everyone if name in e.names()), None)

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
            owner.aliases.update(n for n in (first, second) if n != owner.name)
            for absorbed in (one, other):
                if absorbed is not None and absorbed is not owner and not absorbed.curated:
                    owner.aliases.update(absorbed.names() - {owner.name})
                    everyone.remove(absorbed)
    # "Putin" after "Vladimir Putin", "Yang" after "Yang Moo Jin": first or last word of one name.
    names = {n for e in everyone for n in e.names()} | set(lex.countries)
    for entry in list(everyone):
        if entry.curated:
            continue
        parts = entry.name.split("-")
        words = entry.name.split()
        # "Putin-Trump" pairs two actors; "Kursk Rusia" is Indonesian for Russia's Kursk.
        if (len(parts) > 1 and all(p in names for p in parts)) or (
            len(words) == 2 and words[1] in names and words[0] in names
        ):
            everyone.remove(entry)
    people = [e for e in everyone if e.kind == "person" and len(e.name.split()) > 1]
    canonical = _canonical_names(everyone)
    merged: list[_Entry] = []
    for entry in everyone:
        mergeable = entry.kind in {"person", "other"} and entry.name not in lex.countries
        owners = [
            p
            for p in people
            if mergeable
            and entry is not p
            and len(entry.name.split()) == 1
            and entry.name in (p.name.split()[0], p.name.split()[-1])
        ]
        # "Universitas Studi Korut" is "Universitas Studi Korea Utara" once aliases are expanded.
        same = canonical.get(_expand(entry.name, everyone))
        if same is not None and same is not entry and not entry.curated:
            same.aliases.add(entry.name)
            continue
        alias_owner = next((e for e in everyone if e is not entry and entry.name in e.aliases), None)
        target = alias_owner or (owners[0] if len(owners) == 1 else None)
        if target is not None and not entry.curated:
            target.aliases.add(entry.name)
            target.descriptions.update(entry.descriptions)
            continue
        merged.append(entry)
    return merged


def _expand(name: str, entries: list[_Entry]) -> str:
    words = name.split()
    for entry in entries:
        for alias in entry.aliases:
            if " " not in alias and alias in words:
                words = [entry.name if w == alias else w for w in words]
    return " ".join(words)


def _canonical_names(entries: list[_Entry]) -> dict[str, _Entry]:
    found: dict[str, _Entry] = {}
    for entry in entries:
        found.setdefault(entry.name, entry)
    return found


def _alias_pattern(names: Iterable[str]) -> re.Pattern[str]:
    ordered = sorted(set(names), key=lambda n: (-len(n), n))
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in ordered) + r")(?![\w])")


def _mentions(sources: tuple[Source, ...], entries: list[_Entry], common: set[str]) -> dict[int, list[Span]]:
    owner: dict[str, int] = {}
    for index, entry in enumerate(entries):
        for name in sorted(entry.names()):
            owner.setdefault(name, index)
    found: dict[int, list[Span]] = defaultdict(list)
    if not owner:
        return found
    pattern = _alias_pattern(owner)
    for source, paragraph_id, text in _text_paragraphs(sources):
        starts = {s.start for s in split_sentences(text)}
        for match in pattern.finditer(text):
            name = match.group()
            # "Yang" opening a sentence is the everyday word *yang*, not Yang Moo Jin.
            if name.lower() in common and " " not in name and match.start() in starts:
                continue
            found[owner[name]].append(
                Span(source=source.id, paragraph=paragraph_id, start=match.start(), end=match.end(), text=name)
            )
    return found


def extract_actors(sources: tuple[Source, ...], curated: Iterable[CuratedActor] = ()) -> tuple[Actor, ...]:
    lex = lexicon()
    entries = _discover(sources, _load_curated(curated), lex)
    common = {w.group() for _, _, t in _text_paragraphs(sources) for w in _words(t) if w.group().islower()}
    mentions = _mentions(sources, entries, common)
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
