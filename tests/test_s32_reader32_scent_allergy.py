"""A scent the allergy list reads as an allergy, and a scent preference after the list (session 32).

A scent an allergy list read as an allergy was a liked scent too, and the briefing said "Scent: eucalyptus —
essential oils allergy; ask first": an allergen is never a preference. "Scent pref: lavender" after a pipe or a bullet
was read as a fragrance allergy (its "Scent"): it is another field, as "Scent: lavender" is.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.domain import Appointment, AppointmentStatus, ServiceLine
from spa_copilot.engines import briefing as engine
from tests.builders import at, client, location, service, staff

DAY = date(2026, 12, 5)


def read(note: str) -> tuple[list[str], list[str]]:
    profile = extract_profile_offline(note, today=DAY)
    return sorted(profile.values("allergies")), sorted(profile.values("scent"))


@pytest.mark.parametrize("note", [
    "Allergies: • latex - hives • eucalyptus",
    "Allergies: latex • codeine • eucalyptus",
    "Allergies: latex + nuts + eucalyptus",
    "Allergies: latex\neucalyptus\nLoves eucalyptus",
])
def test_a_scent_read_as_an_allergy_is_no_preference(note: str) -> None:
    allergies, scents = read(note)
    assert "essentialOils" in allergies
    assert scents == []


def test_another_scent_said_fine_stays_a_preference() -> None:
    assert read("Allergic to lavender, rose ok") == (["essentialOils"], ["rose"])


def test_the_briefing_does_not_offer_the_allergen_as_a_scent() -> None:
    notes = "Allergies: • latex - hives • eucalyptus"
    swedish = service("sv_swedish", name="Swedish Massage 60")
    guest = client("cl_0032", notes=notes)
    start = at(DAY, "14:00")
    line = ServiceLine(id="l1", service_id=swedish.id, service_name=swedish.name, staff_id="st_ana",
                       start_at=start, end_at=start + timedelta(hours=1), resource_ids=[])
    booking = Appointment(id="ap_1", location_id="loc_1", client_id=guest.id, status=AppointmentStatus.confirmed,
                          start_at=start, end_at=line.end_at, services=[line])
    brief = engine.guest_brief(
        booking, "st_ana", client=guest, profile=extract_profile_offline(notes, today=DAY),
        services={swedish.id: swedish}, resources={}, staff={"st_ana": staff("st_ana", first_name="Ana")},
        location=location(),
    )
    assert not any("eucalyptus" in said.lower() for said in brief.preferences), brief.preferences
    assert any(said.startswith("essential oils allergy") for said in brief.allergies), brief.allergies


@pytest.mark.parametrize("note", [
    "Allergies: latex - hives | Scent pref: lavender",
    "Allergies: latex | Preferred scent: lavender",
    "Allergies: latex • Scent preference: lavender",
])
def test_a_scent_preference_field_after_the_list_is_a_preference(note: str) -> None:
    assert read(note) == (["latex"], ["lavender"])
