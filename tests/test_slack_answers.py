"""What ``/spa waitlist`` and ``/spa status`` answer: safe removals, fixed sentences for refusals, zoned times."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from spa_copilot.domain import AppointmentStatus, StaffRole, WaitlistStatus, said_clock, wall_clock
from spa_copilot.platform.errors import PlatformRejected, PlatformUnavailable
from spa_copilot.risk.bands import RiskScore
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack import texts
from spa_copilot.slack.blocks import escape
from spa_copilot.slack.home import home_view_for
from spa_copilot.slack.listeners.commands import answer_command
from tests.conftest import NOW


async def answer(world: SandboxWorld, text: str, *, user: str = FRONT_DESK_USER) -> str:
    kwargs = (await answer_command(world.copilot, text=text, user_id=user)).to_kwargs()
    return kwargs["text"] + "\n" + json.dumps(kwargs["blocks"], ensure_ascii=False)


def set_status(world: SandboxWorld, entry_id: str, status: WaitlistStatus) -> None:
    world.spa.waitlist[entry_id] = world.spa.waitlist[entry_id].model_copy(update={"status": status})


async def test_removing_an_entry_again_later_removes_it_again(world: SandboxWorld) -> None:
    entry = next(w for w in world.spa.waitlist.values() if w.status == WaitlistStatus.waiting)
    assert "Removed" in await answer(world, f"waitlist remove {entry.id}")
    assert world.spa.waitlist[entry.id].status == WaitlistStatus.cancelled
    set_status(world, entry.id, WaitlistStatus.waiting)  # the client asked to be put back, in Mangomint
    assert "Removed" in await answer(world, f"waitlist remove {entry.id}")
    assert world.spa.waitlist[entry.id].status == WaitlistStatus.cancelled, "the second removal was a replay"


async def test_adding_the_same_entry_after_removing_it_adds_it_again(world: SandboxWorld) -> None:
    client, service = world.data.clients[3], world.data.services[0]
    add = f"waitlist add {client.id} {service.id} fri 14:00-18:00 {world.data.locations[0].name}"

    def entries() -> list[str]:
        return [e.id for e in world.spa.waitlist.values() if e.client_id == client.id and e.service_ids == [service.id]
                and e.status == WaitlistStatus.waiting]

    assert "Added" in await answer(world, add)
    first = entries()
    assert len(first) == 1
    assert "Removed" in await answer(world, f"waitlist remove {first[0]}")
    assert "Added" in await answer(world, add)
    assert len(entries()) == 1 and entries() != first, "the second add was a replay of the first"


async def test_a_service_may_be_named_as_the_front_desk_sees_it(world: SandboxWorld) -> None:
    client, place = world.data.clients[3], world.data.locations[0].name
    swedish_60 = next(s for s in world.data.services if s.name == "Swedish Massage 60")
    assert "Added" in await answer(world, f'waitlist add {client.id} "swedish massage 60" fri 14:00-18:00 {place}')
    assert any(e.client_id == client.id and e.service_ids == [swedish_60.id] for e in world.spa.waitlist.values())
    several = await answer(world, f"waitlist add {client.id} swedish fri 14:00-18:00 {place}")
    assert "swedish could be Swedish Massage 60 or Swedish Massage 90" in several and "Added" not in several
    assert "banana is not a service id or name" in await answer(world, f"waitlist add {client.id} banana fri 14:00-18:00")


async def test_a_booked_entry_is_not_removed(world: SandboxWorld) -> None:
    entry = next(w for w in world.spa.waitlist.values() if w.status == WaitlistStatus.waiting)
    set_status(world, entry.id, WaitlistStatus.booked)
    reply = await answer(world, f"waitlist remove {entry.id}")
    assert escape(texts.WAITLIST_REMOVE_BOOKED_TEXT.format(entry_id=entry.id)) in reply and "Removed" not in reply
    assert world.spa.waitlist[entry.id].status == WaitlistStatus.booked


async def test_an_entry_already_off_the_list_says_so(world: SandboxWorld) -> None:
    entry = next(w for w in world.spa.waitlist.values() if w.status == WaitlistStatus.waiting)
    set_status(world, entry.id, WaitlistStatus.expired)
    assert "already off the waitlist (expired)" in await answer(world, f"waitlist remove {entry.id}")


async def test_a_refused_waitlist_entry_gets_a_fixed_sentence_not_the_http_error(world: SandboxWorld) -> None:
    async def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PlatformRejected("HTTP 422 POST /v1/waitlist: {\"error\": \"serviceIds[0] <internal>\"}", status=422)

    world.copilot.platform.create_waitlist_entry = refuse  # type: ignore[method-assign]
    client, service = world.data.clients[3], world.data.services[0]
    reply = await answer(world, f"waitlist add {client.id} {service.id} fri 14:00-18:00 {world.data.locations[0].name}")
    assert escape(texts.WAITLIST_ADD_REFUSED_TEXT) in reply
    assert "422" not in reply and "internal" not in reply and "/v1" not in reply


async def test_status_times_are_in_the_first_locations_zone_and_labelled(world: SandboxWorld) -> None:
    location = world.data.locations[0]
    assert location.time_zone == "America/New_York"
    world.copilot.store.update_sync_state(
        location.id, last_poll_at=NOW.isoformat(), failing_since=(NOW - timedelta(minutes=30)).isoformat(),
        last_error="PlatformUnavailable",
    )
    reply = await answer(world, "status")
    assert "last poll 9:00am EST" in reply  # 14:00 UTC
    assert "failing since 8:30am EST (the spa system is not answering)" in reply


@pytest.mark.parametrize(
    "last_error, says",
    [
        ("PlatformUnavailable", "the spa system is not answering"),
        ("PlatformRejected", "the spa system refused the request"),
        ("PlatformAuthError", "the spa system refused the copilot's key"),
        ("PlatformProtocolError", "the spa system sent an answer the copilot could not read"),
        ("KeyError", "an error in the copilot; its log has the details"),
        (None, "the reason was not recorded"),
    ],
)
async def test_a_failing_sync_is_explained_in_words_not_an_exception_name(
    world: SandboxWorld, last_error: str | None, says: str
) -> None:
    location = world.data.locations[0]
    world.copilot.store.update_sync_state(location.id, failing_since=NOW.isoformat(), last_error=last_error)
    for reply in (await answer(world, "status"), json.dumps((await home_view_for(world.copilot, FRONT_DESK_USER)).to_dict())):
        assert escape(f"failing since 9:00am EST ({says}).") in reply, reply
        assert not last_error or last_error not in reply


async def test_only_managers_see_where_the_spa_system_is(world: SandboxWorld) -> None:
    url = "https://gateway.juniper.example/v1"
    world.copilot.settings = world.copilot.settings.model_copy(update={"mangomint_api_url": url})
    desk = await answer(world, "status")
    assert url not in desk and "Mangomint" in desk
    assert url in await answer(world, "status", user=world.manager_id)


# ---------------------------------------------------------------------------------------------------
# Text as real Slack sends it, days in the right zone, dates that are no dates


async def test_a_client_looked_up_by_an_email_or_phone_slack_sent_as_a_link(world: SandboxWorld) -> None:
    client = next(c for c in world.data.clients if c.email and c.mobile_phone and c.first_name.isalpha())
    by_email = await answer(world, f"client <mailto:{client.email}|{client.email}>")
    by_phone = await answer(world, f"client <tel:{client.mobile_phone}|{client.mobile_phone}>")
    for reply in (by_email, by_phone):
        assert escape(client.display_name) in reply and "Consent" in reply and "No client matches" not in reply


async def test_today_and_tomorrow_are_those_of_the_location_asked_about(world: SandboxWorld, clock: Any) -> None:
    west = world.data.locations[1]
    assert west.time_zone == "America/Los_Angeles" and world.data.locations[0].time_zone == "America/New_York"
    clock.current = datetime(2026, 11, 25, 5, 30, tzinfo=UTC)  # Wed 00:30 in New York, Tue 21:30 in Los Angeles
    assert "Tue 24 Nov" in await answer(world, f'today "{west.name}"')
    assert "Tue 24 Nov" in await answer(world, f'today "{west.name}" today')
    assert "Wed 25 Nov" in await answer(world, f'today "{west.name}" tomorrow')


@pytest.mark.parametrize(
    "text", ["today 9999-12-31", "today 0001-01-01", "conflicts 9999-12-31", "risk 9999-12-31", "brief {th} 9999-12-31"]
)
async def test_a_far_away_date_gets_the_help_not_an_error_id(world: SandboxWorld, text: str) -> None:
    class NoRisk:
        def score(self, *args: Any, **kwargs: Any) -> dict:
            return {}

    world.copilot.risk = NoRisk()
    th = next(s for s in world.data.staff if s.role == StaffRole.therapist)
    reply = await answer(world, text.format(th=th.id))
    assert "too far away" in reply and "Something went wrong" not in reply, reply


@pytest.mark.parametrize("text", ["today 2026-02-30", "today last monday", "today 13/24", "brief {th} 2026-02-30",
                                  "brief {th} last monday", "conflicts 2026-02-30"])
async def test_a_date_typed_wrong_is_said_to_be_the_date(world: SandboxWorld, text: str) -> None:
    th = next(s for s in world.data.staff if s.role == StaffRole.therapist)
    reply = await answer(world, text.format(th=th.id))
    assert "is not a date" in reply, reply
    assert "not matched" not in reply and "not a therapist" not in reply and "didn't understand" not in reply, reply


@pytest.mark.parametrize(
    "text, problem",
    [
        ("brief <@U0NOBODY00> 2026-02-30", "2026-02-30 is not a date"),
        ("today <@U0NOBODY00> 2026-02-30", "2026-02-30 is not a date"),
        ("waitlist add cl_nobody sv_nothing 2026-02-30 14:00-18:00", "2026-02-30 is not a date"),
        ("risk 2026-02-30", "2026-02-30 is not a date"),  # no risk model is loaded: that is said only after
    ],
)
async def test_a_bad_date_is_reported_before_what_the_other_words_name(world: SandboxWorld, text: str, problem: str) -> None:
    reply = await answer(world, text)
    assert problem in reply, reply
    assert "not matched" not in reply and "not a service id" not in reply and "none is installed" not in reply, reply


async def test_conflicts_next_week_says_conflicts_takes_one_day(world: SandboxWorld) -> None:
    reply = await answer(world, "conflicts next week")
    assert "conflicts takes one day, not next week (try today, tomorrow, fri, a month and day or YYYY-MM-DD)" in reply, reply
    assert "Conflicts on" in await answer(world, "conflicts fri")


@pytest.mark.parametrize("text", ["risk banana", "risk fri banana", "status banana", "audit 5 banana",
                                  "waitlist list banana"])
async def test_words_a_subcommand_does_not_take_get_the_help(world: SandboxWorld, text: str) -> None:
    assert world.copilot.risk is None
    reply = await answer(world, text, user=world.manager_id)
    assert "lists every command" in reply and "banana" in reply and "none is installed" not in reply, reply
    assert "Show this help." not in reply  # the refused command's own usage, not every command's
    assert "none is installed" in await answer(world, "risk fri")  # the accepted forms still answer
    assert "Waitlist" in await answer(world, "waitlist list")


async def test_brief_for_front_desk_or_a_manager_says_they_are_not_a_therapist(world: SandboxWorld) -> None:
    for role in (StaffRole.front_desk, StaffRole.manager):
        member = next(s for s in world.data.staff if s.role == role)
        for target in (f"<@{world.slack_id(member.id)}>", member.id):
            reply = await answer(world, f"brief {target}")
            assert "not a therapist or esthetician" in reply and "(preview)" not in reply, reply
    esthetician = next(s for s in world.data.staff if s.role == StaffRole.esthetician)
    assert f"{escape(esthetician.display_name)}'s day" in await answer(world, f"brief {esthetician.id}")


# ---------------------------------------------------------------------------------------------------
# waitlist add: opted-out clients, the same request twice, closed hours, windows that have passed


async def test_the_client_card_gives_preferences_and_cautions_in_words_each_once_as_the_briefing_does(
    world: SandboxWorld,
) -> None:
    client = world.data.clients[5]
    world.spa.clients[client.id] = client.model_copy(update={
        "notes": "Focus on lower back, firm pressure. ALLERGIC TO NUT OILS, fragrance sensitive.",
        "custom_fields": {"focusAreas": ["lowerBack"]},
        "health_history": client.health_history.model_copy(
            update={"allergies": ["nuts", "fragrance"], "conditions": ["hypertension"]}
        ),
    })
    reply = await answer(world, f"client {client.id}")
    assert "Focus: lower back" in reply and "lowerBack" not in reply, reply
    assert "nut oil allergy: nut-free oils only" in reply and "nutOil" not in reply, reply
    assert "hypertension: limit heat" in reply and "Allergies and conditions" in reply, reply
    bullets = [line.split('"')[0] for line in reply.split("\\n") if line.startswith("• ")]
    assert len(bullets) >= 5 and len(bullets) == len(set(bullets)), bullets
    assert "• nuts" not in bullets and "• fragrance" not in bullets, "the intake's words once, with how to handle them"


def waiting_for(world: SandboxWorld, client_id: str, service_id: str) -> list[str]:
    return [e.id for e in world.spa.waitlist.values() if e.client_id == client_id and e.service_ids == [service_id]
            and e.status == WaitlistStatus.waiting]


async def test_an_opted_out_client_is_added_with_a_plain_note(world: SandboxWorld) -> None:
    client = next(c for c in world.data.clients if c.messaging_preferences.transactional_text == "optedOut")
    service = world.data.services[0]
    reply = await answer(world, f"waitlist add {client.id} {service.id} fri 14:00-18:00 {world.data.locations[0].name}")
    assert "Added" in reply and "opted out of text messages" in reply and "cannot offer" in reply
    assert len(waiting_for(world, client.id, service.id)) == 1
    other = next(c for c in world.data.clients if c.messaging_preferences.transactional_text != "optedOut")
    assert "opted out" not in await answer(world, f"waitlist add {other.id} {service.id} fri 14:00-18:00")


async def test_a_client_who_replied_stop_is_shown_so_on_the_card_and_noted_on_a_waitlist_add(world: SandboxWorld) -> None:
    client = next(c for c in world.data.clients if c.messaging_preferences.transactional_text == "optedIn")
    assert "SMS: yes" in await answer(world, f"client {client.id}")
    # Tue 24 Nov 23:30 in New York (the first location's zone), already Wed 25 Nov in UTC
    world.copilot.store.record_text_opt_out(client.id, at=datetime(2026, 11, 25, 4, 30, tzinfo=UTC))
    card = await answer(world, f"client {client.id}")
    assert "SMS: replied STOP on Tue 24 Nov" in card and "SMS: yes" not in card, card
    service = world.data.services[0]
    reply = await answer(world, f"waitlist add {client.id} {service.id} fri 14:00-18:00 {world.data.locations[0].name}")
    assert "Added" in reply and "replied STOP" in reply and "cannot offer" in reply, reply
    assert len(waiting_for(world, client.id, service.id)) == 1
    world.copilot.store.clear_text_opt_out(client.id)  # they texted START
    assert "SMS: yes" in await answer(world, f"client {client.id}")


async def test_the_same_waitlist_add_twice_adds_one_entry(world: SandboxWorld) -> None:
    client, service = world.data.clients[3], world.data.services[0]
    add = f"waitlist add {client.id} {service.id} fri 14:00-18:00 {world.data.locations[0].name}"
    assert "Added" in await answer(world, add)
    [entry_id] = waiting_for(world, client.id, service.id)
    again = await answer(world, add)
    assert "already on the waitlist" in again and entry_id in again and "Added" not in again
    assert waiting_for(world, client.id, service.id) == [entry_id]
    # another window, another day or another service is another request
    assert "Added" in await answer(world, f"waitlist add {client.id} {service.id} fri 10:00-12:00")
    assert "Added" in await answer(world, f"waitlist add {client.id} {service.id} sat 14:00-18:00")
    assert len(waiting_for(world, client.id, service.id)) == 3


@pytest.mark.parametrize(
    "window, says",
    [
        ("fri 03:00-04:00", "is open 9:00am–9:00pm on Fri 27 Nov"),
        ("fri 21:00-23:00", "outside its hours"),
        ("today 08:00-09:00", "has already passed"),  # it is 09:00 in New York
        ("yesterday 14:00-18:00", "has passed"),
    ],
)
async def test_waitlist_add_refuses_a_closed_or_past_window(world: SandboxWorld, window: str, says: str) -> None:
    client, service = world.data.clients[3], world.data.services[0]
    location = world.data.locations[0]
    assert location.opening_hours["fri"] == ["09:00", "21:00"]
    before = dict(world.spa.waitlist)
    reply = await answer(world, f"waitlist add {client.id} {service.id} {window} {location.name}")
    assert escape(says) in reply and "Added" not in reply, reply
    assert world.spa.waitlist == before


async def test_waitlist_add_refuses_a_day_the_location_is_closed(world: SandboxWorld) -> None:
    location = world.data.locations[0]
    hours = {day: times for day, times in location.opening_hours.items() if day != "fri"}
    closed = location.model_copy(update={"opening_hours": hours})
    catalog = await world.copilot.catalog()
    catalog.locations[0] = closed
    client, service = world.data.clients[3], world.data.services[0]
    reply = await answer(world, f"waitlist add {client.id} {service.id} fri 14:00-18:00 {location.name}")
    assert f"{escape(location.name)} is closed on Fri 27 Nov" in reply and "Added" not in reply


@pytest.mark.parametrize("window", ["2pm-6pm", "2pm–6pm", "2pm — 6pm", "14:00–18:00"])
async def test_waitlist_add_takes_a_window_with_a_dash_or_am_pm(world: SandboxWorld, window: str) -> None:
    client, service = world.data.clients[3], world.data.services[0]
    location = world.data.locations[0]
    reply = await answer(world, f'waitlist add {client.id} {service.id} fri {window} "{location.name}"')
    assert "Added" in reply and "2:00pm–6:00pm" in reply and escape(location.name) in reply, reply
    [entry_id] = waiting_for(world, client.id, service.id)
    assert world.spa.waitlist[entry_id].time_windows[0].start == "14:00"


@pytest.mark.parametrize("window", ["2pm", "2pm-", "14-18", "2pm~6pm", "6pm–2pm"])
async def test_waitlist_add_refuses_a_malformed_window_with_the_help(world: SandboxWorld, window: str) -> None:
    client, service = world.data.clients[3], world.data.services[0]
    before = dict(world.spa.waitlist)
    reply = await answer(world, f"waitlist add {client.id} {service.id} fri {window}")
    assert "waitlist add" in reply and "lists every command" in reply and "Added" not in reply, reply
    assert "/spa today [" not in reply  # only the waitlist's usage follows the problem
    assert world.spa.waitlist == before


async def test_a_refusal_reads_as_a_sentence_and_unknown_words_are_quoted(world: SandboxWorld) -> None:
    reply = await answer(world, "risk bogus")
    assert "bogus is not a date (try today, tomorrow, fri, a month and day or YYYY-MM-DD). Did you mean `/spa risk tomorrow`?" in reply
    assert "didn't understand" not in reply, reply
    reply = await answer(world, "waitlist drop wl_0007")
    assert "I didn't understand `waitlist drop`. Did you mean `/spa waitlist list`?" in reply, reply


@pytest.mark.parametrize(
    "window, stored, says",
    [
        ("7pm–10pm", ("19:00", "21:00"), "7:00pm–9:00pm ({entry}): {location} closes at 9:00pm that day, so 7:00pm–10:00pm"),
        ("7am-10am", ("09:00", "10:00"), "9:00am–10:00am ({entry}): {location} opens at 9:00am that day, so 7:00am–10:00am"),
        ("8am-11pm", ("09:00", "21:00"), "9:00am–9:00pm ({entry}): {location} is open 9:00am–9:00pm that day, so 8:00am–11:00pm"),
    ],
)
async def test_a_window_running_past_the_opening_hours_is_cut_to_them_and_the_reply_says_so(
    world: SandboxWorld, window: str, stored: tuple[str, str], says: str
) -> None:
    client, service = world.data.clients[3], world.data.services[0]
    location = world.data.locations[0]
    assert location.opening_hours["fri"] == ["09:00", "21:00"]
    reply = await answer(world, f'waitlist add {client.id} {service.id} fri {window} "{location.name}"')
    [entry_id] = waiting_for(world, client.id, service.id)
    assert "Added" in reply and escape(says.format(entry=entry_id, location=location.name)) in reply, reply
    saved = world.spa.waitlist[entry_id].time_windows[0]
    assert (saved.start, saved.end) == stored
    # the same window asked for again, as typed or as stored, is the same request
    for again in (window, "-".join(stored)):
        reply = await answer(world, f'waitlist add {client.id} {service.id} fri {again} "{location.name}"')
        assert "already on the waitlist" in reply and "Added" not in reply, reply
    assert waiting_for(world, client.id, service.id) == [entry_id]


async def test_a_cut_window_whose_open_part_has_passed_today_is_refused(world: SandboxWorld, clock: Any) -> None:
    client, service = world.data.clients[3], world.data.services[0]
    location = world.data.locations[0]
    opens, closes = location.opening_hours["tue"]
    assert closes == "21:00"
    clock.current = datetime(2026, 11, 25, 2, 30, tzinfo=UTC)  # Tue 21:30 in New York: closed for the day
    before = dict(world.spa.waitlist)
    reply = await answer(world, f"waitlist add {client.id} {service.id} today 20:00-23:00 {location.name}")
    assert escape(f"open {said_clock(opens)}–9:00pm today, so the time left in that window (8:00pm–9:00pm) has already passed") in reply
    assert "Added" not in reply and world.spa.waitlist == before


def long_service(world: SandboxWorld) -> Any:
    """A service of more than an hour on the sandbox menu (its length counts processing and finishing)."""
    return next(s for s in world.data.services if s.length_minutes > 60 and s.staff_count == 1)


async def test_a_window_shorter_than_the_service_is_refused(world: SandboxWorld) -> None:
    client, service = world.data.clients[3], long_service(world)
    location = world.data.locations[0]
    before = dict(world.spa.waitlist)
    reply = await answer(world, f"waitlist add {client.id} {service.id} fri 14:00-15:00 {location.name}")
    assert escape(f"{service.name} takes {service.length_minutes} minutes, so 2:00pm–3:00pm is too short to offer it; "
                  "nothing was added") in reply, reply
    assert "Added" not in reply and world.spa.waitlist == before
    # a window exactly as long as the service can be filled
    end = (datetime(2026, 11, 27, 14, 0) + timedelta(minutes=service.length_minutes)).strftime("%H:%M")
    assert "Added" in await answer(world, f"waitlist add {client.id} {service.id} fri 14:00-{end} {location.name}")


async def test_a_window_cut_to_the_opening_hours_and_then_too_short_says_both(world: SandboxWorld) -> None:
    client, service = world.data.clients[3], long_service(world)
    location = world.data.locations[0]
    assert location.opening_hours["fri"][1] == "21:00"
    before = dict(world.spa.waitlist)
    reply = await answer(world, f"waitlist add {client.id} {service.id} fri 20:30-23:00 {location.name}")
    assert escape(f"{location.name} closes at 9:00pm that day, so 8:30pm–11:00pm was cut to its hours: {service.name} "
                  f"takes {service.length_minutes} minutes, so 8:30pm–9:00pm is too short") in reply, reply
    assert world.spa.waitlist == before


async def test_a_window_with_too_little_left_of_it_today_is_refused(world: SandboxWorld, clock: Any) -> None:
    client, service = world.data.clients[3], long_service(world)
    location = world.data.locations[0]
    clock.current = datetime(2026, 11, 25, 1, 15, tzinfo=UTC)  # Tue 20:15 in New York, open until 21:00
    before = dict(world.spa.waitlist)
    reply = await answer(world, f"waitlist add {client.id} {service.id} today 19:00-21:00 {location.name}")
    assert escape(f"It is 8:15pm now and {service.name} takes {service.length_minutes} minutes, so what is left of "
                  "7:00pm–9:00pm today is too short") in reply, reply
    assert world.spa.waitlist == before


async def test_a_window_inside_one_the_client_already_waits_in_adds_nothing(world: SandboxWorld) -> None:
    client, service = world.data.clients[3], world.data.services[0]
    location = world.data.locations[0]
    assert "Added" in await answer(world, f"waitlist add {client.id} {service.id} fri 13:00-18:00 {location.name}")
    [entry_id] = waiting_for(world, client.id, service.id)
    reply = await answer(world, f"waitlist add {client.id} {service.id} fri 14:00-16:00 {location.name}")
    assert escape(f"already on the waitlist for {service.name} on Fri 27 Nov, 1:00pm–6:00pm ({entry_id}") in reply, reply
    assert waiting_for(world, client.id, service.id) == [entry_id]
    # a wider window than the one waited in is a new request
    assert "Added" in await answer(world, f"waitlist add {client.id} {service.id} fri 12:00-18:00 {location.name}")
    assert len(waiting_for(world, client.id, service.id)) == 2
    # an entry saved before windows were cut to the opening hours still holds the same request cut
    entry = world.spa.waitlist[entry_id]
    uncut = entry.time_windows[0].model_copy(update={"start": "08:00", "end": "23:00"})
    world.spa.waitlist[entry_id] = entry.model_copy(update={"time_windows": [uncut]})
    reply = await answer(world, f"waitlist add {client.id} {service.id} fri 8am-11pm {location.name}")
    assert escape(f"Fri 27 Nov, 8:00am–11:00pm ({entry_id}") in reply and "Added" not in reply, reply
    assert len(waiting_for(world, client.id, service.id)) == 2
    # an entry with no time windows waits any time that day, as the fill ranking reads it
    world.spa.waitlist[entry_id] = entry.model_copy(update={"time_windows": []})
    reply = await answer(world, f"waitlist add {client.id} {service.id} fri 19:00-20:30 {location.name}")
    assert escape(f"Fri 27 Nov, any time ({entry_id}") in reply and "Added" not in reply, reply


@pytest.mark.parametrize("close", ["00:00", "02:00"])
async def test_a_location_closing_at_midnight_takes_evening_windows(world: SandboxWorld, close: str) -> None:
    location = world.data.locations[0]
    catalog = await world.copilot.catalog()
    late = location.model_copy(update={"opening_hours": {**location.opening_hours, "fri": ["10:00", close]}})
    catalog.locations[0] = late
    client, service = world.data.clients[3], world.data.services[0]
    reply = await answer(world, f"waitlist add {client.id} {service.id} fri 20:00-23:30 {location.name}")
    assert "Added" in reply and "8:00pm–11:30pm" in reply and "cut" not in reply, reply
    reply = await answer(world, f"waitlist add {client.id} {service.id} fri 07:00-09:00 {location.name}")
    assert "is open 10:00am–midnight on Fri 27 Nov" in reply and "24:00" not in reply, reply


async def test_the_waitlist_names_each_client_by_first_name_and_last_initial_with_the_location_and_window(
    world: SandboxWorld,
) -> None:
    reply = await answer(world, "waitlist")
    clients = {c.id: c for c in world.data.clients}
    places = {loc.id: loc.name for loc in world.data.locations}
    waiting = [e for e in world.spa.waitlist.values() if e.status in (WaitlistStatus.waiting, WaitlistStatus.offered)]
    assert waiting and any(e.date_from != e.date_to for e in waiting)
    for entry in waiting:
        client = clients[entry.client_id]
        line = next(line for line in reply.split("\\n") if f"{entry.id} · " in line)
        assert escape(f"{entry.id} · {client.first_name} {client.last_name[:1]}. · ") in line, line
        assert escape(places[entry.location_id]) in line and entry.client_id not in line, line
        assert escape(client.display_name) not in reply  # never the full name, nor how to reach them
        assert all(escape(contact) not in reply for contact in (client.email, client.mobile_phone) if contact)
        window = entry.time_windows[0]
        assert f"{said_clock(window.start)}–{said_clock(window.end)}" in line, line
    # an entry of one day gives that day and its window
    client, service = world.data.clients[3], world.data.services[0]
    await answer(world, f"waitlist add {client.id} {service.id} fri 14:00-18:00 {world.data.locations[0].name}")
    assert escape(f"{client.first_name} {client.last_name[:1]}. · {service.name} · {places[world.data.locations[0].id]} "
                  f"· Fri 27 Nov 2:00pm–6:00pm · waiting") in await answer(world, "waitlist")


async def test_a_client_that_cannot_be_read_is_named_by_id_in_the_waitlist(world: SandboxWorld) -> None:
    waiting = [e for e in world.spa.waitlist.values() if e.status in (WaitlistStatus.waiting, WaitlistStatus.offered)]
    broken = waiting[0].client_id
    platform = world.copilot.platform
    real = platform.get_client

    async def failing(client_id: str) -> Any:
        if client_id == broken:
            raise PlatformUnavailable("down")
        return await real(client_id)

    platform.get_client = failing  # type: ignore[method-assign]
    reply = await answer(world, "waitlist")
    assert f"{waiting[0].id} · client {broken} · " in reply, reply
    assert all(f"{e.id} · " in reply for e in waiting)


async def test_audit_times_are_in_the_first_locations_zone_and_labelled(world: SandboxWorld) -> None:
    assert world.data.locations[0].time_zone == "America/New_York"
    world.copilot.store.db.execute(
        "INSERT INTO audit (at, actor, action, subject_id, engine, details) VALUES (?, ?, ?, ?, ?, ?)",
        ["2026-11-24T23:47:00+00:00", "U1", "offer.approved", "pr_1", None, "{}"],
    )
    world.copilot.store.db.execute(
        "INSERT INTO audit (at, actor, action, subject_id, engine, details) VALUES (?, ?, ?, ?, ?, ?)",
        ["2026-11-23T14:01:00+00:00", "U1", "offer.rejected", "pr_0", None, "{}"],
    )
    reply = await answer(world, "audit", user=world.manager_id)
    # today there (it is 9:00am EST) is a time alone, as /spa status shows its times; another day carries its day
    assert "by U1\\n6:47pm EST · offer.approved · pr_1 · by U1" in reply, reply  # a line of its own (JSON-escaped)
    assert "Tue 24 Nov" not in reply and "Mon 23 Nov 9:01am EST · offer.rejected · pr_0" in reply, reply
    assert "23:47" not in reply

    async def down() -> None:
        raise PlatformUnavailable("timeout")

    world.copilot.catalog = down  # type: ignore[method-assign]
    reply = await answer(world, "audit", user=world.manager_id)
    assert "6:47pm EST · offer.approved" in reply, reply  # the spa system down: its zone as last read
    world.copilot.known_locations = list  # type: ignore[method-assign]
    reply = await answer(world, "audit", user=world.manager_id)
    assert "11:47pm UTC · offer.approved" in reply and "Mon 23 Nov 2:01pm UTC" in reply, reply  # never read: UTC


# ---------------------------------------------------------------------------------------------------
# The front desk's ways of asking (a probe with real typing, 2 December 2026)


@pytest.mark.parametrize("typed", ['"{name}"', "“{name}”", "{name}?", "{name}."])
async def test_a_client_named_in_quotes_or_as_a_question_is_found(world: SandboxWorld, typed: str) -> None:
    client = world.data.clients[5]
    reply = await answer(world, "client " + typed.format(name=client.display_name))
    assert "No client matches" not in reply and escape(client.display_name) in reply, reply


async def test_more_clients_than_listed_are_said_to_be_more(world: SandboxWorld) -> None:
    template = world.data.clients[0]
    for index in range(12):
        twin = template.model_copy(update={"id": f"cl_kim_{index:02d}", "first_name": f"Kira{index:02d}", "last_name": "Kimura"})
        world.spa.clients[twin.id] = twin
    reply = await answer(world, "client Kimura")
    assert "More than 10 clients match “Kimura”. Type more of the name" in reply, reply
    reply = await answer(world, "client Kira03 Kimura")
    assert "clients match" not in reply and "Kira03 Kimura" in reply, reply


async def test_risk_lists_only_guests_still_to_come(world: SandboxWorld, clock: Any) -> None:
    class AllHigh:
        def score(self, appointments, history, services, locations, now, clients=None):  # noqa: ANN001, ANN201
            return {a.id: RiskScore(appointment_id=a.id, probability=0.5, band="high", reasons=["new client"]) for a in appointments}

    world.copilot.risk = AllHigh()
    soho = world.data.locations[0]

    def line_of(appointment: Any) -> str:  # how /spa risk starts a booking's line
        client = world.spa.clients[appointment.client_id]
        return escape(f"{wall_clock(appointment.start_at.astimezone(soho.tz))} {soho.name} · {client.short_name} ·")

    local_today = clock().astimezone(soho.tz).date()
    today = sorted((a for a in world.spa.appointments.values() if a.location_id == soho.id and a.is_active
                    and a.start_at.astimezone(soho.tz).date() == local_today), key=lambda a: a.start_at)
    started = next(a for a in today if a.start_at <= clock())
    arrived, done, awaited, express = [a for a in today if a.start_at > clock()][:4]
    world.spa.appointments[arrived.id] = arrived.model_copy(update={"status": AppointmentStatus.checked_in})
    world.spa.appointments[done.id] = done.model_copy(update={"status": AppointmentStatus.completed})
    # booked online, not yet completed by the guest (express booking): still to come, and may well not
    world.spa.appointments[express.id] = express.model_copy(update={"status": AppointmentStatus.pending_completion})
    reply = await answer(world, "risk today")
    assert line_of(awaited) in reply and line_of(express) in reply, reply
    for gone in (started, arrived, done):
        assert line_of(gone) not in reply, (gone.status, reply)


async def test_a_risk_answer_over_two_days_names_both(world: SandboxWorld, clock: Any) -> None:
    class NoRisk:
        def score(self, *args: Any, **kwargs: Any) -> dict:
            return {}

    world.copilot.risk = NoRisk()
    clock.current = datetime(2026, 11, 25, 5, 30, tzinfo=UTC)  # Tue 9:30pm in Venice, already Wed in New York
    reply = await answer(world, "risk")
    assert "High no-show risk on Wed 25 Nov – Thu 26 Nov" in reply, reply


async def test_a_room_two_locations_have_is_asked_about_or_named_with_its_location(world: SandboxWorld) -> None:
    rooms = [r for r in world.data.resources if r.name == "Massage Room 1"]
    assert {r.location_id for r in rooms} == {"loc_soho", "loc_venice"}
    asked = await answer(world, "today Massage Room 1")
    assert "Massage Room 1 is a room at 2 locations: say which" in asked, asked
    for typed in ("today Massage Room 1 Venice", "today Venice Massage Room 1", "today rs_venice_massage_1"):
        reply = await answer(world, typed)
        assert "Venice" in reply and "not a therapist, room or location" not in reply, (typed, reply)
    venice = await answer(world, "today Massage Room 1 Venice")
    soho = await answer(world, "today rs_soho_massage_1")
    assert venice != soho


async def test_the_same_add_sent_twice_at_once_is_added_once(world: SandboxWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    read = world.copilot.platform.list_waitlist

    async def slow_read(*args: Any, **kwargs: Any) -> Any:  # a spa system answering slowly: the second add arrives
        found = await read(*args, **kwargs)                 # while the first is between its check and its write
        await asyncio.sleep(0.05)
        return found

    monkeypatch.setattr(world.copilot.platform, "list_waitlist", slow_read)
    client, service = world.data.clients[3], world.data.services[0]
    add = f"waitlist add {client.id} {service.id} fri 14:00-18:00 {world.data.locations[0].name}"
    replies = await asyncio.gather(answer(world, add), answer(world, add))
    assert sum("Added" in reply for reply in replies) == 1, replies
    assert sum("already on the waitlist" in reply for reply in replies) == 1, replies
    assert len(waiting_for(world, client.id, service.id)) == 1


async def test_a_removal_says_whose_entry_it_was(world: SandboxWorld) -> None:
    entry = next(w for w in world.spa.waitlist.values() if w.status == WaitlistStatus.waiting)
    client = world.spa.clients[entry.client_id]
    reply = await answer(world, f"waitlist remove {entry.id}")
    assert escape(f"Removed {entry.id} ({client.first_name} {client.last_name[:1]}. · ") in reply, reply


async def test_a_long_waitlist_is_shown_whole(world: SandboxWorld) -> None:
    template = next(w for w in world.spa.waitlist.values() if w.status == WaitlistStatus.waiting)
    for index in range(60):
        world.spa.waitlist[f"wl_many_{index:02d}"] = template.model_copy(update={"id": f"wl_many_{index:02d}"})
    reply = await answer(world, "waitlist")
    assert all(f"wl_many_{index:02d}" in reply for index in range(60)), "every waiting client can be seen"
    assert "more" not in reply.split("\\n")[-1]
