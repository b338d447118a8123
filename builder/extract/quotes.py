"""Direct quotes and who said them.

A quote is the text between straight or curly double quotation marks in an article paragraph.
Its speaker comes from the attribution next to it: after the quote ("...," kata Yang; "...,"
demikian pernyataan Kremlin; "...," tulis media Korut, KCNA; "...", said Smith), before it
(Smith said: "..."; Menurut X, "..."), or "tambahnya" (added he), which repeats the previous
speaker in the same source. The phrase is resolved to an actor through the actors' names.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from ..model import Actor, Quote, Source, Span

_QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”')
_REPEAT = (
    r"tambahnya|imbuhnya|ujarnya|katanya|ucapnya|tuturnya|ungkapnya|jelasnya|tegasnya"
    r"|he\ added|she\ added|they\ added"
)
_VERB_AFTER = (
    r"kata|ujar|ucap|ungkap|tutur|jelas|tegas|tambah|imbuh|sebut|tulis|bunyi|pernyataan|laporan"
    r"|said|says|added|wrote|told|according\ to|oleh|by"
)
# Matched at the end of the quote (`.match(text, end)`, so no `^` and no copy of the rest).
_SPEECH_AFTER = re.compile(
    rf"""[\s,.]*(?:
        (?P<repeat>{_REPEAT})
        |(?:demikian\s+)?(?:{_VERB_AFTER})\b(?P<after>[^.;!?]*)
        |(?P<before_verb>[^.;!?"“”]{{1,80}}?)\s+(?:said|says|added|wrote|mengatakan|menambahkan|berkata)\b
    )""",
    re.VERBOSE | re.IGNORECASE,
)
_VERB_BEFORE = r"mengatakan|menyatakan|berkata|menegaskan|menambahkan|said|says|told [^,.:]+|added|wrote"
_SPEECH_BEFORE = re.compile(
    r"(?:(?P<menurut>[Mm]enurut|[Aa]ccording to)\s+(?P<who1>[^,.;]{1,80}),?"
    rf"|(?P<who2>[^.;!?\"“”]{{1,100}}?)\s+(?:{_VERB_BEFORE})(?:\s+bahwa)?)\s*[,:]?\s*$"
)
# "... yang disebutnya menunjukkan “...”": -nya points back to the person the sentence is about.
_PRONOUN_BEFORE = re.compile(r"\b(?:disebutnya|katanya|ujarnya|menurutnya|sebutnya)\b[^.;!?]{0,40}$")
_PRONOUN_WINDOW = 60  # longer than any match of _PRONOUN_BEFORE (10 letters, 40 more, a newline)
_CUT = re.compile(r"\s(?:kepada|to|dikutip|dilansir|pada|on)\s.*$", re.IGNORECASE)
_KIND_PRIORITY = {"person": 0, "media": 1, "organization": 2, "other": 3, "country": 4, "place": 5}


def _quotes_in(text: str) -> Iterator[tuple[int, int, str]]:
    for match in _QUOTED.finditer(text):
        inner = match.group(1) if match.group(1) is not None else match.group(2)
        if inner.strip():
            yield match.start(), match.end(), inner.strip().rstrip(",")


class NamePattern(NamedTuple):
    """One regex over every actor name and alias, who owns each name, and the longest name's
    length: built once per corpus."""

    pattern: re.Pattern[str] | None
    owner: dict[str, Actor]
    longest: int


def name_pattern(actors: Sequence[Actor]) -> NamePattern:
    owner: dict[str, Actor] = {}
    for actor in actors:
        for name in (actor.name, *actor.aliases):
            owner.setdefault(name, actor)
    if not owner:
        return NamePattern(None, owner, 0)
    pattern = re.compile(r"(?<![\w-])" + _longest_first(owner) + r"(?!\w)")
    return NamePattern(pattern, owner, max(map(len, owner)))


_Trie = dict[str, "_Trie"]


def _longest_first(names: Iterable[str]) -> str:
    """A regex for any of `names` that tries, where several fit, the longer first: what the
    alternation of the names sorted longest first matches, with a trie instead.

    The names that fit at one position are prefixes of one another, and the trie tries them from
    the longest back (its branch for "" comes last). The alternation tries every name at every
    position where a name may start, so the cost grew with the number of actors (at 10,000
    articles the quote speakers took 0.4 s of regex); the trie tries one branch per character.
    """
    trie: _Trie = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}  # a name ends here

    def branches(node: _Trie) -> str:
        options = [re.escape(char) + branches(child) for char, child in sorted(node.items()) if char]
        if "" in node:
            options.append("")  # the shorter name, after every longer one
        return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"

    return branches(trie)


def _resolve(phrase: str, pattern: re.Pattern[str] | None, owner: dict[str, Actor]) -> Actor | None:
    phrase = _CUT.sub("", phrase)
    if pattern is None:
        return None
    found = [owner[m.group()] for m in pattern.finditer(phrase)]
    if not found:
        return None
    # "media Korut, KCNA" -> KCNA; "Direktur ... Institute ..., Dmitry Zhuravlev" -> the person.
    best = min(_KIND_PRIORITY.get(a.kind, 9) for a in found)
    return next(a for a in found if _KIND_PRIORITY.get(a.kind, 9) == best)


class _LastBefore:
    """Where `needle` last occurs before a position, for positions visited left to right.

    Each call searches only the text since the previous position, so a paragraph is scanned
    once, however many quotes it holds.
    """

    __slots__ = ("_found", "_needle", "_scanned", "_text")

    def __init__(self, text: str, needle: str) -> None:
        self._text, self._needle = text, needle
        self._found, self._scanned = -1, 0

    def __call__(self, position: int) -> int:
        """The start of the last `needle` wholly before `position`, or -1."""
        if position > self._scanned:
            # An occurrence not seen yet starts at most len(needle) - 1 before the old position.
            since = max(0, self._scanned - len(self._needle) + 1)
            found = self._text.rfind(self._needle, since, position)
            if found >= 0:
                self._found = found
            self._scanned = position
        return self._found


_SUBJECT_KINDS = frozenset({"person", "organization", "media"})
_PERSON = frozenset({"person"})


class _SentenceNames:
    """The first name of some kinds in a sentence up to a quote, for each quote of the sentence in
    turn, without rescanning the sentence from its start every time.

    The text is the sentence from `start` to the quote, optionally with quotations blanked (a name
    inside a quote is not the subject). A name found where the name pattern could not see past
    the text yet (within the longest name of its end) is checked again once the text grows;
    anything before that is decided for good, and the scan resumes there.
    """

    def __init__(self, text: str, start: int, names: NamePattern, kinds: frozenset[str], *, blank_quotes: bool) -> None:
        self.start = start
        self._text, (self._pattern, self._owner, self._longest), self._kinds = text, names, kinds
        self._blank_quotes = blank_quotes
        self._covered = start  # the paragraph is added up to here
        self._known = ""  # the sentence text from _offset on
        self._offset = 0  # in the sentence text, like _resume
        self._resume = 0  # a scan from here finds what a scan from the start would find
        self._settled: Actor | None = None  # the first name, whatever text comes after it
        self.has_text = False  # anything but white space

    def first_before(self, position: int) -> Actor | None:
        """The first name of the wanted kinds in the sentence text up to `position`."""
        if position > self._covered:
            added = self._text[self._covered : position]
            if self._blank_quotes:
                added = _QUOTED.sub(" ", added)
            self.has_text = self.has_text or bool(added.strip())
            self._covered = position
            if self._settled is None and self._pattern is not None:
                self._known += added
        if self._settled is not None or self._pattern is None:
            return self._settled
        known, offset = self._known, self._offset
        last_decided = offset + len(known) - self._longest - 1  # the pattern sees only text up to here
        resume, undecided, first = self._resume, False, None
        for match in self._pattern.finditer(known, self._resume - offset):
            actor = self._owner[match.group()]
            undecided = undecided or offset + match.start() > last_decided
            if not undecided:
                if actor.kind in self._kinds:
                    self._settled = actor
                    return actor
                resume = offset + match.end()
            elif actor.kind in self._kinds:
                first = actor
                break
        self._resume = max(resume, last_decided + 1)
        # Keep one character before the resume point: the name pattern looks behind it.
        keep_from = max(offset, self._resume - 1)
        self._known, self._offset = known[keep_from - offset :], keep_from
        return first


class _Subjects:
    """The subject of the sentence before each quote of a paragraph: its first person,
    organization or medium, quotations left out (a name inside another quote is not the subject)."""

    def __init__(self, text: str, names: NamePattern) -> None:
        self._text, self._names = text, names
        self._quoted: list[tuple[int, int]] | None = None  # every quotation of the paragraph
        self._sentence: _SentenceNames | None = None

    def _inside_quotation(self, position: int) -> bool:
        if self._quoted is None:
            self._quoted = [match.span() for match in _QUOTED.finditer(self._text)]
        k = bisect_right(self._quoted, (position, -1)) - 1  # the last quotation starting before `position`
        return k >= 0 and self._quoted[k][1] > position

    def before(self, sentence_start: int, position: int) -> tuple[bool, Actor | None]:
        """Does the sentence hold more than quotations and white space before `position`; and its subject."""
        if self._inside_quotation(sentence_start):
            # The sentence starts within a quotation (". " inside it): its quotation marks pair
            # up otherwise than the paragraph's, so it is read on its own.
            pattern, owner, _ = self._names
            lead = _QUOTED.sub(" ", self._text[sentence_start:position])
            names = pattern.finditer(lead) if pattern is not None else iter(())
            return bool(lead.strip()), next((a for m in names if (a := owner[m.group()]).kind in _SUBJECT_KINDS), None)
        # Otherwise its quotations are the paragraph's, so blanking them piece by piece as the
        # sentence grows gives what blanking the whole of it gives.
        if self._sentence is None or self._sentence.start != sentence_start:
            self._sentence = _SentenceNames(self._text, sentence_start, self._names, _SUBJECT_KINDS, blank_quotes=True)
        subject = self._sentence.first_before(position)
        return self._sentence.has_text, subject


def extract_quotes(source: Source, actors: Sequence[Actor], names: NamePattern | None = None) -> tuple[Quote, ...]:
    names = names if names is not None else name_pattern(actors)
    pattern, owner, _ = names
    quotes: list[Quote] = []
    previous: tuple[Actor | None, str | None] = (None, None)
    for paragraph in source.paragraphs:
        if paragraph.kind != "text":
            continue
        text = paragraph.text
        last_full_stop = _LastBefore(text, ".")
        last_sentence_end = _LastBefore(text, ". ")
        subjects = _Subjects(text, names)
        people: _SentenceNames | None = None  # for "-nya" before a quote
        same_paragraph_speaker: tuple[Actor, str | None] | None = None
        for number, (start, end, inner) in enumerate(_quotes_in(text), start=1):
            speaker: Actor | None = None
            speaker_text: str | None = None
            sentence_end = last_sentence_end(start)
            after = _SPEECH_AFTER.match(text, end)
            if after and after.group("repeat"):
                speaker, speaker_text = previous[0], after.group("repeat")
            elif after:
                phrase = (after.group("after") or after.group("before_verb") or "").strip(" ,")
                speaker, speaker_text = _resolve(phrase, pattern, owner), phrase or None
            if (
                speaker is None
                and _PRONOUN_BEFORE.search(text, max(0, start - _PRONOUN_WINDOW), start)
                and pattern is not None
            ):
                # From one past the paragraph's start when no sentence ends before the quote.
                if people is None or people.start != sentence_end + 2:
                    people = _SentenceNames(text, sentence_end + 2, names, _PERSON, blank_quotes=False)
                person = people.first_before(start)
                if person is not None:
                    speaker, speaker_text = person, person.name
            if speaker is None:
                # No match of _SPEECH_BEFORE holds a full stop: search from the last one, not from
                # the paragraph's start.
                before = _SPEECH_BEFORE.search(text, last_full_stop(start) + 1, start)
                if before:
                    phrase = (before.group("who1") or before.group("who2") or "").strip(" ,")
                    resolved = _resolve(phrase, pattern, owner)
                    if resolved is not None:
                        speaker, speaker_text = resolved, phrase
            if speaker is None:
                sentence_start = sentence_end + 2 if sentence_end >= 0 else 0
                has_lead, subject = subjects.before(sentence_start, start)
                if has_lead and subject is not None:
                    # 'Labour leader Jeremy Corbyn called the move a "smash and grab"': the subject speaks.
                    speaker, speaker_text = subject, subject.name
                elif not has_lead and same_paragraph_speaker is not None:
                    # 'Johnson said. "This is a new government"': a bare quote continues its speaker.
                    speaker, speaker_text = same_paragraph_speaker
            quotes.append(
                Quote(
                    id=f"{source.id}-{paragraph.id}-q{number}",
                    text=inner,
                    speaker=speaker.id if speaker else None,
                    speaker_text=speaker_text,
                    span=Span(source=source.id, paragraph=paragraph.id, start=start, end=end, text=text[start:end]),
                )
            )
            if speaker is not None:
                previous = (speaker, speaker_text)
                same_paragraph_speaker = (speaker, speaker_text)
    return tuple(quotes)
