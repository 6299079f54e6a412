from . import visit_portal
