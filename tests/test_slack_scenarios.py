"""Scenario tests: the real Bolt app, signed requests from the sender, the sandbox spa and the stand-in Slack."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from spa_copilot.domain import StaffRole
from spa_copilot.sandbox.slack_api import slack_user
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack import texts
from spa_copilot.slack.blocks import clock_range, escape
from spa_copilot.slack.home import home_view_for
from spa_copilot.slack.listeners.events import publish_home
from spa_copilot.slack.retry import retry_after_seconds

from .conftest import FlakySlack, count_book_reads, float_staff

ROOT = Path(__file__).resolve().parent.parent


async def ask(world: SandboxWorld, text: str, *, user: str = FRONT_DESK_USER) -> str:
    """Send ``/spa text`` and return the (ephemeral) answer's text and blocks as one searchable string."""
    before = len(world.slack.responses)
    response = await world.sender.slash_command(text, user_id=user)
    assert response.status_code == 200
    await world.slack.wait_for(lambda s: len(s.responses) > before, timeout=10)
    post = world.slack.responses[before]
    assert post.response_type == "ephemeral"
    return post.text + "\n" + json.dumps(post.blocks, ensure_ascii=False)


def therapist(world: SandboxWorld):
    return next(s for s in world.data.staff if s.role == StaffRole.therapist and s.location_id == world.data.locations[0].id)


async def test_help_lists_every_subcommand_and_managers_see_audit(world: SandboxWorld) -> None:
    answer = await ask(world, "help")
    for name in ("today", "client", "conflicts", "waitlist", "fill", "brief", "status"):
        assert f"/spa {name}" in answer
    assert "/spa audit" not in answer
    assert "/spa audit" in await ask(world, "help", user=world.manager_id)


async def test_empty_text_is_help(world: SandboxWorld) -> None:
    assert "/spa today" in await ask(world, "")


async def test_unknown_subcommand_gets_help_with_a_suggestion(world: SandboxWorld) -> None:
    answer = await ask(world, "todya")
    assert "Did you mean" in answer and "/spa today" in answer
    assert "Traceback" not in answer


async def test_malformed_arguments_get_help_not_a_trace(world: SandboxWorld) -> None:
    answer = await ask(world, "today 2026-13-45")
    assert "2026-13-45 is not a date" in answer and "/spa today [@therapist|room|location] [date]" in answer
    assert "lists every command" in answer and "Show this help." not in answer and "Traceback" not in answer
    answer = await ask(world, "client")
    assert "client needs a name" in answer


async def test_today_shows_the_book_by_therapist(world: SandboxWorld) -> None:
    answer = await ask(world, "today")
    location = world.data.locations[0]
    assert escape(location.name) in answer
    booked = [a for a in world.data.appointments if a.location_id == location.id and a.is_active
              and a.start_at.astimezone(location.tz).date().isoformat() == "2026-11-24"]
    assert booked, "the sandbox books today"
    staff_names = {s.display_name for s in world.data.staff for a in booked if s.id in a.staff_ids}
    assert any(escape(name) in answer for name in staff_names)
    assert "appointments" in answer


async def test_today_for_a_mentioned_therapist(world: SandboxWorld) -> None:
    member = therapist(world)
    user_name = next(u for u in world.slack.users.values() if u["id"] == world.slack_id(member.id))["name"]
    answer = await ask(world, f"today @{user_name}")
    assert escape(member.display_name) in answer
    others = [s.display_name for s in world.data.staff if s.location_id == member.location_id and s.id != member.id
              and s.role == StaffRole.therapist]
    assert not any(f"*{name}*" in answer for name in others)


async def test_today_for_another_location_by_name(world: SandboxWorld) -> None:
    other = world.data.locations[1]
    answer = await ask(world, f'today "{other.name}" tomorrow')
    assert escape(other.name) in answer and "Wed 25 Nov" in answer


