"""Reading a member's YAML file: dates stay text, lines are found, nothing is silently lost."""

from __future__ import annotations

from pathlib import Path

from cpts.directory.yamlfile import read_yaml


def read(tmp_path: Path, text: str):
    path = tmp_path / "f.yml"
    path.write_text(text, encoding="utf-8")
    return read_yaml(path, "f.yml")


def test_dates_and_codes_stay_strings(tmp_path: Path) -> None:
    doc, problems = read(tmp_path, "verifie_le: 2026-09-15\ncommune: '05023'\nheure: 08:30-12:00\n")
    assert problems == []
    assert doc is not None
    assert doc.data == {"verifie_le": "2026-09-15", "commune": "05023", "heure": "08:30-12:00"}


def test_line_of_nested_values(tmp_path: Path) -> None:
    doc, _ = read(tmp_path, "# comment\nnom: A\nlieux:\n  - structure: x\n    telephone: '04'\n")
    assert doc is not None
    assert doc.line_of(("nom",)) == 2
    assert doc.line_of(("lieux", 0, "telephone")) == 5
    assert doc.line_of(("lieux", 3)) == 3  # missing item: closest parent
    assert doc.key_line(("lieux", 0), "telephone") == 5


def test_duplicate_key_is_reported_not_dropped(tmp_path: Path) -> None:
    _, problems = read(tmp_path, "nom: A\nprenom: B\nnom: C\n")
    assert [(p.line, p.field) for p in problems] == [(3, "nom")]
    assert "déjà ligne 1" in problems[0].message


def test_syntax_error_has_its_line_and_a_hint(tmp_path: Path) -> None:
    doc, problems = read(tmp_path, "nom: A\nadresse: Rue: des Écrins\n")
    assert doc is None
    assert problems[0].line == 2
    assert "mettez la valeur entre guillemets" in problems[0].message
