"""The sandbox's admin move answers 400, as the contract says for a time it cannot take, when ``startAt`` would put
the appointment past the dates a calendar holds (years 1 to 9999, in UTC too); before, it answered 500 with an
OverflowError traceback and nothing said why."""

from __future__ import annotations

import pytest

from spa_copilot.domain import AppointmentStatus
from spa_copilot.sandbox.world import SandboxWorld


@pytest.mark.parametrize("start", ["9999-12-31T23:30:00-05:00", "9999-12-31T23:30:00+00:00", "0001-01-01T01:00:00+05:00"])
async def test_a_move_past_the_calendars_dates_is_refused_with_400(world: SandboxWorld, start: str) -> None:
    appointment = next(a for a in world.spa.appointments.values() if a.status != AppointmentStatus.cancelled)
    before = world.spa.appointments[appointment.id]
    response = await world.admin("POST", f"/sandbox/appointments/{appointment.id}/move", json={"startAt": start})
    assert response.status_code == 400, response.text
    assert "years 1 to 9999" in response.text and "Traceback" not in response.text
    assert world.spa.appointments[appointment.id] == before, "nothing changed"


async def test_a_move_late_in_year_9999_that_fits_is_taken(world: SandboxWorld) -> None:
    appointment = next(a for a in world.spa.appointments.values() if a.status != AppointmentStatus.cancelled)
    response = await world.admin("POST", f"/sandbox/appointments/{appointment.id}/move",
                                 json={"startAt": "9999-12-30T10:00:00+00:00"})
    assert response.status_code == 200, response.text
