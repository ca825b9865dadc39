"""« S'installer »: the diagnostic, aids and zoning, the opportunities board and its Atom feed,
the commune sections — as a candidate and a member see them."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from markupsafe import escape

from cpts.directory.problems import Severity
from cpts.directory.schemas import load_schema
from cpts.directory.validate import validate_directory
from cpts.nomenclature import nomenclature
from cpts.pages.stage import generate

from .conftest import ROOT, TODAY

ATOM = "{http://www.w3.org/2005/Atom}"


def esc(text: str) -> str:
    """As the pages' autoescaping writes it."""
    return str(escape(text))


@pytest.fixture(scope="module")
def demo_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's docs tree (generation only: no engine needed to read the pages)."""
    return generate(ROOT, tmp_path_factory.mktemp("docs") / "docs", today=TODAY).out


def raw_demo(folder: str) -> list[dict]:
    """The demo's files, read with plain YAML: figures computed without cpts' model."""
    return [yaml.safe_load(p.read_text("utf-8"))
            for p in sorted((ROOT / "directory" / folder).glob("*.yml"))]


def fr(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def cell(page: str, row: str, figure: str) -> list[str]:
    """The figures of one row of the diagnostic table (data-cpts-row / data-cpts-figure)."""
    match = re.search(rf'<tr [^>]*data-cpts-row="{re.escape(row)}">(.*?)</tr>', page, re.S)
    assert match, f"no row {row}"
    return re.findall(rf'data-cpts-figure="{figure}">([^<]*)<', match[1])


# --- diagnostic -----------------------------------------------------------------------------

def test_diagnostic_counts_and_densities_match_the_demo_data(demo_docs: Path) -> None:
    page = (demo_docs / "installation" / "diagnostic.md").read_text("utf-8")
    territory = yaml.safe_load((ROOT / "directory" / "territoire.yml").read_text("utf-8"))
    population = sum(c["population"] for c in territory["communes"])
    people = raw_demo("professionnels")
    checked = 0
    for code in nomenclature().professions:
        members = [p for p in people if p["profession"] == code]
        if not members:
            continue
        assert cell(page, code, "count") == [str(len(members))]
        assert cell(page, code, "density") == [fr(len(members) * 10_000 / population)]
        checked += 1
    gps = [p for p in people if "medecine-generale" in p.get("specialites", [])]
    assert cell(page, "medecin:medecine-generale", "count") == [str(len(gps))]
    assert cell(page, "medecin:medecine-generale", "density") == [
        fr(len(gps) * 10_000 / population)]
    assert checked >= 10
    assert f"{population:,}".replace(",", " ") + " habitants" in page


def test_diagnostic_compares_with_the_published_densities(demo_docs: Path) -> None:
    page = (demo_docs / "installation" / "diagnostic.md").read_text("utf-8")
    references = {r["territoire"]: r for r in raw_demo("densites")}
    assert {"Zone d'emploi de Briançon", "Bassin de vie de Briançon"} <= set(references)
    shown = cell(page, "medecin:medecine-generale", "reference")
    assert "13,7" in shown and "13,5" in shown  # the CSV rows copied into directory/densites/
    assert "32,9" in cell(page, "masseur-kinesitherapeute", "reference")
    assert "CartoSanté" in page


def test_sought_specialties_stand_out_in_the_table_and_the_chart(demo_docs: Path) -> None:
    page = (demo_docs / "installation" / "diagnostic.md").read_text("utf-8")
    sought = [r["specialite"] for d in raw_demo("diagnostics") for r in d["recherches"]]
    assert set(sought) == {"ophtalmologie", "dermatologie", "pediatrie", "cardiologie",
                           "gynecologie-obstetrique"}
    for code in sought:
        row = re.search(rf'<tr class="([^"]*)" data-cpts-row="medecin:{code}">(.*?)</tr>',
                        page, re.S)
        assert row and "cpts-diag-row--sought" in row[1] and "recherchée" in row[2]
    assert "(2021)" in page
    # The chart draws one value per figure of the table, and the same values.
    chart = page[page.index("<svg"):page.index("</svg>")]
    table = page[page.index("<table"):page.index("</table>")]
    values = re.findall(r'class="cpts-chart__value">([^<·]*)', chart)
    figures = re.findall(r'data-cpts-figure="(?:density|reference)">([^<—]+)<', table)
    assert sorted(v.strip() for v in values) == sorted(figures)
    assert chart.count("recherchée") == len(sought)


# --- aids and zoning ------------------------------------------------------------------------

def test_aids_and_zoning_come_from_the_data(demo_docs: Path) -> None:
    page = (demo_docs / "installation" / "aides-et-zonage.md").read_text("utf-8")
    for aid in raw_demo("aides"):
        amount = f"{aid['montant']:,}".replace(",", "\u202f") + "\u00a0€"
        assert amount in page
        assert esc(aid["nom"]) in page
        assert esc(aid["source"]) in page
    assert page.count("vérifié le 23 novembre 2026") == 4  # three aids and the zoning
    zoning = raw_demo("zonages")[0]
    zones = {c["commune"]: c["zone"] for c in zoning["communes"]}
    assert len(zones) == 21
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert svg.count("<path ") == 21
    assert "<title>L&#39;Argentière-la-Bessée : ZIP</title>" in svg
    assert "<title>Briançon : ZAC</title>" in svg
    assert "ZIP : 10 communes. ZAC : 11 communes." in svg
    row = re.search(r'<th scope="row"><a [^>]*>Briançon</a></th>(.*?)</tr>', page, re.S)
    assert row and ">ZAC<" in row[1] and "5\u202f000\u00a0€" in row[1] and "10\u202f000" not in row[1]


def test_the_aid_amount_is_data_not_template(project: Path) -> None:
    path = project / "directory" / "aides" / "premiere-installation-zip.yml"
    path.write_text(path.read_text("utf-8").replace("montant: 10000", "montant: 12500"), "utf-8")
    docs = generate(project, project / "build" / "docs", today=TODAY).out
    page = (docs / "installation" / "aides-et-zonage.md").read_text("utf-8")
    assert "12\u202f500\u00a0€" in page and "10\u202f000" not in page
    commune = next((docs / "annuaire" / "communes").glob("saint-chaffrey.md")).read_text("utf-8")
    assert "12\u202f500\u00a0€" in commune  # Saint-Chaffrey is a ZIP in the test zoning


def test_a_stale_aid_date_is_a_warning_of_validate_and_build(project: Path) -> None:
    path = project / "directory" / "aides" / "premiere-installation-zip.yml"
    path.write_text(path.read_text("utf-8").replace('verifie_le: "2026-10-01"',
                                                    'verifie_le: "2025-10-01"'), "utf-8")
    _, problems = validate_directory(project / "directory", TODAY)
    stale = [p for p in problems if p.path.endswith("aides/premiere-installation-zip.yml")]
    assert [(p.severity, p.field) for p in stale] == [(Severity.WARNING, "verifie_le")]
    assert "plus de 12 mois" in stale[0].message and "source" in stale[0].message

    cli = [sys.executable, "-m", "cpts.cli", "validate", "--project", str(project),
           "--date", TODAY.isoformat()]
    shown = subprocess.run(cli, capture_output=True, text=True, check=False)
    assert shown.returncode == 0
    assert "aides/premiere-installation-zip.yml:11: (avertissement) verifie_le :" in shown.stdout
    assert subprocess.run([*cli, "--strict"], capture_output=True, check=False).returncode == 1

    build = subprocess.run(
        [sys.executable, "-m", "cpts.cli", "build", "--project", str(project),
         "--date", TODAY.isoformat()], capture_output=True, text=True, check=False)
    assert build.returncode == 0, build.stderr
    assert "aides/premiere-installation-zip.yml:11: (avertissement) verifie_le :" in build.stderr
    page = (project / "site" / "installation" / "aides-et-zonage" / "index.html").read_text("utf-8")
    assert "Montant non revérifié depuis plus d'un an" in page


# --- opportunities board and feed -----------------------------------------------------------

def test_expired_offer_is_absent_from_board_feed_and_commune(demo_docs: Path) -> None:
    offers = {p.stem: yaml.safe_load(p.read_text("utf-8"))
              for p in (ROOT / "directory" / "opportunites").glob("*.yml")}
    expired = [s for s, o in offers.items() if dt.date.fromisoformat(o["expire_le"]) < TODAY]
    active = [s for s, o in offers.items() if s not in expired]
    assert expired and active
    board = (demo_docs / "installation" / "opportunites.md").read_text("utf-8")
    feed = (demo_docs / "offres-installation.xml").read_text("utf-8")
    briancon = (demo_docs / "annuaire" / "communes" / "briancon.md").read_text("utf-8")
    for slug in expired:
        title = esc(offers[slug]["titre"])
        assert f'id="{slug}"' not in board and title not in board
        assert slug not in feed and title not in feed
        assert slug not in briancon
    for slug in active:
        assert f'id="{slug}"' in board and f"#{slug}</id>" in feed


def test_an_offer_leaves_the_site_the_day_after_it_expires(project: Path) -> None:
    docs = project / "build" / "docs"
    expires = dt.date(2027, 6, 30)  # tests/examples/base/opportunites/pediatre-briancon.yml
    on_the_day = generate(project, docs, today=expires).out / "installation" / "opportunites.md"
    assert 'id="pediatre-briancon"' in on_the_day.read_text("utf-8")
    after = generate(project, docs, today=expires + dt.timedelta(days=1)).out
    board = (after / "installation" / "opportunites.md").read_text("utf-8")
    assert "pediatre-briancon" not in board
    assert "Aucune offre d'installation n'est publiée en ce moment" in board


def test_feed_is_valid_atom_with_escaped_member_text(project: Path) -> None:
    (project / "directory" / "opportunites" / "cabinet-durand.yml").write_text(
        "type: cession\n"
        "titre: Cabinet Durand & associés à céder\n"
        "description: 'Loyer < 600 € & charges ; écrire « <script>alert(1)</script> » ne fait rien'\n"
        'commune: "05133"\n'
        'publie_le: "2026-11-01"\n'
        'expire_le: "2027-03-31"\n'
        "contact: {nom: Dr Durand, email: durand@cabinet.example}\n", "utf-8")
    docs = generate(project, project / "build" / "docs", today=TODAY).out
    text = (docs / "offres-installation.xml").read_text("utf-8")
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    assert "<script>" not in text and "&lt;script&gt;" in text and "Durand &amp; associés" in text

    feed = ET.fromstring(text.encode("utf-8"))
    assert feed.tag == f"{ATOM}feed"
    site = yaml.safe_load((project / "mkdocs.yml").read_text("utf-8"))["site_url"]
    assert feed.findtext(f"{ATOM}id") == f"{site}offres-installation.xml"
    assert feed.findtext(f"{ATOM}title")
    assert dt.datetime.fromisoformat(feed.findtext(f"{ATOM}updated").replace("Z", "+00:00"))
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == f"{site}offres-installation.xml"
    assert links["alternate"] == f"{site}installation/opportunites/"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2  # the base example's offer and this one
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == 2 and all(i.startswith("https://") for i in ids)
    for entry in entries:
        assert entry.findtext(f"{ATOM}title")
        assert dt.datetime.fromisoformat(entry.findtext(f"{ATOM}updated").replace("Z", "+00:00"))
        link = entry.find(f"{ATOM}link")
        assert link is not None and link.get("href", "").startswith(site)
    mine = next(e for e in entries if e.findtext(f"{ATOM}id").endswith("#cabinet-durand"))
    assert mine.findtext(f"{ATOM}title") == "Cabinet Durand & associés à céder"
    assert "Loyer < 600 € & charges" in mine.findtext(f"{ATOM}content")
    # Newest first; the feed's date is its newest entry's.
    assert ids[0].endswith("#cabinet-durand")
    assert feed.findtext(f"{ATOM}updated") == "2026-11-01T00:00:00Z"


def test_board_groups_offers_by_type_with_filters_and_feed_link(demo_docs: Path) -> None:
    board = (demo_docs / "installation" / "opportunites.md").read_text("utf-8")
    meta = yaml.safe_load(board.split("---\n")[1])
    assert meta["flux_atom"] == "offres-installation.xml"  # theme/main.html: <link rel>
    assert 'href="../../offres-installation.xml" type="application/atom+xml">S\'abonner' in board
    types = re.findall(r'<section class="cpts-board__group" aria-labelledby="([a-z-]+)"', board)
    assert types == ["local-disponible", "remplacement", "collaboration", "association"]
    assert '<form class="cpts-board__filter" data-cpts-board-filter hidden>' in board
    assert '<option value="medecin:pediatrie">Médecin — pédiatrie</option>' in board
    assert 'data-metiers="medecin medecin:pediatrie "' in board
    assert "Médecins généralistes : ZIP" in board  # L'Argentière-la-Bessée's offer


def test_no_feed_without_site_url(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"^site_url:.*$", "", config.read_text("utf-8"), flags=re.M))
    docs = generate(project, project / "build" / "docs", today=TODAY).out
    assert not (docs / "offres-installation.xml").exists()
    assert "flux Atom" not in (docs / "installation" / "opportunites.md").read_text("utf-8")


