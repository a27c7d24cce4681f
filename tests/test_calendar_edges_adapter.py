"""One rule for which time wins, at the adapter: ``MangomintClient`` hands over every appointment timed by its service
lines where the spa system's own ``startAt`` disagrees with them within a day (``Appointment.as_booked``), so no
caller mends it on its own. The sandbox keeps the raw data (it is the platform): these go through the real client.

The call sites a review found still going by the raw ``startAt`` (they fail without the adapter's rule): ``/spa risk``
(showed and sorted the booking at its summary's time), the conflicts of a day (``alerts.on_days`` took a booking for
its summary's day), ``/spa fill`` (the opening at the summary's time: "has already started") and the briefing's AI
summary (told the guest came at the summary's time).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from spa_copilot import fill
from spa_copilot.ai.schemas import GuestProfile
from spa_copilot.alerts import location_conflicts
from spa_copilot.briefings import send_morning_briefings
from spa_copilot.domain import Appointment, AppointmentStatus, Cancellation, Shift
from spa_copilot.platform.mangomint import MangomintClient
from spa_copilot.settings import Settings

from . import builders as b
from .conftest import FakeClock, front_desk_asks, small_spa_world

NY = ZoneInfo("America/New_York")
TUESDAY, WEDNESDAY = date(2026, 11, 24), date(2026, 11, 25)
DAYS = [Shift(weekday=d, start="09:00", end="18:00") for d in range(7)]


def at_ny(day: date, hhmm: str) -> datetime:
    return b.at(day, hhmm, NY)


def summary_at(appointment: Appointment, start: datetime) -> Appointment:
    """``appointment`` with its own ``startAt`` (and ``endAt``, an hour on) at ``start``, its services where they are."""
    return appointment.model_copy(update={"start_at": start, "end_at": start + timedelta(hours=1)})


#: Wednesday 10:00am with Mia; its own start still says Tuesday 11:30pm.
MOVED = summary_at(b.appointment(at_ny(WEDNESDAY, "10:00"), id="ap_moved"), at_ny(TUESDAY, "23:30"))


# ---------------------------------------------------------------------------------------------------
# The adapter


async def test_the_client_times_an_appointment_by_its_services_and_the_sandbox_keeps_the_raw_data(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    clock.current = at_ny(TUESDAY, "08:00")
    far = summary_at(b.appointment(at_ny(TUESDAY + timedelta(days=3), "10:00"), id="ap_far"), at_ny(TUESDAY, "10:00"))
    async with small_spa_world(settings, tmp_path, clock, [MOVED, far], shifts=DAYS) as world:
        platform = world.copilot.platform
        got = await platform.get_appointment("ap_moved")
        listed = {a.id: a for a in await platform.list_appointments(location_id="loc_1")}
        raw = world.spa.appointment("ap_moved")
    assert (got.start_at, got.end_at) == (at_ny(WEDNESDAY, "10:00"), at_ny(WEDNESDAY, "11:00"))
    assert listed["ap_moved"].start_at == at_ny(WEDNESDAY, "10:00")
    assert raw.start_at == at_ny(TUESDAY, "23:30"), "the platform's data is as it was"
    assert listed["ap_far"].start_at == at_ny(TUESDAY, "10:00"), "three days off: as the spa system lists it"


async def test_near_is_counted_in_the_locations_days_whatever_offset_the_platform_writes(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    """Tuesday 8:00pm in New York written in UTC (Wednesday 1:00am), its services Thursday 10:00am: two New York days
    apart (one in UTC), so it stays on Tuesday, where a read of Tuesday finds it (Thursday's read would not)."""
    clock.current = at_ny(TUESDAY, "08:00")
    utc = summary_at(b.appointment(at_ny(TUESDAY + timedelta(days=2), "10:00"), id="ap_utc"),
                     at_ny(TUESDAY, "20:00").astimezone(ZoneInfo("UTC")))
    async with small_spa_world(settings, tmp_path, clock, [utc], shifts=DAYS) as world:
        got = await world.copilot.platform.get_appointment("ap_utc")
    assert got.start_at == at_ny(TUESDAY, "20:00")


# ---------------------------------------------------------------------------------------------------
# The call sites that went by the raw startAt


async def test_spa_risk_shows_the_booking_at_its_services_time(
    settings: Settings, tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock.current = at_ny(WEDNESDAY, "08:00")
    early = b.appointment(at_ny(WEDNESDAY, "10:30"), id="ap_plain", client_id="cl_2")

    async def high(appointments: Any) -> dict[str, Any]:
        return {a.id: SimpleNamespace(band="high", label="high (41%)", reasons=[], suggested_action="call",
                                      probability=0.41) for a in appointments}

    async with small_spa_world(settings, tmp_path, clock, [MOVED, early], shifts=DAYS) as world:
        monkeypatch.setattr(world.copilot, "risk", SimpleNamespace())  # a model is loaded; its scores are these:
        monkeypatch.setattr(world.copilot, "risk_scores", high)
        answer = await front_desk_asks(world, "risk today")
    assert "Wed 10:00am" in answer and "11:30pm" not in answer, answer
    assert answer.index("Ava") < answer.index("Noa"), "in the order they come: 10:00am before 10:30am"


async def test_a_clash_after_midnight_is_one_of_the_day_its_booking_starts_by_its_services(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    """Mia's Tuesday 11:30pm–12:30am booking (its own start says Wednesday 12:15am) runs into her Wednesday 12:00am one:
    the clash is Tuesday's (it holds one of Tuesday's bookings) as well as Wednesday's (its time)."""
    clock.current = at_ny(TUESDAY, "08:00")
    late = b.appointment(at_ny(TUESDAY, "23:30"), id="ap_late", minutes=60)
    late = summary_at(late, at_ny(WEDNESDAY, "00:15"))
    after = b.appointment(at_ny(WEDNESDAY, "00:00"), id="ap_after", client_id="cl_2", resource_ids=[])
    async with small_spa_world(settings, tmp_path, clock, [late, after], shifts=DAYS) as world:
        catalog = await world.copilot.catalog()
        read = await location_conflicts(world.copilot, catalog, catalog.locations[0], [TUESDAY])
    assert any({"ap_late", "ap_after"} <= set(c.appointment_ids) for c in read.conflicts), read.conflicts


async def test_spa_fill_opens_the_slot_at_its_services_time(settings: Settings, tmp_path: Path, clock: FakeClock) -> None:
    clock.current = at_ny(WEDNESDAY, "08:00")
    cancelled = MOVED.model_copy(update={
        "status": AppointmentStatus.cancelled,
        "cancellation": Cancellation(cancelled_at=at_ny(WEDNESDAY, "07:00"), reason="sick"),
    })
    async with small_spa_world(settings, tmp_path, clock, [cancelled], shifts=DAYS) as world:
        result = await fill.start_fill(world.copilot, "ap_moved", by=world.manager_id)
        proposal = world.copilot.store.fill_proposal_for("ap_moved")
    assert "already started" not in (result.note or ""), result
    assert proposal is not None and proposal["opening"]["start"] == at_ny(WEDNESDAY, "10:00").isoformat(), proposal


async def test_the_briefings_ai_summary_is_told_the_services_time(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    told: list[str] = []

    class Ai:
        async def extract_profile(self, *args: Any, **kwargs: Any) -> GuestProfile:
            return GuestProfile()

        async def briefing_summary(self, guest: Any, **kwargs: Any) -> None:
            told.append(guest.starts_at)

        def __getattr__(self, name: str) -> Any:
            raise AttributeError(name)

    clock.current = at_ny(WEDNESDAY, "07:00")
    async with small_spa_world(settings, tmp_path, clock, [MOVED], shifts=DAYS) as world:
        world.copilot.ai = Ai()  # type: ignore[assignment]
        await send_morning_briefings(world.copilot, "loc_1")
    assert told == ["10:00am"], told


async def test_the_locations_are_read_once_for_the_zone_and_their_failure_is_no_failed_read() -> None:
    """The zone is needed only for an appointment whose services disagree: the locations are read for it once (not
    again for the next one); when they cannot be read, the appointment still is, compared in its own offset."""
    body = MOVED.model_dump(mode="json", by_alias=True)
    asked: list[str] = []

    def answer(fail: bool) -> Any:
        def handler(request: httpx.Request) -> httpx.Response:
            asked.append(request.url.path)
            if request.url.path == "/v1/locations":
                if fail:
                    return httpx.Response(503, json={"error": "down"})
                return httpx.Response(200, json={"data": [b.location().model_dump(mode="json", by_alias=True)],
                                                 "nextCursor": None})
            return httpx.Response(200, json=body)
        return handler

    for fail in (False, True):
        asked.clear()
        http = httpx.AsyncClient(transport=httpx.MockTransport(answer(fail)))
        client = MangomintClient("https://partner.example", "k", http=http, max_retries=0)
        got = [await client.get_appointment("ap_moved") for _ in range(2)]
        await http.aclose()
        assert all(a.start_at == at_ny(WEDNESDAY, "10:00") for a in got), (fail, got)
        assert asked.count("/v1/locations") == (2 if fail else 1), (fail, asked)
