"""Merge what the registry says now into a member's entry without overwriting the member's work.

Each imported entry keeps, in its `registre` block, what the registry said last time. A field
is updated only while it still equals that record (nobody changed it by hand); the record is
then replaced by what the registry says now. Running the same import twice changes nothing.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, field
from typing import Any

from .entries import PLACE_FIELDS, PLACE_LOCATION, PROFESSIONAL_FIELDS, STRUCTURE_FIELDS, Imported
from .yamlvalues import node

_MISSING: Any = object()


def plain(value: Any) -> Any:
    """A comparable Python value (ruamel's commented maps and sequences, quoted strings…)."""
    if isinstance(value, dict | MutableMapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


@dataclass
class Changes:
    """What one merge changed in one entry, in French, for the report."""

    fields: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)  # changed addresses
    kept: list[str] = field(default_factory=list)  # registry changes not applied: a member's edit

    def __bool__(self) -> bool:
        return bool(self.fields or self.moved)


def record_of(imported: Imported) -> dict[str, Any]:
    """What the registry says, as stored in the `registre` block."""
    return plain(imported.values)


def without_site(place: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in place.items() if k != "site"}


def merge(current: MutableMapping[str, Any], imported: Imported, old: dict[str, Any] | None) -> Changes:
    """Update `current` (a member's entry) in place; `old` is the record of the last import."""
    changes = Changes()
    owned = PROFESSIONAL_FIELDS if imported.kind == "professionnel" else STRUCTURE_FIELDS
    order = list(current)
    for key in owned:
        if key == "lieux":
            _merge_places(current, old, imported.values["lieux"], changes)
        else:
            _merge_field(current, key, old, imported.values, changes, owned, order)
    if imported.kind == "structure" and _location_changed(old, imported.values, STRUCTURE_FIELDS[2:5]):
        changes.moved.append(f"{old.get('adresse') if old else '?'} → {imported.values['adresse']}")
    return changes


def _location_changed(old: dict[str, Any] | None, new: dict[str, Any], keys: tuple[str, ...]) -> bool:
    return old is not None and any(plain(old.get(k)) != plain(new.get(k)) for k in keys[:2])


def _merge_field(current: MutableMapping[str, Any], key: str, old: dict[str, Any] | None,
                 new: dict[str, Any], changes: Changes, owned: tuple[str, ...], order: list[str]) -> None:
    now = plain(new.get(key, _MISSING))
    was = _MISSING if old is None else plain(old.get(key, _MISSING))
    has = plain(current.get(key, _MISSING))
    if old is None:  # a member's own entry met for the first time: only recorded, never changed
        return
    if now == was:
        return
    if has != was:
        changes.kept.append(f"{key} : le registre dit « {_show(now)} », la fiche garde « {_show(has)} »")
        return
    if now is _MISSING:
        del current[key]
    elif has is _MISSING:
        _insert(current, key, node(new[key], flow=key == "coordonnees"), owned)
    else:
        current[key] = node(new[key], flow=key == "coordonnees")
    changes.fields.append(f"{key} : « {_show(was)} » → « {_show(now)} »")


def _show(value: Any) -> str:
    if value is _MISSING:
        return "(rien)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _insert(current: MutableMapping[str, Any], key: str, value: Any, owned: tuple[str, ...]) -> None:
    """Add `key` after the owned fields that precede it, so a file keeps its usual order."""
    before = owned[: owned.index(key)]
    keys = list(current)
    position = max((keys.index(k) + 1 for k in before if k in keys), default=0)
    if hasattr(current, "insert"):
        current.insert(position, key, value)
    else:
        current[key] = value


def _location(place: Any) -> dict[str, Any]:
    return {k: plain(place[k]) for k in PLACE_LOCATION if k in place}


def _merge_places(current: MutableMapping[str, Any], old: dict[str, Any] | None,
                  new_places: list[dict[str, Any]], changes: Changes) -> None:
    places = current.get("lieux")
    if not isinstance(places, list):
        return
    if old is None:
        return  # a member's own places: the registry's are only recorded
    old_places = [p for p in old.get("lieux", []) if isinstance(p, dict)]
    matched = _match(places, old_places)
    by_site = {p["site"]: p for p in new_places}
    old_sites = {p.get("site") for p in old_places}
    remove: list[int] = []
    for j, was in enumerate(old_places):
        index = matched.get(j)
        now = by_site.get(was.get("site"))
        if index is None:
            continue  # the member removed this place: leave it removed
        place = places[index]
        if now is None:
            if _location(place) == _location(was) and set(place) <= set(PLACE_FIELDS):
                remove.append(index)
            else:
                changes.kept.append(f"le lieu « {was.get('adresse') or was.get('structure')} » "
                                    "n'est plus dans le registre : gardé car modifié dans la fiche")
            continue
        if _location(now) != _location(was):
            if _location(place) == _location(was):
                _replace_location(place, now)
                changes.moved.append(f"{_place_label(was)} → {_place_label(now)}")
            else:
                changes.kept.append(f"le registre donne le lieu « {_place_label(now)} », la fiche "
                                    f"garde « {_place_label(place)} »")
        phone_was, phone_now = plain(was.get("telephone")), plain(now.get("telephone"))
        if phone_now == phone_was:
            continue
        if plain(place.get("telephone")) == phone_was:
            if phone_now:
                place["telephone"] = node(now["telephone"])
            else:
                place.pop("telephone", None)
            changes.fields.append(f"téléphone de {_place_label(now)} : {phone_now or '(aucun)'}")
        else:
            changes.kept.append(f"téléphone de {_place_label(now)} : le registre dit « {phone_now} », "
                                f"la fiche garde « {place.get('telephone')} »")
    added = [p for p in new_places if p["site"] not in old_sites]
    kept = [p for i, p in enumerate(places) if i not in remove]
    gone = [p for i, p in enumerate(places) if i in remove]
    for place in added:
        if len(kept) < 5:
            kept.append(node(without_site(place)))
    if gone and added:
        for was, now in zip(gone, added, strict=False):
            changes.moved.append(f"{_place_label(was)} → {_place_label(now)}")
    elif gone:
        changes.fields.extend(f"lieu retiré : {_place_label(p)}" for p in gone)
    elif added:
        changes.fields.extend(f"lieu ajouté : {_place_label(p)}" for p in added)
    if (gone or added) and kept:
        places[:] = kept


def _match(places: list[Any], old_places: list[dict[str, Any]]) -> dict[int, int]:
    """Recorded place j -> index of the entry's place: same location, else same position."""
    matched: dict[int, int] = {}
    used: set[int] = set()
    for j, was in enumerate(old_places):
        for i, place in enumerate(places):
            if i not in used and isinstance(place, dict | MutableMapping) and \
                    _location(place) == _location(was):
                matched[j] = i
                used.add(i)
                break
    for j in range(len(old_places)):
        if j not in matched and j < len(places) and j not in used:
            matched[j] = j
            used.add(j)
    return matched


def _replace_location(place: MutableMapping[str, Any], now: dict[str, Any]) -> None:
    rest = [(k, place[k]) for k in list(place) if k not in PLACE_LOCATION]
    for key in list(place):
        del place[key]
    for key in PLACE_LOCATION:
        if key in now:
            place[key] = node(now[key], flow=key == "coordonnees")
    for key, value in rest:
        place[key] = value


def _place_label(place: Any) -> str:
    if place.get("structure"):
        return f"structure {place['structure']}"
    return f"{place.get('adresse', '?')} ({place.get('commune', '?')})"
