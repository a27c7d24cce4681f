"""What the notes scrubber still let through to a model (probe46i, rev46j): a titled whole name lost only its first word
("Dr. Helen Park" → "Dr. [name] Park"), a phone typed a digit at a time with dots or commas between its groups was
sent whole, and a name before "'s <relation>" or before "su <relación>" kept its first word or all of it. Each row
names what must go and what the notes reader must keep: a condition, allergen, dose, date or reading."""

from __future__ import annotations

import pytest

from spa_copilot.ai.guardrails import scrub_for_model, scrub_pii


@pytest.mark.parametrize(
    ("notes", "gone", "kept"),
    [
        ("Dr. Helen Park recommends deep tissue.", ["Helen", "Park"], "recommends deep tissue."),
        ("Per Dr. Ana de la Cruz no deep tissue.", ["Ana", "Cruz"], "no deep tissue."),
        ("Dr. Helen van der Berg says no heat.", ["Helen", "Berg"], "says no heat."),
        ("Dr. Helen O'Brien's clinic cleared her.", ["Helen", "Brien"], "'s clinic cleared her."),
        # a lexicon word after the name is never more of it
        ("Dr. Helen Park Latex allergy noted.", ["Helen", "Park"], "Latex allergy noted."),
        ("Dr. Helen Park Eczema flare, no scrub.", ["Helen", "Park"], "Eczema flare, no scrub."),
        ("Dr. Helen Park Pregnant, 20 weeks.", ["Helen", "Park"], "Pregnant, 20 weeks."),
        ("Dr. Helen Park Lavender oil ok.", ["Helen", "Park"], "Lavender oil ok."),
        ("Dr. Helen Park April 3 follow-up.", ["Helen", "Park"], "April 3 follow-up."),
        ("Dr. Helen Park\nLatex allergy", ["Helen", "Park"], "\nLatex allergy"),
    ],
)
def test_a_titled_name_is_masked_whole_and_what_follows_stays(notes: str, gone: list[str], kept: str) -> None:
    scrubbed = scrub_pii(notes)
    assert not [word for word in gone if word in scrubbed], scrubbed
    assert kept in scrubbed, scrubbed


@pytest.mark.parametrize(
    ("notes", "gone", "kept"),
    [
        # after a first word no list of given names knows, no more word is the name's (rev47b)
        ("Dr. Ngozi Okafor, derm, ok'd it. Dr. Park Inderal 10mg daily.", ["Ngozi"], "Inderal 10mg daily."),
        ("Hx MS Fibromyalgia. Saw Dr. Helen Park today.", ["Helen", "Park"], "Hx MS Fibromyalgia."),
    ],
)
def test_a_titled_name_never_takes_a_drug_no_list_knows(notes: str, gone: list[str], kept: str) -> None:
    scrubbed = scrub_pii(notes)
    assert not [word for word in gone if word in scrubbed], scrubbed
    assert kept in scrubbed, scrubbed


def test_a_titled_surname_is_masked_where_mentioned_again() -> None:
    scrubbed = scrub_for_model("Dr. Helen Park recommends firm. Park said no oils.")
    assert "Park" not in scrubbed and "said no oils." in scrubbed, scrubbed


@pytest.mark.parametrize(
    ("notes", "kept"),
    [
        ("Call 4 1 5. 5 5 5. 0 1 0 1 to confirm. Taper 40-30-20-10-5 mg.", "Taper 40-30-20-10-5 mg."),
        ("Cell 4 1 5, 5 5 5, 0 1 0 1. Surgery 12 1 2026.", "Surgery 12 1 2026."),
        ("Cell 4 1 5 . 5 5 5 . 0 1 0 1. Temp 98.6, BP 120/80.", "Temp 98.6, BP 120/80."),
        ("Mob 415, 5 5 5, 0 1 0 1. Steps: 1. 2. 3. 4. 5. 6. 7.", "Steps: 1. 2. 3. 4. 5. 6. 7."),
        ("Ph 4 1 5, 5 5 5, 0 1 0 1. Taper 4, 3, 2, 1 mg.", "Taper 4, 3, 2, 1 mg."),
        ("Ph 4 1 5. 5 5 5. 0 1 0 1. Sets 1, 2, 3, 4, 5, 6, 7, 8.", "Sets 1, 2, 3, 4, 5, 6, 7, 8."),
        ("Ph 4 1 5. 5 5 5. 0 1 0 1. Seen 12. 1. 2026, temps 98.6, 99.1.", "Seen 12. 1. 2026, temps 98.6, 99.1."),
    ],
)
def test_a_phone_typed_a_digit_at_a_time_with_dots_or_commas_is_masked(notes: str, kept: str) -> None:
    scrubbed = scrub_pii(notes)
    assert "[phone]" in scrubbed and "0 1 0 1" not in scrubbed, scrubbed
    assert kept in scrubbed, scrubbed


@pytest.mark.parametrize(
    ("notes", "gone", "kept"),
    [
        ("Jordan Lee's mom booked the visit.", ["Jordan", "Lee"], "'s mom booked the visit."),
        ("Mary Ann Okafor's husband paid.", ["Mary", "Ann", "Okafor"], "'s husband paid."),
        ("Tell Jordan Lee's mom at pickup.", ["Jordan", "Lee"], "Tell "),
        ("Diabetic Jordan Lee's mom pays.", ["Jordan", "Lee"], "Diabetic "),
        ("Pregnant. Jordan Lee's mom came too.", ["Jordan", "Lee"], "Pregnant. "),
        ("Latex Allergy Jordan Lee's sister drives.", ["Jordan", "Lee"], "Latex Allergy "),
        ("Carlos García su esposo llamó.", ["Carlos", "García"], " su esposo llamó."),
        ("Alérgica al látex. María López su hija viene.", ["María", "López"], "Alérgica al látex."),
        ("Embarazada María López su hija viene.", ["María", "López"], "Embarazada "),
        ("Asma Carlos García mi hermano.", ["Carlos", "García"], "Asma "),
    ],
)
def test_a_name_before_its_relation_is_masked_whole(notes: str, gone: list[str], kept: str) -> None:
    scrubbed = scrub_for_model(notes)
    assert not [word for word in gone if word in scrubbed], scrubbed
    assert kept in scrubbed, scrubbed
