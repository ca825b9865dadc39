"""Fragments of the theme that are the same on many pages, rendered once per build.

Material renders the primary navigation and the tabs into every page. On a page that is not in
the nav (every generated entry page), no item is active, so what they render depends only on the
page's language and on its folder (links are relative to the page: from `professionnels/a/` and
`professionnels/b/` every nav link is the same, as long as no nav page lies under the page
itself). The theme's `partials/nav.html` and `tabs.html` ask `cpts_shared(name)` for the
fragment, which renders it for the first page of each (language, folder) and gives the others
the same text. Pages of the nav, and pages with nav pages under them, are rendered as usual.
Zensical, which does not have the function, renders the fragments on every page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2
from markupsafe import Markup


class SharedFragments:
    def __init__(self) -> None:
        self._cache: dict[tuple[str, str, str], Markup] = {}

    def clear(self) -> None:
        self._cache.clear()

    @jinja2.pass_context
    def __call__(self, context: jinja2.runtime.Context, name: str,
                 caller: Callable[[], str], targets: tuple[str, ...] = ()) -> Markup:
        """`targets`: the pages the fragment links to besides the nav's (as site paths)."""
        page: Any = context.get("page")
        nav: Any = context.get("nav")
        if page is None or nav is None or not _shareable(page, nav, targets):
            return Markup(caller())
        lang = str((page.meta or {}).get("lang") or "")
        url = str(page.url)
        folder = url[: url.rstrip("/").rfind("/") + 1]
        key = (name, lang, folder)
        if key not in self._cache:
            self._cache[key] = Markup(caller())
        return self._cache[key]


def _shareable(page: Any, nav: Any, targets: tuple[str, ...]) -> bool:
    """No nav item (nor other link target) is this page or below it: none is active, every
    link is the folder's."""
    url = str(page.url)
    return bool(url) and not any(item is page or str(item.url).startswith(url)
                                 for item in nav.pages) and not any(
        target.startswith(url) for target in targets)
