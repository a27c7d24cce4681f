"""s51: `spa-copilot check` against a gateway that takes the connection and never answers said only "no answer within
20 s" (a first-run probe): no variable named, while a closed port and the client's own timeout say what to look at.
Now the line says which setting to check, as they do; the embedded sandbox, which has no address, says no more."""

from __future__ import annotations

import asyncio

from spa_copilot import preflight
from spa_copilot.preflight import run_checks
from spa_copilot.sandbox.world import SandboxWorld

from .conftest import by_name


class _Silent:
    """A spa system that takes every request and never answers."""

    def __getattr__(self, name: str):  # noqa: ANN204
        async def never(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            await asyncio.sleep(60)

        return never


async def _spa_line(world: SandboxWorld, monkeypatch, **settings) -> str:  # noqa: ANN001
    monkeypatch.setattr(preflight, "CHECK_SECONDS", 0.3)
    checks = by_name(await run_checks(world.settings.model_copy(update=settings), platform=_Silent(),  # type: ignore[arg-type]
                                      slack=world.copilot.slack))
    assert checks["spa system"].status == "failed"
    return checks["spa system"].detail


async def test_a_silent_gateway_names_the_setting_to_check(world: SandboxWorld, monkeypatch) -> None:
    detail = await _spa_line(world, monkeypatch, mangomint_api_url="https://gateway.example/v1")
    assert detail.startswith("no answer within 0.3 s; is MANGOMINT_API_URL the gateway's address"), detail
    assert "gateway.example" not in detail  # an address may carry credentials: the variable is named, not its value


async def test_the_embedded_sandbox_says_no_address(world: SandboxWorld, monkeypatch) -> None:
    assert await _spa_line(world, monkeypatch) == "no answer within 0.3 s"
