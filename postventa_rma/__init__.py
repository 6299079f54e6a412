from . import models
from . import wizards
from . import controllers


def post_init_hook(env):
    """The module's Spanish is loaded now: the after-sales stock of the warehouses
    that were there gets its names in the companies' languages."""
    env["stock.warehouse"].search([])._postventa_localise_after_sales_names()
