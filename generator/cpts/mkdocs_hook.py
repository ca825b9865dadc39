"""The thin MkDocs hook: `mkdocs build` and `mkdocs serve` run the generation stage first.

Declared in mkdocs.yml under `hooks:`. It only calls cpts.pages.stage.generate and points
MkDocs at the generated tree; everything else is engine-independent (`cpts build` does the
same without this file, and Zensical renders the same tree).
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from cpts.engine import DOCS_DIR
from cpts.pages.stage import GenerationFailed, generate
from cpts.problems import warnings
from cpts.search_index import IndexingFailed, build_search_index

log = logging.getLogger("mkdocs.hooks.cpts")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    project = Path(config.config_file_path).parent.resolve()
    try:
        result = generate(project, project / DOCS_DIR)
    except GenerationFailed as failure:
        raise PluginError(failure.report) from failure
    for problem in warnings(result.problems):
        # Stale entries are the coordinators' to-do list, not a reason to fail a --strict build.
        log.info(problem.format_text())
    config.docs_dir = str(result.out)
    for name in ("directory", "content"):
        path = str(project / name)
        if path not in config.watch:
            config.watch.append(path)
    return config


def on_post_build(config: MkDocsConfig) -> None:
    try:
        build_search_index(Path(config.site_dir))
    except IndexingFailed as exc:
        raise PluginError(str(exc)) from exc
