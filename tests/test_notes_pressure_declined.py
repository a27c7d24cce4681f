"""A pressure level the note advises against, declines or booked in error is not the guest's preference: "Deep tissue
not recommended" must not brief the therapist "Pressure: deep". The condition named beside it stays."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

TODAY = date(2026, 12, 3)


def _read(note: str, field: str) -> list[str]:
    return extract_profile_offline(note, today=TODAY).values(field)


@pytest.mark.parametrize(
    "note",
    [
        "Deep tissue not recommended",
        "DEEP TISSUE NOT RECOMMENDED",
        "Deep tissue NOT recommended",
        "Deep tissue is not recommended",
        "Deep tissue isn't recommended",
        "deep tissue not recommended for her",
        "Deep tissue no longer recommended",
        "deep tissue is no longer recommended for her",
        "Deep tissue: not recommended",
        "DT massage not recommended",
        "deep tissue massage not recommended",
        "deep tissue too painful",
        "deep tissue was too painful",
        "Firm pressure not advised",
        "Firm pressure is not advisable",
        "deep pressure declined",
        "deep tissue - declined",
        "deep pressure declined due to DVT",
        "Declined deep tissue",
        "Declines deep pressure today",
        "Booked deep tissue by mistake",
        "Booked DT by mistake",
    ],
)
def test_a_level_advised_against_or_declined_is_no_preference(note: str) -> None:
    assert _read(note, "pressure") == []


@pytest.mark.parametrize(
    ("note", "condition"),
    [
        ("deep tissue contraindicated (blood thinners)", "bloodThinners"),
        ("deep tissue contra-indicated, pregnant", "pregnancy"),
        ("deep tissue not recommended - on blood thinners", "bloodThinners"),
        ("Medium pressure; deep tissue not recommended due to DVT", "bloodClots"),
    ],
)
def test_the_condition_beside_it_stays(note: str, condition: str) -> None:
    assert "deep" not in _read(note, "pressure")
    assert _read(note, "contraindications") == [condition]


@pytest.mark.parametrize(
    ("note", "pressure"),
    [
        ("Prefers firm, deep tissue not recommended (blood thinners)", ["firm"]),
        ("Deep tissue not recommended, prefers medium", ["medium"]),
        ("Booked DT by mistake - she wants light pressure", ["light"]),
    ],
)
def test_the_level_they_do_want_stays(note: str, pressure: list[str]) -> None:
    assert _read(note, "pressure") == pressure


@pytest.mark.parametrize(
    ("note", "pressure"),
    [
        ("Deep tissue recommended", ["deep"]),
        ("Deep tissue highly recommended", ["deep"]),
        ("Firm pressure recommended by Dr", ["firm"]),
        ("Firm pressure - declined aromatherapy", ["firm"]),
        ("Firm pressure, declined the hot stones", ["firm"]),
        ("Prefers DT, not recommended to use lavender", ["deep"]),
    ],
)
def test_a_level_recommended_or_beside_another_refusal_stays(note: str, pressure: list[str]) -> None:
    assert _read(note, "pressure") == pressure