async def test_a_therapist_booked_at_another_location_is_in_both_books_and_in_their_day(world: SandboxWorld) -> None:
    soho = world.data.locations[0]
    ana = world.spa.staff["st_ana_reyes"]
    assert ana.location_id == soho.id
    at_soho = min(
        (a for a in world.spa.appointments.values() if a.is_active and a.location_id == soho.id
         and ana.id in a.staff_ids and a.start_at.astimezone(soho.tz).date().isoformat() == "2026-11-24"),
        key=lambda a: a.start_at,
    )
    away = float_staff(world, ana.id, "loc_venice", at_soho.start_at + timedelta(hours=6), "ap_float")
    venice_time = clock_range(away.start_at, away.end_at, "America/Los_Angeles")
    # Venice's book: Ana has her own row, marked as visiting, and the booking is not unassigned
    venice = await ask(world, 'today "Juniper & Salt Venice"')
    assert escape("*Ana Reyes*  ·  visiting from Juniper & Salt SoHo, no shift here") in venice
    assert f"*{venice_time}*" in venice and "Unassigned" not in venice
    # her day: her SoHo bookings, and the one at Venice in Venice's time, labelled
    user_name = next(u for u in world.slack.users.values() if u["id"] == world.slack_id(ana.id))["name"]
    her_day = await ask(world, f"today @{user_name}")
    assert escape("_Also booked at Juniper & Salt Venice:_") in her_day and f"*{venice_time} PST*" in her_day
    assert clock_range(at_soho.start_at, at_soho.end_at, soho.time_zone) in her_day
    # the App Home's today (her own location's) says it too
    home = json.dumps((await home_view_for(world.copilot, world.slack_id(ana.id))).to_dict(), ensure_ascii=False)
    assert escape("also booked at Juniper & Salt Venice") in home


async def test_today_reads_another_locations_book_only_when_the_snapshot_says_it_is_needed(world: SandboxWorld) -> None:
    from spa_copilot.scheduler import poll_calendar

    soho, venice = world.data.locations[0], world.data.locations[1]
    read = count_book_reads(world)
    await ask(world, "today")
    assert sorted(read) == [soho.id, venice.id], "no snapshot yet: every location is read"
    await poll_calendar(world.copilot)  # the snapshot holds today and tomorrow at every location
    read.clear()
    await ask(world, "today")
    await home_view_for(world.copilot, FRONT_DESK_USER)
    assert read == [soho.id, soho.id], "nobody floats: SoHo's own book only"
    read.clear()
    await ask(world, f'today "{soho.name}" 2026-12-20')
    assert sorted(read) == [soho.id, venice.id], "a day the snapshot does not hold: every location is read"
    # Ana (SoHo's) booked at Venice: the snapshot does not know yet, Venice's own book says so
    at_soho = min(
        (a for a in world.spa.appointments.values() if a.is_active and a.location_id == soho.id
         and "st_ana_reyes" in a.staff_ids and a.start_at.astimezone(soho.tz).date().isoformat() == "2026-11-24"),
        key=lambda a: a.start_at,
    )
    float_staff(world, "st_ana_reyes", venice.id, at_soho.start_at + timedelta(hours=6), "ap_float")
    read.clear()
    answer = await ask(world, f'today "{venice.name}"')
    assert read == [venice.id, soho.id], "a visitor's own location is read once their visit is seen"
    assert escape("*Ana Reyes*  ·  visiting from Juniper & Salt SoHo") in answer
    await poll_calendar(world.copilot, full=True)  # now the snapshot has her at Venice
    read.clear()
    answer = await ask(world, "today")
    assert sorted(read) == [soho.id, venice.id] and escape("_Also booked at Juniper & Salt Venice:_") in answer


