"""What Slack answered when a Web API call failed, in a form fit for a log line."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError


def slack_failure(exc: BaseException) -> str:
    """Slack's error code (when it sent one) and the HTTP status, e.g. ``channel_not_found (HTTP 200)`` or
    ``no error code (HTTP 503)``: a 5xx from Slack or a proxy in front of it has no error code, and the status is
    what the IT person can act on; for a failure that is not Slack's answer (the connection), its type name. Never
    raises, whatever the response holds."""
    if not isinstance(exc, SlackApiError):
        return type(exc).__name__
    response = exc.response
    status = getattr(response, "status_code", None) or getattr(response, "status", None)
    data = getattr(response, "data", None)
    error = data.get("error") if isinstance(data, dict) else None
    return f"{error or 'no error code'} (HTTP {status if status is not None else 'status unknown'})"
