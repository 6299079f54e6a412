from . import postventa_case_report
