""""Post op right knee", written with a space as front desks type it, is a recent surgery (the lexicon had only
"post-op" and "postop"), its knee kept clear; "post office" and "post opening" are no surgery."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize("note", ["post op right knee", "Post op - right knee, 2 wks", "Post op 2 weeks, right knee"])
def test_post_op_with_a_space_is_a_surgery(note: str) -> None:
    profile = extract_profile_offline(note, today=TODAY)
    assert profile.values("contraindications") == ["recentSurgery"]


def test_its_site_is_kept_clear() -> None:
    assert extract_profile_offline("post op right knee", today=TODAY).values("avoid_areas") == ["knees"]


@pytest.mark.parametrize("note", ["she is a post office worker", "post opening hours call", "posted on the op board"])
def test_other_posts_are_no_surgery(note: str) -> None:
    assert extract_profile_offline(note, today=TODAY).values("contraindications") == []
