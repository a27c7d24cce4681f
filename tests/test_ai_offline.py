"""The offline engine's texts and recommendations, through the same Concierge interface callers use."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.ai import (
    BriefingInput,
    ClientHistory,
    FollowUpInput,
    InvitationInput,
    MemoryAudit,
    MenuItem,
    build_ai,
    extract_cli,
    extract_profile_offline,
    offline,
    private_words,
)
from spa_copilot.ai.guardrails import check_text, sentence_count
from spa_copilot.domain import Alert, Client, Service
from spa_copilot.settings import Settings

#: The spa's day the notes are read on: the readers take one (the location's date), never the machine's.
NOTES_DAY = date(2026, 11, 24)

SETTINGS = Settings(_env_file=None, spa_name="Willow Spa")  # type: ignore[call-arg]
MENU = [
    MenuItem(id="sv_1", name="Swedish Massage", category="massage", price=120, description="relaxing full body massage"),
    MenuItem(id="sv_2", name="Deep Tissue Massage", category="massage", price=140, description="firm deep pressure for knots"),
    MenuItem(id="sv_3", name="Almond Body Polish", category="body", price=90, description="almond oil scrub", contraindications=["nutAllergy"]),
    MenuItem(id="sv_4", name="Signature Facial", category="facial", price=150, description="cleanse and glow facial"),
    MenuItem(id="sv_5", name="Hot Stone Massage", category="massage", price=160, description="warm basalt stones, deep relaxation"),
]


def _client() -> Client:
    return Client(
        id="cl_1", first_name="Maya", last_name="Okafor", email="maya@example.com", mobile_phone="+1-212-555-0142",
        notes="Prefers firm pressure. Allergic to almond oil.", alerts=[Alert(text="Call 212-555-0199 first", severity="info")],
        last_visit_date=date(2024, 3, 2),
    )


def test_from_client_keeps_only_the_first_name_and_scrubs_alerts() -> None:
    client = _client()
    guest = BriefingInput.from_client(
        client,
        services=[Service(id="sv_3", name="Almond Body Polish", duration_minutes=50, contraindications=["nutAllergy"])],
        profile=extract_profile_offline(client.notes, today=NOTES_DAY),
    )
    dumped = guest.model_dump_json()
    assert "Okafor" not in dumped and "maya@example.com" not in dumped and "555" not in dumped
    assert guest.conflicts == ["nutAllergy"]


def test_from_client_scrubs_alerts_of_the_last_name_cards_and_the_email_handle() -> None:
    client = _client().model_copy(
        update={
            "email": "mokafor88@example.com",
            "alerts": [Alert(text="Okafor card 4111 1111 1111 1111 declined; IG mokafor88", severity="info")],
        }
    )
    guest = BriefingInput.from_client(client, services=[Service(id="sv_2", name="Deep Tissue Massage", duration_minutes=60)])
    assert guest.alerts == ["[name] card [card] declined; IG [name]"]
    assert private_words(client) == ["Okafor", "mokafor88"]
    assert private_words(client.model_copy(update={"email": "maya@example.com"})) == ["Okafor"]  # first name allowed


async def test_offline_briefing_is_short_and_names_every_caution() -> None:
    client = _client()
    guest = BriefingInput.from_client(
        client, services=[Service(id="sv_2", name="Deep Tissue Massage", duration_minutes=60)],
        profile=extract_profile_offline("Firm but light on shoulders. Allergic to almond oil. On warfarin.", today=NOTES_DAY),
        starts_at="14:30", visits=3,
    )
    audit = MemoryAudit()
    result = await build_ai(SETTINGS, audit=audit).briefing_summary(guest, subject_id="ap_1", today=NOTES_DAY)
    assert result.engine == "offline" and not result.fallback
    assert sentence_count(result.text) <= 3 and len(result.text) <= 400
    assert "nut oil allergy" in result.text and "blood thinners" in result.text and "4th visit" in result.text
    assert audit.records[0]["action"] == "ai.briefing_summary" and audit.records[0]["engine"] == "offline"
    assert audit.records[0]["subject_id"] == "ap_1"


@pytest.mark.parametrize("channel", ["sms", "email"])
async def test_offline_invitation_passes_its_own_guardrails(channel: str) -> None:
    invite = InvitationInput(
        first_name="Maya", service_name="Deep Tissue Massage", starts_at=datetime(2024, 5, 14, 15, 0, tzinfo=ZoneInfo("America/New_York")),
        staff_first_name="Lena", price=140.0, hold_minutes=10, channel=channel,  # type: ignore[arg-type]
    )
    result = await build_ai(SETTINGS).fill_invitation(invite)
    limit = 320 if channel == "sms" else 1200
    assert "Reply YES to claim" in result.text and "10 minutes" in result.text and "Tue 14 May at 3:00 pm" in result.text
    assert check_text(result.text, max_chars=limit, menu_names=["Deep Tissue Massage"], allowed_prices=[140.0]) == []


async def test_offline_invitation_stays_under_320_with_long_names() -> None:
    invite = InvitationInput(
        first_name="Maximiliana", service_name="Signature " * 20 + "Massage", starts_at=datetime(2024, 5, 14, 9, 5, tzinfo=ZoneInfo("UTC")),
        hold_minutes=15,
    )
    text = (await build_ai(SETTINGS.model_copy(update={"spa_name": "The Very Long Name " * 5})).fill_invitation(invite)).text
    assert len(text) <= 320 and "Reply YES to claim" in text and "15 minutes" in text


@pytest.mark.parametrize("channel", ["sms", "email"])
def test_a_one_minute_hold_is_one_minute(channel: str) -> None:
    text = offline.invitation_text(_venice_invite(hold_minutes=1, channel=channel), spa_name="Juniper & Salt")
    assert "held for you for 1 minute." in text and "1 minutes" not in text


def _venice_invite(**overrides: object) -> InvitationInput:
    values: dict[str, object] = dict(
        first_name="Maya", service_name="Deep Tissue Massage", starts_at=datetime(2024, 12, 3, 14, tzinfo=ZoneInfo("America/Los_Angeles")),
        staff_first_name="Ana", price=140.0, hold_minutes=10,
    )
    return InvitationInput(**(values | overrides))  # type: ignore[arg-type]


def test_a_single_location_invitation_keeps_its_text() -> None:
    invite = _venice_invite()
    assert offline.invitation_text(invite, spa_name="Juniper & Salt") == (
        "Hi Maya, a spot for Deep Tissue Massage ($140) just opened at Juniper & Salt on Tue 3 Dec at 2:00 pm with Ana. "
        "It's held for you for 10 minutes. Reply YES to claim it."
    )
    # Too long for the brand and the therapist: both go, the price stays (as before locations were named).
    long_staff = _venice_invite(staff_first_name="Ana" * 60)
    assert offline.invitation_text(long_staff, spa_name="Juniper & Salt") == (
        "Hi Maya, a spot for Deep Tissue Massage ($140) just opened on Tue 3 Dec at 2:00 pm. "
        "It's held for you for 10 minutes. Reply YES to claim it."
    )


@pytest.mark.parametrize(
    ("location", "place"),
    [("Juniper & Salt Venice", "at Juniper & Salt Venice on"), ("juniper & salt venice", "at juniper & salt venice on"),
     ("Venice", "at Juniper & Salt (Venice) on")],
)
@pytest.mark.parametrize("channel", ["sms", "email"])
def test_a_multi_location_invitation_names_the_location(location: str, place: str, channel: str) -> None:
    text = offline.invitation_text(_venice_invite(location_name=location, channel=channel), spa_name="Juniper & Salt")
    assert place in text and "Deep Tissue Massage ($140)" in text and "with Ana" in text
    assert len(text) <= (320 if channel == "sms" else 1200)


@pytest.mark.parametrize("spa_name", ["the spa", "The Spa"])
def test_with_no_brand_set_the_location_stands_alone(spa_name: str) -> None:
    text = offline.invitation_text(_venice_invite(location_name="Juniper & Salt Venice"), spa_name=spa_name)
    assert "just opened at Juniper & Salt Venice on" in text and "spa" not in text.lower().replace("spot", "")


def test_a_brand_inside_another_word_of_the_location_is_not_the_brand() -> None:
    assert offline.place_phrase("Salt", "Saltwater Venice") == "Salt (Saltwater Venice)"
    assert offline.place_phrase("Salt", "Salt Venice") == "Salt Venice"


_LONG_PLACE = "Juniper & Salt Venice Beach Boardwalk Wellness House, Ocean Front Walk Pavilion, Second Floor Suite " * 3


def _location_making(length: int, **invite: object) -> str:
    """A location name that makes the SMS without its therapist exactly ``length`` characters long."""
    probe = offline.invitation_text(_venice_invite(staff_first_name=None, **invite), spa_name="")  # "… opened at  on …"
    return _LONG_PLACE[: length - len(probe)]


@pytest.mark.parametrize("length", [312, 316, 320])  # with " with Ana" (9 characters) it would be 321-329
def test_a_long_location_name_drops_the_therapist_first(length: int) -> None:
    location = _location_making(length)
    text = offline.invitation_text(_venice_invite(location_name=location), spa_name="Juniper & Salt")
    assert len(text) == length and f"at {location} on" in text and "($140)" in text and "Ana" not in text


@pytest.mark.parametrize("length", [321, 325, 327])  # without " ($140)" (7 characters) it fits
def test_a_long_location_name_drops_the_price_before_the_location(length: int) -> None:
    location = _location_making(length)
    text = offline.invitation_text(_venice_invite(location_name=location), spa_name="Juniper & Salt")
    assert len(text) <= 320 and f"at {location} on" in text and "$" not in text and "Ana" not in text


def test_a_location_too_long_for_any_variant_is_cut_but_kept() -> None:
    location = "Venice " + "Boardwalk " * 30
    text = offline.invitation_text(
        _venice_invite(first_name="Maximiliana" * 4, location_name=location, service_name="Signature " * 20 + "Massage"),
        spa_name="The Very Long Name " * 5,
    )
    assert len(text) <= 320 and " at Venice Boardwalk" in text and text.endswith("It's held for you for 10 minutes. Reply YES to claim it.")


@pytest.mark.parametrize("location", ["Juniper & Salt Venice", "Juniper & Salt Bath"])
async def test_a_multi_location_offline_invitation_passes_its_own_guardrails(location: str) -> None:
    invite = _venice_invite(location_name=location)
    result = await build_ai(SETTINGS.model_copy(update={"spa_name": "Juniper & Salt"})).fill_invitation(invite)
    assert location in result.text
    assert check_text(
        result.text, max_chars=320, menu_names=["Deep Tissue Massage"], allowed_prices=[140.0],
        required=["Reply YES to claim", "10 min", location], places=[location], greet="Maya",
    ) == []


async def test_offline_follow_up_and_plan() -> None:
    ai = build_ai(SETTINGS)
    follow = await ai.follow_up(FollowUpInput(first_name="Maya", service_name="Swedish Massage", visit_date=date(2024, 5, 1), suggestion="Hot Stone Massage"))
    assert "Hot Stone Massage" in follow.text and len(follow.text) <= 320
    plan = await ai.treatment_plan_summary(
        "Worked on tight lower back, firm pressure. Avoid left knee. Next time: hip flexor stretches. Allergic to latex. Call 212-555-0142.", today=NOTES_DAY
    )
    assert "lower back" in plan.text and "Next:" in plan.text and "latex" in plan.text and "555" not in plan.text


async def test_recommendation_never_offers_a_contraindicated_service() -> None:
    history = ClientHistory(
        first_name="Maya", past_service_names=["Swedish Massage"], profile=extract_profile_offline("Allergic to almond oil. Deep tissue, knots in shoulders.", today=NOTES_DAY)
    )
    result = await build_ai(SETTINGS).recommend_next(history, MENU)
    assert "sv_3" not in result.candidates
    assert result.service_id in result.candidates and result.service_id != "sv_1"
    assert result.service_id == "sv_2" and result.reason.startswith("Deep Tissue Massage")


async def test_cli_json_has_one_key_per_field() -> None:
    import json

    out = json.loads(await extract_cli("Prefers firm. Not allergic to latex. Allergic to walnuts.", SETTINGS, as_json=True, today=NOTES_DAY))
    assert set(out) == {"pressure", "temperature", "music", "scent", "avoidScents", "focusAreas", "avoidAreas", "allergies", "contraindications", "communicationStyle"}
    assert out["allergies"] == [{"value": "nutOil", "evidence": "Allergic to walnuts"}]
    text = await extract_cli("Prefers firm.", SETTINGS, as_json=False, today=NOTES_DAY)
    assert text.splitlines()[0] == "engine: offline" and "pressure: firm" in text
