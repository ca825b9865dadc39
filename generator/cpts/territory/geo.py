"""The territory's geometry: is a point inside one of its communes?"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Ring = Sequence[tuple[float, float]]  # (lon, lat) pairs, as in GeoJSON
Polygon = Sequence[Ring]  # outer ring, then holes

# Boundaries are simplified: a place a few hundred metres across a commune's edge is accepted.
TOLERANCE_METERS = 500.0


@dataclass(frozen=True)
class Area:
    """Commune polygons by INSEE code, with their bounding boxes for a fast first test."""

    polygons: dict[str, list[Polygon]]

    @classmethod
    def from_geojson(cls, collection: dict) -> Area:
        polygons: dict[str, list[Polygon]] = {}
        for feature in collection.get("features", []):
            code = str(feature.get("properties", {}).get("code", ""))
            geometry = feature.get("geometry") or {}
            if geometry.get("type") == "Polygon":
                shapes = [geometry["coordinates"]]
            elif geometry.get("type") == "MultiPolygon":
                shapes = list(geometry["coordinates"])
            else:
                continue
            polygons.setdefault(code, []).extend(
                [[(float(x), float(y)) for x, y, *_ in ring] for ring in shape] for shape in shapes
            )
        return cls(polygons)

    def contains(self, lat: float, lon: float, communes: Iterable[str] | None = None) -> bool:
        codes = self.polygons.keys() if communes is None else communes
        for code in codes:
            for polygon in self.polygons.get(code, []):
                if _in_polygon(lon, lat, polygon) or _near_polygon(lon, lat, polygon):
                    return True
        return False

    def centre(self) -> tuple[float, float] | None:
        """The middle of the territory's bounding box (lat, lon), rounded for a hint."""
        points = [p for shapes in self.polygons.values() for shape in shapes for p in shape[0]]
        if not points:
            return None
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        return round((min(lats) + max(lats)) / 2, 1), round((min(lons) + max(lons)) / 2, 1)

    def position_hint(self) -> str:
        """« lat est proche de 44,9, lon de 6,6 » for this territory: where a member should look."""
        centre = self.centre()
        if centre is None:
            return ""
        lat, lon = (f"{v:.1f}".replace(".", ",") for v in centre)
        return f" : dans ce territoire, lat est proche de {lat}, lon de {lon}"


def _in_polygon(x: float, y: float, polygon: Polygon) -> bool:
    inside = _in_ring(x, y, polygon[0])
    return inside and not any(_in_ring(x, y, hole) for hole in polygon[1:])


def _in_ring(x: float, y: float, ring: Ring) -> bool:
    inside = False
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % n]
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def _near_polygon(x: float, y: float, polygon: Polygon) -> bool:
    ring = polygon[0]
    margin = TOLERANCE_METERS / 111_000
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    if not (min(xs) - 2 * margin <= x <= max(xs) + 2 * margin
            and min(ys) - margin <= y <= max(ys) + margin):
        return False
    return any(
        distance_m(y, x, *_closest_on_segment(x, y, ring[i], ring[(i + 1) % len(ring)]))
        <= TOLERANCE_METERS
        for i in range(len(ring))
    )


def _closest_on_segment(
    x: float, y: float, a: tuple[float, float], b: tuple[float, float]
) -> tuple[float, float]:
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / length))
    return ay + t * dy, ax + t * dx  # (lat, lon)


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    r = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(h)))  # rounding can push h past 1


def nearest_km(lat: float, lon: float, centres: Sequence[tuple[float, float]]) -> tuple[int, float]:
    """The index of the nearest of `centres` ((lat, lon) pairs) and its distance in km, as the
    crow flies; (-1, inf) when there is none. How far a structure outside the territory lies."""
    best, km = -1, math.inf
    for index, (clat, clon) in enumerate(centres):
        d = distance_m(lat, lon, clat, clon) / 1000
        if d < km:
            best, km = index, d
    return best, km
