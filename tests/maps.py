"""What the maps are allowed to ask of the outside world: their tiles, and nothing else.

Pages with a map request tiles from the provider set in mkdocs.yml; tests/browser.py blocks
those requests like any other non-local one, and chromium logs each blocked image as a
console error (« net::ERR_FAILED »). These helpers let a test accept exactly that.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from cpts.pages.leaflet import map_tiles

from .browser import PageWatch
from .conftest import ROOT


def tile_host() -> str:
    """The host of the demo's tile server (mkdocs.yml `extra.cpts.map.tiles`)."""
    tiles = map_tiles(ROOT)
    return tiles.host if tiles else ""


def blocked_hosts(watch: PageWatch) -> set[str]:
    return {urlsplit(url).hostname or url for url in watch.blocked}


def only_tiles_blocked(watch: PageWatch) -> bool:
    """Every request that left the site went to the tile server."""
    return blocked_hosts(watch) <= {tile_host()}


def script_errors(watch: PageWatch) -> list[str]:
    """Uncaught exceptions and console errors, less those of blocked tiles."""
    tiles_blocked = bool(watch.blocked) and only_tiles_blocked(watch)
    console = [e for e in watch.console_errors
               if not (tiles_blocked and e == "Failed to load resource: net::ERR_FAILED")]
    return watch.page_errors + console
