"""Staff-eye review (seed 11, Tue 8 Dec 13:00 UTC): Sam's morning DM listed "11:30am–12:30pm … Isaiah" then
"12:00pm–1:00pm … Naomi" as a normal day while #front-desk had "Staff double-booked", and Priya's said nothing of the
deep tissue skill she lacks for a booked service. The briefing now gives one short line under each guest whose booking
the conflict engine finds wrong on the therapist's side, saying whether the front desk has been alerted; the guest's
cautions, the day's summary and every other line stay as they were."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from spa_copilot.ai.schemas import GuestProfile
from spa_copilot.alerts import check_location
from spa_copilot.briefings import briefing_message, send_morning_briefings
from spa_copilot.domain import Appointment, Client, Shift
from spa_copilot.engines import briefing as engine
from spa_copilot.engines.conflicts import Conflict, ConflictKind, find_conflicts
from spa_copilot.settings import Settings
from tests import builders as b
from tests.conftest import FakeClock, front_desk_asks, small_spa_world

DAY = date(2026, 12, 8)  # a Tuesday
NINE_TO_FIVE = [Shift(weekday=d, start="09:00", end="17:00") for d in range(7)]
SAM = b.staff("st_sam", first_name="Sam", shifts=NINE_TO_FIVE)
PRIYA = b.staff("st_priya", first_name="Priya", shifts=NINE_TO_FIVE)
SWEDISH = b.service("sv_swedish", name="Swedish Massage 60")
DEEP = b.service("sv_deep", name="Deep Tissue Massage 60", required_skill="deepTissue")
PEEL = b.service("sv_peel", name="Glycolic Peel 45", category="facial", required_certification="chemicalPeel",
                 room_types=["facialRoom"])
ROOMS = [b.room("rs_1", name="Massage Room 1"), b.room("rs_2", name="Massage Room 2")]
LOCATION = b.location()
CATALOG = {
    "staff": [SAM, PRIYA],
    "resources": ROOMS,
    "services": [SWEDISH, DEEP, PEEL],
    "locations": [LOCATION],
}
CLIENTS: dict[str, Client | None] = {
    "cl_isaiah": b.client("cl_isaiah", first_name="Isaiah", last_name="Brooks"),
    "cl_naomi": b.client("cl_naomi", first_name="Naomi", last_name="Tran"),
    "cl_nathan": b.client("cl_nathan", first_name="Nathan", last_name="Wu"),
    "cl_violet": b.client("cl_violet", first_name="Violet", last_name="Ames"),
}


def booked(aid: str, staff_id: str, hhmm: str, client_id: str, *, service: str = "sv_swedish", room: str = "rs_1",
           minutes: int = 60) -> Appointment:
    return b.appointment(b.at(DAY, hhmm), minutes, id=aid, staff_id=staff_id, service_id=service, resource_ids=[room],
                         client_id=client_id)


#: Sam: Isaiah 11:30am and Naomi 12:00pm at once (in two rooms); Priya: Nathan's deep tissue she has no skill for, and
#: Violet at 4:30pm, running past her 5:00pm shift.
BOOK = [
    booked("ap_isaiah", "st_sam", "11:30", "cl_isaiah"),
    booked("ap_naomi", "st_sam", "12:00", "cl_naomi", room="rs_2"),
    booked("ap_nathan", "st_priya", "12:30", "cl_nathan", service="sv_deep", room="rs_1"),
    booked("ap_violet", "st_priya", "16:30", "cl_violet", room="rs_2"),
]
FOUND = find_conflicts(BOOK, **CATALOG)


def briefing(staff_id: str, book: list[Appointment] = BOOK, conflicts: list[Conflict] = FOUND,
             alerted: set[str] | None = None, clients: dict[str, Client | None] = CLIENTS) -> engine.TherapistBriefing:
    """The therapist's briefing of ``book`` with the engine's ``conflicts``; all of them alerted unless ``alerted``."""
    keys = {c.key for c in conflicts} if alerted is None else alerted
    member = {s.id: s for s in CATALOG["staff"]}[staff_id]
    guests = [
        engine.guest_brief(
            a, staff_id, client=clients[a.client_id], profile=GuestProfile(),
            services={s.id: s for s in CATALOG["services"]}, resources={r.id: r for r in ROOMS},
            staff={s.id: s for s in CATALOG["staff"]}, location=LOCATION, conflicts=conflicts, alerted=keys,
        )
        for a in engine.appointments_for(book, staff_id)
    ]
    return engine.therapist_briefing(member, LOCATION, DAY, guests)


def lines(item: engine.TherapistBriefing) -> dict[str, str]:
    return {guest.first_name: engine.conflict_line(guest, item) for guest in item.guests}


def shown(item: engine.TherapistBriefing) -> str:
    return json.dumps(briefing_message(item).blocks_as_dicts(), ensure_ascii=False)


def test_a_double_booking_is_said_under_both_guests_naming_the_other_as_the_briefing_does() -> None:
    sam = briefing("st_sam")
    assert lines(sam) == {
        "Isaiah": "Overlaps Naomi's 12:00pm booking — the front desk has been alerted",
        "Naomi": "Overlaps Isaiah's 11:30am booking — the front desk has been alerted",
    }
    text = shown(sam)
    assert ":warning: Overlaps Naomi's 12:00pm booking — the front desk has been alerted" in text, text
    assert ":warning: Overlaps Isaiah's 11:30am booking — the front desk has been alerted" in text


def test_another_guest_is_named_as_the_briefing_names_them_and_one_without_a_record_by_the_time_alone() -> None:
    twins = {**CLIENTS, "cl_naomi": b.client("cl_naomi", first_name="Isaiah", last_name="Brooks")}  # two Isaiah Brooks
    sam = briefing("st_sam", clients=twins)
    assert [g.first_name for g in sam.guests] == ["Isaiah Brooks (11:30am)", "Isaiah Brooks (12:00pm)"]
    assert lines(sam)["Isaiah Brooks (11:30am)"].startswith("Overlaps Isaiah Brooks's 12:00pm booking — ")
    unknown = briefing("st_sam", clients={**CLIENTS, "cl_naomi": None})
    assert lines(unknown)["Isaiah"].startswith("Overlaps the 12:00pm booking — ")


def test_a_missing_skill_and_a_booking_past_the_shift_are_said_in_the_therapists_words() -> None:
    priya = briefing("st_priya")
    assert lines(priya) == {
        "Nathan": "This service needs the deep tissue skill — the front desk has been alerted",
        "Violet": "It runs outside your shift — the front desk has been alerted",
    }
    assert ":warning: This service needs the deep tissue skill — the front desk has been alerted" in shown(priya)


def test_the_guests_cautions_and_the_days_summary_are_unchanged_by_it() -> None:
    with_conflicts, without = briefing("st_sam"), briefing("st_sam", conflicts=[])
    assert [g.cautions for g in with_conflicts.guests] == [g.cautions for g in without.guests] == [(), ()]
    assert engine.day_summary(with_conflicts) == engine.day_summary(without)
    assert "something to check" not in engine.day_summary(with_conflicts)
    assert all(engine.conflict_line(guest, without) == "" for guest in without.guests)
    # no conflict's line; a guest with nothing on file is still told to be asked (s21)
    assert ":warning:" not in shown(without).replace(f":warning: {engine.NOTHING_ON_FILE}", "")


def test_a_conflict_the_front_desk_has_no_alert_about_asks_the_therapist_to_check_with_them() -> None:
    sam = briefing("st_sam", alerted=set())
    assert lines(sam)["Isaiah"] == "Overlaps Naomi's 12:00pm booking — please check with the front desk"
    one = next(c for c in FOUND if c.kind == ConflictKind.outside_shift)  # Priya's other conflict alone is alerted
    priya = briefing("st_priya", alerted={one.key})
    assert lines(priya)["Violet"].endswith("— the front desk has been alerted")
    assert lines(priya)["Nathan"].endswith("— please check with the front desk")


def test_several_conflicts_of_one_booking_make_one_short_line() -> None:
    late = [*BOOK[:1], booked("ap_naomi", "st_sam", "16:30", "cl_naomi"), booked("ap_nathan", "st_sam", "16:45", "cl_nathan",
                                                                                   room="rs_2")]
    sam = briefing("st_sam", book=late, conflicts=find_conflicts(late, **CATALOG))
    assert lines(sam)["Naomi"] == (
        "Overlaps Nathan's 4:45pm booking; it runs outside your shift — the front desk has been alerted"
    )
    assert lines(sam)["Nathan"] == (
        "Overlaps Naomi's 4:30pm booking; it runs outside your shift — the front desk has been alerted"
    )
    assert lines(sam)["Isaiah"] == ""


def test_another_therapists_conflicts_and_the_front_desks_own_kinds_are_not_said() -> None:
    # Sam's 10:00 and Priya's 10:30 share Room 1 (a room double booking); Priya's 2:00pm peel needs a certification she
    # lacks and is in a massage room (a wrong room type: the front desk's to fix, nothing Priya can act on).
    book = [
        booked("ap_isaiah", "st_sam", "10:00", "cl_isaiah"),
        booked("ap_naomi", "st_priya", "10:30", "cl_naomi"),
        booked("ap_nathan", "st_priya", "14:00", "cl_nathan", service="sv_peel", room="rs_2", minutes=45),
        booked("ap_violet", "st_sam", "15:00", "cl_violet", room="rs_2"),
    ]
    found = find_conflicts(book, **CATALOG)
    assert {c.kind for c in found} == {
        ConflictKind.room_double_booked, ConflictKind.missing_certification, ConflictKind.wrong_room_type
    }
    sam, priya = briefing("st_sam", book, found), briefing("st_priya", book, found)
    assert lines(sam) == {"Isaiah": "Massage Room 1 is double-booked then — the front desk has been alerted", "Violet": ""}
    assert lines(priya) == {
        "Naomi": "Massage Room 1 is double-booked then — the front desk has been alerted",
        "Nathan": "This service needs a valid chemical peel certification — the front desk has been alerted",
    }


async def test_the_morning_dm_and_the_brief_preview_say_it_once_the_front_desk_was_alerted(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    clock.current = datetime(2026, 12, 8, 7, 30, tzinfo=b.NY)
    isaiah = b.appointment(b.at(DAY, "11:30"), id="ap_isaiah", resource_ids=["rs_1"])
    noa = b.appointment(b.at(DAY, "12:00"), id="ap_noa", client_id="cl_2", resource_ids=[])
    async with small_spa_world(settings, tmp_path, clock, [isaiah, noa], shifts=NINE_TO_FIVE) as world:
        location = (await world.copilot.catalog()).locations[0]
        untold = await front_desk_asks(world, "brief Mia")  # no alert posted yet
        report = await check_location(world.copilot, location)
        assert [c.kind for c in report.conflicts] == [ConflictKind.staff_double_booked]
        assert (await send_morning_briefings(world.copilot, "loc_1")).sent == ["st_1"]
        [dm] = world.slack.messages(world.slack_id("st_1"))
        preview = await front_desk_asks(world, "brief Mia")
    dm_text = json.dumps(dm.blocks, ensure_ascii=False)
    assert ":warning: Overlaps Noa's 12:00pm booking — the front desk has been alerted" in dm_text, dm_text
    assert ":warning: Overlaps Ava's 11:30am booking — the front desk has been alerted" in dm_text
    assert "Overlaps Noa's 12:00pm booking — the front desk has been alerted" in preview, preview
    assert "Overlaps Noa's 12:00pm booking — please check with the front desk" in untold, untold