async def test_today_leaves_out_another_location_whose_clients_cannot_be_read(world: SandboxWorld) -> None:
    from spa_copilot.platform.errors import PlatformUnavailable

    soho, venice = world.data.locations[0], world.data.locations[1]
    at_soho = min(
        (a for a in world.spa.appointments.values() if a.is_active and a.location_id == soho.id
         and "st_ana_reyes" in a.staff_ids and a.start_at.astimezone(soho.tz).date().isoformat() == "2026-11-24"),
        key=lambda a: a.start_at,
    )
    away = float_staff(world, "st_ana_reyes", venice.id, at_soho.start_at + timedelta(hours=6), "ap_float")
    platform = world.copilot.platform
    real = platform.get_client

    async def failing(client_id: str) -> Any:
        if client_id == away.client_id:
            raise PlatformUnavailable("down")
        return await real(client_id)

    platform.get_client = failing  # type: ignore[method-assign]
    answer = await ask(world, "today")
    assert escape(f"could not read the book of {venice.name} just now") in answer, answer
    assert escape("_Also booked at Juniper & Salt Venice:_") not in answer


async def test_client_card_by_id_and_by_name(world: SandboxWorld) -> None:
    client = next(c for c in world.data.clients if c.last_visit_date and c.first_name.isalpha())
    by_id = await ask(world, f"client {client.id}")
    assert escape(client.display_name) in by_id and "Consent" in by_id
    by_name = await ask(world, f"client {client.display_name}")
    assert client.id in by_name


async def test_ambiguous_client_name_lists_the_matches(world: SandboxWorld) -> None:
    first_names: dict[str, int] = {}
    for c in world.data.clients:
        first_names[c.first_name] = first_names.get(c.first_name, 0) + 1
    common = max(first_names, key=first_names.get)
    assert first_names[common] > 1
    answer = await ask(world, f"client {common}")
    assert "Which one?" in answer


async def test_hostile_client_name_is_escaped(world: SandboxWorld) -> None:
    hostile = next(c for c in world.data.clients if "<" in c.first_name or "<" in c.last_name)
    answer = await ask(world, f"client {hostile.id}")
    assert "<!channel>" not in answer and "&lt;!channel&gt;" in answer


async def test_waitlist_list_add_remove(world: SandboxWorld) -> None:
    listing = await ask(world, "waitlist")
    waiting = [w for w in world.data.waitlist if w.status == "waiting"]
    assert waiting[0].id in listing
    client = world.data.clients[3]
    service = world.data.services[0]
    added = await ask(world, f"waitlist add {client.id} {service.id} fri 14:00-18:00")
    assert "Added" in added
    new_entries = [w for w in world.spa.waitlist.values() if w.client_id == client.id and w.service_ids == [service.id]]
    assert len(new_entries) == 1
    removed = await ask(world, f"waitlist remove {new_entries[0].id}")
    assert "Removed" in removed
    assert world.spa.waitlist[new_entries[0].id].status == "cancelled"
    assert "There is no waitlist entry" in await ask(world, "waitlist remove wl_nope")


async def test_audit_is_for_managers_only(world: SandboxWorld) -> None:
    world.copilot.store.audit(actor="U1", action="offer.approved", subject_id="pr_1", details={})
    refused = await ask(world, "audit")
    assert "for managers" in refused and "offer.approved" not in refused
    allowed = await ask(world, "audit 5", user=world.manager_id)
    assert "offer.approved" in allowed


async def test_status_reports_mode_and_model(world: SandboxWorld) -> None:
    answer = await ask(world, "status")
    assert "approve" in answer and "offline engine" in answer and "sandbox spa" in answer


async def test_platform_outage_gets_a_short_answer(world: SandboxWorld) -> None:
    world.copilot.catalog_ttl_seconds = 0
    world.spa.faults.fail_next(50, status=503)
    answer = await ask(world, "today")
    assert "not answering" in answer and "Traceback" not in answer


async def test_a_first_name_two_therapists_share_is_asked_about_not_called_unknown(world: SandboxWorld) -> None:
    ana = world.spa.staff["st_ana_reyes"]
    world.spa.staff["st_ana_li"] = ana.model_copy(update={"id": "st_ana_li", "last_name": "Li", "email": None})
    await world.copilot.catalog(refresh=True)
    for command in ("today ana", "brief Ana"):
        answer = await ask(world, command)
        assert "could be Ana Li or Ana Reyes" in answer, command
        assert "not a therapist" not in answer, command
    assert "Ana Reyes" in await ask(world, "today Ana Reyes")


