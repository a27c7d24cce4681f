"""The calendar diff engine: created, rescheduled, cancelled, no-show, reassigned, removed, out-of-order."""

from __future__ import annotations

from datetime import date, timedelta

from spa_copilot.domain import Cancellation
from spa_copilot.engines.calendar_diff import ChangeKind, diff_calendar, snapshot_of
from tests.builders import appointment, at

DAY = date(2026, 11, 24)


def kinds(changes):
    return [(c.kind, c.appointment_id) for c in changes]


def test_new_appointment_is_created_but_a_new_cancelled_one_is_not() -> None:
    live = appointment(at(DAY, "10:00"), id="ap_a")
    dead = appointment(at(DAY, "11:00"), id="ap_b", status="cancelled")
    assert kinds(diff_calendar({}, [live, dead])) == [(ChangeKind.created, "ap_a")]


def test_status_changes() -> None:
    before = appointment(at(DAY, "10:00"), id="ap_a")
    previous = {"ap_a": snapshot_of(before)}
    cancelled = before.model_copy(update={"status": "cancelled", "version": 2})
    no_show = before.model_copy(update={"status": "noShow", "version": 2})
    assert kinds(diff_calendar(previous, [cancelled])) == [(ChangeKind.cancelled, "ap_a")]
    assert kinds(diff_calendar(previous, [no_show])) == [(ChangeKind.no_show, "ap_a")]


def test_reschedule_and_reassign_together() -> None:
    before = appointment(at(DAY, "10:00"), id="ap_a")
    moved = appointment(at(DAY, "12:00"), id="ap_a", staff_id="st_2", version=2)
    changes = diff_calendar({"ap_a": snapshot_of(before)}, [moved])
    assert kinds(changes) == [(ChangeKind.rescheduled, "ap_a"), (ChangeKind.reassigned, "ap_a")]
    assert changes[0].previous is not None and changes[0].previous.staff_ids == ("st_1",)


def test_same_instant_in_another_offset_is_not_a_reschedule() -> None:
    before = appointment(at(DAY, "10:00"), id="ap_a")
    utc = before.model_copy(
        update={"start_at": before.start_at.astimezone(tz=None), "version": 2, "notes": "changed"}
    )
    assert kinds(diff_calendar({"ap_a": snapshot_of(before)}, [utc])) == [(ChangeKind.updated, "ap_a")]


def test_older_or_same_version_is_ignored() -> None:
    newer = appointment(at(DAY, "12:00"), id="ap_a", version=5)
    stale = appointment(at(DAY, "10:00"), id="ap_a", version=4)
    assert diff_calendar({"ap_a": snapshot_of(newer)}, [stale]) == []
    assert diff_calendar({"ap_a": snapshot_of(newer)}, [newer]) == []


def test_vanished_appointment_is_removed_unless_already_ended() -> None:
    gone = appointment(at(DAY, "10:00"), id="ap_a")
    was_cancelled = appointment(at(DAY, "11:00"), id="ap_b", status="cancelled")
    previous = {"ap_a": snapshot_of(gone), "ap_b": snapshot_of(was_cancelled)}
    assert kinds(diff_calendar(previous, [], vanished=["ap_a", "ap_b"])) == [(ChangeKind.removed, "ap_a")]


def test_snapshot_keeps_ids_not_client_details() -> None:
    row = snapshot_of(appointment(at(DAY, "10:00") + timedelta(minutes=5), id="ap_a", notes="Ava loves lavender"))
    assert "lavender" not in repr(row) and row.client_id == "cl_1"


def test_an_unseen_appointment_cancelled_since_the_cursor_is_a_cancellation() -> None:
    cursor = at(DAY, "08:00")
    fresh = appointment(
        at(DAY + timedelta(days=2), "10:00"), id="ap_a", status="cancelled",
        cancellation=Cancellation(cancelled_at=cursor + timedelta(minutes=5)), updated_at=cursor + timedelta(minutes=5),
    )
    old = appointment(
        at(DAY + timedelta(days=2), "11:00"), id="ap_b", status="cancelled",
        cancellation=Cancellation(cancelled_at=cursor - timedelta(days=3)), updated_at=cursor + timedelta(minutes=5),
    )
    no_stamp = appointment(at(DAY, "12:00"), id="ap_c", status="cancelled", updated_at=cursor + timedelta(minutes=1))
    assert kinds(diff_calendar({}, [fresh, old, no_stamp], since=cursor)) == [
        (ChangeKind.cancelled, "ap_a"), (ChangeKind.cancelled, "ap_c")
    ]
    assert diff_calendar({}, [fresh, no_stamp]) == [], "a full read finds old cancellations, not new ones"


def test_an_appointment_read_twice_in_one_read_is_compared_once_as_its_newest_version() -> None:
    # a paged read during which the appointment was cancelled (page 1) and then reinstated at noon (page 2)
    booked = appointment(at(DAY, "10:00"), id="ap_a")
    cancelled = booked.model_copy(update={"status": "cancelled", "version": 2})
    reinstated = appointment(at(DAY, "12:00"), id="ap_a", version=3)
    previous = {"ap_a": snapshot_of(booked)}
    for read in ([cancelled, reinstated], [reinstated, cancelled]):
        changes = diff_calendar(previous, read)
        assert kinds(changes) == [(ChangeKind.rescheduled, "ap_a")], "no cancellation to fill: it is booked again"
        assert changes[0].appointment is reinstated
    assert kinds(diff_calendar({}, [booked, booked])) == [(ChangeKind.created, "ap_a")]


def test_a_cancelled_or_no_show_appointment_booked_again_with_the_same_id_is_created() -> None:
    booked = appointment(at(DAY, "10:00"), id="ap_a")
    for ended in ("cancelled", "noShow"):
        previous = {"ap_a": snapshot_of(booked.model_copy(update={"status": ended, "version": 2}))}
        same_time = booked.model_copy(update={"version": 3})
        new_time = appointment(at(DAY, "15:00"), id="ap_a", version=3, staff_id="st_2")
        assert kinds(diff_calendar(previous, [same_time])) == [(ChangeKind.created, "ap_a")]
        assert kinds(diff_calendar(previous, [new_time])) == [(ChangeKind.created, "ap_a")]
    # still cancelled, only its note changed: not a booking
    cancelled = {"ap_a": snapshot_of(booked.model_copy(update={"status": "cancelled", "version": 2}))}
    edited = booked.model_copy(update={"status": "cancelled", "version": 3, "notes": "called back"})
    assert kinds(diff_calendar(cancelled, [edited])) == [(ChangeKind.updated, "ap_a")]
