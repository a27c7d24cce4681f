"""The prep DM (``PREP_HOURS_BEFORE`` each appointment) says under a guest what the morning DM says since 25bb9e7: what
the conflict engine finds wrong with the booking on the therapist's side ("⚠ Overlaps Noa's 12:00pm booking — the front
desk has been alerted"), with the same words and the same "has been alerted" / "please check with the front desk" rule.
A therapist who reads only the prep DM before a double-booked guest was not told. The lock-screen line stays who and
when; the guest's cautions stay as they were; the day's book is read only when a prep DM is due."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from spa_copilot import briefings
from spa_copilot.alerts import check_location
from spa_copilot.briefings import send_prep_briefings
from spa_copilot.domain import Appointment, Shift
from spa_copilot.engines import briefing as engine
from spa_copilot.engines.conflicts import ConflictKind
from spa_copilot.scheduler import poll_calendar
from spa_copilot.settings import Settings
from tests import builders as b
from tests.conftest import FakeClock, small_spa_world
from tests.test_brief_s16_conflicts import LOCATION, briefing

DAY = date(2026, 12, 8)  # a Tuesday
NINE_TO_FIVE = [Shift(weekday=d, start="09:00", end="17:00") for d in range(7)]


# ---------------------------------------------------------------------------------------------------
# The engine: prep_text says the morning DM's line


def test_the_prep_text_says_the_morning_dms_conflict_line_under_the_guest_and_not_on_the_first_line() -> None:
    sam = briefing("st_sam")
    isaiah, naomi = sam.guests
    plain = {guest.appointment_id: guest for guest in briefing("st_sam", conflicts=[]).guests}
    for guest, other in ((isaiah, naomi), (naomi, isaiah)):
        text = engine.prep_text(guest, LOCATION, overlapped=[other])
        line = engine.conflict_line(guest, sam)  # the morning DM's line, word for word
        assert line.startswith("Overlaps ") and f"Check: {line}" in text.splitlines()[1:], text
        assert "Overlaps" not in text.splitlines()[0]
        # everything else (the cautions included) as without the conflict
        assert guest.cautions == plain[guest.appointment_id].cautions
        assert text.replace(f"\nCheck: {line}", "") == engine.prep_text(plain[guest.appointment_id], LOCATION)
    assert "Check: Overlaps Naomi's 12:00pm booking — the front desk has been alerted" in engine.prep_text(
        isaiah, LOCATION, overlapped=[naomi]
    )


def test_the_prep_text_keeps_the_untold_rule_and_the_kinds_and_says_nothing_without_a_conflict() -> None:
    untold = briefing("st_sam", alerted=set()).guests
    assert "Check: Overlaps Naomi's 12:00pm booking — please check with the front desk" in engine.prep_text(
        untold[0], LOCATION, overlapped=[untold[1]]
    )
    nathan, violet = briefing("st_priya").guests
    assert "Check: This service needs the deep tissue skill — the front desk has been alerted" in engine.prep_text(
        nathan, LOCATION
    )
    assert "Check: It runs outside your shift — the front desk has been alerted" in engine.prep_text(violet, LOCATION)
    for guest in briefing("st_sam", conflicts=[]).guests:
        assert ":warning:" not in engine.prep_text(guest, LOCATION)


# ---------------------------------------------------------------------------------------------------
# The prep job: the DM as sent


def _at(hhmm: str) -> datetime:
    return b.at(DAY, hhmm)


async def test_a_double_booked_guests_prep_dm_carries_the_line_and_a_guest_without_a_conflict_gets_none(
    settings: Settings, tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Mia has Ava at 11:30am and Noa at 12:00pm (double-booked), and Ava again at 3:00pm (no conflict). Ava's prep
    DM comes first (the calendar poll has had the front desk alerted), Noa's half an hour later."""
    book: list[Appointment] = [
        b.appointment(_at("11:30"), id="ap_ava", resource_ids=["rs_1"]),
        b.appointment(_at("12:00"), id="ap_noa", client_id="cl_2", resource_ids=[]),
        b.appointment(_at("15:00"), id="ap_later", resource_ids=["rs_1"]),
    ]
    reads: list[str] = []
    load_day = briefings.load_day

    async def counted(platform, location, day):  # type: ignore[no-untyped-def]
        reads.append(location.id)
        return await load_day(platform, location, day)

    monkeypatch.setattr(briefings, "load_day", counted)
    clock.current = datetime(2026, 12, 8, 9, 35, tzinfo=b.NY)
    async with small_spa_world(settings, tmp_path, clock, book, shifts=NINE_TO_FIVE) as world:
        location = (await world.copilot.catalog()).locations[0]
        inbox = world.slack_id("st_1")
        await poll_calendar(world.copilot, full=True)
        assert await send_prep_briefings(world.copilot) == ["ap_ava"]
        first = len(reads)
        assert await send_prep_briefings(world.copilot) == []
        idle = len(reads) - first  # nothing due: nothing read
        report = await check_location(world.copilot, location)
        assert [c.kind for c in report.conflicts] == [ConflictKind.staff_double_booked]
        clock.current = datetime(2026, 12, 8, 10, 5, tzinfo=b.NY)
        assert await send_prep_briefings(world.copilot) == ["ap_noa"]
        clock.current = datetime(2026, 12, 8, 13, 5, tzinfo=b.NY)
        assert await send_prep_briefings(world.copilot) == ["ap_later"]
        ava, noa, later = world.slack.messages(inbox)
    ava_text, noa_text, later_text = (json.dumps(m.blocks, ensure_ascii=False) for m in (ava, noa, later))
    assert "Check: Overlaps Noa's 12:00pm booking — the front desk has been alerted" in ava_text, ava_text
    assert "Check: Overlaps Ava's 11:30am booking — the front desk has been alerted" in noa_text, noa_text
    assert ":warning:" not in later_text and "Overlaps" not in later_text, later_text
    # the notification (lock screen) stays who and when
    assert ava.text.startswith("Coming up at 11:30am: Ava") and "Overlaps" not in ava.text and "\n" not in ava.text
    assert noa.text.startswith("Coming up at 12:00pm: Noa") and "Overlaps" not in noa.text
    # the day's book is read once for each prep DM due (its conflicts), never by a check with nothing due
    assert (first, idle, len(reads)) == (1, 0, 3)
