"""s50 (scrub50): other people's whole names that reached the therapist's Slack (``guest_words_for_staff`` →
``scrub_pii``) are masked there: after a relation's or a contact's label and its colon ("Husband: Mike Reed",
"Emergency contact: Mike Reed": the given name; the next word may be a drug no list knows, "Doctor: Kim Inderal",
so it stays: rev50h), before an emergency contact's phone ("emergency contact Mike Reed 555…"), before a
clinician's credential ("confirmed by Sarah Jones RN") and a titled whole name before what a doctor does ("Dr. Helen
Park advised"). Each row holds the safety words beside it that must stay: a brand allergen after a teller ("Allergies
per mum: Tom Ford"), a Spanish relation's allergy ("Hija: Alergia al látex"), a drug no list knows after a given name
("Dr. Kim Inderal 10mg", "EC: Asacol", "husband: Zosyn")."""

from __future__ import annotations

import pytest

from spa_copilot.ai.guardrails import guest_words_for_staff

#: A note, the words of a person's name that staff must not see, and the safety words that must stay.
NAMES_AND_SAFETY_WORDS = [
    ("Husband: Mike Reed\nAllergies per mum: Tom Ford", ["Mike"], ["Tom Ford"]),
    ("Emergency contact: Mike Reed\nHija: Alergia al látex", ["Mike"], ["Alergia al látex"]),
    ("emergency contact Mike Reed 555-123-4567. EC: Asacol", ["Mike", "Reed"], ["Asacol"]),
    ("Partner: Tom Jones. Allergies: latex | husband: Zosyn", ["Tom"], ["Zosyn", "latex"]),
    ("- Wife: Sarah Lee\n- Mother: Diabetic, SEVERE latex allergy", ["Sarah"], ["Diabetic", "SEVERE latex"]),
    ("Husband: Mike Reed Inderal 10mg", ["Mike"], ["Inderal 10mg"]),
    ("Latex allergy confirmed by Sarah Jones RN", ["Sarah", "Jones"], ["Latex allergy"]),
    ("Dr. Helen Park advised: no heat. Dr. Kim Inderal 10mg", ["Helen", "Park", "Kim"], ["Inderal 10mg"]),
    ("Per Dr. Sarah Jones MD: Lyme disease", ["Sarah", "Jones"], ["Lyme disease"]),
]


@pytest.mark.parametrize(("notes", "hidden", "kept"), NAMES_AND_SAFETY_WORDS)
def test_staff_see_no_whole_name_and_every_safety_word(notes: str, hidden: list[str], kept: list[str]) -> None:
    shown = guest_words_for_staff(notes, limit=1000)
    assert [word for word in hidden if word in shown] == [], shown
    assert [word for word in kept if word not in shown] == [], shown
