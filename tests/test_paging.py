"""Long lists on several pages: a synthetic directory of 400 entries, built, as a visitor reads
it (pages, « page 2 sur 5 », links between pages, every entry reachable without the map and
without the search), and the size of the pages that list entries at 1,000 entries."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from benchmarks.synthetic import make_directory

from cpts.directory.validate import validate_directory
from cpts.model import Commune, Directory, build_model
from cpts.pages.paging import PAGE_SIZE
from cpts.pages.stage import generate
from cpts.text import slugify

from .conftest import ROOT, TODAY

HREF = re.compile(r'<a [^>]*href="([^"]*)"[^>]*>')
CARD = '<li class="cpts-card">'
SAME_DAY_LINE = re.compile(r'data-cpts-sdc="([^"]+)"')


def _project(root: Path, entries: int) -> Path:
    project = root / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "content", project / "content")
    make_directory(entries, project / "directory", seed=0)
    return project


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Directory]:
    """A built site of 400 synthetic entries (most of them in one commune), and its model."""
    from cpts.rendering.engine import build_site

    project = _project(tmp_path_factory.mktemp("paging"), 400)
    raw, _ = validate_directory(project / "directory", TODAY)
    site = build_site(project, site_dir=project.parent / "site", today=TODAY)
    return site, build_model(raw)


def html(site: Path, url: str) -> str:
    return (site / url.strip("/") / "index.html").read_text("utf-8")


def main(page: str) -> str:
    """The page's own content, without Material's header and navigation."""
    return page[page.index('<article class="md-content__inner'):]


def internal_links(site: Path, url: str) -> Iterator[str]:
    """The site pages a page links to, as « /path/ » (a fragment kept with « # »)."""
    for href in HREF.findall(main(html(site, url))):
        target = urljoin(f"http://site{url}", href.replace("&amp;", "&"))
        parts = urlsplit(target)
        if parts.netloc == "site":
            yield parts.path + (f"#{parts.fragment}" if parts.fragment else "")


def pages_of(site: Path, first: str) -> list[str]:
    """A list's pages, by following « Page suivante » from its first page."""
    found = [first]
    while True:
        nxt = re.search(r'<a href="([^"]+)" rel="next">', main(html(site, found[-1])))
        if not nxt:
            return found
        found.append(urljoin(f"http://site{found[-1]}", nxt.group(1)).removeprefix("http://site"))


def largest_commune(directory: Directory) -> tuple[Commune, str]:
    """The commune with the most entries, and the address of its listing."""
    def size(commune: Commune) -> int:
        return sum(1 for p in directory.professionals if any(pl.commune is commune for pl in p.places))
    commune = max(directory.territory.communes.values(), key=size)
    return commune, f"/annuaire/communes/{slugify(commune.name)}/"


def test_every_entry_is_reachable_from_the_annuaire_without_map_or_search(synthetic) -> None:
    site, directory = synthetic
    seen: set[str] = set()
    todo = ["/annuaire/"]
    entries: set[str] = set()
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        for link in internal_links(site, url):
            page = link.split("#")[0]
            if page.startswith(("/professionnels/", "/structures/")):
                entries.add(page)
            elif page.startswith("/annuaire/") and page not in seen:
                assert (site / page.strip("/") / "index.html").is_file(), f"{url} → {page}"
                todo.append(page)
    assert {f"/professionnels/{p.slug}/" for p in directory.professionals} <= entries
    assert {f"/structures/{slug}/" for slug in directory.structures} <= entries
    assert any("/page-2/" in url for url in seen), "no listing has a second page at 400 entries"


def test_a_long_commune_listing_is_on_pages_that_say_where_the_visitor_is(synthetic) -> None:
    site, directory = synthetic
    commune, first = largest_commune(directory)
    pages = pages_of(site, first)
    assert len(pages) >= 3
    assert pages[1] == first + "page-2/"  # page 1 keeps the listing's address
    count = len(pages)
    found: list[str] = []
    for number, url in enumerate(pages, start=1):
        page = main(html(site, url))
        assert re.search(rf"<h1>Santé à {commune.name} .*\(page {number} sur {count}\)", page)
        nav = re.search(r'<nav class="cpts-pager" id="pages" aria-label="Pages de la liste">'
                        r'(.*?)</nav>', page, re.DOTALL)
        assert nav, url
        assert f"Page {number} sur {count}" in nav.group(1)
        assert re.search(rf'<a href="\./" aria-current="page">Page {number}</a>', nav.group(1))
        assert ('rel="prev"' in nav.group(1)) == (number > 1)
        assert ('rel="next"' in nav.group(1)) == (number < count)
        # Every page is listed, and each link leads to it.
        listed = re.findall(r'<a href="([^"]+)"(?: aria-current="page")?>Page (\d+)</a>', nav.group(1))
        assert [int(n) for _, n in listed] == list(range(1, count + 1))
        for href, n in listed:
            assert urljoin(f"http://site{url}", href).removeprefix("http://site") == pages[int(n) - 1]
        assert 0 < page.count(CARD) <= PAGE_SIZE
        found += re.findall(r'<h[23]><a href="[./]*((?:professionnels|structures)/[a-z0-9-]+)/">',
                            page)
    # Nothing lost, nothing twice: the cards of all pages are the commune's entries.
    expected = [f"professionnels/{p.slug}" for p in directory.professionals
                if any(pl.commune is commune for pl in p.places)]
    expected += [f"structures/{s.slug}" for s in directory.structures.values()
                 if s.commune is commune]
    assert sorted(found) == sorted(expected)


def test_a_listing_by_profession_holds_every_professional_once(synthetic) -> None:
    site, directory = synthetic
    nurses = {p.slug for p in directory.professionals if p.profession == "infirmier"}
    pages = pages_of(site, "/annuaire/infirmier/")
    assert len(pages) == -(-len(nurses) // PAGE_SIZE)
    found: list[str] = []
    for url in pages:
        found += re.findall(r'<h2><a href="[./]*professionnels/([a-z0-9-]+)/">', main(html(site, url)))
    assert sorted(found) == sorted(nurses)
    intro = f"{len(nurses)} professionnels dans le territoire"
    assert all(intro in html(site, url) for url in pages)


def test_the_same_day_care_list_is_split_and_its_commune_links_lead_to_the_right_page(
        synthetic) -> None:
    site, directory = synthetic
    pages = pages_of(site, "/soins-non-programmes/")
    assert len(pages) >= 2
    expected = {f"structure/{s.slug}" for s in directory.structures.values() if s.same_day_care}
    expected |= {f"professionnel/{p.slug}" for p in directory.professionals if p.same_day_care}
    listed = [key for url in pages for key in SAME_DAY_LINE.findall(html(site, url))]
    assert set(listed) == expected
    assert max(len(SAME_DAY_LINE.findall(html(site, url))) for url in pages) <= PAGE_SIZE
    # What to do by situation on page 1; on the next ones, the emergency number and a way back.
    assert 'id="urgence-vitale"' in html(site, pages[0])
    later = main(html(site, pages[1]))
    assert "Urgence vitale : appelez le 15" in later and 'href="tel:15"' in later
    assert "Que faire selon la situation" in later
    for url in pages:
        for link in internal_links(site, url):
            if "#commune-" in link:
                target, anchor = link.split("#")
                assert f'id="{anchor}"' in html(site, target), f"{url} → {link}"


def test_the_english_same_day_care_pages_are_english_and_switch_to_their_french_page(
        synthetic) -> None:
    site, _ = synthetic
    page = html(site, "/en/soins-non-programmes/page-2/")
    assert '<html lang="en"' in page
    assert "Same-day and emergency care" in page and "(page 2 of " in page
    assert 'aria-label="Pages of the list"' in page
    switch = re.search(r'<a class="cpts-lang__link" href="([^"]+)" hreflang="fr"', page)
    assert switch and urljoin("http://site/en/soins-non-programmes/page-2/", switch.group(1)) \
        == "http://site/soins-non-programmes/page-2/"


def test_pages_that_list_entries_stay_small_at_1000_entries(tmp_path: Path) -> None:
    project = _project(tmp_path, 1000)
    generate(project, project / "build" / "docs", today=TODAY)
    docs = project / "build" / "docs"
    listing_pages = [*docs.glob("annuaire/**/*.md"), *docs.glob("**/soins-non-programmes*.md"),
                     *docs.glob("**/soins-non-programmes/*.md")]
    assert len(listing_pages) > 40
    sizes = {p.relative_to(docs).as_posix(): p.stat().st_size for p in listing_pages}
    largest = max(sizes, key=sizes.__getitem__)
    # Before paging, a commune's page held 314 KB of cards at this size, and grew with the
    # directory; 100 cards and the page's own text stay under 70 KB.
    assert sizes[largest] < 70_000, f"{largest}: {sizes[largest]} bytes"
    # Zensical's search indexes at most 16,384 token positions of a page: before paging, this
    # commune's page had 17,800 words at 1,000 entries; now about 2,500.
    for page in listing_pages:
        text = re.sub(r"<[^>]+>", " ", page.read_text("utf-8").split("---", 2)[-1])
        assert len(re.findall(r"\w+", text)) < 5_000, page.relative_to(docs)
    assert (docs / "annuaire" / "communes").is_dir()


def test_the_demo_keeps_one_page_per_listing(demo_site: Path) -> None:
    assert not list(demo_site.glob("**/page-2")), "a demo listing was split"
    for page in [*demo_site.glob("annuaire/**/index.html"),
                 demo_site / "soins-non-programmes" / "index.html"]:
        assert 'class="cpts-pager"' not in page.read_text("utf-8"), page


@pytest.mark.browser
@pytest.mark.parametrize("url", ["/annuaire/infirmier/page-2/", "/soins-non-programmes/page-2/",
                                 "/en/soins-non-programmes/page-2/"])
def test_a_second_page_has_no_accessibility_violation(synthetic, url: str) -> None:
    from .browser import browser_page, serve_directory
    from .test_accessibility import assert_no_violations

    site, _ = synthetic
    with serve_directory(site) as root, browser_page() as (page, watch):
        response = page.goto(root + url.lstrip("/"))
        assert response is not None and response.ok, url
        # The page list is shown, with a link back.
        assert page.get_by_role("navigation", name=re.compile("Pages (de la liste|of the list)")) \
            .get_by_role("link", name=re.compile("^Page (1|précédente|Previous)")).first.is_visible()
        assert_no_violations(page)
        assert not watch.page_errors
