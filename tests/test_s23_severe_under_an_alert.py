"""An allergy the notes call severe keeps its "severe" when a spa alert stands for it (a fresh-eyes review, 4 December).

The seed-3 demo: cl_0030's notes say "Severe nut allergy", the spa's critical alert "Nut allergy: no nut-based oils
or scrubs". The alert's line stands for the allergy (each caution once), so the allergy's own "SEVERE nut oil
allergy: …" line was left out, and the client card and the briefing said the allergy without how grave it is."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.domain import Alert, Appointment, AppointmentStatus, ServiceLine
from spa_copilot.engines import briefing as engine
from spa_copilot.slack.blocks import client_card_message
from spa_copilot.slack.presenters import client_card_view
from tests.builders import at, client, location, service, staff

DAY = date(2026, 12, 3)
NUT_ALERT = Alert(text="Nut allergy: no nut-based oils or scrubs", severity="critical")
SWEDISH = service("sv_swedish", name="Swedish Massage 60")


def card_alerts(notes: str, alert: Alert = NUT_ALERT) -> list[str]:
    guest = client("cl_0030", notes=notes, alerts=[alert])
    card = client_card_view(guest, profile=extract_profile_offline(notes, today=DAY), today=DAY)
    return [shown.text for shown in card.alerts]


def test_the_card_says_severe_in_the_alerts_line() -> None:
    assert card_alerts("Severe nut allergy") == [
        "Nut allergy: no nut-based oils or scrubs (SEVERE in the notes; nut-free oils only)"
    ]
    shown = json.dumps(client_card_message(client_card_view(
        client("cl_0030", notes="Severe nut allergy", alerts=[NUT_ALERT]),
        profile=extract_profile_offline("Severe nut allergy", today=DAY), today=DAY,
    )).blocks_as_dicts(), ensure_ascii=False)
    assert "SEVERE in the notes" in shown and shown.count("nut-free oils only") == 1, shown  # still said once


@pytest.mark.parametrize(
    "notes",
    [
        "Nut allergy",  # not said to be grave
        "Severe back pain. Nut allergy",  # the severity is the back pain's
        "Nut allergy - not severe",  # denied
        "Severe latex allergy. Nut allergy",  # another allergy's
    ],
)
def test_no_severity_is_added_that_the_notes_do_not_give_this_allergy(notes: str) -> None:
    assert card_alerts(notes) == ["Nut allergy: no nut-based oils or scrubs (nut-free oils only)"]


def test_an_alert_that_says_how_grave_in_its_own_words_is_left_to_say_it() -> None:
    grave = Alert(text="NUT ALLERGY - anaphylactic, EpiPen at front desk", severity="critical")
    assert card_alerts("Severe nut allergy", grave) == [f"{grave.text} (nut-free oils only)"]
    # an alert saying it is not grave beside notes that say it is: both said (s49, rev49a: an update for notes newly
    # saying anaphylaxis showed the alert's "not severe" alone)
    mild = Alert(text="Nut allergy, not severe: no nut oils", severity="warning")
    assert card_alerts("Severe nut allergy", mild) == [f"{mild.text} (SEVERE in the notes; nut-free oils only)"]


def test_the_briefing_says_it_too() -> None:
    notes = "Severe nut allergy. Likes firm pressure."
    guest = client("cl_0030", notes=notes, alerts=[NUT_ALERT])
    start = at(DAY, "14:00")
    line = ServiceLine(id="l1", service_id=SWEDISH.id, service_name=SWEDISH.name, staff_id="st_ana",
                       start_at=start, end_at=start + timedelta(hours=1), resource_ids=[])
    booking = Appointment(id="ap_1", location_id="loc_1", client_id=guest.id, status=AppointmentStatus.confirmed,
                          start_at=start, end_at=line.end_at, services=[line])
    brief = engine.guest_brief(
        booking, "st_ana", client=guest, profile=extract_profile_offline(notes, today=DAY),
        services={SWEDISH.id: SWEDISH}, resources={}, staff={"st_ana": staff("st_ana", first_name="Ana")},
        location=location(),
    )
    said = " ".join([*brief.alerts, *brief.allergies])
    assert "SEVERE in the notes" in said, said
    assert said.count("nut-free oils only") == 1, said


# ---------------------------------------------------------------------------------------------------
# The written summary (customFields.ai_prep_summary, the summary's caution sentence) says it too


def caution(notes: str, alerts: list[Alert] = ()) -> str:  # type: ignore[assignment]
    from spa_copilot.ai import offline
    from spa_copilot.ai.schemas import BriefingInput

    guest = client("cl_0030", notes=notes, alerts=list(alerts))
    profile = extract_profile_offline(notes, today=DAY)
    said = BriefingInput.from_client(guest, services=[], profile=profile, severe=engine.severe_allergies(guest, profile))
    return offline.caution_sentence(said, today=DAY)


def test_the_summarys_caution_sentence_says_severe() -> None:
    assert caution("Severe nut allergy") == "Caution: SEVERE nut oil allergy (nut-free oils only)."
    assert caution("Severe nut allergy", [NUT_ALERT]) == (
        "Caution: “Nut allergy: no nut-based oils or scrubs” (SEVERE in the notes; nut-free oils only).")
    assert caution("Nut allergy") == "Caution: nut oil allergy (nut-free oils only)."
    assert caution("Severe back pain. Latex allergy") == "Caution: latex allergy (nitrile gloves, no latex)."


async def test_the_prep_summary_written_to_the_spa_system_says_severe(world: Any) -> None:
    from spa_copilot.briefings import send_prep_briefings
    from spa_copilot.scheduler import poll_calendar

    await poll_calendar(world.copilot)
    now = world.copilot.now()
    due = min((a for a in world.spa.appointments.values() if a.is_active and a.start_at > now + timedelta(minutes=20)
               and a.start_at < now + timedelta(hours=2)), key=lambda a: a.start_at)
    guest = world.spa.clients[due.client_id]
    world.spa.clients[guest.id] = guest.model_copy(update={"notes": "Severe nut allergy", "alerts": []})
    await send_prep_briefings(world.copilot)
    written = world.spa.clients[guest.id].custom_fields.get("ai_prep_summary", "")
    assert "SEVERE nut oil allergy (nut-free oils only)" in written, written


def test_an_alert_for_several_allergies_names_the_one_the_notes_call_severe() -> None:
    # a review of the fix: a bare "(SEVERE in the notes; …)" on an alert for nuts and latex read as if both were
    both = Alert(text="Nut and latex allergies: no nut oils, nitrile gloves only", severity="critical")
    [line] = card_alerts("Severe latex allergy. Nut allergy.", both)
    assert "(SEVERE in the notes: latex allergy;" in line, line
    # and latex's grave word in its own sentence says nothing of the nuts
    latex_grave = Alert(text="Latex allergy - anaphylactic. Also nut allergy: no nut oils", severity="critical")
    [line] = card_alerts("Latex allergy. Severe nut allergy.", latex_grave)
    assert "(SEVERE in the notes: nut oil allergy;" in line, line
