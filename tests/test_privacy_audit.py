"""The audit log (kept for ever, by client id) records what the AI layer did, never a guest's words: which checks
failed and on which profile field, how many safety facts the offline engine added, never the allergens, conditions,
medications or evidence themselves; and a profile extraction the cache answers is not audited again per view.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.ai import (
    AiText,
    BriefingInput,
    InvitationInput,
    LlmCache,
    MemoryAudit,
    MemoryCache,
    build_ai,
    private_words,
)
from spa_copilot.ai.guardrails import audit_flags
from spa_copilot.domain import Client, HealthHistory, Service
from spa_copilot.sandbox.llm_stub import LlmStub, StubServer
from spa_copilot.settings import Settings

#: The spa's day the notes are read on: the readers take one (the location's date), never the machine's.
NOTES_DAY = date(2026, 11, 24)

EMPTY_PROFILE = {
    key: [] for key in ("pressure", "temperature", "music", "scent", "focus_areas", "avoid_areas", "allergies",
                        "contraindications", "communication_style")
}
SERVICE = Service(id="sv_1", name="Swedish Massage 60", duration_minutes=60)


@pytest.fixture(scope="module")
def server() -> Iterator[StubServer]:
    with StubServer(LlmStub()) as running:
        yield running


@pytest.fixture
def stub(server: StubServer) -> LlmStub:
    server.stub.reset()
    return server.stub


def _ai(server: StubServer, *, audit: MemoryAudit, cache: LlmCache | None = None) -> Any:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, llm_base_url=server.base_url, llm_api_key="k", llm_model="stub-model", llm_max_retries=0,
        llm_timeout_seconds=5,
    )
    return build_ai(settings, cache=cache, audit=audit)


def _client() -> Client:
    return Client(
        id="cl_42", first_name="Mary", last_name="D'Souza", notes="Prefers firm pressure. Allergic to latex.",
        health_history=HealthHistory(conditions=["HIV", "Epilepsy"], medications=["warfarin 5mg (Dr Patel)"]),
    )


@pytest.mark.parametrize(
    ("flags", "kept"),
    [
        (["offlineAdded:contraindications:2"], ["offlineAdded:contraindications:2"]),
        (["contradicts:allergies:latex", "contradicts:contraindications:any"],
         ["contradicts:allergies", "contradicts:contraindications"]),
        (["denied:allergies", "ungrounded:scent", "invalidValue:focus_areas"],
         ["denied:allergies", "ungrounded:scent", "invalidValue:focus_areas"]),
        (["medicalClaim:eases her migraines", "unknownService:Gold Caviar Facial", "wrongName:Sara",
          "unknownPrice:$99", "notACandidate:Mary D'Souza"],
         ["medicalClaim", "unknownService", "wrongName", "unknownPrice", "notACandidate"]),
        (["modelError:APITimeoutError", "tooLong:400>320", "missing:Reply YES to claim", "refusal", "modelRefused"],
         ["modelError:APITimeoutError", "tooLong:400>320", "missing:Reply YES to claim", "refusal", "modelRefused"]),
    ],
)
def test_the_audit_keeps_the_check_and_the_field_never_the_words(flags: list[str], kept: list[str]) -> None:
    assert audit_flags(flags) == kept
    assert AiText(text="x", engine="stub-model", flags=flags).audit_flags == kept  # what briefings.py audits


async def test_an_extraction_audits_how_many_safety_facts_were_added_not_which(server: StubServer, stub: LlmStub) -> None:
    stub.responder = lambda body: EMPTY_PROFILE  # the model finds nothing: the offline engine adds every safety fact
    audit, client = MemoryAudit(), _client()
    profile = await _ai(server, audit=audit).extract_profile(
        client.notes, intake=client.health_history, redact=private_words(client), subject_id=client.id, today=NOTES_DAY
    )
    added = {field: len(profile.values(field)) for field in ("allergies", "contraindications")}
    assert added["allergies"] >= 1 and added["contraindications"] >= 2
    row = audit.records[-1]
    assert row["subject_id"] == client.id and row["action"] == "ai.extract_profile"
    assert {f"offlineAdded:{field}:{count}" for field, count in added.items()} <= set(row["details"]["flags"])
    written = json.dumps(audit.records).lower()
    assert not [word for word in ("hiv", "epilepsy", "warfarin", "latex", "patel") if word in written]


async def test_a_cached_extraction_writes_no_second_row(server: StubServer, stub: LlmStub) -> None:
    stub.responder = lambda body: EMPTY_PROFILE
    audit, cache, client = MemoryAudit(), MemoryCache(), _client()
    ai = _ai(server, audit=audit, cache=cache)
    for _ in range(3):  # a morning briefing, then the desk opens the client's card twice
        await ai.extract_profile(client.notes, intake=client.health_history, subject_id=client.id, today=NOTES_DAY)
    assert len(stub.requests) == 1 and len(audit.records) == 1 and not audit.records[0]["details"]["cached"]


async def test_a_briefing_that_contradicts_an_allergy_is_audited_without_the_allergen(
    server: StubServer, stub: LlmStub
) -> None:
    client = _client()
    audit = MemoryAudit()
    ai = _ai(server, audit=audit)
    profile = await ai.extract_profile(client.notes, subject_id=client.id, today=NOTES_DAY)
    stub.responder = lambda body: {"text": "Mary likes firm pressure; latex is fine for her."}
    guest = BriefingInput.from_client(client, services=[SERVICE], profile=profile, starts_at="14:30")
    result = await ai.briefing_summary(guest, subject_id=client.id, today=NOTES_DAY)
    assert result.fallback and "contradicts:allergies:latex" in result.flags  # the caller still learns why
    assert audit.records[-1]["details"]["flags"] == ["contradicts:allergies", "speaksOfSafety"]
    assert "latex" not in json.dumps(audit.records[-1]).lower()


async def test_a_drafts_flags_in_the_audit_carry_none_of_the_models_words(server: StubServer, stub: LlmStub) -> None:
    audit = MemoryAudit()
    stub.responder = lambda body: {"text": "Hi Sara, our Gold Caviar Facial eases migraines. Reply YES to claim, held 10 minutes."}
    invite = InvitationInput.from_client(
        _client(), service=SERVICE, starts_at=datetime(2026, 11, 24, 15, tzinfo=ZoneInfo("America/New_York")), hold_minutes=10
    )
    result = await _ai(server, audit=audit).fill_invitation(invite, subject_id="fp_1")
    assert result.fallback and any(flag.startswith("wrongName:") for flag in result.flags)
    written = json.dumps(audit.records[-1]["details"]["flags"])
    assert "wrongName" in written and not [word for word in ("Sara", "Caviar", "migraines") if word in written]
