"""Benchmark the build at several bundle sizes; write results.json, results.svg and print a table.

For each N: generate a synthetic bundle (benchmarks/generate.py), then, each in its own process
so that peak memory is per run:

1. the builder's stages one by one (benchmarks/stages.py): clean, extract, explainer, pages,
   export, write, plus an explainer.md edit (explainer_curated);
2. `explainer build` as users run it (benchmarks/build_probe.py), which separates MkDocs'
   rendering from the builder work it does (N <= --render-max; above it the render time and site
   size are extrapolated from the fit and marked so);
3. `explainer check` (the CLI, wall time and peak RSS of the process);
4. link checks of the built site: a regex scan of every link and anchor (always), and the real
   linkchecker as the tests run it (N <= --linkcheck-max; it is slow, see README.md).

    python -m benchmarks.run                     # N = 10 30 100 300 1000 (about 10 min here)
    python -m benchmarks.run --with-10k          # also N = 10000, builder stages only (long)
    python -m benchmarks.run -n 10 100 --merge   # re-measure some N, keep the others' results

Figures are for reading, comparing and tracking; nothing here asserts a threshold.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import math
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks import generate
from benchmarks.measure import REPO, ChildRun, run_child, tree_bytes
from benchmarks.svg import Panel, Series, chart

HERE = Path(__file__).resolve().parent
DEFAULT_NS = (10, 30, 100, 300, 1000)
BUILDER_STAGES = ("clean", "extract", "explainer", "pages", "export")
RESULTS_VERSION = 1


def _python() -> str:
    return sys.executable


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _child_failed(what: str, run: ChildRun) -> dict[str, Any]:
    reason = "timed out" if run.timed_out else f"exit {run.returncode}"
    _log(f"  {what} failed ({reason}): {run.stderr[-1500:]}")
    return {"error": reason, "seconds": run.seconds, "stderr_tail": run.stderr[-1500:]}


# --- Measuring one N ----------------------------------------------------------------------------


def measure(n: int, args: argparse.Namespace) -> dict[str, Any]:
    work = args.work_dir / f"n{n}"
    content = work / "content"
    entry: dict[str, Any] = {"n": n, **_code_version()}

    _log(f"N={n}: bundle")
    fresh = not generate.is_current(content, n, args.seed)
    begin = dt.datetime.now()
    generate.ensure(n, content, args.seed)
    input_bytes, files = tree_bytes(content / "sources")
    entry["bundle"] = {
        "articles": files,
        "bytes": input_bytes,
        "generate_s": (dt.datetime.now() - begin).total_seconds() if fresh else None,
    }

    _log(f"N={n}: builder stages")
    entry["stages"] = _stages(n, content, args)

    site = work / "site"
    if n <= args.render_max:
        _log(f"N={n}: explainer build (MkDocs)")
        shutil.rmtree(site, ignore_errors=True)
        run = run_child(
            [_python(), "-m", "benchmarks.build_probe", "--content", str(content), "--site-dir", str(site)],
            timeout=args.timeout,
            # The same search at every N, so render times compare; Pagefind is measured on its own
            # (benchmarks/search.py) on the same site.
            env={"EXPLAINER_SEARCH": "lunr"},
        )
        probe = run.result()
        if probe is None or probe.get("exit_code"):
            entry["build"] = probe or _child_failed("build", run)
        else:
            probe["process_s"] = run.seconds
            probe["process_max_rss_mb"] = run.max_rss_mb
            entry["build"] = probe
            _measure_site(n, work, args, entry)
    else:
        entry["build"] = {"skipped": f"N > {args.render_max} (--render-max): MkDocs render extrapolated from the fit"}
        entry["linkchecker"] = {"skipped": "no site built"}

    if n <= args.render_max:
        _log(f"N={n}: explainer check")
        # `python -m builder.cli` is the `explainer` command, run from this checkout's code.
        run = run_child([_python(), "-m", "builder.cli", "check", "--content", str(content)], timeout=args.timeout)
        entry["checks"] = (
            {"seconds": run.seconds, "max_rss_mb": run.max_rss_mb, "exit_code": run.returncode}
            if not run.timed_out and run.returncode in (0, 1)
            else _child_failed("check", run)
        )
    else:
        entry["checks"] = {
            "skipped": f"N > {args.render_max}: `explainer check` is pipeline.run plus printing, the same work as "
            "the builder stages measured above"
        }
    if not args.keep_sites:
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(work / "build", ignore_errors=True)
    return entry


def _stages(n: int, content: Path, args: argparse.Namespace) -> dict[str, Any]:
    """The builder's stages, each repeat in a fresh process (the builder memoises date finding
    and word sets per process, so an in-process repeat would be warmer than any real build);
    per stage the fastest repeat, memory and counts from the first."""
    repeat = args.repeat if args.repeat else (3 if n <= 100 else 1)
    results: list[dict[str, Any]] = []
    for attempt in range(repeat):
        command = [_python(), "-m", "benchmarks.stages", "--content", str(content)]
        if attempt == 0 and n <= args.render_max:
            command.append("--incremental")
        run = run_child(command, timeout=args.timeout)
        result = run.result()
        if result is None:
            return _child_failed("stages", run)
        if run.timed_out or run.returncode:  # the stages it finished before it was stopped
            result["stopped"] = "timed out" if run.timed_out else f"exit {run.returncode}"
            results.append(result)
            break
        result["process_s"] = run.seconds
        results.append(result)
    first = results[0]
    first["first_run_s"] = first["seconds"]
    first["seconds"] = {name: min(r["seconds"][name] for r in results) for name in first["seconds"]}
    first["repeats"] = repeat
    first["repeat_seconds"] = [r["seconds"] for r in results]
    return first


def _measure_site(n: int, work: Path, args: argparse.Namespace, entry: dict[str, Any]) -> None:
    """Sizes of the built site, the link scan, and linkchecker for small N."""
    site = work / "site"
    site_bytes, site_files = tree_bytes(site)
    index = site / "search" / "search_index.json"
    html = sorted(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    entry["site"] = {
        "bytes": site_bytes,
        "files": site_files,
        "html_pages": len(html),
        "search_index_bytes": index.stat().st_size if index.is_file() else None,
        "largest_html": str(html[-1].relative_to(site)) if html else None,
        "largest_html_bytes": html[-1].stat().st_size if html else None,
        "median_source_html_bytes": _median_source_page(site),
        "build_folder_bytes": tree_bytes(work / "build")[0],
    }
    _log(f"N={n}: link scan")
    run = run_child([_python(), "-m", "benchmarks.links", str(site)], timeout=args.timeout)
    entry["link_scan"] = run.result() or _child_failed("link scan", run)
    _log(f"N={n}: search, lunr against Pagefind")
    run = run_child([_python(), "-m", "benchmarks.search", str(site)], timeout=args.timeout)
    entry["search"] = run.result() or _child_failed("search", run)
    if n <= args.linkcheck_max:
        _log(f"N={n}: linkchecker")
        run = run_child(
            [_python(), "-m", "benchmarks.links", str(site), "--linkchecker", "--timeout", str(args.timeout)],
            timeout=args.timeout + 60,
        )
        entry["linkchecker"] = run.result() or _child_failed("linkchecker", run)
    else:
        entry["linkchecker"] = {
            "skipped": f"N > {args.linkcheck_max} (--linkcheck-max): linkchecker fetches every url#anchor "
            "separately; 108 pages (N=100) took ~6 min here, and its cost grows about with the square "
            "of the page count (every page links the whole nav)"
        }


def _median_source_page(site: Path) -> int | None:
    sizes = sorted(p.stat().st_size for p in (site / "sources").glob("*.html") if p.name != "index.html")
    return sizes[len(sizes) // 2] if sizes else None


# --- Derived figures ----------------------------------------------------------------------------


def _get(entry: dict[str, Any], *path: str) -> float | None:
    value: Any = entry
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return float(value) if isinstance(value, int | float) else None


def metrics(entry: dict[str, Any]) -> dict[str, float | None]:
    """The figures plotted and fitted, per N: seconds, bytes, MB."""
    seconds = {stage: _get(entry, "stages", "seconds", stage) for stage in (*BUILDER_STAGES, "write")}
    builder = sum(v for v in seconds.values() if v is not None) if all(seconds.values()) else None
    write = seconds.pop("write")
    if builder is not None and write is not None:
        builder -= write  # the pipeline's own work; writing build/ belongs to the adapters
    calls = (entry.get("build") or {}).get("pipeline_calls_s") or []
    return {
        **{f"{stage}_s": value for stage, value in seconds.items()},
        "write_s": write,
        "builder_s": builder,
        "explainer_curated_s": _get(entry, "stages", "seconds", "explainer_curated"),
        "rebuild_after_explainer_edit_s": _get(entry, "stages", "incremental", "after_explainer_edit_s"),
        "rebuild_after_citation_edit_s": _get(entry, "stages", "incremental", "after_citation_edit_s"),
        "lunr_first_result_s": _get(entry, "search", "lunr", "first_result_s"),
        "pagefind_first_result_s": _get(entry, "search", "pagefind", "first_result_s"),
        "pagefind_query_bytes": _get(entry, "search", "pagefind", "search_bytes"),
        "pagefind_bytes": _get(entry, "search", "pagefind_index", "bytes"),
        "pagefind_index_s": _get(entry, "search", "pagefind_index", "index_s"),
        "render_s": _get(entry, "build", "render_s"),
        "build_total_s": _get(entry, "build", "process_s"),
        "build_pipeline_calls": float(len(calls)) if calls else None,
        "checks_s": _get(entry, "checks", "seconds"),
        "link_scan_s": _get(entry, "link_scan", "seconds"),
        "linkchecker_s": _get(entry, "linkchecker", "seconds"),
        "site_bytes": _get(entry, "site", "bytes"),
        "search_index_bytes": _get(entry, "site", "search_index_bytes"),
        "markdown_bytes": _get(entry, "stages", "counts", "markdown_bytes"),
        "builder_peak_mb": _get(entry, "stages", "max_rss_mb"),
        "build_peak_mb": _get(entry, "build", "process_max_rss_mb"),
        "check_peak_mb": _get(entry, "checks", "max_rss_mb"),
    }


def fit(points: list[tuple[float, float]]) -> dict[str, float] | None:
    """Least-squares slope of log(y) against log(N): y ~ a * N^exponent."""
    points = [(x, y) for x, y in points if x > 0 and y and y > 0]
    if len(points) < 2:
        return None
    xs = [math.log10(x) for x, _ in points]
    ys = [math.log10(y) for _, y in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return None
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    intercept = my - slope * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - (intercept + slope * x)) ** 2 for x, y in zip(xs, ys, strict=True))
    return {
        "exponent": round(slope, 3),
        "coefficient": 10**intercept,
        "r2": round(1 - ss_res / ss_tot, 4) if ss_tot else 1.0,
        "n_min": min(x for x, _ in points),
        "n_max": max(x for x, _ in points),
        "points": len(points),
    }


FITTED = (
    "clean_s", "extract_s", "explainer_s", "pages_s", "export_s", "write_s", "builder_s", "explainer_curated_s",
    "render_s", "build_total_s", "checks_s", "link_scan_s", "linkchecker_s", "site_bytes", "search_index_bytes",
    "markdown_bytes", "builder_peak_mb", "rebuild_after_explainer_edit_s", "rebuild_after_citation_edit_s",
    "lunr_first_result_s", "pagefind_first_result_s", "pagefind_query_bytes", "pagefind_bytes",
)  # fmt: skip
LARGE_N = 100  # fixed costs (imports, theme copy, ~1 s per MkDocs build) dominate below this


def fits(runs: list[dict[str, Any]]) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for name in FITTED:
        points = [(float(r["n"]), r["metrics"][name]) for r in runs if r["metrics"].get(name)]
        table[name] = {
            "all": fit(points),
            "large_n": fit([(x, y) for x, y in points if x >= LARGE_N]),
            "local": [  # slope between neighbouring N
                {"from": a[0], "to": b[0], "exponent": round(math.log(b[1] / a[1]) / math.log(b[0] / a[0]), 3)}
                for a, b in itertools.pairwise(points)
            ],
        }
    return table


def extrapolate(runs: list[dict[str, Any]], fitted: dict[str, Any]) -> None:
    """Fill render time and site size for N above --render-max, marked as not measured.

    The growth of these figures steepens with N (the nav on every page grows with N), so the
    slope between the two largest measured N is used, not the fit over all of them: a fit over
    a range whose slope is still rising underestimates what comes next.
    """
    for run in runs:
        guessed: dict[str, Any] = {}
        for name in ("render_s", "site_bytes", "search_index_bytes", "build_total_s", "link_scan_s", "checks_s"):
            if run["metrics"].get(name) is not None:
                continue
            local = fitted[name]["local"]
            measured = [(r["n"], r["metrics"][name]) for r in runs if r["metrics"].get(name)]
            if not local or not measured or run["n"] <= measured[-1][0]:
                continue
            (n0, y0), slope = measured[-1], local[-1]["exponent"]
            guessed[name] = y0 * (run["n"] / n0) ** slope
            guessed[f"{name}_slope"] = slope
        if guessed:
            run["extrapolated"] = {
                **guessed,
                "how": "from the largest measured N with the slope between the two largest measured N; not measured",
            }


def ratios(run: dict[str, Any]) -> dict[str, float | None]:
    m = run["metrics"]
    extra = run.get("extrapolated", {})
    n = run["n"]
    render = m.get("render_s") or extra.get("render_s")
    builder = m.get("builder_s")
    clean_extract = (m.get("clean_s") or 0) + (m.get("extract_s") or 0)
    return {
        "builder_over_render": builder / render if builder and render else None,
        "clean_extract_articles_per_s": n / clean_extract if clean_extract else None,
        "builder_ms_per_article": 1000 * builder / n if builder else None,
        "render_ms_per_page": 1000 * render / (n + 7) if render else None,
        "site_bytes_per_article": (m.get("site_bytes") or extra.get("site_bytes") or 0) / n or None,
        "search_index_bytes_per_article": (m.get("search_index_bytes") or extra.get("search_index_bytes") or 0) / n
        or None,
        "build_pipeline_share": (
            sum((run.get("build") or {}).get("pipeline_calls_s") or []) / m["build_total_s"]
            if m.get("build_total_s")
            else None
        ),
    }


# --- Machine, output ----------------------------------------------------------------------------


def _git(*args: str) -> str | None:
    try:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def _code_version() -> dict[str, Any]:
    """Which code was measured: a snapshot's commit, or HEAD plus the changed files."""
    snapshot = os.environ.get("BENCH_SNAPSHOT_OF")
    if snapshot:
        return {"git_commit": snapshot, "git_dirty_files": [], "snapshot": True}
    return {"git_commit": _git("rev-parse", "HEAD"), "git_dirty_files": _dirty(), "snapshot": False}


