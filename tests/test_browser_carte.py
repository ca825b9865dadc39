"""The « Carte » page and the small maps of entry pages, in Debian's chromium.

The expected places are computed here from the YAML files, independently of cpts: one place
per distinct point (a structure's, or the address of a professional's practice).
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from cpts.model import Directory
from cpts.rendering.engine import build_site

from .browser import browser_page, serve_directory
from .conftest import ROOT, TODAY
from .maps import blocked_hosts, script_errors, tile_host
from .test_carte import set_tiles

pytestmark = pytest.mark.browser

PANE = "#carte .leaflet-marker-pane"
VISIBLE = """() => {
  const box = document.getElementById('carte').getBoundingClientRect();
  return [...document.querySelectorAll('#carte .leaflet-marker-pane > div')].filter(icon => {
    const r = icon.getBoundingClientRect();
    return r.right > box.left && r.left < box.right && r.bottom > box.top && r.top < box.bottom;
  }).map(icon => [icon.classList.contains('cpts-cluster') ? 'cluster' : 'pin',
                  icon.getAttribute('aria-label'), Number(icon.textContent) || 1]);
}"""
SETTLED = """() => {
  const map = document.getElementById('carte').cptsMap;
  return !map._animatingZoom && !(map._panAnim && map._panAnim._inProgress)
    && !document.querySelector('#carte .leaflet-cluster-anim');
}"""


def demo_places(root: Path = ROOT / "directory") -> dict[tuple[float, float], dict]:
    """Point -> {"structures": slugs, "professionals": slugs, "professions": …}."""
    structures = {p.stem: yaml.safe_load(p.read_text("utf-8"))
                  for p in (root / "structures").glob("*.yml")}
    places: dict[tuple[float, float], dict] = defaultdict(
        lambda: {"structures": set(), "professionals": set(), "kinds": set()})

    def key(coordinates: dict) -> tuple[float, float]:
        return round(coordinates["lat"], 5), round(coordinates["lon"], 5)

    for slug, data in structures.items():
        place = places[key(data["coordonnees"])]
        place["structures"].add(slug)
        place["kinds"].add(data["type"])
    for path in (root / "professionnels").glob("*.yml"):
        data = yaml.safe_load(path.read_text("utf-8"))
        for lieu in data["lieux"]:
            where = structures[lieu["structure"]] if "structure" in lieu else lieu
            place = places[key(where["coordonnees"])]
            place["professionals"].add(path.stem)
            place["kinds"].add(data["profession"])
    return places


def open_map(page: Any, url: str) -> None:
    page.goto(f"{url}carte/")
    page.wait_for_selector("#carte[data-cpts-state=ready]")
    page.wait_for_selector(".cpts-carte__toggle")


def open_every_commune(page: Any) -> None:
    """Open each commune of the list, as a visitor does, until its places are shown."""
    toggles = page.locator(".cpts-carte__toggle:visible")
    for i in range(toggles.count()):
        toggles.nth(i).click()
        assert toggles.nth(i).get_attribute("aria-expanded") == "true"
    page.wait_for_function("![...document.querySelectorAll('.cpts-carte__note')]"
                           ".some(note => !note.hidden)")


def details_requests(watch: Any) -> list[str]:
    return [url for url in watch.requests if "/assets/carte/lieux/" in url]


def test_every_place_is_on_the_map_once(demo_url: str) -> None:
    expected = demo_places()
    with browser_page() as (page, watch):
        open_map(page, demo_url)
        # The first view is the territory; zoomed out, the places outside it are in view too.
        page.evaluate("points => document.getElementById('carte').cptsMap.fitBounds(points)",
                      [list(key) for key in expected])
        page.wait_for_function(SETTLED)
        shown = page.evaluate(VISIBLE)
        # One marker or cluster per place: the clusters' counts add up to the places.
        assert sum(count for _, _, count in shown) == len(expected)
        assert page.get_by_role("status").first.inner_text() == (
            f"{len(expected)} lieux affichés sur la carte.")
        # The list: one button per commune, saying how many places it has; each place once.
        counts = page.locator(".cpts-carte__toggle .cpts-carte__count").all_inner_texts()
        assert sum(int(re.sub(r"\D", "", c)) for c in counts) == len(expected)
        assert page.locator(".cpts-carte__place").count() == 0
        open_every_commune(page)
        assert page.locator(".cpts-carte__place").count() == len(expected)
        # Every marker is a keyboard-reachable button with its own name.
        icons = page.locator(f"{PANE} > div")
        for i in range(icons.count()):
            assert icons.nth(i).get_attribute("role") == "button"
            assert icons.nth(i).get_attribute("tabindex") == "0"

        # A cluster opens with the keyboard.
        before = page.evaluate("document.getElementById('carte').cptsMap.getZoom()")
        page.locator(f"{PANE} > div.cpts-cluster").first.press("Enter")
        page.wait_for_function(f"document.getElementById('carte').cptsMap.getZoom() > {before}")
        page.wait_for_function(SETTLED)
        # Expanded (« Regrouper les lieux proches » unchecked): one marker per place, each
        # with its own accessible name.
        page.get_by_role("checkbox", name="Regrouper les lieux proches").uncheck()
        assert page.locator(f"{PANE} > div.cpts-cluster").count() == 0
        names = page.evaluate(f"[...document.querySelectorAll('{PANE} > div.cpts-pin')]"
                              ".map(i => i.getAttribute('aria-label'))")
        assert len(names) == len(set(names)) == len(expected)
    assert script_errors(watch) == []
    assert blocked_hosts(watch) == {tile_host()}, watch.blocked


def test_popup_lists_everyone_at_an_msp_with_their_links(demo_url: str) -> None:
    places = demo_places()
    msp = next(p for p in places.values() if "msp-briancon" in p["structures"])
    name = yaml.safe_load((ROOT / "directory" / "structures" / "msp-briancon.yml").read_text())["nom"]
    with browser_page() as (page, watch):
        open_map(page, demo_url)
        open_every_commune(page)
        item = page.locator(".cpts-carte__place", has=page.get_by_role("heading", name=name))
        assert item.count() == 1
        item.get_by_role("button", name=re.compile("^Voir sur la carte")).click()
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        links = popup.locator("a.cpts-lieu__entry")
        hrefs = {links.nth(i).get_attribute("href") for i in range(links.count())}
        assert hrefs == {f"{demo_url}structures/{s}/" for s in msp["structures"]} | {
            f"{demo_url}professionnels/{p}/" for p in msp["professionals"]}
        assert popup.locator("a[href^='tel:']").first.get_attribute("href").startswith("tel:+33")
        # The keyboard user is taken into the popup, and the link leads to the page.
        assert page.evaluate("document.activeElement.closest('.leaflet-popup') !== null")
        page.wait_for_function(SETTLED)  # the popup no longer moves with the map
        popup.get_by_role("link", name=name).click()
        page.wait_for_url(f"{demo_url}structures/msp-briancon/")
    assert script_errors(watch) == []


def test_the_page_loads_the_markers_and_a_popup_its_place_details(demo_url: str) -> None:
    """The details of the places (names, addresses, phones, links) are fetched when a popup is
    opened, not with the page; the popup then shows them."""
    pharmacy = sorted((ROOT / "directory" / "structures").glob("pharmacie-*.yml"))[0]
    data = yaml.safe_load(pharmacy.read_text("utf-8"))
    place = next(p for p in demo_places().values() if pharmacy.stem in p["structures"])
    with browser_page() as (page, watch):
        open_map(page, demo_url)
        assert details_requests(watch) == []
        page.get_by_role("checkbox", name="Regrouper les lieux proches").uncheck()
        pin = page.locator(f"{PANE} > div.cpts-pin[aria-label^='{data['nom']}, ']")
        assert pin.count() == 1
        pin.focus()  # markers of the same resort overlap: the keyboard reaches each
        page.keyboard.press("Enter")
        popup = page.locator(".leaflet-popup-content")
        popup.locator("a.cpts-lieu__entry").first.wait_for()
        assert len(details_requests(watch)) == 1
        text = popup.inner_text()
        assert data["nom"] in text and data["adresse"] in text
        assert "Pharmacie d'officine" in text
        hrefs = popup.locator("a.cpts-lieu__entry").evaluate_all("els => els.map(e => e.href)")
        assert set(hrefs) == {f"{demo_url}structures/{pharmacy.stem}/"} | {
            f"{demo_url}professionnels/{slug}/" for slug in place["professionals"]}
    assert script_errors(watch) == []


def test_layers_switch_on_and_off(demo_url: str) -> None:
    places = demo_places()
    pharmacies = [p for p in places.values() if {"pharmacie", "pharmacien"} & p["kinds"]]
    with browser_page() as (page, watch):
        open_map(page, demo_url)
        legend = page.get_by_role("group", name="Légende — cochez ce que la carte affiche")
        boxes = legend.get_by_role("checkbox")
        for i in range(boxes.count()):
            label = boxes.nth(i)
            if label.get_attribute("value") not in ("pharmacies", None):
                label.uncheck()
        page.wait_for_function(SETTLED)
        shown = page.evaluate(VISIBLE)
        assert sum(count for _, _, count in shown) == len(pharmacies)
        assert page.get_by_role("status").first.inner_text() == (
            f"{len(pharmacies)} lieux affichés sur {len(places)}.")
        # The list shows the communes that have a pharmacy, and only their pharmacies.
        open_every_commune(page)
        assert page.locator(".cpts-carte__place:visible").count() == len(pharmacies)
        # The communes' outline is a layer too.
        assert page.locator("#carte .leaflet-overlay-pane path").count() > 0
        legend.get_by_role("checkbox", name="Limites des communes").uncheck()
        assert page.locator("#carte .leaflet-overlay-pane path").count() == 0
        legend.get_by_role("checkbox", name=re.compile("^Médecins généralistes")).check()
        page.wait_for_function(SETTLED)
        assert sum(c for _, _, c in page.evaluate(VISIBLE)) > len(pharmacies)
    assert script_errors(watch) == []


def test_keyboard_opens_a_popup_and_comes_back(demo_url: str) -> None:
    with browser_page() as (page, watch):
        open_map(page, demo_url)
        pin = page.locator(f"{PANE} > div.cpts-pin").first
        if pin.count() == 0:  # everything clustered: open a cluster first
            page.locator(f"{PANE} > div.cpts-cluster").first.press("Enter")
            page.wait_for_function(SETTLED)
            pin = page.locator(f"{PANE} > div.cpts-pin").first
        name = pin.get_attribute("aria-label")
        pin.focus()
        page.keyboard.press("Enter")
        page.locator(".leaflet-popup-content").wait_for()
        assert page.evaluate("document.activeElement.closest('.leaflet-popup') !== null")
        assert page.locator(".leaflet-popup-close-button").get_attribute("aria-label") == "Fermer"
        page.keyboard.press("Escape")
        page.locator(".leaflet-popup").wait_for(state="detached")
        assert page.evaluate("document.activeElement.getAttribute('aria-label')") == name
    assert script_errors(watch) == []


def test_entry_page_shows_its_place_on_a_small_map(demo_url: str) -> None:
    with browser_page() as (page, watch):
        page.goto(f"{demo_url}structures/msp-briancon/")
        minimap = page.locator(".cpts-minimap")
        minimap.scroll_into_view_if_needed()
        page.wait_for_selector(".cpts-minimap[data-cpts-state=ready]")
        assert minimap.locator(".cpts-pin--point").count() == 1
        assert minimap.locator("img.leaflet-tile").count() > 0
    assert script_errors(watch) == []
    assert blocked_hosts(watch) == {tile_host()}


def test_without_javascript_the_page_points_to_the_directory(demo_url: str) -> None:
    with browser_page(javascript=False) as (page, watch):
        page.goto(f"{demo_url}carte/")
        assert not page.locator("#carte").is_visible()
        assert not page.locator(".cpts-carte__legend").is_visible()
        page.get_by_role("link", name="L'annuaire par profession et par commune", exact=True).click()
        page.wait_for_url(f"{demo_url}annuaire/")
        page.goto(f"{demo_url}structures/msp-briancon/")
        assert not page.locator(".cpts-minimap").is_visible()
    assert watch.blocked == []


HOSTILE = '<script>window.pwned=1</script><img src=x onerror="window.pwned=2">'


def test_names_with_markup_show_as_text(project: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Markup injected into the model (the schemas refuse it in YAML) is shown as text; with
    tiles set to « none » the map asks nothing of any other host."""
    from cpts.pages import stage

    real_build_model = stage.build_model

    def hostile_model(raw: object) -> Directory:
        directory = real_build_model(raw)  # type: ignore[arg-type]
        directory.professionals[0].last_name = HOSTILE
        next(iter(directory.structures.values())).name = "Soins & « nuit » " + HOSTILE
        return directory

    monkeypatch.setattr(stage, "build_model", hostile_model)
    set_tiles(project, "none")
    site = build_site(project, site_dir=tmp_path / "site", today=TODAY)
    with serve_directory(site) as url, browser_page() as (page, watch):
        open_map(page, url)
        # A popup opened from its marker, its details fetched then: the markup is text.
        page.get_by_role("checkbox", name="Regrouper les lieux proches").uncheck()
        page.locator(f"{PANE} > div.cpts-pin[aria-label^='Soins & « nuit »']").click()
        popup = page.locator(".leaflet-popup-content")
        popup.locator("a.cpts-lieu__entry").first.wait_for()
        assert HOSTILE in popup.inner_text()
        assert popup.locator("script, img").count() == 0
        page.keyboard.press("Escape")
        page.locator(".leaflet-popup").wait_for(state="detached")
        open_every_commune(page)
        for marker in ("Maison de santé", "Cabinet de kinésithérapie"):
            item = page.locator(".cpts-carte__place", has_text=marker)
            item.get_by_role("button", name=re.compile("^Voir sur la carte")).click()
            popup = page.locator(".leaflet-popup-content")
            popup.wait_for()
            if marker == "Maison de santé":
                assert HOSTILE in popup.inner_text()
                assert f"Soins & « nuit » {HOSTILE}" in popup.inner_text()
            page.keyboard.press("Escape")
            page.locator(".leaflet-popup").wait_for(state="detached")
        assert HOSTILE in page.locator(".cpts-carte__list").inner_text()
        labels = page.evaluate(f"[...document.querySelectorAll('{PANE} > div')]"
                               ".map(i => i.getAttribute('aria-label'))")
        assert any(HOSTILE in label for label in labels)
        page.locator(f"{PANE} > div.cpts-pin", has_text="").first.hover()
        assert page.evaluate("window.pwned") is None
        assert page.locator("#carte img.leaflet-tile").count() == 0
    assert script_errors(watch) == []
    assert watch.blocked == []


def test_the_first_view_is_the_territory_not_the_hospitals_outside_it(demo_url: str) -> None:
    # The demo's hospitals of reference outside the territory are on the map, but the map
    # opens on the territory: a patient sees its places, not a view zoomed out to take them in.
    outside = [(s["coordonnees"]["lat"], s["coordonnees"]["lon"])
               for path in sorted((ROOT / "directory" / "structures").glob("*.yml"))
               if (s := yaml.safe_load(path.read_text()) or {}).get("hors_territoire")]
    assert outside, "the demo lists structures outside the territory"
    inside = [key for key in demo_places() if key not in outside]
    with browser_page() as (page, _):
        open_map(page, demo_url)
        intro = page.locator(".cpts-carte__intro").inner_text()
        assert f"S'y ajoutent {len(outside)} structures hors du territoire" in intro
        view = "(p) => document.getElementById('carte').cptsMap.getBounds().contains(p)"
        assert all(page.evaluate(view, list(p)) for p in inside)
        assert not any(page.evaluate(view, list(p)) for p in outside)
