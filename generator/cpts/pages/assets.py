"""The product's own styles and scripts (the package's `static/` folder) -> assets/ of every site.

theme/main.html links them; the map's files (static/carte/) are written by leaflet.py, with the
site's tile settings. A site adds its own styles with `extra_css` in its mkdocs.yml.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources

from ..model import Directory
from .output import OutputFile, SiteContext

ASSETS_DIR = "assets"


def product_assets(directory: Directory, context: SiteContext) -> Iterator[OutputFile]:
    """Producer: every file at the top of the package's static/ folder, as it is."""
    static = resources.files("cpts").joinpath("static")
    for entry in sorted(static.iterdir(), key=lambda e: e.name):
        if entry.is_file() and entry.name.endswith((".css", ".js")):
            yield OutputFile(f"{ASSETS_DIR}/{entry.name}", entry.read_bytes())