async def test_a_location_is_named_by_a_word_only_its_name_has(world: SandboxWorld) -> None:
    venice = next(loc for loc in world.data.locations if loc.name.endswith("Venice"))
    answer = await ask(world, "today venice")
    assert escape(venice.name) in answer and "not a therapist" not in answer
    assert "Atlantis is not a therapist, room or location I know" in await ask(world, "today Atlantis")


async def test_with_an_allow_list_everyone_else_is_told_the_commands_are_kept_to_the_front_desk(world: SandboxWorld) -> None:
    """A therapist is not told the copilot is "only for the spa's team": /spa is kept to the front desk there."""
    world.copilot.roles._front_desk = frozenset({FRONT_DESK_USER})
    therapist = world.slack_id(next(s.id for s in world.data.staff if s.role.value == "therapist"))
    for user in ("U0STRANGER", therapist):
        answer = await ask(world, "today", user=user)
        assert answer.startswith(escape(texts.FRONT_DESK_ONLY_TEXT)) and "only for the spa's team" not in answer, user
    assert "/spa today" in await ask(world, "help", user=FRONT_DESK_USER)
    assert "/spa today" in await ask(world, "help", user=world.manager_id)


async def test_without_an_allow_list_only_full_members_of_the_workspace_get_answers(world: SandboxWorld) -> None:
    team = world.slack.team_id
    outsiders = {
        "U0GUEST001": slack_user("U0GUEST001", name="guest", is_restricted=True, team_id=team),
        "U0GUEST002": slack_user("U0GUEST002", name="single.guest", is_ultra_restricted=True, team_id=team),
        "U0PARTNER1": slack_user("U0PARTNER1", name="partner", team_id="T0OTHERORG"),  # a shared channel
        "U0LEFTSPA1": slack_user("U0LEFTSPA1", name="former", deleted=True, team_id=team),
    }
    world.slack.users.update(outsiders)
    assert not world.copilot.roles._front_desk
    for user in [*outsiders, "U0UNKNOWN1"]:
        answer = await ask(world, "client Ava", user=user)
        assert "only for the spa's team" in answer, user
    assert "only for the spa's team" not in await ask(world, "help", user=FRONT_DESK_USER)
    home = await home_view_for(world.copilot, "U0GUEST001")
    assert "ask a manager to add you" in json.dumps(home.to_dict())


async def test_on_enterprise_grid_a_member_whose_home_is_a_sister_workspace_gets_answers(world: SandboxWorld) -> None:
    team = world.slack.team_id
    grid = {"enterprise_id": "E0SPAGROUP", "enterprise_name": "Spa Group", "is_admin": False, "is_owner": False}
    mate = slack_user("U0GRIDMATE", name="grid.mate", team_id="T0SISTER01")
    mate["enterprise_user"] = {**grid, "id": "W0GRIDMATE", "teams": ["T0SISTER01", team]}
    sister = slack_user("U0SISTER01", name="sister.only", team_id="T0SISTER01")
    sister["enterprise_user"] = {**grid, "id": "W0SISTER01", "teams": ["T0SISTER01"]}
    world.slack.users.update({"U0GRIDMATE": mate, "U0SISTER01": sister})
    assert "only for the spa's team" not in await ask(world, "help", user="U0GRIDMATE")
    assert "only for the spa's team" in await ask(world, "help", user="U0SISTER01")


async def test_a_colleague_slack_cannot_vouch_for_just_now_is_asked_to_try_again(world: SandboxWorld) -> None:
    import aiohttp

    roles = world.copilot.roles
    real = roles._client
    unreachable = FlakySlack(real)
    unreachable.fail("users_info", aiohttp.ClientConnectionError("reset by peer"))
    roles._client = unreachable  # type: ignore[assignment]
    answer = await ask(world, "today", user=FRONT_DESK_USER)
    assert escape(texts.WHO_UNKNOWN_TEXT) in answer and "only for the spa's team" not in answer, answer
    published = len(world.slack.calls_to("views.publish"))
    await publish_home(world.copilot, FRONT_DESK_USER)  # their Home stays as it was, not the outsiders' page
    assert len(world.slack.calls_to("views.publish")) == published
    roles._client = real
    assert "only for the spa's team" not in await ask(world, "today", user=FRONT_DESK_USER)


