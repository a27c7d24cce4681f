"""What reaches the model (privacy audit, 4 December 2026): the request the stub receives carries no one else's name a
note gives ("came with Maria", "her husband Tom booked", "friend of Jane Smith", "referred by Dr. Patel", "Kevin
said…", and Tom again wherever he is named after), no phone, email, street, workplace or date of birth; the intake
form's answers the offline engine names itself are not sent (only those it cannot name are, for a model to name);
a follow-up and a recommendation send the name to greet, never the first-name field as typed. The allergy and the
condition still reach the model, and no word the notes reader needs is ever taken for a name.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from spa_copilot.ai import ClientHistory, FollowUpInput, MenuItem, private_words
from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.ai.guardrails import guest_words_for_staff, scrub_for_model, scrub_pii
from spa_copilot.domain import Client, HealthHistory
from spa_copilot.sandbox.llm_stub import LlmStub, StubServer

TODAY = date(2026, 12, 4)
NOTES = (
    "Came with Maria last time, she booked the couples room. Her husband Tom booked this visit. Friend of Jane Smith. "
    "Referred by Dr. Patel. Sister Anna Kowalski paid (call Anna 917-555-0199). Emergency contact: Carlos Mendez "
    "212 555 0147. Tom's email tom.h@gmail.com. DOB 03/14/1985. Lives at 42 Maple Street, apt 3. Works at Goldman "
    "Sachs on Fifth Avenue. Kevin said she prefers quiet. Gift from Priya. Booked by assistant Jessica Wu. "
    "Prefers firm pressure, no lavender. Allergic to latex. Pregnant 20 weeks."
)
#: What no request may carry: other people's names, their phones and emails, the guest's street, workplace, birth date.
SECRETS = (
    "Maria", "Tom", "Jane", "Smith", "Patel", "Anna", "Kowalski", "917", "0199", "Carlos", "Mendez", "0147", "tom.h",
    "gmail", "1985", "Maple", "Goldman", "Fifth Avenue", "Kevin", "Priya", "Jessica", "Okafor",
)


@pytest.fixture
def stub(llm_server: StubServer) -> Iterator[LlmStub]:
    llm_server.stub.reset()
    yield llm_server.stub


def _client(**update: Any) -> Client:
    return Client(id="cl_1", first_name="Ada", last_name="Okafor", email="ada.ok@example.com", notes=NOTES).model_copy(
        update=update
    )


def _sent(stub: LlmStub) -> str:
    """What the model was given: the user messages of every request, as the stub received them."""
    return "\n".join(m["content"] for r in stub.requests for m in r["messages"] if m["role"] == "user")


async def test_a_notes_companions_and_contact_details_never_reach_the_extraction(
    llm_server: StubServer, stub: LlmStub, make_concierge: Any
) -> None:
    client = _client()
    ai = make_concierge(llm_server.base_url)
    profile = await ai.extract_profile(client.notes, redact=private_words(client), today=TODAY)
    assert len(stub.requests) == 1
    sent = _sent(stub)
    for secret in SECRETS:
        assert secret not in sent, secret
    # what the model is there for still reaches it, and the profile keeps the safety facts
    assert "Allergic to latex" in sent and "Pregnant 20 weeks" in sent and "firm pressure, no lavender" in sent
    assert "[name]" in sent and "[phone]" in sent and "[email]" in sent and "[dob]" in sent and "[address]" in sent
    assert "latex" in profile.values("allergies") and "pregnancy" in profile.values("contraindications")


async def test_nor_the_treatment_plan_summary(llm_server: StubServer, stub: LlmStub, make_concierge: Any) -> None:
    client = _client()
    ai = make_concierge(llm_server.base_url)
    await ai.treatment_plan_summary(client.notes, redact=private_words(client), today=TODAY)
    sent = _sent(stub)
    for secret in SECRETS:
        assert secret not in sent, secret
    assert "Allergic to latex" in sent and "Pregnant 20 weeks" in sent


async def test_the_intake_answers_the_offline_engine_names_are_not_sent(
    llm_server: StubServer, stub: LlmStub, make_concierge: Any
) -> None:
    intake = HealthHistory(
        allergies=["latex", "codeine (per Dr Adeyemi)", "none"],
        conditions=["HIV", "Epilepsy", "high BP"],
        medications=["warfarin 5mg", "Keppra - Dr Adeyemi 212-555-0100"],
        pregnant=True,
    )
    ai = make_concierge(llm_server.base_url)
    profile = await ai.extract_profile("Prefers firm pressure.", intake=intake, today=TODAY)
    data = json.loads(_sent(stub).split('<data name="notes">\n', 1)[1].split("\n</data>", 1)[0])
    # the vocabulary's own (latex, epilepsy, high BP, warfarin, the pregnancy) are cautions already: a model adds nothing
    assert data["intake"] == {
        "allergies": ["codeine (per Dr [name])"], "conditions": ["HIV"], "medications": ["Keppra - Dr [name] [phone]"],
    }
    # and every answer is still in the profile, as the offline engine reads the form
    assert {"latex"} <= set(profile.values("allergies"))
    assert {"pregnancy", "epilepsy", "hypertension", "bloodThinners", "HIV"} <= set(profile.values("contraindications"))
    stub.reset()
    await ai.extract_profile("Prefers firm pressure.", intake=HealthHistory(allergies=["latex"], pregnant=True), today=TODAY)
    assert '"intake": null' in _sent(stub)


async def test_a_follow_up_and_a_recommendation_send_the_name_to_greet_only(
    llm_server: StubServer, stub: LlmStub, make_concierge: Any
) -> None:
    ai = make_concierge(llm_server.base_url)
    typed = "Ada (Tom's wife) 917-555-0199"
    await ai.follow_up(FollowUpInput(first_name=typed, service_name="Swedish Massage", visit_date=TODAY))
    menu = [MenuItem(id="sv_1", name="Swedish Massage", category="massage"), MenuItem(id="sv_2", name="Facial", category="facial")]
    await ai.recommend_next(ClientHistory(first_name="Ada Okafor", past_service_names=["Swedish Massage"]), menu)
    sent = _sent(stub)
    assert sent.count('"firstName": "Ada"') == 2
    for secret in ("Tom", "917", "0199", "Okafor"):
        assert secret not in sent, secret


@pytest.mark.parametrize(
    ("note", "secrets"),
    [
        ("Came with Maria last time", ["Maria"]),
        ("came w/ Maria", ["Maria"]),
        ("Came with Ruth & Bob Haines", ["Ruth", "Bob", "Haines"]),
        ("Her husband Tom booked. Tom's email is on file; TOM called", ["Tom", "TOM"]),
        ("Sister - Anna (call Anna 917-555-0199)", ["Anna", "917"]),
        ("Partner: Tom Jones", ["Tom", "Jones"]),
        ("Emergency contact Carlos Mendez", ["Carlos", "Mendez"]),
        ("Tom (husband) picks her up at 5", ["Tom"]),
        ("Maria's husband booked", ["Maria"]),
        ("Kevin said she prefers quiet", ["Kevin"]),
        ("Gift from Priya", ["Priya"]),
        ("Spoke with Rebecca about the booking", ["Rebecca"]),
        ("Booked by assistant Jessica Wu", ["Jessica", "Wu"]),
        ("Her kids Liam and Noah come too", ["Liam", "Noah"]),
        ("Referred by Dr. Patel; Patel clinic follows up", ["Patel"]),
        ("Lives on Fifth Avenue near Elm Street", ["Fifth", "Elm"]),
        ("Works at Goldman Sachs", ["Goldman", "Sachs"]),
        ("Lives in Santa Monica", ["Santa", "Monica"]),
        ("12 Ocean Ave, Santa Monica, CA 90405", ["Ocean", "Santa", "90405"]),
        ("Zip 90405; postcode SW1A 1AA", ["90405", "SW1A"]),
        ("b. 3/14/1985", ["1985"]),
    ],
)
def test_other_peoples_names_and_places_are_masked_for_a_model(note: str, secrets: list[str]) -> None:
    scrubbed = scrub_for_model(note)
    for secret in secrets:
        assert secret not in scrubbed, (secret, scrubbed)


@pytest.mark.parametrize(
    "note",
    [
        "Came with Latex Allergy - use nitrile gloves",
        "came in with Migraine, dim the lights",
        "Came with Sore Neck, avoid it",
        "Came with Plantar Fasciitis",
        "Came with Hives",
        "Came with Rosacea",
        "Came with Hot Stone voucher",
        "Booked with Couples Massage",
        "Came with Lavender oil",
        "Allergies: Penicillin – Sulfa (mom)",
        "Husband: Diabetic",
        "Latex - husband also allergic",
        "Intake says pregnant",
        "Warfarin said to be paused",
        "Spoke with Dr about Accutane",
        "Friend: Pregnant too",
        "You're booked with the new therapist",
        "Her daughter Rose came. Rose oil is fine.",
        "Vit D 10000 IU daily, SPF 30",
        "lives in Pain most days",
    ],
)
def test_no_word_the_notes_reader_needs_is_taken_for_a_name(note: str) -> None:
    scrubbed = scrub_for_model(note)
    assert scrubbed.replace("[name]", "") == note.replace("Rose came", " came")  # only the daughter's name goes


def test_the_fixture_notes_read_the_same_after_the_models_scrubbing() -> None:
    """Every note of the evaluation sets gives the offline engine the same safety facts and preferences once the
    model's scrubbing has run as with the staff's (``scrub_pii``): no allergen, condition or area is taken for a name."""
    notes = [
        json.loads(line)["text"]
        for path in sorted(Path(__file__).parent.glob("fixtures/notes_*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    assert len(notes) > 200
    fields = ("allergies", "contraindications", "avoid_areas", "avoid_scents", "pressure", "scent", "focus_areas")
    for note in notes:
        staff, model = extract_profile_offline(scrub_pii(note), today=TODAY), extract_profile_offline(scrub_for_model(note), today=TODAY)
        assert [staff.values(field) for field in fields] == [model.values(field) for field in fields], note


def test_staff_are_still_shown_the_words_as_before() -> None:
    """The stricter scrubbing is the model's: a therapist's quote keeps "came with Maria" as ``scrub_pii`` does."""
    assert guest_words_for_staff("Came with Maria, prefers quiet") == "Came with Maria, prefers quiet"
