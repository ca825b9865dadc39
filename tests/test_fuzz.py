"""The fuzz campaign (tests/fuzz_campaign.py): mutations of the demo entries by type, each
validated as `cpts validate` does, the accepted ones generated. No traceback, no « Erreur
interne », no case past its time bound (20 s) or its memory bound (2.5 GB of address space,
set on the campaign's own process), no invalid value accepted."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def test_no_mutation_of_the_demo_breaks_validation_or_generation(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("directory", "content"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    proc = subprocess.run([sys.executable, "-m", "tests.fuzz_campaign", str(project)], cwd=ROOT,
                          capture_output=True, text=True, check=False, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"\nfuzz : {result['cases']} cas ({result['accepted']} acceptés, "
          f"{result['generated_cases']} générés en {result['generations']} constructions), "
          f"le plus lent {result['slowest_seconds']} s")
    assert result["cases"] >= 300
    assert result["failures"] == []
    # The campaign restored every file it changed.
    for path in (ROOT / "directory").rglob("*"):
        if path.is_file():
            assert (project / "directory" / path.relative_to(ROOT / "directory")).read_bytes() == \
                path.read_bytes(), path
