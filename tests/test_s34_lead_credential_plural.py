"""A certificate or skill typed in the plural counts (rev34a L1): a therapist whose certificate reads "Chemical
Peels" was alerted "Missing certification" on every peel requiring chemicalPeel."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.domain import Certification, credential_word
from spa_copilot.engines.conflicts import ConflictKind, find_conflicts
from tests.builders import appointment, at, location, room, service, staff


@pytest.mark.parametrize(("typed", "required"), [
    ("Chemical Peels", "chemicalPeel"), ("Lash Extensions Certification", "lashExtension"), ("Hot Stones", "hotStone"),
    ("Lashes", "lash"), ("Body Waxes", "bodyWax"), ("Glosses", "gloss"),  # rev34b L5
])
@pytest.mark.parametrize("skill", [False, True])
def test_a_plural_is_the_same_credential(typed: str, required: str, skill: bool) -> None:
    assert credential_word(typed, skill=skill) == credential_word(required, skill=skill)


@pytest.mark.parametrize(("one", "other"), [
    ("Gloss", "Glos"), ("Basis", "Basi"), ("Lash Lifts", "Lash Extensions"), ("Lashes", "Lashe"), ("Lash", "Lash Lift"),
])
def test_words_ending_in_s_that_are_no_plural_keep_it(one: str, other: str) -> None:
    assert credential_word(one) != credential_word(other)


def test_a_certificate_in_the_plural_raises_no_alert() -> None:
    peel = service("sv_peel", name="Glycolic Peel", required_certification="chemicalPeel")
    eva = staff("st_1", first_name="Eva", skills=["facial"],
                certifications=[Certification(name="Chemical Peels", expires_on=date(2027, 6, 30))])
    booked = [appointment(at(date(2026, 12, 8), "10:00"), 60, id="a1", staff_id="st_1", service_id="sv_peel",
                          resource_ids=[])]
    found = find_conflicts(booked, staff=[eva], resources=[room()], services=[peel], locations=[location()])
    assert [c.kind for c in found if c.kind == ConflictKind.missing_certification] == []
