"""Area readings that were no avoid of the guest's area, which the day book now marks as staff cautions (4 Dec 2026).

Since ff91b9b a facial booked for a guest whose notes avoid the face is marked "works the face, which the notes say
to avoid". These read the face (or another area) as avoided though the note does not keep it off:
"Face is fine, avoid feet" (the later avoid read back over "is fine"), "Not avoiding face", "Don't avoid the face
anymore", "Used to avoid face, fine now" (an avoid denied or over), "Husband Tom: no face work" (his), "No lavender on
face", "Avoid retinol on face" (a product kept off the face, said by its own field: the scent avoided, the retinoid).
Kept an avoid, the cautious side: "no hot towel on the face" (no field holds a hot towel), "no botox on face" (an
injectable's site), "Avoid deep on the back" (a pressure: 3 December's decision), "Ticklish feet".
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.note_fields import fields_read

TODAY = date(2026, 12, 4)
FIELDS = ("avoid_areas", "focus_areas", "avoid_scents", "contraindications")


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Face is fine, avoid feet", {"avoid_areas": ["feet"]}),
        ("Face and neck are fine, avoid feet", {"avoid_areas": ["feet"]}),
        ("Face ok, skip feet", {"avoid_areas": ["feet"]}),
        ("Not avoiding face", {}),
        ("Don't avoid the face anymore", {}),
        ("Used to avoid face, fine now", {}),
        ("Husband Tom: no face work", {}),
        ("No lavender on face", {"avoid_scents": ["lavender"]}),
        ("Avoid retinol on face", {"contraindications": ["retinoids"]}),
    ],
)
def test_no_avoid_of_the_guests_area(note: str, expected: dict[str, list[str]]) -> None:
    assert fields_read(note, TODAY, FIELDS) == expected


@pytest.mark.parametrize(
    ("note", "avoided"),
    [
        ("no hot towel on the face", ["face"]),
        ("Avoid feet, face is fine", ["feet"]),
        ("Avoid deep on the back", ["back"]),
        ("Ticklish feet", ["feet"]),
        ("No face work", ["face"]),
        ("Husband Tom: allergic to nuts. Guest: no face work", ["face"]),
        ("Face is fine but avoid the scalp", ["scalp"]),
    ],
)
def test_an_avoid_of_the_area_stays(note: str, avoided: list[str]) -> None:
    assert fields_read(note, TODAY, FIELDS).get("avoid_areas") == avoided
