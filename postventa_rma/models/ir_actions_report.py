from odoo import api, models


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    @api.model
    def _postventa_document_models(self):
        """The lab's intake receipt, the service report and the RMA too."""
        return super()._postventa_document_models() | {"postventa.lab.intake", "rma"}
