"""The French report of an import: new, gone and moved entries, then what could not be read."""

from __future__ import annotations

from .run import Outcome, profession_label

_PEOPLE = {True: ("professionnels", "Nouveaux professionnels"), False: ("structures", "Nouvelles structures")}


def summary_lines(outcome: Outcome) -> list[str]:
    """The few lines printed after every import."""
    lines = [line for s in outcome.summaries for line in s.messages()]
    lines.append(f"{len(outcome.created)} fiche(s) créée(s), {len(outcome.updated)} mise(s) à jour, "
                 f"{len(outcome.gone)} à vérifier (plus dans le registre).")
    lines += [f"Code inconnu : {m}" for m in outcome.unknown_codes]
    lines += [f"Non repris : {m}" for m in outcome.skipped.lines]
    lines += [f"Remarque : {n}" for n in outcome.notes]
    return lines


def report(outcome: Outcome) -> str:
    """Markdown, for the terminal and the body of the monthly pull request."""
    people = outcome.source.startswith("Annuaire")
    what, new_title = _PEOPLE[people]
    out = [f"# Importation {outcome.source} — extraction du {outcome.extracted_on:%d/%m/%Y}", ""]
    if not (outcome.created or outcome.updated or outcome.gone):
        out += ["Rien n'a changé depuis la dernière importation.", ""]
    out += [f"## {new_title} dans le territoire ({len(outcome.created)})", ""]
    for entry, path in outcome.created:
        out.append(f"- {_who(entry)} — `{path}`")
    if outcome.created and outcome.unpublished and people:
        out += ["", "Ces fiches portent « publie: false » : elles n'apparaîtront sur le site qu'une "
                "fois vérifiées par un membre (réglage « import: publication » de territoire.yml)."]
    out += ["", f"## Plus dans le registre pour le territoire ({len(outcome.gone)})", ""]
    if outcome.gone:
        out.append("Départ, déménagement ou fin d'activité ? Ces fiches ne sont **pas supprimées** : "
                   "le registre ne les liste plus ici (« absent_le » ajouté). Vérifiez, puis "
                   "supprimez la fiche si la personne ou la structure a bien quitté le territoire.")
        out.append("")
    out += [f"- {name} — `{path}`" for name, path in outcome.gone]
    if outcome.still_gone:
        out.append(f"- et {outcome.still_gone} fiche(s) déjà signalée(s) lors d'une importation "
                   "précédente")
    moved = [(e, p, c) for e, p, c in outcome.updated if c.moved]
    out += ["", f"## Adresses changées ({len(moved)})", ""]
    for entry, path, changes in moved:
        out.append(f"- {_who(entry)} — `{path}` : {' ; '.join(changes.moved)}")
    other = [(e, p, c) for e, p, c in outcome.updated if c.fields]
    out += ["", f"## Autres mises à jour venues du registre ({len(other)})", ""]
    for entry, path, changes in other:
        out.append(f"- {_who(entry)} — `{path}` : {' ; '.join(changes.fields)}")
    if outcome.kept:
        out += ["", f"## Modifications des membres gardées ({len(outcome.kept)})", "",
                "Le registre dit autre chose, mais la fiche a été modifiée à la main : elle n'est "
                "pas changée. Vérifiez qui a raison.", ""]
        for entry, path, changes in outcome.kept:
            out.append(f"- {_who(entry)} — `{path}` : {' ; '.join(changes.kept)}")
    problems = [line for s in outcome.summaries for line in s.messages()[1:]]
    problems += outcome.unknown_codes + outcome.skipped.lines + outcome.notes
    problems += [f"{count} {what} : {reason}" for reason, count in outcome.skipped.reasons.items()]
    out += ["", "## Lecture du fichier", ""]
    out += [f"- {line}" for s in outcome.summaries for line in s.messages()[:1]]
    out += [f"- {line}" for line in problems]
    return "\n".join(out).rstrip() + "\n"


def _who(entry) -> str:  # type: ignore[no-untyped-def]
    if entry.kind == "professionnel":
        v = entry.values
        return f"{v['civilite']} {v['prenom']} {v['nom']}, {profession_label(entry).lower()}"
    return f"{entry.values['nom']} ({profession_label(entry)})"
