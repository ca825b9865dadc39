"""cpts against plain mkdocs-material on the same number of pages, side by side (issue #17).

    python benchmarks/material_compare.py [--entries 1000] [--runs 3] [--profile] [--preview]

One synthetic directory of N entries is built with `cpts build`; a plain mkdocs-material site
with the same number of pages (one screen of Markdown each, a nav of the same shape, Material's
default search plugin) is built with `mkdocs build`. The two builds alternate, each in a fresh
process, `--runs` times; the medians of CPU seconds (the process and its children: Pagefind),
peak RSS and the bytes of an entry page (raw and gzipped) are printed with their ratios.

`--profile` adds one cProfile run of the cpts build, grouped by stage. `--preview` adds the
preview latency: `cpts serve` on the same directory, one YAML file edited, time until the served
page shows the edit (median of 3 edits).
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

try:  # run as a script: benchmarks/ is on sys.path
    from synthetic import DEFAULT_TERRITORY, ROOT, TODAY, make_directory
except ModuleNotFoundError:
    from benchmarks.synthetic import DEFAULT_TERRITORY, ROOT, TODAY, make_directory

# Goals of issue #17.
MAX_CPU_RATIO = 1.5
MAX_RSS_RATIO = 2.0
MAX_PAGE_RATIO = 1.3
MAX_PREVIEW_S = 2.0


# -- the two projects ----------------------------------------------------------------------

def make_cpts_project(tmp: Path, n: int, seed: int) -> Path:
    project = tmp / "cpts"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "content", project / "content")
    make_directory(n, project / "directory", seed=seed, territory=DEFAULT_TERRITORY)
    return project


PLAIN_PAGE = """\
# {title}

Page {index} d'un site Material ordinaire : un titre, un paragraphe, une liste et un tableau,
à peu près un écran, comme une fiche de l'annuaire.

- Adresse : {index} rue de l'Exemple, 00000 Commune
- Téléphone : 04 00 00 00 00
- Horaires : du lundi au vendredi, 08:00-12:00 et 14:00-19:00

| Jour | Horaires |
|---|---|
| lundi | 08:00-12:00, 14:00-19:00 |
| mardi | 08:00-12:00, 14:00-19:00 |
| mercredi | 08:00-12:00 |

Informations pratiques : carte Vitale acceptée, langues parlées : français, anglais.
"""


def make_plain_project(tmp: Path, pages: int) -> Path:
    """A plain Material site of `pages` pages: a nav of the demo's shape (8 items and a
    section of 8), every other page out of the nav, as cpts's entry pages are."""
    project = tmp / "plain"
    docs = project / "docs"
    (docs / "fiches").mkdir(parents=True)
    nav_pages = [f"rubrique-{i}.md" for i in range(1, 8)]
    section = [f"section/page-{i}.md" for i in range(1, 9)]
    (docs / "section").mkdir()
    listed = ["index.md", *nav_pages, *section]
    for index, path in enumerate(listed):
        (docs / path).write_text(PLAIN_PAGE.format(title=f"Rubrique {index}", index=index))
    for index in range(pages - len(listed)):
        (docs / "fiches" / f"fiche-{index}.md").write_text(
            PLAIN_PAGE.format(title=f"Fiche {index}", index=index), encoding="utf-8")
    nav = ["  - Accueil: index.md", *(f"  - Rubrique {i}: {p}" for i, p in enumerate(nav_pages, 1)),
           "  - Section:", *(f"      - Page {i}: {p}" for i, p in enumerate(section, 1))]
    (project / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: Site Material ordinaire
        site_url: https://example.org/
        theme:
          name: material
          language: fr
          font: false
          features:
            - navigation.tabs
            - navigation.top
        markdown_extensions:
          - attr_list
          - md_in_html
          - admonition
          - tables
          - toc:
              permalink: false
        not_in_nav: |
          /fiches/
        nav:
        """) + "\n".join(nav) + "\n", encoding="utf-8")
    return project


# -- one measured build --------------------------------------------------------------------

def _run_measured(command: list[str], cwd: Path, env: dict[str, str]) -> dict[str, float]:
    """Run `command`; its CPU seconds (with its children) and peak RSS, from wait4."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=log)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            log.seek(0)
            raise SystemExit(f"{' '.join(command)} failed:\n{log.read().decode(errors='replace')}")
    return {"cpu_s": usage.ru_utime + usage.ru_stime, "wall_s": wall,
            "rss_mb": usage.ru_maxrss / 1024}


def build_cpts(project: Path, site: Path, engine: str = "mkdocs") -> dict[str, float]:
    code = ("import datetime as dt, sys; from pathlib import Path; "
            "from cpts.rendering.engine import build_site; "
            f"build_site(Path({str(project)!r}), engine={engine!r}, site_dir=Path({str(site)!r}), "
            f"today=dt.date.fromisoformat({TODAY.isoformat()!r}))")
    return _run_measured([sys.executable, "-c", code], project, _env())


def build_plain(project: Path, site: Path) -> dict[str, float]:
    mkdocs = Path(sys.executable).with_name("mkdocs")
    return _run_measured([str(mkdocs), "build", "--quiet", "--site-dir", str(site)], project, _env())


def _env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}


