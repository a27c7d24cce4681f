"""Conflict alerts as a spa manager judges them: findings of a black-box probe with calendars the other tests had
not seen (guests named instead of appointment ids, a clash that grows and shrinks keeping its card, wording)."""

from __future__ import annotations

import json
from datetime import date

from spa_copilot.domain import AppointmentStatus, Certification, Resource, Shift
from spa_copilot.engines.conflicts import ConflictKind, find_conflicts
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar
from spa_copilot.slack import ids
from tests.builders import location
from tests.test_conflicts import (
    ALL_RESOURCES,
    ALL_SERVICES,
    ALL_STAFF,
    DAY,
    EXPRESS,
    FACIAL_ROOM,
    FOUR_HANDS,
    HOT_STONE,
    JON,
    MASSAGE,
    MAYA,
    PEEL,
    PIA,
    ROOM_1,
    _messy_calendar,
    book,
    conflicts,
    multi,
    staff,
)

from .conftest import FakeClock


def test_a_clashs_bookings_are_named_by_guest_and_time_never_by_appointment_id() -> None:
    # two guests booked for the same service at the same time in one room: only the guest tells them apart
    ava = book("10:00", id="ap_1", client_id="cl_ava")
    jen = book("10:00", id="ap_2", staff_id=JON.id, client_id="cl_jen")
    guests = {"cl_ava": "Ava S.", "cl_jen": "Jen T."}
    [clash] = find_conflicts(
        [ava, jen], staff=ALL_STAFF, resources=ALL_RESOURCES, services=ALL_SERVICES, locations=[location()], guests=guests
    )
    assert clash.message == (
        "2 appointments share Room 1 (capacity 1) 10:00am–11:00am: "
        "Swedish Massage 10:00am–11:00am (Ava S.); Swedish Massage 10:00am–11:00am (Jen T.)."
    )
    assert clash.suggested_fix == (
        "Use Couples Suite for the 10:00am Swedish Massage (Jen T.): it is free and allowed for that service."
    )
    # the same therapist twice: the one to move is named by its guest
    [double] = find_conflicts(
        [ava, book("10:30", id="ap_2", client_id="cl_jen", resource_ids=["rs_2"])], staff=[MAYA],
        resources=ALL_RESOURCES, services=ALL_SERVICES, locations=[location()], guests=guests,
    )
    assert double.suggested_fix == "Move the 10:30am Swedish Massage (Jen T.) to 11:00am, when Maya is free."
    # without names (a guest the spa system could not say), the time and service alone: never an id
    for found in conflicts(_messy_calendar()):
        assert "(ap_" not in found.message + found.suggested_fix, found.message


def test_a_day_off_and_an_expired_certification_read_as_a_manager_says_them() -> None:
    tuesday = DAY.weekday()
    off = staff("st_dee", first_name="Dee", shifts=[Shift(weekday=d, start="09:00", end="17:00") for d in range(7) if d != tuesday])
    [day_off] = conflicts([book("10:00", id="ap_1", staff_id=off.id)], staff_=[off])
    assert day_off.message.startswith(
        "Dee Test has no shift on Tuesday, but the 10:00am Swedish Massage keeps them busy 10:00am–11:00am."
    ), day_off.message
    lapsed = staff("st_cat", first_name="Cat", certifications=[Certification(name="chemicalPeel", expires_on=date(2026, 11, 23))])
    never = staff("st_nell", first_name="Nell")
    [expired] = conflicts([book("10:00", id="ap_1", staff_id=lapsed.id, service_id=PEEL.id)], staff_=[lapsed])
    assert expired.message == (
        "Cat Test is booked for the 10:00am Chemical Peel, which needs a chemical peel certification; "
        "Cat's expired on Mon 23 Nov."
    )
    # one that lapsed in another year carries its year: "Sat 30 Nov" would read as six days ahead
    long_ago = staff("st_cat", first_name="Cat", certifications=[Certification(name="chemicalPeel", expires_on=date(2024, 11, 30))])
    [old] = conflicts([book("10:00", id="ap_1", staff_id=long_ago.id, service_id=PEEL.id)], staff_=[long_ago])
    assert old.message.endswith("Cat's expired on Sat 30 Nov 2024."), old.message
    [none] = conflicts([book("10:00", id="ap_1", staff_id=never.id, service_id=PEEL.id)], staff_=[never])
    assert none.message == (
        "Nell Test is booked for the 10:00am Chemical Peel, which needs a chemical peel certification; Nell has none."
    )


