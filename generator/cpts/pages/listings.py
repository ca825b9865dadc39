"""The « Annuaire » without JavaScript: listing pages by profession, specialty, structure type
and commune, so that every entry is two clicks from the home page.

Also the search page (whose index is built after rendering, see cpts/search_index.py) and the
blocks that hand-written pages include with a marker (`<!-- cpts:annuaire -->`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from markupsafe import Markup

from ..i18n import DEFAULT, LANGUAGES, language_of
from ..model import Commune, Directory, Professional, Structure
from ..nomenclature import nomenclature
from ..text import slugify
from . import urls
from .output import OutputFile, SiteContext
from .paging import Page, Part, grouped_label, paginate, span
from .render import environment, render_page
from .search import query_terms
from .search_fallbacks import fallbacks, outside, sought
from .search_words import search_vocabulary

INDEX = "annuaire/index.md"
SEARCH = urls.SEARCH
FILTER_LABELS = {
    "categorie": "Profession ou structure",
    "commune": "Commune",
    "nouveaux_patients": "Nouveaux patients",
    "soins_non_programmes": "Soins non programmés (le jour même)",
    "visites_domicile": "Visites à domicile",
    "teleconsultation": "Téléconsultation",
    "langue": "Langue parlée (autre que le français)",
    "accessibilite_pmr": "Accessible en fauteuil roulant",
    "secteur": "Secteur de conventionnement",
    "carte_vitale": "Carte Vitale acceptée",
}


@dataclass
class Group:
    heading: str | None
    anchor: str | None
    professionals: list[Professional] = field(default_factory=list)
    structures: list[Structure] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.professionals) + len(self.structures)

    @property
    def lines(self) -> list[Professional | Structure]:
        return [*self.professionals, *self.structures]


Entry = Professional | Structure
ListingPage = Page[Group, Entry]


@dataclass
class Listing:
    src: str
    title: str
    kind: str  # « profession », « structure » or « commune »
    groups: list[Group]
    commune: Commune | None = None

    @property
    def size(self) -> int:
        return sum(g.size for g in self.groups)

    def pages(self) -> list[ListingPage]:
        """The listing on pages of bounded size (one page for most listings)."""
        return paginate(self.src, [(g, g.lines) for g in self.groups], _label)


def _label(parts: list[Part[Group, Entry]]) -> str:
    """What a page holds: the names of its first and last entries (« Balmiro – Chaso »), with
    their groups in a listing that has some (« Infirmiers (Aba) – Pharmaciens (Chaso) »)."""
    if parts and parts[0].group.heading:
        return grouped_label(parts, lambda g: g.heading or "", _sort_name)
    lines = [line for part in parts for line in part.lines]
    return span(_sort_name(lines[0]), _sort_name(lines[-1])) if lines else ""


def _sort_name(entry: Entry) -> str:
    """The name a listing is in the order of: a professional's last name, a structure's name."""
    return entry.last_name if isinstance(entry, Professional) else entry.name


def profession_listings(directory: Directory) -> list[Listing]:
    vocabulary = nomenclature()
    listings: list[Listing] = []
    doctors = [p for p in directory.professionals if p.profession == "medecin"]
    gps = [p for p in doctors if "medecine-generale" in p.specialties]
    if gps:
        listings.append(Listing("annuaire/medecins-generalistes.md", "Médecins généralistes",
                                "profession", [Group(None, None, gps)]))
    specialists = [p for p in doctors if p not in gps]
    if specialists:
        groups: dict[str, Group] = {}
        for p in specialists:
            code = p.specialties[0] if p.specialties else "autre"
            label = vocabulary.specialty_label(code) if p.specialties else "Autres spécialités"
            groups.setdefault(code, Group(label, code)).professionals.append(p)
        listings.append(Listing("annuaire/medecins-specialistes.md", "Médecins spécialistes",
                                "profession",
                                sorted(groups.values(), key=lambda g: g.heading or "")))
    for code, profession in vocabulary.professions.items():
        members = [p for p in directory.professionals if p.profession == code]
        if code == "medecin" or not members:
            continue
        listings.append(Listing(f"annuaire/{code}.md", profession.plural, "profession",
                                [Group(None, None, members)]))
    for code, kind in vocabulary.structure_types.items():
        members_s = [s for s in directory.structures.values() if s.type == code]
        if members_s:
            listings.append(Listing(f"annuaire/structures/{code}.md", kind.plural, "structure",
                                    [Group(None, None, structures=members_s)]))
    return listings


def commune_listings(directory: Directory) -> list[Listing]:
    listings = []
    by_profession = nomenclature().professions
    for commune in sorted(directory.territory.communes.values(), key=lambda c: slugify(c.name)):
        groups: dict[str, Group] = {}
        for p in directory.professionals:
            if any(place.commune is commune for place in p.places):
                label = by_profession[p.profession].plural
                groups.setdefault(p.profession, Group(label, p.profession)).professionals.append(p)
        ordered = [groups[code] for code in by_profession if code in groups]
        structures = [s for s in directory.structures.values() if s.commune is commune]
        if structures:
            ordered.append(Group("Structures de santé", "structures", structures=structures))
        listings.append(Listing(urls.commune_page(commune), commune.name, "commune", ordered, commune))
    return listings


def listing_pages(directory: Directory, context: SiteContext) -> Iterator[OutputFile]:
    categories = profession_listings(directory)
    communes = commune_listings(directory)
    for listing in categories:
        pages = listing.pages()
        for page in pages:
            yield OutputFile(page.src, render_page(
                "listing.html.j2",
                {"title": _paged(listing.title, page),
                 "description": f"{listing.title} du territoire de la {directory.territory.name} : "
                                f"adresses, téléphones, horaires{_paged('', page)}."},
                listing=listing, pages=pages, page=page, src=page.src, urls=urls,
                link=urls.linker(page.src, DEFAULT), directory=directory, context=context,
            ))
    for listing in communes:
        pages = listing.pages()
        for page in pages:
            yield OutputFile(page.src, render_page(
                "commune.html.j2",
                {"title": _paged(f"Santé à {listing.title}", page),
                 "description": f"Les professionnels et structures de santé de {listing.title}"
                                f"{_paged('', page)}."},
                listing=listing, pages=pages, page=page, commune=listing.commune, src=page.src,
                urls=urls, link=urls.linker(page.src, DEFAULT), directory=directory,
                context=context,
            ))
    yield OutputFile(INDEX, render_page(
        "annuaire.html.j2",
        {"title": "Annuaire",
         "description": f"L'annuaire des professionnels et structures de santé de la "
                        f"{directory.territory.name}, par profession et par commune."},
        categories=categories, communes=communes, src=INDEX, urls=urls, directory=directory,
    ))
    yield from search_pages(directory)


def _paged(text: str, page: ListingPage) -> str:
    """A title or a description, with the page's number when the listing has several."""
    return text if page.single else f"{text} (page {page.number} sur {page.count})"