def page_bytes(pages: list[Path]) -> tuple[float, float]:
    """Mean raw and gzipped (level 6, as web servers send) bytes of `pages`."""
    raw = [p.read_bytes() for p in pages]
    return (statistics.mean(len(b) for b in raw),
            statistics.mean(len(gzip.compress(b, compresslevel=6, mtime=0)) for b in raw))


def entry_pages(site: Path) -> list[Path]:
    return sorted((site / "professionnels").glob("*/index.html"))


# -- profile -------------------------------------------------------------------------------

# (label, function name as pstats shows it: file suffix and function) — cumulative seconds.
STAGES = (
    ("validation (schemas, rules)", "directory/validate.py", "validate_directory"),
    ("generation stage (incl. validation)", "pages/stage.py", "generate"),
    ("  entry pages through Jinja", "pages/render.py", "render_page"),
    ("  writing the docs tree", "pages/stage.py", "_write_tree"),
    ("MkDocs render (all)", "rendering/engine.py", "_render_mkdocs"),
    ("  reading pages, front matter", "mkdocs/structure/pages.py", "read_source"),
    ("  Python-Markdown (Page.render)", "mkdocs/structure/pages.py", "render"),
    ("  page templates and writing (Material)", "mkdocs/commands/build.py", "_build_page"),
    ("  writing the site", "mkdocs/utils/__init__.py", "write_file"),
    ("search index (Pagefind, subprocess)", "rendering/engine.py", "_post_process"),
)


def profile_cpts(project: Path, site: Path) -> list[tuple[str, float]]:
    import datetime as dt

    from cpts.rendering.engine import build_site

    profiler = cProfile.Profile()
    profiler.enable()
    build_site(project, site_dir=site, today=dt.date.fromisoformat(TODAY.isoformat()))
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = sum(v[3] for k, v in stats.stats.items() if k[2] == "build_site")  # type: ignore[attr-defined]
    rows = [("cpts build (all, in process)", total)]
    for label, file_suffix, function in STAGES:
        seconds = sum(v[3] for (file, _, name), v in stats.stats.items()  # type: ignore[attr-defined]
                      if name == function and file.endswith(file_suffix))
        rows.append((label, seconds))
    return rows


# -- preview latency -----------------------------------------------------------------------

def preview_latency(project: Path, edits: int = 3, port: int = 0) -> list[float]:
    """`cpts serve`, then edit a professional's file `edits` times: seconds until the page
    served shows the edit."""
    import socket

    if not port:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
    cpts = Path(sys.executable).with_name("cpts")
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen([str(cpts), "serve", "--port", str(port)], cwd=project,
                                  env=_env(), stdout=log, stderr=log)
        try:
            return _edit_and_wait(project, f"http://127.0.0.1:{port}/", edits)
        finally:
            server.terminate()
            server.wait(10)


def _edit_and_wait(project: Path, base: str, edits: int) -> list[float]:
    _wait_for(lambda: _get(base) is not None, 900)
    target = next(path for path in sorted((project / "directory" / "professionnels").glob("*.yml"))
                  if "\ncompetences:" not in path.read_text("utf-8"))
    url = f"{base}professionnels/{target.stem}/"
    original = target.read_text("utf-8")
    latencies = []
    for index in range(edits):
        marker = f"Compétence mesurée {index}"
        text = original.replace("\nlieux:", f"\ncompetences:\n- {marker}\nlieux:", 1)
        time.sleep(1.5)  # a distinct mtime, and the watcher idle
        start = time.perf_counter()
        target.write_text(text, encoding="utf-8")
        _wait_for(lambda m=marker: m in (_get(url) or ""), 120)  # type: ignore[misc]
        latencies.append(time.perf_counter() - start)
    return latencies


