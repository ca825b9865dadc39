"""The relevance test set (tests/relevance/*.yml) run through the real search page in chromium.

Each query is typed in the address (`recherche/?q=…`) as a shared link would; what the page
shows first (results, then the links of the guidance shown when there is none) is compared with
the entries and pages the set says answer the query. Used by tests/test_search_relevance.py and
benchmarks/search_relevance.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

from cpts.model import Directory, Professional, Structure

SETS = Path(__file__).resolve().parent / "relevance"
TOP = 5


@dataclass(frozen=True)
class Query:
    q: str
    relevant: tuple[dict[str, Any], ...]
    first: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class Outcome:
    query: Query
    shown: list[str]  # paths, in the order shown, without the leading slash
    precision: float  # answers among the first TOP / min(TOP, answers that exist)
    missing: list[dict[str, Any]]  # selectors of `premiers` not matched among the first TOP
    results: int  # how many of `shown` are results (the rest: guidance links)

    @property
    def zero(self) -> bool:
        return self.results == 0


def load_queries(name: str = "requetes.yml") -> list[Query]:
    items = yaml.safe_load((SETS / name).read_text(encoding="utf-8"))
    return [Query(item["q"], tuple(item.get("pertinents", [])), tuple(item.get("premiers", [])))
            for item in items]


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _entry_matches(entry: Professional | Structure, selector: dict[str, Any]) -> bool:
    for key, value in selector.items():
        if key == "profession":
            ok = isinstance(entry, Professional) and entry.profession == value
        elif key == "specialite":  # a structure's: the specialties whose patients it receives
            ok = value in entry.specialties
        elif key == "structure":
            ok = isinstance(entry, Structure) and entry.type == value
        elif key == "commune":
            communes = ({entry.commune.insee} if isinstance(entry, Structure)
                        else {place.commune.insee for place in entry.places})
            ok = bool(communes & set(_as_list(value)))
        elif key == "nouveaux_patients":
            ok = isinstance(entry, Professional) and entry.published_new_patients == value
        elif key == "langue":
            ok = isinstance(entry, Professional) and value in entry.languages
        elif key == "visites_domicile":
            ok = (isinstance(entry, Professional)
                  and any(place.home_visits for place in entry.places) == value)
        elif key == "soins_non_programmes":
            ok = bool(entry.same_day_care) == value
        elif key == "accessible":
            places: Iterable[Any] = [entry] if isinstance(entry, Structure) else entry.places
            ok = any(place.wheelchair_access for place in places) == value
        else:
            ok = False
        if not ok:
            return False
    return True


def answers(directory: Directory, selectors: Iterable[dict[str, Any]]) -> set[str]:
    """The entry paths (« professionnels/slug/ ») the selectors match; page selectors aside."""
    entries: list[tuple[str, Professional | Structure]] = [
        (f"professionnels/{p.slug}/", p) for p in directory.professionals]
    entries += [(f"structures/{s.slug}/", s) for s in directory.structures.values()]
    found: set[str] = set()
    for selector in selectors:
        if "fiche" in selector:
            found.add(selector["fiche"])
        elif "page" not in selector:
            found |= {path for path, entry in entries if _entry_matches(entry, selector)}
    return found


def _is_answer(directory: Directory, path: str, selectors: Iterable[dict[str, Any]]) -> bool:
    for selector in selectors:
        if "page" in selector and path.startswith(selector["page"]):
            return True
    return path in answers(directory, [s for s in selectors if "page" not in s])


def shown_paths(page: Any, base_url: str, q: str, prefix: str = "") -> tuple[list[str], int]:
    """What the search page shows for `q`: result links, then guidance links, as site paths
    (without the language's `prefix`, « en/ »); and how many are results."""
    page.goto(f"{base_url}{prefix}recherche/?q={quote(q)}")
    page.wait_for_selector("[data-cpts-search][data-ready=true]", state="attached")
    results, guidance = page.evaluate("""() => [
        '#cpts-results li.cpts-result h2 a', '#cpts-guidance:not([hidden]) a[data-cpts-answer]',
    ].map((css) => [...document.querySelectorAll(css)].map(
        (a) => new URL(a.getAttribute('href'), location.href).pathname.replace(/^\\//, '')))""")
    paths = [p[len(prefix):] if prefix and p.startswith(prefix) else p for p in results + guidance]
    return paths, len(results)


def evaluate(directory: Directory, query: Query, shown: list[str], results: int) -> Outcome:
    exist = answers(directory, query.relevant)
    pages = [s for s in query.relevant if "page" in s]
    possible = len(exist) + len(pages)
    top = shown[:TOP]
    hits = sum(1 for path in top if _is_answer(directory, path, query.relevant))
    precision = hits / min(TOP, possible) if possible else 1.0
    missing = [s for s in query.first
               if not any(_is_answer(directory, path, [s]) for path in top)]
    return Outcome(query, shown, min(precision, 1.0), missing, results)


def run_set(page: Any, base_url: str, directory: Directory,
            queries: list[Query], prefix: str = "") -> list[Outcome]:
    """Every query of a set through the search page of one language (`prefix`: « en/ »)."""
    return [evaluate(directory, query, *shown_paths(page, base_url, query.q, prefix))
            for query in queries]


def report(outcomes: list[Outcome]) -> str:
    """A Markdown summary: mean precision@5, zero-result queries, misses."""
    mean = sum(o.precision for o in outcomes) / len(outcomes)
    zero = [o.query.q for o in outcomes if o.zero]
    missed = [o for o in outcomes if o.missing]
    lines = [f"queries: {len(outcomes)}", f"precision@{TOP}: {mean:.2f}",
             f"zero results: {len(zero)} ({', '.join(zero) or '-'}), "
             f"of which with guidance: {sum(1 for o in outcomes if o.zero and o.shown)}",
             f"queries missing an expected first answer: {len(missed)}"]
    for o in outcomes:
        flag = " MISSING " + str(o.missing) if o.missing else ""
        lines.append(f"  {o.precision:.2f}  {o.query.q!r}: {', '.join(o.shown[:TOP]) or '-'}{flag}")
    return "\n".join(lines)
