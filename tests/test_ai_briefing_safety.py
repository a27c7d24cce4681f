"""A model writes a briefing summary's who and how; the record's cautions end it in the copilot's own words.

A summary is written back to the spa system (``ai_prep_summary``) without the DM's caution lines beside it, so a
model text that speaks of safety at all (drops, softens, contradicts or invents a caution) is not used: found by a
review of the AI path, whose model told a therapist to use latex gloves on a latex-allergic guest.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from spa_copilot.ai import build_ai, offline
from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.ai.schemas import BriefingInput
from spa_copilot.domain import Client, HealthHistory, Service
from spa_copilot.sandbox.llm_stub import LlmStub, StubServer
from spa_copilot.settings import Settings

#: The spa's day the notes are read on: the readers take one (the location's date), never the machine's.
NOTES_DAY = date(2026, 11, 24)

NOTES = "Allergic to latex. Pregnant, 20 weeks. Prefers firm pressure on the shoulders."
CLIENT = Client(id="cl_1", first_name="Maya", last_name="Okonkwo", notes=NOTES,
                health_history=HealthHistory(allergies=["latex"], pregnant=True))
GUEST = BriefingInput.from_client(
    CLIENT, services=[Service(id="sv_1", name="Swedish Massage", duration_minutes=60)],
    profile=extract_profile_offline(NOTES, today=NOTES_DAY), starts_at="14:30",
)


@pytest.fixture(scope="module")
def server() -> Iterator[StubServer]:
    with StubServer(LlmStub()) as running:
        yield running


async def _summary(server: StubServer, reply: str) -> Any:
    server.stub.reset()
    server.stub.responder = lambda body: {"text": reply}
    ai = build_ai(Settings(_env_file=None, llm_base_url=server.base_url, llm_api_key="k",  # type: ignore[call-arg]
                           llm_model="stub-model", llm_max_retries=0))
    try:
        return await ai.briefing_summary(GUEST, today=NOTES_DAY)
    finally:
        await ai.aclose()


@pytest.mark.parametrize("reply", [
    "Maya is in for a Swedish Massage. Use latex gloves.",
    "Swedish Massage for Maya; safe to use latex.",
    "Maya likes firm pressure. Not expecting anymore.",
    "Maya, Swedish Massage. She gave birth last month.",
    "Maya likes firm pressure. No precautions needed.",
    "Maya is allergy-free and likes firm pressure.",
    "Maya: zero allergies, firm pressure.",
    "Maya, N.K.A., firm pressure.",
    "Maya likes firm pressure; nothing to flag.",
    "Maya is all clear health-wise.",
    "Healthy, no restrictions: firm pressure for Maya.",
    "Maya has a severe peanut allergy, EpiPen in bag.",  # invented
    "Maya likes firm pressure and nut-free oils.",
])
async def test_a_model_text_that_speaks_of_safety_is_not_used(server: StubServer, reply: str) -> None:
    result = await _summary(server, reply)
    assert result.fallback and "speaksOfSafety" in result.flags
    assert result.text == offline.briefing_text(GUEST, today=NOTES_DAY) and "Caution: " in result.text


async def test_a_model_text_of_who_and_how_ends_with_the_records_cautions_and_the_model_is_sent_none(
    server: StubServer,
) -> None:
    result = await _summary(server, "Maya is in for a Swedish Massage at 14:30 and likes firm pressure on the shoulders.")
    assert not result.fallback and result.engine == "stub-model"
    cautions = offline.caution_sentence(GUEST, today=NOTES_DAY)
    assert "latex" in cautions and "pregnan" in cautions
    assert result.text == f"Maya is in for a Swedish Massage at 14:30 and likes firm pressure on the shoulders. {cautions}"
    [request] = server.stub.requests
    sent = json.dumps(request["messages"][1]).lower()  # the guest's data (the system prompt says what not to write)
    assert "firm on shoulders" in sent and "latex" not in sent and "pregnan" not in sent  # no safety written, none sent


async def test_cautions_that_fill_the_summary_leave_no_room_for_a_model(server: StubServer) -> None:
    many = GUEST.model_copy(update={"alerts": [f"Check {i}: {'a long warning from the spa ' * 4}" for i in range(4)]})
    assert len(offline.caution_sentence(many, today=NOTES_DAY)) > offline.BRIEFING_LIMIT - 80
    server.stub.reset()
    ai = build_ai(Settings(_env_file=None, llm_base_url=server.base_url, llm_api_key="k",  # type: ignore[call-arg]
                           llm_model="stub-model", llm_max_retries=0))
    try:
        result = await ai.briefing_summary(many, today=NOTES_DAY)
    finally:
        await ai.aclose()
    assert result.engine == "offline" and not result.fallback and server.stub.requests == []