def _get(url: str) -> str | None:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # 127.0.0.1 only
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(condition: Any, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out waiting for the preview")
        time.sleep(0.05)


# -- report --------------------------------------------------------------------------------

def _median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs")
    parser.add_argument("--profile", action="store_true", help="one profiled cpts build")
    parser.add_argument("--preview", action="store_true", help="preview latency of cpts serve")
    parser.add_argument("--preview-only", action="store_true",
                        help="only the preview latency (no side-by-side builds)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="cpts-vs-material-"))
    try:
        project = make_cpts_project(tmp, args.entries, args.seed)
        if args.preview_only:
            latencies = preview_latency(project, edits=5)
            print(f"Preview (`cpts serve`), {args.entries:,} entries: one YAML edit visible after "
                  f"{', '.join(f'{s:.2f}' for s in latencies)} s "
                  f"(median {statistics.median(latencies):.2f} s, goal ≤ {MAX_PREVIEW_S:g} s)")
            return 0
        print(f"{args.entries:,} entries: first cpts build…", file=sys.stderr, flush=True)
        cpts_runs = [build_cpts(project, tmp / "cpts-site", args.engine)]
        pages = sum(1 for _ in (tmp / "cpts-site").rglob("index.html"))
        plain = make_plain_project(tmp, pages)
        plain_runs = [build_plain(plain, tmp / "plain-site")]
        for run in range(1, args.runs):
            print(f"run {run + 1}/{args.runs}…", file=sys.stderr, flush=True)
            cpts_runs.append(build_cpts(project, tmp / "cpts-site", args.engine))
            plain_runs.append(build_plain(plain, tmp / "plain-site"))
        plain_pages = sum(1 for _ in (tmp / "plain-site").rglob("index.html"))
        cpts_raw, cpts_gz = page_bytes(entry_pages(tmp / "cpts-site"))
        plain_raw, plain_gz = page_bytes(sorted((tmp / "plain-site" / "fiches").glob("*/index.html")))
        figures: dict[str, Any] = {
            "entries": args.entries, "runs": args.runs, "engine": args.engine,
            "pages": pages, "plain_pages": plain_pages,
            "cpts_cpu_s": _median(cpts_runs, "cpu_s"), "plain_cpu_s": _median(plain_runs, "cpu_s"),
            "cpts_wall_s": _median(cpts_runs, "wall_s"),
            "plain_wall_s": _median(plain_runs, "wall_s"),
            "cpts_rss_mb": _median(cpts_runs, "rss_mb"), "plain_rss_mb": _median(plain_runs, "rss_mb"),
            "cpts_page_bytes": cpts_raw, "cpts_page_gzip": cpts_gz,
            "plain_page_bytes": plain_raw, "plain_page_gzip": plain_gz,
        }
        lines = [
            f"cpts build against plain mkdocs-material, {args.entries:,} entries, "
            f"{pages:,} pages (plain: {plain_pages:,}), engine {args.engine}, "
            f"medians of {args.runs} alternated runs, {os.cpu_count()} cores",
            "",
            "| | cpts | plain Material | ratio | goal |",
            "|---|---:|---:|---:|---:|",
            _row("CPU s", figures["cpts_cpu_s"], figures["plain_cpu_s"], MAX_CPU_RATIO, 1),
            _row("wall s", figures["cpts_wall_s"], figures["plain_wall_s"], None, 1),
            _row("peak RSS MB", figures["cpts_rss_mb"], figures["plain_rss_mb"], MAX_RSS_RATIO, 0),
            _row("entry page KB", cpts_raw / 1000, plain_raw / 1000, MAX_PAGE_RATIO, 1),
            _row("entry page KB gzipped", cpts_gz / 1000, plain_gz / 1000, MAX_PAGE_RATIO, 1),
        ]
        if args.profile:
            rows = profile_cpts(project, tmp / "cpts-site")
            figures["profile"] = rows
            lines += ["", "One profiled cpts build (cProfile, cumulative CPU s; the profiler "
                      "slows Python down, Pagefind is not profiled):", "",
                      "| stage | s |", "|---|---:|",
                      *(f"| {label} | {seconds:.1f} |" for label, seconds in rows)]
        if args.preview:
            latencies = preview_latency(project)
            figures["preview_s"] = latencies
            median = statistics.median(latencies)
            verdict = "OK" if median <= MAX_PREVIEW_S else "too slow"
            lines += ["", f"Preview (`cpts serve`): one YAML edit visible after "
                      f"{', '.join(f'{s:.2f}' for s in latencies)} s (median {median:.2f} s, "
                      f"goal ≤ {MAX_PREVIEW_S:g} s: {verdict})"]
        print("\n".join(lines))
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def _row(label: str, ours: float, plain: float, goal: float | None, digits: int) -> str:
    ratio = ours / plain if plain else float("nan")
    verdict = "" if goal is None else f"≤ {goal:g}× " + ("OK" if ratio <= goal else "**not met**")
    return f"| {label} | {ours:,.{digits}f} | {plain:,.{digits}f} | {ratio:.2f}× | {verdict} |"


if __name__ == "__main__":
    raise SystemExit(main())
