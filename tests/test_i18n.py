"""English for visitors: the pages a visitor needs exist in English with lang="en", a switch
links each page to its other language, labels are translated and members' text is kept as
written (marked lang="fr"), and nothing marked for translation lacks its English."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from cpts.i18n import ENGLISH, catalogue
from cpts.nomenclature import nomenclature
from cpts.pages.render import environment

from .browser import browser_page
from .conftest import ROOT

TEMPLATES = ROOT / "generator" / "cpts" / "templates"

# The pages a visitor needs, in English (issue 9): home, same-day care, search, map, contact,
# what the CPTS is, and the entry pages.
ENGLISH_PAGES = [
    "en/", "en/soins-non-programmes/", "en/recherche/", "en/carte/", "en/contact/",
    "en/a-propos/", "en/professionnels/aubert-laetitia/", "en/structures/msp-briancon/",
]


def html_of(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text("utf-8")


@pytest.mark.parametrize("url", ENGLISH_PAGES)
def test_english_pages_exist_and_say_they_are_english(demo_site: Path, url: str) -> None:
    html = html_of(demo_site, url)
    assert '<html lang="en"' in html, url
    assert "Skip to content" in html, "Material's own words follow the page's language"
    french = html_of(demo_site, url.removeprefix("en/"))
    assert '<html lang="fr"' in french and "Aller au contenu" in french
    # Each names the other: the switch in the header, and hreflang for search engines.
    assert re.search(r'<a class="cpts-lang__link" href="[^"]*" hreflang="fr" lang="fr">Français</a>',
                     html), url
    assert re.search(r'<a class="cpts-lang__link" href="[^"]*" hreflang="en" lang="en">English</a>',
                     french), url
    # For search engines, the sitemap lists both versions of each page, each naming the other
    # (not <link rel="alternate">: Material's script would fetch a sitemap next to each).
    assert '<link rel="alternate" hreflang' not in html
    site = "https://cpts-grand-brianconnais.github.io/annuaire/"
    versions = sitemap_versions(demo_site)
    both = {("fr", site + url.removeprefix("en/")), ("en", site + url)}
    assert versions[site + url] == both and versions[site + url.removeprefix("en/")] == both


def sitemap_versions(site: Path) -> dict[str, set[tuple[str, str]]]:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    tree = ElementTree.parse(site / "sitemap.xml")
    return {entry.findtext("s:loc", namespaces=ns) or "": {
        (link.get("hreflang", ""), link.get("href", "")) for link in entry.findall("x:link", ns)}
        for entry in tree.getroot().findall("s:url", ns)}


def test_a_french_only_page_links_to_the_english_home(demo_site: Path) -> None:
    html = html_of(demo_site, "installation/diagnostic/")
    assert re.search(r'href="../../en/" hreflang="en" lang="en">English</a>', html)
    versions = sitemap_versions(demo_site)
    assert versions["https://cpts-grand-brianconnais.github.io/annuaire/installation/diagnostic/"] \
        == set(), "no hreflang: the page has no English version"


def test_english_entry_page_translates_labels_and_keeps_members_text(demo_site: Path) -> None:
    html = html_of(demo_site, "en/professionnels/aubert-laetitia/")
    assert "<h1>Mme Laetitia Aubert</h1>" in html
    assert "Nurse — Nursing care" in html
    assert ('Call <span class="cpts-nowrap">+33 4 65 71 00 06</span>' in html
            and 'href="tel:+33-4-65-71-00-06"' in html)
    assert "<caption>Opening hours</caption>" in html
    assert "<th scope=\"row\">Monday to Friday</th><td>7:00–20:00</td>" in html
    # The member's note is French, as written, and says so to screen readers.
    assert ('<p class="cpts-hours__note" lang="fr">Permanence au cabinet de 7 h à 7 h 30, '
            "soins à domicile le reste du temps</p>") in html
    assert "Sector 1 (standard national health insurance fees" in html
    assert "Entry checked on 12 July 2026." in html
    assert "Lieu d'exercice" not in html and "Horaires" not in html
    # Links stay in English: the structure pages of an English page are English.
    structure = html_of(demo_site, "en/structures/msp-briancon/")
    assert re.search(r'<a href="../../professionnels/[a-z-]+/">', structure)
    assert "Multidisciplinary health centre (MSP)" in structure


def test_english_pages_use_english_navigation(demo_site: Path) -> None:
    english = html_of(demo_site, "en/soins-non-programmes/")
    tabs = re.search(r'<nav class="md-tabs".*?</nav>', english, re.S)
    assert tabs and "Same-day and emergency care" in tabs[0] and "Accueil" not in tabs[0]
    french = html_of(demo_site, "soins-non-programmes/")
    tabs = re.search(r'<nav class="md-tabs".*?</nav>', french, re.S)
    assert tabs and "Accueil" in tabs[0] and "English" not in tabs[0]
    # The menu of a phone (Material's drawer) too.
    drawer = re.search(r'<nav class="md-nav md-nav--primary.*?</nav>', english, re.S)
    assert drawer and "Find a health professional" in drawer[0] and "Prévention" not in drawer[0]


def _marked_texts(name: str) -> list[str]:
    source = (TEMPLATES / name).read_text("utf-8")
    texts = []
    for _, _, message in environment(ENGLISH).extract_translations(source):
        first = message[0] if isinstance(message, tuple) else message
        if first:
            texts.append(" ".join(first.split()))
    return texts


def test_every_text_marked_for_translation_has_its_english() -> None:
    table = catalogue("en")
    missing = [(name.name, text) for name in sorted(TEMPLATES.glob("*.j2"))
               for text in _marked_texts(name.name) if text not in table]
    assert not missing, f"add these to generator/cpts/data/translations/en/: {missing}"


def test_every_label_of_the_vocabulary_has_its_english() -> None:
    n = nomenclature()
    labels = [label for p in n.professions.values()
              for label in (p.label, p.plural, p.feminine, *p.specialties.values()) if label]
    labels += [label for s in n.structure_types.values() for label in (s.label, s.short, s.plural)]
    labels += [*n.new_patients.values(), *n.new_patients_gp.values(), *n.sectors.values(),
               *n.languages.values()]
    missing = sorted({label for label in labels if ENGLISH.gettext(label) == label
                      and label not in catalogue("en")})
    assert not missing, f"add these to generator/cpts/data/translations/en/vocabulary.yml: {missing}"


@pytest.mark.browser
def test_english_search_finds_english_pages_with_english_words(demo_url: str) -> None:
    with browser_page(width=390, height=844) as (page, watch):
        page.goto(demo_url + "en/recherche/?q=physio")
        page.wait_for_selector("[data-cpts-search][data-ready=true]")
        status = page.locator("#cpts-status").inner_text()
        assert re.fullmatch(r"\d+ results", status), status
        first = page.locator(".cpts-result").first
        assert "Physiotherapist" in first.inner_text()
        assert "Call +33 4" in first.inner_text()
        hrefs = page.locator(".cpts-result h2 a").evaluate_all("els => els.map(e => e.href)")
        assert hrefs and all("/en/professionnels/" in h for h in hrefs), hrefs
        # The French search still finds French pages only.
        page.goto(demo_url + "recherche/?q=kin%C3%A9")
        page.wait_for_selector("[data-cpts-search][data-ready=true]")
        hrefs = page.locator(".cpts-result h2 a").evaluate_all("els => els.map(e => e.href)")
        assert hrefs and not any("/en/" in h for h in hrefs), hrefs
        assert not watch.page_errors


@pytest.mark.browser
def test_english_map_speaks_english_and_links_to_english_pages(demo_url: str) -> None:
    with browser_page() as (page, watch):
        page.goto(demo_url + "en/carte/")
        toggle = page.locator(".cpts-carte__toggle").first
        assert re.fullmatch(r"\S.*\s\(\d+ places?\)", toggle.inner_text())
        toggle.click()
        page.wait_for_selector(".cpts-carte__place")
        assert "places shown on the map" in page.locator("[data-cpts-map-status]").inner_text()
        assert page.locator(".cpts-carte__show").first.inner_text() == "Show on the map"
        hrefs = page.locator(".cpts-carte__place a[href*='professionnels/']").evaluate_all(
            "els => els.map(e => e.href)")
        assert hrefs and all("/en/professionnels/" in h for h in hrefs), hrefs[:3]
        legend = page.locator(".cpts-carte__legend").inner_text()
        assert "General practitioners (GPs)" in legend
        assert not watch.page_errors
