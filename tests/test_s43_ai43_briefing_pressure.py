"""s43 ai43 (M2): a model's briefing summary giving a pressure the guest's notes do not ("Maya likes deep, firm
pressure" for notes that say light) was used as written, in the therapist's DM and the summary written back. A level
said in a clause about pressure that is none of the profile's is now refused (``contradicts:pressure:<level>``); the
service's own name ("Deep Tissue Massage") and a level turned down ("no deep pressure") are not read as one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from spa_copilot.ai import BriefingInput, build_ai, extract_profile_offline
from spa_copilot.domain import Client, Service
from spa_copilot.sandbox.llm_stub import LlmStub, StubServer
from spa_copilot.settings import Settings
from tests.conftest import model_settings

DAY = date(2026, 11, 24)
NOTES = "Prefers light pressure. Loves lavender."
CLIENT = Client(id="cl_1", first_name="Maya", last_name="Okonkwo", notes=NOTES)


@pytest.fixture
def stub(llm_server: StubServer) -> Iterator[LlmStub]:
    llm_server.stub.reset()
    yield llm_server.stub


async def _summary(llm_server: StubServer, stub: LlmStub, reply: str) -> Any:
    stub.responder = lambda body: {"text": reply}
    ai = build_ai(Settings(_env_file=None, **model_settings(llm_server.base_url)))  # type: ignore[arg-type]
    guest = BriefingInput.from_client(
        CLIENT,
        services=[Service(id="sv_2", name="Deep Tissue Massage", duration_minutes=60)],
        profile=extract_profile_offline(NOTES, today=DAY),
        starts_at="14:30",
    )
    try:
        return await ai.briefing_summary(guest, today=DAY)
    finally:
        await ai.aclose()


@pytest.mark.parametrize(
    ("reply", "level"),
    [
        ("Maya likes deep, firm pressure and lavender.", "firm"),
        ("Maya is in for her Deep Tissue Massage; strong pressure, lavender.", "firm"),
        ("Maya likes medium pressure and lavender.", "medium"),
    ],
)
async def test_a_briefing_giving_another_pressure_is_not_used(
    llm_server: StubServer, stub: LlmStub, reply: str, level: str
) -> None:
    result = await _summary(llm_server, stub, reply)
    assert stub.requests
    assert result.fallback and result.engine == "offline", result.text
    assert f"contradicts:pressure:{level}" in result.flags
    assert "light" in result.text.lower()  # the offline summary says the notes' pressure


@pytest.mark.parametrize(
    "reply",
    [
        "Maya is in for a Deep Tissue Massage with light pressure and lavender.",
        "Maya likes light pressure, no deep pressure, and lavender.",
    ],
)
async def test_her_own_pressure_beside_the_service_or_a_refused_level_is_used(
    llm_server: StubServer, stub: LlmStub, reply: str
) -> None:
    result = await _summary(llm_server, stub, reply)
    assert not result.fallback and result.text.startswith(reply), result.flags
    bad = await _summary(llm_server, stub, reply.replace("light", "firm"))  # the same words with another level
    assert bad.fallback and "contradicts:pressure:firm" in bad.flags
