"""Pages do not jump while they load (Lighthouse's « cumulative layout shift »): what a visitor
is reading stays where it is when scripts show the map or the results."""

from __future__ import annotations

import pytest

from .browser import browser_page

pytestmark = pytest.mark.browser

# Sum of the layout shifts not caused by the visitor, since the page started loading.
LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 300);
})"""
GOOD = 0.1  # Google's « good »; the map page was at 0.19 (phone) and 0.35 (desktop)


@pytest.mark.parametrize("width", [412, 1280])
def test_the_map_page_does_not_shift_when_the_map_appears(demo_url: str, width: int) -> None:
    with browser_page(width=width, height=823) as (page, _):
        page.goto(f"{demo_url}carte/")
        page.wait_for_selector("#carte[data-cpts-state=ready]")
        page.wait_for_selector(".cpts-carte__toggle")
        assert page.evaluate(LAYOUT_SHIFT) < GOOD / 2


@pytest.mark.parametrize("path", ["", "professionnels/andrieu-clement/", "recherche/?q=kine"])
def test_pages_stay_still_while_they_load(demo_url: str, path: str) -> None:
    with browser_page(width=412, height=823) as (page, _):
        page.goto(demo_url + path, wait_until="networkidle")
        assert page.evaluate(LAYOUT_SHIFT) < GOOD
