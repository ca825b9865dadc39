"""The synthetic directory of the benchmarks is valid and has the requested size."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from benchmarks.synthetic import counts, make_directory

from cpts.directory.problems import errors, render_report
from cpts.directory.validate import validate_directory
from cpts.text import slugify


def test_synthetic_directory_is_valid(tmp_path: Path, today: dt.date) -> None:
    root = make_directory(60, tmp_path / "directory", seed=1)
    raw, problems = validate_directory(root, today)
    assert not errors(problems), render_report(problems)

    wanted = counts(60)
    assert wanted.professionals + wanted.structures == 60
    assert len(list((root / "professionnels").glob("*.yml"))) == wanted.professionals
    assert len(list((root / "structures").glob("*.yml"))) == wanted.structures
    assert len(list((root / "opportunites").glob("*.yml"))) == wanted.opportunities
    assert len(raw.entries["professionnel"]) == wanted.professionals
    for doc in raw.entries["professionnel"]:
        assert doc.slug.startswith(slugify(f"{doc.data['nom']}-{doc.data['prenom']}"))


def test_synthetic_directory_is_reproducible(tmp_path: Path) -> None:
    first = make_directory(20, tmp_path / "a", seed=3)
    second = make_directory(20, tmp_path / "b", seed=3)
    names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*.yml"))
    assert names == sorted(p.relative_to(second).as_posix() for p in second.rglob("*.yml"))
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes()
