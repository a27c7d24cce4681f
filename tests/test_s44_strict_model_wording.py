"""s44: a model's fill invitation is read strictly. Session 43's reviews found a new gap in the wider rules (an
opt-out line that goes on, a needless reply made a decline) each round; a model has no reason to write either, and its
draft falls back to the offline text, so for a model:

- any opt-out keyword (STOP, CANCEL, QUIT, UNSUBSCRIBE in any case, END in capitals or as a reply) outside a whole
  standard opt-out sentence ("Reply STOP to opt out.") is refused (``guardrails.opt_out_keyword``); in its other
  client texts (a thank-you) only one in capitals or asked for as a reply ("stop by again" is none: rev44b M1);
- any reply said needless is refused, a decline made easy too (``drafts.wording_concern``).
A manager's own Edit is read by the same rule (inv44), as a concern she confirms with a second Save, not a refusal."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from spa_copilot.ai.guardrails import check_text, opt_out_keyword
from spa_copilot.fill.drafts import wording_concern
from spa_copilot.sandbox.llm_stub import LlmStub, StubServer
from tests.fill_scene import Scene
from tests.test_s35_words35b_edit import OFFER, problem
from tests.test_s43_ai43_invitation_promises import BASE, CLAIM, drafted_with
from tests.test_sms_guardrails_review import INVITE, T

#: Words a manager may keep in her Edit by confirming them that a model may not write.
MANAGER_ONLY = {
    "opt_out_goes_on": ("Reply STOP to opt out, and we'll remove you from our list.", "stopKeyword"),
    "stop_to_cancel": ("Reply STOP to cancel.", "stopKeyword"),
    "decline_made_easy": ("If not, no need to reply.", "needlessReply"),
    "no_reply_if_busy": ("No need to reply if you can't make it.", "needlessReply"),
}
#: Keywords in capitals or asked for as a reply: no client text of a model's may say them but in the opt-out sentence.
MODEL_KEYWORDS = [
    "Reply YES/CANCEL.",
    "Text END to stop these.",
    "QUIT if you can't come.",
    "Reply stop if it doesn't suit.",
    "Reply STOP to opt out or to cancel.",
]
#: Keywords in any case offered as a reply of their own: an invitation (which asks for a reply) may not say them, a
#: thank-you text is not read for them (rev44b M1).
INVITATION_ONLY_KEYWORDS = [
    "Or Cancel if it doesn't suit.",
    "Cancel to pass.",
    "Reply Yes/Cancel.",
]
#: What a thank-you text of a model's says every day (rev44b M1: a third of them fell back to the template).
FOLLOW_UPS = [
    "Hi Maya, thank you for visiting Willow Spa today! Stop by again soon - we'd love to see you.",
    "Hi Maya, it was lovely having you. Whenever you need a pause, we're your one-stop spot to unwind.",
    "Hi Maya, thank you for your visit! We'll text you near the end of the month about your next Hot Stone Massage.",
    "Hi Maya, thank you for your visit! If plans change for your next booking, you can always cancel or move it online.",
]
FOLLOW = dict(max_chars=320, menu_names=["Swedish Massage", "Hot Stone Massage"], places=["Willow Spa"], greet="Maya")
#: What a model may write: the opt-out sentence whole, and words that are no keyword.
MODEL_ALLOWED = [
    "Reply STOP to opt out.",
    "Text STOP to unsubscribe from our texts.",
    "Someone cancelled, so the spot is free.",
    "See you this weekend, at the end of a long week!",
    "Reply YES and stop by early for tea.",
    "Free to cancel up to 24h before.",
    "Someone had to cancel, so it opened up.",
    "Reply STOP to opt out, Msg & data rates may apply.",
]


@pytest.mark.parametrize("text", INVITATION_ONLY_KEYWORDS)
def test_a_keyword_in_any_case_is_an_invitations_concern_not_every_client_texts(text: str) -> None:
    assert opt_out_keyword(f"{CLAIM} {text}") is not None
    concern = wording_concern(f"{BASE} {T} {text}")
    assert concern is not None and concern[0] == "stopKeyword", concern
    assert opt_out_keyword(text, offered=False) is None


@pytest.mark.parametrize("text", FOLLOW_UPS)
def test_an_ordinary_thank_you_text_is_kept(text: str) -> None:
    assert check_text(text, **FOLLOW) == []


def test_a_thank_you_asking_for_a_reply_is_read_as_an_invitation_is() -> None:
    """rev44d L4: "Want to rebook? Reply YES, or Stop if not." offers STOP as a reply as an invitation would."""
    flags = check_text("Hi Maya, thank you for your visit! Want to rebook? Reply YES, or Stop if not.", **FOLLOW)
    assert any(flag.startswith("stopKeyword:") for flag in flags), flags


@pytest.mark.parametrize("case", sorted(MANAGER_ONLY))
def test_words_a_manager_may_write_are_a_concern_in_her_edit_not_a_refusal(case: str) -> None:
    words, kind = MANAGER_ONLY[case]
    text = f"{OFFER} Reply YES to book. {words}"
    concern = wording_concern(text)
    assert problem(text) is None and concern is not None and concern[0] == kind, concern


@pytest.mark.parametrize("text", MODEL_KEYWORDS + [MANAGER_ONLY["opt_out_goes_on"][0], MANAGER_ONLY["stop_to_cancel"][0]])
def test_a_model_naming_a_keyword_outside_the_opt_out_sentence_is_flagged(text: str) -> None:
    assert opt_out_keyword(f"{CLAIM} {text}") is not None
    assert any(f.startswith("stopKeyword:") for f in check_text(f"{BASE} {T} {text}", **INVITE))


@pytest.mark.parametrize("text", MODEL_ALLOWED)
def test_a_model_may_write_the_opt_out_sentence_and_words_that_are_no_keyword(text: str) -> None:
    assert opt_out_keyword(f"{CLAIM} {text}") is None
    assert check_text(f"{BASE} {T} {text}", **INVITE) == []


def test_the_strict_rule_refuses_what_the_wider_one_did() -> None:
    for text in ("Reply STOP to cancel your other bookings.", "Reply YES for it, or STOP."):
        assert opt_out_keyword(text) is not None
    for text in ("No need to reply YES, it's yours.", "No reply needed."):
        assert wording_concern(text) is not None
    assert wording_concern(f"{BASE} {T}") is None


@pytest.fixture
def stub(llm_server: StubServer) -> Iterator[LlmStub]:
    llm_server.stub.reset()
    yield llm_server.stub


@pytest.mark.parametrize("case", sorted(MANAGER_ONLY))
async def test_a_model_draft_with_manager_only_words_is_replaced_by_the_offline_text(
    scene: Scene, llm_server: StubServer, stub: LlmStub, case: str
) -> None:
    words, kind = MANAGER_ONLY[case]
    text, engine = await drafted_with(scene, llm_server, stub, f"{CLAIM} {words}")
    assert words not in text and text.endswith(CLAIM), text  # the offline text
    assert engine.startswith("offline; the model's draft was replaced") and kind in engine, engine


async def test_a_model_draft_with_the_opt_out_sentence_is_kept(
    scene: Scene, llm_server: StubServer, stub: LlmStub
) -> None:
    text, engine = await drafted_with(scene, llm_server, stub, f"{CLAIM} Reply STOP to opt out.")
    assert text.endswith(f"{CLAIM} Reply STOP to opt out.") and not engine.startswith("offline"), engine
