"""Days as they are read: a ``/spa brief`` preview of another day says which day ("5 guests tomorrow, …") without
the morning's "Good morning" or a "today"; a day of another year than the location's today carries its year in the
preview, the conflict burst summary and the ``/spa conflicts`` title; a fill card's approval time the clocks read
twice names one zone, not two; a held-back offer's card says once that its text did not go out."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from spa_copilot import alerts, fill
from spa_copilot.alerts import answer_conflicts, location_conflicts
from spa_copilot.briefings import answer_brief
from spa_copilot.domain import Location, Shift, Staff, StaffRole
from spa_copilot.engines import briefing as engine
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack import blocks
from spa_copilot.slack.blocks import escape
from spa_copilot.slack.command_parser import ParsedCommand
from spa_copilot.slack.views_models import FillCandidate, FillProposalView, Opening, ProposalState

from .conftest import DAY, NOW

NY = Location(id="loc", name="Spa", time_zone="America/New_York")
UPTOWN = Location(id="up", name="Uptown", time_zone="America/New_York")
TUESDAY = date(2026, 11, 24)
ANA = Staff(id="ana", location_id="loc", first_name="Ana", role=StaffRole.therapist,
            shifts=[Shift(weekday=d, start="09:00", end="17:00") for d in range(7)])


def guest(day: date, hour: int = 9, client_id: str = "cl_1") -> engine.GuestBrief:
    start = datetime(day.year, day.month, day.day, hour, tzinfo=NY.tz)
    return engine.GuestBrief(f"ap_{client_id}", client_id, "Ava", start, start + timedelta(hours=1), ("Facial",))


def summary(day: date, guests: list[engine.GuestBrief], *, today: date | None, location: Location = NY,
            elsewhere: tuple[str, ...] = ()) -> str:
    return engine.day_summary(engine.therapist_briefing(ANA, location, day, guests, elsewhere=list(elsewhere)), today=today)


def test_the_morning_dm_of_today_reads_as_before() -> None:
    full = [guest(TUESDAY), guest(TUESDAY, 11, "cl_2")]
    assert summary(TUESDAY, full, today=None) == "Good morning, Ana. 2 guests today, the first at 9:00am."
    assert summary(TUESDAY, [], today=None) == (
        "Good morning, Ana. No guests are booked with you today. Your shift is 9:00am–5:00pm. "
        "You'll get a DM if anyone books in."
    )
    assert summary(TUESDAY, [guest(TUESDAY)], today=None, location=UPTOWN).startswith(
        "Good morning, Ana. You're booked at Uptown today, away from your usual location: 1 guest there,"
    )


def test_a_preview_of_today_does_not_greet_as_the_morning_dm_does() -> None:
    """``/spa brief @Elena`` at 10:30pm said "Good morning, Elena. 5 guests today, …" of a day that was over: only the
    morning DM greets; a preview of today reads as a preview of tomorrow does (staff-eye review, round 17)."""
    full = [guest(TUESDAY), guest(TUESDAY, 11, "cl_2")]
    assert summary(TUESDAY, full, today=TUESDAY) == "2 guests today, the first at 9:00am."
    assert summary(TUESDAY, [], today=TUESDAY) == "No guests are booked with you today so far. Your shift is 9:00am–5:00pm."
    assert summary(TUESDAY, [guest(TUESDAY)], today=TUESDAY, location=UPTOWN).startswith(
        "You're booked at Uptown today, away from your usual location: 1 guest there,"
    )


def test_a_preview_of_another_day_names_the_day_and_promises_nothing() -> None:
    wednesday, friday = TUESDAY + timedelta(days=1), date(2026, 11, 27)
    full = [guest(wednesday), guest(wednesday, 11, "cl_2")]
    assert summary(wednesday, full, today=TUESDAY) == "2 guests tomorrow, the first at 9:00am."
    assert summary(friday, [guest(friday)], today=TUESDAY) == "1 guest on Fri 27 Nov, the first at 9:00am."
    assert summary(wednesday, [], today=TUESDAY) == (
        "No guests are booked with you tomorrow so far. Your shift is 9:00am–5:00pm."
    )
    assert summary(friday, [], today=TUESDAY) == "No guests are booked with you on Fri 27 Nov so far. Your shift is 9:00am–5:00pm."
    assert summary(wednesday, [guest(wednesday)], today=TUESDAY, location=UPTOWN).startswith(
        "You're booked at Uptown tomorrow, away from your usual location: 1 guest there, the first at 9:00am."
    )
    assert summary(friday, [], today=TUESDAY, elsewhere=("Uptown",)) == (
        "No guests are booked with you at Spa on Fri 27 Nov so far. Your shift is 9:00am–5:00pm. "
        "Your guests at Uptown come in a separate briefing."
    )
    next_year = date(2027, 11, 23)
    assert summary(next_year, [], today=TUESDAY).startswith("No guests are booked with you on Tue 23 Nov 2027 so far.")
    assert summary(date(2026, 11, 20), [], today=TUESDAY).startswith("No guests were booked with you on Fri 20 Nov.")


def _proposal(decided_at: datetime, *, state: ProposalState, reason: str) -> FillProposalView:
    start = datetime(2026, 11, 1, 14, tzinfo=NY.tz)
    return FillProposalView(
        proposal_id="fp_1", revision=2,
        opening=Opening("ap_9", start, start + timedelta(hours=1), "Swedish 60", NY.time_zone, staff_name="Maya",
                        location_name="Juniper & Salt SoHo"),
        candidates=(FillCandidate("cl_0", "Jane", ("on waitlist",), 0.9),),
        draft="Hi Jane", state=state, decided_by="U0MANAGER1", decided_at=decided_at, reason=reason,
    )


def _shown(proposal: FillProposalView) -> str:
    return json.dumps(blocks.fill_proposal_message(proposal).to_kwargs()["blocks"], ensure_ascii=False)


def test_an_approval_time_the_clocks_read_twice_names_one_zone() -> None:
    reason = "goes out at 8:00am (texts are sent 8:00am–9:00pm)"
    place = escape(" Juniper & Salt SoHo time")
    # 1 Nov 2026 in New York: 1:30am EDT, then an hour later 1:30am EST
    for moment, zone in ((datetime(2026, 11, 1, 5, 30, tzinfo=UTC), "EDT"), (datetime(2026, 11, 1, 6, 30, tzinfo=UTC), "EST")):
        shown = _shown(_proposal(moment, state=ProposalState.approved, reason=reason))
        assert f"Approved by <@U0MANAGER1> at 1:30am {zone} — goes out at 8:00am" in shown, shown
        assert place not in shown
    other_night = _shown(_proposal(datetime(2026, 11, 2, 9, 15, tzinfo=UTC), state=ProposalState.approved, reason=reason))
    assert f"at 4:15am{place} — goes out at 8:00am" in other_night  # a time read once keeps the location's name


def test_a_held_back_offer_says_once_that_its_text_did_not_go_out() -> None:
    reason = fill.HELD_BACK_REASON.format(appointment_id="ap_9")
    shown = _shown(_proposal(datetime(2026, 11, 2, 9, 30, tzinfo=UTC), state=ProposalState.rejected, reason=reason))
    assert ("Held back by <@U0MANAGER1> at 4:30am Juniper &amp; Salt SoHo time before it went out. /spa fill ap_9 offers"
            " the slot again.") in shown, shown
    assert "did not go out" not in shown


async def test_previews_bursts_and_conflicts_name_the_day_as_seen_from_the_locations_today(world: SandboxWorld) -> None:
    async def brief(*words: str) -> str:
        """The preview's title and its summary line."""
        message = await answer_brief(world.copilot, ParsedCommand("brief", ("st_ana_reyes", *words), "brief"), FRONT_DESK_USER)
        title, said = (block["text"]["text"] for block in message.to_kwargs()["blocks"][:2])
        return f"{title}\n{said}"

    today = await brief()
    assert today.startswith("Ana Reyes's day, Tue 24 Nov (preview)\n") and "Good morning" not in today, today  # the morning DM's greeting
    assert " today, the first at " in today or "No guests are booked with you today so far." in today, today
    tomorrow = await brief("tomorrow")
    assert tomorrow.startswith("Ana Reyes's day, Wed 25 Nov (preview)\n") and "Good morning" not in tomorrow, tomorrow
    assert " tomorrow, the first at " in tomorrow or "No guests are booked with you tomorrow so far." in tomorrow, tomorrow
    assert " today" not in tomorrow and "let you know" not in tomorrow
    next_year = await brief("2027-11-23")
    assert next_year.startswith("Ana Reyes's day, Tue 23 Nov 2027 (preview)\nNo guests are booked with you on Tue 23 Nov 2027 so far."), next_year

    conflicts = await answer_conflicts(world.copilot, ParsedCommand("conflicts", ("2027-11-23",), "conflicts"), FRONT_DESK_USER)
    assert "No conflicts on Tue 23 Nov 2027." in json.dumps(conflicts.to_kwargs()["blocks"])
    this_year = await answer_conflicts(world.copilot, ParsedCommand("conflicts", (), "conflicts"), FRONT_DESK_USER)
    assert "Conflicts on Tue 24 Nov" in this_year.text and "2026" not in this_year.text

    # a burst summary seen from the location's today: the year only for a day of another year
    catalog = await world.copilot.catalog()
    soho = next(loc for loc in catalog.locations if loc.id == "loc_soho")
    found = (await location_conflicts(world.copilot, catalog, soho, [DAY])).conflicts
    assert found, "the sandbox plants conflicts in SoHo today"
    await alerts._post_summaries(world.copilot, soho, found, now=NOW)
    later = NOW.replace(year=2027, month=1, day=2)
    await alerts._post_summaries(world.copilot, soho, found, now=later)
    this, other = [m.text for m in world.slack.messages(world.copilot.settings.spa_front_desk_channel)][-2:]
    assert this == f"{len(found)} conflicts on Tue 24 Nov at Juniper &amp; Salt SoHo", this
    assert "on Tue 24 Nov 2026 at " in other, other
    posted = world.slack.messages(world.copilot.settings.spa_front_desk_channel)[-1]
    current = {c.key: c for c in found}
    assert await alerts._refresh_summary(world.copilot, soho, posted.channel, posted.ts, current, now=later)
    refreshed = world.slack.message(posted.channel, posted.ts)
    assert refreshed is not None and refreshed.edited and "Tue 24 Nov 2026" in refreshed.text
