"""The field reference for members (docs/champs.md), generated from the JSON Schemas.

Every property of every schema is listed with what it means, whether it is required, an
example and its allowed values with their French labels (data/nomenclature.yml). The file
is written by `cpts fields` and a test fails when it differs from the schemas, so it never
drifts from what the validator accepts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..directory import schemas
from ..directory.load import FOLDERS, TERRITORY_FILE
from ..directory.yamltext import flow
from ..nomenclature import nomenclature

OUTPUT = Path("docs") / "champs.md"

# Shared objects of commun.schema.json documented once, in their own section.
COMMON_SECTIONS = ("horaires", "coordonnees")
# Shared formats said once in the introduction rather than on every field.
SAID_ONCE = ("texte",)

INTRO = """\
<!-- Fichier généré par « cpts fields » à partir des schémas (generator/cpts/schemas/) :
     ne le modifiez pas à la main, modifiez les schémas puis relancez la commande. -->
# Référence des champs de l'annuaire

Chaque fiche de l'annuaire est un fichier texte au format YAML : une ligne par champ,
`champ: valeur`. Cette page liste tous les champs possibles, fichier par fichier. Les champs
marqués **obligatoire** doivent être présents ; les autres peuvent être omis (supprimez alors
la ligne). Pour savoir comment modifier votre fiche, lisez d'abord le
[guide de contribution](../CONTRIBUTING.md).

Quelques règles d'écriture valent pour tous les fichiers :

- un texte qui commence par un chiffre (numéro, code, date) s'écrit entre guillemets :
  `rpps: "10101234567"`, `commune: "75056"`, `verifie_le: "2026-11-23"` ;
- les réponses oui/non s'écrivent `true` (oui) ou `false` (non), sans guillemets ;
- une liste s'écrit `[a, b]` sur une ligne, ou une valeur par ligne commençant par `- ` ;
- les textes courts (noms, adresses…) ne contiennent aucun des caractères
  `< > { } [ ] " \\ |` ni l'accent grave ;
- l'indentation (les espaces en début de ligne) compte : utilisez des espaces, jamais de
  tabulation ;
