"""What a black-box probe of an IT person's first install found: the configuration says what is wrong, where, and
never takes a Slack that is not the stand-in's loopback address for the stand-in."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from slack_sdk.web.async_client import AsyncWebClient

from spa_copilot.cli import main
from spa_copilot.preflight import _configuration, _database, _slack, _user_problems
from spa_copilot.sandbox.slack_api import create_slack_api, running_slack_api
from spa_copilot.sandbox.world import SandboxWorld, sandbox_world
from spa_copilot.settings import Settings
from spa_copilot.store import Store

from .conftest import FakeClock, fresh_spa

# -- 1. only the stand-in's loopback address is the stand-in Slack ------------------------------------------------

PROXY = "https://slack-egress.spa.internal/api/"


@pytest.mark.parametrize("url", [
    PROXY, "https://slack.com./api/", "https://SLACK.COM/api/", "https://acme.enterprise.slack.com./api/",
    "http://10.0.0.5:8080/api/", "https://notslack.com.evil.example/api/", "http://0.0.0.0:9/api/",
])
def test_every_host_but_loopback_is_real_slack(url: str) -> None:
    assert Settings(_env_file=None, slack_api_url=url).uses_real_slack, url


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/api/", "http://127.0.0.2:9/api/", "http://localhost:9/api/", "http://LOCALHOST.:9/api/",
    "http://[::1]:9/api/",
])
def test_a_loopback_host_is_the_stand_in(url: str) -> None:
    assert not Settings(_env_file=None, slack_api_url=url).uses_real_slack, url


@pytest.mark.parametrize("url", [PROXY, "https://slack.com./api/"])
def test_check_refuses_the_public_secrets_behind_a_proxy_or_a_trailing_dot(settings: Settings, url: str) -> None:
    check = _configuration(settings.model_copy(update={"slack_api_url": url}), environ={}, env_file=None)
    assert check.status == "failed", check
    assert "SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET still the public sandbox default" in check.detail
    assert "MANGOMINT_API_URL is not set" in check.detail


def test_run_refuses_the_sandbox_signing_secret_behind_a_proxy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from spa_copilot.server import run_server

    served: list[Any] = []
    monkeypatch.setattr("uvicorn.Server.run", lambda self, sockets=None: served.append(sockets))
    settings = Settings(_env_file=None, spa_db_path=tmp_path / "state.db", slack_api_url=PROXY,
                        slack_bot_token="xoxb-real-1234", mangomint_api_url="https://gw.example/v1",
                        mangomint_webhook_secret="a-long-random-secret")
    assert run_server(settings, host="127.0.0.1", port=0) == 2
    err = capsys.readouterr().err
    assert "SLACK_SIGNING_SECRET" in err and "refusing to start" in err and served == []


async def test_the_slack_line_calls_a_proxy_slack_not_the_stand_in(settings: Settings) -> None:
    class Answers:
        async def auth_test(self) -> object:
            class Answer(dict):
                headers: dict[str, str] = {}

            return Answer(team="Juniper & Salt", user="spa_copilot")

    check = await _slack(settings.model_copy(update={"slack_api_url": PROXY}), Answers())  # type: ignore[arg-type]
    assert "stand-in" not in check.detail and check.detail.startswith(f"Slack at {PROXY}: workspace"), check


# -- 2. a .env that is not UTF-8 ----------------------------------------------------------------------------------

NOT_UTF8 = {
    "ansi": (b"SPA_NAME=Caf\xe9\n", "byte 0xe9 at position 12"),
    "utf-16": ("SPA_NAME=Caf\u00e9\n".encode("utf-16"), "byte 0xff at position 0"),
}


@pytest.mark.parametrize("command", ["check", "run"])
@pytest.mark.parametrize("kind", list(NOT_UTF8))
def test_an_env_file_that_is_not_utf8_is_one_line_naming_it(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], command: str, kind: str
) -> None:
    content, where = NOT_UTF8[kind]
    (in_tmp / ".env").write_bytes(content)
    assert main([command]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"spa-copilot: configuration error: {in_tmp / '.env'} is not UTF-8 ({where}): save it as UTF-8"
    ]


@pytest.mark.parametrize("kind", list(NOT_UTF8))
def test_the_demo_skips_an_env_file_that_is_not_utf8_with_a_note(in_tmp: Path, kind: str) -> None:
    from spa_copilot.demo import demo_settings

    (in_tmp / ".env").write_bytes(NOT_UTF8[kind][0])
    settings, notes = demo_settings()
    assert settings.spa_name == Settings.model_fields["spa_name"].default
    assert len(notes) == 1 and notes[0].startswith(f"{in_tmp / '.env'} is not UTF-8 ("), notes
    assert "the demo skips it" in notes[0]


# -- 3. check names SLACK_BOT_TOKEN when Slack refuses it ---------------------------------------------------------


@pytest.fixture
async def stand_in() -> AsyncIterator[str]:
    """The stand-in Slack on loopback (bot token ``xoxb-right``, app-level token ``xapp-1-right``): its base URL."""
    app = create_slack_api(bot_token="xoxb-right")
    app.state.slack.app_token = "xapp-1-right"
    async with running_slack_api(app) as url:
        yield url


@pytest.mark.parametrize(("token", "said"), [
    ("xoxb-wrong", "Slack refused SLACK_BOT_TOKEN (invalid_auth): set it to the app's Bot User OAuth Token (xoxb-…"),
    ('"xoxb-right"', "Slack refused SLACK_BOT_TOKEN (invalid_auth): set it to the app's Bot User OAuth Token without "
                     "the quote marks around it (xoxb-…"),  # quoted, as Docker's --env-file passes it
    ("xapp-1-right", "Slack refused SLACK_BOT_TOKEN (not_allowed_token_type): that is an app-level token (xapp-…), "
                     "which goes in SLACK_APP_TOKEN; SLACK_BOT_TOKEN is the app's Bot User OAuth Token (xoxb-…"),
])
async def test_check_names_the_bot_token_slack_refuses(settings: Settings, stand_in: str, token: str, said: str) -> None:
    configured = settings.model_copy(update={"slack_api_url": stand_in, "slack_bot_token": SecretStr(token)})
    check = await _slack(configured, AsyncWebClient(token=token, base_url=stand_in))
    assert check.status == "failed"
    assert said in check.detail, check.detail
    assert "HTTP 200" not in check.detail and token not in check.detail


def test_check_output_has_no_http_200_after_a_slack_error(settings: Settings) -> None:
    from slack_sdk.errors import SlackApiError
    from slack_sdk.web.async_slack_response import AsyncSlackResponse

    from spa_copilot.preflight import _said

    response = AsyncSlackResponse(client=None, http_verb="POST", api_url="x", req_args={},  # type: ignore[arg-type]
                                  data={"ok": False, "error": "channel_not_found"}, headers={}, status_code=200)
    assert _said(SlackApiError("x", response)) == "channel_not_found"
    response.status_code = 503
    assert _said(SlackApiError("x", response)) == "channel_not_found (HTTP 503)"


# -- 4. SLACK_API_URL blank is unset; a URL error names its variable once -----------------------------------------


def test_a_blank_slack_api_url_is_slacks_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_API_URL", " ")
    settings = Settings(_env_file=None)
    assert settings.slack_api_url == "https://slack.com/api/" and settings.uses_real_slack


@pytest.mark.parametrize("name", ["SLACK_API_URL", "MANGOMINT_API_URL", "LLM_BASE_URL"])
def test_a_url_error_names_its_variable_once(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv(name, "ftp://x.example/")
    assert main(["check"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"spa-copilot: configuration error: {name}: must be an http:// or https:// URL with a host")
    assert line.count(name) == 1 and line.count("ftp://x.example/") == 1, line


# -- 5. a .env line python-dotenv cannot read ---------------------------------------------------------------------


def test_check_names_an_env_line_it_could_not_read(settings: Settings, tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("SPA_NAME=Juniper\nSLACK_BOT_TOKEN xoxb-1-secret\n")
    stand_in = settings.model_copy(update={"slack_api_url": "http://127.0.0.1:9/api/"})
    check = _configuration(stand_in, environ={}, env_file=env)
    assert check.status == "warning", check
    assert ".env line 2 could not be read" in check.detail and "SLACK_BOT_TOKEN" in check.detail
    assert "xoxb-1-secret" not in check.detail


def test_python_dotenvs_own_warning_is_not_printed(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    (in_tmp / ".env").write_text("SLACK_BOT_TOKEN xoxb-1-secret\nSPA_MODE=yolo\n")
    assert main(["today"]) == 2  # SPA_MODE refused: the .env was read
    assert not [r for r in caplog.records if r.name.startswith("dotenv")]
    assert "dotenv" not in capsys.readouterr().err


# -- 6. SPA_DB_PATH ------------------------------------------------------------------------------------------------


def test_a_database_path_under_home_is_expanded(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPA_DB_PATH", "~/spa/state.db")
    assert Settings(_env_file=None).spa_db_path == in_tmp / "home" / "spa" / "state.db"


def test_a_database_whose_folder_is_a_file_fails_the_check(settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "garbage.db").write_text("not a database")
    check = _database(settings.model_copy(update={"spa_db_path": tmp_path / "garbage.db" / "state.db"}))
    assert check.status == "failed", check
    assert f"{tmp_path / 'garbage.db'} is a file, not a folder" in check.detail


def test_a_lock_that_cannot_be_created_is_not_in_use(tmp_path: Path) -> None:
    from spa_copilot.store.single_user import DatabaseUnlockable, hold_database

    (tmp_path / "garbage.db").write_text("not a database")
    with pytest.raises(DatabaseUnlockable, match=f"{re.escape(str(tmp_path / 'garbage.db'))} is a file, not a folder"):
        hold_database(tmp_path / "garbage.db" / "state.db")
    if not Path("/proc/self").is_dir():
        return  # the only folder known to refuse a new file with ENOENT
    with pytest.raises(DatabaseUnlockable, match=r"cannot create its lock file .*: No such file or directory"):
        hold_database("/proc/self/state.db")


# -- 7. the burst of alerts, in the demo and the README ----------------------------------------------------------


README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.fixture
async def burst_world(settings: Settings, clock: FakeClock, tmp_path: Path) -> AsyncIterator[SandboxWorld]:
    """conftest's world, with every location's new conflicts a burst (more than one at once)."""
    store = Store.open(tmp_path / "state.db")
    spa = fresh_spa(settings.sandbox_seed)
    bursting = settings.model_copy(update={"alert_burst_threshold": 1})
    async with sandbox_world(bursting, data=spa, clock=clock, store=store) as world:
        yield world
    store.close()


async def test_the_demo_says_a_burst_went_into_one_summary_per_day(burst_world: SandboxWorld) -> None:
    from spa_copilot.demo_watch import demo_calendar_watch

    said: list[str] = []
    await demo_calendar_watch(burst_world, said.append)
    text = "\n".join(said)
    assert re.search(r"\d+ alerts? posted in #front-desk", text)
    assert "one summary message per day" in text and "More than 1 new conflict at once at " in text, text
    assert "ALERT_BURST_THRESHOLD" not in text, "the setting's name is for the README, not a manager"


def test_the_readme_says_what_a_burst_becomes_and_what_to_do_in_slack() -> None:
    readme = README.read_text(encoding="utf-8")
    [row] = [line for line in readme.splitlines() if line.startswith("| `ALERT_BURST_THRESHOLD`")]
    assert "one summary message per day" in row
    setup = readme.split("## Setting up the Slack app", 1)[1].split("\n## ", 1)[0]
    assert "SPA_OPS_CHANNEL" in setup and "Request URL" in setup


# -- 8. smaller ---------------------------------------------------------------------------------------------------


async def test_a_handle_is_not_called_an_email() -> None:
    problems, _, _ = await _user_problems(None, ["@morgan", "morgan@spa.example"])  # type: ignore[arg-type]
    assert "email" not in problems[0] and "display name" in problems[0], problems
    assert "that is an email" in problems[1]


@pytest.mark.parametrize("pasted", [
    "https://juniper.slack.com/archives/C0123ABCD", "https://app.slack.com/client/T01/C0123ABCD",
    "<#C0123ABCD|front-desk>", "<#C0123ABCD>", " C0123ABCD ",
])
def test_a_channel_pasted_as_a_link_or_mention_is_its_id(pasted: str) -> None:
    settings = Settings(_env_file=None, spa_front_desk_channel=pasted, spa_ops_channel=pasted)
    assert settings.spa_front_desk_channel == settings.spa_ops_channel == "C0123ABCD"
