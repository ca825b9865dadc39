"""Where pages live, and links between them (relative, so that the site works in a subfolder)."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from ..text import slugify

if TYPE_CHECKING:
    from ..model import Commune


def professional_page(slug: str) -> str:
    return f"professionnels/{slug}.md"


def structure_page(slug: str) -> str:
    return f"structures/{slug}.md"


def commune_page(commune: Commune) -> str:
    """The commune's page of the « Annuaire »."""
    return f"annuaire/communes/{slugify(commune.name)}.md"


def page_url(src: str) -> str:
    """The directory URL of a source page: « professionnels/x.md » -> « professionnels/x/ »."""
    if src == "index.md":
        return ""
    if src.endswith("/index.md"):
        return src[: -len("index.md")]
    return src[: -len(".md")] + "/"


def link(from_src: str, to_src: str) -> str:
    """A relative link from one page to another, as the browser resolves it."""
    here = page_url(from_src) or "."
    target = page_url(to_src) or "."
    rel = posixpath.relpath(target, here)
    return rel.rstrip("/") + "/" if rel != "." else "./"


def asset(from_src: str, path: str) -> str:
    """A relative link from a page to a file of the site (« assets/x.css »)."""
    here = page_url(from_src) or "."
    return posixpath.relpath(path, here)


# Same-day care, prevention and the pages every site has (footer): one place for their paths.
SAME_DAY_CARE = "soins-non-programmes.md"
PREVENTION = "prevention/index.md"
ABOUT = "a-propos/index.md"
LEGAL = "a-propos/mentions-legales.md"
PRIVACY = "a-propos/confidentialite.md"
ACCESSIBILITY = "a-propos/accessibilite.md"
OPEN_DATA = "donnees/index.md"


def campaign_page(slug: str) -> str:
    return f"prevention/{slug}.md"
