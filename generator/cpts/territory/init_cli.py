"""The `cpts init` subcommand."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .init import InitFailed, init_site


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("init", help="créer le dépôt du site d'une CPTS à partir de codes INSEE")
    p.add_argument("dossier", type=Path, help="le dossier à créer (vide ou absent)")
    p.add_argument("--nom", required=True, help="le nom de la CPTS, par exemple « CPTS du … »")
    p.add_argument("--communes", default="", help="codes INSEE séparés par des virgules")
    p.add_argument("--epci", default="", help="SIREN d'EPCI séparés par des virgules")
    p.add_argument("--contours", type=Path, default=None,
                   help="un GeoJSON des communes (par exemple un export IGN Admin Express)")
    p.add_argument("--hors-ligne", action="store_true", help="ne pas interroger geo.api.gouv.fr")
    p.set_defaults(command=_init)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _init(args: argparse.Namespace) -> int:
    try:
        result = init_site(args.dossier, args.nom, _split(args.communes), _split(args.epci),
                           args.contours, args.hors_ligne)
    except InitFailed as failure:
        print(f"cpts init : {failure}", file=sys.stderr)
        return 1
    print(f"Site de la {args.nom} créé dans {args.dossier} : {len(result.communes)} communes, "
          f"contours pris dans {result.boundaries_source}.")
    print(f"Ensuite : cd {args.dossier}, puis suivez les deux commandes du README.md.")
    return 0
