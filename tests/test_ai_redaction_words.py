"""A guest's surname that is also an ordinary word ("May", "Rose", "Shea", "Almond", "Hazel", "Mustard") is masked
only where it reads as a name. Where it reads as a thing (an ingredient before "oil" or "butter", an allergen after
"allergic to" or before "allergy", a month in a date, a word of a safety phrase the lexicon knows) it stays, so
no allergy, condition or due date is lost or garbled on the offline path, on the model path (the real ChatOpenAI
against the stub), or in the briefing text staff see. The client's name itself never reaches the model.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from spa_copilot.ai import BriefingInput, build_ai, extract_profile_offline, private_words
from spa_copilot.ai.guardrails import scrub_allergen, scrub_pii
from spa_copilot.domain import Alert, Client, Service
from spa_copilot.sandbox.llm_stub import LlmStub, StubServer, requested_schema
from spa_copilot.settings import Settings

DAY = date(2026, 12, 2)
FIELDS = ("pressure", "temperature", "music", "scent", "focus_areas", "avoid_areas", "allergies", "contraindications", "communication_style")


@pytest.mark.parametrize(
    ("surname", "note"),
    [
        ("May", "Pregnant, due in May. Botox mid-May; due May 3rd."),
        ("Rose", "Rose oil makes her itch - allergy. ALLERGIC TO ROSE OIL. Rose (allergy)."),
        ("Nut", "NUT ALLERGY. ALLERGIC TO NUT OILS. Nut oils - severe allergy."),
        ("Almond", "Almond oil = hives. ALMOND OIL ALLERGY."),
        ("Shea", "Allergic to shea butter. Shea butter gives her hives."),
        ("Olive", "Olive oil allergy. Sensitive to olive oil."),
        ("Hazel", "Reacts to witch hazel. Witch Hazel toner = rash."),
        ("Sesame", "Allergic to sesame oil. SESAME ALLERGY."),
        ("Wheat", "Allergic to wheat. Wheat germ oil - allergic."),
        ("Mustard", "ALLERGIC TO MUSTARD. Allergies: nuts, Mustard."),
        ("Berry", "Allergic to goji berry."),
        ("Peach", "Allergic to peach kernel oil."),
        ("Pine", "Allergic to pine. Pine resin allergy."),
        ("Heart", "Heart condition - no hot stones."),
        ("Honey", "Honey mask caused hives, allergic."),
        ("Fish", "Fish allergy - severe, carries EpiPen. Nut allergy - mild."),
        ("Sesame", "Sesame allergy — anaphylactic."),
    ],
)
def test_an_ordinary_word_surname_is_kept_where_it_names_a_safety_fact(surname: str, note: str) -> None:
    assert scrub_pii(note, names=[surname]) == note


@pytest.mark.parametrize(
    ("surname", "note", "expected"),
    [
        ("May", "May called to move her 3pm; Mrs May prefers firm.", "[name] called to move her 3pm; Mrs [name] prefers firm."),
        ("Shea", "Maya Shea called. Shea family books together.", "Maya [name] called. [name] family books together."),
        ("Rose", "Rose prefers quiet. MRS ROSE paid.", "[name] prefers quiet. MRS [name] paid."),
        ("Mustard", "mrs mustard called; Maya Mustard is allergic to latex", "mrs [name] called; Maya [name] is allergic to latex"),
        ("Hunter", "Hunter family; the hunters book together", "[name] family; the [name] book together"),
        ("Okonkwo", "Allergies: Okonkwo family cat, okonkwo oil", "Allergies: [name] family cat, [name] oil"),
    ],
)
def test_it_is_still_masked_where_it_reads_as_a_name(surname: str, note: str, expected: str) -> None:
    assert scrub_pii(note, names=[surname]) == expected


@pytest.mark.parametrize(
    ("surname", "note"),
    [
        # an ingredient that is a common surname is masked in any case and as a plural, as any surname is
        ("Rice", "spoke with ava rice about the deposit"),
        ("Fish", "ava fish called, running late"),
        ("Lamb", "ask for ava lamb at reception"),
        ("Berry", "the Berrys are regulars"),
        # an allergy word after the name that goes on to say what the allergy is to: the person's allergy
        ("Rose", "Rose - allergy to lavender"),
        ("Rose", "ROSE - allergies: latex"),
        ("Rose", "Rose (allergy to nuts, carries epipen)"),
        ("Hazel", "Hazel - reaction to fragrance last time"),
        ("Rose", "Rose - skin sensitivity to retinol"),
        ("Rose", "Rose - allergy - latex"),
        ("Rose", "Rose - allergies include latex"),
        ("Rose", "ROSE: ALLERGIES — NUTS, SHELLFISH"),
        ("Hazel", "Hazel allergy - lavender, rosemary"),
        ("Hazel", "Hazel, allergies including fragrance"),
        # a month-name surname after words a name follows as often as a date does
        ("May", "Message from May: running 10 min late"),
        ("May", "Voicemail from May re: deposit"),
        ("May", "Call back after May gets home"),
        ("May", "Referred by May"),
        ("June", "Note from June: prefers Jen"),
        # right after an allergy list, the name starting a clause of its own
        ("Olive", "Allergic to nuts and Olive says sesame"),
        ("Lamb", "Allergies - shellfish, Lamb family member"),
        ("Rose", "Allergic to latex, Rose called"),
    ],
)
def test_a_surname_standing_as_a_name_never_reaches_the_model(surname: str, note: str) -> None:
    scrubbed = scrub_pii(note, names=[surname])
    assert surname.lower() not in scrubbed.lower().replace("[name]", ""), scrubbed
    assert "[name]" in scrubbed


def test_an_allergen_value_keeps_a_word_that_is_the_guests_surname_and_loses_the_surname_itself() -> None:
    assert scrub_allergen("witch hazel", names=["Hazel"]) == "witch hazel"
    assert scrub_allergen("wheat", names=["Wheat"]) == "wheat"
    assert scrub_allergen("rice family cat", names=["Rice"]) == "[name] family cat"
    # the surname as the first word of a longer allergen: a fish allergy must not be stored as a gelatin one
    for surname, allergen in [("Fish", "fish gelatin"), ("Bee", "bee venom"), ("Wheat", "wheat gluten"), ("Corn", "corn starch")]:
        assert scrub_allergen(allergen, names=[surname]) == allergen


def test_the_context_a_surname_is_read_in_never_starts_inside_a_word() -> None:
    # 200 characters before "May" fall inside "within": its tail "in" must not make "May" a month
    note = "Spoke within " + "- " * 98 + " May"
    assert scrub_pii(note, names=["May"]).endswith("[name]")


@pytest.mark.parametrize("note", ["Botox the 3rd of May", "Botox before May", "Booked this May", "Fillers since May"])
def test_a_month_in_a_date_stays_for_a_client_named_after_it(note: str) -> None:
    assert scrub_pii(note, names=["May"]) == note


@pytest.mark.parametrize(
    ("surname", "note"),
    [
        ("Shea", "Allergic to shea butter."),
        ("Hazel", "Allergic to witch hazel."),
        ("Sesame", "Allergic to sesame oil."),
        ("Wheat", "Allergic to wheat."),
        ("Mustard", "ALLERGIC TO MUSTARD."),
        ("Berry", "Allergic to goji berry."),
        ("Peach", "Allergic to peach kernel oil."),
        ("Pine", "Allergic to pine."),
        ("May", "Pregnant, due in May."),
    ],
)
async def test_the_offline_profile_keeps_the_safety_fact(surname: str, note: str) -> None:
    unredacted = extract_profile_offline(note, today=DAY)
    profile = await build_ai(Settings(_env_file=None)).extract_profile(note, redact=[surname], today=DAY)  # type: ignore[call-arg]
    for field in ("allergies", "contraindications"):
        assert profile.values(field) == unredacted.values(field)
    assert unredacted.values("allergies") or unredacted.values("contraindications")


def honest_model(body: dict[str, Any]) -> dict[str, Any]:
    """A model that reads what it is given: each "allergic to X" is an allergy to X; a briefing says who is booked
    for what (it is sent no caution: the copilot adds them)."""
    user = body["messages"][1]["content"]
    data = json.loads(user[user.index("{") : user.rindex("}") + 1])
    if requested_schema(body)[0] == "ProfileDraft":
        found: dict[str, Any] = {field: [] for field in FIELDS}
        for match in re.finditer(r"(?i)allergic to ([^.;,]+)", data["notes"]):
            found["allergies"].append({"value": match.group(1), "evidence": match.group(0)})
        return found
    return {"text": f"{data['firstName']} is booked for {', '.join(data['services'])}."}


@pytest.fixture(scope="module")
def server() -> Iterator[StubServer]:
    with StubServer(LlmStub(responder=honest_model)) as running:
        yield running


async def test_on_the_model_path_no_safety_word_becomes_a_name(server: StubServer) -> None:
    server.stub.reset()
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, llm_base_url=server.base_url, llm_api_key="k", llm_model="stub-model", llm_max_retries=0
    )
    client = Client(
        id="cl_1", first_name="Maya", last_name="Shea", email="maya.shea@example.com",
        notes="Allergic to shea butter. Pregnant, due in May. Maya Shea prefers firm pressure.",
        alerts=[Alert(text="Shea butter allergy - check products", severity="warning")],
    )
    ai = build_ai(settings)
    try:
        profile = await ai.extract_profile(client.notes, redact=private_words(client), today=DAY)
        assert profile.values("allergies") == ["sheaButter"] and profile.values("contraindications") == ["pregnancy"]
        guest = BriefingInput.from_client(
            client, services=[Service(id="sv_1", name="Swedish Massage", duration_minutes=60)], profile=profile, starts_at="14:30"
        )
        assert guest.alerts == ["Shea butter allergy - check products"]  # what the offline briefing shows staff
        briefing = await ai.briefing_summary(guest, redact=private_words(client), today=DAY)
    finally:
        await ai.aclose()
    assert not briefing.fallback and "[name]" not in briefing.text and "shea butter" in briefing.text.lower()
    sent = json.dumps(server.stub.requests, ensure_ascii=False)
    assert "Allergic to shea butter" in sent and "due in May" in sent
    assert "Maya Shea" not in sent and "maya.shea" not in sent  # the client's name never reaches the model
