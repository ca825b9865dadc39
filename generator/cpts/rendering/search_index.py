"""Build the Pagefind search index over a rendered site (any engine): a post-build step.

Only entry pages (marked `data-pagefind-body`) are indexed, each language apart; the index is written into
`pagefind/` inside the site and loaded by the search page's script, chunk by chunk.

Pagefind holds everything it indexes in memory (635 MB for the 20,000 entry pages of 10,000
entries): it runs once per language, on that language's entry pages only, and the languages of
the runs are listed together in `pagefind-entry.json`, which is what one run over the whole site
would have written.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ..i18n import LANGUAGES
from ..pages import urls

ENTRY = "pagefind-entry.json"


class IndexingFailed(Exception):
    pass


def _pagefind(site: Path, glob: str, background: bool) -> None:
    proc = subprocess.run(
        # One index per language, from each page's <html lang>; the search page loads the
        # index of its own language.
        [sys.executable, "-m", "pagefind", "--site", str(site), "--silent", "--glob", glob],
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
    globs = []
    for language in LANGUAGES:
        folders = [language.prefix + folder for folder in entry_folders()]
        if any(next((site / folder).glob("**/index.html"), None) for folder in folders):
            globs.append(f"{{{','.join(folders)}}}/**/*.html")
    for glob in globs or ["**/*.{html}"]:  # no entry at all: the whole site, as Pagefind does
        _pagefind(site, glob, background)
        if (bundle / ENTRY).is_file():
            entry = json.loads((bundle / ENTRY).read_text("utf-8"))
            languages.update(entry.get("languages") or {})
    if entry:
        entry["languages"] = dict(sorted(languages.items()))
        (bundle / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                    encoding="utf-8")
    _skip_word_index_without_words(bundle)
    return bundle
