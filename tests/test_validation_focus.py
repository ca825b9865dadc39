"""`cpts validate FILE` reads the file and what it relates to, not the whole directory, and
finds the same problems of that file as a check of every file does."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from benchmarks.synthetic import make_directory

from cpts.directory.validate import only_files, validate_directory

from .conftest import EXAMPLES, TODAY
from .test_validation import HEADER, NEGATIVE

CPTS = Path(sys.executable).parent / "cpts"


def _apply(example: Path, directory: Path) -> None:
    """Put a negative example in place, as tests/test_validation.py does."""
    content = example.read_bytes()
    header = HEADER.match(content)
    assert header
    target = directory / header["target"].decode()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content if target.suffix in (".yml", ".yaml", "") else content[header.end():])


def _paths(directory: Path) -> list[Path]:
    """Every file and folder a member could name."""
    return sorted(p for p in directory.rglob("*") if p.name != ".gitkeep")


@pytest.mark.parametrize("example", NEGATIVE, ids=[p.stem for p in NEGATIVE])
def test_a_named_file_has_the_same_problems_as_in_a_full_check(example: Path,
                                                               base_directory: Path) -> None:
    _apply(example, base_directory)
    _, everything = validate_directory(base_directory, TODAY)
    for path in _paths(base_directory):
        expected = only_files(everything, base_directory, [path])
        _, focused = validate_directory(base_directory, TODAY, only=[path])
        assert only_files(focused, base_directory, [path]) == expected, path


RPPS = re.compile(r"^rpps: '?(\d{11})'?$", re.MULTILINE)
PLACE_STRUCTURE = re.compile(r"^- structure: \S+$", re.MULTILINE)


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """300 synthetic entries, where two professionals share a RPPS number and a third one names
    a structure that has no file; and those three files, plus a fourth, valid one."""
    directory = make_directory(300, tmp_path_factory.mktemp("focus") / "directory", seed=2)
    people = sorted((directory / "professionnels").glob("*.yml"))
    with_rpps = [p for p in people if RPPS.search(p.read_text("utf-8"))]
    first, second = with_rpps[10], with_rpps[-10]
    number = RPPS.search(first.read_text("utf-8"))
    assert number
    second.write_text(RPPS.sub(f"rpps: '{number.group(1)}'", second.read_text("utf-8")), "utf-8")
    third = next(p for p in people if p not in (first, second)
                 and PLACE_STRUCTURE.search(p.read_text("utf-8")))
    third.write_text(PLACE_STRUCTURE.sub("- structure: maison-inconnue", third.read_text("utf-8"),
                                         count=1), "utf-8")
    fourth = next(p for p in people if p not in (first, second, third))
    return directory, [first, second, third, fourth]


def _cli(directory: Path, *paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CPTS), "validate", "--date", TODAY.isoformat(),
                           "--directory", str(directory), *map(str, paths)],
                          capture_output=True, text=True, check=False, cwd=directory.parent)


def test_one_file_of_a_large_directory_reads_only_what_it_relates_to(large) -> None:
    directory, people = large
    _, everything = validate_directory(directory, TODAY)
    assert len(only_files(everything, directory, people)) == 2  # the duplicate, the structure
    for person in people:
        raw, focused = validate_directory(directory, TODAY, only=[person])
        read = sum(len(docs) for docs in raw.entries.values())
        assert read <= 10, f"{person.name}: {read} files read"
        assert only_files(focused, directory, [person]) == only_files(everything, directory, [person])


def test_the_member_reads_the_duplicate_and_the_missing_structure(large) -> None:
    directory, (first, second, third, fourth) = large
    # The duplicate is reported on the later file; naming the first one shows it too.
    for named in (first, second):
        proc = _cli(directory, named)
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert f"{second.name}:" in proc.stdout
        assert f"est déjà celui de directory/professionnels/{first.name}" in proc.stdout
    proc = _cli(directory, third)
    assert proc.returncode == 1
    assert f"{third.name}:" in proc.stdout
    assert "la structure « maison-inconnue » n'existe pas dans directory/structures/" in proc.stdout
    proc = _cli(directory, fourth)
    assert proc.returncode == 0 and "aucune erreur" in proc.stdout


def test_naming_the_territory_checks_every_file(base_directory: Path) -> None:
    """Every entry's communes and coordinates involve territoire.yml: naming it is a full check."""
    shutil.copy(EXAMPLES / "negative" / "regle-commune-hors-territoire.yml",
                base_directory / "professionnels" / "martin-claire.yml")
    raw, problems = validate_directory(base_directory, TODAY, only=[base_directory / "territoire.yml"])
    assert sum(len(docs) for docs in raw.entries.values()) == sum(
        1 for folder in base_directory.iterdir() if folder.is_dir() for _ in folder.glob("*.yml"))
    assert any("martin-claire.yml" in p.path for p in
               only_files(problems, base_directory, [base_directory / "territoire.yml"]))
