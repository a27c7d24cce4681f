"""Scents read from front-desk notes as staff type them (black-box probe of the offline engine): typos, a mark
after a scent, a list kept away after one "avoid", a scent too strong or passed over, someone else's scent."""

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

#: The spa's day the notes are read on: the readers take one (the location's date), never the machine's.
NOTES_DAY = date(2026, 11, 24)


def _read(note: str) -> tuple[list[str], list[str], list[str]]:
    profile = extract_profile_offline(note, today=NOTES_DAY)
    return (
        sorted({e.value for e in profile.scent}),
        sorted({e.value for e in profile.avoid_scents}),
        sorted({e.value for e in profile.allergies}),
    )


@pytest.mark.parametrize(
    ("note", "scent", "avoid", "allergies"),
    [
        # typed as often misspelt, or shortened
        ("likes lavendar", ["lavender"], [], []),
        ("no pepermint pls", [], ["peppermint"], []),
        ("eucalyptis in the steam towels", ["eucalyptus"], [], []),
        ("loves euc, hates pep", ["eucalyptus"], [], []),
        # a checklist answer of "none"
        ("Aromatherapy: none", ["unscented"], [], []),
        # a mark alone after the scent turns it down
        ("Lavender ❌", [], ["lavender"], []),
        ("Lavender 👍 peppermint 👎", ["lavender"], ["peppermint"], []),
        ("Lavender - never again", [], ["lavender"], []),
        # a list after one "avoid" is kept away as a whole
        ("Scents to avoid: peppermint, rosemary", [], ["peppermint", "rosemary"], []),
        ("avoid peppermint, rosemary", [], ["peppermint", "rosemary"], []),
        # too strong, or passed over for another: not liked
        ("eucalyptus is too strong for her", [], [], []),
        ("Peppermint too intense last visit", [], [], []),
        ("Prefers lavender over eucalyptus", ["lavender"], [], []),
        ("Use citrus instead of lavender", ["citrus"], [], []),
        ("Eucalyptus in place of lavender", ["eucalyptus"], [], []),
        # someone else's scent
        ("Her sister loves peppermint", [], [], []),
        ("Husband prefers lavender", [], [], []),
        # a reaction written with "=" or an arrow
        ("lavender = migraine", [], [], ["essentialOils"]),
        ("latex -> hives", [], [], ["latex"]),
    ],
)
def test_scent_probe(note: str, scent: list[str], avoid: list[str], allergies: list[str]) -> None:
    assert _read(note) == (scent, avoid, allergies)


@pytest.mark.parametrize(
    ("note", "scent", "avoid"),
    [
        ("loves lavender, rosemary", ["lavender", "rosemary"], []),
        ("avoid mint, rose ok", ["rose"], ["peppermint"]),
        ("Avoid peppermint / rosemary", [], ["peppermint", "rosemary"]),
        ("lavender = calm", ["lavender"], []),
        ("Lavender - no problem", ["lavender"], []),
        ("not too much lavender", [], []),
    ],
)
def test_scent_probe_unchanged(note: str, scent: list[str], avoid: list[str]) -> None:
    assert _read(note)[:2] == (scent, avoid)


@pytest.mark.parametrize(("note", "field", "expected"), [
    ("Husband likes firm pressure", "pressure", []),
    ("Her husband runs hot", "temperature", []),
    ("Husband likes jazz", "music", []),
    ("She likes firm pressure; her husband likes light", "pressure", ["firm"]),
    ("Firm pressure. Husband books too.", "pressure", ["firm"]),
])
def test_someone_elses_preference_is_not_the_guests(note: str, field: str, expected: list[str]) -> None:
    """Before, "Husband likes firm pressure" gave the guest firm pressure (only scents and safety facts were checked)."""
    assert extract_profile_offline(note, today=NOTES_DAY).values(field) == expected


@pytest.mark.parametrize(("note", "field", "expected"), [
    ("Would she like eucalyptus? ask", "scent", []),
    ("Lavender?", "scent", []),
    ("Ylang ylang? she said no", "scent", []),
    ("Firm pressure? check", "pressure", []),
    ("Lavender? yes", "scent", ["lavender"]),
    ("Pressure? firm", "pressure", ["firm"]),
    ("Lavender? No thanks", "avoid_scents", ["lavender"]),
])
def test_a_preference_asked_about_is_not_one_stated(note: str, field: str, expected: list[str]) -> None:
    """Before, "Would she like eucalyptus? ask" told the therapist "Scent: eucalyptus"."""
    assert extract_profile_offline(note, today=NOTES_DAY).values(field) == expected
