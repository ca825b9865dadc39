"""Search benchmark: on a synthetic directory of N entries, build time with indexing, index size,
bytes a visitor downloads for a typical query, and time from keypress to results.

    .venv/bin/python benchmarks/search_bench.py --n 10000 [--baseline REF --rounds 3]

`--baseline REF` measures, in the same run, the search page of commit REF over the same site
(its recherche.js; Pagefind's bundle as Pagefind writes it), visitors of both taking turns.

Needs Debian's chromium (scripts/bootstrap.sh --browser). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.server
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import browser_page, serve_directory  # noqa: E402

from benchmarks.run import _make_project  # noqa: E402
from benchmarks.synthetic import DEFAULT_TERRITORY  # noqa: E402
from cpts.rendering import search_index  # noqa: E402
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


def _baseline_handler(ref: str) -> type[http.server.SimpleHTTPRequestHandler]:
    """Serves the site as `ref`'s search page would: its recherche.js, Pagefind's bundle as
    Pagefind writes it (without search_index.py's fix). The index itself is the same."""
    script = subprocess.run(["git", "show", f"{ref}:generator/cpts/static/recherche.js"],
                            cwd=ROOT, check=True, capture_output=True).stdout
    replaced = {"/assets/recherche.js": lambda _: script}
    for name in ("pagefind.js", "pagefind-worker.js"):
        replaced[f"/pagefind/{name}"] = lambda body: body.replace(
            search_index._NO_WORD_CHUNKS.encode(), search_index._WORD_CHUNKS.encode())

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            change = replaced.get(self.path.split("?")[0])
            if change is None:
                return super().do_GET()
            body = change((Path(self.directory) / self.path.split("?")[0].lstrip("/")).read_bytes())
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


def settle(page: object) -> None:
    """A visitor reads the first results before typing again: what the page does after them
    (the rest of the results, the counts) is not counted in the next query."""
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    page.wait_for_timeout(400)  # type: ignore[attr-defined]


def session(site: Path, handler: type[http.server.SimpleHTTPRequestHandler] | None
            ) -> dict[str, object]:
    """One visitor, in a fresh browser: load the search page, type each query, then each again."""
    with serve_directory(site, *([handler] if handler else [])) as url, \
            browser_page() as (page, _):
        sizes: dict[str, int] = {}

        def record(response: object) -> None:
            try:
                body = response.body()  # type: ignore[attr-defined]
            except Exception:
                return
            sizes[response.url] = len(body)  # type: ignore[attr-defined]

        def pagefind_bytes() -> int:
            return sum(v for k, v in sizes.items() if "/pagefind/" in k)

        page.on("response", record)
        page.goto(url + "recherche/")
        page.wait_for_selector("[data-cpts-search][data-ready=true]", state="attached")
        page.wait_for_load_state("networkidle")
        startup = pagefind_bytes()
        timings = []
        for query in QUERIES:
            # Measured inside the page, from the input event to the first result shown.
            timings.append(page.evaluate(KEYPRESS_TO_RESULTS, query))
            settle(page)
            if len(timings) == 1:
                first_query = pagefind_bytes()
        # The same queries again: their index chunks and fragments are now in the cache.
        again = []
        for query in QUERIES:
            again.append(page.evaluate(KEYPRESS_TO_RESULTS, query))
            settle(page)
        return {"startup_kb": startup / 1e3, "first_query_kb": first_query / 1e3,
                "queries_kb": (pagefind_bytes() - startup) / 1e3 / len(QUERIES),
                "first": timings, "again": again}


def _range(values: list[float]) -> str:
    low, high = min(values), max(values)
    return f"{low:.0f}" if round(low) == round(high) else f"{low:.0f}–{high:.0f}"


def measure(n: int, baseline: str | None, rounds: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        project = _make_project(Path(tmp), n, DEFAULT_TERRITORY, seed=0)
        start = time.perf_counter()
        site = build_site(project, site_dir=Path(tmp) / "site", today=TODAY)
        build_s = time.perf_counter() - start
        index_bytes = _size(site / "pagefind")
        variants = {"now": None, **({baseline: _baseline_handler(baseline)} if baseline else {})}
        runs: dict[str, list[dict[str, object]]] = {name: [] for name in variants}
        for round_ in range(rounds):
            # Both variants in turn, the order alternating, so that the machine's load falls
            # on both alike.
            for name in list(variants)[::1 if round_ % 2 == 0 else -1]:
                runs[name].append(session(site, variants[name]))
        for name, sessions in runs.items():
            print(f"  {name}: per query, first time / again (ms, {rounds} visitors): " + ", ".join(
                f"{q} {_range([s['first'][i] for s in sessions])} / "  # type: ignore[index]
                f"{_range([s['again'][i] for s in sessions])}"  # type: ignore[index]
                for i, q in enumerate(QUERIES)), file=sys.stderr, flush=True)
        last = runs["now"][-1]
        return {"n": n, "build_s": build_s, "index_mb": index_bytes / 1e6, **last,
                "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--baseline", metavar="REF",
                        help="also measure the search page of this git commit, side by side")
    parser.add_argument("--rounds", type=int, default=1,
                        help="visitors per variant (each a fresh browser); default 1")
    args = parser.parse_args()
    print("| N | build s (with index) | index MB | search start KB | with the first query KB | "
          "KB per query | keypress→results ms (first / warm / warm slowest) |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n in args.n:
        r = measure(n, args.baseline, args.rounds)
        first, again = r["first"], r["again"]
        warm = [*first[1:], *again]  # type: ignore[misc]
        print(f"| {n:,} | {r['build_s']:.1f} | {r['index_mb']:.1f} | {r['startup_kb']:.0f} | "
              f"{r['first_query_kb']:.0f} | {r['queries_kb']:.0f} | "
              f"{first[0]:.0f} / {min(warm):.0f} / {max(warm):.0f} |", flush=True)  # type: ignore[index]


if __name__ == "__main__":
    main()
