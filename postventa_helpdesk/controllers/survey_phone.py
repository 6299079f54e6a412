from odoo.http import request

from odoo.addons.survey.controllers.main import Survey


class PostventaSurvey(Survey):
    def _check_validity(
        self, survey_token, answer_token, ensure_token=True, check_partner=True
    ):
        """The agent taking a customer's survey by phone answers it in the survey's
        own form: the answer is the customer's, not the agent's partner's. A case's
        customer that is a company is answered by its contact who is logged in (the
        invitation names the company)."""
        if check_partner and answer_token and not request.env.user._is_public():
            __, answer_sudo = self._fetch_from_access_token(survey_token, answer_token)
            user = request.env.user
            if answer_sudo and (
                answer_sudo._postventa_taken_by_phone_by(user)
                or answer_sudo._postventa_answered_by_its_customer(user)
            ):
                check_partner = False
        return super()._check_validity(
            survey_token,
            answer_token,
            ensure_token=ensure_token,
            check_partner=check_partner,
        )
