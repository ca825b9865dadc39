"""`cpts contact serve | export | purge`: the receiving service and its queue, for the staff."""

from __future__ import annotations

import argparse
import logging
import re
import sys
import time
from pathlib import Path

from .settings import SettingsError, database_only, git_checkout_of, load
from .store import Store

_DURATION = re.compile(r"(\d+)\s*([jdhmw]|sem)?")
_UNITS = {"j": 86400, "d": 86400, "h": 3600, "m": 60, "w": 7 * 86400, "sem": 7 * 86400}


def add_parser(sub: argparse._SubParsersAction) -> None:
    """The `contact` command group, added to the `cpts` command."""
    group = sub.add_parser("contact", help="le service qui reçoit les messages du formulaire")
    commands = group.add_subparsers(required=True, metavar="action")
    config = argparse.ArgumentParser(add_help=False)
    config.add_argument("--config", type=Path, default=None,
                        help="fichier de réglages TOML (sinon variables CPTS_CONTACT_*)")

    p = commands.add_parser("serve", parents=[config], help="recevoir les messages et les "
                            "transmettre par e-mail à la CPTS")
    p.add_argument("--host", default=None, help="par défaut 127.0.0.1 (derrière un proxy)")
    p.add_argument("--port", type=int, default=None, help="par défaut 8765")
    p.set_defaults(command=_serve)

    database = argparse.ArgumentParser(add_help=False, parents=[config])
    database.add_argument("--database", type=Path, default=None,
                          help="la base des messages (par défaut celle des réglages)")
    p = commands.add_parser("export", parents=[database],
                            help="exporter tous les messages en CSV (séparateur « ; »)")
    p.add_argument("--out", type=Path, default=None, help="fichier CSV (par défaut la sortie)")
    p.set_defaults(command=_export)

    p = commands.add_parser("purge", parents=[database],
                            help="supprimer les messages plus anciens qu'une durée")
    p.add_argument("--older-than", required=True, type=_duration, metavar="DURÉE",
                   help="par exemple 90d (jours), 12w (semaines), 24h (heures)")
    p.set_defaults(command=_purge)


def _duration(text: str) -> float:
    match = _DURATION.fullmatch(text.strip().lower())
    if not match:
        raise argparse.ArgumentTypeError(f"« {text} » : écrivez une durée comme 90d (jours), "
                                         "12w (semaines) ou 24h (heures)")
    return int(match.group(1)) * _UNITS[match.group(2) or "d"]


def _refuse_git(path: Path) -> None:
    checkout = git_checkout_of(path)
    if checkout is not None:
        raise SettingsError(f"{path} est dans le dépôt Git {checkout} : les messages "
                            "n'ont rien à faire dans Git. Choisissez un autre dossier (pour la "
                            "base : CPTS_CONTACT_DATABASE).")


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .app import create_app
    from .delivery import Worker
    from .protocol import FrenchH11Protocol

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    try:
        settings = load(args.config, host=args.host, port=args.port)
        _refuse_git(settings.database)
        worker = Worker(settings)
        worker.open()
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 1
    uvicorn.run(create_app(settings, worker), host=settings.host, port=settings.port,
                proxy_headers=False,  # the app reads X-Forwarded-For itself: proxies.py
                http=FrenchH11Protocol,
                access_log=False, server_header=False, log_level="info")
    return 0


def _open_store(args: argparse.Namespace, readonly: bool = False) -> Store:

    path = database_only(args.config, args.database)
    if not path.exists():
        raise SettingsError(f"Aucune base de messages à {path} (réglez CPTS_CONTACT_DATABASE "
                            "ou --database).")
    _refuse_git(path)
    return Store(path, readonly=readonly)


def _export(args: argparse.Namespace) -> int:
    try:
        store = _open_store(args, readonly=True)
        if args.out:
            _refuse_git(args.out)
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 1
    try:
        if args.out:
            # utf-8-sig: spreadsheets then read the accents right
            with open(args.out, "w", encoding="utf-8-sig", newline="") as out:
                args.out.chmod(0o600)
                count = store.export_csv(out)
            print(f"{count} messages exportés dans {args.out}.", file=sys.stderr)
        else:
            count = store.export_csv(sys.stdout)
    finally:
        store.close()
    return 0


def _purge(args: argparse.Namespace) -> int:
    try:
        store = _open_store(args)
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 1
    try:
        deleted, unsent = store.purge(time.time() - args.older_than)
    finally:
        store.close()
    days = args.older_than / 86400
    print(f"{deleted} messages de plus de {days:g} jours supprimés.")
    if unsent:
        print(f"Attention : {unsent} d'entre eux n'avaient jamais été transmis par e-mail.",
              file=sys.stderr)
    return 0
