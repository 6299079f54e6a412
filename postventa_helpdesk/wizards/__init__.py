from . import postventa_escalate_wizard
from . import postventa_void_wizard
from . import postventa_intake_wizard
from . import postventa_priority_override_wizard
from . import postventa_visit_wizard
