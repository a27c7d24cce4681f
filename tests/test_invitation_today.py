"""A fill offer for a slot later the same day says "today at 11:00 am", not "Tue 24 Nov at 11:00 am": the invitation
carries the moment it is drafted (the copilot's clock), and "today" is the slot's own local date in its zone, never
UTC's. Only "today": the text goes out when a manager approves it, which may be the next morning, so a slot on a
later day keeps its date (a "tomorrow" drafted at night would be wrong by then; a slot that has begun is never sent,
so "today" cannot go stale). The model is given the same "when" and may not name a day of its own."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from spa_copilot import fill
from spa_copilot.ai import InvitationInput, build_ai, offline
from spa_copilot.ai.concierge import Concierge
from spa_copilot.ai.guardrails import check_text
from spa_copilot.domain import Client, Service
from spa_copilot.sandbox.llm_stub import LlmStub, StubServer
from spa_copilot.settings import Settings

LA = ZoneInfo("America/Los_Angeles")
NY = ZoneInfo("America/New_York")
SETTINGS = Settings(_env_file=None, spa_name="Willow Spa")  # type: ignore[call-arg]
SLOT = datetime(2026, 11, 24, 11, 0, tzinfo=LA)  # Tue 24 Nov, 11:00 am in Los Angeles
NOW = datetime(2026, 11, 24, 10, 30, tzinfo=LA)  # half an hour before it


def _invite(**overrides: Any) -> InvitationInput:
    values: dict[str, Any] = dict(
        first_name="Maya", service_name="Swedish Massage 60", starts_at=SLOT, staff_first_name="Ana",
        hold_minutes=10, drafted_at=NOW,
    )
    return InvitationInput(**(values | overrides))


# ---- the phrase ---------------------------------------------------------------------------------------------------


def test_a_slot_later_today_is_today() -> None:
    assert offline.when_phrase(SLOT, NOW) == "today at 11:00 am"
    assert offline.on_when_phrase(SLOT, NOW) == "today at 11:00 am"  # never "on today"


def test_today_is_the_slot_s_local_date_not_utc_s() -> None:
    # 3:00 pm in Los Angeles is 11:00 pm UTC; the 5:00 pm slot is already the 25th in UTC: still today there
    assert offline.when_phrase(datetime(2026, 11, 24, 17, tzinfo=LA), datetime(2026, 11, 24, 23, tzinfo=UTC)) == (
        "today at 5:00 pm"
    )
    # 11:00 pm in Los Angeles is the 25th in UTC, as is the 12:30 am slot: the next local day, so its date
    late = datetime(2026, 11, 24, 23, tzinfo=LA)
    assert offline.when_phrase(datetime(2026, 11, 25, 0, 30, tzinfo=LA), late) == "Wed 25 Nov at 12:30 am"
    assert offline.on_when_phrase(datetime(2026, 11, 25, 0, 30, tzinfo=LA), late) == "on Wed 25 Nov at 12:30 am"


def test_a_slot_on_a_later_day_keeps_its_date() -> None:
    evening = datetime(2026, 11, 24, 20, tzinfo=LA)
    assert offline.when_phrase(datetime(2026, 11, 25, 9, 30, tzinfo=LA), evening) == "Wed 25 Nov at 9:30 am"
    assert offline.when_phrase(datetime(2026, 11, 27, 9, 30, tzinfo=LA), evening) == "Fri 27 Nov at 9:30 am"


def test_without_the_moment_or_a_zone_the_phrase_is_dated_as_before() -> None:
    assert offline.when_phrase(SLOT) == "Tue 24 Nov at 11:00 am"
    assert offline.when_phrase(SLOT.replace(tzinfo=None), NOW) == "Tue 24 Nov at 11:00 am"
    assert offline.when_phrase(SLOT, NOW.replace(tzinfo=None)) == "Tue 24 Nov at 11:00 am"


def test_the_repeated_hour_keeps_its_zone_today() -> None:
    # New York falls back on Sun 1 Nov 2026: 1:30 am happens twice; drafted at 1:10 am EDT for the second one
    drafted = datetime(2026, 11, 1, 5, 10, tzinfo=UTC).astimezone(NY)
    second = datetime(2026, 11, 1, 6, 30, tzinfo=UTC).astimezone(NY)
    assert offline.when_phrase(second, drafted) == "today at 1:30 am EST"
    # the day the clocks go forward is one local day too: 00:30 EST and 11:30 pm EDT are both on it
    spring = datetime(2026, 3, 8, 0, 30, tzinfo=NY)
    assert offline.when_phrase(datetime(2026, 3, 8, 23, 30, tzinfo=NY), spring) == "today at 11:30 pm"


# ---- the offline texts --------------------------------------------------------------------------------------------


def test_the_sms_and_the_email_say_today() -> None:
    assert offline.invitation_text(_invite(), spa_name="Willow Spa") == (
        "Hi Maya, a spot for Swedish Massage 60 just opened at Willow Spa today at 11:00 am with Ana. "
        "It's held for you for 10 minutes. Reply YES to claim it."
    )
    email = offline.invitation_text(_invite(channel="email"), spa_name="Willow Spa")
    assert "a spot for Swedish Massage 60 has just opened at Willow Spa today at 11:00 am with Ana." in email
    venice = offline.invitation_text(_invite(location_name="Juniper & Salt Venice"), spa_name="Juniper & Salt")
    assert "just opened at Juniper & Salt Venice today at 11:00 am with Ana." in venice
    tomorrow = offline.invitation_text(_invite(starts_at=SLOT.replace(day=25)), spa_name="Willow Spa")
    assert "just opened at Willow Spa on Wed 25 Nov at 11:00 am with Ana." in tomorrow


@pytest.mark.parametrize("channel", ["sms", "email"])
async def test_a_today_invitation_passes_its_own_guardrails(channel: str) -> None:
    result = await build_ai(SETTINGS).fill_invitation(_invite(price=120.0, channel=channel))
    limit = offline.SMS_LIMIT if channel == "sms" else offline.EMAIL_LIMIT
    assert "today at 11:00 am" in result.text and len(result.text) <= limit and not result.fallback
    assert check_text(result.text, max_chars=limit, menu_names=["Swedish Massage 60"], allowed_prices=[120.0]) == []


def test_the_shortened_sms_says_today_too() -> None:
    text = offline.invitation_text(_invite(service_name="Signature " * 40 + "Massage", first_name="M" * 60), spa_name="Willow Spa")
    assert len(text) <= offline.SMS_LIMIT and " today at 11:00 am. It's held for you" in text and " on today" not in text


def test_from_client_carries_the_moment() -> None:
    client = Client(id="cl_1", first_name="Maya", last_name="Okafor")
    service = Service(id="sv_1", name="Swedish Massage 60", duration_minutes=60)
    invite = InvitationInput.from_client(client, service=service, starts_at=SLOT, hold_minutes=10, drafted_at=NOW)
    assert invite.drafted_at == NOW and offline.invitation_text(invite, spa_name="Willow Spa").count("today at 11:00 am") == 1


def test_the_late_yes_reply_keeps_the_date() -> None:
    # approved whenever a manager gets to it, perhaps another day: never "today"
    assert "the Swedish Massage 60 spot on Tue 24 Nov at 11:00 am has" in fill.drafts._too_late_text("Maya", "Swedish Massage 60", SLOT)


# ---- the model path -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[StubServer]:
    with StubServer(LlmStub()) as running:
        yield running


@pytest.fixture
async def model_ai(server: StubServer) -> Any:
    server.stub.reset()
    server.stub.delay = 0.0
    built: list[Concierge] = []

    def make(reply: str) -> tuple[Concierge, LlmStub]:
        server.stub.responder = lambda body: {"text": reply}
        values: dict[str, Any] = {
            "llm_base_url": server.base_url, "llm_api_key": "test-key", "llm_model": "stub-model", "llm_max_retries": 0,
            "llm_timeout_seconds": 5, "spa_name": "Willow Spa",
        }
        built.append(build_ai(Settings(_env_file=None, **values)))  # type: ignore[arg-type]
        return built[-1], server.stub

    yield make
    for ai in built:
        await ai.aclose()


TODAY_DRAFT = "Hi Maya! A Swedish Massage 60 spot just opened today at 11:00 am with Ana. It's held for you for 10 minutes. Reply YES to claim it."


async def test_the_model_is_told_today_and_may_say_it(model_ai: Any) -> None:
    ai, stub = model_ai(TODAY_DRAFT)
    result = await ai.fill_invitation(_invite())
    assert result.text == TODAY_DRAFT and not result.fallback, result.flags
    user = stub.requests[0]["messages"][-1]["content"]
    assert '"when": "today at 11:00 am"' in user.replace("\\", "")
    assert "draftedAt" not in user and "10:30" not in user  # the moment of drafting is not in the prompt (nor its key)


async def test_a_model_naming_another_day_is_replaced(model_ai: Any) -> None:
    ai, _ = model_ai(TODAY_DRAFT.replace("today", "tomorrow"))
    result = await ai.fill_invitation(_invite())
    assert result.fallback and "wrongDay:tomorrow" in result.flags and "today at 11:00 am" in result.text
    # a slot named by its date: "today" or "tomorrow" is the model's own guess
    ai, _ = model_ai(TODAY_DRAFT)
    dated = await ai.fill_invitation(_invite(starts_at=SLOT.replace(day=26)))
    assert dated.fallback and dated.flags == ["wrongDay:today"] and "on Thu 26 Nov at 11:00 am" in dated.text


async def test_a_day_word_in_a_given_name_is_not_a_day(model_ai: Any) -> None:
    ai, _ = model_ai("Hi Maya! A Tonight Glow Facial spot just opened on Thu 26 Nov at 11:00 am. Reply YES to claim; held 10 minutes.")
    result = await ai.fill_invitation(_invite(service_name="Tonight Glow Facial", starts_at=SLOT.replace(day=26)))
    assert not result.fallback, result.flags
