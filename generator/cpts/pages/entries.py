"""One page per professional and per structure, in each language (kept out of the nav: see
mkdocs.yml). The English pages (en/…) show the same data: labels translated, members' own text
as written."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from ..i18n import LANGUAGES, Language
from ..model import Directory, Professional, Structure
from . import urls
from .jsonld import professional_jsonld, script_json, structure_jsonld
from .output import OutputFile, SiteContext
from .render import render_page
from .search import professional_fields, structure_fields


def professional_pages(directory: Directory, context: SiteContext) -> Iterator[OutputFile]:
    shared = _shared_inputs(directory, context)
    for professional in directory.professionals:
        for language in LANGUAGES:  # a page and its translations together (see stage.py)
            src = language.page(urls.professional_page(professional.slug))
            yield OutputFile(src, context.memoized(
                lambda p=professional, src=src: ("professionnel", src, shared, _professional_key(p)),
                lambda p=professional, src=src, language=language: render_page(
                    "professionnel.html.j2",
                    {"title": p.full_name, "description": _describe_professional(p, language)},
                    language, p=p, src=src, urls=urls, territory=directory.territory,
                    search=professional_fields(p, language),
                    jsonld=script_json(professional_jsonld(p, context.absolute(urls.page_url(src)))),
                )))


def structure_pages(directory: Directory, context: SiteContext) -> Iterator[OutputFile]:
    shared = _shared_inputs(directory, context)
    for structure in directory.structures.values():
        for language in LANGUAGES:
            src = language.page(urls.structure_page(structure.slug))
            yield OutputFile(src, context.memoized(
                lambda s=structure, src=src: ("structure", src, shared, _structure_key(s)),
                lambda s=structure, src=src, language=language: render_page(
                    "structure.html.j2",
                    {"title": s.name, "description": _describe_structure(s, language)},
                    language, s=s, src=src, urls=urls, territory=directory.territory,
                    search=structure_fields(s, language),
                    jsonld=script_json(structure_jsonld(s, context.absolute(urls.page_url(src)))),
                )))


def _shared_inputs(directory: Directory, context: SiteContext) -> str | None:
    """What every entry page is also made of (for the memo's keys): the territory, the date,
    the site's address. None when nothing is memoized (a plain build pays nothing)."""
    if context.memo is None:
        return None
    territory = dataclasses.replace(directory.territory, boundaries=None)
    return repr((territory, context.today, context.site_url))


def _fields(entity: Any, *skipped: str) -> tuple[Any, ...]:
    return tuple(getattr(entity, f.name) for f in dataclasses.fields(entity) if f.name not in skipped)


def _professional_key(p: Professional) -> str:
    """Every field an entry page can show: the professional's, its places', and the name,
    address… of the structures it works in (not their other members)."""
    return repr((_fields(p, "places"), [
        (_fields(place, "structure"),
         _fields(place.structure, "professionals") if place.structure else None)
        for place in p.places]))


def _structure_key(s: Structure) -> str:
    """The structure's fields and those of the professionals it lists."""
    return repr((_fields(s, "professionals"), [_professional_key(p) for p in s.professionals]))


def _describe_professional(p: Professional, language: Language) -> str:
    t = language.gettext
    what = t(p.profession_label)
    if p.specialty_labels:
        what += " (" + ", ".join(t(label) for label in p.specialty_labels) + ")"
    communes = ", ".join(sorted({place.commune.name for place in p.places}))
    return t("%(name)s, %(what)s à %(communes)s : adresse, téléphone, horaires.") % {
        "name": p.full_name, "what": what.lower(), "communes": communes}


def _describe_structure(s: Structure, language: Language) -> str:
    t = language.gettext
    return t("%(name)s, %(what)s à %(communes)s : adresse, téléphone, horaires.") % {
        "name": s.name, "what": t(s.type_label).lower(), "communes": s.commune.name}
