"""s39 (rev39g M4): her pain or the weather before "make this/them stop" is no permanent opt-out."""
import pytest

from spa_copilot.fill.reply_intent import classify_reply, stop_said_apart


def _opted(body: str) -> bool:
    return classify_reply(body) in ("stop", "yes_stop") or stop_said_apart(body)


@pytest.mark.parametrize(("pain", "hers"), [
    ("My back is killing me. Please make this stop", "Go away. Make this stop"),
    ("Cramps all day. Make them stop", "Wrong number, please make this stop"),
    ("Ugh this heat. Make this stop", "Who is this? Make this stop"),
])
def test_her_pain_is_no_opt_out(pain, hers):
    assert not _opted(pain) and _opted(hers)
