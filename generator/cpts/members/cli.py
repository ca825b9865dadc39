"""The `cpts` commands of the contribution workflow: new, fields, codeowners, stale.

Registered by cli.py (`add_commands`); kept apart so that the core commands stay short.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("new", parents=[common],
                       help="créer une fiche en répondant à des questions")
    p.add_argument("kind", choices=("professionnel", "structure"), help="le type de fiche")
    p.add_argument("--directory", type=Path, default=None,
                   help="le dossier de l'annuaire, par défaut directory/ du projet")
    p.set_defaults(command=_new)

    p = sub.add_parser("fields", parents=[common],
                       help="écrire la référence des champs (docs/champs.md) depuis les schémas")
    p.add_argument("--check", action="store_true",
                   help="ne rien écrire, échouer si le fichier n'est pas à jour")
    p.set_defaults(command=_fields)

    p = sub.add_parser("codeowners", parents=[common],
                       help="écrire .github/CODEOWNERS depuis les mainteneurs des fiches")
    p.add_argument("--check", action="store_true",
                   help="ne rien écrire, échouer si le fichier n'est pas à jour")
    p.set_defaults(command=_codeowners)

    p = sub.add_parser("stale", parents=[common],
                       help="lister les fiches non vérifiées depuis plus de 12 mois")
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text",
                   help="markdown : le texte du ticket mensuel")
    p.add_argument("--directory", type=Path, default=None,
                   help="le dossier de l'annuaire, par défaut directory/ du projet")
    p.set_defaults(command=_stale)


def _new(args: argparse.Namespace) -> int:
    from .scaffold import Prompter, run

    directory = args.directory or args.project / "directory"
    code, _ = run(args.kind, directory, args.date or dt.date.today(), Prompter.standard())
    return code


def _fields(args: argparse.Namespace) -> int:
    from . import fields

    if args.check:
        if fields.is_up_to_date(args.project):
            print(f"{fields.OUTPUT.as_posix()} est à jour.")
            return 0
        print(f"{fields.OUTPUT.as_posix()} n'est plus à jour avec les schémas : lancez "
              "« cpts fields » et ajoutez le fichier à vos modifications.", file=sys.stderr)
        return 1
    target = fields.write(args.project)
    print(f"Référence des champs écrite dans {target.relative_to(args.project).as_posix()}.")
    return 0


def _codeowners(args: argparse.Namespace) -> int:
    from . import codeowners

    if args.check:
        diff = codeowners.difference(args.project)
        if not diff:
            print(f"{codeowners.OUTPUT.as_posix()} est à jour.")
            return 0
        print(f"{codeowners.OUTPUT.as_posix()} n'est plus à jour avec les « mainteneurs » des "
              "fiches : lancez « cpts codeowners » et ajoutez le fichier à vos modifications "
              "(un coordinateur peut le faire pour vous). Différence :\n" + diff, file=sys.stderr)
        return 1
    target = codeowners.write(args.project)
    print(f"Fichier écrit : {target.relative_to(args.project).as_posix()}.")
    return 0


def _stale(args: argparse.Namespace) -> int:
    from . import stale

    directory = args.directory or args.project / "directory"
    today = args.date or dt.date.today()
    repository, branch = stale.repository_of(directory)
    entries = stale.stale_entries(directory, today)
    print(stale.render(entries, today, args.format, repository, branch), end="" if
          args.format == "markdown" else "\n")
    return 0