async def test_bad_signature_and_stale_timestamp_get_401_and_do_nothing(world: SandboxWorld) -> None:
    forged = await world.sender.slash_command("today", user_id=FRONT_DESK_USER, signing_secret="wrong")
    stale = await world.sender.slash_command("today", user_id=FRONT_DESK_USER, timestamp=int(time.time()) - 6 * 60)
    unsigned = await world.sender.send("command=%2Fspa&text=today", content_type="application/x-www-form-urlencoded", signed=False)
    assert (forged.status_code, stale.status_code, unsigned.status_code) == (401, 401, 401)
    assert world.slack.responses == []


async def test_a_command_signed_almost_five_minutes_ago_is_refused_at_once_not_acked_then_dropped(world: SandboxWorld) -> None:
    """Bolt checks a slash command's signature again when it runs it, after the ack; one whose 5 minutes would run
    out by then is refused (401) at once. One comfortably inside them is answered."""
    old = await world.sender.slash_command("status", user_id=FRONT_DESK_USER, timestamp=int(time.time()) - 299)
    assert old.status_code == 401
    fine = await world.sender.slash_command("status", user_id=FRONT_DESK_USER, timestamp=int(time.time()) - 290)
    assert fine.status_code == 200
    await world.slack.wait_for(lambda s: len(s.responses) == 1, timeout=10)


async def test_unsigned_junk_is_refused_before_anything_reads_or_logs_it(
    world: SandboxWorld, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    junk = await world.sender.send("{not json", content_type="application/json", signed=False)
    forged = await world.sender.slash_command("client Adeline Morris 555-0142", user_id=FRONT_DESK_USER, signing_secret="wrong")
    assert (junk.status_code, forged.status_code) == (401, 401)
    assert "Traceback" not in caplog.text and "Adeline" not in caplog.text and "555-0142" not in caplog.text


async def test_slacks_ssl_check_is_acknowledged_and_runs_nothing(world: SandboxWorld) -> None:
    ssl_check = await world.sender.send(
        "ssl_check=1&token=legacy-verification-token", content_type="application/x-www-form-urlencoded", signed=False
    )
    disguised = await world.sender.send(
        "ssl_check=1&command=%2Fspa&text=today", content_type="application/x-www-form-urlencoded", signed=False
    )
    assert (ssl_check.status_code, disguised.status_code) == (200, 401)
    assert world.slack.responses == [] and world.slack.calls == []


async def test_a_timestamp_that_is_not_a_number_is_refused_not_a_500(world: SandboxWorld) -> None:
    response = await world.sender.send(
        "{}", content_type="application/json", signed=False,
        headers={"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=00"},
    )
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("{not json", "application/json"),
        ("null", "application/json"),
        ("payload=%7Bbad", "application/x-www-form-urlencoded"),
        ("payload=", "application/x-www-form-urlencoded"),
    ],
)
async def test_a_signed_body_bolt_cannot_read_is_a_400_without_a_traceback_in_the_answer(
    world: SandboxWorld, body: str, content_type: str
) -> None:
    response = await world.sender.send(body, content_type=content_type)
    assert response.status_code == 400
    assert "Traceback" not in response.text
    assert world.slack.responses == []


async def test_app_home_is_published_once_per_event(world: SandboxWorld) -> None:
    user = world.manager_id
    first = await world.sender.app_home_opened(user, event_id="Ev0001")
    retry = await world.sender.app_home_opened(user, event_id="Ev0001", retry_num=1)
    assert first.status_code == 200 and retry.status_code == 200
    await world.slack.wait_for(lambda s: len(s.calls_to("views.publish")) >= 1, timeout=10)
    await world.sender.app_home_opened(user, event_id="Ev0002")
    await world.slack.wait_for(lambda s: len(s.calls_to("views.publish")) >= 2, timeout=10)
    publishes = world.slack.calls_to("views.publish")
    assert len(publishes) == 2
    view = json.dumps(publishes[0].params)
    assert "Pending approvals" in view and "Today at" in view



