"""Session 44 (probe44d H1): a severe allergy on a service it rules out keeps "SEVERE" in the therapist's caution
line, as its own line would: "Severe nut allergy - carries EpiPen" on a nut-contraindicated Scalp Ritual was briefed
"… contraindicated for this guest: nut allergy (nut-free oils only)" while the written summary said SEVERE."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.domain import Appointment, HealthHistory
from spa_copilot.engines import briefing as engine
from tests.builders import appointment, at, client, location, room, service, staff

DAY = date(2026, 11, 24)
ROOM = room("rs_1", name="Massage Room 1")
SCALP = service("sv_scalp", name="Scalp & Neck Ritual 30", duration_minutes=30, contraindications=["nutAllergy"])
WRAP = service(
    "sv_wrap", name="Seaweed Detox Body Wrap 75", duration_minutes=75, contraindications=["shellfishAllergy"]
)
SWEDISH = service("sv_swedish", name="Swedish Massage 60")
SERVICES = {s.id: s for s in (SCALP, WRAP, SWEDISH)}


def booking(svc) -> Appointment:  # noqa: ANN001
    return appointment(
        at(DAY, "10:00"), svc.duration_minutes, id="ap_1", staff_id="st_ana", service_id=svc.id,
        service_name=svc.name, resource_ids=[ROOM.id],
    )


def cautions(svc, notes: str = "", allergies: tuple[str, ...] = ()) -> str:  # noqa: ANN001
    guest = client(notes=notes, health_history=HealthHistory(allergies=list(allergies)))
    profile = extract_profile_offline(notes, intake=guest.health_history, today=DAY)
    brief = engine.guest_brief(
        booking(svc),
        "st_ana",
        client=guest,
        profile=profile,
        services=SERVICES,
        resources={ROOM.id: ROOM},
        staff={"st_ana": staff("st_ana", first_name="Ana")},
        location=location(),
    )
    return "\n".join([*brief.contraindications, *brief.allergies])


@pytest.mark.parametrize(
    ("svc", "notes", "allergies", "allergy"),
    [
        (SCALP, "Severe nut allergy - carries EpiPen. Likes firm pressure.", (), "nut allergy"),
        (SCALP, "Nut allergy (severe).", (), "nut allergy"),
        (SCALP, "", ("tree nuts (anaphylaxis)",), "nut allergy"),
        (WRAP, "Shellfish: anaphylactic", (), "shellfish allergy"),
    ],
)
def test_a_severe_allergy_the_service_rules_out_is_said_severe(svc, notes, allergies, allergy) -> None:  # noqa: ANN001
    said = cautions(svc, notes, allergies)
    assert "contraindicated for this guest" in said, said
    assert f"SEVERE {allergy}" in said, said


def test_a_plain_allergy_the_service_rules_out_stays_plain() -> None:
    said = cautions(SCALP, "Nut allergy.")
    assert "contraindicated for this guest: nut allergy" in said, said
    assert "SEVERE" not in said


def test_the_same_severe_allergy_on_another_service_keeps_its_own_severe_line() -> None:
    said = cautions(SWEDISH, "Severe nut allergy - carries EpiPen.")
    assert "SEVERE nut" in said and "contraindicated" not in said, said


def test_ruled_out_lines_says_severe_only_of_the_names_given_as_severe() -> None:
    guest = client(notes="Nut allergy.")
    profile = extract_profile_offline(guest.notes, today=DAY)
    found = engine.ruled_out([SCALP], guest, profile)
    names = engine.safety_names(guest, profile)
    [plain], _ = engine.ruled_out_lines(found, names)
    [grave], rest = engine.ruled_out_lines(found, names, severe=names)
    assert "SEVERE" not in plain
    assert grave == plain.replace("guest: nut", "guest: SEVERE nut")
    assert rest == []


def test_a_new_service_an_update_checks_says_severe_too() -> None:
    notes = "Severe nut allergy - carries EpiPen."
    guest = client(notes=notes)
    flags = engine.contraindication_flags([SCALP], guest, extract_profile_offline(notes, today=DAY))
    assert flags and "SEVERE nut allergy" in flags[0], flags
