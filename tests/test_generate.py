"""The generation stage: the docs tree a member's data turns into, engine-independent."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from cpts.directory.validate import validate_directory
from cpts.model import build_model
from cpts.pages.entries import professional_pages
from cpts.pages.output import SiteContext
from cpts.pages.stage import MARKER, GenerationFailed, generate

from .conftest import TODAY


def front_matter(page: str) -> dict:
    _, meta, _ = page.split("---\n", 2)
    return yaml.safe_load(meta)


def test_one_page_per_professional_and_structure(project: Path) -> None:
    result = generate(project, project / "build" / "docs", today=TODAY)
    docs = result.out
    assert sorted(p.name for p in (docs / "professionnels").iterdir()) == [
        "durand-paul.md", "martin-claire.md", "petit-lea.md"]
    assert sorted(p.name for p in (docs / "structures").iterdir()) == ["msp-test.md"]
    home = (docs / "index.md").read_text()
    assert "<!-- cpts:" not in home  # markers replaced by their blocks
    assert '<a href="annuaire/masseur-kinesitherapeute/">Masseurs-kinésithérapeutes' in home
    page = (docs / "professionnels" / "martin-claire.md").read_text()
    assert front_matter(page)["title"] == "Dr Claire Martin"
    assert "<h1>Dr Claire Martin</h1>" in page
    # The number is never broken across lines
    assert ('href="tel:+33-4-92-20-10-10">Appeler le <span class="cpts-nowrap">04 92 20 10 10'
            '</span></a>') in page
    assert ('href="https://github.com/cpts-test/annuaire/edit/main/directory/professionnels/'
            'martin-claire.yml">Modifier cette fiche</a>') in page
    assert '<a href="../../structures/msp-test/">Maison de santé de test</a>' in page
    assert "Fiche vérifiée le 15 septembre 2026." in page
    assert "<tr><th scope=\"row\">Lundi et mardi</th><td>8 h à 12 h, 14 h à 19 h</td></tr>" in page


def test_structure_page_lists_its_professionals_with_links_back(project: Path) -> None:
    docs = generate(project, project / "build" / "docs", today=TODAY).out
    page = (docs / "structures" / "msp-test.md").read_text()
    assert '<a href="../../professionnels/martin-claire/">Dr Claire Martin</a>' in page
    assert '<a href="../../professionnels/petit-lea/">Mme Léa Petit</a>' in page
    assert "durand-paul" not in page


def test_unpublished_new_patients_status_is_not_shown(project: Path) -> None:
    path = project / "directory" / "professionnels" / "martin-claire.yml"
    path.write_text(path.read_text().replace("publie: true", "publie: false"))
    docs = generate(project, project / "build" / "docs", today=TODAY).out
    page = (docs / "professionnels" / "martin-claire.md").read_text()
    assert "cpts-badge--liste-attente" not in page
    path.write_text(path.read_text().replace("publie: false", "publie: true"))
    page = (generate(project, docs, today=TODAY).out / "professionnels" / "martin-claire.md")
    # A GP's badge says what the status means: a waiting list to have them as médecin traitant
    assert ('<li class="cpts-badge cpts-badge--liste-attente">Liste d&#39;attente pour devenir '
            'médecin traitant</li>') in page.read_text()


def test_member_text_is_escaped(project: Path) -> None:
    path = project / "directory" / "structures" / "msp-test.yml"
    path.write_text(path.read_text().replace(
        "Consultations de médecine générale", "Soins & 'nuit' -- **gras** ?a=1&b=2"))
    docs = generate(project, project / "build" / "docs", today=TODAY).out
    page = (docs / "structures" / "msp-test.md").read_text()
    assert "<li>Soins &amp; &#39;nuit&#39; -- **gras** ?a=1&amp;b=2</li>" in page


def test_markup_in_a_name_cannot_reach_the_page(base_directory: Path) -> None:
    raw, _ = validate_directory(base_directory, TODAY)
    directory = build_model(raw)
    directory.professionals[0].last_name = '<script>alert("x")</script>'
    pages = list(professional_pages(directory, SiteContext(base_directory.parent, TODAY)))
    text = pages[0].content
    assert "<script>" not in text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in text
    # Themes print the title unescaped into <title>: it arrives without markup characters.
    assert front_matter(text)["title"] == "M. Paul ‹script›alert(”x”)‹/script›"


def test_invalid_directory_writes_nothing(project: Path) -> None:
    out = project / "build" / "docs"
    generate(project, out, today=TODAY)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    path = project / "directory" / "professionnels" / "martin-claire.yml"
    path.write_text(path.read_text().replace("Claire", "Claire\n  bad: indentation"))
    with pytest.raises(GenerationFailed) as failure:
        generate(project, out, today=TODAY)
    assert "directory/professionnels/martin-claire.yml:" in failure.value.report
    assert "Le site n'a pas été construit" in failure.value.report
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before


def test_unchanged_files_are_not_rewritten_and_stale_ones_removed(project: Path) -> None:
    out = project / "build" / "docs"
    first = generate(project, out, today=TODAY)
    assert first.written == len([p for p in out.rglob("*") if p.is_file()]) - 1  # all but MARKER
    again = generate(project, out, today=TODAY)
    assert (again.written, again.removed) == (0, 0)
    (project / "directory" / "professionnels" / "durand-paul.yml").unlink()
    third = generate(project, out, today=TODAY)
    # His pages go (French and English), and so do the listing of physiotherapists, of whom
    # he was the only one, and the map's details file of his commune, where he was the only place.
    assert third.removed == 4
    assert not (out / "professionnels" / "durand-paul.md").exists()
    assert not (out / "en" / "professionnels" / "durand-paul.md").exists()
    assert not (out / "annuaire" / "masseur-kinesitherapeute.md").exists()
    assert sorted(p.name for p in (out / "assets" / "carte" / "lieux").iterdir()) == ["0.json"]


def test_refuses_to_write_into_a_foreign_folder(project: Path, tmp_path: Path) -> None:
    foreign = tmp_path / "mes-documents"
    foreign.mkdir()
    (foreign / "important.txt").write_text("ne pas effacer")
    with pytest.raises(GenerationFailed) as failure:
        generate(project, foreign, today=TODAY)
    assert "n'a pas été créé par cpts" in failure.value.report
    assert (foreign / "important.txt").read_text() == "ne pas effacer"
    assert not (foreign / MARKER).exists()


def test_stale_entry_is_a_warning_not_a_failure(project: Path) -> None:
    result = generate(project, project / "build" / "docs", today=dt.date(2027, 10, 2))
    stale = [p for p in result.problems if p.field == "verifie_le"
             and ("/professionnels/" in p.path or "/structures/" in p.path)]
    assert {Path(p.path).name for p in stale} == {"durand-paul.yml", "petit-lea.yml",
                                                  "martin-claire.yml", "msp-test.yml"}


def test_profession_is_written_in_the_feminine_for_mme(project: Path) -> None:
    docs = generate(project, project / "build" / "docs", today=TODAY).out
    page = (docs / "structures" / "msp-test.md").read_text()
    assert "Mme Léa Petit</a> — Infirmière</li>" in page


def test_entry_page_says_payment_access_and_presentation_escaped(project: Path) -> None:
    """What patients compare with Doctolib and ameli: the means of payment, how to come in, a
    short presentation; members' text escaped."""
    path = project / "directory" / "professionnels" / "martin-claire.yml"
    path.write_text(path.read_text().replace(
        "lieux:\n  - structure: msp-test\n",
        "presentation: Je suis aussi les enfants <script>.\n"
        "paiement: {tiers_payant: true, cheque: false}\n"
        "lieux:\n  - structure: msp-test\n"
        "    acces: {etage: 2e étage, ascenseur: true, stationnement: Parking de la gare}\n"))
    page = (generate(project, project / "build" / "docs", today=TODAY).out
            / "professionnels" / "martin-claire.md").read_text()
    assert "Je suis aussi les enfants &lt;script&gt;." in page
    assert "<li>Tiers payant : oui</li><li>Chèque : non</li>" in page
    assert "Carte bancaire" not in page  # not said, not shown
    assert "<dt>Accès</dt><dd><span>2e étage</span> — avec ascenseur</dd>" in page
    assert "<dt>Stationnement</dt><dd>Parking de la gare</dd>" in page


def test_the_means_of_payment_are_in_the_json_ld(project: Path) -> None:
    import json
    import re

    path = project / "directory" / "professionnels" / "martin-claire.yml"
    path.write_text(path.read_text().replace(
        "lieux:\n", "paiement: {especes: true, carte_bancaire: true, cheque: false}\nlieux:\n", 1))
    page = (generate(project, project / "build" / "docs", today=TODAY).out
            / "professionnels" / "martin-claire.md").read_text()
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert found and json.loads(found[1])["paymentAccepted"] == "Cash, Credit Card"
