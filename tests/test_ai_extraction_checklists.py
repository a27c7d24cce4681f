"""Intake checklists in the notes: an answer on its own line, or with words, brackets or an emoji after it."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

#: The spa's day the notes are read on: the readers take one (the location's date), never the machine's.
NOTES_DAY = date(2026, 11, 24)


def _safety(note: str) -> tuple[list[str], list[str]]:
    profile = extract_profile_offline(note, today=NOTES_DAY)
    return profile.values("allergies"), profile.values("contraindications")


@pytest.mark.parametrize(
    "note",
    [
        "Blood thinners: no\nPregnant: no\nLatex allergy: no\nLikes firm pressure",
        "Blood thinners: no\r\nPregnant: no\r\nLatex allergy: no\r\nLikes firm pressure\r\n",
        "Pregnant: no (asked 3/2)\nfirm",
        "Pregnant: no 🙂\nBlood thinners: none   \nLatex allergy: N\t\nfirm",
        "Pregnant? No - confirmed at check-in\nfirm",
        "Latex allergy: no, checked with her\nfirm",
    ],
)
def test_a_no_answer_ends_its_question_whatever_follows_on_the_line(note: str) -> None:
    assert _safety(note) == ([], [])


@pytest.mark.parametrize(
    ("note", "allergies", "contraindications"),
    [
        ("Latex: Y\nNuts: N\nPregnant: N", ["latex"], []),
        ("Latex: Y\r\nNuts: N\r\nPregnant: Y\r\n", ["latex"], ["pregnancy"]),
        ("Nuts: yes (hives)\nLatex: no", ["nutOil"], []),
        ("Shellfish? yes 😬\nPregnant: no", ["shellfish"], []),
        ("Latex: yes   \nfirm", ["latex"], []),
    ],
)
def test_a_yes_answer_on_its_own_line_is_kept(note: str, allergies: list[str], contraindications: list[str]) -> None:
    assert _safety(note) == (allergies, contraindications)


@pytest.mark.parametrize(
    ("note", "contraindications"),
    [
        ("Pregnant: no longer, baby born in May", []),  # "no longer" is not an answer but a history cue: still none
        ("Pregnant: nope, but on warfarin", ["bloodThinners"]),
        ("Blood thinners: no\nPregnant: yes, 20 weeks", ["pregnancy"]),
        ("Pregnant: now 20 weeks", ["pregnancy"]),  # "now" is a word, not the answer "no"
        ("Pregnant: N/A\nWarfarin daily", ["bloodThinners"]),
    ],
)
def test_an_answer_answers_only_its_own_question(note: str, contraindications: list[str]) -> None:
    assert _safety(note)[1] == contraindications


def test_evidence_of_a_windows_note_has_no_carriage_return() -> None:
    profile = extract_profile_offline("Nuts: yes\r\nLikes firm pressure\r\n", today=NOTES_DAY)
    assert [(e.value, e.evidence) for e in profile.allergies] == [("nutOil", "Nuts: yes")]
    assert [(e.value, e.evidence) for e in profile.pressure] == [("firm", "Likes firm pressure")]


@pytest.mark.parametrize(
    ("note", "contraindications"),
    [
        ("Recent sunburn on back? No — that was last month, fully healed.", []),
        ("Sunburn on shoulders? yes, a bit", ["sunburn"]),
        ("Sunburn on face, pregnant? no", ["sunburn"]),
    ],
)
def test_a_body_area_between_a_question_and_its_answer_is_not_a_question(note: str, contraindications: list[str]) -> None:
    assert _safety(note)[1] == contraindications
