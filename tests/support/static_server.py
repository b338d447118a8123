"""Serve a built site over loopback HTTP for browser tests and link checking.

Why HTTP rather than ``file://``: browsers restrict ``file://`` pages (fetch/XHR, module
scripts, service workers, search index loading), so a page that works on a real host can fail
from disk. And linkchecker, run as root, drops its effective uid to ``nobody`` before it reads
anything, so it cannot read ``file://`` sites under pytest's private (0700) ``tmp_path``; over
HTTP the files are read by this process instead.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from os import PathLike
from pathlib import Path
from typing import Any

__all__ = ["serve_directory"]


class _QuietHandler(SimpleHTTPRequestHandler):
    """A static-host-like handler: no access log, no directory listings, no caching.

    - Logging is silenced so test output stays readable.
    - A directory without ``index.html`` answers 404 instead of an auto-generated listing, as
      a real static host would; otherwise a link to a folder would look valid.
    - ``Cache-Control: no-store`` keeps a long-lived browser from serving stale files when a
      test rebuilds the site between page loads.
    - ``LinkChecker: unthrottled`` is linkchecker's documented opt-in that lets it exceed its
      default per-host rate limit (a random 0.1-0.6 s pause between requests), which would
      make checking a few hundred local URLs take minutes. Browsers ignore the header.
    """

    # HTTP/1.1 keeps connections alive, which both Chromium and linkchecker (requests) use.
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Drop the per-request access log that the base class writes to stderr."""

    def list_directory(self, path: str | PathLike[str]) -> None:
        """Refuse to list directories (a static host would answer 404)."""
        self.send_error(HTTPStatus.NOT_FOUND, "Directory listing disabled")

    def end_headers(self) -> None:
        """Add the test-friendly headers described in the class docstring."""
        self.send_header("Cache-Control", "no-store")
        self.send_header("LinkChecker", "unthrottled")
        super().end_headers()


@contextmanager
def serve_directory(path: str | PathLike[str]) -> Iterator[str]:
    """Serve ``path`` on 127.0.0.1 at an ephemeral port; yield the base URL.

    The base URL ends with a slash (``"http://127.0.0.1:PORT/"``), so relative paths can be
    appended directly. The server runs in a daemon thread and is shut down and its socket
    closed when the ``with`` block exits, even on error.
    """
    root = Path(path).resolve()
    if not root.is_dir():
        raise NotADirectoryError(f"cannot serve {root}: not a directory")
    handler = partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    # Don't let a stuck keep-alive connection block interpreter exit.
    server.daemon_threads = True
    # A short poll interval makes shutdown() return in ~50 ms instead of up to 0.5 s.
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},
        name=f"serve_directory:{root.name}",
        daemon=True,
    )
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
