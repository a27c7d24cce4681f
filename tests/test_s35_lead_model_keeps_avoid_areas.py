"""With a model configured, a model reading that simply misses "don't touch the scalp, has hair extensions"
removed the offline engine's 'Avoid: scalp' from the profile (and so from the briefing DM and the client card);
only allergies, contraindications and avoid_scents were kept from the offline reader (concierge._KEPT_OFFLINE_FIELDS);
the areas not to touch are now kept too (rev35f H1).
Seen end to end with the stub model: /spa brief @Ana lost Jaxon's 'Avoid: scalp', 'Focus: lower back',
'Pressure: firm'; /spa client Joseph Bailey said 'Preferences: none recorded'.
"""
from datetime import date

from spa_copilot.ai.concierge import _merge_profile
from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.ai.schemas import PROFILE_FIELDS, ProfileDraft

NOTE = "Don't touch the scalp, has hair extensions. Wants it firm. Focus on lower back."
DAY = date(2026, 12, 6)


def test_a_model_that_misses_a_do_not_touch_area_does_not_erase_it():
    offline = extract_profile_offline(NOTE, today=DAY)
    assert offline.values("avoid_areas"), offline  # the offline reader finds the scalp
    draft = ProfileDraft.model_validate({**{f: [] for f in PROFILE_FIELDS},
                                         "pressure": [{"value": "firm", "evidence": "Wants it firm."}]})
    merged, flags = _merge_profile(draft, offline, source=NOTE, today=DAY)
    assert merged.values("avoid_areas") == offline.values("avoid_areas"), (merged, flags)


INJURY = "Avoid left shoulder - torn rotator cuff, healing. No pressure on lower back, herniated disc. Likes it firm."


def test_a_paraphrased_evidence_drops_an_injured_area_the_offline_reader_found():
    offline = extract_profile_offline(INJURY, today=DAY)
    assert set(offline.values("avoid_areas")) == {"shoulders", "lowerBack"}, offline
    # the model found both areas but quoted its evidence loosely: refused as 'ungrounded', and nothing restores them
    draft = ProfileDraft.model_validate({**{f: [] for f in PROFILE_FIELDS},
                                         "avoid_areas": [{"value": "shoulders", "evidence": "avoid the left shoulder (torn cuff)"},
                                                         {"value": "lower back", "evidence": "herniated disc in lower back"}]})
    merged, flags = _merge_profile(draft, offline, source=INJURY, today=DAY)
    assert set(merged.values("avoid_areas")) == {"shoulders", "lowerBack"}, (merged.values("avoid_areas"), flags)
