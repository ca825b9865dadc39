"""Lighthouse scores of the demo site (mobile, simulated throttling) on Debian's chromium.

    make lighthouse         # = the two commands below
    npm ci --prefix benchmarks/lighthouse --ignore-scripts    # Lighthouse (not in make test)
    .venv/bin/python benchmarks/lighthouse.py [--site DIR] [--runs 3] [--page PATH ...] [--no-tiles]

Builds the demo (or takes an already built --site), serves it on 127.0.0.1 the way GitHub
Pages serves it (gzip, `Cache-Control: max-age=600`), runs Lighthouse on each page and prints,
per page, the performance / accessibility / best-practices / SEO scores of the run of median
performance and the audits that lost points; exits 1 when a goal is not met. The JSON
reports go to benchmarks/out/lighthouse/ (git-ignored).

It works offline: Chromium runs without background networking or component updates, every
page is local, and Lighthouse needs no network of its own. The one outside request the pages
make is the map tiles (mkdocs.yml extra.cpts.map.tiles): Lighthouse blocks them itself
(--blocked-url-patterns), so that a machine without internet access does not report their
failure as console errors. The scores are therefore those of the maps without their tile
images (which would add some 15-40 KB each, after the page has rendered); --no-tiles builds
the demo with `tiles: none`, as a site without tiles is.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import CHROMIUM, CHROMIUM_ARGS, serve_directory  # noqa: E402

HERE = ROOT / "benchmarks" / "lighthouse"
CLI = HERE / "node_modules" / "lighthouse" / "cli" / "index.js"
OUT = ROOT / "benchmarks" / "out" / "lighthouse"
TODAY = dt.date(2026, 11, 23)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GOALS = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 95}
CHROME_FLAGS = " ".join(("--headless=new", *CHROMIUM_ARGS))  # the tests' flags
# The home, the search with a query, the map; an entry page is added (first professional).
PAGES = ("", "recherche/?q=kine", "carte/")
# What GitHub Pages does: gzip for text, ten minutes of cache.
COMPRESSED = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".geojson", ".webmanifest")
CACHE_CONTROL = "max-age=600"


class PagesLikeHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with gzip and a cache lifetime, like the production host."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", CACHE_CONTROL)
        super().end_headers()

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the trailing slash
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts_gzip and path.is_file() and path.suffix in COMPRESSED):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return _Body(body)


class _Body:
    """What send_head returns: a file-like object copied into the response."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def entry_page(site: Path) -> str:
    """The first professional's page of the site (« professionnels/<slug>/ »)."""
    pages = sorted(p.parent.name for p in (site / "professionnels").glob("*/index.html"))
    if not pages:
        sys.exit(f"{site} has no professionnels/<slug>/index.html")
    return f"professionnels/{pages[0]}/"


