"""The docs and the code agree: settings in the README table, subcommands in help, answers and README."""

from __future__ import annotations

import re
from pathlib import Path

from spa_copilot.settings import Settings
from spa_copilot.slack.answers import ANSWERS
from spa_copilot.slack.texts import SUBCOMMAND_NAMES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def readme_config_names() -> set[str]:
    section = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z_]+)` \|", section, flags=re.MULTILINE))


def test_every_setting_is_documented_and_every_documented_setting_exists() -> None:
    fields = {name.upper() for name in Settings.model_fields}
    assert readme_config_names() == fields


def test_pinned_environment_variable_names_exist() -> None:
    pinned = {
        "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL", "MANGOMINT_API_URL",
        "MANGOMINT_API_KEY", "MANGOMINT_WEBHOOK_SECRET", "SPA_DB_PATH", "SPA_MODE", "SPA_FRONT_DESK_CHANNEL",
        "SPA_MANAGER_IDS", "LLM_BASE_URL", "LLM_API_KEY", "LLM_MODEL", "POLL_SECONDS", "OFFER_HOLD_MINUTES",
    }
    assert pinned <= {name.upper() for name in Settings.model_fields}


def test_every_subcommand_has_an_answer_and_a_readme_row() -> None:
    assert set(SUBCOMMAND_NAMES) == set(ANSWERS)
    for name in SUBCOMMAND_NAMES:
        assert f"| `{name}" in README, name


def test_manager_ids_parse_from_comma_separated_env(monkeypatch) -> None:
    monkeypatch.setenv("SPA_MANAGER_IDS", "U1, U2,,U3")
    monkeypatch.setenv("SPA_STAFF_SLACK_IDS", "st_1=U9,st_2=U8")
    monkeypatch.setenv("SPA_MODE", "read_only")
    settings = Settings(_env_file=None)
    assert settings.spa_manager_ids == ["U1", "U2", "U3"]
    assert settings.spa_staff_slack_ids == {"st_1": "U9", "st_2": "U8"}
    assert settings.spa_mode == "read_only"
