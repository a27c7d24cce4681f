"""A name before "'s <relation>" or before "su <relación>" kept its first word or all of it in a model's copy of the
notes (probe46i, rev46j): "Jordan Lee's mom", "Carlos García su esposo". It is masked from a known given name on;
a condition, allergen or other word no list of given names knows in front stays ("Diabetic", "Embarazada")."""

from __future__ import annotations

import pytest

from spa_copilot.ai.guardrails import scrub_for_model


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
