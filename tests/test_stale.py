"""Entries not verified for 12 months: `cpts stale`, and the one issue the monthly workflow keeps."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cpts.cli import main

from .conftest import ROOT

BIN = Path(sys.executable).parent
LATER = "2027-12-01"  # every example entry is more than 12 months old by then


def cpts(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The `cpts` command, run in-process (fast) in the project `cwd`."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*args, "--project", str(cwd)])
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def test_markdown_lists_stale_entries_with_edit_links_and_maintainers(project: Path) -> None:
    proc = cpts("stale", "--format", "markdown", "--date", LATER, cwd=project)
    assert proc.returncode == 0
    text = proc.stdout
    assert "**4 fiches à vérifier** :" in text
    assert ("| Claire Martin (`directory/professionnels/martin-claire.yml`) | 2026-09-15 | "
            "@claire-martin | [Modifier](https://github.com/cpts-test/annuaire/edit/main/"
            "directory/professionnels/martin-claire.yml) |") in text
    assert '`verifie_le: "2027-12-01"`' in text


def test_nothing_stale_today(project: Path) -> None:
    assert json.loads(cpts("stale", "--format", "json", "--date", "2026-11-23", cwd=project).stdout) == []
    text = cpts("stale", "--date", "2026-11-23", cwd=project).stdout
    assert text.strip() == "Toutes les fiches ont été vérifiées depuis moins de 12 mois."


def test_names_cannot_break_the_table(project: Path) -> None:
    path = project / "directory" / "professionnels" / "martin-claire.yml"
    path.write_text(path.read_text("utf-8").replace("nom: Martin", "nom: Martin*_#!"), "utf-8")
    text = cpts("stale", "--format", "markdown", "--date", LATER, cwd=project).stdout
    assert "| Claire Martin\\*\\_\\#\\! (`directory/professionnels/martin-claire.yml`) |" in text


FAKE_GH = """#!/usr/bin/env bash
# A stand-in for the GitHub CLI: records each call, answers `issue list` from $FAKE_OPEN.
echo "gh $*" >> "$FAKE_LOG"
if [ "$1 $2" = "issue list" ]; then echo "${FAKE_OPEN:-}"; fi
for arg in "$@"; do if [ -f "$arg" ]; then cat "$arg" > "$FAKE_LOG.body"; fi; done
"""


def run_script(project: Path, tmp_path: Path, date: str, open_issue: str) -> list[str]:
    """Run scripts/fiches-a-verifier.sh with a fake `gh`: the calls it made."""
    fake = tmp_path / "bin"
    fake.mkdir(exist_ok=True)
    (fake / "gh").write_text(FAKE_GH)
    (fake / "gh").chmod(0o755)
    log = tmp_path / "gh.log"
    log.unlink(missing_ok=True)
    env = {**os.environ, "PATH": f"{fake}:{os.environ['PATH']}", "FAKE_LOG": str(log),
           "FAKE_OPEN": open_issue, "CPTS": str(BIN / "cpts")}
    proc = subprocess.run([ROOT / "scripts" / "fiches-a-verifier.sh", "--project", str(project),
                           "--date", date], env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    return log.read_text().splitlines()


@pytest.mark.parametrize(("date", "open_issue", "expected"), [
    (LATER, "", "gh issue create --title Fiches à vérifier (4) --label fiches-a-verifier --body-file"),
    (LATER, "12", "gh issue edit 12 --title Fiches à vérifier (4) --body-file"),
    ("2026-11-23", "12", "gh issue close 12 --comment Toutes les fiches ont été vérifiées"),
])
def test_monthly_script_keeps_one_issue(project: Path, tmp_path: Path, date: str, open_issue: str,
                                        expected: str) -> None:
    calls = run_script(project, tmp_path, date, open_issue)
    assert calls[0].startswith("gh label create fiches-a-verifier --force")
    assert calls[1].startswith("gh issue list --label fiches-a-verifier --state open")
    assert any(call.startswith(expected) for call in calls), calls
    assert sum(call.startswith("gh issue create") for call in calls) <= 1


def test_monthly_script_does_nothing_when_nothing_is_stale_and_no_issue(project: Path,
                                                                       tmp_path: Path) -> None:
    calls = run_script(project, tmp_path, "2026-11-23", "")
    assert [c for c in calls if c.startswith(("gh issue create", "gh issue edit", "gh issue close"))] == []
