"""Three texts staff read on the fill cards, through the real flow (``tests/fill_scene.py``): a late YES's reply card
names what the guest was offered (a shorter service, its times, therapist and room), not the opening the front desk
would then book by hand; a manager's click time on a fill card names the location's clock when the spa's zones
differ (the booked line on the same card already did); a thread note about a guest's text from another day says
that day.
"""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import datetime, timedelta

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.slack import blocks
from spa_copilot.slack.views_models import ProposalState
from tests.conftest import NOW
from tests.fill_scene import Scene, eventually, proposed, quiet_clients, sms_reply
from tests.test_blocks import proposal

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SHORTER = "sv_reflexology_30"


def _plant_shorter_service(scene: Scene) -> None:
    """The waitlist: one guest who wants a 30-minute service the target's therapist and room can give, today."""
    spa = scene.world.spa
    for entry_id, entry in list(spa.waitlist.items()):
        spa.waitlist[entry_id] = entry.model_copy(update={"status": WaitlistStatus.cancelled})
    day = scene.target.start_at.astimezone(scene.world.data.locations[0].tz).date()
    entry = spa.create_waitlist_entry(
        {"locationId": scene.target.location_id, "clientId": quiet_clients(scene.world, 1)[0], "serviceIds": [SHORTER],
         "dateFrom": day.isoformat(), "dateTo": day.isoformat()}
    )
    spa.waitlist[entry.id] = entry.model_copy(update={"created_at": NOW - timedelta(days=9)})


async def test_a_late_yes_card_names_the_booking_offered_not_the_opening(scene: Scene) -> None:
    _plant_shorter_service(scene)
    await proposed(scene)
    first = scene.candidate(0)
    assert first["service_name"] != scene.proposal["opening"]["service_name"], "the scene needs a shorter offer"
    await scene.approve_and_wait()
    scene.clock.advance(minutes=11)
    await fill.expire_offers(scene.copilot)
    await scene.reply(first["client_id"], "YES")
    await asyncio.sleep(0.1)
    reply = next(r for r in scene.store.fill_proposals(statuses=("pending",)) if r["kind"] == "reply")
    card = next(m for m in scene.world.slack.thread(scene.proposal["channel"], scene.proposal["ts"]) if m.ts == reply["ts"])
    shown = "\n".join(block.get("text", {}).get("text", "") for block in card.blocks)
    zone = scene.proposal["opening"]["time_zone"]
    start, end = (blocks.clock(datetime.fromisoformat(first[edge]), zone) for edge in ("start", "end"))
    room = scene.proposal["opening"]["room"]  # the same room as the opening's
    offer = (f"_The offer: {first['service_name']} with {first['staff_first_name']} in {room}, "
             f"Tue 24 Nov, {start}–{end}._")
    assert blocks.escape(offer) in shown, shown
    assert scene.proposal["opening"]["service_name"] not in shown.split("Draft reply", 1)[0]
    assert first["service_name"] in reply["draft"]


async def test_a_rejection_in_a_spa_of_two_zones_names_the_locations_clock(scene: Scene) -> None:
    await proposed(scene)
    await scene.reject("Owner wants it kept open")
    await eventually(lambda: "Rejected by" in scene.card_text())
    place = scene.proposal["opening"]["location_name"]
    manager = scene.world.manager_id
    # 14:00 UTC: 9:00am in SoHo, 6:00am in Venice
    assert f"Rejected by <@{manager}> at 9:00am {blocks.escape(place)} time" in scene.card_text()


async def test_an_approval_in_a_spa_of_two_zones_names_the_locations_clock(scene: Scene) -> None:
    await proposed(scene)
    await scene.approve_and_wait()
    await eventually(lambda: "Approved and sent by" in scene.card_text())
    place = scene.proposal["opening"]["location_name"]
    shown = scene.card_text()
    assert f"Approved and sent by <@{scene.world.manager_id}> at 9:00am {blocks.escape(place)} time" in shown


def test_a_click_in_a_spa_of_one_zone_keeps_its_plain_time() -> None:
    view = dataclasses.replace(proposal(ProposalState.rejected), reason="")
    zone = view.opening.time_zone
    assert view.decided_at is not None
    line = blocks._decision_text(view, zones=(zone,))
    assert line.endswith(f"at {blocks.clock(view.decided_at, zone)}") and " time" not in line
    # another zone reading another clock then: the location's clock is named
    other = "Pacific/Auckland" if zone != "Pacific/Auckland" else "America/New_York"
    named = blocks._decision_text(view, zones=(zone, other))
    assert named.endswith(" time")


async def test_a_yes_from_yesterday_before_the_offer_names_its_day(scene: Scene) -> None:
    await proposed(scene)
    first = scene.candidate(0)
    await scene.approve_and_wait()
    yesterday = NOW - timedelta(hours=14, minutes=30)  # Mon 23 Nov 11:30pm UTC: 6:30pm in SoHo, the day before
    await fill.on_message_received(scene.copilot, sms_reply(first["client_id"], "Yes", yesterday))
    assert "texted YES at Mon 23 Nov 6:30pm, before this offer was approved" in scene.thread_text()


async def test_a_yes_from_today_before_the_offer_keeps_its_plain_time(scene: Scene) -> None:
    await proposed(scene)
    first = scene.candidate(0)
    await scene.approve_and_wait()
    await fill.on_message_received(scene.copilot, sms_reply(first["client_id"], "Yes", NOW - timedelta(hours=2)))
    assert "texted YES at 7:00am, before this offer was approved" in scene.thread_text()


def test_a_dated_clock_names_the_day_only_when_it_is_not_today() -> None:
    zone = "America/New_York"
    assert blocks.dated_clock(NOW, zone, now=NOW) == "9:00am"
    assert blocks.dated_clock(NOW - timedelta(days=1), zone, now=NOW) == "Mon 23 Nov 9:00am"
    assert blocks.dated_clock(NOW - timedelta(days=365), zone, now=NOW) == "Mon 24 Nov 2025 9:00am"
    assert blocks.zoned_moment(NOW - timedelta(days=1), zone, now=NOW) == "Mon 23 Nov 9:00am EST"
