"""Conditions a therapist must know that the reader read nowhere (a safety review of the notes reader, 4 December):
a contagious skin infection, an open wound, lymphedema, a bleeding disorder; never a product named for one."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.ai.vocabulary import CAUTIONS, CONTRAINDICATIONS, caution_line

DAY = date(2026, 12, 4)


def read(note: str) -> tuple[list[str], list[str], list[str]]:
    profile = extract_profile_offline(note, today=DAY)
    return (sorted(profile.values("contraindications")), sorted(profile.values("avoid_areas")),
            sorted(profile.values("focus_areas")))


@pytest.mark.parametrize(
    ("note", "condition"),
    [
        ("Shingles on L side of back - active", "skinInfection"),
        ("Contagious skin condition? (impetigo) - NO SERVICE until cleared", "skinInfection"),
        ("MRSA", "skinInfection"), ("cold sore on lip", "skinInfection"),
        ("open wound R shin - cover & avoid", "openWound"), ("stitches in L hand", "openWound"),
        ("new tattoo on R forearm", "openWound"),
        ("Lymphedema L arm", "lymphedema"), ("hemophilia", "bleedingDisorder"), ("low platelets (ITP)", "bleedingDisorder"),
    ],
)
def test_the_condition_is_read(note: str, condition: str) -> None:
    assert condition in read(note)[0], note


@pytest.mark.parametrize("note", ["no shingles", "shingles 2019", "Shingles vaccine allergy", "Lymphedema sleeve",
                                  "hemophilia factor", "Lice shampoo"])
def test_denied_past_or_a_product_named_for_it_is_not_the_condition(note: str) -> None:
    # an adversarial review: "Shingles vaccine allergy" read a skin infection and lost the allergy
    assert not {"skinInfection", "lymphedema", "bleedingDisorder"} & set(read(note)[0]), note


@pytest.mark.parametrize(
    ("note", "allergies"),
    [
        ("Latex, sutures allergies", ["latex", "sutures"]),  # read as an open wound, the latex lost
        ("Latex, shingles vaccine, codeine allergies", ["codeine", "latex", "shinglesVaccine"]),
        ("Latex, Sudafed, codeine allergies", ["codeine", "latex", "sudafed"]),  # a withdrawn change dropped latex
        ("Nut allergy (negative test), latex, shellfish", ["latex", "nutOil", "shellfish"]),  # no "negativeTest" (s24)
    ],
)
def test_no_allergy_of_a_list_is_lost(note: str, allergies: list[str]) -> None:
    assert sorted(extract_profile_offline(note, today=DAY).values("allergies")) == allergies, note


def test_a_wound_s_site_is_kept_clear_not_a_focus() -> None:
    conditions, avoid, focus = read("Focus on back, open wound on L calf")
    assert "openWound" in conditions and "calves" in avoid and "calves" not in focus and "back" in focus


def test_each_has_its_handling_in_the_briefing() -> None:
    for name in ("skinInfection", "openWound", "lymphedema", "bleedingDisorder"):
        assert name in CONTRAINDICATIONS and CAUTIONS[name]
    assert caution_line("openWound") == "open wound: keep clear of the wound, no products on broken skin"


@pytest.mark.parametrize(
    "note",
    ["s/p R TKR 11/10", "L TKA 3 wks ago", "s/p ORIF L ankle 11/1", "pt 3 wks s/p R TKR", "ACL reconstruction 6 wks ago",
     "s/p lap chole", "s/p C-sec 3 wks", "carpal tunnel release R hand 2 wks ago"],
)
def test_a_surgery_in_a_charts_shorthand_is_read(note: str) -> None:
    # a safety review: these read nothing (spelled out, "knee replacement", they read fine)
    assert "recentSurgery" in read(note)[0], note


def test_shorthand_keeps_its_site_clear_and_is_not_read_in_a_typo_or_long_ago() -> None:
    conditions, avoid, focus = read("R knee TKR 11/10, focus back")
    assert "recentSurgery" in conditions and "knees" in avoid and focus == ["back"]
    assert read("tha back is tight")[0] == []  # "tha" typed for "the" is no hip replacement (THA only in capitals)
    assert read("TKR in 2015")[0] == []  # long ago: history
