"""A card the re-check of its guest's YES closed (the hour booked by hand meanwhile) says so, and when: it read
"Expired by @approver at <the approval's time>", as if the approver had expired it."""
from __future__ import annotations

from spa_copilot import fill
from tests.fill_scene import Scene, proposed, sms_reply
from tests.test_s29_fill_yes_to_unsent_text import _book_by_hand


def _context_lines(scene: Scene) -> list[str]:
    return [e["text"] for b in scene.card.blocks if b["type"] == "context" for e in b["elements"]]


async def test_a_card_closed_by_a_lost_re_check_says_what_closed_it_and_when(scene: Scene) -> None:
    await proposed(scene)
    first, _offer = await scene.first_offer_sent()
    assert first["first_name"] == "Christopher"
    approved_at = scene.clock.current
    _book_by_hand(scene, first)
    scene.clock.advance(minutes=3)
    await fill.on_message_received(scene.copilot, sms_reply(first["client_id"], "YES", scene.clock.current, "m"))
    row = scene.proposal
    assert row["status"] == "expired" and row["decided_at"] != approved_at.isoformat()
    manager = scene.world.manager_id
    assert _context_lines(scene)[0] == (
        ":lock: Closed at 9:03am Juniper &amp; Salt SoHo time when Christopher's YES was re-checked: the slot is no "
        f"longer free (no qualified therapist free for Swedish Massage 60). Text approved by <@{manager}>."
    )
    assert "Expired by" not in scene.card_text()
