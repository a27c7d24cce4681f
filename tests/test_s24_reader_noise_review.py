"""The allergy lists' stray-item and substitute rules after their adversarial review (session 24): a substance
before a time phrase, a number and a unit before an allergy, a given name that is also a brand, and a linen of
another material after a dash are read, not skipped as strays. Each case failed before the fix."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

TODAY = date(2026, 12, 4)


def _allergies(note: str) -> set[str]:
    return {value.lower() for value in extract_profile_offline(note, today=TODAY).values("allergies")}


@pytest.mark.parametrize(
    ("note", "stem"),
    [
        ("New allergy: Keflex last month", "keflex"),
        ("Became allergic to Advil last year", "advil"),
        ("Allergies: latex, Sudafed last week", "sudafed"),
        ("Allergies: Zoloft last yr, nuts", "zoloft"),
        ("Allergic to Vicodin years ago", "vicodin"),
        ("24 hr penicillin allergy", "penicillin"),
        ("12 hour Claritin allergy", "claritin"),
        ("3 day Keflex allergy", "keflex"),
        ("Allergic to Chloe", "chloe"),
        ("Allergies: latex, Stella", "stella"),
        ("Allergic to feathers - down pillows", "down"),
        ("Allergic to wool - cashmere blanket", "cashmere"),
    ],
)
def test_a_substance_is_never_taken_for_a_stray(note: str, stem: str) -> None:
    assert any(stem in value for value in _allergies(note)), _allergies(note)


@pytest.mark.parametrize(
    ("note", "stray"),
    [
        ("rejected, Aspirin allergy", "rejected"),
        ("Had c-section, 3 yrs ago, fragrance allergy", "yrsago"),
        ("very punctual, latex allergy", "punctual"),
        ("Adeline, latex allergy", "adeline"),
        ("Allergic to wool - cotton blanket", "cottonblanket"),
    ],
)
def test_what_is_plainly_no_substance_is_still_skipped(note: str, stray: str) -> None:
    assert stray not in _allergies(note) and _allergies(note), _allergies(note)
