"""guest51: a manager's Edit is read as a model's draft is for the guest's health (the same words, one reading:
``guardrails.guest_health_words``), the therapist's surname alone after "with" ("See you with Nair"), and a zone no
pattern knew ("HST", "AKST", "Chicago time", "[PST]" on a New York slot)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot import fill
from spa_copilot.ai.guardrails import check_text, other_zone
from spa_copilot.fill.drafts import draft_problem, reply_text_problem
from tests.builders import invitation_case
from tests.fill_scene import Scene, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _health(said: str) -> str:
    """The start of the modal's health line for ``said`` (``drafts.HEALTH_DRAFT_TEXT``)."""
    return f'Take out "{said}": a text to a guest\'s phone says nothing of her health'

NY, PHX = "America/New_York", "America/Phoenix"


def _case(tz=NY, month=11, guest="Jen", staff="Priya", last="Nair", svc="Swedish Massage 60"):
    return invitation_case(tz=tz, month=month, guest=guest, staff=staff, last=last, svc=svc, menu=[svc, "Prenatal Massage 60"])


HEALTH = [  # (added before "Reply YES", an Edit saying it is refused, a model's draft saying it is replaced)
    ("We remember your latex allergy - see you then!", True, True),
    ("Great news for you and baby.", True, True),
    ("Hope your pregnancy is going well!", True, True),
    ("Since you're pregnant, we'll use the side-lying table.", True, True),
    ("We'll keep your condition in mind.", True, False),  # "condition" only of her, for the Edit
    ("Recordamos tu alergia.", True, True),
    ("Congrats on expecting!", True, True),
    ("Your fragrance-free room is set.", True, True),
    ("Latex-free gloves for you.", True, True),
    # health not said of her: a model's draft is replaced (a fallback costs little), a manager's Edit stands (rev51a)
    ("Hope the migraines have eased.", False, True),
    ("We'll have latex-free gloves ready.", False, True),
    ("Any medical conditions we should know?", False, True),
    ("Ill hold it for you.", False, True),
    ("Allergy-friendly products available.", False, True),
    ("Pressure to your sensitivity.", False, True),
    ("Try our medical-grade facial at our clinic.", False, True),
    ("Beat the flu season blues.", False, True),
    ("Melt away stress and anxiety.", False, True),
    ("Reset your mental health with us.", False, True),
    ("With a cold towel after.", False, True),
    ("We're sick of empty slots.", False, True),
    ("Great for swelling after travel.", False, True),
    ("Doctor's orders: relax!", False, True),
    ("Parking at the hospital garage next door.", False, True),
    ("Treat yourself before the baby shower!", False, True),
    ("All our products are nut-free.", False, True),
    ("Nut-free oils available on request.", False, True),
    ("No injury discount needed ;)", False, True),
    ("Ideal para el dolor de espalda.", False, True),
    ("Productos sin alergia.", False, True),
    ("Our spa is fragrance-free.", False, False),
    ("Enjoy gluten-free snacks in the lounge.", False, False),
    ("A stress-free hour just for you.", False, False),
    ("We're expecting you!", False, False),
    ("Your sore muscles will thank you.", False, False),
    ("Ask about our Prenatal Massage 60 next time.", False, False),  # a menu service's name is the spa's, not her health
]


def test_an_edit_is_refused_only_for_the_guests_own_health() -> None:
    """Guards (rev51a M2): a manager's Edit is refused for health said of her ("your latex allergy", "you and baby",
    "tu alergia"), and no longer for a spa's everyday words ("Ill hold it", "Allergy-friendly products", "at our
    clinic", "before the baby shower", "All our products are nut-free", "dolor de espalda"); a model's draft is
    flagged ``healthTopic`` exactly as before."""
    start, good, facts = _case()
    edits, models = [], []
    for added, *_ in HEALTH:
        text = good.replace("Reply YES", f"{added} Reply YES")
        problem = draft_problem(text, starts_at=start, facts=facts)
        edits.append("says nothing of her health" in (problem or ""))
        flags = check_text(text, max_chars=400, menu_names=["Swedish Massage 60", "Prenatal Massage 60"],
                           places=["Juniper & Salt"], greet="Jen")
        models.append(any(flag.startswith("healthTopic:") for flag in flags))
    assert edits == [refused for _, refused, _ in HEALTH], [r for r, e in zip(HEALTH, edits, strict=True) if r[1] != e]
    assert models == [flagged for *_, flagged in HEALTH], [r for r, m in zip(HEALTH, models, strict=True) if r[2] != m]


