"""The fill workflow's test scene: a world with fill wired, one of today's appointments to cancel and three clients
waiting for it. The ``scene`` fixture is registered in ``conftest.py``; ``test_fill_flow`` and ``test_fill_governance``
use it.
"""

from __future__ import annotations

import asyncio
import copy
import functools
import json
import sqlite3
import sys
import time
import weakref
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest

from spa_copilot import fill, scheduler
from spa_copilot.ai import offline
from spa_copilot.ai.schemas import InvitationInput
from spa_copilot.domain import (
    Appointment,
    AppointmentStatus,
    Client,
    InboundMessage,
    Location,
    MessageChannel,
    Service,
    Staff,
    WaitlistStatus,
)
from spa_copilot.engines.fill_ranking import OpenSlot
from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.platform.webhooks import WebhookEvent
from spa_copilot.reads import Catalog
from spa_copilot.sandbox.slack_api import PostedMessage
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.settings import Settings
from spa_copilot.slack import answers, ids
from spa_copilot.slack.listeners import fill_actions
from tests.conftest import NOW, FakeClock, without_collecting
from tests.scenes import moved_away_claim

# ---------------------------------------------------------------------------------------------------
# The scene


class Scene:
    """A world with the fill workflow wired, one appointment to cancel and three clients waiting for it."""

    def __init__(self, world: SandboxWorld, clock: FakeClock) -> None:
        self.world = world
        self.clock = clock
        self.copilot = world.copilot
        self.store = world.copilot.store
        self.target = _target_appointment(world)
        self.entries: list[str] = []
        #: the claim of the scene's card: its cancellation's (the target's id), or the hour it left by a move
        #: to the sister location (``moved_away``)
        self.claim = self.target.id

    def plant_waitlist(self, count: int = 3) -> list[str]:
        """Replace the waitlist with ``count`` clients who want exactly the target's service today."""
        spa = self.world.spa
        for entry_id, entry in list(spa.waitlist.items()):
            spa.waitlist[entry_id] = entry.model_copy(update={"status": WaitlistStatus.cancelled})
        service_id = self.target.services[0].service_id
        day = self.target.start_at.astimezone(self.world.data.locations[0].tz).date()
        for days_waited, client_id in zip((20, 12, 5), quiet_clients(self.world, count), strict=False):
            entry = spa.create_waitlist_entry(
                {"locationId": self.target.location_id, "clientId": client_id, "serviceIds": [service_id],
                 "dateFrom": day.isoformat(), "dateTo": day.isoformat()}
            )
            spa.waitlist[entry.id] = entry.model_copy(update={"created_at": NOW - timedelta(days=days_waited)})
            self.entries.append(entry.id)
        return self.entries

    def moved_away(self) -> None:
        """The target moved to the sister location: the scene's card is the one for the hour it left here."""
        self.claim = moved_away_claim(self.target.id, self.target.location_id)

    async def restaff(self, staff_id: str | None) -> None:
        """The target's services given to ``staff_id`` (None: the room only, no therapist), seen by a poll."""
        target = self.target
        self.target = target.model_copy(update={
            "services": [line.model_copy(update={"staff_id": staff_id}) for line in target.services],
            "version": target.version + 1, "updated_at": self.clock()})
        self.world.spa.put_appointment(self.target)
        self.clock.advance(minutes=1)
        await scheduler.poll_calendar(self.copilot)

    async def cancel(self) -> None:
        response = await self.world.admin("POST", f"/sandbox/appointments/{self.target.id}/cancel", json={"reason": "sick"})
        assert response.status_code == 200

    @property
    def proposal(self) -> dict[str, Any]:
        row = self.store.fill_proposal_claimed(self.claim)
        assert row is not None, f"no proposal claimed {self.claim}"
        return row

    @property
    def card(self) -> PostedMessage:
        row = self.proposal
        message = self.world.slack.message(row["channel"], row["ts"])
        assert message is not None
        return message

    def card_text(self, message: PostedMessage | None = None) -> str:
        message = message or self.card
        return message.text + "\n" + json.dumps(message.blocks)

    def thread_text(self) -> str:
        row = self.proposal
        return "\n".join(m.text for m in self.world.slack.thread(row["channel"], row["ts"]))

    def candidate(self, index: int) -> dict[str, Any]:
        return self.proposal["candidates"][index]

    async def click(self, action_id: str, *, user: str | None = None, message: Any = None) -> None:
        response = await self.world.sender.click(message or self.card, action_id, user_id=user or self.world.manager_id)
        assert response.status_code == 200

    async def open_edit(self) -> dict[str, Any]:
        """Click Edit on the card; the modal Slack opened."""
        opened = len(self.world.slack.calls_to("views.open"))
        await self.click(ids.EDIT_FILL)
        await self.world.slack.wait_for(lambda s: len(s.calls_to("views.open")) > opened, timeout=10)
        return self.world.slack.calls_to("views.open")[opened].response["view"]

    async def save_edit(self, view: dict[str, Any], text: str) -> dict[str, Any]:
        """Save ``text`` in the Edit modal ``view`` as a manager; Slack's answer to the submission ({} when closed)."""
        response = await self.world.sender.submit_view(
            view, user_id=self.world.manager_id, values={ids.EDIT_DRAFT_BLOCK: {ids.EDIT_DRAFT_INPUT: text}}
        )
        assert response.status_code == 200
        return response.json() if response.content else {}

    async def reply(self, client_id: str, body: str) -> None:
        response = await self.world.admin("POST", f"/sandbox/clients/{client_id}/reply", json={"body": body})
        assert response.status_code == 200

    def sent(self) -> list[dict[str, Any]]:
        return [entry.to_json_dict() for entry in self.world.spa.outbox]

    def bookings_for(self, client_id: str) -> list[Appointment]:
        return [a for a in self.world.spa.appointments.values()
                if a.client_id == client_id and a.source == "copilot" and a.is_active]

    async def reject(self, reason: str) -> None:
        """A manager clicks Reject and submits ``reason`` in the modal that opens."""
        opened = len(self.world.slack.calls_to("views.open"))
        await self.click(ids.REJECT_FILL)
        await self.world.slack.wait_for(lambda s: len(s.calls_to("views.open")) > opened, timeout=10)
        view = self.world.slack.calls_to("views.open")[opened].response["view"]
        await self.world.sender.submit_view(
            view, user_id=self.world.manager_id, values={ids.REJECT_REASON_BLOCK: {ids.REJECT_REASON_INPUT: reason}}
        )

    async def approve_and_wait(self) -> None:
        before = len(self.sent())
        await self.click(ids.APPROVE_FILL)
        await eventually(lambda: len(self.sent()) > before and self.proposal["status"] == "sent")

    async def first_offer_sent(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The first candidate's text approved and sent: the candidate, and the offer it made."""
        first = self.candidate(0)
        await self.approve_and_wait()
        offer = self.store.latest_fill_offer(first["client_id"])
        assert offer is not None
        return first, offer

    async def first_hold_given_up(
        self, *, minutes_before_slot: int | None = None, seconds_after: int = 20
    ) -> tuple[dict[str, Any], dict[str, Any], datetime]:
        """The first candidate's text sent (``minutes_before_slot`` before the opening starts when given, else now),
        then its hold given up by the expiry run ``seconds_after`` the hold ended: the candidate, the offer, and when
        the hold ended. The card moves on to the next guest's draft, or, too near the slot for another text, closes as
        a list to call."""
        if minutes_before_slot is not None:
            start = datetime.fromisoformat(self.proposal["opening"]["start"])
            self.clock.current = start - timedelta(minutes=minutes_before_slot)
        first, offer = await self.first_offer_sent()
        expires = datetime.fromisoformat(offer["expires_at"])
        self.clock.current = expires + timedelta(seconds=seconds_after)
        await fill.expire_offers(self.copilot)
        return first, offer, expires


def _target_appointment(world: SandboxWorld) -> Appointment:
    location = world.data.locations[0]
    services = {s.id: s for s in world.data.services}
    today = [
        a for a in world.spa.appointments.values()
        if a.location_id == location.id and a.is_active and NOW + timedelta(hours=2) <= a.start_at <= NOW + timedelta(hours=8)
        and len(a.services) == 1 and services[a.services[0].service_id].staff_count == 1
        and services[a.services[0].service_id].room_types
    ]
    return min(today, key=lambda a: (a.start_at, a.id))


def quiet_clients(world: SandboxWorld, count: int) -> list[str]:
    """Clients who can be texted, have nothing booked today and no recent cancellations."""
    busy_today = {a.client_id for a in world.spa.appointments.values() if a.start_at.date() == NOW.date()}
    cancelled = {a.client_id for a in world.spa.appointments.values() if a.status == AppointmentStatus.cancelled}
    chosen = [
        c.id for c in sorted(world.spa.clients.values(), key=lambda c: c.id)
        if c.first_name.isalpha() and c.messaging_preferences.transactional_text != "optedOut"
        and c.id not in busy_today and c.id not in cancelled
    ]
    return chosen[:count]


def sms_reply(client_id: str, body: str, sent_at: datetime, message_id: str = "msg_late") -> WebhookEvent:
    """A client's text as the spa system's ``message.received`` webhook carries it, sent at ``sent_at``."""
    message = InboundMessage(id=message_id, client_id=client_id, channel=MessageChannel.sms, body=body,
                             received_at=sent_at)
    return WebhookEvent(id=f"evt_{message_id}", type="message.received", message=message)


async def eventually(predicate: Callable[[], bool], *, timeout: float = 30.0) -> None:
    """Wait until the predicate holds (Bolt finishes its work after the ack)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("the expected state was never reached")
        await asyncio.sleep(0.002)


@pytest.fixture
async def scene(world: SandboxWorld, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Scene]:
    monkeypatch.setitem(answers.ANSWERS, "fill", fill.answer_fill)
    copilot = world.copilot
    fill.install(copilot)
    if not copilot.webhook_handlers.get("appointment.*"):
        copilot.on_webhook("appointment.*", lambda event: scheduler.on_appointment_webhook(copilot, event))
    fill_actions.register(world.bolt, copilot)  # harmless if the app already has them: Bolt runs the first match
    await first_poll(world)  # the snapshot a cancellation is compared against
    scene = Scene(world, clock)
    scene.plant_waitlist()
    yield scene


# ---------------------------------------------------------------------------------------------------
# The scene's first poll, made once per test process
#
# The first poll of a scene's world posts the day's conflict cards (about 45) and records the calendar: most of a
# scene's set-up, and the same for every scene whose world started the same. So it runs once per test process for
# each start (the clock's instant, the settings, the world's counts before it), and what it left is kept: the state
# database, the stand-in Slack's messages and calls, the copilot's and the platform client's fields, and the
# product's per-store, per-client entries (its module-level weak dictionaries). Each later scene with the same start
# gets its own deep copy of all of it, in its own fresh world: nothing is shared between two tests.
# ``tests/test_s35_speed35_first_poll.py`` checks a copy against a real poll, field by field.

#: The copilot's fields a first poll leaves that a copy carries (the others are the world's own: its clients, its
#: clock, its settings with the test's paths; ``_catalog_at`` is set to the copy's instant).
_COPILOT_KEPT = ("_catalog", "_history", "change_handlers", "guest_names", "job_failures", "run_id")
#: The platform client's fields a poll changes (the others are its connection and its settings).
_PLATFORM_KEPT = ("_zones", "request_count", "skipped_inactive", "skipped_records")
#: The stand-in Slack's record (its users and its clock are the world's own).
_SLACK_KEPT = (
    "calls", "ephemerals", "responses", "views", "home_views", "response_urls", "_channels", "_messages", "_by_ts",
    "_triggers", "_used_triggers", "_ids", "_last_ts_micros", "_rate_limited", "_retry_after", "_lost_answers",
)


class _Hole:
    """Where a kept value referred to one of the world's own objects (its copilot, its store, ...): filled with the
    new world's when copied in."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __deepcopy__(self, memo: dict[int, Any]) -> _Hole:
        return self

    def __repr__(self) -> str:
        return f"<the world's {self.name}>"


_HOLES = {name: _Hole(name) for name in ("copilot", "store", "slack_client", "platform", "recorder", "spa")}


def _own_objects(world: SandboxWorld) -> dict[str, Any]:
    copilot = world.copilot
    return {"copilot": copilot, "store": copilot.store, "slack_client": copilot.slack, "platform": copilot.platform,
            "recorder": world.slack, "spa": world.spa}


def _weak_tables() -> dict[str, weakref.WeakKeyDictionary[Any, Any]]:
    """The product's module-level weak dictionaries (per store, per Slack client, per platform client), by name."""
    return _weak_tables_of(tuple(name for name in sys.modules if name.startswith("spa_copilot")))


@functools.lru_cache(maxsize=8)
def _weak_tables_of(modules: tuple[str, ...]) -> dict[str, weakref.WeakKeyDictionary[Any, Any]]:
    """The weak dictionaries of these modules, found once for each set of them imported: every scene walked every
    module's names for them, a tenth of a copied-in first poll."""
    return {
        f"{name}.{attr}": value
        for name in modules if (module := sys.modules.get(name)) is not None
        for attr, value in list(vars(module).items()) if isinstance(value, weakref.WeakKeyDictionary)
    }


@dataclass
class _FirstPoll:
    kept: dict[str, Any]
    database: sqlite3.Connection  # an in-memory copy of the state database


_FIRST_POLLS: dict[Any, _FirstPoll] = {}


def _start(world: SandboxWorld) -> Any:
    """What a first poll's outcome depends on, as far as a scene's world can differ: the instant, the settings
    (but the test's own paths and the stand-in Slack's port), and the world's counts before it (a fixture that
    posted, planted a booking or wrapped the Slack client before the scene gets a first poll of its own)."""
    copilot, slack, spa = world.copilot, world.slack, world.spa
    settings = copilot.settings.model_dump_json(exclude={"spa_db_path", "spa_model_dir", "slack_api_url"})
    return (
        copilot.now(), settings, type(copilot.slack), type(copilot.platform), type(copilot.ai), copilot.risk is None,
        copilot._catalog is None, tuple(copilot.change_handlers), tuple(sorted((k, len(v)) for k, v in copilot.webhook_handlers.items())),
        len(slack.calls), len(slack._by_ts), len(slack._channels), slack._rate_limited, len(slack._lost_answers),
        slack.on_message is None, len(spa.appointments), len(spa.waitlist), len(spa.clients), len(spa.staff),
        len(spa.outbox), len(spa.inbox), spa._last_stamp, copilot.store.db.conn.total_changes,
        type(spa.faults), repr({k: v for k, v in vars(spa.faults).items() if k != "_rng"}),  # its own generator
    )


def _keep(world: SandboxWorld) -> _FirstPoll:
    """What the world's first poll left, copied with each of the world's own objects replaced by a hole."""
    own = _own_objects(world)
    memo: dict[int, Any] = {id(obj): _HOLES[name] for name, obj in own.items()}
    by_id = {id(obj): name for name, obj in own.items()}
    tables = {
        n: {by_id[id(key)]: value for key, value in table.items() if id(key) in by_id}
        for n, table in _weak_tables().items()
    }
    kept = copy.deepcopy({
        "copilot": {name: getattr(world.copilot, name) for name in _COPILOT_KEPT},
        "platform": {name: getattr(world.copilot.platform, name) for name in _PLATFORM_KEPT},
        "recorder": {name: getattr(world.slack, name) for name in _SLACK_KEPT},
        "tables": tables,
    }, memo)
    database = sqlite3.connect(":memory:")
    world.copilot.store.db.conn.backup(database)
    return _FirstPoll(kept, database)


def _copy_in(first: _FirstPoll, world: SandboxWorld) -> None:
    """A deep copy of ``first`` into ``world``, as if its own first poll had left it."""
    own = _own_objects(world)
    kept = without_collecting(copy.deepcopy, first.kept, {id(_HOLES[name]): obj for name, obj in own.items()})
    first.database.backup(world.copilot.store.db.conn)
    for name, value in kept["copilot"].items():
        setattr(world.copilot, name, value)
    world.copilot._catalog_at = time.monotonic()
    for name, value in kept["platform"].items():
        setattr(world.copilot.platform, name, value)
    for name, value in kept["recorder"].items():
        setattr(world.slack, name, value)
    tables = _weak_tables()
    for table, entries in kept["tables"].items():
        for name, value in entries.items():
            tables[table][own[name]] = value


async def first_poll(world: SandboxWorld, *, kept: bool = True) -> None:
    """The world's first calendar poll: run once per test process for each start (``_start``), copied in after
    (``kept=False``: always run, and nothing kept)."""
    start = _start(world) if kept else None
    if start is not None and (first := _FIRST_POLLS.get(start)) is not None:
        _copy_in(first, world)
        return
    await scheduler.poll_calendar(world.copilot)
    if start is not None:
        _FIRST_POLLS[start] = _keep(world)


async def proposed(scene: Scene) -> Scene:
    await scene.cancel()
    assert scene.proposal["status"] == "pending"
    return scene


async def late_yes_reply(scene: Scene) -> tuple[dict[str, Any], dict[str, Any]]:
    """The first candidate's offer approved, let run out (11 minutes), then answered YES: her candidate row and the
    reply card's proposal row, whose draft says she is still on the waitlist."""
    from spa_copilot import fill

    await proposed(scene)
    first = scene.candidate(0)
    await scene.approve_and_wait()
    scene.clock.advance(minutes=11)
    await fill.expire_offers(scene.copilot)
    offer = scene.store.latest_fill_offer(first["client_id"])
    assert offer is not None
    await scene.reply(first["client_id"], "YES!")
    await eventually(lambda: scene.store.fill_proposal_for(f"reply:{offer['id']}") is not None)
    row = scene.store.fill_proposal_for(f"reply:{offer['id']}")
    assert row is not None and "still on our waitlist" in row["draft"], row
    return first, row


def down_once(monkeypatch: pytest.MonkeyPatch, target: Any, method: str, error: Exception | None = None) -> dict[str, int]:
    """``target.method`` raises ``error`` (PlatformUnavailable) on its next call only; the dict counts the calls."""
    real = getattr(target, method)
    calls = {"n": 0}

    async def flaky(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise error or PlatformUnavailable(f"{method}: HTTP 503 after 5 attempts", status=503)
        return await real(*args, **kwargs)

    monkeypatch.setattr(target, method, flaky)
    return calls


@dataclass
class DraftSetting:
    """What ``fill.drafts._draft_invitation`` is given for the scene's slot and its first waiting client, and the
    offline invitation it should come back with (``good``) when a model's draft is refused."""

    catalog: Catalog
    location: Location
    service: Service
    therapist: Staff
    slot: OpenSlot
    client: Client
    candidate: dict[str, Any]
    good: str
    settings: Settings


async def draft_setting(scene: Scene) -> DraftSetting:
    copilot = scene.copilot
    catalog = await copilot.catalog()
    line = scene.target.services[0]
    service, therapist = catalog.service(line.service_id), catalog.staff_member(line.staff_id or "")
    assert service is not None and therapist is not None
    location = next(loc for loc in catalog.locations if loc.id == scene.target.location_id)
    slot = OpenSlot(
        appointment_id=scene.target.id, location_id=location.id, start=line.start_at, end=line.end_at,
        time_zone=location.time_zone, service_ids=(service.id,), staff_ids=(therapist.id,),
    )
    client = await copilot.platform.get_client(scene.world.spa.waitlist[scene.entries[0]].client_id)
    candidate = {"client_id": client.id, "service_id": service.id, "start": line.start_at.isoformat(),
                 "staff_first_name": therapist.first_name}
    invite = InvitationInput.from_client(
        client, service=service, starts_at=line.start_at.astimezone(slot.tz), hold_minutes=copilot.settings.offer_hold_minutes,
        staff_first_name=therapist.first_name,
        location_name=location.name if len(catalog.locations) > 1 else None, drafted_at=copilot.now(),
    )
    return DraftSetting(
        catalog=catalog, location=location, service=service, therapist=therapist, slot=slot, client=client,
        candidate=candidate, good=offline.invitation_text(invite, spa_name=copilot.settings.spa_name),
        settings=copilot.settings.model_copy(update={"llm_model": "stub-model"}),
    )
