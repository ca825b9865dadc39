"""The package as a coordinator gets it: a wheel built from a clean clone, installed (not editable)
in a fresh virtual environment, runs `cpts init`; the repository it writes passes the two commands
of its own README, typed as written there (with pip told where the wheel is, since it is not
published on PyPI, and the preview on a free port).

Installs the package's dependencies from the package registry (pip's cache makes it quick).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from .territories import replay_geo_api
from .test_territories import FIXTURES, MARIE_GALANTE_EPCI, TINEE_VESUBIE

ROOT = Path(__file__).resolve().parents[1]
PYTHON = shutil.which("python3") or "python3"


def run(command: str, cwd: Path, env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(command, shell=True, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def readme_commands(repository: Path) -> tuple[str, str]:
    """The README's two commands: the first sets up and serves, the second checks."""
    readme = (repository / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^    (\S.*)$", readme, re.M)
    serve = next(c for c in commands if c.startswith("python3 -m venv"))
    check = next(c for c in commands if c.endswith("cpts check"))
    return serve, check


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """(the fresh environment's cpts, the folder holding the wheel, the environment for pip)."""
    work = tmp_path_factory.mktemp("package")
    clone = work / "clone"
    cloned = subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], capture_output=True,
                            text=True, timeout=120)
    if cloned.returncode != 0:
        pytest.skip(f"not a git checkout: {cloned.stderr.strip()}")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHONPATH"))}
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if ".venv" not in p)
    wheels = work / "wheels"
    built = run(f"{PYTHON} -m venv {work}/build && {work}/build/bin/pip wheel -q --no-deps "
                f"-w {wheels} {clone}", work, env)
    assert built.returncode == 0, built.stderr
    made = run(f"{PYTHON} -m venv {work}/venv && {work}/venv/bin/pip install -q {wheels}/*.whl",
               work, env)
    assert made.returncode == 0, made.stderr
    env["PIP_FIND_LINKS"] = str(wheels)  # where pip finds cpts-site==<version> of requirements.txt
    return work / "venv" / "bin" / "cpts", wheels, env


def follow_the_readme(repository: Path, env: dict[str, str]) -> dict[str, float]:
    """Types the README's two commands; returns the seconds each took."""
    serve, check = readme_commands(repository)
    port = free_port()
    started = time.monotonic()
    server = subprocess.Popen(serve.replace("cpts serve", f"cpts serve --port {port}"), shell=True,
                              cwd=repository, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, start_new_session=True,
                              stdin=subprocess.DEVNULL)
    try:
        home = None
        while time.monotonic() - started < 300 and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
                    home = answer.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.5)
        served = time.monotonic() - started
        assert home is not None, server.stdout.read() if server.poll() is not None else "timeout"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    started = time.monotonic()
    checked = run(check, repository, env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "3/3 Liens et accessibilité" in checked.stdout
    return {"home": home, "serve": served, "check": time.monotonic() - started}  # type: ignore[dict-item]


def test_tinee_vesubie_from_the_installed_package(
        installed: tuple[Path, Path, dict[str, str]], tmp_path: Path) -> None:
    cpts, _wheels, env = installed
    made = run(f"{cpts} init cpts-tinee-vesubie --nom 'CPTS Tinée-Vésubie' --communes "
               f"{TINEE_VESUBIE} --contours {FIXTURES / 'tinee-vesubie.geojson'}", tmp_path, env)
    assert made.returncode == 0, made.stdout + made.stderr
    repository = tmp_path / "cpts-tinee-vesubie"
    assert not (repository / "generator").exists(), "the package stays out of the repository"
    figures = follow_the_readme(repository, env)
    assert "CPTS Tinée-Vésubie" in str(figures.pop("home"))
    print(f"Tinée-Vésubie: 1 init + 2 README commands, {json.dumps(figures)} s")
    site = repository / "site"
    assert not any(re.search(r"brian", f.read_text(encoding="utf-8", errors="replace"), re.I)
                   for f in site.rglob("*") if f.suffix in (".html", ".js", ".json", ".xml"))


def test_an_overseas_territory_from_the_installed_package(
        installed: tuple[Path, Path, dict[str, str]], tmp_path: Path) -> None:
    cpts, _wheels, env = installed
    server, url = replay_geo_api(FIXTURES / "marie-galante.geojson")
    try:
        made = run(f"{cpts} init cpts-marie-galante --nom 'CPTS de Marie-Galante' --epci "
                   f"{MARIE_GALANTE_EPCI}", tmp_path, {**env, "CPTS_GEO_API": url})
    finally:
        server.shutdown()
    assert made.returncode == 0, made.stdout + made.stderr
    repository = tmp_path / "cpts-marie-galante"
    for kind in ("structures", "professionnels"):
        for file in (FIXTURES / "marie-galante" / kind).glob("*.yml"):
            shutil.copy(file, repository / "directory" / kind / file.name)
    figures = follow_the_readme(repository, env)
    assert "CPTS de Marie-Galante" in str(figures.pop("home"))
    print(f"Marie-Galante: 1 init + 2 README commands, {json.dumps(figures)} s")
