"""Direct quotes and who said them.

A quote is the text between straight or curly double quotation marks in an article paragraph.
Its speaker comes from the attribution next to it: after the quote ("...," kata Yang; "...,"
demikian pernyataan Kremlin; "...," tulis media Korut, KCNA; "...", said Smith), before it
(Smith said: "..."; Menurut X, "..."), or "tambahnya" (added he), which repeats the previous
speaker in the same source. The phrase is resolved to an actor through the actors' names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

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
_SPEECH_AFTER = re.compile(
    rf"""^[\s,.]*(?:
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
_CUT = re.compile(r"\s(?:kepada|to|dikutip|dilansir|pada|on)\s.*$", re.IGNORECASE)
_KIND_PRIORITY = {"person": 0, "media": 1, "organization": 2, "other": 3, "country": 4, "place": 5}


def _quotes_in(text: str) -> Iterator[tuple[int, int, str]]:
    for match in _QUOTED.finditer(text):
        inner = match.group(1) if match.group(1) is not None else match.group(2)
        if inner.strip():
            yield match.start(), match.end(), inner.strip().rstrip(",")


NamePattern = tuple[re.Pattern[str] | None, dict[str, Actor]]


def name_pattern(actors: Sequence[Actor]) -> NamePattern:
    """One regex over every actor name and alias, and who owns each name: build it once per corpus."""
    owner: dict[str, Actor] = {}
    for actor in actors:
        for name in (actor.name, *actor.aliases):
            owner.setdefault(name, actor)
    if not owner:
        return None, owner
    names = sorted(owner, key=lambda n: (-len(n), n))
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)"), owner


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


def extract_quotes(source: Source, actors: Sequence[Actor], names: NamePattern | None = None) -> tuple[Quote, ...]:
    pattern, owner = names if names is not None else name_pattern(actors)
    quotes: list[Quote] = []
    previous: tuple[Actor | None, str | None] = (None, None)
    for paragraph in source.paragraphs:
        if paragraph.kind != "text":
            continue
        text = paragraph.text
        same_paragraph_speaker: tuple[Actor, str | None] | None = None
        for number, (start, end, inner) in enumerate(_quotes_in(text), start=1):
            speaker: Actor | None = None
            speaker_text: str | None = None
            after = _SPEECH_AFTER.match(text[end:])
            before = _SPEECH_BEFORE.search(text[:start])
            if after and after.group("repeat"):
                speaker, speaker_text = previous[0], after.group("repeat")
            elif after:
                phrase = (after.group("after") or after.group("before_verb") or "").strip(" ,")
                speaker, speaker_text = _resolve(phrase, pattern, owner), phrase or None
            if speaker is None and _PRONOUN_BEFORE.search(text[:start]) and pattern is not None:
                sentence_start = max(text.rfind(". ", 0, start) + 2, 0)
                people = [owner[m.group()] for m in pattern.finditer(text[sentence_start:start])]
                person = next((a for a in people if a.kind == "person"), None)
                if person is not None:
                    speaker, speaker_text = person, person.name
            if speaker is None and before:
                phrase = (before.group("who1") or before.group("who2") or "").strip(" ,")
                resolved = _resolve(phrase, pattern, owner)
                if resolved is not None:
                    speaker, speaker_text = resolved, phrase
            sentence_start = max(text.rfind(". ", 0, start) + 2, 0) if ". " in text[:start] else 0
            lead = _QUOTED.sub(" ", text[sentence_start:start])  # a name inside another quote is not the subject
            if speaker is None and lead.strip() and pattern is not None:
                # 'Labour leader Jeremy Corbyn called the move a "smash and grab"': the subject speaks.
                subject = next(
                    (
                        owner[m.group()]
                        for m in pattern.finditer(lead)
                        if owner[m.group()].kind in {"person", "organization", "media"}
                    ),
                    None,
                )
                if subject is not None:
                    speaker, speaker_text = subject, subject.name
            elif speaker is None and not lead.strip() and same_paragraph_speaker is not None:
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
