"""A birth the note states ends a pregnancy written before it; only the pregnancy (4 Dec 2026).

"3/10 pregnant 2nd tri" logged in spring and "8/5 baby born 7/30" later still read as pregnant (prenatal positioning,
no hot stones, and hot-stone and other services ruled out). Now a later line or sentence that states her baby born
("baby born 7/30", "gave birth in July", "delivered 8/1", "post-partum 5 wks", "6 weeks postpartum") makes the
earlier pregnancy history. Not someone else's birth, a denied or coming one, another child's or one long ago, nor a
birth written before the pregnancy ("Gave birth 2023. Pregnant again").

The birth words made anything in their clause history too: "post-partum 5 wks (c-section)" read nothing, though a
c-section five weeks ago is surgery on the abdomen to keep clear of, and "DVT postpartum 3 wks ago" lost its clot. Now
they make only a pregnancy history. The vocabulary has no postpartum condition: "6 weeks postpartum" alone reads
nothing, as before, and nothing of these becomes a preference.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.note_fields import fields_read

TODAY = date(2026, 12, 4)
FIELDS = ("contraindications", "avoid_areas", "focus_areas", "pressure")


@pytest.mark.parametrize(
    "note",
    [
        "3/10 pregnant 2nd tri\n8/5 baby born 7/30",
        "4/2 pregnant 2nd tri\n9/10 gave birth in July",
        "pregnant 2nd tri (April)\ndelivered 8/1",
        "5/1 pregnant\n6 weeks postpartum",
        "Pregnant, 2nd tri. Post-partum 5 wks now.",
        "Pregnant. Baby born last week",
        "Pregnant (due Aug).\nHad her baby in July!",
    ],
)
def test_a_birth_stated_after_a_pregnancy_ends_it(note: str) -> None:
    assert fields_read(note, TODAY, FIELDS) == {}


@pytest.mark.parametrize(
    "note",
    [
        "Pregnant with #2. First baby born 2022.",
        "Pregnant. Sister gave birth last week",
        "Gave birth 2023. Pregnant again",
        "Pregnant, due in March. Hasn't given birth yet",
        "Pregnant; baby due March, after baby is born wants postnatal massage",
        "Pregnant 2nd tri. Her daughter had a baby last month",
        "Pregnant. Wants postpartum massage after birth",
        "Pregnant - postpartum massage requested after birth",
        "pregnant (baby born?)",
    ],
)
def test_a_birth_not_hers_or_not_yet_leaves_the_pregnancy(note: str) -> None:
    assert fields_read(note, TODAY, FIELDS)["contraindications"] == ["pregnancy"]


@pytest.mark.parametrize(
    ("note", "conditions"),
    [
        ("post-partum 5 wks (c-section)", ["recentSurgery"]),
        ("Pregnant, 20 wks (5/1). post-partum 5 wks (c-section)", ["recentSurgery"]),
        ("DVT postpartum 3 wks ago", ["bloodClots"]),
        ("Pregnant, gave birth in July", []),  # in one clause, as before
    ],
)
def test_birth_words_make_only_the_pregnancy_history(note: str, conditions: list[str]) -> None:
    assert fields_read(note, TODAY, ("contraindications",)).get("contraindications", []) == conditions
