"""Run the real linkchecker over a built site and list broken links and bad anchors.

Why this shape:

- The site is served over loopback HTTP (``serve_directory``), not checked as ``file://``:
  linkchecker, run as root (as here and in CI), switches its effective uid to ``nobody``
  before reading anything, so it cannot read a site under pytest's 0700 ``tmp_path``.
  Anchors are checked over HTTP just as over ``file://`` (test_harness_selfcheck.py proves
  it over HTTP).
- Anchor checking needs the ``[AnchorCheck]`` section of ``linkcheckerrc`` (next to this
  file). linkchecker only *warns* about a missing anchor, so every warning it prints is
  reported as a problem; the few warnings that mean nothing for a static site are dropped by
  ``ignorewarnings`` in that file, which says which and why.
- External URLs are never fetched (``checkextern=0``): only URLs under the start URL are.
- Output is linkchecker's XML logger (one ``<urldata>`` per failing link, with the parent
  page, line, column, and each warning), parsed rather than scraping its prose.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.support.static_server import serve_directory

__all__ = ["LINKCHECKERRC", "check_links", "linkchecker_executable"]

LINKCHECKERRC = Path(__file__).with_name("linkcheckerrc")

# Exit statuses of linkchecker: 0 = clean, 1 = invalid links or warnings printed; anything
# else (2 = internal error or bad usage) means the check itself did not run properly.
_CLEAN, _PROBLEMS_FOUND = 0, 1
_MAX_MESSAGE = 300


def linkchecker_executable() -> Path:
    """The ``linkchecker`` console script of the venv running these tests."""
    exe = Path(sys.executable).parent / "linkchecker"
    if not exe.is_file():
        raise FileNotFoundError(f"{exe} not found: install the test dependencies (make .venv/.installed)")
    return exe


def check_links(site_dir: Path, *, timeout: float = 600) -> list[str]:
    """Check every internal link, asset reference and ``#anchor`` of the site in ``site_dir``.

    Crawls from ``site_dir/index.html`` and returns one human-readable line per problem,
    ``"<page>:<line>:<col>: <link as written> -> <what is wrong>"``, sorted;
    an empty list means the site is clean. Raises ``RuntimeError`` if linkchecker itself
    fails, so a crashed check can never pass as "no problems".
    """
    site_dir = Path(site_dir)
    if not (site_dir / "index.html").is_file():
        raise FileNotFoundError(f"{site_dir / 'index.html'} not found: is the site built?")
    cmd = [
        str(linkchecker_executable()),
        "--config", str(LINKCHECKERRC),
        "--no-status",
        "--output", "xml/utf-8",
    ]  # fmt: skip
    with serve_directory(site_dir) as base_url:
        proc = subprocess.run(
            [*cmd, f"{base_url}index.html"],
            capture_output=True,
            stdin=subprocess.DEVNULL,
            timeout=timeout,
            check=False,
        )
    stderr = proc.stderr.decode("utf-8", "replace")
    if proc.returncode not in (_CLEAN, _PROBLEMS_FOUND):
        raise RuntimeError(f"linkchecker exited {proc.returncode}:\n{stderr}")
    try:
        root = ET.fromstring(proc.stdout)
    except ET.ParseError as exc:
        raise RuntimeError(f"unreadable linkchecker output ({exc}):\n{stderr}") from exc
    problems = sorted(p for urldata in root.iter("urldata") for p in _problems(urldata, base_url))
    if proc.returncode == _PROBLEMS_FOUND and not problems:
        raise RuntimeError(f"linkchecker reported problems that were not parsed:\n{stderr}")
    return problems


def _problems(urldata: ET.Element, base_url: str) -> list[str]:
    """Turn one ``<urldata>`` element into problem lines (one per error or warning)."""
    link = urldata.findtext("url", default="?")
    parent = urldata.find("parent")
    if parent is None:  # the start URL itself
        where = "(start page)"
    else:
        page = (parent.text or "").removeprefix(base_url) or "index.html"
        where = f"{page}:{parent.get('line', '?')}:{parent.get('column', '?')}"
    found: list[str] = []
    valid = urldata.find("valid")
    if valid is not None and valid.text != "1":
        found.append(f"{where}: {link} -> broken: {valid.get('result', 'invalid')}")
    for warning in urldata.iterfind("warnings/warning"):
        # Anchor warnings carry no tag; their text lists every id on the target page, which
        # can run to hundreds, so long messages are shortened.
        text = warning.text or ""
        if len(text) > _MAX_MESSAGE:
            text = text[:_MAX_MESSAGE] + "..."
        tag = warning.get("tag")
        found.append(f"{where}: {link} -> {f'[{tag}] ' if tag else ''}{text}")
    return found
