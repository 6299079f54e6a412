#!/usr/bin/env bash
# make lint: OCA's quality gates (.pre-commit-config.yaml) over the whole tree.
# pre-commit lives in its own virtualenv under .local/; its hook environments
# (ruff, pylint-odoo, oca-odoo-pre-commit-hooks, prettier...) install from PyPI
# and npm into pre-commit's cache (PRE_COMMIT_HOME, default ~/.cache/pre-commit).
# Fails when a hook fails or changes a file: run it again, review the changes.
#
#   bash scripts/lint.sh                   # every tracked file
#   bash scripts/lint.sh --files a.py b.xml  # only these (any `pre-commit run` arguments)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
PRE_COMMIT_VERSION=4.6.0
LINT_VENV="$STATE/lint-venv"
cd "$ROOT" || exit

git rev-parse --is-inside-work-tree >/dev/null 2>&1 \
    || die "make lint needs a git checkout (pre-commit lists the files with git)"

# prettier's hook runs on the machine's Node.js and npm
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing Node.js and npm (prettier's hook needs them)"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
    else
        die "make lint needs Node.js and npm (prettier's hook): please install them"
    fi
fi

if [ "$("$LINT_VENV/bin/pre-commit" --version 2>/dev/null)" != "pre-commit $PRE_COMMIT_VERSION" ]; then
    say "installing pre-commit $PRE_COMMIT_VERSION in $LINT_VENV"
    mkdir -p "$STATE"
    python3 -m venv "$LINT_VENV" || die "could not create $LINT_VENV (is python3-venv installed?)"
    PY="$LINT_VENV/bin/python" pip_install "pre-commit==$PRE_COMMIT_VERSION"
fi

if [ $# -eq 0 ]; then set -- --all-files; fi
say "running the pre-commit hooks ($*)"
if ! "$LINT_VENV/bin/pre-commit" run --show-diff-on-failure "$@"; then
    die "make lint failed: see the hooks above (files a hook fixed are changed in your tree)"
fi
