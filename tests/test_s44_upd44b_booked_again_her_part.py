"""'… is booked again' is told only of a therapist's own part, booked again (rev44g G1-G3 on ac20dc05).

The desk cancels a guest's booking (its therapist is told "… is cancelled") and books her again under a new
appointment id. The update compares the new booking with her part of the cancelled one as she knows it: a visit's
later part is not named by the visit's start and a colleague's service (G1); a new booking of another service at
another time is no "booked again" (G2); and one made while her "cancelled" DM waited for Slack is told once that DM
went (G3).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from slack_sdk.errors import SlackApiError

from spa_copilot.briefings import send_morning_briefings
from spa_copilot.domain import AppointmentStatus, HealthHistory
from spa_copilot.scheduler import poll_calendar
from tests.conftest import FlakySlack
from tests.scenes import install
from tests.test_s44_upd44_booked_again import DAY, _at, _cancel, _check, _texts, book_parts

ANA, LEO = "st_ana_reyes", "st_leo_park"
ROOM_1, ROOM_3 = "rs_soho_massage_1", "rs_soho_massage_3"


def _book(world: Any, appointment_id: str, client_id: str, parts: list[tuple[str, str, datetime, str]]) -> None:
    """A booking of ``parts`` (service, therapist, start, room), made now."""
    book_parts(world, appointment_id, client_id, parts, made=world.copilot.now())


async def _day_with(world: Any, clock: Any, parts: list[tuple[str, str, datetime, str]]) -> tuple[str, str]:
    """The therapists' day is one pregnant guest's booking of ``parts`` (ap_old), in their morning DMs; returns the
    guest's client id and first name."""
    install(world.copilot)
    clock.current = _at(7, 30)
    tz = world.spa.locations["loc_soho"].tz
    staff = {part[1] for part in parts}
    for booking in list(world.spa.appointments.values()):
        if staff & set(booking.staff_ids) and booking.start_at.astimezone(tz).date() in (DAY, DAY + timedelta(days=1)):
            world.spa.put_appointment(booking.model_copy(update={"status": AppointmentStatus.cancelled}))
    client_id = sorted(world.spa.clients)[1]
    world.spa.clients[client_id] = world.spa.clients[client_id].model_copy(
        update={"notes": "", "alerts": [], "health_history": HealthHistory(pregnant=True)}
    )
    _book(world, "ap_old", client_id, parts)
    await poll_calendar(world.copilot)
    await send_morning_briefings(world.copilot, "loc_soho")
    return client_id, world.spa.clients[client_id].first_name


async def test_a_visits_later_part_booked_again_is_told_as_her_part(world: Any, clock: Any) -> None:
    client_id, name = await _day_with(
        world, clock, [("sv_swedish_60", LEO, _at(13, 0), ROOM_1), ("sv_signature_facial_60", ANA, _at(14, 0), ROOM_3)]
    )
    clock.current = _at(7, 45)
    _cancel(world, "ap_old")
    await _check(world, clock, 7, 45)
    assert _texts(world)[-1] == f"Update: {name}'s 2:00pm Signature Facial 60 is cancelled.", _texts(world)
    clock.current = _at(7, 50)  # Leo's massage is now a 1:30pm reflexology; Ana's facial as it was
    _book(
        world,
        "ap_new",
        client_id,
        [("sv_reflexology_30", LEO, _at(13, 30), ROOM_1), ("sv_signature_facial_60", ANA, _at(14, 0), ROOM_3)],
    )
    await _check(world, clock, 7, 55)
    again = [t for t in _texts(world) if "booked again" in t]
    assert [t.split("\n")[0] for t in again] == [f"Update: {name}'s 2:00pm Signature Facial 60 is booked again."], again
    # Leo's part is another service at another time: no "booked again" (his prep DM tells him of it)
    assert not any("booked again" in t for t in _texts(world, LEO)), _texts(world, LEO)


