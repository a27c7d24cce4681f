"""Mississippi and Maryland ZIP codes in the common phrasing (scrubfix25, adversarial review of 5 December 2026).

"lives in Jackson, MS 39201" reached the model as "lives in [place], MS 39201" (the town was masked first, then the ZIP
rule wanted a town's name before the state), and a town with an ordinary word ("Long Beach, MS 39560", "Silver Spring,
MD 20910") kept its ZIP; "Relapsing MS 39201" lost its MS.
"""

from __future__ import annotations

import pytest

from spa_copilot.ai.guardrails import scrub_for_model


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("lives in Jackson, MS 39201", "lives in [place], [address]"),
        ("lives in Bethesda, MD 20814", "lives in [place], [address]"),
        ("Lives in Hattiesburg MS 39401", "Lives in [place] [address]"),
        ("Baltimore, MD 21201", "Baltimore, [address]"),
        ("Long Beach, MS 39560", "Long Beach, [address]"),
        ("Silver Spring, MD 20910", "Silver Spring, [address]"),
        ("lives in Silver Spring, MD 20910", "lives in [place], [address]"),
        ("Ocean Springs, MS 39564", "Ocean Springs, [address]"),
        ("Laurel, MD 20707", "Laurel, [address]"),
    ],
)
def test_a_mississippi_or_maryland_zip_is_masked(note: str, expected: str) -> None:
    assert scrub_for_model(note) == expected


@pytest.mark.parametrize(
    "note",
    [
        "Relapsing MS 39201",
        "Relapsing Remitting MS 39201",
        "Secondary Progressive MS 38601",
        "Lupus, MS 39201",
        "Hx MS 39201",
        "Dx: MS, 39201",
        "MS 39201",
    ],
)
def test_ms_as_a_condition_stays(note: str) -> None:
    assert scrub_for_model(note) == note