def test_the_health_line_names_the_words_and_a_reply_edit_is_read_too() -> None:
    """Guards: the modal's line quotes what to take out; a late-YES reply's Edit is read for health as its markup is,
    its service's name ("Prenatal Massage 60") still the spa's word."""
    start, good, facts = _case()
    problem = draft_problem(good.replace("Reply YES", "Great news for you and baby! Reply YES"), starts_at=start,
                            facts=facts)
    assert (problem or "").startswith(_health("you and baby")), problem
    reply = "Hi Jen, sorry, the Prenatal Massage 60 spot was taken. {}You're still on our waitlist."
    own = ["Juniper & Salt", "SoHo", "Prenatal Massage 60"]
    assert reply_text_problem(reply.format(""), facts, own) is None
    assert (reply_text_problem(reply.format("Hope your pregnancy is going well! "), facts, own) or "").startswith(
        _health("pregnancy"))
    # a reply's own names hold no menu: a spa's words of its services and "Ill" stand (rev51a)
    assert reply_text_problem(reply.format("Ill text you the next one! Our Allergy-friendly facial is open. "), facts,
                              own) is None


async def test_the_edit_modal_refuses_the_guests_health(scene: Scene) -> None:
    """Guards the path the manager sees: ``edit_problem`` (the modal's error, as for markup) refuses an allergy, and
    lets the spa's own "fragrance-free" through."""
    await proposed(scene)
    row = scene.proposal
    draft = row["draft"]
    allergy = fill.edit_problem(scene.copilot, row["id"], row["revision"], draft + " We remember your latex allergy!")
    spa_word = fill.edit_problem(scene.copilot, row["id"], row["revision"], draft + " Our spa is fragrance-free.")
    assert (allergy or "").startswith(_health("allergy")) and spa_word is None, (allergy, spa_word)


SURNAMES = [  # (guest, therapist first, surname, "with Jisoo"/"with Priya" put as, refused)
    ("Jen", "Priya", "Nair", "See you with Nair", True),
    ("Jen", "Priya", "Nair", "with NAIR", True),
    ("Jen", "Priya", "Nair", "with Nair's team", False),  # the phrase goes on: no therapist named alone (rev51a)
    ("Jen", "Priya", "Best", "with Best", True),
    ("Jen", "Priya", "Best", "with best wishes from Priya", False),  # not capitalised: the everyday word
    ("Kim", "Jisoo", "Kim", "with Kim", False),  # the guest's own name never counts
    ("Kim", "Jisoo", "Kim", "with Jisoo", False),
    ("Jen", "Priya", "Maya", "with Maya", False),  # another therapist's first name: wrongStaff's, not a surname
]


def test_the_therapists_surname_alone_after_with_is_refused() -> None:
    """Guards: "See you with Nair", "with NAIR" no longer reach the guest; the guest's own name ("with Kim" for a
    guest Kim with Jisoo Kim), an uncapitalised everyday word and a therapist's first name are never read as it."""
    found = []
    for guest, first, last, said, _ in SURNAMES:
        start, good, facts = _case(guest=guest, staff=first, last=last)
        problem = draft_problem(good.replace(f"with {first}", said), starts_at=start, facts=facts) or ""
        found.append("by first name only" in problem)
    assert found == [refused for *_, refused in SURNAMES], list(zip(SURNAMES, found, strict=True))


WITH_SURNAME = [  # (surname, text, refused): alone after "with" only when the phrase ends there (rev51a LOW 1)
    ("Nair", "See you with Nair at 2", True),
    ("Nair", "See you with NAIR.", True),
    ("Nair", "See you with Nair tomorrow", True),
    ("Nair", "Massage with Nair on Tue 24 Nov", True),
    ("Nair", "Massage with Nair this afternoon", True),
    ("Nair", "Massage with Nair - reply YES", True),
    ("Best", "Massage with Best", True),
    ("Best", "With Best wishes, Juniper & Salt", False),
    ("Best", "Sent with Best regards", False),
    ("Hope", "With Hope to see you soon", False),
    ("Hill", "A room with Hill views", False),
    ("Young", "Massage with Young Living oils", False),
    ("Faith", "With Faith & gratitude, Juniper & Salt", False),
]


