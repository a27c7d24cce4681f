"""Review 30 of the therapist briefings: guest details that change after a therapist's prep DM, with no change to
the booking itself, reach her once ("Update: … has new guest details", with the cautions as they now stand).

- an intake form submitted at check-in (the ``form.submitted`` webhook, through the HTTP face): told at once, once;
  the same form submitted again says nothing;
- an alert or an allergy added to the client record (no webhook): the prep check's pass tells it, once, within its
  bounds (bookings starting within ``DETAILS_AHEAD``, ``DETAILS_BUDGET`` read a pass);
- nothing once her part of the visit is over; an outage sends no DM, says so once, and the update goes after it;
- a form of a guest with no prepped booking reads nothing from the spa system.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest

from spa_copilot import briefings
from spa_copilot.briefings import send_prep_briefings
from spa_copilot.domain import Alert, HealthHistory
from spa_copilot.platform.signing import signed_headers
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar

from .conftest import FakeClock
from .test_s29_briefing_updates import dms, prepped_at_12_50

SECRET = "sandbox-webhook-secret"
UPDATE = "Update: Adeline's 1:30pm Hot Stone Massage 75 has new guest details."


async def form_submitted(world: SandboxWorld, client_id: str, event_id: str) -> Any:
    body = json.dumps({
        "id": event_id, "type": "form.submitted", "createdAt": world.copilot.now().isoformat(),
        "data": {"form": {"id": f"form_{event_id}", "name": "Massage intake", "clientId": client_id}},
    }).encode()
    headers = signed_headers(SECRET, int(world.copilot.now().timestamp()), body)
    return await world.http.post("/webhooks/mangomint", content=body, headers={"Content-Type": "application/json", **headers})


def edit_client(world: SandboxWorld, client_id: str, **update: Any) -> None:
    world.spa.clients[client_id] = world.spa.clients[client_id].model_copy(update=update)


async def prep_check(world: SandboxWorld, clock: FakeClock, local: Callable[[int, int], datetime], minute: int) -> None:
    clock.current = local(12, minute)
    await poll_calendar(world.copilot)
    await send_prep_briefings(world.copilot)


async def test_a_form_submitted_after_the_prep_dm_is_told_once_and_the_same_form_again_says_nothing(
    world: SandboxWorld, clock: FakeClock
) -> None:
    local = await prepped_at_12_50(world, clock)
    ap = world.spa.appointments["ap_p06"]  # Adeline's 1:30pm Hot Stone Massage 75 with Ana
    ana, guest = ap.staff_ids[0], ap.client_id
    before = dms(world, ana)
    assert before[-1].startswith("Coming up at 1:30pm: Adeline") and "pregnan" not in before[-1].lower()
    clock.current = local(12, 55)
    edit_client(world, guest, health_history=HealthHistory(pregnant=True, allergies=["latex"]))
    answer = await form_submitted(world, guest, "evt_form_1")
    assert answer.status_code == 200 and answer.json() == {"ok": True, "duplicate": False}
    [told] = dms(world, ana)[len(before):]
    print(told)
    lines = told.splitlines()
    assert lines[0] == UPDATE
    assert any(line.startswith("Check: Hot Stone Massage 75 is contraindicated for this guest: pregnancy") for line in lines)
    assert any("latex" in line.lower() and line.startswith("Check: ") for line in lines)
    # the same form submitted again (a new event), and the prep checks that follow: nothing more
    assert (await form_submitted(world, guest, "evt_form_2")).status_code == 200
    for minute in (56, 58):
        await prep_check(world, clock, local, minute)
    assert len(dms(world, ana)) == len(before) + 1
    kept = world.copilot.store.told("ap_p06", ana)
    assert kept is not None and "latex" not in json.dumps(kept).lower() and "pregnan" not in json.dumps(kept).lower()


async def test_an_alert_added_to_the_client_record_is_told_once_by_the_prep_checks_pass(
    world: SandboxWorld, clock: FakeClock
) -> None:
    local = await prepped_at_12_50(world, clock)
    ap = world.spa.appointments["ap_p06"]
    ana, guest = ap.staff_ids[0], ap.client_id
    n0 = len(dms(world, ana))
    clock.current = local(12, 52)
    alerts = world.spa.clients[guest].alerts
    edit_client(world, guest, alerts=[*alerts, Alert(text="Nut allergy - no almond oil", severity="critical")])
    await prep_check(world, clock, local, 53)  # no webhook: the desk edited the record
    [told] = dms(world, ana)[n0:]
    lines = told.splitlines()
    assert lines[0] == UPDATE
    assert any(line.startswith("Check: ") and "almond" in line.lower() for line in lines)
    for minute in (56, 58):
        await prep_check(world, clock, local, minute)
    assert len(dms(world, ana)) == n0 + 1
    # taken off by mistake, then put back: each is told (what she knows is what the record says)
    edit_client(world, guest, alerts=alerts)
    await prep_check(world, clock, local, 59)
    assert len(dms(world, ana)) == n0 + 2 and "almond" not in dms(world, ana)[-1].lower()
    assert dms(world, ana)[-1].splitlines()[0] == UPDATE
    edit_client(world, guest, alerts=[*alerts, Alert(text="Nut allergy - no almond oil", severity="critical")])
    clock.current = local(13, 2)
    await send_prep_briefings(world.copilot)
    assert len(dms(world, ana)) == n0 + 3 and "almond" in dms(world, ana)[-1].lower()
    assert dms(world, ana)[-1].splitlines()[0] == UPDATE


async def test_told_while_her_part_is_under_way_and_nothing_once_it_is_over(world: SandboxWorld, clock: FakeClock) -> None:
    local = await prepped_at_12_50(world, clock)
    ap = world.spa.appointments["ap_p06"]
    ana, guest = ap.staff_ids[0], ap.client_id
    n0 = len(dms(world, ana))

    def updates() -> list[str]:
        return [dm for dm in dms(world, ana)[n0:] if dm.startswith("Update: Adeline")]

    clock.current = local(13, 40)  # the guest is with her: a form filled in late still reaches her
    edit_client(world, guest, health_history=HealthHistory(pregnant=True))
    assert (await form_submitted(world, guest, "evt_form_during")).status_code == 200
    assert len(updates()) == 1 and "pregnancy" in updates()[0]
    clock.current = ap.end_at  # her part is over: nothing more of it, by webhook or by the prep check
    edit_client(world, guest, alerts=[Alert(text="Latex allergy", severity="critical")])
    assert (await form_submitted(world, guest, "evt_form_late")).status_code == 200
    await send_prep_briefings(world.copilot)
    assert len(updates()) == 1


async def test_an_outage_during_the_check_sends_no_dm_says_so_once_and_the_update_goes_after_it(
    world: SandboxWorld, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    local = await prepped_at_12_50(world, clock)
    ap = world.spa.appointments["ap_p06"]
    ana, guest = ap.staff_ids[0], ap.client_id
    n0 = len(dms(world, ana))
    edit_client(world, guest, alerts=[Alert(text="Latex allergy - nitrile gloves only", severity="critical")])
    caplog.set_level(logging.WARNING)
    for minute in (52, 54):
        clock.current = local(12, minute)
        world.spa.faults.fail_next(500, status=503)
        await send_prep_briefings(world.copilot)  # never raises
        world.spa.faults.clear_scripted()
    assert len(dms(world, ana)) == n0
    said = [r for r in caplog.records if r.levelno >= logging.WARNING and "does not answer" in r.getMessage()]
    assert len(said) == 1, [r.getMessage() for r in caplog.records]
    # and the webhook meeting it: 503, the sender retries; no DM
    world.spa.faults.fail_next(500, status=503)
    assert (await form_submitted(world, guest, "evt_form_down")).status_code == 503
    world.spa.faults.clear_scripted()
    assert len(dms(world, ana)) == n0
    await prep_check(world, clock, local, 56)  # the spa system answers again
    [told] = dms(world, ana)[n0:]
    assert told.splitlines()[0] == UPDATE and "nitrile" in told
    await prep_check(world, clock, local, 58)
    assert (await form_submitted(world, guest, "evt_form_down")).status_code == 200  # the retry: nothing new
    assert len(dms(world, ana)) == n0 + 1


async def test_a_form_of_a_guest_with_no_prepped_booking_reads_nothing(
    world: SandboxWorld, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    await prepped_at_12_50(world, clock)
    prepped = {row.client_id for loc in world.spa.locations for row in world.copilot.store.snapshot(location_id=loc).values()
               if any(world.copilot.store.told(row.appointment_id, sid) for sid in row.staff_ids)}
    other = next(cid for cid in sorted(world.spa.clients) if cid not in prepped)
    reads: list[str] = []
    platform = world.copilot.platform
    for name in ("get_client", "get_appointment", "list_appointments"):
        real = getattr(platform, name)

        def counted(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            reads.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(platform, name, counted)
    edit_client(world, other, health_history=HealthHistory(pregnant=True))
    assert (await form_submitted(world, other, "evt_form_other")).status_code == 200
    assert reads == []
    # a form naming no client at all is acknowledged and left to the prep check's pass
    body = json.dumps({"id": "evt_form_anon", "type": "form.submitted", "data": {"form": {"id": "f1"}}}).encode()
    headers = signed_headers(SECRET, int(world.copilot.now().timestamp()), body)
    answer = await world.http.post("/webhooks/mangomint", content=body, headers={"Content-Type": "application/json", **headers})
    assert answer.status_code == 200 and reads == []
    # a prepped guest's form: her booking and her record are read (and the other guests of the therapist's day, named
    # as her DM named them, once an update is to go), no other booking
    ap = world.spa.appointments["ap_p06"]
    edit_client(world, ap.client_id, health_history=HealthHistory(pregnant=True))
    n0 = len(dms(world, ap.staff_ids[0]))
    assert (await form_submitted(world, ap.client_id, "evt_form_hers")).status_code == 200
    assert reads.count("get_appointment") == 1 and "list_appointments" not in reads
    assert len(dms(world, ap.staff_ids[0])) == n0 + 1


async def test_the_poll_pass_reads_only_bookings_starting_soon_and_a_few_a_pass_taking_turns(
    world: SandboxWorld, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = await prepped_at_12_50(world, clock)
    store = world.copilot.store
    rows = [row for loc in world.spa.locations for row in store.snapshot(location_id=loc).values()
            if any(store.told(row.appointment_id, sid) for sid in row.staff_ids)]
    assert len(rows) >= 2, rows
    read: list[str] = []
    platform = world.copilot.platform
    real = platform.get_appointment

    def counted(appointment_id: str, *args: Any, **kwargs: Any) -> Any:
        read.append(appointment_id)
        return real(appointment_id, *args, **kwargs)

    monkeypatch.setattr(platform, "get_appointment", counted)
    monkeypatch.setattr(briefings, "DETAILS_BUDGET", 1)
    clock.current = local(12, 52)
    assert await briefings.recheck_guest_details(world.copilot) == 1
    assert await briefings.recheck_guest_details(world.copilot) == 1
    assert len(set(read)) == 2  # the next pass reads the one not read yet
    # none starts further ahead than DETAILS_AHEAD: pushed back, nothing is read
    # only those under way or starting within DETAILS_AHEAD are read
    monkeypatch.setattr(briefings, "DETAILS_BUDGET", 100)
    monkeypatch.setattr(briefings, "DETAILS_AHEAD", timedelta(minutes=5))
    read.clear()
    soon = {row.appointment_id for row in rows if datetime.fromisoformat(row.start_at) <= clock() + timedelta(minutes=5)}
    assert soon and len(soon) < len(rows)
    assert await briefings.recheck_guest_details(world.copilot) == len(soon) and set(read) == soon


def test_the_client_a_form_names_is_read_from_the_shapes_a_sender_may_use() -> None:
    assert briefings.submitted_client_id({"form": {"clientId": "cl_1"}}) == "cl_1"
    assert briefings.submitted_client_id({"clientId": 5520117}) == "5520117"
    assert briefings.submitted_client_id({"formSubmission": {"clientInfo": {"id": 42}}}) == "42"
    assert briefings.submitted_client_id({"form": {"client": {"id": "cl_2"}}}) == "cl_2"
    assert briefings.submitted_client_id({"form": {"id": "f1"}, "clientId": True}) is None
    assert briefings.submitted_client_id({"form": "x", "clientId": " "}) is None


def test_the_scheduler_registers_the_form_webhook_once_and_the_behaviour_doc_gives_the_pass_bounds(
    world: SandboxWorld,
) -> None:
    from pathlib import Path

    from spa_copilot.platform.webhooks import FORM_SUBMITTED
    from spa_copilot.scheduler import build_scheduler

    build_scheduler(world.copilot)
    briefings.register_handler(world.copilot)  # as each prep check does
    assert len(world.copilot.webhook_handlers.get(FORM_SUBMITTED, [])) == 1
    behaviour = " ".join((Path(__file__).resolve().parent.parent / "docs" / "behaviour.md").read_text().split())
    hours = briefings.DETAILS_AHEAD.total_seconds() / 3600
    assert f"starting within {hours:g} hours or under way, at most {briefings.DETAILS_BUDGET} a check" in behaviour


async def test_a_record_read_again_unchanged_is_not_read_for_its_profile_again(
    world: SandboxWorld, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = await prepped_at_12_50(world, clock)
    profiles: list[str] = []
    real = world.copilot.ai.extract_profile

    async def counted(*args: Any, **kwargs: Any) -> Any:
        profiles.append(kwargs.get("subject_id", ""))
        return await real(*args, **kwargs)

    monkeypatch.setattr(world.copilot.ai, "extract_profile", counted)
    clock.current = local(12, 52)
    first = await briefings.recheck_guest_details(world.copilot)
    assert first and len(profiles) == first  # each prepped guest's record read for what the DM would say now
    profiles.clear()
    assert await briefings.recheck_guest_details(world.copilot) == first and profiles == []  # nothing changed
    guest = world.spa.appointments["ap_p06"].client_id
    edit_client(world, guest, alerts=[Alert(text="Latex allergy", severity="critical")])
    await briefings.recheck_guest_details(world.copilot)
    assert profiles == [guest]
