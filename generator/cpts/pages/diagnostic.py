"""« Diagnostic de l'offre de soins »: for each profession and specialty, how many professionals
the directory counts, their density per 10,000 inhabitants, the published reference densities
(directory/densites/) and the specialties the CPTS seeks (directory/diagnostics/).

Everything is computed from the directory at build time: the page stays true when it changes.
The chart is an SVG drawn here, with exactly the figures of the table next to it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Diagnostic, Directory, ReferenceDensities
from ..nomenclature import nomenclature
from . import urls
from .output import OutputFile, SiteContext
from .render import render_page
from .urls import INSTALLATION_AIDS as AIDS
from .urls import INSTALLATION_BOARD as BOARD
from .urls import INSTALLATION_DIAGNOSTIC as DIAGNOSTIC

PER = 10_000  # densities are per 10,000 inhabitants, as CartoSanté publishes them


@dataclass(frozen=True)
class Row:
    """One line of the diagnostic: a profession, or one of its specialties (level 1)."""

    profession: str
    specialty: str | None
    label: str
    count: int
    density: float | None  # None when the territory's population is unknown (0)
    references: tuple[float | None, ...]  # aligned with Directory.densities
    sought: bool

    @property
    def level(self) -> int:
        return 0 if self.specialty is None else 1

    @property
    def key(self) -> str:
        return self.profession if self.specialty is None else f"{self.profession}:{self.specialty}"


def density(count: int, population: int) -> float | None:
    return round(count * PER / population, 1) if population > 0 else None


def number_fr(value: float | None) -> str:
    """9.6 -> « 9,6 »; None -> « — »."""
    return "—" if value is None else f"{value:.1f}".replace(".", ",")


def latest_diagnostic(directory: Directory) -> Diagnostic | None:
    return directory.diagnostics[0] if directory.diagnostics else None


def sought_labels(diagnostic: Diagnostic) -> list[str]:
    """« pédiatrie », « masseurs-kinésithérapeutes »…: what the diagnostic seeks, in words."""
    vocabulary = nomenclature()
    labels = []
    for profession, specialty in diagnostic.sought:
        if specialty:
            labels.append(vocabulary.specialty_label(specialty).lower())
        else:
            labels.append(vocabulary.professions[profession].plural.lower())
    return labels


def diagnostic_rows(directory: Directory) -> list[Row]:
    """Professions present, sought or with a reference; under each, its specialties likewise."""
    vocabulary = nomenclature()
    population = directory.territory.population
    diagnostic = latest_diagnostic(directory)
    sought = set(diagnostic.sought) if diagnostic else set()
    references: list[ReferenceDensities] = directory.densities

    def row(profession: str, specialty: str | None, label: str, count: int) -> Row:
        key = (profession, specialty)
        return Row(profession, specialty, label, count, density(count, population),
                   tuple(r.values.get(key) for r in references), key in sought)

    def wanted(r: Row) -> bool:
        return r.count > 0 or r.sought or any(v is not None for v in r.references)

    rows: list[Row] = []
    for code, profession in vocabulary.professions.items():
        members = [p for p in directory.professionals if p.profession == code]
        specialties = [
            row(code, s, label, sum(1 for p in members if s in p.specialties))
            for s, label in profession.specialties.items()
        ]
        specialties = sorted((r for r in specialties if wanted(r)),
                             key=lambda r: (-r.count, r.label))
        head = row(code, None, profession.plural, len(members))
        if wanted(head) or specialties:
            rows.append(head)
            rows.extend(specialties)
    return rows


# --- the chart ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    value: str
    series: int  # 0: the territory, 1…: the references


@dataclass(frozen=True)
class ChartRow:
    row: Row
    y: float
    height: float
    bars: list[Bar]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot_x: float
    plot_width: float
    rows: list[ChartRow]
    ticks: list[tuple[float, str]]  # (x, label)
    series: list[str]


SERIES_FILL = ("#005a70", "#8a3b00", "#5b6770", "#6b4b8a")
LABEL_WIDTH = 250
BAR = 9
GAP = 2
ROW_PAD = 7


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def chart(rows: list[Row], series: list[str], width: int = 720) -> Chart:
    """Horizontal bars: one per figure of the table (territory, then each reference)."""
    values = [v for r in rows for v in (r.density, *r.references) if v is not None]
    top = _nice_max(max(values, default=0))
    plot_x = LABEL_WIDTH
    plot_width = width - LABEL_WIDTH - 44
    y = 34.0  # room for the axis labels
    chart_rows = []
    for r in rows:
        figures = [(0, r.density)] + [(i + 1, v) for i, v in enumerate(r.references) if v is not None]
        height = ROW_PAD * 2 + len(figures) * BAR + (len(figures) - 1) * GAP
        bars = []
        for n, (series_index, value) in enumerate(figures):
            bars.append(Bar(plot_x, y + ROW_PAD + n * (BAR + GAP),
                            0 if value is None else plot_width * value / top,
                            number_fr(value), series_index))
        chart_rows.append(ChartRow(r, y, height, bars))
        y += height
    step = top / 5
    ticks = [(plot_x + plot_width * i / 5, number_fr(step * i).removesuffix(",0"))
             for i in range(6)]
    return Chart(width, math.ceil(y + 6), plot_x, plot_width, chart_rows, ticks, series)


# --- the page -------------------------------------------------------------------------------

def diagnostic_page(directory: Directory, context: SiteContext) -> Iterator[OutputFile]:
    """Producer: the « Diagnostic de l'offre de soins » page."""
    rows = diagnostic_rows(directory)
    series = ["Territoire de la CPTS (annuaire)"] + [
        f"{r.area} ({r.year})" for r in directory.densities]
    diagnostic = latest_diagnostic(directory)
    yield OutputFile(DIAGNOSTIC, render_page(
        "diagnostic.html.j2",
        {"title": "Diagnostic de l'offre de soins",
         "hide": ["toc"],
         "description": f"Professionnels de santé par profession et spécialité, densité pour "
                        f"10 000 habitants et spécialités recherchées dans la "
                        f"{directory.territory.name}."},
        directory=directory, rows=rows, chart=chart(rows, series), series=series,
        fills=SERIES_FILL, diagnostic=diagnostic,
        sought=sought_labels(diagnostic) if diagnostic else [],
        population=directory.territory.population, number_fr=number_fr,
        today=context.today, src=DIAGNOSTIC, urls=urls, aids_page=AIDS, board_page=BOARD,
    ))
