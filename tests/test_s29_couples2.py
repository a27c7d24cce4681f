"""A review of the couples pairing of two appointments of ordinary services (tests/test_s29_couples.py):

- a guest's add-on line starting with her treatment in the suite is hers, not a third guest: the pair counts guests
  (appointments), not lines, so an ordinary couple with an add-on is no "Room double-booked";
- two guests starting together with ordinary services may be strangers sharing the suite: they are paired only in a
  suite of capacity 1 (in a bigger one two such bookings clash with nothing), and the briefing never tells one
  therapist the other guest's name or cautions (a couple booked with a service for two still is: its partner's)."""

from __future__ import annotations

from datetime import timedelta

from spa_copilot.ai.schemas import GuestProfile
from spa_copilot.briefings import send_morning_briefings, send_prep_briefings
from spa_copilot.domain import Appointment, AppointmentStatus, Client, HealthHistory, ServiceLine
from spa_copilot.engines import briefing as engine
from spa_copilot.engines.conflicts import couples_partners, find_conflicts
from spa_copilot.sandbox.slack_api import render_terminal
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar
from tests.builders import at, client, location, service
from tests.conftest import NOW, FakeClock
from tests.test_s29_couples import (
    ANA,
    BIG_SUITE,
    DEEP,
    FOUR_HANDS,
    PRIYA,
    RESOURCES,
    SAM,
    STAFF,
    SUITE,
    SWEDISH,
    guest,
)

ADD_ON = service("sv_aroma", name="Aromatherapy Add-On", category="Add-Ons", room_types=["massageRoom", "couplesSuite"])
COUPLES = service("sv_couples", name="Couples Massage 60", staff_count=2, room_types=["couplesSuite"])
SERVICES = [SWEDISH, DEEP, FOUR_HANDS, ADD_ON, COUPLES]


def with_add_on(booked: Appointment, staff_id: str | None, minutes: int = 60) -> Appointment:
    """``booked`` with an add-on line starting with its treatment, in the same rooms (the shape the spa books)."""
    line = booked.services[0]
    add_on = ServiceLine(id=f"sl_{booked.id}_addon", service_id=ADD_ON.id, service_name=ADD_ON.name, staff_id=staff_id,
                         start_at=line.start_at, end_at=line.start_at + timedelta(minutes=minutes),
                         resource_ids=list(line.resource_ids))
    return booked.model_copy(update={"services": [line, add_on]})


def kinds(book: list[Appointment]) -> list[tuple[str, tuple[str, ...]]]:
    found = find_conflicts(book, staff=STAFF, resources=RESOURCES, services=SERVICES, locations=[location()])
    return sorted((str(c.kind), c.appointment_ids) for c in found)


def partners(book: list[Appointment], **kwargs: bool) -> dict[str, str]:
    return couples_partners(book, resources=RESOURCES, services=SERVICES, **kwargs)


RUTH = guest("ap_ruth", "cl_ruth", SAM.id)  # a Swedish
SOL = guest("ap_sol", "cl_sol", PRIYA.id, service_id=DEEP.id)  # a Deep Tissue
BOTH = {"ap_ruth": "ap_sol", "ap_sol": "ap_ruth"}


def test_a_couple_where_one_guest_has_an_add_on_starting_with_her_massage_is_one_booking() -> None:
    ruth = with_add_on(RUTH, SAM.id)  # before: three lines at 12:00, no pair, "Room double-booked"
    assert partners([ruth, SOL]) == BOTH
    assert kinds([ruth, SOL]) == []
    # an add-on for both, a shorter one, or one with nobody on its line
    assert kinds([ruth, with_add_on(SOL, PRIYA.id, 15)]) == []
    assert partners([with_add_on(RUTH, None), SOL]) == BOTH
    assert kinds([with_add_on(RUTH, None), SOL]) == []


def test_an_add_on_does_not_hide_a_real_double_booking_of_the_suite() -> None:
    ruth = with_add_on(RUTH, SAM.id)
    # a third guest starting with them: still three guests
    zoe = guest("ap_zoe", "cl_zoe", ANA.id)
    assert partners([ruth, SOL, zoe]) == {}
    assert kinds([ruth, SOL, zoe]) == [("room_double_booked", ("ap_ruth", "ap_sol", "ap_zoe"))]
    # Sol's therapist on Ruth's add-on: one therapist on both guests, so no couple (and Priya is double-booked)
    crossed = with_add_on(RUTH, PRIYA.id)
    assert partners([crossed, SOL]) == {}
    assert ("room_double_booked", ("ap_ruth", "ap_sol")) in kinds([crossed, SOL])
    # one guest booked twice, with an add-on
    again = guest("ap_ruth_again", "cl_ruth", PRIYA.id, service_id=DEEP.id)
    assert kinds([ruth, again]) == [("room_double_booked", ("ap_ruth", "ap_ruth_again"))]


def test_ordinary_services_are_paired_only_in_a_suite_of_capacity_one() -> None:
    a = guest("ap_a", "cl_a", SAM.id, resource_ids=[BIG_SUITE.id])
    b = guest("ap_b", "cl_b", PRIYA.id, service_id=DEEP.id, resource_ids=[BIG_SUITE.id])
    assert partners([a, b]) == {}  # two bookings in a suite for two: nothing to pair, nothing clashes
    assert kinds([a, b]) == []
    # a couple booked with a service for two is paired in any suite
    for_two = [x.model_copy(update={"services": [x.services[0].model_copy(update={"service_id": COUPLES.id})]}) for x in (a, b)]
    assert partners(for_two) == {"ap_a": "ap_b", "ap_b": "ap_a"}


