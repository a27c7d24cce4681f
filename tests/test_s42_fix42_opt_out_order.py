"""Her STOP and START are compared by the times she sent them (the spa system's ``receivedAt``, never capped at our
clock), against her latest STOP (hers said again, or a staff member's ``/spa texts … stop``): only a START sent after
it clears her opt-out."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from spa_copilot.fill.replies import opt_out_by_staff
from tests.fill_scene import Scene, quiet_clients
from tests.test_s42_order42_replies_order import _post, _reply


async def test_a_start_sent_between_two_stops_leaves_her_opted_out(scene: Scene) -> None:
    client_id = quiet_clients(scene.world, 5)[4]
    t0 = scene.copilot.now()
    await _reply(scene, "stop1", client_id, "STOP", t0)
    scene.clock.advance(minutes=10)
    await _reply(scene, "stop2", client_id, "STOP", t0 + timedelta(minutes=10))  # her last word
    scene.clock.advance(minutes=1)
    await _reply(scene, "start", client_id, "START", t0 + timedelta(minutes=5))  # sent between, delivered late
    assert scene.store.text_opted_out([client_id]) == {client_id}
    await _reply(scene, "start2", client_id, "START", t0 + timedelta(minutes=11))  # sent after her latest STOP
    assert scene.store.text_opted_out([client_id]) == set()


async def test_a_start_sent_before_a_staff_stop_leaves_her_opted_out(scene: Scene) -> None:
    client_id = quiet_clients(scene.world, 5)[4]
    t0 = scene.copilot.now()
    await _reply(scene, "stop1", client_id, "STOP", t0)
    scene.clock.advance(minutes=10)
    await opt_out_by_staff(scene.copilot, client_id, user_id=scene.world.manager_id)  # she asks the desk too
    scene.clock.advance(minutes=1)
    await _reply(scene, "start", client_id, "START", t0 + timedelta(minutes=5))  # sent before it, delivered late
    assert scene.store.text_opted_out([client_id]) == {client_id}


async def test_a_spa_clock_ahead_of_ours_still_orders_stop_and_start(scene: Scene) -> None:
    client_id = quiet_clients(scene.world, 5)[4]
    ahead = scene.copilot.now() + timedelta(minutes=3)  # the spa system's clock 3 minutes ahead of ours
    await _reply(scene, "stop", client_id, "STOP", ahead + timedelta(seconds=30))  # sent second, delivered first
    scene.clock.advance(seconds=20)
    await _reply(scene, "start", client_id, "START", ahead + timedelta(seconds=10))  # sent first, delivered second
    assert scene.store.text_opted_out([client_id]) == {client_id}


FAR_FUTURE = datetime(9999, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-5)))  # in UTC, a year past datetime's


async def test_a_stop_stamped_past_the_last_year_is_recorded_not_a_500(scene: Scene) -> None:
    # rev42g M1: her STOP stamped uncapped could not be stored (year 10000 in UTC): 500 on every retry, never recorded
    client_id = quiet_clients(scene.world, 5)[4]
    assert (await _post(scene, "stop", client_id, "STOP", FAR_FUTURE)).status_code == 200
    assert scene.store.text_opted_out([client_id]) == {client_id}
    assert (
        await _post(scene, "start", client_id, "START", FAR_FUTURE)
    ).status_code == 200  # a START so stamped is read too


async def test_a_start_sent_before_a_staff_stop_by_a_spa_clock_a_little_ahead_leaves_her_opted_out(
    scene: Scene,
) -> None:
    # rev42g M2: the staff stop is timed by our clock, her START by the spa system's: 30 s ahead, a START she sent 20 s
    # before the desk recorded the stop, delivered after it, cleared it
    client_id = quiet_clients(scene.world, 5)[4]
    await opt_out_by_staff(scene.copilot, client_id, user_id=scene.world.manager_id)
    recorded = scene.copilot.now()
    scene.clock.advance(minutes=1)
    await _reply(scene, "start", client_id, "START", recorded - timedelta(seconds=20) + timedelta(seconds=30))
    assert scene.store.text_opted_out([client_id]) == {client_id}


async def test_a_stop_stamped_before_year_one_in_utc_is_recorded_not_a_500(scene: Scene) -> None:
    # rev42h M1: the mirror of the far-future stamp: year 1 at +05:00 is before year 1 in UTC, and could not be stored
    client_id = quiet_clients(scene.world, 5)[4]
    long_ago = datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=5)))
    assert (await _post(scene, "stop", client_id, "STOP", long_ago)).status_code == 200
    assert scene.store.text_opted_out([client_id]) == {client_id}
