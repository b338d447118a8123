"""The whole build, in order: read and clean the content, then plan and render the pages.

This is the only module that knows the order of the stages. It reads the content folder and
returns values; writing files is the adapters' job (CLI, MkDocs plugin).
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .corpus import EXPLAINER_FILE, content_fingerprint, load_content, read_explainer
from .diagnostics import Diagnostic, has_errors
from .explainer import prepare_explainer
from .export import csl_json, model_json, schema_json
from .extraction import extract
from .model import Corpus
from .pages.plan import PlanCache, SitePlan, plan_site
from .rules import RuleSet

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


@dataclass(frozen=True, slots=True)
class _Extracted:
    """Everything that does not depend on explainer.md or the page templates."""

    key: str
    corpus: Corpus
    rules: RuleSet
    diagnostics: tuple[Diagnostic, ...]
    ok: bool


# One entry per content folder: `mkdocs serve` rebuilds after every edit, and the CLI and the
# plugin both run the pipeline in one `explainer build`. Editing only explainer.md (or a
# template) then re-runs only the explainer and the pages.
_EXTRACTED: dict[Path, _Extracted] = {}
# Files whose change does not invalidate extraction.
_EXPLAINER_ONLY = (EXPLAINER_FILE, f"{TEMPLATES_DIR}/")


def _extraction_key(fingerprint: tuple[tuple[str, str], ...]) -> str:
    digest = hashlib.sha256(__version__.encode())
    for path, sha in fingerprint:
        if not path.startswith(_EXPLAINER_ONLY):
            # "surrogatepass": a name that is not UTF-8 (held as lone surrogates) must still hash, distinctly.
            digest.update(f"{path}\0{sha}\n".encode("utf-8", "surrogatepass"))
    for data in sorted((Path(__file__).parent / "data").glob("*.yml")):
        digest.update(data.read_bytes())  # built-in rules and word lists count too
    return digest.hexdigest()


def _extracted(content: Path, fingerprint: tuple[tuple[str, str], ...]) -> _Extracted:
    key = _extraction_key(fingerprint)
    cached = _EXTRACTED.get(content.resolve())
    if cached is not None and cached.key == key:
        return cached
    loaded = load_content(content)
    if has_errors(loaded.diagnostics):
        result = _Extracted(key, loaded.value.corpus, loaded.value.rules, loaded.diagnostics, ok=False)
    else:
        found = extract(loaded.value.corpus, loaded.value.curated_actors)
        result = _Extracted(key, found.value, loaded.value.rules, loaded.diagnostics + found.diagnostics, ok=True)
    _EXTRACTED[content.resolve()] = result
    return result


# Per content folder: the extraction key and the page templates a PlanCache was made for.
_PLANNED: dict[Path, tuple[str, tuple[tuple[str, str], ...], PlanCache]] = {}


def _plan_cache(content: Path, extracted: _Extracted, fingerprint: tuple[tuple[str, str], ...]) -> PlanCache:
    templates = tuple(entry for entry in fingerprint if entry[0].startswith(f"{TEMPLATES_DIR}/"))
    before = _PLANNED.get(content.resolve())
    if before is not None and before[0] == extracted.key and before[1] == templates:
        return before[2]
    cache = PlanCache(reuse_pages=not templates)
    _PLANNED[content.resolve()] = (extracted.key, templates, cache)
    return cache


_DOWNLOADS: dict[Path, tuple[str, tuple[tuple[str, str], ...]]] = {}


def _downloads(content: Path, extracted: _Extracted) -> tuple[tuple[str, str], ...]:
    """The exports: they show the extracted corpus, never the explainer, so an edit of
    explainer.md keeps them."""
    before = _DOWNLOADS.get(content.resolve())
    if before is not None and before[0] == extracted.key:
        return before[1]
    downloads = (
        (f"{DOWNLOADS_DIR}/model.json", model_json(extracted.corpus)),
        (f"{DOWNLOADS_DIR}/explainer-model.schema.json", schema_json()),
        (f"{DOWNLOADS_DIR}/sources.csl.json", csl_json(extracted.corpus)),
    )
    _DOWNLOADS[content.resolve()] = (extracted.key, downloads)
    return downloads


@contextlib.contextmanager
def without_cycle_collection() -> Iterator[None]:
    """The pipeline builds millions of small objects that hold no reference cycles (frozen
    dataclasses, tuples, strings); reference counting frees them. CPython's cycle collector
    would traverse them all again and again as they accumulate: ~10% of a large build."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run(content: Path) -> BuildResult:
    """Everything the site needs from the content folder, or the located problems."""
    with without_cycle_collection():
        return _run(content)


def _run(content: Path) -> BuildResult:
    fingerprint = content_fingerprint(content)
    extracted = _extracted(content, fingerprint)
    explainer_file = read_explainer(content)
    corpus = dataclasses.replace(extracted.corpus, explainer=explainer_file.value, content_files=fingerprint)
    if not extracted.ok:
        diagnostics = tuple(sorted(set(extracted.diagnostics + explainer_file.diagnostics)))
        return BuildResult(corpus=corpus, plan=None, diagnostics=diagnostics)
    explainer = prepare_explainer(corpus)
    diagnostics = tuple(sorted(set(extracted.diagnostics + explainer_file.diagnostics + explainer.diagnostics)))
    if has_errors(diagnostics):
        return BuildResult(corpus=corpus, plan=None, diagnostics=diagnostics)
    plan = plan_site(
        corpus, extracted.rules, explainer.value, content / TEMPLATES_DIR, _plan_cache(content, extracted, fingerprint)
    )
    return BuildResult(corpus=corpus, plan=plan, diagnostics=diagnostics, downloads=_downloads(content, extracted))


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
