"""``sandbox serve`` and ``sandbox slack`` bind their port without importing the copilot's whole server (its Slack
app, its model guardrails): that import was two to three seconds of CPU at each sandbox start."""

from __future__ import annotations

import subprocess
import sys

from spa_copilot import server

PROBE = r"""
import argparse, sys
from spa_copilot import cli
listener = cli._listening(argparse.Namespace(host="127.0.0.1", port=0), who="sandbox")
assert listener is not None and listener.getsockname()[1] != 0
listener.close()
heavy = sorted(m for m in ("spa_copilot.server", "spa_copilot.slack.app", "spa_copilot.ai.guardrails") if m in sys.modules)
print(",".join(heavy) or "none")
"""


def test_a_sandbox_binds_its_port_without_importing_the_copilot_server() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "none"


def test_the_copilot_server_still_offers_the_same_binding_helpers() -> None:
    from spa_copilot import listen

    assert server.bind_http_socket is listen.bind_http_socket
    assert server.bind_error_line is listen.bind_error_line
