"""A case is in charge of a person of the company: cases that helpdesk_mgmt's
auto-assignment gave to OdooBot or to a portal user (the customer, a store) wait
for a person of their team again."""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE helpdesk_ticket t
           SET user_id = NULL
          FROM res_users u
         WHERE u.id = t.user_id AND (u.id = 1 OR u.share)
        """
    )
