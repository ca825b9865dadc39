"""`cpts import`: the national extracts (fixtures in their published formats, fictional people)
read in every variant, mapped through correspondances.yml, written as valid entries, merged
again without losing a member's edit, and reported in French."""

from __future__ import annotations

import hashlib
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from cpts.cli import main
from cpts.directory.identifiers import luhn_key
from cpts.directory.validate import validate_directory
from cpts.imports import annuaire, finess
from cpts.imports.mapping import check_mapping
from cpts.imports.summary import ReadSummary
from cpts.imports.territory import TerritoryFilter

from .conftest import EXAMPLES, TODAY

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "imports"
ACTIVITIES = FIXTURES / "PS_LibreAcces_Personne_activite_202611300915.txt"
ZIP = FIXTURES / "PS_LibreAcces_202611300915.zip"
FINESS_FILE = FIXTURES / "etalab-cs1100507-stock-20261105-0337.csv"
LATER = "2026-12-01"  # a « today » after both extracts
FAUCHIER = "1010000060" + luhn_key("1010000060")  # numbers of the fixtures (fictional people)
MIDWIFE = "1010000090" + luhn_key("1010000090")


def territory() -> TerritoryFilter:
    return TerritoryFilter.from_territory(yaml.safe_load((EXAMPLES / "base" / "territoire.yml").read_text()))


def read(path: Path) -> tuple[list[annuaire.Activity], ReadSummary]:
    summary = ReadSummary(path.name)
    with path.open("rb") as stream:
        return list(annuaire.read_activities(stream, territory(), summary)), summary


def cpts(*args: str | Path) -> int:
    return main([str(a) for a in args])


def snapshot(directory: Path) -> dict[str, str]:
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*.yml"))}


def entry(directory: Path, kind: str, slug: str) -> dict:
    return yaml.safe_load((directory / kind / f"{slug}.yml").read_text("utf-8"))


# --- readers -------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "encoding", "variant"), [
    ("PS_LibreAcces_Personne_activite_202611300915.txt", "UTF-8", "56 colonnes"),
    ("PS_LibreAcces_Personne_activite_52colonnes_cp1252.txt", "Windows-1252", "52 colonnes"),
    ("PS_LibreAcces_Personne_activite_bom_crlf.txt", "UTF-8 avec BOM", "56 colonnes"),
])
def test_every_published_variant_reads_the_same_people(name: str, encoding: str, variant: str) -> None:
    activities, summary = read(FIXTURES / name)
    assert summary.encoding is not None and summary.encoding.label == encoding
    assert summary.variant == variant
    people = {(a["last_name"], a["first_name"]) for a in activities}
    # Paris is filtered out; LA VACHETTE (postcode of the territory, not one of its communes) too.
    assert people == {("MARTIN", "Claire"), ("ROUBION", "ALEXIS"), ("VERNEIL", "Nadia"),
                      ("TARDIVEL", "Lucien"), ("FAUCHIER", "Odile"), ("LAUZIER", "Bruno")}
    assert all(not a["town"].endswith("\r") and "\ufeff" not in a["id_type"] for a in activities)
    assert any("LA VACHETTE" in note for note in summary.notes)


def test_a_line_without_insee_code_is_placed_by_postcode_and_town() -> None:
    activities, _ = read(ACTIVITIES)
    villard = [a for a in activities if a["structure_id"] == "S05000003"]
    assert [a.insee for a in villard] == ["05133"]  # « 05330 ST CHAFFREY », code commune empty


def test_a_broken_line_is_reported_with_its_number_and_the_others_are_read() -> None:
    activities, summary = read(ACTIVITIES)
    assert [(s.line, s.reason.split(" (")[0]) for s in summary.skipped] == [(5, "57 champs au lieu de 56")]
    assert any(a.line == 6 for a in activities)  # the line after it


def test_a_file_that_is_not_the_extract_is_refused_with_the_missing_columns(tmp_path: Path) -> None:
    with pytest.raises(annuaire.ExtractError, match="Identifiant PP"):
        read(FINESS_FILE)


