"""Notes that say an area is fine, or is not to be skipped, read no area to avoid (rev35g M2).

The offline reader read "No issues with neck", "Don't avoid feet", "Don't skip the scalp massage, her favourite" and
"No more avoiding lower back - healed" as areas to avoid; since 18531b1 a model's reading cannot drop the offline
reader's areas (a real one it missed had left the briefing without it), so the false ones reached the briefing too.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.concierge import _merge_profile
from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.ai.schemas import ProfileDraft

TODAY = date(2026, 12, 6)
EMPTY = {field: [] for field in ProfileDraft.model_fields}


@pytest.mark.parametrize(("note", "area"), [
    ("Don't skip the scalp massage, her favourite", "scalp"),
    ("Don't avoid feet", "feet"),
    ("Do not avoid the neck, she loves neck work", "neck"),
    ("No issues with neck", "neck"),
    ("No problems with her back", "back"),
    ("No more avoiding lower back - healed", "lowerBack"),
])
def test_an_area_said_fine_or_not_to_skip_is_no_area_to_avoid(note: str, area: str) -> None:
    assert area not in extract_profile_offline(note, today=TODAY).values("avoid_areas")
    merged, _ = _merge_profile(ProfileDraft(**EMPTY), extract_profile_offline(note, today=TODAY), source=note, today=TODAY)
    assert area not in merged.values("avoid_areas")


@pytest.mark.parametrize(("note", "area"), [
    ("No pressure on lower back, herniated disc", "lowerBack"),
    ("Avoid left shoulder - torn rotator cuff", "shoulders"),
    ("No neck work", "neck"),
    ("Don't touch the neck", "neck"),
    ("Do not work on feet", "feet"),
    ("Please don't massage the scalp, extensions", "scalp"),
    ("No deep work on legs", "legs"),
    ("Skip feet", "feet"),
])
def test_an_area_kept_off_is_still_read(note: str, area: str) -> None:
    assert area in extract_profile_offline(note, today=TODAY).values("avoid_areas")
