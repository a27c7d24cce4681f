"""guest52: a late-YES reply held for texting hours, read again for "still on our waitlist" before its first send:
a waitlist read failing with an error that is not a ``PlatformError`` (a timeout escaping, an answer not understood)
is an unanswered read (read again at the next try), never the outbox run's failure nor the stale text pinned; a
reply approved within texting hours whose try failed before its send, held overnight, is read again at texting's
opening; one whose send was cut off mid-way (it may have reached her) keeps its text."""

from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
import pytest

from spa_copilot import fill
from spa_copilot.platform.errors import PlatformUnavailable
from tests.fill_scene import Scene
from tests.test_s51_guest51_guest_texts import _change_entry
from tests.texting_hours import late_yes_reply

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
UTC = ZoneInfo("UTC")
EVENING = datetime(2026, 11, 25, 1, 30, tzinfo=UTC)  # 8:30pm in New York: within texting hours
NIGHT = datetime(2026, 11, 25, 2, 30, tzinfo=UTC)  # 9:30pm: texting closed
OPENS = datetime(2026, 11, 25, 13, 0, tzinfo=UTC)  # 8:00am: texting opens
LATER = datetime(2026, 11, 25, 13, 30, tzinfo=UTC)


async def _down(*_: object, **__: object) -> object:
    raise PlatformUnavailable("HTTP 503", status=503)


def _sent(scene: Scene, key: str) -> list:
    return [m for m in scene.world.spa.outbox if m.idempotency_key == key]


@pytest.mark.parametrize("error", [httpx.ReadTimeout("read timed out"), ValueError("malformed waitlist answer")])
async def test_a_held_replys_read_failing_oddly_is_read_again_at_its_next_try(scene: Scene, error: Exception) -> None:
    """Guards (guest52 A1): at texting's opening the waitlist read raises ``error`` (not a ``PlatformError``) while
    the rest of the spa system is down: the outbox run does not fail, and at 8:30 the reply is read again and goes
    out once, without "still on our waitlist" (her entry cancelled overnight), as the card says. Before: the run
    failed (``OutboxRedriveError``) and the try, counted, pinned the approved text."""
    first, reply = await late_yes_reply(scene)
    scene.clock.current = NIGHT
    assert (await fill.approve_fill(scene.copilot, reply["id"], reply["revision"], user_id=scene.world.manager_id)).ok
    _change_entry(scene, first["entry_id"], cancelled=True)
    p, key = scene.copilot.platform, f"fill:{reply['id']}:reply"
    saved = p.list_waitlist, p.send_message, p.get_client

    async def odd(*_: object, **__: object) -> object:
        raise error

    p.list_waitlist, p.send_message, p.get_client = odd, _down, _down
    scene.clock.current = OPENS
    try:
        await fill.redrive_outbox(scene.copilot)
    finally:
        p.list_waitlist, p.send_message, p.get_client = saved
    assert scene.store.outbox_item(key).payload.get("not_read_yet")
    scene.clock.current = LATER
    await fill.redrive_outbox(scene.copilot)
    sent = _sent(scene, key)
    assert len(sent) == 1 and "waitlist" not in sent[0].message.body, sent
    assert sent[0].message.body == scene.store.fill_proposal(reply["id"])["draft"]


async def test_a_held_replys_odd_read_with_the_send_up_sends_once(scene: Scene) -> None:
    """Guards (guest52 A1): the waitlist read raises a ``ValueError`` at texting's opening while sends go through:
    the run does not fail and the approved text goes out once (as after an unanswered read), none after it."""
    first, reply = await late_yes_reply(scene)
    scene.clock.current = NIGHT
    assert (await fill.approve_fill(scene.copilot, reply["id"], reply["revision"], user_id=scene.world.manager_id)).ok
    p, key = scene.copilot.platform, f"fill:{reply['id']}:reply"
    real = p.list_waitlist

    async def odd(*_: object, **__: object) -> object:
        raise ValueError("malformed waitlist answer")

    p.list_waitlist = odd
    scene.clock.current = OPENS
    try:
        assert await fill.redrive_outbox(scene.copilot) == 1
    finally:
        p.list_waitlist = real
    scene.clock.current = LATER
    await fill.redrive_outbox(scene.copilot)
    sent = _sent(scene, key)
    assert len(sent) == 1 and "still on our waitlist" in sent[0].message.body, sent
    assert scene.store.outbox_item(key).status == "sent"


async def _approved_in_the_evening_then_failed(scene: Scene, *, cut_off: bool) -> tuple[dict, dict, str]:
    """A late-YES reply approved at 8:30pm (within texting hours) with "still on our waitlist": its send's try fails,
    before the send (the guest's record unreadable: 503), or cut off mid-send unrecorded (``cut_off``: the text may
    have gone out); texting closes at 9pm and the desk cancels her entry overnight."""
    first, reply = await late_yes_reply(scene)
    p, store = scene.copilot.platform, scene.store
    saved = p.get_client, p.send_message, store.mark_outbox
    if cut_off:
        p.send_message = _down
        store.mark_outbox = lambda *_, **__: False  # the process stops mid-send, the try unrecorded
    else:
        p.get_client = _down
    scene.clock.current = EVENING
    try:
        assert (await fill.approve_fill(scene.copilot, reply["id"], reply["revision"],
                                        user_id=scene.world.manager_id)).ok
    finally:
        p.get_client, p.send_message, store.mark_outbox = saved
    key = f"fill:{reply['id']}:reply"
    assert not _sent(scene, key) and store.outbox_item(key) is not None
    scene.clock.current = NIGHT  # texting closed: held for the night
    await fill.redrive_outbox(scene.copilot)
    assert not _sent(scene, key)
    _change_entry(scene, first["entry_id"], cancelled=True)
    return first, reply, key


async def test_an_evening_reply_that_failed_before_its_send_is_read_again_in_the_morning(scene: Scene) -> None:
    """Guards (guest52 A2): approved at 8:30pm, its try failed before any send (the spa system not answering), held
    overnight: at 8:00am it is read again and goes out without "still on our waitlist" (her entry cancelled since),
    the card's text with it. Before: the counted try pinned the evening's text, false by morning."""
    _, reply, key = await _approved_in_the_evening_then_failed(scene, cut_off=False)
    scene.clock.current = OPENS
    await fill.redrive_outbox(scene.copilot)
    sent = _sent(scene, key)
    assert len(sent) == 1 and "waitlist" not in sent[0].message.body, sent
    assert sent[0].message.body == scene.store.fill_proposal(reply["id"])["draft"]


async def test_an_evening_reply_cut_off_mid_send_keeps_its_text_in_the_morning(scene: Scene) -> None:
    """Guards (guest52 A2): approved at 8:30pm, its send cut off mid-way unrecorded (it may have reached her), held
    overnight: at 8:00am it is retried under its key with the same text, never one read again (two different texts
    under one key). Before: the uncounted try left nothing, and the morning read dropped "still on our waitlist"."""
    _, reply, key = await _approved_in_the_evening_then_failed(scene, cut_off=True)
    scene.clock.current = OPENS
    await fill.redrive_outbox(scene.copilot)
    sent = _sent(scene, key)
    assert len(sent) == 1 and "still on our waitlist" in sent[0].message.body, sent
    assert sent[0].message.body == scene.store.fill_proposal(reply["id"])["draft"]
