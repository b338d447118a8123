"""The model as JSON, with a JSON Schema: for readers' tools, research and other renderers.

The export models below are the public contract (`schema_version` changes when a field does);
the internal dataclasses may change freely behind them.
"""

from __future__ import annotations

import json
from typing import Literal

import pydantic

from .model import Corpus, Source

SCHEMA_VERSION: Literal["1.0"] = "1.0"


class _Strict(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)


class ParagraphOut(_Strict):
    id: str
    text: str
    kind: Literal["text", "heading"]
    line: int


class RemovedOut(_Strict):
    line: int
    column: int
    text: str
    rule: str


class SourceOut(_Strict):
    id: str
    file: str
    sha256: str
    outlet: str | None
    title: str | None
    author: str | None
    published: str | None = pydantic.Field(description="ISO 8601, with offset when the source gives one")
    language: str | None
    url: str | None
    paragraphs: list[ParagraphOut]
    removed: list[RemovedOut]


class MentionOut(_Strict):
    source: str
    paragraph: str
    start: int
    end: int
    text: str


class ActorOut(_Strict):
    id: str
    name: str
    kind: Literal["person", "organization", "country", "place", "media", "other"]
    aliases: list[str]
    description: str | None
    curated: bool
    mentions: list[MentionOut]


class EventMentionOut(_Strict):
    source: str
    paragraph: str
    text: str
    date_text: str


class EventOut(_Strict):
    id: str
    date: str = pydantic.Field(description="ISO 8601 at reduced precision: 2025-08-12, 2024-10 or 2022")
    precision: Literal["day", "month", "year"]
    summary: str
    actors: list[str]
    mentions: list[EventMentionOut]
    conflicts: list[str] = pydantic.Field(
        description="events that look like the same happening on another date (at most the 12 nearest in date)"
    )


class QuoteOut(_Strict):
    id: str
    speaker: str | None = pydantic.Field(description="actor id, or null when the source does not say")
    speaker_text: str | None
    text: str
    source: str
    paragraph: str


class QuantityOut(_Strict):
    id: str
    value: float
    unit: str
    qualifier: Literal["exact", "about", "more_than", "less_than"]
    text: str
    attributed_to: str | None
    source: str
    paragraph: str


class ModelOut(_Strict):
    schema_version: Literal["1.0"]
    title: str
    language: str | None
    sources: list[SourceOut]
    actors: list[ActorOut]
    events: list[EventOut]
    quotes: list[QuoteOut]
    quantities: list[QuantityOut]


def export_model(corpus: Corpus) -> ModelOut:
    """The corpus as the export model, validated against it in one call: plain data first, since
    constructing 100,000 small models one by one costs ten times more."""
    return ModelOut.model_validate(_export_data(corpus))


def _export_data(corpus: Corpus) -> dict[str, object]:
    return {
        "schema_version": SCHEMA_VERSION,
        "title": corpus.story.title,
        "language": corpus.story.language,
        "sources": [
            {
                "id": s.id,
                "file": s.path,
                "sha256": s.raw.sha256,
                "outlet": s.metadata.outlet,
                "title": s.metadata.title,
                "author": s.metadata.author,
                "published": s.metadata.published.isoformat() if s.metadata.published else None,
                "language": s.metadata.language,
                "url": s.metadata.url,
                "paragraphs": [{"id": p.id, "text": p.text, "kind": p.kind, "line": p.line} for p in s.paragraphs],
                "removed": [{"line": r.line, "column": r.column, "text": r.text, "rule": r.rule} for r in s.removed],
            }
            for s in corpus.sources
        ],
        "actors": [
            {
                "id": a.id,
                "name": a.name,
                "kind": a.kind,
                "aliases": list(a.aliases),
                "description": a.description,
                "curated": a.curated,
                "mentions": [
                    {"source": m.source, "paragraph": m.paragraph, "start": m.start, "end": m.end, "text": m.text}
                    for m in a.mentions
                ],
            }
            for a in corpus.actors
        ],
        "events": [
            {
                "id": e.id,
                "date": e.date.iso(),
                "precision": e.date.precision,
                "summary": e.summary,
                "actors": list(e.actors),
                "mentions": [
                    {
                        "source": m.span.source,
                        "paragraph": m.span.paragraph,
                        "text": m.span.text,
                        "date_text": m.date_text,
                    }
                    for m in e.mentions
                ],
                "conflicts": list(e.conflicts),
            }
            for e in corpus.events
        ],
        "quotes": [
            {
                "id": q.id,
                "speaker": q.speaker,
                "speaker_text": q.speaker_text,
                "text": q.text,
                "source": q.span.source,
                "paragraph": q.span.paragraph,
            }
            for q in corpus.quotes
        ],
        "quantities": [
            {
                "id": q.id,
                "value": q.value,
                "unit": q.unit,
                "qualifier": q.qualifier,
                "text": q.span.text,
                "attributed_to": q.attributed_to,
                "source": q.span.source,
                "paragraph": q.span.paragraph,
            }
            for q in corpus.quantities
        ],
    }


def model_json(corpus: Corpus) -> str:
    """The model as compact JSON: with thousands of sources it is tens of megabytes, and Python
    writes indented JSON ten times slower than compact (`jq .` indents it for reading)."""
    data = export_model(corpus).model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def schema_json() -> str:
    schema = ModelOut.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "explainer-model.schema.json"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def csl_json(corpus: Corpus) -> str:
    """The sources as CSL-JSON, for reference managers (Zotero, Pandoc citeproc)."""
    items = []
    for source in corpus.sources:
        meta = source.metadata
        item: dict[str, object] = {"id": source.id, "type": "article-newspaper"}
        if meta.title:
            item["title"] = meta.title
        if meta.outlet:
            item["container-title"] = meta.outlet
        if meta.author:
            item["author"] = [{"literal": meta.author}]
        if meta.published is not None:
            item["issued"] = {"date-parts": [[meta.published.year, meta.published.month, meta.published.day]]}
        if meta.url:
            item["URL"] = meta.url
        if meta.language:
            item["language"] = meta.language
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def news_article_jsonld(source: Source) -> str:
    """schema.org NewsArticle for a source page, safe to embed in a <script> element.

    `<`, `>` and `&` are written as JSON escapes, so no article text can close the element or
    open a comment; the JSON stays the same for any parser.
    """
    meta = source.metadata
    data: dict[str, object] = {"@context": "https://schema.org", "@type": "NewsArticle", "identifier": source.id}
    if meta.title:
        data["headline"] = meta.title
    if meta.outlet:
        data["publisher"] = {"@type": "Organization", "name": meta.outlet}
    if meta.author:
        data["author"] = {"@type": "Person", "name": meta.author}
    if meta.published is not None:
        data["datePublished"] = meta.published.isoformat()
    if meta.url:
        data["url"] = meta.url
    if meta.language:
        data["inLanguage"] = meta.language
    data["wordCount"] = source.word_count
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
