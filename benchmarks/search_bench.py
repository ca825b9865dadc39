"""Search benchmark: on a synthetic directory of N entries, build time with indexing, index size,
bytes a visitor downloads for a typical query, and time from keypress to results.

    .venv/bin/python benchmarks/search_bench.py --n 10000

Needs Debian's chromium (scripts/bootstrap.sh --browser). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import browser_page, serve_directory  # noqa: E402

from benchmarks.run import _make_project  # noqa: E402
from benchmarks.synthetic import DEFAULT_TERRITORY  # noqa: E402
from cpts.rendering.engine import build_site  # noqa: E402

TODAY = dt.date(2026, 11, 23)
# Profession words, then (issue #16) a ranked need, a need that widens and places before people.
QUERIES = ("kiné", "infirmier", "dentiste", "médecin traitant", "urgences", "pharmacie")
KEYPRESS_TO_RESULTS = """async (query) => {
    const input = document.querySelector("#cpts-q");
    const list = document.querySelector("#cpts-results");
    list.replaceChildren();
    const shown = new Promise((resolve) => new MutationObserver((_, observer) => {
        if (list.querySelector("li.cpts-result")) { observer.disconnect(); resolve(); }
    }).observe(list, {childList: true}));
    input.value = query;
    const start = performance.now();
    input.dispatchEvent(new Event("input", {bubbles: true}));
    await shown;
    return performance.now() - start;
}"""


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def measure(n: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        project = _make_project(Path(tmp), n, DEFAULT_TERRITORY, seed=0)
        start = time.perf_counter()
        site = build_site(project, site_dir=Path(tmp) / "site", today=TODAY)
        build_s = time.perf_counter() - start
        index_bytes = _size(site / "pagefind")
        with serve_directory(site) as url, browser_page() as (page, _):
            sizes: dict[str, int] = {}

            def record(response: object) -> None:
                try:
                    body = response.body()  # type: ignore[attr-defined]
                except Exception:
                    return
                sizes[response.url] = len(body)  # type: ignore[attr-defined]

            page.on("response", record)
            page.goto(url + "recherche/")
            page.wait_for_selector("[data-cpts-search][data-ready=true]", state="attached")
            page.wait_for_load_state("networkidle")
            pagefind_startup = sum(v for k, v in sizes.items() if "/pagefind/" in k)
            before = dict(sizes)
            timings = []
            for query in QUERIES:
                # Measured inside the page, from the input event to the first result shown.
                timings.append(page.evaluate(KEYPRESS_TO_RESULTS, query))
                page.wait_for_load_state("networkidle")
            query_bytes = sum(v for k, v in sizes.items() if k not in before and "/pagefind/" in k)
            # The same queries again: their index chunks and fragments are now in the cache.
            again = []
            for query in QUERIES:
                again.append(page.evaluate(KEYPRESS_TO_RESULTS, query))
                page.wait_for_load_state("networkidle")
        print("  per query, first time / again (ms): " + ", ".join(
            f"{q} {a:.0f} / {b:.0f}" for q, a, b in zip(QUERIES, timings, again, strict=True)),
            file=sys.stderr, flush=True)
        return {"n": n, "build_s": build_s, "index_mb": index_bytes / 1e6,
                "startup_kb": pagefind_startup / 1e3, "queries_kb": query_bytes / 1e3 / len(QUERIES),
                "first_ms": timings[0], "warm_ms": min(timings[1:]),
                "warm_max_ms": max(timings[1:])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    print("| N | build s (with index) | index MB | search start KB | KB per query | "
          "keypress→results ms (first / warm / warm slowest) |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n in args.n:
        r = measure(n)
        print(f"| {n:,} | {r['build_s']:.1f} | {r['index_mb']:.1f} | {r['startup_kb']:.0f} | "
              f"{r['queries_kb']:.0f} | {r['first_ms']:.0f} / {r['warm_ms']:.0f} / "
              f"{r['warm_max_ms']:.0f} |", flush=True)


if __name__ == "__main__":
    main()
