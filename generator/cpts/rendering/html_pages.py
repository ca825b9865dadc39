"""Pages whose body is finished HTML (our templates' output) skip Python-Markdown.

MkDocs converts every page with a fresh Python-Markdown instance; for a generated page that
only parses back the HTML our templates wrote (`md_in_html` stashes it, unchanged) — more than
half of the render's time. The cpts plugin replaces such a page's `render` with `render_html`,
which takes the body as the page's content. Headings inside raw HTML never reach Markdown's
table of contents, so the page's toc stays empty, as it was.
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..pages.render import HTML_BODY_KEY

_ID = re.compile(r"""\sid=["']([^"']+)["']""")


def is_html_page(page: Page) -> bool:
    return bool(page.meta.get(HTML_BODY_KEY))


def render_html(page: Page, config: Any = None, files: Any = None) -> None:
    """What `Page.render` leaves on a page, for a body of raw HTML."""
    body = page.markdown or ""
    page.content = body.strip("\n")
    page.markdown = ""  # one copy of every page in memory, not two (the title is in the meta)
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set(_ID.findall(body))  # for MkDocs' anchor validation
