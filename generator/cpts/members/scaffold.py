"""`cpts new professionnel|structure`: ask the questions, check each answer as it is typed,
write a commented YAML file that passes validation.

Answers are read line by line (a terminal, or a script piping them in); a refused answer is
explained in French and asked again. Nothing is written until every answer is accepted.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from .. import phones
from ..directory import identifiers, schemas
from ..directory.load import FOLDERS, RawDirectory, load_directory
from ..directory.problems import errors, render_report
from ..directory.validate import only_files, validate_directory
from ..directory.yamltext import flow, scalar
from ..nomenclature import nomenclature
from ..territory.geo import Area
from ..text import fold, slugify

T = TypeVar("T")
# Same shapes as commun.schema.json.
_TEXT = re.compile(r"[^<>{}\[\]\"\\|`]{1,200}")
_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")
_EMAIL = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[a-z]{2,}")
_URL = re.compile(r"https://[^\s<>\"/]+\.[^\s<>\"/]+(/[^\s<>\"]*)?")


class Aborted(Exception):
    """The questions stopped (end of input, or a file that already exists): nothing written."""


class Refused(ValueError):
    """An answer that cannot be used; the message says what to type instead."""


@dataclass
class Prompter:
    """Asks questions on `write`, reads answers from `read` (which raises EOFError at the end)."""

    read: Callable[[], str]
    write: Callable[[str], None]

    @classmethod
    def standard(cls) -> Prompter:
        echo = not sys.stdin.isatty()  # answers piped in: show them, for a readable transcript

        def read() -> str:
            line = sys.stdin.readline()
            if not line:
                raise EOFError
            if echo:
                sys.stdout.write(line if line.endswith("\n") else line + "\n")
            return line.rstrip("\n")

        def write(text: str) -> None:
            sys.stdout.write(text)
            sys.stdout.flush()

        return cls(read, write)

    def say(self, text: str = "") -> None:
        self.write(text + "\n")

    def ask(self, question: str, check: Callable[[str], T], *, optional: bool = False,
            default: str | None = None) -> T | None:
        """Ask until `check` accepts the answer (it raises Refused to explain a refusal)."""
        hint = f" [{default}]" if default else " (facultatif, Entrée pour passer)" if optional else ""
        while True:
            self.write(f"{question}{hint} : ")
            try:
                answer = self.read().strip()
            except EOFError:
                self.write("\n")
                raise Aborted("réponses interrompues avant la fin : aucun fichier n'a été écrit") \
                    from None
            if not answer and default is not None:
                answer = default
            if not answer:
                if optional:
                    return None
                self.say("  ✗ Cette réponse est obligatoire.")
                continue
            try:
                return check(answer)
            except Refused as refusal:
                self.say(f"  ✗ {refusal}")

    def require(self, question: str, check: Callable[[str], T], default: str | None = None) -> T:
        value = self.ask(question, check, default=default)
        assert value is not None
        return value

    def choose(self, question: str, options: dict[str, str]) -> str:
        """One code among `options` (code -> label), by number, code or label."""
        self.say(question)
        codes = list(options)
        for number, code in enumerate(codes, 1):
            self.say(f"  {number:>2}. {options[code]} ({code})")
        return self.require("Votre choix (numéro ou code)", lambda a: _pick(a, options))

    def yes_no(self, question: str, optional: bool = True) -> bool | None:
        return self.ask(f"{question} (oui/non)", _yes_no, optional=optional)


# --- checks: each returns the value to write, or raises Refused --------------------------------

def _pick(answer: str, options: dict[str, str]) -> str:
    codes = list(options)
    if answer.isdigit() and 1 <= int(answer) <= len(codes):
        return codes[int(answer) - 1]
    wanted = fold(answer).replace(" ", "-")
    for code, label in options.items():
        if wanted in (code, fold(label).replace(" ", "-")):
            return code
    raise Refused(f"« {answer} » n'est pas dans la liste — tapez un numéro entre 1 et {len(codes)}")


def _pick_many(answer: str, options: dict[str, str]) -> list[str]:
    picked: list[str] = []
    for part in re.split(r"[,;]", answer):
        if part.strip():
            code = _pick(part.strip(), options)
            if code not in picked:
                picked.append(code)
    return picked


def _yes_no(answer: str) -> bool:
    word = fold(answer)
    if word in ("o", "oui", "y", "yes", "true", "vrai"):
        return True
    if word in ("n", "non", "no", "false", "faux"):
        return False
    raise Refused("répondez oui ou non")


def check_text(answer: str) -> str:
    if not _TEXT.fullmatch(answer):
        raise Refused("un texte court (200 caractères au plus) sans les caractères "
                      "< > { } [ ] \" \\ | `")
    return answer


def check_civility(answer: str) -> str:
    word = fold(answer).rstrip(".")
    if word in ("mme", "madame", "f"):
        return "Mme"
    if word in ("m", "monsieur", "mr", "h"):
        return "M."
    raise Refused("tapez Mme ou M.")


def check_rpps(answer: str) -> str:
    number = re.sub(r"[\s.]", "", answer)
    if not re.fullmatch(r"\d{11}", number):
        raise Refused(f"un numéro RPPS a 11 chiffres (vous en avez tapé {sum(c.isdigit() for c in number)}) "
                      "— recopiez-le depuis votre carte CPS")
    if not identifiers.rpps_is_valid(number):
        raise Refused(f"le numéro RPPS « {number} » est invalide (sa clé de contrôle ne correspond "
                      "pas : un chiffre est sans doute mal recopié) — vérifiez-le sur votre carte CPS")
    return number


def check_adeli(answer: str) -> str:
    number = re.sub(r"[\s.]", "", answer)
    if not re.fullmatch(r"\d{9}", number):
        raise Refused("un numéro ADELI a 9 chiffres, par exemple 751012345")
    return number


def check_finess(answer: str) -> str:
    number = re.sub(r"[\s.]", "", answer).upper()
    if not re.fullmatch(r"(\d{2}|2[AB])\d{7}", number):
        raise Refused("un numéro FINESS a 9 caractères, par exemple 050000348")
    if not identifiers.finess_is_valid(number):
        raise Refused(f"le numéro FINESS « {number} » est invalide (sa clé de contrôle ne "
                      "correspond pas) — recopiez-le depuis finess.sante.gouv.fr")
    return number


def check_phone(answer: str) -> str:
    if not re.fullmatch(r"[0-9 +.()-]{4,25}", answer) or phones.parse_french(answer) is None:
        raise Refused(f"« {answer} » n'est pas un numéro de téléphone valide — tapez les 10 "
                      "chiffres, par exemple 04 92 21 00 00")
    return phones.display(answer)


def check_email(answer: str) -> str:
    if not _EMAIL.fullmatch(answer) or len(answer) > 200:
        raise Refused("une adresse électronique, par exemple contact@exemple.fr")
    return answer


def check_url(answer: str) -> str:
    if not _URL.fullmatch(answer) or len(answer) > 500:
        raise Refused("un lien complet commençant par https://, copié depuis la barre d'adresse "
                      "du navigateur")
    return answer


def check_logins(answer: str) -> list[str]:
    found = [part.strip().lstrip("@") for part in re.split(r"[,;\s]+", answer) if part.strip()]
    for login in found:
        if not _LOGIN.fullmatch(login):
            raise Refused(f"« {login} » n'est pas un identifiant GitHub (lettres, chiffres et "
                          "tirets, sans espace)")
    return list(dict.fromkeys(found))


# --- what the directory knows ---------------------------------------------------------------

@dataclass
class Territory:
    communes: dict[str, dict[str, Any]]
    area: Area | None
    structures: list[str]
    numbers: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def read(cls, raw: RawDirectory) -> Territory:
        if raw.territory is None or raw.territory.path in raw.invalid:
            raise Aborted("directory/territoire.yml est absent ou invalide : lancez « cpts validate » "
                          "et corrigez-le d'abord")
        communes = {c["insee"]: c for c in raw.territory.data["communes"]}
        area = Area.from_geojson(raw.boundaries) if raw.boundaries else None
        numbers = {}
        for kind in FOLDERS:
            for doc in raw.entries[kind]:
                data = doc.data if isinstance(doc.data, dict) else {}
                for name in ("rpps", "adeli", "finess"):
                    if isinstance(data.get(name), str):
                        numbers[(name, data[name])] = doc.path
        return cls(communes, area, sorted(d.slug for d in raw.entries["structure"]), numbers)

    def unique(self, name: str, check: Callable[[str], str]) -> Callable[[str], str]:
        def checked(answer: str) -> str:
            number = check(answer)
            if (name, number) in self.numbers:
                raise Refused(f"ce numéro est déjà celui de {self.numbers[(name, number)]} — "
                              "vérifiez-le, ou modifiez cette fiche plutôt que d'en créer une")
            return number
        return checked

    def check_commune(self, answer: str) -> str:
        """A commune of the territory, by name, INSEE code or (unambiguous) postal code."""
        if answer in self.communes:
            return answer
        by_postcode = [c for c in self.communes.values() if answer in c["codes_postaux"]]
        if len(by_postcode) == 1:
            return str(by_postcode[0]["insee"])
        if by_postcode:
            names = ", ".join(c["nom"] for c in by_postcode)
            raise Refused(f"le code postal {answer} est celui de plusieurs communes ({names}) — "
                          "tapez le nom de la commune")
        names = {fold(c["nom"]).replace("-", " "): code for code, c in self.communes.items()}
        wanted = fold(answer).replace("-", " ")
        if wanted in names:
            return names[wanted]
        near = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.7)
        hint = f" — vouliez-vous écrire « {self.communes[names[near[0]]]['nom']} » ?" if near else \
            " — tapez le nom d'une commune du territoire, par exemple " + \
            next(iter(self.communes.values()))["nom"]
        raise Refused(f"« {answer} » n'est pas une commune du territoire de la CPTS{hint}")

    def check_structure(self, answer: str) -> str:
        slug = answer.removesuffix(".yml")
        if slug in self.structures:
            return slug
        near = difflib.get_close_matches(slug, self.structures, n=1)
        hint = f" — vouliez-vous écrire « {near[0]} » ?" if near else \
            " — laissez vide pour donner une adresse"
        raise Refused(f"la structure « {slug} » n'existe pas dans directory/structures/{hint}")

    def position_check(self, insee: str) -> Callable[[str], dict[str, float]]:
        def check(answer: str) -> dict[str, float]:
            parts = re.split(r"[\s,;]+", answer.strip())
            try:
                lat, lon = (round(float(p), 6) for p in parts)
            except ValueError:
                example = self._example_position(insee)
                raise Refused(f"tapez la latitude puis la longitude, par exemple {example} "
                              "(avec des points décimaux)") from None
            if self.area and not (self.area.contains(lat, lon, [insee])
                                  or self.area.contains(lat, lon, list(self.communes))):
                swapped = self.area.contains(lon, lat, list(self.communes))
                raise Refused(f"le point ({lat}, {lon}) est hors du territoire de la CPTS"
                              + (" — la latitude et la longitude semblent inversées" if swapped
                                 else " — relevez la position sur openstreetmap.org"))
            return {"lat": lat, "lon": lon}
        return check

    def _example_position(self, insee: str) -> str:
        """The chosen commune's own centre, as the example of a well-written answer."""
        centre = self.communes.get(insee, {}).get("centre") or {}
        if "lat" in centre and "lon" in centre:
            return f"{centre['lat']}, {centre['lon']}"
        return "45.1234, 5.6789"


