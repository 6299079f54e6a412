from . import test_doc_portal
from . import test_drop_off_centre
from . import test_flow
from . import test_outbox
from . import test_polling
from . import test_recoordination
from . import test_security
from . import test_webhook
