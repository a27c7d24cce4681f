"""A ``--date`` that is no date names what was given and what the option takes (review rev34h, L3).

``spa-copilot today --date 2026-02-30`` and ``--date garbage`` both said "not a date (YYYY-MM-DD)", though the first
is already YYYY-MM-DD and ``today``/``conflicts`` take words too (tomorrow, fri, "next fri", "Dec 3":
docs/commands.md). ``notes extract --date`` and ``sandbox serve --today`` take YYYY-MM-DD alone, and say so.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from spa_copilot import cli

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
WORDS = 'YYYY-MM-DD, tomorrow, fri, "next fri" or "Dec 3"'


def _refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and err.count("\n") == 1, err
    return err


@pytest.mark.parametrize("command", ["today", "conflicts"])
@pytest.mark.parametrize("given", ["2026-02-30", "2026-13-01", "garbage", "Nov 31", "13/45"])
def test_a_book_day_that_is_no_date_names_it_and_the_words_the_option_takes(
    command: str, given: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "_now", lambda: NOW)
    err = _refused([command, "--date", given], capsys)
    assert err == f"spa-copilot: --date: not a date: {given!r} (give {WORDS})\n", err
    assert "not a date (YYYY-MM-DD)" not in err


@pytest.mark.parametrize(
    ("argv", "option"),
    [(["notes", "extract", "--date", "garbage"], "--date"), (["notes", "extract", "--date", "2026-02-30"], "--date"),
     (["sandbox", "serve", "--today", "2026-02-30"], "--today")],
)
def test_an_option_taking_a_date_alone_says_so(argv: list[str], option: str, capsys: pytest.CaptureFixture[str]) -> None:
    err = _refused(argv, capsys)
    assert err == f"spa-copilot: {option}: not a date: {argv[-1]!r} (give YYYY-MM-DD)\n", err


def test_other_refusals_of_a_book_day_are_as_before(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "_now", lambda: NOW)
    assert "(give YYYY-MM-DD, tomorrow" in _refused(["today", "--date", "2026-2-31"], capsys)  # no such day
    assert "too far away" in _refused(["today", "--date", "1999-01-01"], capsys)
    assert "not a date the spa can have" in _refused(["today", "--date", "0001-01-01"], capsys)
    assert "takes one day, not next month" in _refused(["conflicts", "--date", "next month"], capsys)


def test_the_docs_quote_the_message_as_the_cli_says_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "_now", lambda: NOW)
    docs = (Path(__file__).resolve().parents[1] / "docs" / "commands.md").read_text(encoding="utf-8")
    quoted = re.search(r"`(spa-copilot: --date: not a date: [^`]+)`", docs)
    assert quoted is not None, "docs/commands.md quotes no --date refusal"
    given = re.search(r"not a date: '([^']+)'", quoted.group(1))
    assert given is not None
    assert _refused(["today", "--date", given.group(1)], capsys) == quoted.group(1) + "\n"
