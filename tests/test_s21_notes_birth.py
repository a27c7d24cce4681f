"""A pregnancy stays, whatever birth the note states after it; birth words make nothing else history (4 Dec 2026).

d7214a5 let a later line or sentence stating a birth end a pregnancy written before it ("3/10 pregnant 2nd tri ⏎ 8/5
baby born 7/30"). An adversarial review the same day found it erasing current pregnancies: an intake's "Recently given
birth: no", her earlier births ("Gave birth at home last time", "gave birth to 1st 10 months ago"), others' ("SIL gave
birth 11/20", "Her dog gave birth to puppies"). Withdrawn: a stale pregnancy keeps "prenatal positioning, no hot
stones" (the cautious side) until the spa updates the notes.

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
        "3/10 pregnant 2nd tri\n8/5 baby born 7/30",  # stale, kept: the cautious side
        "Pregnant: yes, 20 wks | Recently given birth: no",
        "Currently pregnant? [x] Yes  Weeks: 22\nGiven birth in the last 6 weeks? [ ] No",
        "Pregnant 34 wks. Gave birth at home last time",
        "Pregnant 14 wks; gave birth to 1st 10 months ago",
        "Pregnant. Postpartum depression with first",
        "pregnant. gave birth in july to her first, pregnant again already",
        "Pregnant; SIL gave birth 11/20",
        "Pregnant. Her dog gave birth to puppies last week",
        "Pregnant 12 wks. Nanny (postpartum 5 wks) came with her",
    ],
)
def test_a_birth_stated_after_a_pregnancy_leaves_it(note: str) -> None:
    assert "pregnancy" in fields_read(note, TODAY, FIELDS)["contraindications"]


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
        ("Pregnant, 20 wks (5/1). post-partum 5 wks (c-section)", ["pregnancy", "recentSurgery"]),
        ("DVT postpartum 3 wks ago", ["bloodClots"]),
        ("Pregnant 22wks. 6 weeks postpartum with first she had DVT", ["pregnancy", "bloodClots"]),
    ],
)
def test_birth_words_make_only_the_pregnancy_history(note: str, conditions: list[str]) -> None:
    assert fields_read(note, TODAY, ("contraindications",)).get("contraindications", []) == conditions
