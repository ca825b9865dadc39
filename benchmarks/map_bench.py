"""Measure the « Carte » page on synthetic directories: bytes per entry, generation time, and
the time until the markers are shown in headless chromium.

    python benchmarks/map_bench.py [--sizes 100 1000 10000] [--territory DIR] [--seed 0]

For each size: a synthetic directory (benchmarks/synthetic.py) around the demo's territory
(21 communes), the generation stage (timed, and the map's producers alone), then the Carte page
rendered by MkDocs in a small site holding only that page and the assets (the page's HTML does
not depend on the other pages), served on 127.0.0.1 and opened in Debian's chromium with every
other host blocked (so no tiles are drawn: they are not counted). The report is printed and
written to benchmarks/out/map.md.

Map page bytes = the page's HTML + its marker data (assets/carte/lieux.json); Leaflet, the map
script, the territory's outline and tiles are fixed costs, listed apart. The places' details
(assets/carte/lieux/*.json) are fetched only when a popup or a commune of the list is opened.
In chromium: every file the page loaded (raw and gzipped, as a server that compresses sends
them), and until when the main thread was busy with long tasks (a tap waits meanwhile).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synthetic import ROOT, TODAY, make_directory

OUT = ROOT / "benchmarks" / "out"
GOAL_BYTES_PER_ENTRY = 120
GOAL_MARKERS_S = 2.0
GOAL_DATA_BYTES = 300_000  # issue #17, at 10,000 entries

# Records when the map says it is ready, when the first marker or cluster appears, and the
# main thread's long tasks (over 50 ms: the page does not answer a tap meanwhile).
_WATCH_SCRIPT = """
window.__cpts = {tasks: []};
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (t) { window.__cpts.tasks.push([t.startTime, t.duration]); });
}).observe({type: 'longtask', buffered: true});
new MutationObserver(function () {
  var map = document.getElementById('carte');
  if (!map) return;
  if (!window.__cpts.first && map.querySelector('.leaflet-marker-pane > div'))
    window.__cpts.first = performance.now();
  if (!window.__cpts.ready && map.dataset.cptsState === 'ready')
    window.__cpts.ready = performance.now();
}).observe(document, {subtree: true, childList: true, attributes: true});
"""


def _project(tmp: Path, n: int, territory: Path, seed: int) -> Path:
    project = tmp / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("content",):
        shutil.copytree(ROOT / name, project / name)
    make_directory(n, project / "directory", seed=seed, territory=territory)
    return project


def _map_site(project: Path, docs: Path, site: Path) -> None:
    """MkDocs renders the home page and the Carte page with the assets: nothing else."""
    from cpts.rendering.engine import _render_mkdocs

    small = project / "build" / "map-docs"
    (small / "carte").mkdir(parents=True)
    shutil.copy(docs / "index.md", small / "index.md")
    shutil.copy(docs / "carte" / "index.md", small / "carte" / "index.md")
    shutil.copytree(docs / "assets", small / "assets")
    _render_mkdocs(project, small, site, strict=False)


# Lighthouse's mobile « slow 4G » (150 ms RTT, 1.6 Mbit/s, CPU 4× slower) applied in the browser
# as Lighthouse does with devtools throttling (latency × 3.75, throughput × 0.9), gzip served:
# a phone on a mountain mobile network.
SLOW_4G = {"offline": False, "latency": 150 * 3.75, "downloadThroughput": 1638.4 * 0.9 * 1000 / 8,
           "uploadThroughput": 750 * 0.9 * 1000 / 8}
SLOW_CPU = 4


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2] if values else float("nan")


def _time_in_browser(site: Path, runs: int = 3, slow: bool = False) -> dict[str, Any]:
    """Median of `runs` loads of the Carte page: when the markers are shown, the long tasks, the
    files loaded; on a slow phone (`slow`), also how long a commune of the list takes to open."""
    from playwright.sync_api import sync_playwright
    from tests.browser import CHROMIUM, CHROMIUM_ARGS, serve_directory

    from lighthouse import PagesLikeHandler

    marks: dict[str, list[float]] = {"markers_s": [], "first_marker_s": [], "busy_s": [],
                                     "blocking_s": [], "commune_s": []}
    loaded: dict[str, int] = {}
    viewport = {"width": 412, "height": 823} if slow else {"width": 1280, "height": 900}
    with serve_directory(site, *([PagesLikeHandler] if slow else [])) as url, \
            sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(runs):
            context = browser.new_context(viewport=viewport)
            context.route("**/*", lambda route: route.continue_()
                          if route.request.url.startswith(url) else route.abort())
            page = context.new_page()
            if slow:
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.emulateNetworkConditions", SLOW_4G)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": SLOW_CPU})
            page.add_init_script(_WATCH_SCRIPT)
            page.goto(f"{url}carte/", timeout=120_000)
            page.wait_for_selector("#carte[data-cpts-state=ready]", timeout=120_000)
            page.wait_for_timeout(2000)  # what the page does once the markers are shown
            seen = page.evaluate("window.__cpts")
            marks["markers_s"].append(seen["ready"] / 1000)
            marks["first_marker_s"].append(seen["first"] / 1000)
            marks["busy_s"].append(max((start + length for start, length in seen["tasks"]),
                                       default=0) / 1000)
            marks["blocking_s"].append(sum(length - 50 for _, length in seen["tasks"]) / 1000)
            if slow and page.locator(".cpts-carte__toggle").count():
                start = page.evaluate("performance.now()")
                page.locator(".cpts-carte__toggle").first.click()
                page.wait_for_selector(".cpts-carte__place", timeout=60_000)
                marks["commune_s"].append((page.evaluate("performance.now()") - start) / 1000)
            for name in page.evaluate("[location.href, ...performance.getEntriesByType('resource')"
                                      ".map(r => r.name)]"):
                path = site / urlsplit(name).path.lstrip("/")
                path = path / "index.html" if path.is_dir() else path
                if name.startswith(url) and path.is_file() and not slow:
                    loaded[str(path.relative_to(site))] = path.stat().st_size
            context.close()
        browser.close()

    result: dict[str, Any] = {key: _median(values) for key, values in marks.items()}
    if slow:
        return {f"slow_{key}": value for key, value in result.items()}
    result |= {"page_bytes": sum(loaded.values()),
               "page_gzip": sum(len(gzip.compress((site / name).read_bytes(), 9))
                                for name in loaded),
               "page_files": sorted(loaded.items(), key=lambda item: -item[1])}
    return result


def measure(n: int, territory: Path, seed: int, browser: bool) -> dict[str, Any]:
    from cpts.directory.validate import validate_directory
    from cpts.model import build_model
    from cpts.pages.carte import map_page, map_places
    from cpts.pages.leaflet import map_assets
    from cpts.pages.output import SiteContext
    from cpts.pages.stage import generate

    tmp = Path(tempfile.mkdtemp(prefix=f"cpts-map-{n}-"))
    try:
        project = _project(tmp, n, territory, seed)
        docs = project / "build" / "docs"
        start = time.perf_counter()
        generate(project, docs, today=TODAY)
        generate_s = time.perf_counter() - start

        raw, _ = validate_directory(project / "directory", TODAY)
        directory = build_model(raw)
        context = SiteContext(project=project, today=TODAY)
        list(map_assets(directory, context))  # warm-up: the tile catalogue, file reads
        start = time.perf_counter()
        files = list(map_page(directory, context))
        map_s = time.perf_counter() - start
        places = len(map_places(directory))
        data = next(f.content for f in files if f.path.endswith("lieux.json"))

        site = tmp / "site"
        _map_site(project, docs, site)
        html = (site / "carte" / "index.html").read_bytes()
        data_bytes = (site / "assets" / "carte" / "lieux.json").read_bytes()
        assert data_bytes == data.encode("utf-8")
        # The places' details, fetched when a popup or a commune of the list is opened.
        details = sorted((site / "assets" / "carte" / "lieux").glob("*.json"))
        result: dict[str, Any] = {
            "n": n, "places": places, "generate_s": generate_s, "map_generate_s": map_s,
            "html_bytes": len(html), "data_bytes": len(data_bytes),
            "html_gzip": len(gzip.compress(html, 9)), "data_gzip": len(gzip.compress(data_bytes, 9)),
            "details_files": len(details),
            "details_bytes": sum(f.stat().st_size for f in details),
            "details_gzip": sum(len(gzip.compress(f.read_bytes(), 9)) for f in details),
            "details_largest": max((f.stat().st_size for f in details), default=0),
            "fixed": {name: (site / "assets" / path).stat().st_size for name, path in (
                ("carte.js", "carte/carte.js"), ("carte.css", "carte/carte.css"),
                ("territoire.geojson", "carte/territoire.geojson"),
                ("leaflet.js", "leaflet/leaflet.js"),
                ("leaflet.markercluster.js", "leaflet/leaflet.markercluster.js"))},
        }
        if browser:
            result |= _time_in_browser(site)
            result |= _time_in_browser(site, slow=True)
        return result
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _kb(n: float) -> str:
    return f"{n / 1000:,.1f}"


def report(results: list[dict[str, Any]], territory: Path) -> str:
    lines = [
        f"# Map benchmark ({dt.date.today().isoformat()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()})",
        "",
        f"Territory: `{territory.relative_to(ROOT) if territory.is_relative_to(ROOT) else territory}`."
        " N = professionals + structures. KB = 1,000 bytes, gzip at level 9. Marker data = "
        "assets/carte/lieux.json, loaded with the page; details = assets/carte/lieux/*.json, "
        "loaded when a popup or a commune of the list is opened. Page loaded = every file the "
        "browser fetched for the Carte page (tiles blocked), 2 s after the markers are shown.",
        "",
        "| N | places | HTML KB | marker data KB | marker data KB gzip | details KB (files, "
        "largest) | details KB gzip | page loaded KB | page loaded KB gzip |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        details = (f"{_kb(r['details_bytes'])} ({r['details_files']}, {_kb(r['details_largest'])})"
                   if r["details_files"] else "—")
        lines.append(
            f"| {r['n']:,} | {r['places']:,} | {_kb(r['html_bytes'])} | {_kb(r['data_bytes'])} | "
            f"{_kb(r['data_gzip'])} | {details} | "
            f"{_kb(r['details_gzip']) if r['details_files'] else '—'} | "
            f"{_kb(r.get('page_bytes', float('nan')))} | {_kb(r.get('page_gzip', float('nan')))} |")
    lines += [
        "",
        "| N | generation s (whole stage) | map producer s | first marker s | markers shown s "
        "| main thread busy until s | blocking s (long tasks beyond 50 ms) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    nan = float("nan")
    for r in results:
        lines.append(
            f"| {r['n']:,} | {r['generate_s']:.2f} | {r['map_generate_s']:.3f} | "
            f"{r.get('first_marker_s', nan):.2f} | {r.get('markers_s', nan):.2f} | "
            f"{r.get('busy_s', nan):.2f} | {r.get('blocking_s', nan):.2f} |")
    if any("slow_markers_s" in r for r in results):
        lines += [
            "",
            f"A phone on a slow network ({SLOW_4G['latency']:g} ms latency, "
            f"{SLOW_4G['downloadThroughput'] * 8 / 1e6:.2f} Mbit/s down, CPU {SLOW_CPU}× slower: "
            "Lighthouse's slow 4G as devtools applies it; gzip served), 412 × 823:",
            "",
            "| N | first marker s | markers shown s | main thread busy until s | blocking s "
            "| a commune of the list opened s |",
            "|---:|---:|---:|---:|---:|---:|",
        ]
        for r in results:
            lines.append(
                f"| {r['n']:,} | {r.get('slow_first_marker_s', nan):.2f} | "
                f"{r.get('slow_markers_s', nan):.2f} | {r.get('slow_busy_s', nan):.2f} | "
                f"{r.get('slow_blocking_s', nan):.2f} | {r.get('slow_commune_s', nan):.2f} |")
    fixed = results[-1]["fixed"]
    lines += ["", "Fixed costs (bytes, uncompressed): " + ", ".join(
        f"{name} {size:,}" for name, size in fixed.items()), ""]
    large = max(results, key=lambda r: r["n"])
    if "page_files" in large:
        lines += ["Largest files loaded at N = " + f"{large['n']:,}: " + ", ".join(
            f"{name} {size:,}" for name, size in large["page_files"][:6]), ""]
    per_entry = (large["html_bytes"] + large["data_bytes"]) / large["n"]
    verdict = "OK" if per_entry <= GOAL_BYTES_PER_ENTRY else "TOO BIG"
    lines.append(f"- bytes per entry at N = {large['n']:,} (HTML + marker data): {per_entry:.1f} "
                 f"(goal ≤ {GOAL_BYTES_PER_ENTRY}): {verdict}")
    verdict = "OK" if large["data_bytes"] <= GOAL_DATA_BYTES else "TOO BIG"
    lines.append(f"- marker data at N = {large['n']:,}: {_kb(large['data_bytes'])} KB "
                 f"(goal ≤ {_kb(GOAL_DATA_BYTES)} KB at 10,000): {verdict}")
    if "markers_s" in large:
        verdict = "OK" if large["markers_s"] < GOAL_MARKERS_S else "TOO SLOW"
        lines.append(f"- markers shown at N = {large['n']:,}: {large['markers_s']:.2f} s "
                     f"(goal < {GOAL_MARKERS_S:g} s): {verdict}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--territory", type=Path, default=ROOT / "directory",
                        help="folder with territoire.yml and its GeoJSON (default: the demo's)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-browser", action="store_true", help="skip the chromium timing")
    args = parser.parse_args(argv)
    results = []
    for n in args.sizes:
        print(f"N = {n:,}…", file=sys.stderr, flush=True)
        results.append(measure(n, args.territory.resolve(), args.seed, not args.no_browser))
    text = report(results, args.territory.resolve())
    print(text)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "map.md").write_text(text, encoding="utf-8")
    (OUT / "map.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
