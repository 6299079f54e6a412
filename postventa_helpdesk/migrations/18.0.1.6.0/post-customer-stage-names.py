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
