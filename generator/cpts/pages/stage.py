"""Run the generation stage: validate, model, produce every file, write the docs tree.

The tree is written in place, file by file, only where content changed (so that a
watching server is not woken for nothing), and files that are no longer produced are
removed. It refuses to write into a folder it did not create, so no data is ever lost.
"""

from __future__ import annotations

import datetime as dt
import shutil
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..directory.problems import Problem, errors
from ..directory.validate import validate_directory
from ..model import build_model
from .alerts import alert_banners
from .assets import product_assets
from .blocks import fill_blocks
from .carte import map_page
from .config import site_url
from .contact import contact_pages
from .diagnostic import diagnostic_page
from .entries import professional_pages, structure_pages
from .installation import aids_and_zoning_page
from .languages import language_links, translations
from .leaflet import map_assets
from .listings import listing_pages
from .opendata import open_data
from .opportunities import board_page
from .output import (
    GenerationFailed,
    PageMemo,
    Producer,
    SiteContext,
    foreign_folder,
    mark_folder,
)
from .placeholders import placeholders
from .prevention import prevention_pages
from .soins import same_day_care_page
from .trust import trust_pages

MARKER = ".cpts-generated"

# Each feature adds its producer here; they run in this order and must not write the same path.
PRODUCERS: tuple[Producer, ...] = (
    product_assets,
    professional_pages,
    structure_pages,
    listing_pages,
    contact_pages,
    map_assets,
    map_page,
    aids_and_zoning_page,
    diagnostic_page,
    board_page,
    same_day_care_page,
    prevention_pages,
    trust_pages,
    open_data,
)




@dataclass(frozen=True)
class GenerationResult:
    out: Path
    pages: int
    written: int
    removed: int
    problems: list[Problem]
    # The files of the tree (relative paths) written or removed by this generation.
    changed: tuple[str, ...] = ()


def generate(project: Path, out: Path, today: dt.date | None = None,
             memo: PageMemo | None = None) -> GenerationResult:
    """directory/ + content/ -> the docs tree in `out`. Raises GenerationFailed on bad data.

    `memo` (`cpts serve`) keeps the pages of the previous generation whose inputs did not change."""
    today = today or dt.date.today()
    raw, found = validate_directory(project / "directory", today,
                                    memo=memo.files if memo is not None else None)
    problems = list(found)
    if errors(problems):
        raise GenerationFailed(problems)
    directory = build_model(raw)
    context = SiteContext(project=project, today=today, site_url=site_url(project), memo=memo)

    tree = _FinishedFiles(alert_banners(directory, context), context)
    block_problems: list[Problem] = []
    for path, content in _content_files(project / "content"):
        if path.endswith(".md"):
            text, found = fill_blocks(content.decode("utf-8"), path, directory, context)
            block_problems.extend(found)
            problems.extend(placeholders(path, content.decode("utf-8")))
            tree.add(path, text)
        else:
            tree.add(path, content)
    if block_problems:
        raise GenerationFailed(block_problems)
    hand_written = set(tree.paths)
    for producer in PRODUCERS:
        for output in producer(directory, context):
            if output.path in hand_written:
                raise GenerationFailed([Problem(
                    f"content/{output.path}", 0, "",
                    "ce fichier porte le nom d'une page générée depuis l'annuaire — renommez-le")])
            tree.add(output.path, output.content)
    files = tree.finish()
    changed = _write_tree(out, files)
    if memo is not None:
        memo.sweep()
    pages = sum(1 for p in files if p.endswith(".md"))
    written = sum(1 for p in changed if p in files)
    return GenerationResult(out, pages, written, len(changed) - written, problems, tuple(changed))


class _FinishedFiles:
    """The files of the tree as they will be written, compressed until then (tens of thousands
    of pages weigh hundreds of MB; zlib at its fastest level divides that by 5).

    A Markdown page gets the active alerts and its language switch in its front matter as soon
    as its translations are known to exist (or at the end, when every page is known): the switch
    links to the translation if there is one. So no second copy of the tree is ever made.
    Producers yield a page and its translations together when they can (entry pages: the French
    page, then the English one): the last page to wait stays as text, and is compressed only when
    another one starts waiting.
    """

    def __init__(self, banners: Callable[[str, str], str], context: SiteContext):
        self.banners = banners
        self.context = context
        self.paths: set[str] = set()
        self._done: dict[str, bytes] = {}
        # Pages whose translations are not all known yet: the last one as text, others compressed.
        self._waiting: dict[str, str | bytes] = {}
        self._last_waiting: str | None = None

    def add(self, path: str, content: str | bytes) -> None:
        self.paths.add(path)
        if not path.endswith(".md"):
            data = content.encode("utf-8") if isinstance(content, str) else content
            self._done[path] = zlib.compress(data, 1)
            self._waiting.pop(path, None)
            return
        text = content.decode("utf-8") if isinstance(content, bytes) else content
        text = self.banners(path, text)  # every page, hand-written ones included
        self._done.pop(path, None)
        self._waiting.pop(path, None)
        if all(t in self.paths for t in translations(path)):
            text = language_links(path, text, self.paths.__contains__, self.context)
            self._done[path] = zlib.compress(text.encode("utf-8"), 1)
        else:
            self._wait(path, text)
        for other in translations(path):
            if other in self._waiting and all(t in self.paths for t in translations(other)):
                self._finish(other)

    def _wait(self, path: str, text: str) -> None:
        last = self._last_waiting
        if last is not None and isinstance(held := self._waiting.get(last), str):
            self._waiting[last] = zlib.compress(held.encode("utf-8"), 1)
        self._waiting[path] = text
        self._last_waiting = path

    def _finish(self, path: str) -> None:
        waiting = self._waiting.pop(path)
        text = waiting if isinstance(waiting, str) else zlib.decompress(waiting).decode("utf-8")
        text = language_links(path, text, self.paths.__contains__, self.context)
        self._done[path] = zlib.compress(text.encode("utf-8"), 1)

    def finish(self) -> dict[str, bytes]:
        """Every file: path -> compressed content (in the order they were produced)."""
        for path in list(self._waiting):
            self._finish(path)
        return self._done


def _content_files(content: Path) -> list[tuple[str, bytes]]:
    if not content.is_dir():
        return []
    return [
        (path.relative_to(content).as_posix(), path.read_bytes())
        for path in sorted(content.rglob("*"))
        if path.is_file() and not any(part.startswith(".") for part in path.parts)
    ]


def _write_tree(out: Path, files: dict[str, bytes]) -> list[str]:
    """Write what changed (`files`: path -> zlib-compressed content), remove what is no longer
    produced; return those paths."""
    if (foreign := foreign_folder(out, MARKER)) is not None:
        raise GenerationFailed([foreign])
    out.mkdir(parents=True, exist_ok=True)
    mark_folder(out, MARKER)
    changed: list[str] = []
    for path, compressed in files.items():
        target = out / path
        data = zlib.decompress(compressed)
        if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        changed.append(path)
    wanted = {out / p for p in files} | {out / MARKER}
    for path in sorted(out.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
            changed.append(path.relative_to(out).as_posix())
        elif path.is_dir() and not any(path.iterdir()):
            shutil.rmtree(path)
    return changed