def tile_pattern() -> str | None:
    """The URL pattern of the demo's tile server (mkdocs.yml), for --blocked-url-patterns."""
    from cpts.pages.leaflet import map_tiles

    tiles = map_tiles(ROOT)
    if tiles is None:
        return None
    parts = urlsplit(tiles.url.replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}/*"


def run_lighthouse(url: str, report: Path, blocked: str | None) -> dict[str, Any]:
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", CHROMIUM)}
    command = ["node", str(CLI), url, "--quiet", "--output=json", f"--output-path={report}",
               f"--only-categories={','.join(CATEGORIES)}", "--throttling-method=simulate",
               f"--chrome-flags={CHROME_FLAGS}"]
    if blocked:
        command.append(f"--blocked-url-patterns={blocked}")
    subprocess.run(command, env=env, check=True, timeout=300)
    return json.loads(report.read_text("utf-8"))


def scores(result: dict[str, Any]) -> dict[str, int]:
    return {c: round(100 * (result["categories"][c]["score"] or 0)) for c in CATEGORIES}


def failing_audits(result: dict[str, Any]) -> list[str]:
    """What lost points: the scored audits below full marks (accessibility, best practices,
    SEO), the performance metrics below 0.9 and the failed performance diagnostics
    (Lighthouse 12's « insights » repeat them and are left out)."""
    lines = []
    for category in CATEGORIES:
        for ref in result["categories"][category]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            score = audit["score"]
            if score is None or audit["scoreDisplayMode"] in ("notApplicable", "manual"):
                continue
            if category != "performance":
                failing = ref.get("weight", 0) > 0 and score < 1
            elif ref.get("group") == "metrics":
                failing = score < 0.9
            else:
                failing = score < 0.5 and not ref["id"].endswith("-insight")
            if failing:
                value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                lines.append(f"{category}: {ref['id']} {score:.2f}{value}")
    return lines


def measure(site: Path, pages: list[str], runs: int) -> list[tuple[str, dict[str, Any], list[str]]]:
    OUT.mkdir(parents=True, exist_ok=True)
    blocked = tile_pattern()
    rows = []
    with serve_directory(site, PagesLikeHandler) as base:
        for page in pages:
            results = []
            for run in range(runs):
                name = (page.strip("/").replace("/", "_").replace("?", "_").replace("=", "-")
                        or "accueil")
                results.append(run_lighthouse(base + page, OUT / f"{name}.{run}.json", blocked))
            # The run of median performance (the other categories do not vary).
            results.sort(key=lambda r: scores(r)["performance"])
            median = results[len(results) // 2]
            per_run = [scores(r)["performance"] for r in results]
            rows.append((page or "(accueil)", {**scores(median), "runs": per_run},
                         failing_audits(median)))
    return rows


def print_table(rows: list[tuple[str, dict[str, Any], list[str]]]) -> bool:
    print("| page | performance | accessibility | best practices | SEO | performance runs |")
    print("|---|---:|---:|---:|---:|---|")
    met = True
    for page, result, _ in rows:
        cells = []
        for category in CATEGORIES:
            ok = result[category] >= GOALS[category]
            met &= ok
            cells.append(f"{result[category]}{'' if ok else ' ✗'}")
        print(f"| {page} | {' | '.join(cells)} | {', '.join(map(str, result['runs']))} |")
    print()
    for page, _, audits in rows:
        if audits:
            print(f"{page}:")
            for line in audits:
                print(f"  - {line}")
    goals = ", ".join(f"{c} ≥ {g}" for c, g in GOALS.items())
    print(f"\nGoals ({goals}): {'met' if met else 'NOT met'}")
    return met


def build_demo(site: Path, tiles: bool) -> Path:
    from cpts.rendering.engine import build_site

    project = ROOT
    if not tiles:
        project = site.parent / "project"
        for name in ("content", "directory"):
            shutil.copytree(ROOT / name, project / name)
        text = (ROOT / "mkdocs.yml").read_text("utf-8")
        (project / "mkdocs.yml").write_text(
            re.sub(r"^(\s+tiles:).*$", r"\1 none", text, count=1, flags=re.MULTILINE), "utf-8")
    return build_site(project, site_dir=site, today=TODAY)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build the demo)")
    parser.add_argument("--page", action="append", dest="pages",
                        help="a page path relative to the site root (repeatable)")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median)")
    parser.add_argument("--no-tiles", action="store_true",
                        help="build the demo with extra.cpts.map.tiles: none")
    args = parser.parse_args()
    if not CLI.exists():
        sys.exit("Lighthouse is not installed: npm ci --prefix benchmarks/lighthouse")
    with tempfile.TemporaryDirectory(prefix="cpts-lighthouse-") as tmp:
        site = args.site or build_demo(Path(tmp) / "site", tiles=not args.no_tiles)
        pages = args.pages or [*PAGES, entry_page(site)]
        rows = measure(site, pages, args.runs)
    sys.exit(0 if print_table(rows) else 1)


if __name__ == "__main__":
    main()
