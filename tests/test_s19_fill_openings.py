"""``/spa fill`` alone lists the cancelled bookings still to come with their ids: the only place staff find the id of
a cancellation further ahead than the fill horizon (the day book leaves cancelled bookings out), so that ``/spa fill
<id>`` could be typed at all."""

from __future__ import annotations

import pytest

from spa_copilot.slack.command_parser import CommandError, check_command, parse_command
from tests.fill_scene import Scene, proposed
from tests.test_slack_scenarios import ask


async def test_fill_alone_lists_a_cancellation_with_the_command_that_fills_it(scene: Scene) -> None:
    scene.world.spa.webhooks.url = None  # no card by itself
    await scene.cancel()
    answer = await ask(scene.world, "fill")
    assert "Cancelled in the next 14 days" in answer, answer
    assert f"/spa fill {scene.target.id}" in answer, answer
    service = scene.world.spa.services[scene.target.services[0].service_id].name
    assert service in answer
    client = scene.world.spa.clients[scene.target.client_id]
    assert client.last_name not in answer, "the opening is listed, not the guest"


async def test_a_cancellation_with_a_card_shows_the_cards_state_not_the_command(scene: Scene) -> None:
    await proposed(scene)
    answer = await ask(scene.world, "fill")
    assert "fill card pending" in answer and f"/spa fill {scene.target.id}" not in answer, answer


async def test_bookings_not_cancelled_and_cancellations_past_are_not_listed(scene: Scene) -> None:
    answer = await ask(scene.world, "fill")
    assert scene.target.id not in answer  # still booked
    listed = [a.id for a in scene.world.spa.appointments.values() if a.id in answer]
    now = scene.copilot.now()
    assert all(
        scene.world.spa.appointments[i].status == "cancelled" and scene.world.spa.appointments[i].start_at > now
        for i in listed
    )


def test_fill_alone_parses_and_two_words_still_do_not() -> None:
    check_command(parse_command("fill"))
    for typed in ("fill Jane Okonkwo", "fill <@U0ANA0001|ana>"):
        with pytest.raises(CommandError, match="fill needs one appointment id"):
            check_command(parse_command(typed))


async def test_a_card_ended_without_a_booking_shows_the_command_that_starts_it_again(scene: Scene) -> None:
    # a review: a rejected card was listed "fill card rejected" with no id, though `/spa fill <id>` starts a fresh one
    await proposed(scene)
    await scene.reject("Not today")
    answer = await ask(scene.world, "fill")
    assert f"fill card rejected; `/spa fill {scene.target.id}` starts it again" in answer, answer
    again = await ask(scene.world, f"fill {scene.target.id}")
    assert "Posted a fill proposal" in again, again
    assert "fill card pending" in await ask(scene.world, "fill")
