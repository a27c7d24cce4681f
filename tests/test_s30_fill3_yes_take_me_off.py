"""A yes asking to come off the waitlist was read as an opt-out (rev30g M1): "Yes please! And you can take me off the
waitlist" and "Yes! Remove me from the waitlist for Friday" recorded a STOP and booked nobody, and "Sí, gracias! No
me escriban más tarde de las 9" ("don't write after 9") matched the Spanish "no me escriban más". Such replies go to a
person: no opt-out recorded, nobody booked on them, and so does a plain English yes beside an opt-out phrase (rev30k);
an opt-out phrase beside anything else ("Definitely stop texting me", "No me manden más mensajes y no me llamen") is
a STOP."""

from __future__ import annotations

import asyncio

import pytest

from spa_copilot.fill import classify_reply
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

FOR_A_PERSON = [
    "Yes please! And you can take me off the waitlist",
    "Yes! Remove me from the waitlist for Friday",
    "Sí, gracias! No me escriban más tarde de las 9 porfa",
    "Yes! take me off the waitlist",
    "Yes please, and remove me from the waitlist",
    "Please take me off the waitlist",
    "Yes, and stop texting me after 9pm",  # a plain English yes beside an opt-out: a person reads which (rev30k); one put off
    # "after this" is hers and the yes this offer's ("yes_stop", probe47b: tests/test_s49_yes_then_stop.py)
    "Yes! Please remove me from the 5pm slot and book me this one", "Yes, stop texting the others",
    "Yes! Please take me off the waiting list", "Sí! No dejen de escribirme", "Yes! Dont u ever stop texting me",
    "Yes, don't text me the address I know it", "Yes, no more texts needed, see you then",
    "Yes, take me off the 4pm and put me in this one", "Oui! Envoyez-moi plus de messages comme ça",
]


@pytest.mark.parametrize("body", FOR_A_PERSON)
def test_a_yes_or_the_waitlist_beside_an_opt_out_phrase_is_for_a_person(body: str) -> None:
    assert classify_reply(body) == "other"


@pytest.mark.parametrize("body", [
    "STOP", "Stop", "Yes stop", "Take me off your list", "Please remove me", "Stop texting me", "Ok, stop texting me",
    "No me manden más", "no, no me escriban más", "No me escriban más por favor", "Unsubscribe",
    "Stop texting me, I never asked to reply yes to claim anything",
    # an opt-out is honoured whatever else the reply says (rev30j: a yes beside it, a Spanish "y" or "si", plain
    # "list", "más de estos" had become no opt-out at all)
    "Deal. Take me off the list after", "Sí, pero no me manden más mensajes",
    "No me manden más mensajes y no me llamen", "Dejen de escribirme y borren mi número",
    "I'm in Florida now, please stop texting me", "Definitely stop texting me", "take me off the list",
    "No me manden más de estos mensajes", "Remove me from the waitlist and stop texting me",
    # review 30l: a negation ending the sentence before is no "don't stop"; "plus de messages", "más de sus mensajes";
    # a plain yes beside an opt-out that can mean nothing else
    "No, dejen de escribirme", "Sorry I can't. Stop texting me", "Can't you stop texting me?",
    "Why don't you stop texting me", "Worst spa ever. Stop texting me", "Não, parem de me mandar mensagens",
    "Je ne veux plus de messages", "Merci, plus de messages", "No me manden más de sus mensajes",
    "No me escriban más de este número", "Yes, unsubscribe me", "Yep, opt out", "Yes, never text me again",
])
def test_real_opt_outs_stay_a_stop(body: str) -> None:
    assert classify_reply(body) == "stop"


@pytest.mark.parametrize("body", FOR_A_PERSON[:3])
async def test_no_opt_out_is_recorded_and_nobody_booked(scene: Scene, body: str) -> None:
    await proposed(scene)
    first, _offer = await scene.first_offer_sent()
    await scene.reply(first["client_id"], body)
    await eventually(lambda: "follow up" in scene.thread_text())
    await asyncio.sleep(0.2)
    assert not scene.store.text_opted_out([first["client_id"]])
    assert not scene.bookings_for(first["client_id"])


@pytest.mark.parametrize("body", ["Please don't stop texting me!", "Never stop texting me these deals"])
def test_asking_not_to_stop_is_no_opt_out(body: str) -> None:
    assert classify_reply(body) != "stop"
