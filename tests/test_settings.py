"""Settings read from the environment as an IT person sets them."""

from __future__ import annotations

import pytest

from spa_copilot.settings import Settings

SECRETS = {
    "SLACK_BOT_TOKEN": "xoxb-1-2-abc",
    "SLACK_SIGNING_SECRET": "8f14e45fceea167a",
    "SLACK_APP_TOKEN": "xapp-1-A1-2-def",
    "MANGOMINT_API_KEY": "mm-key-123",
    "MANGOMINT_WEBHOOK_SECRET": "whsec-456",
    "LLM_API_KEY": "sk-local-789",
}


def test_secrets_read_from_files_lose_the_trailing_newline(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, f"  {value}\n")
    settings = Settings(_env_file=None)
    for name, value in SECRETS.items():
        secret = getattr(settings, name.lower())
        assert secret is not None and secret.get_secret_value() == value, name


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MANGOMINT_API_URL", "mangomint.example.com"),
        ("LLM_BASE_URL", "127.0.0.1:8099"),
        ("LLM_BASE_URL", "localhost:11434/v1"),
        ("SLACK_API_URL", "ftp://slack.example/api/"),
        ("SLACK_API_URL", "https://"),
        ("MANGOMINT_API_URL", "http://gateway.example:port/"),
    ],
)
def test_a_base_url_without_http_or_a_host_is_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=rf"{name.lower()}\n  Value error, must be an http:// or https:// URL with a host, "
                                         r"e\.g\. http"):
        Settings(_env_file=None)


def test_plain_http_and_https_base_urls_are_kept_and_blank_is_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MANGOMINT_API_URL", "http://127.0.0.1:8765")
    monkeypatch.setenv("LLM_BASE_URL", "https://api.openai.com/v1")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")
    settings = Settings(_env_file=None)
    assert (settings.mangomint_api_url, settings.llm_base_url, settings.slack_api_url) == (
        "http://127.0.0.1:8765", "https://api.openai.com/v1", "http://127.0.0.1:9/api/")
    monkeypatch.setenv("MANGOMINT_API_URL", "")
    monkeypatch.setenv("LLM_BASE_URL", " ")
    settings = Settings(_env_file=None)
    assert settings.uses_sandbox and settings.llm_base_url is None and not settings.uses_llm


@pytest.mark.parametrize(("typed", "read"), [
    ("U0MANAGER1,U0FRONTDSK", ["U0MANAGER1", "U0FRONTDSK"]),
    ("U0MANAGER1 U0FRONTDSK", ["U0MANAGER1", "U0FRONTDSK"]),  # spaces instead of a comma
    ('"U0MANAGER1"', ["U0MANAGER1"]),  # quoted, as Docker's --env-file passes it
    ("u0manager1, w0grid0001", ["U0MANAGER1", "W0GRID0001"]),  # Slack's ids are upper case
    ("wanda,maya@spa.example", ["wanda", "maya@spa.example"]),  # no id: kept as typed, for check and run to name
])
def test_slack_user_ids_are_read_as_people_type_them(monkeypatch: pytest.MonkeyPatch, typed: str, read: list[str]) -> None:
    monkeypatch.setenv("SPA_MANAGER_IDS", typed)
    monkeypatch.setenv("SPA_FRONT_DESK_IDS", typed)
    settings = Settings(_env_file=None)
    assert settings.spa_manager_ids == read and settings.spa_front_desk_ids == read


def test_run_warns_about_entries_that_are_no_slack_user_id(settings: Settings) -> None:
    from spa_copilot.server import _unlikely_slack_ids

    odd = settings.model_copy(update={"spa_manager_ids": ["U0MANAGER1", "maya@spa.example"], "spa_front_desk_ids": ["wanda"]})
    assert _unlikely_slack_ids(odd) == [
        "SPA_MANAGER_IDS: 'maya@spa.example' does not look like a Slack user id (U… or W…) and will match nobody; "
        "`spa-copilot check` asks Slack about each",
        "SPA_FRONT_DESK_IDS: 'wanda' does not look like a Slack user id (U… or W…) and will match nobody; "
        "`spa-copilot check` asks Slack about each",
    ]
    assert _unlikely_slack_ids(settings) == []


def test_a_blank_voice_name_or_model_folder_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    # As left in an .env template: a blank model folder was the working directory (no risk scores, `risk train`
    # writing there) and a blank voice drafted in no voice.
    defaults = Settings(_env_file=None)
    for name in ("SPA_VOICE", "SPA_MODEL_DIR", "SPA_NAME"):
        monkeypatch.setenv(name, "  ")
    blank = Settings(_env_file=None)
    assert (blank.spa_voice, blank.spa_model_dir, blank.spa_name) == (
        defaults.spa_voice, defaults.spa_model_dir, defaults.spa_name)
    assert blank.spa_model_dir.name == "models" and blank.spa_voice.startswith("warm")
    monkeypatch.setenv("SPA_VOICE", " brisk and friendly ")
    monkeypatch.setenv("SPA_MODEL_DIR", "/srv/spa/models")
    given = Settings(_env_file=None)
    assert (given.spa_voice, str(given.spa_model_dir)) == ("brisk and friendly", "/srv/spa/models")
