"""Keep the translation files current: export each addon's .pot from a database
where the addons are installed, then merge it into es.po and es_419.po (new terms
added untranslated, vanished ones dropped, existing translations kept).

    .venv/bin/python scripts/i18n.py --config .local/odoo.conf --database postventa_test
"""

import argparse
import os
import subprocess
import sys

import polib

ADDONS = [
    "postventa_helpdesk",
    "postventa_rma",
    "postventa_courier",
    "postventa_mrp",
    "postventa_claim",
]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEADER = {
    "Project-Id-Version": "Odoo Server 18.0",
    "Last-Translator": "postventa",
    "Language-Team": "postventa",
    "PO-Revision-Date": "",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
}


def merge(pot, path, language, seed=None):
    old = polib.pofile(path) if os.path.exists(path) else None
    known = {(e.msgctxt, e.msgid): e.msgstr for e in old} if old else {}
    po = polib.POFile(wrapwidth=78)
    po.metadata = dict(HEADER, Language=language)
    untranslated = 0
    for entry in pot:
        msgstr = known.get((entry.msgctxt, entry.msgid)) or (seed or {}).get(
            entry.msgid, ""
        )
        if language == "es" and not msgstr:
            untranslated += 1
        po.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgstr=msgstr,
                msgctxt=entry.msgctxt,
                occurrences=entry.occurrences,
                comment=entry.comment,
                tcomment=entry.tcomment,
                flags=entry.flags,
            )
        )
    # es_419 only overrides es where Latin America says it otherwise
    if language != "es":
        overrides = polib.POFile(wrapwidth=78)
        overrides.metadata = po.metadata
        overrides.extend(entry for entry in po if entry.msgstr)
        po = overrides
    po.save(path)
    return untranslated


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    args = parser.parse_args()
    missing = 0
    for addon in ADDONS:
        pot_path = os.path.join(ROOT, addon, "i18n", f"{addon}.pot")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "odoo",
                "-c",
                args.config,
                "-d",
                args.database,
                f"--i18n-export={pot_path}",
                f"--modules={addon}",
                "--stop-after-init",
                "--log-level=warn",
            ],
            check=True,
        )
        pot = polib.pofile(pot_path)
        missing += merge(pot, os.path.join(ROOT, addon, "i18n", "es.po"), "es")
        merge(pot, os.path.join(ROOT, addon, "i18n", "es_419.po"), "es_419")
        print(f"{addon}: {len(pot)} terms")
    if missing:
        print(f"{missing} terms have no Spanish translation yet: edit the es.po files")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