def _text(world: SandboxWorld, ts: str) -> str:
    message = world.slack.message(world.settings.spa_front_desk_channel, ts)
    assert message is not None
    return json.dumps(message.blocks)


async def test_the_cards_name_the_guests_as_the_front_desk_knows_them(world: SandboxWorld) -> None:
    await poll_calendar(world.copilot)
    channel = world.settings.spa_front_desk_channel
    [card] = [m for m in world.slack.messages(channel) if "Staff double-booked" in json.dumps(m.blocks)]
    shown = json.dumps(card.blocks)
    for appointment_id in ("ap_p01", "ap_p02"):
        guest = world.spa.clients[world.spa.appointments[appointment_id].client_id]
        assert f"({guest.short_name})" in shown, shown
        assert f"({appointment_id})" not in shown


async def test_a_clash_that_grows_and_shrinks_keeps_its_one_card(world: SandboxWorld, clock: FakeClock) -> None:
    # Marcus is double-booked (ap_p01, ap_p02); a third booking of his joins the clash, then is cancelled
    await poll_calendar(world.copilot)
    channel = world.settings.spa_front_desk_channel
    [card] = [m for m in world.slack.messages(channel) if "Staff double-booked" in json.dumps(m.blocks)]
    posts = len(world.slack.calls_to("chat.postMessage"))
    p02 = world.spa.appointments["ap_p02"]
    clock.advance(minutes=1)
    lines = [line.model_copy(update={"id": "sl_third", "resource_ids": []}) for line in p02.services]
    third = p02.model_copy(update={"id": "ap_third", "services": lines, "version": 1, "updated_at": clock()})
    world.spa.put_appointment(third)
    await poll_calendar(world.copilot)
    assert len(world.slack.calls_to("chat.postMessage")) == posts, "the same clash, grown: no second card"
    grown = _text(world, card.ts)
    assert "3 appointments at once" in grown and ids.ACK_CONFLICT in grown and "Resolved" not in grown
    assert world.copilot.store.open_counts()["open_conflicts"] == 9

    clock.advance(minutes=1)
    world.spa.put_appointment(
        third.model_copy(update={"status": AppointmentStatus.cancelled, "version": 2, "updated_at": clock()})
    )
    await poll_calendar(world.copilot)
    assert len(world.slack.calls_to("chat.postMessage")) == posts, "back to two: the same card, not a third post"
    shrunk = _text(world, card.ts)
    assert "2 appointments at once" in shrunk and ids.ACK_CONFLICT in shrunk and "Resolved" not in shrunk
    assert world.copilot.store.open_counts()["open_conflicts"] == 9

    # and once it is really over, that one card says so
    clock.advance(minutes=1)
    p01 = world.spa.appointments["ap_p01"]
    world.spa.put_appointment(
        p01.model_copy(update={"status": AppointmentStatus.cancelled, "version": p01.version + 1, "updated_at": clock()})
    )
    await poll_calendar(world.copilot)
    assert "Resolved" in _text(world, card.ts)
    assert [m.ts for m in world.slack.messages(channel) if "Staff double-booked" in json.dumps(m.blocks)] == [card.ts]


