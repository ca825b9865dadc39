"""The JSON Schemas of the directory: one source of truth for the CLI, the build and CI."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

KINDS = ("professionnel", "structure", "opportunite", "territoire",
         "aide", "zonage", "diagnostic", "densite",
         "campagne", "alerte")
SHARED = "commun"


def schema_text(name: str) -> str:
    return resources.files("cpts").joinpath(f"schemas/{name}.schema.json").read_text("utf-8")


@cache
def load_schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_text(name))
    return schema


@cache
def registry() -> Registry:
    """Schemas refer to each other by file name, as editors and check-jsonschema do."""
    resources_ = [
        (f"{name}.schema.json", Resource.from_contents(load_schema(name)))
        for name in (*KINDS, SHARED)
    ]
    return Registry().with_resources(resources_)


@cache
def validator(kind: str) -> Draft202012Validator:
    # The shared definitions are copied in place of their $ref: jsonschema would otherwise
    # look each reference up again for every value (a third of the validation time).
    # Error paths are unchanged (a $ref step does not appear in them).
    return Draft202012Validator(
        _inline_refs(load_schema(kind), f"{kind}.schema.json"),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def _inline_refs(node: Any, base: str) -> Any:
    if isinstance(node, dict):
        if "$ref" in node:
            target, target_base = resolve(node["$ref"], base)
            siblings = {k: _inline_refs(v, base) for k, v in node.items() if k != "$ref"}
            return {**_inline_refs(target, target_base), **siblings}
        return {k: _inline_refs(v, base) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline_refs(v, base) for v in node]
    return node


def resolve(ref: str, base: str) -> tuple[dict[str, Any], str]:
    """The subschema a `$ref` written in file `base` points at, and the file it lives in."""
    target = base + ref if ref.startswith("#") else ref
    contents: dict[str, Any] = registry().resolver().lookup(target).contents
    return contents, target.split("#", 1)[0]


def subschema_along(kind: str, schema_path: list[str | int]) -> list[dict[str, Any]]:
    """Every schema met when walking `schema_path` from the root of `kind`, refs followed."""
    base = f"{kind}.schema.json"
    node: Any = load_schema(kind)
    met: list[dict[str, Any]] = [node]
    for step in schema_path:
        if isinstance(node, dict) and "$ref" in node and step not in node:
            node, base = resolve(node["$ref"], base)
            met.append(node)
        if isinstance(node, dict | list):
            try:
                node = node[step]  # type: ignore[index]
            except (KeyError, IndexError, TypeError):
                break
        else:
            break
        if isinstance(node, dict):
            met.append(node)
    while isinstance(node, dict) and "$ref" in node:
        node, base = resolve(node["$ref"], base)
        met.append(node)
    return met


def property_names(kind: str, schema_path: list[str | int]) -> list[str]:
    """The keys allowed in the object whose schema sits at `schema_path`."""
    met = subschema_along(kind, schema_path)
    for schema in reversed(met):
        if "properties" in schema:
            return list(schema["properties"])
    return []
