from . import rma_portal
from . import unit_portal
