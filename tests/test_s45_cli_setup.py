"""What the IT person meets at the command line (probe45c): a model folder that cannot be written is refused before
the training, a ``--data`` file that cannot be read names the option in one line (exit 1), and a spa system that is
down is one line from ``today`` and ``conflicts``, not the client's retry warnings first."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from spa_copilot.cli import main
from spa_copilot.risk.cli import _unwritable


@pytest.fixture(autouse=True)
def isolated_env(tmp_path, monkeypatch, small_embedded_spa) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("MANGOMINT_API_URL", "LLM_BASE_URL", "LLM_API_KEY"):
        monkeypatch.delenv(name, raising=False)


def test_a_folder_that_refuses_files_is_unwritable_though_access_says_yes(tmp_path) -> None:
    assert _unwritable(tmp_path / "model") is None
    assert not any(tmp_path.iterdir())  # the write test leaves nothing
    assert _unwritable(Path("/proc/spa-copilot-model")) == "/proc is not writable"


def test_risk_train_refuses_an_unwritable_out_before_training(capsys) -> None:
    assert main(["risk", "train", "--out", "/proc/spa-copilot-model"]) == 1
    captured = capsys.readouterr()
    assert (
        captured.err.strip()
        == "spa-copilot: --out: cannot save the model to /proc/spa-copilot-model: /proc is not writable"
    )
    assert "trained on" not in captured.out


@pytest.mark.parametrize("command", ["serve", "slack"])
def test_a_missing_data_file_names_the_option(tmp_path, capsys, command) -> None:
    missing = tmp_path / "nowhere" / "spa.json"
    assert main(["sandbox", command, "--port", "0", "--data", str(missing)]) == 1
    assert capsys.readouterr().err == f"spa-copilot: --data: cannot serve {missing}: no such file\n"


@pytest.mark.parametrize("argv", [["today"], ["conflicts"]])
def test_a_spa_system_down_is_one_line_without_the_retry_warnings(monkeypatch, caplog, capsys, argv) -> None:
    monkeypatch.setenv("MANGOMINT_API_URL", "http://127.0.0.1:1/v1")
    monkeypatch.setenv("MANGOMINT_RETRY_BACKOFF_SECONDS", "0.01")
    caplog.set_level(logging.WARNING)
    assert main(argv) == 1
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING] == []
    assert capsys.readouterr().err.startswith("spa-copilot: the spa platform failed: ")


def test_only_the_retry_lines_are_kept_out(caplog) -> None:
    """rev45j: the quiet mode had muted the whole client logger, hiding "locations … not read for their zone"."""
    from spa_copilot.preflight import retry_warnings_silenced

    client_log = logging.getLogger("spa_copilot.platform.mangomint")
    caplog.set_level(logging.WARNING)
    with retry_warnings_silenced():
        client_log.warning("mangomint %s %s failed (%s), retry %d/%d in %.2fs%s", "GET", "/v1/x", "503", 1, 4, 0.1, "")
        client_log.warning("mangomint %s %s gave up after %d attempts (%s%s)%s", "GET", "/v1/x", 5, "503", "", "")
        client_log.warning("locations %s not read for their zone (%s): their appointments' own offset is used", "l", "x")
    client_log.warning("mangomint %s %s failed (%s), retry %d/%d in %.2fs%s", "GET", "/v1/y", "503", 1, 4, 0.1, "")
    said = [r.getMessage() for r in caplog.records]
    assert said == [
        "locations l not read for their zone (x): their appointments' own offset is used",
        "mangomint GET /v1/y failed (503), retry 1/4 in 0.10s",
    ], said
