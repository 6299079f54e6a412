from . import models
from . import wizards
from . import controllers
from . import http_unavailable

# the webhook's 503 when the database cannot store: at import rather than in a
# post_load hook, which Odoo skips when the package was imported first (a test
# run, a server-wide module list); the wrapper only touches the webhook's path
http_unavailable.install()
