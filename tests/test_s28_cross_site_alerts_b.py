"""More of a clash across two sites through the real poll (the sandbox, the stand-in Slack and the store; the spa and
fixtures of ``test_s28_cross_site_alerts``):

- a site whose book cannot be read (down since the start, or down for a while) is not asked again at every poll
  by the other site's check, nor does it make that check run at every poll; once it syncs again, the check runs;
- a clash across sites that splits (the booking at one site moved, so it clashes with only one of the other site's
  two) keeps its card for what it now is, and the double booking it leaves at the other site gets its card at once;
- a booking that joins two clashes with a card each into one keeps one live card, redrawn; the other is closed at
  once as merged into it (never "Resolved" while its double booking stands, nor left live beside it);
- a card whose fix names a colleague since marked inactive is redrawn with a fix that does not, once; a fix whose
  wording alone changes is not redrawn;
- a clash whose booking moves to the other site at the same time has its card redrawn for both sites, and resolved
  when that booking is then cancelled there.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC
from pathlib import Path
from typing import Any

from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar
from spa_copilot.settings import Settings
from spa_copilot.slack import ids

from .conftest import FakeClock
from .test_s28_cross_site_alerts import (
    DEV,
    DEV_AT_HARBOR,
    DEV_AT_PALMS,
    LA,
    NICO_TWICE,
    OLIVE_AT_PALMS,
    PALMS,
    TUESDAY,
    booked,
    live_cards,
    live_rows,
    local,
    resolved_drawings,
    shown,
    spa_world,
)


class Reads:
    """Counts the spa system's appointment reads by location; ``down`` ones fail as an outage would."""

    def __init__(self, world: SandboxWorld) -> None:
        self.counts: Counter[str] = Counter()
        self.down: set[str] = set()
        platform = world.copilot.platform
        real = platform.list_appointments

        async def reads(**kwargs: Any) -> Any:
            where = str(kwargs.get("location_id"))
            self.counts[where] += 1
            if where in self.down:
                raise PlatformUnavailable(f"{where} is down")
            return await real(**kwargs)

        platform.list_appointments = reads  # type: ignore[method-assign]


def slack_calls(world: SandboxWorld) -> list[int]:
    return [len(world.slack.calls_to(m)) for m in ("chat.postMessage", "chat.update")]


async def test_a_site_down_since_the_start_is_not_read_again_at_every_poll_of_the_other_site(
    settings: Settings, tmp_path: Path
) -> None:
    clock = FakeClock(local(TUESDAY, 9, 0).astimezone(UTC))
    dev_at_palms = booked("ap_p", local(TUESDAY, 12, 0, LA), "st_dev", "rs_b1", location=PALMS, client="cl_3")
    async with spa_world(settings, tmp_path, clock, [*NICO_TWICE, dev_at_palms], [DEV]) as world:
        reads = Reads(world)
        reads.down.add(PALMS.id)  # Palms' book never answers (a key without access to it, say)
        await poll_calendar(world.copilot)
        [card] = live_cards(world)
        assert "Nico North is booked for 2 appointments" in shown(card), "Harbor's own clash is posted all the same"
        clock.advance(minutes=1)
        await poll_calendar(world.copilot)
        reads.counts.clear()
        before = slack_calls(world)
        for _ in range(10):
            clock.advance(minutes=1)
            await poll_calendar(world.copilot)
        assert reads.counts == {"loc_a": 10, "loc_b": 10}, "one sync each a poll: no check re-reading Palms"
        assert slack_calls(world) == before


async def test_a_site_that_goes_down_does_not_make_the_other_check_at_every_poll_and_is_checked_when_back(
    settings: Settings, tmp_path: Path
) -> None:
    clock = FakeClock(local(TUESDAY, 9, 0).astimezone(UTC))
    async with spa_world(settings, tmp_path, clock, DEV_AT_PALMS, [DEV]) as world:
        await poll_calendar(world.copilot)
        [card] = live_cards(world)  # Dev twice at Palms: Palms' card
        reads = Reads(world)
        reads.down.add(PALMS.id)
        clock.advance(minutes=1)  # Dev booked at Harbor too while Palms is down: Harbor's check cannot read Palms
        world.spa.put_appointment(DEV_AT_HARBOR.model_copy(update={"updated_at": clock(), "created_at": clock()}))
        await poll_calendar(world.copilot)
        clock.advance(minutes=1)
        await poll_calendar(world.copilot)
        reads.counts.clear()
        before = slack_calls(world)
        for _ in range(10):
            clock.advance(minutes=1)
            await poll_calendar(world.copilot)
        assert reads.counts == {"loc_a": 10, "loc_b": 10}, "one sync each a poll: Harbor's check does not run again"
        assert slack_calls(world) == before
        assert live_rows(world) == [("loc_b", ["ap_p1", "ap_p2"])], "Palms' card kept as it is while Palms is down"

        reads.down.clear()  # Palms answers again: nothing changed in its book, Harbor's check runs now
        for _ in range(2):
            clock.advance(minutes=1)
            await poll_calendar(world.copilot)
        assert [m.ts for m in live_cards(world)] == [card.ts]
        assert live_rows(world) == [("loc_a", ["ap_h", "ap_p1", "ap_p2"])], "the one card, grown to both sites"
        assert "Harbor NY and Palms LA" in shown(world.slack.message(card.channel, card.ts))


