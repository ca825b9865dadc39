"""Validation as a member meets it: every negative example fails with its French message.

Each file in examples/negative/ replaces (or adds) one file of the valid examples/base/
directory. Its first lines say where it goes and what the member must read:

    # cible: professionnels/martin-claire.yml
    # attendu: 6: rpps : le numéro RPPS « 10100000017 » est invalide

A new rule needs a new file there and nothing else.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cpts.directory.problems import Problem, Severity, render_report
from cpts.directory.validate import validate_directory

from .conftest import EXAMPLES, ROOT, TODAY

NEGATIVE = sorted((EXAMPLES / "negative").glob("*.yml"))
HEADER = re.compile(rb"^# cible: (?P<target>\S+)\n# attendu: (?P<expected>.+)\n", re.MULTILINE)


def shown(problem: Problem) -> str:
    """What a member reads after the file name: « line: field : message »."""
    level = " (avertissement)" if problem.severity is Severity.WARNING else ""
    field = f" {problem.field} :" if problem.field else ""
    return f"{problem.line}:{level}{field} {problem.message}"


def test_base_directory_is_valid(base_directory: Path) -> None:
    _, problems = validate_directory(base_directory, TODAY)
    assert problems == []


@pytest.mark.parametrize("example", NEGATIVE, ids=[p.stem for p in NEGATIVE])
def test_negative_example_gives_its_message(example: Path, base_directory: Path) -> None:
    content = example.read_bytes()
    header = HEADER.match(content)
    assert header, f"{example.name} must start with « # cible: » and « # attendu: » lines"
    target = base_directory / header["target"].decode()
    target.parent.mkdir(parents=True, exist_ok=True)  # a misspelt or a sub-folder
    # A YAML target keeps the header (comments); another file (communes.geojson) gets the rest.
    target.write_bytes(content if target.suffix in (".yml", ".yaml", "") else content[header.end():])
    expected = header["expected"].decode("utf-8")

    _, problems = validate_directory(base_directory, TODAY)

    mine = [shown(p) for p in problems if p.path.endswith(header["target"].decode())
            or header["target"].decode() in p.path]
    assert any(text.startswith(expected) or expected in text for text in mine), (
        f"expected « {expected} » in:\n" + "\n".join(mine))
    if "(avertissement)" not in expected:
        assert any(p.severity is Severity.ERROR for p in problems)


def test_every_rule_has_a_negative_example() -> None:
    from cpts.directory.rules import RULES

    names = {p.stem for p in NEGATIVE}
    prefixes = {
        "file_names": "regle-nom-de-fichier", "unique_identifiers": "regle-rpps-en-double",
        "identifier_keys": "regle-rpps-cle", "phone_numbers": "regle-telephone",
        "https_links": "regle-lien", "structure_references": "regle-structure",
        "communes_in_territory": "regle-commune", "coordinates_in_territory": "regle-coordonnees",
        "boundaries_cover_territory": "regle-contours-manquants",
        "specialties_of_profession": "regle-specialite", "opening_hours": "regle-horaires",
        "verification_dates": "regle-verification", "opportunity_dates": "regle-expiration",
        "installation_dates": "regle-installation-verification",
        "zoning_communes": "regle-zonage", "installation_specialties": "regle-installation-specialite",
        "prevention_periods": "regle-periode", "campaign_places": "regle-campagne-lieu",
        "alert_advice": "regle-alerte-conseils",
        "outside_structures": "regle-hors-territoire",
        "territory_placeholders": "regle-territoire-valeur-provisoire",
        "locality_communes": "regle-lieu-commune",
        "new_patients_text": "regle-nouveaux-patients-texte",
    }
    assert set(prefixes) == {rule.__name__ for rule in RULES}, "name the new rule's example here"
    for rule, prefix in prefixes.items():
        assert any(n.startswith(prefix) for n in names), f"{rule} has no negative example"


def test_all_problems_of_all_files_are_reported_at_once(base_directory: Path) -> None:
    (base_directory / "professionnels" / "martin-claire.yml").write_text(
        (base_directory / "professionnels" / "martin-claire.yml").read_text()
        .replace('rpps: "10100000016"', 'rpps: "10100000017"')
        .replace("liste-attente", "peut-etre")
    )
    (base_directory / "structures" / "msp-test.yml").write_text(
        (base_directory / "structures" / "msp-test.yml").read_text()
        .replace('"04 92 20 10 10"', '"04 92"')
    )
    _, problems = validate_directory(base_directory, TODAY)
    report = render_report(problems)
    assert "martin-claire.yml:5: rpps : le numéro RPPS « 10100000017 » est invalide" in report
    assert "martin-claire.yml:14: nouveaux_patients.statut : « peut-etre »" in report
    assert "msp-test.yml:8: telephone : « 04 92 » n'est pas un numéro" in report
    assert report.endswith("Annuaire : 3 erreurs.")


def test_github_format_annotates_the_line(base_directory: Path) -> None:
    path = base_directory / "professionnels" / "martin-claire.yml"
    path.write_text(path.read_text().replace("msp-test", "msp-inconnue"))
    _, problems = validate_directory(base_directory, TODAY)
    lines = render_report(problems, "github").splitlines()
    assert lines[0].startswith(
        "::error file=directory/professionnels/martin-claire.yml,line=10::lieux[1].structure : "
        "la structure « msp-inconnue » n'existe pas")


def test_github_format_escapes_newlines_and_percent() -> None:
    problem = Problem("directory/a.yml", 3, "nom", "100 %\nsuite")
    assert problem.format_github() == "::error file=directory/a.yml,line=3::nom : 100 %25%0Asuite"


def test_a_member_who_writes_todays_date_is_never_refused(base_directory: Path) -> None:
    """CONTRIBUTING says « mettez la date du jour »: the real date passes even though the
    tests validate as of an earlier day."""
    import datetime as dt

    entry = sorted((base_directory / "professionnels").glob("*.yml"))[0]
    text = re.sub(r'verifie_le: "[^"]*"', f'verifie_le: "{dt.date.today().isoformat()}"',
                  entry.read_text(encoding="utf-8"))
    assert "verifie_le" in text
    entry.write_text(text, encoding="utf-8")
    _, problems = validate_directory(base_directory, today=TODAY)
    assert not [p for p in problems if p.field == "verifie_le"], [shown(p) for p in problems]


def test_every_text_field_has_a_length_bound() -> None:
    """A 5,000-character value never reaches a page: each string of the schemas is bounded by
    maxLength, an enum, a date format, or a pattern of fixed length (listed here)."""
    import json

    fixed_width = {"insee", "mainteneurs/items", "rpps", "adeli", "finess", "codes_postaux/items"}
    unbounded = []

    def walk(node: object, path: str) -> None:
        if isinstance(node, dict):
            bounded = {"maxLength", "enum", "format", "$ref"} & set(node)
            if node.get("type") == "string" and not bounded and not any(
                    path.endswith(name) for name in fixed_width):
                unbounded.append(path)
            for key, value in node.items():
                walk(value, f"{path}/{key}")
        elif isinstance(node, list):
            for value in node:
                walk(value, path)

    for schema in sorted((ROOT / "generator" / "cpts" / "schemas").glob("*.json")):
        walk(json.loads(schema.read_text("utf-8")), schema.name)
    assert unbounded == []
