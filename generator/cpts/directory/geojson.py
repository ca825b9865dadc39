"""Read the territory's commune boundaries (GeoJSON), never raising, never trusting its shape.

The file is exported from a mapping tool by a member: it may be truncated, hold NaN or
Infinity (which Python's json module accepts), huge numbers, or another kind of geometry.
Every such case is one Problem naming the file and the place in it; the boundaries are then
not used (the coordinates rule says so, see rules.coordinates_in_territory).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from .problems import Problem

MAX_FILE_BYTES = 50_000_000
_REEXPORT = "exportez-le de nouveau depuis votre outil de cartographie (GeoJSON, WGS 84)"


class _BadNumber(ValueError):
    pass


def _constant(name: str) -> float:
    raise _BadNumber(name)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _BadNumber(text[:20])
    return value


def _int(text: str) -> int:
    if len(text.lstrip("-")) > 20:
        raise _BadNumber(text[:20] + "…")
    return int(text)


def read_boundaries(path: Path, display: str) -> tuple[dict | None, list[Problem]]:
    """The parsed FeatureCollection, or None and the problems that make it unusable."""
    def problem(field: str, what: str, line: int = 0) -> tuple[None, list[Problem]]:
        return None, [Problem(display, line, field, f"{what} — {_REEXPORT}")]

    if path.stat().st_size > MAX_FILE_BYTES:
        return problem("", f"fichier trop gros ({MAX_FILE_BYTES // 1_000_000} Mo au plus) — "
                       "simplifiez les contours")
    try:
        data = json.loads(path.read_bytes().decode("utf-8"), parse_constant=_constant,
                          parse_float=_float, parse_int=_int)
    except UnicodeDecodeError:
        return problem("", "ce fichier n'est pas du texte UTF-8")
    except json.JSONDecodeError as exc:
        return problem("", "ce fichier GeoJSON n'est pas du JSON valide", exc.lineno)
    except _BadNumber as exc:
        return problem("", f"« {exc} » n'est pas une coordonnée (un nombre fini est attendu)")
    except RecursionError:
        return problem("", "ce fichier est imbriqué trop profondément pour du GeoJSON")
    where, what = _shape_error(data)
    if what:
        return problem(where, what)
    return data, []


def _shape_error(data: Any) -> tuple[str, str]:
    """(place, what is wrong) for the first shape problem of a FeatureCollection, or ("", "")."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        return "type", "le fichier doit être une FeatureCollection GeoJSON"
    features = data.get("features")
    if not isinstance(features, list):
        return "features", "la liste « features » des communes manque"
    for index, feature in enumerate(features):
        where = f"features[{index + 1}]"
        if not isinstance(feature, dict):
            return where, "chaque élément doit être un objet Feature"
        properties = feature.get("properties")
        if not isinstance(properties, dict) or not isinstance(properties.get("code"), str):
            return f"{where}.properties.code", "le code INSEE de la commune manque (texte attendu)"
        geometry = feature.get("geometry")
        if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            return f"{where}.geometry", "la géométrie doit être un Polygon ou un MultiPolygon"
        polygons = (geometry.get("coordinates") if geometry["type"] == "MultiPolygon"
                    else [geometry.get("coordinates")])
        if not isinstance(polygons, list) or not polygons:
            return f"{where}.geometry.coordinates", "les coordonnées manquent"
        for polygon in polygons:
            if not isinstance(polygon, list) or not polygon or not all(
                    _is_ring(ring) for ring in polygon):
                return (f"{where}.geometry.coordinates", "chaque contour doit être une liste d'au "
                        "moins 4 points [longitude, latitude] (longitude entre -180 et 180, "
                        "latitude entre -90 et 90)")
    points = [p for feature in features for p in _positions(feature["geometry"])]
    if points and (len({p[0] for p in points}) < 2 or len({p[1] for p in points}) < 2):
        return "features", "les contours n'ont aucune étendue (tous les points sont alignés)"
    return "", ""


def _positions(geometry: dict) -> list[list[float]]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [
        geometry["coordinates"]]
    return [point for polygon in polygons for ring in polygon for point in ring]


def _is_ring(ring: Any) -> bool:
    return isinstance(ring, list) and len(ring) >= 4 and all(_is_position(p) for p in ring)


def _is_position(point: Any) -> bool:
    if not isinstance(point, list) or len(point) < 2:
        return False
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in point):
        return False
    lon, lat = point[0], point[1]
    return -180 <= lon <= 180 and -90 <= lat <= 90