def test_an_over_capacity_message_reads_right_whatever_the_resources_name() -> None:
    """Spas name equipment in the plural ("Hot stone kits", "LED masks"): the sentence's subject is the bookings,
    so "Hot stone kits … is booked" never happens."""
    kits = Resource(id="eq_kits", location_id="loc_1", name="Hot stone kits", type="equipment", kind="hotStoneKit", capacity=2)
    bookings = [
        book("10:00", id="ap_1", staff_id=MAYA.id, resource_ids=["rs_1", "eq_kits"], service_id=HOT_STONE.id),
        book("10:30", id="ap_2", staff_id=JON.id, resource_ids=["rs_2", "eq_kits"], service_id=HOT_STONE.id),
        book("10:45", 30, id="ap_3", staff_id=PIA.id, resource_ids=["rs_facial", "eq_kits"]),
    ]
    [crowded] = [
        c for c in find_conflicts(bookings, staff=ALL_STAFF, resources=[*ALL_RESOURCES, kits], services=ALL_SERVICES,
                                  locations=[location()])
        if c.kind == ConflictKind.equipment_over_capacity
    ]
    assert crowded.message.startswith("3 treatments use Hot stone kits (capacity 2) at once 10:45am–11:00am: ")
    assert crowded.suggested_fix == (
        "Move one of these bookings: Hot stone kits can serve only 2 at a time and no other hot stone kit is free then."
    )
    [room] = find_conflicts(
        [book("10:00", id="ap_4"), book("10:30", id="ap_5", staff_id=JON.id)],
        staff=ALL_STAFF, resources=ALL_RESOURCES, services=ALL_SERVICES, locations=[location()],
    )
    assert room.message.startswith("2 appointments share Room 1 (capacity 1) 10:30am–11:00am: ")


async def test_standing_conflicts_do_not_read_their_guests_again_at_every_check(
    world: SandboxWorld, clock: FakeClock
) -> None:
    """Naming the guests costs a client read each; a conflict that stands through many checks (every change in the
    location's book runs one) is named from what was read a few minutes ago, not read again each time."""
    reads: list[str] = []
    read_client = world.platform.get_client

    async def counted(client_id: str, *args: object, **kwargs: object) -> object:
        reads.append(client_id)
        return await read_client(client_id, *args, **kwargs)

    world.platform.get_client = counted  # type: ignore[method-assign]
    await poll_calendar(world.copilot)
    assert reads, "the first check names the guests of the planted conflicts"
    location = world.data.locations[0].id
    for number in range(2):
        reads.clear()
        clock.advance(minutes=1)
        quiet = next(
            a for a in world.spa.appointments.values()
            if a.location_id == location and a.status == AppointmentStatus.confirmed and a.start_at.date() == clock().date()
        )
        world.spa.put_appointment(quiet.model_copy(update={"notes": f"n{number}", "version": quiet.version + 1, "updated_at": clock()}))
        await poll_calendar(world.copilot)
        assert reads == [], f"check {number + 1} read {len(reads)} clients again"
    clock.advance(minutes=30)  # later, the names are read afresh (a guest renamed in the spa system shows)
    world.spa.put_appointment(quiet.model_copy(update={"notes": "later", "version": quiet.version + 2, "updated_at": clock()}))
    await poll_calendar(world.copilot)
    assert reads


# ---- second probe (2 December): calendars as real spas write them --------------------------------------------