async def test_a_clash_across_sites_that_splits_posts_what_it_leaves_at_the_other_site_at_once(
    settings: Settings, tmp_path: Path
) -> None:
    clock = FakeClock(local(TUESDAY, 9, 0).astimezone(UTC))
    # Dev three times at once: 11:30am and 12:15pm PST at Palms, 3:15pm EST (12:15pm PST) at Harbor
    palms_twice = [
        booked("ap_p4", local(TUESDAY, 11, 30, LA), "st_dev", None, location=PALMS, client="cl_2"),
        booked("ap_p2", local(TUESDAY, 12, 15, LA), "st_dev", "rs_b1", location=PALMS, client="cl_1"),
    ]
    at_harbor = booked("ap_h3", local(TUESDAY, 15, 15), "st_dev", "rs_a1", client="cl_3")
    async with spa_world(settings, tmp_path, clock, [*palms_twice, at_harbor], [DEV]) as world:
        await poll_calendar(world.copilot)
        [card] = live_cards(world)
        assert live_rows(world) == [("loc_a", ["ap_h3", "ap_p2", "ap_p4"])]

        clock.advance(minutes=3)  # Harbor's booking moved 30 minutes later: it clashes with the 12:15pm one only
        world.spa.put_appointment(at_harbor.model_copy(update={
            "start_at": local(TUESDAY, 15, 45), "end_at": local(TUESDAY, 16, 45), "version": at_harbor.version + 1,
            "updated_at": clock(),
            "services": [line.model_copy(update={"start_at": local(TUESDAY, 15, 45), "end_at": local(TUESDAY, 16, 45)})
                         for line in at_harbor.services],
        }))
        await poll_calendar(world.copilot)  # only Harbor's sync sees the change
        assert live_rows(world) == [("loc_a", ["ap_h3", "ap_p2"]), ("loc_b", ["ap_p2", "ap_p4"])]
        harbor_card, palms_card = sorted(live_cards(world), key=lambda m: m.ts)
        assert harbor_card.ts == card.ts, "the card across sites redrawn for what it now is"
        assert "Harbor NY and Palms LA" in shown(world.slack.message(card.channel, card.ts))
        assert "Dev Delta is booked for 2 appointments" in shown(palms_card) and "Harbor" not in palms_card.text
        before = slack_calls(world)
        for _ in range(3):
            clock.advance(minutes=3)
            await poll_calendar(world.copilot)
        await poll_calendar(world.copilot, full=True)
        assert slack_calls(world) == before, "nothing more to post or redraw"


async def test_a_booking_that_joins_two_carded_clashes_leaves_one_live_card_and_closes_the_other_as_merged(
    settings: Settings, tmp_path: Path
) -> None:
    clock = FakeClock(local(TUESDAY, 9, 0).astimezone(UTC))
    appointments = [  # Dev at Palms 10:00 and 10:45am PST (Palms' card); 10:45am, 12:00pm PST and 2:15pm EST twice
        booked("ap_p3", local(TUESDAY, 10, 0, LA), "st_dev", None, location=PALMS, client="cl_3"),
        booked("ap_p5", local(TUESDAY, 10, 45, LA), "st_dev", None, location=PALMS, client="cl_5"),
        booked("ap_p1", local(TUESDAY, 12, 0, LA), "st_dev", "rs_b1", location=PALMS, client="cl_1"),
        booked("ap_h2", local(TUESDAY, 14, 15), "st_dev", "rs_a1", client="cl_2"),
        booked("ap_h4", local(TUESDAY, 14, 15), "st_dev", "rs_a2", client="cl_4"),
    ]
    async with spa_world(settings, tmp_path, clock, appointments, [DEV]) as world:
        for _ in range(2):
            await poll_calendar(world.copilot)
            clock.advance(minutes=1)
        assert live_rows(world) == [("loc_a", ["ap_h2", "ap_h4", "ap_p1", "ap_p5"]), ("loc_b", ["ap_p3", "ap_p5"])]
        harbor_card, palms_card = sorted(live_cards(world), key=lambda m: m.ts)

        # Dev booked at Harbor 1:30pm EST (10:30am PST): one clash of all six; only Harbor's sync sees it
        joining = booked("ap_h6", local(TUESDAY, 13, 30), "st_dev", None, client="cl_1")
        world.spa.put_appointment(joining.model_copy(update={"updated_at": clock(), "created_at": clock()}))
        await poll_calendar(world.copilot)
        assert live_rows(world) == [("loc_a", ["ap_h2", "ap_h4", "ap_h6", "ap_p1", "ap_p3", "ap_p5"])]
        assert [m.ts for m in live_cards(world)] == [harbor_card.ts], "one live card"
        assert "booked for 6 overlapping appointments" in shown(world.slack.message(harbor_card.channel, harbor_card.ts))
        closed = world.slack.message(palms_card.channel, palms_card.ts)
        assert closed is not None and "Resolved" not in shown(closed) and "(merged)" in closed.text
        note = closed.blocks[-1]["elements"][0]["text"]
        assert note.endswith("still stands, as part of the card “Staff double-booked, Tue 8 Dec 1:30pm EST at Harbor NY and Palms LA”")
        assert ids.ACK_CONFLICT not in shown(closed) and "Move" not in shown(closed), "no buttons, no fix"
        assert resolved_drawings(world) == []
        assert len(world.slack.calls_to("chat.postMessage")) == 2

        before = slack_calls(world)
        for _ in range(3):
            clock.advance(minutes=3)
            await poll_calendar(world.copilot)
        await poll_calendar(world.copilot, full=True)  # every location's pass runs: nothing resolved, nothing posted
        assert slack_calls(world) == before
        assert [m.ts for m in live_cards(world)] == [harbor_card.ts]


