"""s51 (lex51g): three misreadings of the offline note reader found by the blind held-out set 6, mended as classes.

- A checkbox export's empty box after a ticked item on the same line was read as that item's answer, so it cancelled
  it: "[x] Allergies: shellfish [ ] Diabetes" read no shellfish. On a line whose boxes stand before their terms, an
  empty box followed by words starts the next item (``forms._next_items_empty_box``).
- An EpiPen with where it is kept before a spaced dash ("EpiPen in locker - peanuts", "FYI: EpiPen in bag - nuts")
  read no allergy, while "EpiPen - peanuts" read a SEVERE one (``lexicon.REACTION_HEAD``).
- A scent named as what she went blotchy with ("went blotchy last time with the eucalyptus steam") was a liked scent
  (``lexicon.REACTION_BEFORE``).
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from tests.builders import HOT_STONE, dm_lines

DAY = date(2026, 12, 8)
HOT = HOT_STONE
NOTHING_READ = "No health details read"
NUTS = "SEVERE nut oil allergy: nut-free oils only"
SHELLFISH = "SEVERE shellfish allergy: no seaweed or marine products"


def read(notes: str, field: str) -> list[str]:
    """The values the offline reader gives ``field`` for ``notes``, sorted."""
    return sorted(extract_profile_offline(notes, today=DAY).values(field))


@pytest.mark.parametrize(
    ("notes", "allergies", "conditions"),
    [
        (
            "[x] Pregnant [ ] Diabetes [ ] High blood pressure [x] Allergies: shellfish [ ] Recent surgery",
            ["shellfish"],
            ["pregnancy"],
        ),
        ("[x] Allergies: shellfish [ ] Diabetes", ["shellfish"], []),
        ("[X] Allergies: shellfish [ ] Diabetes", ["shellfish"], []),
        ("[✓] Allergies: shellfish [ ] Recent surgery", ["shellfish"], []),
        ("☑ Allergies: shellfish ☐ Diabetes", ["shellfish"], []),
        ("☒ Allergies: latex, shellfish ☐ Diabetes", ["latex", "shellfish"], []),
        ("[x] Allergies - shellfish [ ] Recent surgery", ["shellfish"], []),
    ],
)
def test_an_empty_box_after_a_ticked_item_starts_the_next_item(notes, allergies, conditions):
    """Guards the ticked allergy's item against the next item's empty box (it read no shellfish), and that the
    unticked items (diabetes, blood pressure, surgery) stay no condition."""
    assert (read(notes, "allergies"), read(notes, "contraindications")) == (allergies, conditions)


def test_a_box_after_its_own_term_still_answers_it():
    """Guards the other side: on a line whose boxes follow their terms the empty box is the term's own ("Shellfish
    [ ]" is unticked), while the mended line reads its shellfish."""
    assert (read("Shellfish [ ] Latex [x]", "allergies"), read("[x] Allergies: shellfish [ ] Latex", "allergies")) == (
        ["latex"],
        ["shellfish"],
    )


@pytest.mark.parametrize(
    ("notes", "line"),
    [
        ("heads up: EpiPen in locker - peanuts", NUTS),
        ("EpiPen in locker - peanuts", NUTS),
        ("FYI: EpiPen in bag - nuts", NUTS),
        ("EpiPen in her handbag – shellfish", SHELLFISH),
        ("Carries EpiPen in her bag - peanuts", NUTS),
    ],
)
def test_an_epipen_kept_somewhere_with_an_allergen_after_a_dash_is_severe(notes, line):
    """Guards the EpiPen said with where it is kept: the allergen after the dash is a SEVERE allergy (it read none,
    the therapist was told no health details were read)."""
    told = dm_lines(notes, HOT, day=DAY)
    assert line in told and NOTHING_READ not in told


@pytest.mark.parametrize(
    "look_alike", ["heads up: peanuts", "EpiPen for her son - peanuts", "EpiPen in locker - see front desk"]
)
def test_look_alikes_of_the_epipen_line_stay_no_allergy(look_alike):
    """Guards the narrow side: a bare "heads up" line, a pen for someone else, or no allergen after the dash read no
    allergy, while the mended line beside them reads its nuts."""
    assert (read(look_alike, "allergies"), read("EpiPen in locker - peanuts", "allergies")) == ([], ["nutOil"])


@pytest.mark.parametrize(
    "notes",
    [
        "Essential oil allergy - went blotchy last time with the eucalyptus steam. Plain hot towel only.",
        "went blotchy last time with the eucalyptus steam",
        "Went blotchy with the lavender oil",
    ],
)
def test_a_scent_she_went_blotchy_with_is_no_liked_scent(notes):
    """Guards the scent she reacted to: never a liked scent (eucalyptus was listed as liked), an essential oils
    allergy instead."""
    assert (read(notes, "scent"), read(notes, "allergies")) == ([], ["essentialOils"])


def test_a_liked_steam_stays_liked():
    """Guards the other side: a steam she loves is still a liked scent, while one she went blotchy with is none."""
    assert (read("Loves eucalyptus steam", "scent"), read("went blotchy with the eucalyptus steam", "scent")) == (
        ["eucalyptus"],
        [],
    )
