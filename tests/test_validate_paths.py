"""`cpts validate PATH…` selects, never hides: the cases a member and the git hook meet."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

BIN = Path(sys.executable).parent
DATE = ("--date", "2026-11-23")


def cpts(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([BIN / "cpts", "validate", *DATE, *args], cwd=cwd, capture_output=True,
                          text=True, check=False)


def break_lea(project: Path) -> None:
    lea = project / "directory" / "professionnels" / "petit-lea.yml"
    lea.write_text(lea.read_text("utf-8").replace("infirmier", "infirmiere"), "utf-8")


LEA_ERROR = "directory/professionnels/petit-lea.yml:6: profession : « infirmiere »"


@pytest.mark.parametrize("path", ["directory", "directory/", "directory/professionnels",
                                  "./directory/professionnels/", "directory/professionnels/petit-lea.yml"])
def test_a_folder_or_a_file_validates_what_it_holds(project: Path, path: str) -> None:
    break_lea(project)
    proc = cpts(path, cwd=project)
    assert proc.returncode == 1
    assert LEA_ERROR in proc.stdout
    assert "Annuaire valide" not in proc.stdout


def test_another_folder_or_file_does_not_show_the_problem_but_still_passes(project: Path) -> None:
    break_lea(project)
    proc = cpts("directory/structures", "directory/professionnels/durand-paul.yml", cwd=project)
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.strip() == "Annuaire valide : aucune erreur."


def test_a_missing_or_mistyped_path_is_an_error(project: Path) -> None:
    proc = cpts("directory/professionnels/petit-laa.yml", cwd=project)
    assert proc.returncode == 1
    assert ("directory/professionnels/petit-laa.yml: ce fichier ou ce dossier n'existe pas — "
            "vérifiez le chemin, par exemple « directory/professionnels/petit-lea.yml »") in proc.stdout
    assert "Annuaire : 1 erreur." in proc.stdout
    assert cpts("directory/professionels", cwd=project).returncode == 1


def test_a_path_too_long_is_an_error_not_an_internal_one(project: Path) -> None:
    proc = cpts("directory/professionnels/" + "x" * 300 + ".yml", cwd=project)
    assert proc.returncode == 1
    assert "ce chemin ne peut pas être lu (nom trop long) — vérifiez-le" in proc.stdout
    assert "Erreur interne" not in proc.stdout + proc.stderr
    assert "x" * 200 not in proc.stdout


def test_a_file_outside_the_directory_is_an_error(project: Path) -> None:
    proc = cpts("mkdocs.yml", cwd=project)
    assert proc.returncode == 1
    assert "mkdocs.yml: ce chemin n'est pas dans l'annuaire (directory/)" in proc.stdout


def test_paths_through_a_symlink_or_from_another_folder(project: Path, tmp_path: Path) -> None:
    break_lea(project)
    (tmp_path / "lien").symlink_to(project)
    through_link = cpts(str(tmp_path / "lien" / "directory" / "professionnels" / "petit-lea.yml"),
                        cwd=project)
    assert through_link.returncode == 1 and LEA_ERROR in through_link.stdout
    inside = cpts("petit-lea.yml", cwd=project / "directory" / "professionnels")
    assert inside.returncode == 1 and LEA_ERROR in inside.stdout
    elsewhere = cpts("--project", str(tmp_path / "lien"), "project/directory/professionnels",
                     cwd=tmp_path)
    assert elsewhere.returncode == 1 and LEA_ERROR in elsewhere.stdout


def test_a_new_file_shows_the_duplicate_reported_on_the_unchanged_one(project: Path) -> None:
    claire = project / "directory" / "professionnels" / "martin-claire.yml"
    new = project / "directory" / "professionnels" / "bernard-anne.yml"
    new.write_text(claire.read_text("utf-8").replace("Martin", "Bernard")
                   .replace("Claire", "Anne"), "utf-8")
    proc = cpts("directory/professionnels/bernard-anne.yml", cwd=project)
    assert proc.returncode == 1
    assert ("directory/professionnels/martin-claire.yml:5: rpps : le numéro 10100000016 est déjà "
            "celui de directory/professionnels/bernard-anne.yml") in proc.stdout


def test_a_structure_still_referenced_shows_on_its_own_path(project: Path) -> None:
    msp = project / "directory" / "structures" / "msp-test.yml"
    renamed = msp.with_name("msp-du-test.yml")
    msp.rename(renamed)
    proc = cpts("directory/structures/msp-du-test.yml", cwd=project)
    assert proc.returncode == 0  # the renamed file itself is fine…
    gone = cpts("directory/structures/msp-test.yml", cwd=project)
    assert gone.returncode == 1  # …the old name is no file to validate
    assert "n'existe pas" in gone.stdout
    whole = cpts("directory/structures", cwd=project)
    assert whole.returncode == 1
    assert "lieux[1].structure : la structure « msp-test » n'existe pas" in whole.stdout


# The git hook (scripts/hooks/pre-commit) passes the committed paths to `cpts validate`.

def git(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CPTS": str(BIN / "cpts"), "GIT_AUTHOR_NAME": "Test",
           "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          check=False)


@pytest.fixture
def repository(project: Path) -> Path:
    assert git("init", "-q", cwd=project).returncode == 0
    git("config", "core.hooksPath", str(ROOT / "scripts" / "hooks"), cwd=project)
    subprocess.run([BIN / "cpts", "codeowners"], cwd=project, check=True, capture_output=True)
    git("add", ".", cwd=project)
    assert git("commit", "-q", "-m", "start", cwd=project).returncode == 0
    return project


def test_hook_refuses_a_duplicate_reported_on_the_unchanged_file(repository: Path) -> None:
    claire = repository / "directory" / "professionnels" / "martin-claire.yml"
    new = repository / "directory" / "professionnels" / "bernard-anne.yml"
    new.write_text(claire.read_text("utf-8").replace("Martin", "Bernard").replace("Claire", "Anne")
                   .replace("mainteneurs: [claire-martin]\n", ""), "utf-8")
    git("add", ".", cwd=repository)
    refused = git("commit", "-q", "-m", "duplicate", cwd=repository)
    assert refused.returncode == 1
    assert "rpps : le numéro 10100000016 est déjà celui de" in refused.stderr


def test_hook_refuses_deleting_a_structure_still_referenced(repository: Path) -> None:
    git("rm", "-q", "directory/structures/msp-test.yml", cwd=repository)
    refused = git("commit", "-q", "-m", "delete", cwd=repository)
    assert refused.returncode == 1
    assert "la structure « msp-test » n'existe pas dans directory/structures/" in refused.stderr


def test_hook_refuses_a_non_ascii_file_name(repository: Path) -> None:
    lea = repository / "directory" / "professionnels" / "petit-lea.yml"
    (lea.parent / "petit-léa.yml").write_text(lea.read_text("utf-8"), "utf-8")
    lea.unlink()
    git("add", "-A", ".", cwd=repository)
    refused = git("commit", "-q", "-m", "accent", cwd=repository)
    assert refused.returncode == 1
    assert "directory/professionnels/petit-léa.yml:1: nom de fichier invalide" in refused.stderr
