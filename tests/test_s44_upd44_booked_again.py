"""A guest the therapist was told is cancelled, booked again under a new appointment id, is told at once (probe44d M4).

The desk cancels a guest's 2:00pm and books her again (a new id: another service, a re-entry). The therapist heard
"… is cancelled" at once, then nothing of the new booking until its prep DM hours later: the thread's last word was a
false one all morning. Now she hears once "… is booked again" (with the new time or service when they changed), with
the guest's cautions, as an update about a guest given back gives them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from spa_copilot.briefings import send_morning_briefings, send_prep_briefings
from spa_copilot.domain import Appointment, AppointmentStatus, HealthHistory, ServiceLine
from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.scheduler import poll_calendar
from tests.scenes import install

NY = ZoneInfo("America/New_York")
DAY = date(2026, 11, 24)
ANA = "st_ana_reyes"
ROOM = "rs_soho_massage_3"


def _at(hour: int, minute: int) -> datetime:
    return datetime(DAY.year, DAY.month, DAY.day, hour, minute, tzinfo=NY).astimezone(UTC)


def book_parts(
    world: Any, appointment_id: str, client_id: str, parts: list[tuple[str, str, datetime, str]], *, made: datetime
) -> None:
    """A booking of ``parts`` (service, therapist, start, room) at the sandbox's SoHo, made at ``made``."""
    lines = []
    for number, (service_id, staff_id, start, room) in enumerate(parts):
        service = next(s for s in world.data.services if s.id == service_id)
        lines.append(
            ServiceLine(
                id=f"sl{number}_{appointment_id}",
                service_id=service_id,
                service_name=service.name,
                staff_id=staff_id,
                start_at=start,
                end_at=start + timedelta(minutes=service.duration_minutes),
                resource_ids=[room],
            )
        )
    world.spa.put_appointment(
        Appointment(
            id=appointment_id,
            location_id="loc_soho",
            client_id=client_id,
            status=AppointmentStatus.confirmed,
            start_at=min(line.start_at for line in lines),
            end_at=max(line.end_at for line in lines),
            services=lines,
            created_at=made,
            updated_at=made,
        )
    )


def _book(
    world: Any, appointment_id: str, client_id: str, service_id: str, start: datetime, *, fresh: bool = False
) -> None:
    """Ana's booking of one service, made now (``fresh``) or three days before."""
    made = world.copilot.now() if fresh else start - timedelta(days=3)
    book_parts(world, appointment_id, client_id, [(service_id, ANA, start, ROOM)], made=made)


def _cancel(world: Any, appointment_id: str) -> None:
    booked = world.spa.appointments[appointment_id]
    world.spa.put_appointment(
        booked.model_copy(
            update={
                "status": AppointmentStatus.cancelled,
                "version": booked.version + 1,
                "updated_at": world.copilot.now(),
            }
        )
    )


async def _check(world: Any, clock: Any, hour: int, minute: int) -> None:
    clock.current = _at(hour, minute)
    await poll_calendar(world.copilot)
    await send_prep_briefings(world.copilot)


def _texts(world: Any, staff_id: str = ANA) -> list[str]:
    """A therapist's DMs (Ana's), each as its lines read in Slack (a prep update's notification is its first line
    only)."""
    return [_lines(m) for m in world.slack.messages(world.slack_id(staff_id))]


def _lines(message: Any) -> str:
    if message.text.startswith("Update: "):
        return "\n".join(str(block["text"]["text"]) for block in message.blocks if "text" in block)
    return message.text


async def _morning_then_cancelled(world: Any, clock: Any) -> str:
    """Ana's day: one pregnant guest at 2:00pm (ap_r1), in her morning DM, then cancelled and told so."""
    install(world.copilot)
    clock.current = _at(7, 30)
    tz = world.spa.locations["loc_soho"].tz
    for booking in list(world.spa.appointments.values()):  # her day is this one guest
        if ANA in booking.staff_ids and booking.start_at.astimezone(tz).date() in (DAY, DAY + timedelta(days=1)):
            world.spa.put_appointment(booking.model_copy(update={"status": AppointmentStatus.cancelled}))
    client_id = sorted(world.spa.clients)[1]
    world.spa.clients[client_id] = world.spa.clients[client_id].model_copy(
        update={"notes": "", "alerts": [], "health_history": HealthHistory(pregnant=True)}
    )
    _book(world, "ap_r1", client_id, "sv_prenatal_60", _at(14, 0))
    await poll_calendar(world.copilot)
    await send_morning_briefings(world.copilot, "loc_soho")
    clock.current = _at(7, 45)
    _cancel(world, "ap_r1")
    await _check(world, clock, 7, 45)
    assert _texts(world)[-1].endswith("is cancelled."), _texts(world)
    return client_id


