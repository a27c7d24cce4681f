"""s51: the prep DM says the guest's no-show risk, as the morning DM does (README: "then preferences, the last visit,
the no-show risk"; a first-run probe found it never did: the prep path read no risk). In plain text (the prep DM is
escaped raw text), after the last visit; a low risk without reasons; a later part of a visit told it is the visit's;
"not scored (no usable booking date)" said; a book that could not be scored just now is not said in one guest's DM.
The said-digest is unchanged, so a risk that moves is no update."""

from __future__ import annotations

import json

import pytest

from spa_copilot.briefings import send_prep_briefings
from spa_copilot.engines import briefing as engine
from spa_copilot.risk.bands import HISTORY_UNREAD, NOT_SCORED, RiskScore, RiskScores
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar

HIGH = engine.RiskNote("high", 0.41, ("2 no-shows in the past year", "booked 40 days ahead"))


@pytest.mark.parametrize(
    ("risk", "said"),
    [
        (HIGH, "No-show risk: high (41%) — 2 no-shows in the past year; booked 40 days ahead"),
        (engine.RiskNote("low", 0.07, ("booked 3 days ahead",)), "No-show risk: low (7%)"),
        (engine.RiskNote("medium", 0.004, ()), "No-show risk: medium (<1%)"),
        (engine.RiskNote(None, unscored=NOT_SCORED), "No-show risk: not scored (no usable booking date)"),
        (engine.RiskNote("medium", 0.33, ("massage bookings are missed more often",),
                         visit="the visit from 1:00pm (Swedish Massage 60 with Ana)"),
         "No-show risk for the visit from 1:00pm (Swedish Massage 60 with Ana): medium (33%) — massage bookings"),
        (None, ""),
    ],
)
def test_the_prep_risk_line(risk, said):
    shown = engine.prep_risk_words(risk)
    assert shown.startswith(said) if said else shown == ""


class _Fixed:
    def __init__(self, failure: str | None = None) -> None:
        self.failure = failure

    def score(self, appointments, history, services, locations, now, clients=None):  # noqa: ANN001, ANN201
        return {a.id: RiskScore(appointment_id=a.id, probability=0.41, band="high", reasons=["2 no-shows in the past year"])
                for a in appointments}


def _prep_dms(world: SandboxWorld) -> list[str]:
    texts = []
    for staff in world.data.staff:
        if (user := world.slack_id(staff.id)) is not None:
            texts += [m.text + json.dumps(m.blocks, ensure_ascii=False) for m in world.slack.messages(user)]
    return texts


async def test_a_prep_dm_says_the_risk_of_a_guest_still_to_come(world: SandboxWorld) -> None:
    """A booking starting now or started (a walk-in's "Started at") is no no-show risk: no line, as in the day book."""
    world.copilot.risk = _Fixed()
    await poll_calendar(world.copilot)
    assert await send_prep_briefings(world.copilot)
    dms = _prep_dms(world)
    line = "No-show risk: high (41%) — 2 no-shows in the past year"
    to_come = [dm for dm in dms if dm.startswith("Coming up") and not dm.startswith("Coming up at 9:00am")]
    assert to_come and all(line in dm for dm in to_come)
    assert not any(line in dm for dm in dms if dm.startswith("Coming up at 9:00am"))  # starts at the clock's now


async def test_a_book_not_scored_just_now_is_not_said_in_a_prep_dm(world: SandboxWorld, monkeypatch) -> None:
    world.copilot.risk = _Fixed()

    async def unread(appointments, clients=None):  # noqa: ANN001, ANN202
        return RiskScores(failure=HISTORY_UNREAD)

    monkeypatch.setattr(world.copilot, "risk_scores", unread)
    await poll_calendar(world.copilot)
    assert await send_prep_briefings(world.copilot)
    dms = _prep_dms(world)
    assert dms and not any("No-show risk" in dm for dm in dms)