async def test_a_card_whose_fix_names_a_colleague_marked_inactive_is_redrawn_once(settings: Settings, tmp_path: Path) -> None:
    clock = FakeClock(local(TUESDAY, 9, 0).astimezone(UTC))
    async with spa_world(settings, tmp_path, clock, NICO_TWICE) as world:
        await poll_calendar(world.copilot)
        [card] = live_cards(world)
        assert "to Olive, who is free" in shown(card)
        before = slack_calls(world)

        clock.advance(minutes=3)  # Olive leaves: marked inactive in the spa system; the bookings stay as they are
        world.spa.staff["st_olive"] = world.spa.staff["st_olive"].model_copy(update={"active": False})
        await world.copilot.catalog(refresh=True)
        await poll_calendar(world.copilot)
        now = shown(world.slack.message(card.channel, card.ts))
        assert "Olive" not in now and "Move the 1:30pm Swedish Massage 60 (Liam G.) to 2:00pm, when Nico is free." in now
        assert slack_calls(world) == [before[0], before[1] + 1], "the card redrawn in place, once"
        assert [m.ts for m in live_cards(world)] == [card.ts]

        for _ in range(3):
            clock.advance(minutes=3)
            await poll_calendar(world.copilot)
        await poll_calendar(world.copilot, full=True)
        assert slack_calls(world) == [before[0], before[1] + 1], "not redrawn again"


async def test_a_booking_moved_to_the_other_site_at_the_same_time_redraws_the_card_and_its_cancellation_resolves_it(
    settings: Settings, tmp_path: Path
) -> None:
    clock = FakeClock(local(TUESDAY, 9, 0).astimezone(UTC))
    async with spa_world(settings, tmp_path, clock, NICO_TWICE) as world:
        # Olive inactive: the fix names Nico alone, before the move and after it
        world.spa.staff["st_olive"] = world.spa.staff["st_olive"].model_copy(update={"active": False})
        await poll_calendar(world.copilot)
        [card] = live_cards(world)
        assert live_rows(world) == [("loc_a", ["ap_1", "ap_2"])]

        clock.advance(minutes=3)  # Nico's 1:30pm rebooked at Palms under the same id, at the same time
        moved = world.spa.appointments["ap_2"]
        lines = [line.model_copy(update={"resource_ids": ["rs_b1"]}) for line in moved.services]
        world.spa.put_appointment(moved.model_copy(update={
            "location_id": PALMS.id, "services": lines, "version": moved.version + 1, "updated_at": clock(),
        }))
        await poll_calendar(world.copilot)
        assert [m.ts for m in live_cards(world)] == [card.ts]
        assert "Harbor NY and Palms LA" in world.slack.message(card.channel, card.ts).text  # type: ignore[union-attr]

        clock.advance(minutes=3)  # then cancelled there: only Palms' sync sees it
        world.spa.cancel("ap_2", reason="flu", by="client")
        await poll_calendar(world.copilot)
        assert live_cards(world) == [] and "Resolved" in shown(world.slack.message(card.channel, card.ts))
        assert live_rows(world) == []


async def test_a_site_down_since_the_start_reruns_the_other_sites_check_once_it_syncs(
    settings: Settings, tmp_path: Path
) -> None:
    """Palms never answers from the start, so Harbor's fix may name Olive, who is booked at Palms then; once Palms
    syncs, Harbor's check runs again and its fix no longer names her (a review found it stale until Harbor's next
    change, the 4-hourly resync or the next day)."""
    clock = FakeClock(local(TUESDAY, 9, 0).astimezone(UTC))
    async with spa_world(settings, tmp_path, clock, [*NICO_TWICE, OLIVE_AT_PALMS]) as world:
        reads = Reads(world)
        reads.down.add(PALMS.id)
        for _ in range(3):
            await poll_calendar(world.copilot)
            clock.advance(minutes=1)
        [card] = live_cards(world)
        assert "to Olive, who is free" in shown(card), "Palms unread: Olive looked free"
        reads.down.clear()
        for _ in range(2):
            await poll_calendar(world.copilot)
            clock.advance(minutes=1)
        [card] = live_cards(world)
        assert "Olive" not in shown(world.slack.message(card.channel, card.ts)), "Olive is at Palms then"
