from . import postventa_qc_fail_wizard
