"""s39 (rev39g H2): a sentence asking the texts to stop is her opt-out beside a second request, a time of night, a
sign-off or politeness; only a joke, delight, or a slot or time asked for after it makes it something else."""
import pytest

from spa_copilot.fill.reply_intent import classify_reply, stop_said_apart


def _opted(body: str) -> bool:
    return classify_reply(body) in ("stop", "yes_stop") or stop_said_apart(body)


@pytest.mark.parametrize("body", [
    "I asked u 2 stop", "I asked you to stop. Why are you still texting me?",
    "I asked you to stop. Love, Jane", "Wrong number. Make it stop", "Make it stop. Please",
])
def test_an_ask_to_stop_is_her_opt_out(body):
    assert _opted(body)


@pytest.mark.parametrize(("hers", "not_hers"), [
    ("I asked you to stop. Why are you still texting me?", "Omg my back. Please make it stop! Is 3 still open?"),
    ("Make it stop. Please", "I have a migraine, make it stop. Do you have anything at 2?"),
    ("I asked you to stop. Love, Jane", "Your texts never stop! I love it"),
    ("I asked u 2 stop", "I told you to stop! Just kidding, 3pm please"),
])
def test_only_a_slot_a_time_to_book_delight_or_a_joke_cancel_it(hers, not_hers):
    assert _opted(hers) and not _opted(not_hers)
