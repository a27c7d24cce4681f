"""A briefing that already says "(first visit)" does not repeat it as a risk reason ("Josiah (first visit) … —
massage booking; new client (first appointment)" said one fact twice on one line)."""

from __future__ import annotations

from datetime import date

from spa_copilot.ai.schemas import GuestProfile
from spa_copilot.domain import NEW_CLIENT_REASON
from spa_copilot.engines import briefing as engine
from tests import builders as b

DAY = date(2026, 11, 24)
RISK = engine.RiskNote("medium", 0.3, ("massage booking", NEW_CLIENT_REASON))


def brief(**client: object) -> engine.GuestBrief:
    booking = b.appointment(b.at(DAY, "10:00"), id="ap_1")
    return engine.guest_brief(booking, "st_1", client=b.client(**client), profile=GuestProfile(),
                              services={"sv_1": b.service()}, resources={}, staff={"st_1": b.staff()}, risk=RISK)


def test_a_first_visit_drops_the_new_client_reason_and_keeps_the_others() -> None:
    new = brief()
    assert new.new_client and new.risk is not None
    assert new.risk.reasons == ("massage booking",) and new.risk.band == "medium"


def test_a_guest_the_brief_does_not_call_new_keeps_every_reason() -> None:
    returning = brief(last_visit_date=date(2026, 10, 1))  # a visit the spa system knows of, before the history read
    assert not returning.new_client and returning.risk == RISK
