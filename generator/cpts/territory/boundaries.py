"""Commune boundaries and centres: from a GeoJSON file, else the official geo API."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

API = "https://geo.api.gouv.fr"
API_VARIABLE = "CPTS_GEO_API"
CODE_PROPERTIES = ("code", "INSEE_COM", "insee", "code_insee", "INSEE")


class BoundariesMissing(Exception):
    """A French message: what is missing and what to do."""


def from_file(path: Path, codes: list[str]) -> dict[str, dict]:
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BoundariesMissing(f"{path} : fichier de contours introuvable — donnez le chemin "
                                "d'un fichier GeoJSON des communes") from exc
    except (OSError, ValueError) as exc:
        raise BoundariesMissing(f"{path} : ce fichier n'est pas un GeoJSON lisible ({exc})") from exc
    found: dict[str, dict] = {}
    for feature in collection.get("features", []) if isinstance(collection, dict) else []:
        properties = feature.get("properties") or {}
        code = next((str(properties[k]) for k in CODE_PROPERTIES if k in properties), "")
        if code in codes and feature.get("geometry"):
            found[code] = feature["geometry"]
    missing = [c for c in codes if c not in found]
    if missing:
        raise BoundariesMissing(f"{path} : pas de contour pour les communes "
                                + ", ".join(missing) + " (propriété code ou INSEE_COM)")
    return found


def from_api(codes: list[str], timeout: float = 10.0) -> dict[str, dict]:
    """Raises OSError when the API cannot be reached."""
    base = os.environ.get(API_VARIABLE, API).rstrip("/")
    found: dict[str, dict] = {}
    for code in codes:
        query = urllib.parse.urlencode({"code": code, "fields": "code,nom,contour,centre",
                                        "format": "geojson", "geometry": "contour"})
        with urllib.request.urlopen(f"{base}/communes?{query}", timeout=timeout) as answer:
            collection = json.load(answer)
        for feature in collection.get("features", []):
            if str(feature.get("properties", {}).get("code")) == code and feature.get("geometry"):
                found[code] = feature["geometry"]
    missing = [c for c in codes if c not in found]
    if missing:
        raise OSError("pas de contour pour " + ", ".join(missing))
    return found


def centre(geometry: dict) -> dict[str, float]:
    """The mean of the largest outer ring's points: inside enough for a map marker."""
    shapes = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    ring = max((shape[0] for shape in shapes), key=len)
    points = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring
    return {"lat": round(sum(p[1] for p in points) / len(points), 5),
            "lon": round(sum(p[0] for p in points) / len(points), 5)}
