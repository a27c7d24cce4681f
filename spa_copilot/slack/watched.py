"""The Web API client that remembers whether Slack serves the copilot, for ``/healthz``'s ``slackOk``.

The process stays up when Slack does not answer (no DM, card or alert is lost: each is retried or re-posted by its
job), so a liveness probe alone never shows a revoked token or an outage. Every call the copilot makes through
``copilot.slack`` (its jobs, cards, DMs, alerts and commands' answers) goes through ``api_call``; the last outcome of
one made with the bot token is kept (a call with a token of its own, Socket Mode's app-level token opening its
connection, says nothing of the bot token): an answer, even a refusal of one request (``channel_not_found``), says
Slack serves the copilot; a refused token (``invalid_auth``, ``token_revoked``…), a 5xx or a connection that fails
says it does not, until the next answer."""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from spa_copilot.slack.errors import SLACK_FAILURES, answered, is_rate_limited, is_temporary, slack_failure

#: Slack's answers that no call of the copilot's can succeed past: the token is not (or no longer) one it takes.
TOKEN_REFUSED = frozenset({
    "invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive", "not_allowed_token_type",
    "team_access_not_granted", "ekm_access_denied",
})


class WatchedWebClient(AsyncWebClient):
    """``AsyncWebClient`` whose ``failing`` says why Slack did not serve the last call (None when it did)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.failing: str | None = None

    async def api_call(self, api_method: str, **kwargs: Any) -> AsyncSlackResponse:  # type: ignore[override]
        own = (kwargs.get("params") or {}).get("token") or (kwargs.get("data") or {}).get("token")
        if own and own != self.token:  # another token's call (apps.connections.open): not the bot token's health
            return await super().api_call(api_method, **kwargs)
        try:
            response = await super().api_call(api_method, **kwargs)
        except SLACK_FAILURES as exc:
            refused = answered(exc) in TOKEN_REFUSED
            down = not isinstance(exc, SlackApiError) or (is_temporary(exc) and not is_rate_limited(exc))
            self.failing = slack_failure(exc) if refused or down else None
            raise
        self.failing = None
        return response
