from odoo import api, models
from odoo.http import request

# Odoo's own Spanish for the browser says *tú* where a customer reads it; postventa
# says *usted* (docs/glossary.md)
POSTVENTA_WEB_WORDING = {
    "Upload your file": "Suba su archivo",
}


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
    def _get_translation_frontend_modules_name(cls):
        """The portal's chatter is mail's: its texts ("The conversation is empty.")
        come translated to a portal page only if mail is one of the frontend's
        translated modules (website adds it; postventa has no website)."""
        return super()._get_translation_frontend_modules_name() + ["mail"]

    @api.model
    def get_translations_for_webclient(self, modules, lang):
        translations, lang_params = super().get_translations_for_webclient(
            modules, lang
        )
        if (lang or self.env.lang or "").startswith("es"):
            translations = {
                module: dict(
                    values,
                    messages=tuple(
                        dict(message, string=POSTVENTA_WEB_WORDING[message["id"]])
                        if message["id"] in POSTVENTA_WEB_WORDING
                        else message
                        for message in values.get("messages", ())
                    ),
                )
                for module, values in translations.items()
            }
        return translations, lang_params

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