async def test_another_service_at_another_time_is_no_booked_again(world: Any, clock: Any) -> None:
    client_id, _ = await _day_with(world, clock, [("sv_signature_facial_60", ANA, _at(10, 0), ROOM_3)])
    clock.current = _at(7, 45)
    _cancel(world, "ap_old")
    await _check(world, clock, 7, 45)
    clock.current = _at(9, 40)
    _book(world, "ap_new", client_id, [("sv_reflexology_30", ANA, _at(17, 0), ROOM_3)])
    for hour, minute in [(9, 45), (10, 30), (12, 0)]:
        await _check(world, clock, hour, minute)
    assert not any("booked again" in t for t in _texts(world)), _texts(world)
    assert _texts(world)[-1].endswith("is cancelled."), _texts(world)  # nothing said until its prep DM


async def test_the_same_service_at_another_time_is_still_booked_again(world: Any, clock: Any) -> None:
    client_id, name = await _day_with(world, clock, [("sv_signature_facial_60", ANA, _at(10, 0), ROOM_3)])
    clock.current = _at(7, 45)
    _cancel(world, "ap_old")
    await _check(world, clock, 7, 45)
    clock.current = _at(7, 50)
    _book(world, "ap_new", client_id, [("sv_signature_facial_60", ANA, _at(17, 0), ROOM_3)])
    await _check(world, clock, 7, 55)
    assert _texts(world)[-1].split("\n")[0] == (
        f"Update: {name}'s 10:00am Signature Facial 60 is booked again and is moved to 5:00pm."
    ), _texts(world)


async def test_booked_again_while_her_cancelled_dm_waited_is_told_after_it(world: Any, clock: Any) -> None:
    client_id, name = await _day_with(world, clock, [("sv_prenatal_60", ANA, _at(14, 0), ROOM_3)])
    flaky = FlakySlack(world.copilot.slack)
    world.copilot.slack = flaky
    flaky.fail(
        "chat_postMessage",
        SlackApiError("ratelimited", {"ok": False, "error": "ratelimited"}),
        channel=world.slack_id(ANA),
    )
    clock.current = _at(7, 45)
    _cancel(world, "ap_old")
    await _check(world, clock, 7, 45)
    assert not any("cancelled" in t for t in _texts(world)), _texts(world)  # Slack refused it
    flaky.heal()
    clock.current = _at(7, 50)
    _book(world, "ap_new", client_id, [("sv_prenatal_60", ANA, _at(14, 0), ROOM_3)])
    for hour, minute in [(7, 55), (8, 0), (9, 0), (11, 0)]:
        await _check(world, clock, hour, minute)
    texts = _texts(world)
    cancelled = [n for n, t in enumerate(texts) if t.endswith("is cancelled.")]
    again = [
        n
        for n, t in enumerate(texts)
        if t.split("\n")[0] == f"Update: {name}'s 2:00pm Prenatal Massage 60 is booked again."
    ]
    assert len(cancelled) == 1 and len(again) == 1 and cancelled[0] < again[0] == len(texts) - 1, texts


async def test_a_booking_found_no_booked_again_is_not_read_again_at_each_check(world: Any, clock: Any) -> None:
    client_id, _ = await _day_with(world, clock, [("sv_signature_facial_60", ANA, _at(10, 0), ROOM_3)])
    clock.current = _at(7, 45)
    _cancel(world, "ap_old")
    await _check(world, clock, 7, 45)
    platform, asked = world.copilot.platform, []
    real = platform.get_appointment

    async def counted(appointment_id: str, *args: Any, **kwargs: Any) -> Any:
        asked.append(appointment_id)
        return await real(appointment_id, *args, **kwargs)

    platform.get_appointment = counted  # type: ignore[method-assign]
    clock.current = _at(9, 40)
    _book(world, "ap_new", client_id, [("sv_reflexology_30", ANA, _at(17, 0), ROOM_3)])
    await _check(world, clock, 9, 45)
    judged = asked.count("ap_old")
    assert judged >= 1, asked  # her part of the cancelled booking was read once, to judge
    for hour, minute in [(10, 0), (10, 30), (11, 0)]:
        await _check(world, clock, hour, minute)
    assert asked.count("ap_old") == judged, asked


