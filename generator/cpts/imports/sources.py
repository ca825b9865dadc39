"""Open an extract as given: a plain file, or the published zip (its members found by name);
or download it first from the configured address."""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
_DATE = re.compile(r"(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])")


class SourceError(Exception):
    """A file or an address that cannot be used; the message says what to do."""


@contextlib.contextmanager
def open_extract(path: Path, member: str) -> Iterator[tuple[BinaryIO, str]]:
    """(binary stream, display name) of `path`, or of the zip member whose name has `member`."""
    if not path.is_file():
        raise SourceError(f"{path} : fichier introuvable — donnez le chemin du fichier téléchargé")
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if member.lower() in n.lower()]
            if not names:
                raise SourceError(f"{path} : l'archive ne contient pas de fichier « {member} » "
                                  f"(elle contient : {', '.join(archive.namelist()[:5])})")
            with archive.open(names[0]) as stream:
                yield stream, f"{path.name}/{names[0]}"  # type: ignore[misc]
        return
    with path.open("rb") as stream:
        yield stream, path.name


def has_member(path: Path, member: str) -> bool:
    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as archive:
        return any(member.lower() in n.lower() for n in archive.namelist())


def date_in_name(name: str) -> str | None:
    """`PS_LibreAcces_Personne_activite_202611300915.txt` -> `2026-11-30`."""
    found = _DATE.search(name)
    return f"{found[1]}-{found[2]}-{found[3]}" if found else None


def check_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in _LOCAL_HOSTS):
        return url
    raise SourceError(f"« {url} » : l'adresse de téléchargement doit commencer par https://")


def download(url: str, folder: Path) -> Path:
    """Stream `url` to a file of `folder` (never whole in memory); its name keeps the date."""
    check_url(url)
    try:
        with urllib.request.urlopen(url, timeout=120) as answer:  # scheme checked above
            name = _file_name(answer.headers.get("Content-Disposition", ""), url)
            target = folder / name
            with target.open("wb") as out:
                shutil.copyfileobj(answer, out, 1 << 20)
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SourceError(f"téléchargement de {url} impossible ({reason}) — réessayez plus tard, "
                          "ou téléchargez le fichier et donnez son chemin") from None
    return target


def _file_name(disposition: str, url: str) -> str:
    found = re.search(r'filename="?([^";]+)"?', disposition)
    name = found[1] if found else Path(urllib.parse.urlsplit(url).path).name
    name = re.sub(r"[^A-Za-z0-9._-]", "_", name) or "extraction"
    return name


def temporary_folder() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="cpts-import-")
