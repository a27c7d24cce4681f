"""A second re-review of the notes reader's 3 December changes (7157386, 9ec70f6, 53533ff): two defects they brought.

- A caution lost: in an allergy list, a later item going on "w/" ended the list when any "fine", "ok" or "instead"
  came after, unless a built-in reaction word stood there. So "Allergies: latex, codeine w/ N/V but OK w/ tramadol"
  named latex only (before 7157386: latex and "codeineW"). The list now ends there only when what the item is with
  is itself what is fine ("water w/ lemon is fine", "tea w/ honey ok for her", "numbed w/ ice instead"), not when
  "but", "though" or "otherwise" turns to another thing first, nor when the fine thing comes after ("nickel w/
  dermatitis ok w/ gold").
- An allergy invented: a dash read as a hyphen added any lower-case words after an allergen's own allergy word as an
  allergen ("Latex allergy – jm" named "jm", "Nut allergy – per client" "perClient", "– negative test"
  "negativeTest"). A name outside the vocabulary is now added so only after a list's own allergy word ("Allergies –
  lidocaine, plasters", "Drug allergies – …"), as after "Allergic to latex –" before.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

TODAY = date(2026, 12, 3)


def allergies(note: str) -> set[str]:
    return set(extract_profile_offline(note, today=TODAY).values("allergies"))


# --- a later "w/" item keeps its allergen when what is fine is another thing ---


@pytest.mark.parametrize(
    ("note", "kept"),
    [
        ("Allergies: latex, codeine w/ N/V but OK w/ tramadol", {"latex", "codeine"}),
        ("Allergies: latex, codeine w/ GI upset but tramadol ok", {"latex", "codeine"}),
        ("Allergies: penicillin, sulfa w/ SOB otherwise fine", {"penicillin", "sulfa"}),
        ("Allergies: latex, sulfa w/ fever but ok w/ other abx", {"latex", "sulfa"}),
        ("Allergies: latex, kiwi w/ mouth tingling but banana fine", {"latex", "kiwi"}),
        ("Allergic to nuts, sesame w/ lip tingling though tahini ok", {"nutOil", "sesame"}),
        ("Allergies: latex, morphine w/ flushing but tolerates fentanyl", {"latex", "morphine"}),
        ("Allergies: latex, ibuprofen w/ stomach pain but tylenol fine", {"latex", "ibuprofen"}),
        ("Allergies: latex, nickel w/ dermatitis ok w/ gold", {"latex", "nickel"}),
    ],
)
def test_a_later_item_with_its_reaction_keeps_its_allergen(note: str, kept: set[str]) -> None:
    assert kept <= allergies(note)


@pytest.mark.parametrize(
    ("note", "read"),
    [
        ("Allergic to latex, water w/ lemon is fine", {"latex"}),
        ("Allergic to latex, tea w/ honey is fine for her", {"latex"}),
        ("Allergic to latex, water w/ lemon is fine though", {"latex"}),
        ("Allergic to lidocaine, numbed w/ ice instead", {"lidocaine"}),
    ],
)
def test_an_item_that_is_itself_fine_still_ends_the_list(note: str, read: set[str]) -> None:
    assert allergies(note) == read


# --- no allergen is made of a remark after an allergen's own allergy word and a dash ---


@pytest.mark.parametrize("dash", [" – ", " — ", " -- ", "—"])
@pytest.mark.parametrize(
    ("note", "read"),
    [
        ("Latex allergy{d}jm", {"latex"}),
        ("Latex allergy{d}per client", {"latex"}),
        ("Nut allergy{d}front desk aware", {"nutOil"}),
        ("Penicillin allergy{d}negative test", {"penicillin"}),
        ("Latex allergy{d}vip", {"latex"}),
        # a list's own allergy word still begins a list the dash's reading adds
        ("Intake: Allergies{d}latex, fragrances", {"latex", "fragrance"}),
        ("Allergies: penicillin{d}severe{d}sulfa", {"penicillin", "sulfa"}),
        # an essential-oil allergy listed after the allergy word stays (the client's name before it)
        ("Hazel allergy{d}lavender, rosemary", {"hazel", "essentialOils"}),
    ],
)
def test_a_remark_after_an_allergens_allergy_word_names_no_allergen(note: str, read: set[str], dash: str) -> None:
    assert allergies(note.format(d=dash)) == read
