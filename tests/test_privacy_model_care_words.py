"""The model's copy of a note keeps the conditions, aids, drugs and clinicians the offline reader does not know
(adversarial review, 5 December 2026): the model is the only reader of "came with Raynauds", "Came With Epipen" or
"spoke with Oncologist", and ``scrub_for_model`` had masked them as companions' names. After a weak cue ("came/here/in
with", "w/", "<X> said", "Emergency contact", "Gift from") a capitalised word is masked only when it is a known given
name or a first name before a surname; a relation's label ("Husband: Tom", "Tom (husband)") still masks, but never a
word that reads as a condition, aid or drug; "Emergency" alone is no cue; a later mention is masked only after a given
name's or a relation's mask; a ZIP code needs a state that is no condition's abbreviation. A companion's name no list
knows after a weak cue ("spoke with Xiomara" alone) reaches the model: the lesser harm, and documented; after a strong
cue ("came with Xiomara") it is masked (``test_privacy_model_companions``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from spa_copilot.ai.guardrails import scrub_for_model
from spa_copilot.sandbox.llm_stub import LlmStub, StubServer, requested_schema

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    "note",
    [
        # conditions no list knows, after a weak cue
        "came with Raynauds",
        "came with Crohns",
        "came with Parkinsons",
        "came with Alzheimers",
        "Came with Tinnitus",
        "Came with Bell's Palsy",
        "came with Preeclampsia history",
        "came in with Lyme disease",
        "came with Graves disease",
        "Came with Raynauds. Raynauds: keep room warm",
        # aids, devices and drugs
        "Came With Epipen",
        "Emergency contact: Epipen in purse",
        "Emergency: Anaphylaxis",
        "Emergency contact Benadryl",
        "came with Inhaler",
        "Came With Oxygen",
        "came with Catheter",
        "Came With Ostomy Bag",
        "came with Port",
        "Came With Wheelchair",
        "came with Walker",
        "Came With Cane",
        "Came With Compression Sleeve",
        "came with Heating Pad",
        "Arnica said helped",
        "came in w/ Arnica bruising",
        "Driver: Epipen in car, bee sting allergy",
        # clinicians
        "spoke with Oncologist, ok to proceed",
        "Spoke with Midwife - ok after 12 wks",
        "checked with Cardiologist",
        # a relation's label before a condition
        "Husband: Raynauds",
        "Partner - Crohns flare",
        "Tinnitus (husband)",
        # nor a workplace or a town
        "Employer: Pregnant 20 wks",
        "based in Hospice care",
        "Lives in Raynauds territory, cold hands",
        # a condition's abbreviation before a number is no state's ZIP
        "Dx: MS, 12345",
        "MS 12345",
        # capitals that say nothing of a name
        "Lovely Guest. No Face Work, Comes In With Makeup On.",
        "Seizures As A Kid - Grew Out Of Them, But Had One Last Month",
        "Pacific/Honolulu\ncalled back",
    ],
)
def test_a_condition_aid_drug_or_clinician_reaches_the_model_unmasked(note: str) -> None:
    assert scrub_for_model(note) == note


@pytest.mark.parametrize(
    ("note", "secrets"),
    [
        ("came with Maria", ["Maria"]),
        ("Came With Maria Last Time, Booked The Couples Room", ["Maria"]),
        ("Husband: Tom", ["Tom"]),
        ("Tom (husband)", ["Tom"]),
        ("Emergency contact: Carlos Mendez", ["Carlos", "Mendez"]),
        ("Emergency contact Carlos Mendez", ["Carlos", "Mendez"]),
        ("Gift from Priya", ["Priya"]),
        ("works at Goldman Sachs", ["Goldman", "Sachs"]),
        ("lives in Santa Monica", ["Santa", "Monica"]),
        ("came with Xiomara Lopez", ["Xiomara", "Lopez"]),
        ("Kevin said she prefers quiet", ["Kevin"]),
        ("Spoke with Rebecca about the booking", ["Rebecca"]),
        ("came with Maria. Maria prefers quiet too", ["Maria"]),
        ("Husband: Tom. Tom picks her up", ["Tom"]),
        ("12 Ocean Ave, Santa Monica, CA 90405", ["Ocean", "Santa", "90405"]),
        ("Zip 39201", ["39201"]),
    ],
)
def test_companions_and_places_are_still_masked(note: str, secrets: list[str]) -> None:
    scrubbed = scrub_for_model(note)
    for secret in secrets:
        assert secret not in scrubbed, (secret, scrubbed)


NOTES = {
    "Came with Raynauds - cold hands, keep the room warm.": "Raynauds",
    "came with Parkinsons - tremor, help on/off table": "Parkinsons",
    "Came with Bell's Palsy, no facial massage on L side": "Bell's Palsy",
    "came with Preeclampsia history, 30 wks": "Preeclampsia",
}


def _honest(body: dict[str, Any]) -> dict[str, Any]:
    """A model that names each condition of ``NOTES`` it is shown, with the words that came with it as evidence."""
    name, _ = requested_schema(body)
    assert name == "ProfileDraft"
    seen = "\n".join(m["content"] for m in body["messages"] if m["role"] == "user")
    fields = ("pressure", "temperature", "music", "scent", "focus_areas", "avoid_areas", "allergies", "contraindications",
              "communication_style")
    found = [
        {"value": condition, "evidence": match.group(0)}
        for condition in NOTES.values()
        if (match := re.search(rf"(?i:came with) {re.escape(condition)}", seen))
    ]
    return {field: [] for field in fields} | {"contraindications": found}


@pytest.fixture
def stub(llm_server: StubServer) -> Iterator[LlmStub]:
    llm_server.stub.reset()
    llm_server.stub.responder = _honest
    yield llm_server.stub


@pytest.mark.parametrize("note", list(NOTES))
async def test_the_model_is_shown_the_condition_and_the_profile_keeps_it(
    llm_server: StubServer, stub: LlmStub, make_concierge: Any, note: str
) -> None:
    ai = make_concierge(llm_server.base_url)
    profile = await ai.extract_profile(note, today=TODAY)
    sent = "\n".join(m["content"] for r in stub.requests for m in r["messages"] if m["role"] == "user")
    assert NOTES[note] in sent and "[name]" not in sent
    assert NOTES[note].lower() in [value.lower() for value in profile.values("contraindications")]
