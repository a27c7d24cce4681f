"""s39 (rev39g H1, M1, L1): a STOP in capitals closing a question aimed at whoever texts her is her opt-out ("Can you
STOP?", "Where did you get my number STOP?"); a question about a third thing or about herself is none."""
import pytest

from spa_copilot.fill.reply_intent import classify_reply, stop_said_apart


def _opted(body: str) -> bool:
    return classify_reply(body) in ("stop", "yes_stop") or stop_said_apart(body)


@pytest.mark.parametrize("body", [
    "Can you STOP?", "Will you STOP?", "Could you please STOP?", "When will this STOP?", "Why won't you STOP?",
    "Why don't you STOP?", "Where did you get my number STOP?", "How'd you get my number STOP?",
    "How did you get my # STOP?", "Why am I getting these STOP?", "What is this STOP?", "Is this spam STOP?",
    "Do I know you STOP?",
])
def test_a_question_to_the_sender_records_her_opt_out(body):
    assert _opted(body)


@pytest.mark.parametrize("body", [
    "WHO CAN I CALL IF THE BLEEDING DOESN'T STOP?", "WHY DID YOUR TEXTS STOP?", "Why did your messages STOP?",
    "WHO KNOWS WHEN IT WILL STOP?",
])
def test_a_question_about_something_else_is_no_opt_out(body):
    assert not _opted(body)