async def test_slack_429_is_retried_after_retry_after_without_blocking(world: SandboxWorld) -> None:
    world.slack.rate_limit_next(1, retry_after=1)
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.05)
            ticks += 1

    task = asyncio.create_task(ticker())
    started = time.perf_counter()
    await world.copilot.slack.chat_postMessage(channel=world.settings.spa_front_desk_channel, text="hello")
    elapsed = time.perf_counter() - started
    task.cancel()
    assert 1.0 <= elapsed < 3.0
    assert ticks >= 10  # the event loop kept running while we waited
    assert [m.text for m in world.slack.messages()] == ["hello"]


def test_retry_after_parsing() -> None:
    assert retry_after_seconds({"Retry-After": "30"}) == 30.0
    assert retry_after_seconds({"retry-after": ["12"]}) == 12.0
    assert retry_after_seconds({"Retry-After": "soon"}) is None
    assert retry_after_seconds({}) is None


async def test_risk_without_a_model_says_so(world: SandboxWorld) -> None:
    assert world.copilot.risk is None
    assert "none is installed" in await ask(world, "risk")


async def test_risk_lists_tomorrows_high_risk_bookings_with_reasons_and_an_action(world: SandboxWorld) -> None:
    from spa_copilot.risk.model import load_model

    world.copilot.risk = load_model(ROOT / "models")
    assert world.copilot.risk is not None, "the shipped model loads"
    answer = await ask(world, "risk")
    assert "High no-show risk on Wed 25 Nov" in answer
    tomorrow = [a for a in world.data.appointments if a.is_active and a.start_at.date().isoformat() == "2026-11-25"]
    scores = await world.copilot.risk_scores(tomorrow)
    high = [aid for aid, s in scores.items() if s.band == "high"]
    assert answer.count("→") == len(high)
    if high:
        assert "high (" in answer
    assert "someday is not a date" in await ask(world, "risk someday")


async def test_help_shows_todays_date_argument_and_a_far_date_or_a_date_typo_gets_it(world: SandboxWorld) -> None:
    assert "/spa today [@therapist|room|location] [date]" in await ask(world, "help")
    today_usage, brief_usage = "/spa today [@therapist|room|location] [date]", "/spa brief @therapist [date]"
    for text, problem, usage in (
        ("today 9999-12-31", "too far away", today_usage),
        ("today 2026-02-30", "2026-02-30 is not a date", today_usage),
        (f"brief {therapist(world).id} last monday", "last monday is not a date", brief_usage),
    ):
        answer = await ask(world, text)
        assert problem in answer and usage in answer and "lists every command" in answer, (text, answer)
        assert "error id" not in answer and "Traceback" not in answer


async def test_a_model_that_cannot_score_leaves_the_book_without_risk(
    world: SandboxWorld, caplog: pytest.LogCaptureFixture
) -> None:
    """A model that loaded but fails on this book (a column it never saw, a broken artefact) means no risk scores,
    never a failed /spa today or /spa risk."""

    class Broken:
        def score(self, *args: object, **kwargs: object) -> dict[str, object]:
            raise ValueError("columns are missing: {'booked_hour'}")

    world.copilot.risk = Broken()  # type: ignore[assignment]
    tomorrow = [a for a in world.data.appointments if a.is_active and a.start_at.date().isoformat() == "2026-11-25"]
    with caplog.at_level("WARNING"):
        assert await world.copilot.risk_scores(tomorrow) == {}
    assert "the model could not score (ValueError)" in caplog.text
    book = await ask(world, "today")
    assert "risk medium" not in book and "risk high" not in book and "Something went wrong" not in book
    assert book.count("No-show risk could not be scored just now") == 1  # said once: no mark reads as a low risk
