"""The contact form: its fields and choices, and the server-side validation of a submission.

One definition for both sides: the site's template prints these names and labels, the
service validates against them, so the two cannot drift apart. Pure Python (no Starlette):
the generation stage imports it.

What a « médecin traitant » request may hold is deliberately small (identity, contact,
commune, household size and age bands, home visits, availability): never symptoms,
diagnosis, ALD or any free text about health — the CPTS has no need or right to hold them.

The form sends the language of its page (field `langue`): the service answers in it (field
errors, thank-you page) and tells the CPTS, which reads every message in French.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.headerregistry import Address

from .. import phones
from ..i18n import DEFAULT, Language, language_named

REASONS: dict[str, str] = {
    "medecin_traitant": "Je cherche un médecin traitant",
    "soins_non_programmes": "Question sur les soins non programmés",
    "installation": "Je souhaite m'installer sur le territoire",
    "adhesion": "Adhérer à la CPTS",
    "autre": "Autre demande",
}
DOCTOR = "medecin_traitant"

AGE_BANDS: dict[str, str] = {
    "moins_6": "moins de 6 ans",
    "6_17": "de 6 à 17 ans",
    "18_64": "de 18 à 64 ans",
    "65_74": "de 65 à 74 ans",
    "75_plus": "75 ans et plus",
}
HOME_VISITS: dict[str, str] = {
    "non": "Non",
    "oui": "Oui, une personne ne peut pas se déplacer au cabinet",
    "ne_sait_pas": "Je ne sais pas",
}
AVAILABILITY: dict[str, str] = {
    "matin": "en semaine, le matin",
    "apres_midi": "en semaine, l'après-midi",
    "soir": "en semaine, après 18 h",
    "samedi": "le samedi matin",
}
OTHER_COMMUNE = "autre"
MAX_PEOPLE = 10
HONEYPOT = "site_web"
LANGUAGE = "langue"  # hidden: the page's language code; none means French (older pages)
LANGUAGE_NAMES = {"en": "anglais"}  # for the CPTS, in its mail: the sender's language

# Maximum lengths (characters), printed as maxlength in the page and enforced by the service.
MAX_LENGTH: dict[str, int] = {
    "nom": 80, "prenom": 80, "email": 254, "telephone": 25, "commune": 80, "message": 2000,
}
MAX_BODY = 16 * 1024  # bytes of a whole submission; a filled form is under 3 KiB
# How long the service keeps a message (the page's privacy notice says so; see settings).
RETENTION_DAYS = 90

SINGLE = ("motif", "nom", "prenom", "email", "telephone", "commune", "personnes",
          "visites_domicile", "message", "consentement", HONEYPOT, LANGUAGE)
MULTIPLE = ("tranches_age", "disponibilites")
FIELDS = SINGLE + MULTIPLE

LABELS: dict[str, str] = {
    "motif": "Motif",
    "nom": "Nom",
    "prenom": "Prénom",
    "email": "Adresse e-mail",
    "telephone": "Téléphone",
    "commune": "Commune",
    "personnes": "Personnes concernées dans le foyer",
    "tranches_age": "Âges des personnes concernées",
    "visites_domicile": "Visites à domicile nécessaires",
    "disponibilites": "Disponibilités pour être rappelé",
    "message": "Message",
    "consentement": "Consentement",
    "langue": "Langue du formulaire",
}

_NAME = re.compile(r"[^\W\d_](?:[^\W\d_]|[ '’.\-])*", re.UNICODE)
_EMAIL = re.compile(r"[^@\s<>\"(),;:]+@[^@\s<>\"(),;:]+\.[^@\s<>\"(),;:.]{2,}")
_HOST_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")


class Refused(Exception):
    """A submission the service will not store; `message` is what the sender reads, in the
    form's `language` once known (French before: origin, rate limit, format)."""

    def __init__(self, message: str, status: int = 400, errors: dict[str, str] | None = None,
                 language: Language = DEFAULT):
        self.message = message
        self.status = status
        self.errors = errors or {}
        self.language = language
        super().__init__(message)


@dataclass(frozen=True)
class Submission:
    """A valid submission: only the fields that its reason allows, normalised."""

    fields: dict[str, str | list[str]]

    @property
    def reason(self) -> str:
        return str(self.fields["motif"])

    @property
    def language(self) -> Language:
        return language_named(str(self.fields.get(LANGUAGE, DEFAULT.code))) or DEFAULT