def test_skills_certifications_and_room_types_match_however_the_spa_system_spells_them() -> None:
    """Staff profiles, services and rooms are typed by different people: "HotStone", "hot stone" and "Hot_Stone" are
    the service's hotStone, "Chemical Peel" its chemicalPeel, a "MassageRoom" or "massage room" its massageRoom.
    Each was flagged ("does not have it", "has none", "in Massage Room A (massage room); it needs a massage room")."""
    for spelled in ("HotStone", "hot stone", "Hot_Stone", "HOTSTONE"):
        cat = staff("st_cat", first_name="Cat", skills=["massage", spelled])
        assert conflicts([book("10:00", id="ap_1", staff_id=cat.id, service_id=HOT_STONE.id)], staff_=[cat]) == [], spelled
    # ... and such a colleague is the one suggested for a booking of someone without the skill
    cat = staff("st_cat", first_name="Cat", skills=["Hot Stone"])
    [unskilled] = conflicts([book("10:00", id="ap_1", staff_id=PIA.id, service_id=HOT_STONE.id)], staff_=[PIA, cat])
    assert unskilled.kind == ConflictKind.missing_skill
    assert unskilled.suggested_fix == "Reassign Pia's 10:00am Hot Stone to Cat, who is free and has the hot stone skill."

    for spelled in ("ChemicalPeel", "chemical peel", "Chemical Peel"):
        cat = staff("st_cat", first_name="Cat", certifications=[Certification(name=spelled, expires_on=DAY)])
        assert conflicts([book("10:00", id="ap_1", staff_id=cat.id, service_id=PEEL.id)], staff_=[cat]) == [], spelled
    lapsed = staff("st_cat", first_name="Cat", certifications=[Certification(name="Chemical Peel", expires_on=date(2026, 11, 23))])
    [expired] = conflicts([book("10:00", id="ap_1", staff_id=lapsed.id, service_id=PEEL.id)], staff_=[lapsed])
    assert expired.message.endswith("Cat's expired on Mon 23 Nov."), expired.message

    for spelled in ("MassageRoom", "massage room", "Massage_Room"):
        room_a = Resource(id="rs_a", location_id="loc_1", name="Massage Room A", type="room", room_type=spelled)
        booked = [book("10:00", id="ap_1", service_id=HOT_STONE.id, resource_ids=["rs_a"])]
        assert conflicts(booked, resources=[*ALL_RESOURCES, room_a]) == [], spelled
        # ... and it is offered for a hot stone booked in the facial room while Room 1 is taken
        taken = book("10:00", id="ap_2", staff_id=JON.id, service_id=HOT_STONE.id)
        wrong = book("10:00", id="ap_3", staff_id=MAYA.id, service_id=HOT_STONE.id, resource_ids=["rs_facial"])
        [misplaced] = conflicts([taken, wrong], resources=[ROOM_1, FACIAL_ROOM, room_a])
        assert misplaced.kind == ConflictKind.wrong_room_type
        assert misplaced.suggested_fix.startswith("Move the 10:00am Hot Stone to Massage Room A, which is free"), spelled


def test_a_two_staff_service_with_nobody_on_it_says_nobody_is_booked() -> None:
    """A four-hands booking with no therapist yet read "only nobody is booked on it"."""
    [empty] = conflicts([book("10:00", id="ap_1", staff_id=None, service_id=FOUR_HANDS.id)])
    assert empty.kind == ConflictKind.understaffed
    assert empty.message == "The 10:00am Four Hands Massage needs two staff members; nobody is booked on it."
    [one] = conflicts([book("10:00", id="ap_1", service_id=FOUR_HANDS.id)])
    assert one.message == "The 10:00am Four Hands Massage needs two staff members; only Maya Lopez is booked on it."



