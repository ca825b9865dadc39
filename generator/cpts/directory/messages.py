"""French messages for schema errors: what is wrong, and what to write instead."""

from __future__ import annotations

import difflib
import re
from typing import Any

from jsonschema import ValidationError

from ..text import fold
from . import schemas
from .problems import Problem
from .values import value_problems
from .yamlfile import YamlDocument

_TYPES = {
    "string": "un texte",
    "boolean": "true (oui) ou false (non)",
    "array": "une liste, une valeur par ligne commençant par « - »",
    "object": "des lignes « clé: valeur » indentées",
    "integer": "un nombre entier",
    "number": "un nombre (avec un point décimal, par exemple 48.85)",
}


def schema_problems(doc: YamlDocument, kind: str) -> list[Problem]:
    """All schema errors of one document, in French, with their lines."""
    special = value_problems(doc)  # NaN, blanks: one clear message instead of the schema's
    problems: list[Problem] = list(special.values())
    for error in schemas.validator(kind).iter_errors(doc.data):
        if tuple(error.absolute_path) not in special:
            problems.extend(_translate(doc, kind, error))
    return problems


def _translate(doc: YamlDocument, kind: str, error: ValidationError) -> list[Problem]:
    path = list(error.absolute_path)
    field = _field_name(path)
    line = doc.line_of(path)
    schema_path = list(error.absolute_schema_path)
    met = schemas.subschema_along(kind, schema_path[:-1])
    examples = _last(met, "examples")
    description = _last(met, "description")
    example = _show(examples[0]) if examples else None
    value = _show(error.instance)
    keyword = error.validator

    if keyword == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        out = []
        for key in missing:
            key_schema = _property_schema(met, key)
            key_examples = key_schema.get("examples") or []
            hint = f" (par exemple « {key}: {key_examples[0]} »)" if key_examples else ""
            where = _join(field, key)
            out.append(Problem(doc.path, line, where,
                               f"champ obligatoire manquant — ajoutez une ligne « {key}: … »{hint}"))
        return out
    if keyword == "additionalProperties":
        allowed = schemas.property_names(kind, schema_path[:-1])
        out = []
        for key in error.instance:
            if key in allowed:
                continue
            key_line = doc.key_line(tuple(path), key)
            out.append(Problem(doc.path, key_line, _join(field, key), _unknown_key(key, allowed)))
        return out
    if keyword == "enum":
        return [Problem(doc.path, line, field, _not_in_enum(error.instance, error.validator_value))]
    if keyword == "type":
        expected = error.validator_value
        wanted = _TYPES.get(expected, expected) if isinstance(expected, str) else "une autre forme"
        hint = f", par exemple {example}" if example else ""
        quote = " — si c'est un texte, mettez-le entre guillemets" if expected == "string" else ""
        return [Problem(doc.path, line, field, f"{value} doit être {wanted}{hint}{quote}")]
    if keyword == "format" and error.validator_value == "date":
        return [Problem(doc.path, line, field, f"{value} n'est pas une date qui existe — écrivez "
                        "la date au format AAAA-MM-JJ, par exemple « 2026-09-15 »")]
    if keyword == "pattern" and isinstance(error.instance, str) and _INVISIBLE.search(error.instance):
        return [Problem(doc.path, line, field, f"{value} contient un retour à la ligne ou un caractère "
                        "invisible — écrivez la valeur sur une seule ligne, sans ce caractère")]
    if keyword in ("pattern", "format"):
        what = f" : {_lower_first(description).rstrip('.')}" if description else ""
        hint = f" — écrivez par exemple « {examples[0]} »" if examples else ""
        return [Problem(doc.path, line, field, f"{value} n'a pas la forme attendue{what}{hint}")]
    if keyword == "minLength" and error.instance:
        n = error.validator_value
        what = f" : {_lower_first(description).rstrip('.')}" if description else ""
        hint = f" — écrivez par exemple « {examples[0]} »" if examples else ""
        return [Problem(doc.path, line, field, f"{value} est trop court ({n} caractères au "
                        f"moins){what}{hint}")]
    if keyword == "minLength":
        return [Problem(doc.path, line, field, "la valeur est vide — écrivez-la, ou supprimez la "
                        "ligne si le champ est facultatif")]
    if keyword == "maxLength":
        return [Problem(doc.path, line, field, f"texte trop long ({len(error.instance)} caractères, "
                        f"{error.validator_value} au plus) — raccourcissez-le")]
    if keyword == "minItems":
        n = error.validator_value
        return [Problem(doc.path, line, field, f"la liste doit contenir au moins {n} élément"
                        f"{'s' if n > 1 else ''}" + (f", par exemple {example}" if example else ""))]
    if keyword == "maxItems":
        return [Problem(doc.path, line, field, f"la liste contient trop d'éléments "
                        f"({error.validator_value} au plus)")]
    if keyword == "uniqueItems":
        return [Problem(doc.path, line, field, "la liste contient deux fois la même valeur — "
                        "supprimez le doublon")]
    if keyword in ("minimum", "maximum"):
        bound = "au moins" if keyword == "minimum" else "au plus"
        return [Problem(doc.path, line, field, f"{value} est hors limites : la valeur doit être "
                        f"{bound} {error.validator_value}")]
    if keyword == "oneOf" and kind == "professionnel" and not path:
        has = [k for k in ("rpps", "adeli") if k in error.instance]
        if has:
            return [Problem(doc.path, doc.key_line((), "adeli"), "adeli",
                            "indiquez le numéro RPPS ou, à défaut, le numéro ADELI, pas les deux — "
                            "supprimez la ligne « adeli »")]
        return [Problem(doc.path, line, "rpps", "champ obligatoire manquant — ajoutez le numéro RPPS "
                        "(11 chiffres, sur la carte CPS), par exemple « rpps: \"10101234567\" », "
                        "ou à défaut le numéro ADELI")]
    if keyword == "anyOf" and field.endswith("contact"):
        return [Problem(doc.path, line, field, "indiquez au moins un moyen de contact : ajoutez "
                        "« telephone: \"04 92 21 00 00\" » ou « email: … »")]
    return [Problem(doc.path, line, field, f"valeur refusée ({error.message})")]