def form_language(form: dict[str, list[str]]) -> Language:
    """The language the form was filled in: its hidden field, French when absent."""
    sent = form.get(LANGUAGE) or [DEFAULT.code]
    found = language_named(sent[0]) if len(sent) == 1 else None
    if found is None:
        raise Refused("Le formulaire contient une langue inconnue : envoyez-le depuis la page "
                      "Contact du site.")
    return found


def mail_address(text: str) -> str | None:
    """`text` as an address a mail header can carry as is, or None when it is not one.

    The part before « @ » must be ASCII (an address with accents there needs SMTPUTF8, which
    the CPTS's mail server may not speak) and hold no RFC 2047 encoded word: « =?utf-8?q?x?= »
    would be decoded by mail readers into another address. A domain with accents is written
    in its ASCII (IDNA) form, « café.fr » → « xn--caf-dma.fr »."""
    if not _EMAIL.fullmatch(text) or "=?" in text:
        return None
    local, _, domain = text.rpartition("@")
    if not local.isascii():
        return None
    try:
        domain = domain.encode("idna").decode("ascii").lower()
        parsed = Address(addr_spec=f"{local}@{domain}")
    except (UnicodeError, ValueError, IndexError, HeaderParseError):
        return None
    if len(domain) > 253 or not all(_HOST_LABEL.fullmatch(x) for x in domain.split(".")):
        return None  # a host name: letters, digits and inner hyphens, « . » between labels
    address = f"{local}@{domain}"
    return address if parsed.addr_spec == address else None


def validate(form: dict[str, list[str]]) -> Submission:
    """Check every field of a decoded form; raise Refused with a message per field, in the
    form's language (French for what only a tampered or robot's form can hold)."""
    unknown = sorted(k for k in form if k not in FIELDS)
    if unknown:
        raise Refused(f"Le formulaire contient un champ inattendu (« {unknown[0][:40]} ») : "
                      "envoyez-le depuis la page Contact du site.")
    if any(v.strip() for v in form.get(HONEYPOT, [])):
        raise Refused("Votre message a été refusé : un champ invisible, réservé à la détection "
                      "des robots, a été rempli. Si vous êtes une personne, écrivez-nous ou "
                      "appelez la CPTS.", status=400)
    for key in SINGLE:
        if len(form.get(key, [])) > 1:
            raise Refused(f"Le champ « {LABELS.get(key, key)} » est envoyé plusieurs fois : "
                          "envoyez le formulaire depuis la page Contact du site.")
    language = form_language(form)
    t = language.gettext
    values = {k: v[0].strip() for k, v in form.items() if k in SINGLE}
    lists = {k: [item.strip() for item in form.get(k, [])] for k in MULTIPLE}
    errors: dict[str, str] = {}

    def label(key: str) -> str:
        return t(LABELS[key])

    def text(key: str) -> str:
        value = values.get(key, "")
        if len(value) > MAX_LENGTH.get(key, 200):
            errors[key] = t("%(label)s : %(max)s caractères au plus (vous en avez écrit "
                            "%(count)s).") % {"label": label(key),
                                              "max": MAX_LENGTH.get(key, 200),
                                              "count": len(value)}
            return ""
        allowed_newlines = key == "message"
        bad = _CONTROL.search(value) or (not allowed_newlines and ("\n" in value or "\r" in value))
        if bad:
            errors[key] = t("%(label)s : ce texte contient des caractères non autorisés.") % {
                "label": label(key)}
            return ""
        return value

    reason = values.get("motif", "")
    if reason not in REASONS:
        errors["motif"] = t("Choisissez le motif de votre demande.")
    clean: dict[str, str | list[str]] = {"motif": reason}

    for key, missing in (("nom", t("Indiquez votre nom.")),
                         ("prenom", t("Indiquez votre prénom."))):
        value = text(key)
        if key in errors:
            continue
        if not value:
            errors[key] = missing
        elif not _NAME.fullmatch(value):
            errors[key] = t("%(label)s : écrivez seulement des lettres, espaces, tirets ou "
                            "apostrophes.") % {"label": label(key)}
        else:
            clean[key] = value

    email = text("email")
    phone = text("telephone")
    if email and "email" not in errors:
        address = mail_address(email)
        if address is not None:
            clean["email"] = address
        else:
            errors["email"] = t("Adresse e-mail : elle n'est pas valide — écrivez-la en entier, "
                                "par exemple prenom.nom@exemple.fr.")
    if phone and "telephone" not in errors:
        parsed = phones.parse_french(phone)
        if parsed is not None:
            clean["telephone"] = phones.display(phone)
        else:
            errors["telephone"] = t("Téléphone : ce numéro n'est pas valide — écrivez les "
                                    "10 chiffres, par exemple 06 12 34 56 78.")
    if not email and not phone and "email" not in errors and "telephone" not in errors:
        errors["telephone"] = t("Indiquez un numéro de téléphone ou une adresse e-mail, pour "
                                "que la CPTS puisse vous répondre.")

    commune = text("commune")
    if "commune" not in errors:
        if not commune:
            errors["commune"] = t("Choisissez votre commune (ou « Une autre commune »).")
        elif commune != OTHER_COMMUNE and not _NAME.fullmatch(commune):
            errors["commune"] = t("Commune : choisissez-la dans la liste.")
        else:
            clean["commune"] = "Une autre commune" if commune == OTHER_COMMUNE else commune

    times = lists["disponibilites"]
    if any(x not in AVAILABILITY for x in times) or len(set(times)) != len(times):
        errors["disponibilites"] = t("Disponibilités : cochez seulement les cases proposées.")
    elif times:
        clean["disponibilites"] = [x for x in AVAILABILITY if x in times]

    if reason == DOCTOR:
        _doctor_fields(values, lists, clean, errors, language)
        if values.get("message"):
            errors["message"] = t("Pour une demande de médecin traitant, laissez le champ "
                                  "« Votre message » vide : n'écrivez rien sur votre santé, la "
                                  "CPTS n'a besoin que des informations demandées.")
    elif reason in REASONS:
        message = text("message")
        if "message" not in errors:
            if not message:
                errors["message"] = t("Écrivez votre message.")
            else:
                clean["message"] = message.replace("\r\n", "\n").replace("\r", "\n")

    if values.get("consentement") != "oui":
        errors["consentement"] = t("Cochez la case de consentement : sans elle, la CPTS ne peut "
                                   "pas enregistrer votre demande.")
    if errors:
        raise Refused(t("Votre message n'a pas été envoyé : corrigez les champs signalés."),
                      errors=errors, language=language)
    if language is not DEFAULT:
        clean[LANGUAGE] = language.code
    return Submission(clean)


