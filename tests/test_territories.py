"""The product on territories it does not know: each fixture territory is created by `cpts init`,
given a few entries, and must pass `cpts check` (directory, strict build, links, accessibility),
the checks a CPTS's repository runs on every pull request.

- Tinée-Vésubie (Alpes-Maritimes, 21 communes, boundaries from a file): no hospital of its own,
  so its emergency department lies outside it (« hors territoire »).
- Marie-Galante (Guadeloupe, an EPCI of 3 communes, boundaries from a replayed geo API):
  overseas codes, coordinates and phone numbers.
- The Grand Briançonnais (two EPCI, 21 communes), the demo's territory rebuilt from scratch.

Nothing here needs ../shared or the internet.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from .territories import cpts, replay_geo_api

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "territoires"
TINEE_VESUBIE = ("06009,06013,06020,06042,06072,06073,06074,06080,06102,06103,06110,06111,06119,"
                 "06120,06127,06129,06144,06146,06151,06153,06156")
MARIE_GALANTE_EPCI = "249710047"
GRAND_BRIANCONNAIS_EPCI = "240500439,240500462"
DEMO_WORDS = re.compile(r"brian[cç]on|hautes-alpes|écrins|serre-chevalier|vallouise", re.I)


def new_site(folder: Path, entries: Path | None, *init_args: str,
             env: dict[str, str] | None = None) -> Path:
    made = cpts("init", str(folder), *init_args, cwd=folder.parent, env=env)
    assert made.returncode == 0, made.stdout + made.stderr
    if entries is not None:
        for kind in ("structures", "professionnels"):
            for file in (entries / kind).glob("*.yml"):
                shutil.copy(file, folder / "directory" / kind / file.name)
    return folder


@pytest.fixture(scope="module")
def tinee_vesubie(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tv") / "cpts-tinee-vesubie"
    site = new_site(folder, FIXTURES / "tinee-vesubie", "--nom", "CPTS Tinée-Vésubie",
                    "--communes", TINEE_VESUBIE,
                    "--contours", str(FIXTURES / "tinee-vesubie.geojson"))
    checked = cpts("check", cwd=site)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    return site


@pytest.fixture(scope="module")
def marie_galante(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    server, url = replay_geo_api(FIXTURES / "marie-galante.geojson")
    folder = tmp_path_factory.mktemp("mg") / "cpts-marie-galante"
    made = cpts("init", str(folder), "--nom", "CPTS de Marie-Galante", "--epci", MARIE_GALANTE_EPCI,
                cwd=folder.parent, env={"CPTS_GEO_API": url})
    server.shutdown()
    assert made.returncode == 0, made.stdout + made.stderr
    for kind in ("structures", "professionnels"):
        for file in (FIXTURES / "marie-galante" / kind).glob("*.yml"):
            shutil.copy(file, folder / "directory" / kind / file.name)
    checked = cpts("check", cwd=folder)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    yield folder, made.stdout


def page(site: Path, path: str) -> str:
    return (site / "site" / path).read_text(encoding="utf-8")


def test_emergency_department_outside_the_territory_is_shown_as_such(tinee_vesubie: Path) -> None:
    care = page(tinee_vesubie, "soins-non-programmes/index.html")
    hospital = care[care.index('id="urgences-hopital"'):care.index('id="qui-recoit"')]
    assert "Hôpital Pasteur 2 (CHU de Nice)" in hospital
    assert re.search(r"Hors territoire</strong> à \d+ km d&#39;Utelle, à vol d'oiseau", hospital)
    listed = care[care.index('id="qui-recoit"'):]
    # The territory's communes first, then those outside it.
    assert listed.index("Valdeblore") < listed.index("Nice <span class=\"cpts-outside\">")

    entry = page(tinee_vesubie, "structures/chu-nice-pasteur/index.html")
    assert "06000 Nice" in entry and "Hors territoire" in entry
    english = page(tinee_vesubie, "en/structures/chu-nice-pasteur/index.html")
    assert re.search(r"Outside the territory</strong> \d+ km from Utelle as the crow flies", english)

    places = json.loads(page(tinee_vesubie, "assets/carte/lieux.json"))
    communes = [name for name, _postcode, _outside in places["m"]]
    assert any(re.fullmatch(r"Nice \(hors territoire, à \d+ km\)", name) and outside
               for name, _postcode, outside in places["m"])
    assert "Valdeblore" in communes


def test_fixture_territory_site_names_its_own_places_only(tinee_vesubie: Path) -> None:
    home = page(tinee_vesubie, "index.html")
    assert "CPTS Tinée-Vésubie" in home
    search = page(tinee_vesubie, "recherche/index.html")
    # The search box's example is the territory's most populous commune.
    assert "Saint-Martin-Vésubie" in search
    for file in (tinee_vesubie / "site").rglob("*"):
        if file.suffix in (".html", ".js", ".json", ".xml", ".csv", ".txt"):
            text = file.read_text(encoding="utf-8", errors="replace")
            assert not DEMO_WORDS.search(text), f"{file}: {DEMO_WORDS.search(text)}"


def test_build_lists_what_the_coordinator_still_has_to_write(tinee_vesubie: Path) -> None:
    built = cpts("build", cwd=tinee_vesubie)
    assert built.returncode == 0, built.stderr
    assert re.search(r"content/index\.md:\d+: \(avertissement\) à compléter : présentez la CPTS",
                     built.stderr)
    assert ("directory/territoire.yml:5: (avertissement) adresse : « Adresse de la CPTS à "
            "compléter » est la valeur provisoire écrite par cpts init") in built.stderr
    # Never shown to visitors as a « TODO »: the comment stays out of the page's text.
    assert "à compléter" not in re.sub(r"<!--.*?-->", "", page(tinee_vesubie, "index.html"), flags=re.S)


def test_check_fails_on_a_broken_link_and_an_image_without_text(
        tinee_vesubie: Path, tmp_path: Path) -> None:
    site = tmp_path / "site-copie"
    shutil.copytree(tinee_vesubie, site, ignore=shutil.ignore_patterns("site", "build"))
    page_md = site / "content" / "installation" / "vivre.md"
    page_md.write_text(page_md.read_text(encoding="utf-8")
                       + "\nVoir [les écoles](../ecoles/) et ![](photo.png)\n", encoding="utf-8")
    (site / "content" / "installation" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    checked = cpts("check", cwd=site)
    assert checked.returncode == 1
    assert "le lien « ../ecoles/ » ne mène à aucune page du site" in checked.stdout + checked.stderr


def test_overseas_territory_from_the_geo_api(marie_galante: tuple[Path, str]) -> None:
    site, said = marie_galante
    assert "3 communes" in said and "geo" in said.lower()
    territory = (site / "directory" / "territoire.yml").read_text(encoding="utf-8")
    assert 'insee: "97112"' in territory and "Grand-Bourg" in territory
    entry = page(site, "professionnels/jean-baptiste-nadia/index.html")
    # A Guadeloupe mobile: shown as dialled from France, called with its own country code.
    assert "0690 12 34 56" in entry and 'href="tel:+590-690-12-34-56"' in entry
    english = page(site, "en/professionnels/jean-baptiste-nadia/index.html")
    assert "+590 690 12 34 56" in english
    care = page(site, "soins-non-programmes/index.html")
    assert "CHU de la Guadeloupe" in care and "Pointe-à-Pitre" in care
    assert re.search(r"Hors territoire</strong> à \d+ km de (Grand-Bourg|Saint-Louis)", care)


def test_the_demo_territory_rebuilt_from_scratch_with_its_entries(tmp_path: Path) -> None:
    """A CPTS that adopts the tool: `cpts init` for its two EPCI, then its own entries."""
    folder = tmp_path / "cpts-gb"
    made = cpts("init", str(folder), "--nom", "CPTS du Grand Briançonnais",
                "--epci", GRAND_BRIANCONNAIS_EPCI,
                "--contours", str(ROOT / "directory" / "communes.geojson"), cwd=tmp_path)
    assert made.returncode == 0, made.stdout + made.stderr
    assert "21 communes" in made.stdout
    for kind in ("structures", "professionnels"):
        shutil.copytree(ROOT / "directory" / kind, folder / "directory" / kind, dirs_exist_ok=True)
    checked = cpts("check", cwd=folder)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "3/3 Liens et accessibilité" in checked.stdout
    pages = {p.parent.name for p in (folder / "site" / "professionnels").glob("*/index.html")}
    assert pages == {p.stem for p in (ROOT / "directory" / "professionnels").glob("*.yml")}


def test_page_not_found_is_in_french_and_keeps_its_skip_link(tinee_vesubie: Path) -> None:
    missing = page(tinee_vesubie, "404.html")
    assert "<h1>Page introuvable</h1>" in missing and "404 - Not found" not in missing
    assert 'href="#contenu"' in missing and 'id="contenu"' in missing


@pytest.mark.browser
def test_fixture_territory_pages_have_no_accessibility_violation(tinee_vesubie: Path) -> None:
    from .browser import browser_page, serve_directory
    from .test_accessibility import assert_no_violations

    with serve_directory(tinee_vesubie / "site") as url, browser_page() as (tab, _):
        for path in ("", "soins-non-programmes/", "structures/chu-nice-pasteur/", "carte/",
                     "en/soins-non-programmes/", "404.html"):
            response = tab.goto(url + path)
            assert response is not None and (response.ok or path == "404.html"), path
            if path == "carte/":
                tab.wait_for_function(
                    "document.querySelector('[data-cpts-state=\"ready\"]') !== null")
            assert_no_violations(tab)
