"""Small measuring tools shared by the benchmark processes: peak memory, child processes, sizes."""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESULT_MARK = "BENCH-RESULT "


def _status(field: str) -> int | None:
    """A kB figure from /proc/self/status (Linux), or None elsewhere."""
    try:
        text = Path("/proc/self/status").read_text()
    except OSError:
        return None
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.M)
    return int(match.group(1)) if match else None


class PeakRss:
    """Peak resident memory of this process during a block, in MB.

    Linux keeps the peak in VmHWM; writing 5 to /proc/self/clear_refs resets it to the current
    RSS, so each stage gets its own peak without tracemalloc's 2-4x slowdown. Elsewhere the
    figure is the process-wide peak so far (ru_maxrss).
    """

    def __init__(self) -> None:
        self.resettable = False
        try:
            Path("/proc/self/clear_refs").write_text("5")
            self.resettable = _status("VmHWM") is not None
        except OSError:
            pass

    def reset(self) -> None:
        if self.resettable:
            Path("/proc/self/clear_refs").write_text("5")

    def peak_mb(self) -> float:
        if self.resettable:
            return (_status("VmHWM") or 0) / 1024
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    @staticmethod
    def current_mb() -> float:
        return (_status("VmRSS") or 0) / 1024


@dataclass(frozen=True)
class ChildRun:
    seconds: float
    max_rss_mb: float
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool = False

    def result(self) -> dict[str, Any] | None:
        """The JSON a benchmark child printed on its `BENCH-RESULT` line."""
        for line in reversed(self.stdout.splitlines()):
            if line.startswith(RESULT_MARK):
                value: dict[str, Any] = json.loads(line[len(RESULT_MARK) :])
                return value
        return None


def run_child(cmd: Sequence[str], *, timeout: float | None = None, env: dict[str, str] | None = None) -> ChildRun:
    """Run a command: its wall time and its own peak RSS (from os.wait4, so per child, not the
    peak over every child this process ever had, which RUSAGE_CHILDREN would give)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd), cwd=REPO, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env={**os.environ, **(env or {})}
        )
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if timeout is not None and time.perf_counter() - started > timeout:
                proc.kill()
                timed_out = True
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
        out.seek(0)
        err.seek(0)
        return ChildRun(
            seconds=seconds,
            max_rss_mb=usage.ru_maxrss / 1024,
            returncode=proc.returncode,
            stdout=out.read(),
            stderr=err.read(),
            timed_out=timed_out,
        )


def emit(result: dict[str, Any]) -> None:
    """How a benchmark child hands its figures to the parent: one marked JSON line."""
    sys.stdout.write(RESULT_MARK + json.dumps(result) + "\n")
    sys.stdout.flush()


def tree_bytes(root: Path) -> tuple[int, int]:
    """(bytes, files) of every file under `root`."""
    total = files = 0
    for dirpath, _, names in os.walk(root):
        for name in names:
            total += (Path(dirpath) / name).stat().st_size
            files += 1
    return total, files