def test_couples_partners_says_which_rule_paired_them() -> None:
    assert partners([RUTH, SOL]) == BOTH
    assert partners([RUTH, SOL], for_two_only=True) == {}
    for_two = [x.model_copy(update={"services": [x.services[0].model_copy(update={"service_id": COUPLES.id})]}) for x in (RUTH, SOL)]
    assert partners(for_two, for_two_only=True) == BOTH


def test_the_briefing_tells_nothing_of_a_guest_paired_from_ordinary_services() -> None:
    services = {s.id: s for s in SERVICES}
    resources = {r.id: r for r in RESOURCES}
    members = {s.id: s for s in STAFF}
    avery = client("cl_ruth", first_name="Avery", last_name="Stone")
    for book in ([RUTH, SOL], [with_add_on(RUTH, SAM.id), SOL]):  # the capacity-1 suite: no alert, and no pair told
        assert kinds(book) == []
        assert engine.couples_pairs(book, services=services, resources=resources) == {}
        brief = engine.guest_brief(book[0], SAM.id, client=avery, profile=GuestProfile(), services=services,
                                   resources=resources, staff=members, location=location(), conflicts=[])
        assert brief.partner is None and not brief.couples
        assert "Sol" not in engine.prep_text(brief, location()) and "Priya" not in engine.prep_text(brief, location())
    # a couple booked with the service for two is told as before
    for_two = [x.model_copy(update={"services": [x.services[0].model_copy(update={"service_id": COUPLES.id})]}) for x in (RUTH, SOL)]
    pairs = engine.couples_pairs(for_two, services=services, resources=resources)
    assert {aid: (p.id, therapist) for aid, (p, therapist) in pairs.items()} == {
        "ap_ruth": ("ap_sol", PRIYA.id), "ap_sol": ("ap_ruth", SAM.id)
    }
    assert SUITE.capacity == 1


# ---- end to end in the sandbox: the morning and prep DMs ----

SANDBOX_SAM, SANDBOX_PRIYA = "st_sam_delgado", "st_priya_nair"
DAY = NOW.date()


def strangers(world: SandboxWorld) -> None:
    """Sam's guest Avery (a Swedish) and Priya's guest Blake (a Deep Tissue, pregnant, latex allergy), booked apart
    in the Couples Suite at 12:00pm: the conflict check pairs them, the DMs tell neither therapist of the other."""
    spa = world.spa
    for aid, appointment in list(spa.appointments.items()):
        if set(appointment.staff_ids) & {SANDBOX_SAM, SANDBOX_PRIYA} and appointment.start_at.date() >= DAY:
            del spa.appointments[aid]
    begin = at(DAY, "12:00")
    end = begin + timedelta(minutes=60)
    for cid, first, health, aid, staff_id, service_id in (
        ("cl_s29_avery", "Avery", HealthHistory(), "ap_s29_avery", SANDBOX_SAM, "sv_swedish_60"),
        ("cl_s29_blake", "Blake", HealthHistory(pregnant=True, allergies=["latex"]), "ap_s29_blake", SANDBOX_PRIYA,
         "sv_deep_tissue_60"),
    ):
        spa.clients[cid] = Client(id=cid, first_name=first, last_name="Moss", health_history=health)
        spa.appointments[aid] = Appointment(
            id=aid, location_id="loc_soho", client_id=cid, status=AppointmentStatus.confirmed, start_at=begin,
            end_at=end, source="phone", created_at=NOW - timedelta(days=30), updated_at=NOW - timedelta(days=30),
            services=[ServiceLine(id=f"sl_{aid}", service_id=service_id, staff_id=staff_id, start_at=begin, end_at=end,
                                  resource_ids=["rs_soho_couples"])],
        )


def texts(world: SandboxWorld, staff_id: str) -> list[str]:
    return [render_terminal(m, width=200) for m in world.slack.messages(world.slack_id(staff_id))]


async def test_the_dms_of_two_guests_paired_from_ordinary_services_say_nothing_of_the_other(
    world: SandboxWorld, clock: FakeClock
) -> None:
    strangers(world)
    book = [world.spa.appointments["ap_s29_avery"], world.spa.appointments["ap_s29_blake"]]
    assert couples_partners(book, resources=world.data.resources, services=world.data.services) == {
        "ap_s29_avery": "ap_s29_blake", "ap_s29_blake": "ap_s29_avery"
    }
    found = find_conflicts(book, staff=world.data.staff, resources=world.data.resources,
                           services=world.data.services, locations=world.data.locations)
    assert not [c for c in found if c.kind == "room_double_booked"]
    run = await send_morning_briefings(world.copilot, "loc_soho")
    assert {SANDBOX_SAM, SANDBOX_PRIYA} <= set(run.sent)
    [sam] = texts(world, SANDBOX_SAM)
    [priya] = texts(world, SANDBOX_PRIYA)
    assert "Avery" in sam and "Blake" in priya
    assert "prenatal" in priya.lower() and "latex" in priya.lower(), priya  # her own therapist is told, of course
    assert "Blake" not in sam and "prenatal" not in sam.lower() and "latex" not in sam.lower(), sam
    assert "Avery" not in priya and "Couples:" not in priya and "Couples:" not in sam, priya

    await poll_calendar(world.copilot)
    clock.advance(hours=1, minutes=30)  # two hours before them
    prepared = await send_prep_briefings(world.copilot)
    assert {"ap_s29_avery", "ap_s29_blake"} <= set(prepared)
    [sam_prep] = [t for t in texts(world, SANDBOX_SAM) if t.startswith("Coming up")]
    assert "Avery" in sam_prep and "Blake" not in sam_prep and "latex" not in sam_prep.lower(), sam_prep
    assert "prenatal" not in sam_prep.lower() and "Priya" not in sam_prep, sam_prep