async def test_booked_again_at_the_same_time_is_told_once_with_her_cautions(world: Any, clock: Any) -> None:
    client_id = await _morning_then_cancelled(world, clock)
    clock.current = _at(7, 50)
    _book(world, "ap_r2", client_id, "sv_prenatal_60", _at(14, 0), fresh=True)
    for hour, minute in [(7, 55), (9, 0), (11, 0)]:
        await _check(world, clock, hour, minute)
    texts = _texts(world)
    again = [t for t in texts if "is booked again" in t]
    assert len(again) == 1, texts  # once, not at every check
    first, *lines = again[0].split("\n")
    name = world.spa.clients[client_id].first_name
    assert first == f"Update: {name}'s 2:00pm Prenatal Massage 60 is booked again.", again
    assert any(line.startswith("Check: ") and "regnan" in line for line in lines), again  # her cautions
    assert texts[-1] == again[0]  # the thread's last word is no longer "cancelled"
    await _check(world, clock, 12, 5)  # her prep DM still comes at its time
    prep = _texts(world)[len(texts) :]
    assert len(prep) == 1 and "2:00pm" in prep[0] and "booked again" not in prep[0], prep


async def test_booked_again_at_another_time_says_the_new_time(world: Any, clock: Any) -> None:
    client_id = await _morning_then_cancelled(world, clock)
    clock.current = _at(7, 50)
    _book(world, "ap_r2", client_id, "sv_prenatal_60", _at(15, 30), fresh=True)
    await _check(world, clock, 7, 55)
    again = [t for t in _texts(world) if "is booked again" in t]
    assert len(again) == 1 and again[0].split("\n")[0].endswith("is booked again and is moved to 3:30pm."), again


async def test_the_new_booking_cancelled_in_turn_is_told_too(world: Any, clock: Any) -> None:
    client_id = await _morning_then_cancelled(world, clock)
    clock.current = _at(7, 50)
    _book(world, "ap_r2", client_id, "sv_prenatal_60", _at(14, 0), fresh=True)
    await _check(world, clock, 7, 55)
    clock.current = _at(8, 30)
    _cancel(world, "ap_r2")
    await _check(world, clock, 8, 30)
    texts = _texts(world)
    assert texts[-1].endswith("is cancelled.") and "is booked again" in texts[-2], texts


async def test_another_guest_booked_in_her_place_is_no_booked_again(world: Any, clock: Any) -> None:
    client_id = await _morning_then_cancelled(world, clock)
    other = next(c for c in sorted(world.spa.clients) if c != client_id)
    clock.current = _at(7, 50)
    _book(world, "ap_r2", other, "sv_prenatal_60", _at(14, 0), fresh=True)
    await _check(world, clock, 7, 55)
    assert not any("booked again" in t for t in _texts(world)), _texts(world)


async def test_one_the_spa_system_could_not_be_asked_about_is_told_by_the_prep_check(world: Any, clock: Any) -> None:
    client_id = await _morning_then_cancelled(world, clock)
    platform, refused = world.copilot.platform, []
    real = platform.get_appointment

    async def down_once(appointment_id: str, *args: Any, **kwargs: Any) -> Any:
        if appointment_id == "ap_r2" and not refused:
            refused.append(appointment_id)
            raise PlatformUnavailable("down")
        return await real(appointment_id, *args, **kwargs)

    platform.get_appointment = down_once  # type: ignore[method-assign]
    clock.current = _at(7, 50)
    _book(world, "ap_r2", client_id, "sv_prenatal_60", _at(14, 0), fresh=True)
    clock.current = _at(7, 55)
    await poll_calendar(world.copilot)  # its handler could not read the booking
    assert refused and not any("booked again" in t for t in _texts(world))
    for hour, minute in [(8, 0), (8, 5)]:
        clock.current = _at(hour, minute)
        await send_prep_briefings(world.copilot)
    assert len([t for t in _texts(world) if "is booked again" in t]) == 1, _texts(world)
