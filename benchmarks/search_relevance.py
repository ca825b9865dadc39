"""Relevance of the search page: the test set tests/relevance/requetes.yml through the built demo
site in chromium; prints precision@5, the zero-result queries and the misses.

    .venv/bin/python benchmarks/search_relevance.py [--site site/] [--base]

Without --site, builds the demo into a temporary folder first. --english: the English page's
set (tests/relevance/requetes-en.yml). --base: the second fixture
territory instead (tests/examples/base/, set tests/relevance/requetes-base.yml). Needs Debian's
chromium.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import browser_page, serve_directory  # noqa: E402
from tests.search_relevance import load_queries, report, run_set  # noqa: E402

from cpts.directory.validate import validate_directory  # noqa: E402
from cpts.model import build_model  # noqa: E402
from cpts.rendering.engine import build_site  # noqa: E402

TODAY = dt.date(2026, 11, 23)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path, help="an already built demo site")
    parser.add_argument("--base", action="store_true", help="the second fixture territory")
    parser.add_argument("--english", action="store_true",
                        help="the English page's set (tests/relevance/requetes-en.yml)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = ROOT
        if args.base:
            project = Path(tmp) / "project"
            shutil.copytree(ROOT / "content", project / "content")
            shutil.copytree(ROOT / "tests" / "examples" / "base", project / "directory")
            shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        raw, _ = validate_directory(project / "directory", TODAY)
        directory = build_model(raw)
        site = args.site or build_site(project, site_dir=Path(tmp) / "site", today=TODAY)
        name = ("requetes-base.yml" if args.base else "requetes-en.yml" if args.english
                else "requetes.yml")
        with serve_directory(site) as url, browser_page() as (page, _):
            print(report(run_set(page, url, directory, load_queries(name),
                                 "en/" if args.english else "")))


if __name__ == "__main__":
    main()
