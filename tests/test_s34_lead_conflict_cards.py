"""A live conflict card follows the bookings it names (rev34a M1, M2).

- A clashing booking given to another guest, or another service, at the same time keeps the clash's key and
  fingerprint (its times and staff are the same), yet the card named the old guest and service for its whole life,
  while ``/spa conflicts`` named the new ones: the card is redrawn.
- A booking cancelled and booked again for the same guest at the same time (a new appointment id: another service)
  struck the card through "Resolved" and posted a new one for the same double booking, losing an Acknowledge: the
  card stands and follows the new booking.
"""

from __future__ import annotations

import json

from spa_copilot.scheduler import poll_calendar
from spa_copilot.slack import ids
from tests.test_alerts import card_for, cards, front_desk


def _blocks(world, card) -> str:
    return json.dumps(world.slack.message(card.channel, card.ts).blocks, ensure_ascii=False)


def _other_guest(world, *not_of: str):
    taken = {world.spa.clients[world.spa.appointments[a].client_id].short_name for a in not_of}
    return next(
        c for c in world.spa.clients.values()
        if c.short_name not in taken and c.first_name and c.first_name[0].isalpha()
    )


async def test_a_clashing_booking_given_to_another_guest_redraws_the_card(world, clock):
    await poll_calendar(world.copilot)
    card = card_for(world, "ap_p02")
    booking = world.spa.appointments["ap_p02"]
    old = world.spa.clients[booking.client_id].short_name
    assert old in _blocks(world, card)
    guest = _other_guest(world, "ap_p01", "ap_p02")
    clock.advance(minutes=1)
    world.spa.put_appointment(
        booking.model_copy(update={"client_id": guest.id, "version": booking.version + 1, "updated_at": clock()})
    )
    await poll_calendar(world.copilot)
    drawn = _blocks(world, card)
    assert guest.short_name in drawn and old not in drawn
    assert ids.ACK_CONFLICT in drawn  # still the live card, not a resolved one
    assert len([m for m in cards(world) if "ap_p02" in json.dumps(m.blocks)]) == 1


async def test_a_clashing_booking_given_another_service_redraws_the_card(world, clock):
    await poll_calendar(world.copilot)
    card = card_for(world, "ap_p02")
    booking = world.spa.appointments["ap_p02"]
    line = booking.services[0]
    was = world.spa.services[line.service_id]

    def length(s):
        return s.duration_minutes + (s.processing_minutes or 0) + (s.finishing_minutes or 0)

    other = next(
        s for s in world.spa.services.values()
        if s.id != was.id and s.name != was.name and length(s) == length(was) and s.staff_count == 1
        and not s.required_certification
    )
    clock.advance(minutes=1)
    world.spa.put_appointment(booking.model_copy(update={
        "services": [line.model_copy(update={"service_id": other.id, "service_name": other.name})],
        "version": booking.version + 1, "updated_at": clock(),
    }))
    await poll_calendar(world.copilot)
    assert other.name in _blocks(world, card)


async def test_an_unchanged_clash_is_not_redrawn(world, clock):
    await poll_calendar(world.copilot)
    updates = len(world.slack.calls_to("chat.update"))
    clock.advance(minutes=1)
    await poll_calendar(world.copilot, full=True)
    assert len(world.slack.calls_to("chat.update")) == updates


async def _booked_anew(world, clock, new_id: str, **update) -> None:
    """ap_p02 cancelled and booked again as ``new_id`` over the same time (with ``update``: another guest), polled."""
    booking = world.spa.appointments["ap_p02"]
    clock.advance(minutes=1)
    world.spa.cancel("ap_p02", reason="booked anew")
    world.spa.put_appointment(booking.model_copy(update={
        "id": new_id, "version": 1, "updated_at": clock(), "created_at": clock(),
        "services": [line.model_copy(update={"id": f"{line.id}_{new_id}"}) for line in booking.services], **update,
    }))
    await poll_calendar(world.copilot)