def test_finess_coordinates_are_converted_and_swapped_values_caught() -> None:
    assert finess.to_wgs84(882408.3, 6543019.6, "LAMBERT_93") == ((45.9624, 5.35565), False)
    assert finess.to_wgs84(6543019.6, 882408.3, "LAMBERT_93") == ((45.9624, 5.35565), True)
    assert finess.to_wgs84(1.0, 2.0, "LAMBERT_93") == (None, False)
    summary, positions = ReadSummary(FINESS_FILE.name), finess.Positions()
    with FINESS_FILE.open("rb") as stream:
        found = finess.read_establishments(stream, territory(), summary, positions)
    assert {e["nofinesset"] for e in found} == {"050000108", "050000207", "050000306", "050000405"}
    assert positions.swapped == ["050000306"]
    hospital = next(e for e in found if e["nofinesset"] == "050000306")
    assert hospital.position == {"lat": 44.896, "lon": 6.638}
    assert [(s.line, s.reason) for s in summary.skipped] == [
        (7, "ligne structureet de 3 champs au lieu de 32")]


@pytest.mark.parametrize(("system", "lat", "lon"), [
    ("UTM_N20", 16.2412, -61.5331),   # Pointe-à-Pitre
    ("UTM_N21", 46.7811, -56.1764),   # Saint-Pierre
    ("UTM_N22", 4.9372, -52.3260),    # Cayenne
    ("UTM_S38", -12.7806, 45.2278),   # Mamoudzou
    ("UTM_S40", -20.8789, 55.4481),   # Saint-Denis
])
def test_overseas_utm_systems(system: str, lat: float, lon: float) -> None:
    from pyproj import Transformer

    epsg = finess.SYSTEMS[system][0]
    x, y = Transformer.from_crs("EPSG:4326", f"EPSG:{epsg}", always_xy=True).transform(lon, lat)
    assert finess.to_wgs84(x, y, system) == ((lat, lon), False)
    assert finess.to_wgs84(y, x, system) == ((lat, lon), True)


def test_overseas_insee_codes() -> None:
    assert finess.insee_code("9A", "105") == "97105"
    assert finess.insee_code("01", "451") == "01451"


# --- mapping -------------------------------------------------------------------------------

def test_every_key_of_the_mapping_is_in_the_nomenclature() -> None:
    assert check_mapping() == []


