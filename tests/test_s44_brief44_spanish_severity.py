"""Session 44 (probe44d M1): Spanish notes say how grave an allergy is ("anafilaxia", "anafiláctica", "grave",
"severa", "lleva EpiPen"), and "frutos secos" are tree nuts: "Alergia al látex (anafilaxia)" was briefed as a plain
latex allergy, and "Alergia grave a los frutos secos, lleva EpiPen" was not read at all (no warning on a
nut-contraindicated service)."""

from __future__ import annotations

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.engines import briefing as engine
from tests.builders import client
from tests.test_s44_brief44_severe_contraindicated import DAY, SCALP, SWEDISH, cautions


def allergies(notes: str) -> list[str]:
    return sorted(extract_profile_offline(notes, today=DAY).values("allergies"))


def severe(notes: str) -> list[str]:
    return engine.severe_allergies(client(notes=notes), extract_profile_offline(notes, today=DAY))


@pytest.mark.parametrize(
    ("notes", "expected"),
    [
        ("Alergia grave a los frutos secos, lleva EpiPen.", ["nutOil"]),  # read nothing; "lleva" no allergen
        ("Alergia a los frutos secos.", ["nutOil"]),  # an allergen of its own ("frutosSecos"), not the nuts
        ("Alergia grave a las nueces.", ["nutOil"]),
        ("Alérgica severa al látex", ["latex"]),
        ("Alergia a los frutos secos, lleva EpiPen.", ["nutOil"]),
    ],
)
def test_spanish_allergies_are_read_with_their_gravity_words(notes: str, expected: list[str]) -> None:
    assert allergies(notes) == expected


@pytest.mark.parametrize(
    ("notes", "grave"),
    [
        ("Alergia al látex (anafilaxia).", ["latex"]),
        ("Alergia a los frutos secos (anafiláctica).", ["nutOil"]),
        ("Alergia grave a los frutos secos, lleva EpiPen.", ["nutOil"]),
        ("Alergia grave a las nueces.", ["nutOil"]),
        ("Alergia al látex, no grave.", []),  # denied
        ("Alergia a las nueces, dolor de espalda grave.", []),  # the back pain is grave, not the allergy
        # the English readings stand
        ("Severe nut allergy - carries EpiPen.", ["nutOil"]),
        ("Latex allergy, severe back pain.", []),
        ("Nut allergy, not severe.", []),
    ],
)
def test_spanish_gravity_makes_an_allergy_severe(notes: str, grave: list[str]) -> None:
    assert severe(notes) == grave


def test_a_spanish_anaphylaxis_is_briefed_severe() -> None:
    assert "SEVERE latex allergy" in cautions(SWEDISH, "Alergia al látex (anafilaxia).")


def test_a_spanish_severe_nut_allergy_warns_on_a_nut_contraindicated_service() -> None:
    said = cautions(SCALP, "Alergia grave a los frutos secos, lleva EpiPen.")
    assert "contraindicated for this guest: SEVERE nut allergy" in said, said