def test_a_booking_with_a_therapist_marked_inactive_is_flagged() -> None:
    """A therapist who left (marked inactive in the spa system) still had bookings on the calendar: no card at all,
    and no morning DM either (briefings go to active staff only), so the guest would arrive to nobody."""
    gone = MAYA.model_copy(update={"active": False})
    booked = [book("10:00", id="ap_1", client_id="cl_ava"), book("12:00", id="ap_2", status="cancelled")]
    [flagged] = find_conflicts(
        booked, staff=[gone, JON, PIA], resources=ALL_RESOURCES, services=ALL_SERVICES, locations=[location()],
        guests={"cl_ava": "Ava S."},
    )
    assert flagged.kind == ConflictKind.outside_shift and flagged.appointment_ids == ("ap_1",)
    assert flagged.staff_ids == (MAYA.id,)
    assert (f"{flagged.start:%H:%M}", f"{flagged.end:%H:%M}") == ("10:00", "11:00")
    assert flagged.message == (
        "Maya Lopez is marked inactive in the spa system, but the 10:00am Swedish Massage (Ava S.) is booked with them."
    )
    assert flagged.suggested_fix == "Move Maya's 10:00am Swedish Massage (Ava S.) to Jon, who is free."
    # with no shifts left on the profile, and nobody free to take it, the same
    [alone] = conflicts([book("10:00", id="ap_1")], staff_=[gone.model_copy(update={"shifts": []})])
    assert alone.kind == ConflictKind.outside_shift
    assert alone.suggested_fix == (
        "Move the 10:00am Swedish Massage to a therapist on shift, or mark Maya active again in the spa system."
    )


def test_every_kind_of_card_names_the_guest_of_the_booking_it_is_about() -> None:
    """Double bookings and turnover named each booking's guest; a missing skill or certification, a wrong room, a
    booking outside a shift and a two-staff service with one therapist said only "the 10:00am Hot Stone", which
    the front desk must look up before calling the guest to move it (and two such bookings read alike)."""
    booked = [
        book("10:00", id="ap_skill", staff_id=PIA.id, service_id=HOT_STONE.id, client_id="cl_ava", resource_ids=["rs_1"]),
        book("10:00", id="ap_peel", staff_id=JON.id, service_id=PEEL.id, client_id="cl_jen", resource_ids=["rs_facial"]),
        book("12:00", id="ap_room", staff_id=MAYA.id, service_id=HOT_STONE.id, client_id="cl_lee", resource_ids=["rs_wet"]),
        book("17:30", id="ap_late", staff_id=PIA.id, client_id="cl_kim", resource_ids=["rs_2"]),
        book("14:00", id="ap_four", staff_id=JON.id, service_id=FOUR_HANDS.id, client_id="cl_max", resource_ids=["rs_2"]),
    ]
    guests = {"cl_ava": "Ava S.", "cl_jen": "Jen T.", "cl_lee": "Lee W.", "cl_kim": "Kim O.", "cl_max": "Max R."}
    found = find_conflicts(
        booked, staff=ALL_STAFF, resources=ALL_RESOURCES, services=ALL_SERVICES, locations=[location()], guests=guests
    )
    said = {c.appointment_ids: (c.message, c.suggested_fix) for c in found}
    assert said[("ap_skill",)][0] == (
        "Pia Ng is booked for the 10:00am Hot Stone (Ava S.), which needs the hot stone skill, and does not have it."
    )
    assert said[("ap_peel",)][0].startswith("Jon Berg is booked for the 10:00am Chemical Peel (Jen T.), which needs")
    assert said[("ap_peel",)][1] == "Reassign the 10:00am Chemical Peel (Jen T.) to a therapist certified for chemical peel."
    assert said[("ap_room",)][0] == "The 12:00pm Hot Stone (Lee W.) is in Wet Room; it needs a massage room."
    assert said[("ap_late",)][0].startswith("Pia Ng's shift on Tuesday is 9:00am–6:00pm, but the 5:30pm Swedish Massage (Kim O.)")
    assert said[("ap_four",)][0] == (
        "The 2:00pm Four Hands Massage (Max R.) needs two staff members; only Jon Berg is booked on it."
    )
    assert "the 2:00pm Four Hands Massage (Max R.)" in said[("ap_four",)][1], said[("ap_four",)][1]


