"""The coordinates rule never turns itself off: without boundaries, a place is checked against
the centres of the territory's communes, and a warning says the check is weaker."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpts.directory.problems import Severity
from cpts.directory.validate import validate_directory

from .conftest import TODAY

MSP = "directory/structures/msp-test.yml"


def without_boundaries(directory: Path, how: str) -> None:
    territory = directory / "territoire.yml"
    if how == "no contours line":
        territory.write_text(territory.read_text("utf-8").replace("contours: communes.geojson\n", ""),
                             "utf-8")
    else:
        (directory / "communes.geojson").write_text('{"type": "FeatureCollection", "features": []}')


def place(directory: Path, lat: float, lon: float) -> None:
    msp = directory / "structures" / "msp-test.yml"
    msp.write_text(msp.read_text("utf-8").replace("{lat: 44.8990, lon: 6.6440}",
                                                  f"{{lat: {lat}, lon: {lon}}}"), "utf-8")


@pytest.mark.parametrize("how", ["no contours line", "empty GeoJSON"])
def test_a_place_far_away_is_refused_without_boundaries(base_directory: Path, how: str) -> None:
    without_boundaries(base_directory, how)
    place(base_directory, 48.8566, 2.3522)  # far from every commune centre of the territory
    _, problems = validate_directory(base_directory, TODAY)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    assert [(p.path, p.field) for p in errors] == [(MSP, "coordonnees")]
    assert "le point (48.8566, 2.3522) est hors du territoire de la CPTS" in errors[0].message
    assert any(p.severity is Severity.WARNING and "15 km près du centre" in p.message
               for p in problems)


def test_swapped_coordinates_are_still_told_without_boundaries(base_directory: Path) -> None:
    without_boundaries(base_directory, "no contours line")
    place(base_directory, 6.6440, 44.8990)
    _, problems = validate_directory(base_directory, TODAY)
    assert any(p.path == MSP and "semblent inversées" in p.message for p in problems)


def test_a_place_near_a_commune_centre_is_accepted_without_boundaries(base_directory: Path) -> None:
    without_boundaries(base_directory, "empty GeoJSON")
    _, problems = validate_directory(base_directory, TODAY)
    assert [p.severity for p in problems] == [Severity.WARNING]
