from . import postventa_disassemble_wizard
