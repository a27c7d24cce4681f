"""The day's book: grouping by therapist, local-day bounds, gaps within shifts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from spa_copilot.ai.schemas import GuestProfile
from spa_copilot.domain import Appointment, ServiceLine, Shift
from spa_copilot.engines.briefing import guest_brief
from spa_copilot.engines.daybook import build_day_book
from tests.builders import NY, appointment, at, location, room, service, staff

DAY = date(2026, 11, 24)  # a Tuesday


def test_entries_by_therapist_with_gaps() -> None:
    alice = staff("st_1", shifts=[Shift(weekday=DAY.weekday(), start="09:00", end="17:00")])
    bob = staff("st_2", shifts=[Shift(weekday=DAY.weekday(), start="12:00", end="20:00")])
    book = build_day_book(
        location(),
        DAY,
        appointments=[
            appointment(at(DAY, "11:00"), id="ap_2", client_id="cl_2"),
            appointment(at(DAY, "09:00"), id="ap_1"),
            appointment(at(DAY, "10:00"), 15, id="ap_x", status="cancelled"),
            appointment(at(DAY, "13:00"), id="ap_3", staff_id="st_2"),
            appointment(at(DAY, "14:00"), id="ap_4", staff_id=None),
        ],
        staff=[alice, bob],
        services=[service()],
        resources=[room()],
        client_names={"cl_1": "Ava S.", "cl_2": "Ben K."},
    )
    assert [sd.staff.id for sd in book.staff_days] == ["st_1", "st_2"]
    first = book.staff_days[0]
    assert [e.appointment_id for e in first.entries] == ["ap_1", "ap_2"]
    assert [e.client_name for e in first.entries] == ["Ava S.", "Ben K."]
    assert first.entries[0].rooms == ("Room rs_1",)
    assert [(g.start.strftime("%H:%M"), g.minutes) for g in first.gaps] == [("10:00", 60), ("12:00", 300)]
    assert [(g.start.strftime("%H:%M"), g.minutes) for g in book.staff_days[1].gaps] == [("12:00", 60), ("14:00", 360)]
    assert [e.appointment_id for e in book.unassigned] == ["ap_4"]
    assert book.appointment_count == 4


def test_day_bounds_are_the_locations_own_day() -> None:
    late = appointment(at(DAY, "23:30"), 30, id="ap_late")  # 04:30 UTC the next day
    book = build_day_book(location(), DAY, appointments=[late], staff=[staff()], services=[], resources=[])
    assert book.appointment_count == 1
    tomorrow = build_day_book(location(), date(2026, 11, 25), appointments=[late], staff=[staff()], services=[], resources=[])
    assert tomorrow.appointment_count == 0


def test_other_locations_and_short_gaps_are_left_out() -> None:
    alice = staff("st_1", shifts=[Shift(weekday=DAY.weekday(), start="09:00", end="10:20")])
    book = build_day_book(
        location(),
        DAY,
        appointments=[appointment(at(DAY, "09:00"), id="ap_1"), appointment(at(DAY, "09:00"), id="ap_o", location_id="loc_2")],
        staff=[alice],
        services=[],
        resources=[],
    )
    assert book.appointment_count == 1
    assert book.staff_days[0].gaps == []  # 20 free minutes is under the 30-minute threshold


# ---- staff shared between locations -----------------------------------------------------------------------

SOHO = location(id="loc_soho", name="SoHo")
VENICE = location(id="loc_venice", name="Venice", time_zone="America/Los_Angeles")
HANA = staff("st_hana", location_id=SOHO.id, first_name="Hana", last_name="Sato",
             shifts=[Shift(weekday=DAY.weekday(), start="13:00", end="21:00")])
KAI = staff("st_kai", location_id=VENICE.id, first_name="Kai", last_name="Nakamura",
            shifts=[Shift(weekday=DAY.weekday(), start="09:00", end="17:00")])
LEO = staff("st_leo", location_id=VENICE.id, first_name="Leo", last_name="Park",
            shifts=[Shift(weekday=DAY.weekday(), start="09:00", end="17:00")])


def four_hands(start_at: datetime, id: str, *people: str) -> Appointment:
    """One appointment with a line for each of ``people`` at the same time (a four-hands massage)."""
    lines = [
        ServiceLine(id=f"{id}_{n}", service_id="sv_1", service_name="Four Hands", staff_id=who,
                    start_at=start_at, end_at=start_at + timedelta(minutes=60))
        for n, who in enumerate(people)
    ]
    return appointment(start_at, id=id, location_id=VENICE.id, services=lines)


def venice_day() -> list[Appointment]:
    return [
        appointment(at(DAY, "16:30", VENICE.tz), id="ap_hana", staff_id=HANA.id, location_id=VENICE.id, client_id="cl_lucas"),
        four_hands(at(DAY, "10:00", VENICE.tz), "ap_four", KAI.id, LEO.id),
        appointment(at(DAY, "12:00", VENICE.tz), id="ap_nobody", staff_id=None, location_id=VENICE.id),
    ]


def test_a_visiting_therapist_has_a_row_and_only_bookings_without_staff_are_unassigned() -> None:
    soho_day = [appointment(at(DAY, "14:00"), id="ap_soho", staff_id=HANA.id, location_id=SOHO.id)]
    book = build_day_book(
        VENICE, DAY, appointments=venice_day(), staff=[HANA, KAI, LEO], services=[], resources=[],
        client_names={"cl_lucas": "Lucas M."}, locations=[SOHO, VENICE], elsewhere=soho_day,
    )
    rows = {sd.staff.id: sd for sd in book.staff_days}
    assert set(rows) == {HANA.id, KAI.id, LEO.id}
    hana = rows[HANA.id]
    assert [(e.appointment_id, e.client_name, f"{e.start:%H:%M}") for e in hana.entries] == [("ap_hana", "Lucas M.", "16:30")]
    assert hana.visiting_from == SOHO and hana.shift is None and hana.gaps == [], "her shift is SoHo's"
    assert [(a.location.id, [(e.appointment_id, f"{e.start:%H:%M %Z}") for e in a.entries]) for a in hana.away] == [
        ("loc_soho", [("ap_soho", "14:00 EST")])
    ]
    assert rows[KAI.id].visiting_from is None and rows[KAI.id].away == []
    assert [e.appointment_id for e in book.unassigned] == ["ap_nobody"]
    assert book.appointment_count == 3, "the four-hands booking on two rows is one appointment"


def test_a_therapists_bookings_at_another_location_are_listed_and_are_not_free_time() -> None:
    soho_day = [appointment(at(DAY, "14:00"), id="ap_soho", staff_id=HANA.id, location_id=SOHO.id)]
    book = build_day_book(
        SOHO, DAY, appointments=soho_day, staff=[HANA, KAI, LEO], services=[], resources=[],
        locations=[SOHO, VENICE], elsewhere=venice_day(),
    )
    [hana] = book.staff_days
    assert hana.visiting_from is None and hana.shift is not None
    assert [(a.location.id, [(e.appointment_id, f"{e.start:%H:%M %Z}") for e in a.entries]) for a in hana.away] == [
        ("loc_venice", [("ap_hana", "16:30 PST")])
    ]
    # 16:30-17:30 in Venice is 19:30-20:30 in SoHo: not free in her SoHo shift
    assert [(f"{g.start:%H:%M}", f"{g.end:%H:%M}") for g in hana.gaps] == [("13:00", "14:00"), ("15:00", "19:30"), ("20:30", "21:00")]
    assert book.appointment_count == 1, "her Venice booking is Venice's"
    # booked only at Venice that day: she still has a row, so her day shows where she is
    only_away = build_day_book(
        SOHO, DAY, appointments=[], staff=[HANA], services=[], resources=[], locations=[SOHO, VENICE],
        elsewhere=venice_day(),
    )
    assert [(sd.staff.id, len(sd.away)) for sd in only_away.staff_days] == [(HANA.id, 1)]
    # another location's day is its own date: 23:30 in Venice on the 24th is the 25th in SoHo
    late = appointment(at(DAY, "23:30", VENICE.tz), id="ap_late", staff_id=HANA.id, location_id=VENICE.id)
    next_day = build_day_book(
        SOHO, DAY + timedelta(days=1), appointments=[], staff=[HANA], services=[], resources=[],
        locations=[SOHO, VENICE], elsewhere=[late],
    )
    assert all(not sd.away for sd in next_day.staff_days)


# ---- shifts in several parts, and shifts ending at midnight --------------------------------------------------


def test_a_split_shift_has_free_time_in_both_parts_and_none_in_the_break() -> None:
    afternoon_first = [Shift(weekday=DAY.weekday(), start="14:00", end="18:00"), Shift(weekday=DAY.weekday(), start="09:00", end="12:00")]
    book = build_day_book(
        location(), DAY, appointments=[appointment(at(DAY, "10:00"), id="ap_1"), appointment(at(DAY, "15:00"), id="ap_2")],
        staff=[staff("st_1", shifts=afternoon_first)], services=[], resources=[],
    )
    [row] = book.staff_days
    assert [(f"{g.start:%H:%M}", f"{g.end:%H:%M}") for g in row.gaps] == [
        ("09:00", "10:00"), ("11:00", "12:00"), ("14:00", "15:00"), ("16:00", "18:00")
    ]
    assert [(f"{s:%H:%M}", f"{e:%H:%M}") for s, e in row.shift_parts] == [("09:00", "12:00"), ("14:00", "18:00")]
    assert row.shift is not None and (f"{row.shift[0]:%H:%M}", f"{row.shift[1]:%H:%M}") == ("09:00", "18:00")
    assert row.shift_hours == "9:00am–12:00pm, 2:00pm–6:00pm", "staff see the break (the day book, /spa today)"


def test_a_booking_that_ends_before_it_starts_takes_no_time_and_free_time_never_overlaps() -> None:
    """Bad data from the spa system (12:00pm–11:00am, 10:00am–10:00am) is listed as it is, but takes no time:
    the free stretches do not overlap and add up to no more than the shift (they added up to 540 min in 480)."""
    book = build_day_book(
        location(), DAY,
        appointments=[appointment(at(DAY, "10:00"), 0, id="ap_zero"), appointment(at(DAY, "12:00"), -60, id="ap_backwards")],
        staff=[staff("st_1", shifts=[Shift(weekday=DAY.weekday(), start="09:00", end="17:00")])], services=[], resources=[],
    )
    [row] = book.staff_days
    assert [e.appointment_id for e in row.entries] == ["ap_zero", "ap_backwards"]
    assert [(f"{g.start:%H:%M}", f"{g.end:%H:%M}") for g in row.gaps] == [("09:00", "10:00"), ("10:00", "12:00"), ("12:00", "17:00")]


def test_a_booking_with_no_service_is_listed_with_the_unassigned_not_lost() -> None:
    empty = appointment(at(DAY, "11:00"), id="ap_empty").model_copy(update={"services": []})
    book = build_day_book(location(), DAY, appointments=[empty, appointment(at(DAY, "09:00"), id="ap_1")],
                          staff=[staff("st_1", shifts=[Shift(weekday=DAY.weekday(), start="09:00", end="17:00")])],
                          services=[], resources=[], client_names={"cl_1": "Ava S."})
    [listed] = book.unassigned
    assert (listed.appointment_id, listed.services, listed.client_name) == ("ap_empty", ("no service listed",), "Ava S.")
    assert f"{listed.start:%H:%M}" == "11:00" and book.appointment_count == 2


def test_a_shift_until_midnight_ends_at_the_end_of_the_day() -> None:
    late = staff("st_1", shifts=[Shift(weekday=DAY.weekday(), start="16:00", end="00:00")])
    book = build_day_book(
        location(), DAY, appointments=[appointment(at(DAY, "18:00"), id="ap_1")], staff=[late], services=[], resources=[],
    )
    [row] = book.staff_days
    assert row.shift is not None and row.shift[1] == at(DAY + timedelta(days=1), "00:00")
    assert row.shift_hours == "4:00pm–12:00am"
    assert [(f"{g.start:%H:%M}", g.minutes) for g in row.gaps] == [("16:00", 120), ("19:00", 300)]


def test_free_time_on_the_nights_the_clocks_change_is_real_time() -> None:
    fall_back, spring_forward = date(2026, 11, 1), date(2026, 3, 8)  # New York: 25 and 23 hours
    for day, free in ((fall_back, 420), (spring_forward, 300)):
        early = staff("st_1", shifts=[Shift(weekday=day.weekday(), start="00:00", end="06:00")])
        [row] = build_day_book(location(), day, appointments=[], staff=[early], services=[], resources=[]).staff_days
        assert [g.minutes for g in row.gaps] == [free]
    # a booking in the repeated hour: 01:10-01:40 EST comes after 01:30-01:50 EDT, however the wall clocks read
    def booked(utc_hour: int, utc_minute: int, minutes: int, id: str) -> Appointment:
        start = datetime(2026, 11, 1, utc_hour, utc_minute, tzinfo=UTC)
        line = ServiceLine(id=f"sl_{id}", service_id="sv_1", staff_id="st_1", start_at=start.astimezone(NY),
                           end_at=(start + timedelta(minutes=minutes)).astimezone(NY))
        return appointment(start.astimezone(NY), minutes, id=id, services=[line])

    first, second = booked(5, 30, 20, "ap_edt"), booked(6, 10, 30, "ap_est")  # 01:30 EDT, 01:10 EST
    early = staff("st_1", shifts=[Shift(weekday=fall_back.weekday(), start="00:00", end="06:00")])
    [row] = build_day_book(
        location(), fall_back, appointments=[first, second], staff=[early], services=[], resources=[], min_gap_minutes=15
    ).staff_days
    assert [(g.start.isoformat(), g.end.isoformat(), g.minutes) for g in row.gaps] == [
        ("2026-11-01T00:00:00-04:00", "2026-11-01T01:30:00-04:00", 90),
        ("2026-11-01T01:50:00-04:00", "2026-11-01T01:10:00-05:00", 20),
        ("2026-11-01T01:40:00-05:00", "2026-11-01T06:00:00-05:00", 260),
    ]


def test_the_second_therapist_of_a_four_hands_booking_is_shown_in_its_room() -> None:
    """The room is on the first line only (as Mangomint books a four-hands massage): both rows name it, as both
    therapists' briefings do; a line of its own at another time does not borrow it."""
    start = at(DAY, "10:00", VENICE.tz)
    suite = room("rs_suite", name="Couples Suite", location_id=VENICE.id)
    lines = [
        ServiceLine(id="l_kai", service_id="sv_1", service_name="Four Hands", staff_id=KAI.id, start_at=start,
                    end_at=start + timedelta(minutes=60), resource_ids=[suite.id]),
        ServiceLine(id="l_leo", service_id="sv_1", service_name="Four Hands", staff_id=LEO.id, start_at=start,
                    end_at=start + timedelta(minutes=60)),
        ServiceLine(id="l_leo_after", service_id="sv_1", service_name="Foot Ritual", staff_id=LEO.id,
                    start_at=start + timedelta(minutes=60), end_at=start + timedelta(minutes=90)),
    ]
    booking = appointment(start, id="ap_four", location_id=VENICE.id, services=lines)
    book = build_day_book(VENICE, DAY, appointments=[booking], staff=[KAI, LEO], services=[], resources=[suite])
    rows = {sd.staff.id: [(e.services, e.rooms) for e in sd.entries] for sd in book.staff_days}
    assert rows[KAI.id] == [(("Four Hands",), ("Couples Suite",))]
    assert rows[LEO.id] == [(("Four Hands",), ("Couples Suite",)), (("Foot Ritual",), ())]


