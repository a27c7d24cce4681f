"""A briefing keeps the spa's alert severities: a critical or warning alert is a caution (critical first), an info
one ("Prefers a female therapist") is a note among the guest's preferences, neither a ":warning:" / "Check:" line
nor counted among the guests with something to check, and left out of the AI summary's cautions. Safety first: an
info alert about an allergy or condition ("Nut allergy" marked info by mistake, "Kiwi allergy" the lexicon does not
know, "PREGNANT 24 wks") is still a caution, said once."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from spa_copilot.briefings import briefing_message, send_morning_briefings
from spa_copilot.domain import Alert, Client
from spa_copilot.engines import briefing as engine
from spa_copilot.sandbox.world import SandboxWorld

from .test_brief_records import ALMOND, FACIAL, HOT_STONE, brief
from .test_briefings import NY, TUESDAY, anas_day, staff

FEMALE = Alert(text="Prefers a female therapist", severity="info")
WARM = Alert(text="Likes the room warm", severity="info")
#: a warning about the visit itself: a caution (one about payment only is a note: see the last tests)
CARD = Alert(text="Often arrives 15 minutes late: finish on time", severity="warning")
PAYMENT = Alert(text="Card declined last visit, take a new card on arrival", severity="warning")
LATEX = Alert(text="Latex allergy", severity="critical")


def test_info_alerts_are_notes_and_warnings_and_criticals_stay_cautions_critical_first() -> None:
    guest = brief(Client(id="cl_1", first_name="Ava", alerts=[FEMALE, CARD, WARM, LATEX]), service=FACIAL)
    assert guest.alerts == (LATEX.text + " (nitrile gloves, no latex)", CARD.text)
    assert guest.alert_notes == (FEMALE.text, WARM.text)
    assert not any("female" in caution or "warm" in caution for caution in guest.cautions)


def test_a_guest_whose_only_alert_is_info_is_not_counted_as_one_to_check() -> None:
    quiet = brief(Client(id="cl_1", first_name="Ava", alerts=[FEMALE]), service=FACIAL)
    assert quiet.cautions == ()
    day = engine.day_summary(engine.therapist_briefing(staff("ana"), NY, TUESDAY, [quiet]))
    assert "something to check" not in day, day
    card = brief(Client(id="cl_2", first_name="Bo", alerts=[FEMALE, CARD]), service=FACIAL)
    card = replace(card, appointment_id="ap2", client_id="cl_2")
    both = engine.day_summary(engine.therapist_briefing(staff("ana"), NY, TUESDAY, [quiet, card]))
    assert "1 with something to check first" in both, both


def test_the_prep_dm_gives_an_info_alert_as_a_note_not_a_check() -> None:
    guest = brief(Client(id="cl_1", first_name="Ava", alerts=[FEMALE, CARD]), service=FACIAL)
    text = engine.prep_text(guest, NY)
    assert f"Note: {FEMALE.text}" in text and f"Check: {FEMALE.text}" not in text
    assert f"Check: {CARD.text}" in text


def test_the_briefing_message_marks_an_info_alert_as_a_note_not_a_warning() -> None:
    guest = brief(Client(id="cl_1", first_name="Ava", alerts=[FEMALE, CARD]), service=FACIAL)
    shown = json.dumps([block.to_dict() for block in briefing_message(
        engine.therapist_briefing(staff("ana"), NY, TUESDAY, [guest])
    ).blocks])
    assert f":warning: {FEMALE.text}" not in shown and f":sparkles: Note: {FEMALE.text}" in shown
    assert f":warning: {CARD.text}" in shown


@pytest.mark.parametrize(
    "text",
    [
        "Nut allergy",  # the lexicon reads an allergy the guest has
        "PREGNANT 24 wks",  # a condition
        "On blood thinners",
        "Kiwi allergy",  # an allergy the lexicon does not know: the word is enough
        "Gets hives from fragrance",
        "Recent knee surgery, avoid the left knee",
        "Do not use hot stones",
    ],
)
def test_an_info_alert_about_safety_is_never_downgraded(text: str) -> None:
    guest = brief(Client(id="cl_1", first_name="Ava", alerts=[Alert(text=text, severity="info")]), service=FACIAL)
    assert guest.alert_notes == () and len(guest.alerts) == 1 and guest.alerts[0].startswith(text), guest
    assert f"Check: {text}" in engine.prep_text(guest, NY)


def test_an_info_nut_allergy_is_a_caution_said_once_and_checked_against_the_service() -> None:
    guest = brief(Client(id="cl_1", first_name="Ava", alerts=[FEMALE, Alert(text="Nut allergy", severity="info")]), service=ALMOND)
    assert guest.alerts == ("Nut allergy (nut-free oils only)",)
    assert guest.allergies == ()  # the alert stands for the guest's nut allergy: said once
    assert guest.contraindications == ("Almond Oil Massage is contraindicated for this guest: nut allergy. Check with the guest before it starts.",)
    assert guest.alert_notes == (FEMALE.text,)


def test_an_info_pregnancy_alert_still_rules_out_hot_stones() -> None:
    guest = brief(Client(id="cl_1", first_name="Bea", alerts=[Alert(text="PREGNANT 24 wks", severity="info")]), service=HOT_STONE)
    assert guest.contraindications and guest.alerts == ("PREGNANT 24 wks (prenatal positioning, no hot stones)",)


def test_caution_alerts_keeps_the_order_and_leaves_out_only_plain_info() -> None:
    nut = Alert(text="Nut allergy", severity="info")
    assert engine.caution_alerts([FEMALE, CARD, nut, WARM, LATEX], today=TUESDAY) == [CARD, nut, LATEX]


async def test_the_morning_dm_and_its_summary_keep_info_alerts_out_of_the_cautions(world: SandboxWorld) -> None:
    first = anas_day(world)[0]
    client = world.spa.clients[first.client_id]
    world.spa.clients[client.id] = client.model_copy(update={"alerts": [FEMALE, CARD]})
    await send_morning_briefings(world.copilot, "loc_soho")
    [dm] = world.slack.messages(world.slack_id("st_ana_reyes"))
    lines = [line for block in dm.blocks for line in json.dumps(block).split("\\n")]
    assert not any(":warning:" in line and "female therapist" in line for line in lines)
    assert any(f":sparkles: Note: {FEMALE.text}" in line for line in lines)
    assert any(":warning:" in line and "arrives 15 minutes late" in line for line in lines)
    # the summary's sentence of cautions is not shown again beside the ⚠ lines (round 16)
    assert not any("Caution:" in line for line in lines)


def test_a_warning_about_payment_only_is_a_note_for_the_therapist() -> None:
    """"Card declined last visit, take a new card on arrival" is the front desk's business: the therapist's DM shows it
    as a note and does not count it among the guests "with something to check first" (the therapist's-eye review found
    it the most frequent caution line of the sandbox's days)."""
    guest = brief(Client(id="cl_1", first_name="Ava", alerts=[PAYMENT]), service=FACIAL)
    assert guest.alerts == () and guest.alert_notes == (PAYMENT.text,)
    assert engine.caution_alerts([PAYMENT, CARD], today=TUESDAY) == [CARD]


@pytest.mark.parametrize(
    "text",
    [
        "Card declined; latex allergy",  # safety as well: a caution
        "Owes $40 - and do not use hot stones (burn last time)",
        "Unpaid balance, pregnant 20 wks",
    ],
)
def test_a_payment_warning_that_also_speaks_of_safety_stays_a_caution(text: str) -> None:
    alert = Alert(text=text, severity="warning")
    assert engine.caution_alerts([alert], today=TUESDAY) == [alert]


def test_a_critical_payment_alert_stays_a_caution() -> None:
    """Critical is the spa's own "stop and read": never downgraded."""
    alert = Alert(text="DO NOT SERVICE - card declined twice, see manager", severity="critical")
    assert engine.caution_alerts([alert], today=TUESDAY) == [alert]


async def test_the_morning_dm_shows_a_payment_warning_as_a_note_and_keeps_it_out_of_the_summary(world: SandboxWorld) -> None:
    first = anas_day(world)[0]
    client = world.spa.clients[first.client_id]
    world.spa.clients[client.id] = client.model_copy(update={"alerts": [PAYMENT]})
    await send_morning_briefings(world.copilot, "loc_soho")
    [dm] = world.slack.messages(world.slack_id("st_ana_reyes"))
    lines = [line for block in dm.blocks for line in json.dumps(block).split("\\n")]
    assert any(f":sparkles: Note: {PAYMENT.text}" in line for line in lines)
    assert not any(":warning:" in line and "Card declined" in line for line in lines)
    assert not any("Caution:" in line and "Card declined" in line for line in lines)
