"""Write YAML values by hand, the way the demo files are written (for generated, commented files)."""

from __future__ import annotations

import json
from typing import Any

import yaml

# Words that some YAML readers take for true/false or nothing: always quoted.
_AMBIGUOUS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "oui", "non", "~"}


def scalar(value: Any) -> str:
    """A YAML scalar: « Martin », « "75056" », « true », « 48.8566 »."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if _plain_is_safe(text):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def flow(value: Any) -> str:
    """A value on one line: lists and mappings in flow style (« [fr, en] », « {lat: 1, lon: 2} »)."""
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    return scalar(value)


def _plain_is_safe(text: str) -> bool:
    """Unquoted only when it starts with a letter and reads back as the same text."""
    if not text or not text[0].isalpha() or text.lower() in _AMBIGUOUS or text != text.strip():
        return False
    if any(c in text for c in "[]{},&*!|>%@`\"#") or text.endswith(":") or ": " in text:
        return False
    try:
        return yaml.safe_load(f"k: {text}") == {"k": text}
    except yaml.YAMLError:
        return False
