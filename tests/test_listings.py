"""The « Annuaire » without JavaScript: listings, two clicks to every entry, JSON-LD."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin

from cpts.directory.validate import validate_directory
from cpts.model import build_model
from cpts.nomenclature import nomenclature
from cpts.pages.jsonld import professional_jsonld, script_json

from .conftest import ROOT, TODAY

HREF = re.compile(r'href="([^"#?]+)"')
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def demo_model():
    raw, _ = validate_directory(ROOT / "directory", TODAY)
    return build_model(raw)


def page_html(site: Path, url_path: str) -> str:
    return (site / url_path.strip("/") / "index.html").read_text()


def links(site: Path, url_path: str) -> set[str]:
    """The site-internal pages a page links to, as /path/ strings."""
    html = page_html(site, url_path)
    main = html[html.index('<article class="md-content__inner'):]  # the page, not the nav
    found = set()
    for href in HREF.findall(main):
        absolute = urljoin(f"http://site{url_path}", href)
        if absolute.startswith("http://site/"):
            found.add(absolute.removeprefix("http://site"))
    return found


def test_every_entry_is_two_clicks_from_the_home_page(demo_site: Path) -> None:
    directory = demo_model()
    first = links(demo_site, "/")
    second = set().union(*(links(demo_site, url) for url in first
                           if (demo_site / url.strip("/") / "index.html").is_file()))
    reachable = first | second
    for p in directory.professionals:
        assert f"/professionnels/{p.slug}/" in reachable, p.slug
    for slug in directory.structures:
        assert f"/structures/{slug}/" in reachable, slug


def test_listing_counts_match_the_directory(demo_site: Path) -> None:
    directory = demo_model()
    nurses = [p for p in directory.professionals if p.profession == "infirmier"]
    html = page_html(demo_site, "/annuaire/infirmier/")
    assert f"<p class=\"cpts-listing__intro\">{len(nurses)} professionnels" in html
    assert html.count('<li class="cpts-card">') == len(nurses)
    gps = [p for p in directory.professionals if "medecine-generale" in p.specialties]
    assert page_html(demo_site, "/annuaire/medecins-generalistes/").count("cpts-card\"") == len(gps)


def test_commune_page_lists_who_practises_there(demo_site: Path) -> None:
    directory = demo_model()
    commune = directory.territory.communes["05133"]  # Saint-Chaffrey
    expected = {p.slug for p in directory.professionals
                if any(pl.commune is commune for pl in p.places)}
    html = page_html(demo_site, "/annuaire/communes/saint-chaffrey/")
    found = set(re.findall(r'href="\.\./\.\./\.\./professionnels/([a-z0-9-]+)/"', html))
    assert found == expected
    assert "Santé à Saint-Chaffrey" in html


def test_empty_commune_says_so(demo_site: Path) -> None:
    html = page_html(demo_site, "/annuaire/communes/nevache/")
    assert "Aucun professionnel ni structure de santé de l'annuaire" in html


def test_json_ld_on_every_entry_page(demo_site: Path) -> None:
    directory = demo_model()
    types = Counter()
    for p in directory.professionals:
        html = page_html(demo_site, f"/professionnels/{p.slug}/")
        (block,) = JSONLD.findall(html)
        data = json.loads(block)
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == nomenclature().professions[p.profession].schema_org
        assert data["name"] == p.full_name
        assert data["url"].endswith(f"/professionnels/{p.slug}/")
        assert data["address"]["addressLocality"] == p.places[0].commune.name
        types[data["@type"]] += 1
    for s in directory.structures.values():
        (block,) = JSONLD.findall(page_html(demo_site, f"/structures/{s.slug}/"))
        data = json.loads(block)
        assert data["@type"] == nomenclature().structure_types[s.type].schema_org
        assert data["name"] == s.name
        types[data["@type"]] += 1
    assert {"Physician", "Dentist", "Pharmacy", "Hospital", "MedicalClinic"} <= set(types)


def test_json_ld_cannot_be_closed_by_member_text() -> None:
    directory = demo_model()
    p = directory.professionals[0]
    p.last_name = '</script><script>alert(1)</script>&'
    text = str(script_json(professional_jsonld(p, "https://x.example/")))
    assert "</script>" not in text and "<" not in text and "&" not in text
    assert json.loads(text)["name"].endswith('</script><script>alert(1)</script>&')


def test_synonym_table_names_real_codes() -> None:
    from cpts.pages.search import synonyms

    vocabulary = nomenclature()
    codes = set(vocabulary.professions) | {
        s for p in vocabulary.professions.values() for s in p.specialties}
    assert set(synonyms()) <= codes
