"""``spa-copilot demo``: a spa morning end to end, on the embedded defaults (sandbox spa, stand-in Slack, offline AI).

Everything runs in this process through the production code paths: the real Mangomint client reads the sandbox
spa over HTTP, the real Bolt app answers signed slash commands and clicks, and what the bot posts lands in the
stand-in Slack, which is printed here.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from spa_copilot.copilot import utc_now
from spa_copilot.demo_fill import SkippableClock, demo_fill
from spa_copilot.demo_watch import demo_calendar_watch
from spa_copilot.domain import StaffRole
from spa_copilot.sandbox.generator import SPA_BRAND
from spa_copilot.sandbox.slack_api import render_terminal
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld, sandbox_world
from spa_copilot.settings import ENV_FILE, Settings, env_file_not_utf8
from spa_copilot.store import Store

#: The fewest ``━`` a step's heading ends with, however long its title.
RULE_MIN = 3


class Narrator:
    """Prints the demo's steps readably."""

    def __init__(self, out: TextIO = sys.stdout) -> None:
        self.out = out
        self.step = 0

    def section(self, title: str) -> None:
        """``━━ 4. title ━━━…``: the rule runs to the heading width, and a long title still gets a short one."""
        self.step += 1
        print(f"\n━━ {self.step}. {title} " + "━" * max(RULE_MIN, 70 - len(title)), file=self.out)

    def say(self, text: str = "") -> None:
        print(text, file=self.out)


#: The settings the demo never takes from the environment or ``.env``: whatever would make it talk to, or about, a
#: real workspace or spa (Slack tokens and secrets, people, channels, the spa system, the model server) or touch real
#: state (the database, the mode). The demo uses their defaults, the sandbox's, and never reads them: a spa's own
#: ``.env`` (its front desk, channel, managers, a blank secret) neither breaks the demo nor shows up in it.
SANDBOX_ONLY = (
    "slack_bot_token", "slack_signing_secret", "slack_app_token", "slack_api_url",
    "mangomint_api_url", "mangomint_api_key", "mangomint_webhook_secret", "mangomint_timeout_seconds",
    "mangomint_max_retries", "mangomint_retry_backoff_seconds", "spa_db_path", "spa_mode", "spa_front_desk_channel",
    "spa_ops_channel", "spa_manager_ids", "spa_manager_group", "spa_front_desk_ids", "spa_staff_slack_ids",
    "llm_base_url", "llm_api_key", "llm_model", "llm_timeout_seconds", "llm_max_retries", "llm_concurrency",
    "llm_structured_method",
)


def sandbox_values() -> dict[str, Any]:
    """The demo's value of each :data:`SANDBOX_ONLY` setting: its default."""
    return {name: Settings.model_fields[name].get_default(call_default_factory=True) for name in SANDBOX_ONLY}


def demo_settings(**overrides: Any) -> tuple[Settings, list[str]]:
    """The settings ``spa-copilot demo`` starts from, and a note for each value it could not read.

    The demo runs on the sandbox whatever the environment or ``.env`` says: the :data:`SANDBOX_ONLY` settings are
    not read at all, and a value of another that does not parse (``POLL_SECONDS=abc``) is not a reason to stop:
    that setting takes its default and the note names it (never its value, which may be a secret); an ``.env`` that
    is not UTF-8 is skipped, with a note. ``overrides`` (e.g. ``sandbox_seed`` from ``--seed``) win over both."""
    replaced: dict[str, Any] = sandbox_values()
    notes: list[str] = []
    if unreadable := env_file_not_utf8(ENV_FILE):  # every other command stops on it; the demo goes on without it
        replaced["_env_file"] = None
        notes.append(f"{unreadable}; the demo skips it.")
    for _ in range(len(Settings.model_fields)):
        try:
            return Settings(**{**replaced, **overrides}), notes
        except ValidationError as exc:
            bad = {str(error["loc"][0]) for error in exc.errors() if error.get("loc")}
            fresh = {name for name in bad if name in Settings.model_fields and name not in replaced}
            if not fresh:
                raise
            for name in sorted(fresh):
                replaced[name] = Settings.model_fields[name].get_default(call_default_factory=True)
                notes.append(f"{name.upper()} in the environment or .env is not valid; the demo uses its default.")
    return Settings(**{**replaced, **overrides}), notes  # pragma: no cover - every field replaced at most once


