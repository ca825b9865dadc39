"""The site's settings in mkdocs.yml, read as plain YAML: the generation stage never imports
MkDocs (Zensical reads the same file)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class _PlainLoader(yaml.SafeLoader):
    """mkdocs.yml may hold !!python/name or !ENV tags: read them as empty values."""


_PlainLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def mkdocs_config(project: Path) -> dict[str, Any]:
    """The whole of mkdocs.yml, or {} when it is missing or broken (MkDocs reports that)."""
    path = project / "mkdocs.yml"
    if not path.is_file():
        return {}
    try:
        config = yaml.load(path.read_text("utf-8"), Loader=_PlainLoader)
    except yaml.YAMLError:
        return {}
    return config if isinstance(config, dict) else {}


def cpts_settings(project: Path) -> dict[str, Any]:
    """The `extra.cpts` section of mkdocs.yml: this project's own settings."""
    extra = mkdocs_config(project).get("extra") or {}
    cpts = extra.get("cpts") if isinstance(extra, dict) else None
    return cpts if isinstance(cpts, dict) else {}


def site_url(project: Path) -> str:
    """`site_url`, ending with « / », or "" when not configured."""
    url = str(mkdocs_config(project).get("site_url") or "")
    return url if not url or url.endswith("/") else url + "/"
