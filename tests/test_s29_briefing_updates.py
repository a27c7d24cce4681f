"""Review 29 of the therapist briefings: what reaches a therapist after their DM.

- a booking note added after the prep DM ("PREGNANT 24 wks - latex allergy!!"), or the booking moved to another
  guest, is told to the therapist once ("Update: … has new guest details" / "… is now for Kinsley", with the
  cautions), and the prep summary is written to the right guest's record; only a digest of what was said is kept;
- one part of a multi-service visit moved, or two therapists' parts swapped, is told to each therapist of it;
- a guest on a therapist's morning DM cancelled or given to a colleague before the prep DM is told to them once;
- a booked service the menu no longer lists is "a service not on the menu", never its id.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from spa_copilot.ai.schemas import GuestProfile
from spa_copilot.briefings import PREP_FIELD, register_handler, send_morning_briefings, send_prep_briefings
from spa_copilot.domain import Alert, Appointment, AppointmentStatus, ServiceLine
from spa_copilot.engines import briefing as engine
from spa_copilot.engines.calendar_diff import snapshot_of
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar
from tests.builders import at, client, location, room, service, staff

from .conftest import FakeClock

# ---------------------------------------------------------------------------------------------------
# Through the embedded world


def text_of(message) -> str:  # noqa: ANN001
    """A DM as the therapist reads it: every block's text (the notification text when it has none)."""
    out: list[str] = []

    def walk(x: object) -> None:
        if isinstance(x, dict):
            if x.get("type") in ("mrkdwn", "plain_text") and "text" in x:
                out.append(x["text"])
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(message.blocks)
    return "\n".join(out) or message.text


def dms(world: SandboxWorld, staff_id: str) -> list[str]:
    return [text_of(m) for m in world.slack.messages(world.slack_id(staff_id))]


def soho_clock(world: SandboxWorld) -> Callable[[int, int], datetime]:
    soho = world.spa.locations["loc_soho"].tz
    return lambda hour, minute: datetime(2026, 11, 24, hour, minute, tzinfo=soho).astimezone(UTC)


async def prepped_at_12_50(world: SandboxWorld, clock: FakeClock) -> Callable[[int, int], datetime]:
    local = soho_clock(world)
    register_handler(world.copilot)  # as build_scheduler does at the start
    clock.current = local(12, 30)
    await poll_calendar(world.copilot, full=True)
    clock.current = local(12, 50)
    await poll_calendar(world.copilot)
    await send_prep_briefings(world.copilot)
    return local


async def checks(world: SandboxWorld, clock: FakeClock, local: Callable[[int, int], datetime], minutes: list[int], hour: int = 12) -> None:
    for minute in minutes:
        clock.current = local(hour, minute)
        await poll_calendar(world.copilot)
        await send_prep_briefings(world.copilot)


async def test_a_booking_note_added_after_the_prep_dm_is_told_once_with_its_cautions(world: SandboxWorld, clock: FakeClock) -> None:
    local = await prepped_at_12_50(world, clock)
    ap = world.spa.appointments["ap_p06"]  # Adeline's 1:30pm Hot Stone Massage 75 with Ana
    ana = ap.staff_ids[0]
    before = dms(world, ana)
    assert before[-1].startswith("Coming up at 1:30pm: Adeline") and "PREGNANT" not in before[-1]
    clock.current = local(12, 55)
    world.spa.put_appointment(ap.model_copy(update={
        "notes": "PREGNANT 24 wks - latex allergy!!", "version": ap.version + 1, "updated_at": clock()}))
    await checks(world, clock, local, [56, 58])
    [told] = dms(world, ana)[len(before):]
    lines = told.splitlines()
    assert lines[0] == "Update: Adeline's 1:30pm Hot Stone Massage 75 has new guest details."
    assert lines[1] == (
        "Check: Hot Stone Massage 75 is contraindicated for this guest: pregnancy (prenatal positioning, no hot stones). "
        "Check with the guest before it starts.")
    assert "Check: Booking note: PREGNANT 24 wks - latex allergy!! (nitrile gloves, no latex)" in lines
    # a later edit that changes nothing the DM said of her (a new version, the same note) says nothing again
    ap = world.spa.appointments["ap_p06"]
    clock.current = local(13, 0)
    world.spa.put_appointment(ap.model_copy(update={"version": ap.version + 1, "updated_at": clock()}))
    await checks(world, clock, local, [1, 5, 10], hour=13)
    assert len(dms(world, ana)) == len(before) + 1
    # what is kept of it: ids, times and a digest, never the note's words
    kept = world.copilot.store.told("ap_p06", ana)
    assert kept is not None and "PREGNANT" not in json.dumps(kept).upper() and "latex" not in json.dumps(kept).lower()


