"""Site-wide alerts: a banner on every page (hand-written ones too) only while the alert is
active at the build date, with MkDocs and with Zensical."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from cpts.pages.stage import generate
from cpts.rendering.engine import build_site

# tests/examples/base/alertes/grippe-decembre.yml: from 2026-12-01 to 2026-12-20 included.
INSIDE = dt.date(2026, 12, 5)
ANNOUNCE = re.compile(r'<div data-md-component="announce">(.*?)</div>\s*(?:<div data-md-color|'
                      r'<header)', re.DOTALL)
PAGE_KINDS = {
    "home page, hand-written": "index.html",
    "entry page": "professionnels/martin-claire/index.html",
    "prevention section": "prevention/index.html",
    "same-day care": "soins-non-programmes/index.html",
    "legal notice": "a-propos/mentions-legales/index.html",
}


def front_matter(path: Path) -> dict:
    _, meta, _ = path.read_text().split("---\n", 2)
    return yaml.safe_load(meta)


def banner(html_file: Path) -> str:
    found = ANNOUNCE.search(html_file.read_text())
    assert found, f"no announce block in {html_file}"
    return found[1]


@pytest.mark.parametrize(("day", "shown"), [
    (dt.date(2026, 11, 30), False), (dt.date(2026, 12, 1), True),
    (dt.date(2026, 12, 20), True), (dt.date(2026, 12, 21), False),
])
def test_every_page_of_the_tree_carries_the_alert_only_inside_its_window(
        project: Path, day: dt.date, shown: bool) -> None:
    docs = generate(project, project / "build" / "docs", today=day).out
    pages = sorted(docs.rglob("*.md"))
    assert len(pages) > 10
    carrying = [p for p in pages if front_matter(p).get("cpts_alertes")]
    assert carrying == (pages if shown else [])
    home = front_matter(docs / "index.md")
    assert home["title"] == "Accueil", "the hand-written page keeps its own front matter"
    if shown:
        assert home["cpts_alertes"] == [{
            "niveau": "epidemie", "type": "Épidémie", "titre": "Épidémie de grippe",
            "message": "La grippe circule — lavez-vous les mains et protégez les plus fragiles.",
            "jusqu_au": "jusqu'au 20 décembre 2026", "lien": "https://www.santepubliquefrance.fr/",
            "lien_texte": "Voir les conseils", "langue_texte": "", "externe": "oui"}]
    else:
        written = front_matter(project / "content" / "index.md")
        assert {k: v for k, v in home.items() if k in written} == written


def test_a_campaign_link_is_relative_to_each_page(project: Path) -> None:
    path = project / "directory" / "alertes" / "grippe-decembre.yml"
    path.write_text(path.read_text().replace("lien: https://www.santepubliquefrance.fr/",
                                             "campagne: vaccination-grippe"))
    docs = generate(project, project / "build" / "docs", today=INSIDE).out
    links = {src: front_matter(docs / src)["cpts_alertes"][0]["lien"]
             for src in ("index.md", "professionnels/martin-claire.md", "prevention/index.md")}
    assert links == {"index.md": "prevention/vaccination-grippe/",
                     "professionnels/martin-claire.md": "../../prevention/vaccination-grippe/",
                     "prevention/index.md": "vaccination-grippe/"}
    assert (docs / "prevention" / "vaccination-grippe.md").is_file()


def test_the_banner_shows_on_every_page_while_active_and_is_escaped(project: Path) -> None:
    path = project / "directory" / "alertes" / "grippe-decembre.yml"
    path.write_text(path.read_text().replace("lavez-vous", "l'eau & le savon, lavez-vous"))
    site = build_site(project, today=INSIDE, strict=True)
    for kind, page in PAGE_KINDS.items():
        shown = banner(site / page)
        assert 'data-cpts-alerte="epidemie"' in shown, kind
        assert "<strong>Épidémie de grippe</strong>" in shown, kind
        assert "La grippe circule — l&#39;eau &amp; le savon, lavez-vous les mains" in shown, kind
        assert "(jusqu&#39;au 20 décembre 2026)" in shown, kind
        assert '<a href="https://www.santepubliquefrance.fr/">Voir les conseils</a>' in shown, kind
    pages = [p for p in site.rglob("*.html") if p.name != "404.html"]
    assert len(pages) > 10
    assert all('data-cpts-alerte="epidemie"' in banner(p) for p in pages)


def test_no_banner_outside_the_window(project: Path) -> None:
    site = build_site(project, today=dt.date(2026, 12, 21))
    for page in site.rglob("*.html"):
        text = page.read_text()
        assert "cpts-alerte" not in text, page
        assert 'class="md-banner"' not in text, page


def test_zensical_shows_the_banner_too(project: Path) -> None:
    site = build_site(project, engine="zensical", today=INSIDE)
    for kind, page in PAGE_KINDS.items():
        shown = banner(site / page)
        assert 'data-cpts-alerte="epidemie"' in shown, kind
        assert "Épidémie de grippe" in shown, kind
