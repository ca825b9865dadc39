"""Long lists on several pages of bounded size, so that a page stays light whatever the size
of the directory (and within what a search engine indexes per page).

A list is a sequence of groups (a heading and its lines: the nurses of a commune, the entries
of a commune that see patients the same day); a group longer than what is left on a page goes
on over the next one, its heading repeated. Page 1 keeps the list's address; page n is
`<page>/page-n/`. Every page says which lines it holds (first and last), so that a visitor
finds a name without the map and without the search.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

# Lines (cards) per page: a page of 100 cards weighs about 40 KB of HTML, and Zensical's
# search indexes at most 16,384 words of a page.
PAGE_SIZE = 100

G = TypeVar("G")  # what identifies a group (its heading, its commune…)
T = TypeVar("T")  # one line of the list


def page_src(src: str, number: int) -> str:
    """The source page of page `number` of the list whose first page is `src`."""
    if number == 1:
        return src
    folder = src[: -len("index.md")] if src.endswith("/index.md") or src == "index.md" \
        else src[: -len(".md")] + "/"
    return f"{folder}page-{number}.md"


@dataclass(frozen=True)
class Part(Generic[G, T]):
    """The lines of one group that are on one page; `continued`: the group began on an earlier
    page; `total`: how many lines the whole group has."""

    group: G
    lines: list[T]
    continued: bool
    total: int


@dataclass(frozen=True)
class Page(Generic[G, T]):
    number: int
    count: int  # how many pages the list has
    src: str
    parts: list[Part[G, T]]
    label: str  # what it holds: « Balmiro – Chaso »

    @property
    def lines(self) -> list[T]:
        return [line for part in self.parts for line in part.lines]

    @property
    def single(self) -> bool:
        return self.count == 1


def paginate(src: str, groups: Sequence[tuple[G, Sequence[T]]],
             label: Callable[[list[Part[G, T]]], str], size: int = PAGE_SIZE) -> list[Page[G, T]]:
    """The pages of a list: `size` lines each (the last one fewer), at least one page."""
    chunks: list[list[Part[G, T]]] = [[]]
    room = size
    for group, lines in groups:
        start = 0
        while start < len(lines) or (not lines and start == 0):
            if room == 0:
                chunks.append([])
                room = size
            taken = list(lines[start:start + room])
            chunks[-1].append(Part(group, taken, start > 0, len(lines)))
            start += len(taken)
            room -= len(taken)
            if not lines:
                break
    count = len(chunks)
    return [Page(n, count, page_src(src, n), parts, label(parts) if count > 1 else "")
            for n, parts in enumerate(chunks, start=1)]


def span(first: str, last: str) -> str:
    """« first – last », or one name when both are the same."""
    return first if first == last else f"{first} – {last}"


def grouped_label(parts: list[Part[G, T]], heading: Callable[[G], str],
                  name: Callable[[T], str]) -> str:
    """What a page of a grouped list holds: « Infirmiers (Balmiro – Chaso) », or
    « Médecins (Sarsar) – Sages-femmes (Velro) » when it runs over two groups or more."""
    parts = [part for part in parts if part.lines]
    if not parts:
        return ""
    first, last = parts[0], parts[-1]
    if len(parts) == 1:
        return f"{heading(first.group)} ({span(name(first.lines[0]), name(first.lines[-1]))})"
    return (f"{heading(first.group)} ({name(first.lines[0])}) – "
            f"{heading(last.group)} ({name(last.lines[-1])})")
