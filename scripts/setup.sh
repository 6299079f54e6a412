#!/usr/bin/env bash
# Creates .venv with Odoo 18.0 (from ODOO_SOURCE), its Python libraries, the
# pinned OCA addons and the test tools. Safe to run again: it only does what is missing.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

python_bin="${PYTHON:-python3}"
"$python_bin" -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] < (3, 13)))' \
    || die "Odoo 18.0 needs Python 3.10 to 3.12; set PYTHON=/path/to/python3.x"

if [ ! -x "$PY" ]; then
    say "creating virtualenv $VENV"
    "$python_bin" -m venv "$VENV"
fi

stamp="$VENV/.postventa-requirements"
# what this script installs (requirements-neighbours.txt goes elsewhere: not hashed)
want="$(cat "$ROOT"/requirements-oca.txt "$ROOT"/requirements-test.txt "$ROOT"/requirements.txt \
    | sha1sum | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "installing Python libraries"
    pip_install -r "$ROOT/requirements.txt" -r "$ROOT/requirements-test.txt"
fi

odoo_ok() { "$PY" -c 'import odoo.release as r, sys; sys.exit(r.version_info[:2] != (18, 0))' 2>/dev/null; }
if ! odoo_ok; then
    say "installing Odoo 18.0 from $ODOO_SOURCE"
    # --no-deps: the libraries come from requirements.txt; not editable, so that
    # the OCA wheels (installed into odoo/addons) are found next to Odoo's addons.
    if ! pip_install --no-deps "$ODOO_SOURCE"; then
        odoo_missing_help
        exit 1
    fi
    odoo_ok || { odoo_missing_help; exit 1; }
fi

if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "installing OCA addons (pinned wheels)"
    pip_install --no-deps -r "$ROOT/requirements-oca.txt"
    echo "$want" > "$stamp"
fi
