"""A clear yes said with other yes words became a STOP (rev31a M3): "I'll take it! Remove me from my 5pm", "Sí! Remove
me from the 5pm slot and book me this one", "Sure, stop texting the others", "Of course! Remove me from the 6pm",
"Count me in, and remove me from the other slot" recorded an opt-out, since only yes/yeah/yep/yup sent an opt-out
phrase that may not be hers to a person. Any yes word or phrase does now; an opt-out that can only be hers ("Ok,
remove me", "Sure, take me off your list", "Ok, stop texting me", "Sure, unsubscribe me") stays a STOP."""

from __future__ import annotations

import asyncio

import pytest

from spa_copilot.fill import classify_reply
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

FOR_A_PERSON = ["I'll take it! Remove me from my 5pm", "Sí! Remove me from the 5pm slot and book me this one",
                "Sure, stop texting the others", "Of course! Remove me from the 6pm",
                "Count me in, and remove me from the other slot", "Absolutely! Remove me from my Friday booking please",
                "Book me! And take me off the Saturday one", "Sounds good, take me off my Thursday appointment then",
                "Ok please remove me from the 5pm and book me in this one", "Perfect! Take me off the 4pm then",
                "Ok, no more texts needed", "I'll take it! Please take me off the 4pm and put me in this one"]
# ("Yes, remove me", "Yes, take me off the list" go to a person: test_s31_replies_yes_and_the_list)
HERS = ["Ok, remove me", "Sure, remove me", "Ok take me off your list",
        "Ok please remove me from your list", "Deal. Take me off the list after", "Sure, unsubscribe me",
        "Ok, stop texting me", "Of course, stop texting me", "Si, stop texting the others", "Y stop texting the others"]


@pytest.mark.parametrize("body", FOR_A_PERSON)
def test_a_yes_beside_an_opt_out_that_may_not_be_hers_is_for_a_person(body: str) -> None:
    assert classify_reply(body) == "other"


@pytest.mark.parametrize("body", HERS)
def test_an_opt_out_that_can_only_be_hers_stays_a_stop(body: str) -> None:
    assert classify_reply(body) == "stop"


@pytest.mark.parametrize("body", ["I'll take it! Remove me from my 5pm", "Sure, stop texting the others"])
async def test_no_opt_out_is_recorded_and_her_hold_stands(scene: Scene, body: str) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    await scene.reply(first["client_id"], body)
    await eventually(lambda: "follow up" in scene.thread_text())
    await asyncio.sleep(0.2)
    assert not scene.store.text_opted_out([first["client_id"]])
    assert scene.store.fill_offer(offer["id"])["status"] == "sent"
