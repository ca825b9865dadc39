"""`cpts check`: every check a CPTS's repository runs on a pull request, on any territory —
the directory, a strict build, the links and the accessibility rules of the built pages."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from urllib.parse import urlsplit

from ..directory.problems import Problem, errors, render_report
from ..directory.validate import validate_directory


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("check", parents=[common],
                       help="tout vérifier : annuaire, construction stricte, liens, accessibilité")
    p.add_argument("--site-dir", type=Path, default=None, help="par défaut site/")
    p.set_defaults(command=run)


def run(args: argparse.Namespace) -> int:
    from ..pages.config import site_url
    from ..rendering.engine import BuildFailed, build_site
    from .accessibility import accessibility_problems
    from .links import link_problems
    from .pages import read_pages

    project: Path = args.project
    today: dt.date | None = args.date
    _, problems = validate_directory(project / "directory", today or dt.date.today())
    if errors(problems):
        _step("1/3 Annuaire", problems)
        return 1
    # Its warnings (entries to re-check, passages to write) are listed once, by the build.
    print(f"1/3 Annuaire : aucune erreur ({len(problems)} avertissement(s), ci-dessous).")
    try:
        site = build_site(project, site_dir=args.site_dir, strict=True, today=today)
    except BuildFailed as failure:
        print(f"2/3 Construction du site : échec.\n{failure.report}", file=sys.stderr)
        return 1
    print(f"2/3 Construction du site : réussie ({site}).")
    pages = list(read_pages(site))
    base = urlsplit(site_url(project)).path or "/"
    found = link_problems(site, pages, base) + accessibility_problems(pages)
    _step(f"3/3 Liens et accessibilité de {len(pages)} pages", found)
    return 1 if errors(found) else 0


def _step(title: str, problems: list[Problem]) -> None:
    if not problems:
        print(f"{title} : aucun problème.")
        return
    print(f"{title} :\n{render_report(problems, 'text')}")
