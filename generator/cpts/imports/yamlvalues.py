"""Values written into a member's file quoted the way `cpts new` quotes them (« "75056" »)."""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString

from ..directory.yamltext import scalar


def node(value: Any, flow: bool = False) -> Any:
    """`value` as a ruamel node: strings double-quoted when plain would be ambiguous."""
    if isinstance(value, ScalarString):
        return value
    if isinstance(value, str):
        return DoubleQuotedScalarString(value) if scalar(value).startswith('"') else value
    if isinstance(value, dict):
        mapping = CommentedMap((k, node(v, flow=True)) for k, v in value.items())
        if flow:
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        sequence = CommentedSeq(node(v, flow=True) for v in value)
        if flow:
            sequence.fa.set_flow_style()
        return sequence
    return value
