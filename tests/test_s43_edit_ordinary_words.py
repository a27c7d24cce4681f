"""A manager's ordinary invitation is saved (rev43g M, after 6446608e refused a STOP outside the opt-out line and a
reply said needless): the carrier's opt-out line with HELP after it, one naming the spa, "STOP by", and a decline made
easy ("If not, no need to reply.", "Not for you? No reply needed."). The other keywords carriers read as an opt-out
(CANCEL, QUIT) said as a way to cancel are refused as a STOP is."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.ai import guardrails as g
from spa_copilot.fill import drafts as d

FACTS = d.OfferFacts(
    starts_at=datetime(2026, 12, 8, 14, 0, tzinfo=ZoneInfo("America/New_York")), send_day=date(2026, 12, 7),
    guest_name="Maya", services=["Swedish Massage"], menu=["Swedish Massage", "Deep Tissue Massage"], location="SoHo",
    names=["Juniper & Salt"], hold_minutes=10, staff_first_name="Ana", minutes=60, service_minutes=[60])
BASE = "Hi Maya, a Swedish Massage opened tomorrow at 2:00 PM at SoHo with Ana. Reply YES within 10 minutes to book it. "


@pytest.mark.parametrize("tail", [
    "Reply STOP to opt out, HELP for help.",
    "Reply STOP to opt out anytime.",
    "Text STOP to unsubscribe from Juniper & Salt texts.",
    "Feel free to STOP by anytime!",
    "If not, no need to reply.",
    "Not for you? No reply needed.",
])
def test_an_ordinary_edit_is_saved(tail: str) -> None:
    assert d.offer_check(BASE + tail, FACTS) is None


@pytest.mark.parametrize("tail", ["Reply CANCEL to cancel your other bookings.", "Reply QUIT if you can't come."])
def test_another_opt_out_keyword_said_to_cancel_is_refused(tail: str) -> None:  # fails at both commits
    text = BASE + tail
    assert d.offer_check(text, FACTS) is not None or g.check_text(text, max_chars=600, menu_names=FACTS.menu)
