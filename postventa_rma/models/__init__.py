from . import rma
from . import helpdesk_ticket
