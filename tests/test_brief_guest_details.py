"""What a briefing says about one guest's booking: the room of a two-therapist booking, the last visit's therapists."""

from __future__ import annotations

from datetime import date, timedelta

from spa_copilot.ai.schemas import GuestProfile
from spa_copilot.domain import Appointment, AppointmentStatus, ServiceLine
from spa_copilot.engines import briefing as engine
from tests.builders import at, client, location, room, service, staff

DAY = date(2026, 11, 24)
COUPLES = room("rs_couples", name="Couples Suite", room_type="couplesSuite")
FACIAL_ROOM = room("rs_facial", name="Facial Room 1", room_type="facialRoom")
SERVICES = {s.id: s for s in (service("sv_couples", name="Couples Massage 60"), service("sv_facial", name="Signature Facial 60"),
                              service("sv_swedish", name="Swedish Massage 60"))}
STAFF = {s.id: s for s in (staff("st_sam", first_name="Sam"), staff("st_nadia", first_name="Nadia"))}


def line(line_id: str, service_id: str, staff_id: str, start_hhmm: str, *, rooms: list[str], day: date = DAY) -> ServiceLine:
    start = at(day, start_hhmm)
    return ServiceLine(id=line_id, service_id=service_id, service_name=SERVICES[service_id].name, staff_id=staff_id,
                       start_at=start, end_at=start + timedelta(hours=1), resource_ids=rooms)


def booking(lines: list[ServiceLine], *, status: AppointmentStatus = AppointmentStatus.confirmed, aid: str = "ap_1") -> Appointment:
    return Appointment(id=aid, location_id="loc_1", client_id="cl_1", status=status, start_at=min(x.start_at for x in lines),
                       end_at=max(x.end_at for x in lines), services=lines)


def brief(appointment: Appointment, staff_id: str, past: list[Appointment] = ()) -> engine.GuestBrief:  # type: ignore[assignment]
    return engine.guest_brief(
        appointment, staff_id, client=client(), profile=GuestProfile(), services=SERVICES,
        resources={r.id: r for r in (COUPLES, FACIAL_ROOM)}, staff=STAFF, past=past, location=location(),
    )


def test_the_second_therapist_of_a_couples_booking_is_told_the_room_on_the_first_line() -> None:
    couples = booking([line("l1", "sv_couples", "st_sam", "14:00", rooms=[COUPLES.id]),
                       line("l2", "sv_couples", "st_nadia", "14:00", rooms=[])])
    assert brief(couples, "st_sam").rooms == ("Couples Suite",)
    assert brief(couples, "st_nadia").rooms == ("Couples Suite",)
    assert "in Couples Suite" in engine.prep_text(brief(couples, "st_nadia"), location())


def test_a_therapist_with_a_room_of_their_own_is_told_only_theirs() -> None:
    sequence = booking([line("l1", "sv_swedish", "st_sam", "14:00", rooms=[COUPLES.id]),
                        line("l2", "sv_facial", "st_nadia", "15:00", rooms=[FACIAL_ROOM.id])])
    assert brief(sequence, "st_nadia").rooms == ("Facial Room 1",)
    assert brief(sequence, "st_sam").rooms == ("Couples Suite",)


def visit(lines: list[ServiceLine]) -> str:
    done = booking(lines, status=AppointmentStatus.completed, aid="ap_past")
    previous, visits = engine.last_visit([done], before=at(DAY, "18:00"), services=SERVICES, staff=STAFF)
    assert previous is not None and visits == 1
    return engine.last_visit_words(previous)


def test_a_last_visit_with_two_therapists_names_each_services_own() -> None:
    past = DAY - timedelta(days=3)
    two = [line("p1", "sv_swedish", "st_sam", "10:00", rooms=[], day=past), line("p2", "sv_facial", "st_nadia", "11:00", rooms=[], day=past)]
    assert visit(two) == "21 Nov 2026, Swedish Massage 60 with Sam, Signature Facial 60 with Nadia"
    one = [line("p1", "sv_swedish", "st_sam", "10:00", rooms=[], day=past), line("p2", "sv_facial", "st_sam", "11:00", rooms=[], day=past)]
    assert visit(one) == "21 Nov 2026, Swedish Massage 60, Signature Facial 60 with Sam"
    couples = [line("p1", "sv_couples", "st_sam", "10:00", rooms=[], day=past), line("p2", "sv_couples", "st_nadia", "10:00", rooms=[], day=past)]
    assert visit(couples) == "21 Nov 2026, Couples Massage 60 with Sam and Nadia"


def test_a_prep_dm_about_another_day_names_the_day() -> None:
    tomorrow = booking([line("l1", "sv_swedish", "st_sam", "9:15", rooms=[], day=DAY + timedelta(days=1))])
    guest = brief(tomorrow, "st_sam")
    assert engine.prep_text(guest, location(), now=at(DAY, "10:40")).startswith("Coming up Wed 25 Nov at 9:15am: Ava ")
    assert engine.prep_text(guest, location(), now=at(DAY + timedelta(days=1), "7:15")).startswith("Coming up at 9:15am: ")
    assert engine.starts_at_words(guest.start, location(), at(DAY, "10:40")) == "9:15am on Wed 25 Nov"
    assert engine.starts_at_words(guest.start, location(), at(DAY + timedelta(days=1), "7:15")) == "9:15am"


async def test_a_prep_a_day_ahead_says_the_day_in_the_dm_and_the_written_summary(world, clock) -> None:  # noqa: ANN001
    from spa_copilot.briefings import PREP_FIELD, send_prep_briefings
    from spa_copilot.scheduler import poll_calendar

    world.copilot.settings = world.copilot.settings.model_copy(update={"prep_hours_before": 24})
    await poll_calendar(world.copilot, full=True)
    prepared = await send_prep_briefings(world.copilot)
    zone = world.spa.locations["loc_soho"].tz
    tomorrow = [aid for aid in prepared if world.spa.appointments[aid].location_id == "loc_soho"
                and world.spa.appointments[aid].start_at.astimezone(zone).date() == DAY + timedelta(days=1)]
    assert tomorrow
    a = world.spa.appointments[tomorrow[0]]
    name = world.spa.clients[a.client_id].first_name
    dms = [m.text for m in world.slack.messages(world.slack_id(a.staff_ids[0])) if f": {name}" in m.text]
    assert any(t.startswith("Coming up Wed 25 Nov at ") for t in dms), dms
    summaries = [world.spa.clients[world.spa.appointments[aid].client_id].custom_fields[PREP_FIELD] for aid in tomorrow]
    assert any("on Wed 25 Nov" in s for s in summaries), summaries
