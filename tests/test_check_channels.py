"""``spa-copilot check``: the front-desk and ops channels exist and the bot is in them (it could post there)."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from spa_copilot.preflight import PUBLIC_CHANNEL_NOTE, SHARED_CHANNEL_NOTE
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack import ids

from .conftest import checks_of


async def test_a_channel_slack_does_not_have_fails(world: SandboxWorld) -> None:
    checks = await checks_of(world, spa_front_desk_channel="#nope")
    desk = checks["front-desk channel"]
    assert desk.status == "failed", desk
    assert desk.detail.startswith("SPA_FRONT_DESK_CHANNEL #nope: Slack has no such channel that the bot can see")
    assert "ops channel" not in checks, "the ops channel is the front-desk channel"
    assert world.slack.messages() == [], "nothing posted"


async def test_the_front_desk_and_ops_channels_by_name_or_id(world: SandboxWorld) -> None:
    ops = world.slack.channel_id("#spa-ops")
    checks = await checks_of(world, spa_ops_channel=ops)
    desk = checks["front-desk channel"]  # the sandbox's is public: a warning saying who can read it (privacy review)
    assert desk.status == "warning" and desk.detail.startswith("#front-desk (C"), desk
    assert desk.detail.endswith(f": the bot is in it, but {PUBLIC_CHANNEL_NOTE}"), desk
    assert checks["ops channel"].status == "ok" and checks["ops channel"].detail == f"#spa-ops ({ops}): the bot is in it"
    checks = await checks_of(world, spa_ops_channel="C0NOPE0001")
    assert checks["ops channel"].status == "failed" and "SPA_OPS_CHANNEL C0NOPE0001: Slack has no such" in checks[
        "ops channel"].detail


async def test_a_channel_without_the_bot_or_archived_fails_and_posting_there_is_refused_as_in_slack(
    world: SandboxWorld,
) -> None:
    world.slack.add_channel("quiet", bot_is_member=False)
    world.slack.add_channel("old-desk", is_archived=True)
    world.slack.add_channel("managers", is_private=True, bot_is_member=False)
    quiet = (await checks_of(world, spa_front_desk_channel="#quiet"))["front-desk channel"]
    assert quiet.status == "failed" and "#quiet (C" in quiet.detail and "the bot is not in it" in quiet.detail, quiet
    assert "/invite @Spa Copilot" in quiet.detail
    old = (await checks_of(world, spa_front_desk_channel="old-desk"))["front-desk channel"]
    assert old.status == "failed" and "is archived" in old.detail, old
    private = (await checks_of(world, spa_front_desk_channel="#managers"))["front-desk channel"]
    assert private.status == "failed" and "a private channel shows only once the bot is in it" in private.detail
    slack: AsyncWebClient = world.copilot.slack
    for channel, error in (("#quiet", "not_in_channel"), ("#old-desk", "is_archived"), ("#managers", "channel_not_found")):
        try:
            await slack.chat_postMessage(channel=channel, text="hello")
        except SlackApiError as exc:
            assert exc.response["error"] == error
        else:
            raise AssertionError(f"posted in {channel}")


async def test_a_private_channel_with_the_bot_in_it_is_fine(world: SandboxWorld) -> None:
    world.slack.add_channel("desk-private", is_private=True)
    desk = (await checks_of(world, spa_front_desk_channel="#desk-private"))["front-desk channel"]
    assert desk.status == "ok" and desk.detail.startswith("#desk-private (G"), desk
    ops = (await checks_of(world, spa_ops_channel="#spa-ops"))["ops channel"]  # public: it names no guest
    assert ops.status == "ok", ops


async def test_a_token_installed_before_the_channel_scopes_runs_and_says_what_check_cannot_see(
    world: SandboxWorld,
) -> None:
    world.slack.scopes = [s for s in ids.BOT_SCOPES if s not in ids.CHECK_ONLY_SCOPES]
    checks = await checks_of(world)
    assert checks["Slack"].status == "ok", "the copilot runs without them"
    desk = checks["front-desk channel"]
    assert desk.status == "warning", desk
    assert "not checked, the token lacks channels:read,groups:read (reinstall the app from manifest.yml" in desk.detail


async def test_the_stand_in_lists_channels_a_page_at_a_time_like_slack(world: SandboxWorld) -> None:
    for n in range(5):
        world.slack.add_channel(f"extra-{n}")
    slack: AsyncWebClient = world.copilot.slack
    names: list[str] = []
    cursor = None
    while True:
        page = await slack.conversations_list(types="public_channel", limit=2, cursor=cursor)
        assert len(page["channels"]) <= 2
        names += [c["name"] for c in page["channels"]]
        cursor = page["response_metadata"]["next_cursor"]
        if not cursor:
            break
    assert set(names) >= {"front-desk", "spa-ops", "general", "extra-4"} and len(names) == len(set(names))
    info = await slack.conversations_info(channel=world.slack.channel_id("#general"))
    assert info["channel"]["is_member"] is True and info["channel"]["is_channel"] is True


async def test_a_front_desk_channel_shared_with_another_organisation_is_a_warning(world: SandboxWorld) -> None:
    # an adversarial review (4 December): a private channel shared over Slack Connect passed as fine, though another
    # company's members would read every fill card and alert
    world.slack.add_channel("desk-connect", is_private=True, is_ext_shared=True)
    desk = (await checks_of(world, spa_front_desk_channel="#desk-connect"))["front-desk channel"]
    assert desk.status == "warning" and desk.detail.endswith(f": the bot is in it, but {SHARED_CHANNEL_NOTE}"), desk
    world.slack.add_channel("ops-connect", is_ext_shared=True)
    ops = (await checks_of(world, spa_ops_channel="#ops-connect"))["ops channel"]  # names no guest
    assert ops.status == "ok", ops
