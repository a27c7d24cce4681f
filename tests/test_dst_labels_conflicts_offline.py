"""Times on the night the clocks go back, in conflict alerts and offline-drafted invitations: New York reads
1:00am-1:59am twice on Sun 1 Nov 2026 (EDT, then EST), so a time in that hour carries its zone's abbreviation
("1:30am EDT", "1:30am EST") as briefings and the day book already do (``domain.shown_clock``/``shown_span``).
Ordinary days keep their plain texts."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from spa_copilot.ai import InvitationInput, build_ai, offline
from spa_copilot.ai.guardrails import check_text
from spa_copilot.domain import Appointment, Shift, Staff
from spa_copilot.engines.conflicts import Conflict, ConflictKind, find_conflicts
from spa_copilot.settings import Settings
from tests.builders import NY, appointment, location, room, service, staff

AUTUMN = date(2026, 11, 1)  # New York falls back at 2:00am EDT: 1:00am-1:59am happens twice
SPRING = date(2026, 3, 8)  # New York springs forward at 2:00am EST: 2:00am-2:59am never happens
ORDINARY = date(2026, 11, 8)  # a week later, every clock reads once

NIGHTS = [Shift(weekday=d, start="00:00", end="06:00") for d in range(7)]
ANA = staff("st_ana", first_name="Ana", last_name="Reyes", shifts=NIGHTS)
BO = staff("st_bo", first_name="Bo", last_name="Li", shifts=NIGHTS)
MASSAGE = service("sv_massage", name="Swedish Massage", room_types=["massageRoom"])
MUD = service("sv_mud", name="Mud Wrap", buffer_minutes=15, room_types=["wetRoom"])
ROOM_1 = room("rs_1", name="Room 1")
ROOM_2 = room("rs_2", name="Room 2")
WET = room("rs_wet", name="Wet Room", room_type="wetRoom")
WET_2 = room("rs_wet2", name="Wet Room 2", room_type="wetRoom")
GUESTS = {"cl_ava": "Ava S.", "cl_noa": "Noa B."}
SETTINGS = Settings(_env_file=None, spa_name="Willow Spa")  # type: ignore[call-arg]


def utc(day: date, hhmm: str) -> datetime:
    hours, minutes = map(int, hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=UTC)


def booked(day: date, utc_hhmm: str, minutes: int, *, id: str, client_id: str, **kwargs: object) -> Appointment:
    """A one-line appointment starting at ``utc_hhmm`` UTC on ``day`` (as the platform sends it)."""
    kwargs.setdefault("staff_id", ANA.id)
    kwargs.setdefault("service_id", MASSAGE.id)
    return appointment(utc(day, utc_hhmm), minutes, id=id, client_id=client_id, **kwargs)  # type: ignore[arg-type]


def found(appointments: list[Appointment], *, team: list[Staff], rooms: list[object] = ()) -> list[Conflict]:
    return find_conflicts(
        appointments, staff=team, resources=[ROOM_1, ROOM_2, WET, *rooms], services=[MASSAGE, MUD],  # type: ignore[list-item]
        locations=[location()], guests=GUESTS,
    )


def double_booking(day: date, *, team: list[Staff]) -> Conflict:
    """Ana booked 05:30Z for 60 min and 06:15Z for 30 min, in two rooms: on the autumn night 1:30am EDT-1:30am EST
    and 1:15am EST-1:45am EST (the second starts later, at an earlier-reading clock)."""
    first = booked(day, "05:30", 60, id="ap_1", client_id="cl_ava", resource_ids=[ROOM_1.id])
    second = booked(day, "06:15", 30, id="ap_2", client_id="cl_noa", resource_ids=[ROOM_2.id])
    [clash] = found([first, second], team=team)
    assert clash.kind == ConflictKind.staff_double_booked and not clash.zones_labelled
    return clash


# ---- conflicts -------------------------------------------------------------------------------------------


def test_a_double_booking_in_the_repeated_hour_labels_every_time_with_edt_or_est() -> None:
    clash = double_booking(AUTUMN, team=[ANA])
    assert clash.message == (
        "Ana Reyes is booked for 2 appointments at once 1:15am EST–1:30am EST: "
        "Swedish Massage 1:30am EDT–1:30am EST (Ava S.); Swedish Massage 1:15am EST–1:45am EST (Noa B.)."
    )
    assert clash.suggested_fix == "Move the 1:15am EST Swedish Massage (Noa B.) to 1:30am EST, when Ana is free."
    assert double_booking(AUTUMN, team=[ANA, BO]).suggested_fix == (
        "Move Ana's 1:15am EST Swedish Massage (Noa B.) to Bo, who is free."
    )


def test_the_same_double_booking_on_an_ordinary_night_keeps_its_plain_times() -> None:
    clash = double_booking(ORDINARY, team=[ANA])  # 05:30Z is 12:30am EST a week later
    assert clash.message == (
        "Ana Reyes is booked for 2 appointments at once 1:15am–1:30am: "
        "Swedish Massage 12:30am–1:30am (Ava S.); Swedish Massage 1:15am–1:45am (Noa B.)."
    )
    assert clash.suggested_fix == "Move the 1:15am Swedish Massage (Noa B.) to 1:30am, when Ana is free."
    assert double_booking(ORDINARY, team=[ANA, BO]).suggested_fix == (
        "Move Ana's 1:15am Swedish Massage (Noa B.) to Bo, who is free."
    )


def test_a_span_across_the_spring_change_labels_both_ends() -> None:
    # 06:30Z is 1:30am EST; an hour later it is 3:30am EDT ("1:30am–3:30am" would read as two hours)
    first = booked(SPRING, "06:30", 60, id="ap_1", client_id="cl_ava", resource_ids=[ROOM_1.id])
    second = booked(SPRING, "07:00", 60, id="ap_2", client_id="cl_noa", resource_ids=[ROOM_2.id])
    [clash] = found([first, second], team=[ANA])
    assert clash.message == (
        "Ana Reyes is booked for 2 appointments at once 3:00am–3:30am: "
        "Swedish Massage 1:30am EST–3:30am EDT (Ava S.); Swedish Massage 3:00am–4:00am (Noa B.)."
    )


def test_a_room_double_booking_and_a_short_turnover_in_the_repeated_hour_are_labelled() -> None:
    first = booked(AUTUMN, "05:30", 60, id="ap_1", client_id="cl_ava", resource_ids=[ROOM_1.id])
    second = booked(AUTUMN, "06:15", 30, id="ap_2", client_id="cl_noa", staff_id=BO.id, resource_ids=[ROOM_1.id])
    [clash] = found([first, second], team=[ANA, BO])
    assert clash.kind == ConflictKind.room_double_booked
    assert clash.message == (
        "2 appointments share Room 1 (capacity 1) 1:15am EST–1:30am EST: "
        "Swedish Massage 1:30am EDT–1:30am EST (Ava S.); Swedish Massage 1:15am EST–1:45am EST (Noa B.)."
    )
    assert clash.suggested_fix == "Use Room 2 for the 1:15am EST Swedish Massage (Noa B.): it is free and allowed for that service."

    # a wrap ending 1:30am EDT (05:30Z) needs 15 min of turnover; the next starts 05:40Z, 1:40am EDT
    wrap = booked(AUTUMN, "04:30", 60, id="ap_3", client_id="cl_ava", service_id=MUD.id, resource_ids=[WET.id])
    next_one = booked(AUTUMN, "05:40", 30, id="ap_4", client_id="cl_noa", service_id=MUD.id, staff_id=BO.id, resource_ids=[WET.id])
    [short] = found([wrap, next_one], team=[ANA, BO])
    assert short.kind == ConflictKind.buffer_violated
    assert short.message == (
        "Wet Room needs 15 min of turnover after the 12:30am Mud Wrap (Ava S.) (ends 1:30am EDT), "
        "but the Mud Wrap (Noa B.) starts 1:40am EDT, 5 min short."
    )
    assert short.suggested_fix == "Move the 1:40am EDT Mud Wrap (Noa B.) to 1:45am EDT, when Wet Room is ready and Bo is free."
    [moved] = found([wrap, next_one], team=[ANA, BO], rooms=[WET_2])
    assert moved.suggested_fix == "Move the 1:40am EDT Mud Wrap (Noa B.) to Wet Room 2, which is free."


def test_times_of_two_zones_stay_labelled_on_the_autumn_night() -> None:
    west = location(id="loc_west", name="West", time_zone="America/Los_Angeles")
    west_room = room("rs_west", name="West Room", location_id=west.id)
    here = booked(AUTUMN, "06:15", 30, id="ap_1", client_id="cl_ava", resource_ids=[ROOM_1.id])
    there = booked(AUTUMN, "06:00", 60, id="ap_2", client_id="cl_noa", location_id=west.id, resource_ids=[west_room.id])
    [clash] = find_conflicts(
        [here, there], staff=[ANA], resources=[ROOM_1, west_room], services=[MASSAGE],
        locations=[location(), west], guests=GUESTS,
    )
    assert clash.zones_labelled
    assert clash.message == (
        "Ana Reyes is booked for 2 appointments at once 11:15pm–11:45pm PDT: "
        "Swedish Massage 11:00pm–12:00am PDT at West (Noa B.); Swedish Massage 1:15am EST–1:45am EST at Downtown (Ava S.)."
    )


# ---- offline invitations ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("utc_hhmm", "said"), [("05:30", "1:30 am EDT"), ("06:30", "1:30 am EST")])
def test_an_invitation_in_the_repeated_hour_says_which_one(utc_hhmm: str, said: str) -> None:
    starts_at = utc(AUTUMN, utc_hhmm).astimezone(NY)
    assert offline.when_phrase(starts_at) == f"Sun 1 Nov at {said}"
    invite = InvitationInput(first_name="Maya", service_name="Swedish Massage", starts_at=starts_at, hold_minutes=10)
    assert offline.invitation_text(invite, spa_name="Willow Spa") == (
        f"Hi Maya, a spot for Swedish Massage just opened at Willow Spa on Sun 1 Nov at {said}. "
        "It's held for you for 10 minutes. Reply YES to claim it."
    )


@pytest.mark.parametrize("channel", ["sms", "email"])
async def test_a_labelled_invitation_passes_its_own_guardrails(channel: str) -> None:
    invite = InvitationInput(
        first_name="Maya", service_name="Swedish Massage", starts_at=utc(AUTUMN, "06:30").astimezone(NY),
        price=120.0, hold_minutes=10, channel=channel,  # type: ignore[arg-type]
    )
    result = await build_ai(SETTINGS).fill_invitation(invite)
    assert "Sun 1 Nov at 1:30 am EST" in result.text and not result.fallback
    limit = offline.SMS_LIMIT if channel == "sms" else offline.EMAIL_LIMIT
    assert check_text(result.text, max_chars=limit, menu_names=["Swedish Massage"], allowed_prices=[120.0]) == []


def test_times_read_once_keep_their_plain_phrase() -> None:
    for moment in (
        utc(AUTUMN, "04:59").astimezone(NY),  # 12:59am EDT, just before the repeated hour
        utc(AUTUMN, "07:00").astimezone(NY),  # 2:00am EST, just after it
        utc(AUTUMN, "19:00").astimezone(NY),  # 2:00pm the same day
        utc(SPRING, "07:30").astimezone(NY),  # 3:30am EDT, just after the skipped hour
        utc(ORDINARY, "06:30").astimezone(NY),  # 1:30am a week later
    ):
        said = offline.when_phrase(moment)
        assert not said.endswith(("EST", "EDT")), said
    assert offline.when_phrase(utc(AUTUMN, "19:00").astimezone(NY)) == "Sun 1 Nov at 2:00 pm"
    # a fixed offset names no zone to tell the two 1:30ams apart: the time alone, as before
    assert offline.when_phrase(datetime.fromisoformat("2026-11-01T01:30:00-04:00")) == "Sun 1 Nov at 1:30 am"