async def run_demo(
    settings: Settings,
    *,
    out: TextIO = sys.stdout,
    clock: Callable[[], datetime] | None = None,
    ignored: Sequence[str] = (),
) -> int:
    """Run the demo on the sandbox spa; returns the process exit code.

    ``clock`` (the wall clock if not given) is the copilot's and the sandbox's: the spa is generated at its
    first reading, each location's book on its own local today (tests run the demo at chosen hours). ``ignored``
    are :func:`demo_settings`' notes, printed first."""
    narrator = Narrator(out)
    for note in ignored:
        narrator.say(f"Note: {note}")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="spa-copilot-demo-") as tmp:
        # The embedded defaults whatever the settings say: the sandbox spa, the stand-in Slack and its people and
        # channels, the offline AI, approve mode (the demo clicks Approve), a throwaway database. So nothing leaves
        # the machine and nothing real is touched.
        settings = settings.model_copy(update={**sandbox_values(), "spa_db_path": Path(tmp) / "demo.db"})
        if "spa_name" not in settings.model_fields_set:
            settings = settings.model_copy(update={"spa_name": SPA_BRAND})
        store = Store.open(settings.spa_db_path)
        # one clock for the copilot and the sandbox, which the fill act may move ahead to when texting opens
        demo_clock = SkippableClock(clock or utc_now)
        async with sandbox_world(settings, store=store, clock=demo_clock) as world:
            _introduce(world, narrator)
            await _slash(world, narrator, "today", "The front desk asks for today's book")
            client = _interesting_client(world)
            await _slash(world, narrator, f"client {client.display_name}", "The front desk looks up a guest")
            await _slash(world, narrator, "risk", "The front desk asks which of tomorrow's guests may not come")
            await _slash(world, narrator, "todya", "A typo gets a short help, not an error")
            narrator.section("Calendar watch: a poll of the calendar finds the planted conflicts")
            await demo_calendar_watch(world, narrator.say)
            narrator.section("A cancellation becomes a fill proposal; a manager approves; the guest says YES")
            await demo_fill(world, narrator.say)
        store.close()
    narrator.say(f"\nDemo finished in {time.perf_counter() - started:.1f} s. Nothing left this machine.")
    return 0


def _introduce(world: SandboxWorld, narrator: Narrator) -> None:
    data = world.data
    narrator.section("The sandbox spa")
    narrator.say(
        f"Generated from seed {world.settings.sandbox_seed}: {len(data.locations)} locations, {len(data.staff)} staff, "
        f"{len(data.resources)} rooms and equipment, {len(data.services)} services, {len(data.clients)} clients, "
        f"{len(data.appointments)} appointments, {len(data.waitlist)} waitlist entries."
    )
    for location in data.locations:
        narrator.say(f"  • {location.name} ({location.time_zone})")
    managers = [s.display_name for s in data.staff if s.role == StaffRole.manager]
    narrator.say(f"Managers (may approve): {', '.join(managers)}. Mode: {world.settings.spa_mode}. AI: "
                 f"{'model ' + world.settings.llm_model if world.settings.uses_llm else 'offline engine'}.")


async def _slash(world: SandboxWorld, narrator: Narrator, text: str, title: str, *, user: str = FRONT_DESK_USER) -> None:
    narrator.section(f"{title}: /spa {text}")
    before = len(world.slack.responses)
    await world.sender.slash_command(text, user_id=user)
    await world.slack.wait_for(lambda s: len(s.responses) > before, timeout=30)
    narrator.say(render_terminal(world.slack.responses[before]))


def _interesting_client(world: SandboxWorld):  # noqa: ANN202 - a domain Client
    """A guest with allergies and an alert (the card shows more), unique by full name."""
    names: dict[str, int] = {}
    for client in world.data.clients:
        names[client.display_name] = names.get(client.display_name, 0) + 1
    candidates = [
        c for c in world.data.clients
        if names[c.display_name] == 1 and c.health_history.allergies and c.alerts and c.first_name.isalpha()
    ]
    return candidates[0] if candidates else world.data.clients[0]
