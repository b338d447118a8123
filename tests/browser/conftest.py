"""Playwright fixtures that drive Debian's headless Chromium (``/usr/bin/chromium``).

Fixtures:

- ``chromium_executable`` (session): path of the browser, ``$CHROMIUM_PATH`` or
  ``/usr/bin/chromium``. A missing browser *fails* the test (never skips), so CI cannot
  go green without running the browser tests; ``make browser-deps`` installs it.
- ``browser`` (session): one headless Chromium for the whole run.
- ``page`` (function): a fresh page in its own context (no shared cookies or storage).
- ``page_events`` (function): the :class:`PageEvents` recorded on that same ``page``.

Typical use::

    def test_home(page, page_events, site_url):
        page.goto(site_url + "index.html")
        assert page_events.problems() == []

``PageEvents`` lives here because conftest.py is the one shared module of this package;
annotate with it under ``if TYPE_CHECKING: from tests.browser.conftest import PageEvents``
(importing a conftest at run time would load it twice). To record on a page you create
yourself (another viewport, say), call ``record_page_events(page)`` via the fixture
``page_recorder``.

Playwright's own ``playwright install`` is not used: it downloads browsers from a CDN the
project's machines cannot reach. Only the Python package (with its bundled node driver) is
needed, plus Debian's chromium.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Dialog,
    Error,
    Page,
    Playwright,
    Request,
    sync_playwright,
)

DEFAULT_CHROMIUM = "/usr/bin/chromium"

CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root (and in containers), where the sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Chromium phones home (component updates, sync, safe browsing, variations) at start-up;
    # on the closed network those connections are refused and only add noise and delay.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # a small /dev/shm in containers crashes renderers
    # Resolve no host but loopback: a page that reaches for the internet (CDN fonts,
    # analytics) fails at once with ERR_NAME_NOT_RESOLVED, the same on a networked laptop as
    # on CI, instead of hanging or passing by luck. The request is still recorded. (The rule
    # applies to IP literals too, hence the explicit loopback exclusions.)
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE [::1]",
]

# Requests that never leave the machine.
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
LOCAL_SCHEMES = frozenset({"file", "data", "blob", "about"})

# Fail a stuck wait in 10 s rather than Playwright's default 30 s: everything is local.
DEFAULT_TIMEOUT_MS = 10_000


def is_external(url: str) -> bool:
    """True if loading ``url`` would leave this machine (non-loopback host, network scheme)."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return False
    return (parts.hostname or "") not in LOCAL_HOSTS


@dataclass(frozen=True)
class RecordedDialog:
    """A JavaScript dialog (alert, confirm, prompt, beforeunload) the page opened."""

    type: str
    message: str


@dataclass
class PageEvents:
    """What a page did that a test usually wants to be absent.

    Every list is appended to as events arrive, so read it after the action under test (and
    after whatever wait makes that action complete).
    """

    console_errors: list[str] = field(default_factory=list)
    """Console messages of type ``error``, including failed resource loads (but not the
    browser's own ``/favicon.ico`` probe)."""
    page_errors: list[str] = field(default_factory=list)
    """Uncaught exceptions thrown in the page (the ``pageerror`` event)."""
    dialogs: list[RecordedDialog] = field(default_factory=list)
    """Dialogs the page opened; each is dismissed at once so the page does not block."""
    external_requests: list[str] = field(default_factory=list)
    """URLs of requests to anything but loopback (see :func:`is_external`)."""

    def problems(self) -> list[str]:
        """All recorded events as readable lines; ``[]`` means a clean page."""
        return [
            *(f"console error: {text}" for text in self.console_errors),
            *(f"page error: {text}" for text in self.page_errors),
            *(f"dialog ({d.type}): {d.message}" for d in self.dialogs),
            *(f"external request: {url}" for url in self.external_requests),
        ]


def record_page_events(page: Page) -> PageEvents:
    """Attach listeners to ``page`` and return the :class:`PageEvents` they fill."""
    events = PageEvents()

    def on_console(message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        # Chromium asks for /favicon.ico on its own when a page declares no icon; that 404 is
        # the browser's guess, not the page's fault (a declared icon is checked by linkcheck).
        if urlsplit(url).path == "/favicon.ico":
            return
        where = f" ({url}:{message.location.get('lineNumber', 0)})" if url else ""
        events.console_errors.append(f"{message.text}{where}")

    def on_page_error(error: Error) -> None:
        events.page_errors.append(error.message)

    def on_dialog(dialog: Dialog) -> None:
        events.dialogs.append(RecordedDialog(dialog.type, dialog.message))
        dialog.dismiss()

    def on_request(request: Request) -> None:
        if is_external(request.url):
            events.external_requests.append(request.url)

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    page.on("dialog", on_dialog)
    page.on("request", on_request)
    return events


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """Path of the Chromium binary; fails (never skips) when it is missing."""
    path = os.environ.get("CHROMIUM_PATH", DEFAULT_CHROMIUM)
    if not (Path(path).is_file() and os.access(path, os.X_OK)):
        pytest.fail(
            f"Chromium not found at {path}: run `make browser-deps` (or set CHROMIUM_PATH to a Chromium binary)",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    """The Playwright driver (a node process bundled in the Python wheel)."""
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright, chromium_executable: str) -> Iterator[Browser]:
    """One headless Chromium shared by every browser test in the session."""
    browser = playwright_instance.chromium.launch(
        executable_path=chromium_executable, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def page_recorder() -> Callable[[Page], PageEvents]:
    """:func:`record_page_events`, for tests that open their own contexts or pages."""
    return record_page_events


@pytest.fixture
def _recorded_page(browser: Browser) -> Iterator[tuple[Page, PageEvents]]:
    """A fresh context and page with the event recorder attached before any navigation."""
    context = browser.new_context()
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    events = record_page_events(page)
    yield page, events
    context.close()


@pytest.fixture
def page(_recorded_page: tuple[Page, PageEvents]) -> Page:
    """A fresh page (own context, 10 s default timeout); see ``page_events``."""
    return _recorded_page[0]


@pytest.fixture
def page_events(_recorded_page: tuple[Page, PageEvents]) -> PageEvents:
    """Console errors, page errors, dialogs and external requests of ``page``."""
    return _recorded_page[1]
