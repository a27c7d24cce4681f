"""The client card says what could harm the guest first, and each caution once (staff-eye review, 3 December).

Seed 7, ``/spa client cl_0203``: "⚠ Card declined last visit, take a new card on arrival" headed Mateo's card, and
"Hot Stone Massage 75 is contraindicated for this guest: pregnancy" came only under Next visit, after Preferences,
Consent and Tags, though the booking was that afternoon. The demo's Joseph Bailey card said "🚨 Nut allergy: no
nut-based oils or scrubs" and "• nut oil allergy: nut-free oils only", which the briefing says once
(``alerts_with_cautions``)."""

from __future__ import annotations

import json
from datetime import date

from spa_copilot.ai.schemas import Evidence, GuestProfile
from spa_copilot.domain import Alert, HealthHistory
from spa_copilot.slack.blocks import client_card_message
from spa_copilot.slack.presenters import client_card_view
from tests.builders import appointment, at, client, service

DAY = date(2026, 12, 3)
HOT_STONE = service("sv_hot", name="Hot Stone Massage 75", duration_minutes=75, contraindications=["Pregnancy"])
DECLINED = Alert(text="Card declined last visit, take a new card on arrival", severity="warning")


def test_a_caution_for_todays_booking_comes_before_a_payment_note() -> None:
    mateo = client("cl_0203", first_name="Mateo", last_name="Ramos", alerts=[DECLINED],
                   health_history=HealthHistory(pregnant=True))
    booking = appointment(at(DAY, "16:15"), 75, client_id=mateo.id, service_id="sv_hot")
    card = client_card_view(mateo, next_booking=booking, services={HOT_STONE.id: HOT_STONE}, today=DAY)
    shown = json.dumps(client_card_message(card).blocks_as_dicts(), ensure_ascii=False)
    caution = "Hot Stone Massage 75 is contraindicated for this guest: pregnancy. Check with the guest before it starts."
    assert shown.count("contraindicated") == 1, shown  # said once, first
    assert shown.index(caution) < shown.index("Card declined") < shown.index("Preferences"), shown


def test_a_safety_alert_comes_before_a_payment_one_whatever_the_spas_order() -> None:
    nut = Alert(text="Nut allergy: no nut-based oils or scrubs", severity="info")
    card = client_card_view(client("cl_1", alerts=[DECLINED, nut]), today=DAY)
    assert [alert.text for alert in card.alerts] == [f"{nut.text} (nut-free oils only)", DECLINED.text]


def test_an_allergy_the_spas_alert_names_is_said_once_in_its_words_as_the_briefing_says_it() -> None:
    joseph = client(
        "cl_0016", first_name="Joseph", last_name="Bailey", custom_fields={"scent": "citrus"},
        alerts=[Alert(text="Nut allergy: no nut-based oils or scrubs", severity="critical")],
    )
    profile = GuestProfile(allergies=[Evidence(value="nutOil", evidence="ALLERGIC TO NUT OILS")])
    card = client_card_view(joseph, profile=profile, today=DAY)
    assert [alert.text for alert in card.alerts] == ["Nut allergy: no nut-based oils or scrubs (nut-free oils only)"]
    assert not any("nut" in line for line in card.allergies), card.allergies


def test_a_scent_beside_a_fragrance_allergy_only_an_alert_names_is_asked_first() -> None:
    guest = client("cl_2", custom_fields={"scent": "citrus"}, alerts=[Alert(text="Fragrance allergy", severity="info")])
    card = client_card_view(guest, today=DAY)
    assert "Scent: citrus — fragrance allergy; ask first" in card.preferences, card.preferences


def test_allergies_an_alert_stands_for_are_pointed_to_not_said_to_be_none() -> None:
    # a staff-eye review (4 December): "🚨 Nut allergy…" over "Allergies and conditions: none recorded" read as a
    # contradiction on a severe allergy
    joseph = client("cl_0016", alerts=[Alert(text="Severe nut allergy", severity="critical")])
    shown = json.dumps(client_card_message(client_card_view(joseph, today=DAY)).blocks_as_dicts(), ensure_ascii=False)
    allergies = "*Allergies and conditions*\\n"
    assert f"{allergies}_in the alerts above_" in shown, shown
    plain = json.dumps(client_card_message(client_card_view(client("cl_3"), today=DAY)).blocks_as_dicts(),
                       ensure_ascii=False)
    assert f"{allergies}_No health details on file — ask about" in plain  # nothing anywhere: said so, and to ask
    payment = client("cl_4", alerts=[DECLINED])  # an alert that stands for no allergy points nowhere
    shown = json.dumps(client_card_message(client_card_view(payment, today=DAY)).blocks_as_dicts())
    assert f"{allergies}_none recorded_" in shown, shown


def test_an_area_both_a_focus_and_to_avoid_is_shown_once_under_avoid_with_its_words() -> None:
    # a review (4 December): "Focus: feet" beside "Avoid: feet" left the therapist to guess; avoiding is the safe side
    from spa_copilot.ai.extraction import extract_profile_offline
    from spa_copilot.engines import briefing

    note = "Focus on feet. Skip the feet, very ticklish."
    lines = briefing.preferences(client("cl_5", notes=note), extract_profile_offline(note, today=DAY))
    assert not any(line.startswith("Focus") for line in lines), lines
    assert "Avoid: feet (“Skip the feet, very ticklish”)" in lines, lines
    note = "Focus on neck and feet. Skip the feet."
    lines = briefing.preferences(client("cl_6", notes=note), extract_profile_offline(note, today=DAY))
    assert "Focus: neck" in lines, lines  # the other focus stays


def test_an_allergy_the_notes_call_severe_says_so() -> None:
    # a staff-eye review: "Severe nut allergy" was briefed "nut oil allergy: nut-free oils only", the "severe" lost
    from spa_copilot.ai.extraction import extract_profile_offline
    from spa_copilot.engines import briefing

    def said(note: str) -> list[str]:
        return briefing.allergies(client("cl_7", notes=note), extract_profile_offline(note, today=DAY))

    assert said("Severe nut allergy") == ["SEVERE nut oil allergy: nut-free oils only"]
    assert said("Allergic to shellfish - anaphylaxis, carries EpiPen")[0].startswith("SEVERE shellfish allergy")
    assert said("latex allergy (severe)")[0].startswith("SEVERE latex allergy")
    assert said("Severe back pain, latex allergy") == ["latex allergy: nitrile gloves, no latex"]  # not the allergy's
    assert said("nut allergy") == ["nut oil allergy: nut-free oils only"]
