"""Accessibility (WCAG 2.1 AA, RGAA 4.1) of one page of every type, in Debian's chromium.

axe-core (npm, pinned in package-lock.json) checks each page once its scripts have drawn it
(search results, map markers, the contact form's errors); any violation fails with the rule,
what to do and the elements concerned. Then a small phone with large text: nothing scrolls
sideways, and the skip link is the first stop of the keyboard, with a visible focus.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from .browser import browser_page
from .conftest import ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA, plus axe's best practices (among them region, landmark-one-main,
# heading-order and page-has-heading-one: every page has one h1, headings in order, all
# content in landmarks).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
RUN_AXE = """tags => axe.run(document, {runOnly: {type: "tag", values: tags},
                                     resultTypes: ["violations"]}).then(r => r.violations)"""
# The demo's professional with the fullest page (hours, languages, access, several places).
PROFESSIONAL = "professionnels/masson-lucie/"
# Screens (CSS px) for axe: Material's desktop layout, and its phone layout (drawer, no tabs).
SCREENS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}
DEFAULT_TEXT = {"standard": 16, "fixed": 13}
# A 320 px phone whose owner doubled the text size in the browser's settings (WCAG 1.4.4 and
# 1.4.10): 32 px instead of 16 px, which media queries in em see too.
PHONE_WIDTH = 320
LARGE_TEXT = {"standard": 32, "fixed": 26}


@dataclass(frozen=True)
class PageType:
    name: str
    path: str
    ready: tuple[str, ...] = ()  # selectors that show the page's scripts have finished
    # Maps drawn only once scrolled into view (the entry pages' small maps, carte.js): each is
    # scrolled to and waited for (data-cpts-state=ready).
    lazy: str | None = None
    # A button the visitor presses first (the map's list: a commune opened), then `ready` again.
    press: str | None = None


MINIMAP = (".cpts-minimap[data-cpts-state=ready] .leaflet-marker-icon",)
PAGE_TYPES = [
    PageType("home", ""),
    PageType("annuaire", "annuaire/"),
    PageType("listing", "annuaire/masseur-kinesitherapeute/"),
    PageType("professional", PROFESSIONAL, MINIMAP, ".cpts-minimap"),
    PageType("structure", "structures/msp-briancon/", MINIMAP, ".cpts-minimap"),
    PageType("search", "recherche/?q=kiné", (".cpts-result",)),
    PageType("search before typing", "recherche/", ("[data-cpts-search][data-ready=true]",)),
    PageType("search for a need", "recherche/?q=urgences", (".cpts-result",)),
    # A shared link that chose a filter opens the filter control, with its counts
    PageType("search with filters", "recherche/?q=kiné&commune=Briançon",
             (".cpts-result", "#cpts-filters input[type=checkbox]:checked")),
    PageType("search for a GP", "recherche/?q=médecin traitant", (".cpts-result .cpts-badge",)),
    PageType("search for a lacking specialty", "recherche/?q=pédiatre",
             ("#cpts-guidance:not([hidden]) #cpts-guidance-outside:not([hidden]) li",)),
    PageType("structure outside the territory", "structures/chu-grenoble-alpes/", MINIMAP,
             ".cpts-minimap"),
    PageType("map", "carte/", ("#carte[data-cpts-state=ready]", ".cpts-carte__toggle",
                               ".leaflet-marker-icon")),
    PageType("map, a commune of the list open", "carte/",
             ("#carte[data-cpts-state=ready]", ".cpts-carte__place"), press=".cpts-carte__toggle"),
    PageType("diagnostic", "installation/diagnostic/"),
    PageType("aids and zoning", "installation/aides-et-zonage/"),
    PageType("opportunities", "installation/opportunites/"),
    PageType("commune", "annuaire/communes/briancon/"),
    PageType("same-day care", "soins-non-programmes/"),
    PageType("prevention campaign", "prevention/vaccination-grippe-covid-2026/"),
    PageType("accessibility statement", "a-propos/accessibilite/"),
    PageType("english same-day care", "en/soins-non-programmes/"),
    PageType("english professional", f"en/{PROFESSIONAL}", MINIMAP, ".cpts-minimap"),
    PageType("english home", "en/"),
    PageType("english search", "en/recherche/?q=physio", (".cpts-result",)),
    PageType("english search for a lacking specialty", "en/recherche/?q=paediatrician",
             ("#cpts-guidance:not([hidden]) #cpts-guidance-outside:not([hidden]) li",)),
    PageType("english map", "en/carte/", ("#carte[data-cpts-state=ready]", ".cpts-carte__place"),
             press=".cpts-carte__toggle"),
]


def require_axe() -> None:
    if AXE.exists():
        return
    message = "axe-core is missing from node_modules/: run ./scripts/bootstrap.sh (npm ci)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now."""
    require_axe()
    page.add_script_tag(path=str(AXE))
    return list(page.evaluate(RUN_AXE, TAGS))


