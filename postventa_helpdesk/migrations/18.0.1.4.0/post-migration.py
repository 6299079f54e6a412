# Internal notes used to be posted as notifications of the note subtype, which Odoo
# lets portal users read by id. Make the existing ones internal comments, as the
# addons post them now (mail_thread.py, _postventa_note). Tracking messages keep
# their type: their values are filtered by field access.
from odoo.tools import SQL

MODELS = (
    "helpdesk.ticket",
    "postventa.unit",
    "postventa.visit",
    "postventa.doa.authorization",
    "rma",
    "repair.order",
    "stock.picking",
    "postventa.lab.intake",
    "postventa.courier.order",
)


def migrate(cr, version):
    cr.execute(
        SQL(
            """
            UPDATE mail_message m
               SET message_type = 'comment', is_internal = TRUE
              FROM mail_message_subtype s
             WHERE m.subtype_id = s.id
               AND s.internal
               AND m.message_type = 'notification'
               AND m.model IN %s
               AND NOT EXISTS (
                   SELECT 1 FROM mail_tracking_value t WHERE t.mail_message_id = m.id
               )
            """,
            MODELS,
        )
    )
