"""The opportunities board (« Offres d'installation ») and its Atom feed.

Only offers active on the build date (`context.today`) are published: an expired offer leaves
the site at the next build (the validator warns about it too). The board is grouped by type,
so it works without JavaScript; a small script (assets/installation.js) adds filters.

The feed needs absolute addresses: they come from `site_url` in mkdocs.yml (SiteContext
.site_url), the one place where the site's public address is written, and which MkDocs also
uses for canonical links and the sitemap. Without `site_url` no feed is produced.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..model import ZONES_SHORT, Directory, Opportunity
from ..nomenclature import nomenclature
from . import urls
from .output import OutputFile, SiteContext
from .render import render_page
from .urls import INSTALLATION_AIDS as AIDS
from .urls import INSTALLATION_BOARD as BOARD
from .urls import INSTALLATION_FEED as FEED

ATOM = "http://www.w3.org/2005/Atom"


@dataclass
class Group:
    type: str
    label: str
    offers: list[Opportunity] = field(default_factory=list)


def active_offers(directory: Directory, today: dt.date) -> list[Opportunity]:
    """Published and not expired on `today`, the most recently published first."""
    offers = [o for o in directory.opportunities if o.is_active(today)]
    return sorted(offers, key=lambda o: (-o.published_on.toordinal(), o.slug))


def groups(offers: list[Opportunity]) -> list[Group]:
    """By type, in the order of the nomenclature; empty types are left out."""
    by_type = {code: Group(code, label) for code, label in nomenclature().opportunity_types.items()}
    for offer in offers:
        by_type[offer.type].offers.append(offer)
    return [g for g in by_type.values() if g.offers]


def jobs(offer: Opportunity) -> list[tuple[str, str, bool]]:
    """What an offer seeks: (filter token, label, shown on the offer).

    « medecin » (« Médecin ») and « medecin:pediatrie » (« Médecin — pédiatrie »): both tokens
    let the filter match, only the most precise label is shown.
    """
    vocabulary = nomenclature()
    found: list[tuple[str, str, bool]] = []
    for code in offer.professions:
        profession = vocabulary.professions[code]
        mine = [s for s in offer.specialties if s in profession.specialties]
        found.append((code, profession.label, not mine))
        found += [(f"{code}:{s}", f"{profession.label} — {profession.specialties[s].lower()}", True)
                  for s in mine]
    for s in offer.specialties:  # a specialty whose profession is not listed
        owner = vocabulary.profession_of_specialty(s)
        if owner and owner not in offer.professions:
            found.append((owner, vocabulary.professions[owner].label, False))
            found.append((f"{owner}:{s}", vocabulary.specialty_label(s), True))
    return found


def job_labels(offer: Opportunity) -> list[str]:
    return [label for _, label, shown in jobs(offer) if shown]


def filter_options(offers: list[Opportunity]) -> list[tuple[str, str]]:
    options: dict[str, str] = {}
    for offer in offers:
        options.update((token, label) for token, label, _ in jobs(offer))
    return sorted(options.items(), key=lambda item: item[1])


def zoning_notes(directory: Directory, offer: Opportunity) -> list[str]:
    """« Médecins généralistes : ZIP » for the zonings of the professions an offer seeks."""
    notes = []
    for zoning in directory.zonings:
        zone = zoning.zone_of(offer.commune.insee)
        if zone and zoning.profession in offer.professions:
            notes.append(f"{zoning.label} : {ZONES_SHORT[zone]}")
    return notes


def board_page(directory: Directory, context: SiteContext) -> Iterator[OutputFile]:
    """Producer: the board, and its feed when the site's address is known."""
    offers = active_offers(directory, context.today)
    has_feed = bool(context.site_url)
    front = {"title": "Offres d'installation",
             "hide": ["toc"],
             "description": f"Locaux, remplacements, collaborations et postes à pourvoir pour les "
                            f"professionnels de santé dans la {directory.territory.name}."}
    if has_feed:
        front["flux_atom"] = FEED  # theme/main.html turns it into <link rel="alternate">
    yield OutputFile(BOARD, render_page(
        "opportunites.html.j2", front,
        directory=directory, offers=offers, groups=groups(offers), jobs=jobs, job_labels=job_labels,
        options=filter_options(offers), zoning_notes=lambda o: zoning_notes(directory, o),
        types=nomenclature().opportunity_types, has_feed=has_feed, feed=FEED,
        aids_page=AIDS, commune_page=urls.commune_page, src=BOARD, urls=urls,
    ))
    if has_feed:
        yield OutputFile(FEED, atom_feed(directory, offers, context))


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    element.text = text
    return element


def _stamp(day: dt.date) -> str:
    """An RFC 3339 date-time (Atom requires a time): midnight, French time in winter or summer
    does not matter to readers; UTC keeps it simple."""
    return f"{day.isoformat()}T00:00:00Z"


def atom_feed(directory: Directory, offers: list[Opportunity], context: SiteContext) -> str:
    """A valid Atom 1.0 document (RFC 4287); ElementTree escapes every member-supplied text."""
    ET.register_namespace("", ATOM)
    board_url = context.site_url + urls.page_url(BOARD)
    feed_url = context.site_url + FEED
    vocabulary = nomenclature()
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "fr"})
    _text(root, "id", feed_url)
    _text(root, "title", f"Offres d'installation — {directory.territory.name}")
    _text(root, "subtitle", "Locaux, remplacements, collaborations et postes pour les "
                            "professionnels de santé du territoire.")
    updated = max((o.published_on for o in offers), default=context.today)
    _text(root, "updated", _stamp(updated))
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml",
                                            "href": feed_url})
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html",
                                            "href": board_url})
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", directory.territory.name)
    _text(author, "email", directory.territory.email)
    for offer in offers:
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        link = f"{board_url}#{offer.slug}"
        _text(entry, "id", link)
        _text(entry, "title", offer.title)
        _text(entry, "published", _stamp(offer.published_on))
        _text(entry, "updated", _stamp(offer.published_on))
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html",
                                                 "href": link})
        ET.SubElement(entry, f"{{{ATOM}}}category", {
            "term": offer.type, "label": vocabulary.opportunity_types[offer.type]})
        seeks = ", ".join(job_labels(offer))
        contact = ", ".join(x for x in (offer.contact_name, offer.contact_phone,
                                        offer.contact_email) if x)
        summary = (f"{vocabulary.opportunity_types[offer.type]} à {offer.commune.name}"
                   + (f" ({seeks})" if seeks else "")
                   + f", jusqu'au {offer.expires_on.strftime('%d/%m/%Y')}.")
        _text(entry, "summary", summary)
        _text(entry, "content", f"{summary}\n\n{offer.description}\n\nContact : {contact}",
              type="text")
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'
