"""« S'installer » in Debian's chromium: every page renders cleanly, the board filters, the feed
is announced and served."""

from __future__ import annotations

import urllib.request
import xml.etree.ElementTree as ET

import pytest

from .browser import browser_page

pytestmark = pytest.mark.browser

PAGES = ("installation/", "installation/diagnostic/", "installation/aides-et-zonage/",
         "installation/opportunites/", "installation/demarches/", "installation/vivre/",
         "installation/cpts/", "installation/contacts/",
         "annuaire/communes/l-argentiere-la-bessee/")


def test_installation_pages_render_without_errors_on_a_phone(demo_url: str) -> None:
    with browser_page(width=390) as (page, watch):
        for path in PAGES:
            page.goto(demo_url + path)
            page.wait_for_load_state("load")
            assert page.locator("article h1").count() == 1, path
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"{path} is {width} px wide"
    assert watch.page_errors == [] and watch.console_errors == []
    assert watch.blocked == []


def test_zoning_map_and_chart_are_drawn_with_their_text_alternative(demo_url: str) -> None:
    with browser_page() as (page, watch):
        page.goto(demo_url + "installation/aides-et-zonage/")
        svg = page.locator("svg.cpts-zonemap__svg")
        assert svg.get_attribute("role") == "img"
        assert svg.locator("path").count() == 21
        box = svg.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 300
        assert page.get_by_role("table").locator("tbody tr").count() == 21
        page.goto(demo_url + "installation/diagnostic/")
        chart = page.locator("svg.cpts-chart__svg")
        assert chart.get_attribute("role") == "img"
        assert chart.bounding_box()["width"] > 500
        assert page.locator("tr.cpts-diag-row--sought").count() == 5
    assert watch.page_errors == [] and watch.console_errors == [] and watch.blocked == []


def test_board_filters_offers_and_announces_its_feed(demo_url: str) -> None:
    with browser_page() as (page, watch):
        page.goto(demo_url + "installation/opportunites/")
        offers = page.locator("article[data-cpts-offer]")
        total = offers.count()
        assert total >= 3
        form = page.locator("form[data-cpts-board-filter]")
        assert form.is_visible()  # revealed by assets/installation.js
        page.get_by_label("Profession ou spécialité").select_option("medecin:pediatrie")
        visible = page.locator("article[data-cpts-offer]:visible")
        assert visible.count() == 1
        assert "Pédiatre" in visible.first.locator("h3").inner_text()
        assert page.locator("[data-cpts-board-count]").inner_text() == f"1 offre sur {total}"
        page.get_by_label("Type d'offre").select_option("remplacement")
        assert page.locator("[data-cpts-board-none]").is_visible()
        page.get_by_role("button", name="Voir toutes les offres").click()
        assert page.locator("article[data-cpts-offer]:visible").count() == total

        alternate = page.locator('link[rel="alternate"][type="application/atom+xml"]')
        href = alternate.get_attribute("href")
        feed_url = page.evaluate("h => new URL(h, location.href).href", href)
        visible_link = page.get_by_role("link", name="S'abonner aux offres (flux Atom)")
        assert page.evaluate("h => new URL(h, location.href).href",
                             visible_link.get_attribute("href")) == feed_url
    with urllib.request.urlopen(feed_url) as response:  # the test server, on 127.0.0.1
        feed = ET.fromstring(response.read())
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == total
    assert watch.page_errors == [] and watch.console_errors == [] and watch.blocked == []


def test_board_lists_every_offer_without_javascript(demo_url: str) -> None:
    with browser_page() as (page, watch):
        page.route("**/assets/installation.js", lambda route: route.abort())
        page.goto(demo_url + "installation/opportunites/")
        assert not page.locator("form[data-cpts-board-filter]").is_visible()
        assert page.locator("article[data-cpts-offer]:visible").count() >= 3
        page.get_by_role("link", name="Remplacement (1)").click()
        assert page.url.endswith("#remplacement")
    assert watch.page_errors == [] and watch.blocked == []
