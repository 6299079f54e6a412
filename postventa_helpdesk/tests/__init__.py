from . import test_warranty
from . import test_serial
from . import test_doa
from . import test_triage
from . import test_intake
from . import test_access
from . import test_ui
from . import test_sla
