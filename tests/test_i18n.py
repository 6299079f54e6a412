"""Spanish speakers use postventa: every user-facing term of every addon has a
Spanish translation, and errors reach the user in Spanish."""
import os

import polib
from babel.messages import extract

from odoo.exceptions import ValidationError
from odoo.tools.translate import TranslationModuleReader

from .common import ScenarioCase

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDONS = ("postventa_helpdesk", "postventa_rma", "postventa_courier")


class TestSpanish(ScenarioCase):
    def test_every_term_has_a_spanish_translation(self):
        for addon in ADDONS:
            po = polib.pofile(os.path.join(ROOT, addon, "i18n", "es.po"))
            translated = {entry.msgid for entry in po if entry.msgstr}
            terms = {
                source
                for module, _type, _name, _res_id, source, *_rest in TranslationModuleReader(
                    self.env.cr, modules=[addon]
                )
                if module == addon and source.strip()
            }
            missing = sorted(terms - translated)
            self.assertFalse(
                missing,
                f"{addon}: {len(missing)} terms without Spanish translation "
                f"(run scripts/i18n.py, then translate es.po): {missing[:10]}",
            )

    def test_every_python_file_is_read_by_the_term_extractor(self):
        # babel gives up on a whole file (an f-string inside _(), say) and Odoo's
        # export then silently leaves its terms out: they would never be translated
        for addon in ADDONS:
            for folder, _dirs, files in os.walk(os.path.join(ROOT, addon)):
                for path in (os.path.join(folder, name) for name in files if name.endswith(".py")):
                    with open(path, "rb") as source:
                        try:
                            list(extract.extract("python", source, keywords={"_": None, "_lt": None}))
                        except Exception as error:  # noqa: BLE001
                            self.fail(f"{path}: {error!r}: its terms are not exported")

    def test_errors_in_spanish(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(["postventa_helpdesk"], ["es_ES"], overwrite=True)
        categ = self.env["product.category"].create(
            {"name": "ESP", "postventa_serial_regex": r"[TC]\d{6}",
             "postventa_serial_example": "T123456"}
        )
        product = self.env["product.product"].create({"name": "Kodak ESP 3 (i18n)", "categ_id": categ.id})
        units = self.env["postventa.unit"].with_context(lang="es_ES")
        with self.assertRaises(ValidationError) as err:
            units.create({"product_id": product.id, "serial": "X1"})
        self.assertIn("no es válido para", str(err.exception))
        self.assertIn("Formato esperado: T123456", str(err.exception))
