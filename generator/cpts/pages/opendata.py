"""Open data: the public directory exported at build time as JSON, CSV and GeoJSON under the
Licence Ouverte 2.0, and the « Données ouvertes et sources » page that describes them.

Exports are made from the model (one-way data flow) through an allowlist: a field reaches a
file only if it is written below. What the site does not show never does — the GitHub accounts
allowed to edit an entry (`mainteneurs`), the new-patients status when it may not be
published (`nouveaux_patients` with `publie: false`) and the `publie` flag itself — and
nothing else than what the entry pages already show is exported. (All of it stays readable in
the public Git repository of the directory: CONTRIBUTING.md and docs/champs.md say so.) RPPS, ADELI and FINESS
numbers are public in the national directories and are kept.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from ..model import DAYS, Directory, Hours, Place, Professional, Structure
from ..spreadsheet import safe_cell
from . import urls
from .output import OutputFile, SiteContext
from .render import render_page

JSON_FILE = "donnees/annuaire.json"
CSV_FILE = "donnees/annuaire.csv"
GEOJSON_FILE = "donnees/annuaire.geojson"
LICENCE = "Licence Ouverte / Open Licence version 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

CSV_COLUMNS = (
    "type", "identifiant", "fiche", "nom", "prenom", "civilite", "profession", "specialites",
    "type_structure", "rpps", "adeli", "finess", "structure", "lieu", "adresse", "code_postal",
    "commune", "code_insee", "latitude", "longitude", "telephone", "email", "site_web",
    "rendez_vous", "horaires", "soins_non_programmes", "nouveaux_patients", "visites_domicile",
    "teleconsultation", "accessible_pmr", "secteur", "optam", "carte_vitale", "langues",
    "membre_cpts", "verifie_le",
)


def open_data(directory: Directory, context: SiteContext) -> Iterator[OutputFile]:
    # One file at a time, each dropped once yielded: at ten thousand entries, the three texts
    # and the document held together weighed about 90 MB.
    document = export_json(directory, context)
    data = _json_bytes(document, indent=1)
    json_size = len(data)
    yield OutputFile(JSON_FILE, data)
    text = export_csv(document)
    csv_rows = text.count("\r\n") - 1
    data = text.encode("utf-8")
    del text
    csv_size = len(data)
    yield OutputFile(CSV_FILE, data)
    data = _json_bytes(export_geojson(document))
    del document
    geojson_size = len(data)
    yield OutputFile(GEOJSON_FILE, data)
    del data
    src = urls.OPEN_DATA
    files = [
        ("annuaire.json", "JSON", "une fiche par professionnel et par structure, avec leurs lieux",
         json_size),
        ("annuaire.csv", "CSV", "une ligne par lieu d'exercice d'un professionnel et par "
         "structure (UTF-8, séparateur virgule)", csv_size),
        ("annuaire.geojson", "GeoJSON", "un point par lieu, pour un logiciel de cartographie",
         geojson_size),
    ]
    yield OutputFile(src, render_page(
        "donnees.html.j2",
        {"title": "Données ouvertes et sources",
         "description": f"Télécharger l'annuaire de la {directory.territory.name} (JSON, CSV, "
                        "GeoJSON) sous Licence Ouverte, et les sources des données du site."},
        src=src, urls=urls, territory=directory.territory, directory=directory, files=files,
        today=context.today, columns=CSV_COLUMNS, licence=LICENCE, licence_url=LICENCE_URL,
        csv_rows=csv_rows, sources=data_sources(directory),
    ))


def _json_bytes(document: Any, indent: int | None = None) -> bytes:
    """json.dumps(document) + newline, in UTF-8, written piece by piece: json.dumps keeps every
    piece of an indented document in a list first (millions of small strings, 120 MB at ten
    thousand entries)."""
    buffer = io.BytesIO()
    with io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=False) as text:
        json.dump(document, text, ensure_ascii=False, indent=indent)
        text.write("\n")
        text.flush()
        return buffer.getvalue()


def data_sources(directory: Directory) -> list[tuple[str, list[tuple[str | None, str | None]]]]:
    """(what, [(source, link)…]) of every dataset the site shows besides the directory itself."""
    sources: dict[str, list[tuple[str | None, str | None]]] = {}
    if directory.territory.sources:
        sources["Territoire : communes, populations, limites"] = [
            (text, None) for text in directory.territory.sources]
    for zoning in directory.zonings:
        sources.setdefault(f"Zonage : {zoning.label}", []).append(
            (zoning.source_name, zoning.source_url))
    for aid in directory.aids:
        sources.setdefault(f"Aide : {aid.name}", []).append(
            (aid.source_name or aid.organisation, aid.source_url))
    for ref in directory.densities:
        sources.setdefault(f"Densités de référence : {ref.area} ({ref.year})", []).append(
            (ref.source_name, ref.source_url))
    return list(sources.items())


def export_json(directory: Directory, context: SiteContext) -> dict[str, Any]:
    t = directory.territory
    return {
        "titre": f"Annuaire de la {t.name}",
        "editeur": t.name,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "date": context.today.isoformat(),
        "source": t.repository,
        "professionnels": [_professional(p, context) for p in directory.professionals],
        "structures": [_structure(s, context) for s in directory.structures.values()],
    }


def _page(src: str, context: SiteContext) -> str:
    return context.absolute(urls.page_url(src))


def _hours(hours: Hours | None) -> dict[str, str] | None:
    if hours is None:
        return None
    data = {day: ", ".join(spans) for day, spans in hours.days.items()}
    if hours.note:
        data["remarque"] = hours.note
    return data


def _place(place: Place) -> dict[str, Any]:
    return {
        "structure": place.structure.slug if place.structure else None,
        "nom": place.label,
        "adresse": place.address,
        "code_postal": place.commune.postcodes[0],
        "commune": place.commune.name,
        "code_insee": place.commune.insee,
        "lat": place.point.lat,
        "lon": place.point.lon,
        "telephone": place.phone,
        "rendez_vous": place.booking_url,
        "horaires": _hours(place.hours),
        "visites_domicile": place.home_visits,
        "teleconsultation": place.teleconsultation,
        "accessible_pmr": place.wheelchair_access,
    }


def _professional(p: Professional, context: SiteContext) -> dict[str, Any]:
    return {
        "identifiant": p.slug,
        "fiche": _page(urls.professional_page(p.slug), context),
        "civilite": p.civility,
        "nom": p.last_name,
        "prenom": p.first_name,
        "profession": p.profession,
        "profession_libelle": p.profession_label,
        "specialites": list(p.specialties),
        "specialites_libelles": p.specialty_labels,
        "competences": list(p.skills),
        "rpps": p.rpps,
        "adeli": p.adeli,
        # Only when the professional lets the CPTS publish it (`publie: true`).
        "nouveaux_patients": p.published_new_patients,
        "soins_non_programmes": p.same_day_care,
        "secteur": p.sector,
        "optam": p.optam,
        "carte_vitale": p.carte_vitale,
        "langues": list(p.languages),
        "membre_cpts": p.cpts_member,
        "verifie_le": p.verified_on.isoformat() if p.verified_on else None,
        "lieux": [_place(place) for place in p.places],
    }


def _structure(s: Structure, context: SiteContext) -> dict[str, Any]:
    return {
        "identifiant": s.slug,
        "fiche": _page(urls.structure_page(s.slug), context),
        "type": s.type,
        "type_libelle": s.type_label,
        "nom": s.name,
        "finess": s.finess,
        "adresse": s.address,
        "code_postal": s.commune.postcodes[0],
        "commune": s.commune.name,
        "code_insee": s.commune.insee,
        "lat": s.point.lat,
        "lon": s.point.lon,
        "telephone": s.phone,
        "email": s.email,
        "site_web": s.website,
        "horaires": _hours(s.hours),
        "services": list(s.services),
        "specialites": list(s.specialties),
        "specialites_libelles": s.specialty_labels,
        "soins_non_programmes": s.same_day_care,
        "accessible_pmr": s.wheelchair_access,
        "verifie_le": s.verified_on.isoformat() if s.verified_on else None,
        "professionnels": [p.slug for p in s.professionals],
    }


def _cell(value: Any) -> str:
    return safe_cell(_text(value))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):  # opening hours
        days = [f"{day} {value[day]}" for day in DAYS if day in value]
        return " ; ".join(days + ([value["remarque"]] if "remarque" in value else []))
    return str(value)


def export_csv(document: dict[str, Any]) -> str:
    """One row per place of a professional, one per structure: the JSON, flattened."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for p in document["professionnels"]:
        for place in p["lieux"]:
            row = {key: p.get(key) for key in CSV_COLUMNS if key in p}
            row.update(type="professionnel", profession=p["profession_libelle"],
                       specialites=p["specialites_libelles"], lieu=place["nom"],
                       latitude=place["lat"], longitude=place["lon"],
                       **{k: place[k] for k in ("structure", "adresse", "code_postal", "commune",
                                                "code_insee", "telephone", "rendez_vous",
                                                "horaires", "visites_domicile", "teleconsultation",
                                                "accessible_pmr")})
            writer.writerow({key: _cell(row.get(key)) for key in CSV_COLUMNS})
    for s in document["structures"]:
        row = {key: s.get(key) for key in CSV_COLUMNS if key in s}
        row.update(type="structure", type_structure=s["type_libelle"], latitude=s["lat"],
                   longitude=s["lon"], specialites=s["specialites_libelles"])
        writer.writerow({key: _cell(row.get(key)) for key in CSV_COLUMNS})
    return out.getvalue()


