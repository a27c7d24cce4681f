"""Ten polls with nothing changed cost no Slack edit and no store write, whatever the cards (open, a double
booking, acknowledged, snoozed, kept live for a record gone, in a summary), and a catalogue that changes without
changing a clash (a therapist hired at each poll) rewrites no card (rev44f: list sizes kept on each card did).
"""

from __future__ import annotations

from spa_copilot import alerts
from tests import builders as b
from tests import test_s44_alerts44_unlisted_records as unlisted
from tests.test_s44_alerts44_unlisted_records import HARBOR, at, booking, harbor, poll

open_world = unlisted.open_world  # its fixture: a sandbox world read afresh at each poll


def count_writes(world) -> list[str]:
    """The keys of the alerts the store is asked to save from now on."""
    store = world.copilot.store
    keys: list[str] = []
    save_alert = store.save_alert

    def counted(key, **changes):
        keys.append(key)
        return save_alert(key, **changes)

    store.save_alert = counted
    return keys


async def ten_polls(world) -> tuple[int, list[str]]:
    """Slack edits and store writes over ten polls."""
    writes = count_writes(world)
    before = len(world.slack.calls_to("chat.update"))
    for _ in range(10):
        await poll(world)
    return len(world.slack.calls_to("chat.update")) - before, writes


async def test_a_catalogue_growing_at_each_poll_rewrites_no_card(open_world) -> None:
    world = await open_world(
        harbor(*[booking(f"ap_{i}", at(10 + i), 60, "st_pia", ["rs_f"], "sv_stone") for i in range(3)])
    )
    await poll(world)
    writes = count_writes(world)
    for i in range(10):
        world.spa.staff[f"st_new{i}"] = b.staff(f"st_new{i}", location_id=HARBOR.id, first_name=f"N{i}", last_name="X")
        await poll(world)
    assert writes == []


async def test_open_double_booked_acknowledged_and_snoozed_cards_cost_nothing(open_world) -> None:
    world = await open_world(
        harbor(
            booking("ap_1", at(11), 60, "st_nico", ["rs_f"], "sv_swedish"),
            booking("ap_2", at(13), 60, "st_nico", ["rs_1"], "sv_swedish", client="cl_2"),
            booking("ap_3", at(13, 30), 60, "st_nico", ["rs_2"], "sv_swedish", client="cl_2"),
            booking("ap_4", at(15), 90, "st_pia", ["rs_1"], "sv_stone", client="cl_2"),
        )
    )
    rows = world.copilot.store.alerts(location_id=HARBOR.id)
    assert len(rows) >= 3
    await alerts.acknowledge_alert(world.copilot, rows[0].key, user_id="U1")
    await alerts.snooze_alert(world.copilot, rows[1].key, user_id="U2")
    await poll(world)
    assert await ten_polls(world) == (0, [])


async def test_a_card_kept_live_for_a_room_gone_costs_nothing(open_world) -> None:
    world = await open_world(harbor(booking("ap_1", at(11), 60, "st_nico", ["rs_f"], "sv_swedish")))
    world.spa.resources.pop("rs_f")
    await poll(world)
    assert [row.key for row in world.copilot.store.alerts(location_id=HARBOR.id, statuses=alerts.LIVE)]
    assert await ten_polls(world) == (0, [])


async def test_a_summary_of_a_burst_costs_nothing(open_world) -> None:
    world = await open_world(
        harbor(*[booking(f"ap_{i}", at(10 + i), 60, "st_pia", ["rs_f"], "sv_stone") for i in range(6)])
    )
    await poll(world)
    assert any(row.grouped for row in world.copilot.store.alerts(location_id=HARBOR.id))
    assert await ten_polls(world) == (0, [])
