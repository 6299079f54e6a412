"""Spanish speakers use postventa: every user-facing term of every addon has a
Spanish translation, and errors reach the user in Spanish."""

import os

import polib
from babel.messages import extract

from odoo.exceptions import ValidationError
from odoo.tools.translate import TranslationModuleReader

from .common import ScenarioCase

# the checkout: postventa_tests/tests/ is two folders below it
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADDONS = (
    "postventa_helpdesk",
    "postventa_rma",
    "postventa_courier",
    "postventa_mrp",
    "postventa_claim",
)


class TestSpanish(ScenarioCase):
    def test_every_term_has_a_spanish_translation(self):
        for addon in ADDONS:
            po = polib.pofile(os.path.join(ROOT, addon, "i18n", "es.po"))
            translated = {entry.msgid for entry in po if entry.msgstr}
            reader = TranslationModuleReader(self.env.cr, modules=[addon])
            terms = {
                source
                for module, _type, _name, _res_id, source, *_rest in reader
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
                for path in (
                    os.path.join(folder, name) for name in files if name.endswith(".py")
                ):
                    with open(path, "rb") as source:
                        try:
                            list(
                                extract.extract(
                                    "python", source, keywords={"_": None, "_lt": None}
                                )
                            )
                        except Exception as error:  # noqa: BLE001
                            self.fail(f"{path}: {error!r}: its terms are not exported")

    def _load_spanish(self, lang):
        self.env["res.lang"]._activate_lang(lang)
        self.env["ir.module.module"]._load_module_terms(
            ["postventa_helpdesk"], [lang], overwrite=True
        )

    def _serial_error(self, lang):
        """The message a malformed serial gets in ``lang``."""
        categ = self.env["product.category"].create(
            {
                "name": f"ESP ({lang})",
                "postventa_serial_regex": r"[TC]\d{6}",
                "postventa_serial_example": "T123456",
            }
        )
        product = self.env["product.product"].create(
            {"name": f"Kodak ESP 3 ({lang})", "categ_id": categ.id}
        )
        units = self.env["postventa.unit"].with_context(lang=lang)
        with self.assertRaises(ValidationError) as err:
            units.create({"product_id": product.id, "serial": "X1"})
        return str(err.exception)

    def test_errors_in_spanish(self):
        self._load_spanish("es_ES")
        error = self._serial_error("es_ES")
        self.assertIn("no es válido para", error)
        self.assertIn("Formato esperado: T123456", error)

    def test_latin_american_spanish_is_complete_too(self):
        # es_419.po holds only what Latin America says otherwise; Odoo loads es.po
        # under it, so every term reaches an es_419 user in Spanish
        self._load_spanish("es_419")
        fields = self.env["ir.model.fields"].with_context(lang="es_419")
        company = fields._get("postventa.unit", "company_id")
        self.assertEqual(company.field_description, "Empresa")  # es_419's own word
        serial = fields._get("postventa.unit", "serial")
        spanish = polib.pofile(
            os.path.join(ROOT, "postventa_helpdesk", "i18n", "es.po")
        )
        expected = next(
            e.msgstr
            for e in spanish
            if e.msgid == serial.with_context(lang="en_US").field_description
        )
        self.assertEqual(serial.field_description, expected)  # es.po underneath
        self.assertIn("no es válido para", self._serial_error("es_419"))
