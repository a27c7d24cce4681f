"""A list of a scent and an allergen before her reaction: "Eucalyptus, latex (EpiPen)" read a LIKED eucalyptus (both
are hers to avoid, as "Eucalyptus, peppermint (EpiPen)" already marked both), "Latex, eucalyptus (EpiPen)" lost the
latex, "Penicillin, eucalyptus (EpiPen)" the penicillin; the list may be joined by "&", "and", "/" or "+" (session
36). A liking before the list keeps the liked scent, as before."""
from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 6)


def read(note):
    p = extract_profile_offline(note, today=DAY)
    return set(p.values("allergies")), set(p.values("scent"))


@pytest.mark.parametrize(("note", "expected"), [
    ("Eucalyptus, latex (EpiPen)", {"essentialOils", "latex"}),
    ("Eucalyptus & latex (EpiPen)", {"essentialOils", "latex"}),
    ("Eucalyptus and latex (EpiPen)", {"essentialOils", "latex"}),
    ("Eucalyptus/latex (EpiPen)", {"essentialOils", "latex"}),
    ("Eucalyptus + latex (EpiPen)", {"essentialOils", "latex"}),
    ("Eucalyptus, peppermint & latex (EpiPen)", {"essentialOils", "latex"}),
    ("Eucalyptus, latex - hives", {"essentialOils", "latex"}),
    ("Eucalyptus, latex gloves (EpiPen)", {"essentialOils", "latex"}),
    ("Lavender, nuts - hives", {"essentialOils", "nutOil"}),
    ("Latex, eucalyptus (EpiPen)", {"latex", "essentialOils"}),
    ("Latex & eucalyptus (EpiPen)", {"latex", "essentialOils"}),
    ("Latex, lavender (hives)", {"latex", "essentialOils"}),
    ("Nuts, lavender (EpiPen)", {"nutOil", "essentialOils"}),
    ("Penicillin, eucalyptus (EpiPen)", {"penicillin", "essentialOils"}),
    ("Penicillin & eucalyptus (EpiPen)", {"penicillin", "essentialOils"}),
    ("Penicillin, sulfa, eucalyptus (EpiPen)", {"penicillin", "sulfa", "essentialOils"}),
    ("Codeine, lavender (EpiPen)", {"codeine", "essentialOils"}),
])
def test_every_item_of_the_list_is_hers_to_avoid(note, expected):
    allergies, scent = read(note)
    assert allergies == expected
    assert scent == set()


@pytest.mark.parametrize(("note", "allergies", "scent"), [
    ("Eucalyptus, peppermint (EpiPen)", {"essentialOils"}, set()),
    ("Loves eucalyptus, latex (EpiPen)", {"latex"}, {"eucalyptus"}),
    ("Lavender, eucalyptus - she loves them", set(), {"lavender", "eucalyptus"}),
    ("Back, lavender - headaches", {"essentialOils"}, set()),
])
def test_others_read_as_before(note, allergies, scent):
    assert read(note) == (allergies, scent)
