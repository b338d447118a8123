"""Link checking of a built site, two ways, for the benchmark.

- `linkchecker`: the real tool exactly as the tests run it (tests/support/linkcheck.py: the
  site served on loopback HTTP, anchors checked via tests/support/linkcheckerrc). Thorough and
  slow: it fetches and parses every url#anchor separately.
- `scan`: a regular-expression pass over the built HTML: every relative href/src must name an
  existing file and every #fragment an id= in it. Not a replacement for linkchecker's HTML
  parsing, but the cost to compare with: what checking "everything at scale" could cost.

    python -m benchmarks.links SITE_DIR [--linkchecker]
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

_LINK = re.compile(rb"""\s(?:href|src)=(?:"([^"]*)"|'([^']*)')""")
_ID = re.compile(rb"""\s(?:id|name)=(?:"([^"]*)"|'([^']*)')""")


def scan(site: Path) -> dict[str, Any]:
    """Check relative links and anchors of every .html file under `site`."""
    begin = time.perf_counter()
    site = site.resolve()
    ids: dict[Path, set[str]] = {}

    def ids_of(page: Path) -> set[str]:
        if page not in ids:
            data = page.read_bytes()
            ids[page] = {html.unescape((m.group(1) or m.group(2) or b"").decode()) for m in _ID.finditer(data)}
        return ids[page]

    links = broken = 0
    examples: list[str] = []
    pages = 0
    for dirpath, _, names in os.walk(site):
        for name in names:
            if not name.endswith(".html"):
                continue
            pages += 1
            page = Path(dirpath) / name
            data = page.read_bytes()
            for match in _LINK.finditer(data):
                raw = html.unescape((match.group(1) or match.group(2) or b"").decode())
                parts = urlsplit(raw)
                if parts.scheme or parts.netloc or raw.startswith(("//", "data:", "javascript:")):
                    continue
                links += 1
                path = unquote(parts.path)
                if not path:
                    target = page
                elif path.startswith("/"):  # 404.html links from the site root
                    target = (site / path.lstrip("/")).resolve()
                else:
                    target = (page.parent / path).resolve()
                problem = None
                if target.is_dir():
                    target = target / "index.html"
                if not target.is_file():
                    problem = "missing file"
                elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids_of(target):
                    problem = "missing anchor"
                if problem:
                    broken += 1
                    if len(examples) < 10:
                        examples.append(f"{page.relative_to(site)}: {raw} -> {problem}")
    return {
        "seconds": time.perf_counter() - begin,
        "pages": pages,
        "links": links,
        "broken": broken,
        "examples": examples,
    }


def linkchecker(site: Path, timeout: float) -> dict[str, Any]:
    """The tests' linkchecker run; problems counted, time measured."""
    from tests.support.linkcheck import check_links

    begin = time.perf_counter()
    problems = check_links(site, timeout=timeout)
    return {"seconds": time.perf_counter() - begin, "problems": len(problems), "examples": problems[:10]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.links")
    parser.add_argument("site", type=Path)
    parser.add_argument("--linkchecker", action="store_true", help="run the real linkchecker instead of the scan")
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args(argv)
    from benchmarks.measure import emit

    emit(linkchecker(args.site, args.timeout) if args.linkchecker else scan(args.site))
    return 0


if __name__ == "__main__":
    sys.exit(main())
