"""The `cpts` command: validate the directory, generate the docs tree, build or serve the site."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from . import __version__
from .directory.problems import errors, render_report, warnings
from .directory.validate import only_files, validate_directory


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.command(args) or 0)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug of cpts, not of the member's data: say so, briefly
        print(f"Erreur interne de cpts ({type(exc).__name__} : {exc}). Vos fichiers n'ont pas "
              "été modifiés ; signalez ce problème aux mainteneurs du site.", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cpts", description="Le site web d'une CPTS, à partir de son annuaire.")
    parser.add_argument("--version", action="version", version=f"cpts {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--project", type=Path, default=Path.cwd(),
                        help="le dossier du projet (celui de mkdocs.yml), par défaut le dossier courant")
    common.add_argument("--date", type=date_argument, default=None,
                        help="la date du jour à utiliser (AAAA-MM-JJ), pour les tests")
    sub = parser.add_subparsers(required=True, metavar="commande")

    p = sub.add_parser("validate", parents=[common], help="vérifier l'annuaire (directory/)")
    p.add_argument("paths", nargs="*", type=Path,
                   help="ne signaler que les problèmes de ces fichiers ou dossiers et ceux auxquels "
                        "ils prennent part (seuls ces fichiers et ceux qui s'y rapportent sont lus)")
    p.add_argument("--format", choices=("text", "github", "json"), default="text",
                   help="github : annotations sur la pull request")
    p.add_argument("--strict", action="store_true", help="les avertissements font aussi échouer")
    p.add_argument("--directory", type=Path, default=None,
                   help="le dossier de l'annuaire, par défaut directory/ du projet")
    p.set_defaults(command=_validate)

    p = sub.add_parser("generate", parents=[common], help="produire l'arborescence Markdown du site")
    p.add_argument("--out", type=Path, default=None, help="par défaut build/docs")
    p.set_defaults(command=_generate)

    p = sub.add_parser("build", parents=[common], help="valider, générer et construire le site")
    p.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs")
    p.add_argument("--site-dir", type=Path, default=None, help="par défaut site/")
    p.add_argument("--strict", action="store_true",
                   help="les avertissements du moteur (lien cassé…) font échouer ; ceux de "
                        "l'annuaire (fiche ancienne) restent des avertissements : voir validate --strict")
    p.set_defaults(command=_build)

    p = sub.add_parser("serve", parents=[common],
                       help="construire et servir le site en local, le reconstruire à chaque modification")
    p.add_argument("--port", type=int, default=None,
                   help="par défaut 8000, ou le suivant qui est libre")
    p.add_argument("--host", default="127.0.0.1")
    p.set_defaults(command=_serve)

    from .contact.cli import add_parser as add_contact_parser  # the contact service

    add_contact_parser(sub)

    from .members.cli import add_commands as add_contribution_commands  # new, fields, codeowners…

    add_contribution_commands(sub, common)

    from .checks.cli import add_parser as add_check_parser  # cpts check

    add_check_parser(sub, common)

    from .territory.init_cli import add_parser as add_init_parser  # cpts init

    add_init_parser(sub)

    from .imports.cli import add_parser as add_import_parser  # cpts import annuaire-sante|finess

    add_import_parser(sub, common)
    return parser


def date_argument(text: str) -> dt.date:
    """An argparse type: « 2026-12-02 », else a French message."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"« {text} » : écrivez la date au format AAAA-MM-JJ") from exc


def _validate(args: argparse.Namespace) -> int:
    root = args.directory or _directory_of(args.project)
    # Named files cost themselves and what they relate to, not the whole directory.
    _, problems = validate_directory(root, args.date, only=args.paths or None)
    if args.paths:
        problems = only_files(problems, root, args.paths)
    report = render_report(problems, args.format)
    print(report)
    failed = errors(problems) or (args.strict and warnings(problems))
    return 1 if failed else 0


def _directory_of(project: Path) -> Path:
    """directory/ of the project; run from inside it (cd directory/professionnels), the
    nearest enclosing project's."""
    if not (project / "directory").is_dir() and project.resolve() == Path.cwd().resolve():
        for parent in project.resolve().parents:
            if (parent / "directory").is_dir() and (parent / "mkdocs.yml").is_file():
                return parent / "directory"
    return project / "directory"


def _generate(args: argparse.Namespace) -> int:
    from .pages.stage import GenerationFailed, generate

    out = args.out or args.project / "build" / "docs"
    try:
        result = generate(args.project, out, today=args.date)
    except GenerationFailed as failure:
        print(failure.report, file=sys.stderr)
        return 1
    print(f"{result.pages} pages générées dans {out} ({result.written} écrites, "
          f"{result.removed} supprimées).")
    return 0


def _build(args: argparse.Namespace) -> int:
    from .rendering.engine import BuildFailed, build_site

    try:
        site = build_site(args.project, engine=args.engine, site_dir=args.site_dir,
                          strict=args.strict, today=args.date)
    except BuildFailed as failure:
        print(failure.report, file=sys.stderr)
        return 1
    print(f"Site construit dans {site}.")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .pages.stage import GenerationFailed
    from .rendering.engine import BuildFailed
    from .rendering.preview import PreviewFailed, serve_site

    try:
        serve_site(args.project, host=args.host, port=args.port, today=args.date)
    except (BuildFailed, GenerationFailed, PreviewFailed) as failure:
        print(failure.report, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
