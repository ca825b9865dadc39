"""The search's vocabulary (data/recherche.yml): the needs a query may name, the words for the
facets' filters and languages, the stop words; and the needs a page serves by its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from ..text import fold

# The hidden filter (no facet) of the needs (data/recherche.yml) that only a page's text decides:
# a structure's services, a guidance page. The rest of a need (structure types, professions,
# same-day care) is matched at query time through the facets' filters: every filter value a
# page carries makes every search count it, so hidden filters are kept small.
NEED = "besoin"
FIRST = ":1"  # suffix of a need's value on the entries that serve it first
GUIDE = ":guide"  # suffix of a need's value on its guidance pages
CAMPAIGN = "campagne"  # the `page` of a prevention campaign, for the needs' « campagnes » rule


@dataclass(frozen=True)
class Need:
    """A need (« urgences », « imagerie »): the words that name it, who serves it first, who also."""

    code: str
    words: tuple[str, ...]
    first: dict[str, Any]
    also: dict[str, Any]


@dataclass(frozen=True)
class Vocabulary:
    needs: tuple[Need, ...]
    attributes: dict[str, tuple[str, ...]]  # filter name -> words
    languages: dict[str, tuple[str, ...]]  # language code -> words
    stop_words: frozenset[str]  # folded
    unlisted: dict[str, tuple[str, ...]]  # practitioners the directory does not list -> words


@cache
def search_data() -> dict[str, Any]:
    """data/recherche.yml as written."""
    data: dict[str, Any] = yaml.safe_load(
        resources.files("cpts").joinpath("data/recherche.yml").read_text("utf-8"))
    return data


@cache
def search_vocabulary() -> Vocabulary:
    """data/recherche.yml: needs, attribute words, language words, stop words."""
    data = search_data()
    needs = tuple(Need(code, tuple(str(w) for w in need["mots"]), need.get("d_abord", {}),
                       need.get("aussi", {})) for code, need in data["besoins"].items())
    return Vocabulary(
        needs,
        {key: tuple(str(w) for w in words) for key, words in data["attributs"].items()},
        {code: tuple(str(w) for w in words) for code, words in data["langues"].items()},
        frozenset(_WORD.findall(fold(" ".join(str(w) for w in data["mots_vides"])))),
        {name: tuple(str(w) for w in item["mots"])
         for name, item in data.get("hors_annuaire", {}).items()},
    )


def phrase_key(text: str) -> str:
    """The form a query's words are compared in: folded, one space apart, stop words out."""
    stop = search_vocabulary().stop_words
    return " ".join(w for w in _WORD.findall(fold(text)) if w not in stop)


@dataclass(frozen=True)
class Server:
    """What the needs' text rules look at: a structure's services, a guidance page."""

    services: tuple[str, ...] = ()
    page: str | None = None
    title: str = ""


def serves(rule: dict[str, Any], server: Server) -> bool:
    if server.page and server.page in rule.get("pages", ()):
        return True
    words = [phrase_key(w) for w in rule.get("services", ())]
    if any(_contains(phrase_key(service), word) for service in server.services for word in words):
        return True
    return server.page == CAMPAIGN and any(_contains(phrase_key(server.title), phrase_key(w))
                                           for w in rule.get("campagnes", ()))


def _contains(text: str, word: str) -> bool:
    """`word` starts one of the words of `text` (« radio » in « radiographie sur place »)."""
    return bool(word) and any(w.startswith(word) for w in text.split())


def need_filters(server: Server, guide: bool = False) -> list[tuple[str, str]]:
    """The hidden « besoin » filter values of an entry (`need:1` for the needs it serves first,
    `need` for the others) or of a guidance page (`need:guide`), from their text only."""
    values: list[tuple[str, str]] = []
    for need in search_vocabulary().needs:
        if guide:
            if serves(need.first, server) or serves(need.also, server):
                values.append((NEED, need.code + GUIDE))
        elif serves(need.first, server):
            values.append((NEED, need.code + FIRST))
        elif serves(need.also, server):
            values.append((NEED, need.code))
    return values


_WORD = re.compile(r"[a-z0-9]+")
