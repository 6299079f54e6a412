from . import test_drop_off_centre
