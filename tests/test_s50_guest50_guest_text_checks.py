"""What a text to a guest may not carry (probe50a M1, M2): her health in everyday words and Slack's markup in a
model's draft (replaced), and in a manager's Edit the slot's time in another zone, the therapist's surname or Slack's
markup (refused), as a model's draft with the same words is."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.ai import offline
from spa_copilot.ai.guardrails import check_text, other_zone
from spa_copilot.ai.schemas import InvitationInput
from spa_copilot.fill.drafts import (
    TOO_LATE_REPLY,
    OfferFacts,
    draft_problem,
    reply_text_problem,
)

START = datetime(2026, 11, 24, 11, 0, tzinfo=ZoneInfo("America/New_York"))
SUMMER = datetime(2026, 7, 14, 11, 0, tzinfo=ZoneInfo("America/New_York"))
INVITE = InvitationInput(
    first_name="Jen",
    service_name="Swedish Massage 60",
    starts_at=START,
    staff_first_name="Priya",
    hold_minutes=10,
    drafted_at=START - timedelta(hours=2),
)
GOOD = offline.invitation_text(INVITE, spa_name="Juniper & Salt")
FACTS = OfferFacts(
    starts_at=START,
    send_day=START.date(),
    guest_name="Jen",
    services=["Swedish Massage 60"],
    menu=["Swedish Massage 60"],
    location="SoHo",
    names=["Juniper & Salt"],
    hold_minutes=10,
    staff_first_name="Priya",
    staff_last_name="Nair",
    staff_names=["Priya", "Maya"],
    minutes=60,
)


def _model_flags(text: str) -> list[str]:
    return check_text(text, max_chars=320, menu_names=["Swedish Massage 60"], places=["Juniper & Salt"], greet="Jen")


@pytest.mark.parametrize(
    ("added", "kind"),
    [
        ("Hope you and baby are doing well!", "healthTopic"),
        ("Perfect for you and the bump!", "healthTopic"),
        ("Congrats on expecting!", "healthTopic"),
        ("Hope the migraines have eased.", "healthTopic"),
        ("We'll use latex-free gloves for you.", "healthTopic"),
        ("We'll keep it nut-free for you.", "healthTopic"),
        ("<!here>", "slackMarkup"),
        ("<@U123ABC>", "slackMarkup"),
        ("Unwind &amp; relax.", "slackMarkup"),
        (":sparkles:", "slackMarkup"),
        ("*Treat yourself!*", "slackMarkup"),
    ],
)
def test_a_model_draft_with_health_or_markup_is_flagged(added: str, kind: str) -> None:
    flags = _model_flags(GOOD.replace("Reply YES", f"{added} Reply YES"))
    assert any(flag.startswith(kind + ":") for flag in flags), flags


@pytest.mark.parametrize(
    "added",
    [
        "Feel free to reply.",
        "We're expecting you!",
        "Great for sore muscles.",
        "Terms apply*.",
        "See you soon :)",
        "Our lounge has fragrance-free products.",
        "Hope you're well!",
    ],
)
def test_ordinary_words_are_not_flagged(added: str) -> None:
    assert _model_flags(GOOD.replace("Reply YES", f"{added} Reply YES")) == []


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ("11:00 am", "11:00 am PST", "11:00 am PST"),
        ("11:00 am", "11:00 am Pacific time", "11:00 am Pacific time"),
        ("11:00 am", "11:00 am PT", "11:00 am PT"),
        ("with Priya", "with Priya Nair", "Priya Nair"),
        ("with Priya", "with Ms. Nair", "Ms. Nair"),
        ("Reply YES", "<@U123ABC> Reply YES", "<@U123ABC>"),
        ("Reply YES", ":sparkles: Reply YES", ":sparkles:"),
        ("Reply YES", "Unwind &amp; relax. Reply YES", "&amp;"),
    ],
)
def test_an_edit_with_another_zone_a_surname_or_markup_is_refused(old: str, new: str, said: str) -> None:
    assert draft_problem(GOOD, starts_at=START, facts=FACTS) is None
    problem = draft_problem(GOOD.replace(old, new), starts_at=START, facts=FACTS)
    assert problem is not None and f'"{said}"' in problem, problem


@pytest.mark.parametrize(
    ("said", "start", "wrong"),
    [
        ("11:00 am EST", START, False),
        ("11:00 am ET", START, False),
        ("11:00 am Eastern time", START, False),
        ("11:00 am EDT", SUMMER, False),
        ("11:00 am Central Park", START, False),
        ("11:00 am CT", START, True),
        ("11:00 am (Mountain Time)", SUMMER, True),
        ("11:00 GMT", START, True),
    ],
)
def test_the_zone_said_after_the_slots_time(said: str, start: datetime, wrong: bool) -> None:
    assert (other_zone(f"See you at {said}.", start) is not None) is wrong


def test_a_reply_with_markup_is_refused_and_the_default_passes() -> None:
    reply = TOO_LATE_REPLY.format(first_name="Jen", service="Swedish Massage 60", when="Tue 24 Nov at 11:00 am")
    assert reply_text_problem(reply, FACTS) is None
    assert "<!channel>" in (reply_text_problem(reply + " <!channel>", FACTS) or "")


def test_a_menu_name_written_with_stars_is_no_markup() -> None:
    menu = "*New* Glow Facial 60"
    text = GOOD.replace("Swedish Massage 60", menu)
    facts = OfferFacts(**{**FACTS.__dict__, "services": [menu], "menu": [menu], "minutes": 60})
    flags = check_text(text, max_chars=320, menu_names=[menu], places=["Juniper & Salt"], greet="Jen")
    assert not [flag for flag in flags if flag.startswith("slackMarkup")], flags
    assert draft_problem(text, starts_at=START, facts=facts) is None
    assert "*Relax*" in (
        draft_problem(text.replace("Reply YES", "*Relax* Reply YES"), starts_at=START, facts=facts) or ""
    )


def test_stars_put_around_a_menu_name_are_markup() -> None:
    starred = GOOD.replace("Swedish Massage 60", "*Swedish Massage 60*")
    assert any(flag.startswith("slackMarkup:") for flag in _model_flags(starred))
    assert "*Swedish Massage 60*" in (draft_problem(starred, starts_at=START, facts=FACTS) or "")