async def test_a_booking_moved_to_another_guest_is_told_with_her_cautions_and_her_record_gets_the_summary(
    world: SandboxWorld, clock: FakeClock
) -> None:
    local = await prepped_at_12_50(world, clock)
    ap = world.spa.appointments["ap_p06"]
    ana = ap.staff_ids[0]
    right = next(c for cid, c in sorted(world.spa.clients.items()) if cid != ap.client_id and c.first_name != "Adeline")
    world.spa.clients[right.id] = right.model_copy(update={
        "notes": "Pregnant, 24 weeks.", "alerts": [Alert(text="LATEX ALLERGY - nitrile only", severity="critical")]})
    assert PREP_FIELD not in world.spa.clients[right.id].custom_fields
    before = dms(world, ana)
    clock.current = local(12, 55)
    world.spa.put_appointment(ap.model_copy(update={"client_id": right.id, "version": ap.version + 1, "updated_at": clock()}))
    await checks(world, clock, local, [56, 58, 59])
    [told] = dms(world, ana)[len(before):]
    lines = told.splitlines()
    assert lines[0] == f"Update: Adeline's 1:30pm Hot Stone Massage 75 is now for {right.first_name}."
    assert any("Hot Stone Massage 75 is contraindicated for this guest: pregnancy" in line for line in lines)
    assert any(line.startswith("Check: LATEX ALLERGY - nitrile only") for line in lines)
    summary = world.spa.clients[right.id].custom_fields.get(PREP_FIELD)
    assert summary and "1:30pm" in str(summary), "the summary goes to the guest now booked"


async def test_one_part_of_a_visit_moved_or_swapped_is_told_to_its_therapist(world: SandboxWorld, clock: FakeClock) -> None:
    local = soho_clock(world)
    rooms = [r for r in world.data.resources if r.location_id == "loc_soho"]
    mroom = next(r.id for r in rooms if r.room_type == "massageRoom")
    froom = next(r.id for r in rooms if r.room_type == "facialRoom")
    client_id = sorted(world.spa.clients)[5]
    name = world.spa.clients[client_id].first_name

    def visit(facial_start: datetime, massage_staff: str = "st_ana_reyes", facial_staff: str = "st_claire_dubois",
              version: int = 1, stamp: datetime | None = None) -> Appointment:
        m0 = local(13, 15)
        lines = [
            ServiceLine(id="pl1", service_id="sv_swedish_60", service_name="Swedish Massage 60", staff_id=massage_staff,
                        start_at=m0, end_at=m0 + timedelta(minutes=60), resource_ids=[mroom]),
            ServiceLine(id="pl2", service_id="sv_signature_facial_60", service_name="Signature Facial 60",
                        staff_id=facial_staff, start_at=facial_start, end_at=facial_start + timedelta(minutes=60),
                        resource_ids=[froom]),
        ]
        return Appointment(id="ap_probe", location_id="loc_soho", client_id=client_id, status=AppointmentStatus.confirmed,
                           start_at=m0, end_at=max(line.end_at for line in lines), services=lines, version=version,
                           updated_at=stamp or local(9, 0), created_at=local(9, 0))

    def about(sid: str) -> list[str]:  # each DM's first line: the moves below also clash with the therapists' other
        return [t.splitlines()[0] for t in dms(world, sid) if name in t]  # bookings, said on a line of its own

    world.spa.put_appointment(visit(local(14, 15)))
    await prepped_at_12_50(world, clock)
    assert about("st_claire_dubois") == [about("st_claire_dubois")[0]] and about("st_claire_dubois")[0].startswith("Coming up at 2:15pm")
    ana_before = len(about("st_ana_reyes"))
    clock.current = local(12, 55)
    world.spa.put_appointment(visit(local(15, 30), version=2, stamp=clock()))
    await checks(world, clock, local, [56, 58])
    assert about("st_claire_dubois")[1:] == [f"Update: {name}'s 2:15pm Signature Facial 60 is moved to 3:30pm."]
    assert len(about("st_ana_reyes")) == ana_before, "Ana's massage did not change"
    clock.current = local(13, 0)
    world.spa.put_appointment(visit(local(15, 30), massage_staff="st_claire_dubois", facial_staff="st_ana_reyes",
                                    version=3, stamp=clock()))
    await checks(world, clock, local, [1, 3], hour=13)
    room_name = {r.id: r.name for r in rooms}
    assert about("st_claire_dubois")[2:] == [
        f"Update: {name}'s 3:30pm Signature Facial 60 is moved to 1:15pm, is now Swedish Massage 60 and is now in "
        f"{room_name[mroom]}."]
    assert about("st_ana_reyes")[ana_before:] == [
        f"Update: {name}'s 1:15pm Swedish Massage 60 is moved to 3:30pm, is now Signature Facial 60 and is now in "
        f"{room_name[froom]}."]


