from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tools import mute_logger

from .common import PostventaCase


class TestSerial(PostventaCase):
    def test_valid_kodak_serials(self):
        for serial in ("T123456", "C000001", " t654321 "):
            unit = self._unit(self.kodak, serial, self.d(2025, 1, 1))
            self.assertEqual(unit.serial, serial.strip().upper())

    def test_malformed_kodak_serial_shows_expected_form(self):
        for serial in ("X123456", "T12345", "T1234567", "123456", "TT12345"):
            with self.subTest(serial=serial), self.assertRaises(ValidationError) as err:
                self._unit(self.kodak, serial, self.d(2025, 1, 1))
            self.assertIn("T or C followed by 6 digits (T123456)", str(err.exception))
            self.assertIn(serial.upper(), str(err.exception))

    def test_product_pattern_overrides_category(self):
        self.kodak.product_tmpl_id.write(
            {
                "postventa_serial_regex": r"T\d{6}",
                "postventa_serial_example": "T and 6 digits",
            }
        )
        with self.assertRaisesRegex(ValidationError, "T and 6 digits"):
            self._unit(self.kodak, "C123456", self.d(2025, 1, 1))

    def test_products_without_pattern_accept_any_serial(self):
        unit = self._unit(self.hp, "cn-12 ab/3", self.d(2025, 1, 1))
        self.assertEqual(unit.serial, "CN-12 AB/3")

    def test_invalid_regex_refused(self):
        with self.assertRaisesRegex(ValidationError, "not a valid regular expression"):
            self.categ_printers.postventa_serial_regex = "[T"

    def test_serial_unique_per_product(self):
        self._unit(self.hp, "SAME1", self.d(2025, 1, 1))
        self._unit(self.aio, "SAME1", self.d(2025, 1, 1))  # another product: fine
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self._unit(self.hp, "same1", self.d(2025, 1, 1))

    def test_changing_serial_is_checked(self):
        unit = self._unit(self.kodak, "T123456", self.d(2025, 1, 1))
        with self.assertRaisesRegex(ValidationError, "Expected form"):
            unit.serial = "Z1"
