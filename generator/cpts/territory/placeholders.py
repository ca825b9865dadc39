"""The values `cpts init` writes in territoire.yml for what only the CPTS knows.

Validation warns about each one still there (rules.territory_placeholders), so that the
coordinator replaces them before the site goes public.
"""

from __future__ import annotations

TERRITORY_PLACEHOLDERS: dict[str, str] = {
    "adresse": "Adresse de la CPTS à compléter",
    "email": "contact@cpts.example",
    # In the range ARCEP keeps for fiction: it rings nobody.
    "telephone": "01 99 00 00 00",
    "depot": "https://github.com/organisation/site-cpts",
}

WHAT_TO_WRITE: dict[str, str] = {
    "adresse": "l'adresse postale de la CPTS (numéro et rue)",
    "email": "l'adresse e-mail de contact de la CPTS",
    "telephone": "le numéro de téléphone de la CPTS",
    "depot": "l'adresse du dépôt GitHub du site (https://github.com/…)",
}
