"""s38 replies38b (rev38d L1): the carriers' STOP ALL run into a question records her opt-out with a comma before it or
thanks, a signature or a name after it ("Can I take it, STOP ALL?", "Who is this STOP ALL? Thanks": none was recorded);
the keyword asked about ("Is it STOP ALL?", "Do you mean STOP ALL?", "Is it STOP or STOP ALL?") records none."""
from __future__ import annotations

import pytest

from spa_copilot.fill.reply_intent import classify_reply, stop_said_apart


@pytest.mark.parametrize("body", ["Is it STOP ALL?", "Do you mean STOP ALL?", "Do I type in STOP ALL?",
                                  "Is it STOP or STOP ALL?", "Hi, is this about STOP ALL?"])
def test_the_keyword_asked_about_is_no_opt_out(body: str) -> None:
    assert not stop_said_apart(body)
    assert classify_reply(body) not in ("stop", "yes_stop")


@pytest.mark.parametrize("body", ["Who is this STOP ALL?\nSent from my iPhone", "Can I take it, STOP ALL?",
                                  "Who is this STOP ALL? Thanks", "Who is this STOP ALL?\n-Maria"])
def test_the_same_run_in_stop_all_is_recorded(body: str) -> None:
    assert stop_said_apart(body)
    assert classify_reply(body) == "other"
