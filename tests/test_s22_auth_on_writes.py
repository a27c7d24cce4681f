"""A refused key (401: a key rotated or revoked for a while) on an approved text or a YES's booking keeps the work for
the outbox to retry, as an outage does (reliability review, 4 December): one 401 failed the proposal for good ("the
spa system refused the message", nothing sent) or the booking ("Could not book …: the spa system refused the
booking", nothing booked), while the calendar poll kept retrying the same 401 as an outage."""

from __future__ import annotations

from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.fill.outbox import NOT_SENT_KEY_TEXT, redrive_outbox
from spa_copilot.platform.errors import PlatformAuthError
from spa_copilot.slack import ids
from tests.fill_scene import Scene, down_once, eventually, proposed


def _refused_once(monkeypatch: pytest.MonkeyPatch, scene: Scene, method: str) -> dict[str, int]:
    return down_once(monkeypatch, scene.copilot.platform, method, PlatformAuthError(f"{method}: HTTP 401", status=401))


async def _later(scene: Scene) -> None:
    scene.clock.advance(minutes=2)
    await redrive_outbox(scene.copilot)
    await fill.expire_offers(scene.copilot)


async def test_an_approved_text_the_key_was_refused_for_goes_out_once_it_is_accepted(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    calls = _refused_once(monkeypatch, scene, "send_message")
    await scene.click(ids.APPROVE_FILL)
    await eventually(lambda: NOT_SENT_KEY_TEXT in scene.thread_text())
    assert scene.proposal["status"] == "approved" and not scene.sent()
    await _later(scene)
    assert len(scene.sent()) == 1 and calls["n"] == 2 and scene.proposal["status"] == "sent", scene.thread_text()
    assert "refused the message" not in scene.thread_text()


async def test_a_yes_whose_booking_the_key_was_refused_for_is_booked_once_it_is_accepted(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    _refused_once(monkeypatch, scene, "book_appointment")
    await scene.reply(first["client_id"], "YES")
    await _later(scene)
    assert len(scene.bookings_for(first["client_id"])) == 1, scene.thread_text()
    assert scene.proposal["status"] == "booked" and "Could not book" not in scene.thread_text()


def _forbidden(monkeypatch: pytest.MonkeyPatch, scene: Scene, method: str) -> None:
    async def refused(*args: Any, **kwargs: Any) -> Any:
        raise PlatformAuthError(f"{method}: HTTP 403: missing scope", status=403)

    monkeypatch.setattr(scene.copilot.platform, method, refused)


async def test_a_key_lacking_a_permission_fails_the_text_at_once(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 403 does not mend by waiting: retried, the slot was held for nobody for hours (a review of 11c0501)."""
    await proposed(scene)
    _forbidden(monkeypatch, scene, "send_message")
    await scene.click(ids.APPROVE_FILL)
    await eventually(lambda: scene.proposal["status"] == "failed")
    assert "refused the message" in scene.proposal["reason"] and NOT_SENT_KEY_TEXT not in scene.thread_text()


async def test_a_key_lacking_a_permission_fails_the_booking_at_once(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    _forbidden(monkeypatch, scene, "book_appointment")
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: "Could not book" in scene.thread_text())
    assert "refused the booking" in scene.thread_text() and not scene.bookings_for(first["client_id"])
