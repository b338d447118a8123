"""Child process: `explainer build` exactly as a user runs it, with stopwatches around its parts.

Runs `builder.cli.main(["build", "--content", DIR, "--site-dir", DIR])` in this process and wraps
(without changing what they do) `builder.pipeline.run`, `builder.pipeline.write_build_folder`
and `mkdocs.commands.build.build`, so one real build tells apart:

    pipeline_s       every call of pipeline.run (the CLI calls it, then the MkDocs plugin again)
    write_s          write_build_folder (the plugin writes build/pages and report.json)
    mkdocs_build_s   MkDocs' build(), which includes the plugin's pipeline.run and write
    render_s         mkdocs_build_s minus what the plugin spent in the pipeline and the write:
                     MkDocs and Material reading, converting, templating and writing pages,
                     search index, sitemap
    total_s          the whole command in this process (after imports)

    python -m benchmarks.build_probe --content DIR --site-dir DIR [--config mkdocs.yml]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.measure import emit


def _timed(calls: list[float], function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        begin = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            calls.append(time.perf_counter() - begin)

    wrapper.__wrapped__ = function  # type: ignore[attr-defined]
    return wrapper


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.build_probe")
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--site-dir", type=Path, required=True)
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    args = parser.parse_args(argv)

    started = time.perf_counter()
    import mkdocs.commands.build as mkdocs_build

    from builder import cli, pipeline

    import_s = time.perf_counter() - started
    pipeline_calls: list[float] = []
    write_calls: list[float] = []
    mkdocs_calls: list[float] = []
    pipeline.run = _timed(pipeline_calls, pipeline.run)
    pipeline.write_build_folder = _timed(write_calls, pipeline.write_build_folder)
    mkdocs_build.build = _timed(mkdocs_calls, mkdocs_build.build)

    stderr = io.StringIO()
    begin = time.perf_counter()
    with contextlib.redirect_stderr(stderr):
        code = cli.main(
            ["build", "--content", str(args.content), "--site-dir", str(args.site_dir), "--config", str(args.config)]
        )
    total_s = time.perf_counter() - begin
    mkdocs_s = sum(mkdocs_calls)
    # The plugin's pipeline.run and write happen inside MkDocs' build(); the CLI's own run before it.
    inside = sum(pipeline_calls[1:]) + sum(write_calls) if mkdocs_calls else 0.0
    log = stderr.getvalue()
    emit(
        {
            "exit_code": code,
            "import_s": import_s,
            "total_s": total_s,
            "pipeline_calls_s": pipeline_calls,
            "write_calls_s": write_calls,
            "mkdocs_build_s": mkdocs_s,
            "render_s": mkdocs_s - inside,
            "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "warnings": [line for line in log.splitlines() if line.startswith(("WARNING", "ERROR"))][:20],
            "stderr_tail": log[-2000:] if code else "",
        }
    )
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
