"""`cpts serve`: the site on http://127.0.0.1:8000/, rebuilt as a member edits, reloaded in the
browser by itself.

The server is MkDocs' live-reload server (the one `mkdocs serve` uses): it watches the project's
folders, serves the built site, adds its reload script to every page and holds requests while a
rebuild runs, so a half-built page is never served. A rebuild does only what the change touches:

- the generation stage keeps the entry pages whose data did not change (`PageMemo`) and writes
  only the files whose content changed;
- MkDocs renders only the pages whose docs file changed (`dirty`), unless the navigation, the
  theme or the settings may have changed, or a page was removed: then it renders every page. A
  page of the nav given its title in `mkdocs.yml` is rendered alone too: the other pages show
  only that title;
- the search index (Pagefind) is rebuilt in the background, after the browser has reloaded.

A failed rebuild (an error in a YAML file) shows its French message in the browser, in place of
every page, until the file is fixed; the terminal shows it too.
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import html
import logging
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import watchdog.events
import watchdog.observers
import watchdog.observers.polling
from mkdocs.livereload import LiveReloadServer

from ..directory.problems import errors, render_report, warnings
from ..pages.output import PageMemo, foreign_folder, mark_folder
from ..pages.stage import GenerationFailed, GenerationResult, generate
from .layout import DOCS_DIR, SITE_MARKER, WATCHED_FOLDERS
from .search_index import IndexingFailed, build_search_index

DEFAULT_PORT = 8000
PORTS_TRIED = 100  # without --port: 8000, or the next free one up to 8099
SETTINGS = "mkdocs.yml"


class PreviewFailed(Exception):
    """A problem that stops the preview before it serves anything (the port is taken…)."""

    def __init__(self, report: str):
        self.report = report
        super().__init__(report)


def serve_site(project: Path, host: str = "127.0.0.1", port: int | None = None,
               today: dt.date | None = None, say: Callable[[str], None] | None = None) -> None:
    """Build, serve on http://host:port/ (port None: 8000 or the next free one), rebuild on
    every change of directory/, content/, theme/ or mkdocs.yml, until Ctrl+C."""
    say = say or _say
    project = project.resolve()
    chosen = free_port(host, port)
    preview = Preview(project, today, say)
    preview.build_first()
    try:
        server = PreviewServer(preview, host, chosen)
    except OSError as exc:  # taken since free_port looked
        raise PreviewFailed(f"Impossible d'écouter sur {host}:{chosen} ({exc.strerror}) : "
                            "relancez, ou choisissez un port avec --port.") from exc
    for name in WATCHED_FOLDERS:
        if (project / name).is_dir():
            server.watch_folder(project / name)
    server.watch_folder(project, names={SETTINGS}, recursive=False)
    say(f"Site servi sur http://{host}:{chosen}/ — il se met à jour à chaque modification "
        "(Ctrl+C pour arrêter).")
    try:
        server.serve()
    except KeyboardInterrupt:
        say("Arrêt du serveur.")
    finally:
        server.shutdown()


def _say(message: str) -> None:
    print(message, flush=True)


def free_port(host: str, port: int | None) -> int:
    """`port` if given and free; None: 8000 or the next free port. A port that is taken gets a
    French message saying which one to choose instead."""
    if port is not None:
        if _is_free(host, port):
            return port
        other = next((p for p in range(port + 1, port + PORTS_TRIED) if _is_free(host, p)), None)
        hint = f"choisissez-en un autre, par exemple : cpts serve --port {other}" if other else \
            "choisissez-en un autre avec --port"
        raise PreviewFailed(f"Le port {port} est déjà utilisé (un autre « cpts serve » ou un "
                            f"autre serveur tourne déjà) : {hint}.")
    for candidate in range(DEFAULT_PORT, DEFAULT_PORT + PORTS_TRIED):
        if _is_free(host, candidate):
            return candidate
    raise PreviewFailed(f"Les ports {DEFAULT_PORT} à {DEFAULT_PORT + PORTS_TRIED - 1} sont tous "
                        "utilisés : choisissez-en un avec --port, par exemple --port 9000.")


def _is_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise PreviewFailed(f"Impossible d'écouter sur {host}:{port} : {exc.strerror} — "
                                "vérifiez l'adresse donnée à --host.") from exc
    return True


class Preview:
    """The preview's site folder and what it takes to bring it up to date."""

    def __init__(self, project: Path, today: dt.date | None, say: Callable[[str], None]):
        self.project = project
        self.today = today
        self.say = say
        self.docs = project / DOCS_DIR
        self.site = project / "build" / "serve-site"
        self.memo = PageMemo()
        self.failure: str | None = None  # the French report of the last rebuild, if it failed
        self._stamps = self._settings_stamps()
        self._nav_pages: set[str] = set()
        self._warned: set[Any] = set()
        self._indexer = _BackgroundIndexer(self.site, say)

    def build_first(self) -> None:
        """The first build, with progress in the terminal; bad data stops `cpts serve`."""
        if (foreign := foreign_folder(self.site, SITE_MARKER)) is not None:
            raise GenerationFailed([foreign])
        self.say("Vérification de l'annuaire et génération des pages…")
        result = self._generate()
        self.say(f"Mise en page de {result.pages} pages…")
        self._render(dirty=False)
        self.say("Index de recherche…")
        try:
            build_search_index(self.site)
        except IndexingFailed as exc:
            self.say(str(exc))

    def rebuild(self) -> None:
        """After a change: the failure, if any, is kept for the browser (and printed)."""
        start = time.perf_counter()
        try:
            result = self._generate()
            stamps = self._settings_stamps()
            full = stamps != self._stamps or result.removed > 0 or self._touches_nav(result)
            self._stamps = stamps
            self._render(dirty=not full)
        except GenerationFailed as failure:
            print(failure.report, file=sys.stderr, flush=True)
            # The browser shows the errors only (the warnings do not stop the build).
            self.failure = render_report(errors(failure.problems) or failure.problems)
            return
        except Exception as exc:  # an engine error: shown the same way, the server keeps going
            self.failure = f"La construction du site a échoué : {exc}"
            print(self.failure, file=sys.stderr, flush=True)
            return
        self.failure = None
        seconds = time.perf_counter() - start
        self.say(f"Site à jour ({result.written} fichier(s) modifié(s), {seconds:.1f} s).")
        self._indexer.request()

    def _generate(self) -> GenerationResult:
        result = generate(self.project, self.docs, today=self.today, memo=self.memo)
        found = warnings(result.problems)
        for problem in found:  # each warning once, not again at every rebuild
            if problem not in self._warned:
                print(problem.format_text(), file=sys.stderr)
        self._warned = set(found)
        return result

    def _render(self, dirty: bool) -> None:
        from .engine import load_mkdocs_config, render_with_mkdocs

        config = load_mkdocs_config(self.project, self.docs, self.site, strict=False)
        _quiet_dirty_warning()
        self._nav_pages = set(_untitled_nav_pages(config.nav))
        render_with_mkdocs(config, dirty=dirty)
        mark_folder(self.site, SITE_MARKER)

    def _touches_nav(self, result: GenerationResult) -> bool:
        """A page of the nav without a title in mkdocs.yml changed: its own title, which may have
        changed, shows in every page's nav, so render them all."""
        return any(path in self._nav_pages for path in result.changed)

    def _settings_stamps(self) -> dict[str, float]:
        """What every page is rendered with: the settings and the theme's templates."""
        paths = [self.project / SETTINGS]
        theme = self.project / "theme"
        if theme.is_dir():
            paths += sorted(p for p in theme.rglob("*") if p.is_file())
        return {str(p): p.stat().st_mtime for p in paths if p.is_file()}


