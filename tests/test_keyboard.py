"""A keyboard-only visitor, in Debian's chromium: from the home page to a professional found by
the search, then to the contact form, with Tab, Shift+Tab, Enter and typing only. Every stop of
the keyboard shows where the focus is (an outline or a shadow) on something that is on screen."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from .browser import browser_page

pytestmark = pytest.mark.browser

# Enough for the skip link, the alert banner, the header, the tabs, the side menu and the
# search filters before the wanted element; a walk that needs more is a finding in itself.
MAX_TABS = 80

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el), box = el.getBoundingClientRect();
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return {
    tag: el.tagName.toLowerCase(), id: el.id, type: el.type || "",
    classes: el.className && el.className.baseVal === undefined ? el.className : "",
    text: (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 60),
    href: el.getAttribute("href") || "",
    inForm: !!el.closest("form[data-cpts-contact]"),
    inResult: !!el.closest(".cpts-result"),
    outline: outline ? `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}` : "",
    shadow: style.boxShadow !== "none" ? style.boxShadow : "",
    width: box.width, height: box.height,
  };
}"""

Stop = dict[str, Any]


def _label(stop: Stop) -> str:
    what = stop["text"] or stop["href"] or stop["id"] or stop["classes"]
    return f"<{stop['tag']}> « {what} »"


def _assert_visible_focus(stop: Stop, url: str) -> None:
    assert stop["width"] > 0 and stop["height"] > 0, \
        f"{_label(stop)} takes the focus on {url} but is not on screen"
    assert stop["outline"] or stop["shadow"], \
        f"{_label(stop)} has the focus on {url} and shows no outline nor shadow"


def tab_to(page: Any, wanted: Callable[[Stop], bool], what: str, key: str = "Tab") -> Stop:
    """Press Tab (or Shift+Tab) until the focus is on what is wanted; every stop on the way
    must show its focus."""
    visited: list[str] = []
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        stop = page.evaluate(FOCUSED)
        if stop is None:  # past the last element: the browser's own controls, then the first
            visited.append("(end of the page)")
            continue
        _assert_visible_focus(stop, page.url)
        visited.append(_label(stop))
        if wanted(stop):
            return stop
    pytest.fail(f"{what} not reached on {page.url} after {MAX_TABS} × {key}; last stops: "
                + ", ".join(visited[-15:]))


def test_a_keyboard_user_finds_a_physio_and_reaches_the_contact_form(demo_form_url: str) -> None:
    with browser_page() as (page, watch):
        page.goto(demo_form_url)

        # The home page's search box, typed into, submitted with Enter.
        tab_to(page, lambda s: s["tag"] == "input" and s["type"] == "search", "the search box")
        page.keyboard.type("kiné")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/recherche/\?q=kin"))
        page.locator(".cpts-result").first.wait_for()

        # A result, opened with Enter.
        result = tab_to(page, lambda s: s["tag"] == "a" and s["inResult"]
                        and "/professionnels/" in s["href"], "a professional among the results")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/professionnels/[a-z0-9-]+/$"))
        assert page.url.endswith(result["href"].lstrip("./")), (page.url, result["href"])
        assert re.search(r"Masseu(r|se)-kinésithérapeute", page.locator("article.cpts-entry").inner_text())

        # Back to the top with Shift+Tab is possible too: the skip link is the first stop.
        tab_to(page, lambda s: "cpts-skip" in s["classes"], "the skip link", key="Shift+Tab")

        # « Contact » in the site's tabs, then the form's first question.
        tab_to(page, lambda s: s["tag"] == "a" and s["text"] == "Contact"
               and s["href"].endswith("contact/"), "the « Contact » link")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/contact/$"))
        field = tab_to(page, lambda s: s["inForm"] and s["tag"] in ("input", "select", "textarea")
                       and s["type"] != "hidden", "the contact form's first field")
        assert field["id"] == "motif-medecin_traitant", field
        assert page.url == demo_form_url + "contact/"
    assert watch.page_errors == []
