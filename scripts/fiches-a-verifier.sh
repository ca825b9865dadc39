#!/usr/bin/env bash
# Keep ONE GitHub issue (label « fiches-a-verifier ») listing the entries not verified for
# 12 months: create it, update it, or close it when the list is empty. Run monthly by
# .github/workflows/fiches-a-verifier.yml with GH_TOKEN and GH_REPO set; any argument is
# passed to `cpts stale` (for example --date AAAA-MM-JJ).
set -euo pipefail
cd "$(dirname "$0")/.."

cpts=${CPTS:-.venv/bin/cpts}
label=${LABEL:-fiches-a-verifier}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$cpts" stale --format markdown "$@" > "$work/fiches.md"
count=$("$cpts" stale --format json "$@" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
title="Fiches à vérifier ($count)"

gh label create "$label" --force --color FBCA04 \
  --description "Fiches non vérifiées depuis plus de 12 mois (ticket tenu à jour chaque mois)"
number=$(gh issue list --label "$label" --state open --limit 1 --json number --jq '.[0].number // empty')

if [ "$count" -gt 0 ] && [ -n "$number" ]; then
  gh issue edit "$number" --title "$title" --body-file "$work/fiches.md"
  echo "Ticket n° $number mis à jour : $count fiche(s) à vérifier."
elif [ "$count" -gt 0 ]; then
  gh issue create --title "$title" --label "$label" --body-file "$work/fiches.md"
  echo "Ticket créé : $count fiche(s) à vérifier."
elif [ -n "$number" ]; then
  gh issue edit "$number" --title "$title" --body-file "$work/fiches.md"
  gh issue close "$number" --comment "Toutes les fiches ont été vérifiées depuis moins de 12 mois."
  echo "Ticket n° $number fermé : aucune fiche à vérifier."
else
  echo "Aucune fiche à vérifier, aucun ticket ouvert."
fi
