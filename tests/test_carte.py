"""The map's generated files: places, compact data, tile settings, Leaflet served by the site."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
import yaml
from benchmarks.synthetic import make_directory

from cpts.directory.validate import validate_directory
from cpts.i18n import ENGLISH
from cpts.model import build_model
from cpts.pages.carte import CATEGORIES, CHUNK, MapData, map_places
from cpts.pages.leaflet import MapSettingsError, Tiles, map_tiles, outline_geojson, tiles_from_settings
from cpts.pages.stage import GenerationFailed, generate

from .conftest import ROOT, TODAY


def set_tiles(project: Path, value: object) -> None:
    path = project / "mkdocs.yml"
    config = path.read_text("utf-8")
    head, _, _ = config.partition("\nextra:\n")
    path.write_text(head + "\n" + yaml.safe_dump({"extra": {"cpts": {"map": {"tiles": value}}}},
                                                 allow_unicode=True), "utf-8")


def decode(markers: dict, details: list[str]) -> list[dict]:
    """The places as carte.js reads them (coordinates back in degrees, details joined)."""
    lat0, lon0 = markers["o"]
    rows = [row for text in details for row in json.loads(text)]
    assert [len(json.loads(text)) for text in details] == markers["d"]
    lats, lons, communes, pins, titles = markers["p"]
    assert len(rows) == len(titles)
    return [{"lat": lat0 + sum(lats[:i + 1]) / 1e5, "lon": lon0 + sum(lons[:i + 1]) / 1e5,
             "commune": markers["m"][communes[i]][0], "title": titles[i],
             "categories": [c[0] for b, c in enumerate(markers["c"]) if pins[i] >> 3 & 1 << b],
             "pin": markers["c"][pins[i] & 7][0],
             "address": row[0] or titles[i], "phone": row[1],
             "entries": [(markers["l"][e[0]][0], e[1], e[2], e[3] if len(e) > 3 else "")
                         for e in row[2]]}
            for i, row in enumerate(rows)]


def test_an_msp_and_its_professionals_are_one_place(base_directory: Path) -> None:
    raw, _ = validate_directory(base_directory, TODAY)
    places = map_places(build_model(raw))
    assert len(places) == 2
    msp = next(p for p in places if p.structures)
    assert msp.title == "Maison de santé de test"
    assert [(e.kind, e.slug) for e in msp.entries] == [
        ("structure", "msp-test"), ("professionnel", "martin-claire"),
        ("professionnel", "petit-lea")]
    kine = next(p for p in places if not p.structures)
    assert kine.title == "Cabinet de kinésithérapie de Chantemerle"
    assert kine.category.code == "paramedicaux"
    assert [c.code for c in msp.categories] == ["generalistes", "paramedicaux", "maisons-de-sante"]


def test_compact_data_round_trips(base_directory: Path) -> None:
    raw, _ = validate_directory(base_directory, TODAY)
    data = MapData.of(map_places(build_model(raw)))
    markers = json.loads(json.dumps(data.markers()))
    by_address = {p["address"]: p for p in decode(markers, data.details)}
    msp = by_address["10 avenue de la République"]
    assert (round(msp["lat"], 5), round(msp["lon"], 5)) == (44.899, 6.644)
    assert msp["commune"] == "Briançon"
    assert msp["title"] == "Maison de santé de test"
    assert msp["pin"] == "maisons-de-sante"
    assert msp["categories"] == ["generalistes", "paramedicaux", "maisons-de-sante"]
    assert msp["phone"] == "0492201010"
    # Phones equal to the place's are not repeated; the structure's page is under structures/.
    assert msp["entries"] == [
        ("Maison de santé pluriprofessionnelle", "Maison de santé de test", "msp-test", ""),
        ("Médecin — Médecine générale", "Dr Claire Martin", "martin-claire", ""),
        ("Infirmière", "Mme Léa Petit", "petit-lea", "")]
    assert [row[0] for row in markers["l"] if row[2] == 1] == ["Maison de santé pluriprofessionnelle"]
    assert [c[0] for c in markers["c"]] == [c.code for c in CATEGORIES]
    # The English markers name the same details in English.
    english = json.loads(json.dumps(data.markers(ENGLISH)))
    assert english["h"] == markers["h"] and english["d"] == markers["d"]
    msp = next(p for p in decode(english, data.details) if p["title"] == msp["title"])
    assert [label for label, *_ in msp["entries"]] == [
        "Multidisciplinary health centre (MSP)", "Doctor — General practice (GP)", "Nurse"]


def test_details_files_hold_one_commune_each_and_at_most_a_list_page(tmp_path: Path) -> None:
    """A popup fetches one small file; opening a commune of the list fetches its own."""
    make_directory(600, tmp_path / "directory", seed=1, territory=ROOT / "directory")
    raw, _ = validate_directory(tmp_path / "directory", TODAY)
    places = map_places(build_model(raw))
    data = MapData.of(places)
    assert max(data.sizes) == CHUNK and sum(data.sizes) == len(places)
    first = 0
    for size in data.sizes:
        assert len({p.commune.insee for p in places[first:first + size]}) == 1
        first += size
    decoded = decode(data.markers(), data.details)
    assert [(p["title"], p["commune"], round(p["lat"], 5), round(p["lon"], 5))
            for p in decoded] == [
        (p.title, p.commune_label(), p.point.lat, p.point.lon) for p in places]


def test_map_page_and_its_files_are_generated(project: Path) -> None:
    docs = generate(project, project / "build" / "docs", today=TODAY).out
    page = (docs / "carte" / "index.md").read_text("utf-8")
    assert '<div id="carte" class="cpts-carte__map" data-cpts-map="lieux"' in page
    assert "2 lieux : 3 professionnels et 1 structure" in page
    assert '<a href="../annuaire/">' in page
    assert "Maisons de santé, centres et cabinets <span class=\"cpts-carte__count\">(1)</span>" in page
    assert "Médecins spécialistes" not in page  # no such place: not in the legend
    markers = json.loads((docs / "assets" / "carte" / "lieux.json").read_text())
    assert markers["v"] == 2 and markers["d"] == [1, 1]  # 2 places in 2 communes
    english = json.loads((docs / "assets" / "carte" / "lieux.en.json").read_text())
    assert english["h"] == markers["h"]
    assert sorted(p.name for p in (docs / "assets" / "carte" / "lieux").iterdir()) == [
        "0.json", "1.json"]
    for name in ("leaflet.js", "leaflet.css", "images/layers.png", "leaflet.markercluster.js",
                 "MarkerCluster.css"):
        assert (docs / "assets" / "leaflet" / name).stat().st_size > 100, name
    assert b"Leaflet 1.9.3" in (docs / "assets" / "leaflet" / "leaflet.js").read_bytes()[:200]
    script = (docs / "assets" / "carte" / "carte.js").read_text("utf-8")
    assert '"url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in script
    assert "/*CPTS_MAP_SETTINGS*/null" not in script
    # The only addresses of other hosts in the script: the tiles, and the credit links.
    assert {w.split("/")[2] for w in script.split('"') if w.startswith("https://")} == {
        "tile.openstreetmap.org", "www.openstreetmap.org", "leafletjs.com"}
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text().split("\nextra:\n")[0])["nav"]
    assert {"Carte": "carte/index.md"} in nav


def test_entry_pages_have_a_small_map_that_needs_no_script(project: Path) -> None:
    docs = generate(project, project / "build" / "docs", today=TODAY).out
    structure = (docs / "structures" / "msp-test.md").read_text("utf-8")
    assert ('<div class="cpts-minimap" data-cpts-map="point" data-lat="44.899" data-lon="6.644" '
            'data-label="Maison de santé de test"') in structure
    assert ' hidden></div>' in structure  # shown by the script only
    durand = (docs / "professionnels" / "durand-paul.md").read_text("utf-8")
    assert 'data-label="Cabinet de kinésithérapie de Chantemerle"' in durand


def test_outline_keeps_the_outer_border_only() -> None:
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"nom": "A"}, "geometry": {
            "type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}},
        {"type": "Feature", "properties": {"nom": "B"}, "geometry": {
            "type": "Polygon", "coordinates": [[[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]]}},
    ]}
    features = json.loads(outline_geojson(collection))["features"]
    assert [f["properties"].get("nom") for f in features] == ["A", "B", None]
    border = features[-1]["geometry"]["coordinates"]
    segments = {frozenset(map(tuple, pair)) for line in border for pair in itertools.pairwise(line)}
    assert len(segments) == 6  # the shared edge (1,0)-(1,1) is not part of the border
    assert frozenset({(1, 0), (1, 1)}) not in segments


@pytest.mark.parametrize(("value", "host"), [
    ("OpenStreetMap", "tile.openstreetmap.org"),
    ("OpenTopoMap", "a.tile.opentopomap.org"),
    ({"url": "https://tuiles.example/{z}/{x}/{y}.png", "attribution": "© Exemple"},
     "tuiles.example"),
])
def test_tile_provider_is_configurable(value: object, host: str) -> None:
    tiles = tiles_from_settings({"tiles": value})
    assert isinstance(tiles, Tiles) and tiles.host == host
    assert tiles.attribution


def test_no_tiles_means_no_tile_layer(project: Path) -> None:
    set_tiles(project, "none")
    assert map_tiles(project) is None
    docs = generate(project, project / "build" / "docs", today=TODAY).out
    assert '{"tiles": null}' in (docs / "assets" / "carte" / "carte.js").read_text("utf-8")


@pytest.mark.parametrize(("value", "message"), [
    ({"url": "http://tuiles.example/{z}/{x}/{y}.png", "attribution": "x"}, "une adresse https"),
    ({"url": "https://tuiles.example/carte.png", "attribution": "x"}, "avec {z}, {x} et {y}"),
    ({"url": "https://tuiles.example/{z}/{x}/{y}.png"}, "attribution : écrivez la mention"),
    ("FondInconnu", "le fond de carte « FondInconnu » est inconnu"),
])
def test_wrong_tile_settings_are_explained(project: Path, value: object, message: str) -> None:
    with pytest.raises(MapSettingsError, match=message):
        tiles_from_settings({"tiles": value})
    set_tiles(project, value)
    with pytest.raises(GenerationFailed) as failure:
        generate(project, project / "build" / "docs", today=TODAY)
    assert "mkdocs.yml: extra.cpts.map :" in failure.value.report
    assert message in failure.value.report


@pytest.mark.parametrize("name", ["OpenStreetMap", "OpenTopoMap", "GeoportailFrance.plan"])
def test_named_tiles_are_those_folium_would_draw(name: str) -> None:
    """The build reads xyzservices itself (importing folium costs 0.7 s); folium stays the
    reference: same URL, attribution and zoom as folium.TileLayer."""
    import folium

    layer = folium.TileLayer(name)
    tiles = tiles_from_settings({"tiles": name})
    assert tiles is not None
    assert tiles.url == layer.tiles
    assert tiles.attribution == layer.options["attribution"]
    assert tiles.max_zoom == layer.options["max_zoom"]
