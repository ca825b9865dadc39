"""What validation reads: nothing from outside the repository, and no file of directory/ ignored
without a word. (Symlinks cannot be negative example files: they are made here.)"""

from __future__ import annotations

from pathlib import Path

from cpts.directory.problems import Severity, render_report
from cpts.directory.validate import validate_directory

from .conftest import TODAY

SECRET = "valeur-secrete-hors-du-depot"


def outside_file(tmp_path: Path) -> Path:
    """A YAML file outside the repository (the project is tmp_path/directory's parent)."""
    elsewhere = tmp_path.parent / f"{tmp_path.name}-ailleurs"
    elsewhere.mkdir()
    secret = elsewhere / "secret.yml"
    secret.write_text(f"nom: {SECRET}\nmot_de_passe: {SECRET}\n", "utf-8")
    return secret


def test_a_symlinked_entry_pointing_outside_is_refused_unread(base_directory: Path,
                                                              tmp_path: Path) -> None:
    link = base_directory / "professionnels" / "dupont-jean.yml"
    link.symlink_to(outside_file(tmp_path))
    raw, problems = validate_directory(base_directory, TODAY)
    mine = [p for p in problems if p.path == "directory/professionnels/dupont-jean.yml"]
    assert [(p.severity, p.message) for p in mine] == [(Severity.ERROR, (
        "ce lien symbolique mène hors du dépôt : il n'est pas lu — remplacez-le par le fichier "
        "lui-même, copié dans directory/"))]
    assert "dupont-jean" not in {doc.slug for doc in raw.entries["professionnel"]}
    for output in ("text", "github", "json"):
        assert SECRET not in render_report(problems, output)


def test_a_symlinked_folder_or_territory_pointing_outside_is_refused(base_directory: Path,
                                                                    tmp_path: Path) -> None:
    secret = outside_file(tmp_path)
    (base_directory / "territoire.yml").unlink()
    (base_directory / "territoire.yml").symlink_to(secret)
    (base_directory / "aides").rename(tmp_path / "aides-dehors")
    (base_directory / "aides").symlink_to(tmp_path.parent / "nowhere")
    _, problems = validate_directory(base_directory, TODAY)
    report = render_report(problems)
    assert "directory/territoire.yml: ce lien symbolique mène hors du dépôt" in report
    assert "directory/aides: ce lien symbolique ne mène à aucun fichier" in report
    assert SECRET not in report


def test_a_symlink_inside_the_repository_is_read(base_directory: Path) -> None:
    lea = base_directory / "professionnels" / "petit-lea.yml"
    kept = base_directory.parent / "petit-lea.yml"
    lea.rename(kept)
    lea.symlink_to(kept)
    _, problems = validate_directory(base_directory, TODAY)
    assert problems == []


def test_contours_through_a_symlink_to_outside_are_refused(base_directory: Path,
                                                          tmp_path: Path) -> None:
    geojson = base_directory / "communes.geojson"
    outside = tmp_path.parent / f"{tmp_path.name}-contours.geojson"
    geojson.rename(outside)
    geojson.symlink_to(outside)
    _, problems = validate_directory(base_directory, TODAY)
    assert any(p.field == "contours" and "n'est pas dans directory/" in p.message for p in problems)


def test_every_unread_file_is_reported_once(base_directory: Path) -> None:
    (base_directory / "professionnels" / ".gitkeep").write_text("")
    (base_directory / "notes.txt").write_text("à faire")
    (base_directory / "professionnels" / "lien-dossier").symlink_to(base_directory / "structures")
    _, problems = validate_directory(base_directory, TODAY)
    shown = {p.path: p for p in problems}
    assert set(shown) == {"directory/notes.txt", "directory/professionnels/lien-dossier"}
    assert all(p.severity is Severity.WARNING for p in problems)
    assert "déplacez-le hors de directory/, ou supprimez-le" in shown["directory/notes.txt"].message


def test_a_loop_of_symlinks_is_an_error_not_an_internal_one(base_directory: Path) -> None:
    folder = base_directory / "professionnels"
    (folder / "boucle-a.yml").symlink_to(folder / "boucle-b.yml")
    (folder / "boucle-b.yml").symlink_to(folder / "boucle-a.yml")
    _, problems = validate_directory(base_directory, TODAY)
    assert {(p.path, p.message) for p in problems} == {
        (f"directory/professionnels/boucle-{x}.yml",
         "ce lien symbolique ne mène à aucun fichier — remplacez-le par le fichier lui-même")
        for x in "ab"}


def test_geojson_is_not_reported_unread_while_the_territory_has_problems(base_directory: Path) -> None:
    territory = base_directory / "territoire.yml"
    territory.write_text(territory.read_text("utf-8").replace("nom: CPTS de test", "nom: 12"), "utf-8")
    _, problems = validate_directory(base_directory, TODAY)
    assert [p.path for p in problems] == ["directory/territoire.yml"]
