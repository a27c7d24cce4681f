"""A text approved at night on a "moved away" card (its booking moved to the sister location) waits for texting hours;
the booking is moved back before they open, and the re-drive, not a poll, finds it first (session 31). Nothing is
sent, and the card says the appointment is back at its location, not "the cancelled appointment is booked again":
nothing was cancelled."""

from __future__ import annotations

import pytest

from spa_copilot import fill
from tests.conftest import FakeClock
from tests.fill_scene import Scene
from tests.test_s30_fill2_moved_back import _move_back, _moved_away_with_a_card
from tests.texting_hours import NIGHT, OPENS
from tests.texting_hours import approve as _approve
from tests.texting_hours import card_text as _card

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NIGHT)


async def test_a_waiting_text_for_a_booking_moved_back_says_it_is_back(scene: Scene) -> None:
    row = await _moved_away_with_a_card(scene)
    assert (await _approve(scene)).ok and scene.proposal["status"] == "approved" and scene.sent() == []
    _move_back(scene)
    scene.clock.current = OPENS
    await fill.redrive_outbox(scene.copilot)
    await fill.redrive_outbox(scene.copilot)
    assert scene.sent() == []
    assert scene.proposal["status"] == "failed"
    card = _card(scene)
    back = f"the appointment is back at {row['opening']['location_name']} at its hour".replace("&", "&amp;")
    assert f"nothing was sent when texting opened: {back}" in card, card
    assert "booked again" not in card and "cancelled appointment" not in card, card
