"""One page per professional and per structure (kept out of the nav: see mkdocs.yml)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Directory, Professional, Structure
from . import urls
from .jsonld import professional_jsonld, script_json, structure_jsonld
from .output import OutputFile, SiteContext
from .render import render_page
from .search import professional_fields, structure_fields


def professional_pages(directory: Directory, context: SiteContext) -> Iterator[OutputFile]:
    for professional in directory.professionals:
        src = urls.professional_page(professional.slug)
        yield OutputFile(src, render_page(
            "professionnel.html.j2",
            {"title": professional.full_name, "description": _describe_professional(professional)},
            p=professional, src=src, urls=urls, territory=directory.territory,
            search=professional_fields(professional),
            jsonld=script_json(professional_jsonld(professional,
                                                   context.absolute(urls.page_url(src)))),
        ))


def structure_pages(directory: Directory, context: SiteContext) -> Iterator[OutputFile]:
    for structure in directory.structures.values():
        src = urls.structure_page(structure.slug)
        yield OutputFile(src, render_page(
            "structure.html.j2",
            {"title": structure.name, "description": _describe_structure(structure)},
            s=structure, src=src, urls=urls, territory=directory.territory,
            search=structure_fields(structure),
            jsonld=script_json(structure_jsonld(structure, context.absolute(urls.page_url(src)))),
        ))


def _describe_professional(p: Professional) -> str:
    what = p.profession_label
    if p.specialty_labels:
        what += " (" + ", ".join(p.specialty_labels) + ")"
    communes = sorted({place.commune.name for place in p.places})
    return f"{p.full_name}, {what.lower()} à {', '.join(communes)} : adresse, téléphone, horaires."


def _describe_structure(s: Structure) -> str:
    return f"{s.name}, {s.type_label.lower()} à {s.commune.name} : adresse, téléphone, horaires."
