"""No visitor is tracked and no page asks anything of a third party but the map tiles.

Two checks: a scan of every built file (tests/thirdparty.py) for resources of another host,
and a real browser that visits the pages a visitor uses and records every request that leaves
the site, and every cookie.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cpts.pages.config import mkdocs_config
from cpts.pages.leaflet import map_tiles
from cpts.rendering.engine import build_site

from .browser import browser_page, serve_directory
from .conftest import ROOT, TODAY
from .maps import blocked_hosts, tile_host
from .test_carte import set_tiles
from .thirdparty import NOT_REQUESTS, Reference, file_references, outside_references


def tile_template() -> str:
    tiles = map_tiles(ROOT)
    assert tiles is not None, "the demo's mkdocs.yml sets map tiles"
    return tiles.url


# ---- the scan of the built files ----

def test_no_built_file_asks_another_host_but_for_the_tiles(demo_site: Path) -> None:
    assert outside_references(demo_site, allowed=frozenset({tile_template()})) == []


def test_the_tile_template_is_the_one_exception_and_only_in_the_map_script(
        demo_site: Path) -> None:
    assert outside_references(demo_site) == [
        Reference("assets/carte/carte.js", "JS string", tile_template())]


def test_materials_conditional_requests_stay_off(demo_site: Path) -> None:
    """The Material scripts of NOT_REQUESTS ask nothing as long as no page has a Mermaid
    diagram and mkdocs.yml has no repo_url (the « source » widget)."""
    assert any("bundle" in files for files, _, _ in NOT_REQUESTS)
    for page in demo_site.rglob("*.html"):
        html = page.read_text("utf-8")
        assert 'class="mermaid' not in html, page
        assert 'data-md-component="source"' not in html, page
    assert not mkdocs_config(ROOT).get("repo_url")


def test_a_planted_image_in_a_copy_of_the_home_page_is_found(demo_site: Path,
                                                              tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(demo_site / "index.html", site / "index.html")
    assert outside_references(site) == []
    page = site / "index.html"
    html = page.read_text("utf-8")
    page.write_text(html.replace("</article>",
                                 '<img src="https://cdn.example/x.png" alt=""></article>', 1),
                    "utf-8")
    assert outside_references(site) == [Reference("index.html", "<img src>",
                                                  "https://cdn.example/x.png")]


PLANTED = {
    "page.html": """<!doctype html><html><head>
<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
<link rel="preconnect" href="https://fonts.gstatic.com">
<link rel="shortcut icon" href="//cdn.example/favicon.ico">
<link rel="modulepreload" href="https://cdn.jsdelivr.net/npm/x.mjs">
<link rel="manifest" href="https://cdn.example/site.webmanifest">
<link rel="alternate" hreflang="en" href="https://mirror.example/en/">
<link rel="preload" as="image" imagesrcset="https://cdn.example/hero.avif 2x">
<script src="https://unpkg.com/lib@1/lib.js"></script>
<style>@import "https://cdnjs.cloudflare.com/x.css"; .a{background:url(/local.png)}</style>
<script>fetch("https://stats.example/hit");</script>
</head><body>
<img src="https://cdn.example/x.png" srcset="small.png 1x, https://cdn.example/big.png 2x" alt="">
<picture><source srcset="https://cdn.example/y.webp"></picture>
<video poster="https://cdn.example/poster.jpg"></video>
<iframe src="https://www.youtube.com/embed/x"></iframe>
<div style="background-image: url('https://cdn.example/bg.png')"></div>
<svg><use href="https://cdn.example/sprite.svg#i"/></svg>
</body></html>""",
    "style.css": """/* url(https://in.a.comment/x.png) is not loaded */