async def test_a_booking_cancelled_and_booked_again_for_the_same_guest_keeps_its_card(world, clock):
    await poll_calendar(world.copilot)
    card = card_for(world, "ap_p01")
    posted = len(front_desk(world))
    await _booked_anew(world, clock, "ap_rebooked")
    drawn = _blocks(world, card)
    assert "Resolved" not in drawn and ids.ACK_CONFLICT in drawn
    assert "ap_rebooked" in drawn and "ap_p02" not in drawn
    assert len(front_desk(world)) == posted  # no second card for the same double booking


async def test_a_booking_cancelled_and_another_guest_booked_in_its_place_is_another_clash(world, clock):
    await poll_calendar(world.copilot)
    card = card_for(world, "ap_p01")
    guest = _other_guest(world, "ap_p01", "ap_p02")
    await _booked_anew(world, clock, "ap_walk_in", client_id=guest.id)
    assert "Resolved" in _blocks(world, card)
    assert any("ap_walk_in" in json.dumps(m.blocks) for m in cards(world))


async def test_an_acknowledged_card_that_opens_again_tells_whoever_acknowledged_it(world, clock):
    # rev34a L2: the buttons came back by an edit, which notifies nobody
    from spa_copilot.alerts import REOPENED_TEXT
    from spa_copilot.slack.listeners import alert_actions
    from tests.test_alerts import shifted

    alert_actions.register(world.bolt, world.copilot)
    await poll_calendar(world.copilot)
    card = card_for(world, "ap_p02")
    therapist = world.slack_id("st_ana_reyes")
    await world.sender.click(card, ids.ACK_CONFLICT, user_id=therapist)
    await world.slack.wait_for(lambda s: bool(s.message(card.channel, card.ts).edited), timeout=10)
    clock.advance(minutes=1)
    world.spa.put_appointment(shifted(world.spa.appointments["ap_p02"], -20, at=clock()))
    await poll_calendar(world.copilot)
    assert ids.ACK_CONFLICT in _blocks(world, card)
    assert [m.text for m in world.slack.thread(card.channel, card.ts)] == [REOPENED_TEXT.format(user=therapist)]
    clock.advance(minutes=1)
    await poll_calendar(world.copilot, full=True)  # nothing changed since: no second reply
    assert len(world.slack.thread(card.channel, card.ts)) == 1


async def _acknowledged(world):
    from spa_copilot.slack.listeners import alert_actions

    alert_actions.register(world.bolt, world.copilot)
    await poll_calendar(world.copilot)
    card = card_for(world, "ap_p02")
    await world.sender.click(card, ids.ACK_CONFLICT, user_id=world.slack_id("st_ana_reyes"))
    await world.slack.wait_for(lambda s: bool(s.message(card.channel, card.ts).edited), timeout=10)
    return card


async def _add_on_during_the_clash(world, clock):
    """A 30-minute add-on with the same therapist booked inside ap_p02's massage, polled: (the booking, the add-on)."""
    from datetime import timedelta

    booking = world.spa.appointments["ap_p02"]
    main = booking.services[0]
    addon = world.spa.services["sv_reflexology_30"]
    line = main.model_copy(update={"id": f"{main.id}_addon", "service_id": addon.id, "service_name": addon.name,
                                   "end_at": main.start_at + timedelta(minutes=addon.duration_minutes)})
    clock.advance(minutes=1)
    world.spa.put_appointment(booking.model_copy(update={
        "services": [*booking.services, line], "version": booking.version + 1, "updated_at": clock()}))
    await poll_calendar(world.copilot)
    return booking, addon


async def test_an_add_on_done_during_the_clash_is_no_change_of_its_guests(world, clock):
    # rev34b M2: an add-on with the same therapist inside the massage joined the clash's lines and pinged
    card = await _acknowledged(world)
    booking, addon = await _add_on_during_the_clash(world, clock)
    assert world.slack.thread(card.channel, card.ts) == []  # (its fix may name another colleague now: redrawn)
    [row] = [r for r in world.copilot.store.alerts(location_id=booking.location_id)
             if "ap_p02" in (r.view or {}).get("appointmentIds", ())]
    assert len(row.view["parties"]) == 2 and all(addon.id not in party for party in row.view["parties"])