def test_a_night_therapists_two_shifts_on_one_day_are_each_named_by_their_day() -> None:
    """Nico works 10:00pm–6:00am every night. A 5:30am booking running to 6:30am on Sunday read "Nico's shift on
    Sunday is Saturday's 10:00pm–6:00am, 10:00pm–6:00am": the second, Sunday night's, looked like the first twice."""
    night = staff("st_nico", first_name="Nico", shifts=[Shift(weekday=d, start="22:00", end="06:00") for d in range(7)])
    sunday = date(2026, 11, 29)
    [late] = conflicts([book("05:30", id="ap_1", day=sunday, staff_id=night.id)], staff_=[night])
    assert late.kind == ConflictKind.outside_shift
    assert late.message.startswith(
        "Nico Test's shifts on Sunday are Saturday's 10:00pm–6:00am and Sunday's 10:00pm–6:00am, but the 5:30am"
    ), late.message
    # two shifts: not "shift … is …"; a booking begun on shift is said as its overrun (session 36, loose36: it read
    # "keeps them busy 6:00am–6:30am, outside them." under a 6:00am headline the desk could not find the booking by)
    assert late.message.endswith("runs 30 min past their 6:00am shift end, to 6:30am."), late.message


def test_a_booking_in_a_split_shifts_break_names_both_shifts_in_the_plural() -> None:
    sunday = date(2026, 11, 29)
    split = staff("st_pia", first_name="Pia", shifts=[Shift(weekday=sunday.weekday(), start="09:00", end="12:00"),
                                                      Shift(weekday=sunday.weekday(), start="14:00", end="18:00")])
    [gap] = conflicts([book("12:30", id="ap_1", day=sunday, staff_id=split.id)], staff_=[split])
    assert gap.kind == ConflictKind.outside_shift
    assert gap.message.startswith("Pia Test's shifts on Sunday are 9:00am–12:00pm, 2:00pm–6:00pm, but the 12:30pm")
    assert gap.message.endswith("outside them."), gap.message


def test_a_therapist_missing_from_the_staff_list_is_called_that_not_by_a_bare_id() -> None:
    """Bookings kept a therapist the spa system no longer lists (deleted from the staff list): the card read
    "st_ghost is booked for 2 appointments at once" and "Move st_ghost's 10:30am Swedish Massage to Jon"."""
    booked = [book("10:00", id="ap_1", staff_id="st_ghost"), book("10:30", id="ap_2", staff_id="st_ghost", resource_ids=["rs_2"])]
    [clash] = conflicts(booked)
    assert clash.message.startswith(
        "A therapist not on the spa system's staff list (st_ghost) is booked for 2 appointments at once 10:30am–11:00am: "
    ), clash.message
    assert clash.suggested_fix == "Move the 10:30am Swedish Massage to Jon, who is free."
    [alone] = conflicts(booked, staff_=[])
    assert alone.suggested_fix == "Move the 10:30am Swedish Massage to 11:00am, when that therapist is free."


def test_a_double_booking_fix_moves_the_booking_that_clashes_not_one_line_of_a_longer_visit() -> None:
    """Maya has a guest for an Express Facial at 10:00 and a Swedish Massage at 11:00 (one appointment), and another
    guest's massage at 10:30. The fix said to move her 11:00 massage to Jon, which leaves the 10:30 guest clashing
    with her 10:00 facial; moving the 10:30 booking is what ends the clash."""
    visit = multi("ap_visit", [(MASSAGE.id, "11:00", 60, MAYA.id, ["rs_1"]), (EXPRESS.id, "10:00", 60, MAYA.id, ["rs_1"])])
    other = book("10:30", id="ap_other", resource_ids=["rs_2"])
    [clash] = conflicts([visit, other])
    assert clash.kind == ConflictKind.staff_double_booked and clash.appointment_ids == ("ap_other", "ap_visit")
    assert clash.suggested_fix == "Move Maya's 10:30am Swedish Massage to Jon, who is free."
    # with nobody else free, a later start for that booking: after the whole visit
    [alone] = conflicts([visit, other], staff_=[MAYA])
    assert alone.suggested_fix == "Move the 10:30am Swedish Massage to 12:00pm, when Maya is free."
