"""The test suite (a package: its modules share ``tests.builders``, ``tests.scenes`` and the other helpers)."""

import gc
import sys

if "pytest" in sys.modules:
    # No cyclic garbage collection while pytest imports the product and the test modules and collects the tests:
    # everything made then lives until the process ends, and the collector's full scans of the growing heap were a
    # fifth of each xdist worker's start. ``pytest_collection_finish`` (conftest.py) freezes what exists and turns
    # the collector back on (in xdist's controller, which collects nothing, ``pytest_xdist_setupnodes``).
    gc.disable()
