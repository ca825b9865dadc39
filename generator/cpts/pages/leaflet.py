"""Self-hosted maps: Leaflet and its cluster plugin copied into the docs tree, the map script,
the tile settings of mkdocs.yml and the territory's outline. Reusable by any page.

Nothing is loaded from a CDN: Leaflet comes from the xstatic-leaflet and
xstatic-leaflet-markercluster wheels (pinned in pyproject.toml) and is served by the site
itself. The only third-party requests a map makes are for its tiles, whose provider is set in
mkdocs.yml (OpenStreetMap by default; `none` draws the outline only):

    extra:
      cpts:
        map:
          tiles: OpenStreetMap        # a provider name known to xyzservices (as folium reads it)…
          # tiles: {url: "https://…/{z}/{x}/{y}.png", attribution: "© …", max_zoom: 19}
          # tiles: none               # …or no tiles at all

How a page gets a map: `assets/carte/carte.js` (listed in mkdocs.yml `extra_javascript`, a few
KB) looks for elements with `data-cpts-map` and loads Leaflet only on pages that have one:

- `<div data-cpts-map="lieux">`: the places of the directory (assets/carte/lieux.json, their
  details in assets/carte/lieux/), with clusters, legend, layers and the accessible list (see
  pages/carte.py);
- `<div data-cpts-map="point" data-lat="…" data-lon="…" data-label="…" hidden>`: a small map
  of one place (entry pages; macro `minimap` of templates/_carte.html.j2);
- `<div data-cpts-map="geojson" data-src="x.geojson" data-label="…" hidden>`: any GeoJSON
  FeatureCollection, relative to the page; each feature may have the properties `nom`
  (tooltip), `description` (popup text), `lien` (popup link, relative or https),
  `couleur` (CSS colour). Macro `geojson_map` of templates/_carte.html.j2.

Every map shows the territory's outline (assets/carte/territoire.geojson). Member-supplied
text only ever reaches the page through `textContent`, never as HTML.

xyzservices (the provider catalogue folium uses) turns a provider name (« OpenStreetMap »,
« OpenTopoMap », « GeoportailFrance.plan »…) into its URL template, attribution and zoom range,
read as folium.TileLayer reads them; folium itself is not imported (35 MB, 0.7 s). Its HTML
output would not be used anyway: it loads Leaflet, jQuery and Bootstrap from CDNs and writes one
block of JavaScript per marker.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..directory.problems import Problem
from ..model import Directory
from .config import cpts_settings
from .output import GenerationFailed, OutputFile, SiteContext

LEAFLET_DIR = "assets/leaflet"
MAP_DIR = "assets/carte"
SCRIPT = f"{MAP_DIR}/carte.js"
STYLESHEET = f"{MAP_DIR}/carte.css"
OUTLINE = f"{MAP_DIR}/territoire.geojson"
DEFAULT_TILES = "OpenStreetMap"
NO_TILES = ("none", "aucun", "aucune")
SETTINGS_PLACEHOLDER = "/*CPTS_MAP_SETTINGS*/null"

# (xstatic package, files copied from its data folder) -> assets/leaflet/
_LEAFLET_FILES = {
    "leaflet": ("leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png",
                "images/marker-icon.png", "images/marker-icon-2x.png",
                "images/marker-shadow.png"),
    "leaflet_markercluster": ("leaflet.markercluster.js", "MarkerCluster.css"),
}


class MapSettingsError(ValueError):
    """mkdocs.yml's map settings are wrong: the message tells the member what to write."""


@dataclass(frozen=True)
class Tiles:
    """A tile layer: URL template (https, with {z}, {x} and {y}) and its attribution."""

    url: str
    attribution: str
    max_zoom: int = 19
    subdomains: str | None = None

    @property
    def host(self) -> str:
        """The tile server's host name (for {s} templates, with its first subdomain)."""
        url = self.url.replace("{s}", (self.subdomains or "a")[0])
        return urlsplit(url).hostname or ""

    def leaflet_options(self) -> dict[str, Any]:
        options: dict[str, Any] = {"attribution": self.attribution, "maxZoom": self.max_zoom}
        if self.subdomains and "{s}" in self.url:
            options["subdomains"] = self.subdomains
        return options


def read_map_settings(project: Path) -> dict[str, Any]:
    """`extra.cpts.map` of mkdocs.yml."""
    settings = cpts_settings(project).get("map")
    return settings if isinstance(settings, dict) else {}


