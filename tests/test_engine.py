"""Rendering the docs tree into a site: mkdocs (with and without the hook) and Zensical."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cpts.rendering.engine import BuildFailed, build_site

from .conftest import TODAY

BIN = Path(sys.executable).parent


def test_cpts_build_renders_every_entry_page(project: Path) -> None:
    site = build_site(project, today=TODAY, strict=True)
    html = (site / "professionnels" / "martin-claire" / "index.html").read_text()
    assert "<title>Dr Claire Martin - CPTS du Grand Briançonnais</title>" in html
    assert '<html lang="fr"' in html
    assert "Modifier cette fiche" in html
    assert (site / "structures" / "msp-test" / "index.html").is_file()
    # Entry pages stay out of the navigation (which Material renders into every page).
    home = (site / "index.html").read_text()
    assert "martin-claire" not in home


def test_no_request_to_google_fonts_or_cdn(project: Path) -> None:
    site = build_site(project, today=TODAY)
    html = (site / "index.html").read_text()
    assert "fonts.googleapis.com" not in html
    assert "fonts.gstatic.com" not in html
    assert "cdn.jsdelivr" not in html


def test_failed_build_leaves_the_previous_site_untouched(project: Path) -> None:
    site = build_site(project, today=TODAY)
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    path = project / "directory" / "professionnels" / "martin-claire.yml"
    path.write_text(path.read_text().replace('"10100000016"', '"10100000017"'))
    with pytest.raises(BuildFailed) as failure:
        build_site(project, today=TODAY)
    assert "martin-claire.yml:5: rpps : le numéro RPPS « 10100000017 » est invalide" in (
        failure.value.report)
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before
    assert not list(project.glob(".site-*")), "no half-built site left behind"


def test_plain_mkdocs_build_runs_the_generation_through_the_hook(project: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([BIN / "mkdocs", "build", "--strict"], cwd=project, env=env,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert (project / "site" / "professionnels" / "durand-paul" / "index.html").is_file()


def test_plain_mkdocs_build_stops_with_the_members_message(project: Path) -> None:
    path = project / "directory" / "structures" / "msp-test.yml"
    path.write_text(path.read_text().replace('"04 92 20 10 10"', '"04 92"'))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([BIN / "mkdocs", "build"], cwd=project, env=env,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 1
    assert "directory/structures/msp-test.yml:8: telephone : « 04 92 » n'est pas un numéro" in (
        proc.stderr)
    assert "Traceback" not in proc.stderr
    assert not (project / "site").exists()


def test_zensical_renders_the_same_docs_tree(project: Path) -> None:
    site = build_site(project, engine="zensical", today=TODAY)
    html = (site / "professionnels" / "martin-claire" / "index.html").read_text()
    assert "Dr Claire Martin" in html
    assert "Modifier cette fiche" in html
    assert (site / "structures" / "msp-test" / "index.html").is_file()


def test_zensical_builds_the_whole_demo(tmp_path: Path) -> None:
    """The smoke test of the engine swap: the demo renders with Zensical, search included."""
    from .conftest import ROOT

    site = build_site(ROOT, engine="zensical", site_dir=tmp_path / "site", today=TODAY)
    entries = list((ROOT / "directory" / "professionnels").glob("*.yml"))
    built = list((site / "professionnels").glob("*/index.html"))
    assert len(built) == len(entries)
    for page in ("annuaire", "recherche", "carte", "contact", "soins-non-programmes"):
        assert (site / page / "index.html").is_file(), page
    assert (site / "pagefind" / "pagefind.js").is_file()


def test_cpts_serve_rebuilds_when_a_yaml_file_changes(project: Path) -> None:
    import socket
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([BIN / "cpts", "serve", "--port", str(port), "--date", "2026-11-23"],
                              cwd=project, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/professionnels/durand-paul/"

    def page() -> str:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()

    def wait_for(text: str, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if text in page():
                    return
            except OSError:
                pass
            time.sleep(0.5)
        pytest.fail(f"« {text} » never appeared at {url}")

    try:
        wait_for("Cabinet de kinésithérapie de Chantemerle")
        path = project / "directory" / "professionnels" / "durand-paul.yml"
        path.write_text(path.read_text().replace("de Chantemerle", "des Écrins"))
        wait_for("Cabinet de kinésithérapie des Écrins")
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_site_dir_refuses_a_folder_cpts_did_not_create(project: Path) -> None:
    """`--site-dir directory` (a slip of the keyboard) must not delete the directory."""
    before = sorted((p.relative_to(project), p.read_bytes())
                    for p in (project / "directory").rglob("*") if p.is_file())
    proc = subprocess.run([BIN / "cpts", "build", "--site-dir", "directory", "--date", "2026-11-23"],
                          cwd=project, capture_output=True, text=True, check=False)
    assert proc.returncode == 1
    assert "directory: ce dossier existe déjà et n'a pas été créé par cpts (rien n'a été " \
           "supprimé)" in proc.stderr.replace(str(project) + "/", "")
    assert "Traceback" not in proc.stderr
    after = sorted((p.relative_to(project), p.read_bytes())
                   for p in (project / "directory").rglob("*") if p.is_file())
    assert after == before
    assert not list(project.glob(".site-*"))


def test_site_dir_built_by_cpts_is_replaced_on_the_next_build(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "elsewhere" / "public"
    out.mkdir(parents=True)  # an empty folder is accepted
    for _ in range(2):
        proc = subprocess.run([BIN / "cpts", "build", "--site-dir", str(out), "--date",
                               "2026-11-23"], cwd=project, capture_output=True, text=True,
                              check=False)
        assert proc.returncode == 0, proc.stderr
        assert (out / "professionnels" / "durand-paul" / "index.html").is_file()


def test_a_site_built_by_plain_mkdocs_can_be_rebuilt_by_cpts(project: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([BIN / "mkdocs", "build"], cwd=project, env=env,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    site = build_site(project, today=TODAY)
    assert (site / "index.html").is_file()


def test_zensical_refuses_a_folder_cpts_did_not_create(project: Path) -> None:
    with pytest.raises(BuildFailed) as failure:
        build_site(project, engine="zensical", site_dir=project / "content", today=TODAY)
    assert "n'a pas été créé par cpts" in failure.value.report
    assert any((project / "content").iterdir())
