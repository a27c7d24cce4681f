"""``spa-copilot today`` marks a booking in a clash as ``/spa today`` does (95df8ef): on its line in the table, and as
``clashes`` in ``--json``, from the conflict engine's findings in the day's book: the bookings it marks are those of
the double bookings and out-of-shift work ``spa-copilot conflicts`` lists for the day and that are not over."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from spa_copilot import cli
from spa_copilot.cli import main

MARKED_KINDS = {"staff_double_booked", "outside_shift"}


#: The sandbox spa's westernmost zone (Juniper & Salt Venice): its day starts last.
_WEST = ZoneInfo("America/Los_Angeles")


def _days_around_today() -> list[date]:
    """The days around the sandbox's today: it plants its clashes on each location's own today and tomorrow, which
    the machine's date (UTC here) may be a day ahead of."""
    return [datetime.now(_WEST).date() + timedelta(days=n) for n in (-1, 0, 1)]


@pytest.fixture(autouse=True)
def isolated_env(tmp_path, monkeypatch, small_embedded_spa) -> None:  # noqa: ANN001
    monkeypatch.chdir(tmp_path)
    # the commands' clock at the start of the sandbox's today, where its planted clashes are all still to come: by a
    # New York or Los Angeles evening they are over, and a clash over is marked nowhere (the tests then failed)
    start = datetime.combine(datetime.now(_WEST).date(), time(0, 30), tzinfo=_WEST).astimezone(UTC)
    monkeypatch.setattr(cli, "_now", lambda: start)
    for name in ("MANGOMINT_API_URL", "LLM_BASE_URL", "LLM_API_KEY"):
        monkeypatch.delenv(name, raising=False)


def test_the_marked_bookings_are_those_of_the_days_live_clashes(capsys: pytest.CaptureFixture[str]) -> None:
    marked: set[tuple[str, str]] = set()
    clashing: set[tuple[str, str]] = set()
    for day in _days_around_today():
        assert main(["today", "--json", "--date", day.isoformat()]) == 0
        for book in json.loads(capsys.readouterr().out):
            marked |= {(book["date"], a["appointmentId"]) for s in book["staff"] for a in s["appointments"]
                       if a["clashes"]}
        assert main(["conflicts", "--json", "--date", day.isoformat()]) == 0
        for conflict in json.loads(capsys.readouterr().out):
            if conflict["kind"] in MARKED_KINDS and not conflict["over"]:
                clashing |= {(day.isoformat(), aid) for aid in conflict["appointmentIds"]}
    assert marked, "the sandbox plants a double booking and work outside a shift today and tomorrow"
    assert marked <= clashing, (marked, clashing)


def test_the_table_shows_each_mark_on_its_bookings_line(capsys: pytest.CaptureFixture[str]) -> None:
    shown = 0
    for day in (d.isoformat() for d in _days_around_today()):
        assert main(["today", "--json", "--date", day]) == 0
        words = {w for b in json.loads(capsys.readouterr().out) for s in b["staff"] for a in s["appointments"]
                 for w in a["clashes"]}
        assert main(["today", "--date", day]) == 0
        table = capsys.readouterr().out
        assert all(f"⚠ {w}" in table for w in words), (words, table)
        shown += len(words)
    assert shown, "the sandbox plants clashes today and tomorrow"
