"""s39 (rev39g M2, M3): everyday words ("at", "get", "got", "off", "like") are no ride, so a reply without commas keeps
its opt-out; bus talk towards "the final stop" stays a NO, never a permanent opt-out."""
import pytest

from spa_copilot.fill.reply_intent import classify_reply, stop_said_apart


def _opted(body: str) -> bool:
    return classify_reply(body) in ("stop", "yes_stop") or stop_said_apart(body)


@pytest.mark.parametrize("body", [
    "Not interested at all I would like 2 stop", "No thanks get lost my final stop",
    "No thanks take my number off at this stop", "No STOP, getting off at this stop",
    "No thanks back off my final stop", "No stop, I'm getting off her stop",
])
def test_everyday_words_keep_her_opt_out(body):
    assert _opted(body)


@pytest.mark.parametrize("body", [
    "No thanks, heading to the final stop", "No thanks, I'm near the final stop", "No thanks, till the final stop",
    "No thanks, gotta get off at this stop", "No thanks, I'm getting off her stop", "No thanks, almost at my final stop",
])
def test_bus_talk_stays_a_no(body):
    assert classify_reply(body) == "no" and not stop_said_apart(body)
