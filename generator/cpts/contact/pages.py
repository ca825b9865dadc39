"""The service's own pages: a refused message, and every error Starlette would answer in English.

A browser without JavaScript lands on these; the page's script asks for JSON and gets the
same words as `{"ok": false, "message": …}`. Pages are small, self-contained (no outside
resource: the Content-Security-Policy allows none) and always point back to the site's
contact page and to the 15.
"""

from __future__ import annotations

import html

from starlette.responses import HTMLResponse

from ..i18n import DEFAULT, Language

HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
           "X-Content-Type-Options": "nosniff"}

# What a visitor reads for an error of the HTTP layer, by status: (title, explanation).
# Before the form is read the service does not know the sender's language: French.
HTTP_ERRORS: dict[int, tuple[str, str]] = {
    400: ("Demande illisible", "Le service de contact n'a pas compris cette demande : envoyez "
          "le formulaire depuis la page Contact du site."),
    404: ("Page introuvable", "Cette adresse ne sert qu'à recevoir le formulaire de contact du "
          "site de la CPTS : il n'y a pas de page ici."),
    405: ("Adresse réservée au formulaire", "Cette adresse reçoit seulement les envois du "
          "formulaire de contact : ouvrez la page Contact du site pour écrire à la CPTS."),
    413: ("Message trop long", "Votre message est trop long : raccourcissez-le, puis renvoyez "
          "le formulaire."),
    500: ("Erreur du service de contact", "Le service de contact a rencontré une erreur : votre "
          "message n'a peut-être pas été enregistré. Réessayez dans quelques minutes, ou "
          "appelez la CPTS."),
}
OTHER_ERROR = ("Demande refusée", "Le service de contact n'a pas pu traiter cette demande : "
               "envoyez le formulaire depuis la page Contact du site, ou appelez la CPTS.")


def http_error_text(status: int) -> tuple[str, str]:
    """(title, explanation) in French for an HTTP status the service answers by itself."""
    if status in HTTP_ERRORS:
        return HTTP_ERRORS[status]
    return HTTP_ERRORS[500] if status >= 500 else OTHER_ERROR


def render_page(*, title: str, heading: str, body: str, form_url: str, status: int,
                language: Language = DEFAULT, headers: dict[str, str] | None = None
                ) -> HTMLResponse:
    """A page of the service; `body` is HTML already escaped, the rest plain text."""
    t = language.gettext
    link = f'<a href="{html.escape(form_url)}">{html.escape(t("rouvrez la page Contact"))}</a>'
    back = html.escape(t("Revenez au formulaire avec le bouton « Retour » de votre navigateur : "
                         "vos réponses y sont encore. Ou %(link)s.")).replace("%(link)s", link)
    page = f"""<!doctype html>
<html lang="{language.code}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>body{{font:1.1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;
color:#1a1a1a}}a{{color:#005a70}}h1{{font-size:1.5rem}}</style></head>
<body><main><h1>{html.escape(heading)}</h1>
{body}
<p>{back}</p>
<p>{html.escape(t("Urgence : appelez le"))} <a href="tel:15">15</a>.</p></main></body></html>
"""
    return HTMLResponse(page, status_code=status, headers={**(headers or {}), **HEADERS})
