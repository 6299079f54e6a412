from . import postventa_qc_fail_wizard
from . import postventa_part_shipment_wizard
from . import postventa_store_exchange_wizard
