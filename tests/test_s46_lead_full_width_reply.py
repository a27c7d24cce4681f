"""A reply typed in full-width letters ("ＹＥＳ", some phone keyboards) is read as its ASCII self (probe46b): it had
been "other", neither a yes nor a no, so a guest's YES waited for a person."""

from __future__ import annotations

import pytest

from spa_copilot.fill.reply_intent import classify_reply


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("ＹＥＳ", "YES"),
        ("Ｙｅｓ！", "Yes!"),
        ("ｙｅｓ\u3000ｐｌｅａｓｅ", "yes please"),
        ("ＮＯ", "NO"),
        ("ＳＴＯＰ", "STOP"),
        ("Ｙｅｓ，\u3000１１ａｍ？", "Yes, 11am?"),  # a doubt stays a doubt
    ],
)
def test_a_full_width_reply_reads_as_typed_plainly(typed: str, plain: str) -> None:
    assert classify_reply(typed) == classify_reply(plain)
    assert classify_reply("ＹＥＳ") == "yes" and classify_reply("ＳＴＯＰ") == "stop"