def _field_name(path: list[str | int]) -> str:
    name = ""
    for step in path:
        name = f"{name}[{step + 1}]" if isinstance(step, int) else _join(name, step)
    return name


def _join(parent: str, key: str) -> str:
    return f"{parent}.{key}" if parent else key


def _last(met: list[dict[str, Any]], key: str) -> Any:
    for schema in reversed(met):
        if key in schema:
            return schema[key]
    return None


def _property_schema(met: list[dict[str, Any]], key: str) -> dict[str, Any]:
    for schema in reversed(met):
        if key in schema.get("properties", {}):
            prop: dict[str, Any] = schema["properties"][key]
            return prop
    return {}


# Line breaks, control characters, zero-width and bidirectional marks: invisible in a message,
# or able to reorder it on screen. Shown as « \n », « \u202e »… instead.
_INVISIBLE = re.compile("[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_LONGEST_SHOWN = 120


def visible(text: str) -> str:
    """A member's value as a message can quote it (used by the cross-file rules too)."""
    return _visible(text)


def _visible(text: str) -> str:
    """`text` as a message can print it: invisible characters spelt out, long values cut."""
    if len(text) > _LONGEST_SHOWN:
        text = text[:_LONGEST_SHOWN] + f"… ({len(text)} caractères)"
    return _INVISIBLE.sub(lambda m: "\\n" if m[0] == "\n" else f"\\u{ord(m[0]):04x}", text)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{…}"
    if value is None:
        return "une valeur vide"
    return f"« {_visible(str(value))} »"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _closest(word: str, choices: list[str]) -> str | None:
    folded = {fold(c): c for c in choices}
    target = fold(word).replace(" ", "-").replace("_", "-")
    if target in folded:
        return folded[target]
    near = difflib.get_close_matches(target, list(folded), n=1, cutoff=0.75)
    if near:
        return folded[near[0]]
    starts = [c for f, c in folded.items() if len(target) >= 3 and target in f]
    return starts[0] if len(starts) == 1 else None


def _unknown_key(key: str, allowed: list[str]) -> str:
    guess = _closest(str(key), allowed)
    if guess:
        return f"clé inconnue — vouliez-vous écrire « {guess} » ?"
    return "clé inconnue — les clés possibles ici sont : " + ", ".join(allowed)


def _not_in_enum(value: Any, choices: list[Any]) -> str:
    shown = _show(value)
    if isinstance(value, bool):
        shown += " (YAML lit yes, no, on, off comme true ou false : mettez la valeur entre guillemets)"
    guess = _closest(str(value), [str(c) for c in choices]) if isinstance(value, str) else None
    if guess:
        return f"{shown} n'est pas une valeur possible — vouliez-vous écrire « {guess} » ?"
    listed = ", ".join(str(c) for c in choices[:30])
    more = "…" if len(choices) > 30 else ""
    return f"{shown} n'est pas une valeur possible — écrivez l'une de : {listed}{more}"
