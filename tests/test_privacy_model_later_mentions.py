"""A masked name's later mentions never mask part of a word or an abbreviation (scrubfix25, adversarial review of
5 December 2026, item 4): "husband sam. Takes SAM-e" reached the model as "Takes [name]-e", and "sister Ana. Sister
ANA positive, lupus" as "Sister [name] positive" (the antibody test lost).
"""

from __future__ import annotations

import pytest

from spa_copilot.ai.guardrails import scrub_for_model


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("husband sam. Takes SAM-e", "husband [name]. Takes SAM-e"),
        ("husband Sam. Takes SAM-e daily", "husband [name]. Takes SAM-e daily"),
        ("husband Ted. Ted-style wrap", "husband [name]. Ted-style wrap"),
        ("husband Tom. Tom-Tom pick up", "husband [name]. Tom-Tom pick up"),
        ("sister Ana. ANA positive", "sister [name]. ANA positive"),
        ("sister Ana. Sister ANA positive, lupus", "sister [name]. Sister ANA positive, lupus"),
        ("wife Eva. EVA foam pad ok", "wife [name]. EVA foam pad ok"),
        ("husband Ted. Wears TED hose", "husband [name]. Wears TED hose"),
        ("husband Tom called. TOM will pay", "husband [name] called. [name] will pay"),
        # the name itself, and in a note written in capitals, still masked
        ("sister Ana. Ana called", "sister [name]. [name] called"),
        ("HUSBAND TOM CALLED. TOM WILL PAY", "HUSBAND [name] CALLED. [name] WILL PAY"),
        ("husband Tom. Tom's card on file", "husband [name]. [name]'s card on file"),
        ("wife SARAH called; Sarah will pay", "wife [name] called; [name] will pay"),
    ],
)
def test_a_later_mention_is_masked_only_as_a_whole_word_name(note: str, expected: str) -> None:
    assert scrub_for_model(note) == expected
