"""A deterministic mutation campaign over the demo directory (run by tests/test_fuzz.py).

Every case changes one file of a copy of the demo's directory/: a value replaced according to
its type (NaN for a number, blanks or a 5,000-character text for a string, a dict for a
scalar…), a key removed or added, or the file's text broken (truncated, NUL byte, alias
bomb, 1,000 levels of nesting, Latin-1…). Each case runs `cpts validate` in-process as the
command line does, with a time bound; the cases it accepts are then generated (`cpts
generate`), several files at a time. A case fails when the output shows a traceback or
« Erreur interne », when it runs past its time, or when a value that no field allows (NaN,
blanks, a number beyond any bound, an unknown key…) is accepted.

Run in its own process (the memory bound is set on it):
    python -m tests.fuzz_campaign PROJECT_COPY  →  one JSON line: {"cases": …, "failures": […]}
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import resource
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cpts.cli import main as cpts
from cpts.directory.yamlfile import read_yaml

SEED = 14
SAMPLED_VALUE_CASES = 240  # of the value mutations; every text and GeoJSON case runs too
GENERATIONS = 8  # builds of accepted cases, several files at a time
SECONDS_PER_CASE = 20
MEMORY_BYTES = 2_500_000_000
DATE = "2026-11-23"


@dataclass(frozen=True)
class Case:
    """One file's new content (None: the file is removed), and whether it must be refused."""

    name: str
    file: str  # relative to directory/
    content: bytes | None
    must_refuse: bool


class Timeout(Exception):
    pass


# -- value mutations, by type -------------------------------------------------------------

Mutation = tuple[str, Any, bool]  # (label, new value, must be refused)
_DELETE = object()


def _string_mutations(value: str) -> list[Mutation]:
    return [
        ("vide", "", False), ("espaces", "   ", True), ("retour-final", value + "\n", False),
        ("rtl", "\u202e" + value, False), ("largeur-nulle", value + "\u200b", False),
        ("html", "<script>alert(1)</script>", False), ("formule", '=HYPERLINK("http://x")', False),
        ("5000-car", "x" * 5000, True), ("date-max", "9999-12-31", False), ("zero", "0", False),
        ("entier", 5, False), ("dict", {"a": 1}, True), ("chemin", "../../etc/passwd", False),
    ]


def _number_mutations(value: float) -> list[Mutation]:
    return [
        ("nan", float("nan"), True), ("inf", float("inf"), True), ("-inf", float("-inf"), True),
        ("zero", 0, False), ("negatif", -1, False), ("400-chiffres", 10**400, True),
        ("texte", "12", False), ("1e308", 1e308, True), ("dict", {"a": 1}, True),
    ]


def _other_mutations(value: Any) -> list[Mutation]:
    if isinstance(value, bool):
        return [("yes", "yes", False), ("deux", 2, False), ("nul", None, False),
                ("dict", {"a": 1}, True)]
    if isinstance(value, list):
        return [("liste-vide", [], False), ("liste-nul", [None], False),
                ("liste-doublee", value * 2, False), ("liste-plus", [*value, "zz"], False)]
    if isinstance(value, dict):
        return [("cle-inconnue", {**value, "cle_inconnue": 1}, True), ("dict-vide", {}, False)]
    return []


def _mutations(value: Any) -> list[Mutation]:
    if isinstance(value, str):
        found = _string_mutations(value)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        found = _number_mutations(value)
    else:
        found = _other_mutations(value)
    return [*found, ("supprime", _DELETE, False)]


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if path:
        yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(data, list):  # the first and the last item: the others repeat them
        for index in sorted({0, len(data) - 1}) if data else []:
            yield from _leaves(data[index], (*path, index))


def _replaced(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    copy = json.loads(json.dumps(data))
    parent = copy
    for step in path[:-1]:
        parent = parent[step]
    if value is _DELETE:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return copy


def _dump(data: Any) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000).encode("utf-8")


def value_cases(directory: Path) -> list[Case]:
    """Every value mutation of one file per folder (and territoire.yml)."""
    files = [directory / "territoire.yml"] + [
        sorted(folder.glob("*.yml"))[0] for folder in sorted(directory.iterdir())
        if folder.is_dir() and any(folder.glob("*.yml"))]
    cases: list[Case] = []
    for path in files:
        relative = path.relative_to(directory).as_posix()
        doc, _ = read_yaml(path, relative)
        assert doc is not None, relative
        for where, value in _leaves(doc.data):
            for label, new, refuse in _mutations(value):
                name = f"{relative}:{'.'.join(map(str, where))}:{label}"
                cases.append(Case(name, relative, _dump(_replaced(doc.data, where, new)), refuse))
    return cases


# -- text mutations: the file as a member's editor may leave it ------------------------------