# --- the questions -------------------------------------------------------------------------

def _address(ask: Prompter, territory: Territory) -> dict[str, Any]:
    place: dict[str, Any] = {}
    place["adresse"] = ask.require("Adresse (numéro et rue, ou lieu-dit)", check_text)
    place["commune"] = ask.require("Commune (nom, code postal ou code INSEE)", territory.check_commune)
    centre = territory.communes[place["commune"]]["centre"]
    ask.say("Position du lieu : sur openstreetmap.org, clic droit sur le lieu puis « Afficher "
            "l'adresse » donne « latitude, longitude ».")
    place["coordonnees"] = ask.require(
        "Latitude, longitude (Entrée : le centre de la commune, à préciser plus tard)",
        territory.position_check(place["commune"]), default=f"{centre['lat']}, {centre['lon']}")
    return place


def professional_questions(ask: Prompter, territory: Territory, directory: Path) -> tuple[str, dict]:
    """The questions for a professional: (file slug, data to write)."""
    v = nomenclature()
    data: dict[str, Any] = {}
    data["civilite"] = ask.require("Civilité (Mme ou M.)", check_civility)
    data["nom"] = ask.require("Nom d'exercice", check_text)
    data["prenom"] = ask.require("Prénom", check_text)
    slug = _new_slug(directory, "professionnel", f"{data['nom']}-{data['prenom']}")
    data["profession"] = ask.choose("Profession :", {c: p.label for c, p in v.professions.items()})
    profession = v.professions[data["profession"]]
    if profession.specialties:
        ask.say("Spécialités (aucune, une ou plusieurs, séparées par des virgules) :")
        for number, (code, label) in enumerate(profession.specialties.items(), 1):
            ask.say(f"  {number:>2}. {label} ({code})")
        chosen = ask.ask("Numéros ou codes", lambda a: _pick_many(a, profession.specialties),
                         optional=True)
        if chosen:
            data["specialites"] = chosen
    rpps = ask.ask("Numéro RPPS (11 chiffres, sur votre carte CPS ; vide si votre profession "
                   "n'en a pas encore)", territory.unique("rpps", check_rpps), optional=True)
    if rpps:
        data["rpps"] = rpps
    else:
        data["adeli"] = ask.require("Numéro ADELI (9 chiffres)", territory.unique("adeli", check_adeli))
    ask.say("Lieu d'exercice principal (vous pourrez en ajouter d'autres dans le fichier).")
    place: dict[str, Any] = {}
    example = f", par exemple {territory.structures[0]}" if territory.structures else ""
    structure = ask.ask(f"Structure de l'annuaire où vous exercez (nom du fichier{example} ; "
                        "vide pour une adresse)", territory.check_structure, optional=True)
    if structure:
        place["structure"] = structure
    else:
        name = ask.ask("Nom du cabinet", check_text, optional=True)
        if name:
            place["nom"] = name
        place.update(_address(ask, territory))
    phone = ask.ask("Téléphone pour prendre rendez-vous", check_phone, optional=True)
    if phone:
        place["telephone"] = phone
    data["lieux"] = [place]
    ask.say("Attention : tout ce que contient la fiche est public dans le dépôt Git de l'annuaire, "
            "même ce que le site n'affiche pas. Laissez la question suivante vide si vous ne "
            "voulez pas que votre accueil de nouveaux patients soit connu.")
    status = ask.ask("Acceptez-vous de nouveaux patients ? (oui, non ou liste-attente)",
                     lambda a: _pick(a, v.new_patients), optional=True)
    if status:
        data["nouveaux_patients"] = {"statut": status}
        published = ask.yes_no("La CPTS peut-elle l'afficher sur le site ?", optional=False)
        data["nouveaux_patients"]["publie"] = bool(published)
    return slug, data


