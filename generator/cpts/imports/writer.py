"""Write entries: new files commented like `cpts new` writes them; existing files edited in
place with ruamel.yaml, so a member's comments, order and quoting survive an update."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..directory.yamltext import flow, scalar
from ..members.scaffold import _lines as entry_lines
from ..nomenclature import nomenclature
from .entries import Imported
from .merge import without_site
from .yamlvalues import node

RECORD_KEY = "registre"
RECORD_COMMENT = (
    "Ce que le registre national disait à la dernière importation (« cpts import ») : un champ\n"
    "encore égal à ces valeurs est mis à jour par l'importation suivante ; un champ que vous\n"
    "avez modifié ne l'est plus. Ne modifiez pas ce bloc.")


def round_trip() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load(path: Path) -> CommentedMap:
    data = round_trip().load(path.read_text("utf-8"))
    return data if isinstance(data, CommentedMap) else CommentedMap()


def dump(data: CommentedMap) -> str:
    _style(data)
    out = io.StringIO()
    round_trip().dump(data, out)
    return out.getvalue()


def record(source: str, extracted_on: dt.date, values: dict[str, Any]) -> CommentedMap:
    block = CommentedMap()
    block["source"] = node(source)
    block["extrait_le"] = node(extracted_on.isoformat())
    valeurs = CommentedMap()
    for key, value in values.items():
        if key == "lieux":
            valeurs[key] = CommentedSeq(node(place, flow=True) for place in value)
        else:
            valeurs[key] = node(value, flow=True)
    block["valeurs"] = valeurs
    return block


def set_record(data: CommentedMap, block: CommentedMap) -> None:
    if RECORD_KEY in data:
        data[RECORD_KEY] = block
        return
    data[RECORD_KEY] = block
    data.yaml_set_comment_before_after_key(RECORD_KEY, before=RECORD_COMMENT)


def _style(value: Any, key: str | None = None, in_record: bool = False) -> Any:
    """Flow style where the demo files use it: positions, languages, the record's places."""
    if isinstance(value, dict | MutableMapping):
        mapping = value if isinstance(value, CommentedMap) else CommentedMap(value)
        for k in list(mapping):
            mapping[k] = _style(mapping[k], str(k), in_record or k == RECORD_KEY)
        if key == "coordonnees" or (in_record and key == "lieux_item"):
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        items = [_style(v, "lieux_item" if key == "lieux" else None, in_record) for v in value]
        sequence = value if isinstance(value, CommentedSeq) else CommentedSeq()
        sequence[:] = items
        if key in ("langues", "mainteneurs") or (in_record and key == "specialites"):
            sequence.fa.set_flow_style()
        return sequence
    return value


def new_file(imported: Imported, source: str, extracted_on: dt.date, unpublished: bool) -> str:
    """The text of a new entry: the registry's fields, each with its comment, then the record."""
    data = dict(imported.values)
    if imported.kind == "professionnel":
        data = _professional_order(data, imported)
        data["lieux"] = [without_site(p) for p in data["lieux"]]
        what = nomenclature().professions[data["profession"]].label_for(data["civilite"]).lower()
        title = f"# Fiche de {data['civilite']} {data['prenom']} {data['nom']} — {what}"
    else:
        data = {"type": data["type"], "nom": data["nom"], "finess": imported.identifier[1],
                **{k: v for k, v in data.items() if k not in ("type", "nom")}}
        title = f"# Fiche de la structure « {data['nom']} »"
    data["verifie_le"] = extracted_on.isoformat()
    lines = [
        title,
        f"# Importée par « cpts import » depuis {source} (extraction du {extracted_on:%d/%m/%Y}).",
        "# Complétez-la : horaires, prise de rendez-vous, langues, accueil de nouveaux patients…",
        "# (le registre ne les donne pas). Tous les champs possibles : docs/champs.md",
    ]
    if imported.approximate:
        lines.append("# Position : le centre de la commune (le registre n'en donne pas) — "
                     "remplacez-la par celle du lieu.")
    if unpublished:
        lines += [
            "# Cette fiche n'est pas encore sur le site : après l'avoir vérifiée, remplacez",
            "# « publie: false » par « publie: true » et mettez à jour « verifie_le ».",
            "publie: false",
        ]
    lines += entry_lines(imported.kind, data, [], "")
    lines += ["", *(f"# {line}" for line in RECORD_COMMENT.splitlines()), f"{RECORD_KEY}:",
              f"  source: {scalar(source)}", f"  extrait_le: {scalar(extracted_on.isoformat())}",
              "  valeurs:"]
    for key, value in imported.values.items():
        if key == "lieux":
            lines.append("    lieux:")
            lines += [f"      - {flow(place)}" for place in value]
        else:
            lines.append(f"    {key}: {flow(value)}")
    return "\n".join(lines) + "\n"


def _professional_order(data: dict[str, Any], imported: Imported) -> dict[str, Any]:
    id_name, number = imported.identifier
    ordered = {k: data[k] for k in ("civilite", "nom", "prenom")}
    ordered[id_name] = number
    ordered.update({k: v for k, v in data.items() if k not in ordered})
    return ordered
