"""``spa-copilot check``: one line per part the copilot depends on, and exit 1 only when something would not work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import SecretStr

from spa_copilot.cli import main
from spa_copilot.preflight import run_checks
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.store import Store
from spa_copilot.store.single_user import hold_database

from .conftest import by_name


async def test_everything_answers_against_the_stand_ins(world: SandboxWorld) -> None:
    checks = by_name(await run_checks(world.settings, platform=world.platform, slack=world.copilot.slack))
    assert [checks[n].status for n in ("configuration", "state database", "spa system", "Slack", "AI")] == ["ok"] * 5
    assert "2 location(s) (Juniper & Salt SoHo, Juniper & Salt Venice)" in checks["spa system"].detail
    assert "the stand-in Slack" in checks["Slack"].detail and "workspace" in checks["Slack"].detail
    assert checks["staff in Slack"].status == "ok" and checks["staff in Slack"].detail.startswith("all ")


async def test_a_token_without_a_scope_the_manifest_asks_for_fails_the_slack_check(world: SandboxWorld) -> None:
    class OldInstall:
        """A bot token from an install made before the manifest asked for users:read.email."""

        async def auth_test(self) -> object:
            class Answer(dict):
                headers = {"X-OAuth-Scopes": "commands,chat:write,im:write,users:read,usergroups:read"}

            return Answer(team="Juniper & Salt", user="spa_copilot")

    checks = by_name(await run_checks(world.settings, platform=world.platform, slack=OldInstall()))  # type: ignore[arg-type]
    assert checks["Slack"].status == "failed", checks["Slack"]
    assert "lacks users:read.email: reinstall the app from manifest.yml" in checks["Slack"].detail
    assert "staff in Slack" not in checks


async def test_a_therapist_without_a_slack_user_is_named_as_a_warning(world: SandboxWorld) -> None:
    del world.slack.users[world.slack_id("st_ana_reyes")]
    checks = by_name(await run_checks(world.settings, platform=world.platform, slack=world.copilot.slack))
    staff = checks["staff in Slack"]
    assert staff.status == "warning" and "no briefings for Ana Reyes" in staff.detail, staff.detail
    assert "SPA_STAFF_SLACK_IDS" in staff.detail


async def test_a_database_a_running_copilot_holds_is_fine(world: SandboxWorld, tmp_path: Path) -> None:
    settings = world.settings.model_copy(update={"spa_db_path": tmp_path / "held.db"})
    held = hold_database(settings.spa_db_path)
    Store.open(settings.spa_db_path).close()  # as the running copilot did
    try:
        checks = by_name(await run_checks(settings, platform=world.platform, slack=world.copilot.slack))
    finally:
        held.release()
    assert checks["state database"].status == "ok" and "in use by a running copilot" in checks["state database"].detail


@pytest.mark.usefixtures("small_embedded_spa")
def test_the_command_says_what_fails_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env
    for name in ("MANGOMINT_API_URL", "SLACK_APP_TOKEN", "LLM_BASE_URL", "LLM_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")  # nothing listens there
    monkeypatch.setenv("SPA_DB_PATH", str(tmp_path / "state.db"))
    assert main(["check", "--json"]) == 1  # one run: it generates the embedded sandbox spa
    checks = {c["name"]: c for c in json.loads(capsys.readouterr().out)}
    assert checks["Slack"]["status"] == "failed" and "the stand-in Slack at http://127.0.0.1:9/api/" in checks["Slack"]["detail"]
    assert checks["spa system"]["status"] == "ok" and checks["state database"]["status"] == "ok"
    assert checks["configuration"]["status"] == "ok", "the sandbox defaults are fine against the stand-ins"
    assert "staff in Slack" not in checks, "not asked when Slack does not answer"


def test_each_check_is_one_line_with_its_mark() -> None:
    from spa_copilot.preflight import Check

    assert Check("Slack", "failed", "slack.com: invalid_auth (HTTP 200)").line() == "✘ Slack: slack.com: invalid_auth (HTTP 200)"
    assert Check("no-show model", "warning", "none").line() == "! no-show model: none"
    assert Check("AI", "ok", "offline").line() == "✔ AI: offline"


async def test_a_part_that_never_answers_is_reported_within_the_time_limit(
    world: SandboxWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio
    import time

    from spa_copilot import preflight

    class Silent:
        async def auth_test(self) -> object:
            await asyncio.sleep(60)  # accepts the connection and never answers

    # a second: the spa system's check reads the sandbox in the same limit, which a busy two-core CI took 0.3 s over
    monkeypatch.setattr(preflight, "CHECK_SECONDS", 1.0)
    started = time.perf_counter()
    checks = by_name(await run_checks(world.settings, platform=world.platform, slack=Silent()))  # type: ignore[arg-type]
    assert time.perf_counter() - started < 5
    assert checks["Slack"].status == "failed" and checks["Slack"].detail == "no answer within 1 s"
    assert checks["spa system"].status == "ok"


@pytest.mark.parametrize(("model", "status"), [("stub-model", "ok"), ("gpt-9-ultra", "warning")])
async def test_a_configured_model_server_is_asked_whether_it_answers_and_lists_the_model(
    world: SandboxWorld, model: str, status: str
) -> None:
    from spa_copilot.sandbox.llm_stub import LlmStub, StubServer

    with StubServer(LlmStub()) as server:
        settings = world.settings.model_copy(update={
            "llm_base_url": server.base_url, "llm_api_key": SecretStr("test-key"), "llm_model": model,
        })
        checks = by_name(await run_checks(settings, platform=world.platform, slack=world.copilot.slack))
    assert checks["AI"].status == status, checks["AI"]
    assert server.stub.requests == [], "no completion asked for: no tokens spent"


async def test_a_mistyped_staff_mapping_is_named(world: SandboxWorld) -> None:
    ana = world.slack_id("st_ana_reyes")
    settings = world.settings.model_copy(update={"spa_staff_slack_ids": {"st_ana_reyes": "U0NOBODY01", "st_typo": ana}})
    checks = by_name(await run_checks(settings, platform=world.platform, slack=world.copilot.slack))
    staff = checks["staff in Slack"]
    assert staff.status == "warning", staff
    assert "st_typo is not an active staff member" in staff.detail
    assert "st_ana_reyes=U0NOBODY01: Slack does not know that user (user_not_found" in staff.detail


async def test_the_socket_mode_token_is_asked_for_too(world: SandboxWorld) -> None:
    world.slack.app_token = "xapp-1-sandbox"
    for given, status in (("xapp-1-sandbox", "ok"), ("xapp-1-typo", "failed")):
        settings = world.settings.model_copy(update={"slack_app_token": SecretStr(given)})
        checks = by_name(await run_checks(settings, platform=world.platform, slack=world.copilot.slack))
        assert checks["Slack"].status == status, checks["Slack"]
    assert "SLACK_APP_TOKEN, Socket Mode) was refused: invalid_auth" in checks["Slack"].detail
    # the bot token cannot open Socket Mode, nor the app token post: each its own methods, as in Slack
    settings = world.settings.model_copy(update={"slack_app_token": world.settings.slack_bot_token})
    checks = by_name(await run_checks(settings, platform=world.platform, slack=world.copilot.slack))
    assert "not_allowed_token_type" in checks["Slack"].detail
    # a bot token Slack does not know is refused as invalid_auth: its xoxb- prefix still says which token it is
    settings = world.settings.model_copy(update={"slack_app_token": SecretStr("xoxb-from-another-app")})
    checks = by_name(await run_checks(settings, platform=world.platform, slack=world.copilot.slack))
    assert "invalid_auth: that is a bot token (xoxb-…), which goes in SLACK_BOT_TOKEN" in checks["Slack"].detail


async def test_who_may_approve_is_counted_and_a_missing_group_is_named(world: SandboxWorld) -> None:
    checks = by_name(await run_checks(world.settings, platform=world.platform, slack=world.copilot.slack))
    assert checks["managers"].status == "ok" and checks["managers"].detail.endswith("may approve texts to guests")
    nobody = world.settings.model_copy(update={"spa_manager_ids": [], "spa_manager_group": None})
    checks = by_name(await run_checks(nobody, platform=world.platform, slack=world.copilot.slack))
    assert checks["managers"].status == "warning" and "nobody may approve" in checks["managers"].detail
    typo = world.settings.model_copy(update={"spa_manager_group": "S0TYPO0001"})
    checks = by_name(await run_checks(typo, platform=world.platform, slack=world.copilot.slack))
    assert checks["managers"].status == "failed"
    assert "S0TYPO0001: Slack does not know that user group (no_such_subteam)" in checks["managers"].detail



async def test_a_model_server_that_is_not_running_is_said_to_be_so(world: SandboxWorld) -> None:
    import socket

    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        base = f"http://127.0.0.1:{closed.getsockname()[1]}/v1"
        settings = world.settings.model_copy(update={"llm_base_url": base, "llm_api_key": SecretStr("k")})
        checks = by_name(await run_checks(settings, platform=world.platform, slack=world.copilot.slack))
    assert checks["AI"].status == "failed"
    assert "nothing answers at that address (ConnectError); is the model server running" in checks["AI"].detail


async def test_a_spa_system_refusing_the_key_names_mangomint_api_key_as_run_does(world: SandboxWorld) -> None:
    from spa_copilot.platform.errors import PlatformAuthError

    class Refusing:
        async def list_locations(self) -> object:
            raise PlatformAuthError("GET /v1/locations: HTTP 401: missing or invalid bearer API key", status=401)

        def __getattr__(self, name: str) -> object:
            return getattr(world.platform, name)

    checks = by_name(await run_checks(world.settings, platform=Refusing(), slack=world.copilot.slack))  # type: ignore[arg-type]
    assert checks["spa system"].status == "failed"
    assert checks["spa system"].detail.endswith(
        "the spa system refused MANGOMINT_API_KEY (HTTP 401): missing or invalid bearer API key; set it to the partner "
        "gateway's API key for the copilot (see README, 'Configuration')"
    ), checks["spa system"].detail