def structure_questions(ask: Prompter, territory: Territory, directory: Path) -> tuple[str, dict]:
    v = nomenclature()
    data: dict[str, Any] = {}
    data["type"] = ask.choose("Type de structure :", {c: s.label for c, s in v.structure_types.items()})
    data["nom"] = ask.require("Nom de la structure", check_text)
    slug = _new_slug(directory, "structure", data["nom"])
    finess = ask.ask("Numéro FINESS (9 caractères)", territory.unique("finess", check_finess),
                     optional=True)
    if finess:
        data["finess"] = finess
    data.update(_address(ask, territory))
    for key, question, check in (
        ("telephone", "Téléphone", check_phone),
        ("email", "Adresse électronique", check_email),
        ("site_web", "Site web (https://…)", check_url),
    ):
        value = ask.ask(question, check, optional=True)
        if value:
            data[key] = value
    same_day = ask.yes_no("Recevez-vous des patients le jour même, sans rendez-vous programmé ?")
    if same_day is not None:
        data["soins_non_programmes"] = same_day
    access = ask.yes_no("Le lieu est-il accessible aux personnes à mobilité réduite ?")
    if access is not None:
        data["accessible_pmr"] = access
    return slug, data


def _new_slug(directory: Path, kind: str, name: str) -> str:
    slug = slugify(name)
    existing = directory / FOLDERS[kind] / f"{slug}.yml"
    if existing.exists():
        raise Aborted(f"une fiche existe déjà : directory/{FOLDERS[kind]}/{slug}.yml — modifiez-la "
                      "plutôt que d'en créer une nouvelle")
    return slug


