"""s38 replies38 (rev37j M1): the carriers' STOP ALL in capitals closing a reply, run into the question before it ("Can
I take it STOP ALL?"), records her opt-out while a person reads the question (no opt-out was recorded: she was texted
again); the keyword asked about ("Do I reply STOP ALL?", "Why STOP ALL?") or in lower case ("Can you stop all?") is none."""
from __future__ import annotations

import pytest

from spa_copilot.fill.reply_intent import classify_reply, stop_said_apart


@pytest.mark.parametrize("body", ["Can I take it STOP ALL?", "Could I take it STOP ALL?", "Who is this STOP ALL?",
                                  "Can I take it STOP ALL??", "Is this the spa STOP ALL?", "Can you STOP ALL?"])
def test_stop_all_run_into_a_question_records_her_opt_out(body: str) -> None:
    assert stop_said_apart(body)
    assert classify_reply(body) == "other"
