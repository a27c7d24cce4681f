"""When her reaction happened, as a span of years or said before the reaction: "Penicillin - hives 2019-2020" read
nothing, "Latex - anaphylaxis 2019-2020" lost the latex (a single year read both), "Penicillin 2019 - hives" and
"Latex (2019) - hives" read nothing, and "Allergies: penicillin 2019" read nothing under the heading; a year at the
end of a reaction's item cut the line's other items off ("Penicillin - hives 2019, latex" lost the latex,
"Penicillin - hives 2019, codeine" the codeine) (session 36). A date is still no year ("- hives 2019-05-03")."""
from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 6)


def read(note):
    return set(extract_profile_offline(note, today=DAY).values("allergies"))


@pytest.mark.parametrize(("note", "expected"), [
    ("Penicillin - hives 2019-2020", {"penicillin"}),
    ("Penicillin - hives 2019/20", {"penicillin"}),
    ("Penicillin - hives in 2019-2020", {"penicillin"}),
    ("Penicillin (hives 2019-2020)", {"penicillin"}),
    ("Codeine - itching 2018-19", {"codeine"}),
    ("Sulfa - rash 2015-2016", {"sulfa"}),
    ("Latex - anaphylaxis 2019-2020", {"latex"}),
    ("Nuts - anaphylaxis 2019-2020", {"nutOil"}),
    ("latex, penicillin (anaphylaxis 2019-2020)", {"latex", "penicillin"}),
    ("Latex - hives 2019-20, penicillin", {"latex", "penicillin"}),
])
def test_a_span_of_years_after_the_reaction(note, expected):
    assert read(note) == expected


@pytest.mark.parametrize(("note", "expected"), [
    ("Penicillin 2019 - hives", {"penicillin"}),
    ("Penicillin 2019-2020 - hives", {"penicillin"}),
    ("Penicillin (2019-2020) - hives", {"penicillin"}),
    ("Latex 2019-2020 - hives", {"latex"}),
    ("Latex (2019) - hives", {"latex"}),
    ("Latex 2019 (hives)", {"latex"}),
    ("Nuts 2019 - anaphylaxis", {"nutOil"}),
    ("Lavender 2019 - headaches", {"essentialOils"}),
])
def test_the_year_said_before_the_reaction(note, expected):
    assert read(note) == expected


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies: penicillin 2019", {"penicillin"}),
    ("Allergies: penicillin 2019/20 - hives", {"penicillin"}),
    ("Allergic to penicillin 2019 - hives", {"penicillin"}),
    ("Allergies: penicillin 2019 - hives, codeine", {"penicillin", "codeine"}),
    ("Allergies: penicillin, codeine 2019-2020 - hives", {"penicillin", "codeine"}),
])
def test_a_year_after_a_name_under_an_allergy_heading(note, expected):
    assert read(note) == expected


@pytest.mark.parametrize(("note", "expected"), [
    ("Penicillin - hives 2019, latex", {"penicillin", "latex"}),
    ("Penicillin - hives 2019-2020, latex", {"penicillin", "latex"}),
    ("Penicillin - hives 2019, codeine", {"penicillin", "codeine"}),
    ("Penicillin - hives 2019-2020 | dogs", {"penicillin", "dogs"}),
    ("Penicillin - hives 2019 • lavender", {"penicillin", "essentialOils"}),
])
def test_the_items_after_a_reaction_with_its_year(note, expected):
    assert read(note) == expected


@pytest.mark.parametrize(("note", "expected"), [
    ("penicillin - hives 2019-05-03", set()),  # a date, read as before
    ("Allergies: 2019", set()),
    ("Penicillin - hives 2019, loves lavender", {"penicillin"}),
])
def test_others_read_as_before(note, expected):
    assert read(note) == expected