def export_geojson(document: dict[str, Any]) -> dict[str, Any]:
    """One point per place, with the few properties a map needs."""
    features = []
    for p in document["professionnels"]:
        name = f"{p['prenom']} {p['nom']}"
        for place in p["lieux"]:
            features.append(_feature(place["lon"], place["lat"], {
                "type": "professionnel", "identifiant": p["identifiant"], "nom": name,
                "activite": p["profession_libelle"], "lieu": place["nom"],
                "adresse": place["adresse"], "commune": place["commune"],
                "code_insee": place["code_insee"], "telephone": place["telephone"],
                "soins_non_programmes": p["soins_non_programmes"], "fiche": p["fiche"],
            }))
    for s in document["structures"]:
        features.append(_feature(s["lon"], s["lat"], {
            "type": "structure", "identifiant": s["identifiant"], "nom": s["nom"],
            "activite": s["type_libelle"], "lieu": None, "adresse": s["adresse"],
            "commune": s["commune"], "code_insee": s["code_insee"], "telephone": s["telephone"],
            "soins_non_programmes": s["soins_non_programmes"], "fiche": s["fiche"],
        }))
    return {"type": "FeatureCollection", "licence": document["licence"],
            "date": document["date"], "features": features}


def _feature(lon: float, lat: float, properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": properties}