def test_the_day_book_and_the_briefing_put_a_line_naming_no_room_in_the_same_room() -> None:
    """Kai's facial is in Room A, then his massage in Room B with Leo beside him (Leo's line names no room): both the
    day book and Leo's briefing put Leo in Room B. Before, the briefing fell back to all the booking's rooms and
    told Leo "Room A, Room B"."""
    start = at(DAY, "10:00", VENICE.tz)
    room_a, room_b = room("rs_a", name="Room A", location_id=VENICE.id), room("rs_b", name="Room B", location_id=VENICE.id)
    hour = timedelta(minutes=60)
    lines = [
        ServiceLine(id="l_facial", service_id="sv_1", service_name="Facial", staff_id=KAI.id, start_at=start,
                    end_at=start + hour, resource_ids=[room_a.id]),
        ServiceLine(id="l_massage", service_id="sv_1", service_name="Four Hands", staff_id=KAI.id,
                    start_at=start + hour, end_at=start + 2 * hour, resource_ids=[room_b.id]),
        ServiceLine(id="l_leo", service_id="sv_1", service_name="Four Hands", staff_id=LEO.id, start_at=start + hour,
                    end_at=start + 2 * hour),
    ]
    booking = appointment(start, id="ap_two_rooms", location_id=VENICE.id, services=lines)
    book = build_day_book(VENICE, DAY, appointments=[booking], staff=[KAI, LEO], services=[], resources=[room_a, room_b])
    leo_rows = [e.rooms for sd in book.staff_days if sd.staff.id == LEO.id for e in sd.entries]
    brief = guest_brief(booking, LEO.id, client=None, profile=GuestProfile(), services={},
                        resources={r.id: r for r in (room_a, room_b)}, staff={}, location=VENICE)
    assert leo_rows == [("Room B",)]
    assert brief.rooms == ("Room B",)
