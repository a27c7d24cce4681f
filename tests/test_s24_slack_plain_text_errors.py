"""A Slack call answered by something in between with a body that is no JSON object (a proxy's text/plain 502):
the copilot reads it as a failure without an error code, never as a crash of its own (``SlackResponse.get`` raises
``AttributeError`` on a text body)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from slack_sdk.errors import SlackApiError

from spa_copilot.slack.errors import answered, is_temporary, slack_failure
from spa_copilot.slack.watched import WatchedWebClient


@pytest.fixture
async def proxy_502() -> AsyncIterator[str]:
    async def bad_gateway(request: web.Request) -> web.Response:
        return web.Response(status=502, text="Bad Gateway", content_type="text/plain")

    app = web.Application()
    app.router.add_post("/api/{method}", bad_gateway)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}/api/"
    finally:
        await runner.cleanup()


async def test_a_plain_text_502_is_a_slack_failure_without_a_code(proxy_502: str) -> None:
    slack = WatchedWebClient(token="xoxb-test", base_url=proxy_502, retry_handlers=[])
    with pytest.raises(SlackApiError) as raised:
        await slack.chat_postMessage(channel="C123", text="hi")
    assert answered(raised.value) is None and answered(raised.value, "needed") is None
    assert slack_failure(raised.value) == "no error code (HTTP 502)"
    assert is_temporary(raised.value)
    assert slack.failing == "no error code (HTTP 502)"  # /healthz's slackFailing says what it met
