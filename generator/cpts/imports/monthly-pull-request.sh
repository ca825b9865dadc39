#!/usr/bin/env bash
# Once a month: import the national extracts (FINESS, then the Annuaire Santé) and propose the
# changes in ONE pull request (branch « import-national »), the French report as its text.
# Run by `cpts import proposer` (in .github/workflows/import-national.yml, with GH_TOKEN and
# GH_REPO set), which gives it CPTS, the cpts command that runs it. The download
# addresses come from FINESS_URL / ANNUAIRE_SANTE_URL, else from « import: » in territoire.yml;
# a registry with neither is skipped. Nothing is deleted: departures are flagged for review.
# Run from the site's folder (the one holding directory/). It ships in the package, so every
# CPTS's site runs the version its requirements.txt pins.
set -euo pipefail

cpts=${CPTS:?cpts import proposer sets CPTS}
gh=${GH:-gh}
branch=${BRANCH:-import-national}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

report="$work/rapport.md"
{
  echo "Importation mensuelle des registres nationaux (\`cpts import\`). Relisez les fiches"
  echo "nouvelles et les départs proposés avant de fusionner : rien n'est supprimé d'office."
  echo
} > "$report"

imported=0
for registry in finess annuaire-sante; do
  if [ "$registry" = finess ]; then url=${FINESS_URL:-}; else url=${ANNUAIRE_SANTE_URL:-}; fi
  args=()
  if [ -n "$url" ]; then args=(--url "$url"); fi
  if "$cpts" import "$registry" "${args[@]}" --rapport "$work/$registry.md" > "$work/$registry.log" 2>&1; then
    cat "$work/$registry.md" >> "$report"
    imported=$((imported + 1))
  else
    echo "• $registry : $(tail -n 1 "$work/$registry.log")"
    { echo "## $registry : importation impossible"; echo; tail -n 5 "$work/$registry.log"; echo; } >> "$report"
  fi
  cat "$work/$registry.log"
done

if [ "$imported" = 0 ]; then
  echo "Aucune importation n'a pu se faire : rien à proposer." >&2
  exit 1
fi
if [ -z "$(git status --porcelain -- directory)" ]; then
  echo "Aucun changement dans l'annuaire : pas de pull request."
  exit 0
fi
{ echo; echo "## Vérification (cpts validate)"; echo; echo '```'; "$cpts" validate || true; echo '```'; } \
  >> "$report" 2>&1

git checkout -B "$branch"
git add directory
git -c user.name="cpts import" -c user.email="cpts-import@users.noreply.github.com" \
  commit -q -m "Import des registres nationaux ($(date -u +%Y-%m-%d))"
git push --force origin "$branch"

title="Import des registres nationaux ($(date -u +%Y-%m))"
number=$("$gh" pr list --head "$branch" --state open --json number --jq '.[0].number // empty')
if [ -n "$number" ]; then
  "$gh" pr edit "$number" --title "$title" --body-file "$report"
  echo "Pull request n° $number mise à jour."
else
  "$gh" pr create --head "$branch" --title "$title" --body-file "$report"
  echo "Pull request créée."
fi
