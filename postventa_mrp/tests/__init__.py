from . import test_disassembly
