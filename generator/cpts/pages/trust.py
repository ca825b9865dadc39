"""The pages every public site owes its visitors, linked from the footer (theme/main.html):
the CPTS and its missions, mentions légales, politique de confidentialité and déclaration
d'accessibilité. Generated, because they read the directory (the publisher is the CPTS of
territoire.yml), the contact form's definition (what it collects, how long it is kept) and
mkdocs.yml (map tiles, accessibility audit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..contact import form
from ..directory.problems import Problem
from ..i18n import FRENCH, LANGUAGES, Language
from ..model import Directory
from . import urls
from .config import cpts_settings
from .contact import CONTACT_PAGE
from .leaflet import MapSettingsError, map_tiles
from .output import GenerationFailed, OutputFile, SiteContext
from .render import render_page
from .soins import french_sort_key

# RGAA 4.1: without a valid audit, a site is « non conforme »; an audit gives the rate of
# criteria met: 100 % « totalement conforme », 50 % or more « partiellement conforme ».
STATES = ("non conforme", "partiellement conforme", "totalement conforme")


@dataclass(frozen=True)
class Accessibility:
    state: str = "non conforme"
    audit_date: dt.date | None = None
    rate: int | None = None
    auditor: str | None = None


def trust_pages(directory: Directory, context: SiteContext) -> Iterator[OutputFile]:
    t = directory.territory
    common = {"territory": t, "urls": urls, "contact_page": CONTACT_PAGE}
    yield from about_pages(directory)
    pages: list[tuple[str, str, str, str, dict[str, Any]]] = [
        (urls.LEGAL, "mentions_legales.html.j2", "Mentions légales",
         f"Éditeur, responsable de la publication et hébergeur du site de la {t.name}.", {}),
        (urls.PRIVACY, "confidentialite.html.j2", "Politique de confidentialité",
         "Ce que le site et le formulaire de contact collectent, pourquoi, combien de temps, "
         "et vos droits.",
         {"form": form, "tiles_host": _tiles_host(context.project)}),
        (urls.ACCESSIBILITY, "accessibilite.html.j2", "Déclaration d'accessibilité",
         f"État de conformité du site de la {t.name} au RGAA, signaler un défaut, recours.",
         {"a11y": accessibility(context.project)}),
    ]
    for src, template, title, description, extra in pages:
        yield OutputFile(src, render_page(template, {"title": title, "description": description},
                                          src=src, **common, **extra))


def about_pages(directory: Directory) -> Iterator[OutputFile]:
    """« La CPTS », in every language (the other pages of the footer are French only)."""
    t = directory.territory
    communes = sorted(t.communes.values(), key=lambda c: french_sort_key(c.name))
    for language in LANGUAGES:
        src = language.page(urls.ABOUT)
        yield OutputFile(src, render_page(
            "a_propos.html.j2",
            {"title": language.gettext("La %(cpts)s") % {"cpts": t.name},
             "description": language.gettext(
                 "La %(cpts)s : ce qu'est une CPTS, ses missions, son territoire et comment la "
                 "joindre.") % {"cpts": t.name}},
            language, src=src, territory=t, urls=urls, contact_page=CONTACT_PAGE,
            link=urls.linker(src, language),
            communes=communes, population=_population(t.population, language),
        ))


def _population(number: int, language: Language) -> str:
    """« 26 138 » in French, « 26,138 » in English."""
    grouped = f"{number:,}"
    return grouped.replace(",", " ") if language is FRENCH else grouped


def _tiles_host(project: Path) -> str | None:
    """The host the maps ask for tiles (the one third party a visitor's browser contacts)."""
    try:
        tiles = map_tiles(project)
    except MapSettingsError:
        return None  # reported by the map's producer
    return tiles.host if tiles else None


def accessibility(project: Path) -> Accessibility:
    """`extra.cpts.accessibilite` of mkdocs.yml: the state, and the audit that supports it.

    The footer (theme/main.html) prints the same `etat`; it must agree with the audit."""
    settings = cpts_settings(project).get("accessibilite")
    settings = settings if isinstance(settings, dict) else {}
    state = settings.get("etat", STATES[0])
    audit = settings.get("audit")
    found = Accessibility(state)
    problem = None
    if state not in STATES:
        problem = f"« {state} » : écrivez l'un de : {', '.join(STATES)}"
    elif audit is None:
        if state != STATES[0]:
            problem = (f"« {state} » demande un audit RGAA : ajoutez « audit: {{date: AAAA-MM-JJ, "
                       "taux: 85, auditeur: … }} », ou écrivez « non conforme »")
    else:
        try:
            date = audit["date"]
            rate = int(audit["taux"])
            found = Accessibility(state, date if isinstance(date, dt.date)
                                  else dt.date.fromisoformat(str(date)),
                                  rate, str(audit.get("auditeur") or "") or None)
        except (TypeError, KeyError, ValueError):
            problem = "audit : écrivez « {date: AAAA-MM-JJ, taux: 85, auditeur: … } »"
        else:
            expected = STATES[2] if rate >= 100 else STATES[1] if rate >= 50 else STATES[0]
            if state != expected:
                problem = f"avec un taux de {rate} %, l'état est « {expected} » : écrivez-le"
    if problem:
        raise GenerationFailed([Problem("mkdocs.yml", 0, "extra.cpts.accessibilite", problem)])
    return found
