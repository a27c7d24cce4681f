"""The listening socket of ``spa-copilot run`` and of the sandbox servers, bound before any work starts.

Its own module, light to import: ``sandbox serve`` and ``sandbox slack`` bind with it too, and importing it from
``spa_copilot.server`` loaded the whole copilot (its Slack app, its model guardrails) first: two to three seconds
of CPU at each sandbox start, before the spa was even generated."""

from __future__ import annotations

import errno
import os
import socket


def bind_http_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` and listening, or ``OSError`` (``EADDRINUSE`` when the port is taken).

    ``spa-copilot run`` binds before it starts any work and hands the socket to uvicorn: a second copilot
    started on a port another one holds stops here, before it polls the platform, re-drives the outbox or posts
    to Slack (uvicorn binds only after the app's startup has run). Two started at once cannot both get it.
    """
    # the address family as uvicorn picks it (IPv6 only for a literal IPv6 host), so "localhost" stays IPv4
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    try:
        if os.name == "posix":  # a restart may bind over connections in TIME_WAIT, never over a listener
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)  # uvicorn's default backlog; requests arriving during startup wait in it
    except OverflowError:  # a port outside 0-65535
        sock.close()
        raise OSError(errno.EINVAL, "not a port (1-65535)") from None
    except OSError:
        sock.close()
        raise
    return sock


def bind_error_line(host: str, port: int, exc: OSError, *, who: str = "spa-copilot") -> str:
    """The one line ``spa-copilot run`` (or ``sandbox serve``, ``who="sandbox"``) prints when it cannot listen on
    ``host:port``."""
    if exc.errno in {errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", errno.EADDRINUSE)}:
        return f"spa-copilot: port {port} on {host} is already in use: is another {who} running? (--port picks another)"
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"spa-copilot: cannot listen on {host}:{port}: {reason}"
