"""Assemble the model from a content folder: articles, cleaning, metadata, ids, curation."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pydantic

from .clean import clean
from .diagnostics import Diagnostic, Location, Stage, error, warning
from .extract.actors import CuratedActor, CuratedActors
from .ids import assign_ids, base_id, slugify
from .metadata import CuratedSource, CuratedSources, apply_curation, infer_metadata
from .model import Corpus, Explainer, RawSource, Source, Story
from .rules import DEFAULT_RULES_PATH, RuleSet, default_rules_text, load_rules
from .sources import display_name, read_articles
from .yamlfile import Loaded, Path_, load_located

SOURCES_FILE = "sources.yml"
SITE_FILE = "site.yml"
RULES_FILE = "boilerplate.yml"
EXPLAINER_FILE = "explainer.md"
ACTORS_FILE = "actors.yml"
DEFAULT_STORY_TITLE = "News explainer"

ModelT = TypeVar("ModelT", bound=pydantic.BaseModel)


class SiteSettings(pydantic.BaseModel):
    """`site.yml`: what the bundle is about. Everything optional."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)

    title: str | None = None
    description: str | None = None
    language: str | None = pydantic.Field(default=None, pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


def _read_text(content: Path, name: str) -> Stage[str | None]:
    file = content / name
    if not file.is_file():
        return Stage(None)
    data = file.read_bytes()
    try:
        # Every line end becomes "\n" (lone "\r" too, which YAML and Markdown also read as one),
        # so line numbers agree with the contributor's editor and across the stages that count them.
        return Stage(data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n"))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"byte 0x{data[exc.start]:02x} is not valid UTF-8; save the file as UTF-8"
        return Stage(None, (error(Location(name, line, column), "encoding", message),))


def _load_optional(content: Path, name: str, model: type[ModelT]) -> Stage[Loaded[ModelT] | None]:
    text = _read_text(content, name)
    if text.value is None:
        return Stage(None, text.diagnostics)
    return load_located(text.value, name, model)


def _rules(content: Path) -> Stage[RuleSet]:
    files = [(DEFAULT_RULES_PATH, default_rules_text())]
    extra = _read_text(content, RULES_FILE)
    if extra.value is not None:
        files.append((RULES_FILE, extra.value))
    loaded = load_rules(files)
    return Stage(loaded.value, extra.diagnostics + loaded.diagnostics)


def _check_curation(curated: Loaded[CuratedSources], raws: tuple[RawSource, ...]) -> list[Diagnostic]:
    """What the schema cannot see: entries for files that do not exist, ids given twice."""
    document = curated.document
    names = {raw.path.removeprefix("sources/") for raw in raws}
    known = ", ".join(sorted(names)) or "none"
    problems = [
        error(
            document.key_at(("sources", name), Location(SOURCES_FILE)),
            "unknown-source-file",
            f"`{name}` is not an article in sources/ (known: {known}); fix the file name or remove the entry",
        )
        for name in curated.model.sources
        if name not in names
    ]
    first_with: dict[str, str] = {}
    for name, entry in curated.model.sources.items():
        if entry.id is None:
            continue
        first = first_with.setdefault(entry.id, name)
        if first != name:
            first_at = document.value_at(("sources", first, "id"), Location(SOURCES_FILE))
            problems.append(
                error(
                    document.value_at(("sources", name, "id"), Location(SOURCES_FILE)),
                    "duplicate-id",
                    f"id `{entry.id}` is given to both `{first}` ({first_at}) and `{name}`; "
                    "every source needs its own id",
                )
            )
    return problems


def _actor_id(actor: CuratedActor) -> str:
    """The glossary anchor the actor gets (builder/extract/actors.py): its `id`, else its name's slug."""
    return actor.id or slugify(actor.name)


def _check_actor_ids(curated: Loaded[CuratedActors]) -> list[Diagnostic]:
    """Two curated actors with one id share one glossary anchor: the second would be unreachable."""
    document = curated.document
    first_with: dict[str, int] = {}
    problems = []
    for index, actor in enumerate(curated.model.actors):
        actor_id = _actor_id(actor)
        if not actor_id:  # no slug (a name in another script): extraction numbers it
            continue
        first = first_with.setdefault(actor_id, index)
        if first == index:
            continue
        other = curated.model.actors[first]
        other_at = document.value_at(("actors", first, "id" if other.id else "name"), Location(ACTORS_FILE))
        if actor.id:
            at = document.value_at(("actors", index, "id"), Location(ACTORS_FILE))
            message = f"actor id `{actor_id}` is already used by `{other.name}` ({other_at})"
        else:
            at = document.value_at(("actors", index, "name"), Location(ACTORS_FILE))
            message = (
                f"`{actor.name}` gets the id `{actor_id}` from its name, already used by `{other.name}` ({other_at})"
            )
        problems.append(
            error(at, "duplicate-actor-id", f"{message}; give each actor its own `id`, or merge the two entries")
        )
    return problems


def _check_actor_names(curated: Loaded[CuratedActors]) -> list[Diagnostic]:
    """A name or alias of two curated actors: every mention of it goes to the first of them."""
    document = curated.document
    owner: dict[str, tuple[int, Location]] = {}
    problems = []
    for index, actor in enumerate(curated.model.actors):
        written: list[tuple[str, Path_]] = [(actor.name, ("actors", index, "name"))]
        written += [(alias, ("actors", index, "aliases", n)) for n, alias in enumerate(actor.aliases)]
        for name, here in written:
            at = document.value_at(here, Location(ACTORS_FILE))
            first, first_at = owner.setdefault(name, (index, at))
            if first == index:
                continue
            other = curated.model.actors[first].name
            problems.append(
                warning(
                    at,
                    "shared-actor-name",
                    f"`{name}` also names `{other}` ({first_at}), and every mention of it is credited to "
                    f"`{other}`; keep it in one actor's name or aliases only",
                )
            )
    return problems


def _story(settings: SiteSettings | None, sources: tuple[Source, ...]) -> Story:
    settings = settings or SiteSettings()
    titled = [s for s in sources if s.metadata.title]
    newest = max(
        titled, key=lambda s: (s.metadata.published is not None, str(s.metadata.published or "")), default=None
    )
    languages = [s.metadata.language for s in sources if s.metadata.language]
    language = settings.language or (max(sorted(set(languages)), key=languages.count) if languages else None)
    return Story(
        title=settings.title or (newest.metadata.title if newest and newest.metadata.title else DEFAULT_STORY_TITLE),
        description=settings.description,
        language=language,
    )


@dataclass(frozen=True, slots=True)
class Content:
    corpus: Corpus
    rules: RuleSet
    curated_actors: tuple[CuratedActor, ...] = ()


def read_explainer(content: Path) -> Stage[Explainer | None]:
    text = _read_text(content, EXPLAINER_FILE)
    explainer = Explainer(path=EXPLAINER_FILE, markdown=text.value) if text.value else None
    return Stage(explainer, text.diagnostics)


def content_fingerprint(content: Path) -> tuple[tuple[str, str], ...]:
    """(path, sha256) of every file in the content folder, sorted: what the build depends on."""
    # Names are shown as printable text: one that is not UTF-8 (reported by builder/sources.py)
    # must not break the cache key or the build report, which are UTF-8.
    return tuple(
        sorted(
            (display_name(file.relative_to(content).as_posix()), hashlib.sha256(file.read_bytes()).hexdigest())
            for file in content.rglob("*")
            if file.is_file() and not file.is_symlink()
        )
    )


def load_content(content: Path) -> Stage[Content]:
    """Read and clean everything under `content`; problems come back as diagnostics, never raised."""
    problems: list[Diagnostic] = []
    articles = read_articles(content)
    rules = _rules(content)
    curated_file = _load_optional(content, SOURCES_FILE, CuratedSources)
    site_file = _load_optional(content, SITE_FILE, SiteSettings)
    actors_file = _load_optional(content, ACTORS_FILE, CuratedActors)
    problems += [
        *articles.diagnostics,
        *rules.diagnostics,
        *curated_file.diagnostics,
        *site_file.diagnostics,
        *actors_file.diagnostics,
    ]
    if curated_file.value is not None:
        problems += _check_curation(curated_file.value, articles.value)
    if actors_file.value is not None:
        problems += _check_actor_ids(actors_file.value) + _check_actor_names(actors_file.value)
    curated = curated_file.value.model if curated_file.value else CuratedSources()

    drafts = []
    for raw in articles.value:
        cleaned = clean(raw.text, rules.value)
        body = "\n".join(p.text for p in cleaned.paragraphs)
        inferred = infer_metadata(cleaned.captured, body, raw.path)
        problems += inferred.diagnostics
        entry: CuratedSource | None = curated.sources.get(raw.path.removeprefix("sources/"))
        metadata = apply_curation(inferred.value, entry)
        drafts.append((raw, cleaned, metadata, entry))

    ids = assign_ids([(base_id(m, Path(raw.path).stem), e.id if e else None) for raw, _, m, e in drafts])
    sources = tuple(
        Source(id=source_id, raw=raw, metadata=metadata, paragraphs=cleaned.paragraphs, removed=cleaned.removed)
        for source_id, (raw, cleaned, metadata, _) in zip(ids, drafts, strict=True)
    )
    explainer = read_explainer(content)
    problems += explainer.diagnostics
    corpus = Corpus(
        story=_story(site_file.value.model if site_file.value else None, sources),
        sources=sources,
        explainer=explainer.value,
        content_files=content_fingerprint(content),
    )
    curated_actors = tuple(actors_file.value.model.actors) if actors_file.value else ()
    return Stage(Content(corpus, rules.value, curated_actors), tuple(problems))