def tiles_from_settings(settings: dict[str, Any]) -> Tiles | None:
    """The tile layer of `extra.cpts.map.tiles`; None for `none` (outline only)."""
    value = settings.get("tiles", DEFAULT_TILES)
    if value is None or value is False or (isinstance(value, str)
                                           and value.strip().lower() in NO_TILES):
        return None
    if isinstance(value, str):
        return _named_tiles(value.strip())
    if not isinstance(value, dict):
        raise MapSettingsError(
            "extra.cpts.map.tiles : écrivez le nom d'un fond de carte (OpenStreetMap), "
            "none, ou url et attribution")
    url = str(value.get("url") or "")
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname or not all(
            f"{{{k}}}" in url for k in "zxy"):
        raise MapSettingsError(
            f"extra.cpts.map.tiles.url : « {url} » n'est pas une adresse de tuiles — écrivez "
            "une adresse https avec {z}, {x} et {y}, par exemple "
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    attribution = str(value.get("attribution") or "").strip()
    if not attribution:
        raise MapSettingsError(
            "extra.cpts.map.tiles.attribution : écrivez la mention exigée par le fournisseur "
            "des tuiles, par exemple « © les contributeurs d'OpenStreetMap »")
    max_zoom = value.get("max_zoom", 19)
    if not isinstance(max_zoom, int) or not 1 <= max_zoom <= 22:
        raise MapSettingsError("extra.cpts.map.tiles.max_zoom : écrivez un nombre de 1 à 22")
    subdomains = value.get("subdomains")
    return Tiles(url, attribution, max_zoom, str(subdomains) if subdomains else None)


@cache
def _named_tiles(name: str) -> Tiles:
    """A provider of xyzservices, read as folium.TileLayer(name) reads it (same URL,
    attribution, zoom and subdomains), without importing folium (35 MB and 0.7 s a build)."""
    import xyzservices

    query = "OpenStreetMap Mapnik" if name.lower() == "openstreetmap" else name
    try:
        provider = xyzservices.providers.query_name(query)
    except ValueError as exc:
        raise MapSettingsError(
            f"extra.cpts.map.tiles : le fond de carte « {name} » est inconnu — écrivez "
            "OpenStreetMap, OpenTopoMap, GeoportailFrance.plan, none, ou url et "
            "attribution") from exc
    subdomains = provider.get("subdomains", "abc")
    return Tiles(provider.build_url(fill_subdomain=False, scale_factor="{r}"),
                 provider.html_attribution, int(provider.get("max_zoom") or 18),
                 "".join(subdomains) if subdomains else None)


def map_tiles(project: Path) -> Tiles | None:
    """The tiles every map of this project uses (for tests and benchmarks too)."""
    return tiles_from_settings(read_map_settings(project))


def leaflet_assets() -> Iterator[OutputFile]:
    """Leaflet and Leaflet.markercluster, from their wheels, into assets/leaflet/."""
    import xstatic.pkg.leaflet
    import xstatic.pkg.leaflet_markercluster

    packages = {"leaflet": xstatic.pkg.leaflet,
                "leaflet_markercluster": xstatic.pkg.leaflet_markercluster}
    for name, files in _LEAFLET_FILES.items():
        base = Path(packages[name].BASE_DIR)
        for file in files:
            yield OutputFile(f"{LEAFLET_DIR}/{Path(file).name if name != 'leaflet' else file}",
                             (base / file).read_bytes())


def map_script(tiles: Tiles | None) -> str:
    """The map script with this site's settings written in (no settings file to fetch)."""
    source = resources.files("cpts").joinpath("static/carte/carte.js").read_text("utf-8")
    settings = {"tiles": None if tiles is None else {"url": tiles.url,
                                                     **tiles.leaflet_options()}}
    text = json.dumps(settings, ensure_ascii=False).replace("</", "<\\/")
    assert SETTINGS_PLACEHOLDER in source
    return source.replace(SETTINGS_PLACEHOLDER, text)


def outline_geojson(boundaries: dict | None) -> str:
    """The communes (name as property) and the territory's outer border, compact.

    The border is made of the commune edges that belong to one commune only (the communes of
    the GeoJSON share their vertices), joined into lines.
    """
    features: list[dict[str, Any]] = []
    edges: dict[frozenset[tuple[float, float]], int] = defaultdict(int)
    for feature in (boundaries or {}).get("features", []):
        geometry = feature.get("geometry") or {}
        kind = geometry.get("type")
        if kind not in ("Polygon", "MultiPolygon"):
            continue
        polygons = [geometry["coordinates"]] if kind == "Polygon" else geometry["coordinates"]
        rounded = [[[(round(float(x), 5), round(float(y), 5)) for x, y, *_ in ring]
                    for ring in polygon] for polygon in polygons]
        for polygon in rounded:
            for ring in polygon:
                for a, b in itertools.pairwise(ring):
                    if a != b:
                        edges[frozenset((a, b))] += 1
        name = (feature.get("properties") or {}).get("nom")
        features.append({"type": "Feature", "properties": {"nom": name, "type": "commune"},
                         "geometry": {"type": "MultiPolygon", "coordinates": rounded}})
    border = _join_edges([tuple(edge) for edge, count in edges.items() if count == 1])
    if border:
        features.append({"type": "Feature", "properties": {"type": "contour"},
                         "geometry": {"type": "MultiLineString", "coordinates": border}})
    return json.dumps({"type": "FeatureCollection", "features": features},
                      separators=(",", ":"), ensure_ascii=False)


def _join_edges(edges: list[tuple]) -> list[list[tuple[float, float]]]:
    """Segments -> as few polylines as possible (walking from vertex to vertex)."""
    neighbours: dict[tuple[float, float], list[tuple[float, float]]] = defaultdict(list)
    for a, b in edges:
        neighbours[a].append(b)
        neighbours[b].append(a)
    used: set[frozenset] = set()
    lines: list[list[tuple[float, float]]] = []
    for a, b in edges:
        if frozenset((a, b)) in used:
            continue
        used.add(frozenset((a, b)))
        line = [a, b]
        while True:
            nxt = next((n for n in neighbours[line[-1]]
                        if frozenset((line[-1], n)) not in used), None)
            if nxt is None:
                break
            used.add(frozenset((line[-1], nxt)))
            line.append(nxt)
        lines.append(line)
    return lines


def map_assets(directory: Directory, context: SiteContext) -> Iterator[OutputFile]:
    """Producer: Leaflet, the map script and style, and the territory's outline."""
    try:
        tiles = map_tiles(context.project)
    except MapSettingsError as exc:
        raise GenerationFailed([Problem("mkdocs.yml", 0, "extra.cpts.map", str(exc))]) from exc
    yield from leaflet_assets()
    yield OutputFile(SCRIPT, map_script(tiles))
    yield OutputFile(STYLESHEET, resources.files("cpts").joinpath(
        "static/carte/carte.css").read_bytes())
    yield OutputFile(OUTLINE, outline_geojson(directory.territory.boundaries))
