"""Render the docs tree into a site with an engine: mkdocs-material (default) or Zensical.

The site is built in a temporary folder and moved into place only when complete, so a
failed build never leaves a half-built site.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from ..directory.problems import warnings
from ..pages.output import foreign_folder, mark_folder
from ..pages.stage import GenerationFailed, generate
from .layout import DOCS_DIR, SITE_MARKER, theme_folder
from .search_index import IndexingFailed, build_search_index


class BuildFailed(Exception):
    def __init__(self, report: str):
        self.report = report
        super().__init__(report)


def build_site(
    project: Path,
    engine: str = "mkdocs",
    site_dir: Path | None = None,
    strict: bool = False,
    today: dt.date | None = None,
) -> Path:
    """Validate, generate and render; return the finished site folder."""
    project = project.resolve()
    site = (site_dir or project / "site").resolve()
    if (foreign := foreign_folder(site, SITE_MARKER)) is not None:
        raise BuildFailed(GenerationFailed([foreign]).report)
    try:
        result = generate(project, project / DOCS_DIR, today=today)
    except GenerationFailed as failure:
        raise BuildFailed(failure.report) from failure
    for problem in warnings(result.problems):  # stale entries, aid amounts to re-check…
        print(problem.format_text(), file=sys.stderr)
    site.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=site.parent))
    try:
        if engine == "zensical":
            _render_zensical(project, result.out, staging)
        else:
            _render_mkdocs(project, result.out, staging, strict)
        _post_process(project, staging)
        mark_folder(staging, SITE_MARKER)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, site)
    return site


def _post_process(project: Path, site: Path) -> None:
    """Steps that run on the rendered site, whatever the engine: the search index."""
    try:
        build_search_index(site)
    except IndexingFailed as exc:
        raise BuildFailed(str(exc)) from exc


def _render_mkdocs(project: Path, docs: Path, site: Path, strict: bool) -> None:
    render_with_mkdocs(load_mkdocs_config(project, docs, site, strict))


def load_mkdocs_config(project: Path, docs: Path, site: Path, strict: bool) -> Any:
    """mkdocs.yml, rendering `docs` into `site`, with the cpts plugin told that the generation
    stage has already run."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner about MkDocs 2.0
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    _log_to_stderr()
    try:
        config = load_config(
            config_file=str(project / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(site),
            strict=strict,
        )
    except (Abort, ConfigurationError) as exc:
        raise BuildFailed(f"La construction du site a échoué : {exc}") from exc
    plugin = config.plugins.get("cpts")
    if plugin is None:
        raise BuildFailed("mkdocs.yml : ajoutez le module du site, sous « plugins: », la ligne "
                          "« - cpts » (il apporte les gabarits et styles du site).")
    plugin.generated = True  # the generation already ran: the plugin only adds the theme
    return config


def render_with_mkdocs(config: Any, dirty: bool = False) -> None:
    """Render with MkDocs; `dirty`: only the pages whose docs file is newer than their output
    (`cpts serve`, after the generation stage has rewritten the files that changed)."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    try:
        build(config, dirty=dirty)
    except (Abort, ConfigurationError, PluginError) as exc:
        raise BuildFailed(f"La construction du site a échoué : {exc}") from exc


@functools.cache
def _log_to_stderr() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s - %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)


def zensical_config(project: Path, docs: Path, site: Path) -> dict[str, Any]:
    """mkdocs.yml as Zensical needs it: folders relative to the project, the product's theme
    as its custom folder (merged with the site's own overrides), and no MkDocs plugin."""
    config: dict[str, Any] = yaml.safe_load((project / "mkdocs.yml").read_text("utf-8"))
    config.pop("hooks", None)
    config["plugins"] = [p for p in config.get("plugins") or [] if p != "cpts" and "cpts" not in p]
    config.setdefault("theme", {})["custom_dir"] = str(_zensical_theme(project, config["theme"]))
    config["docs_dir"] = os.path.relpath(docs, project)
    config["site_dir"] = os.path.relpath(site, project)
    return config


def _zensical_theme(project: Path, theme: dict[str, Any]) -> Path:
    """Zensical takes one custom folder: the product's theme, or a copy of it under build/ with
    the site's own overrides on top."""
    own = theme.get("custom_dir")
    if not own:
        return theme_folder()
    merged = project / "build" / "theme"
    shutil.rmtree(merged, ignore_errors=True)
    shutil.copytree(theme_folder(), merged)
    shutil.copytree(project / own, merged, dirs_exist_ok=True)
    return merged


def _render_zensical(project: Path, docs: Path, site: Path) -> None:
    exe = shutil.which("zensical", path=str(Path(sys.executable).parent)) or shutil.which("zensical")
    if exe is None:
        raise BuildFailed("Zensical n'est pas installé : lancez « make setup ».")
    # Zensical wants docs and site inside the folder of its configuration file: render inside
    # the project, then move the result where it was asked for.
    inside = site.is_relative_to(project)
    target = site if inside else Path(tempfile.mkdtemp(prefix=".zensical-", dir=project / "build"))
    config_path = project / ".cpts-zensical.yml"
    config_path.write_text(yaml.safe_dump(zensical_config(project, docs, target), allow_unicode=True))
    try:
        proc = subprocess.run([exe, "build", "--config-file", str(config_path)], cwd=project,
                              capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise BuildFailed(f"Zensical a échoué :\n{proc.stdout}\n{proc.stderr}")
        if not inside:
            shutil.copytree(target, site, dirs_exist_ok=True)
    finally:
        if not inside:
            shutil.rmtree(target, ignore_errors=True)


def _swap(staging: Path, site: Path) -> None:
    old = None
    if site.exists():
        old = site.with_name(f".{site.name}-old-{os.getpid()}")
        site.rename(old)
    staging.rename(site)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
