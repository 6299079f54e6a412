from odoo.addons.postventa_helpdesk.migration_tools import reload_noupdate_data


def migrate(cr, version):
    """The courier document's announcement changed but its template is noupdate
    (postventa_helpdesk's own migration cannot do it: it runs only when that
    addon is upgraded, and knows nothing of this one's records)."""
    reload_noupdate_data(
        cr, "postventa_courier", "mail_template_courier_doc_announcement"
    )
