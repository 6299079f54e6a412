from odoo import models


class MailRenderMixin(models.AbstractModel):
    _inherit = "mail.render.mixin"

    def _postventa_active_langs(self, rendered):
        """{res_id: lang} with each inactive language replaced by the closest
        active one (a recipient whose language was deactivated, or a database
        made by an earlier release and upgraded): Odoo refuses to render in an
        inactive language ("Invalid language code"), which stopped every mail to
        such a partner, and the upgrade loading cases with them."""
        Lang = self.env["res.lang"]
        return {
            res_id: lang and Lang._postventa_active_code(lang)
            for res_id, lang in rendered.items()
        }

    def _render_lang(self, res_ids, engine="inline_template"):
        return self._postventa_active_langs(
            super()._render_lang(res_ids, engine=engine)
        )

    def _render_field(self, field, res_ids, *args, **kwargs):
        rendered = super()._render_field(field, res_ids, *args, **kwargs)
        if field == "lang":  # the composer's layout language
            return self._postventa_active_langs(rendered)
        return rendered
