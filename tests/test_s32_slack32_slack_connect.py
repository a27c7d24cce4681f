"""Someone of another organisation, in a channel shared over Slack Connect, gets nothing of the spa's guests (5 December).

Slack flags a user of another workspace ``is_stranger`` only when they share no channel the app can see: one in a
shared channel comes back from ``users.info`` (and ``users.lookupByEmail``) as a full member of *their* workspace,
their ``team_id`` the only sign. The roles (``/spa``, the App Home, the buttons) decided by the team already; the staff
directory looked at the flags alone, so a therapist mapped in ``SPA_STAFF_SLACK_IDS`` to such a user, or whose email
was such a user's, had her guests' details DMed into another organisation's Slack, and that user got staff rights
through the match. The directory now asks the roles' question (``roles.why_not_a_colleague``: ``auth.test``'s team,
asked once, not a request's ``team_id``, which from a shared channel can be the sender's own), and so does ``spa-copilot
check`` of a mapping."""

from __future__ import annotations

import json

from spa_copilot.briefings import send_morning_briefings
from spa_copilot.preflight import run_checks
from spa_copilot.sandbox.slack_api import slack_connect_user
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack import texts
from spa_copilot.slack.blocks import escape
from spa_copilot.slack.directory import StaffDirectory
from tests.conftest import by_name
from tests.test_slack_scenarios import ask

THERAPIST = "st_ana_reyes"  # booked at SoHo on the scenario's day
PARTNER = "U0PARTNER9"  # a user of another organisation, in a channel shared with the spa's workspace


def _partner(world: SandboxWorld, *, email: str | None = None) -> None:
    world.slack.users[PARTNER] = slack_connect_user(PARTNER, name="pat.partner", real_name="Pat Partner", email=email)
    assert "is_stranger" not in world.slack.users[PARTNER] and world.slack.users[PARTNER]["team_id"] != world.slack.team_id


async def test_spa_and_the_app_home_refuse_someone_of_another_organisation_with_a_short_line(world: SandboxWorld) -> None:
    _partner(world)
    client = next(c for c in world.data.clients if c.first_name)
    answer = await ask(world, f"client {client.first_name} {client.last_name}", user=PARTNER)
    assert answer.startswith(escape(texts.NOT_STAFF_TEXT)), answer
    assert client.last_name not in answer and "Allerg" not in answer
    n = len(world.slack.calls_to("views.publish"))
    await world.sender.app_home_opened(PARTNER)
    await world.slack.wait_for(lambda s: len(s.calls_to("views.publish")) > n, timeout=20)
    home = json.dumps(world.slack.home_views[PARTNER]["blocks"])
    assert escape(texts.HOME_NOT_ALLOWED_TEXT) in home
    assert not any(s.first_name in home for s in world.data.staff), "no day book, no therapist"


async def test_a_therapist_mapped_to_someone_of_another_organisation_gets_no_briefing_there(world: SandboxWorld) -> None:
    _partner(world)
    world.copilot.directory = StaffDirectory(world.copilot.slack, world.copilot.store, {THERAPIST: PARTNER})
    run = await send_morning_briefings(world.copilot, "loc_soho")
    assert THERAPIST not in run.sent and run.unmatched == [THERAPIST], run
    assert world.slack.messages(PARTNER) == [], "nothing of her guests reaches another organisation's Slack"
    catalog = await world.copilot.catalog()
    assert await world.copilot.directory.staff_for(PARTNER, catalog.staff) is None, "no staff rights through it"


async def test_a_therapist_whose_email_is_someone_of_another_organisations_is_not_matched(world: SandboxWorld) -> None:
    ana = next(s for s in world.data.staff if s.id == THERAPIST)
    del world.slack.users[world.slack_id(THERAPIST)]  # her email is no user of the spa's workspace, but is theirs
    _partner(world, email=ana.email)
    match = await world.copilot.directory.match(ana)
    assert match.user_id is None and match.unmatched, match
    assert world.slack.messages(PARTNER) == []


async def test_check_names_a_mapping_to_someone_of_another_organisation(world: SandboxWorld) -> None:
    _partner(world)
    settings = world.settings.model_copy(update={"spa_staff_slack_ids": {THERAPIST: PARTNER}})
    staff = by_name(await run_checks(settings, platform=world.platform, slack=world.copilot.slack))["staff in Slack"]
    assert staff.status == "warning", staff
    assert f"{THERAPIST}={PARTNER}: that Slack user is not a member of this workspace" in staff.detail, staff.detail
