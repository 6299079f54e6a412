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

    def _postventa_company_author(self):
        """Mail values of a message the company writes to its customer (an
        acknowledgement, a notice, a survey): authored by the company, sent from
        its address; never OdooBot nor the customer, whoever triggered it."""
        self.ensure_one()
        company = (
            self["company_id"] if "company_id" in self._fields else False
        ) or self.env.company
        partner = company.sudo().partner_id
        values = {"author_id": partner.id}
        if partner.email:
            values["email_from"] = partner.email_formatted
        return values

    def _postventa_in_reader_lang(self, partner):
        """This record with ``partner``'s language, to write them a notice."""
        lang = partner.lang or self.env.lang
        return self.with_context(lang=lang) if lang != self.env.lang else self
