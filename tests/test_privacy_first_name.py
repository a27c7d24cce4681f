"""What the front desk types into the first-name field ("Anna (Visa 4111…)", "DO NOT BOOK - owes $200 Jenny") never goes
as is into an SMS, the fill card or the invitation prompt: the SMS greets the field's first word when it is a name, else
"Hi there"; the card shows the same name (a note typed there, masked); the model gets the client's private words
redacted as for a briefing.
"""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot import fill
from spa_copilot.ai import InvitationInput, build_ai
from spa_copilot.ai import offline as offline_drafts
from spa_copilot.ai.schemas import greeting_name, shown_first_name
from spa_copilot.domain import Client, Service
from spa_copilot.sandbox.llm_stub import LlmStub, StubServer
from spa_copilot.settings import Settings
from tests.fill_scene import Scene, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SERVICE = Service(id="sv_1", name="Swedish Massage 60", duration_minutes=60)
START = datetime(2026, 11, 24, 15, tzinfo=ZoneInfo("America/New_York"))
FIELDS = [
    ("Jen (cell 415-555-0101)", "Jen"), ("Mary Okafor", "Mary"), ("Tom & Sue Okafor", "Tom"), ("Li - jen.li@gmail.com", "Li"),
    ("Anna (Visa 4111111111111111)", "Anna"), ("Mary-Kate", "Mary-Kate"), ("D'Arcy", "D'Arcy"), ("Zoë", "Zoë"),
    ("JENNY", "JENNY"), ("DO NOT BOOK - owes $200 Jenny", None), ("Mrs Okafor", None), ("VIP ONLY Jenny", None),
    ("4111111111111111", None), ("", None), ("J", None), ("TBD", None),
]
LEAKS = ["4111111111111111", "415-555-0101", "jen.li@gmail.com", "Okafor", "$200", "DO NOT BOOK"]


@pytest.mark.parametrize(("field", "name"), FIELDS)
def test_the_name_to_greet_is_the_first_word_when_it_is_a_name(field: str, name: str | None) -> None:
    assert greeting_name(field) == name


@pytest.mark.parametrize(("field", "name"), FIELDS)
def test_the_offline_invitation_greets_a_clean_name_or_says_hi_there(field: str, name: str | None) -> None:
    client = Client(id="cl_1", first_name=field, last_name="Okafor", email="jen.li@gmail.com")
    for channel in ("sms", "email"):
        invite = InvitationInput.from_client(client, service=SERVICE, starts_at=START, hold_minutes=10, channel=channel)
        text = offline_drafts.invitation_text(invite, spa_name="Willow Spa")
        assert text.startswith(f"Hi {name or 'there'},") and not [leak for leak in LEAKS if leak in text]


@pytest.mark.parametrize(("field", "shown"), [
    ("Anna (Visa 4111111111111111)", "Anna"), ("DO NOT BOOK - owes $200 Jenny", "DO NOT BOOK - owes $200 Jenny"),
    ("4111 1111 1111 1111 call 415-555-0101", "[card] call [phone]"), ("", "The client"),
])
def test_the_card_shows_the_same_name_or_the_field_masked(field: str, shown: str) -> None:
    assert shown_first_name(field) == shown


def test_a_too_late_reply_greets_a_clean_name() -> None:
    assert fill.drafts._too_late_text("DO NOT BOOK - owes $200 Jenny", "Swedish Massage 60", START).startswith("Hi there,")
    assert fill.drafts._too_late_text("Anna", "Swedish Massage 60", START).startswith("Hi Anna,")


async def test_the_invitation_prompt_gets_the_private_words_redacted() -> None:
    with StubServer(LlmStub(responder=lambda body: {"text": "Hi Mary, a spot opened. Reply YES to claim, held 10 min."})) as server:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None, llm_base_url=server.base_url, llm_api_key="k", llm_model="stub-model", llm_max_retries=0
        )
        invite = InvitationInput(first_name="Mary Okafor", service_name=SERVICE.name, starts_at=START, hold_minutes=10)
        async with build_ai(settings) as ai:
            await ai.fill_invitation(invite, redact=["Okafor"], subject_id="fp_1")
        sent = json.dumps(server.stub.requests)
    assert "Okafor" not in sent and "Mary [name]" in sent


async def test_the_fill_card_and_draft_carry_no_first_name_field_junk(scene: Scene) -> None:
    spa = scene.world.spa
    junk = ["Anna (Visa 4111111111111111)", "DO NOT BOOK - owes $200 Jenny", "Jen (cell 415-555-0101)"]
    for entry_id, field in zip(scene.entries, junk, strict=True):
        client_id = spa.waitlist[entry_id].client_id
        spa.clients[client_id] = spa.clients[client_id].model_copy(update={"first_name": field})
    await proposed(scene)
    card, draft = scene.card_text(), scene.proposal["draft"]
    assert not [leak for leak in ("4111111111111111", "415-555-0101") if leak in card + draft]
    first = scene.candidate(0)["first_name"]
    assert first in {"Anna", "DO NOT BOOK - owes $200 Jenny", "Jen"}
    assert draft.startswith(f"Hi {greeting_name(first) or 'there'},")
