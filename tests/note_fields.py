"""What the offline notes reader gives a note, as the reader's tests compare it: the named fields' values, each field
left out when it is empty."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from spa_copilot.ai.extraction import extract_profile_offline

SAFETY_AND_AREAS = ("contraindications", "avoid_areas", "focus_areas")


def fields_read(note: str, today: date, fields: Sequence[str] = SAFETY_AND_AREAS) -> dict[str, list[str]]:
    profile = extract_profile_offline(note, today=today)
    return {field: values for field in fields if (values := profile.values(field))}
