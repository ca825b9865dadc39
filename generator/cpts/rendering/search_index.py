"""Build the Pagefind search index over a rendered site (any engine): a post-build step.

Only entry pages (marked `data-pagefind-body`) are indexed, each language apart; the index is written into
`pagefind/` inside the site and loaded by the search page's script, chunk by chunk.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


class IndexingFailed(Exception):
    pass


def build_search_index(site: Path, background: bool = False) -> Path:
    """Index `site` in place; return the folder of the index. `background` (`cpts serve`):
    at the lowest CPU priority, so that it never slows down the next rebuild."""
    proc = subprocess.run(
        # One index per language, from each page's <html lang>: French pages, and English ones
        # under en/; the search page loads the index of its own language.
        [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"],
        capture_output=True, text=True, check=False,
        preexec_fn=(lambda: os.nice(19)) if background and hasattr(os, "nice") else None,
    )
    if proc.returncode != 0:
        raise IndexingFailed(f"l'index de recherche n'a pas pu être construit :\n{proc.stderr}")
    return site / "pagefind"