def _dirty() -> list[str]:
    """Changed files under builder/, mkdocs.yml, overrides/: what the figures depend on."""
    lines = (_git("status", "--porcelain", "--", "builder", "mkdocs.yml", "overrides") or "").splitlines()
    return sorted(line[3:] for line in lines)


def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version

    packages: dict[str, str | None] = {}
    for name in ("mkdocs", "mkdocs-material", "jinja2", "markdown", "markdown-it-py", "pydantic", "linkchecker",
                 "pymdown-extensions", "pyinstrument"):  # fmt: skip
        try:
            packages[name] = version(name)
        except PackageNotFoundError:
            packages[name] = None

    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory,
        "packages": packages,
        **_code_version(),
    }


def _fmt_s(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}" if value < 100 else f"{value:.0f}"


def _fmt_b(value: float | None) -> str:
    if value is None:
        return "-"
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if value >= size:
            return f"{value / size:.1f} {unit}"
    return f"{value:.0f} B"


def table(results: dict[str, Any]) -> str:
    runs = results["runs"]
    head = ["N", "clean", "extract", "explainer", "pages", "export", "builder", "render", "builder/render",
            "build (CLI)", "check", "link scan", "linkchecker", "peak MB", "site", "search index"]  # fmt: skip
    lines = ["| " + " | ".join(head) + " |", "|" + "---:|" * len(head)]
    for run in runs:
        m, r, x = run["metrics"], run["ratios"], run.get("extrapolated", {})
        render = _fmt_s(m["render_s"]) if m["render_s"] else (f"~{_fmt_s(x['render_s'])}*" if "render_s" in x else "-")
        site = (
            _fmt_b(m["site_bytes"])
            if m["site_bytes"]
            else (f"~{_fmt_b(x['site_bytes'])}*" if "site_bytes" in x else "-")
        )
        index = (
            _fmt_b(m["search_index_bytes"])
            if m["search_index_bytes"]
            else (f"~{_fmt_b(x['search_index_bytes'])}*" if "search_index_bytes" in x else "-")
        )
        ratio = r["builder_over_render"]
        lines.append(
            "| "
            + " | ".join(
                [
                    str(run["n"]),
                    *(_fmt_s(m[f"{s}_s"]) for s in BUILDER_STAGES),
                    _fmt_s(m["builder_s"]),
                    render,
                    f"{ratio:.2f}{'*' if m['render_s'] is None else ''}" if ratio else "-",
                    _fmt_s(m["build_total_s"]),
                    _fmt_s(m["checks_s"]),
                    _fmt_s(m["link_scan_s"]),
                    _fmt_s(m["linkchecker_s"]) if m["linkchecker_s"] else "skipped",
                    f"{m['builder_peak_mb']:.0f}" if m["builder_peak_mb"] else "-",
                    site,
                    index,
                ]
            )
            + " |"
        )
    lines.append("")
    lines.append("Seconds unless marked; * = extrapolated from the large-N fit, not measured.")
    lines.append("")
    head = ["N", "builder/render", "clean+extract articles/s", "builder ms/article", "render ms/page",
            "explainer.md edit: pipeline s", "peak MB builder / build / check"]  # fmt: skip
    lines += ["| " + " | ".join(head) + " |", "|" + "---:|" * len(head)]
    for run in runs:
        m, r = run["metrics"], run["ratios"]

        def num(value: float | None, digits: int = 2) -> str:
            return "-" if value is None else f"{value:.{digits}f}"

        peaks = " / ".join(num(m[k], 0) for k in ("builder_peak_mb", "build_peak_mb", "check_peak_mb"))
        lines.append(
            f"| {run['n']} | {num(r['builder_over_render'])}{'*' if m['render_s'] is None else ''} | "
            f"{num(r['clean_extract_articles_per_s'], 0)} | {num(r['builder_ms_per_article'], 1)} | "
            f"{num(r['render_ms_per_page'], 1)} | {num(m['rebuild_after_explainer_edit_s'])} | {peaks} |"
        )
    lines.append("")
    head = ["N", "explainer.md edit: wording s", "citation moved s", "lunr index", "lunr: first result s",
            "Pagefind index (files)", "Pagefind: indexing s", "Pagefind: bytes per query",
            "Pagefind: first result s"]  # fmt: skip
    lines += ["| " + " | ".join(head) + " |", "|" + "---:|" * len(head)]
    for run in runs:
        m = run["metrics"]
        files = _get(run, "search", "pagefind_index", "files")
        cells = [
            str(run["n"]),
            _fmt_s(m["rebuild_after_explainer_edit_s"]),
            _fmt_s(m["rebuild_after_citation_edit_s"]),
            _fmt_b(m["search_index_bytes"]),
            _fmt_s(m["lunr_first_result_s"]),
            f"{_fmt_b(m['pagefind_bytes'])} ({files:.0f})" if files else "-",
            _fmt_s(m["pagefind_index_s"]),
            _fmt_b(m["pagefind_query_bytes"]),
            _fmt_s(m["pagefind_first_result_s"]),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("| figure | exponent (N >= 100) | exponent (all N) | local slopes |")
    lines.append("|---|---:|---:|---|")
    for name, f in results["fits"].items():
        large, every = f["large_n"], f["all"]
        if not every:
            continue
        local = ", ".join(f"{int(s['from'])}->{int(s['to'])}: {s['exponent']:.2f}" for s in f["local"])
        lines.append(f"| {name} | {large['exponent']:.2f} (r² {large['r2']:.3f})" if large else f"| {name} | -")
        lines[-1] += f" | {every['exponent']:.2f} | {local} |"
    return "\n".join(lines)


def svg(results: dict[str, Any]) -> str:
    runs = results["runs"]
    fitted = results["fits"]

    def series(name: str, label: str) -> Series | None:
        points = []
        for run in runs:
            value = run["metrics"].get(name)
            if value:
                points.append((float(run["n"]), value, True))
            elif name in run.get("extrapolated", {}):
                points.append((float(run["n"]), run["extrapolated"][name], False))
        if not points:
            return None
        model = fitted[name]["large_n"] or fitted[name]["all"]
        exponent = f"N^{model['exponent']:.2f}" if model else "n/a"
        return Series(label=f"{label}  ({exponent})", points=points)

    time_series = [
        ("clean_s", "clean"), ("extract_s", "extract"), ("explainer_s", "explainer"), ("pages_s", "pages"),
        ("export_s", "export"), ("builder_s", "builder (sum)"), ("render_s", "MkDocs render"),
        ("build_total_s", "explainer build (CLI)"), ("checks_s", "explainer check"), ("link_scan_s", "link scan"),
        ("linkchecker_s", "linkchecker"), ("explainer_curated_s", "explainer stage, curated"),
        ("rebuild_after_explainer_edit_s", "pipeline.run after explainer.md edit"),
    ]  # fmt: skip
    bytes_series = [("site_bytes", "site/"), ("search_index_bytes", "search_index.json"),
                    ("markdown_bytes", "generated Markdown")]  # fmt: skip
    panels = [
        Panel(
            "Time per stage against N (exponent = large-N fit)",
            "seconds (log)",
            [s for name, label in time_series if (s := series(name, label))],
        ),
        Panel(
            "Output size against N",
            "bytes (log)",
            [s for name, label in bytes_series if (s := series(name, label))],
            y_format="bytes",
        ),
    ]
    m = results["machine"]
    caption = (
        f"annotated-explainer benchmarks, {results['date'][:10]}, {m['cpu']}, {m['cores']} cores, Python "
        f"{m['python']}; hollow points and dashed lines = extrapolated"
    )
    return chart(panels, caption)


def _run_at(commit: str, argv: list[str], args: argparse.Namespace) -> int:
    """Re-run this command inside a snapshot of `commit` (imports resolve there: cwd comes first on sys.path)."""
    import tarfile
    import tempfile

    with tempfile.TemporaryDirectory(prefix="bench-snapshot-") as folder:
        snapshot = Path(folder)
        archive = subprocess.run(["git", "archive", commit], cwd=REPO, capture_output=True, check=True).stdout
        with tarfile.open(fileobj=__import__("io").BytesIO(archive)) as tar:
            tar.extractall(snapshot, filter="data")
        shutil.rmtree(snapshot / "benchmarks", ignore_errors=True)
        shutil.copytree(HERE, snapshot / "benchmarks", ignore=shutil.ignore_patterns(".work", "__pycache__"))
        rest, skip = [], False
        for item in argv:
            if skip:
                skip = False
            elif item == "--at":
                skip = True
            elif not item.startswith("--at="):
                rest.append(item)
        rest += ["--work-dir", str(args.work_dir.resolve()), "--out", str(args.out.resolve()),
                 "--svg", str(args.svg.resolve())]  # fmt: skip
        sha = _git("rev-parse", commit)
        _log(f"measuring {sha} in {snapshot}")
        env = {**os.environ, "BENCH_SNAPSHOT_OF": sha or commit}
        return subprocess.run([_python(), "-m", "benchmarks.run", *rest], cwd=snapshot, env=env, check=False).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, nargs="+", help=f"bundle sizes (default: {' '.join(map(str, DEFAULT_NS))})")
    parser.add_argument("--with-10k", action="store_true", help="add N=10000 (builder stages; render extrapolated)")
    parser.add_argument("--render-max", type=int, default=1000, help="largest N rendered by MkDocs (default 1000)")
    parser.add_argument("--linkcheck-max", type=int, default=30, help="largest N given to linkchecker (default 30)")
    parser.add_argument("--repeat", type=int, help="repeats of the builder stages (default: 3 up to N=100, else 1)")
    parser.add_argument("--timeout", type=float, default=3600, help="per child process, seconds (default 3600)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--work-dir", type=Path, default=HERE / ".work", help="bundles and sites (default: benchmarks/.work)"
    )
    parser.add_argument("--keep-sites", action="store_true", help="keep the built sites in the work dir")
    parser.add_argument("--merge", action="store_true", help="keep earlier results for N not measured now")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    parser.add_argument("--svg", type=Path, default=HERE / "results.svg")
    parser.add_argument(
        "--at",
        metavar="COMMIT",
        help="measure this commit's code (git archive into a temporary folder; these benchmarks are copied "
        "in), so that edits made while the run goes on do not change its figures",
    )
    args = parser.parse_args(argv)
    if args.at:
        return _run_at(args.at, list(argv if argv is not None else sys.argv[1:]), args)
    ns = sorted(set(args.n or DEFAULT_NS) | ({10000} if args.with_10k else set()))
    args.work_dir.mkdir(parents=True, exist_ok=True)

    started = dt.datetime.now(dt.UTC)
    earlier = []
    if args.merge and args.out.is_file():
        earlier = [r for r in json.loads(args.out.read_text(encoding="utf-8")).get("runs", []) if r["n"] not in ns]
    runs: list[dict[str, Any]] = []
    results: dict[str, Any] = {}
    for n in ns:
        entry = measure(n, args)
        entry["measured_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        runs.append(entry)
        results = _results([*runs, *earlier], ns, started, args)  # written after every N: a long run
        _write(results, args)  # that is stopped keeps what it measured
    print(table(results))
    print(f"\n{args.out} and {args.svg} written in {results['duration_s']:.0f} s", file=sys.stderr)
    return 0


def _results(
    runs: list[dict[str, Any]], ns: list[int], started: dt.datetime, args: argparse.Namespace
) -> dict[str, Any]:
    runs = sorted(runs, key=lambda r: r["n"])
    for run in runs:
        run["metrics"] = metrics(run)
        run.pop("extrapolated", None)
    fitted = fits(runs)
    extrapolate(runs, fitted)
    for run in runs:
        run["ratios"] = ratios(run)
    return {
        "results_version": RESULTS_VERSION,
        "date": started.isoformat(timespec="seconds"),
        "duration_s": (dt.datetime.now(dt.UTC) - started).total_seconds(),
        "machine": machine(),
        "settings": {
            "ns": ns,
            "seed": args.seed,
            "generator_version": generate.GENERATOR_VERSION,
            "render_max": args.render_max,
            "linkcheck_max": args.linkcheck_max,
            "merged": args.merge,
        },
        "runs": runs,
        "fits": fitted,
    }


def _write(results: dict[str, Any], args: argparse.Namespace) -> None:
    args.out.write_text(json.dumps(results, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    args.svg.write_text(svg(results), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
