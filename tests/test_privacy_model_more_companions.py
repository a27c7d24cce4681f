"""Name forms that still reached the model (scrubfix25, adversarial review of 5 December 2026, item 5): "ICE:
Xiomara", "EC:", "Emerg contact:", "gift card from", "GC from", "picked up by", "dropped off by", "BFF", "bestie",
"aide", "interpreter". These cues near-certainly name a person, so any word no list knows is masked there, but never
again where it is mentioned later; after "driven by" ("pain driven by Sciatica") and "PCA" (the pump: "PCA
Dilaudid") only a known given name or a first name and a surname is.
"""

from __future__ import annotations

import pytest

from spa_copilot.ai.guardrails import scrub_for_model


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("ICE: Xiomara 555-123-4567", "ICE: [name] [phone]"),
        ("EC: Xiomara", "EC: [name]"),
        ("Emerg contact: Xiomara", "Emerg contact: [name]"),
        ("Emerg. contact Xiomara", "Emerg. contact [name]"),
        ("gift card from Xiomara", "gift card from [name]"),
        ("GC from Xiomara", "GC from [name]"),
        ("picked up by Xiomara", "picked up by [name]"),
        ("dropped off by Xiomara", "dropped off by [name]"),
        ("BFF Xiomara", "BFF [name]"),
        ("bestie Xiomara", "bestie [name]"),
        ("aide Xiomara", "aide [name]"),
        ("her interpreter Xiomara", "her interpreter [name]"),
        ("driven by Maria", "driven by [name]"),
        ("PCA Maria", "PCA [name]"),
        # masked at the cue, never again later unless a known given name
        ("Meds: Inderal. ICE: Inderal", "Meds: Inderal. ICE: [name]"),
        ("ICE: Maria. Maria has a key", "ICE: [name]. [name] has a key"),
    ],
)
def test_a_near_certain_persons_name_is_masked(note: str, expected: str) -> None:
    assert scrub_for_model(note) == expected


@pytest.mark.parametrize(
    "note",
    [
        "pain driven by Sciatica",
        "PCA Dilaudid",
        "ICE pack on neck",
        "Ice: no",
        "picked up by Uber",
        "EC: Husband",
    ],
)
def test_safety_words_and_things_stay(note: str) -> None:
    assert scrub_for_model(note) == note