def test_unknown_codes_are_reported_once_with_label_and_count(base_directory: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert cpts("import", "annuaire-sante", ACTIVITIES, "--directory", base_directory, "--date", LATER) == 0
    out = capsys.readouterr().out
    assert out.count("« 86 »") == 1
    assert ("code TRE_G15 (code profession) « 86 » (Technicien de laboratoire médical) inconnu de "
            "correspondances.yml : 1 ligne(s) non reprise(s)") in out
    assert "« medecin SM99 » (Spécialité absente de la table (test))" in out
    assert not (base_directory / "professionnels" / "lauzier-bruno.yml").exists()  # never guessed
    odile = entry(base_directory, "professionnels", "fauchier-odile")
    assert "specialites" not in odile


# --- import, validation, build ----------------------------------------------------------------

def test_import_writes_valid_grouped_entries_linked_to_structures(base_directory: Path) -> None:
    assert cpts("import", "finess", FINESS_FILE, "--directory", base_directory, "--date", LATER) == 0
    assert cpts("import", "annuaire-sante", ZIP, "--directory", base_directory, "--date", LATER) == 0
    _, problems = validate_directory(base_directory, TODAY.replace(day=30))
    assert [p for p in problems if p.severity == "error"] == []

    alexis = entry(base_directory, "professionnels", "roubion-alexis")
    assert alexis["rpps"] == "10100000305" and alexis["profession"] == "medecin"
    assert alexis["specialites"] == ["medecine-generale"]
    assert [(p.get("adresse"), p["commune"], p.get("telephone")) for p in alexis["lieux"]] == [
        ("4 rue Centrale", "05023", "04 65 71 00 91"), ("Le Villard", "05133", "04 65 71 00 92")]
    assert alexis["publie"] is False  # the default: published once a member confirms
    assert alexis["registre"]["extrait_le"] == "2026-11-30"
    assert "secteur" not in alexis and "carte_vitale" not in alexis and "nouveaux_patients" not in alexis
    nadia = entry(base_directory, "professionnels", "verneil-nadia")
    assert nadia["adeli"] == "059300217" and nadia["lieux"] == [{"structure": "msp-test"}]
    lucien = entry(base_directory, "professionnels", "tardivel-lucien")
    assert lucien["specialites"] == ["officine"]

    pharmacy = entry(base_directory, "structures", "pharmacie-du-villard")
    assert pharmacy["type"] == "pharmacie" and pharmacy["commune"] == "05133"
    assert pharmacy["adresse"] == "2 place de l'Eglise"
    assert pharmacy["registre"]["source"].startswith("FINESS")
    text = (base_directory / "professionnels" / "roubion-alexis.yml").read_text("utf-8")
    assert "# Position : le centre de la commune" in text and "# La profession." in text


def test_an_import_into_a_project_builds_and_unconfirmed_people_stay_off_the_site(project: Path) -> None:
    directory = project / "directory"
    assert cpts("import", "finess", FINESS_FILE, "--project", project, "--date", LATER) == 0
    assert cpts("import", "annuaire-sante", ZIP, "--project", project, "--date", LATER) == 0
    nadia = directory / "professionnels" / "verneil-nadia.yml"
    nadia.write_text(nadia.read_text("utf-8").replace("publie: false", "publie: true"), "utf-8")
    assert cpts("build", "--project", project, "--date", LATER) == 0
    pages = "\n".join(p.read_text("utf-8") for p in (project / "site").rglob("*.html"))
    assert "Pharmacie du Villard" in pages
    assert "Verneil" in pages  # confirmed by a member
    assert "Roubion" not in pages  # not yet


def test_publication_at_once_when_the_territory_says_so(base_directory: Path) -> None:
    settings = base_directory / "territoire.yml"
    settings.write_text(settings.read_text("utf-8") + "import:\n  publication: immediate\n", "utf-8")
    assert cpts("import", "annuaire-sante", ZIP, "--directory", base_directory, "--date", LATER) == 0
    assert "publie" not in entry(base_directory, "professionnels", "roubion-alexis")


# --- re-import ---------------------------------------------------------------------------

def test_running_the_same_import_twice_changes_nothing(base_directory: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    for _ in range(2):
        assert cpts("import", "finess", FINESS_FILE, "--directory", base_directory, "--date", LATER) == 0
        assert cpts("import", "annuaire-sante", ZIP, "--directory", base_directory, "--date", LATER) == 0
        first = snapshot(base_directory)
        capsys.readouterr()
    assert cpts("import", "finess", FINESS_FILE, "--directory", base_directory, "--date", LATER) == 0
    assert cpts("import", "annuaire-sante", ZIP, "--directory", base_directory, "--date", LATER,
                "--rapport") == 0
    assert snapshot(base_directory) == first
    assert "Rien n'a changé depuis la dernière importation." in capsys.readouterr().out


def test_a_members_own_entry_is_matched_by_rpps_and_left_as_written(base_directory: Path) -> None:
    claire = base_directory / "professionnels" / "martin-claire.yml"
    before = claire.read_text("utf-8")
    assert cpts("import", "annuaire-sante", ZIP, "--directory", base_directory, "--date", LATER) == 0
    after = claire.read_text("utf-8")
    assert after.startswith(before)  # only the record of what the registry says is added
    assert yaml.safe_load(after)["registre"]["valeurs"]["nom"] == "Martin"
    assert not (base_directory / "professionnels" / "martin-claire-2.yml").exists()


def later_extract(tmp_path: Path) -> Path:
    """The next month's extract: Alexis moved his first practice and changed the second phone,
    Nadia is no longer registered in the territory, a new midwife arrived."""
    text = ACTIVITIES.read_text("utf-8")
    lines = text.splitlines()
    lines = [line.replace("|4|||Rue|CENTRALE|", "|9|||Rue|DES ECOLES|").replace("0465710092", "0465710099")
             for line in lines if "|VERNEIL|" not in line]
    midwife = next(line for line in lines if "|FAUCHIER|" in line)
    midwife = (midwife.replace("FAUCHIER|Odile", "ESCALLIER|Romane")
               .replace("|10|Médecin|", "|50|Sage-femme|").replace(FAUCHIER, MIDWIFE)
               .replace("SM99", "").replace("S05000005", "S05000009"))
    path = tmp_path / "PS_LibreAcces_Personne_activite_202612310915.txt"
    path.write_text("\n".join([*lines, midwife]) + "\n", "utf-8")
    return path


def test_a_re_import_keeps_members_edits_and_updates_the_rest(base_directory: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert cpts("import", "annuaire-sante", ACTIVITIES, "--directory", base_directory, "--date", LATER) == 0
    alexis_file = base_directory / "professionnels" / "roubion-alexis.yml"
    text = alexis_file.read_text("utf-8")
    # A member confirms the entry, adds hours to the first place, corrects the second phone.
    text = text.replace("publie: false", "publie: true")
    text = text.replace('    telephone: "04 65 71 00 91"\n',
                        '    telephone: "04 65 71 00 91"\n    horaires:\n      lundi: "08:00-12:00"\n')
    text = text.replace('    telephone: "04 65 71 00 92"\n',
                        '    telephone: "04 65 71 00 55"  # le numéro du secrétariat\n')
    text = text.replace("verifie_le:", "langues: [fr, it]\nverifie_le:")
    alexis_file.write_text(text, "utf-8")
    capsys.readouterr()

    later = later_extract(tmp_path)
    assert cpts("import", "annuaire-sante", later, "--directory", base_directory, "--date", "2027-01-02",
                "--rapport") == 0
    out = capsys.readouterr().out
    alexis = entry(base_directory, "professionnels", "roubion-alexis")
    first, second = alexis["lieux"]
    assert first["adresse"] == "9 rue des Ecoles"  # untouched by members: updated
    assert first["horaires"] == {"lundi": "08:00-12:00"}  # the member's hours stay
    assert second["telephone"] == "04 65 71 00 55"  # the member's correction wins over the registry
    assert alexis["publie"] is True and alexis["langues"] == ["fr", "it"]
    assert "# le numéro du secrétariat" in alexis_file.read_text("utf-8")
    assert alexis["registre"]["valeurs"]["lieux"][1]["telephone"] == "04 65 71 00 99"
    # Departures are proposed, never deleted.
    nadia = entry(base_directory, "professionnels", "verneil-nadia")
    assert nadia["registre"]["absent_le"] == "2026-12-31"
    _, problems = validate_directory(base_directory, TODAY.replace(year=2027, month=1, day=2))
    assert [p for p in problems if p.severity == "error"] == []

    assert "## Nouveaux professionnels dans le territoire (1)" in out
    assert "Mme Romane Escallier, sage-femme — `directory/professionnels/escallier-romane.yml`" in out
    assert "## Plus dans le registre pour le territoire (1)" in out
    assert "Nadia Verneil — `directory/professionnels/verneil-nadia.yml`" in out
    assert "ne sont **pas supprimées**" in out
    assert "## Adresses changées (1)" in out
    assert ("M. Alexis Roubion, médecin — `directory/professionnels/roubion-alexis.yml` : 4 rue Centrale "
            "(05023) → 9 rue des Ecoles (05023)") in out
    assert "## Modifications des membres gardées (1)" in out
    assert ("téléphone de Le Villard (05133) : le registre dit « 04 65 71 00 99 », la fiche garde "
            "« 04 65 71 00 55 »") in out

    again = snapshot(base_directory)
    assert cpts("import", "annuaire-sante", later, "--directory", base_directory, "--date", "2027-01-02") == 0
    assert snapshot(base_directory) == again
    assert "0 à vérifier" in capsys.readouterr().out  # Nadia already flagged: not again


# --- files and addresses that cannot be used ----------------------------------------------

def test_a_missing_file_is_reported_and_nothing_written(base_directory: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(base_directory)
    assert cpts("import", "annuaire-sante", base_directory / "absent.txt", "--directory", base_directory) == 1
    assert "absent.txt : fichier introuvable" in capsys.readouterr().err
    assert cpts("import", "annuaire-sante", FINESS_FILE, "--directory", base_directory) == 1
    assert "la ligne 1 n'a pas les colonnes « Type d'identifiant PP »" in capsys.readouterr().err
    assert snapshot(base_directory) == before


def test_an_unreadable_entry_stops_the_import_before_anything_is_written(
        base_directory: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = base_directory / "professionnels" / "martin-claire.yml"
    broken.write_text(broken.read_text("utf-8").replace("lieux:", "lieux: [", 1), "utf-8")
    before = snapshot(base_directory)
    assert cpts("import", "annuaire-sante", ZIP, "--directory", base_directory, "--date", LATER) == 1
    assert "directory/professionnels/martin-claire.yml : fichier illisible" in capsys.readouterr().err
    assert snapshot(base_directory) == before


_SERVED: dict[str, str] = {}  # address of a recorded server -> the folder it serves


@pytest.fixture
def recorded_server(tmp_path: Path) -> Iterator[str]:
    """A local HTTP server replaying the recorded extract (no network)."""
    served = tmp_path / "served"
    served.mkdir()
    shutil.copy(ZIP, served / "PS_LibreAcces.zip")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            super().__init__(*args, directory=str(served), **kwargs)

        def end_headers(self) -> None:
            if self.path.endswith(".zip"):
                self.send_header("Content-Disposition",
                                 'attachment; filename="PS_LibreAcces_202611300915.zip"')
            super().end_headers()

        def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    _SERVED[url] = str(served)
    yield url
    server.shutdown()
    server.server_close()


def test_the_extract_is_downloaded_from_the_configured_address(base_directory: Path, recorded_server: str,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert cpts("import", "annuaire-sante", "--url", f"{recorded_server}/PS_LibreAcces.zip",
                "--directory", base_directory, "--date", LATER) == 0
    assert "4 fiche(s) créée(s)" in capsys.readouterr().out
    assert entry(base_directory, "professionnels", "roubion-alexis")["registre"]["extrait_le"] == "2026-11-30"
    assert cpts("import", "annuaire-sante", "--url", f"{recorded_server}/absent.zip",
                "--directory", base_directory) == 1
    assert "téléchargement de" in capsys.readouterr().err


def test_only_https_addresses_outside_this_machine(base_directory: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert cpts("import", "finess", "--url", "http://example.org/finess.csv", "--directory",
                base_directory) == 1
    assert "doit commencer par https://" in capsys.readouterr().err
    assert cpts("import", "finess", "--directory", base_directory) == 1
    assert "import: finess: https://" in capsys.readouterr().err


# --- the monthly workflow's script ----------------------------------------------------------

def test_the_monthly_script_pushes_a_branch_and_opens_a_pull_request(project: Path, tmp_path: Path,
                                                                      recorded_server: str) -> None:
    """`cpts import proposer` on a real git history, downloads from 127.0.0.1; `gh` (GitHub's
    API, out of reach offline) is replaced by a script that records its arguments."""
    shutil.copy(FINESS_FILE, Path(recorded_server_folder(recorded_server)) / FINESS_FILE.name)
    remote = tmp_path / "remote.git"
    gh_log = tmp_path / "gh.log"
    gh = tmp_path / "gh"
    gh.write_text(f'#!/bin/sh\necho "$@" >> {gh_log}\nfor a in "$@"; do [ "$prev" = --body-file ] && '
                  f'cp "$a" {tmp_path}/body.md; prev=$a; done\n', "utf-8")
    gh.chmod(0o755)
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GH": str(gh),
           "ANNUAIRE_SANTE_URL": f"{recorded_server}/PS_LibreAcces.zip",
           "FINESS_URL": f"{recorded_server}/{FINESS_FILE.name}"}

    def git(*args: str, cwd: Path = project) -> str:
        return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
                              check=True).stdout.strip()

    git("init", "-q", "--bare", str(remote), cwd=tmp_path)
    git("init", "-q", "-b", "main")
    git("add", "directory")
    git("commit", "-q", "-m", "base")
    git("remote", "add", "origin", str(remote))
    proc = subprocess.run([str(Path(sys.executable).parent / "cpts"), "import", "proposer"],
                          cwd=project, env=env,
                          capture_output=True, text=True, check=False, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    files = git("ls-tree", "-r", "--name-only", "import-national", cwd=remote).splitlines()
    assert "directory/professionnels/roubion-alexis.yml" in files
    assert "directory/structures/pharmacie-du-villard.yml" in files
    assert "pr create --head import-national --title Import des registres nationaux" in gh_log.read_text()
    body = (tmp_path / "body.md").read_text("utf-8")
    assert "## Nouveaux professionnels dans le territoire (4)" in body
    assert "## Nouvelles structures dans le territoire (2)" in body
    assert "Annuaire valide" in body


def recorded_server_folder(url: str) -> str:
    return _SERVED[url]


def test_every_new_site_gets_the_monthly_import(tmp_path: Path) -> None:
    """`cpts init` writes the workflow, which installs from requirements.txt and runs the
    package's own step (no script to copy into the site)."""
    site = tmp_path / "site"
    assert main(["init", str(site), "--nom", "CPTS de test", "--communes", "05023,05133",
                 "--contours", str(EXAMPLES / "base" / "communes.geojson"), "--hors-ligne"]) == 0
    workflow = yaml.safe_load((site / ".github" / "workflows" / "import-national.yml").read_text("utf-8"))
    steps = workflow["jobs"]["import"]["steps"]
    assert any("pip install -r requirements.txt" in s.get("run", "") for s in steps)
    assert any(".venv/bin/cpts import proposer" in s.get("run", "") for s in steps)


def test_a_finess_re_import_moves_updates_and_flags_establishments(
        base_directory: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cpts("import", "finess", FINESS_FILE, "--directory", base_directory, "--date", LATER) == 0
    pharmacy_file = base_directory / "structures" / "pharmacie-du-villard.yml"
    text = pharmacy_file.read_text("utf-8")
    pharmacy_file.write_text(text.replace('telephone: "04 65 71 00 93"', 'telephone: "04 65 71 00 50"', 1)
                             + "services: [Vaccination]\n", "utf-8")
    later = tmp_path / "etalab-cs1100507-stock-20261203-0337.csv"
    lines = FINESS_FILE.read_bytes().decode("cp1252").splitlines()
    lines = [line.replace(";2;PL;DE L'EGLISE;", ";5;R;DU PONT;").replace(";0465710093;", ";0465710077;")
             for line in lines if "050000306" not in line]  # the hospital is gone
    later.write_bytes(("\n".join(lines) + "\n").encode("cp1252"))
    capsys.readouterr()
    assert cpts("import", "finess", later, "--directory", base_directory, "--date", "2026-12-04",
                "--rapport") == 0
    out = capsys.readouterr().out
    pharmacy = entry(base_directory, "structures", "pharmacie-du-villard")
    assert pharmacy["adresse"] == "5 rue du Pont"  # nobody changed it: follows the registry
    assert pharmacy["telephone"] == "04 65 71 00 50"  # a member's correction stays
    assert pharmacy["services"] == ["Vaccination"]
    hospital = entry(base_directory, "structures", "centre-hospitalier-de-test")
    assert hospital["registre"]["absent_le"] == "2026-12-03"
    assert "## Adresses changées (1)" in out and "2 place de l'Eglise → 5 rue du Pont" in out
    assert "Centre Hospitalier de Test — `directory/structures/centre-hospitalier-de-test.yml`" in out
    assert "telephone : le registre dit « 04 65 71 00 77 », la fiche garde « 04 65 71 00 50 »" in out


def test_specialties_from_the_savoir_faire_file(base_directory: Path) -> None:
    skills = FIXTURES / "PS_LibreAcces_SavoirFaire_202611300915.txt"
    assert cpts("import", "annuaire-sante", ACTIVITIES, "--savoir-faire", skills,
                "--directory", base_directory, "--date", LATER) == 0
    # Her activity lines give only an unmapped specialty (SM99); the SavoirFaire file adds SM53.
    assert entry(base_directory, "professionnels", "fauchier-odile")["specialites"] == ["medecine-generale"]


@pytest.mark.parametrize(("raw", "kwargs", "shown"), [
    ("PHARMACIE DE LA GARE", {}, "Pharmacie de la Gare"),
    ("EHPAD LES EDELWEISS", {"acronyms": frozenset({"EHPAD"})}, "EHPAD les Edelweiss"),
    ("LE GALL", {"name": True}, "Le Gall"),
    ("JEAN-BAPTISTE", {"name": True}, "Jean-Baptiste"),
    ("DE L'EGLISE", {"inner": True}, "de l'Eglise"),
    ("Claire", {"name": True}, "Claire"),  # already written in lower case: kept
    ('CABINET "DU <PONT>"\x1a', {}, "Cabinet du Pont"),  # characters the schemas refuse
])
def test_names_in_capitals_are_made_readable(raw: str, kwargs: dict, shown: str) -> None:
    from cpts.imports.names import display_case

    assert display_case(raw, **kwargs) == shown


def test_a_person_whose_line_cannot_be_read_is_not_taken_for_a_departure(base_directory: Path,
                                                                          tmp_path: Path) -> None:
    assert cpts("import", "annuaire-sante", ACTIVITIES, "--directory", base_directory, "--date", LATER) == 0
    broken = tmp_path / "PS_LibreAcces_Personne_activite_202612310915.txt"
    broken.write_text(ACTIVITIES.read_text("utf-8").replace("|TARDIVEL|Lucien|", "|TARDIVEL|Lucien|x|"),
                      "utf-8")
    assert cpts("import", "annuaire-sante", broken, "--directory", base_directory,
                "--date", "2027-01-02") == 0
    assert "absent_le" not in entry(base_directory, "professionnels", "tardivel-lucien")["registre"]


def test_a_specialty_whose_label_contradicts_the_table_is_reported_not_mapped(
        base_directory: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A wrong line of correspondances.yml cannot mislabel anyone: the file's own label decides."""
    text = ACTIVITIES.read_text("utf-8")
    path = tmp_path / ACTIVITIES.name
    path.write_text(text.replace("SM99|Spécialité absente de la table (test)", "SM40|Cardiologie"),
                    "utf-8")
    assert cpts("import", "annuaire-sante", path, "--directory", base_directory, "--date", LATER) == 0
    out = capsys.readouterr().out
    assert ("code TRE_R38 (savoir-faire) « medecin SM40 » : le fichier dit « Cardiologie », "
            "correspondances.yml dit « Pédiatrie »") in out
    assert "pediatrie" not in (base_directory / "professionnels" / "fauchier-odile.yml").read_text("utf-8")


@pytest.mark.parametrize(("found", "expected", "same"), [
    ("Qualifié en Médecine Générale", "Qualifié en médecine générale", True),
    ("Spécialiste en Médecine Générale", "Médecine générale", True),
    ("Radio-diagnostic et imagerie médicale", "Radio-diagnostic", True),
    ("Gynécologie médicale", "Gynécologie-obstétrique", False),
    ("Cardiologie", "Pédiatrie", False),
])
def test_labels_compared_word_by_word(found: str, expected: str, same: bool) -> None:
    from cpts.imports.mapping import same_label

    assert same_label(found, expected) is same
