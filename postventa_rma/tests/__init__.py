from . import test_ticket_rma
