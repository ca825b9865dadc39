"""The « Contact » page (form, or e-mail and phone when no service is configured) and the
thank-you page that the service sends a browser without JavaScript to."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote, urlsplit

from ..contact import form
from ..model import Directory, Territory
from ..text import fold
from . import urls
from .output import OutputFile, SiteContext
from .render import render_page

CONTACT_PAGE = "contact/index.md"
THANKS_PAGE = "contact/merci.md"

# What a « médecin traitant » e-mail should hold: the same fields as the form, nothing else.
_DOCTOR_BODY = """Bonjour,

Je cherche un médecin traitant.

Nom :
Prénom :
Téléphone :
Commune :
Nombre de personnes du foyer concernées :
Tranches d'âge (moins de 6 ans, 6-17, 18-64, 65-74, 75 et plus) :
Visites à domicile nécessaires (oui / non) :
Quand me joindre :

(N'écrivez rien sur votre santé : la CPTS n'en a pas besoin.)
"""


def contact_pages(directory: Directory, context: SiteContext) -> Iterator[OutputFile]:
    territory = directory.territory
    action = form_action(territory.contact_form)
    communes = sorted((c.name for c in territory.communes.values()), key=fold)
    yield OutputFile(CONTACT_PAGE, render_page(
        "contact.html.j2",
        {"title": "Contacter la CPTS",
         "description": f"Écrire à la {territory.name} : trouver un médecin traitant, "
                        "question sur les soins non programmés, installation, adhésion."},
        territory=territory, action=action, communes=communes, form=form,
        mailtos=mailto_links(territory),
        privacy_url=urls.link(CONTACT_PAGE, urls.PRIVACY),
    ))
    yield OutputFile(THANKS_PAGE, render_page(
        "contact_merci.html.j2",
        {"title": "Demande reçue", "description": "Votre demande a bien été reçue par la CPTS."},
        territory=territory, home=urls.link(THANKS_PAGE, "index.md"),
    ))


def form_action(url: str | None) -> str | None:
    """The service's URL if usable as a form action: https, or http on this machine (tests)."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.netloc:
        return url
    if parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost"):
        return url
    return None


def mailto_links(territory: Territory) -> list[tuple[str, str]]:
    """(label, mailto: URL) per reason, subject filled in; the doctor one with a body to fill."""
    links = []
    for code, label in form.REASONS.items():
        url = f"mailto:{territory.email}?subject={quote(label + ' — site de la CPTS')}"
        if code == form.DOCTOR:
            url += "&body=" + quote(_DOCTOR_BODY)
        links.append((label, url))
    return links


