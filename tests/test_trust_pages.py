"""The pages every site owes its visitors: the CPTS, mentions légales, confidentialité,
accessibilité, données ouvertes — linked from the footer of every page, filled from the data."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

from cpts.contact import form
from cpts.pages.stage import GenerationFailed, generate
from cpts.rendering.engine import build_site

from .conftest import ROOT, TODAY

FOOTER = re.compile(r'<nav class="cpts-footer-links"[^>]*>(.*?)</nav>', re.DOTALL)
LINKS = {
    "La CPTS": "a-propos/index.html",
    "Mentions légales": "a-propos/mentions-legales/index.html",
    "Confidentialité": "a-propos/confidentialite/index.html",
    "Accessibilité : non conforme": "a-propos/accessibilite/index.html",
    "Données ouvertes": "donnees/index.html",
}


def footer_targets(site: Path, page: str) -> dict[str, str]:
    """Footer link text -> the file it leads to, resolved from `page` as a browser does."""
    (footer,) = FOOTER.findall((site / page).read_text("utf-8"))
    here = posixpath.dirname(page)
    return {text: posixpath.normpath(posixpath.join(here, href)) + "/index.html"
            for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', footer)}


DEMO_ENTRY = sorted((ROOT / "directory" / "professionnels").glob("*.yml"))[0].stem


@pytest.mark.parametrize("page", ["index.html", f"professionnels/{DEMO_ENTRY}/index.html",
                                  "prevention/index.html", "a-propos/accessibilite/index.html"])
def test_every_page_links_the_trust_pages_in_its_footer(demo_site: Path, page: str) -> None:
    targets = footer_targets(demo_site, page)
    assert targets == LINKS
    assert all((demo_site / target).is_file() for target in targets.values())


def test_legal_notice_names_the_publisher_from_the_territory(demo_site: Path) -> None:
    html = (demo_site / LINKS["Mentions légales"]).read_text("utf-8")
    assert "Ce site est édité par la <strong>CPTS du Grand Briançonnais</strong>, 8 avenue " \
           "Maurice Petsche, 05100 Briançon." in html
    assert "Responsable de la publication : Dr Jeanne Marnoux, présidente de la CPTS." in html
    assert "GitHub Pages, service de GitHub, Inc." in html
    assert 'href="tel:+33-4-65-71-00-67"' in html


def test_privacy_policy_says_what_is_collected_why_and_how_long(demo_site: Path) -> None:
    html = (demo_site / LINKS["Confidentialité"]).read_text("utf-8")
    assert "Aucun cookie, aucune mesure d'audience, aucune publicité." in html
    assert f"<dd>{form.RETENTION_DAYS} jours après leur réception" in html
    assert "SQLite" in html and "par courriel à l'adresse de la CPTS" in html
    for field in ("nom", "prenom", "commune", "personnes", "tranches_age", "visites_domicile",
                  "disponibilites"):
        assert form.LABELS[field].lower().replace("'", "&#39;") in html, field
    assert "<strong>Aucune donnée de santé</strong>" in html
    assert "<strong>tile.openstreetmap.org</strong>" in html, "the one third party is named"
    assert "réclamation à la CNIL" in html


def test_accessibility_statement_without_audit_is_non_conforme(demo_site: Path) -> None:
    html = (demo_site / LINKS["Accessibilité : non conforme"]).read_text("utf-8")
    assert 'data-cpts-accessibilite="non conforme"' in html
    assert "Aucun audit de conformité n'a encore été réalisé" in html
    assert "Défenseur des droits" in html and "Libre réponse 71120" in html
    assert "mailto:contact@cpts-grand-brianconnais.example" in html


def test_an_audit_changes_the_statement_and_the_footer(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "      etat: non conforme\n",
        "      etat: partiellement conforme\n"
        "      audit: {date: 2026-10-15, taux: 82, auditeur: Access Montagne}\n"))
    site = build_site(project, today=TODAY)
    html = (site / "a-propos" / "accessibilite" / "index.html").read_text("utf-8")
    assert "Ce site est <strong>partiellement conforme</strong> avec le RGAA 4.1." in html
    assert ("Un audit de conformité réalisé le 15 octobre 2026 par Access Montagne montre que "
            "82 % des critères du RGAA sont respectés.") in html
    assert "Accessibilité : partiellement conforme" in footer_targets(site, "index.html")


def test_a_state_the_audit_does_not_support_stops_the_build(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "      etat: non conforme\n",
        "      etat: partiellement conforme\n      audit: {date: 2026-10-15, taux: 40}\n"))
    with pytest.raises(GenerationFailed) as failure:
        generate(project, project / "build" / "docs", today=TODAY)
    assert ("mkdocs.yml: extra.cpts.accessibilite : avec un taux de 40 %, l'état est « non "
            "conforme » : écrivez-le") in failure.value.report


def test_about_page_describes_the_cpts_and_its_territory(demo_site: Path) -> None:
    html = (demo_site / LINKS["La CPTS"]).read_text("utf-8")
    assert "<h1>La CPTS du Grand Briançonnais</h1>" in html
    assert "21 communes, 26 138 habitants" in html
    assert "Faciliter l'accès aux soins" in html
