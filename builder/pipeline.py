"""The whole build, in order: read and clean the content, then plan and render the pages.

This is the only module that knows the order of the stages. It reads the content folder and
returns values; writing files is the adapters' job (CLI, MkDocs plugin).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .corpus import load_content
from .diagnostics import Diagnostic, has_errors
from .explainer import prepare_explainer
from .export import csl_json, model_json, schema_json
from .extraction import extract
from .model import Corpus
from .pages.plan import SitePlan, plan_site

REPORT_VERSION = 1
TEMPLATES_DIR = "templates"


DOWNLOADS_DIR = "data"


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildResult:
    corpus: Corpus
    plan: SitePlan | None  # None when the content has errors
    diagnostics: tuple[Diagnostic, ...]
    downloads: tuple[tuple[str, str], ...] = ()  # (site path, text): machine-readable exports

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def run(content: Path) -> BuildResult:
    loaded = load_content(content)
    corpus = loaded.value.corpus
    if has_errors(loaded.diagnostics):
        return BuildResult(corpus=corpus, plan=None, diagnostics=tuple(sorted(set(loaded.diagnostics))))
    extracted = extract(corpus, loaded.value.curated_actors)
    corpus = extracted.value
    explainer = prepare_explainer(corpus)
    diagnostics = tuple(sorted(set(loaded.diagnostics + extracted.diagnostics + explainer.diagnostics)))
    if has_errors(diagnostics):
        return BuildResult(corpus=corpus, plan=None, diagnostics=diagnostics)
    plan = plan_site(corpus, loaded.value.rules, explainer.value, content / TEMPLATES_DIR)
    downloads = (
        (f"{DOWNLOADS_DIR}/model.json", model_json(corpus)),
        (f"{DOWNLOADS_DIR}/explainer-model.schema.json", schema_json()),
        (f"{DOWNLOADS_DIR}/sources.csl.json", csl_json(corpus)),
    )
    return BuildResult(corpus=corpus, plan=plan, diagnostics=diagnostics, downloads=downloads)


def build_report(result: BuildResult) -> dict[str, Any]:
    """What went in and what came out; deterministic, so two builds give the same bytes."""
    corpus = result.corpus
    return {
        "report_version": REPORT_VERSION,
        "story": {"title": corpus.story.title, "language": corpus.story.language},
        "inputs": [{"path": path, "sha256": digest} for path, digest in corpus.content_files],
        "sources": [
            {
                "id": s.id,
                "path": s.path,
                "sha256": s.raw.sha256,
                "bytes": s.raw.size,
                "metadata": {
                    "title": s.metadata.title,
                    "outlet": s.metadata.outlet,
                    "author": s.metadata.author,
                    "published": s.metadata.published.isoformat() if s.metadata.published else None,
                    "url": s.metadata.url,
                    "language": s.metadata.language,
                    "curated": sorted(name for name, origin in s.metadata.origin if origin == "curated"),
                },
                "paragraphs": [{"id": p.id, "line": p.line, "kind": p.kind, "text": p.text} for p in s.paragraphs],
                "removed": [{"line": r.line, "column": r.column, "rule": r.rule, "text": r.text} for r in s.removed],
            }
            for s in corpus.sources
        ],
        "pages": [page.src_uri for page in result.plan.pages] if result.plan else [],
        "diagnostics": [str(d) for d in result.diagnostics],
    }


def write_build_folder(result: BuildResult, build_dir: Path) -> None:
    """Generated Markdown and the build report go here, never into the content folder."""
    pages_dir = build_dir / "pages"
    if result.plan is not None:
        for page in result.plan.pages:
            target = pages_dir / page.src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists() or target.read_text(encoding="utf-8") != page.markdown:
                target.write_text(page.markdown, encoding="utf-8")
        wanted = {pages_dir / page.src_uri for page in result.plan.pages}
        for stale in sorted(pages_dir.rglob("*.md")):
            if stale not in wanted:
                stale.unlink()
    build_dir.mkdir(parents=True, exist_ok=True)
    report = json.dumps(build_report(result), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    (build_dir / "report.json").write_text(report, encoding="utf-8")
