from odoo import api, models


class ResLang(models.Model):
    _inherit = "res.lang"

    @api.model
    def _postventa_active_code(self, code):
        """The active language to write in for a partner whose language is ``code``:
        itself when active, else an active language of its base (es_419 then es_ES
        for Spanish), else English. A partner (or a company) may keep a language
        that was deactivated, or that a database never activated (a database made
        by an earlier release, upgraded): Odoo refuses a context in such a language
        ("Invalid language code")."""
        if not code or code == "en_US" or self._get_data(code=code):
            return code or "en_US"
        installed = [lang for lang, _name in self.get_installed()]
        base = code.split("_", 1)[0]
        same_base = [lang for lang in installed if lang.split("_", 1)[0] == base]
        preferred = [lang for lang in ("es_419", "es_ES") if lang in same_base]
        return (preferred + same_base + ["en_US"])[0]
