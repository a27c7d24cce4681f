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
