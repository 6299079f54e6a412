"""Portal sign-up on invitation only (b2b) for databases installed before it was
postventa's default: auth_signup had left free sign-up (b2c) on, so that anyone
could open a portal account on /web/signup. An administrator who wants free
sign-up sets it again in Settings > Permissions (see readme/CONFIGURE.md)."""

import logging

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "UPDATE ir_config_parameter SET value = 'b2b' "
        "WHERE key = 'auth_signup.invitation_scope' AND value = 'b2c'"
    )
    if cr.rowcount:
        _logger.info("postventa: portal sign-up is now on invitation only (b2b)")
