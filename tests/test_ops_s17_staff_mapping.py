"""``SPA_STAFF_SLACK_IDS`` never sends one staff member's guests to another: a staff id given twice is a configuration
error, and a Slack user two staff members would reach (two mappings, or a mapping and another's own email) is
nobody's, and ``spa-copilot check`` names them. Before, the last of a repeated key was kept silently, and a mapping
to Claire's Slack user sent Ana's and Elena's briefings to Claire while check blamed Claire's email."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from spa_copilot.briefings import send_morning_briefings
from spa_copilot.cli import main
from spa_copilot.domain import Staff
from spa_copilot.preflight import run_checks
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.settings import Settings
from spa_copilot.slack.directory import StaffDirectory
from spa_copilot.store import Store

from .conftest import by_name


def test_a_staff_id_given_twice_is_a_configuration_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SPA_STAFF_SLACK_IDS", "st_ana_reyes=U0AAAAAAA1,st_ana_reyes=U0BBBBBBB2")
    with pytest.raises(ValidationError):
        Settings(_env_file=None)
    assert main(["check"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line == ("spa-copilot: configuration error: SPA_STAFF_SLACK_IDS: expected each staff id once, got "
                    "st_ana_reyes twice: keep only the entry meant")


def test_distinct_staff_ids_are_still_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPA_STAFF_SLACK_IDS", "st_1=U0AAAAAAA1, st_2=U0AAAAAAA1")
    assert Settings(_env_file=None).spa_staff_slack_ids == {"st_1": "U0AAAAAAA1", "st_2": "U0AAAAAAA1"}


class ByEmail:
    """A Slack whose ``users.lookupByEmail`` knows a few emails, each a full member of its workspace."""

    TEAM = "T0SPA00001"

    def __init__(self, users: dict[str, str]) -> None:
        self.users = users

    async def auth_test(self) -> dict:
        return {"team_id": self.TEAM}

    async def users_lookupByEmail(self, *, email: str) -> dict:  # noqa: N802 - Slack's method name
        from slack_sdk.errors import SlackApiError

        if email not in self.users:
            raise SlackApiError("not found", {"ok": False, "error": "users_not_found"})
        return {"user": {"id": self.users[email], "team_id": self.TEAM}}

    async def users_info(self, *, user: str) -> dict:
        """A mapped user (``SPA_STAFF_SLACK_IDS``) is asked about: every user of this workspace is a full member."""
        from slack_sdk.errors import SlackApiError

        if user not in self.users.values():
            raise SlackApiError("not found", {"ok": False, "error": "user_not_found"})
        return {"user": {"id": user, "team_id": self.TEAM}}


ANA = Staff(id="st_ana", location_id="loc", first_name="Ana", email="ana@spa.example")
ELENA = Staff(id="st_elena", location_id="loc", first_name="Elena", email="elena@spa.example")
CLAIRE = Staff(id="st_claire", location_id="loc", first_name="Claire", email="claire@spa.example")
SLACK = {"ana@spa.example": "U0ANA00001", "elena@spa.example": "U0ELENA001", "claire@spa.example": "U0CLAIRE01"}


async def test_a_slack_user_two_mappings_name_is_nobodys() -> None:
    directory = StaffDirectory(ByEmail(SLACK), Store.memory(), {"st_ana": "U0CLAIRE01", "st_elena": "U0CLAIRE01"})  # type: ignore[arg-type]
    found = await directory.matches([ANA, ELENA, CLAIRE])
    assert all(match.shared and match.user_id is None for match in found.values()), found
    assert await directory.staff_for("U0CLAIRE01", [ANA, ELENA, CLAIRE]) is None


async def test_a_mapping_to_another_staff_members_own_user_is_nobodys() -> None:
    directory = StaffDirectory(ByEmail(SLACK), Store.memory(), {"st_ana": "U0CLAIRE01"})  # type: ignore[arg-type]
    found = await directory.matches([ANA, ELENA, CLAIRE])
    assert found["st_ana"].shared and found["st_claire"].shared
    assert found["st_elena"].user_id == "U0ELENA001"


async def test_a_mapping_still_stands_instead_of_a_shared_email() -> None:
    lea = Staff(id="st_lea", location_id="loc", first_name="Lea", email="ana@spa.example")  # Ana's email too
    directory = StaffDirectory(ByEmail(SLACK), Store.memory(), {"st_ana": "U0ANA00001"})  # type: ignore[arg-type]
    found = await directory.matches([ANA, lea])
    assert found["st_ana"].user_id == "U0ANA00001" and found["st_lea"].shared


def _mapped_to_claire(world: SandboxWorld) -> dict[str, str]:
    claire = world.slack_id("st_claire_dubois")
    return {"st_ana_reyes": claire, "st_elena_ivanova": claire}


async def test_check_names_the_staff_a_shared_mapping_leaves_without_briefings(world: SandboxWorld) -> None:
    settings = world.settings.model_copy(update={"spa_staff_slack_ids": _mapped_to_claire(world)})
    staff = by_name(await run_checks(settings, platform=world.platform, slack=world.copilot.slack))["staff in Slack"]
    assert staff.status == "warning", staff
    assert (f"st_ana_reyes, st_elena_ivanova name the same Slack user {world.slack_id('st_claire_dubois')}, so none "
            "of them gets briefings") in staff.detail, staff.detail


async def test_check_names_a_mapping_to_another_staff_members_own_user(world: SandboxWorld) -> None:
    settings = world.settings.model_copy(
        update={"spa_staff_slack_ids": {"st_ana_reyes": world.slack_id("st_claire_dubois")}}
    )
    staff = by_name(await run_checks(settings, platform=world.platform, slack=world.copilot.slack))["staff in Slack"]
    assert staff.status == "warning", staff
    assert "no briefings for" in staff.detail and "(st_ana_reyes)" in staff.detail
    assert "(st_claire_dubois)" in staff.detail and "shares a Slack user or an email" in staff.detail


async def test_nobody_gets_another_therapists_guests(world: SandboxWorld) -> None:
    claire = world.slack_id("st_claire_dubois")
    world.copilot.directory = StaffDirectory(world.copilot.slack, world.copilot.store, _mapped_to_claire(world))
    run = await send_morning_briefings(world.copilot, "loc_soho")
    briefings = [m.text for m in world.slack.messages(claire) if m.text.startswith("Briefing for")]
    assert briefings == [], "Claire's Slack user is nobody's: no briefing, hers or anyone else's"
    assert not {"st_ana_reyes", "st_elena_ivanova", "st_claire_dubois"} & set(run.sent)
