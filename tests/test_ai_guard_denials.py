"""A staff text (briefing, treatment plan) may not take back an allergy or condition of the guest's profile.

The rule is general: a profile allergen or condition named with an allowing cue ("latex is fine"), a denying one
("no longer has a latex allergy") or a past one ("was ruled out", "outgrown") in the same clause is a contradiction.
Honest ways of stating a caution ("no latex gloves", "avoid nut oils (allergy)", "can't have latex") are not.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai import offline
from spa_copilot.ai.guardrails import check_text, contradictions
from spa_copilot.ai.schemas import BriefingInput, Evidence, GuestProfile
from spa_copilot.ai.vocabulary import ALLERGIES, CONTRAINDICATIONS
from spa_copilot.domain import Client, Service

#: The spa's day the notes are read on: the readers take one (the location's date), never the machine's.
NOTES_DAY = date(2026, 11, 24)

SAFETY = {"allergies": ["latex", "nutOil"], "contraindications": ["pregnancy", "bloodThinners"]}


@pytest.mark.parametrize(
    "text, flag",
    [
        # the probe's drafts, with a latex allergy in the profile
        ("Latex is fine for Wei.", "contradicts:allergies:latex"),
        ("Wei no longer has a latex allergy.", "contradicts:allergies:latex"),
        ("Wei's latex allergy was ruled out last visit.", "contradicts:allergies:latex"),
        ("Wei's latex allergy is outgrown.", "contradicts:allergies:latex"),
        ("Wei has a latex allergy, but latex gloves are okay.", "contradicts:allergies:latex"),
        # the ones already caught stay caught
        ("Wei is not allergic to latex anymore per the front desk.", "contradicts:allergies:latex"),
        ("Wei is OK with latex gloves.", "contradicts:allergies:latex"),
        ("Wei has no known allergies and likes firm pressure.", "contradicts:allergies:any"),
        # the same cues with other words and other safety facts
        ("Wei has no latex allergy.", "contradicts:allergies:latex"),
        ("Wei doesn't have a nut allergy.", "contradicts:allergies:nutOil"),
        ("Wei used to be allergic to nut oils.", "contradicts:allergies:nutOil"),
        ("Almond oil is totally fine.", "contradicts:allergies:nutOil"),
        ("Wei can use nut oils.", "contradicts:allergies:nutOil"),
        ("Wei loves warm almond oil.", "contradicts:allergies:nutOil"),
        ("Her nut allergy tested negative.", "contradicts:allergies:nutOil"),
        ("Latex: no.", "contradicts:allergies:latex"),
        ("Wei isn't pregnant.", "contradicts:contraindications:pregnancy"),
        ("Wei is no longer on blood thinners.", "contradicts:contraindications:bloodThinners"),
        ("Wei stopped taking warfarin.", "contradicts:contraindications:bloodThinners"),
        ("Warfarin was stopped in May.", "contradicts:contraindications:bloodThinners"),
        ("Pregnant? No.", "contradicts:contraindications:pregnancy"),
        ("Blood thinners are not a problem for hot stones.", "contradicts:contraindications:bloodThinners"),
    ],
)
def test_a_text_that_allows_denies_or_ends_a_profile_caution_is_flagged(text: str, flag: str) -> None:
    assert flag in contradictions(text, SAFETY)
    assert flag in check_text(text, max_chars=400, client_facing=False, safety=SAFETY)


@pytest.mark.parametrize(
    "text",
    [
        "Latex allergy: use nitrile gloves.",
        "Allergic to latex; no latex gloves.",
        "Avoid nut oils (allergy).",
        "Wei has a latex allergy, so use nitrile gloves, no latex.",
        "No nut oils - severe allergy.",
        "Don't use latex gloves; nut-free oils only.",
        "Wei can't have latex, and nut oils are not okay either.",
        "Wei is not fine with nut oils.",
        "Wei is 22 weeks pregnant: prenatal positioning, no hot stones.",
        "On blood thinners, so gentle pressure; no hot stones with blood thinners.",
        "Her sister also has a latex allergy.",
        "No known allergies except latex and nuts.",
        "No other allergies.",
        "Latex allergy noted, nitrile gloves are fine.",
        "Wei prefers nut-free oils and latex free gloves.",
        "Wei prefers no latex.",
    ],
)
def test_an_honest_caution_passes(text: str) -> None:
    assert contradictions(text, SAFETY) == []


def test_only_the_profile_s_own_cautions_count() -> None:
    assert contradictions("Lavender is fine; she is not on retinoids.", SAFETY) == []
    assert contradictions("Latex is fine for Wei.", {"allergies": [], "contraindications": []}) == []


@pytest.mark.parametrize("name", [*ALLERGIES, *CONTRAINDICATIONS, "beeStings", "Kidney disease"])
def test_the_offline_briefing_of_every_caution_passes(name: str) -> None:
    field = "allergies" if name in ALLERGIES or name == "beeStings" else "contraindications"
    profile = GuestProfile(**{field: [Evidence(value=name, evidence=f"note about {name}")]})
    client = Client(id="c1", first_name="Wei", last_name="Okonkwo")
    guest = BriefingInput.from_client(
        client, services=[Service(id="s", name="Hot Stone Massage", duration_minutes=60)], profile=profile, starts_at="9:00am"
    )
    text = offline.briefing_text(guest, today=NOTES_DAY)
    assert contradictions(text, {field: [name]}) == [], text


def test_an_unknown_allergen_is_named_by_its_own_words() -> None:
    assert contradictions("Bee stings are no longer a problem.", {"allergies": ["beeStings"]}) == [
        "contradicts:allergies:beeStings"
    ]
