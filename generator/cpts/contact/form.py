"""The contact form: its fields and choices, and the server-side validation of a submission.

One definition for both sides: the site's template prints these names and labels, the
service validates against them, so the two cannot drift apart. Pure Python (no Starlette):
the generation stage imports it.

What a « médecin traitant » request may hold is deliberately small (identity, contact,
commune, household size and age bands, home visits, availability): never symptoms,
diagnosis, ALD or any free text about health — the CPTS has no need or right to hold them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import phones

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

# Maximum lengths (characters), printed as maxlength in the page and enforced by the service.
MAX_LENGTH: dict[str, int] = {
    "nom": 80, "prenom": 80, "email": 254, "telephone": 25, "commune": 80, "message": 2000,
}
MAX_BODY = 16 * 1024  # bytes of a whole submission; a filled form is under 3 KiB
# How long the service keeps a message (the page's privacy notice says so; see settings).
RETENTION_DAYS = 90

SINGLE = ("motif", "nom", "prenom", "email", "telephone", "commune", "personnes",
          "visites_domicile", "message", "consentement", HONEYPOT)
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
}

_NAME = re.compile(r"[^\W\d_](?:[^\W\d_]|[ '’.\-])*", re.UNICODE)
_EMAIL = re.compile(r"[^@\s<>\"(),;:]+@[^@\s<>\"(),;:]+\.[^@\s<>\"(),;:.]{2,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")


class Refused(Exception):
    """A submission the service will not store; `message` is what the sender reads (French)."""

    def __init__(self, message: str, status: int = 400, errors: dict[str, str] | None = None):
        self.message = message
        self.status = status
        self.errors = errors or {}
        super().__init__(message)


@dataclass(frozen=True)
class Submission:
    """A valid submission: only the fields that its reason allows, normalised."""

    fields: dict[str, str | list[str]]

    @property
    def reason(self) -> str:
        return str(self.fields["motif"])


def validate(form: dict[str, list[str]]) -> Submission:
    """Check every field of a decoded form; raise Refused with French messages per field."""
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
    values = {k: v[0].strip() for k, v in form.items() if k in SINGLE}
    lists = {k: [item.strip() for item in form.get(k, [])] for k in MULTIPLE}
    errors: dict[str, str] = {}

    def text(key: str) -> str:
        value = values.get(key, "")
        if len(value) > MAX_LENGTH.get(key, 200):
            errors[key] = (f"{LABELS[key]} : {MAX_LENGTH.get(key, 200)} caractères au plus "
                           f"(vous en avez écrit {len(value)}).")
            return ""
        allowed_newlines = key == "message"
        bad = _CONTROL.search(value) or (not allowed_newlines and ("\n" in value or "\r" in value))
        if bad:
            errors[key] = f"{LABELS[key]} : ce texte contient des caractères non autorisés."
            return ""
        return value

    reason = values.get("motif", "")
    if reason not in REASONS:
        errors["motif"] = "Choisissez le motif de votre demande."
    clean: dict[str, str | list[str]] = {"motif": reason}

    for key in ("nom", "prenom"):
        value = text(key)
        if key in errors:
            continue
        if not value:
            errors[key] = f"Indiquez votre {LABELS[key].lower()}."
        elif not _NAME.fullmatch(value):
            errors[key] = (f"{LABELS[key]} : écrivez seulement des lettres, espaces, tirets "
                           "ou apostrophes.")
        else:
            clean[key] = value

    email = text("email")
    phone = text("telephone")
    if email and "email" not in errors:
        if _EMAIL.fullmatch(email):
            clean["email"] = email
        else:
            errors["email"] = ("Adresse e-mail : elle n'est pas valide — écrivez-la en entier, "
                               "par exemple prenom.nom@exemple.fr.")
    if phone and "telephone" not in errors:
        parsed = phones.parse_french(phone)
        if parsed is not None:
            clean["telephone"] = phones.display(phone)
        else:
            errors["telephone"] = ("Téléphone : ce numéro n'est pas valide — écrivez les "
                                   "10 chiffres, par exemple 06 12 34 56 78.")
    if not email and not phone and "email" not in errors and "telephone" not in errors:
        errors["telephone"] = ("Indiquez un numéro de téléphone ou une adresse e-mail, pour "
                               "que la CPTS puisse vous répondre.")

    commune = text("commune")
    if "commune" not in errors:
        if not commune:
            errors["commune"] = "Choisissez votre commune (ou « Une autre commune »)."
        elif commune != OTHER_COMMUNE and not _NAME.fullmatch(commune):
            errors["commune"] = "Commune : choisissez-la dans la liste."
        else:
            clean["commune"] = "Une autre commune" if commune == OTHER_COMMUNE else commune

    times = lists["disponibilites"]
    if any(t not in AVAILABILITY for t in times) or len(set(times)) != len(times):
        errors["disponibilites"] = "Disponibilités : cochez seulement les cases proposées."
    elif times:
        clean["disponibilites"] = [t for t in AVAILABILITY if t in times]

    if reason == DOCTOR:
        _doctor_fields(values, lists, clean, errors)
        if values.get("message"):
            errors["message"] = ("Pour une demande de médecin traitant, laissez le champ "
                                 "« Votre message » vide : n'écrivez rien sur votre santé, la "
                                 "CPTS n'a besoin que des informations demandées.")
    elif reason in REASONS:
        message = text("message")
        if "message" not in errors:
            if not message:
                errors["message"] = "Écrivez votre message."
            else:
                clean["message"] = message.replace("\r\n", "\n").replace("\r", "\n")

    if values.get("consentement") != "oui":
        errors["consentement"] = ("Cochez la case de consentement : sans elle, la CPTS ne peut "
                                  "pas enregistrer votre demande.")
    if errors:
        raise Refused("Votre message n'a pas été envoyé : corrigez les champs signalés.",
                      errors=errors)
    return Submission(clean)


def _doctor_fields(values: dict[str, str], lists: dict[str, list[str]],
                   clean: dict[str, str | list[str]], errors: dict[str, str]) -> None:
    people = values.get("personnes", "")
    if not people.isdigit() or not 1 <= int(people) <= MAX_PEOPLE:
        errors["personnes"] = (f"Indiquez combien de personnes du foyer cherchent un médecin "
                               f"traitant (de 1 à {MAX_PEOPLE}).")
    else:
        clean["personnes"] = str(int(people))
    bands = lists["tranches_age"]
    if any(b not in AGE_BANDS for b in bands) or len(set(bands)) != len(bands):
        errors["tranches_age"] = "Âges : cochez seulement les tranches d'âge proposées."
    elif bands:
        clean["tranches_age"] = [b for b in AGE_BANDS if b in bands]
    visits = values.get("visites_domicile", "")
    if visits not in HOME_VISITS:
        errors["visites_domicile"] = "Dites si des visites à domicile sont nécessaires."
    else:
        clean["visites_domicile"] = visits


def summary_lines(fields: dict[str, str | list[str]]) -> list[tuple[str, str]]:
    """(label, value) pairs in the form's order, with choice codes turned into words."""
    lines: list[tuple[str, str]] = []
    for key in ("motif", "nom", "prenom", "email", "telephone", "commune", "personnes",
                "tranches_age", "visites_domicile", "disponibilites", "message"):
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
        else:
            shown = str(value)
        lines.append((LABELS[key], shown))
    return lines
