"""One page per professional and per structure, in each language (kept out of the nav: see
mkdocs.yml). The English pages (en/…) show the same data: labels translated, members' own text
as written."""

from __future__ import annotations

from collections.abc import Iterator

from ..i18n import LANGUAGES, Language
from ..model import Directory, Professional, Structure
from . import urls
from .jsonld import professional_jsonld, script_json, structure_jsonld
from .output import OutputFile, SiteContext
from .render import render_page
from .search import professional_fields, structure_fields


def professional_pages(directory: Directory, context: SiteContext) -> Iterator[OutputFile]:
    for language in LANGUAGES:
        for professional in directory.professionals:
            src = language.page(urls.professional_page(professional.slug))
            yield OutputFile(src, render_page(
                "professionnel.html.j2",
                {"title": professional.full_name,
                 "description": _describe_professional(professional, language)},
                language, p=professional, src=src, urls=urls, territory=directory.territory,
                search=professional_fields(professional, language),
                jsonld=script_json(professional_jsonld(professional,
                                                       context.absolute(urls.page_url(src)))),
            ))


def structure_pages(directory: Directory, context: SiteContext) -> Iterator[OutputFile]:
    for language in LANGUAGES:
        for structure in directory.structures.values():
            src = language.page(urls.structure_page(structure.slug))
            yield OutputFile(src, render_page(
                "structure.html.j2",
                {"title": structure.name, "description": _describe_structure(structure, language)},
                language, s=structure, src=src, urls=urls, territory=directory.territory,
                search=structure_fields(structure, language),
                jsonld=script_json(structure_jsonld(structure,
                                                    context.absolute(urls.page_url(src)))),
            ))


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
