"""``SLACK_API_URL`` and ``LLM_BASE_URL`` are addresses alone, as ``MANGOMINT_API_URL`` is (44b814f): a ``?query``,
a ``#fragment`` or a ``user:password@`` in them is a one-line configuration error (exit 2) naming the variable and
where the secret goes, the URL shown with those parts as ``…``. Each client puts its calls after the URL: the OpenAI
client sent ``…/v1?api-version=x`` as ``…/v1/?api-version=xchat/completions`` (so a gateway's query cannot be kept
there), Slack's client dropped a query silently and refused every call with a user and password in the URL."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from spa_copilot.cli import main
from spa_copilot.settings import Settings

SLACK = "must be the Slack Web API's address alone, without {} (the tokens go in SLACK_BOT_TOKEN and SLACK_APP_TOKEN)"
LLM = "must be the model server's address alone, without {} (the key goes in LLM_API_KEY{})"
AZURE = "; Azure OpenAI's v1 address, https://RESOURCE.openai.azure.com/openai/v1, takes no ?api-version"


@pytest.mark.parametrize(
    ("name", "url", "said", "shown"),
    [
        ("SLACK_API_URL", "https://slack-proxy.example.com/api/?token=s3cret", SLACK.format("a query (?…): remove it"),
         "https://slack-proxy.example.com/api/?…"),
        ("SLACK_API_URL", "https://slack.com/api/#s3cret", SLACK.format("a fragment (#…): remove it"),
         "https://slack.com/api/#…"),
        ("SLACK_API_URL", "https://it:s3cret@slack-proxy.example.com/api/",
         SLACK.format("a user or password (user:password@): remove it"), "https://…@slack-proxy.example.com/api/"),
        ("LLM_BASE_URL", "https://spa.openai.azure.com/openai/v1?api-version=2024-06-01&api-key=s3cret",
         LLM.format("a query (?…): remove it", AZURE), "https://spa.openai.azure.com/openai/v1?…"),
        ("LLM_BASE_URL", "http://ollama:s3cret@10.0.0.5:11434/v1",
         LLM.format("a user or password (user:password@): remove it", ""), "http://…@10.0.0.5:11434/v1"),
        ("LLM_BASE_URL", "http://127.0.0.1:11434/v1#s3cret", LLM.format("a fragment (#…): remove it", ""),
         "http://127.0.0.1:11434/v1#…"),
        ("LLM_BASE_URL", "https://u:s3cret@gw.example.com/v1?k=s3cret",
         LLM.format("a user or password (user:password@) or a query (?…): remove them", AZURE),
         "https://…@gw.example.com/v1?…"),
    ],
)
def test_a_base_url_holding_more_than_the_address_is_a_configuration_error(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str, url: str, said: str,
    shown: str,
) -> None:
    monkeypatch.setenv(name, url)
    with pytest.raises(ValidationError):
        Settings(_env_file=None)
    assert main(["check"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line == f"spa-copilot: configuration error: {name}: {said}, got {shown!r}"
    assert "s3cret" not in line


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("SLACK_API_URL", "https://slack.com/api/"),
        ("SLACK_API_URL", "http://127.0.0.1:8766/api/"),
        ("SLACK_API_URL", "https://[::1]:8443/api/"),
        ("LLM_BASE_URL", "https://api.openai.com/v1"),
        ("LLM_BASE_URL", "http://127.0.0.1:11434/v1"),
        ("LLM_BASE_URL", "https://spa.openai.azure.com/openai/v1/"),
    ],
)
def test_an_address_alone_is_taken(in_tmp: Path, monkeypatch: pytest.MonkeyPatch, name: str, url: str) -> None:
    monkeypatch.setenv(name, url)
    assert getattr(Settings(_env_file=None), name.lower()) == url


@pytest.mark.parametrize(
    ("url", "called"),
    [
        ("https://slack-proxy.example.com/slack/api", "https://slack-proxy.example.com/slack/api/chat.postMessage"),
        ("https://slack.com/api/", "https://slack.com/api/chat.postMessage"),
        ("http://127.0.0.1:8766/api", "http://127.0.0.1:8766/api/chat.postMessage"),
    ],
)
def test_slack_api_url_without_its_final_slash_keeps_its_last_part(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, url: str, called: str
) -> None:
    """Slack's client joins each method onto the URL as a relative link: ``…/slack/api`` called
    ``…/slack/chat.postMessage``, every call missing the proxy's path; the final ``/`` is added."""
    from slack_sdk.web.internal_utils import _get_url

    monkeypatch.setenv("SLACK_API_URL", url)
    assert _get_url(Settings(_env_file=None).slack_api_url, "chat.postMessage") == called
