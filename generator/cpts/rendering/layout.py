"""Where a site's things are: the folders of a CPTS's repository, and the product's theme."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

# The generated docs tree, inside the site's repository (git-ignored).
DOCS_DIR = Path("build") / "docs"
# What a CPTS's repository holds and `cpts serve` watches: its directory, its hand-written pages,
# its own theme overrides (optional) and its settings.
WATCHED_FOLDERS = ("directory", "content", "theme")
WATCHED = (*WATCHED_FOLDERS, "mkdocs.yml")
# The file that marks a site folder as built by cpts: only such a folder (or a missing or empty
# one) is ever replaced, so `--site-dir` given a folder of the project deletes nothing.
SITE_MARKER = ".cpts-site"


def theme_folder() -> Path:
    """The product's overrides of Material's templates (main.html, partials), in the package."""
    return Path(str(resources.files("cpts").joinpath("theme")))
