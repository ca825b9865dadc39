"""The git hook for local editors: a commit with a broken entry, or a stale CODEOWNERS, is refused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

BIN = Path(sys.executable).parent


def git(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CPTS": str(BIN / "cpts"), "GIT_AUTHOR_NAME": "Test",
           "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_hook_refuses_broken_entries_and_stale_codeowners(project: Path) -> None:
    assert git("init", "-q", cwd=project).returncode == 0
    git("config", "core.hooksPath", str(ROOT / "scripts" / "hooks"), cwd=project)
    subprocess.run([BIN / "cpts", "codeowners"], cwd=project, check=True, capture_output=True)
    git("add", ".", cwd=project)
    first = git("commit", "-q", "-m", "start", cwd=project)
    assert first.returncode == 0, first.stderr

    entry = project / "directory" / "professionnels" / "petit-lea.yml"
    good = entry.read_text("utf-8")
    entry.write_text(good.replace("infirmier", "infirmiere"), "utf-8")
    git("add", ".", cwd=project)
    refused = git("commit", "-q", "-m", "broken", cwd=project)
    assert refused.returncode == 1
    assert "profession : « infirmiere » n'est pas une valeur possible" in refused.stderr
    assert "Commit refusé : corrigez les problèmes ci-dessus" in refused.stderr

    entry.write_text(good + "mainteneurs: [lea-petit]\n", "utf-8")
    git("add", ".", cwd=project)
    owners = git("commit", "-q", "-m", "owners", cwd=project)
    assert owners.returncode == 1
    assert ".github/CODEOWNERS vient d'être mis à jour" in owners.stderr
    git("add", ".github/CODEOWNERS", cwd=project)
    accepted = git("commit", "-q", "-m", "owners", cwd=project)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
