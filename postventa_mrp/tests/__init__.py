from . import test_disassembly
from . import test_demo
