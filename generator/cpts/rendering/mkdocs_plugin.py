"""The `cpts` MkDocs plugin: `mkdocs build` and `mkdocs serve` run the generation stage first.

A CPTS's mkdocs.yml lists it (`plugins: [cpts]`); it is found through the package's entry point,
so no path of the site points into the generator. It adds the product's theme overrides (the
package's `theme/` folder) behind the site's own `custom_dir`, runs cpts.pages.stage.generate,
points MkDocs at the generated tree and indexes the rendered site. Everything else is
engine-independent: `cpts build` does the same, and Zensical renders the same tree.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..directory.problems import warnings
from ..pages.output import GenerationFailed, mark_folder
from ..pages.render import MemoryBytecodeCache
from ..pages.stage import generate
from .html_pages import drop_body, is_html_page, load_body, render_html
from .layout import DOCS_DIR, SITE_MARKER, WATCHED_FOLDERS, theme_folder
from .search_index import IndexingFailed, build_search_index
from .shared_fragments import SharedFragments
from .whitespace import collapse_whitespace

log = get_plugin_logger(__name__)


# MkDocs' templates (its environment's settings differ from the generated pages' ones).
COMPILED_TEMPLATES = MemoryBytecodeCache()


class CptsPlugin(BasePlugin):
    def __init__(self) -> None:
        # Set by `cpts build`, which has already generated the tree and indexes the site itself.
        self.generated = False
        self.shared = SharedFragments()
        self._tree: Path | None = None  # the generated docs tree, once generated

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Behind the site's own overrides (custom_dir, first), before Material's templates.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(theme_folder()))
        if self.generated:
            return config
        project = Path(config.config_file_path).parent.resolve()
        try:
            result = generate(project, project / DOCS_DIR)
        except GenerationFailed as failure:
            raise PluginError(failure.report) from failure
        for problem in warnings(result.problems):
            # Stale entries are the coordinators' to-do list, not a reason to fail a --strict build.
            log.info(problem.format_text())
        config.docs_dir = str(result.out)
        self._tree = result.out.resolve()
        for name in WATCHED_FOLDERS:
            path = str(project / name)
            if path not in config.watch and (project / name).exists():
                config.watch.append(path)
        return config

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig,
               files: Files) -> jinja2.Environment:
        self.shared.clear()  # a new build (mkdocs serve): the nav may have changed
        env.globals["cpts_shared"] = self.shared
        # Each build makes a new environment: templates are compiled once per process (`cpts
        # serve`, `mkdocs serve`), and again only when their source changes.
        env.bytecode_cache = COMPILED_TEMPLATES
        return env

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        # A generated page is already HTML: it goes to the theme without Python-Markdown.
        if is_html_page(page):
            page.render = functools.partial(render_html, page)  # type: ignore[method-assign]
        return markdown

    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig,
                        nav: Any) -> Any:
        load_body(page)  # a generated page's body, read just before its template
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        drop_body(page)  # written: its body need not stay in memory
        return collapse_whitespace(output)

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        # `mkdocs serve` watches the docs folder, which is our generated tree: each rebuild would
        # see the generation's own writes and start another. The sources are watched instead
        # (directory/, content/, theme/: added to `watch` above).
        if not self.generated and Path(config.docs_dir).resolve() == self._tree:
            server.unwatch(config.docs_dir)
        return server

    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.generated:
            return
        try:
            build_search_index(Path(config.site_dir))
        except IndexingFailed as exc:
            raise PluginError(str(exc)) from exc
        mark_folder(Path(config.site_dir), SITE_MARKER)  # so that `cpts build` may replace it
