"""« Soins non programmés et urgences »: the national numbers, the territory's options, and the
list of entries that see patients the same day — checked against the YAML files of the demo."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .conftest import ROOT

ITEM = re.compile(r'<li data-cpts-sdc="(professionnel|structure)/([a-z0-9-]+)">(.*?)</li>', re.DOTALL)
COMMUNE = re.compile(r'<h3 id="commune-(\d{5})">')


def read_yaml(folder: str) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text("utf-8"))
            for p in sorted((ROOT / "directory" / folder).glob("*.yml"))}


def page(demo_site: Path) -> str:
    return (demo_site / "soins-non-programmes" / "index.html").read_text("utf-8")


def listed(html: str) -> list[tuple[str, str, str, str]]:
    """(commune INSEE, kind, slug, tel link digits) of every line of the list, in page order."""
    lines = []
    parts = COMMUNE.split(html.split('id="qui-recoit"', 1)[1])
    for i in range(1, len(parts), 2):
        for kind, slug, body in ITEM.findall(parts[i + 1]):
            tel = re.search(r'href="tel:([^"]+)"', body)
            lines.append((parts[i], kind, slug, re.sub(r"\D", "", tel[1]) if tel else ""))
    return lines


def tel_digits(phone: str) -> str:
    """« 04 65 71 00 49 » as the digits of its international tel: link, « 33465710049 »."""
    return "33" + re.sub(r"\D", "", phone)[1:]


def test_the_list_holds_exactly_the_entries_that_offer_same_day_care(demo_site: Path) -> None:
    professionals, structures = read_yaml("professionnels"), read_yaml("structures")
    expected = set()
    for slug, data in structures.items():
        if data.get("soins_non_programmes") is True:
            expected.add((data["commune"], "structure", slug, tel_digits(data["telephone"])
                          if data.get("telephone") else ""))
    for slug, data in professionals.items():
        if data.get("soins_non_programmes") is not True:
            continue
        seen = set()
        for lieu in data["lieux"]:
            structure = structures.get(lieu.get("structure", ""), {})
            commune = structure.get("commune") or lieu["commune"]
            phone = lieu.get("telephone") or structure.get("telephone")
            if commune not in seen:
                seen.add(commune)
                expected.add((commune, "professionnel", slug, tel_digits(phone) if phone else ""))
    lines = listed(page(demo_site))
    assert len(lines) == len(set(lines)), "an entry appears twice in one commune"
    assert set(lines) == expected
    assert {slug for _, kind, slug, _ in expected if kind == "professionnel"}, "demo has some"


def test_communes_are_in_alphabetical_order_ignoring_articles(demo_site: Path) -> None:
    html = page(demo_site).split('id="qui-recoit"', 1)[1]
    names = [n.replace("&#39;", "'") for n in re.findall(r'<h3 id="commune-\d{5}">([^<]+)</h3>', html)]
    assert names[:2] == ["L'Argentière-la-Bessée", "Briançon"]
    assert names.index("Le Monêtier-les-Bains") < names.index("Montgenèvre")
    jump = re.findall(r'<li><a href="#commune-(\d{5})">', html)
    assert jump == COMMUNE.findall(html), "the « aller à la commune » links follow the list"


def test_what_to_do_by_situation_with_the_national_numbers(demo_site: Path) -> None:
    html = page(demo_site)
    vital = html.split('id="urgence-vitale"', 1)[1].split("</section>", 1)[0]
    for link in ('href="tel:15"', 'href="tel:112"', 'href="sms:114"', 'href="tel:3114"'):
        assert link in vital
    for anchor in ("aujourd-hui", "nuit-week-end", "medicament", "urgences-hopital", "qui-recoit"):
        assert f'<h2 id="{anchor}">' in html
        assert f'<a href="#{anchor}">' in html
    assert 'href="tel:3237"' in html.split('id="medicament"', 1)[1].split("</section>", 1)[0]
    # The territory's options come from the directory.
    night = html.split('id="nuit-week-end"', 1)[1].split("</section>", 1)[0]
    assert "Maison médicale de garde du Briançonnais" in night
    assert "20 h à 24 h" in night
    hospital = html.split('id="urgences-hopital"', 1)[1].split("</section>", 1)[0]
    assert "Centre hospitalier de Briançon" in hospital
    assert 'href="tel:+33-4-65-71-00-51"' in hospital


def test_reachable_from_the_nav_and_the_home_page(demo_site: Path) -> None:
    home = (demo_site / "index.html").read_text("utf-8")
    assert '<a class="md-button md-button--primary" href="soins-non-programmes/">' in home
    pro = sorted((ROOT / "directory" / "professionnels").glob("*.yml"))[0].stem
    entry = demo_site / "professionnels" / pro / "index.html"
    assert 'class="md-tabs__link"' in entry.read_text("utf-8").split(
        'href="../../soins-non-programmes/"', 1)[1][:40], "a nav tab of every page"
    assert 'href="soins-non-programmes/"' in home.split('class="md-tabs"', 1)[1]
