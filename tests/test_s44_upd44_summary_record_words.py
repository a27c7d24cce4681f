"""A model's briefing summary that reads as the record, not as words for the therapist, is not used (probe44d L2).

Raw JSON, an id or a key, a program's empty value ("Last visit: None.", "null") or the guest's last name in a model's
summary went into the therapist's DM and back to the spa system as it came; a phone or an email already fell back.
Read narrowly (rev44g B1: a wider first reading sent 14 of 32 right summaries to the offline text).
Through the real ChatOpenAI against the local stub, as the briefing runs it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from spa_copilot.ai import build_ai, offline
from spa_copilot.ai.schemas import private_words
from spa_copilot.sandbox.llm_stub import LlmStub, StubServer
from spa_copilot.settings import Settings
from tests.test_ai_briefing_safety import CLIENT, GUEST, NOTES_DAY


@pytest.fixture(scope="module")
def server() -> Iterator[StubServer]:
    with StubServer(LlmStub()) as running:
        yield running


async def _summary(server: StubServer, reply: str, *, redact: tuple[str, ...] = ()) -> Any:
    server.stub.reset()
    server.stub.responder = lambda body: {"text": reply}
    ai = build_ai(Settings(_env_file=None, llm_base_url=server.base_url, llm_api_key="k",  # type: ignore[call-arg]
                           llm_model="stub-model", llm_max_retries=0))
    try:
        return await ai.briefing_summary(GUEST, redact=redact, today=NOTES_DAY)
    finally:
        await ai.aclose()


@pytest.mark.parametrize(("reply", "flag"), [
    ('Maya likes firm pressure. {"id": "cl_1", "visits": 0}', "rawData"),
    ("Maya likes firm pressure; lastVisit 2026-10-01.", "rawData"),
    ("Maya likes firm pressure, client cl_1.", "rawData"),
    ("Maya likes firm pressure. Last visit: None.", "emptyValue"),
    ("Maya likes firm pressure; last visit null.", "emptyValue"),
    ("Maya likes firm pressure; visits NaN.", "emptyValue"),
    ("Maya likes firm pressure, music undefined.", "emptyValue"),
    ('Maya likes ["firm pressure"] and a warm table.', "rawData"),
    ("Maya likes firm pressure; LastVisit 2026-10-01.", "rawData"),
    ("Maya likes firm pressure; visits before: nil.", "emptyValue"),
])
async def test_a_summary_that_reads_as_the_record_falls_back_to_the_offline_text(
    server: StubServer, reply: str, flag: str
) -> None:
    result = await _summary(server, reply)
    assert result.fallback and flag in result.flags, result
    assert result.text == offline.briefing_text(GUEST, today=NOTES_DAY)


@pytest.mark.parametrize("reply", [
    "Likes firm pressure on the shoulders, as the Okonkwos all do.",
    "Maya Okonkwo likes firm pressure on the shoulders.",
])
async def test_the_guests_known_last_name_anywhere_in_a_summary_falls_back(server: StubServer, reply: str) -> None:
    result = await _summary(server, reply, redact=tuple(private_words(CLIENT)))
    assert result.fallback and "lastName" in result.flags


@pytest.mark.parametrize("reply", [
    "Maya is in for a Swedish Massage at 14:30 and likes firm pressure on the shoulders.",
    "Maya likes firm pressure, none noted otherwise.",
    "None of the small talk for Maya; firm pressure on the shoulders.",
])
async def test_ordinary_prose_is_used_as_the_model_wrote_it(server: StubServer, reply: str) -> None:
    result = await _summary(server, reply, redact=tuple(private_words(CLIENT)))
    assert not result.fallback and result.text.startswith(reply), result


@pytest.mark.parametrize("text", [
    # rev44g B1: right summaries the first reading sent to the offline text
    "Maya likes firm pressure. Music: None.",
    "Maya, small talk: None, she reads.",
    "Maya likes quiet; None of the past visits ran late.",
    'Maya asks for "extra quiet": no music.',
    "Maya wants work on the upper_back and her airPods out.",
    "Maya Jane likes firm pressure.",
    "Her last visit was in June; firm pressure again.",
    "Maya likes firm pressure; no known allergies.",
    "Maya, none noted. Quiet room, warm table.",
    "Maya is in for a Hot Stone Massage, her third visit.",  # a last name Stone, in the menu's words
    "Maya likes Rose oil on Thursday.",  # a last name Rose, read as a thing
    "Maya Thursday regular: quiet room.",
    "Null and void: Maya wants quiet.",
    "Maya is back; she brings her iPad playlist.",
])
def test_no_flag_for_ordinary_words(text: str) -> None:
    from spa_copilot.ai.guardrails import leaks_record

    for last in ("Okonkwo", "Stone", "Rose"):
        assert leaks_record(text, first_name="Maya", private=[last], menu_names=["Hot Stone Massage 90"]) == []
