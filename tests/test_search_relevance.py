"""The relevance test set (tests/relevance/requetes.yml) through the real search page in chromium.

Before issue #16 (commit 84ed1cb), 67 queries: precision@5 0.54, 13 queries with no result,
24 missing an expected first answer. After: 0.96, 5 with no result but guidance to what exists,
none missing (benchmarks/README.md, benchmarks/search_relevance.py).
"""

from __future__ import annotations

import pytest

from cpts.directory.validate import validate_directory
from cpts.model import build_model

from .browser import browser_page
from .conftest import ROOT, TODAY
from .search_relevance import load_queries, report, run_set

pytestmark = pytest.mark.browser


def test_everyday_queries_show_their_answers_first(demo_url: str) -> None:
    raw, _ = validate_directory(ROOT / "directory", TODAY)
    directory = build_model(raw)
    with browser_page() as (page, watch):
        outcomes = run_set(page, demo_url, directory, load_queries())
    summary = report(outcomes)
    assert [o.query.q for o in outcomes if o.missing] == [], summary
    # A query the territory cannot serve still shows what exists: no blank page.
    assert [o.query.q for o in outcomes if not o.shown] == [], summary
    assert sum(o.precision for o in outcomes) / len(outcomes) >= 0.9, summary
    assert watch.page_errors == []


def test_english_queries_on_the_english_page(demo_url: str) -> None:
    raw, _ = validate_directory(ROOT / "directory", TODAY)
    directory = build_model(raw)
    with browser_page() as (page, watch):
        outcomes = run_set(page, demo_url, directory, load_queries("requetes-en.yml"), "en/")
    summary = report(outcomes)
    assert [o.query.q for o in outcomes if o.missing] == [], summary
    assert sum(o.precision for o in outcomes) / len(outcomes) >= 0.9, summary
    assert watch.page_errors == []


def test_the_second_fixture_territory_answers_too(project) -> None:
    """The small directory of tests/examples/base/: what the product knows of needs and words
    serves any territory."""
    from cpts.rendering.engine import build_site

    from .browser import serve_directory

    site = build_site(project, site_dir=project / "site", today=TODAY)
    raw, _ = validate_directory(project / "directory", TODAY)
    directory = build_model(raw)
    with serve_directory(site) as url, browser_page() as (page, watch):
        outcomes = run_set(page, url, directory, load_queries("requetes-base.yml"))
    summary = report(outcomes)
    assert [o.query.q for o in outcomes if o.missing] == [], summary
    assert sum(o.precision for o in outcomes) / len(outcomes) >= 0.9, summary
    assert watch.page_errors == []
