"""A deep-pressure service booked for a guest whose words ask for light pressure is a caution.

A staff-eye review (4 December): "fibromyalgia - light pressure ONLY" on a Deep Tissue 60 gave only "✨ Pressure:
light" in the DM, beside the booking, as a wish, and nothing in the day book, where the front desk could have
called the guest about the booking."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.domain import Alert
from spa_copilot.engines.cautions import booking_ruled_out, may_rule_out
from tests.builders import appointment, at, client, service

DAY = date(2026, 12, 4)
DEEP = service("sv_deep", name="Deep Tissue Massage 60")
SWEDISH = service("sv_swedish", name="Swedish Massage 60")


def marked(booked: object, notes: str = "", alerts: tuple[str, ...] = ()) -> list[str]:
    guest = client("cl_1", notes=notes, alerts=[Alert(text=text) for text in alerts])
    booking = appointment(at(DAY, "11:00"), 60, id="ap_1", service_id=booked.id)  # type: ignore[attr-defined]
    return [r.before_it_starts for r in booking_ruled_out(booking, guest, {booked.id: booked}, today=DAY)]  # type: ignore[attr-defined]


@pytest.mark.parametrize("notes", ["fibromyalgia - light pressure ONLY", "Pressure: light", "prefers light touch",
                                   "Light pressure. Firm on the legs"])
def test_light_pressure_and_a_deep_tissue_booking(notes: str) -> None:
    assert marked(DEEP, notes) == ["Deep Tissue Massage 60 is deep pressure work, but the notes say light pressure. "
                                   "Check with the guest before it starts."]


@pytest.mark.parametrize("notes", ["Medium pressure", "firm pressure please", "light on back, firm on legs", "",
                                   "light pressure on the shoulders"])
def test_no_caution_without_light_pressure_for_the_whole_body(notes: str) -> None:
    assert marked(DEEP, notes) == []


def test_a_service_that_is_not_deep_work_is_not_marked() -> None:
    assert marked(SWEDISH, "fibromyalgia - light pressure ONLY") == []
    assert not may_rule_out(SWEDISH)
    assert may_rule_out(DEEP) and may_rule_out(service("sv_sport", name="Sports Massage 90"))


def test_the_spas_alert_counts_too() -> None:
    assert marked(DEEP, alerts=("LIGHT PRESSURE ONLY - bruises easily",)) == [
        "Deep Tissue Massage 60 is deep pressure work, but an alert says light pressure. "
        "Check with the guest before it starts."]


def test_a_swedish_massage_in_a_deep_tissue_category_is_not_deep_work() -> None:
    swedish = service("sv_swe2", name="Swedish Massage 60", category="Deep Tissue & Swedish")
    assert marked(swedish, "Pressure: light") == []


def test_the_therapists_dm_says_it_too() -> None:
    from spa_copilot.ai.extraction import extract_profile_offline
    from spa_copilot.engines import briefing
    from tests.builders import location, staff

    note = "fibromyalgia - light pressure ONLY"
    booking = appointment(at(DAY, "11:00"), 60, id="ap_1", staff_id="st_nadia", service_id=DEEP.id)
    brief = briefing.guest_brief(booking, "st_nadia", client=client(first_name="Kennedy", notes=note),
                                 profile=extract_profile_offline(note, today=DAY), services={DEEP.id: DEEP},
                                 resources={}, staff={"st_nadia": staff("st_nadia", first_name="Nadia")},
                                 location=location())
    assert ("Deep Tissue Massage 60 is deep pressure work, but the notes say light pressure (“fibromyalgia - light "
            "pressure ONLY”). Check with the guest before it starts.") in brief.contraindications


def test_a_ticked_light_on_an_intake_form_is_light_pressure() -> None:
    # a regression review: the reader took all three options of "Pressure: [x] Light [ ] Medium [ ] Firm", so the
    # deep tissue booking had no caution
    assert marked(DEEP, "Pressure: [x] Light [ ] Medium [ ] Firm") == [
        "Deep Tissue Massage 60 is deep pressure work, but the notes say light pressure. Check with the guest before it "
        "starts."]
    assert marked(DEEP, "Pressure: [ ] Light [x] Medium [ ] Firm") == []


def test_the_reader_keeps_only_the_ticked_option_of_a_choice_line() -> None:
    from spa_copilot.ai.extraction import extract_profile_offline

    def read(note: str, field: str) -> list[str]:
        return extract_profile_offline(note, today=DAY).values(field)

    assert read("Pressure: [ ] Light [x] Medium [ ] Firm", "pressure") == ["medium"]
    assert read("Pressure: Light [ ] Medium [x] Firm [ ]", "pressure") == ["medium"]  # boxes after their options
    assert read("Pressure: [ ] Light [ ] Medium [ ] Firm", "pressure") == []
    assert read("Likes it warm [ ] Recent surgery", "temperature") == ["warm"]  # that box is the next question's


def test_a_forms_unticked_areas_are_neither_avoided_nor_worked() -> None:
    # an adversarial review: "Areas to avoid: [x] Feet [ ] Face [ ] Neck" avoided all three (a facial then marked)
    from spa_copilot.ai.extraction import extract_profile_offline

    read = extract_profile_offline("Areas to avoid: [x] Feet [ ] Face [ ] Neck", today=DAY)
    assert read.values("avoid_areas") == ["feet"]
    worked = extract_profile_offline("Focus areas: [ ] Neck [x] Shoulders [x] Back", today=DAY)
    assert worked.values("focus_areas") == ["shoulders", "back"]
