from odoo.addons.postventa_helpdesk.migration_tools import reload_noupdate_data


def migrate(cr, version):
    """The acknowledgement's text changed but its template is noupdate."""
    reload_noupdate_data(cr, "postventa_helpdesk", "mail_template_case_acknowledgement")
