"""s49 (probe49a LOW): "Blood thinners - stopped 2 days ago" read as no caution at all, while a retinoid stopped two
days ago still counts: warfarin thins the blood for up to five days after the last dose. A blood thinner stopped
fewer than ``lexicon.WASHOUT_DAYS`` (7) days ago still counts; one stopped longer ago, or last year, does not."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline


@pytest.mark.parametrize(
    ("notes", "still"),
    [
        ("Blood thinners - stopped 2 days ago", True),
        ("Stopped warfarin 2 days ago", True),
        ("stopped Xarelto yesterday", True),
        ("stopped eliquis 10 days ago", False),
        ("Blood thinners - stopped last year", False),
        ("Stopped retinol 2 days ago", True),  # as before (retinoids)
    ],
)
def test_a_blood_thinner_stopped_days_ago_still_counts(notes: str, still: bool) -> None:
    read = extract_profile_offline(notes, today=date(2026, 12, 1)).values("contraindications")
    assert bool(read) is still, read
