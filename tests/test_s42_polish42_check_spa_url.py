"""``spa-copilot check``'s lines that find MANGOMINT_API_URL unset, not an http(s) address, or pointing at something
that answers but is not the spa system's gateway say, in the line itself, what the value should be, with the README's
addresses as the example (the partner gateway's, and the sandbox spa's for a rehearsal); they said only "see README,
'Configuration'", the address format alone, or the client's error ("list response is not {'data': [...]}")."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from spa_copilot.preflight import _configuration
from spa_copilot.settings import Settings
from tests.test_s20_check_hints import checked

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
GATEWAY, SANDBOX = "https://gateway.example/v1", "http://127.0.0.1:8765/v1"


def _says_what_to_set(line: str) -> None:
    """The line names the value expected by the README's own examples (which the README still gives)."""
    assert "see README" not in line, line
    assert GATEWAY in line and SANDBOX in line, line
    assert f"`MANGOMINT_API_URL` to its address (`{GATEWAY}`)" in README
    assert f"export MANGOMINT_API_URL={SANDBOX}" in README


def test_unset_against_a_real_slack_says_the_value_expected(settings: Settings) -> None:
    real_slack = settings.model_copy(update={"slack_api_url": "https://slack.com/api/"})
    check = _configuration(real_slack, environ={}, env_file=None)
    assert check.status == "failed"
    assert re.search(
        r"MANGOMINT_API_URL is not set: .*; set it to the partner gateway's base address, e\.g\. ", check.detail
    ), check.detail
    _says_what_to_set(check.detail.split("MANGOMINT_API_URL is not set", 1)[1])


@pytest.mark.parametrize(
    "answer",
    [
        lambda request: httpx.Response(200, text="<html><body>Welcome</body></html>"),  # a web page
        lambda request: httpx.Response(200, json={"ok": False, "error": "not_authed"}),  # another API (Slack's)
    ],
    ids=["a-web-page", "another-api"],
)
async def test_an_address_that_answers_but_not_as_the_gateway_says_the_value_expected(
    settings: Settings, answer
) -> None:
    check = await checked(settings, "http://127.0.0.1:9/v1", answer)
    assert check.status == "failed"
    assert "something answers there, but not as the spa system's gateway" in check.detail, check.detail
    _says_what_to_set(check.detail)


def test_an_address_that_is_not_http_says_the_readmes_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MANGOMINT_API_URL", "ftp://gateway.example/v1")
    with pytest.raises(ValueError, match="must be an http:// or https:// URL with a host") as refused:
        Settings(_env_file=None)
    _says_what_to_set(str(refused.value))


async def test_a_gateways_paging_fault_does_not_blame_the_address(settings: Settings) -> None:
    # rev42b L5: the gateway answers in the contract's shape, but its paging goes round (a cursor repeated): its
    # address is right, and the line says the fault, not "MANGOMINT_API_URL should be …"
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"data": [], "nextCursor": "same"})

    check = await checked(settings, "http://127.0.0.1:9/v1", answer)
    assert check.status == "failed"
    assert "pagination repeated cursor" in check.detail, check.detail
    assert "should be" not in check.detail and "not as the spa system's gateway" not in check.detail, check.detail
