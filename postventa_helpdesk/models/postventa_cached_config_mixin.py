from odoo import api, models


class PostventaCachedConfigMixin(models.AbstractModel):
    """Configuration read on every case (policies, matrix, zones, keywords) is kept
    in the registry cache by its lookups; any change to it clears that cache."""

    _name = "postventa.cached.config.mixin"
    _description = "Configuration cached by the case lookups"

    @api.model_create_multi
    def create(self, vals_list):
        """Side effect: clears the registry cache the case lookups keep."""
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        """Side effect: clears the registry cache the case lookups keep."""
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()