# --- writing -------------------------------------------------------------------------------

def _description(kind: str, *path: str | int) -> str:
    """The description of the property at `path`: its own, else the shared definition's."""
    node: Any = schemas.load_schema(kind)
    base = f"{kind}.schema.json"
    for step in path:
        if "$ref" in node and step not in node:
            node, base = schemas.resolve(node["$ref"], base)
        node = node.get(step, {}) if isinstance(node, dict) else {}
    while not node.get("description") and "$ref" in node:
        node, base = schemas.resolve(node["$ref"], base)
    return str(node.get("description", ""))


def _lines(kind: str, data: dict[str, Any], schema_path: list[str | int], indent: str) -> list[str]:
    out: list[str] = []
    for key, value in data.items():
        comment = _description(kind, *schema_path, "properties", key)
        if comment and not indent:
            out.append(f"{indent}# {comment}")
        if key == "lieux":
            out.append(f"{indent}{key}:")
            for place in value:
                branch = "then" if "structure" in place else "else"
                inner = _lines(kind, place, ["properties", "lieux", "items", branch], indent + "    ")
                out.append(f"{indent}  - {inner[0].lstrip()}")
                out.extend(inner[1:])
        elif isinstance(value, dict) and key not in ("coordonnees",):
            out.append(f"{indent}{key}:")
            out.extend(_lines(kind, value, [*schema_path, "properties", key], indent + "  "))
        elif isinstance(value, list | dict):
            out.append(f"{indent}{key}: {flow(value)}")
        else:
            out.append(f"{indent}{key}: {scalar(value)}")
    return out


