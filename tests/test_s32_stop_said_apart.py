"""rev32e: after "Stop." had to be followed by a listed reason to be a STOP, a firm STOP said beside anything else lost
its opt-out ("STOP. Wrong number, sorry", "Is this spam? STOP" went to a person; "Stop. I'm not in the area anymore"
was a NO): the guest would be texted again. A firm keyword said as a sentence of its own is now recorded as an opt-out
however the rest is read; and "I'll take it stop texting me" (no comma) is a yes beside an opt-out again, not a STOP
that declines the slot she took."""

from __future__ import annotations

import pytest

from spa_copilot.fill.reply_intent import classify_reply, stop_said_apart
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.mark.parametrize("reply", [
    "Is this spam? STOP", "spam? stop", "Who is this? STOP", "STOP. Wrong number, sorry", "Stop. Go away",
    "STOP. Deceased", "Stop. I'm not in the area anymore", "Stop. Save it for me", "Unsubscribe. Is it with Kai?",
])
def test_a_firm_keyword_said_apart_is_an_opt_out(reply: str) -> None:
    assert stop_said_apart(reply)


@pytest.mark.parametrize("reply", [
    "No, don't stop", "Stop by at 3?", "Yes please!", "Is this spam?", "Don't stop texting me, I'll take it",
    "> Reply STOP to opt out\nYes please", "Non-stop week, can I do 4?",
])
def test_no_opt_out_where_no_firm_keyword_stands_alone(reply: str) -> None:
    assert not stop_said_apart(reply)


@pytest.mark.parametrize("reply", [
    "I'll take it stop texting me", "Yes I'll take it stop texting me", "Book me in stop texting me",
    "I can come stop texting me", "Count me in stop the texts", "Sign me up for the 3pm and stop texting me",
    "I'll be there at 3 then stop texting me",
])
def test_a_yes_run_into_an_opt_out_is_still_a_yes_beside_it(reply: str) -> None:
    assert classify_reply(reply) == "yes_stop"


@pytest.mark.parametrize("reply", ["I want it to stop. Unsubscribe", "I'll take it up with your manager. Stop texting me"])
def test_angry_opt_outs_stay_stops(reply: str) -> None:
    assert classify_reply(reply) == "stop"


@pytest.mark.parametrize(("reply", "intent"), [
    ("Stop sending me spam?", "stop"), ("Stop texting me, is this spam?", "stop"), ("Is this spam?", "other"),
    ("Spam?", "other"), ("It's spam?", "other"),
])
def test_only_a_question_whether_it_is_spam_is_set_aside(reply: str, intent: str) -> None:
    assert classify_reply(reply) == intent


async def test_stop_then_something_else_is_for_a_person_and_never_texted_again(scene: Scene) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    await scene.reply(first["client_id"], "Stop. Save it for me")
    await eventually(lambda: "please follow up" in scene.thread_text())
    assert "They said STOP too: the copilot will not text them again" in scene.thread_text()
    assert scene.store.text_opted_out([first["client_id"]])
    assert scene.store.fill_offer(offer["id"])["status"] == "sent"  # not declined: a person reads what she meant
    assert not scene.bookings_for(first["client_id"])


async def test_stop_then_a_no_declines_and_opts_out(scene: Scene) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    await scene.reply(first["client_id"], "Stop. I'm not in the area anymore")
    await eventually(lambda: scene.store.fill_offer(offer["id"])["status"] == "declined")
    assert scene.store.text_opted_out([first["client_id"]])


@pytest.mark.parametrize("reply", [
    "Stop? Why would I, yes please!", "Quit? Never! Yes I'll take it", "Stop!! Yes please, I've wanted this for weeks",
    "Wait, stop, I mean yes!", "Yes! Stop, I'm so excited", "This is spam, right? If not, yes please",
    "It's spam, isn't it? Otherwise yes!",
])
def test_a_stop_asked_or_beside_a_yes_records_no_opt_out_and_declines_nothing(reply: str) -> None:
    """rev32g H1, H2: a "Stop?" asked, or a lone "Stop" beside a yes, is for a person, with no opt-out recorded."""
    assert not stop_said_apart(reply) and classify_reply(reply) == "other"


@pytest.mark.parametrize("reply", ["Yes please\nReply STOP to opt out", "Yes please. (Text STOP to opt out.)"])
def test_the_providers_footer_pasted_under_a_yes_is_not_her_stop(reply: str) -> None:
    """rev32g H3: the provider's opt-out line under her answer was read as her STOP, declining her yes."""
    assert classify_reply(reply) == "yes" and not stop_said_apart(reply)
