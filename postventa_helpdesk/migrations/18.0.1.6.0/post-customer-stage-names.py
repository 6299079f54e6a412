"""The stage-update mail names the stage as the customer reads it (its meaning,
never an internal stage's name). Its template is noupdate: rewrite it in place, in
every language."""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE mail_template t
           SET subject = replace(subject::text, 'object.stage_id.name }}',
                   'object.stage_id._postventa_customer_name() }}')::jsonb,
               body_html = replace(body_html::text, 'object.stage_id.name or ''''',
                   'object.stage_id._postventa_customer_name()')::jsonb
          FROM ir_model_data d
         WHERE d.model = 'mail.template' AND d.res_id = t.id
           AND d.module = 'postventa_helpdesk'
           AND d.name = 'mail_template_stage_update'
        """
    )
    # helpdesk_mgmt's cancelled stages mailed its "The ticket ... has been closed":
    # they mail postventa's stage update ("Su caso ... ahora está en: Cancelado")
    # (helpdesk_mgmt's stages are noupdate: the data file sets it on install only)
    cr.execute(
        """
        UPDATE helpdesk_ticket_stage s
           SET mail_template_id = (
                   SELECT res_id FROM ir_model_data
                    WHERE module = 'postventa_helpdesk'
                      AND name = 'mail_template_stage_update')
          FROM ir_model_data d
         WHERE d.model = 'helpdesk.ticket.stage' AND d.res_id = s.id
           AND d.module = 'helpdesk_mgmt'
           AND d.name IN ('helpdesk_ticket_stage_cancelled',
                          'helpdesk_ticket_stage_rejected')
        """
    )
