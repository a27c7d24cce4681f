"""One person with two staff profiles (one per location, one email) mapped by ``SPA_STAFF_SLACK_IDS`` to her one
Slack user gets her briefings there, both profiles' (fc461c1 made a Slack user two profiles reach nobody's, so Ana,
at SoHo and at Venice, got none), and ``spa-copilot check`` neither warns nor says she gets none. Two people mapped
to one Slack user, or two profiles with different emails, still match nobody."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from spa_copilot.briefings import send_morning_briefings
from spa_copilot.domain import Staff
from spa_copilot.preflight import run_checks
from spa_copilot.sandbox.world import SandboxWorld, sandbox_world
from spa_copilot.settings import Settings
from spa_copilot.slack.directory import StaffDirectory
from spa_copilot.store import Store

from .conftest import FakeClock, by_name, fresh_spa, migrated_store
from .test_ops_s17_staff_mapping import ByEmail

SOHO = Staff(id="st_ana_soho", location_id="loc_soho", first_name="Ana", email="ana@spa.example")
VENICE = Staff(id="st_ana_venice", location_id="loc_venice", first_name="Ana", email=" ANA@spa.example")
ELENA = Staff(id="st_elena", location_id="loc_soho", first_name="Elena", email="elena@spa.example")
SLACK = {"ana@spa.example": "U0ANA00001", "elena@spa.example": "U0ELENA001"}


async def test_one_persons_two_profiles_mapped_to_her_user_both_match_it() -> None:
    mapping = {"st_ana_soho": "U0ANA00001", "st_ana_venice": "U0ANA00001"}
    found = await StaffDirectory(ByEmail(SLACK), Store.memory(), mapping).matches([SOHO, VENICE, ELENA])
    assert found["st_ana_soho"].user_id == "U0ANA00001" and not found["st_ana_soho"].shared
    assert found["st_ana_venice"].user_id == "U0ANA00001" and not found["st_ana_venice"].shared
    assert found["st_elena"].user_id == "U0ELENA001"


async def test_one_profile_mapped_and_the_other_by_its_own_email_match_it_too() -> None:
    found = await StaffDirectory(ByEmail(SLACK), Store.memory(), {"st_ana_soho": "U0ANA00001"}).matches([SOHO, VENICE])
    assert found["st_ana_soho"].user_id == "U0ANA00001"  # as before: the mapping stands


async def test_two_people_on_one_slack_user_still_match_nobody() -> None:
    mapping = {"st_ana_soho": "U0ANA00001", "st_elena": "U0ANA00001"}  # a typo: Elena is not Ana
    found = await StaffDirectory(ByEmail(SLACK), Store.memory(), mapping).matches([SOHO, ELENA])
    assert found["st_ana_soho"].shared and found["st_elena"].shared
    no_email = VENICE.model_copy(update={"email": None})
    mapping = {"st_ana_soho": "U0ANA00001", "st_ana_venice": "U0ANA00001"}
    found = await StaffDirectory(ByEmail(SLACK), Store.memory(), mapping).matches([SOHO, no_email])
    assert found["st_ana_soho"].shared and found["st_ana_venice"].shared  # no email to tell they are one person


@pytest.fixture
async def two_profiles(settings: Settings, clock: FakeClock, tmp_path: Path) -> AsyncIterator[SandboxWorld]:
    """The sandbox spa, with a second profile of Ana Reyes (SoHo's) at Venice, with her email (in capitals)."""
    spa = fresh_spa(settings.sandbox_seed)
    ana = next(s for s in spa.staff if s.id == "st_ana_reyes")
    assert ana.email and ana.location_id == "loc_soho"
    venice = next(loc for loc in spa.locations if loc.id != "loc_soho")
    spa.staff.append(ana.model_copy(update={"id": "st_ana_reyes_venice", "location_id": venice.id,
                                            "email": ana.email.upper()}))
    store = migrated_store(tmp_path / "state.db")
    async with sandbox_world(settings, data=spa, clock=clock, store=store) as world:
        yield world
    store.close()


async def test_run_and_check_with_anas_second_profile(two_profiles: SandboxWorld) -> None:
    world = two_profiles
    user = world.slack_id("st_ana_reyes")
    mapping = {"st_ana_reyes": user, "st_ana_reyes_venice": user}
    settings = world.settings.model_copy(update={"spa_staff_slack_ids": mapping})

    world.copilot.directory = StaffDirectory(world.copilot.slack, world.copilot.store, mapping)
    run = await send_morning_briefings(world.copilot, "loc_soho")
    assert "st_ana_reyes" in run.sent, run
    assert [m for m in world.slack.messages(user) if m.text.startswith("Briefing for")]

    staff = by_name(await run_checks(settings, platform=world.platform, slack=world.copilot.slack))["staff in Slack"]
    assert staff.status == "ok", staff
    assert "st_ana_reyes and st_ana_reyes_venice (one email) as one person, Ana Reyes" in staff.detail, staff.detail
