""" "MS" in capitals is multiple sclerosis before a condition, not the title "Ms" (scrubfix25): scrub_pii's title rule
read "Hx MS Fibromyalgia" as "Hx MS [name]" and "Dx MS. Lupus too" as "Dx MS. [name] too", for staff and model."""

from __future__ import annotations

import pytest

from spa_copilot.ai.guardrails import scrub_for_model, scrub_pii


@pytest.mark.parametrize(
    "note",
    ["Dx MS. Lupus too", "Hx MS Fibromyalgia", "Dx: MS Migraines", "MS. Eczema flare", "Hx MS. Stelara"],
)
def test_a_condition_after_ms_in_capitals_stays(note: str) -> None:
    assert scrub_pii(note) == note
    assert scrub_for_model(note) == note


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Ms Eczema", "Ms [name]"),
        ("Ms. Smith called", "Ms. [name] called"),
        ("MS. SMITH called", "MS. [name] called"),
        # a word after "MS" no list knows is masked there, never again later
        ("Hx MS Inderal. Takes Inderal", "Hx MS [name]. Takes Inderal"),
    ],
)
def test_a_title_is_still_a_title(note: str, expected: str) -> None:
    assert scrub_for_model(note) == expected