def to_yaml(kind: str, data: dict[str, Any], today: dt.date) -> str:
    v = nomenclature()
    if kind == "professionnel":
        what = v.professions[data["profession"]].label_for(data["civilite"]).lower()
        title = f"# Fiche de {data['civilite']} {data['prenom']} {data['nom']} — {what}"
    else:
        title = f"# Fiche de la structure « {data['nom']} »"
    header = [
        title,
        f"# Créée avec « cpts new {kind} » le {today.isoformat()}. Chaque ligne « champ: valeur »",
        "# est une information de la fiche ; les lignes qui commencent par # sont des",
        "# commentaires, ignorés par le site. Tous les champs possibles : docs/champs.md",
    ]
    return "\n".join([*header, *_lines(kind, data, [], "")]) + "\n"


QUESTIONS = {"professionnel": professional_questions, "structure": structure_questions}


def run(kind: str, directory: Path, today: dt.date, ask: Prompter) -> tuple[int, Path | None]:
    """Ask, write, validate. Returns (exit code, file written)."""
    try:
        raw = load_directory(directory)
        territory = Territory.read(raw)
        ask.say(f"Nouvelle fiche ({kind}). Répondez aux questions ; une réponse refusée est "
                "expliquée et redemandée. Ctrl+D (ou Ctrl+C) pour abandonner.")
        slug, data = QUESTIONS[kind](ask, territory, directory)
        maintainers = ask.ask("Vos identifiants GitHub, pour relire les modifications de la fiche "
                              "(séparés par des virgules)", check_logins, optional=True)
        if maintainers:
            data["mainteneurs"] = maintainers
        data["verifie_le"] = today.isoformat()
    except Aborted as stop:
        ask.say(f"Abandon : {stop}.")
        return 1, None
    target = directory / FOLDERS[kind] / f"{slug}.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(to_yaml(kind, data, today), "utf-8")
    _, problems = validate_directory(directory, today, only=[target])
    mine = only_files(problems, directory, [target])
    shown = f"directory/{FOLDERS[kind]}/{slug}.yml"
    if errors(mine):
        ask.say(render_report(mine))
        ask.say(f"Fiche écrite dans {shown}, mais à corriger (voir ci-dessus).")
        return 1, target
    ask.say(f"Fiche créée : {shown}. Relisez-la, complétez-la si besoin (horaires, langues…), "
            "puis proposez-la à la CPTS (voir CONTRIBUTING.md).")
    return 0, target
