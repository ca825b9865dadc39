"""What the generation stage produces: files of the docs tree, in memory until written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..directory.problems import Problem, render_report
from ..model import Directory


@dataclass(frozen=True)
class OutputFile:
    """One file of the docs tree: its path relative to the tree, and its content."""

    path: str
    content: str | bytes


@dataclass(frozen=True)
class SiteContext:
    project: Path
    today: dt.date
    # The public address of the site (mkdocs.yml `site_url`), ending with « / », for absolute
    # links (JSON-LD, feeds); empty when not configured.
    site_url: str = ""

    def absolute(self, url_path: str) -> str:
        return self.site_url + url_path if self.site_url else "/" + url_path


Producer = Callable[[Directory, SiteContext], Iterable[OutputFile]]


class GenerationFailed(Exception):
    """The directory has errors: nothing was written. `report` is what the member reads."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        self.report = render_report(problems) + "\nLe site n'a pas été construit : corrigez " \
            "les erreurs ci-dessus (aucun fichier n'a été modifié)."
        super().__init__(self.report)
