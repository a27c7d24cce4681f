"""``spa-copilot check`` says what a Slack out of reach means and what to do (a fresh-eyes review, 4 December):
it printed aiohttp's "ClientConnectorDNSError: Cannot connect to host slack.com:443 ssl:default …" alone, while the
spa system's line explains its own."""

from __future__ import annotations

from spa_copilot.copilot import build_slack_client
from spa_copilot.preflight import _slack
from spa_copilot.settings import Settings


async def test_a_slack_address_that_does_not_resolve_says_dns_and_what_to_check() -> None:
    settings = Settings(_env_file=None, slack_api_url="https://slack.invalid/api/")  # type: ignore[call-arg]
    check = await _slack(settings, build_slack_client(settings))
    assert check.status == "failed"
    assert "this machine could not look up slack.invalid (DNS): check its network connection and DNS" in check.detail
    assert check.detail.endswith(")") and "ClientConnector" in check.detail  # what it met, kept in brackets


async def test_a_stand_in_that_is_not_running_says_to_start_it() -> None:
    settings = Settings(_env_file=None, slack_api_url="http://127.0.0.1:9/api/")  # type: ignore[call-arg]
    check = await _slack(settings, build_slack_client(settings))
    assert check.status == "failed"
    assert "nothing answered there: start the stand-in (spa-copilot sandbox slack), or set SLACK_API_URL" in check.detail
