import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from spa_copilot.slack.errors import slack_failure


def response(status: int, data: object) -> AsyncSlackResponse:
    return AsyncSlackResponse(
        client=None, http_verb="POST", api_url="https://slack.com/api/chat.postMessage", req_args={}, data=data,  # type: ignore[arg-type]
        headers={}, status_code=status,
    )


def test_a_failure_names_slacks_error_code_and_the_http_status() -> None:
    refused = SlackApiError("refused", response(200, {"ok": False, "error": "channel_not_found"}))
    assert slack_failure(refused) == "channel_not_found (HTTP 200)"


def test_a_gateway_error_without_a_body_still_names_its_status() -> None:
    assert slack_failure(SlackApiError("bad gateway", response(503, {}))) == "no error code (HTTP 503)"
    assert slack_failure(SlackApiError("html page", response(502, "<html>bad gateway</html>"))) == "no error code (HTTP 502)"


def test_a_failure_that_is_not_slacks_answer_is_named_by_its_type() -> None:
    import aiohttp

    from spa_copilot.slack.errors import slack_failure

    assert slack_failure(aiohttp.ClientConnectionError("reset by peer")) == "ClientConnectionError: reset by peer"
    assert slack_failure(TimeoutError()) == "TimeoutError"


def test_only_failures_a_later_try_may_not_meet_are_temporary() -> None:
    import aiohttp

    from spa_copilot.slack.errors import is_temporary

    def refused(status: int, error: str | None) -> SlackApiError:
        data = {"ok": False, "error": error} if error else {}
        response = AsyncSlackResponse(client=None, http_verb="POST", api_url="https://slack.com/api/chat.update",
                                      req_args={}, data=data, headers={}, status_code=status)
        return SlackApiError("refused", response)

    assert is_temporary(aiohttp.ClientConnectionError("reset"))
    assert is_temporary(refused(429, "ratelimited")) and is_temporary(refused(503, None))
    assert is_temporary(refused(200, "internal_error"))
    for permanent in ("message_not_found", "edit_window_closed", "invalid_blocks", "token_revoked", "not_in_channel"):
        assert not is_temporary(refused(200, permanent)), permanent


async def test_roles_refuse_when_slack_cannot_be_reached_and_ask_again_next_time() -> None:
    import aiohttp

    from spa_copilot.settings import Settings
    from spa_copilot.slack.roles import MembershipUnknown, Roles

    class Unreachable:
        calls = 0

        async def auth_test(self) -> dict:
            Unreachable.calls += 1
            raise aiohttp.ClientConnectionError("reset by peer")

        async def usergroups_users_list(self, *, usergroup: str) -> dict:
            Unreachable.calls += 1
            raise aiohttp.ClientConnectionError("reset by peer")

    roles = Roles(Settings(_env_file=None, spa_manager_group="S0MANAGERS"), Unreachable())  # type: ignore[arg-type]
    with pytest.raises(MembershipUnknown):  # "try again", never "you are not on the team"
        await roles.may_use_commands("U0SOMEONE")
    assert await roles.is_manager("U0SOMEONE") is False  # the last manager list stands (none yet)
    before = Unreachable.calls
    with pytest.raises(MembershipUnknown):
        await roles.may_use_commands("U0SOMEONE")
    assert Unreachable.calls > before, "a failed lookup is not remembered"



def test_a_bare_dict_answer_is_read_as_slacks_body() -> None:
    from spa_copilot.slack.errors import is_temporary

    # SlackApiError is public: code that raises it with a plain dict (as many examples do) is read the same way
    assert is_temporary(SlackApiError("down", {"ok": False, "error": "fatal_error"}))
    assert not is_temporary(SlackApiError("gone", {"ok": False, "error": "message_not_found"}))
    assert slack_failure(SlackApiError("gone", {"ok": False, "error": "message_not_found"})).startswith("message_not_found")
