"""How values read in French on the site: dates, opening hours, lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .model import DAYS, Hours

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


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
    lines: list[tuple[str, str]] = []
    run: list[str] = []
    for day in (*DAYS, None):
        spans = hours.days.get(day) if day else None
        if run and (day is None or spans != hours.days.get(run[0])):
            lines.append((_days_label(run), ", ".join(span_fr(s) for s in hours.days[run[0]])))
            run = []
        if spans:
            run.append(day)  # type: ignore[arg-type]
    return lines


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
