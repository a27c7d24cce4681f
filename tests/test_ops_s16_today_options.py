"""``spa-copilot today``: a date further than two years from today (Slack's ``/spa today`` refuses it) and an empty
``--location`` (which was read as every location) are one line and exit 2, as every bad option value is."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from spa_copilot.cli import main

TODAY = datetime.now(UTC).date()


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["today", "--date", "1999-01-01"],
         "spa-copilot: --date: too far away (pick a day within two years of today): '1999-01-01'\n"),
        (["today", "--date", (TODAY + timedelta(days=800)).isoformat()],
         f"spa-copilot: --date: too far away (pick a day within two years of today): "
         f"'{(TODAY + timedelta(days=800)).isoformat()}'\n"),
        (["today", "--location", ""],
         "spa-copilot: --location: an empty location: give a location's id or name (leave it out for all)\n"),
        (["today", "--location", "  "],
         "spa-copilot: --location: an empty location: give a location's id or name (leave it out for all)\n"),
    ],
)
def test_a_day_too_far_or_an_empty_location_is_one_line_and_exit_2(
    argv: list[str], line: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2 and capsys.readouterr().err == line


@pytest.mark.usefixtures("small_embedded_spa")
def test_a_day_within_two_years_is_still_taken(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["today", "--json", "--date", (TODAY + timedelta(days=700)).isoformat()]) == 0
    assert capsys.readouterr().out.startswith("[")
