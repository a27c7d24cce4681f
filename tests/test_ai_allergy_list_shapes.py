"""Allergy list shapes the offline notes reader lost or misread (5 December 2026).

- Losses: a drug's brand name in a semicolon list ("Allergies: latex; bee stings; Zosyn" lost Zosyn), a drug's name
  with its form after a hyphen or a number ("Advil-PM", "Wellbutrin-XR", "Tylenol #3"), a product named after a
  condition ("eczema cream", "acne wash", "migraine pills") or a condition itself ("eczema", "Asthma") inside the
  list, which ended it and lost the allergens after it, and a form's sub-label ("Allergies: Drug: codeine" read
  "drug" and lost codeine).
- Spurious: a reaction list after a dash ("Sulfa allergy - rash, fever" read "fever"), a sub-label left blank
  ("Latex allergy: Y / Specify: -" read "specify"), a condition in the list ("Allergies: Asthma, latex" read
  "asthma").
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

TODAY = date(2026, 12, 5)


def allergies(note: str) -> list[str]:
    return sorted(extract_profile_offline(note, today=TODAY).values("allergies"))


LOSSES = [
    # 1. a semicolon list of three or more reads a drug's brand name too
    ("Allergies: latex; bee stings; Zosyn", ["beeStings", "latex", "zosyn"]),
    ("Allergies: latex; Zosyn; codeine", ["codeine", "latex", "zosyn"]),
    ("Allergies: latex; codeine; Sudafed", ["codeine", "latex", "sudafed"]),
    ("Allergies: latex; codeine; Sudafed.", ["codeine", "latex", "sudafed"]),
    # ... and a name with its form in any semicolon list
    ("Allergies: latex; Advil-PM", ["advilPm", "latex"]),
    ("Allergies: latex; Claritin-D; codeine", ["claritinD", "codeine", "latex"]),
    ("Allergies: latex; Tylenol PM", ["latex", "tylenolPm"]),
    ("Allergies: penicillin, Tylenol ok, Advil-PM", ["advilPm", "penicillin"]),
    # 2. a drug's form after a hyphen, or its number, is part of its name
    ("Allergies: latex, codeine, Advil-PM", ["advilPm", "codeine", "latex"]),
    ("Allergies: latex, Advil-PM, codeine", ["advilPm", "codeine", "latex"]),
    ("Allergies: latex, Wellbutrin-XR, Zosyn", ["latex", "wellbutrinXr", "zosyn"]),
    ("Allergies: latex, Ambien-CR, Zosyn", ["ambienCr", "latex", "zosyn"]),
    ("Allergies: latex / Zosyn / Advil-PM", ["advilPm", "latex", "zosyn"]),
    ("Allergies: latex + Advil-PM + codeine", ["advilPm", "codeine", "latex"]),
    ("Allergies: latex & Advil-PM", ["advilPm", "latex"]),
    ("Allergies: latex, Tylenol #3, Zosyn", ["latex", "tylenol", "zosyn"]),
    ("Allergies: latex, Tylenol # 3", ["latex", "tylenol"]),
    ("Allergies: latex, Night Nurse, Zosyn", ["latex", "nightNurse", "zosyn"]),
    # 3. a product named after a condition, or the condition itself, goes on with the list
    ("Allergies: latex, eczema cream, Zosyn", ["eczemaCream", "latex", "zosyn"]),
    ("Allergies: latex, acne wash, Zosyn", ["acneWash", "latex", "zosyn"]),
    ("Allergies: latex, psoriasis shampoo, Zosyn", ["latex", "psoriasisShampoo", "zosyn"]),
    ("Allergies: latex, migraine pills, Zosyn", ["latex", "migrainePills", "zosyn"]),
    ("Allergies: latex; acne wash; Zosyn", ["acneWash", "latex", "zosyn"]),
    ("Allergies: latex + rosacea serum + codeine", ["codeine", "latex", "rosaceaSerum"]),
    ("Allergic to migraine pills and latex", ["latex", "migrainePills"]),
    ("Allergies: latex, eczema, Zosyn", ["latex", "zosyn"]),
    ("Allergies: latex, diabetes, Zosyn", ["latex", "zosyn"]),
    # 4. a form's sub-label inside the answer
    ("Allergies: Drug: codeine", ["codeine"]),
    ("Allergies: Drugs: Zosyn / Other: Advil-PM", ["advilPm", "zosyn"]),
    ("Allergies: Medication: Zosyn, codeine", ["codeine", "zosyn"]),
    ("Latex allergy: Y / Specify: Zosyn", ["latex", "zosyn"]),
]

SPURIOUS = [
    # 5. a reaction list after a dash
    ("Sulfa allergy - rash, fever", ["sulfa"]),
    ("Sulfa allergy - fever, chills", ["sulfa"]),
    ("Codeine allergy - nausea, diarrhea", ["codeine"]),
    ("Allergies: sulfa (rash, fever), latex", ["latex", "sulfa"]),
    # 6. a condition in a semicolon list is no allergen and no longer its end (it lost Zosyn)
    ("Allergies: latex; Asthma; Zosyn", ["latex", "zosyn"]),
    ("Allergies: latex; eczema; codeine", ["codeine", "latex"]),
    # 4. a sub-label answered nothing
    ("Latex allergy: Y / Specify: -", ["latex"]),
    ("Allergies: Drug: none", []),
]

UNCHANGED = [
    # a semicolon list's second and last item may be a device, a firm or a name (test_ai_s16_allergy_review.py)
    ("Allergies: latex; Cefaly", ["latex"]),
    ("Allergies: latex; Maria", ["latex"]),
    ("Allergies: latex; Thanks", ["latex"]),
    ("Allergies: latex; Benadryl", ["latex"]),
    ("Allergies: penicillin; Running late", ["penicillin"]),
    ("Allergies: penicillin, Tylenol ok, Cefaly", ["penicillin"]),
    # hyphenated words that are no drug's form, a scent's wish, a label answered no
    ("Okonkwo-Blake, aspirin allergy", ["aspirin"]),
    ("Nut allergy (non-anaphylactic)", ["nutOil"]),
    ("fragrance allergy: unscented products", ["fragrance"]),
    ("Allergies: latex, meds: none", ["latex"]),
    ("Allergic to latex, Meds: no longer", ["latex"]),
]


@pytest.mark.parametrize(
    "note",
    [
        "Allergies: Asthma, latex, Zosyn",
        "Allergies: latex, asthma, Zosyn",
        "Allergies: Asthma + latex + Zosyn",
        "Allergies: Asthma / latex / Zosyn",
        "Allergies: Asthma & latex & Zosyn",
    ],
)
def test_allergens_after_a_condition_are_kept(note: str) -> None:
    # whether "asthma" itself is read as an allergy is left as it was (test_s24_reader_safety_facts.py keeps it)
    assert {"latex", "zosyn"} <= set(allergies(note))


@pytest.mark.parametrize(("note", "expected"), LOSSES + SPURIOUS + UNCHANGED)
def test_allergy_list_shapes(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


def test_a_condition_in_the_list_stays_a_condition() -> None:
    profile = extract_profile_offline("Allergies: latex, eczema cream, Zosyn", today=TODAY)
    assert "eczema" in profile.values("contraindications")
    profile = extract_profile_offline("Allergies: latex, diabetes, Zosyn", today=TODAY)
    assert "diabetes" in profile.values("contraindications")