# --- commune pages, hand-written pages, schemas ---------------------------------------------

def test_commune_page_shows_zoning_aids_and_offers(demo_docs: Path) -> None:
    page = (demo_docs / "annuaire" / "communes" / "l-argentiere-la-bessee.md").read_text("utf-8")
    section = page[page.index('<section class="cpts-commune-installation"'):]
    assert "S'installer à L&#39;Argentière-la-Bessée" in section
    assert "Zone d&#39;intervention prioritaire (ZIP)" in section
    assert "10\u202f000\u00a0€" in section and "3\u202f000\u00a0€" in section
    assert "5\u202f000\u00a0€" not in section
    assert ('<a href="../../../installation/opportunites/#cabinet-medecin-argentiere">'
            "Cabinet médical disponible à L&#39;Argentière-la-Bessée</a>") in section
    quiet = (demo_docs / "annuaire" / "communes" / "nevache.md").read_text("utf-8")
    assert "Aucune offre en cours dans la commune" in quiet


def test_hand_written_pages_get_their_figures_from_the_data(demo_docs: Path) -> None:
    index = (demo_docs / "installation" / "index.md").read_text("utf-8")
    assert "<!-- cpts:" not in index
    assert "10\u202f000\u00a0€ (première installation en ZIP)" in index
    assert "4 offres en cours" in index
    assert "ophtalmologie" in index
    contacts = (demo_docs / "installation" / "contacts.md").read_text("utf-8")
    assert 'href="tel:+33-4-65-71-00-67"' in contacts
    for name in ("demarches", "vivre", "cpts", "contacts"):
        text = (ROOT / "content" / "installation" / f"{name}.md").read_text("utf-8")
        assert "€" not in text, f"{name}.md: amounts belong in directory/aides/"


def test_installation_schemas_use_the_nomenclature() -> None:
    professions = set(nomenclature().professions)
    specialties = {s for p in nomenclature().professions.values() for s in p.specialties}
    for kind in ("aide", "zonage", "diagnostic", "densite"):
        schema = load_schema(kind)
        text = str(schema)
        for code in ("medecin", "pediatrie"):
            assert code in text, kind
    aide = load_schema("aide")["properties"]
    assert set(aide["professions"]["items"]["enum"]) == professions
    assert set(aide["specialites"]["items"]["enum"]) == specialties
    zonage = load_schema("zonage")["properties"]
    assert set(zonage["profession"]["enum"]) == professions
    assert set(zonage["specialite"]["enum"]) == specialties
    from cpts.model import ZONES
    assert set(aide["zones"]["items"]["enum"]) == set(ZONES)
    assert set(zonage["communes"]["items"]["properties"]["zone"]["enum"]) == set(ZONES)