async def test_a_colleagues_booking_given_to_her_is_not_hers_booked_again(world: Any, clock: Any) -> None:
    """rev44k K1: her 10am Swedish cancelled (told); Leo's 2pm Swedish for the same guest cancelled and made again with
    her: that is Leo's booking moved to her, not her 10am "booked again and moved to 2:00pm"."""
    client_id, _ = await _day_with(
        world, clock, [("sv_swedish_60", ANA, _at(10, 0), ROOM_1), ("sv_swedish_60", LEO, _at(14, 0), ROOM_3)]
    )
    clock.current = _at(7, 45)
    _cancel(world, "ap_old")
    _book(world, "ap_leo", client_id, [("sv_swedish_60", LEO, _at(14, 0), ROOM_3)])
    await _check(world, clock, 7, 45)
    clock.current = _at(8, 0)
    _cancel(world, "ap_leo")
    _book(world, "ap_new", client_id, [("sv_swedish_60", ANA, _at(14, 0), ROOM_3)])
    await _check(world, clock, 8, 5)
    assert not any("booked again" in t for t in _texts(world)), _texts(world)


async def test_a_colleagues_booking_given_to_her_at_another_time_is_not_hers_booked_again(world: Any, clock: Any) -> None:
    """rev44l: the same as K1 with the colleague's booking made again with her at 3pm, not at its 2pm."""
    client_id, _ = await _day_with(world, clock, [("sv_swedish_60", ANA, _at(10, 0), ROOM_1)])
    _book(world, "ap_leo", client_id, [("sv_swedish_60", LEO, _at(14, 0), ROOM_3)])
    clock.current = _at(7, 45)
    _cancel(world, "ap_old")
    await _check(world, clock, 7, 45)
    clock.current = _at(8, 0)
    _cancel(world, "ap_leo")
    _book(world, "ap_new", client_id, [("sv_swedish_60", ANA, _at(15, 0), ROOM_3)])
    await _check(world, clock, 8, 5)
    assert not any("booked again" in t for t in _texts(world)), _texts(world)


async def test_a_booking_made_before_the_cancellation_is_not_it_booked_again(world: Any, clock: Any) -> None:
    """rev44k K4: a 5pm Swedish made at 7:40 (a second session) while another booking of hers stood cancelled is not
    her 10am Swedish, cancelled at 7:45, "booked again and moved to 5:00pm"."""
    client_id, _ = await _day_with(world, clock, [("sv_swedish_60", ANA, _at(10, 0), ROOM_1)])
    _book(world, "ap_leo", client_id, [("sv_signature_facial_60", LEO, _at(12, 0), ROOM_3)])
    await _check(world, clock, 7, 31)
    clock.current = _at(7, 35)
    _cancel(world, "ap_leo")
    await _check(world, clock, 7, 35)
    clock.current = _at(7, 40)
    _book(world, "ap_new", client_id, [("sv_swedish_60", ANA, _at(17, 0), ROOM_1)])
    await _check(world, clock, 7, 40)
    clock.current = _at(7, 45)
    _cancel(world, "ap_old")
    await _check(world, clock, 7, 45)
    await _check(world, clock, 8, 0)
    assert not any("booked again" in t for t in _texts(world)), _texts(world)


async def test_an_unrelated_colleagues_booking_dropped_earlier_does_not_silence_her_rebooking(
    world: Any, clock: Any
) -> None:
    """rev44m: her 5pm facial with Leo dropped at 7:40 has nothing to do with Ana's 10am Swedish, cancelled at 7:45 and
    booked again unchanged at 7:50: Ana is told it is booked again (another service at another time is not his
    booking given to her)."""
    client_id, _ = await _day_with(world, clock, [("sv_swedish_60", ANA, _at(10, 0), ROOM_1)])
    _book(world, "ap_leo", client_id, [("sv_signature_facial_60", LEO, _at(17, 0), ROOM_3)])
    clock.current = _at(7, 40)
    _cancel(world, "ap_leo")
    await _check(world, clock, 7, 40)
    clock.current = _at(7, 45)
    _cancel(world, "ap_old")
    await _check(world, clock, 7, 45)
    clock.current = _at(7, 50)
    _book(world, "ap_new", client_id, [("sv_swedish_60", ANA, _at(10, 0), ROOM_1)])
    await _check(world, clock, 7, 55)
    assert any("booked again" in t for t in _texts(world)), _texts(world)
