from . import postventa_claim_answer_import
from . import postventa_claim_override
