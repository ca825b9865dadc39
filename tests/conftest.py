"""Shared fixtures: the project root, a fixed « today », and copies of the example directories."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from .contact_harness import MailSink

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = Path(__file__).resolve().parent / "examples"
# The demo data and the examples are dated relative to this day.
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def today() -> dt.date:
    return TODAY


@pytest.fixture
def base_directory(tmp_path: Path) -> Path:
    """A copy of the small valid directory, to break on purpose."""
    target = tmp_path / "directory"
    shutil.copytree(EXAMPLES / "base", target)
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A whole project (mkdocs.yml, content/) around the small valid directory."""
    target = tmp_path / "project"
    target.mkdir()
    for name in ("content",):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(EXAMPLES / "base", target / "directory")
    return target


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site (directory/ + content/ of this repository), built once per test session."""
    from cpts.rendering.engine import build_site

    return build_site(ROOT, site_dir=tmp_path_factory.mktemp("demo") / "site", today=TODAY)


@pytest.fixture(scope="session")
def demo_url(demo_site: Path) -> Iterator[str]:
    """The demo site served on http://127.0.0.1:<port>/ (ends with a slash)."""
    from .browser import serve_directory

    with serve_directory(demo_site) as url:
        yield url


@pytest.fixture(scope="session")
def demo_form_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo site as when the CPTS runs its contact service: the « Contact » page has the form
    (the demo itself offers e-mail and phone). The form checks its fields in the browser; the
    service address is never reached. Served on http://127.0.0.1:<port>/ (ends with a slash)."""
    from cpts.rendering.engine import build_site

    from .browser import serve_directory

    root = tmp_path_factory.mktemp("demo-form")
    project = root / "project"
    for name in ("content", "directory"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    territory = project / "directory" / "territoire.yml"
    territory.write_text(territory.read_text(encoding="utf-8")
                         + "formulaire_contact: https://contact.cpts-exemple.example/messages\n",
                         encoding="utf-8")
    site = build_site(project, site_dir=root / "site", today=TODAY)
    with serve_directory(site) as url:
        yield url


@pytest.fixture
def sink() -> Iterator[MailSink]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps every mail it receives."""
    with MailSink() as server:
        yield server
