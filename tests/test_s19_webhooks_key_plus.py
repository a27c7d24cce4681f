"""A shared secret holding "+" (a base64 one) given as ``?key=`` without percent-encoding reaches the copilot with each
"+" form-decoded to a space: it is compared with each space a "+" again as well."""

from __future__ import annotations

import pytest

from spa_copilot.platform.errors import WebhookAuthError
from spa_copilot.platform.webhooks import verify_webhook
from spa_copilot.sandbox.world import SandboxWorld
from tests.fixture_loader import fixture_bytes

BODY = fixture_bytes("mangomint/appointment_cancelled_real.json")
PLUS_SECRET = "ab+c/d=="


def verify(query: dict[str, str], headers: dict[str, str] | None = None, secret: str = PLUS_SECRET) -> None:
    verify_webhook(headers or {}, BODY, query, secret=secret, now=1_742_310_000)


def test_a_plus_read_as_a_space_in_the_query_still_matches() -> None:
    verify({"key": "ab c/d=="})  # what ?key=ab+c/d== becomes once the query is form-decoded
    verify({"key": PLUS_SECRET})  # ?key=ab%2Bc%2Fd%3D%3D, percent-encoded


@pytest.mark.parametrize("presented", ["ab c/d= ", "abxc/d==", "ab+c/d=", ""])
def test_another_key_is_still_wrong(presented: str) -> None:
    with pytest.raises(WebhookAuthError, match="wrong webhook secret"):
        verify({"key": presented})


def test_a_secret_with_a_space_still_matches_itself_only() -> None:
    verify({"key": "ab c"}, secret="ab c")
    with pytest.raises(WebhookAuthError):
        verify({"key": "ab+c"}, secret="ab c")


def test_the_header_is_compared_as_sent() -> None:  # headers are not form-decoded: no second reading
    verify({}, headers={"X-Webhook-Secret": PLUS_SECRET})
    with pytest.raises(WebhookAuthError):
        verify({}, headers={"X-Webhook-Secret": "ab c/d=="})


async def test_the_url_as_typed_is_accepted_over_http(world: SandboxWorld) -> None:
    world.copilot.settings.mangomint_webhook_secret = type(world.copilot.settings.mangomint_webhook_secret)(PLUS_SECRET)
    response = await world.http.post("/webhooks/mangomint?key=ab+c/d==", content=BODY,
                                      headers={"Content-Type": "application/json"})
    assert response.status_code == 200, response.text
