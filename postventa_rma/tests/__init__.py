from . import test_ticket_rma
from . import test_exchange
from . import test_concurrency
from . import test_lab
from . import test_logistics
from . import test_portal
from . import test_portal_journey
