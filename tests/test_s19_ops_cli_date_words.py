"""``today --date`` and ``conflicts --date`` take the words ``/spa today`` takes (``tomorrow``, ``fri``), read
against the location's own today, as the README says; ``YYYY-MM-DD`` still works and a bad value is one line."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from spa_copilot import cli

# 06:00 UTC on Sat 5 Dec 2026: already the 5th in New York (SoHo), still Fri the 4th in Los Angeles (Venice)
NOW = datetime(2026, 12, 5, 6, 0, tzinfo=UTC)


def test_the_option_takes_words_and_still_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_now", lambda: NOW)  # a date is taken within two years of now: 2026-12-06 was refused from 2029
    parser = cli.build_parser()
    assert parser.parse_args(["conflicts", "--date", "tomorrow"]).date == "tomorrow"
    assert parser.parse_args(["today", "--date", "next  fri"]).date == "next fri"
    assert parser.parse_args(["today", "--date", "2026-12-06"]).date == date(2026, 12, 6)


def test_a_word_that_is_no_day_is_still_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["conflicts", "--date", "someday"])
    assert exit_info.value.code == 2 and capsys.readouterr().err == (
        """spa-copilot: --date: not a date: 'someday' (give YYYY-MM-DD, tomorrow, fri, "next fri" or "Dec 3")\n""")


@pytest.mark.usefixtures("small_embedded_spa")
def test_today_reads_tomorrow_in_each_locations_zone(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "_now", lambda: NOW)
    assert cli.main(["today", "--json", "--date", "tomorrow"]) == 0
    days = {book["locationName"]: book["date"] for book in json.loads(capsys.readouterr().out)}
    assert days == {"Juniper & Salt SoHo": "2026-12-06", "Juniper & Salt Venice": "2026-12-05"}, days


@pytest.mark.usefixtures("small_embedded_spa")
def test_conflicts_reads_tomorrow_against_the_location_asked_about(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "_now", lambda: NOW)
    assert cli.main(["conflicts", "--location", "Venice", "--date", "tomorrow"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Juniper & Salt Venice — Sat 5 Dec 2026"), out
