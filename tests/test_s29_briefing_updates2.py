"""Review 29d of the updates a therapist gets after their prep DM (77592fa):

- a booking given to a colleague and back, for another guest at another time, is told against what the therapist was
  last told: "… is booked with you again, is moved to 1:45pm and is now for Kinsley", with her cautions;
- an update the spa system could not be asked for (a client read failing) is kept and sent by the next check, once;
- the digest of what a DM said of the guest is keyed (HMAC), so the database alone gives no condition away; a row
  kept unkeyed by 77592fa is keyed again silently when it still says the same;
- a note saved again with other case, punctuation or blanks is no update; a change of words is;
- a therapist whose own part of a visit is over hears nothing more of it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
from datetime import timedelta

from spa_copilot.ai.schemas import GuestProfile
from spa_copilot.briefings import _profile, _said_key
from spa_copilot.domain import Alert, Appointment, AppointmentStatus, ServiceLine
from spa_copilot.engines import briefing as engine
from spa_copilot.engines.calendar_diff import snapshot_of
from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar
from tests.builders import client, location

from .conftest import FakeClock
from .test_s29_briefing_updates import (
    NOW,
    RESOURCES,
    SERVICES,
    STAFF,
    checks,
    dms,
    prepped_at_12_50,
    soho_clock,
    two_parts,
)

# ---------------------------------------------------------------------------------------------------
# 1. Given away and back, for another guest at another time


async def test_a_booking_given_away_and_back_for_another_guest_says_her_time_her_name_and_her_cautions(
    world: SandboxWorld, clock: FakeClock
) -> None:
    local = await prepped_at_12_50(world, clock)
    ap = world.spa.appointments["ap_p06"]  # Adeline's 1:30pm Hot Stone Massage 75 with Ana
    ana = ap.staff_ids[0]
    other = next(s for s in world.spa.staff.values() if s.location_id == ap.location_id and s.id != ana
                 and "hotStone" in (s.skills or []) and s.active)
    kin = next(c for cid, c in sorted(world.spa.clients.items()) if cid != ap.client_id and c.first_name != "Adeline")
    world.spa.clients[kin.id] = kin.model_copy(update={
        "notes": "Pregnant, 24 weeks.", "alerts": [Alert(text="LATEX ALLERGY - nitrile only", severity="critical")]})
    n0 = len(dms(world, ana))
    clock.current = local(12, 55)  # the slot given to Kinsley, with a colleague
    lines = [line.model_copy(update={"staff_id": other.id}) for line in ap.services]
    world.spa.put_appointment(ap.model_copy(update={
        "client_id": kin.id, "services": lines, "version": ap.version + 1, "updated_at": clock()}))
    await checks(world, clock, local, [56])
    clock.current = local(12, 58)  # ...and back to Ana, 15 minutes later
    ap2, shift = world.spa.appointments["ap_p06"], timedelta(minutes=15)
    lines = [line.model_copy(update={"staff_id": ana, "start_at": line.start_at + shift, "end_at": line.end_at + shift})
             for line in ap2.services]
    world.spa.put_appointment(ap2.model_copy(update={
        "services": lines, "start_at": ap2.start_at + shift, "end_at": ap2.end_at + shift,
        "version": ap2.version + 1, "updated_at": clock()}))
    await checks(world, clock, local, [59])
    await checks(world, clock, local, [5, 10, 20, 40], hour=13)
    away, back = [m for m in dms(world, ana)[n0:] if "Adeline" in m or kin.first_name in m]  # not her 3:30pm guest's prep
    assert away.startswith("Update: Adeline's 1:30pm Hot Stone Massage 75 is moved to ")
    head, *cautions = back.splitlines()
    assert head == (
        f"Update: Adeline's 1:30pm Hot Stone Massage 75 is booked with you again, is moved to 1:45pm and is now for "
        f"{kin.first_name}.")
    assert any(c.startswith("Check:") and "pregnancy" in c for c in cautions)
    assert any(c.startswith("Check:") and "LATEX" in c for c in cautions)
    told = engine.ToldPart.from_record(world.copilot.store.told("ap_p06", ana))  # what she now knows
    assert told is not None and told.client_id == kin.id and told.start == ap2.start_at + shift


def test_given_back_is_measured_against_what_she_was_told() -> None:
    before, after = two_parts(massage_staff="st_bea"), two_parts(version=2)  # the massage given back to Ana
    kwargs = {"first_name": "Adeline", "location": location(), "now": NOW, "services": SERVICES,
              "resources": RESOURCES, "staff": STAFF, "client": client(), "profile": GuestProfile(), "said": "same"}
    # without a kept record (a DM sent before 77592fa): only that
    assert engine.prep_update(snapshot_of(before), after, "st_ana", **kwargs) == (
        "Update: Adeline's 1:00pm Swedish Massage 60 is booked with you again.")
    # told of her facial at 2:00pm: the massage at 1:00pm she now gives is said
    told = engine.told_part(two_parts(massage_staff="st_bea", facial_staff="st_ana"), "st_ana", said="same",
                            resources=RESOURCES)
    assert engine.prep_update(snapshot_of(before), after, "st_ana", told=told, **kwargs) == (
        "Update: Adeline's 2:00pm Dermaplaning Facial 60 is booked with you again, is moved to 1:00pm, is now "
        "Swedish Massage 60 and is now in Massage Room 1.")


# ---------------------------------------------------------------------------------------------------
# 2. The spa system failing a client read at the poll that sees the change


async def _through_a_hiccup(world: SandboxWorld, clock: FakeClock, change) -> list[str]:  # noqa: ANN001
    local = await prepped_at_12_50(world, clock)
    ap = world.spa.appointments["ap_p06"]  # Adeline's 1:30pm Hot Stone Massage 75 with Ana
    ana = ap.staff_ids[0]
    n0 = len(dms(world, ana))
    clock.current = local(12, 55)
    change(world, ap, clock)
    platform = world.copilot.platform
    real, fails = platform.get_client, {"left": 1}

    async def flaky(client_id, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if fails["left"]:
            fails["left"] -= 1
            raise PlatformUnavailable("503 from the spa system")
        return await real(client_id, *args, **kwargs)

    platform.get_client = flaky  # type: ignore[method-assign]
    clock.current = local(12, 56)
    await poll_calendar(world.copilot)  # the poll that sees the change: its client read fails
    assert fails["left"] == 0
    assert dms(world, ana)[n0:] == []
    assert [told.appointment_id for told, _ in world.copilot.store.kept_updates()] == ["ap_p06"]
    await checks(world, clock, local, [57, 58, 59])
    await checks(world, clock, local, [1, 5, 10, 20], hour=13)
    assert world.copilot.store.kept_updates() == []
    return dms(world, ana)[n0:]


async def test_a_note_added_while_the_spa_system_fails_a_read_is_told_at_the_next_check_once(
    world: SandboxWorld, clock: FakeClock
) -> None:
    def note(world, ap, clock):  # noqa: ANN001, ANN202
        world.spa.put_appointment(ap.model_copy(update={
            "notes": "PREGNANT 24 wks - latex allergy!!", "version": ap.version + 1, "updated_at": clock()}))

    [told] = await _through_a_hiccup(world, clock, note)
    assert told.startswith("Update: Adeline's 1:30pm Hot Stone Massage 75 has new guest details.\n")
    assert "PREGNANT" in told


async def test_a_cancellation_while_the_spa_system_fails_a_read_is_told_at_the_next_check_once(
    world: SandboxWorld, clock: FakeClock
) -> None:
    def cancel(world, ap, clock):  # noqa: ANN001, ANN202
        world.spa.cancel(ap.id, reason="client called", by="front desk")

    assert await _through_a_hiccup(world, clock, cancel) == ["Update: Adeline's 1:30pm Hot Stone Massage 75 is cancelled."]


# ---------------------------------------------------------------------------------------------------
# 3. The digest is keyed


async def test_the_kept_digest_is_keyed_and_no_unkeyed_hash_of_the_guests_conditions_matches_it(
    world: SandboxWorld, clock: FakeClock
) -> None:
    ap = world.spa.appointments["ap_p06"]
    guest = world.spa.clients[ap.client_id]
    world.spa.clients[guest.id] = guest.model_copy(update={"notes": "Pregnant, 24 weeks. Nut allergy.", "alerts": []})
    world.spa.put_appointment(ap.model_copy(update={"notes": None}))
    await prepped_at_12_50(world, clock)
    db = sqlite3.connect(world.copilot.settings.spa_db_path)
    [(record,)] = db.execute("SELECT told FROM prep_told WHERE appointment_id = 'ap_p06'").fetchall()
    said = json.loads(record)["said"]
    # the attacker of the probe, told the right answer: the 77592fa recipe over the guest's true conditions
    client_now = world.spa.clients[guest.id]
    profile = await _profile(world.copilot, client_now, today=clock().date())
    names = sorted({n.lower() for n in engine.safety_names(client_now, profile)})
    assert names  # the guest has conditions to hide
    recipe = {"client": guest.id, "safety": names, "alerts": [], "note": ""}
    assert hashlib.sha256(json.dumps(recipe, sort_keys=True).encode()).hexdigest()[:24] not in said
    assert engine.legacy_said_digest(client_now, profile, world.spa.appointments["ap_p06"]) != said
    # it is the HMAC under a key derived from the signing secret, which the database does not hold
    assert said == engine.said_digest(client_now, profile, world.spa.appointments["ap_p06"], key=_said_key(world.copilot))
    secret = world.copilot.settings.slack_signing_secret.get_secret_value()
    key = hmac.new(secret.encode(), b"spa-copilot prep_told said v1", hashlib.sha256).digest()
    assert _said_key(world.copilot) == key
    dump = "\n".join(db.iterdump())
    assert secret not in dump and key.hex() not in dump


def test_the_digest_depends_on_the_key() -> None:
    plain = two_parts()
    one = engine.said_digest(client(), GuestProfile(), plain, key=b"one")
    assert one.startswith(engine.SAID_KEYED)
    assert one != engine.said_digest(client(), GuestProfile(), plain, key=b"two")


async def _with_a_legacy_row(world: SandboxWorld, clock: FakeClock, *, note: str | None):  # noqa: ANN202
    """Ana prepped at 12:50 about Adeline, her told row then put back as 77592fa kept it (unkeyed); at 12:55 the
    booking changes (``note``, or only its version)."""
    local = await prepped_at_12_50(world, clock)
    ap = world.spa.appointments["ap_p06"]
    ana = ap.staff_ids[0]
    store = world.copilot.store
    told = engine.ToldPart.from_record(store.told(ap.id, ana))
    assert told is not None and told.said.startswith(engine.SAID_KEYED)
    guest = world.spa.clients[ap.client_id]
    profile = await _profile(world.copilot, guest, today=clock().date())
    legacy = {**told.as_record(), "said": engine.legacy_said_digest(guest, profile, ap)}
    legacy.pop("end")
    store.remember_told(ap.id, ana, legacy, at=clock())
    n0 = len(dms(world, ana))
    clock.current = local(12, 55)
    world.spa.put_appointment(ap.model_copy(update={
        **({"notes": note} if note is not None else {}), "version": ap.version + 1, "updated_at": clock()}))
    await checks(world, clock, local, [56, 58])
    return dms(world, ana)[n0:], engine.ToldPart.from_record(store.told(ap.id, ana))


async def test_an_unkeyed_row_saying_the_same_is_keyed_again_without_an_update(world: SandboxWorld, clock: FakeClock) -> None:
    sent, told = await _with_a_legacy_row(world, clock, note=None)
    assert sent == []
    assert told is not None and told.said.startswith(engine.SAID_KEYED)


async def test_an_unkeyed_row_that_differs_is_told_once(world: SandboxWorld, clock: FakeClock) -> None:
    sent, told = await _with_a_legacy_row(world, clock, note="PREGNANT 24 wks")
    [update] = sent
    assert update.startswith("Update: Adeline's 1:30pm Hot Stone Massage 75 has new guest details.")
    assert told is not None and told.said.startswith(engine.SAID_KEYED)


# ---------------------------------------------------------------------------------------------------
# 4. A note saved again with other case, punctuation or blanks


def test_the_digest_reads_a_notes_words_not_its_case_punctuation_or_blanks() -> None:
    def said(note: str) -> str:
        return engine.said_digest(client(), GuestProfile(), two_parts().model_copy(update={"notes": note}), key=b"k")

    assert said("latex allergy") == said("Latex allergy") == said("Latex  allergy. ") == said("LATEX-allergy!!")
    assert said("latex") != said("latex allergy")
    assert said("Latex allergy.") != said("Latex allergy. Running 5 min late")


async def test_a_note_typed_in_saves_is_told_only_when_its_words_change(world: SandboxWorld, clock: FakeClock) -> None:
    local = await prepped_at_12_50(world, clock)
    ana = world.spa.appointments["ap_p06"].staff_ids[0]
    n0 = len(dms(world, ana))
    told_at: list[int] = []
    for minute, note in [(52, "latex"), (53, "latex allergy"), (54, "Latex allergy"), (55, "Latex allergy "),
                         (56, "Latex allergy."), (57, "Latex allergy. Running 5 min late")]:
        ap = world.spa.appointments["ap_p06"]
        clock.current = local(12, minute)
        world.spa.put_appointment(ap.model_copy(update={"notes": note, "version": ap.version + 1, "updated_at": clock()}))
        before = len(dms(world, ana))
        await checks(world, clock, local, [minute])
        if len(dms(world, ana)) > before:
            told_at.append(minute)
    assert told_at == [52, 53, 57]
    assert all("has new guest details" in m for m in dms(world, ana)[n0:])


# ---------------------------------------------------------------------------------------------------
# 5. Her own part of the visit over


async def test_a_note_after_a_therapists_own_part_ended_reaches_only_the_therapist_still_to_give_hers(
    world: SandboxWorld, clock: FakeClock
) -> None:
    local = soho_clock(world)
    rooms = [r for r in world.data.resources if r.location_id == "loc_soho"]
    mroom = next(r.id for r in rooms if r.room_type == "massageRoom")
    froom = next(r.id for r in rooms if r.room_type == "facialRoom")
    cid = sorted(world.spa.clients)[5]
    name = world.spa.clients[cid].first_name

    def visit(version: int, notes: str = "") -> Appointment:
        m0, f0 = local(13, 15), local(14, 15)
        lines = [ServiceLine(id="pl1", service_id="sv_swedish_60", service_name="Swedish Massage 60",
                             staff_id="st_ana_reyes", start_at=m0, end_at=m0 + timedelta(minutes=60), resource_ids=[mroom]),
                 ServiceLine(id="pl2", service_id="sv_signature_facial_60", service_name="Signature Facial 60",
                             staff_id="st_claire_dubois", start_at=f0, end_at=f0 + timedelta(minutes=60),
                             resource_ids=[froom])]
        return Appointment(id="ap_two", location_id="loc_soho", client_id=cid, status=AppointmentStatus.confirmed,
                           start_at=m0, end_at=lines[-1].end_at, services=lines, version=version, notes=notes,
                           updated_at=clock(), created_at=local(9, 0))

    clock.current = local(9, 0)
    world.spa.put_appointment(visit(1))
    await prepped_at_12_50(world, clock)
    await checks(world, clock, local, [0, 10, 20, 30], hour=14)  # Claire's prep DM comes
    n_ana, n_claire = len(dms(world, "st_ana_reyes")), len(dms(world, "st_claire_dubois"))
    assert any(m.startswith(f"Coming up at 2:15pm: {name}") for m in dms(world, "st_claire_dubois"))
    clock.current = local(14, 40)
    world.spa.put_appointment(visit(2, notes="Wants cucumber eye pads for the facial"))
    await checks(world, clock, local, [41, 45], hour=14)
    assert [m for m in dms(world, "st_ana_reyes")[n_ana:] if name in m] == []  # her massage ended at 2:15pm
    [claire] = [m for m in dms(world, "st_claire_dubois")[n_claire:] if name in m]
    assert claire.startswith(f"Update: {name}'s 2:15pm Signature Facial 60 has new guest details.")


def test_own_part_over_reads_the_part_not_the_visit() -> None:
    visit = two_parts()  # Ana's massage 1:00-2:00pm, Bea's facial 2:00-3:00pm
    told = engine.told_part(visit, "st_ana", said="s", resources={})
    end = visit.end_at
    assert engine.own_part_over(end, visit, "st_ana", told, now=visit.start_at + timedelta(minutes=70))
    assert not engine.own_part_over(end, visit, "st_bea", None, now=visit.start_at + timedelta(minutes=70))
    # a row kept without its end (77592fa) reads the part as booked now
    legacy = engine.ToldPart.from_record({k: v for k, v in told.as_record().items() if k != "end"})
    assert legacy is not None and legacy.end is None
    assert engine.own_part_over(end, visit, "st_ana", legacy, now=visit.start_at + timedelta(minutes=70))
    # her part moved later since: not over
    later = two_parts(facial_at="13:00", massage_staff="st_bea", facial_staff="st_ana", version=2)
    moved = later.model_copy(update={"services": [
        later.services[0], later.services[1].model_copy(update={
            "start_at": later.services[1].start_at + timedelta(hours=2),
            "end_at": later.services[1].end_at + timedelta(hours=2)})]})
    assert not engine.own_part_over(end, moved, "st_ana", told, now=visit.start_at + timedelta(minutes=70))
