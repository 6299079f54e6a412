from odoo import api, fields, models

# the after-sales locations of a warehouse: field -> barcode suffix
AFTER_SALES_LOCATIONS = {
    "postventa_new_units_loc_id": "-PVNEW",
    "postventa_exchange_pool_loc_id": "-PVPOOL",
    "postventa_harvest_loc_id": "-PVHARVEST",
    "postventa_lab_loc_id": "-PVLAB",
}
AFTER_SALES_PICKING_TYPES = ("postventa_exchange_type_id", "postventa_internal_type_id")
AFTER_SALES_ROUTES = (
    "postventa_new_units_route_id",
    "postventa_exchange_pool_route_id",
)


class StockWarehouse(models.Model):
    """Each warehouse keeps the after-sales stock apart: new units for DOA swaps,
    the refurbished exchange pool for warranty swaps, the units whose parts are
    harvested, and the lab.

    They are made by stock's own warehouse hooks, as OCA rma makes its RMA
    location: ``_get_locations_values`` (locations), ``_get_sequence_values`` /
    ``_get_picking_type_create_values`` (the exchange deliveries and the after-sales
    transfers), ``_get_routes_values`` / ``get_rules_dict`` (one replacement route
    per exchange location, used by ``rma.create_replace``). Warehouses that existed
    before the module get them from ``_postventa_install_after_sales_stock``."""

    _inherit = "stock.warehouse"

    postventa_new_units_loc_id = fields.Many2one(
        "stock.location",
        string="New units (DOA)",
        check_company=True,
        copy=False,
        help="New units handed out when a unit is dead on arrival.",
    )
    postventa_exchange_pool_loc_id = fields.Many2one(
        "stock.location",
        string="Exchange pool",
        check_company=True,
        copy=False,
        help="Refurbished units handed out in warranty exchanges.",
    )
    postventa_harvest_loc_id = fields.Many2one(
        "stock.location",
        string="Parts harvest",
        check_company=True,
        copy=False,
        help="Received DOA units, whose parts repairs may consume.",
    )
    postventa_lab_loc_id = fields.Many2one(
        "stock.location",
        string="Lab",
        check_company=True,
        copy=False,
        help="Units under diagnosis and repair.",
    )
    postventa_exchange_type_id = fields.Many2one(
        "stock.picking.type",
        string="Exchange deliveries",
        check_company=True,
        copy=False,
    )
    postventa_internal_type_id = fields.Many2one(
        "stock.picking.type",
        string="After-sales transfers",
        check_company=True,
        copy=False,
        help="Moves between the after-sales locations (to harvest, to the lab...).",
    )
    postventa_new_units_route_id = fields.Many2one(
        "stock.route",
        string="Exchange from new units",
        ondelete="restrict",
        copy=False,
        help="The replacement route of DOA exchanges: new units to the customer.",
    )
    postventa_exchange_pool_route_id = fields.Many2one(
        "stock.route",
        string="Exchange from the pool",
        ondelete="restrict",
        copy=False,
        help="The replacement route of warranty exchanges: the exchange pool to the "
        "customer.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        """Side effect: the after-sales operation types and routes get their name in
        every active language."""
        warehouses = super().create(vals_list)
        warehouses._postventa_localise_after_sales_names()
        return warehouses

    # ------------------------------------------------------------------------
    # stock's warehouse hooks
    # ------------------------------------------------------------------------
    def _postventa_location_names(self, company=None, lang=None):
        """Location names are not translatable: they are created in the language
        of the warehouse's company (or ``lang``), as its staff read them in errors
        and lists."""
        lang = lang or (company or self.company_id or self.env.company).partner_id.lang
        # a company's language may be inactive (deactivated, or a database made by an
        # earlier release): the closest active one
        lang = lang and self.env["res.lang"]._postventa_active_code(lang)
        env = self.with_context(lang=lang).env if lang else self.env
        return {
            "postventa_new_units_loc_id": env._("New units (DOA)"),
            "postventa_exchange_pool_loc_id": env._("Exchange pool"),
            "postventa_harvest_loc_id": env._("Parts harvest"),
            "postventa_lab_loc_id": env._("Lab"),
        }

    def _postventa_stock_name_sources(self):
        """The translatable names of the after-sales operation types and routes,
        by field: (source term, route name?)."""
        return {
            "postventa_exchange_type_id": ("Exchange deliveries", False),
            "postventa_internal_type_id": ("After-sales transfers", False),
            "postventa_new_units_route_id": ("Exchange from new units", True),
            "postventa_exchange_pool_route_id": ("Exchange from the pool", True),
        }

    def _postventa_localise_after_sales_names(self):
        """Give the after-sales operation types and routes their name in every
        active language, and the locations still named in English their company's
        language's name (after the module's translations are loaded: post-init
        hook, and each new warehouse)."""
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        english = self._postventa_location_names(lang="en_US")
        # the stock manager creating a warehouse, or the module's install/upgrade
        for warehouse in self:
            names = warehouse._postventa_location_names()
            for field, name in names.items():
                location = warehouse[field]
                if location and location.name == english[field] != name:
                    location.name = name
            for field, (source, route) in self._postventa_stock_name_sources().items():
                record = warehouse[field]
                if not record:
                    continue
                translations = {}
                for lang in langs:
                    term = warehouse.with_context(lang=lang).env._(source)
                    translations[lang] = (
                        warehouse.with_context(lang=lang)._format_routename(term)
                        if route
                        else term
                    )
                record.update_field_translations("name", translations)

    def _postventa_location_values(self, vals, code=False):
        company_id = vals.get(
            "company_id", self.default_get(["company_id"])["company_id"]
        )
        names = self._postventa_location_names(
            self.env["res.company"].browse(company_id)
        )
        code = (vals.get("code") or code or "").replace(" ", "").upper()
        return {
            field: {
                "name": names[field],
                "active": True,
                "usage": "internal",
                "barcode": self._valid_barcode(code + suffix, company_id),
            }
            for field, suffix in AFTER_SALES_LOCATIONS.items()
        }

    def _get_locations_values(self, vals, code=False):
        values = super()._get_locations_values(vals, code=code)
        values.update(self._postventa_location_values(vals, code=code))
        return values

    def _postventa_repair_prefix(self, code=False):
        """Repair numbers start with the company's prefix: ``KODPE/RO/`` for the
        company's first warehouse, ``KODPE/<warehouse code>/RO/`` for the others."""
        self.ensure_one()
        code = code or self.code
        company_code = self.company_id.postventa_code
        sequence_code = self.repair_type_id.sequence_code or "RO"
        if not company_code:
            return f"{code}/{sequence_code}/"
        first = self.with_context(active_test=False).search(
            [("company_id", "=", self.company_id.id)], order="id", limit=1
        )
        if not first or first == self:
            return f"{company_code}/{sequence_code}/"
        return f"{company_code}/{code}/{sequence_code}/"

    def write(self, vals):
        """Side effect: a new ``code`` renumbers the warehouse's repair sequence
        (stock renames its own sequences, not repair's)."""
        result = super().write(vals)
        if vals.get("code"):
            for warehouse in self:
                warehouse.company_id._postventa_set_sequence_prefix(
                    warehouse.repair_type_id.sequence_id,
                    warehouse._postventa_repair_prefix(),
                    owner=warehouse,
                )
        return result

    def _get_sequence_values(self, name=False, code=False):
        values = super()._get_sequence_values(name=name, code=code)
        if "repair_type_id" in values and self.id:
            values["repair_type_id"]["prefix"] = self._postventa_repair_prefix(code)
        name = name or self.name
        code = code or self.code
        values.update(
            {
                "postventa_exchange_type_id": {
                    "name": self.env._("%(name)s Sequence exchange", name=name),
                    "prefix": code + "/EXC/",
                    "padding": 5,
                    "company_id": self.company_id.id,
                },
                "postventa_internal_type_id": {
                    "name": self.env._("%(name)s Sequence after-sales", name=name),
                    "prefix": code + "/PV/",
                    "padding": 5,
                    "company_id": self.company_id.id,
                },
            }
        )
        return values

    def _get_picking_type_create_values(self, max_sequence):
        data, next_sequence = super()._get_picking_type_create_values(max_sequence)
        customers = self._get_partner_locations()[0]
        data.update(
            {
                "postventa_exchange_type_id": {
                    "name": self.env._("Exchange deliveries"),
                    "code": "outgoing",
                    "sequence_code": "EXC",
                    "use_create_lots": False,
                    "use_existing_lots": True,
                    "default_location_src_id": self.postventa_exchange_pool_loc_id.id,
                    "default_location_dest_id": customers.id,
                    "sequence": next_sequence,
                    "company_id": self.company_id.id,
                },
                "postventa_internal_type_id": {
                    "name": self.env._("After-sales transfers"),
                    "code": "internal",
                    "sequence_code": "PV",
                    "use_create_lots": False,
                    "use_existing_lots": True,
                    "default_location_src_id": (
                        self.rma_loc_id.id or self.lot_stock_id.id
                    ),
                    "default_location_dest_id": self.postventa_harvest_loc_id.id,
                    "sequence": next_sequence + 1,
                    "company_id": self.company_id.id,
                },
            }
        )
        return data, next_sequence + 2

    def _get_picking_type_update_values(self):
        data = super()._get_picking_type_update_values()
        ours = {
            "postventa_exchange_type_id": {
                "default_location_src_id": self.postventa_exchange_pool_loc_id.id
            },
            "postventa_internal_type_id": {},
        }
        if self.env.context.get("postventa_install_after_sales_stock"):
            return ours
        data.update(ours)
        return data

    def _get_routes_values(self):
        values = super()._get_routes_values()
        ours = {
            route: {
                "routing_key": route,
                "depends": ["active"],
                "route_update_values": {
                    "name": self._format_routename(name),
                    "active": self.active,
                },
                "route_create_values": {
                    "warehouse_selectable": False,
                    "product_selectable": False,
                    "company_id": self.company_id.id,
                    "sequence": 120,
                },
                "rules_values": {"active": True, "propagate_carrier": True},
            }
            for route, name in (
                ("postventa_new_units_route_id", self.env._("Exchange from new units")),
                (
                    "postventa_exchange_pool_route_id",
                    self.env._("Exchange from the pool"),
                ),
            )
        }
        if self.env.context.get("postventa_install_after_sales_stock"):
            return ours
        values.update(ours)
        return values

    def get_rules_dict(self):
        rules = super().get_rules_dict()
        customers = self._get_partner_locations()[0]
        for warehouse in self:
            rules[warehouse.id].update(
                {
                    "postventa_new_units_route_id": [
                        self.Routing(
                            warehouse.postventa_new_units_loc_id,
                            customers,
                            warehouse.postventa_exchange_type_id,
                            "pull",
                        )
                    ],
                    "postventa_exchange_pool_route_id": [
                        self.Routing(
                            warehouse.postventa_exchange_pool_loc_id,
                            customers,
                            warehouse.postventa_exchange_type_id,
                            "pull",
                        )
                    ],
                }
            )
        return rules

    # ------------------------------------------------------------------------
    # Warehouses that were there before the module (install and upgrade)
    # ------------------------------------------------------------------------
    @api.model
    def _postventa_create_missing_warehouses(self):
        """stock gives a warehouse to the first company only: a company created
        before stock was installed has none, hence no after-sales stock to
        exchange units from. Give it one, as stock does for the first company.
        Called by the module's data (install and upgrade: as superuser)."""
        with_warehouse = self.with_context(active_test=False).search([]).company_id
        for company in self.env["res.company"].search([]) - with_warehouse:
            self.create(
                {
                    "name": company.name,
                    "code": "".join(company.name.split())[:5].upper(),
                    "company_id": company.id,
                    "partner_id": company.partner_id.id,
                }
            )

    def _postventa_install_after_sales_stock(self):
        """Give the warehouses that lack them the after-sales locations, operation
        types and exchange routes, through the same hooks a new warehouse goes
        through (called at install and upgrade by data/stock_warehouse_data.xml;
        does nothing where everything is there; as superuser)."""
        warehouses = (self or self.search([])).with_context(
            postventa_install_after_sales_stock=True
        )
        Location = self.env["stock.location"].with_context(active_test=False)
        for warehouse in warehouses:
            missing = {
                field: values
                for field, values in warehouse._postventa_location_values(
                    {"company_id": warehouse.company_id.id}, warehouse.code
                ).items()
                if not warehouse[field]
            }
            if missing:
                warehouse.write(
                    {
                        field: Location.create(
                            dict(
                                values,
                                location_id=warehouse.view_location_id.id,
                                company_id=warehouse.company_id.id,
                            )
                        ).id
                        for field, values in missing.items()
                    }
                )
            if not all(warehouse[field] for field in AFTER_SALES_PICKING_TYPES):
                warehouse.write(
                    warehouse._create_or_update_sequences_and_picking_types()
                )
            if not all(warehouse[field] for field in AFTER_SALES_ROUTES):
                warehouse.write(warehouse._create_or_update_route())
        warehouses._postventa_localise_after_sales_names()
