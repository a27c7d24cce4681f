"""How far a checklist answer reaches back: it answers the nearest label before its colon, not a term that another
label stands between ("Pregnant 14wks, Meds: no longer": the "no longer" is the meds', the pregnancy stays)."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

TODAY = date(2026, 3, 10)


def _read(note: str, field: str) -> list[str]:
    return extract_profile_offline(note, today=TODAY).values(field)


@pytest.mark.parametrize(
    ("note", "condition"),
    [
        ("Pregnant 14wks, Meds: no longer", "pregnancy"),
        ("Pregnant 14wks, Meds: none", "pregnancy"),
        ("Pregnant 14 wks, Meds? No", "pregnancy"),
        ("PREGNANT 24 wks, Meds: no longer. Likes firm pressure.", "pregnancy"),
        ("Pregnant 14wks, Meds: stopped", "pregnancy"),
        ("Pregnant 14wks / Meds: none", "pregnancy"),
        ("Pregnant 14wks - Meds: none", "pregnancy"),
        ("Pregnant 14wks and meds: none", "pregnancy"),
        ("Pregnant 14wks, meds - none", "pregnancy"),
        ("Pregnant — 14wks, meds: none", "pregnancy"),
        ("Pregnant (20 wks), smoker? No", "pregnancy"),
        ("Pregnant 20 wks, BP: fine", "pregnancy"),
        ("Pregnant: yes, Meds: none", "pregnancy"),
        ("Currently pregnant, meds: none", "pregnancy"),
        ("Pregnant, other: no", "pregnancy"),
        ("On Eliquis, Advil: stopped", "bloodThinners"),
        ("On Eliquis, Advil: no", "bloodThinners"),
        ("On Eliquis | Advil: stopped", "bloodThinners"),
        ("On Eliquis since 2019 for afib, Advil: stopped", "bloodThinners"),
        ("On warfarin, started 2020, Meds: none", "bloodThinners"),
        ("Taking warfarin, vitamins: stopped", "bloodThinners"),
        ("Xarelto daily, Meds: no longer", "bloodThinners"),
        ("Blood thinners: yes (Eliquis), Advil: stopped", "bloodThinners"),
        ("Retinol - nightly, Meds: none", "retinoids"),
        ("Retinol nightly, peels: none", "retinoids"),
        ("Surgery 2 wks ago, meds: none", "recentSurgery"),
        ("Botox last week, other: no", "recentInjectables"),
        ("Diabetes T2, smoker: no", "diabetes"),
    ],
)
def test_an_answer_after_another_label_keeps_the_condition(note: str, condition: str) -> None:
    assert condition in _read(note, "contraindications")


@pytest.mark.parametrize(
    ("note", "allergies"),
    [
        ("Allergic to latex, meds: none", ["latex"]),
        ("Latex allergy, meds: none", ["latex"]),
        ("Nut allergy, meds: none", ["nutOil"]),
        ("Penicillin allergy, meds: none", ["penicillin"]),
        ("Shellfish allergy, other: none", ["shellfish"]),
        ("Allergies: latex, other: none", ["latex"]),
        ("No fragrance - allergic, meds: none", ["fragrance"]),
        ("Latex allergy, rash: resolved", ["latex"]),
        ("Allergic to latex, rash: resolved", ["latex"]),
    ],
)
def test_an_answer_after_another_label_keeps_the_allergy(note: str, allergies: list[str]) -> None:
    assert _read(note, "allergies") == allergies  # and the label is no allergen ("meds", "other")


@pytest.mark.parametrize(
    "note",
    [
        # the term's own heading, brackets included, before the colon
        "Pregnant (14 wks, due May): no",
        "Pregnant (14wks): no",
        "Pregnant 14wks: no",
        "Blood thinners (warfarin, eliquis)? No",
        "Meds (warfarin, eliquis): stopped",
        "Meds (warfarin, Advil): stopped",
        "Latex allergy: no",
        "Nut allergy: none",
        "Pregnancy status: no",
        "Pregnant? No",
        "Pregnant – no",
        "Pregnant - no",
        "Pregnant Y/N: N",
        "Pregnant yes/no: no",
        "Pregnant (Y/N): N",
        "Allergic to latex gloves? no",
        # a list sharing one answer: of terms, or of one question's words
        "Retinol, tret: stopped",
        "Retinol, tretinoin, differin: stopped",
        "Retinol/tret: stopped",
        "Heart condition, pacemaker: no",
        "Pregnant/nursing? No",
        "Pregnant / nursing: no",
        "Pregnant or nursing? No",
        "Pregnant, nursing: no",
        "Pregnant and nursing: no",
        "Pregnant, breastfeeding or trying: no",
        "Blood thinners, eg warfarin, eliquis: no",
        "Blood thinners, including aspirin: no",
        "Pregnancy, meds: none",
        "Pregnancy status, meds: none",
        "Pregnant, nursing, meds: none",
        "Pregnant/nursing, meds: none",
        # its own answer, or its own past, before another label
        "Pregnant: no longer, meds: none",
        "Retinol stopped, meds: none",
        "Previously allergic to latex, outgrew it",
        "Latex allergy, outgrew it",
        "Retinoids? Stopped. Pregnant? No",
    ],
)
def test_the_terms_own_answer_still_denies_it(note: str) -> None:
    assert _read(note, "contraindications") == []
    assert _read(note, "allergies") == []


def test_the_nearest_term_keeps_its_answer() -> None:
    assert _read("Allergic to latex, shellfish? no", "allergies") == ["latex"]
    assert _read("Pregnant 14wks, Meds: none. On Eliquis, Advil: stopped.", "contraindications") == [
        "pregnancy",
        "bloodThinners",
    ]
