"""A clear YES became an opt-out (rev31a M1, a regression of b937bcc): "Yes please! Take me off the waitlist and remove
me from my 5pm" recorded a STOP, because where the opt-out phrase stood was found in the reply with "take me off the
waitlist" (or "don't stop texting me") taken out, and then looked for in the reply as a whole. It is read in the
string it was found in now: such a yes goes to a person, and a real opt-out after such words stays a STOP."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from spa_copilot.fill import classify_reply
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

YESES = ["Yes!", "Yes please!", "Yeah", "Yes I'll take it!"]
SET_ASIDE = ["Take me off the waitlist", "Remove me from the wait list", "Please take me off the Tuesday waitlist",
             "Don't stop texting me", "Never stop sending these"]
NOT_HERS = ["remove me from my 5pm", "take me off the 4pm", "stop texting the others", "don't text me the address",
            "remove me from my 6pm booking with Kai"]
HERS = ["unsubscribe me", "stop texting me", "never text me again", "opt out", "leave me alone"]


@pytest.mark.parametrize("body", [
    "Yes please! Take me off the waitlist and remove me from my 5pm",
    "Yes I'll take it! Remove me from the wait list. And stop texting the others",
    *(f"{y} {r}. And {t}" for y, r, t in itertools.product(YESES, SET_ASIDE, NOT_HERS)),
])
def test_a_yes_after_words_set_aside_is_for_a_person(body: str) -> None:
    assert classify_reply(body) == "other"


@pytest.mark.parametrize("body", [f"{y} {r}. And {t}" for y, r, t in itertools.product(YESES[:3], SET_ASIDE[:3], HERS)])
def test_a_real_opt_out_after_words_set_aside_stays_a_stop(body: str) -> None:
    assert classify_reply(body) == "stop"


# rev32: beside "I'll take it" (a yes that takes the slot) her opt-out is a YES_STOP: recorded, the slot not declined
@pytest.mark.parametrize("body", [f"Yes I'll take it! {r}. And {t}" for r, t in itertools.product(SET_ASIDE[:3], HERS)])
def test_a_real_opt_out_beside_a_yes_that_takes_the_slot_is_a_yes_stop(body: str) -> None:
    assert classify_reply(body) == "yes_stop"


async def test_the_yes_is_no_opt_out_and_her_hold_stands(scene: Scene) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    await scene.reply(first["client_id"], "Yes please! Take me off the waitlist and remove me from my 5pm")
    await eventually(lambda: "follow up" in scene.thread_text())
    await asyncio.sleep(0.2)
    assert not scene.store.text_opted_out([first["client_id"]])
    assert scene.store.fill_offer(offer["id"])["status"] == "sent"
    assert not scene.bookings_for(first["client_id"])
