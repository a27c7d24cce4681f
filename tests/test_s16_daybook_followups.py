"""Day-book follow-ups of 3 December.

1. Free time an hour or longer reads in hours ("free (1 h 30 min)", not "(90 min)"), and a shift with nothing booked
   says so ("free all day (8 h)", not "free (480 min)"), in Slack and in ``spa-copilot today`` alike.
2. ``spa-copilot today`` gives the caution line ``/spa today`` gives under a booking the guest's cautions rule out
   (the text under the booking, the JSON as ``cautions``).
3. The day book's risk labels read no client twice: ``load_day_book`` gives ``Copilot.risk_scores`` the clients it
   has read.
4. ``today --date`` and ``conflicts --date`` are measured from the same today as the command's default day, and
   ``conflicts --date`` too refuses a day more than two years away.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from spa_copilot import cli
from spa_copilot.domain import Location, Shift
from spa_copilot.engines.cautions import RuledOut
from spa_copilot.engines.daybook import build_day_book, stretch_words
from spa_copilot.reads import load_day_book
from spa_copilot.settings import Settings
from spa_copilot.slack.blocks import day_book_message
from spa_copilot.slack.presenters import day_book_view
from tests import builders as b
from tests.conftest import FakeClock, small_spa_world

DAY = date(2026, 12, 8)  # a Tuesday
DOWNTOWN = b.location()
WARNING = "Hot Stone Massage 90 is contraindicated for this guest: pregnancy. Check with the guest before it starts."


def book_text(appointments: list[Any], *, shifts: list[Shift], ruled: dict[str, Any] | None = None) -> str:
    """The Slack day book of ``DAY`` at Downtown, Mia working ``shifts``, as one string."""
    book = build_day_book(DOWNTOWN, DAY, appointments=appointments, staff=[b.staff(shifts=shifts)],
                          services=[b.service()], resources=[b.room()], ruled_out=ruled)
    return json.dumps(day_book_message(day_book_view(book)).blocks_as_dicts(), ensure_ascii=False)


def every_day(start: str, end: str) -> list[Shift]:
    return [Shift(weekday=d, start=start, end=end) for d in range(7)]


# ---- 1. hours ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("minutes", "said"), [
    (25, "25 min"), (59, "59 min"), (60, "1 h"), (90, "1 h 30 min"), (480, "8 h"), (1335, "22 h 15 min"),
])
def test_a_stretch_reads_in_minutes_under_an_hour_and_in_hours_from_one(minutes: int, said: str) -> None:
    assert stretch_words(minutes) == said


def test_the_slack_day_book_says_long_gaps_in_hours_and_short_ones_in_minutes() -> None:
    text = book_text([b.appointment(b.at(DAY, "10:30"), 35)], shifts=every_day("09:00", "17:00"))
    assert "_9:00am–10:30am free (1 h 30 min)_" in text, text
    assert "_11:05am–5:00pm free (5 h 55 min)_" in text, text
    assert "all day" not in text and " min)_" in text


def test_a_shift_with_nothing_booked_is_free_all_day() -> None:
    text = book_text([], shifts=every_day("09:00", "17:00"))
    assert "_9:00am–5:00pm free all day (8 h)_" in text, text
    assert "480" not in text


def test_a_short_free_stretch_keeps_its_minutes() -> None:
    text = book_text([b.appointment(b.at(DAY, "09:00"), 25)], shifts=every_day("09:00", "10:00"))
    assert "_9:25am–10:00am free (35 min)_" in text, text


def test_each_free_part_of_a_split_shift_keeps_its_own_line() -> None:
    split = [Shift(weekday=d, start=s, end=e) for d in range(7) for s, e in (("09:00", "12:00"), ("14:00", "18:00"))]
    text = book_text([], shifts=split)
    assert "_9:00am–12:00pm free (3 h)_" in text and "_2:00pm–6:00pm free (4 h)_" in text, text
    assert "all day" not in text


def test_a_night_shift_cut_by_the_next_days_booking_is_not_free_all_day() -> None:
    night = b.appointment(b.at(date(2026, 12, 9), "00:30"), 60)  # Wednesday 12:30am, in Tuesday's 6pm-2am shift
    text = book_text([night], shifts=every_day("18:00", "02:00"))
    assert "_6:00pm–12:30am free (6 h 30 min)_" in text and "all day" not in text, text


def test_the_cli_table_says_the_same_lengths(capsys: pytest.CaptureFixture[str]) -> None:
    booked = build_day_book(DOWNTOWN, DAY, appointments=[b.appointment(b.at(DAY, "10:30"), 35)],
                            staff=[b.staff(shifts=every_day("09:00", "17:00"))], services=[b.service()], resources=[b.room()])
    table = cli._book_table(booked)
    assert "9:00am–10:30am   · free 1 h 30 min\n" in table and table.endswith("· free 5 h 55 min"), table
    idle = build_day_book(DOWNTOWN, DAY, appointments=[], staff=[b.staff(shifts=every_day("09:00", "17:00"))],
                          services=[], resources=[])
    assert cli._book_table(idle).endswith("    9:00am–5:00pm    · free all day (8 h)")


# ---- 2. the caution line in spa-copilot today ----------------------------------------------------------------------


def ruled_book() -> Any:
    hot = b.appointment(b.at(DAY, "14:45"), 90, id="ap_hot", service_id="sv_hot")
    plain = b.appointment(b.at(DAY, "10:00"), 60, id="ap_plain", client_id="cl_2")
    loose = b.appointment(b.at(DAY, "16:30"), 60, id="ap_loose", staff_id=None, service_id="sv_hot", client_id="cl_3")
    ruled = {aid: [RuledOut("sv_hot", "Hot Stone Massage 90", ("pregnancy",))] for aid in ("ap_hot", "ap_loose")}
    return build_day_book(DOWNTOWN, DAY, appointments=[hot, plain, loose], staff=[b.staff()],
                          services=[b.service(), b.service("sv_hot", name="Hot Stone Massage 90")], resources=[b.room()],
                          client_names={"cl_1": "Sophia R.", "cl_2": "Omar K.", "cl_3": "Ida L."}, ruled_out=ruled)


def test_the_cli_table_gives_the_caution_line_under_the_booking_as_slack_does() -> None:
    table = cli._book_table(ruled_book()).splitlines()
    [at_hot] = [i for i, line in enumerate(table) if "Sophia R." in line]
    assert table[at_hot + 1] == f"      ⚠ {WARNING}"
    assert sum("⚠" in line for line in table) == 2  # Sophia's, and the unassigned booking's; not Omar's
    [at_loose] = [i for i, line in enumerate(table) if "unassigned" in line and "Ida L." in line]
    assert table[at_loose + 1] == f"      ⚠ {WARNING}"
    slack = json.dumps(day_book_message(day_book_view(ruled_book())).blocks_as_dicts(), ensure_ascii=False)
    assert f":warning: {WARNING}" in slack  # the same words


def test_the_cli_json_lists_the_cautions_of_each_booking() -> None:
    [row] = cli._book_json(ruled_book())["staff"]
    cautions = {a["appointmentId"]: a["cautions"] for a in row["appointments"]}
    assert cautions == {"ap_plain": [], "ap_hot": [WARNING]}
    assert [a["cautions"] for a in cli._book_json(ruled_book())["unassigned"]] == [[WARNING]]


# ---- 3. one read of each client ------------------------------------------------------------------------------------


class _Scorer:
    """A loaded risk model (``Copilot.risk``) scoring every booking high, taking the clients it is given."""

    def score(self, appointments: Any, history: Any, services: Any, locations: Any, now: Any, **more: Any) -> dict[str, Any]:
        return {a.id: SimpleNamespace(band="high", label="high (50%)") for a in appointments}


async def test_the_day_book_reads_each_client_once_with_its_risk_labels(
    settings: Settings, tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock.current = b.at(DAY, "07:00")
    new_guests = [b.appointment(b.at(DAY, "10:00"), id="ap_1"), b.appointment(b.at(DAY, "12:00"), id="ap_2", client_id="cl_2")]
    async with small_spa_world(settings, tmp_path, clock, new_guests, shifts=every_day("09:00", "18:00")) as world:
        platform = world.copilot.platform
        reads: Counter[str] = Counter()
        read_client = platform.get_client

        async def counted(client_id: str) -> Any:
            reads[client_id] += 1
            return await read_client(client_id)

        monkeypatch.setattr(platform, "get_client", counted)
        world.copilot.risk = _Scorer()  # type: ignore[assignment]
        catalog = await world.copilot.catalog()
        book = await load_day_book(platform, catalog, catalog.locations[0], DAY, risk=world.copilot.risk_scores,
                                   now=clock.current)
    assert [e.risk for sd in book.staff_days for e in sd.entries] == ["high (50%)", "high (50%)"]
    assert reads == Counter({"cl_1": 1, "cl_2": 1}), "new clients: their records were read again for their scores"


# ---- 4. one today for --date ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["today", "conflicts"])
@pytest.mark.parametrize(("day", "taken"), [("2028-12-03", True), ("2028-12-04", False), ("2024-12-02", True),
                                            ("2024-12-01", False)])
def test_date_is_measured_from_the_commands_today(
    command: str, day: str, taken: bool, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "_now", lambda: datetime(2026, 12, 3, 17, 0, tzinfo=UTC))  # 731 days either side
    if taken:
        assert cli.build_parser().parse_args([command, "--date", day]).date == date.fromisoformat(day)
        return
    with pytest.raises(SystemExit) as exit_info:
        cli.build_parser().parse_args([command, "--date", day])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err == f"spa-copilot: --date: too far away (pick a day within two years of today): '{day}'\n"


def test_conflicts_refuses_a_day_too_far_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["conflicts", "--date", "2100-01-01"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err == (
        "spa-copilot: --date: too far away (pick a day within two years of today): '2100-01-01'\n"
    )


def test_todays_default_day_is_each_locations_date_on_the_same_clock(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    venice = Location(id="loc_venice", name="Venice", time_zone="America/Los_Angeles")
    asked: list[date] = []

    @asynccontextmanager
    async def no_platform(settings: Settings, **kwargs: Any) -> AsyncIterator[None]:
        yield None

    async def catalog(platform: Any) -> Any:
        return SimpleNamespace(locations=[b.location(), venice])

    async def day_book(platform: Any, catalog: Any, location: Location, day: date, **kwargs: Any) -> date:
        asked.append(day)
        return day

    monkeypatch.setattr("spa_copilot.world.open_platform", no_platform)
    monkeypatch.setattr("spa_copilot.reads.load_catalog", catalog)
    monkeypatch.setattr("spa_copilot.reads.load_day_book", day_book)
    monkeypatch.setattr(cli, "_now", lambda: datetime(2030, 6, 1, 2, 0, tzinfo=UTC))  # 10pm in New York, 7pm in Venice
    asyncio.run(cli._load_books(settings, None, None))
    assert asked == [date(2030, 5, 31), date(2030, 5, 31)]
