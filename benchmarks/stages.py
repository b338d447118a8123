"""Child process: run the builder's stages one by one on a content folder and time each.

The stages are those of `builder.pipeline.run`, in its order, called directly so that each gets
its own wall time and peak RSS:

    clean     builder.corpus.load_content     read, decode, clean, infer metadata, assign ids
    extract   builder.extraction.extract      actors, events, quotes, quantities
    explainer builder.explainer.prepare_explainer   draft explainer, citations, actor links
    pages     builder.pages.plan.plan_site    every page's Markdown from the Jinja templates
    export    builder.export                  model.json, its schema, CSL-JSON (site downloads)
    write     builder.pipeline.write_build_folder   build/pages/*.md and report.json

and one more that is not in the pipeline:

    explainer_curated  prepare_explainer with the draft given as a curated `explainer.md`: the
                       work an edit of explainer.md needs at least (citations resolved, dates
                       cross-checked), for the "incremental rebuild < 1 s" target.

    python -m benchmarks.stages --content DIR [--incremental] [--build-dir DIR]

Prints one `BENCH-RESULT {json}` line. benchmarks/run.py repeats it in fresh processes rather
than with --repeat: the builder memoises date finding and word sets per process, so a second
run in the same process is warmer than any real build. With --incremental it also times
`pipeline.run` as `mkdocs serve` calls it: once in full, then after explainer.md changed.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from benchmarks.measure import PeakRss, emit

T = TypeVar("T")
STAGES = ("clean", "extract", "explainer", "pages", "export", "write", "explainer_curated")


class _Stopwatch:
    """Wall time per stage of one run; peak RSS per stage on the first run."""

    def __init__(self, peak: PeakRss, memory: dict[str, float] | None, partial: dict[str, Any] | None = None) -> None:
        self.peak = peak
        self.memory = memory
        self.times: dict[str, float] = {}
        self.partial = partial  # emitted after every stage, so a run stopped by a timeout keeps them

    def stage(self, name: str, work: Callable[..., T], *args: Any) -> T:
        gc.collect()
        self.peak.reset()
        begin = time.perf_counter()
        value = work(*args)
        self.times[name] = time.perf_counter() - begin
        if self.memory is not None:
            self.memory[name] = round(self.peak.peak_mb(), 1)
        if self.partial is not None:
            emit(
                {
                    **self.partial,
                    "partial": True,
                    "seconds": self.times,
                    "peak_rss_mb": self.memory,
                    "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                }
            )
        return value


def _downloads(corpus: Any) -> tuple[tuple[str, str], ...]:
    from builder.export import csl_json, model_json, schema_json

    return (
        ("data/model.json", model_json(corpus)),
        ("data/explainer-model.schema.json", schema_json()),
        ("data/sources.csl.json", csl_json(corpus)),
    )


NEUTRAL = "Sumber-sumber ini melaporkan peristiwa yang sama tanpa menyebut tanggal lain. "


def curated_explainer(draft: str) -> str:
    """The draft as a contributor would curate it: same headings and citations, no "draft" note,
    and statements that state no date, so `explainer check` passes and the build goes on to the
    pages (the draft's own sentences restate dates that its date check may not find cited)."""
    lines: list[str] = []
    in_note = False
    for line in draft.split("\n"):
        if line.startswith("!!!"):
            in_note = True
            continue
        if in_note and (line.startswith("    ") or not line.strip()):
            in_note = bool(line.strip())
            continue
        in_note = False
        cite = line.rfind(" [@")
        lines.append(NEUTRAL + line[cite + 1 :] if line.startswith("**") and cite > 0 else line)
    return "\n".join(lines)


def _one_run(content_dir: Path, build_dir: Path, watch: _Stopwatch) -> tuple[dict[str, Any], str]:
    """The pipeline's stages in its order, each timed; returns counts and the draft explainer."""
    from builder import pipeline
    from builder.corpus import EXPLAINER_FILE, load_content
    from builder.explainer import draft_markdown, prepare_explainer
    from builder.extraction import extract
    from builder.model import Explainer
    from builder.pages.plan import plan_site

    loaded = watch.stage("clean", load_content, content_dir)
    content = loaded.value
    extracted = watch.stage("extract", extract, content.corpus, content.curated_actors)
    corpus = extracted.value
    explainer = watch.stage("explainer", prepare_explainer, corpus)
    plan = watch.stage("pages", plan_site, corpus, content.rules, explainer.value, content_dir / "templates")
    downloads = watch.stage("export", _downloads, corpus)
    diagnostics = tuple(sorted(set(loaded.diagnostics + extracted.diagnostics + explainer.diagnostics)))
    result = pipeline.BuildResult(corpus=corpus, plan=plan, diagnostics=diagnostics, downloads=downloads)
    watch.stage("write", pipeline.write_build_folder, result, build_dir)
    # An edit of explainer.md: a curated explainer with the draft's headings and citations.
    draft = curated_explainer(draft_markdown(corpus))
    curated = dataclasses.replace(corpus, explainer=Explainer(path=EXPLAINER_FILE, markdown=draft))
    curated_page = watch.stage("explainer_curated", prepare_explainer, curated)

    markdown = [len(page.markdown.encode()) for page in plan.pages]
    largest = max(plan.pages, key=lambda p: len(p.markdown))
    counts = {
        "sources": len(corpus.sources),
        "paragraphs": sum(len(s.paragraphs) for s in corpus.sources),
        "removed": sum(len(s.removed) for s in corpus.sources),
        "input_bytes": sum(s.raw.size for s in corpus.sources),
        "actors": len(corpus.actors),
        "actor_mentions": sum(len(a.mentions) for a in corpus.actors),
        "events": len(corpus.events),
        "event_mentions": sum(len(e.mentions) for e in corpus.events),
        "quotes": len(corpus.quotes),
        "quantities": len(corpus.quantities),
        "citations": len(explainer.value.citations),
        "explainer_markdown_bytes": len(explainer.value.markdown.encode()),
        "pages": len(plan.pages),
        "markdown_bytes": sum(markdown),
        "largest_page": largest.src_uri,
        "largest_page_bytes": max(markdown),
        "downloads_bytes": sum(len(text.encode()) for _, text in downloads),
        "diagnostics": {
            severity: sum(1 for d in diagnostics if d.severity.value == severity)
            for severity in ("error", "warning", "note")
        },
        "curated_explainer_errors": sum(1 for d in curated_page.diagnostics if d.is_error),
    }
    return counts, draft


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.stages")
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--build-dir", type=Path, help="where write_build_folder writes (default: a temp dir)")
    parser.add_argument(
        "--incremental",
        action="store_true",
        help="also time pipeline.run after an edit of explainer.md (adds one full pipeline run)",
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    from builder import pipeline

    import_s = time.perf_counter() - started
    peak = PeakRss()
    build_dir = args.build_dir or Path(tempfile.mkdtemp(prefix="bench-build-"))
    runs: list[dict[str, float]] = []
    memory: dict[str, float] = {}
    counts: dict[str, Any] = {}
    draft = ""
    for attempt in range(max(1, args.repeat)):
        shutil.rmtree(build_dir / "pages", ignore_errors=True)
        partial = {"import_s": import_s, "builder_path": str(Path(pipeline.__file__).parent)} if attempt == 0 else None
        watch = _Stopwatch(peak, memory if attempt == 0 else None, partial)
        with pipeline.without_cycle_collection():  # as pipeline.run runs the stages
            found, draft = _one_run(args.content, build_dir, watch)
        counts = counts or found
        runs.append(watch.times)

    best = {name: min(run[name] for run in runs) for name in STAGES}
    incremental = _incremental(args.content, pipeline, draft) if args.incremental else None
    emit(
        {
            "import_s": import_s,
            "builder_path": str(Path(pipeline.__file__).parent),
            "seconds": best,
            "first_run_s": runs[0],
            "repeats": len(runs),
            "peak_rss_mb": memory,
            "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "peak_rss_resettable": peak.resettable,
            "counts": counts,
            "incremental": incremental,
        }
    )
    if args.build_dir is None:
        shutil.rmtree(build_dir, ignore_errors=True)
    return 0


def _incremental(content: Path, pipeline: Any, explainer_md: str) -> dict[str, Any]:
    """pipeline.run as `mkdocs serve` calls it while a contributor edits explainer.md: a full run
    with the curated explainer, then one after a wording edit and one after a citation moved.

    The bundle gets the explainer.md for these runs; it is removed afterwards.
    """
    target = content / "explainer.md"
    if target.exists():
        return {"skipped": "the bundle has its own explainer.md"}
    edits: dict[str, Callable[[str], str]] = {
        # The first statement reworded: the explainer page changes, nothing else.
        "after_explainer_edit_s": lambda text: text.replace("Sumber-sumber ini", "Semua sumber ini", 1),
        # Its first citation points at another paragraph: cited-by marks of a source page move too.
        "after_citation_edit_s": lambda text: text.replace(", p1", ", p2", 1),
    }
    timings: dict[str, Any] = {}
    try:
        target.write_text(explainer_md, encoding="utf-8")
        begin = time.perf_counter()
        result = pipeline.run(content)
        timings["full_run_s"] = time.perf_counter() - begin
        for name, edit in edits.items():
            target.write_text(edit(target.read_text(encoding="utf-8")), encoding="utf-8")
            begin = time.perf_counter()
            result = pipeline.run(content)
            timings[name] = time.perf_counter() - begin
    finally:
        target.unlink(missing_ok=True)
    return {
        **timings,
        "pages_planned_after_edit": result.plan is not None,
        "pipeline_has_cache": hasattr(pipeline, "_EXTRACTED"),
        "errors_after_edit": sum(1 for d in result.diagnostics if d.is_error),
    }


if __name__ == "__main__":
    sys.exit(main())