- une ligne qui commence par `#` est un commentaire, ignoré par le site.
"""


@dataclass
class FieldDoc:
    """One property as a member reads it."""

    name: str
    required: bool = False
    text: str = ""
    format: str = ""
    example: Any = None
    values: list[tuple[str, str]] = field(default_factory=list)
    common: str | None = None
    children: list[FieldDoc] = field(default_factory=list)
    variants: list[tuple[str, list[FieldDoc]]] = field(default_factory=list)
    # « profession » or « specialite »: codes listed once, in the Nomenclature section.
    vocabulary: str | None = None
    # A specialty next to a profession field must be one of its own (a structure's: any).
    of_profession: bool = False


def render() -> str:
    """The whole reference, as Markdown."""
    parts = [INTRO]
    for kind in schemas.KINDS:
        parts.append(_render_kind(kind))
    parts.append(_render_common())
    parts.append(_render_nomenclature())
    return "\n".join(parts).rstrip("\n") + "\n"


def write(project: Path) -> Path:
    target = project / OUTPUT
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(), "utf-8")
    return target


def is_up_to_date(project: Path) -> bool:
    target = project / OUTPUT
    return target.is_file() and target.read_text("utf-8") == render()


# --- reading the schemas -------------------------------------------------------------------

def _resolve(node: dict[str, Any], base: str) -> tuple[dict[str, Any], str, str | None, str]:
    """Follow `$ref`s: the merged schema (own keys win over the target's), the file it lives
    in, the name of the shared definition it points at, and that definition's description."""
    merged = dict(node)
    def_name: str | None = None
    def_text = ""
    while "$ref" in merged:
        ref = merged.pop("$ref")
        target, base = schemas.resolve(ref, base)
        if "#/$defs/" in ref:
            def_name = ref.rsplit("/", 1)[1]
            def_text = "" if def_name in SAID_ONCE else target.get("description", def_text)
        merged = {**target, **merged}
    return merged, base, def_name, def_text


def _fields(node: dict[str, Any], base: str) -> list[FieldDoc]:
    required = set(node.get("required", []))
    properties = node.get("properties", {})
    docs = [_field(name, prop, base, name in required) for name, prop in properties.items()]
    for doc in docs:
        doc.of_profession = bool({"profession", "professions"} & set(properties))
    return docs


def _field(name: str, node: dict[str, Any], base: str, required: bool) -> FieldDoc:
    schema, base, def_name, def_text = _resolve(node, base)
    doc = FieldDoc(name, required, text=schema.get("description", ""))
    if def_text and def_text != doc.text:
        doc.format = def_text
    examples = schema.get("examples") or []
    doc.example = examples[0] if examples else None
    if def_name in COMMON_SECTIONS:
        doc.common = def_name
        return doc
    items: dict[str, Any] = {}
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        # A list is described by what one of its items is, not by the shared list's text.
        items, base, _, item_text = _resolve(schema["items"], base)
        item_text = schema["items"].get("description") or item_text
        doc.format = item_text if item_text != doc.text else ""
        if doc.example is None and items.get("examples"):
            doc.example = items["examples"][:1]
    if "enum" in schema or "enum" in items:
        codes = schema.get("enum") or items["enum"]
        professions = nomenclature().professions
        if all(code in professions for code in codes):
            doc.vocabulary = "profession"
        elif all(nomenclature().profession_of_specialty(code) for code in codes):
            doc.vocabulary = "specialite"
        else:
            doc.values = _labelled(codes)
    inner = items or schema
    if "if" in inner and "then" in inner and "else" in inner:
        for branch in (inner["then"], inner["else"]):
            resolved, branch_base, _, _ = _resolve(branch, base)
            doc.variants.append((resolved.get("title", ""), _fields(resolved, branch_base)))
    elif "properties" in inner:
        doc.children = _fields(inner, base)
    doc.format = doc.format or _type_hint(schema, items)
    return doc


def _type_hint(schema: dict[str, Any], items: dict[str, Any]) -> str:
    kind = schema.get("type")
    if kind == "boolean":
        return "`true` (oui) ou `false` (non)."
    if kind == "integer":
        return "Un nombre entier."
    if kind == "number":
        return "Un nombre, avec un point décimal."
    if kind == "array" and not items.get("enum") and "properties" not in items:
        return "Une liste."
    return ""


def _labelled(codes: list[str]) -> list[tuple[str, str]]:
    """Allowed codes with their French label when the nomenclature has one."""
    v = nomenclature()
    vocabularies: list[dict[str, str]] = [
        {c: s.label for c, s in v.structure_types.items()},
        v.opportunity_types, v.new_patients, v.sectors, v.languages, v.days,
    ]
    for vocabulary in vocabularies:
        if all(code in vocabulary for code in codes):
            return [(code, vocabulary[code]) for code in _ordered(codes, vocabulary)]
    return [(code, "") for code in codes]


def _ordered(codes: list[str], vocabulary: dict[str, str]) -> list[str]:
    """Codes in the order of the nomenclature (the order people expect), not alphabetical."""
    wanted = set(codes)
    return [code for code in vocabulary if code in wanted]


# --- writing Markdown ----------------------------------------------------------------------

def _md(text: str) -> str:
    """Schema text in Markdown: no HTML tags, no table breaks."""
    for char, escaped in (("<", "&lt;"), (">", "&gt;"), ("|", "\\|"), ("`", "\\`")):
        text = text.replace(char, escaped)
    return text


def _where(kind: str) -> str:
    if kind == "territoire":
        return f"`directory/{TERRITORY_FILE}`"
    return f"`directory/{FOLDERS[kind]}/`"


def _render_kind(kind: str) -> str:
    schema = schemas.load_schema(kind)
    lines = [f"## {schema['title']} ({_where(kind)})", "", _md(schema.get("description", "")), ""]
    for keyword, how in (("oneOf", "exactement un"), ("anyOf", "au moins un")):
        alternatives = [branch.get("required", []) for branch in schema.get(keyword, [])]
        if alternatives and all(len(a) == 1 for a in alternatives):
            names = " ou ".join(f"`{a[0]}`" for a in alternatives)
            lines += [f"Il faut {how} des champs {names}.", ""]
    for doc in _fields(schema, f"{kind}.schema.json"):
        lines += _render_field(doc, 0)
    lines.append("")
    return "\n".join(lines)


def _render_common() -> str:
    common = schemas.load_schema(schemas.SHARED)
    lines = ["## Champs communs à plusieurs fichiers", "",
             "Ces champs s'écrivent de la même façon partout où ils apparaissent.", ""]
    for name in COMMON_SECTIONS:
        definition = common["$defs"][name]
        lines += [f"### `{name}`", "", _md(definition.get("description", "")), ""]
        for doc in _fields(definition, f"{schemas.SHARED}.schema.json"):
            lines += _render_field(doc, 0)
        example = _common_example(name)
        if example:
            lines += ["", "Exemple :", "", "```yaml", *example, "```"]
        lines.append("")
    return "\n".join(lines)


def _common_example(name: str) -> list[str]:
    if name == "horaires":
        return ["horaires:", '  lundi: "08:30-12:00, 14:00-19:00"', '  mardi: "08:30-12:00"',
                "  remarque: Sur rendez-vous le samedi"]
    if name == "coordonnees":
        return ["coordonnees: {lat: 48.8566, lon: 2.3522}"]
    return []


def _render_field(doc: FieldDoc, depth: int) -> list[str]:
    pad = "  " * depth
    head = f"{pad}- **`{doc.name}`**" + (" (obligatoire)" if doc.required else "")
    sentences = [s for s in (_md(doc.text), _md(doc.format)) if s]
    if doc.common:
        sentences.append(f"Voir [`{doc.common}`](#{doc.common}).")
    if doc.vocabulary == "profession":
        sentences.append("Un code de profession de la [nomenclature](#nomenclature).")
    elif doc.vocabulary == "specialite":
        sentences.append("Un code de spécialité de la [nomenclature](#nomenclature)"
                         + (", parmi celles de la profession." if doc.of_profession else "."))
    if doc.example is not None and not doc.values:
        sentences.append(f"Exemple : `{doc.name}: {flow(doc.example)}`")
    lines = [head + (" : " + " ".join(sentences) if sentences else "")]
    if doc.values:
        shown = [f"`{code}` : {_md(label)}" if label else f"`{code}`" for code, label in doc.values]
        if len(shown) <= 3:
            lines.append(f"{pad}  Valeurs possibles : " + " ; ".join(shown) + ".")
        else:
            lines.append(f"{pad}  Valeurs possibles :")
            lines += [f"{pad}  - {item}" for item in shown]
    for title, children in doc.variants:
        lines.append(f"{pad}  - {_md(title)} :")
        for child in children:
            lines += _render_field(child, depth + 2)
    for child in doc.children:
        lines += _render_field(child, depth + 1)
    return lines


def _render_nomenclature() -> str:
    """Every profession and its specialties, with the labels the site shows."""
    lines = ["## Nomenclature", "",
             "Les codes des professions (champ `profession`) et, en dessous de chacune, les codes "
             "de ses spécialités (champ `specialites`), avec le libellé affiché sur le site.", ""]
    for code, profession in nomenclature().professions.items():
        feminine = f" (au féminin : {profession.feminine})" if profession.feminine else ""
        lines.append(f"- `{code}` : {_md(profession.label)}{feminine}")
        for specialty, label in profession.specialties.items():
            lines.append(f"  - `{specialty}` : {_md(label)}")
    return "\n".join(lines) + "\n"
