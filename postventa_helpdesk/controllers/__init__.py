from . import visit_portal
from . import ticket_portal
from . import store_portal
from . import survey_phone
