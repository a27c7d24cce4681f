"""rev31a LOW: "Don´t stop texting me" with an acute accent (or `, ʼ, ′) was not read as "don't stop": any apostrophe a
phone types is read as one."""

from __future__ import annotations

import pytest

from spa_copilot.fill import classify_reply


@pytest.mark.parametrize("mark", ["\u00b4", "`", "\u02bc", "\u2032", "\u2019", "\u2018"])
def test_any_apostrophe_reads_as_one(mark: str) -> None:
    assert classify_reply(f"Please don{mark}t stop texting me") == "other"
    assert classify_reply(f"Yes! Don{mark}t stop texting me") == "other"
    assert classify_reply(f"No, but don{mark}t remove me from the list") == "no"
    assert classify_reply(f"Can{mark}t make it") == "no"
    assert classify_reply(f"I{mark}ll take it") == "yes"
