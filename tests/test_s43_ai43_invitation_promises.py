"""s43 ai43: fill invitations that mislead the guest passed both the Concierge's checks and the Edit check
(``fill.drafts.offer_check``), so a model's draft a manager approves at a glance could say them:

- the claim denied ("No need to reply YES to claim it, it's already reserved for you"): she never replies, the hold
  runs out and she walks in to a slot given to someone else;
- a STOP said to do something else ("Reply STOP to cancel your other bookings"): a STOP opts her out of every text
  for good and cancels nothing. Only a standard opt-out sentence ("Reply STOP to opt out") may name it.
  Since s44 (inv44) both are read by one wording rule (``drafts.wording_concern``): a model's draft saying either falls
  back to the offline text, a manager's Edit is asked to confirm it; "The spot is already yours!" (a visit said booked,
  ``booked_before_yes``) is refused in an Edit as ever;
- money or promises the spa never made ("If you're late, it's free", "full refund", "guaranteed"): refused in a
  model's client-facing draft, as its discounts are; a manager's own Edit is hers, as her discounts are."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from spa_copilot import fill
from spa_copilot.ai import build_ai
from spa_copilot.ai.guardrails import check_text
from spa_copilot.fill.drafts import wording_concern
from spa_copilot.sandbox.llm_stub import LlmStub, StubServer
from tests.conftest import model_settings
from tests.fill_scene import Scene, draft_setting
from tests.test_s35_words35b_edit import OFFER, problem
from tests.test_sms_guardrails_review import INVITE, T

CLAIM = "Reply YES to claim it."
BASE = "Hi Maya, a Deep Tissue Massage spot opened Tue 8 Dec at 3:00 pm."

#: (the words the model puts in place of "Reply YES to claim it.", the flag's kind the card's engine note names)
BAD = {
    "no_reply_needed": ("No need to Reply YES to claim it, it's already reserved for you.", "needlessReply"),
    "stop_cancels": ("Reply YES to claim it. Reply STOP to cancel your other bookings.", "stopKeyword"),
    "free_if_late": ("Reply YES to claim it. If you're late, it's free.", "promise"),
    "refund": ("Reply YES to claim it - full refund if you can't make it.", "promise"),
    "guaranteed": ("Reply YES to claim it - guaranteed, no questions asked.", "promise"),
}


@pytest.fixture
def stub(llm_server: StubServer) -> Iterator[LlmStub]:
    llm_server.stub.reset()
    yield llm_server.stub


async def drafted_with(scene: Scene, llm_server: StubServer, stub: LlmStub, words: str) -> tuple[str, str]:
    """The card's text and engine when the model answers the offline text with ``CLAIM`` put as ``words``."""
    copilot, setting = scene.copilot, await draft_setting(scene)
    assert CLAIM in setting.good
    model_text = setting.good.replace(CLAIM, words)
    stub.responder = lambda body: {"text": model_text}
    copilot.ai = build_ai(copilot.settings.model_copy(update=model_settings(llm_server.base_url)), clock=copilot.clock)
    try:
        drafted = await fill.drafts._draft_invitation(copilot, "fp_x", setting.candidate, setting.slot, setting.client)
    finally:
        await copilot.ai.aclose()
    assert stub.requests
    return drafted


@pytest.mark.parametrize("case", sorted(BAD))
async def test_a_misleading_model_invitation_is_not_the_draft(
    scene: Scene, llm_server: StubServer, stub: LlmStub, case: str
) -> None:
    words, kind = BAD[case]
    text, engine = await drafted_with(scene, llm_server, stub, words)
    assert words not in text and text.endswith(CLAIM), text  # the offline text
    assert engine.startswith("offline; the model's draft was replaced") and kind in engine, engine


@pytest.mark.parametrize(
    ("extra", "kind"),
    [
        ("No need to reply YES, it's yours.", "needlessReply"),
        ("You don't have to reply, it's yours.", "needlessReply"),
        ("No reply needed.", "needlessReply"),
        ("Reply STOP to cancel your other bookings.", "stopKeyword"),
        ("Reply YES for it, or STOP.", "stopKeyword"),
    ],
)
def test_the_edit_asks_to_confirm_a_denied_claim_or_a_misstated_stop(extra: str, kind: str) -> None:
    text = f"{OFFER} Reply YES to book. {extra}"
    concern = wording_concern(text)
    assert problem(text) is None and concern is not None and concern[0] == kind, concern


def test_the_edit_check_refuses_the_visit_said_booked() -> None:
    said = problem(f"{OFFER} Reply YES to book. The spot is already yours!")
    assert said is not None and "replies YES" in said, said


@pytest.mark.parametrize(
    ("extra", "kind"),
    [
        ("If you're late, it's free.", "promise"),
        ("Full refund if you can't make it.", "promise"),
        ("Money back if you don't love it.", "promise"),
        ("Guaranteed relaxation!", "promise"),
        ("You won't be charged if you cancel.", "promise"),
        ("Reply STOP to cancel it.", "stopKeyword"),
    ],
)
def test_a_model_invitation_promising_money_or_misstating_stop_is_flagged(extra: str, kind: str) -> None:
    flags = check_text(f"{BASE} {T} {extra}", **INVITE)
    assert any(flag.startswith(kind + ":") for flag in flags), flags
    assert check_text(f"{BASE} {T} Reply STOP to opt out.", **INVITE) == []  # the opt-out line itself passes
