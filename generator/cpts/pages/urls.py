"""Where pages live, and links between them (relative, so that the site works in a subfolder)."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..text import slugify

if TYPE_CHECKING:
    from ..i18n import Language
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
CONTACT = "contact/index.md"
CONTACT_THANKS = "contact/merci.md"
SEARCH = "recherche/index.md"
MAP = "carte/index.md"

# « S'installer »: the generated pages and the offers' feed.
INSTALLATION_INDEX = "installation/index.md"
INSTALLATION_AIDS = "installation/aides-et-zonage.md"
INSTALLATION_DIAGNOSTIC = "installation/diagnostic.md"
INSTALLATION_BOARD = "installation/opportunites.md"
# At the site's root: Material fetches « sitemap.xml » next to every <link rel="alternate">
# (meant for language versions), and the root is where the sitemap is.
INSTALLATION_FEED = "offres-installation.xml"

HOME = "index.md"


def campaign_page(slug: str) -> str:
    return f"prevention/{slug}.md"


# The pages a visitor needs that also exist in English (en/…), besides every entry page.
TRANSLATED = frozenset({HOME, SAME_DAY_CARE, SEARCH, MAP, CONTACT, CONTACT_THANKS, ABOUT})


def has_translation(src: str) -> bool:
    return src in TRANSLATED or src.startswith(("professionnels/", "structures/", _SAME_DAY_PAGES))


# Pages 2, 3… of the same-day care list (pages/paging.py), translated as page 1 is.
_SAME_DAY_PAGES = SAME_DAY_CARE.removesuffix(".md") + "/"


def in_language(language: Language, src: str) -> str:
    """Page `src` in `language` when it is translated, else the French page (a link from an
    English page to a French-only page; the template says so)."""
    return language.page(src) if has_translation(src) else src


def linker(src: str, language: Language) -> Callable[[str], str]:
    """link(page): the relative link from page `src` to a page, in `language` where it exists."""
    return lambda target: link(src, in_language(language, target))
