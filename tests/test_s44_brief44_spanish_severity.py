"""Session 44 (probe44d M1): Spanish notes say how grave an allergy is ("anafilaxia", "anafiláctica", "grave",
"severa", "lleva EpiPen"), and "frutos secos" are tree nuts: "Alergia al látex (anafilaxia)" was briefed as a plain
latex allergy, and "Alergia grave a los frutos secos, lleva EpiPen" was not read at all (no warning on a
nut-contraindicated service)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.domain import Appointment, AppointmentStatus, ServiceLine
from spa_copilot.engines import briefing as engine
from tests.builders import at, client, location, room, service, staff

DAY = date(2026, 11, 24)
ROOM = room("rs_1", name="Massage Room 1")
SCALP = service("sv_scalp", name="Scalp & Neck Ritual 30", duration_minutes=30, contraindications=["nutAllergy"])
SWEDISH = service("sv_swedish", name="Swedish Massage 60")


def allergies(notes: str) -> list[str]:
    return sorted(extract_profile_offline(notes, today=DAY).values("allergies"))


def severe(notes: str) -> list[str]:
    return engine.severe_allergies(client(notes=notes), extract_profile_offline(notes, today=DAY))


def cautions(svc, notes: str) -> str:  # noqa: ANN001
    start = at(DAY, "10:00")
    end = start + timedelta(minutes=svc.duration_minutes)
    line = ServiceLine(
        id="l1",
        service_id=svc.id,
        service_name=svc.name,
        staff_id="st_ana",
        start_at=start,
        end_at=end,
        resource_ids=[ROOM.id],
    )
    visit = Appointment(
        id="ap_1",
        location_id="loc_1",
        client_id="cl_1",
        status=AppointmentStatus.confirmed,
        start_at=start,
        end_at=end,
        services=[line],
    )
    brief = engine.guest_brief(
        visit,
        "st_ana",
        client=client(notes=notes),
        profile=extract_profile_offline(notes, today=DAY),
        services={svc.id: svc},
        resources={ROOM.id: ROOM},
        staff={"st_ana": staff("st_ana", first_name="Ana")},
        location=location(),
    )
    return "\n".join([*brief.contraindications, *brief.allergies])


@pytest.mark.parametrize(
    ("notes", "expected"),
    [
        ("Alergia grave a los frutos secos, lleva EpiPen.", ["nutOil"]),  # read nothing; "lleva" no allergen
        ("Alergia a los frutos secos.", ["nutOil"]),  # an allergen of its own ("frutosSecos"), not the nuts
        ("Alergia grave a las nueces.", ["nutOil"]),
        ("Alérgica severa al látex", ["latex"]),
        ("Alergia a los frutos secos, lleva EpiPen.", ["nutOil"]),
    ],
)
def test_spanish_allergies_are_read_with_their_gravity_words(notes: str, expected: list[str]) -> None:
    assert allergies(notes) == expected


@pytest.mark.parametrize(
    ("notes", "grave"),
    [
        ("Alergia al látex (anafilaxia).", ["latex"]),
        ("Alergia a los frutos secos (anafiláctica).", ["nutOil"]),
        ("Alergia grave a los frutos secos, lleva EpiPen.", ["nutOil"]),
        ("Alergia grave a las nueces.", ["nutOil"]),
        ("Alergia al látex, no grave.", []),  # denied
        ("Alergia a las nueces, dolor de espalda grave.", []),  # the back pain is grave, not the allergy
        # the English readings stand
        ("Severe nut allergy - carries EpiPen.", ["nutOil"]),
        ("Latex allergy, severe back pain.", []),
        ("Nut allergy, not severe.", []),
    ],
)
def test_spanish_gravity_makes_an_allergy_severe(notes: str, grave: list[str]) -> None:
    assert severe(notes) == grave


def test_a_spanish_anaphylaxis_is_briefed_severe() -> None:
    assert "SEVERE latex allergy" in cautions(SWEDISH, "Alergia al látex (anafilaxia).")


def test_a_spanish_severe_nut_allergy_warns_on_a_nut_contraindicated_service() -> None:
    said = cautions(SCALP, "Alergia grave a los frutos secos, lleva EpiPen.")
    assert "contraindicated for this guest: SEVERE nut allergy" in said, said


@pytest.mark.parametrize(
    "alert", ["Nut allergy. Husband's grave condition.", "Alergia a las nueces. Migraña severa."]
)
def test_a_spanish_or_other_grave_word_elsewhere_in_an_alert_says_nothing_of_the_allergy(alert: str) -> None:
    """rev44h H1: "grave"/"severa" among the words an alert says how grave with made one about something else stand
    for the notes' SEVERE nut allergy, whose SEVERE line was then dropped."""
    from spa_copilot.ai import lexicon as lx

    assert lx.SAYS_GRAVE.search(alert) is None
    assert lx.SAYS_GRAVE.search("Nut allergy - anafiláctica") is not None


@pytest.mark.parametrize(
    "notes", ["Alergia leve a las nueces. Alergia grave al látex.", "Alergia moderada a los frutos secos."]
)
def test_a_mild_spanish_allergy_is_still_read(notes: str) -> None:
    """rev44h H2: only the grave words were allowed between "alergia" and "a las": a mild nut allergy beside a grave
    latex one was lost, and with it the "read the notes" line."""
    assert any("nut" in allergen.lower() or "fruto" in allergen.lower() for allergen in allergies(notes)), allergies(notes)


def test_anafilactica_is_no_allergen_of_its_own() -> None:
    """rev44h L5: "Alergia a las nueces - anafiláctica" gave a junk "SEVERE anafiláctica allergy" line."""
    assert not any("anafil" in allergen.lower() for allergen in allergies("Alergia a las nueces - anafiláctica"))
