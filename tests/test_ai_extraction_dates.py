"""Dates in the notes: a year is long ago only once it ended six months before the day the note is read."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DECEMBER = date(2026, 12, 2)
JANUARY = date(2027, 1, 15)
MARCH = date(2026, 3, 1)


def _conditions(note: str, today: date) -> list[str]:
    return extract_profile_offline(note, today=today).values("contraindications")


@pytest.mark.parametrize(
    ("note", "today", "contraindications"),
    [
        ("Stopped Accutane in 2026", DECEMBER, ["isotretinoin"]),
        ("finished accutane course in 2026 - skin still dry", DECEMBER, ["isotretinoin"]),
        ("Had surgery in 2026", DECEMBER, ["recentSurgery"]),
        ("Pregnant - due in 2027", DECEMBER, ["pregnancy"]),
        ("Stopped Accutane in 2025", MARCH, ["isotretinoin"]),  # perhaps December 2025: under six months
        ("Stopped Accutane in 2025", DECEMBER, []),  # eleven months at least
        ("Stopped Accutane last year", JANUARY, ["isotretinoin"]),
        ("Stopped Accutane last year", DECEMBER, []),
        ("Had surgery in 2026", JANUARY, ["recentSurgery"]),
        ("Had surgery in 2019", DECEMBER, []),
        ("Stopped eliquis in 2022", DECEMBER, []),
    ],
)
def test_a_year_counts_as_past_only_six_months_after_it_ended(
    note: str, today: date, contraindications: list[str]
) -> None:
    assert _conditions(note, today) == contraindications


def test_the_extractor_has_no_day_of_its_own() -> None:
    """The day is the spa's (the location's local date), which only the caller knows: no default falls back to the
    machine's date, a day off it on an American evening (the server's UTC date is tomorrow there)."""
    with pytest.raises(TypeError, match="today"):
        extract_profile_offline("Stopped Accutane in 2026")  # type: ignore[call-arg]
    day = date(2026, 12, 31)
    assert extract_profile_offline(f"Stopped Accutane in {day.year}", today=day).values("contraindications") == [
        "isotretinoin"
    ]
    assert extract_profile_offline(f"Stopped Accutane in {day.year - 3}", today=day).values("contraindications") == []


@pytest.mark.parametrize(
    "note",
    [
        "Botox 2 yrs ago",
        "Botox 2yrs ago",
        "knee surgery 2 yrs ago",
        "Had c-section 3 yrs ago",
        "Had surgery 10 yrs ago",
        "tummy tuck 10 yrs ago",
        "Stopped accutane 2 yrs ago",
        "Accutane - finished course 2 yrs ago",
        "Finished accutane 8 mos ago",
        "Finished accutane 7 mths ago",
        "Accutane (2015)",
        "Former accutane user (2012)",
        "Used to be on Accutane (2015). Skin fine now.",
        "Off accutane since 2019",
        "off warfarin since March",
        "Facelift 2019, no issues",
        "Stopped accutane 3/1/2019",
    ],
)
def test_short_time_units_and_bare_years_date_the_past(note: str) -> None:
    assert _conditions(note, DECEMBER) == []


@pytest.mark.parametrize(
    ("note", "contraindications"),
    [
        ("Botox 2 wks ago", ["recentInjectables"]),
        ("Finished accutane 3 mos ago", ["isotretinoin"]),
        ("Stopped accutane 6 wks ago", ["isotretinoin"]),
        ("Accutane since 2019", ["isotretinoin"]),  # taking it since then: current
        ("On warfarin since 2019", ["bloodThinners"]),
        ("Off accutane since 2026", ["isotretinoin"]),  # under six months, perhaps
        ("Accutane (2026)", ["isotretinoin"]),
        ("Botox 11/2/2026, no facial massage", ["recentInjectables"]),
        ("Pregnant, due 2027", ["pregnancy"]),
        ("aspirin 2000 mg daily", ["bloodThinners"]),
        ("Time off for surgery last week", ["recentSurgery"]),
    ],
)
def test_recent_and_current_dates_stay_flagged(note: str, contraindications: list[str]) -> None:
    assert _conditions(note, DECEMBER) == contraindications
