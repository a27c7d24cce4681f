"""Coconut is its own allergen (4 Dec 2026).

The reader took "allergic to coconut" for a nut oil allergy, briefed "nut oil allergy: nut-free oils only" and lost the
word coconut; fractionated coconut oil is the usual nut-free carrier oil, so the instruction could hurt the guest.
Now the allergy is ``coconut``, said "coconut allergy: no coconut oil (fractionated coconut oil too)", and a service
still meets it where a coconut allergy met one before (a service listing ``nutAllergy``, the sandbox's Coconut Sugar
Scrub; and a nut allergy meets a service's "Coconut allergy", as it did when that read as ``nutAllergy``).
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.ai.vocabulary import caution_line, service_conflicts, service_contraindications_in
from spa_copilot.engines.briefing import safety_line
from spa_copilot.engines.cautions import ruled_out
from tests.builders import client, service

#: The spa's day the notes are read on: the readers take one (the location's date), never the machine's.
NOTES_DAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("note", "allergies"),
    [
        ("allergic to coconut", ["coconut"]),
        ("Coconut allergy", ["coconut"]),
        ("coconut oil allergy", ["coconut"]),
        ("Allergic to coconut oil - hives", ["coconut"]),
        ("Avoid coconut oil, she breaks out.", ["coconut"]),
        ("no coconut oil", ["coconut"]),
        ("Allergies: coconut, latex", ["coconut", "latex"]),
        ("Allergies: tree nuts, coconut.", ["nutOil", "coconut"]),
        ("Epi-pen for peanuts. Allergy to coconut oil too.", ["nutOil", "coconut"]),
        # a nut allergy is still a nut allergy, and a coconut oil used or asked for is still none
        ("tree nut allergy", ["nutOil"]),
        ("Coconut oil", []),
        ("no coconut oil left, used jojoba", []),
        ("Prefers coconut oil rather than almond", []),
        ("Use almond oil instead of walnut oil", []),
    ],
)
def test_coconut_is_its_own_allergen(note: str, allergies: list[str]) -> None:
    assert extract_profile_offline(note, today=NOTES_DAY).values("allergies") == allergies


def test_a_coconut_allergy_is_said_with_the_fractionated_oil_kept_off() -> None:
    assert caution_line("coconut") == "coconut: no coconut oil (fractionated coconut oil too)"
    assert safety_line("coconut", allergy=True) == "coconut allergy: no coconut oil (fractionated coconut oil too)"
    assert "nut-free" not in safety_line("coconut", allergy=True)


def test_a_service_that_met_a_coconut_allergy_as_a_nut_one_still_meets_it() -> None:
    assert service_conflicts(
        allergies=["coconut"], contraindications=[], service_contraindications=["sunburn", "nutAllergy"]
    ) == ["nutAllergy"]
    assert service_contraindications_in("Coconut allergy") == ("coconutAllergy",)
    assert service_conflicts(
        allergies=["nutOil"], contraindications=[], service_contraindications=["Coconut allergy"]
    ) == ["coconutAllergy"]
    assert service_conflicts(
        allergies=["coconut"], contraindications=[], service_contraindications=["Coconut allergy"]
    ) == ["coconutAllergy"]
    assert service_conflicts(allergies=["latex"], contraindications=[], service_contraindications=["nutAllergy"]) == []


def test_the_coconut_scrub_is_ruled_out_for_a_coconut_allergy() -> None:
    scrub = service("sv_coconut_scrub_45", name="Coconut Sugar Scrub 45", contraindications=["sunburn", "nutAllergy"])
    guest = client("cl_1", notes="allergic to coconut")
    profile = extract_profile_offline("allergic to coconut", today=NOTES_DAY)
    found = ruled_out([scrub], guest, profile)
    assert [(item.service_id, item.hits) for item in found] == [("sv_coconut_scrub_45", ("nutAllergy",))]