async def test_a_service_corrected_after_the_clash_is_over_reopens_nothing(world, clock):
    # rev34b M1: the desk corrects the service at checkout; the clash is over, nothing is left to look at
    from datetime import timedelta

    card = await _acknowledged(world)
    booking = world.spa.appointments["ap_p02"]
    clock.current = max(booking.end_at, world.spa.appointments["ap_p01"].end_at) + timedelta(minutes=10)
    line = booking.services[0]
    was = world.spa.services[line.service_id]

    def length(s):
        return s.duration_minutes + (s.processing_minutes or 0) + (s.finishing_minutes or 0)

    other = next(s for s in world.spa.services.values()
                 if s.id != was.id and length(s) == length(was) and s.staff_count == 1 and not s.required_certification
                 and s.required_skill == was.required_skill)
    world.spa.put_appointment(booking.model_copy(update={
        "services": [line.model_copy(update={"service_id": other.id, "service_name": other.name})],
        "version": booking.version + 1, "updated_at": clock()}))
    await poll_calendar(world.copilot)
    assert world.slack.thread(card.channel, card.ts) == []
    assert ids.ACK_CONFLICT not in _blocks(world, card)


async def test_a_fix_naming_another_colleague_reopens_the_card_without_a_ping(settings, tmp_path):
    # rev34b M1: only the suggested fix changed (Olive marked inactive): the card is redrawn and open again, as
    # before, but nobody is told the clash changed
    from datetime import UTC

    from spa_copilot.alerts import REOPENED_TEXT
    from spa_copilot.slack.listeners import alert_actions
    from tests.conftest import FakeClock
    from tests.test_s28_cross_site_alerts import NICO_TWICE, TUESDAY, live_cards, local, shown, spa_world

    clock = FakeClock(local(TUESDAY, 9, 0).astimezone(UTC))
    async with spa_world(settings, tmp_path, clock, NICO_TWICE) as world:
        alert_actions.register(world.bolt, world.copilot)
        await poll_calendar(world.copilot)
        [card] = live_cards(world)
        assert "to Olive, who is free" in shown(card)
        await world.sender.click(card, ids.ACK_CONFLICT, user_id=world.slack_id("st_nico"))
        await world.slack.wait_for(lambda s: bool(s.message(card.channel, card.ts).edited), timeout=10)
        clock.advance(minutes=3)
        world.spa.staff["st_olive"] = world.spa.staff["st_olive"].model_copy(update={"active": False})
        await world.copilot.catalog(refresh=True)
        await poll_calendar(world.copilot)
        assert "to Olive, who is free" not in shown(world.slack.message(card.channel, card.ts))
        assert REOPENED_TEXT.split("}", 1)[1] not in json.dumps([m.text for m in world.slack.thread(card.channel, card.ts)])
        assert world.slack.thread(card.channel, card.ts) == []


async def test_the_same_booking_entered_again_keeps_the_card_acknowledged_and_quiet(world, clock):
    # rev34i M2: cancelled and entered again as it was (same guest, service, therapist, time; a new id)
    card = await _acknowledged(world)
    await _booked_anew(world, clock, "ap_rebooked")
    drawn = _blocks(world, card)
    assert "ap_rebooked" in drawn and "Resolved" not in drawn
    assert world.slack.thread(card.channel, card.ts) == []
    assert ids.ACK_CONFLICT not in drawn  # still acknowledged


async def test_a_fix_alone_keeps_the_card_acknowledged_so_a_later_change_is_told(world, clock):
    # rev34i M1: an add-on (the fix names another colleague now) reopened the card silently and forgot who had
    # acknowledged it; the move after told nobody
    from spa_copilot.alerts import REOPENED_TEXT
    from tests.test_alerts import shifted

    card = await _acknowledged(world)
    booking, addon = await _add_on_during_the_clash(world, clock)
    assert ids.ACK_CONFLICT not in _blocks(world, card)  # still acknowledged
    clock.advance(minutes=1)
    world.spa.put_appointment(shifted(world.spa.appointments["ap_p02"], -20, at=clock()))
    await poll_calendar(world.copilot)
    therapist = world.slack_id("st_ana_reyes")
    assert [m.text for m in world.slack.thread(card.channel, card.ts)] == [REOPENED_TEXT.format(user=therapist)]
