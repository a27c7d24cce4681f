"""The staff-eye review's scene, end to end in the sandbox: Ruth and Sol booked for a couples massage as two
appointments (one guest each, own client records, same Couples Suite at 12:00pm, Sam with Ruth, Priya with Sol).
Each therapist's morning and prep DM says whose guest is theirs and names the other therapist, with the partner's
cautions said as the partner's; the suite is not "double-booked" and nothing says the partner has no record."""

from __future__ import annotations

from datetime import timedelta

from spa_copilot.briefings import send_morning_briefings, send_prep_briefings
from spa_copilot.domain import Appointment, AppointmentStatus, Client, HealthHistory, ServiceLine
from spa_copilot.engines.conflicts import find_conflicts
from spa_copilot.sandbox.slack_api import render_terminal
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar
from tests.builders import at
from tests.conftest import NOW, FakeClock

SAM, PRIYA = "st_sam_delgado", "st_priya_nair"
DAY = NOW.date()


def couple(world: SandboxWorld) -> None:
    spa = world.spa
    for aid, appointment in list(spa.appointments.items()):  # Sam's and Priya's day: the couple alone
        if set(appointment.staff_ids) & {SAM, PRIYA} and appointment.start_at.date() >= DAY:
            del spa.appointments[aid]
    service = next(s for s in world.data.services if s.id == "sv_couples_60")
    begin = at(DAY, "12:00")
    end = begin + timedelta(minutes=service.duration_minutes)
    for cid, first, health, aid, staff_id in (
        ("cl_s21_ruth", "Ruth", HealthHistory(allergies=["latex"]), "ap_s21_ruth", SAM),
        ("cl_s21_sol", "Sol", HealthHistory(pregnant=True), "ap_s21_sol", PRIYA),
    ):
        spa.clients[cid] = Client(id=cid, first_name=first, last_name="Adler", health_history=health)
        spa.appointments[aid] = Appointment(
            id=aid, location_id="loc_soho", client_id=cid, status=AppointmentStatus.confirmed, start_at=begin,
            end_at=end, source="phone", created_at=NOW - timedelta(days=30), updated_at=NOW - timedelta(days=30),
            services=[ServiceLine(id=f"sl_{aid}", service_id=service.id, service_name=service.name, staff_id=staff_id,
                                  start_at=begin, end_at=end, resource_ids=["rs_soho_couples"])],
        )


def texts(world: SandboxWorld, staff_id: str) -> list[str]:
    return [render_terminal(m, width=200) for m in world.slack.messages(world.slack_id(staff_id))]


async def test_each_therapists_dms_say_whose_guest_is_theirs_and_who_has_the_partner(
    world: SandboxWorld, clock: FakeClock
) -> None:
    couple(world)
    ruth, sol = world.spa.appointments["ap_s21_ruth"], world.spa.appointments["ap_s21_sol"]
    found = find_conflicts([ruth, sol], staff=world.data.staff, resources=world.data.resources,
                           services=world.data.services, locations=world.data.locations)
    assert found == []
    run = await send_morning_briefings(world.copilot, "loc_soho")
    assert {SAM, PRIYA} <= set(run.sent)
    [sam] = texts(world, SAM)
    [priya] = texts(world, PRIYA)
    assert "Couples Massage 60 with Sol (Priya's guest)" in sam, sam
    assert "Ruth is your guest; Sol is Priya's, on their own booking." in sam
    assert "Sol (Priya's guest) — pregnancy: prenatal positioning, no hot stones" in sam
    assert "Couples Massage 60 with Ruth (Sam's guest)" in priya, priya
    assert "Sol is your guest; Ruth is Sam's, on their own booking." in priya
    assert "Sol — pregnancy: prenatal positioning, no hot stones" in priya
    for text in (sam, priya):
        assert "no record" not in text and "double-booked" not in text and "and partner" not in text

    await poll_calendar(world.copilot)
    clock.advance(hours=1, minutes=30)  # 10:30am: two hours before the couple
    prepared = await send_prep_briefings(world.copilot)
    assert {"ap_s21_ruth", "ap_s21_sol"} <= set(prepared)
    [sam_prep] = [t for t in texts(world, SAM) if t.startswith("Coming up")]
    assert "Couples Massage 60 with Sol (Priya's guest) in Couples Suite" in sam_prep, sam_prep
    assert "Check: Sol (Priya's guest) — pregnancy" in sam_prep and "no record" not in sam_prep
    [priya_prep] = [t for t in texts(world, PRIYA) if t.startswith("Coming up")]
    assert "with Ruth (Sam's guest)" in priya_prep and "Check: Sol — pregnancy" in priya_prep, priya_prep