def describe(violations: list[dict[str, Any]], url: str, shown: int = 6) -> str:
    """The violations as a reader can act on them: rule, what to do, where."""
    lines = [f"{len(violations)} accessibility rule(s) violated on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}"
                     f" — {violation['helpUrl']}")
        nodes = violation["nodes"]
        for node in nodes[:shown]:
            target = " ".join(str(part) for part in node["target"])
            summary = [line.strip() for line in node.get("failureSummary", "").splitlines()
                       if line.strip()]
            fixes = "; ".join(summary[1:4]) + (" …" if len(summary) > 4 else "")
            lines.append(f"    {target}: {' '.join(summary[:1])} {fixes}".rstrip())
        if len(nodes) > shown:
            lines.append(f"    … and {len(nodes) - shown} more")
    return "\n".join(lines)


def assert_no_violations(page: Any) -> None:
    # Material fades its tabs and Leaflet its tiles: check colours once nothing moves.
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    violations = axe_violations(page)
    assert not violations, describe(violations, page.url)


@dataclass
class Tab:
    """One browser tab for the whole module (a browser per page would double the time), and its
    DevTools session, through which a test sets the text size as a person does in the settings."""

    page: Any
    settings: Any


@pytest.fixture(scope="module")
def tab() -> Iterator[Tab]:
    with browser_page() as (page, _):
        settings = page.context.new_cdp_session(page)
        settings.send("Page.enable")
        yield Tab(page, settings)


def on_screen(tab: Tab, screen: str) -> Any:
    return _screen(tab, SCREENS[screen], DEFAULT_TEXT)


def phone_with_large_text(tab: Tab) -> Any:
    return _screen(tab, {"width": PHONE_WIDTH, "height": 640}, LARGE_TEXT)


def _screen(tab: Tab, viewport: dict[str, int], text: dict[str, int]) -> Any:
    tab.page.set_viewport_size(viewport)
    tab.settings.send("Page.setFontSizes", {"fontSizes": text})
    return tab.page


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=[p.name for p in PAGE_TYPES])
def test_every_page_type_has_no_accessibility_violation(tab: Tab, demo_url: str,
                                                         page_type: PageType, screen: str) -> None:
    page = on_screen(tab, screen)
    response = page.goto(demo_url + page_type.path)
    assert response is not None and response.ok, f"{page_type.path}: {response and response.status}"
    if page_type.lazy:
        maps = page.locator(page_type.lazy)
        for index in range(maps.count()):
            maps.nth(index).scroll_into_view_if_needed()
        page.wait_for_function("""selector => [...document.querySelectorAll(selector)]
            .every(map => map.dataset.cptsState === "ready")""", arg=page_type.lazy)
        page.evaluate("window.scrollTo(0, 0)")  # back to the top, where Material shows its tabs
    if page_type.press:
        page.locator(page_type.press).first.click()
    for selector in page_type.ready:
        page.wait_for_selector(selector)
    # The demo's day has an active alert: its banner is on every page, so axe checks it too.
    assert page.locator(".md-banner .cpts-alerte").first.is_visible(), \
        f"no alert banner on {page.url}"
    assert_no_violations(page)