def _doctor_fields(values: dict[str, str], lists: dict[str, list[str]],
                   clean: dict[str, str | list[str]], errors: dict[str, str],
                   language: Language) -> None:
    t = language.gettext
    people = values.get("personnes", "")
    # ASCII digits only: « ² » is a digit to str.isdigit() but not to int(), and 5,000 digits
    # are more than int() reads.
    if not (people.isascii() and people.isdigit() and len(people) <= 2
            and 1 <= int(people) <= MAX_PEOPLE):
        errors["personnes"] = t("Indiquez combien de personnes du foyer cherchent un médecin "
                                "traitant (de 1 à %(max)s).") % {"max": MAX_PEOPLE}
    else:
        clean["personnes"] = str(int(people))
    bands = lists["tranches_age"]
    if any(b not in AGE_BANDS for b in bands) or len(set(bands)) != len(bands):
        errors["tranches_age"] = t("Âges : cochez seulement les tranches d'âge proposées.")
    elif bands:
        clean["tranches_age"] = [b for b in AGE_BANDS if b in bands]
    visits = values.get("visites_domicile", "")
    if visits not in HOME_VISITS:
        errors["visites_domicile"] = t("Dites si des visites à domicile sont nécessaires.")
    else:
        clean["visites_domicile"] = visits


def summary_lines(fields: dict[str, str | list[str]]) -> list[tuple[str, str]]:
    """(label, value) pairs in the form's order, with choice codes turned into words."""
    lines: list[tuple[str, str]] = []
    for key in ("motif", "nom", "prenom", "email", "telephone", "commune", "personnes",
                "tranches_age", "visites_domicile", "disponibilites", "message", LANGUAGE):
        if key not in fields:
            continue
        value = fields[key]
        if key == "motif":
            shown = REASONS.get(str(value), str(value))
        elif key == "tranches_age":
            shown = ", ".join(AGE_BANDS.get(v, v) for v in value)
        elif key == "disponibilites":
            shown = ", ".join(AVAILABILITY.get(v, v) for v in value)
        elif key == "visites_domicile":
            shown = HOME_VISITS.get(str(value), str(value))
        elif key == LANGUAGE:
            shown = LANGUAGE_NAMES.get(str(value), str(value))
        else:
            shown = str(value)
        lines.append((LABELS[key], shown))
    return lines
