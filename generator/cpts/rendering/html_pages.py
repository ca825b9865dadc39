"""Pages whose body is finished HTML (our templates' output) skip Python-Markdown.

MkDocs converts every page with a fresh Python-Markdown instance; for a generated page that
only parses back the HTML our templates wrote (`md_in_html` stashes it, unchanged) — more than
half of the render's time. The cpts plugin replaces such a page's `render` with `render_html`,
which takes the body as the page's content. Headings inside raw HTML never reach Markdown's
table of contents, so the page's toc stays empty, as it was.

MkDocs converts every page before it renders the first template, so all contents are in memory
at once: for tens of thousands of entry pages, hundreds of MB. The body is therefore read again
from the docs file just before the page's template (`load_body`, from the plugin's
`on_page_context`) and dropped once the page is written (`drop_body`).
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
    """What `Page.render` leaves on a page, for a body of raw HTML (without the body itself)."""
    body = page.markdown or ""
    # MkDocs' page.markdown is the end of the file's text (after the front matter).
    page.cpts_body_length = len(body)  # type: ignore[attr-defined]
    page.content = ""
    page.markdown = ""  # the title is in the meta
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set(_ID.findall(body))  # for MkDocs' anchor validation


def load_body(page: Page) -> None:
    """Just before the page's template: its content, read again from its docs file."""
    length = getattr(page, "cpts_body_length", None)
    if length is not None:
        text = page.file.content_string
        page.content = text[len(text) - length:].strip("\n")


def drop_body(page: Page) -> None:
    if getattr(page, "cpts_body_length", None) is not None:
        page.content = ""
