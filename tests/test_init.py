"""`cpts init`, as a coordinator types it: a new territory's site validates and builds, with
boundaries from a GeoJSON file or from the geo API (replayed by a local server), and names
nothing of the demo's territory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from .territories import cpts, replay_geo_api

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
BOUNDARIES_06 = SHARED / "communes-06-alpes-maritimes.geojson"
# Tinée and Vésubie valleys (Alpes-Maritimes): Saint-Martin-Vésubie, Isola,
# Saint-Étienne-de-Tinée, Valdeblore, Roquebillière, Belvédère, Utelle, Marie, Roure,
# Saint-Sauveur-sur-Tinée.
TINEE_VESUBIE = "06127,06073,06120,06153,06103,06013,06151,06080,06111,06129"
DEMO_WORDS = ("brian", "hautes-alpes", "écrins", "serre-chevalier", "vallouise")

pytestmark = pytest.mark.skipif(not BOUNDARIES_06.exists(), reason="../shared/data is absent")


@pytest.fixture(scope="module")
def geo_api() -> Iterator[str]:
    server, url = replay_geo_api(BOUNDARIES_06)
    yield url
    server.shutdown()


def test_a_new_territory_validates_and_builds_with_no_word_of_the_demo(tmp_path: Path) -> None:
    folder = tmp_path / "cpts-tinee-vesubie"
    made = cpts("init", str(folder), "--nom", "CPTS Tinée-Vésubie", "--communes", TINEE_VESUBIE,
                "--contours", str(BOUNDARIES_06), cwd=tmp_path)
    assert made.returncode == 0, made.stdout + made.stderr
    territory = (folder / "directory" / "territoire.yml").read_text(encoding="utf-8")
    assert "Saint-Martin-Vésubie" in territory and "06127" in territory
    assert (folder / "mkdocs.yml").exists() and (folder / "README.md").exists()

    checked = cpts("validate", cwd=folder)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = cpts("build", "--strict", cwd=folder)
    assert built.returncode == 0, built.stdout + built.stderr

    site = folder / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "CPTS Tinée-Vésubie" in home
    for page in site.rglob("*"):
        if page.suffix in (".html", ".js", ".json", ".xml", ".csv", ".txt"):
            text = page.read_text(encoding="utf-8", errors="replace").lower()
            found = [w for w in DEMO_WORDS if w in text]
            assert not found, f"{page.relative_to(site)} names the demo's territory: {found}"


def test_boundaries_from_the_geo_api(tmp_path: Path, geo_api: str) -> None:
    folder = tmp_path / "site-api"
    made = cpts("init", str(folder), "--nom", "CPTS des deux vallées", "--communes", "06127,06073",
                cwd=tmp_path, env={"CPTS_GEO_API": geo_api})
    assert made.returncode == 0, made.stdout + made.stderr
    assert "geo.api.gouv.fr" in made.stdout + made.stderr or geo_api in made.stdout + made.stderr
    collection = json.loads((folder / "directory" / "communes.geojson").read_text(encoding="utf-8"))
    assert {str(f["properties"]["code"]) for f in collection["features"]} == {"06127", "06073"}
    assert cpts("validate", cwd=folder).returncode == 0


def test_an_unknown_code_is_refused_with_suggestions(tmp_path: Path) -> None:
    made = cpts("init", str(tmp_path / "x"), "--nom", "CPTS X", "--communes", "06172",
                "--contours", str(BOUNDARIES_06), cwd=tmp_path)
    assert made.returncode != 0
    assert "06172" in made.stderr and "Traceback" not in made.stderr
    assert not (tmp_path / "x" / "directory").exists()


def test_a_folder_with_files_is_never_overwritten(tmp_path: Path) -> None:
    folder = tmp_path / "existing"
    folder.mkdir()
    (folder / "notes.txt").write_text("à garder", encoding="utf-8")
    made = cpts("init", str(folder), "--nom", "CPTS X", "--communes", "06127",
                "--contours", str(BOUNDARIES_06), cwd=tmp_path)
    assert made.returncode != 0 and "Traceback" not in made.stderr
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "à garder"
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
