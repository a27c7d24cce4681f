"""``risk train``/``risk evaluate --zone`` without ``--history`` is refused in one line, exit 2, not silently ignored
(the platform's history is read in each location's own zone); a zone name that is no zone is one line, exit 2,
also a folder of zones ("America") or a name too long, which made a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from spa_copilot.cli import main
from spa_copilot.risk import cli as risk_cli


@pytest.mark.parametrize("action", ["train", "evaluate"])
def test_zone_without_a_history_file_is_refused_before_anything_runs(
    action: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_platform() -> None:
        raise AssertionError("the platform was opened")

    monkeypatch.setattr(risk_cli, "_default_opener", no_platform)
    assert main(["risk", action, "--zone", "America/New_York"]) == 2
    err = capsys.readouterr().err
    assert err == ("spa-copilot: --zone applies to a --history file: the platform's history is read in each "
                   "location's own zone\n")


def test_zone_with_a_history_file_still_runs(history_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["risk", "train", "--history", str(history_csv), "--zone", "Europe/Paris",
                 "--out", str(tmp_path / "m")]) == 0
    assert "trained on" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["America", "Europe", "x" * 300, "Mars/Olympus", ""])
def test_a_zone_name_that_is_no_zone_is_one_line(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["risk", "train", "--history", "h.csv", "--zone", name])
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert err == f"spa-copilot: --zone: {name!r} is not an IANA time zone (e.g. America/New_York)\n"
