"""Same-day care, prevention and the alert banner as a visitor sees them, in Debian's chromium."""

from __future__ import annotations

import pytest

from .browser import browser_page

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_a_phone_in_a_hurry_sees_the_15_without_scrolling(demo_url: str) -> None:
    with browser_page(**PHONE) as (page, watch):
        page.goto(f"{demo_url}soins-non-programmes/")
        fifteen = page.locator('a[href="tel:15"]').first
        assert fifteen.is_visible()
        box = fifteen.bounding_box()
        assert box is not None and box["y"] + box["height"] <= PHONE["height"], box
        assert "SAMU" in fifteen.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        # Jump to a commune and call from there: big enough to tap.
        page.locator(".cpts-sdc__communes a").first.click()
        call = page.locator(".cpts-sdc-list a[href^='tel:']").first
        assert call.bounding_box()["height"] >= 44
    assert watch.blocked == [] and watch.page_errors == [] and watch.console_errors == []


def test_the_alert_banner_leads_to_its_advice_and_no_page_sets_a_cookie(demo_url: str) -> None:
    # On the demo date (2026-11-23) the « Virus de l'hiver » alert is active.
    with browser_page() as (page, watch):
        for path in ("", "soins-non-programmes/", "a-propos/confidentialite/", "donnees/",
                     "prevention/"):
            page.goto(f"{demo_url}{path}")
            banner = page.locator(".md-banner .cpts-alerte")
            assert banner.count() == 1 and banner.is_visible(), path
            assert "Virus de l'hiver" in banner.inner_text()
        page.locator(".md-banner a", has_text="Voir les conseils").click()
        page.wait_for_load_state()
        assert page.url.endswith("/prevention/vaccination-grippe-covid-2026/")
        assert page.locator("article h1").inner_text() == (
            "Vaccination contre la grippe et le Covid-19")
        assert page.evaluate("document.cookie") == ""
        assert page.context.cookies() == []
    assert watch.blocked == [] and watch.page_errors == [] and watch.console_errors == []
