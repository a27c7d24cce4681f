"""``/spa brief @Hana`` when the mention matches no one on the staff, or Slack cannot be asked (a report-only Slack
review, 5 December).

When Hana's Slack email is not her Mangomint email, the answer said "@hana.sato is not matched to anyone on the
spa's staff" and stopped there; when ``users.lookupByEmail`` was rate limited it said the same, a guess. Now the
first says to type her name (and that ``SPA_STAFF_SLACK_IDS`` maps her), the second that Slack could not be asked."""

from __future__ import annotations

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack.directory import name_in_mention
from tests import builders as b
from tests.test_commands_probe import ask


def _hana_unmatched(world: SandboxWorld) -> None:
    """Hana's Slack profile has her own email, not the spa's: users.lookupByEmail finds no one for her."""
    hana = world.slack_id("st_hana_sato")
    world.slack.users[hana].setdefault("profile", {})["email"] = "hana.personal@gmail.example"
    world.slack.users[hana]["email"] = "hana.personal@gmail.example"
    world.copilot.store.db.execute("DELETE FROM slack_users")


@pytest.mark.parametrize("command", ["brief", "today"])
async def test_a_mention_matching_nobody_says_to_type_the_name_and_where_it_is_mapped(
    world: SandboxWorld, command: str
) -> None:
    _hana_unmatched(world)
    answer = await ask(world, f"{command} @hana.sato")
    assert "@hana.sato is not matched to anyone on the spa's staff" in answer
    assert f"type /spa {command} Hana instead" in answer
    assert "SPA_STAFF_SLACK_IDS" in answer
    assert "Hana Sato" in await ask(world, f"{command} Hana"), "what it says to type works"


@pytest.mark.parametrize("failure", ["ratelimited", "connection", "server error"])
async def test_a_mention_slack_could_not_be_asked_about_says_so_not_unmatched(
    world: SandboxWorld, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    world.copilot.store.db.execute("DELETE FROM slack_users")

    async def failing(**_: object) -> object:
        if failure == "connection":
            raise aiohttp.ClientConnectionError("Slack is out of reach")
        status, error = (429, "ratelimited") if failure == "ratelimited" else (503, "service_unavailable")
        response = AsyncSlackResponse(client=None, http_verb="POST", api_url="users.lookupByEmail", req_args={},
                                      data={"ok": False, "error": error}, headers={}, status_code=status)
        raise SlackApiError(error, response)

    monkeypatch.setattr(world.copilot.directory._client, "users_lookupByEmail", failing)
    answer = await ask(world, "brief @hana.sato")
    assert "not matched" not in answer
    assert "Slack could not be asked just now who @hana.sato is on the spa's staff" in answer
    assert "/spa brief Hana" in answer


def test_the_name_to_type_is_given_only_when_the_mention_suggests_one_staff_member() -> None:
    staff = [b.staff("st_h", first_name="Hana"), b.staff("st_a", first_name="Ana"), b.staff("st_a2", first_name="Ana")]
    assert name_in_mention("<@U0HANA0001|hana.sato>", staff) == "Hana"
    assert name_in_mention("<@U0HANA0001|@Hana Sato>", staff) == "Hana"
    assert name_in_mention("<@U0ANA00001|ana>", staff) == "Ana"  # one first name, two profiles: "brief Ana" asks which
    assert name_in_mention("<@U0NOBODY01|front.desk>", staff) is None
    assert name_in_mention("<@U0NOBODY01>", staff) is None
