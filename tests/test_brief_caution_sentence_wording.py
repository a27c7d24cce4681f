"""The summary's caution sentence and the couples warning read at a glance, and lose nothing.

A staff-eye review of real briefing renders (seed 7, 3 Dec) found: one shellfish allergy said twice in one
sentence ("Caution: booked service is contraindicated for shellfish allergy; shellfish allergy (no seaweed …)"),
the spa's alert texts joined so the sentence read "Caution: Nut allergy: no nut-based oils …; On blood thinners: …",
and a 37-word couples warning naming the guest twice.
"""

from __future__ import annotations

from datetime import date

from spa_copilot.ai import offline
from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.ai.schemas import BriefingInput
from spa_copilot.domain import Alert, Client, Service
from spa_copilot.engines.briefing import COUPLES_CAUTION

DAY = date(2026, 12, 3)


def guest(notes: str, *contraindications: str, alerts: tuple[str, ...] = ()) -> BriefingInput:
    client = Client(id="cl_1", first_name="Cameron", last_name="Diaz", notes=notes,
                    alerts=[Alert(text=text, severity="warning") for text in alerts])
    service = Service(id="sv_1", name="Seaweed Detox Body Wrap 75", duration_minutes=75,
                      contraindications=list(contraindications))
    return BriefingInput.from_client(client, services=[service], profile=extract_profile_offline(notes, today=DAY))


def test_a_contraindication_naming_the_guests_allergy_is_said_once_with_its_handling_note() -> None:
    sentence = offline.caution_sentence(guest("Shellfish allergy.", "shellfishAllergy"), today=DAY)
    assert sentence == "Caution: booked service is contraindicated for shellfish allergy (no seaweed or marine products)."


def test_each_folded_condition_keeps_its_note_and_every_other_caution_stays() -> None:
    notes = "On retinoids. Has hypertension. Latex allergy."
    sentence = offline.caution_sentence(guest(notes, "retinoids", "pregnancy", "hypertension"), today=DAY)
    assert sentence == (
        "Caution: booked service is contraindicated for hypertension (limit heat, sit up slowly) and retinoids "
        "(no peels or strong exfoliation); latex allergy (nitrile gloves, no latex)."
    )


def test_a_contraindication_worded_otherwise_than_the_allergy_is_not_merged() -> None:
    """"nut allergy" (the service's) and "nut oil allergy" (the notes') are kept both: only exact repeats merge."""
    sentence = offline.caution_sentence(guest("Allergic to nut oil.", "nutAllergy"), today=DAY)
    assert sentence == "Caution: booked service is contraindicated for nut allergy; nut oil allergy (nut-free oils only)."


def test_the_spas_alerts_are_quoted_in_its_own_words_with_the_handling_note_after() -> None:
    alerts = ("Nut allergy: no nut-based oils or scrubs", "On blood thinners: no deep tissue, no microneedling")
    sentence = offline.caution_sentence(guest("Has hypertension. Nut allergy. Takes blood thinners.", alerts=alerts), today=DAY)
    assert sentence == (
        "Caution: hypertension (limit heat, sit up slowly); “Nut allergy: no nut-based oils or scrubs” (nut-free oils "
        "only); “On blood thinners: no deep tissue, no microneedling” (gentle pressure, bruises easily)."
    )
    only_alert = offline.caution_sentence(guest("Nut allergy.", alerts=alerts[:1]), today=DAY)
    assert only_alert == "Caution: “Nut allergy: no nut-based oils or scrubs” (nut-free oils only)."


def test_the_couples_warning_is_short_names_the_guest_once_and_assumes_no_gender() -> None:
    text = COUPLES_CAUTION.format(name="Naomi")
    assert text == (
        "Couples: these details are Naomi's; the partner has no record — "
        "ask at check-in who is yours, and ask the partner about allergies and health."
    )
    said = text.replace("—", " ").split()
    assert len(said) <= 25 and text.count("Naomi") == 1
    assert not {"he", "she", "his", "her", "him", "hers"} & {word.strip(".,;").lower() for word in said}
