"""`cpts new`: scripted answers give a commented file that passes validation; bad answers are
refused with a French explanation and asked again."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cpts.directory.identifiers import luhn_key
from cpts.directory.validate import validate_directory
from cpts.members import scaffold

from .conftest import TODAY

BIN = Path(sys.executable).parent
GOOD_RPPS = "1010123456" + luhn_key("1010123456")
GOOD_FINESS = "05000001" + luhn_key("05000001")


def new(kind: str, answers: list[str], project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([BIN / "cpts", "new", kind, "--date", TODAY.isoformat()], cwd=project,
                          input="\n".join(answers) + "\n", capture_output=True, text=True,
                          check=False, timeout=60)


def scripted(kind: str, answers: list[str], directory: Path) -> tuple[int, str, Path | None]:
    """Run the questions in-process: (exit code, transcript, file written)."""
    pending = list(answers)
    transcript: list[str] = []

    def read() -> str:
        if not pending:
            raise EOFError
        answer = pending.pop(0)
        transcript.append(answer + "\n")
        return answer

    code, written = scaffold.run(kind, directory, TODAY, scaffold.Prompter(read, transcript.append))
    return code, "".join(transcript), written


PROFESSIONAL = [
    "Mme",                 # civilité
    "Berger", "Anne",      # nom, prénom
    "infirmier",           # profession, by code
    "1, asalee",           # spécialités, by number and code
    "12345678901",         # RPPS with a wrong key: refused
    GOOD_RPPS,
    "",                    # no structure: an address
    "Cabinet du Pont",     # nom du cabinet
    "3 rue du Pont d'Asfeld",
    "briançon",            # commune by name, any case
    "",                    # position: the commune's centre
    "04 65",               # phone too short: refused
    "04 65 71 00 99",
    "liste-attente", "oui",
    "@anne-berger",
]


def test_professional_from_stdin_is_valid_and_commented(project: Path) -> None:
    proc = new("professionnel", PROFESSIONAL, project)

    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Fiche créée : directory/professionnels/berger-anne.yml." in proc.stdout
    assert "✗ le numéro RPPS « 12345678901 » est invalide (sa clé de contrôle ne correspond pas" \
        in proc.stdout
    assert "✗ « 04 65 » n'est pas un numéro de téléphone valide — tapez les 10 chiffres" in proc.stdout
    text = (project / "directory" / "professionnels" / "berger-anne.yml").read_text("utf-8")
    assert text.startswith("# Fiche de Mme Anne Berger — infirmière\n")
    for line in ('# Le numéro RPPS (11 chiffres, sur la carte CPS).\nrpps: "' + GOOD_RPPS + '"',
                 "specialites: [soins-generaux, asalee]",
                 '  - nom: Cabinet du Pont\n    adresse: "3 rue du Pont d\'Asfeld"\n'
                 '    commune: "05023"\n',
                 '    telephone: "04 65 71 00 99"',
                 'nouveaux_patients:\n  statut: liste-attente\n  publie: true',
                 "mainteneurs: [anne-berger]", 'verifie_le: "2026-11-23"'):
        assert line in text
    _, problems = validate_directory(project / "directory", TODAY)
    assert problems == []


def test_structure_with_finess_is_valid(base_directory: Path) -> None:
    answers = ["pharmacie", "Pharmacie du Col", "050000341", GOOD_FINESS, "Place du Col",
               "05133", "44.93, 6.59", "+33 4 65 71 00 98", "", "https://pharmacie-du-col.example",
               "oui", "non", ""]
    code, transcript, written = scripted("structure", answers, base_directory)

    assert code == 0, transcript
    assert "✗ le numéro FINESS « 050000341 » est invalide" in transcript
    assert written == base_directory / "structures" / "pharmacie-du-col.yml"
    text = written.read_text("utf-8")
    assert "type: pharmacie\n" in text and f'finess: "{GOOD_FINESS}"' in text
    assert "coordonnees: {lat: 44.93, lon: 6.59}" in text
    assert 'telephone: "04 65 71 00 98"' in text  # written the way the site shows it
    assert "soins_non_programmes: true\n" in text and "accessible_pmr: false\n" in text
    assert validate_directory(base_directory, TODAY)[1] == []


@pytest.mark.parametrize(("answer", "message"), [
    ("1010123456", "un numéro RPPS a 11 chiffres (vous en avez tapé 10)"),
    ("10101234567", "le numéro RPPS « 10101234567 » est invalide"),
    ("10100000016", "ce numéro est déjà celui de directory/professionnels/martin-claire.yml"),
])
def test_bad_rpps_is_refused_and_asked_again(answer: str, message: str, base_directory: Path) -> None:
    answers = ["M.", "Nouveau", "Paul", "medecin", "", answer]
    code, transcript, written = scripted("professionnel", answers, base_directory)
    assert f"✗ {message}" in transcript
    assert transcript.count("Numéro RPPS") == 2  # asked again, then the answers ran out
    assert code == 1 and written is None
    assert "Abandon : réponses interrompues avant la fin : aucun fichier n'a été écrit." in transcript
    assert not (base_directory / "professionnels" / "nouveau-paul.yml").exists()


@pytest.mark.parametrize("answer", ["04 92 21", "01 23 45 67 89 00", "06 12 34 56 7x", "112"])
def test_bad_phone_is_refused(answer: str, base_directory: Path) -> None:
    answers = ["M.", "Nouveau", "Paul", "psychologue", "", "", "059321923", "msp-test", answer]
    _, transcript, _ = scripted("professionnel", answers, base_directory)
    assert f"✗ « {answer} » n'est pas un numéro de téléphone valide" in transcript


def test_commune_outside_the_territory_and_unknown_structure_are_refused(base_directory: Path) -> None:
    answers = ["M.", "Nouveau", "Paul", "psychologue", "", "", "059321923",
               "msp-tset", "", "", "1 rue Haute", "Gap", "05000", "Briançon", "6.65, 44.9"]
    _, transcript, _ = scripted("professionnel", answers, base_directory)
    assert "✗ la structure « msp-tset » n'existe pas dans directory/structures/ — vouliez-vous " \
        "écrire « msp-test » ?" in transcript
    assert "✗ « Gap » n'est pas une commune du territoire de la CPTS" in transcript
    assert "✗ « 05000 » n'est pas une commune du territoire de la CPTS" in transcript
    assert "✗ le point (6.65, 44.9) est hors du territoire de la CPTS — la latitude et la " \
        "longitude semblent inversées" in transcript


def test_an_existing_entry_is_not_overwritten(base_directory: Path) -> None:
    before = (base_directory / "professionnels" / "martin-claire.yml").read_text("utf-8")
    code, transcript, _ = scripted("professionnel", ["Mme", "Martin", "Claire"], base_directory)
    assert code == 1
    assert "une fiche existe déjà : directory/professionnels/martin-claire.yml" in transcript
    assert (base_directory / "professionnels" / "martin-claire.yml").read_text("utf-8") == before


def test_professional_in_a_structure_of_the_directory(base_directory: Path) -> None:
    answers = ["M.", "Nouveau", "Paul", "psychologue", "2", "", "059321923", "msp-test", "", "non", "non", ""]
    code, transcript, written = scripted("professionnel", answers, base_directory)
    assert code == 0, transcript
    assert written is not None
    text = written.read_text("utf-8")
    assert "lieux:\n  - structure: msp-test\n" in text
    assert "adeli: \"059321923\"" in text and "rpps" not in text.split("adeli")[1]
    assert "nouveaux_patients:\n  statut: non\n  publie: false\n" not in text  # « non » needs quotes
    assert 'nouveaux_patients:\n  statut: "non"\n  publie: false\n' in text
    assert validate_directory(base_directory, TODAY)[1] == []