def test_a_surname_alone_after_with_is_read_only_where_the_phrase_ends() -> None:
    """Guards: "With Best wishes", "with Hill views", "With Faith & gratitude" are no longer refused for a therapist
    named so; "with Nair at 2", "with NAIR.", "with Nair tomorrow" still are."""
    from spa_copilot.fill.drafts import _staff_surname

    found = []
    for last, text, _ in WITH_SURNAME:
        _, _, facts = _case(last=last)
        found.append(_staff_surname(text, facts) is not None)
    assert found == [refused for *_, refused in WITH_SURNAME], [
        row for row, f in zip(WITH_SURNAME, found, strict=True) if row[2] != f]


ZONES = [  # (slot's zone, month, the slot's "11:00 am" said as, refused)
    (NY, 11, "11:00 am HST", True),
    (NY, 11, "11:00 am AKST", True),
    (NY, 11, "11:00 am Chicago time", True),
    (NY, 11, "11:00 am, Los Angeles time", True),
    (NY, 11, "11:00 am [PST]", True),
    (PHX, 7, "11:00 am Denver time", True),  # Denver's clock in July is an hour ahead of Phoenix's
    (NY, 11, "11:00 am [EST]", False),
    (NY, 11, "11:00 am New York time", False),
    (NY, 11, "11:00 am NY time", False),
    (PHX, 11, "11:00 am Denver time", False),
    (PHX, 7, "11:00 am Arizona time", False),
    ("Pacific/Honolulu", 11, "11:00 am HST", False),
    ("America/Anchorage", 7, "11:00 am AKDT", False),
    (NY, 11, "11:00 am la time", False),
]
#: "LA time" read as no zone (rev51a LOW 2): Louisiana keeps Chicago's clock, Los Angeles its own.
LA_SAID = [
    ("America/Chicago", 7, "11:00 am LA time", False),
    (NY, 11, "11:00 am LA time", False),
    (NY, 11, "11:00 am Los Angeles time", True),
]


def test_la_time_is_no_city_clock() -> None:
    """Guards: a Louisiana spa's "11:00 am LA time" is no longer refused as Los Angeles's clock (a false refusal of
    every such Edit); a city said in full still is."""
    found = []
    for tz, month, said, _ in LA_SAID:
        start, good, facts = _case(tz=tz, month=month)
        found.append(other_zone(said, start) is not None)
    assert found == [refused for *_, refused in LA_SAID], list(zip(LA_SAID, found, strict=True))


def test_a_zone_no_pattern_knew_is_read_by_the_slots_clock() -> None:
    """Guards: "HST", "AKST", a city's "… time" and a bracketed "[PST]" are read as the zone they name, at the slot's
    instant, by the Edit's check and a model's draft's alike (``other_zone``); the slot's own clock passes."""
    found = []
    for tz, month, said, _ in ZONES:
        start, good, facts = _case(tz=tz, month=month)
        problem = draft_problem(good.replace("11:00 am", said), starts_at=start, facts=facts) or ""
        found.append("time, not" in problem)
        assert found[-1] is (other_zone(said, start) is not None), said
    assert found == [refused for *_, refused in ZONES], list(zip(ZONES, found, strict=True))


async def test_a_reply_held_for_texting_hours_is_read_again_for_the_waitlist_when_sent(scene: Scene) -> None:
    """Guards: a late-YES reply approved at night says "still on our waitlist"; the desk removes her entry before
    texting opens; the text that goes out at 8:00am (and the card) leaves the sentence out, as an Approve then would."""
    from spa_copilot.domain import WaitlistStatus
    from tests.texting_hours import late_yes_reply

    first, reply = await late_yes_reply(scene)
    scene.clock.current = datetime(2026, 11, 25, 2, 30, tzinfo=ZoneInfo("UTC"))  # 9:30pm: approved, held for the night
    result = await fill.approve_fill(scene.copilot, reply["id"], reply["revision"], user_id=scene.world.manager_id)
    assert result.ok and "still on our waitlist" in scene.store.fill_proposal(reply["id"])["draft"]
    spa = scene.world.spa
    spa.waitlist[first["entry_id"]] = spa.waitlist[first["entry_id"]].model_copy(
        update={"status": WaitlistStatus.cancelled})
    scene.clock.current = datetime(2026, 11, 25, 13, 0, tzinfo=ZoneInfo("UTC"))  # 8:00am: texting opens
    await fill.redrive_outbox(scene.copilot)
    body = spa.outbox[-1].message.body
    assert spa.outbox[-1].idempotency_key == f"fill:{reply['id']}:reply"
    assert "waitlist" not in body and body.endswith("ran out before your reply."), body
    assert scene.store.fill_proposal(reply["id"])["draft"] == body



