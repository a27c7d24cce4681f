"""An independent review of the SMS checks (``guardrails.check_text``) found drafts that reached the approver as the
model's text although they broke the rules:

1. Invisible characters hid every offending word from the patterns: a zero-width space in "50%\u200b off", a soft hyphen
   in "com\u00adplimentary", "h\u200bttps://evil\u200b.example/x", "212-555\u200b-0142", "$\u200b99"; a NUL and a
   right-to-left override passed too, and so did "＄99" (full width) and "evil․com" (one dot leader).
2. Client-facing content the checks did not know: an offer in other words ("at half the usual rate", "an extra 30
   minutes on us", "we'll waive the fee", "2 for 1"), a price without a currency sign ("it's 99 now", "price 99.00
   today"), a text speaking as an AI, a health question to the guest, a link to an IP address, a phone number with a
   space between every digit.

Each case is a test below; so are ordinary drafts that must keep passing (times, dates, "10 minutes", the menu price,
the spa's name, "Reply YES to claim"), and every text the offline engine writes over the sandbox spa's menu.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.ai import offline
from spa_copilot.ai.guardrails import audit_flags, check_text, reader_text
from spa_copilot.ai.schemas import FollowUpInput, InvitationInput
from tests.builders import OneAnswerModel

T = "It's held for you for 10 minutes. Reply YES to claim it."
#: As ``Concierge.fill_invitation`` checks an SMS invitation for Maya (Deep Tissue Massage, $140, held 10 minutes).
INVITE: dict[str, Any] = dict(
    max_chars=offline.SMS_LIMIT,
    menu_names=["Deep Tissue Massage"],
    allowed_prices=[140.0],
    required=["Reply YES to claim", "10 min"],
    places=["Willow Spa"],
    greet="Maya",
)
ZW = "\u200b"


def _flags(text: str, **overrides: Any) -> list[str]:
    return check_text(text, **(INVITE | overrides))


def _has(flags: list[str], expected: str) -> bool:
    return any(flag.startswith(expected) for flag in flags)


# --- 1. invisible characters ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm, 50%{ZW} off! {T}", "discount:50% off"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm, com\u00adplimentary upgrade! {T}", "discount:complimentary"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm. {T} h{ZW}ttps://evil{ZW}.example/x", "link"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm. {T} Call 212-555{ZW}-0142", "phone"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm for ${ZW}99. {T}", "unknownPrice:$99"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm, dis\u2060count today. {T}", "discount:discount"),  # word joiner
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm, 50%\ufeff off. {T}", "discount:50% off"),  # BOM
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm, 50%\u200e off. {T}", "discount:50% off"),  # left-to-right mark
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm, free\u034f of charge. {T}", "discount:free of charge"),  # CGJ
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm at\u3164no\u3164cost. {T}", "discount:at no cost"),  # Hangul filler
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm at\u2800no\u2800cost. {T}", "discount:at no cost"),  # blank Braille
        (f"Hi Maya,\u0000\u202e a Deep Tissue Massage spot opened Tue 8 Dec at 3:00 pm. {T}", "invisibleCharacters"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm. {T} \u202e.ffo %05", "invisibleCharacters"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm. {T}\U000e0069\U000e0067\U000e006e", "invisibleCharacters"),  # tags
    ],
)
def test_a_hidden_character_hides_nothing_and_is_itself_flagged(text: str, expected: str) -> None:
    flags = _flags(text)
    assert _has(flags, expected), flags
    assert _has(flags, "invisibleCharacters"), flags


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm for ＄99. {T}", "unknownPrice:$99"),  # full-width dollar sign
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm for ９９ dollars. {T}", "unknownPrice:99 dollars"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm. {T} evil\u2024com", "link"),  # one dot leader
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm, ５０％ ｏｆｆ. {T}", "discount:50% off"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm, disc\u0332ount. {T}", "discount:discount"),  # combining low line
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm, d\u0456scount. {T}", "mixedScript:d\u0456scount"),  # Cyrillic i
    ],
)
def test_a_draft_is_checked_as_a_reader_sees_it(text: str, expected: str) -> None:
    flags = _flags(text)
    assert _has(flags, expected), flags
    assert not _has(flags, "invisibleCharacters"), flags  # visible, only written with other code points


def test_the_reader_text_and_the_hidden_characters() -> None:
    assert reader_text("50%\u200b off, com\u00adplimentary") == ("50% off, complimentary", ["U+200B", "U+00AD"])
    assert reader_text("＄99 at 3\u202fpm, evil\u2024com") == ("$99 at 3 pm, evil.com", [])
    assert reader_text("line one\nline two\ttab\r\n") == ("line one\nline two\ttab\r\n", [])
    assert reader_text("Zoe\u0308 and Zoë") == ("Zoë and Zoë", [])  # NFKC joins the accent it can
    assert reader_text("a\x00b\x7fc\x1bd") == ("abcd", ["U+0000", "U+007F", "U+001B"])


@pytest.mark.parametrize(
    "emoji",
    ["\U0001f9d6\u200d\u2640\ufe0f", "\u2764\ufe0f", "1\ufe0f\u20e3", "\U0001f469\U0001f3fd\u200d\U0001f4bb", "\u2728"],
)
def test_an_emoji_keeps_its_own_joiner_and_variation_selector(emoji: str) -> None:
    text = f"Hi Maya, a Deep Tissue Massage spot opened Tue 8 Dec at 3:00 pm {emoji} {T}"
    assert _flags(text) == []


def test_a_joiner_or_selector_inside_a_word_is_hidden() -> None:
    assert _has(_flags(f"Hi Maya, a Deep Tissue Massage spot opened Tue 8 Dec at 3:00 pm, en\u200djoy. {T}"), "invisibleCharacters")
    assert _has(_flags(f"Hi Maya, a Deep Tissue Massage spot opened Tue 8 Dec at 3:00 pm, en\ufe0fjoy. {T}"), "invisibleCharacters")


def test_a_staff_text_is_read_the_same_way() -> None:
    briefing = "Maya is in for a Deep Tissue Massage at 14:30; 50%\u200b off today, call 212-555\u200b-0142."
    flags = check_text(briefing, max_chars=400, client_facing=False, menu_names=["Deep Tissue Massage"])
    assert {"phone", "discount:50% off"} <= set(flags) and _has(flags, "invisibleCharacters"), flags


def test_only_hidden_characters_is_empty() -> None:
    assert check_text("\u200b\u200b\u00ad", max_chars=320) == ["empty", "invisibleCharacters:U+200B,U+00AD"]


def test_the_audit_keeps_the_kind_of_the_new_flags_only() -> None:
    flags = ["invisibleCharacters:U+200B", "aiMention:AI", "healthTopic:pregnant", "mixedScript:dіscount"]
    assert audit_flags(flags) == ["invisibleCharacters", "aiMention", "healthTopic", "mixedScript"]


# --- 2. what a client-facing draft may not say ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an offer in other words
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm at half the usual rate. {T}", "discount:half the usual rate"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm with an extra 30 minutes on us. {T}", "discount:on us"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm; we'll waive the fee. {T}", "discount:waive"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm, 2 for 1 this week. {T}", "discount:2 for 1"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm, two-for-one this week. {T}", "discount:two-for-one"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm at a special price just for you. {T}", "discount:special price"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm, plus a gift card for you. {T}", "discount:gift card"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm, complimentary upgrade! {T}", "discount:complimentary"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm and we'll knock $40 off. {T}", "discount:knock $40 off"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm, a great deal. {T}", "discount:great deal"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm, the upgrade is yours for free. {T}", "discount:for free"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm, 20% less than usual. {T}", "discount:20% less"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm, with a bonus hot towel. {T}", "discount:bonus"),
        # a price without a currency sign
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm, it's 99 now. {T}", "unknownPrice:it's 99"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm, price 99.00 today. {T}", "unknownPrice:price 99.00"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm, only 70 today. {T}", "unknownPrice:only 70"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm: was 140, now 120. {T}", "unknownPrice:now 120"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm, it costs just 99. {T}", "unknownPrice:costs just 99"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm, the fee is 25. {T}", "unknownPrice:fee is 25"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm, yours for 99 today. {T}", "unknownPrice:for 99"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm for 99 bucks. {T}", "unknownPrice:99 bucks"),
        # speaking as an AI
        (f"Hi Maya, as your AI assistant I found a Deep Tissue Massage spot Tue 8 Dec 3pm. {T}", "aiMention:your AI"),
        (f"Hi Maya, I'm an AI: Deep Tissue Massage Tue 8 Dec 3pm. {T}", "aiMention:an AI"),
        (f"Hi Maya, this is an automated assistant: Deep Tissue Massage Tue 8 Dec 3pm. {T}", "aiMention:automated"),
        (f"Hi Maya, this is an automated assistant: Deep Tissue Massage Tue 8 Dec 3pm. {T}", "aiMention:assistant"),
        (f"Hi Maya, our booking bot found a Deep Tissue Massage spot Tue 8 Dec 3pm. {T}", "aiMention:bot"),
        # health, asked or told
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm. Are you pregnant or on blood thinners? {T}", "healthTopic:pregnant"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm. Are you pregnant or on blood thinners? {T}", "healthTopic:blood thinners"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm. Any allergies? {T}", "healthTopic:allergies"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm. Any medical conditions we should know? {T}", "healthTopic:medical"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm. Is your latex allergy still an issue? {T}", "healthTopic:allergy"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm, great after your back surgery. {T}", "healthTopic:surgery"),
        # a link to an IP address, a phone number spelled out
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm. {T} Book at 10.0.0.1/book", "link"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm. {T} Book at 192.168.1.20:8080", "link"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm. {T} Or call 2 1 2 5 5 5 0 1 4 2.", "phone"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm. {T} Or call 212 5 5 5 0142.", "phone"),
        (f"Hi Maya, Deep Tissue Massage Tue 8 Dec 3pm. {T} Or call five five five oh one four two.", "phone"),
    ],
)
def test_a_client_draft_that_offers_prices_speaks_as_an_ai_or_asks_about_health_is_flagged(text: str, expected: str) -> None:
    flags = _flags(text)
    assert expected in flags, flags


def test_the_spelled_out_price_is_the_menu_price_passes() -> None:
    assert _flags(f"Hi Maya, a Deep Tissue Massage spot opened Tue 8 Dec at 3:00 pm, only 140 today. {T}") == []


def test_a_staff_briefing_may_name_health_and_speak_of_rates() -> None:
    briefing = (
        "Maya is in for a Prenatal Massage at 10:00; 24 weeks pregnant, latex allergy, on blood thinners. "
        "Any allergies beyond latex: none noted. Pressure rate 7."
    )
    assert check_text(briefing, max_chars=400, max_sentences=3, menu_names=["Prenatal Massage"], client_facing=False) == []


# --- the ordinary drafts that must keep passing ---

GOOD_INVITATIONS = [
    f"Hi Maya, a Deep Tissue Massage spot just opened at Willow Spa on Tue 8 Dec at 3:00 pm with Lena ($140). {T}",
    f"Hi Maya! Good news: a Deep Tissue Massage spot opened Fri 4 Dec at 9:05 am. {T}",
    f"Hi Maya, a 60-minute Deep Tissue Massage is free tomorrow at 11:00 am. {T}",
    f"Hi Maya, your Deep Tissue Massage could be Sat 2 Jan at 12:45 pm - it's yours if you want it. {T}",
    f"Hi Maya, a spot for Deep Tissue Massage ($140) opened today at 4:15 pm. {T} First come, first served.",
    "Hi Maya, a Deep Tissue Massage spot opened Tue 8 Dec at 3pm. Reply YES to claim within 10 minutes; we'll save it for you.",
    "Hi Maya, a Deep Tissue Massage opened on 12/8 at 3 pm. Reply YES to claim - we hold it 10 min, then it goes to the waitlist.",
    f"Hi Maya, we have a free spot for a Deep Tissue Massage on Sun 1 Nov at 1:30 am EST. {T}",
    f"Hi Maya, a Deep Tissue Massage spot opened Tue 8 Dec at 3:00 pm. Feel free to reply with questions. {T}",
    f"Hi Maya, you can count on us: a Deep Tissue Massage spot opened Tue 8 Dec at 3:00 pm. {T}",
    f"Hi Maya, a Deep Tissue Massage spot opened Tue 8 Dec at 3:00 pm, only 10 minutes from your last visit's time. {T}",
    f"Hi Maya, just one Deep Tissue Massage spot left, Tue 8 Dec at 3:00 pm. {T}",
    f"Hi Maya, only 2 spots left for a Deep Tissue Massage, Tue 8 Dec at 3:00 pm. {T}",
    f"Hi Maya, a Deep Tissue Massage spot opened Tue 8 Dec, 3:00-4:00 pm. {T} Please arrive 10 minutes early to sign a waiver.",
    f"Hi Maya, it's 60 minutes of Deep Tissue Massage on Tue 8 Dec at 3 pm, now 10:30 am here. {T}",
    f"Hi Maya, a Deep Tissue Massage spot opened Tue 8 Dec at 3:00 pm, 2 for 1 hour? No: one guest, 1 hour. {T}",
    f"Hi Maya, a Deep Tissue Massage spot opened Tue 8 Dec at 3:00 pm. {T} Reply STOP to opt out.",
    f"Hi Maya, a Deep Tissue Massage opened on Tue 8 Dec at 3:00 pm, just for 60 min. {T}",
    f"Hi Maya, a Deep Tissue Massage spot for 2 guests opened Tue 8 Dec at 3:00 pm. {T}",
    f"Hi Maya, a Deep Tissue Massage spot opened 8 Dec 2026 at 15:00. {T}",
    f"Hi Maya, a Deep Tissue Massage spot opened Tue 8 Dec at 3:00 pm. {T} Warmly, Willow Spa",
    f"Hi Maya, a Deep Tissue Massage spot opened Tue 8 Dec at 3:00 pm (Room 2). {T}",
    f"Hi Maya, a Deep Tissue Massage spot opened Tue 8 Dec at 3:00\u202fpm. {T}",  # a narrow no-break space is a space
    f"Hi Maya,\na Deep Tissue Massage spot opened Tue 8 Dec at 3:00 pm.\r\n{T}",
    f"Hi Maya, a Deep Tissue Massage spot opened Tue 8 Dec at 3:00 pm – see you soon… {T}",
]


@pytest.mark.parametrize("text", GOOD_INVITATIONS)
def test_an_ordinary_invitation_still_passes(text: str) -> None:
    assert _flags(text) == []


GOOD_FOLLOW_UPS = [
    "Hi Maya, thank you for visiting Willow Spa for your Swedish Massage with Lena. Reply anytime to book your next visit.",
    "Hi Maya, we hope you're feeling relaxed after your massage today. Feel free to reply to book your next visit.",
    "Hi Maya, thanks for coming in. Lena says your shoulders were tight, so our Deep Tissue Massage might suit you.",
    "Hi Maya, thank you for your Prenatal Massage 60 today. Next time you might enjoy our Seaweed Detox Body Wrap 75.",
    "Hi Maya, thank you for your Prenatal Massage today. Next time you might enjoy our Seaweed Detox Body Wrap.",
    "Hi Maya, it was lovely to see you at Willow Spa. We'd love to welcome you back soon!",
    "Hi Ai, thank you for visiting Willow Spa for your Swedish Massage. Reply anytime to book your next visit.",
]


@pytest.mark.parametrize("text", GOOD_FOLLOW_UPS)
def test_an_ordinary_follow_up_still_passes(text: str) -> None:
    greet = text.split(",")[0].removeprefix("Hi ")
    menu = ["Swedish Massage", "Deep Tissue Massage", "Prenatal Massage 60", "Seaweed Detox Body Wrap 75"]
    assert check_text(text, max_chars=offline.SMS_LIMIT, menu_names=menu, places=["Willow Spa"], greet=greet) == []


def test_every_offline_text_over_the_sandbox_menu_passes() -> None:
    """The offline engine's invitations and follow-ups for every service of the sandbox spa, with and without a
    location, therapist and price: a new pattern that flagged one would turn every model draft naming it into the
    template (before the menu's own names were masked, "Seaweed Detox Body Wrap 75" was a medical claim)."""
    from spa_copilot.sandbox.generator import generate_spa

    data = generate_spa(clients=100, today=date(2026, 12, 1))
    zone = ZoneInfo("America/New_York")
    times = [datetime(2026, 12, 8, 15, 0, tzinfo=zone), datetime(2026, 11, 1, 1, 30, tzinfo=zone)]
    locations = [None, *(location.name for location in data.locations)]
    spa = "Juniper & Salt"
    flagged = []
    for index, (service, location, when, channel) in enumerate(itertools.product(data.services, locations, times, ("sms", "email"))):
        price = service.price if index % 2 else None
        invite = InvitationInput(
            first_name="Maya", service_name=service.name, starts_at=when, staff_first_name="Lena" if index % 3 else None,
            location_name=location, price=price, hold_minutes=10, channel=channel,  # type: ignore[arg-type]
        )
        text = offline.invitation_text(invite, spa_name=spa)
        places = [location] if location else []
        flags = check_text(
            text, max_chars=offline.SMS_LIMIT if channel == "sms" else offline.EMAIL_LIMIT, menu_names=[service.name],
            allowed_prices=[price] if price is not None else [], required=["Reply YES to claim", "10 min", *places],
            places=[spa, *places], greet="Maya",
        )
        flagged += [(text, flags)] if flags else []
    for index, (service, channel) in enumerate(itertools.product(data.services, ("sms", "email"))):
        suggestion = data.services[(index * 7) % len(data.services)].name
        follow = FollowUpInput(
            first_name="Maya", service_name=service.name, visit_date=date(2026, 11, 30), suggestion=suggestion,
            staff_first_name="Lena", channel=channel,  # type: ignore[arg-type]
        )
        text = offline.follow_up_text(follow, spa_name=spa)
        flags = check_text(
            text, max_chars=offline.SMS_LIMIT if channel == "sms" else offline.EMAIL_LIMIT,
            menu_names=[service.name, suggestion], places=[spa], greet="Maya",
        )
        flagged += [(text, flags)] if flags else []
    assert flagged == []


# --- the model's draft is replaced, end to end ---


@pytest.mark.parametrize(
    "draft",
    [
        f"Hi Maya, a Deep Tissue Massage spot opened Tue 8 Dec at 3:00 pm, 50%{ZW} off! {T}",
        f"Hi Maya, as your AI assistant I found a Deep Tissue Massage spot Tue 8 Dec at 3:00 pm. {T}",
    ],
)
async def test_a_flagged_draft_is_replaced_by_the_offline_text(draft: str) -> None:
    from spa_copilot.ai.concierge import Concierge
    from spa_copilot.settings import Settings

    invite = InvitationInput(
        first_name="Maya", service_name="Deep Tissue Massage", starts_at=datetime(2026, 12, 8, 15, tzinfo=ZoneInfo("America/New_York")),
        price=140.0, hold_minutes=10,
    )
    settings = Settings(_env_file=None, llm_model="stub-model", spa_name="Willow Spa")  # type: ignore[call-arg]
    result = await Concierge(settings, model=OneAnswerModel(draft)).fill_invitation(invite)  # type: ignore[arg-type]
    assert result.fallback and result.text == offline.invitation_text(invite, spa_name="Willow Spa"), result
    clean = draft.replace(ZW, "").replace("50% off! ", "").replace("as your AI assistant I found", "there is")
    ok = await Concierge(settings, model=OneAnswerModel(clean)).fill_invitation(invite)  # type: ignore[arg-type]
    assert not ok.fallback and ok.text == clean, ok.flags


# --- no pattern is slow on a long draft ---


@pytest.mark.parametrize(
    "unit", ["99 ", ZW, "on us ", "only 99 ", "2 for ", "1.", "one ", "1", "AI ", "pregnant ", "d\u0456 ", "5 ", "half "]
)
@pytest.mark.parametrize("client_facing", [True, False])
def test_a_long_hostile_draft_is_refused_for_its_length(unit: str, client_facing: bool) -> None:
    """Its other checks read only the first ``max_chars`` characters (it is refused for its length anyway); how
    long they take is measured by benchmarks/scrub_worst_case.py ("draft checks"), not timed here."""
    text = (unit * (10_000 // len(unit) + 1))[:10_000]
    flags = check_text(text, **(INVITE | {"client_facing": client_facing}))
    assert _has(flags, "tooLong") or flags == ["empty", "invisibleCharacters:U+200B"], flags
