"""How values read on the site, in French and in English: dates, opening hours, lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .i18n import DEFAULT, Language
from .model import DAYS, Commune, Hours, Outside

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


def commune_label(commune: Commune, outside: Outside | None, language: Language = DEFAULT) -> str:
    """« Nice (hors territoire, à 38 km) » for a place outside the territory, else its name."""
    if outside is None:
        return commune.name
    note = language.gettext("hors territoire, à %(km)s km") % {"km": outside.distance_km}
    return f"{commune.name} ({note})"


def date_fr(day: dt.date) -> str:
    """2026-10-01 -> « 1er octobre 2026 »."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"


def time_fr(text: str) -> str:
    """« 08:30 » -> « 8 h 30 », « 14:00 » -> « 14 h »."""
    hours, minutes = text.split(":")
    return f"{int(hours)} h" + ("" if minutes == "00" else f" {minutes}")


def span_fr(span: str) -> str:
    start, end = span.split("-")
    return f"{time_fr(start)} à {time_fr(end)}"


def hours_lines(hours: Hours) -> list[tuple[str, str]]:
    """Opening hours as (days, times) lines, consecutive identical days grouped.

    {lundi..vendredi: 08:30-12:00} -> [(« Du lundi au vendredi », « 8 h 30 à 12 h »)]
    """
    return [(_days_label(run), ", ".join(span_fr(s) for s in hours.days[run[0]]))
            for run in _runs(hours)]


def _runs(hours: Hours) -> list[list[str]]:
    """Consecutive open days with the same hours, in week order."""
    runs: list[list[str]] = []
    run: list[str] = []
    for day in (*DAYS, None):
        spans = hours.days.get(day) if day else None
        if run and (day is None or spans != hours.days.get(run[0])):
            runs.append(run)
            run = []
        if spans and day:
            run.append(day)
    return runs


def _days_label(run: list[str]) -> str:
    if len(run) == 1:
        return run[0].capitalize()
    if len(run) == 2:
        return f"{run[0].capitalize()} et {run[1]}"
    return f"Du {run[0]} au {run[-1]}"


def join_fr(items: Iterable[str]) -> str:
    """[a, b, c] -> « a, b et c »."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


# English, for the pages under en/ (see cpts/i18n.py).
DAYS_EN = {"lundi": "Monday", "mardi": "Tuesday", "mercredi": "Wednesday", "jeudi": "Thursday",
           "vendredi": "Friday", "samedi": "Saturday", "dimanche": "Sunday"}
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")


def date_en(day: dt.date) -> str:
    """2026-10-01 -> « 1 October 2026 »."""
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def hours_lines_en(hours: Hours) -> list[tuple[str, str]]:
    """{lundi..vendredi: 08:30-12:00} -> [(« Monday to Friday », « 8:30–12:00 »)]."""
    return [(_days_label_en(run), ", ".join(_span_en(s) for s in hours.days[run[0]]))
            for run in _runs(hours)]


def _span_en(span: str) -> str:
    """« 08:30-12:00 » -> « 8:30–12:00 »."""
    start, end = (f"{int(t.split(':')[0])}:{t.split(':')[1]}" for t in span.split("-"))
    return f"{start}–{end}"


def _days_label_en(run: list[str]) -> str:
    names = [DAYS_EN[day] for day in run]
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} to {names[-1]}"


def join_en(items: Iterable[str]) -> str:
    """[a, b, c] -> « a, b and c »."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def from_place_fr(name: str) -> str:
    """« de » before a commune's name, as French writes it: « d'Utelle », « du Havre »,
    « des Sables-d'Olonne », « de La Rochelle », « de Nice »."""
    for article, contracted in (("Le ", "du "), ("Les ", "des ")):
        if name.startswith(article):
            return contracted + name[len(article):]
    if name[:1].lower() in "aeiouyhàâéèêëîïôöûüœ":
        return "d'" + name
    return "de " + name


def from_place_en(name: str) -> str:
    return "from " + name
