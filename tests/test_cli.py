"""The `cpts` command as a member or CI runs it: exit codes and what it prints."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def cpts(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([BIN / "cpts", *args], cwd=cwd, capture_output=True, text=True,
                          check=False)


def test_validate_ok(project: Path) -> None:
    proc = cpts("validate", "--date", "2026-11-23", cwd=project)
    assert proc.returncode == 0
    assert proc.stdout.strip() == "Annuaire valide : aucune erreur."


def test_validate_reports_errors_and_fails(project: Path) -> None:
    path = project / "directory" / "professionnels" / "petit-lea.yml"
    path.write_text(path.read_text().replace("infirmier", "infirmiere"))
    proc = cpts("validate", "--date", "2026-11-23", cwd=project)
    assert proc.returncode == 1
    assert ("directory/professionnels/petit-lea.yml:6: profession : « infirmiere » n'est pas "
            "une valeur possible — vouliez-vous écrire « infirmier » ?") in proc.stdout
    assert proc.stdout.strip().endswith("Annuaire : 1 erreur.")


def test_warnings_fail_only_with_strict(project: Path) -> None:
    proc = cpts("validate", "--date", "2027-12-01", cwd=project)
    assert proc.returncode == 0
    assert "(avertissement) verifie_le : fiche non vérifiée depuis le" in proc.stdout
    strict = cpts("validate", "--strict", "--date", "2027-12-01", cwd=project)
    assert strict.returncode == 1


def test_github_annotations_for_changed_files_only(project: Path) -> None:
    for name in ("petit-lea.yml", "durand-paul.yml"):
        path = project / "directory" / "professionnels" / name
        path.write_text(path.read_text().replace('verifie_le: "2026', 'verifie_le: "2030'))
    proc = cpts("validate", "--format", "github", "--date", "2026-11-23",
                "directory/professionnels/petit-lea.yml", cwd=project)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert lines[0] == ("::error file=directory/professionnels/petit-lea.yml,line=9::verifie_le : "
                        "la date 2030-07-01 est dans le futur — écrivez la date de la "
                        "vérification, par exemple 2026-11-23")
    assert "durand-paul" not in proc.stdout


def test_build_failure_prints_the_report_without_traceback(project: Path) -> None:
    (project / "directory" / "professionnels" / "broken.yml").write_text("nom: [\n")
    proc = cpts("build", cwd=project)
    assert proc.returncode == 1
    assert "directory/professionnels/broken.yml:2: syntaxe YAML invalide : une valeur manque" in proc.stderr
    assert "Traceback" not in proc.stderr
