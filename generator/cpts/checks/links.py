"""Every link of the built site leads somewhere: a page or file that exists, an anchor that
exists on it, or an https, tel or mailto address."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..directory.problems import Problem
from .pages import Page

# sms: the 114, the emergency number for deaf and hard-of-hearing people, takes text messages.
ALLOWED_SCHEMES = ("https", "tel", "mailto", "sms")


def link_problems(site: Path, pages: list[Page], base: str = "/") -> list[Problem]:
    """`base`: the path of the site's address (site_url of mkdocs.yml), « /annuaire/ »; the
    pages that cannot use relative links (404.html) start their links with it."""
    ids = {page.path: page.ids for page in pages}
    problems = []
    for page in pages:
        for line, element, url in page.links:
            message = _problem(site, page.path, _below(url, base), ids)
            if message:
                problems.append(Problem(f"site/{page.path}", line, element, message))
    return problems


def _problem(site: Path, page: str, url: str, ids: dict[str, set[str]]) -> str | None:
    parts = urlsplit(url.strip())
    if parts.scheme or url.startswith("//"):
        if parts.scheme in ALLOWED_SCHEMES:
            return None
        return (f"le lien « {url} » n'est pas une adresse https, tel ou mailto — écrivez "
                "l'adresse complète en https://")
    if not parts.path:  # « #section » on the same page
        return _anchor(page, parts.fragment, ids, url)
    base = Path(page).parent
    target = (Path("/") / parts.path).as_posix() if parts.path.startswith("/") else \
        (Path("/") / base / unquote(parts.path)).as_posix()
    resolved = Path(*[p for p in _normalise(target) if p]) if target != "/" else Path()
    file = site / resolved
    if file.is_dir() or parts.path.endswith("/"):
        file = file / "index.html"
    if not file.is_file():
        return (f"le lien « {url} » ne mène à aucune page du site — corrigez l'adresse ou "
                "supprimez le lien")
    return _anchor(file.relative_to(site).as_posix(), parts.fragment, ids, url)


def _below(url: str, base: str) -> str:
    """« /annuaire/carte/ » -> « /carte/ » when the site lives at /annuaire/."""
    base = "/" + base.strip("/") + "/" if base.strip("/") else "/"
    if base != "/" and url.startswith(base):
        return "/" + url[len(base):]
    return url


def _normalise(path: str) -> list[str]:
    out: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if out:
                out.pop()
        elif part not in ("", "."):
            out.append(part)
    return out


def _anchor(page: str, fragment: str, ids: dict[str, set[str]], url: str) -> str | None:
    if not fragment or page not in ids or unquote(fragment) in ids[page]:
        return None
    return (f"le lien « {url} » vise l'ancre « #{fragment} », qui n'existe pas sur la page — "
            "corrigez l'ancre ou le titre visé")
