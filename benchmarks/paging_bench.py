"""Pages that list entries, and `cpts validate FILE`, as the directory grows.

    python benchmarks/paging_bench.py [--sizes 1000 10000] [--runs 3]

For each size, in a temporary project: the generation stage (docs tree), then the largest
pages that list entries (commune pages, listings by profession, same-day care) and how many
pages each list has; then the validation of the whole directory against that of one
professional's file and one structure's file (medians of `--runs`, CPU seconds, in this
process, schemas compiled beforehand). Prints a Markdown report.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

try:  # run as a script: benchmarks/ is on sys.path
    from run import _make_project
    from synthetic import DEFAULT_TERRITORY, TODAY
except ModuleNotFoundError:
    from benchmarks.run import _make_project
    from benchmarks.synthetic import DEFAULT_TERRITORY, TODAY


def _listing_pages(docs: Path) -> list[Path]:
    return [*docs.glob("annuaire/**/*.md"), *docs.glob("soins-non-programmes*.md"),
            *docs.glob("soins-non-programmes/*.md"), *docs.glob("en/soins-non-programmes*.md"),
            *docs.glob("en/soins-non-programmes/*.md")]


def _cpu(work: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        work()  # type: ignore[operator]
        times.append(time.process_time() - start)
    return statistics.median(times)


def measure(n: int, runs: int) -> list[str]:
    from cpts.directory.validate import validate_directory
    from cpts.pages.stage import generate

    tmp = Path(tempfile.mkdtemp(prefix=f"cpts-paging-{n}-"))
    try:
        project = _make_project(tmp, n, DEFAULT_TERRITORY, 0)
        docs = project / "build" / "docs"
        generate(project, docs, today=TODAY)
        pages = _listing_pages(docs)
        sizes = sorted(((p.stat().st_size, p.relative_to(docs).as_posix()) for p in pages),
                       reverse=True)
        split = sum(1 for p in pages if p.name.startswith("page-"))
        directory = project / "directory"
        validate_directory(DEFAULT_TERRITORY, TODAY)  # compile the schemas
        person = sorted((directory / "professionnels").glob("*.yml"))[0]
        structure = sorted((directory / "structures").glob("*.yml"))[0]
        whole = _cpu(lambda: validate_directory(directory, TODAY), runs)
        one = _cpu(lambda: validate_directory(directory, TODAY, only=[person]), runs)
        place = _cpu(lambda: validate_directory(directory, TODAY, only=[structure]), runs)
        largest = ", ".join(f"`{name}` {size / 1024:.0f} KB" for size, name in sizes[:3])
        return [f"| {n:,} | {largest} | {len(pages):,} ({split:,} of them pages 2+) | "
                f"{whole:.2f} | {one:.2f} | {place:.2f} |"]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    lines = ["| N | largest pages listing entries (docs tree) | listing pages | "
             "validate all, CPU s | one professional | one structure |",
             "|---:|---|---:|---:|---:|---:|"]
    for n in args.sizes:
        lines += measure(n, args.runs)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
