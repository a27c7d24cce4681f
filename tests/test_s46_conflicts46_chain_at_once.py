"""s46 conflicts46 (probe46c M1): a 10:00-12:00 booking with two back-to-back bookings on top (10-11, 11-12) is three
overlapping bookings, never three at once; the card says so, and its fix moves the one booking under both."""

import hashlib
from datetime import date

from spa_copilot.engines.conflicts import ConflictKind, find_conflicts
from tests.builders import appointment, at, location, room, service, staff

DAY = date(2026, 11, 24)
SW = service("sv_sw", name="Swedish")
MAYA, JON = staff("st_m", first_name="Maya"), staff("st_j", first_name="Jon")
ROOMS = [room("rs_1", name="Room 1"), room("rs_2", name="Room 2"), room("rs_3", name="Room 3")]
GUESTS = {"c1": "Ava S.", "c2": "Liam K.", "c3": "Noa B."}


def _books(staff_ids=("st_m", "st_m", "st_m"), rooms=("rs_1", "rs_2", "rs_3"), long_at="10:00"):
    a = appointment(
        at(DAY, long_at),
        120,
        id="a",
        staff_id=staff_ids[0],
        service_id="sv_sw",
        client_id="c1",
        resource_ids=[rooms[0]],
    )
    b = appointment(
        at(DAY, "10:00"), 60, id="b", staff_id=staff_ids[1], service_id="sv_sw", client_id="c2", resource_ids=[rooms[1]]
    )
    c = appointment(
        at(DAY, "11:00"), 60, id="c", staff_id=staff_ids[2], service_id="sv_sw", client_id="c3", resource_ids=[rooms[2]]
    )
    return [a, b, c]


def _found(books, kind):
    found = find_conflicts(
        books, staff=[MAYA, JON], resources=ROOMS, services=[SW], locations=[location()], guests=GUESTS
    )
    return [c for c in found if c.kind == kind]


def test_staff_chain_is_three_overlapping_two_at_once():
    (clash,) = _found(_books(), ConflictKind.staff_double_booked)
    assert "3 appointments at once" not in clash.message, clash.message
    assert clash.message.startswith(
        "Maya Test is booked for 3 overlapping appointments 10:00am–12:00pm, up to 2 at once: "
    ), clash.message


def test_staff_chain_fix_moves_the_booking_under_both_and_clears_the_clash():
    books = _books()
    (clash,) = _found(books, ConflictKind.staff_double_booked)
    assert clash.suggested_fix == "Move Maya's 10:00am Swedish (Ava S.) to Jon, who is free.", clash.suggested_fix
    books[0].services[0].staff_id = "st_j"  # do what the card says
    assert not _found(books, ConflictKind.staff_double_booked), "the card's fix left Maya double-booked"


def test_three_truly_at_once_still_say_so_and_the_fix_says_one_move_is_not_enough():
    books = [
        appointment(
            at(DAY, "10:00"),
            60,
            id=f"x{n}",
            staff_id="st_m",
            service_id="sv_sw",
            client_id=f"c{n}",
            resource_ids=[f"rs_{n}"],
        )
        for n in (1, 2, 3)
    ]
    (clash,) = _found(books, ConflictKind.staff_double_booked)
    assert "is booked for 3 appointments at once 10:00am–11:00am" in clash.message, clash.message
    assert "another of these appointments needs moving too" in clash.suggested_fix, clash.suggested_fix


def test_room_chain_is_three_overlapping_and_the_fix_frees_the_room():
    books = _books(staff_ids=("st_m", "st_j", None), rooms=("rs_1", "rs_1", "rs_1"))
    (clash,) = _found(books, ConflictKind.room_double_booked)
    assert "3 appointments share" not in clash.message, clash.message
    assert clash.message.startswith(
        "3 overlapping appointments share Room 1 (capacity 1) 10:00am–12:00pm, up to 2 at once"
    )
    assert clash.suggested_fix.startswith("Use Room 2 for the 10:00am Swedish (Ava S.)"), clash.suggested_fix
    books[0].services[0].resource_ids = ["rs_2"]  # do what the card says
    assert not _found(books, ConflictKind.room_double_booked), "the card's fix left Room 1 double-booked"


def test_a_plain_clash_keeps_the_key_it_had():
    """Keys are stored with open cards: the same string as before this change (kind | appointments | subject)."""
    a, b, _ = _books()
    (clash,) = _found([a, b], ConflictKind.staff_double_booked)
    assert clash.key == hashlib.sha1(b"staff_double_booked|a,b|st_m").hexdigest()
    assert "is booked for 2 appointments at once 10:00am–11:00am" in clash.message
