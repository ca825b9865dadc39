"""The field reference members read (docs/champs.md) is generated from the schemas and never drifts."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cpts.cli import main
from cpts.directory.schemas import KINDS, SHARED, load_schema
from cpts.members import fields
from cpts.nomenclature import nomenclature

from .conftest import ROOT

REFERENCE = ROOT / "docs" / "champs.md"


def property_names(node: Any) -> Iterator[str]:
    """Every key of every `properties` object in a schema, at any depth (independent of the
    generator: a new property anywhere must show up in the reference)."""
    if isinstance(node, dict):
        for name, child in node.get("properties", {}).items():
            yield name
            yield from property_names(child)
        for key, child in node.items():
            if key != "properties":
                yield from property_names(child)
    elif isinstance(node, list):
        for child in node:
            yield from property_names(child)


def test_reference_is_up_to_date() -> None:
    assert REFERENCE.read_text("utf-8") == fields.render(), (
        "docs/champs.md is stale: run `.venv/bin/cpts fields`")


def test_every_schema_property_is_documented() -> None:
    text = REFERENCE.read_text("utf-8")
    documented = set(re.findall(r"\*\*`([a-z_]+)`\*\*", text))
    for name in (*KINDS, SHARED):
        missing = set(property_names(load_schema(name))) - documented
        assert not missing, f"{name}.schema.json: not in docs/champs.md: {sorted(missing)}"


def enum_values(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        yield from (str(v) for v in node.get("enum", []))
        for child in node.values():
            yield from enum_values(child)
    elif isinstance(node, list):
        for child in node:
            yield from enum_values(child)


def test_every_allowed_value_is_documented() -> None:
    text = REFERENCE.read_text("utf-8")
    for name in (*KINDS, SHARED):
        missing = {v for v in enum_values(load_schema(name)) if f"`{v}`" not in text}
        assert not missing, f"{name}.schema.json: values not in docs/champs.md: {sorted(missing)}"


def test_required_fields_examples_and_french_labels() -> None:
    text = REFERENCE.read_text("utf-8")
    professional = text.split("## Professionnel de santé")[1].split("\n## ")[0]
    assert "- **`civilite`** (obligatoire) : Mme ou M." in professional
    assert "- **`competences`** : Compétences" in professional  # optional: no « obligatoire »
    assert "Il faut exactement un des champs `rpps` ou `adeli`." in professional
    assert 'Exemple : `rpps: "10101234567"`' in professional
    assert "Un code de profession de la [nomenclature](#nomenclature)." in professional
    nomenclature_section = text.split("\n## Nomenclature\n")[1]
    assert "- `masseur-kinesitherapeute` : Masseur-kinésithérapeute (au féminin : " \
        "Masseuse-kinésithérapeute)\n  - `respiratoire` : Kinésithérapie respiratoire" in nomenclature_section
    # Both kinds of place are explained, and shared objects link to their section.
    assert "  - Exercice dans une structure de l'annuaire :" in professional
    assert "  - Exercice à une adresse :" in professional
    assert "Voir [`horaires`](#horaires)." in professional
    assert "### `horaires`" in text and "### `coordonnees`" in text
    for code, structure_type in nomenclature().structure_types.items():
        assert f"`{code}` : {structure_type.label}" in text


def test_command_writes_and_checks(tmp_path: Path) -> None:
    def cpts(*args: str) -> subprocess.CompletedProcess[str]:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([*args, "--project", str(tmp_path)])
        return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())

    stale = cpts("fields", "--check")
    assert stale.returncode == 1
    assert "docs/champs.md n'est plus à jour avec les schémas : lancez « cpts fields »" in stale.stderr
    assert cpts("fields").returncode == 0
    assert (tmp_path / "docs" / "champs.md").read_text("utf-8") == REFERENCE.read_text("utf-8")
    assert cpts("fields", "--check").returncode == 0


def test_markup_in_schema_text_cannot_break_the_page() -> None:
    assert fields._md("a <b> | `c`") == "a &lt;b&gt; \\| \\`c\\`"


def test_contributing_guide_links_to_the_reference_and_existing_files() -> None:
    guide = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    targets = re.findall(r"\]\((?!https?:|#|\.\./\.\./)([^)]+)\)", guide)
    assert "docs/champs.md" in targets
    for target in targets:
        assert (ROOT / target).exists(), f"CONTRIBUTING.md links to a missing file: {target}"
    assert "](../CONTRIBUTING.md)" in REFERENCE.read_text("utf-8")
    for command in ("cpts new professionnel", "cpts new structure", "cpts codeowners",
                    "cpts fields", "cpts stale", "git config core.hooksPath scripts/hooks"):
        assert command in guide


def test_members_are_told_that_publie_false_stays_public_in_the_repository() -> None:
    """`publie: false` hides a new-patients status from the site, not from the public Git
    repository every entry page links to; the field reference and the guide say so."""
    from .conftest import ROOT

    reference = (ROOT / "docs" / "champs.md").read_text("utf-8")
    (line,) = [x for x in reference.splitlines() if x.startswith("  - **`publie`**")]
    assert "PAS du dépôt Git : le dépôt est public" in line
    assert "aucun endroit privé pour un statut d'accueil de nouveaux patients" in line
    guide = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    assert "**Tout ce qu'une fiche contient est public**" in guide
    assert "Cet outil n'a **aucun endroit privé**" in guide
