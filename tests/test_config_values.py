"""Values an IT person types that cannot work: refused in one line naming the variable, or read as not set."""

from __future__ import annotations

from pathlib import Path

import pytest

from spa_copilot.cli import main
from spa_copilot.settings import OPTIONAL_SECRETS, REQUIRED_SECRETS, Settings


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no .env


def _errors(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return capsys.readouterr().err.strip().splitlines()


@pytest.mark.parametrize("field", REQUIRED_SECRETS)
@pytest.mark.parametrize("blank", ["", "  ", "\n"])
def test_a_blank_required_secret_is_one_line_and_exit_2_for_run_and_check(
    field: str, blank: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(field.upper(), blank)
    for command in (["run", "--port", "1"], ["check"]):
        assert main(command) == 2
        assert _errors(capsys) == [f"spa-copilot: configuration error: {field.upper()}: must not be empty"]


@pytest.mark.parametrize("field", OPTIONAL_SECRETS)
def test_a_blank_optional_secret_is_not_set(field: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(field.upper(), " ")
    settings = Settings(_env_file=None)
    assert getattr(settings, field) is None
    assert not settings.uses_llm  # a blank LLM_API_KEY is no model


@pytest.mark.parametrize(("name", "value"), [("SPA_OPS_CHANNEL", " "), ("SPA_MANAGER_GROUP", "")])
def test_a_blank_optional_setting_is_not_set(name: str, value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(name, value)
    assert getattr(Settings(_env_file=None), name.lower()) is None


@pytest.mark.parametrize("name", ["SPA_FRONT_DESK_CHANNEL", "LLM_MODEL"])
def test_a_blank_channel_or_model_is_refused(
    name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(name, " ")
    assert main(["check"]) == 2
    assert _errors(capsys) == [f"spa-copilot: configuration error: {name}: must not be empty"]


@pytest.mark.parametrize("value", ["", "folder", "folder/", "new-folder/"])
def test_a_database_path_that_is_blank_or_a_folder_is_one_line_and_no_lock_is_made(
    value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "folder").mkdir()
    monkeypatch.setenv("SPA_DB_PATH", value)
    before = sorted(tmp_path.iterdir())
    assert main(["run", "--port", "1"]) == 2
    [line] = _errors(capsys)
    assert line.startswith("spa-copilot: configuration error: SPA_DB_PATH: ")
    assert "empty" in line if not value else "is a folder" in line
    assert sorted(tmp_path.iterdir()) == before, "no lock file, no database"


def test_a_database_file_is_kept_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPA_DB_PATH", f" {tmp_path}/state/spa.db ")
    assert Settings(_env_file=None).spa_db_path == tmp_path / "state" / "spa.db"


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "Infinity"])
@pytest.mark.parametrize(
    "name", ["FILL_HORIZON_HOURS", "FULL_RESYNC_HOURS", "PREP_HOURS_BEFORE", "MANGOMINT_TIMEOUT_SECONDS",
             "LLM_TIMEOUT_SECONDS"],
)
def test_a_number_that_is_not_finite_is_refused(
    name: str, value: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(name, value)
    assert main(["check"]) == 2
    [line] = _errors(capsys)
    assert line.startswith(f"spa-copilot: configuration error: {name}: expected ")


@pytest.mark.parametrize(
    "name",
    ["POLL_SECONDS", "FILL_HORIZON_HOURS", "FULL_RESYNC_HOURS", "PREP_HOURS_BEFORE", "MANGOMINT_TIMEOUT_SECONDS",
     "MANGOMINT_MAX_RETRIES", "ALERT_BURST_THRESHOLD", "OFFER_HOLD_MINUTES", "OFFER_DAILY_CAP", "LLM_TIMEOUT_SECONDS",
     "LLM_MAX_RETRIES", "LLM_CONCURRENCY"],
)
def test_a_huge_number_is_refused_with_its_upper_bound(
    name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(name, "99999999999999")
    assert main(["check"]) == 2
    [line] = _errors(capsys)
    bound = Settings.model_fields[name.lower()].metadata
    assert line == f"spa-copilot: configuration error: {name}: expected at most " \
        f"{next(int(m.le) for m in bound if getattr(m, 'le', None) is not None)}, got '99999999999999'"


def test_the_defaults_are_within_their_bounds() -> None:
    settings = Settings(_env_file=None)
    for name, field in Settings.model_fields.items():
        for bound in field.metadata:
            if getattr(bound, "le", None) is not None:
                assert getattr(settings, name) <= bound.le, name
