"""guest51, rev51c: a manager's Edit refused for ``HEALTH_DETAIL`` words said to her ("your migraines", "tu dolor de
espalda"), "chemo", "Congrats on the pregnancy", "your EpiPen", "your medical history"; no longer for "your terms and
conditions" nor a health word the spa joins to friendly/safe/certified ("allergy-friendly oils"); an emoji ends the
phrase after "with" and a surname ("See you with Nair 🙂"); a held reply whose waitlist read went unanswered at
texting's opening is read again at its next try, unless a send was tried meanwhile."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot import fill
from spa_copilot.fill.drafts import draft_problem
from spa_copilot.platform.errors import PlatformUnavailable
from tests.fill_scene import Scene
from tests.test_s51_guest51_guest_texts import _case, _change_entry
from tests.texting_hours import late_yes_reply

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
UTC = ZoneInfo("UTC")

HERS = [  # health said to her, which the Edit let through (rev51c M1)
    ("Hope your migraines eased.", "migraines"), ("Bring your EpiPen.", "EpiPen"),
    ("We have your medical history on file.", "medical history"), ("How is your back pain?", "back pain"),
    ("Good for your arthritis.", "arthritis"), ("Great for your sciatica.", "sciatica"),
    ("We know about your anxiety.", "anxiety"), ("Your doctor's note is on file.", "doctor"),
    ("Congrats on the pregnancy!", "Congrats on the pregnancy"), ("Hope the chemo is going ok.", "chemo"),
    ("Tu dolor de espalda, cuidado.", "dolor"),
]
SPAS = [  # the spa's words, which the Edit refused (rev51c L3)
    "Read your terms and conditions.", "Your booking conditions apply.", "Lea sus condiciones.",
    "Your visit includes allergy-friendly oils.", "Your room has pregnancy-safe pillows.",
    "Your therapist is prenatal-certified.",
]


def _edit_problem(added: str) -> str | None:
    start, good, facts = _case()
    return draft_problem(good.replace("Reply YES", f"{added} Reply YES"), starts_at=start, facts=facts)


def test_health_detail_said_to_her_is_refused_in_an_edit() -> None:
    """Guards (rev51c M1): a condition of ``HEALTH_DETAIL`` right after "your"/"tu" ("your migraines", "your back
    pain", "tu dolor"), "chemo", "Congrats on the pregnancy", "your EpiPen", "your medical history" are refused, the
    modal's line quoting each."""
    said = {added: _edit_problem(added) or "" for added, _ in HERS}
    wrong = {a: p for (a, words), p in zip(HERS, said.values(), strict=True)
             if not p.startswith(f'Take out "{words}": a text to a guest\'s phone says nothing of her health')}
    assert not wrong, wrong


def test_the_spas_conditions_and_hyphened_health_words_pass_an_edit() -> None:
    """Guards (rev51c L3): "conditions" (plural) and "sus condiciones" are terms, not health; a health word joined by
    a hyphen to friendly/safe/certified is the spa's ("allergy-friendly oils"); "your condition" stays refused."""
    refused = [t for t in SPAS if "says nothing of her health" in (_edit_problem(t) or "")]
    assert not refused, refused
    assert "says nothing of her health" in (_edit_problem("We'll keep your condition in mind.") or "")
    assert "says nothing of her health" in (_edit_problem("Your latex-free gloves are ready.") or "")


def test_an_emoji_ends_the_phrase_after_with_and_a_surname() -> None:
    """Guards (rev51c L4): "See you with Nair 🙂" names the therapist by her surname as "with Nair." does; "With Faith
    & gratitude" still names no one."""
    assert (_edit_problem("See you with Nair 🙂") or "").startswith('Take out "with Nair"')
    assert (_edit_problem("See you with Nair ♥") or "").startswith('Take out "with Nair"')
    assert _edit_problem("With Faith & gratitude") is None


async def _approved_then_down_at_opening(scene: Scene, *names: str) -> tuple[dict, dict, str]:
    """A late-YES reply approved at 9:30pm with "still on our waitlist", her entry cancelled overnight, and the spa
    system's ``names`` down at 8:00am, texting's opening. Returns the candidate, the reply and its outbox key."""
    first, reply = await late_yes_reply(scene)
    scene.clock.current = datetime(2026, 11, 25, 2, 30, tzinfo=UTC)
    assert (await fill.approve_fill(scene.copilot, reply["id"], reply["revision"], user_id=scene.world.manager_id)).ok
    _change_entry(scene, first["entry_id"], cancelled=True)
    p = scene.copilot.platform
    saved = {n: getattr(p, n) for n in names}

    async def down(*_: object, **__: object) -> object:
        raise PlatformUnavailable("HTTP 503", status=503)

    for n in saved:
        setattr(p, n, down)
    scene.clock.current = datetime(2026, 11, 25, 13, 0, tzinfo=UTC)
    try:
        await fill.redrive_outbox(scene.copilot)
    finally:
        for n, f in saved.items():
            setattr(p, n, f)
    return first, reply, f"fill:{reply['id']}:reply"


async def test_a_whole_outage_at_opening_leaves_the_held_reply_to_be_read_again(scene: Scene) -> None:
    """Guards (rev51c L2): the whole spa system down at 8:00am (no read, no send): nothing is kept, and at 8:30 the
    reply is read again and goes out without "still on our waitlist" (her entry cancelled), as the card says."""
    _, reply, key = await _approved_then_down_at_opening(scene, "send_message", "list_waitlist", "get_client")
    assert not scene.store.outbox_item(key).payload.get("read_again")
    scene.clock.current = datetime(2026, 11, 25, 13, 30, tzinfo=UTC)
    await fill.redrive_outbox(scene.copilot)
    sent = [m for m in scene.world.spa.outbox if m.idempotency_key == key]
    assert len(sent) == 1 and "waitlist" not in sent[0].message.body, sent
    assert sent[0].message.body == scene.store.fill_proposal(reply["id"])["draft"]


async def test_an_unread_reply_whose_send_was_tried_keeps_its_text(scene: Scene) -> None:
    """Guards (rev51c L2): after an unread 8:00am try (nothing kept), an 8:05 try whose waitlist read fails again and
    whose send is cut off unrecorded keeps the text it sent (the approved one) before the send: the 8:30 retry sends
    it under the same key, never one read again."""
    _, reply, key = await _approved_then_down_at_opening(scene, "send_message", "list_waitlist", "get_client")
    assert not scene.store.outbox_item(key).payload.get("read_again")
    p, store = scene.copilot.platform, scene.store
    real_list, real_send, real_mark = p.list_waitlist, p.send_message, store.mark_outbox

    async def down(*_: object, **__: object) -> object:
        raise PlatformUnavailable("HTTP 503", status=503)

    p.list_waitlist = p.send_message = down
    store.mark_outbox = lambda *_, **__: False  # the process stops mid-send, the try unrecorded
    scene.clock.current = datetime(2026, 11, 25, 13, 5, tzinfo=UTC)
    try:
        await fill.redrive_outbox(scene.copilot)
    finally:
        p.list_waitlist, p.send_message, store.mark_outbox = real_list, real_send, real_mark
    scene.clock.current = datetime(2026, 11, 25, 13, 30, tzinfo=UTC)  # the cut-off try's lease ran out
    await fill.redrive_outbox(scene.copilot)
    sent = [m for m in scene.world.spa.outbox if m.idempotency_key == key]
    assert len(sent) == 1 and "still on our waitlist" in sent[0].message.body, sent
