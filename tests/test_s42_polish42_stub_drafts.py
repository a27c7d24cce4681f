"""The OpenAI-compatible stub (the README's rehearsal model) answered every draft with "Stub draft.": a rehearsal's
fill card showed the offline text (the stub's draft failed the invitation's fact check) and each briefing read
"Summary: Stub draft.", without the guest's preferences the prompt gave it. It now writes a fill invitation and a
guest's briefing from the prompt's own data, as a model would: the copilot uses them as the model's (no fallback),
they say the facts given and nothing else, and the same prompt gets the same answer."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.ai import BriefingInput, FollowUpInput, InvitationInput, build_ai, extract_profile_offline
from spa_copilot.ai.concierge import Concierge
from spa_copilot.domain import Client, Service
from spa_copilot.sandbox.llm_stub import LlmStub, StubServer
from spa_copilot.settings import Settings

DAY = date(2026, 11, 24)
NOTES = "Prefers firm pressure, focus on shoulders. Likes eucalyptus. Quiet session please."


@pytest.fixture(scope="module")
def server() -> Iterator[StubServer]:
    with StubServer(LlmStub()) as running:  # the stub as the README runs it: no responder, no script
        yield running


@pytest.fixture
async def ai(server: StubServer) -> AsyncIterator[Concierge]:
    server.stub.reset()
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        llm_base_url=server.base_url,
        llm_api_key="any",
        llm_model="stub-model",
        llm_max_retries=0,
        llm_timeout_seconds=5,
        spa_name="Juniper & Salt",
    )
    concierge = build_ai(settings)
    yield concierge
    await concierge.aclose()


def _invite(**overrides: Any) -> InvitationInput:
    values: dict[str, Any] = dict(
        first_name="Maya",
        service_name="Deep Tissue Massage 60",
        staff_first_name="Owen",
        hold_minutes=10,
        starts_at=datetime(2026, 11, 24, 15, 15, tzinfo=ZoneInfo("America/New_York")),
    )
    return InvitationInput(**(values | overrides))


@pytest.mark.parametrize(
    ("overrides", "said"),
    [
        (
            {},
            "Hi Maya, a Deep Tissue Massage 60 spot just opened Tue 24 Nov at 3:15 pm with Owen. It's held for you for "
            "10 minutes. Reply YES to claim it.",
        ),
        (
            {"location_name": "Juniper & Salt Venice", "hold_minutes": 1, "staff_first_name": None},
            "Hi Maya, a Deep Tissue Massage 60 spot just opened Tue 24 Nov at 3:15 pm at Juniper & Salt Venice. It's held "
            "for you for 1 minute. Reply YES to claim it.",
        ),
    ],
    ids=["one-location", "several-locations"],
)
async def test_the_stub_drafts_the_invitation_from_its_data_and_the_copilot_uses_it(
    ai: Concierge, server: StubServer, overrides: dict[str, Any], said: str
) -> None:
    drafted = await ai.fill_invitation(_invite(**overrides), staff_names=["Owen", "Maya", "Lena"])
    assert not drafted.fallback and drafted.engine == "stub-model", drafted.flags
    assert drafted.text == said
    ai.cache = None  # asked again, not read from the cache: the same prompt gets the same draft
    assert (await ai.fill_invitation(_invite(**overrides), staff_names=["Owen", "Maya", "Lena"])).text == said


async def test_the_stub_drafts_the_briefing_with_the_guests_preferences(ai: Concierge) -> None:
    client = Client(id="cl_1", first_name="Maya", last_name="Reyes", notes=NOTES)
    guest = BriefingInput.from_client(
        client,
        services=[Service(id="sv_1", name="Swedish Massage 60", duration_minutes=60)],
        profile=extract_profile_offline(NOTES, today=DAY),
        starts_at="14:30",
    )
    summary = await ai.briefing_summary(guest, today=DAY)
    assert not summary.fallback and summary.engine == "stub-model", summary.flags
    assert summary.text.startswith("Maya is in for Swedish Massage 60 (first visit). Preferences: firm pressure"), (
        summary.text
    )
    assert "shoulders" in summary.text and "eucalyptus" in summary.text
    assert "Stub draft" not in summary.text and "Reyes" not in summary.text, summary.text


async def test_other_drafts_keep_the_fixed_answer(ai: Concierge) -> None:
    follow = FollowUpInput(first_name="Maya", service_name="Swedish Massage 60", visit_date=DAY)
    drafted = await ai.follow_up(follow)
    assert drafted.text == "Stub draft." or drafted.fallback
    invited = await ai.fill_invitation(_invite())  # and the invitation beside it is still drafted from its data
    assert not invited.fallback and invited.text.startswith("Hi Maya, a Deep Tissue Massage 60 spot")
