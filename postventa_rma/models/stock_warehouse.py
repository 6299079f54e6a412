from odoo import api, fields, models


class StockWarehouse(models.Model):
    """Each warehouse keeps the after-sales stock apart: new units for DOA swaps,
    the refurbished exchange pool for warranty swaps, the units whose parts are
    harvested, and the lab."""

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

    @api.model_create_multi
    def create(self, vals_list):
        warehouses = super().create(vals_list)
        warehouses._postventa_ensure_exchange_stock()
        return warehouses

    def _postventa_location_names(self):
        return {
            "postventa_new_units_loc_id": self.env._("New units (DOA)"),
            "postventa_exchange_pool_loc_id": self.env._("Exchange pool"),
            "postventa_harvest_loc_id": self.env._("Parts harvest"),
            "postventa_lab_loc_id": self.env._("Lab"),
        }

    def _postventa_ensure_exchange_stock(self):
        """Create what is missing of the after-sales locations and operation types."""
        Location = self.env["stock.location"].sudo()
        PickingType = self.env["stock.picking.type"].sudo()
        for warehouse in self:
            values = {}
            for field, name in warehouse._postventa_location_names().items():
                if not warehouse[field]:
                    values[field] = Location.create(
                        {
                            "name": name,
                            "usage": "internal",
                            "location_id": warehouse.view_location_id.id,
                            "company_id": warehouse.company_id.id,
                        }
                    ).id
            if values:
                warehouse.write(values)
            customers = self.env.ref("stock.stock_location_customers")
            if not warehouse.postventa_exchange_type_id:
                warehouse.postventa_exchange_type_id = PickingType.create(
                    {
                        "name": self.env._("Exchange deliveries"),
                        "code": "outgoing",
                        "sequence_code": "EXC",
                        "warehouse_id": warehouse.id,
                        "company_id": warehouse.company_id.id,
                        "default_location_src_id": (
                            warehouse.postventa_exchange_pool_loc_id.id
                        ),
                        "default_location_dest_id": customers.id,
                        "use_create_lots": False,
                        "use_existing_lots": True,
                    }
                )
            if not warehouse.postventa_internal_type_id:
                warehouse.postventa_internal_type_id = PickingType.create(
                    {
                        "name": self.env._("After-sales transfers"),
                        "code": "internal",
                        "sequence_code": "PV",
                        "warehouse_id": warehouse.id,
                        "company_id": warehouse.company_id.id,
                        "default_location_src_id": warehouse.rma_loc_id.id
                        or warehouse.lot_stock_id.id,
                        "default_location_dest_id": (
                            warehouse.postventa_harvest_loc_id.id
                        ),
                        "use_create_lots": False,
                        "use_existing_lots": True,
                    }
                )
