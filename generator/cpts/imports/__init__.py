"""`cpts import`: bootstrap and keep in step the directory from national open data.

Readers stream the national extracts (Annuaire Santé, FINESS) and keep the territory's lines;
a mapping kept as data turns national codes into the project's nomenclature keys; entries are
written in the members' YAML format and merged into existing files without overwriting what a
member changed.
"""
