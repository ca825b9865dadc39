"""The « Contact » page (form, or e-mail and phone when no service is configured) and the
thank-you page that the service sends a browser without JavaScript to, in every language:
the form sends its language (field `langue`), and the service thanks in the same one."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote, urlsplit

from ..contact import form
from ..i18n import DEFAULT, LANGUAGES, Language
from ..model import Directory, Territory
from ..text import fold
from . import urls
from .output import OutputFile, SiteContext
from .render import render_page

CONTACT_PAGE = urls.CONTACT
THANKS_PAGE = urls.CONTACT_THANKS

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
# The same for a visitor from abroad: the French the CPTS reads, the English to fill it in.
_DOCTOR_BODY_EN = """Bonjour,

Je cherche un médecin traitant. (I am looking for a regular doctor.)

Nom (surname) :
Prénom (first name) :
Téléphone (phone) :
Commune (town) :
Nombre de personnes du foyer concernées (number of people in the household) :
Tranches d'âge (age groups: under 6, 6-17, 18-64, 65-74, 75 and over) :
Visites à domicile nécessaires (home visits needed: yes / no) :
Quand me joindre (when to reach me) :

(N'écrivez rien sur votre santé : la CPTS n'en a pas besoin.
Do not write anything about your health: the CPTS does not need it.)
"""


def contact_pages(directory: Directory, context: SiteContext) -> Iterator[OutputFile]:
    territory = directory.territory
    action = form_action(territory.contact_form)
    communes = sorted((c.name for c in territory.communes.values()), key=fold)
    for language in LANGUAGES:
        t = language.gettext
        page, thanks = language.page(CONTACT_PAGE), language.page(THANKS_PAGE)
        yield OutputFile(page, render_page(
            "contact.html.j2",
            {"title": t("Contacter la CPTS"),
             "description": t("Écrire à la %(cpts)s : trouver un médecin traitant, question sur "
                              "les soins non programmés, installation, adhésion.")
             % {"cpts": territory.name}},
            language, territory=territory, action=action, communes=communes, form=form,
            mailtos=mailto_links(territory, language),
            privacy_url=urls.link(page, urls.in_language(language, urls.PRIVACY)),
        ))
        yield OutputFile(thanks, render_page(
            "contact_merci.html.j2",
            {"title": t("Demande reçue"),
             "description": t("Votre demande a bien été reçue par la CPTS.")},
            language, territory=territory,
            home=urls.link(thanks, urls.in_language(language, urls.HOME)),
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


def mailto_links(territory: Territory, language: Language = DEFAULT) -> list[tuple[str, str]]:
    """(label, mailto: URL) per reason, subject filled in; the doctor one with a body to fill.

    The label is French (the template translates it); the subject stays French in every
    language, as the CPTS reads it; the body gives the English of each line on English pages."""
    body = _DOCTOR_BODY if language is DEFAULT else _DOCTOR_BODY_EN
    links = []
    for code, label in form.REASONS.items():
        url = f"mailto:{territory.email}?subject={quote(label + ' — site de la CPTS')}"
        if code == form.DOCTOR:
            url += "&body=" + quote(body)
        links.append((label, url))
    return links
