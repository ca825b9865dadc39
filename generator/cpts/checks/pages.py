"""The built site's HTML pages, parsed once: their links, ids and the facts the checks read."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

# Elements and attributes whose URL a visitor follows or their browser loads.
URL_ATTRIBUTES = {("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"),
                  ("source", "src"), ("iframe", "src")}
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


@dataclass
class Page:
    path: str  # relative to the site folder, « soins-non-programmes/index.html »
    lang: str | None = None
    title: str = ""
    ids: set[str] = field(default_factory=set)
    links: list[tuple[int, str, str]] = field(default_factory=list)  # (line, element, url)
    images_without_alt: list[int] = field(default_factory=list)
    empty_links: list[int] = field(default_factory=list)
    h1: int = 0
    skipped_headings: list[tuple[int, str, str]] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.in_title = False
        self.link: tuple[int, bool] | None = None  # (line, has an accessible name so far)
        self.last_heading = 0
        self.hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        line = self.getpos()[0]
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        if tag == "html":
            self.page.lang = values.get("lang") or None
        elif tag == "title":
            self.in_title = True
        elif tag == "img" and "alt" not in values:
            self.page.images_without_alt.append(line)
        elif tag == "img" and self.link is not None and values.get("alt"):
            self.link = (self.link[0], True)
        for element, attribute in URL_ATTRIBUTES:
            if tag == element and values.get(attribute):
                self.page.links.append((line, tag, values[attribute]))
        if tag == "a" and "href" in values:
            named = bool(values.get("aria-label") or values.get("title")
                         or values.get("aria-labelledby"))
            self.link = (line, named)
        if tag in HEADINGS:
            level = int(tag[1])
            if tag == "h1":
                self.page.h1 += 1
            if self.last_heading and level > self.last_heading + 1:
                self.page.skipped_headings.append((line, f"h{self.last_heading}", tag))
            self.last_heading = level

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag == "a" and self.link is not None:
            if not self.link[1]:
                self.page.empty_links.append(self.link[0])
            self.link = None

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.page.title += data
        if self.link is not None and data.strip():
            self.link = (self.link[0], True)


def read_pages(site: Path) -> Iterator[Page]:
    for file in sorted(site.rglob("*.html")):
        page = Page(file.relative_to(site).as_posix())
        parser = _Parser(page)
        parser.feed(file.read_text(encoding="utf-8", errors="replace"))
        parser.close()
        yield page
