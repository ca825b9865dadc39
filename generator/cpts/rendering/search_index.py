"""Build the Pagefind search index over a rendered site (any engine): a post-build step.

Only entry pages (marked `data-pagefind-body`) are indexed, each language apart; the index is
written into `pagefind/` inside the site and loaded by the search page's script, chunk by chunk.

Pagefind holds everything it indexes in memory (about 50 KB a page at its peak): it runs once
per language, on that language's entry pages only, and the languages of the runs are listed
together in `pagefind-entry.json`, which is what one run over the whole site would have written.

Pagefind parses every byte of the pages it reads, and three quarters of an entry page are the
theme's head, header, navigation and footer, which it parses only to skip them. It is therefore
given a copy of each entry page reduced to what it reads of it (`indexed_part`): the `<html>`
tag (the language), the `<title>` and the `data-pagefind-body` element. The copies are written
in the order the site's folders list their files, in a folder of the same file system, so that
Pagefind walks them in the same order (it numbers the pages in that order): the index is the
one Pagefind writes from the site itself.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..i18n import LANGUAGES
from ..pages import urls

ENTRY = "pagefind-entry.json"
BODY = b"data-pagefind-body"
_HTML_TAG = re.compile(rb"<html\b[^>]*>", re.I)
_TITLE = re.compile(rb"<title\b.*?</title\s*>", re.I | re.S)
_TAG_NAME = re.compile(rb"<([a-zA-Z][\w-]*)")


class IndexingFailed(Exception):
    pass


def _pagefind(site: Path, glob: str, bundle: Path, background: bool) -> None:
    proc = subprocess.run(
        # One index per language, from each page's <html lang>; the search page loads the
        # index of its own language.
        [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(bundle),
         "--silent", "--glob", glob],
        capture_output=True, text=True, check=False,
        preexec_fn=(lambda: os.nice(19)) if background and hasattr(os, "nice") else None,
    )
    if proc.returncode != 0:
        raise IndexingFailed(f"l'index de recherche n'a pas pu être construit :\n{proc.stderr}")


def entry_folders() -> tuple[str, ...]:
    """The folders of the pages the search shows: professionals, structures, and the guidance
    pages that need words reach (same-day care, prevention campaigns). Within them, Pagefind
    keeps only the pages marked `data-pagefind-body`."""
    return tuple(path.split("/", 1)[0].removesuffix(".md") for path in (
        urls.professional_page("x"), urls.structure_page("x"), urls.SAME_DAY_CARE,
        urls.campaign_page("x")))


# Pagefind 1.5.2 fetches its whole word index for a search without words (a filter-only search,
# « kiné »: 55 chunks, 770 KB at 10,000 entries) and never reads it; fixed after 1.5.2 (Pagefind
# pull request #1317, « Don't request index chunks for an empty search term »). The same fix, in
# both copies of its search code (the page's and its web worker's); a later version lacks the line.
_WORD_CHUNKS = "let index_resp=this.backend.request_indexes(ptr,term);"
_NO_WORD_CHUNKS = 'let index_resp=filter_only?"[]":this.backend.request_indexes(ptr,term);'


def _skip_word_index_without_words(bundle: Path) -> None:
    for name in ("pagefind.js", "pagefind-worker.js"):
        path = bundle / name
        text = path.read_text("utf-8") if path.is_file() else ""
        if _WORD_CHUNKS in text:
            path.write_text(text.replace(_WORD_CHUNKS, _NO_WORD_CHUNKS), "utf-8")


def build_search_index(site: Path, background: bool = False) -> Path:
    """Index `site` in place; return the folder of the index. `background` (`cpts serve`):
    at the lowest CPU priority, so that it never slows down the next rebuild."""
    bundle = site / "pagefind"
    languages: dict[str, object] = {}
    entry: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix=".pagefind-pages-", dir=site) as folder:
        pages = Path(folder)
        runs = []
        for language in LANGUAGES:
            folders = [language.prefix + folder for folder in entry_folders()]
            if _copy_indexed_parts(site, folders, pages):
                runs.append((pages, f"{{{','.join(folders)}}}/**/*.html"))
        # No entry at all: the whole site, as Pagefind does.
        for root, glob in runs or [(site, "**/*.{html}")]:
            _pagefind(root, glob, bundle, background)
            if (bundle / ENTRY).is_file():
                entry = json.loads((bundle / ENTRY).read_text("utf-8"))
                languages.update(entry.get("languages") or {})
    if entry:
        entry["languages"] = dict(sorted(languages.items()))
        (bundle / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                    encoding="utf-8")
    _skip_word_index_without_words(bundle)
    return bundle


def _copy_indexed_parts(site: Path, folders: list[str], out: Path) -> int:
    """Copy what Pagefind reads of each page of `folders` (site paths) into `out`, at the same
    paths; return how many pages were copied."""
    copied = 0
    for path in _html_files(site, "", tuple(folders), inside=False):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(indexed_part((site / path).read_bytes()))
        copied += 1
    return copied


def _html_files(site: Path, prefix: str, folders: tuple[str, ...], inside: bool) -> Iterator[str]:
    """The HTML files of `folders` below `site / prefix`, as Pagefind's walk finds them: each
    folder's entries in the order the file system lists them, depth first."""
    with os.scandir(site / prefix) as listing:
        entries = [(entry.name, entry.is_dir(follow_symlinks=False)) for entry in listing]
    for name, is_dir in entries:
        path = prefix + name
        if is_dir:
            if inside or path in folders:
                yield from _html_files(site, path + "/", folders, inside=True)
            elif any(folder.startswith(path + "/") for folder in folders):
                yield from _html_files(site, path + "/", folders, inside=False)
        elif inside and name.endswith(".html"):
            yield path


def indexed_part(html: bytes) -> bytes:
    """What Pagefind reads of a page: its `<html>` tag, its `<title>` and its one
    `data-pagefind-body` element. The whole page when it has no such element (Pagefind then
    skips it, or reads its whole <body> when no page has one), several, or something that
    Pagefind reads outside it: an <h1> (the title), an <img> (the image), data-pagefind-meta,
    -filter, -sort… attributes."""
    at = html.find(BODY)
    if at < 0 or html.find(BODY, at + len(BODY)) >= 0:
        return html
    start = html.rfind(b"<", 0, at)
    name = _TAG_NAME.match(html, start) if start >= 0 else None
    html_tag = _HTML_TAG.search(html, 0, max(start, 0))
    if name is None or html_tag is None or b">" in html[start:at]:
        return html
    end = _element_end(html, start, name.group(1))
    if end is None:
        return html
    outside = (html[:start] + html[end:]).lower()
    if b"<h1" in outside or b"<img" in outside or \
            outside.count(b"data-pagefind-") != outside.count(b"data-pagefind-ignore"):
        return html
    title = _TITLE.search(html, html_tag.end(), start)
    return b"".join((html_tag.group(0), title.group(0) if title else b"", html[start:end],
                     b"</html>"))


def _element_end(html: bytes, start: int, name: bytes) -> int | None:
    """The end of the element whose start tag is at `start` (same-name elements nested)."""
    depth = 0
    for tag in _tags_named(name.lower()).finditer(html, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.end()
    return None


@functools.cache
def _tags_named(name: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"<(/?)" + re.escape(name) + rb"\b[^>]*>", re.I)
