"""Assemble the model from a content folder: articles, cleaning, metadata, ids, curation."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pydantic

from .clean import clean
from .diagnostics import Diagnostic, Location, Stage, error
from .extract.actors import CuratedActor, CuratedActors
from .ids import assign_ids, base_id
from .metadata import CuratedSource, CuratedSources, apply_curation, infer_metadata
from .model import Corpus, Explainer, RawSource, Source, Story
from .rules import DEFAULT_RULES_PATH, RuleSet, default_rules_text, load_rules
from .sources import read_articles
from .yamlfile import load_model

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
        return Stage(data.decode("utf-8-sig").replace("\r\n", "\n"))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"byte 0x{data[exc.start]:02x} is not valid UTF-8; save the file as UTF-8"
        return Stage(None, (error(Location(name, line, column), "encoding", message),))


def _load_optional(content: Path, name: str, model: type[ModelT]) -> Stage[ModelT | None]:
    text = _read_text(content, name)
    if text.value is None:
        return Stage(None, text.diagnostics)
    return load_model(text.value, name, model)


def _rules(content: Path) -> Stage[RuleSet]:
    files = [(DEFAULT_RULES_PATH, default_rules_text())]
    extra = _read_text(content, RULES_FILE)
    if extra.value is not None:
        files.append((RULES_FILE, extra.value))
    loaded = load_rules(files)
    return Stage(loaded.value, extra.diagnostics + loaded.diagnostics)


def _check_curation(curated: CuratedSources, raws: tuple[RawSource, ...]) -> list[Diagnostic]:
    names = {raw.path.removeprefix("sources/") for raw in raws}
    problems = []
    for name in curated.sources:
        if name not in names:
            problems.append(
                error(
                    Location(SOURCES_FILE),
                    "unknown-source-file",
                    f"`{name}` is not an article in sources/ (known: {', '.join(sorted(names))})",
                )
            )
    seen: dict[str, str] = {}
    for name, entry in curated.sources.items():
        if entry.id is None:
            continue
        if entry.id in seen:
            problems.append(
                error(
                    Location(SOURCES_FILE),
                    "duplicate-id",
                    f"id `{entry.id}` is given to both `{seen[entry.id]}` and `{name}`",
                )
            )
        seen[entry.id] = name
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
    return tuple(
        sorted(
            (str(file.relative_to(content).as_posix()), hashlib.sha256(file.read_bytes()).hexdigest())
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
    curated = curated_file.value or CuratedSources()
    problems += _check_curation(curated, articles.value)

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
        story=_story(site_file.value, sources),
        sources=sources,
        explainer=explainer.value,
        content_files=content_fingerprint(content),
    )
    curated_actors = tuple(actors_file.value.actors) if actors_file.value else ()
    return Stage(Content(corpus, rules.value, curated_actors), tuple(problems))
