"""``/spa fill ap_…`` for a cancelled hour that is only partly free for the service the waiting guests want (a booking
made over part of the freed hour since, the freed therapist's shift ending first) said "no qualified therapist free":
it now says what takes which minutes (a booking, a shift end), in the ranking's reason, on the card and in the
command's own answer, with no client named. A therapist booked for all of the hour keeps the plain reason."""

from __future__ import annotations

from datetime import timedelta

import pytest

from spa_copilot import fill
from spa_copilot.domain import AppointmentStatus, Shift, shown_span
from spa_copilot.engines.fill_ranking import rank_with_exclusions
from spa_copilot.slack.command_parser import parse_command
from tests.test_fill_ranking import BOOK, CLIENTS, HOME, NOW, OPENING, RESOURCES, SERVICES, STAFF, at, booking, entry

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _reason(appointments: list, staff: list = STAFF) -> str:
    ranking = rank_with_exclusions(
        OPENING,
        [entry("wl", "cl_1", ["sv_swedish_60"])],
        clients=CLIENTS,
        services=SERVICES,
        staff=staff,
        resources=RESOURCES,
        appointments=appointments,
        locations=HOME,
        offers_today={},
        cancellation_counts={},
        risk=None,
        now=NOW,
        cap=1,
    )
    assert not ranking.candidates
    return ranking.excluded["wl"]


@pytest.mark.parametrize(
    ("start", "minutes", "reason"),
    [
        (at(11, 30), 30, "Ana has a booking 11:30am–12:00pm, within the 60 min Swedish Massage 60 needs"),
        (at(11), 30, "Ana has a booking 11:00am–11:30am, within the 60 min Swedish Massage 60 needs"),
        (at(11, 45), 60, "Ana has a booking 11:45am–12:00pm, within the 60 min Swedish Massage 60 needs"),
        (at(11), 60, "no qualified therapist free for Swedish Massage 60"),  # all of it taken: the hour is gone
    ],
    ids=["second-half", "first-half", "last-quarter-and-on", "all-of-it"],
)
def test_a_booking_over_part_of_the_freed_hour_is_named_with_its_minutes(start, minutes: int, reason: str) -> None:
    # Sam is busy 11-12 in BOOK; Ana, whose hour was freed, is booked again for part of it (no room of the slot's)
    again = booking("ap_again", "cl_x", start, minutes, staff="st_ana", room="rs_f1")
    assert _reason([*BOOK, again]) == reason


def test_a_shift_that_ends_inside_the_slot_is_named() -> None:
    short_day = [
        s.model_copy(update={"shifts": [Shift(weekday=1, start="09:00", end="11:30")]}) if s.id == "st_ana" else s
        for s in STAFF
    ]
    assert _reason(BOOK, short_day) == "Ana's shift ends at 11:30am, within the 60 min Swedish Massage 60 needs"


async def test_spa_fill_says_which_minutes_a_booking_took_in_its_answer_and_on_the_card(scene) -> None:
    world, spa, target = scene.world, scene.world.spa, scene.target
    spa.cancel(target.id, reason="sick")
    line = spa.appointments[target.id].services[0]
    now = world.copilot.now()
    start = line.start_at + timedelta(minutes=30)
    spa.put_appointment(
        spa.appointments[target.id].model_copy(
            update={
                "id": "ap_again",
                "client_id": "cl_0001",
                "status": AppointmentStatus.confirmed,
                "cancellation": None,
                "created_at": now,
                "updated_at": now,
                "version": 1,
                "start_at": start,
                "services": [line.model_copy(update={"id": "sl_again", "start_at": start})],
            }
        )
    )
    therapist = next(s for s in world.data.staff if s.id == line.staff_id).first_name
    taken = shown_span(start, line.end_at, world.data.locations[0].tz)

    answer = await fill.answer_fill(scene.copilot, parse_command(f"fill {target.id}"), world.manager_id)

    said = f"{therapist} has a booking {taken}, within the 60 min their service needs"
    assert said in answer.text, answer.text
    assert "no qualified therapist" not in answer.text
    assert said in scene.proposal["reason"]
    guests = [spa.clients[cid] for cid in ("cl_0001", *(spa.waitlist[e].client_id for e in scene.entries))]
    assert not any(guest.first_name in answer.text or guest.last_name in answer.text for guest in guests)