@font-face { src: url("https://fonts.gstatic.com/s/roboto.woff2") format("woff2"); }
.b { background: url(data:image/png;base64,AAAA) }
@import url(https://cdn.example/more.css);""",
    "app.js": """importScripts('https://cdnjs.cloudflare.com/ajax/libs/x.js');
var xhr = new XMLHttpRequest(); xhr.open("GET", `https://api.example/v1`);
var svg = "http://www.w3.org/2000/svg";
var credit = '<a href="https://leafletjs.com">Leaflet</a>';
L.tileLayer("https://tiles.example/{z}/{x}/{y}.png");""",
    "site.webmanifest": '{"icons": [{"src": "https://cdn.example/icon-192.png"}]}',
}
FOUND = {
    ("page.html", "<link rel=stylesheet>", "https://fonts.googleapis.com/css?family=Roboto"),
    ("page.html", "<link rel=preconnect>", "https://fonts.gstatic.com"),
    ("page.html", "<link rel=icon shortcut>", "//cdn.example/favicon.ico"),
    ("page.html", "<link rel=modulepreload>", "https://cdn.jsdelivr.net/npm/x.mjs"),
    ("page.html", "<link rel=manifest>", "https://cdn.example/site.webmanifest"),
    ("page.html", "<link rel=alternate>", "https://mirror.example/en/"),
    ("page.html", "<link imagesrcset>", "https://cdn.example/hero.avif"),
    ("page.html", "<script src>", "https://unpkg.com/lib@1/lib.js"),
    ("page.html", "<style> CSS @import", "https://cdnjs.cloudflare.com/x.css"),
    ("page.html", "<script> JS string", "https://stats.example/hit"),
    ("page.html", "<img src>", "https://cdn.example/x.png"),
    ("page.html", "<img srcset>", "https://cdn.example/big.png"),
    ("page.html", "<source srcset>", "https://cdn.example/y.webp"),
    ("page.html", "<video poster>", "https://cdn.example/poster.jpg"),
    ("page.html", "<iframe src>", "https://www.youtube.com/embed/x"),
    ("page.html", "<div style> CSS url()", "https://cdn.example/bg.png"),
    ("page.html", "<use href>", "https://cdn.example/sprite.svg#i"),
    ("style.css", "CSS url()", "https://fonts.gstatic.com/s/roboto.woff2"),
    ("style.css", "CSS url()", "https://cdn.example/more.css"),
    ("app.js", "JS string", "https://cdnjs.cloudflare.com/ajax/libs/x.js"),
    ("app.js", "JS string", "https://api.example/v1"),
    ("app.js", "JS string", "https://tiles.example/{z}/{x}/{y}.png"),
    ("site.webmanifest", "manifest src", "https://cdn.example/icon-192.png"),
}


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    for name, text in PLANTED.items():
        (tmp_path / name).write_text(text, "utf-8")
    return tmp_path


def test_every_kind_of_outside_resource_is_found(planted: Path) -> None:
    found = {(r.file, r.where, r.url) for r in outside_references(planted)}
    assert found - FOUND == set(), "found but not expected"
    assert FOUND - found == set(), "planted but not found"


def test_links_canonical_and_data_are_not_requests(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text("""<!doctype html><html><head>
<link rel="canonical" href="https://cpts.example/">
<link rel="alternate" type="application/atom+xml" href="../offres.xml">
<script type="application/ld+json">{"url": "https://cpts.example/", "logo": "https://x.example/l.png"}</script>
<link rel="stylesheet" href="assets/site.css">
</head><body>
<a href="https://www.openstreetmap.org/directions?to=45.1,6.6">Itinéraire</a>
<a href="https://www.doctolib.fr/x">Prendre rendez-vous</a>
<img src="data:image/png;base64,AAAA" alt=""><img src="/img/local.png" alt="">
<img src="http://127.0.0.1:8000/x.png" alt="">
<form action="https://contact.example/messages" method="post"></form>
</body></html>""", "utf-8")
    assert file_references(tmp_path, page) == []


def test_the_allowed_tile_template_is_only_that_url(planted: Path) -> None:
    template = "https://tiles.example/{z}/{x}/{y}.png"
    found = outside_references(planted, allowed=frozenset({template}))
    assert template not in {r.url for r in found}
    assert len(found) == len(FOUND) - 1


# ---- a visitor's browser ----

def _first_professional() -> str:
    return sorted((ROOT / "directory" / "professionnels").glob("*.yml"))[0].stem


@pytest.mark.browser
def test_a_visit_asks_only_the_tile_host_and_sets_no_cookie(demo_url: str) -> None:
    visits = {
        "": "article h1",
        f"professionnels/{_first_professional()}/": "article h1",
        "carte/": "#carte[data-cpts-state=ready]",
        "recherche/?q=kine": "#cpts-results li.cpts-result",
        "contact/": "article h1",
    }
    with browser_page() as (page, watch):
        for path, ready in visits.items():
            page.goto(demo_url + path, wait_until="networkidle")
            page.wait_for_selector(ready, state="attached")
            page.mouse.wheel(0, 4000)  # the small maps of entry pages load near the screen
            page.wait_for_load_state("networkidle")
            assert page.evaluate("document.cookie") == "", path
            assert blocked_hosts(watch) <= {tile_host()}, (path, watch.blocked)
        cookies = page.context.cookies()  # type: ignore[attr-defined]
    assert cookies == []
    # The map did ask for its tiles (blocked here): the browser saw every request.
    assert tile_host() in blocked_hosts(watch)


@pytest.mark.browser
def test_without_tiles_the_maps_ask_nothing_outside(project: Path, tmp_path: Path) -> None:
    set_tiles(project, "none")
    site = build_site(project, site_dir=tmp_path / "site", today=TODAY)
    assert outside_references(site) == []
    entry = sorted((site / "professionnels").glob("*/index.html"))[0].parent.name
    with serve_directory(site) as url, browser_page() as (page, watch):
        page.goto(f"{url}carte/", wait_until="networkidle")
        page.wait_for_selector("#carte[data-cpts-state=ready]")
        page.goto(f"{url}professionnels/{entry}/", wait_until="networkidle")
        minimap = page.locator("[data-cpts-map=point]")
        minimap.scroll_into_view_if_needed()
        page.wait_for_selector("[data-cpts-map=point][data-cpts-state=ready]")
        assert page.locator(".leaflet-tile").count() == 0
        assert page.context.cookies() == []  # type: ignore[attr-defined]
    assert watch.blocked == []
