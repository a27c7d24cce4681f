"""Shared pieces of the texting-hours tests (``TEXT_SEND_HOURS``, default 08:00-21:00): the fill scene's night and
its opening (the scene is at the SoHo location, America/New_York), the card's text, a manager's Approve, a reply to
a late YES waiting for a manager."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from spa_copilot import fill
from spa_copilot.slack.views_models import FillCandidate, FillProposalView, Opening, ProposalState
from tests.fill_scene import Scene, proposed

NIGHT = datetime(2026, 11, 24, 9, 15, tzinfo=UTC)  # 4:15am in New York
OPENS = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)  # 8:00am in New York: texting opens
SLOT_START = datetime(2026, 11, 24, 16, 0, tzinfo=UTC)  # 11:00am in New York: the slot of card_view
MANAGER = "U0MANAGER"


def card_text(scene: Scene) -> str:
    card = scene.card
    return card.text + "\n" + json.dumps(card.blocks, ensure_ascii=False)


def card_view(state: ProposalState = ProposalState.pending, *, reason: str = "", decided_at: datetime | None = NIGHT,
              first_name: str = "Jane") -> FillProposalView:
    """A fill card's view for the 11:00am Swedish 60 at Juniper & Salt SoHo, offered to ``first_name``; decided (any
    state but pending) by ``MANAGER`` at ``decided_at`` (4:15am, before texting opens)."""
    pending = state == ProposalState.pending
    return FillProposalView(
        proposal_id="fp_card", revision=1,
        opening=Opening("ap_1", SLOT_START, SLOT_START + timedelta(hours=1), "Swedish 60", "America/New_York",
                        staff_name="Maya", location_name="Juniper & Salt SoHo"),
        candidates=(FillCandidate("cl_1", first_name, ("on waitlist",), 0.9),),
        draft="Hi Jane, an 11:00am Swedish 60 just opened today. Reply YES to book.",
        state=state, decided_by=None if pending else MANAGER, decided_at=None if pending else decided_at, reason=reason,
    )


async def approve(scene: Scene) -> fill.FillResult:
    """A manager's Approve on the card as it stands."""
    row = scene.proposal
    return await fill.approve_fill(scene.copilot, row["id"], row["revision"], user_id=scene.world.manager_id)


async def approved_at_night(scene: Scene) -> dict[str, Any]:
    """The scene's cancellation proposed and its first candidate approved at night: the text waits."""
    await proposed(scene)
    result = await approve(scene)
    assert result.ok and scene.proposal["status"] == "approved" and scene.sent() == []
    return scene.proposal


async def approved_while_sends_fail(scene: Scene, at: datetime) -> None:
    """At ``at``, the scene's cancellation proposed and its first candidate approved while the spa system answers
    every send with a 503: the approval stands and its text waits in the outbox for a re-drive."""
    from spa_copilot.platform.errors import PlatformUnavailable

    scene.clock.current = at
    await proposed(scene)
    real = scene.copilot.platform.send_message

    async def down(*_: object, **__: object) -> object:
        raise PlatformUnavailable("send_message: HTTP 503", status=503)

    scene.copilot.platform.send_message = down  # type: ignore[method-assign]
    try:
        assert (await approve(scene)).ok
    finally:
        scene.copilot.platform.send_message = real  # type: ignore[method-assign]


async def drive_past_opening(scene: Scene) -> None:
    """The re-drive and the expiry job at the opening and a minute after (driven twice: nothing more the second time)."""
    scene.clock.current = OPENS
    await fill.redrive_outbox(scene.copilot)
    await fill.expire_offers(scene.copilot)
    scene.clock.advance(minutes=1)
    await fill.redrive_outbox(scene.copilot)
    await fill.expire_offers(scene.copilot)


async def late_yes_reply(scene: Scene) -> tuple[dict[str, Any], dict[str, Any]]:
    """At 9:00am the first candidate's offer goes out at once and its hold runs out; their YES then is too late, so a
    reply is drafted for a manager. Returns the candidate and the reply's proposal (pending)."""
    scene.clock.current = OPENS + timedelta(hours=1)
    await proposed(scene)
    first = scene.candidate(0)
    await scene.approve_and_wait()
    scene.clock.advance(minutes=11)
    await fill.expire_offers(scene.copilot)  # the hold ran out
    offer = scene.store.latest_fill_offer(first["client_id"])
    await scene.reply(first["client_id"], "YES")
    reply = scene.store.fill_proposal_for(f"reply:{offer['id']}")
    assert reply is not None and reply["status"] == "pending"
    return first, reply
