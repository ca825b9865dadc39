"""schema.org JSON-LD of entry pages, so that search engines read names, phones, hours, places.

The JSON is made safe for an inline <script>: `<`, `>` and `&` are written as \\u escapes, so no
member-supplied text can close the script element.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from ..model import DAYS, Commune, Hours, Payment, Place, Point, Professional, Structure
from ..nomenclature import nomenclature

DAY_NAMES = dict(zip(DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                            "Sunday"), strict=True))


def script_json(data: dict[str, Any]) -> Markup:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def _address(address: str, postcode: str, commune: str) -> dict[str, str]:
    return {"@type": "PostalAddress", "streetAddress": address, "postalCode": postcode,
            "addressLocality": commune, "addressCountry": "FR"}


def _geo(point: Point) -> dict[str, Any]:
    return {"@type": "GeoCoordinates", "latitude": point.lat, "longitude": point.lon}


def _hours(hours: Hours | None) -> list[dict[str, str]]:
    if hours is None:
        return []
    specs = []
    for day, spans in hours.days.items():
        for span in spans:
            opens, closes = span.split("-")
            specs.append({"@type": "OpeningHoursSpecification", "dayOfWeek": DAY_NAMES[day],
                          "opens": opens, "closes": closes})
    return specs


def _place(place: Place) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "Place",
        "address": _address(place.address, place.commune.postcodes[0], place.commune.name),
        "geo": _geo(place.point),
    }
    if place.label:
        data["name"] = place.label
    if place.phone:
        data["telephone"] = place.phone
    return data


def _entry(schema_type: str, name: str, description: str, url: str, address: str,
           commune: Commune, point: Point) -> dict[str, Any]:
    """What every entry page says: type, name, what it is, where."""
    return {
        "@context": "https://schema.org",
        "@type": schema_type,
        "name": name,
        "description": description,
        "url": url,
        "address": _address(address, commune.postcodes[0], commune.name),
        "geo": _geo(point),
    }


def _payment(payment: Payment | None) -> str | None:
    """schema.org paymentAccepted: the means accepted, « Cash, Credit Card »."""
    if payment is None:
        return None
    means = [name for accepted, name in ((payment.cash, "Cash"), (payment.card, "Credit Card"),
                                         (payment.cheque, "Cheque")) if accepted]
    return ", ".join(means) or None


def professional_jsonld(p: Professional, url: str) -> dict[str, Any]:
    profession = nomenclature().professions[p.profession]
    first = p.places[0]
    description = p.profession_label + (
        f" — {', '.join(p.specialty_labels)}" if p.specialty_labels else "")
    data = _entry(profession.schema_org, p.full_name, description, url, first.address,
                  first.commune, first.point)
    if first.phone:
        data["telephone"] = first.phone
    if p.specialty_labels:
        data["medicalSpecialty"] = p.specialty_labels
    if p.languages:
        data["availableLanguage"] = [nomenclature().languages[c] for c in p.languages]
    if p.published_new_patients:
        data["isAcceptingNewPatients"] = p.published_new_patients == "oui"
    if _payment(p.payment):
        data["paymentAccepted"] = _payment(p.payment)
    hours = _hours(first.hours)
    if hours:
        data["openingHoursSpecification"] = hours
    if len(p.places) > 1:
        data["location"] = [_place(place) for place in p.places]
    structures = [place.structure.name for place in p.places if place.structure]
    if structures:
        data["memberOf"] = [{"@type": "MedicalOrganization", "name": n} for n in structures]
    return data


def structure_jsonld(s: Structure, url: str) -> dict[str, Any]:
    kind = nomenclature().structure_types[s.type]
    data = _entry(kind.schema_org, s.name, kind.label, url, s.address, s.commune, s.point)
    if s.phone:
        data["telephone"] = s.phone
    if s.email:
        data["email"] = s.email
    if s.website:
        data["sameAs"] = s.website
    if _payment(s.payment):
        data["paymentAccepted"] = _payment(s.payment)
    hours = _hours(s.hours)
    if hours:
        data["openingHoursSpecification"] = hours
    if s.professionals:
        data["employee"] = [{"@type": "Person", "name": p.full_name} for p in s.professionals]
    return data
