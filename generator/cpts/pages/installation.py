"""« S'installer »: the aids and zoning page (with its map), and the blocks of the hand-written
pages of content/installation/. The diagnostic and the opportunities board have their own
modules (site/diagnostic.py, site/opportunities.py).

Amounts, zones and dates come from directory/aides/ and directory/zonages/, never from
templates: when the Assurance maladie changes an amount, a member edits one file.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..directory.rules import is_stale
from ..model import ZONES, ZONES_SHORT, Aid, Commune, Directory, Zoning
from ..model import euros as amount_fr
from . import urls
from .output import OutputFile, SiteContext
from .render import render_page
from .urls import INSTALLATION_AIDS as AIDS
from .urls import INSTALLATION_BOARD as BOARD
from .urls import INSTALLATION_DIAGNOSTIC as DIAGNOSTIC
from .urls import INSTALLATION_FEED as FEED
from .urls import INSTALLATION_INDEX as INDEX

# Zone colours: AA contrast of the legend text is not at stake (the text is beside the swatch),
# but neighbouring communes of different zones differ by more than 3:1, and ZAC is hatched so
# that the map does not rely on colour alone.
ZONE_FILL = {"zip": "#8f2d1b", "zac": "#f2b45c", "hors-zonage": "#dde6ea"}
UNKNOWN_FILL = "#ffffff"


def aids_for(directory: Directory, zoning: Zoning, zone: str | None) -> list[Aid]:
    return [aid for aid in directory.aids if aid.applies_to(zoning, zone)]


# --- the zoning map: an SVG drawn at build time from the communes' boundaries ---------------

@dataclass(frozen=True)
class MapShape:
    commune: Commune
    zone: str | None
    path: str  # SVG path data
    label_x: float
    label_y: float

    @property
    def fill(self) -> str:
        return ZONE_FILL.get(self.zone or "", UNKNOWN_FILL)

    @property
    def zone_label(self) -> str:
        return ZONES_SHORT.get(self.zone or "", "zonage non renseigné")


@dataclass(frozen=True)
class ZoningMap:
    width: int
    height: int
    shapes: list[MapShape]


def _rings(geometry: dict) -> list[Sequence[Sequence[float]]]:
    kind = geometry.get("type")
    if kind == "Polygon":
        return list(geometry["coordinates"])
    if kind == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def zoning_map(directory: Directory, zoning: Zoning, width: int = 640) -> ZoningMap | None:
    """The territory's communes projected on a plane (equirectangular at the mean latitude,
    exact enough for 50 km), filled by zone; None without boundaries."""
    communes = directory.territory.communes
    features = [
        (communes[str(f.get("properties", {}).get("code"))], _rings(f.get("geometry") or {}))
        for f in (directory.territory.boundaries or {}).get("features", [])
        if str(f.get("properties", {}).get("code")) in communes
    ]
    points = [p for _, rings in features for ring in rings for p in ring]
    if not points:
        return None
    lons = [float(p[0]) for p in points]
    lats = [float(p[1]) for p in points]
    shrink = math.cos(math.radians((min(lats) + max(lats)) / 2))
    margin = 8
    scale = (width - 2 * margin) / ((max(lons) - min(lons)) * shrink)
    height = round((max(lats) - min(lats)) * scale + 2 * margin)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return ((lon - min(lons)) * shrink * scale + margin, (max(lats) - lat) * scale + margin)

    shapes = []
    for commune, rings in features:
        parts = []
        for ring in rings:
            coords = [xy(float(p[0]), float(p[1])) for p in ring]
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in coords) + "Z")
        cx, cy = xy(commune.centre.lon, commune.centre.lat)
        shapes.append(MapShape(commune, zoning.zone_of(commune.insee), "".join(parts), cx, cy))
    shapes.sort(key=lambda s: s.commune.name)
    return ZoningMap(width, height, shapes)


# --- pages ----------------------------------------------------------------------------------

def aids_and_zoning_page(directory: Directory, context: SiteContext) -> Iterator[OutputFile]:
    """Producer: « Aides et zonage », with one map and one table per zoning."""
    zonings = [(z, zoning_map(directory, z)) for z in directory.zonings]
    communes = sorted(directory.territory.communes.values(), key=lambda c: c.name)
    yield OutputFile(AIDS, render_page(
        "installation_aides.html.j2",
        {"title": "Aides à l'installation et zonage",
         "hide": ["toc"],
         "description": f"Les aides à l'installation des professionnels de santé et le zonage "
                        f"des communes de la {directory.territory.name}."},
        directory=directory, zonings=zonings, communes=communes, zones=ZONES,
        zones_short=ZONES_SHORT, zone_fill=ZONE_FILL, unknown_fill=UNKNOWN_FILL,
        today=context.today, src=AIDS, urls=urls, pages=page_paths(), amount_fr=amount_fr,
        is_stale=is_stale, aids_for=lambda z, zone: aids_for(directory, z, zone),
        commune_page=urls.commune_page,
    ))


def page_paths() -> dict[str, str]:
    return {"index": INDEX, "aids": AIDS, "diagnostic": DIAGNOSTIC, "board": BOARD,
            "feed": FEED}