async def test_two_massages_swapped_between_therapists_give_the_new_one_the_guests_check(world: SandboxWorld, clock: FakeClock) -> None:
    local = soho_clock(world)
    rooms = sorted(r.id for r in world.data.resources if r.location_id == "loc_soho" and r.room_type == "massageRoom")
    cid = sorted(world.spa.clients)[7]
    world.spa.clients[cid] = world.spa.clients[cid].model_copy(update={"notes": "20 weeks pregnant. Likes medium pressure.", "alerts": []})
    name = world.spa.clients[cid].first_name

    def visit(first: str, second: str, version: int, stamp: datetime) -> Appointment:
        a0, b0 = local(13, 15), local(14, 15)
        lines = [ServiceLine(id="x1", service_id="sv_swedish_60", service_name="Swedish Massage 60", staff_id=first,
                             start_at=a0, end_at=a0 + timedelta(minutes=60), resource_ids=[rooms[-1]]),
                 ServiceLine(id="x2", service_id="sv_hot_stone_75", service_name="Hot Stone Massage 75", staff_id=second,
                             start_at=b0, end_at=b0 + timedelta(minutes=75), resource_ids=[rooms[-1]])]
        return Appointment(id="ap_swap", location_id="loc_soho", client_id=cid, status=AppointmentStatus.confirmed,
                           start_at=a0, end_at=lines[-1].end_at, services=lines, version=version, updated_at=stamp,
                           created_at=local(8, 0))

    def about(sid: str) -> list[str]:
        return [t for t in dms(world, sid) if f"{name} " in t or f"{name}'s" in t or f"{name} (" in t]

    world.spa.put_appointment(visit("st_ana_reyes", "st_jonah_weiss", 1, local(8, 0)))
    await prepped_at_12_50(world, clock)
    n_ana, n_jonah = len(about("st_ana_reyes")), len(about("st_jonah_weiss"))
    clock.current = local(12, 55)
    world.spa.put_appointment(visit("st_jonah_weiss", "st_ana_reyes", 2, clock()))
    await checks(world, clock, local, [56, 58, 59])
    [ana] = about("st_ana_reyes")[n_ana:]
    assert ana.splitlines() == [
        f"Update: {name}'s 1:15pm Swedish Massage 60 is moved to 2:15pm and is now Hot Stone Massage 75.",
        "Check: Hot Stone Massage 75 is contraindicated for this guest: pregnancy (prenatal positioning, no hot stones). "
        "Check with the guest before it starts.",
    ]
    assert about("st_jonah_weiss")[n_jonah:] == [
        f"Update: {name}'s 2:15pm Hot Stone Massage 75 is moved to 1:15pm and is now Swedish Massage 60."]


async def test_a_guest_on_the_morning_dm_cancelled_or_given_away_before_the_prep_dm_is_told_once(
    world: SandboxWorld, clock: FakeClock
) -> None:
    local = soho_clock(world)
    register_handler(world.copilot)  # as build_scheduler does at the start
    clock.current = local(7, 25)
    await poll_calendar(world.copilot, full=True)
    clock.current = local(7, 30)
    await send_morning_briefings(world.copilot, "loc_soho")
    book = sorted((a for a in world.spa.appointments.values() if a.location_id == "loc_soho" and a.is_active
                   and len(set(a.staff_ids)) == 1 and a.start_at >= local(14, 0)), key=lambda a: a.start_at)
    by_staff: dict[str, list[Appointment]] = {}
    for a in book:
        by_staff.setdefault(a.staff_ids[0], []).append(a)
    sid, (cancelled, given, *_) = next((s, v) for s, v in by_staff.items() if len(v) >= 2)
    other = next(s for s in by_staff if s != sid and world.spa.staff[s].role == world.spa.staff[sid].role)
    names = {a.id: world.spa.clients[a.client_id].first_name for a in (cancelled, given)}
    morning = dms(world, sid)
    assert all(n in morning[0] for n in names.values())
    clock.current = local(9, 0)
    world.spa.cancel(cancelled.id, reason="client called", by="front desk")
    world.spa.move(given.id, start_at=given.start_at, staff_id=other)
    t = local(9, 1)
    while t < local(16, 0):
        clock.current = t
        await poll_calendar(world.copilot)
        await send_prep_briefings(world.copilot)
        t += timedelta(minutes=15)
    later = dms(world, sid)[len(morning):]
    about = [m for m in later if any(n in m for n in names.values())]
    assert len(about) == 2, about
    assert any(m.startswith(f"Update: {names[cancelled.id]}'s ") and m.endswith(" is cancelled.") for m in about)
    assert any(m.startswith(f"Update: {names[given.id]}'s ") and m.endswith(f" is moved to {world.spa.staff[other].first_name}.")
               for m in about)


# ---------------------------------------------------------------------------------------------------
# The engine


