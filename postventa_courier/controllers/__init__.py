from . import courier_webhook
from . import doc_portal
from . import store_portal