def _text_mutations(text: str) -> list[tuple[str, bytes | None, bool]]:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True))
    lines = text.splitlines(keepends=True)
    return [
        ("tronque", text[: len(text) // 2].encode(), False),
        ("tabulation", ("\t" + text).encode(), True),
        ("nul", text.replace("\n", "\n\0", 1).encode(), True),
        ("alias-bombe", (text + bomb).encode(), True),
        ("imbrication-1000", (text + "x: " + "[" * 1000 + "]" * 1000 + "\n").encode(), True),
        ("latin1", ("nom: é\n" + text).encode("latin-1", "replace"), True),
        ("vide", b"", True),
        ("bom-crlf", ("\ufeff" + text.replace("\n", "\r\n")).encode(), False),
        ("cle-doublee", (text + lines[-1] if lines else text).encode(), False),
        ("liste-racine", b"- a\n- b\n", True),
        ("entier-5000", (text + "cle: " + "9" * 5000 + "\n").encode(), True),
        ("int-impose", (text + "cle: !!int 059321923\n").encode(), True),
        ("binaire", bytes(range(256)), True),
        ("supprime", None, False),
    ]


def text_cases(directory: Path) -> list[Case]:
    """Every text mutation of territoire.yml and of one entry of three kinds (one reader reads
    every file: more kinds would only repeat the same cases)."""
    files = [directory / "territoire.yml"] + [
        sorted((directory / folder).glob("*.yml"))[-1]
        for folder in ("professionnels", "structures", "alertes")]
    cases = []
    for path in files:
        relative = path.relative_to(directory).as_posix()
        for label, content, refuse in _text_mutations(path.read_text("utf-8")):
            if label == "supprime" and relative == "territoire.yml":
                refuse = True
            cases.append(Case(f"{relative}:{label}", relative, content, refuse))
    return cases


def geojson_cases(directory: Path) -> list[Case]:
    text = (directory / "communes.geojson").read_text("utf-8")
    data = json.loads(text)
    first = data["features"][0]
    ring = first["geometry"]["coordinates"][0]

    def with_point(value: str) -> bytes:
        return text.replace(json.dumps(ring[1], separators=(",", ":")),
                            f"[{value},{ring[1][1]}]", 1).encode()

    point = {**first, "geometry": {"type": "Point", "coordinates": ring[0]}}
    return [Case(f"communes.geojson:{label}", "communes.geojson", content, refuse) for label, content,
            refuse in [
                ("nan", with_point("NaN"), True), ("infini", with_point("1e999"), True),
                ("tronque", text[: len(text) // 3].encode(), True), ("tableau", b"[]", True),
                ("sans-communes", b'{"type":"FeatureCollection","features":[]}', False),
                ("point", json.dumps({**data, "features": [point]}).encode(), True),
                ("imbrique", ("[" * 100_000 + "]" * 100_000).encode(), True),
                ("supprime", None, True)]]


# -- running -------------------------------------------------------------------------------

def _run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = cpts(argv)
    return code, out.getvalue()


def _alarm(signum: int, frame: object) -> None:
    raise Timeout


def _bounded(step: Callable[[], tuple[int, str]]) -> tuple[int, str, float]:
    signal.alarm(SECONDS_PER_CASE)
    started = time.perf_counter()
    try:
        code, output = step()
    except Timeout:
        code, output = -1, f"plus de {SECONDS_PER_CASE} s"
    finally:
        signal.alarm(0)
    return code, output, time.perf_counter() - started


def _broken(output: str) -> bool:
    return "Traceback" in output or "Erreur interne" in output


@contextlib.contextmanager
def _applied(directory: Path, cases: list[Case]) -> Iterator[None]:
    saved = {c.file: (directory / c.file).read_bytes() for c in cases}
    try:
        for case in cases:
            target = directory / case.file
            if case.content is None:
                target.unlink()
            else:
                target.write_bytes(case.content)
        yield
    finally:
        for file, content in saved.items():
            (directory / file).write_bytes(content)


def campaign(project: Path) -> dict[str, Any]:
    directory = project / "directory"
    values = value_cases(directory)
    cases = _sample(values) + text_cases(directory) + geojson_cases(directory)
    failures: list[str] = []
    accepted: list[Case] = []
    slowest = 0.0
    for case in cases:
        with _applied(directory, [case]):
            code, output, seconds = _bounded(
                lambda: _run(["validate", "--project", str(project), "--date", DATE]))
        slowest = max(slowest, seconds)
        if code == -1 or _broken(output):
            failures.append(f"{case.name}: {output.strip()[-300:]}")
        elif code == 0 and case.must_refuse:
            failures.append(f"{case.name}: accepté alors que la valeur est invalide")
        elif code == 0:
            accepted.append(case)
    generated = generated_cases = 0
    for batch in list(_batches(accepted))[:GENERATIONS]:
        generated_cases += len(batch)
        with _applied(directory, batch):
            code, output, seconds = _bounded(lambda: _run(
                ["generate", "--project", str(project), "--out", str(project / "build" / "docs"),
                 "--date", DATE]))
        generated += 1
        slowest = max(slowest, seconds)
        if code == -1 or _broken(output):
            failures.append(f"generate [{', '.join(c.name for c in batch)}]: {output.strip()[-300:]}")
    return {"cases": len(cases), "value_cases_possible": len(values), "accepted": len(accepted),
            "generations": generated, "generated_cases": generated_cases,
            "slowest_seconds": round(slowest, 2), "failures": failures}


def _sample(values: list[Case]) -> list[Case]:
    """The same number of value cases from each file, always the same ones (fixed seed)."""
    rng = random.Random(SEED)
    files = sorted({c.file for c in values})
    per_file = SAMPLED_VALUE_CASES // len(files)
    chosen: list[Case] = []
    for file in files:
        mine = [c for c in values if c.file == file]
        chosen.extend(rng.sample(mine, min(per_file, len(mine))))
    return chosen


def _batches(cases: list[Case]) -> Iterator[list[Case]]:
    """Accepted cases grouped so that no two change the same file (one build checks several)."""
    pending = list(cases)
    while pending:
        batch: list[Case] = []
        for case in list(pending):
            if all(case.file != other.file for other in batch):
                batch.append(case)
                pending.remove(case)
        yield batch


def main(argv: list[str]) -> int:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    signal.signal(signal.SIGALRM, _alarm)
    print(json.dumps(campaign(Path(argv[0])), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    shutil.rmtree(Path(sys.argv[1]) / "build", ignore_errors=True)
    sys.exit(main(sys.argv[1:]))
