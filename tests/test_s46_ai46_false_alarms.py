"""s46 ai46 (rev46d): ordinary texts that d8d8b171's guardrails (probe46d H1/M1) rejected or warned about: a model's
briefing opening with a verb or an adjective before its service, or saying "split up"; a model's email signed by the
spa's team; a manager's edit naming her staff, her rooms or herself, or a policy; a hold's sentence that goes on to
the spa's hours. Each is the model's text again, or no concern, as at 9f8cbc42."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.ai import BriefingInput, InvitationInput, build_ai
from spa_copilot.ai.concierge import _briefing_view
from spa_copilot.ai.guardrails import briefing_invention_flags
from spa_copilot.ai.offline import extract_profile_offline
from spa_copilot.fill.drafts import OfferFacts, draft_problem, own_names, wording_concern
from spa_copilot.settings import Settings
from tests.conftest import model_settings

D = date(2026, 12, 7)
START = datetime(2026, 12, 8, 15, tzinfo=ZoneInfo("America/New_York"))

async def _invitation(llm_server, text: str, *, channel: str = "sms"):  # noqa: ANN001, ANN202
    """The model's invitation (the stub answering ``text``) for Maya's 3pm Swedish with Ana at the SoHo location,
    as the concierge keeps or replaces it."""
    invite = InvitationInput(
        first_name="Maya",
        service_name="Swedish Massage 60",
        starts_at=START,
        staff_first_name="Ana",
        location_name="Juniper & Salt SoHo",
        hold_minutes=10,
        channel=channel,  # type: ignore[arg-type]
    )
    ai = build_ai(Settings(_env_file=None, **model_settings(llm_server.base_url, spa_name="Juniper & Salt")))
    llm_server.stub.reset()
    llm_server.stub.script({"text": text})
    try:
        return await ai.fill_invitation(invite, staff_names=["Ana", "Jonah"])
    finally:
        await ai.aclose()


# M1: a briefing whose first word is a verb/adjective before the (capitalised) service falls back
BRIEFINGS = [
    ("Swedish Massage 60", "Loves Swedish Massage: medium pressure on the lower back, lavender, and a quiet room."),
    ("Swedish Massage 60", "Returning Swedish Massage guest; medium pressure on the lower back, lavender, quiet."),
    ("Signature Facial 60", "Booked Signature Facial 60 for her first visit. Medium pressure, lower back, lavender."),
    ("Aromatherapy Massage 60", "Books Aromatherapy Massage 60 again. Medium pressure, lower back; keep chat minimal."),
    ("Swedish Massage 60", "Maya likes her Swedish Massage time split up between the lower back and shoulders."),
    ("Hot Stone Massage 60", "Regular Hot Stone client; medium pressure on the lower back, lavender, quiet room."),
    ("Signature Facial 60", "First-time Signature Facial guest. Medium pressure, lower back, lavender, quiet."),
]


@pytest.mark.parametrize(("service", "text"), BRIEFINGS)
async def test_ordinary_briefing_is_the_models(llm_server, service, text):
    guest = BriefingInput(
        first_name="Maya",
        service_names=[service],
        visits=1,
        starts_at="14:30",
        profile=extract_profile_offline(
            "Medium pressure. Focus on lower back. Likes lavender. Prefers quiet.", today=D
        ),
    )
    ai = build_ai(Settings(_env_file=None, **model_settings(llm_server.base_url)))
    llm_server.stub.reset()
    llm_server.stub.script({"text": text})
    try:
        out = await ai.briefing_summary(guest, today=D)
    finally:
        await ai.aclose()
    assert not out.fallback, out.flags


# M2: an email invitation signed as the spa's team falls back to the offline text
BODY = (
    "Dear Maya,\n\nA Swedish Massage 60 with Ana just opened at Juniper & Salt SoHo on Tuesday, Dec 8 at 3:00 pm. "
    "It's held for you for 10 minutes.\n\nReply YES to claim it.\n\nWarm regards,\n"
)


@pytest.mark.parametrize(
    "sign", ["The Juniper & Salt Team", "The Team at Juniper & Salt SoHo", "Your Juniper & Salt Family"]
)
async def test_email_signed_by_the_team_is_the_models(llm_server, sign):
    out = await _invitation(llm_server, BODY + sign, channel="email")
    assert not out.fallback, out.flags


FACTS = OfferFacts(
    starts_at=START,
    send_day=D,
    guest_name="Maya",
    services=["Swedish Massage 60"],
    menu=["Swedish Massage 60", "Deep Tissue Massage 60"],
    location="Juniper & Salt SoHo",
    other_locations=["Juniper & Salt Venice"],
    names=["Juniper & Salt"],
    hold_minutes=10,
    staff_first_name="Ana",
    staff_names=["Ana", "Jonah"],
    minutes=60,
    service_minutes=[60],
)
H = (
    "Hi Maya! A spot opened with Ana at Juniper & Salt SoHo on Tue, Dec 8 at 3pm for a Swedish Massage 60. "
    "It's held for you for 10 minutes. Reply YES to grab it!"
)


# M3: a manager's ordinary Edit is warned (a second Save needed) with a line that calls her words another guest's name
@pytest.mark.parametrize(
    "extra",
    [
        " Ana said she'd love to see you again.",  # the slot's own therapist
        " Jonah recommended you for this one.",
        " — Leo, Front Desk",
        " Thanks, The Juniper & Salt Team",
        " Come early and enjoy our Eucalyptus Steam Room.",
        " Our cancellation policy applies.",
        " Take some extra time in the lounge afterwards.",
    ],
)
def test_ordinary_edit_has_no_concern(extra):
    assert wording_concern(H + extra, own_names(FACTS), guest="Maya") is None


# L1: a hard refusal (wrongHold) at Save and in the outbox for a sentence that speaks of the spa's hours
def test_open_till_close_is_no_hold():
    text = H.replace("10 minutes.", "10 minutes, and we're open till close.")
    assert draft_problem(text, starts_at=START, facts=FACTS) is None


#: Words a briefing says of the work or the room, not of a private life or an instruction, and a time since the last
#: visit that the record gives.
WORK_WORDS = [
    "Maya would approve of lavender; medium pressure on the lower back, quiet room.",
    "Maya's dying to get the lower back worked; medium pressure, lavender, quiet.",
    "Maya is back after shoulder rehab; medium pressure on the lower back, lavender, quiet.",
    "Maya hasn't been in for two months; medium pressure on the lower back, lavender, quiet.",
]


@pytest.mark.parametrize("text", WORK_WORDS)
def test_work_words_and_the_time_since_her_visit_are_no_invention(text):
    guest = BriefingInput(
        first_name="Maya",
        service_names=["Swedish Massage 60"],
        visits=5,
        starts_at="10:00",
        last_visit=date(2026, 10, 3),
        profile=extract_profile_offline(
            "Medium pressure. Focus on lower back. Likes lavender. Prefers quiet.", today=D
        ),
    )
    flags = briefing_invention_flags(
        text, _briefing_view(guest), first_name="Maya", services=guest.service_names, spa_name="Juniper & Salt", today=D
    )
    assert flags == []


CLAIM = H.replace("to grab it!", "to claim it.")
#: A model's invitation signed by or naming the location's team, or saying hours beside the hold that are not its.
MODEL_SMS = [
    CLAIM + " See you soon, the SoHo Team",
    CLAIM.replace("Reply YES", "Ana and the SoHo Staff look forward to it. Reply YES"),
    CLAIM.replace("10 minutes.", "10 minutes, and you can unwind for 2 hours after in our lounge."),
]


@pytest.mark.parametrize("text", MODEL_SMS)
async def test_a_models_invitation_naming_the_team_or_its_therapists_is_the_models(llm_server, text):
    out = await _invitation(llm_server, text)
    assert not out.fallback, out.flags


@pytest.mark.parametrize(
    "extra",
    [
        " A deposit holds it.",
        " Want to upgrade to 90 min? Just ask at the desk.",
        " Relax in the Tea Lounge after.",
        " — Sarah Kim, Spa Manager",
    ],
)
def test_a_policy_an_upsell_or_her_own_name_is_no_concern(extra):
    assert wording_concern(H + extra, own_names(FACTS), guest="Maya") is None
