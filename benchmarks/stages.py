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

    python -m benchmarks.stages --content DIR [--repeat 3] [--build-dir DIR]

Prints one `BENCH-RESULT {json}` line. Wall times are the minimum over repeats (the first
run, with one-time costs such as compiling the date patterns, is reported as `first_run_s`).
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
STAGES = ("clean", "extract", "explainer", "pages", "export", "write")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.stages")
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--build-dir", type=Path, help="where write_build_folder writes (default: a temp dir)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    from builder import pipeline
    from builder.corpus import EXPLAINER_FILE, load_content
    from builder.explainer import draft_markdown, prepare_explainer
    from builder.export import csl_json, model_json, schema_json
    from builder.extraction import extract
    from builder.model import Explainer
    from builder.pages.plan import plan_site

    import_s = time.perf_counter() - started
    peak = PeakRss()
    build_dir = args.build_dir or Path(tempfile.mkdtemp(prefix="bench-build-"))
    runs: list[dict[str, float]] = []
    memory: dict[str, float] = {}
    counts: dict[str, Any] = {}

    for attempt in range(max(1, args.repeat)):
        shutil.rmtree(build_dir / "pages", ignore_errors=True)
        times: dict[str, float] = {}

        def stage(name: str, work: Callable[[], T], times: dict[str, float] = times, attempt: int = attempt) -> T:
            gc.collect()
            peak.reset()
            begin = time.perf_counter()
            value = work()
            times[name] = time.perf_counter() - begin
            if attempt == 0:
                memory[name] = round(peak.peak_mb(), 1)
            return value

        loaded = stage("clean", lambda: load_content(args.content))
        content = loaded.value
        extracted = stage("extract", lambda: extract(content.corpus, content.curated_actors))
        corpus = extracted.value
        explainer = stage("explainer", lambda: prepare_explainer(corpus))
        plan = stage("pages", lambda: plan_site(corpus, content.rules, explainer.value, args.content / "templates"))
        downloads = stage(
            "export",
            lambda: (
                ("data/model.json", model_json(corpus)),
                ("data/explainer-model.schema.json", schema_json()),
                ("data/sources.csl.json", csl_json(corpus)),
            ),
        )
        diagnostics = tuple(sorted(set(loaded.diagnostics + extracted.diagnostics + explainer.diagnostics)))
        result = pipeline.BuildResult(corpus=corpus, plan=plan, diagnostics=diagnostics, downloads=downloads)
        stage("write", lambda: pipeline.write_build_folder(result, build_dir))

        # An edit of explainer.md: the draft, given back as a curated explainer of the same size.
        draft = draft_markdown(corpus)
        curated = dataclasses.replace(corpus, explainer=Explainer(path=EXPLAINER_FILE, markdown=draft))
        curated_page = stage("explainer_curated", lambda: prepare_explainer(curated))
        runs.append(times)

        if attempt == 0:
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

    best = {name: min(run[name] for run in runs) for name in runs[0]}
    emit(
        {
            "import_s": import_s,
            "seconds": best,
            "first_run_s": runs[0],
            "repeats": len(runs),
            "peak_rss_mb": memory,
            "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "peak_rss_resettable": peak.resettable,
            "counts": counts,
        }
    )
    if args.build_dir is None:
        shutil.rmtree(build_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
