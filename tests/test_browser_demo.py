"""The demo site as a visitor sees it, in Debian's chromium: home page and entry pages."""

from __future__ import annotations

import pytest

from .browser import browser_page
from .conftest import ROOT
from .maps import only_tiles_blocked, script_errors

pytestmark = pytest.mark.browser


def test_entry_page_shows_how_to_get_care(demo_url: str) -> None:
    structure = sorted((ROOT / "directory" / "structures").glob("*.yml"))[0].stem
    with browser_page(width=390) as (page, watch):
        page.goto(f"{demo_url}structures/{structure}/")
        heading = page.locator("article h1")
        assert heading.count() == 1 and heading.inner_text().strip()
        assert page.locator("a", has_text="Itinéraire").first.get_attribute("href").startswith(
            "https://www.openstreetmap.org/directions?to=")
        edit = page.locator("a", has_text="Modifier cette fiche")
        assert edit.get_attribute("href").endswith(f"/directory/structures/{structure}.yml")
        # The page fits a 390 px phone: nothing wider than the screen.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
    # The small map of the place asks only for its tiles.
    assert script_errors(watch) == []
    assert only_tiles_blocked(watch), watch.blocked


def test_structure_links_to_its_professionals_and_back(demo_url: str) -> None:
    with browser_page() as (page, watch):
        pro = next(p for p in sorted((ROOT / "directory" / "professionnels").glob("*.yml"))
                   if "structure:" in p.read_text())
        page.goto(f"{demo_url}professionnels/{pro.stem}/")
        name = page.locator("article h1").inner_text()
        page.locator(".cpts-place h3 a").first.click()
        page.wait_for_load_state()
        assert "/structures/" in page.url
        page.get_by_role("link", name=name).click()
        page.wait_for_load_state()
        assert page.url.endswith(f"/professionnels/{pro.stem}/")
    assert watch.page_errors == [] and only_tiles_blocked(watch), watch.blocked


def test_home_page_loads_nothing_from_outside(demo_url: str) -> None:
    with browser_page() as (page, watch):
        page.goto(demo_url)
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == "fr"
        assert "Grand Briançonnais" in page.title()
    assert watch.blocked == [], f"third-party requests: {watch.blocked}"
    assert watch.page_errors == [] and watch.console_errors == []