def _change_entry(scene: Scene, entry_id: str, *, cancelled: bool) -> None:
    """The desk cancels waitlist entry ``entry_id`` in the spa system (``cancelled``), or runs its days to December
    (she is still waiting the morning after)."""
    from datetime import date

    from spa_copilot.domain import WaitlistStatus

    spa = scene.world.spa
    change = {"status": WaitlistStatus.cancelled} if cancelled else {"date_to": date(2026, 12, 31)}
    spa.waitlist[entry_id] = spa.waitlist[entry_id].model_copy(update=change)


async def _held_reply_tried_once(scene: Scene, *, cancelled: bool, settled: bool = True) -> tuple[dict, dict]:
    """A late-YES reply approved at 9:30pm with "still on our waitlist" (``cancelled``: her entry cancelled by the
    desk overnight; else still waiting in the morning), its first try at 8:00am refused by an outage (``settled``: counted as a try; else cut off
    unrecorded, as a process stopped mid-send leaves it). Returns the candidate and the reply's proposal."""
    from spa_copilot.platform.errors import PlatformUnavailable
    from tests.texting_hours import late_yes_reply

    first, reply = await late_yes_reply(scene)
    scene.clock.current = datetime(2026, 11, 25, 2, 30, tzinfo=ZoneInfo("UTC"))  # 9:30pm: approved, held for the night
    result = await fill.approve_fill(scene.copilot, reply["id"], reply["revision"], user_id=scene.world.manager_id)
    assert result.ok and "still on our waitlist" in scene.store.fill_proposal(reply["id"])["draft"]
    _change_entry(scene, first["entry_id"], cancelled=cancelled)
    copilot, store = scene.copilot, scene.store
    real_send, real_mark = copilot.platform.send_message, store.mark_outbox

    async def down(*_: object, **__: object) -> object:
        raise PlatformUnavailable("send_message: HTTP 503", status=503)

    copilot.platform.send_message = down
    if not settled:
        store.mark_outbox = lambda *_, **__: False  # the process stops before the try is recorded
    scene.clock.current = datetime(2026, 11, 25, 13, 0, tzinfo=ZoneInfo("UTC"))  # 8:00am: texting opens
    try:
        await fill.redrive_outbox(copilot)
    finally:
        copilot.platform.send_message, store.mark_outbox = real_send, real_mark
    assert not [m for m in scene.world.spa.outbox if m.idempotency_key == f"fill:{reply['id']}:reply"]
    return first, store.fill_proposal(reply["id"])


async def test_a_held_reply_retried_after_an_outage_sends_the_text_its_first_try_read(scene: Scene) -> None:
    """Guards (rev51a M1): the desk cancels her entry overnight; the 8:00am try reads it, drops "still on our
    waitlist" from the card and fails (503); the outbox item keeps that text, and the retry under the same key sends
    it (as the card shows it), not the approved one."""
    _, reply = await _held_reply_tried_once(scene, cancelled=True)
    card, key = reply["draft"], f"fill:{reply['id']}:reply"
    assert "waitlist" not in card, card
    assert scene.store.outbox_item(key).payload["message"]["body"] == card
    scene.clock.current = datetime(2026, 11, 25, 13, 5, tzinfo=ZoneInfo("UTC"))
    await fill.redrive_outbox(scene.copilot)
    sent = scene.world.spa.outbox[-1]
    assert sent.idempotency_key == key and sent.message.body == card, sent.message.body


async def test_a_held_reply_cut_off_mid_send_is_not_read_again_on_its_retry(scene: Scene) -> None:
    """Guards: a first try that read her entry still waiting, kept "still on our waitlist" and was cut off unrecorded
    (the text may have gone out) is retried with that same text after the desk cancels her entry: never a second text
    under its key."""
    first, reply = await _held_reply_tried_once(scene, cancelled=False, settled=False)
    assert "still on our waitlist" in reply["draft"]
    _change_entry(scene, first["entry_id"], cancelled=True)
    scene.clock.current = datetime(2026, 11, 25, 13, 30, tzinfo=ZoneInfo("UTC"))  # the cut-off try's lease ran out
    await fill.redrive_outbox(scene.copilot)
    sent = scene.world.spa.outbox[-1]
    assert sent.idempotency_key == f"fill:{reply['id']}:reply", sent.idempotency_key
    assert "still on our waitlist" in sent.message.body and sent.message.body == reply["draft"], sent.message.body
