from odoo import models
from odoo.http import request


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):
        """A visitor's browser that asks for a regional Spanish the database does not
        have (es-PY, es-PE, es-CL, es-VE...) gets the Spanish it has, Latin American
        first, instead of English. A logged-in user's own language is left alone."""
        super()._pre_dispatch(rule, args)
        if request.session.uid or not request.env:
            return
        lang = request.env.context.get("lang") or ""
        fallback = cls._postventa_fallback_lang(lang)
        if fallback != lang:
            request.session.context["lang"] = fallback
            request.update_context(lang=fallback)

    @classmethod
    def _postventa_fallback_lang(cls, lang):
        """The active language closest to ``lang``: itself, else a language of its
        base (es_419 then es_ES for Spanish, as Odoo's .po lookup does), else it."""
        installed = [code for code, _name in request.env["res.lang"].get_installed()]
        if not lang or lang in installed:
            return lang
        base = lang.split("_", 1)[0]
        preferred = ["es_419", "es_ES"] if base == "es" else []
        same_base = [code for code in installed if code.split("_", 1)[0] == base]
        for code in [code for code in preferred if code in same_base] + same_base:
            return code
        return lang
