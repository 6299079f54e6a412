from . import stock_warehouse
from . import rma
from . import helpdesk_ticket
from . import postventa_unit
from . import postventa_service_type
from . import stock_move
