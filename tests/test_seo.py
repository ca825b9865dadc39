"""What search engines read: a description of its own on every page, a canonical address, a
sitemap of every page (entry pages too, though they are out of the navigation) and a
robots.txt that points to it."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

from cpts.pages.config import mkdocs_config, site_url

from .conftest import ROOT

SITE_URL = site_url(ROOT)
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# Link texts that say nothing out of context (Lighthouse's « link-text » audit, RGAA 6.1).
GENERIC_LINK_TEXTS = frozenset({
    "ici", "cliquez ici", "cliquer ici", "en savoir plus", "plus", "suite", "lire la suite",
    "voir plus", "lien", "here", "click here", "more", "read more", "learn more", "link",
})


class _Head(HTMLParser):
    """The <html lang>, <title>, meta descriptions, canonical links and link texts of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.title = ""
        self.descriptions: list[str] = []
        self.canonicals: list[str] = []
        self.links: list[tuple[str, str]] = []  # (href, text)
        self._in_title = False
        self._open_links: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.lang = values.get("lang", "")
        elif tag == "title":
            self._in_title = True
        elif tag == "meta" and values.get("name") == "description":
            self.descriptions.append(" ".join(values.get("content", "").split()))
        elif tag == "link" and values.get("rel") == "canonical":
            self.canonicals.append(values.get("href", ""))
        elif tag == "a" and "href" in values:
            self._open_links.append([values["href"], values.get("aria-label", "")])
        elif tag == "img" and self._open_links:
            self._open_links[-1][1] += " " + values.get("alt", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "a" and self._open_links:
            href, text = self._open_links.pop()
            self.links.append((href, " ".join(text.split())))

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        for link in self._open_links:
            link[1] += data


def read_head(page: Path) -> _Head:
    head = _Head()
    head.feed(page.read_text("utf-8"))
    head.close()
    return head


def page_url(site: Path, page: Path) -> str:
    """The published address of a built page: site_url + its folder."""
    folder = page.parent.relative_to(site).as_posix()
    return SITE_URL + ("" if folder == "." else folder + "/")


def pages(site: Path) -> list[Path]:
    """Every page a visitor can reach (the 404 page is no page of its own)."""
    return sorted(site.rglob("index.html"))


def description_problems(site: Path, default: str) -> list[str]:
    """Pages without exactly one description, with the site-wide one, a too short or too
    long one, or one that another page of the same language has."""
    problems = []
    by_text: dict[tuple[str, str], list[str]] = defaultdict(list)
    for page in pages(site):
        head, name = read_head(page), page.relative_to(site).as_posix()
        if len(head.descriptions) != 1:
            problems.append(f"{name}: {len(head.descriptions)} descriptions")
            continue
        text = head.descriptions[0]
        if text == default:
            problems.append(f"{name}: the site-wide description")
        elif not 30 <= len(text) <= 300:
            problems.append(f"{name}: {len(text)} characters: « {text} »")
        by_text[(head.lang, text)].append(name)
    problems += [f"{', '.join(names)}: the same description « {text} »"
                 for (_, text), names in by_text.items() if len(names) > 1]
    return problems


def canonical_problems(site: Path) -> list[str]:
    return [f"{page.relative_to(site).as_posix()}: canonical {head.canonicals}"
            for page in pages(site)
            if (head := read_head(page)).canonicals != [page_url(site, page)]]


def sitemap_urls(site: Path) -> list[str]:
    tree = ET.parse(site / "sitemap.xml")
    return [loc.text or "" for loc in tree.getroot().iter(f"{SITEMAP_NS}loc")]


def sitemap_problems(site: Path) -> list[str]:
    urls = sitemap_urls(site)
    expected = {page_url(site, page) for page in pages(site)}
    return ([f"missing from sitemap.xml: {url}" for url in sorted(expected - set(urls))]
            + [f"in sitemap.xml but no page: {url}" for url in sorted(set(urls) - expected)]
            + [f"twice in sitemap.xml: {url}" for url in sorted(set(urls))
               if urls.count(url) > 1])


DEFAULT_DESCRIPTION = " ".join(str(mkdocs_config(ROOT).get("site_description", "")).split())


def test_the_demo_has_a_site_url_and_a_default_description() -> None:
    assert SITE_URL.startswith("https://") and SITE_URL.endswith("/")
    assert DEFAULT_DESCRIPTION


def test_every_page_has_one_description_of_its_own(demo_site: Path) -> None:
    assert description_problems(demo_site, DEFAULT_DESCRIPTION) == []


def test_entry_pages_describe_their_entry(demo_site: Path) -> None:
    """A professional's page says who (what a search result shows under the title)."""
    for slug in ("andrieu-clement", "baron-lea"):
        head = read_head(demo_site / "professionnels" / slug / "index.html")
        surname = slug.split("-")[0].capitalize()
        assert surname in head.descriptions[0] or surname in head.title, head.descriptions


def test_every_page_has_a_title_of_its_own(demo_site: Path) -> None:
    by_title: dict[tuple[str, str], list[str]] = defaultdict(list)
    for page in pages(demo_site):
        head = read_head(page)
        assert head.lang and head.title.strip(), page
        by_title[(head.lang, " ".join(head.title.split()))].append(
            page.relative_to(demo_site).as_posix())
    assert {t: n for t, n in by_title.items() if len(n) > 1} == {}


def test_every_page_has_its_canonical_address(demo_site: Path) -> None:
    assert canonical_problems(demo_site) == []


def test_the_sitemap_lists_every_page_once_entry_pages_included(demo_site: Path) -> None:
    assert sitemap_problems(demo_site) == []
    urls = sitemap_urls(demo_site)
    # Pages out of the navigation (not_in_nav) are in it: entries, listings, legal pages.
    for path in ("professionnels/andrieu-clement/", "structures/msp-briancon/",
                 "a-propos/mentions-legales/", "annuaire/"):
        assert SITE_URL + path in urls


def test_robots_txt_allows_crawling_and_points_to_the_sitemap(demo_site: Path) -> None:
    text = (demo_site / "robots.txt").read_text("utf-8")
    rules = [line.split("#")[0].strip() for line in text.splitlines()]
    assert "User-agent: *" in rules
    assert "Disallow: /" not in rules
    assert [r for r in rules if r.startswith("Sitemap:")] == [f"Sitemap: {SITE_URL}sitemap.xml"]


def test_missing_shared_and_default_descriptions_and_sitemap_gaps_are_caught(
        demo_site: Path, tmp_path: Path) -> None:
    """The checks can fail: three pages copied from the demo, then spoilt."""
    site = tmp_path / "site"
    names = ("a-propos/mentions-legales", "a-propos/confidentialite", "a-propos/accessibilite")
    for name in names:
        (site / name).mkdir(parents=True)
        shutil.copy(demo_site / name / "index.html", site / name / "index.html")
    (site / "sitemap.xml").write_text(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<url><loc>{SITE_URL}{name}/</loc></url>" for name in names) + "</urlset>",
        "utf-8")
    assert description_problems(site, DEFAULT_DESCRIPTION) == []
    assert canonical_problems(site) == [] and sitemap_problems(site) == []

    mentions, confidentialite, accessibilite = (site / name / "index.html" for name in names)
    description = read_head(mentions).descriptions[0]
    html = confidentialite.read_text("utf-8")
    confidentialite.write_text(re.sub(r'(<meta name="description" content=")[^"]*',
                                      lambda m: m.group(1) + description, html), "utf-8")
    html = accessibilite.read_text("utf-8")
    accessibilite.write_text(re.sub(r'<meta name="description"[^>]*>|<link rel="canonical"[^>]*>',
                                    "", html), "utf-8")
    (site / "sitemap.xml").write_text(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{SITE_URL}{names[0]}/</loc></url></urlset>", "utf-8")
    assert description_problems(site, DEFAULT_DESCRIPTION) == [
        "a-propos/accessibilite/index.html: 0 descriptions",
        f"a-propos/confidentialite/index.html, a-propos/mentions-legales/index.html: the same "
        f"description « {description} »"]
    assert canonical_problems(site) == ["a-propos/accessibilite/index.html: canonical []"]
    assert sitemap_problems(site) == [f"missing from sitemap.xml: {SITE_URL}{names[2]}/",
                                      f"missing from sitemap.xml: {SITE_URL}{names[1]}/"]


def test_links_say_where_they_go(demo_site: Path) -> None:
    for page in pages(demo_site):
        for href, text in read_head(page).links:
            assert text, f"{page}: a link to {href} without text"
            assert text.lower() not in GENERIC_LINK_TEXTS, f"{page}: « {text} » ({href})"
