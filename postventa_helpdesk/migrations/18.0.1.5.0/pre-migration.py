def migrate(cr, version):
    """The template's text changed (issue 16) but it is noupdate: let this upgrade
    load it again (the data file makes it noupdate again)."""
    cr.execute(
        "UPDATE ir_model_data SET noupdate = false WHERE module = %s AND name = %s",
        ("postventa_helpdesk", "mail_template_case_acknowledgement"),
    )
