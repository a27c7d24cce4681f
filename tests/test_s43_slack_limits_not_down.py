"""A limit of Slack's (``rate_limited``, ``message_limit_exceeded``: chat.postMessage's own per-channel ones, now
temporary) is no outage: /healthz's slackOk went false on one (rev43e L), as only ``ratelimited`` was spared."""
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from spa_copilot.slack.watched import WatchedWebClient


@pytest.mark.parametrize("code", ["rate_limited", "message_limit_exceeded"])
async def test_a_passing_limit_is_not_slack_down(monkeypatch, code) -> None:
    async def refuse(self, api_method, **kw):
        raise SlackApiError(code, {"ok": False, "error": code})

    monkeypatch.setattr(AsyncWebClient, "api_call", refuse)
    client = WatchedWebClient(token="xoxb-test")
    with pytest.raises(SlackApiError):
        await client.api_call("chat.postMessage", json={"channel": "C1", "text": "x"})
    assert client.failing is None, client.failing
