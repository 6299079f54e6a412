from odoo.exceptions import ValidationError
from odoo.tests.common import TransactionCase


class TestDropOffCentre(TransactionCase):
    def test_drop_off_centre_needs_an_address(self):
        with self.assertRaises(ValidationError) as err:
            self.env["res.partner"].create({"name": "DOC Encarnación", "is_postventa_doc": True})
        self.assertIn("needs a street and a city", str(err.exception))
        self.assertFalse(self.env["res.partner"].search([("name", "=", "DOC Encarnación")]))
        doc = self.env["res.partner"].create(
            {
                "name": "DOC Encarnación",
                "is_postventa_doc": True,
                "street": "Av. Irrazábal 1200",
                "city": "Encarnación",
            }
        )
        self.assertTrue(doc.is_postventa_doc)
        with self.assertRaises(ValidationError):
            doc.street = False
        self.assertEqual(doc.street, "Av. Irrazábal 1200")
