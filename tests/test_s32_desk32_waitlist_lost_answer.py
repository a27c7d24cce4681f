"""A waitlist write the spa system carried out but whose answer never came back (a 502 from a gateway after the write
landed, on every retry) is read back and answered as it is: added or removed, audited; when the list cannot be read
back either, the answer says the result is unknown and how to check, never "Nothing was changed" (rev32a R1)."""

import pytest

from tests.test_slack_payloads import shown, slash

ADD = "waitlist add cl_0014 sv_express_neck_25 fri 2pm-6pm"
REMOVE = "waitlist remove wl_002"


def lose_every_answer_of(world, method_name, *, and_after: bool = False):
    """Every attempt of this one write is carried out by the sandbox spa, its answer replaced by a 502; with
    ``and_after``, every request after it too (the list cannot be read back)."""
    platform, spa = world.copilot.platform, world.spa
    real = getattr(platform, method_name)

    async def wrapped(*args, **kwargs):
        spa.faults.lose_response_next(50)
        try:
            return await real(*args, **kwargs)
        finally:
            if not and_after:
                spa.faults.clear_scripted()

    setattr(platform, method_name, wrapped)


def statuses(world):
    return {k: v.status.value for k, v in world.spa.waitlist.items()}


def audited(world, action):
    return world.copilot.store.recent_audit(50, action_prefix=action)


async def test_an_add_that_landed_is_said_added_and_audited(world):
    before = statuses(world)
    lose_every_answer_of(world, "create_waitlist_entry")
    answer = shown(await slash(world, ADD))
    new = [k for k in statuses(world) if k not in before]
    assert len(new) == 1, "the sandbox carried the write out"
    assert "Nothing was changed" not in answer
    assert "to the waitlist at" in answer and f"({new[0]})" in answer, answer
    rows = audited(world, "waitlist.added")
    assert [row.subject_id for row in rows] == new and rows[0].details["answerLost"] is True


async def test_a_removal_that_landed_is_said_removed_and_audited(world):
    assert statuses(world)["wl_002"] in ("waiting", "offered")
    lose_every_answer_of(world, "update_waitlist_entry")
    answer = shown(await slash(world, REMOVE))
    assert statuses(world)["wl_002"] == "cancelled"
    assert "Nothing was changed" not in answer
    assert "Removed wl_002" in answer, answer
    assert [row.subject_id for row in audited(world, "waitlist.removed")] == ["wl_002"]


@pytest.mark.parametrize("command, method, what", [
    (ADD, "create_waitlist_entry", "adding"), (REMOVE, "update_waitlist_entry", "the removal of wl_002")])
async def test_no_answer_and_no_read_back_says_unknown_and_how_to_check(world, command, method, what):
    lose_every_answer_of(world, method, and_after=True)
    answer = shown(await slash(world, command))
    world.spa.faults.clear_scripted()
    assert "Nothing was changed" not in answer
    assert "did not confirm" in answer and what in answer and "/spa waitlist" in answer, answer
    assert len(audited(world, "waitlist.unconfirmed")) == 1


async def test_a_write_that_never_landed_still_says_nothing_was_changed(world):
    # the spa system refused every attempt before doing anything (503): read back, nothing is there
    before = statuses(world)
    real = world.copilot.platform.create_waitlist_entry

    async def refused(*args, **kwargs):
        world.spa.faults.fail_next(50)
        try:
            return await real(*args, **kwargs)
        finally:
            world.spa.faults.clear_scripted()

    world.copilot.platform.create_waitlist_entry = refused
    answer = shown(await slash(world, ADD))
    assert statuses(world) == before
    assert "Nothing was changed" in answer, answer
    assert not audited(world, "waitlist.added")
