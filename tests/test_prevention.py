"""« Prévention »: campaigns as data, current ones first, then upcoming, then the archive,
each section in period order; a campaign moves to the archive by itself after its last day."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from cpts.pages.stage import generate

from .conftest import TODAY

SECTION = re.compile(r'<h2 id="(en-cours|a-venir|archives)">')
CAMPAIGN = re.compile(r'data-cpts-campagne="([a-z0-9-]+)"')


def add_campaign(project: Path, slug: str, start: str, end: str) -> None:
    (project / "directory" / "campagnes" / f"{slug}.yml").write_text(
        f'titre: Campagne {slug}\ndebut: "{start}"\nfin: "{end}"\npublic: Tout le monde\n'
        "texte: Un paragraphe.\n")


def sections(page: str) -> dict[str, list[str]]:
    """Section id -> campaign slugs in the order the page lists them."""
    parts = SECTION.split(page)
    return {parts[i]: CAMPAIGN.findall(parts[i + 1]) for i in range(1, len(parts), 2)}


def test_current_campaigns_first_then_upcoming_then_archives_each_in_period_order(
        project: Path) -> None:
    # On TODAY (2026-11-23) the base holds one current, one upcoming and one past campaign.
    add_campaign(project, "courte", "2026-11-01", "2026-11-30")        # current, ends first
    add_campaign(project, "longue", "2026-09-01", "2027-06-30")        # current, ends last
    add_campaign(project, "printemps", "2027-04-01", "2027-04-30")     # upcoming, after March
    add_campaign(project, "ancienne", "2025-10-01", "2026-01-31")      # past, ended long ago
    add_campaign(project, "hier", "2026-11-01", "2026-11-22")          # past, ended yesterday
    docs = generate(project, project / "build" / "docs", today=TODAY).out
    page = (docs / "prevention" / "index.md").read_text()
    assert list(sections(page)) == ["en-cours", "a-venir", "archives"]
    assert sections(page) == {
        "en-cours": ["courte", "vaccination-grippe", "longue"],
        "a-venir": ["depistage-colorectal", "printemps"],
        "archives": ["hier", "canicule-ete", "ancienne"],
    }
    assert "Du 15 octobre 2026 au 31 janvier 2027" in page
    assert '<a href="vaccination-grippe/">Vaccination contre la grippe</a>' in page


def test_a_campaign_is_archived_by_itself_after_its_last_day(project: Path) -> None:
    docs = generate(project, project / "build" / "docs", today=dt.date(2027, 2, 1)).out
    assert sections((docs / "prevention" / "index.md").read_text()) == {
        "en-cours": [], "a-venir": ["depistage-colorectal"],
        "archives": ["vaccination-grippe", "canicule-ete"]}
    page = (docs / "prevention" / "vaccination-grippe.md").read_text()
    assert '<li class="cpts-badge cpts-badge--passee">Terminée</li>' in page
    assert "Cette campagne est terminée" in page


def test_campaign_page_shows_text_places_and_links_escaped(project: Path) -> None:
    docs = generate(project, project / "build" / "docs", today=TODAY).out
    page = (docs / "prevention" / "vaccination-grippe.md").read_text()
    assert "<h1>Vaccination contre la grippe</h1>" in page
    assert '<li class="cpts-badge cpts-badge--en-cours">En cours</li>' in page
    assert "<dd>Personnes de 65 ans et plus et personnes fragiles</dd>" in page
    # Two paragraphs, member text escaped, never Markdown or HTML.
    assert "<p>La grippe peut être grave chez les personnes fragiles.</p>" in page
    assert ("<p>Le vaccin est fait par les médecins, les pharmaciens &amp; les infirmiers "
            "&lt;du territoire&gt;.</p>") in page
    assert ('<li><a href="../../structures/msp-test/">Maison de santé de test</a>') in page
    assert "<li>Saint-Chaffrey</li>" in page
    assert ('<li><a href="https://vaccination-info-service.fr/" rel="noopener">'
            "Vaccination Info Service</a></li>") in page


def test_prevention_is_in_the_nav_and_campaign_pages_are_not(project: Path) -> None:
    import yaml

    config = yaml.safe_load((project / "mkdocs.yml").read_text().split("\n# Settings")[0]
                            .replace("!!python", "#"))
    assert {"Prévention": "prevention/index.md"} in config["nav"]
    assert "/prevention/*.md" in config["not_in_nav"]
