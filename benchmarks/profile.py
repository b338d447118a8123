"""Profile the builder's stages on a synthetic bundle (default N=1000).

Each stage (clean, extract, explainer, pages, export) is profiled on its own, twice:

- cProfile (standard library): for every function, its own time ("self") and the time spent in
  it and its callees ("cumulative"), as a share of the stage. Deterministic, with call counts;
  it slows pure-Python code down ~2x, fairly evenly, so shares are reliable, seconds are not.
- pyinstrument (a sampling profiler, if installed: `pip install pyinstrument`): the call tree by
  wall time, with little overhead; its seconds are close to the unprofiled run.

    python -m benchmarks.profile [-n 1000] [--out benchmarks/profile-n1000.md]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import generate

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def _where(key: tuple[str, int, str]) -> str:
    filename, line, name = key
    path = Path(filename)
    try:
        shown = str(path.resolve().relative_to(REPO))
    except ValueError:
        parts = path.parts
        shown = "/".join(parts[parts.index("site-packages") + 1 :]) if "site-packages" in parts else path.name
    return f"{shown}:{line}({name})" if line else name


def _cprofile(work: Callable[[], Any], top: int) -> tuple[Any, str, float]:
    profiler = cProfile.Profile()
    begin = time.perf_counter()
    profiler.enable()
    value = work()
    profiler.disable()
    elapsed = time.perf_counter() - begin
    stats = pstats.Stats(profiler)
    total = sum(entry[2] for entry in stats.stats.values())  # type: ignore[attr-defined]
    rows = list(stats.stats.items())  # type: ignore[attr-defined]
    lines = [f"cProfile: {elapsed:.2f} s profiled", ""]
    for title, index in (("self time", 2), ("cumulative time", 3)):
        lines += [f"| {title}: function | calls | self s | cum s | share |", "|---|---:|---:|---:|---:|"]
        ranked = sorted(rows, key=lambda item: item[1][index], reverse=True)
        shown = 0
        for key, (_, calls, self_s, cum_s, _) in ranked:
            if key[0].endswith("benchmarks/profile.py"):
                continue  # the harness itself
            share = (self_s if index == 2 else cum_s) / total if total else 0
            lines.append(f"| `{_where(key)}` | {calls} | {self_s:.2f} | {cum_s:.2f} | {share:.0%} |")
            shown += 1
            if shown >= top:
                break
        lines.append("")
    return value, "\n".join(lines), elapsed


def _pyinstrument(work: Callable[[], Any]) -> tuple[Any, str | None]:
    try:
        from pyinstrument import Profiler
    except ImportError:
        return work(), None
    profiler = Profiler(interval=0.001)
    profiler.start()
    value = work()
    profiler.stop()
    text = profiler.output_text(unicode=False, color=False, show_all=False, time="seconds")
    # Keep the interesting part: drop frames under 1% of the stage.
    session = profiler.last_session
    duration = session.duration if session else 0
    kept: list[str] = []
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("Profile at")), -1)
    for line in lines[start + 1 :]:
        if "benchmarks/profile.py" in line:
            continue
        stripped = line.strip(" |`-")
        head = stripped.split(" ", 1)[0]
        try:
            if duration and float(head) < 0.01 * duration:
                continue
        except ValueError:
            pass
        kept.append(line)
    return value, "\n".join(kept)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile")
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--top", type=int, default=15, help="functions listed per stage and ranking")
    parser.add_argument("--work-dir", type=Path, default=HERE / ".work")
    parser.add_argument("--out", type=Path, help="default: benchmarks/profile-n<N>.md")
    args = parser.parse_args(argv)
    out = args.out or HERE / f"profile-n{args.n}.md"
    content = generate.ensure(args.n, args.work_dir / f"n{args.n}" / "content", args.seed)

    from builder.corpus import load_content
    from builder.explainer import prepare_explainer
    from builder.export import csl_json, model_json, schema_json
    from builder.extraction import extract
    from builder.pages.plan import plan_site

    state: dict[str, Any] = {}
    stages: list[tuple[str, Callable[[], Any]]] = [
        ("clean", lambda: load_content(content)),
        ("extract", lambda: extract(state["clean"].value.corpus, state["clean"].value.curated_actors)),
        ("explainer", lambda: prepare_explainer(state["extract"].value)),
        (
            "pages",
            lambda: plan_site(
                state["extract"].value, state["clean"].value.rules, state["explainer"].value, content / "templates"
            ),
        ),
        ("export", lambda: (model_json(state["extract"].value), schema_json(), csl_json(state["extract"].value))),
    ]
    report = [
        f"# Profile of the builder stages, N={args.n}",
        "",
        f"Bundle: `python -m benchmarks.generate -n {args.n} --seed {args.seed}`. Made by "
        "`python -m benchmarks.profile`; see README.md for how to read it.",
        "",
    ]
    for name, work in stages:
        print(f"profiling {name} ...", file=sys.stderr, flush=True)
        begin = time.perf_counter()
        state[name] = work()  # unprofiled, warm-up and reference time
        plain = time.perf_counter() - begin
        _, tree = _pyinstrument(work)
        _, table, _profiled = _cprofile(work, args.top)
        report += [f"## {name}", "", f"Unprofiled: {plain:.2f} s.", "", table]
        if tree:
            report += ["pyinstrument (wall time, frames >= 1% of the stage):", "", "```", tree.strip(), "```", ""]
    buffer = io.StringIO()
    buffer.write("\n".join(report) + "\n")
    out.write_text(buffer.getvalue(), encoding="utf-8")
    print(f"{out} written", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