class _NoDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


@functools.cache
def _quiet_dirty_warning() -> None:
    """MkDocs warns at every dirty build that the nav may be stale: the preview renders every
    page when the nav may have changed (see Preview.rebuild)."""
    logging.getLogger("mkdocs.commands.build").addFilter(_NoDirtyWarning())


def _untitled_nav_pages(nav: Any) -> Iterator[str]:
    """The Markdown files of mkdocs.yml's nav listed without a title (`- page.md`): the nav shows
    their own title. `- Title: page.md` needs nothing of the page."""
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, dict):
        for value in nav.values():
            if not isinstance(value, str):
                yield from _untitled_nav_pages(value)
    elif isinstance(nav, list):
        for item in nav:
            yield from _untitled_nav_pages(item)


class _BackgroundIndexer:
    """Pagefind after a rebuild, in a thread: the browser reloads without waiting for it."""

    def __init__(self, site: Path, say: Callable[[str], None]):
        self.site = site
        self.say = say
        self._lock = threading.Lock()
        self._running = False
        self._again = False

    def request(self) -> None:
        with self._lock:
            if self._running:
                self._again = True
                return
            self._running = True
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while True:
            try:
                build_search_index(self.site, background=True)
            except IndexingFailed as exc:
                self.say(str(exc))
            with self._lock:
                if not self._again:
                    self._running = False
                    return
                self._again = False


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, with the preview's rebuild and its failure page."""

    def __init__(self, preview: Preview, host: str, port: int):
        super().__init__(builder=preview.rebuild, host=host, port=port, root=str(preview.site),
                         polling_interval=0.25)
        self.preview = preview
        self.build_delay = 0.05  # wait for an editor's burst of writes, not longer
        # The kernel's notifications (inotify): no polling delay. Where they are not available,
        # MkDocs' polling observer (every 0.25 s).
        self.observer = watchdog.observers.Observer()
        self._schedules: list[tuple[Any, str, bool]] = []
        # Listening before « Site servi sur … » is printed (MkDocs binds in serve()).
        super().server_bind()
        super().server_activate()

    def server_bind(self) -> None:  # done in __init__
        pass

    def server_activate(self) -> None:  # done in __init__
        pass

    def watch_folder(self, path: Path, names: Iterable[str] | None = None,
                     recursive: bool = True) -> None:
        """Rebuild when a file under `path` changes (only the files called `names`, if given;
        never hidden files, such as an editor's swap files)."""
        wanted = set(names) if names is not None else None

        def changed(event: watchdog.events.FileSystemEvent) -> None:
            if event.is_directory or event.event_type in ("opened", "closed_no_write"):
                return
            paths = [event.src_path, getattr(event, "dest_path", "") or ""]
            names_seen = {os.path.basename(os.fsdecode(p)) for p in paths if p}
            if wanted is not None and not names_seen & wanted:
                return
            if all(name.startswith(".") or name.endswith("~") for name in names_seen):
                return
            with self._rebuild_cond:
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = changed  # type: ignore[method-assign]
        self._watched_paths[str(path)] = 1
        self._schedules.append((handler, str(path), recursive))
        try:
            self._watch_refs[str(path)] = self.observer.schedule(handler, str(path),
                                                                 recursive=recursive)
        except OSError:  # no inotify (limit reached, file system without it): poll
            self.observer = watchdog.observers.polling.PollingObserver(timeout=0.25)
            for args in self._schedules:
                self._watch_refs[args[1]] = self.observer.schedule(args[0], args[1],
                                                                   recursive=args[2])

    def _serve_request(self, environ: dict[str, Any],
                       start_response: Callable[..., Any]) -> Iterable[bytes] | None:
        path = environ.get("PATH_INFO", "")
        failure = self.preview.failure
        if failure is not None and (path.endswith("/") or path.endswith(".html")):
            with self._epoch_cond:
                epoch = self._visible_epoch
            body = self._inject_js_into_html(failure_page(failure).encode("utf-8"), epoch)
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                      ("Content-Length", str(len(body))),
                                      ("Cache-Control", "no-store")])
            return [body]
        return super()._serve_request(environ, start_response)


def failure_page(report: str) -> str:
    """The page every address shows while the last rebuild has failed (escaped report)."""
    return f"""<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>La mise à jour du site a échoué</title>
<style>
body {{ font: 1.1rem/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; color: #1a1a1a; }}
h1 {{ color: #a4000f; font-size: 1.6rem; }}
pre {{ white-space: pre-wrap; background: #fff4f4; border-left: 4px solid #a4000f;
      padding: 1rem; font-size: 1rem; }}
</style>
</head>
<body>
<main>
<h1>La mise à jour du site a échoué</h1>
<p>Le site n'a pas été reconstruit : corrigez le fichier indiqué ci-dessous et enregistrez-le.
Cette page se mettra à jour toute seule.</p>
<pre id="cpts-erreur">{html.escape(report)}</pre>
</main>
</body>
</html>
"""
