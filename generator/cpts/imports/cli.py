"""`cpts import annuaire-sante|finess`: fill and keep in step the directory from national open data."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..cli import date_argument
from .report import report, summary_lines
from .run import ImportFailed, import_annuaire, import_finess
from .sources import SourceError, check_url, date_in_name, download, temporary_folder

SETTING = {"annuaire-sante": "annuaire_sante", "finess": "finess"}


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("import", help="remplir l'annuaire depuis l'Annuaire Santé ou FINESS")
    registries = p.add_subparsers(required=True, metavar="registre")
    for name, help_text in (("annuaire-sante", "professionnels : PS_LibreAcces (zip ou "
                                               "Personne_activite.txt)"),
                            ("finess", "établissements : etalab-cs1100507-stock-….csv")):
        q = registries.add_parser(name, parents=[common], help=help_text)
        q.add_argument("fichier", nargs="?", type=Path, default=None,
                       help="le fichier téléchargé ; sans lui, l'adresse de --url ou de "
                            f"« import: {SETTING[name]} » dans territoire.yml est téléchargée")
        if name == "annuaire-sante":
            q.add_argument("--savoir-faire", type=Path, default=None,
                           help="le fichier PS_LibreAcces_SavoirFaire (spécialités)")
        q.add_argument("--url", default=None, help="l'adresse de téléchargement de l'extraction")
        q.add_argument("--extrait-le", type=date_argument, default=None,
                       help="la date de l'extraction (AAAA-MM-JJ), sinon celle du nom du fichier")
        q.add_argument("--rapport", nargs="?", const="-", default=None, metavar="FICHIER",
                       help="écrire le rapport des changements (Markdown) ; sans FICHIER, l'afficher")
        q.add_argument("--directory", type=Path, default=None,
                       help="le dossier de l'annuaire, par défaut directory/ du projet")
        q.set_defaults(command=_run, registry=name)
    q = registries.add_parser(
        "proposer", parents=[common],
        help="importer FINESS puis l'Annuaire Santé et proposer les changements dans UNE pull "
             "request (le workflow mensuel ; demande git et gh)")
    q.set_defaults(command=_propose)


def _propose(args: argparse.Namespace) -> int:
    """The monthly workflow's step: the script shipped beside this module, run from the site's
    folder with this very `cpts` command."""
    import os
    import subprocess
    from importlib import resources

    script = resources.files(__package__).joinpath("monthly-pull-request.sh")
    cpts = Path(sys.executable).with_name("cpts")  # the script beside this interpreter
    with resources.as_file(script) as path:
        return subprocess.run(["bash", str(path)], cwd=args.project, check=False,
                              env={**os.environ, "CPTS": str(cpts)}).returncode


def _run(args: argparse.Namespace) -> int:
    root = args.directory or args.project / "directory"
    with temporary_folder() as folder:
        try:
            extract = args.fichier or download(_url(args, root), Path(folder))
            when = args.extrait_le or _extract_date(extract, args.date)
            if args.registry == "annuaire-sante":
                outcome = import_annuaire(root, extract, args.savoir_faire, when)
            else:
                outcome = import_finess(root, extract, when)
        except (ImportFailed, SourceError) as failure:
            print(f"cpts import : {failure}", file=sys.stderr)
            return 1
    for line in summary_lines(outcome):
        print(line)
    if args.rapport == "-":
        print()
        print(report(outcome), end="")
    elif args.rapport:
        Path(args.rapport).write_text(report(outcome), "utf-8")
        print(f"Rapport écrit dans {args.rapport}.")
    print("Vérifiez ensuite l'annuaire : cpts validate")
    return 0


def _url(args: argparse.Namespace, root: Path) -> str:
    if args.url:
        return check_url(args.url)
    import yaml

    try:
        territory = yaml.safe_load((root / "territoire.yml").read_text("utf-8")) or {}
    except (OSError, yaml.YAMLError):
        territory = {}
    url = (territory.get("import") or {}).get(SETTING[args.registry]) if isinstance(territory, dict) \
        else None
    if not url:
        raise SourceError(f"aucun fichier donné, et pas d'adresse de téléchargement : donnez le "
                          f"fichier, --url, ou « import: {SETTING[args.registry]}: https://… » dans "
                          "territoire.yml")
    return check_url(str(url))


def _extract_date(path: Path, today: dt.date | None) -> dt.date:
    found = date_in_name(path.name)
    if found:
        try:
            return dt.date.fromisoformat(found)
        except ValueError:
            pass
    return today or dt.date.today()