def search_pages(directory: Directory) -> Iterator[OutputFile]:
    """The search page in each language; Pagefind indexes each language apart (<html lang>)."""
    for language in LANGUAGES:
        src = language.page(SEARCH)
        labels = {key: language.gettext(label) for key, label in FILTER_LABELS.items()}
        yield OutputFile(src, render_page(
            "recherche.html.j2",
            {"title": language.gettext("Rechercher"),
             "description": language.gettext(
                 "Trouver un professionnel de santé par profession, nom ou commune."),
             "hide": ["navigation", "toc"]},
            language, src=src, urls=urls, largest_commune=directory.territory.largest_commune,
            filter_labels_json=json.dumps(labels, ensure_ascii=False),
            query_terms_json=json.dumps(query_terms(directory, language), ensure_ascii=False,
                                        separators=(",", ":")),
            stop_words_json=json.dumps(sorted(search_vocabulary().stop_words)),
            fallbacks_json=json.dumps(fallbacks(directory, language, src), ensure_ascii=False),
            outside_json=json.dumps(outside(directory, language, src), ensure_ascii=False),
            sought_json=json.dumps(sought(directory, language), ensure_ascii=False),
            territory=directory.territory,
        ))


def annuaire_block(directory: Directory, context: SiteContext, src: str) -> Markup:
    """The list of categories and communes, for the home page (`<!-- cpts:annuaire -->`)."""
    template = environment().get_template("_annuaire_block.html.j2")
    return Markup(template.render(
        categories=profession_listings(directory), communes=commune_listings(directory),
        src=src, urls=urls))


def search_box_block(directory: Directory, context: SiteContext, src: str) -> Markup:
    """The search box of the home page (`<!-- cpts:recherche -->`): a plain GET form, in the
    language of the page that holds it."""
    template = environment(language_of(src)).get_template("_search_box.html.j2")
    return Markup(template.render(src=src, urls=urls,
                                  largest_commune=directory.territory.largest_commune))
