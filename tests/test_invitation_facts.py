"""A model's invitation must state the slot the data gives: its time of day and no other, its weekday or date and no
other (for a slot named by its date), the service, and no therapist but the slot's. A draft saying "3:00 pm" for a
3:15 pm slot, "Wed 25 Nov" for Tue 24 Nov, "with Maya" for Owen's slot, or no time or service at all went to the
manager's card as the draft; now it falls back to the offline text, with the flag (``guardrails.invitation_fact_flags``;
the audit keeps only the flag's kind). Good drafts in the usual forms ("3:15 pm", "3:15PM", "3.15 p.m.", "15:15",
"Swedish Massage" for "Swedish Massage 60") are used, and every offline text passes the same check."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.ai import InvitationInput, build_ai, offline
from spa_copilot.ai.concierge import Concierge, _invitation_flags
from spa_copilot.ai.guardrails import audit_flags, invitation_fact_flags
from spa_copilot.sandbox.llm_stub import LlmStub, StubServer
from spa_copilot.settings import Settings
from tests.builders import OneAnswerModel

LA = ZoneInfo("America/Los_Angeles")
NY = ZoneInfo("America/New_York")
SPA = "Willow Spa"
SLOT = datetime(2026, 11, 24, 15, 15, tzinfo=LA)  # Tue 24 Nov, 3:15 pm
WHEN = "Tue 24 Nov at 3:15 pm"
T = "It's held for you for 10 minutes. Reply YES to claim it."
STAFF = ["Owen", "Maya", "Lena", "Ana"]


def _flags(text: str, **overrides: Any) -> list[str]:
    values: dict[str, Any] = dict(
        starts_at=SLOT, when=WHEN, service_name="Swedish Massage 60", staff_first_name="Owen", staff_names=STAFF,
        guest_name="Maya", names=["Swedish Massage 60", SPA],
    )
    return invitation_fact_flags(text, **(values | overrides))


# ---- the check ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        f"Hi Maya, a Swedish Massage 60 spot opened Tue 24 Nov at 3:15 pm with Owen. {T}",
        f"Hi Maya, a swedish massage spot opened Tuesday, Nov 24th at 3:15PM. {T}",
        f"Hi Maya, a 60-minute Swedish Massage on Tue 24 Nov, 3.15 p.m. {T}",
        f"Hi Maya, Swedish Massage on Tue 24 Nov at 15:15. {T}",
        f"Hi Maya, Swedish Massage on Tuesday the 24th at 3:15. {T}",
        f"Hi Maya, Swedish Massage, Tue at 3:15 pm, for $95.50. {T}",  # a price is no time
        f"Hi Maya, Swedish Massage, 24 November, 3:15 p.m., held 10 min, open 24/7, a 1/2 hour, be the 1st! {T}",
        f"Hi Maya! Swedish Massage with Owen on 11/24 at 3:15 pm. {T}",
        f"Hi Maya, your Swedish Massage spot with Maya's favourite, Owen: Tue 24 Nov, 3:15 pm. {T}",  # the guest's name
    ],
)
def test_a_draft_stating_the_slot_passes(text: str) -> None:
    assert _flags(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"Hi Maya, a Swedish Massage spot opened Tue 24 Nov at 3:00 pm. {T}", ["wrongTime:3:00 pm"]),
        (f"Hi Maya, a Swedish Massage spot opened Tue 24 Nov at 3pm. {T}", ["wrongTime:3pm"]),
        (f"Hi Maya, a Swedish Massage spot opened Tue 24 Nov at 3:15 am. {T}", ["wrongTime:3:15 am"]),
        (f"Hi Maya, a Swedish Massage spot opened Tue 24 Nov at noon. {T}", ["wrongTime:noon"]),
        (f"Hi Maya, Swedish Massage, Tue 24 Nov, 3:15-4:15 pm. {T}", ["wrongTime:4:15 pm"]),  # an invented end
        (f"Hi Maya, Swedish Massage, Tue 24 Nov at 3:15 pm. Reply by 3:25 pm to claim. {T}", ["wrongTime:3:25 pm"]),
        (f"Hi Maya, a Swedish Massage spot opened Tue 24 Nov. {T}", ["missingTime"]),
        (f"Hi Maya, a Swedish Massage spot opened Wed 25 Nov at 3:15 pm. {T}", ["wrongDay:Wed", "wrongDay:25 Nov"]),
        (f"Hi Maya, a Swedish Massage spot opened Wednesday at 3:15 pm. {T}", ["wrongDay:Wednesday"]),
        (f"Hi Maya, a Swedish Massage spot opened Tue 24 Dec at 3:15 pm. {T}", ["wrongDay:24 Dec"]),
        (f"Hi Maya, a Swedish Massage spot opened on the 25th at 3:15 pm. {T}", ["wrongDay:on the 25th"]),
        (f"Hi Maya, a Swedish Massage spot opened at 3:15 pm. {T}", ["missingDay"]),
        (f"Hi Maya, a spot opened Tue 24 Nov at 3:15 pm. {T}", ["missingService"]),
        (f"Hi Maya, a Deep Tissue Massage spot opened Tue 24 Nov at 3:15 pm. {T}", ["missingService"]),
        (f"Hi Maya, a Swedish Massage spot opened Tue 24 Nov at 3:15 pm with Lena. {T}", ["wrongStaff:Lena"]),
    ],
)
def test_a_draft_misstating_the_slot_is_flagged(text: str, expected: list[str]) -> None:
    assert _flags(text) == expected


def test_a_slot_today_needs_no_date_but_no_other_one() -> None:
    today = "today at 3:15 pm"
    assert _flags(f"Hi Maya, a Swedish Massage spot opened today at 3:15 pm. {T}", when=today) == []
    assert _flags(f"Hi Maya, a Swedish Massage spot opened today (Tue 24 Nov) at 3:15 pm. {T}", when=today) == []
    assert _flags(f"Hi Maya, a Swedish Massage spot opened Wed at 3:15 pm. {T}", when=today) == ["wrongDay:Wed"]


def test_noon_and_midnight() -> None:
    noon, midnight = SLOT.replace(hour=12, minute=0), SLOT.replace(hour=0, minute=0)
    for said in ("12:00 pm", "12 p.m.", "noon", "12 noon", "12:00"):
        assert _flags(f"Hi Maya, Swedish Massage Tue 24 Nov at {said}. {T}", starts_at=noon) == [], said
    for said in ("12:00 am", "12am", "midnight", "00:00"):
        assert _flags(f"Hi Maya, Swedish Massage Tue 24 Nov at {said}. {T}", starts_at=midnight) == [], said
    assert _flags(f"Hi Maya, Swedish Massage Tue 24 Nov at 12:00 am. {T}", starts_at=noon) == ["wrongTime:12:00 am"]
    assert _flags(f"Hi Maya, Swedish Massage Tue 24 Nov at noon. {T}", starts_at=midnight) == ["wrongTime:noon"]


def test_the_repeated_hour_keeps_its_zone() -> None:
    second = datetime(2026, 11, 1, 6, 30, tzinfo=UTC).astimezone(NY)  # 1:30 am EST, the second one that night
    kw: dict[str, Any] = dict(starts_at=second, when="Sun 1 Nov at 1:30 am EST")
    assert _flags(f"Hi Maya, Swedish Massage Sun 1 Nov at 1:30 am EST. {T}", **kw) == []
    assert _flags(f"Hi Maya, Swedish Massage Sun 1 Nov at 1:30 am (EST). {T}", **kw) == []
    assert _flags(f"Hi Maya, Swedish Massage Sun 1 Nov at 1:30 am EDT. {T}", **kw) == ["wrongTime:1:30 am EDT"]
    assert _flags(f"Hi Maya, Swedish Massage Sun 1 Nov at 1:30 am. {T}", **kw) == ["missingZone"]


def test_given_names_are_not_read_as_times_or_days() -> None:
    names = ["Sunset 7pm Ritual", "24/7 Spa on Wednesday Street"]
    text = f"Hi Maya, a Sunset 7pm Ritual spot at 24/7 Spa on Wednesday Street, Tue 24 Nov at 3:15 pm. {T}"
    assert _flags(text, service_name="Sunset 7pm Ritual", names=names) == []


def test_the_service_may_be_named_in_other_cases_and_signs() -> None:
    for menu, said in [
        ("Brow & Lash Tint 30", "brow and lash tint"),
        ("Four-Hands Massage 60", "Four Hands Massage"),
        ("Gentleman's Facial 60", "Gentleman’s Facial"),
        ("Hot Stone Massage (90 min)", "hot stone massage"),
        ("Reflexology 30", "30-minute Reflexology"),
    ]:
        assert _flags(f"Hi Maya, a {said} spot opened Tue 24 Nov at 3:15 pm. {T}", service_name=menu, names=[menu]) == []


def test_without_the_staff_list_no_therapist_is_read() -> None:
    assert _flags(f"Hi Maya, a Swedish Massage spot opened Tue 24 Nov at 3:15 pm with Lena. {T}", staff_names=()) == []
    # a slot with no therapist given: a named one from the list is the model's own
    text = f"Hi Maya, a Swedish Massage spot opened Tue 24 Nov at 3:15 pm with Owen. {T}"
    assert _flags(text, staff_first_name=None) == ["wrongStaff:Owen"]


def test_the_audit_keeps_only_the_kind() -> None:
    assert audit_flags(["wrongTime:3:00 pm", "wrongDay:Wed", "wrongStaff:Lena", "missingTime"]) == [
        "wrongTime", "wrongDay", "wrongStaff", "missingTime",
    ]


# ---- the offline text passes it, for every kind of slot -----------------------------------------------------------


def _offline_invites() -> Iterator[InvitationInput]:
    """Slots on every half hour of a day (midnight and noon among them) and the quarter hours around noon and
    midnight, the night's repeated hour in both zones, the day clocks go forward, with and without a location,
    therapist, price and drafting moment, long names."""
    day = datetime(2026, 11, 24, tzinfo=LA)
    slots = [day + timedelta(minutes=15 * step) for step in range(96) if step % 2 == 0 or step in (1, 3, 45, 47, 49, 95)]
    slots += [datetime(2026, 11, 1, 5, 30, tzinfo=UTC).astimezone(NY), datetime(2026, 11, 1, 6, 30, tzinfo=UTC).astimezone(NY)]
    slots += [datetime(2026, 3, 8, 3, 0, tzinfo=NY), datetime(2026, 3, 8, 1, 45, tzinfo=NY)]
    services = [
        "Swedish Massage 60", "Brow & Lash Tint 30", "Reflexology 30", "Sunday 9am Glow Facial 45",
        "Signature " * 12 + "Massage 90",  # the shortened SMS cuts it through a word
        "Hydrating Seaweed Detox Body Wrap with Warm Basalt Stones and Lavender Scalp Ritual 120",  # 86 characters
    ]
    locations = [None, "Juniper & Salt Venice", "Downtown 24/7 Studio on 5th Ave and Wednesday Street " * 2]
    for index, (starts_at, service, location, channel) in enumerate(
        itertools.product(slots, services, locations, ("sms", "email"))
    ):
        drafted = [None, starts_at - timedelta(hours=1), starts_at - timedelta(days=2)][index % 3]
        yield InvitationInput(
            first_name=["Maya", None, "M" * 60][index % 3], service_name=service, starts_at=starts_at,
            staff_first_name=["Owen", None][index % 2], location_name=location,
            price=[None, 95.5, 120.0][index % 3], hold_minutes=10, channel=channel,  # type: ignore[arg-type]
            drafted_at=drafted,
        )


def test_every_offline_invitation_states_its_own_slot() -> None:
    flagged = []
    count = 0
    for invite in _offline_invites():
        count += 1
        text = offline.invitation_text(invite, spa_name="Juniper & Salt")
        when = offline.when_phrase(invite.starts_at, invite.drafted_at)
        places = [invite.location_name] if invite.location_name else []
        names = [invite.service_name, "Juniper & Salt", *places]
        flags = _invitation_flags(text, invite, when, names, STAFF)  # as Concierge.fill_invitation checks a draft
        flagged += [(text, flags)] if flags else []
    assert count > 1800 and flagged == []


def test_every_offline_invitation_over_the_sandbox_menu_states_its_slot() -> None:
    from spa_copilot.sandbox.generator import generate_spa

    data = generate_spa(clients=100, today=date(2026, 12, 1))
    staff = [member.first_name for member in data.staff]
    flagged = []
    for service, location in itertools.product(data.services, [None, *(loc.name for loc in data.locations)]):
        invite = InvitationInput(
            first_name="Maya", service_name=service.name, starts_at=datetime(2026, 12, 8, 12, tzinfo=NY),
            staff_first_name=staff[0], location_name=location, price=service.price, hold_minutes=10,
        )
        text = offline.invitation_text(invite, spa_name="Juniper & Salt")
        when = offline.when_phrase(invite.starts_at)
        flags = _invitation_flags(text, invite, when, [service.name, "Juniper & Salt", *([location] if location else [])], staff)
        flagged += [(text, flags)] if flags else []
    assert flagged == []


# ---- the model path -----------------------------------------------------------------------------------------------


class _Audit:
    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def audit(self, *, actor: str, action: str, subject_id: str, details: dict[str, Any], engine: str | None = None) -> None:
        self.rows.append(details)


SETTINGS = Settings(_env_file=None, llm_model="stub-model", spa_name=SPA)  # type: ignore[call-arg]
INVITE = InvitationInput(
    first_name="Maya", service_name="Swedish Massage 60", starts_at=SLOT, staff_first_name="Owen", hold_minutes=10,
)


async def _answer(draft: str, invite: InvitationInput = INVITE, **kwargs: Any) -> tuple[Any, _Audit]:
    audit = _Audit()
    ai = Concierge(SETTINGS, model=OneAnswerModel(draft), audit=audit)  # type: ignore[arg-type]
    return await ai.fill_invitation(invite, **kwargs), audit


@pytest.mark.parametrize(
    "said", ["Tue 24 Nov at 3:15 pm", "Tue 24 Nov at 3:15PM", "Tuesday, Nov 24 at 3:15 p.m.", "Tue 24 Nov, 15:15"]
)
async def test_a_right_draft_is_used(said: str) -> None:
    draft = f"Hi Maya, a Swedish Massage spot with Owen just opened {said}. {T}"
    result, audit = await _answer(draft, staff_names=STAFF)
    assert not result.fallback and result.text == draft, result.flags
    assert audit.rows[-1]["flags"] == []


@pytest.mark.parametrize(
    ("draft", "kind"),
    [
        (f"Hi Maya, a Swedish Massage spot with Owen just opened Tue 24 Nov at 3:00 pm. {T}", "wrongTime"),
        (f"Hi Maya, a Swedish Massage spot with Owen just opened Wed 25 Nov at 3:15 pm. {T}", "wrongDay"),
        (f"Hi Maya, a spot with Owen just opened Tue 24 Nov at 3:15 pm. {T}", "missingService"),
        (f"Hi Maya, a Swedish Massage spot with Owen just opened Tue 24 Nov. {T}", "missingTime"),
        (f"Hi Maya, a Swedish Massage spot with Maya just opened Tue 24 Nov at 3:15 pm. {T}", None),  # the guest
        (f"Hi Maya, a Swedish Massage spot with Lena just opened Tue 24 Nov at 3:15 pm. {T}", "wrongStaff"),
    ],
)
async def test_a_wrong_draft_falls_back_with_its_flag(draft: str, kind: str | None) -> None:
    result, audit = await _answer(draft, staff_names=STAFF)
    if kind is None:
        assert not result.fallback, result.flags
        return
    assert result.fallback and result.text == offline.invitation_text(INVITE, spa_name=SPA)
    assert {flag.split(":")[0] for flag in result.flags} == {kind}
    assert set(audit.rows[-1]["flags"]) == {kind} and audit.rows[-1]["fallback"] is True  # the kind, never the words


@pytest.fixture(scope="module")
def server() -> Iterator[StubServer]:
    with StubServer(LlmStub()) as running:
        yield running


async def test_a_served_model_s_wrong_time_falls_back(server: StubServer) -> None:
    """Through the OpenAI-compatible stub, as a deployed model answers: 3:00 pm for the 3:15 pm slot."""
    server.stub.reset()
    wrong = f"Hi Maya, a Swedish Massage spot with Owen just opened Tue 24 Nov at 3:00 pm. {T}"
    server.stub.responder = lambda body: {"text": wrong}
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, llm_base_url=server.base_url, llm_api_key="test-key", llm_model="stub-model",
        llm_max_retries=0, llm_timeout_seconds=5, spa_name=SPA,
    )
    ai = build_ai(settings)
    try:
        result = await ai.fill_invitation(INVITE)
        assert result.fallback and result.flags == ["wrongTime:3:00 pm"] and "on Tue 24 Nov at 3:15 pm" in result.text
        right = wrong.replace("3:00 pm", "3:15 pm")
        server.stub.responder = lambda body: {"text": right}
        assert (await ai.fill_invitation(INVITE)).text == right
        system = server.stub.requests[0]["messages"][0]["content"]
        assert "nor any other time" in system and "Name the service" in system  # prompt v4
    finally:
        await ai.aclose()
