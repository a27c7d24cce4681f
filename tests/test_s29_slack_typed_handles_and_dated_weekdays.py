"""A Slack handle typed as text names its therapist; a weekday before its date is that date (5 December).

``/spa today @ana.reyes tmrw`` (the handle typed without Slack's autocomplete, so sent as text rather than as a
mention) answered "@ana.reyes is not a therapist, room or location"; ``brief`` alike. Now a handle that spells a
staff member's name is that person, and one that spells no one is said back as typed.

The weekday-and-date forms of the session-28 note (``today Thu Nov 25``, ``Thu 11/25``, ``Thursday, Nov 25``, ``Thu 25
Nov``) already read as the date, with a staff member called Thu too, and a weekday that is not the date's is said so
(Nov 25 2026 is a Wednesday): these tests keep it so."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from spa_copilot.domain import Shift
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.settings import Settings
from tests import builders as b
from tests.conftest import DAY, front_desk_asks, small_spa_world

SHIFTS = [Shift(weekday=d, start="09:00", end="18:00") for d in range(7)]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("today @ana.reyes tmrw", "Wed 25 Nov at Juniper & Salt SoHo — Ana Reyes:"),
        ("brief @hana_sato tmrw", "Briefing for Hana Sato, Wed 25 Nov"),
        ("brief @ana.reyes", "Briefing for Ana Reyes, Tue 24 Nov"),
        ("today @ana.r", "@ana.r is not a therapist, room or location"),
        ("brief @nobody.here", "@nobody.here is not a therapist I know"),
    ],
)
async def test_a_handle_typed_as_text(world: SandboxWorld, typed: str, expected: str) -> None:
    answer = (await front_desk_asks(world, typed)).replace("&amp;", "&")
    assert expected in answer, answer[:300]


@pytest.fixture
async def thu_world(settings: Settings, clock: object, tmp_path: Path) -> AsyncIterator[SandboxWorld]:
    """The small spa (Downtown; Mia, a manager Bea) with Thu Nguyen."""
    staff = [b.staff("st_thu", first_name="Thu", last_name="Nguyen", shifts=SHIFTS, skills=["massage", "facial"])]
    appointments = [b.appointment(b.at(DAY, "10:00"), staff_id="st_thu", resource_ids=[], id="ap_thu")]
    async with small_spa_world(settings, tmp_path, clock, appointments, shifts=SHIFTS, staff=staff) as world:
        yield world


async def test_a_weekday_before_its_date_is_that_date_and_one_that_is_not_is_said_so(thu_world: SandboxWorld) -> None:
    for typed in ("today Thu Nov 26", "today Thu 11/26", "today Thursday, Nov 26", "today Thu 26 Nov"):
        assert "Thu 26 Nov at Downtown: " in await front_desk_asks(thu_world, typed), typed
    for typed in ("today Thu Nov 25", "today Thu 11/25", "today Thursday, Nov 25", "today Thu 25 Nov"):
        answer = await front_desk_asks(thu_world, typed)
        assert "Wed 25 Nov is a Wednesday, not a Thursday" in answer, typed
        assert "appointments" not in answer, "no book is guessed"
