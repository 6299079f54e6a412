import functools
import logging
import subprocess

from odoo import api, models
from odoo.tools.misc import find_in_path

_logger = logging.getLogger(__name__)


@functools.cache
def wkhtmltopdf_patched_qt():
    """Whether wkhtmltopdf is the build with patched Qt Odoo asks for (wkhtmltox
    0.12.6.1). Distributions' builds (Debian's, Ubuntu's) have none: they drop
    the header and footer (the letterhead) and draw text in web fonts as shapes
    a reader cannot select or search."""
    binary = find_in_path("wkhtmltopdf")
    if not binary:
        return True  # no PDF at all: nothing to work around
    try:
        out = subprocess.run(
            [binary, "--version"], capture_output=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return True
    patched = b"patched qt" in out.lower()
    if not patched:
        _logger.warning(
            "wkhtmltopdf has no patched Qt: postventa's documents carry their "
            "letterhead in the page and use the system's fonts; install wkhtmltox "
            "0.12.6.1 for Odoo's headers, footers and fonts."
        )
    return patched


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    @api.model
    def _postventa_document_models(self):
        """The models whose documents follow their own company: its letterhead
        (``web.external_layout`` does that) and its paper format."""
        return {"postventa.doa.authorization", "postventa.visit"}

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        """A postventa document is printed on its company's paper (A4, Letter…),
        whichever company the printing user is in."""
        printer = self
        report = self._get_report(report_ref)
        if res_ids and report.model in self._postventa_document_models():
            ids = [res_ids] if isinstance(res_ids, int) else res_ids
            company = self.env[report.model].browse(ids).sudo().company_id
            if (
                len(company) == 1
                and company != self.env.company
                and (self.env.su or company in self.env.user.company_ids)
            ):
                printer = self.with_company(company)
        return super(IrActionsReport, printer)._render_qweb_pdf(
            report_ref, res_ids=res_ids, data=data
        )

    def _get_rendering_context(self, report, docids, data):
        data = super()._get_rendering_context(report, docids, data)
        if report.model in self._postventa_document_models():
            # wkhtmltopdf without patched Qt: the letterhead goes in the page,
            # the text in system fonts (see postventa_helpdesk.report_plain_pdf)
            data["postventa_plain_pdf"] = (
                data.get("report_type") == "pdf" and not wkhtmltopdf_patched_qt()
            )
        return data
