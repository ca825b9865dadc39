"""`cpts serve` (issue #17): an edit reaches the open browser tab by itself, a failed rebuild
says why in the browser, only what an edit touches is rewritten, and a busy port is no dead end."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from cpts.pages.stage import generate
from cpts.rendering.preview import PreviewFailed, free_port

from .browser import browser_page
from .conftest import TODAY

BIN = Path(sys.executable).parent
SERVED = re.compile(r"Site servi sur (http://127\.0\.0\.1:\d+/)")
KINE = "directory/professionnels/durand-paul.yml"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(project: Path, *args: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`cpts serve` in `project`; yields its address once it serves, and the process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([BIN / "cpts", "serve", "--date", "2026-11-23", *args],
                              cwd=project, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        assert server.stdout is not None
        seen = []
        for line in server.stdout:
            seen.append(line)
            if found := SERVED.search(line):
                # Keep reading what it prints, so that it never waits on a full pipe.
                threading.Thread(target=server.stdout.read, daemon=True).start()
                yield found.group(1), server
                break
        else:
            pytest.fail("cpts serve stopped before serving:\n" + "".join(seen))
    finally:
        server.terminate()
        server.wait(timeout=10)


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode()
    except urllib.error.HTTPError as error:
        return error.read().decode()


def _wait_for(url: str, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = _get(url)
        if text in page:
            return page
        time.sleep(0.2)
    pytest.fail(f"« {text} » never appeared at {url}")


def test_a_failed_rebuild_shows_its_french_message_in_the_browser(project: Path) -> None:
    with serving(project, "--port", str(_port())) as (base, _):
        url = base + "professionnels/durand-paul/"
        _wait_for(url, "Cabinet de kinésithérapie de Chantemerle")
        path = project / KINE
        good = path.read_text()
        path.write_text(good.replace('"10100000024"', '"10100000025"'))
        page = _wait_for(url, "La mise à jour du site a échoué")
        assert "durand-paul.yml:5: rpps : le numéro RPPS « 10100000025 » est invalide" in page
        assert "Cabinet de kinésithérapie" not in page
        assert "livereload" in page  # the page comes back by itself once the file is fixed
        path.write_text(good.replace("de Chantemerle", "des Écrins"))
        page = _wait_for(url, "Cabinet de kinésithérapie des Écrins")
        assert "a échoué" not in page


def test_an_edit_rewrites_only_the_pages_it_touches(project: Path) -> None:
    with serving(project, "--port", str(_port())) as (base, _):
        _wait_for(base + "professionnels/durand-paul/", "Chantemerle")
        site = project / "build" / "serve-site"
        other = site / "professionnels" / "martin-claire" / "index.html"
        edited = site / "professionnels" / "durand-paul" / "index.html"
        other_before, edited_before = other.stat().st_mtime_ns, edited.stat().st_mtime_ns
        path = project / KINE
        path.write_text(path.read_text().replace("de Chantemerle", "des Écrins"))
        _wait_for(base + "professionnels/durand-paul/", "des Écrins")
        assert edited.stat().st_mtime_ns > edited_before
        assert other.stat().st_mtime_ns == other_before, "a page the edit does not touch"


def test_an_edit_of_a_titled_nav_page_rewrites_that_page_only(project: Path) -> None:
    # mkdocs.yml gives the nav page its title: the other pages need nothing of its content.
    with serving(project, "--port", str(_port())) as (base, _):
        url = base + "installation/demarches/"
        _wait_for(url, "Démarches")
        site = project / "build" / "serve-site"
        other = site / "installation" / "vivre" / "index.html"
        edited = site / "installation" / "demarches" / "index.html"
        other_before, edited_before = other.stat().st_mtime_ns, edited.stat().st_mtime_ns
        path = project / "content" / "installation" / "demarches.md"
        path.write_text(path.read_text() + "\nUne phrase ajoutée par un membre.\n")
        _wait_for(url, "Une phrase ajoutée par un membre.")
        assert edited.stat().st_mtime_ns > edited_before
        assert other.stat().st_mtime_ns == other_before, "a page the edit does not touch"


def test_the_generation_stage_leaves_an_unchanged_tree_untouched(project: Path) -> None:
    # `mkdocs serve` watches the generated tree: a file rewritten at every run (the folder's
    # mark was) made it rebuild again and again after one edit.
    out = project / "build" / "docs"
    generate(project, out, today=TODAY)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    time.sleep(0.05)
    generate(project, out, today=TODAY)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before


def test_without_port_serve_takes_the_next_free_one(project: Path) -> None:
    with socket.socket() as busy:
        busy.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            busy.bind(("127.0.0.1", 8000))
            busy.listen()
        except OSError:
            pass  # 8000 is already taken by someone else: the same situation
        with serving(project) as (base, _):
            assert base != "http://127.0.0.1:8000/"
            assert "Chantemerle" in _get(base + "professionnels/durand-paul/")


def test_a_busy_port_given_with_port_says_which_one_to_choose() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(PreviewFailed) as failure:
            free_port("127.0.0.1", port)
    message = failure.value.report
    assert f"Le port {port} est déjà utilisé" in message
    assert re.search(r"cpts serve --port \d+", message)


@pytest.mark.browser
def test_the_open_tab_reloads_by_itself_after_an_edit(project: Path) -> None:
    with serving(project, "--port", str(_port())) as (base, _), browser_page() as (page, _w):
        page.goto(base + "professionnels/durand-paul/")
        assert "Chantemerle" in page.inner_text("article")
        path = project / KINE
        path.write_text(path.read_text().replace("de Chantemerle", "des Écrins"))
        # No navigation by the test: the page reloads itself.
        page.wait_for_function(
            "() => document.querySelector('article').innerText.includes('des Écrins')",
            timeout=60_000)