@pytest.mark.parametrize("screen", SCREENS)
def test_contact_form_with_errors_shown(tab: Tab, demo_form_url: str, screen: str) -> None:
    page = on_screen(tab, screen)
    page.goto(demo_form_url + "contact/")
    page.locator("form[data-cpts-contact] button[type=submit]").click()
    page.locator("#cpts-contact-summary").wait_for(state="visible")
    # The error is next to its field and tied to it for a screen reader.
    error = page.locator("#nom-erreur")
    assert error.is_visible() and error.inner_text().strip()
    field = page.locator("#nom")
    assert field.get_attribute("aria-invalid") == "true"
    assert "nom-erreur" in (field.get_attribute("aria-describedby") or "").split()
    assert_no_violations(page)


def test_axe_reports_what_it_finds(tab: Tab, demo_url: str) -> None:
    """The check can fail: an image without text alternative and an unlabelled field are caught."""
    page = on_screen(tab, "desktop")
    page.goto(demo_url)
    page.evaluate("""() => document.querySelector("article").insertAdjacentHTML("beforeend",
            '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" class="sans-alt">'
            + '<input type="text" class="sans-label">')""")
    violations = axe_violations(page)
    found = {v["id"] for v in violations}
    assert {"image-alt", "label"} <= found, found
    message = describe(violations, "home")
    assert "- image-alt (critical): Images must have alternative text" in message
    assert "    .sans-label: Fix any of the following: Element does not have" in message


# What sticks out on the right, outside Material's off-screen drawer: for the failure message.
WIDER_THAN_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter(el => !el.closest(".md-sidebar") && !el.querySelector("*:not(br)"))
    .filter(el => { const r = el.getBoundingClientRect(); return r.width && r.right > width + 1; })
    .slice(0, 8)
    .map(el => `${el.tagName.toLowerCase()}.${el.className} « ${el.textContent.trim().slice(0, 40)} »`);
}"""
FOCUS_STYLE = """() => { const el = document.activeElement, style = getComputedStyle(el),
    box = el.getBoundingClientRect();
  return {html: el.outerHTML.slice(0, 120), outline: style.outlineStyle,
          outlineWidth: parseFloat(style.outlineWidth), shadow: style.boxShadow,
          left: box.left, right: box.right, top: box.top, bottom: box.bottom}; }"""

LARGE_TEXT_PAGES = ["", PROFESSIONAL, "structures/msp-briancon/", "contact/",
                    "soins-non-programmes/", "recherche/?q=kiné"]


@pytest.mark.parametrize("path", LARGE_TEXT_PAGES, ids=lambda p: p or "home")
def test_large_text_on_a_small_phone_does_not_scroll_sideways(
        tab: Tab, demo_form_url: str, path: str) -> None:
    page = phone_with_large_text(tab)
    page.goto(demo_form_url + path)
    if path.startswith("recherche/"):
        page.wait_for_selector(".cpts-result")
    root_size = page.evaluate("getComputedStyle(document.documentElement).fontSize")
    assert root_size == "40px", f"text not enlarged (Material's 125 % of 32 px): {root_size}"
    sizes = page.evaluate("""() => ({scroll: document.documentElement.scrollWidth,
                                     client: document.documentElement.clientWidth})""")
    assert sizes["scroll"] <= sizes["client"], (
        f"{page.url} at {PHONE_WIDTH} px with text at 200 % is {sizes['scroll']} px wide; "
        f"too wide: {page.evaluate(WIDER_THAN_SCREEN)}")

    # The first Tab reaches the skip link, which shows itself with a visible outline,
    # and takes the keyboard to the page's content.
    page.keyboard.press("Tab")
    page.wait_for_function("getComputedStyle(document.activeElement).opacity === '1'")
    focus = page.evaluate(FOCUS_STYLE)
    assert "cpts-skip" in focus["html"], f"first Tab stop is not the skip link: {focus['html']}"
    assert focus["outline"] != "none" and focus["outlineWidth"] >= 2, focus
    assert focus["left"] >= 0 and focus["right"] <= PHONE_WIDTH and focus["top"] >= 0, \
        f"the focused skip link is not on screen: {focus}"
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'contenu'")
    assert page.url.endswith("#contenu")