DAY = date(2026, 11, 24)
NOW = at(DAY, "12:30")
R1, R2 = room("rs_1", name="Massage Room 1"), room("rs_2", name="Facial Room", room_type="facialRoom")
MASSAGE = service("sv_m", name="Swedish Massage 60")
FACIAL = service("sv_f", name="Dermaplaning Facial 60", category="facial")
SERVICES = {s.id: s for s in (MASSAGE, FACIAL)}
RESOURCES = {r.id: r for r in (R1, R2)}
STAFF = {s.id: s for s in (staff("st_ana", first_name="Ana"), staff("st_bea", first_name="Bea"))}


def two_parts(facial_at: str = "14:00", massage_staff: str = "st_ana", facial_staff: str = "st_bea", version: int = 1,
              facial_id: str = "sv_f", facial_name: str = "") -> Appointment:
    m0, f0 = at(DAY, "13:00"), at(DAY, facial_at)
    lines = [ServiceLine(id="l1", service_id="sv_m", service_name=MASSAGE.name, staff_id=massage_staff, start_at=m0,
                         end_at=m0 + timedelta(minutes=60), resource_ids=["rs_1"]),
             ServiceLine(id="l2", service_id=facial_id, service_name=facial_name, staff_id=facial_staff, start_at=f0,
                         end_at=f0 + timedelta(minutes=60), resource_ids=["rs_2"])]
    return Appointment(id="ap_1", location_id="loc_1", client_id="cl_1", status=AppointmentStatus.confirmed,
                       start_at=m0, end_at=max(line.end_at for line in lines), services=lines, version=version)


def update(before: Appointment, after: Appointment, staff_id: str) -> str | None:
    told = engine.told_part(before, staff_id, said="same", resources=RESOURCES)
    return engine.prep_update(
        snapshot_of(before), after, staff_id, first_name="Adeline", location=location(), now=NOW, services=SERVICES,
        resources=RESOURCES, staff=STAFF, client=client(), profile=GuestProfile(), told=told, said="same")


def test_a_later_part_of_a_visit_moved_is_told_to_its_therapist_alone() -> None:
    before, after = two_parts(), two_parts(facial_at="15:00", version=2)
    assert update(before, after, "st_bea") == "Update: Adeline's 2:00pm Dermaplaning Facial 60 is moved to 3:00pm."
    assert update(before, after, "st_ana") is None


def test_parts_swapped_between_therapists_tell_each_what_they_now_give() -> None:
    before, after = two_parts(), two_parts(massage_staff="st_bea", facial_staff="st_ana", version=2)
    assert update(before, after, "st_ana") == (
        "Update: Adeline's 1:00pm Swedish Massage 60 is moved to 2:00pm, is now Dermaplaning Facial 60 and is now in "
        "Facial Room.")
    assert update(before, after, "st_bea") == (
        "Update: Adeline's 2:00pm Dermaplaning Facial 60 is moved to 1:00pm, is now Swedish Massage 60 and is now in "
        "Massage Room 1.")


def test_the_digest_of_what_was_said_keeps_no_words_and_changes_with_the_note_and_the_guest() -> None:
    guest, profile = client(), GuestProfile()
    plain = two_parts()
    noted = plain.model_copy(update={"notes": "PREGNANT 24 wks"})
    said = engine.said_digest(guest, profile, plain, key=b"k")  # keyed since review 29d (its own tests: _updates2)
    assert said == engine.said_digest(guest, profile, plain.model_copy(update={"version": 7}), key=b"k")
    assert said != engine.said_digest(guest, profile, noted, key=b"k")
    assert said != engine.said_digest(client(id="cl_2"), profile, plain, key=b"k")
    assert "PREGNANT" not in engine.said_digest(guest, profile, noted, key=b"k")
    told = engine.told_part(noted, "st_bea", said=said, resources=RESOURCES)
    assert engine.ToldPart.from_record(json.loads(json.dumps(told.as_record()))) == told
    assert engine.ToldPart.from_record({"client_id": "cl_1"}) is None


def test_a_service_the_menu_no_longer_lists_is_named_as_such_never_by_its_id() -> None:
    gone = two_parts(facial_id="sv_gone")
    brief = engine.guest_brief(gone, "st_bea", client=client(), profile=GuestProfile(), services=SERVICES,
                               resources=RESOURCES, staff=STAFF, location=location())
    assert brief.service_names == ("a service not on the menu",)
    assert "sv_gone" not in engine.prep_text(brief, location(), now=NOW)
    named = two_parts(facial_id="sv_gone", facial_name="Old Facial 60")  # the booking's own name, when it gives one
    assert engine.guest_brief(named, "st_bea", client=client(), profile=GuestProfile(), services=SERVICES,
                              resources=RESOURCES, staff=STAFF, location=location()).service_names == ("Old Facial 60",)
