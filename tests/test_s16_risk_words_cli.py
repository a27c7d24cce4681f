"""``spa-copilot risk train`` / ``risk evaluate``: a file they cannot use is one line on stderr in the style of a bad
option value, naming the option (``spa-copilot: --history: missing.csv: no such file``), exit 1 (it was the bare
``missing.csv: no such file``, as if from another program); an empty path is a bad option value, exit 2 (``--out ""``
trained into the current directory); a plot format matplotlib cannot write is one line, not a traceback."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from types import ModuleType
from unittest.mock import MagicMock

import pytest

from spa_copilot.cli import main
from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.risk.cli import Given, run_train, write_calibration_plot
from spa_copilot.settings import Settings


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding a file that is no directory, a history with a bad outcome, one with a header only, one too
    short to train on."""
    folder = tmp_path_factory.mktemp("risk_words")
    (folder / "a_file").write_text("not a directory")
    header = "appointmentId,clientId,locationId,serviceId,staffId,bookedAt,startAt,outcome"
    row = "ap_{n},cl_{n},loc_1,sv_1,st_1,2026-01-0{n}T09:00:00+00:00,2026-01-0{n}T15:00:00+00:00,{outcome}"
    (folder / "header.csv").write_text(header + "\n")
    (folder / "bad.csv").write_text("\n".join([header, row.format(n=1, outcome="completed"),
                                               row.format(n=2, outcome="vanished")]) + "\n")
    (folder / "short.csv").write_text("\n".join([header, row.format(n=1, outcome="completed")]) + "\n")
    return folder


def _said(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["risk", "train", "--history", "{f}/missing.csv", "--out", "{f}/m"], "spa-copilot: --history: {f}/missing.csv: no such file"),
        (["risk", "train", "--history", "{f}", "--out", "{f}/m"],
         "spa-copilot: --history: {f}: a directory, not a file: give the history file itself"),
        (["risk", "train", "--history", "{f}/bad.csv", "--out", "{f}/m"],
         "spa-copilot: --history: {f}/bad.csv, row 3, column 'outcome': Input should be"),
        (["risk", "train", "--history", "{f}/header.csv", "--out", "{f}/m"],
         "spa-copilot: --history: {f}/header.csv: no appointment rows in the file"),
        (["risk", "train", "--history", "{f}/short.csv", "--out", "{f}/m", "--zone", "UTC"],  # UTC on purpose: no note
         "spa-copilot: --history: cannot train: need at least"),
        (["risk", "train", "--history", "{f}/bad.csv", "--out", "{f}/a_file"],
         "spa-copilot: --out: cannot save the model to {f}/a_file: it is a file, not a directory"),
        (["risk", "train", "--history", "{f}/bad.csv", "--out", "{f}/a_file/m"],
         "spa-copilot: --out: cannot save the model to {f}/a_file/m: {f}/a_file is a file, not a directory"),
        (["risk", "evaluate", "--history", "{f}/missing.csv", "--model", "{f}/nowhere"],
         "spa-copilot: --model: no risk model in {f}/nowhere (noshow.joblib and noshow.json missing)"),
        (["risk", "evaluate", "--history", "{f}/bad.csv", "--model", "{f}/a_file"], "spa-copilot: --model: {f}/a_file is a file"),
    ],
)
def test_a_file_the_risk_commands_cannot_use_is_one_line_naming_its_option(
    files: Path, argv: list[str], line: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _said([word.format(f=files) for word in argv], capsys)
    assert code == 1, err
    assert err.startswith(line.format(f=files)) and err.count("\n") == 1 and err.endswith("\n"), err
    assert not (files / "m").exists()


def test_the_model_directory_left_to_spa_model_dir_is_named_so(
    files: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPA_MODEL_DIR", str(files / "nowhere"))
    code, err = _said(["risk", "evaluate", "--history", str(files / "bad.csv")], capsys)
    assert code == 1 and err == f"spa-copilot: SPA_MODEL_DIR: no risk model in {files / 'nowhere'} (noshow.joblib and noshow.json missing)\n"
    monkeypatch.setenv("SPA_MODEL_DIR", str(files / "a_file"))
    code, err = _said(["risk", "train", "--history", str(files / "bad.csv")], capsys)
    assert code == 1 and err == f"spa-copilot: SPA_MODEL_DIR: cannot save the model to {files / 'a_file'}: it is a file, not a directory\n"


@pytest.mark.parametrize("option", ["--history", "--out"])
def test_an_empty_path_is_a_bad_option_value(files: Path, option: str, capsys: pytest.CaptureFixture[str]) -> None:
    other = {"--history": ["--out", str(files / "m")], "--out": ["--history", str(files / "bad.csv")]}[option]
    with pytest.raises(SystemExit) as exit_:
        main(["risk", "train", option, "", *other])
    assert exit_.value.code == 2
    assert capsys.readouterr().err == f"spa-copilot: {option}: an empty path: give a file or directory\n"


def test_the_platform_failing_is_one_line_after_the_program_name(tmp_path: Path) -> None:
    class Failing:
        async def __aenter__(self) -> Failing:
            raise PlatformUnavailable("gateway timed out")

        async def __aexit__(self, *exc: object) -> None:
            return None

    err = io.StringIO()
    code = run_train(None, tmp_path / "m", settings=Settings(), open_platform=lambda settings: Failing(), stderr=err,
                     given=Given(program="spa-copilot", history="--history", out="--out"))
    # s29: the line offers the history file instead (tests/test_s29_ops_reports_path.py)
    assert code == 1 and err.getvalue() == ("spa-copilot: could not read the history from the platform: gateway timed out; "
                                            "or use --history FILE, an export of the spa's appointments (CSV or JSON lines)\n")


def test_a_plot_format_matplotlib_cannot_write_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    matplotlib, pyplot = ModuleType("matplotlib"), ModuleType("matplotlib.pyplot")
    matplotlib.use = lambda backend: None  # type: ignore[attr-defined]
    figure = MagicMock()
    figure.savefig.side_effect = ValueError("Format 'xyz' is not supported (supported formats: pdf, png, svg)")
    pyplot.subplots = lambda **kwargs: (figure, MagicMock())  # type: ignore[attr-defined]
    pyplot.close = MagicMock()  # type: ignore[attr-defined]
    matplotlib.pyplot = pyplot  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "matplotlib", matplotlib)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", pyplot)
    err = io.StringIO()
    bins = {"model": [{"predicted": 0.1, "observed": 0.12, "count": 10}]}
    plot = tmp_path / "p.xyz"
    assert write_calibration_plot(bins, plot, stderr=err, given=Given(program="spa-copilot", plot="--plot")) is False
    assert err.getvalue() == f"spa-copilot: --plot: cannot write the calibration plot to {plot}: Format 'xyz' is not supported (supported formats: pdf, png, svg)\n"
    pyplot.close.assert_called_once()
