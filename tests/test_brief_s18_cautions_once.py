"""Each caution said once, in one closing across surfaces (staff-eye review, 3 December, seed 7): Hana's prep DM for
Mateo said "Check: Hot Stone Massage 75 is contraindicated for this guest: pregnancy. Check before starting." and then
"Check: pregnancy: prenatal positioning, no hot stones" (pregnancy twice), while the day book and the client card close
the same caution "Check with the guest before it starts."."""

from __future__ import annotations

from datetime import date

from spa_copilot.ai.schemas import GuestProfile
from spa_copilot.domain import Alert, Appointment, Client, HealthHistory
from spa_copilot.engines import briefing as engine
from spa_copilot.engines.cautions import booking_ruled_out
from tests.builders import appointment, at, client, location, room, service, staff

DAY = date(2026, 12, 3)
NY = location()
HOT_STONE = service("sv_hot", name="Hot Stone Massage 75", duration_minutes=75, contraindications=["Pregnancy"])
SERVICES = {HOT_STONE.id: HOT_STONE}


def _brief(guest: Client, profile: GuestProfile | None = None) -> tuple[engine.GuestBrief, Appointment]:
    booking = appointment(at(DAY, "16:15"), 75, client_id=guest.id, service_id="sv_hot", staff_id="st_1", resource_ids=["rs_1"])
    return engine.guest_brief(
        booking, "st_1", client=guest, profile=profile or GuestProfile(), services=SERVICES, resources={"rs_1": room()},
        staff={"st_1": staff()}, location=NY,
    ), booking


def test_a_condition_the_booked_service_is_contraindicated_for_is_said_once_with_its_handling() -> None:
    mateo = client("cl_0203", first_name="Mateo", health_history=HealthHistory(pregnant=True, medications=["tretinoin"]))
    guest, booking = _brief(mateo)
    prep = engine.prep_text(guest, NY)
    assert prep.count("pregnan") == 1, prep
    assert (
        "Check: Hot Stone Massage 75 is contraindicated for this guest: pregnancy (prenatal positioning, no hot stones). "
        "Check with the guest before it starts." in prep.splitlines()
    ), prep
    # a caution the service does not touch keeps its own line
    assert any(line.startswith("Check: retinoids") for line in prep.splitlines()), prep
    # the same closing as the day book's and the client card's words about the same booking
    [found] = booking_ruled_out(booking, mateo, SERVICES, today=DAY)
    assert guest.contraindications[0].endswith(found.before_it_starts[len(found.sentence):])


def test_an_alert_that_says_the_condition_keeps_its_words_and_the_service_line_adds_no_second_handling_note() -> None:
    bea = client("cl_1", first_name="Bea", alerts=[Alert(text="PREGNANT 24 wks", severity="critical")])
    guest, _ = _brief(bea)
    assert guest.alerts == ("PREGNANT 24 wks (prenatal positioning, no hot stones)",)
    assert guest.contraindications == (
        "Hot Stone Massage 75 is contraindicated for this guest: pregnancy. Check with the guest before it starts.",
    )
    assert " ".join(guest.cautions).count("prenatal positioning") == 1
