"""Places and workplaces the model's copy of a note still carried (review of 5 December 2026, second pass): a
Mississippi or Maryland ZIP ("Jackson, MS 39201", "Bethesda MD 20814"), whose state's abbreviation is also a
condition's, now masked when a town stands before it and the ZIP is that state's, while "MS flare", "Hx MS" and "Dx:
MS, 12345" keep their MS.
"""

from __future__ import annotations

import re

import pytest

from spa_copilot.ai.guardrails import _US_STATES, ZIP_CODE, scrub_for_model

STATES_AND_DC = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR "
    "PA RI SC SD TN TX UT VT VA WV WA WI WY"
).split()


@pytest.mark.parametrize(
    ("note", "secrets"),
    [
        ("Jackson, MS 39201", ["39201"]),
        ("Bethesda MD 20814", ["20814"]),
        ("Baltimore, MD, 21201", ["21201"]),
        ("San Juan, PR 00901", ["00901"]),
        ("Lives at 4 Elm St, Oxford MS 38655. MS dx 2019, no heat", ["Elm", "Oxford", "38655"]),
    ],
)
def test_a_mississippi_or_maryland_zip_after_a_town_is_masked(note: str, secrets: list[str]) -> None:
    scrubbed = scrub_for_model(note)
    for secret in secrets:
        assert secret not in scrubbed, (secret, scrubbed)
    assert "[address]" in scrubbed


def test_a_multiple_sclerosis_note_keeps_its_ms() -> None:
    assert scrub_for_model("Lives at 4 Elm St, Oxford MS 38655. MS dx 2019, no heat").endswith("MS dx 2019, no heat")


@pytest.mark.parametrize(
    "note",
    ["MS flare", "Hx MS", "Dx MS", "MS 12345", "MS 39201", "Hx MS 39201", "Severe MS 39201", "Dx: MS, 12345", "MD 20814",
     "Husband Tom, MS 39201 (chart no)"],
)
def test_ms_or_md_without_a_town_and_its_states_zip_stays(note: str) -> None:
    assert scrub_for_model(note).replace("[name]", "Tom") == note


@pytest.mark.parametrize("state", STATES_AND_DC)
def test_every_state_and_dc_with_a_town_and_a_zip_is_masked(state: str) -> None:
    """Each of the 50 states and DC: ``ZIP_CODE`` reads those whose abbreviation is no condition's, and
    ``TOWN_STATE_ZIP`` the others, with a ZIP of the state's own range."""
    zips = {"MS": "39201", "MD": "20814"}
    scrubbed = scrub_for_model(f"Springfield, {state} {zips.get(state, '12345')}")
    assert not re.search(r"\d", scrubbed), scrubbed
    assert (state in _US_STATES.split("|")) == (ZIP_CODE.search(f"{state} 12345") is not None)


@pytest.mark.parametrize(
    ("note", "secrets"),
    [
        ("works at Latex Co", ["Latex Co"]),
        ("Works at Dairy Queen, evenings", ["Dairy Queen"]),
        ("Employer: Shellfish Shack", ["Shellfish Shack"]),
        ("works for Peanut Butter Factory", ["Peanut Butter Factory"]),
    ],
)
def test_a_workplace_named_after_a_safety_word_is_masked(note: str, secrets: list[str]) -> None:
    scrubbed = scrub_for_model(note)
    for secret in secrets:
        assert secret not in scrubbed, (secret, scrubbed)
    assert "[workplace]" in scrubbed


@pytest.mark.parametrize(
    "note",
    [
        "Employer: Pregnant 20 wks",
        "Employer: Latex Allergy",
        "works at Hospital, nights",
        "Wife: Stelara",
        "Wife: Stelara injections monthly",
        "Husband: Dupixent",
        "Partner - Xolair for hives",
        "Husband - Keytruda",
        "Mom: Melasma",
        "Daughter: Amoxicillin",
        "Wife: Humira",
    ],
)
def test_a_drug_or_condition_after_a_relation_label_or_workplace_cue_stays(note: str) -> None:
    assert scrub_for_model(note) == note


def test_a_relations_surname_that_names_a_visit_is_still_masked() -> None:
    """The words of a visit ("Cash", "Booker") are not read as a drug or condition after a relation's label."""
    assert scrub_for_model("Husband: Tom Booker") == "Husband: [name]"
