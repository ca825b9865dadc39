"""A real browser for what a person sees: Debian's chromium driven by Playwright.

Playwright never downloads a browser here: it launches /usr/bin/chromium (installed by
scripts/bootstrap.sh --browser). Every request to a host other than 127.0.0.1 is blocked
and recorded, so a test can assert that a page asks nothing of a third party.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def require_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    message = "Debian's chromium is missing: run ./scripts/bootstrap.sh --browser"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve_directory(root: Path, handler_class: type[http.server.SimpleHTTPRequestHandler]
                    = _QuietHandler) -> Iterator[str]:
    """Serve a built site on http://127.0.0.1:<free port>/ for the duration of the block."""
    handler = functools.partial(handler_class, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class PageWatch:
    """What a page did: console errors, uncaught exceptions, its requests, blocked outside
    requests."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@contextmanager
def browser_page(width: int = 1280, height: int = 900,
                 javascript: bool = True) -> Iterator[tuple[object, PageWatch]]:
    from playwright.sync_api import sync_playwright

    require_chromium()
    watch = PageWatch()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": width, "height": height},
                                      locale="fr-FR", java_script_enabled=javascript)

        def route(route: object) -> None:
            url = route.request.url  # type: ignore[attr-defined]
            watch.requests.append(url)
            if urlsplit(url).hostname == "127.0.0.1" or url.startswith("data:"):
                route.continue_()  # type: ignore[attr-defined]
            else:
                watch.blocked.append(url)
                route.abort()  # type: ignore[attr-defined]

        context.route("**/*", route)
        page = context.new_page()
        page.on("console", lambda m: watch.console_errors.append(m.text) if m.type == "error"
                else None)
        page.on("pageerror", lambda e: watch.page_errors.append(str(e)))
        try:
            yield page, watch
        finally:
            context.close()
            browser.close()
