""".github/CODEOWNERS: generated from the entries' `mainteneurs`, and CI fails when it is stale."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from pathlib import Path

from cpts.cli import main
from cpts.members import codeowners

from .conftest import ROOT

BIN = Path(sys.executable).parent


def cpts(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The `cpts` command, run in-process (fast) in the project `cwd`."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*args, "--project", str(cwd)])
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def owner_lines(text: str) -> dict[str, list[str]]:
    return {line.split()[0]: line.split()[1:] for line in text.splitlines()
            if line and not line.startswith("#")}


def test_coordinators_own_everything_and_maintainers_their_entry(project: Path) -> None:
    (project / "directory" / "territoire.yml").write_text(
        (project / "directory" / "territoire.yml").read_text("utf-8")
        + "coordinateurs: [coord-a, coord-b]\n", "utf-8")
    claire = project / "directory" / "professionnels" / "martin-claire.yml"
    claire.write_text(claire.read_text("utf-8").replace(
        "mainteneurs: [claire-martin]", "mainteneurs: [claire-martin, coord-a]"), "utf-8")

    owners = owner_lines(codeowners.generate(project))

    assert owners["*"] == ["@coord-a", "@coord-b"]
    # The last matching line wins on GitHub: an entry's line names the coordinators too.
    assert owners["/directory/professionnels/martin-claire.yml"] == [
        "@claire-martin", "@coord-a", "@coord-b"]
    # Entries without maintainers are left to the coordinators' catch-all line.
    assert "/directory/professionnels/petit-lea.yml" not in owners


def test_check_fails_when_a_maintainer_changes_then_passes_once_regenerated(project: Path) -> None:
    assert cpts("codeowners", cwd=project).returncode == 0
    assert cpts("codeowners", "--check", cwd=project).returncode == 0

    lea = project / "directory" / "professionnels" / "petit-lea.yml"
    lea.write_text(lea.read_text("utf-8") + "mainteneurs: [lea-petit]\n", "utf-8")
    stale = cpts("codeowners", "--check", cwd=project)
    assert stale.returncode == 1
    assert ".github/CODEOWNERS n'est plus à jour avec les « mainteneurs » des fiches : lancez " \
        "« cpts codeowners »" in stale.stderr
    assert "+/directory/professionnels/petit-lea.yml @lea-petit" in stale.stderr

    assert cpts("codeowners", cwd=project).returncode == 0
    assert cpts("codeowners", "--check", cwd=project).returncode == 0
    assert "/directory/professionnels/petit-lea.yml @lea-petit" in (
        project / ".github" / "CODEOWNERS").read_text("utf-8")


def test_invalid_logins_are_left_out(project: Path) -> None:
    lea = project / "directory" / "professionnels" / "petit-lea.yml"
    lea.write_text(lea.read_text("utf-8") + "mainteneurs: ['@lea petit', ok-login]\n", "utf-8")
    text = codeowners.generate(project)
    assert "/directory/professionnels/petit-lea.yml @ok-login" in text
    assert "lea petit" not in text


def test_committed_codeowners_of_the_demo_is_up_to_date() -> None:
    assert codeowners.difference(ROOT) == "", "run `.venv/bin/cpts codeowners`"
