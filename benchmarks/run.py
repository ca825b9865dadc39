"""Measure validation and build times on synthetic directories of growing size.

    python benchmarks/run.py [--sizes 100 1000 10000] [--engine mkdocs] [--territory DIR]
                             [--skip-build-above N] [--seed 0] [--keep]

Each size runs in its own Python process (so that caches and peak memory do not carry
over), in a temporary project holding a copy of mkdocs.yml, content/ and theme/ plus a
synthetic directory/. The Markdown report is printed and written to benchmarks/out/report.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

try:  # run as a script: benchmarks/ is on sys.path
    from synthetic import DEFAULT_TERRITORY, ROOT, TODAY, counts, make_directory
except ModuleNotFoundError:  # imported as benchmarks.run (other benchmarks reuse _make_project)
    from benchmarks.synthetic import DEFAULT_TERRITORY, ROOT, TODAY, counts, make_directory

OUT = ROOT / "benchmarks" / "out"
# Goals: the build grows linearly, and CI validates a large directory quickly.
MAX_BUILD_RATIO = 11.0
MAX_VALIDATION_S_10K = 5.0


def _tree_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


@contextlib.contextmanager
def _timed(module: Any, name: str, timings: dict[str, float]) -> Iterator[None]:
    """Time every call of `module.name` (accumulated in `timings[name]`), then restore it."""
    original: Callable[..., Any] = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - start

    setattr(module, name, wrapper)
    try:
        yield
    finally:
        setattr(module, name, original)


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (Pagefind, Zensical)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _make_project(tmp: Path, n: int, territory: Path, seed: int) -> Path:
    project = tmp / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("content",):
        shutil.copytree(ROOT / name, project / name)
    # mkdocs.yml names the hook; `build_site` disables it, but keep the path valid.
    make_directory(n, project / "directory", seed=seed, territory=territory)
    return project


def measure(n: int, engine: str, territory: Path, build: bool, seed: int,
            keep: bool) -> dict[str, Any]:
    """All the figures for one size (run in a fresh process by `main`)."""
    from cpts.directory.problems import errors, render_report
    from cpts.directory.validate import validate_directory
    from cpts.rendering import engine as cpts_engine

    result: dict[str, Any] = {"n": n, "engine": engine}
    tmp = Path(tempfile.mkdtemp(prefix=f"cpts-bench-{n}-"))
    try:
        start = time.perf_counter()
        project = _make_project(tmp, n, territory, seed)
        result["synthesis_s"] = time.perf_counter() - start
        result["directory_bytes"] = _tree_bytes(project / "directory")

        # Warm-up on the tiny fixture: schema compilation is not what we measure.
        validate_directory(DEFAULT_TERRITORY, TODAY)
        start, cpu = time.perf_counter(), time.process_time()
        _, problems = validate_directory(project / "directory", TODAY)
        result["validation_s"] = time.perf_counter() - start
        result["validation_cpu_s"] = time.process_time() - cpu
        if errors(problems):
            raise SystemExit(f"synthetic directory of {n} is invalid:\n{render_report(problems)}")

        if build:
            timings: dict[str, float] = {}
            with (_timed(cpts_engine, "generate", timings),
                  _timed(cpts_engine, "_render_mkdocs", timings),
                  _timed(cpts_engine, "_render_zensical", timings),
                  _timed(cpts_engine, "_post_process", timings)):
                start, cpu = time.perf_counter(), _cpu_seconds()
                site = cpts_engine.build_site(project, engine=engine, today=TODAY)
                result["build_s"] = time.perf_counter() - start
                result["build_cpu_s"] = _cpu_seconds() - cpu
            result["generate_s"] = timings.get("generate", 0.0)
            result["render_s"] = timings.get("_render_mkdocs", 0.0) + timings.get(
                "_render_zensical", 0.0)
            result["post_process_s"] = timings.get("_post_process", 0.0)
            result["pages"] = sum(1 for _ in site.rglob("index.html"))
            result["site_bytes"] = _tree_bytes(site)
            result["docs_bytes"] = _tree_bytes(project / cpts_engine.DOCS_DIR)
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    finally:
        if keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return result


def _fmt(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def report(results: list[dict[str, Any]], engine: str, territory: Path) -> str:
    """The Markdown report: the main table, a breakdown, and the goals."""
    lines = [
        f"# Benchmark ({dt.date.today().isoformat()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, engine {engine})",
        "",
        f"Territory: `{_display(territory)}`. N = professionals + structures "
        "(plus 3 to 10 opportunities).",
        "",
        "| N | validation s | build s | build s per 1,000 entries | pages | site MB |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        build = r.get("build_s")
        per_k = build / r["n"] * 1000 if build is not None else None
        pages = f"{r['pages']:,}" if "pages" in r else "—"
        site_mb = r["site_bytes"] / 1e6 if "site_bytes" in r else None
        lines.append(f"| {r['n']:,} | {_fmt(r['validation_s'])} | {_fmt(build, 1)} | "
                     f"{_fmt(per_k)} | {pages} | {_fmt(site_mb, 1)} |")
    lines += [
        "",
        "Build breakdown (wall s), CPU time (less sensitive to a busy machine) and sizes:",
        "",
        "| N | generate s (incl. validation) | render s | post-process s | validation CPU s | "
        "build CPU s | docs MB | directory MB | synthesis s | peak RSS MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        docs_mb = r["docs_bytes"] / 1e6 if "docs_bytes" in r else None
        lines.append(f"| {r['n']:,} | {_fmt(r.get('generate_s'))} | {_fmt(r.get('render_s'), 1)} | "
                     f"{_fmt(r.get('post_process_s'))} | {_fmt(r['validation_cpu_s'])} | "
                     f"{_fmt(r.get('build_cpu_s'), 1)} | {_fmt(docs_mb, 1)} | "
                     f"{_fmt(r['directory_bytes'] / 1e6, 1)} | {_fmt(r['synthesis_s'])} | "
                     f"{_fmt(r['peak_rss_mb'], 0)} |")
    lines += ["", *_goals(results)]
    return "\n".join(lines) + "\n"


def _goals(results: list[dict[str, Any]]) -> list[str]:
    by_n = {r["n"]: r for r in results}
    out: list[str] = []
    small, large = by_n.get(1000, {}), by_n.get(10000, {})
    if "build_s" in small and "build_s" in large:
        ratio = large["build_s"] / small["build_s"]
        cpu_ratio = large["build_cpu_s"] / small["build_cpu_s"]
        verdict = "OK" if ratio <= MAX_BUILD_RATIO else "WORSE THAN LINEAR"
        out.append(f"- build(10,000) / build(1,000) = {ratio:.1f}× wall, {cpu_ratio:.1f}× CPU "
                   f"(goal ≤ {MAX_BUILD_RATIO:g}×): {verdict}")
    if "validation_s" in large:
        seconds = large["validation_s"]
        verdict = "OK" if seconds < MAX_VALIDATION_S_10K else "TOO SLOW"
        out.append(f"- validation(10,000) = {seconds:.2f} s "
                   f"(goal < {MAX_VALIDATION_S_10K:g} s): {verdict}")
    return out


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs")
    parser.add_argument("--territory", type=Path, default=DEFAULT_TERRITORY,
                        help="folder with territoire.yml and its GeoJSON "
                             "(default: tests/examples/base)")
    parser.add_argument("--skip-build-above", type=int, default=None, metavar="N",
                        help="only validate the sizes above N")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects")
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    territory: Path = args.territory.resolve()
    for size in args.sizes if args.one is None else [args.one]:
        counts(size)  # fail early on a size that is too small

    if args.one is not None:  # child process: one size, JSON on stdout
        build = args.skip_build_above is None or args.one <= args.skip_build_above
        print(json.dumps(measure(args.one, args.engine, territory, build, args.seed, args.keep)))
        return 0

    results: list[dict[str, Any]] = []
    for size in args.sizes:
        command = [sys.executable, __file__, "--one", str(size), "--engine", args.engine,
                   "--territory", str(territory), "--seed", str(args.seed)]
        if args.skip_build_above is not None:
            command += ["--skip-build-above", str(args.skip_build_above)]
        if args.keep:
            command.append("--keep")
        print(f"N = {size:,}…", file=sys.stderr, flush=True)
        proc = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
        if proc.returncode != 0:
            print(f"the benchmark of N = {size} failed", file=sys.stderr)
            return proc.returncode
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))

    text = report(results, args.engine, territory)
    print(text)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "report.md").write_text(text, encoding="utf-8")
    (OUT / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
