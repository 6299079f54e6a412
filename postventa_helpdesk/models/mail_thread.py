from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _postventa_note(self, body, **kwargs):
        """Post an internal note.

        A ``notification`` with the note subtype is hidden from the portal chatter
        but still readable by id (``mail.message`` ``read`` over JSON-RPC): Odoo only
        refuses internal messages of type ``comment`` to portal users. So every note
        of postventa is a comment of the note subtype, flagged ``is_internal``.
        """
        return self.message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            is_internal=True,
            **kwargs,
        )
