"""s44 inv44: a manager's Edit worded so that it may mislead the guest is a concern she confirms, not a refusal.

Session 43 grew wide rules to tell a wrong wording from an ordinary one (``stop_keyword``, ``_needless_reply``), and
each of thirteen reviews found a new gap both ways (rev44a). One rule reads a model's draft and a manager's Edit alike
(``drafts.wording_concern``): an opt-out keyword (STOP, CANCEL, QUIT, END, …, any case) in any sentence that is not,
whole, a standard opt-out sentence, and any reply said needless. A model's draft falls back to the offline text; a
manager's Edit is warned in the modal, and a second Save of the same text in the same modal saves it (the audit row
names the concern she confirmed). Approve and the outbox read only the facts the guest's YES books.

The table is rev44a's texts (its 68-text harness and its two repro files), each as a spa manager would expect it."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot import fill
from spa_copilot.fill import drafts as d
from spa_copilot.fill.decisions import CONFIRM_CONCERN_TEXT, EditConfirmations, edit_concern
from spa_copilot.slack import ids
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

FACTS = d.OfferFacts(
    starts_at=datetime(2026, 12, 8, 14, 0, tzinfo=ZoneInfo("America/New_York")),
    send_day=date(2026, 12, 7),
    guest_name="Maya",
    services=["Swedish Massage"],
    menu=["Swedish Massage", "Deep Tissue Massage"],
    location="SoHo",
    names=["Juniper & Salt"],
    hold_minutes=10,
    minutes=60,
    service_minutes=[60],
)
P = "Hi Maya, a Swedish Massage opened tomorrow at 2pm at SoHo. Reply YES to book it. "
PE = "Hola Maya, se liberó un Swedish Massage mañana a las 2pm en SoHo. Responde SÍ para reservarlo. "
S = "Hi Maya, a Swedish Massage opened tomorrow at 2pm. "
M = "Hi Maya, Swedish Massage tomorrow at 2pm. "
ME = "Hola Maya, Swedish Massage mañana a las 2pm. "

#: The standard opt-out sentences, and words that are no keyword: nothing to confirm.
NO_CONCERN = [
    P + "Reply STOP to opt out or HELP for help.",
    P + "To opt out, reply STOP.",
    P + "Reply STOP to opt out of texts from Juniper & Salt.",
    P + "Reply STOP at any time to opt out.",
    P + "Reply STOP to end texts.",
    P + "Reply YES/NO by 3.",
    PE + "Responde STOP para no recibir más mensajes.",
    PE + "Para darte de baja, responde STOP.",
    # rev44c M2: what a spa writes every day, and carriers' registration lines
    P + "Our cancel policy is 24h, so no stress.",
    P + "You can cancel online anytime up to 24h before.",
    P + "Feel free to stop by early for tea.",
    P + "Someone had to cancel, so it opened up.",
    P + "Free to cancel up to 24h before.",
    P + "Reply STOP to opt out, Msg & data rates may apply.",
    P + "Reply STOP to opt out; HELP for help.",
    P + "To stop receiving texts, reply STOP.",
    PE + "Responda STOP para darse de baja.",
    PE + "Para no recibir más mensajes, responde STOP.",
    PE + "Responde STOP para dejar de recibir mensajes.",
    P + "Reply STOP to unsubscribe from J&S texts.",
    P + "Reply by end of day.",
    P + "If you need to cancel, call us.",
]

#: A keyword outside a standard opt-out sentence: a guest who replies it is opted out of every text, whatever the
#: sentence offers it for. Offered to decline or pass (rev44a's wrong texts), an opt-out line that goes on about the
#: slot, and the policy lines and signatures reviewers found ordinary: she confirms those with a second Save.
STOP_CONCERN = [
    P + "Not for you? Reply CANCEL and we'll offer it to the next guest.",
    P + "Not interested? Just text us CANCEL.",
    P + "or END to pass.",
    S + "Reply YES to book or END if you can't make it.",
    S + "Reply YES to grab it or Cancel if not.",
    S + "Reply YES to grab it, or stop to pass.",
    S + "Reply YES to book, Cancel to pass.",
    S + "Reply Y/N. N = CANCEL.",
    M + "Reply YES to book, Cancel to pass.",
    M + "Reply YES to book. Reply UNSUBSCRIBE if the time doesn't work.",
    M + "Reply YES or CANCEL.",
    M + "YES to book / CANCEL to pass.",
    M + "Reply Y/N. N = CANCEL.",
    M + "Reply YES to book (or CANCEL).",
    M + "Reply YES to book. Reply STOPALL if you can't make it.",
    M + "Reply YES to book. Reply STOP to opt out and skip this one.",
    M + "Reply YES to book, Reply STOP to opt out, we'll pass the 2pm on.",
    PE + "Si no, responde CANCEL.",
    ME + "Responde SÍ/CANCEL.",
    ME + "Responde SÍ para reservar o CANCEL para pasar.",
    ME + "Responde SÍ o QUIT si no puedes.",
    P + "Reply STOP to opt out, we'll give the 2pm to the next guest.",
    P + "Reply STOP to opt out, and we'll offer it to someone else.",
    P + "Reply STOP to opt out, we'll remove you from tomorrow's 2pm.",
    P + "Reply STOP to opt out and we'll release the 2pm.",
    P + "Reply STOP to opt out, and we'll remove you from our mailing list.",
    P + "Reply STOP to opt out - Juniper & Salt, 120 Spring St.",
    P + "Reply STOP to opt out, Juniper & Salt, 120 Spring St.",
    P + "Reply STOP to opt out: Juniper & Salt",
    P + "Reply STOP to opt out, the Juniper & Salt booking team",
    S + "Reply YES by 3 (change/CANCEL free up to 24h before).",
    M + "Text YES by 3 (change/CANCEL free up to 24h before).",
    "Hi Maya, Swedish Massage tomorrow at 2pm! Text YES to grab it - free to change/CANCEL up to 24h before.",
    M + "Reply YES to book. We'll send a reminder, change/CANCEL online.",
    "Hi Maya, Swedish Massage tomorrow at 2pm, text YES to book. Text us to change/CANCEL anytime.",
    P + "Not for you? Reply STOP to opt out from This Offer.",  # rev44c M1: a name-like run is no scope
    M + "Text STOP to unsubscribe from This Slot.",
    P + "Reply STOP to cancel.",  # a guest may read it as cancelling the offer, and is opted out of every text
]

#: Her reply said needless: a claim made for her (rev44a's wrong texts) or a decline made easy (its ordinary ones);
#: either way a guest who reads it may never reply YES and lose the slot, so she confirms it.
NEEDLESS_CONCERN = [
    P + "If you're not sure yet, no need to reply, we'll hold it for you.",
    P + "If you can't reply right away, no need to reply, we've held your spot for you.",
    P + "If you can't reply now, no need to reply, we have reserved the 2pm slot for you.",
    P + "If you don't see this in time, no need to reply, we'll save it for you!",
    P + "If you're not near your phone, no need to reply, we've got you down.",
    P + "Can't reply right now? No worries, no need to reply, we've got you.",
    P + "No need to reply if you're busy, we've saved your spot.",
    P + "If not, no need to reply: see you at 2!",
    P + "If you're not sure yet, no need to reply, we've held it.",
    P + "If you can't reply, no need to reply, we'll keep it for you.",
    P + "If you're not by your phone, no need to reply, it's saved for you.",
    PE + "Si no quieres, no hace falta responder: te lo guardamos.",
    PE + "Si no puedes contestar ahora, no hace falta responder, te lo guardamos.",
    PE + "Si no tienes tiempo de contestar, no hace falta responder, te lo hemos reservado.",
    PE + "Si no quieres escribir, no hace falta responder, ya es tuyo.",
    PE + "No hace falta responder si no puedes, te esperamos a las 2.",
    PE + "Si no puedes contestar, no hace falta responder, está reservado para ti.",
    P + "Can't come? No worries, no need to reply.",
    P + "Doesn't work for you? No need to reply.",
    P + "If it doesn't work, no need to reply, we'll save it for someone else.",
    P + "No need to reply if you can't make it.",
    PE + "Si no quieres venir, no hace falta responder.",
    PE + "Si no quieres el masaje, no hace falta responder.",
    PE + "Si no te apetece, no hace falta responder.",
    PE + "¿No puedes? No hace falta responder.",
    PE + "Si no puedes venir, no hace falta responder.",
    PE + "Si no te interesa, no hace falta responder, se lo ofrecemos a otra persona.",
    PE + "No hace falta responder si no puedes.",
    # rev44c L4: phrasings the rule did not know
    PE + "No es necesario responder.",
    PE + "No hace falta que respondas.",
    PE + "No necesita responder.",
    P + "Don't bother replying, see you at 2!",
    P + "No reply? No problem, we'll see you at 2pm.",
]

TABLE = (
    [(t, None) for t in NO_CONCERN]
    + [(t, "stopKeyword") for t in STOP_CONCERN]
    + [(t, "needlessReply") for t in NEEDLESS_CONCERN]
)


@pytest.mark.parametrize(("text", "kind"), TABLE)
def test_each_rev44a_text_is_a_concern_or_none_never_a_refusal(text: str, kind: str | None) -> None:
    found = d.wording_concern(text)
    assert (found[0] if found else None) == kind, found
    assert d.offer_check(text, FACTS) is None  # the facts are right: nothing the Save, Approve or the outbox refuse


#: A keyword offered as her reply in words no list foresaw (rev44d H: naming the offering contexts let each through).
OFFERED_IN_OTHER_WORDS = [
    "Reply Yes/Cancel within 10 min.",
    "Reply YES or Cancel by 2:10pm.",
    "Reply YES, or Stop and we'll offer it to the next guest.",
    "Reply YES (or Cancel within 10 min).",
    "Reply YES or just cancel.",
    "Reply YES or “Cancel” 😊",
    "Reply YES, otherwise Cancel.",
    "YES = book, Cancel = pass.",
    "Reply YES, or reply to this message with Stop.",
    "Not for you?\nCancel and we'll ask the next guest.",
]
OFFERED_IN_SPANISH = ["Responde SÍ o Stop para pasar.", "Responde SÍ o «Stop» para pasar.", "Si no te va, responde Stop."]
#: The standard sentence naming the spa or a location: the name masked must not break it (rev44d M2).
NAMED_SENDER = [
    "Reply STOP to opt out of texts from Juniper & Salt.",
    "Reply STOP to stop receiving texts from Juniper & Salt.",
    "Reply STOP to opt out of texts from SoHo.",
]


@pytest.mark.parametrize("words", OFFERED_IN_OTHER_WORDS + OFFERED_IN_SPANISH)
def test_a_keyword_offered_in_other_words_is_a_concern(words: str) -> None:
    found = d.wording_concern((PE if words in OFFERED_IN_SPANISH else S) + words, d.own_names(FACTS))
    assert found is not None and found[0] == "stopKeyword", found


@pytest.mark.parametrize("words", NAMED_SENDER)
def test_the_standard_sentence_naming_the_spa_is_no_concern(words: str) -> None:
    assert d.wording_concern(P + words, d.own_names(FACTS)) is None


def test_both_concerns_are_said_together() -> None:
    """rev44c L3: a text with both showed only the first; confirming it saved a text whose second was never said."""
    found = d.wording_concern(P + "or CANCEL to pass. Busy? No need to reply, we've saved your spot.")
    assert found is not None and found[0] == "stopKeyword+needlessReply", found
    assert "opted out of every text" in found[1] and "may never reply YES" in found[1]


def test_the_spas_own_names_are_not_read_as_its_words() -> None:
    """rev44c M2: a spa or service named with a keyword ("STOP & GLOW") made every changed Edit a concern, and every
    model draft fall back."""
    text = "Hi Maya, a STOP & GLOW Facial opened tomorrow at 2pm at THE WAX STOP. Reply YES to book it."
    assert d.wording_concern(text) is not None
    assert d.wording_concern(text, ["STOP & GLOW Facial", "The Wax Stop"]) is None


def test_a_reply_to_a_late_yes_is_read_for_an_opt_out_keyword_only() -> None:
    """rev44c L4: a reply card (it asks for no reply) was never read: "Reply CANCEL to leave the waitlist" opts her out."""
    late = "Sorry Maya, that spot was taken. You're still on our waitlist."
    assert d.wording_concern(late + " Reply CANCEL to leave the waitlist.", asks_reply=False) is not None
    assert d.wording_concern(late + " No need to reply.", asks_reply=False) is None


def test_the_concern_says_what_the_guest_would_do() -> None:
    stop = d.wording_concern(S + "Reply YES to grab it or Cancel if not.")
    needless = d.wording_concern(P + "No need to reply if you can't make it.")
    assert stop is not None and 'replies "Cancel" is opted out of every text for good' in stop[1]
    assert needless is not None and 'told "No need to reply" may never reply YES' in needless[1]


def test_a_second_save_of_the_same_text_in_the_same_modal_confirms_it() -> None:
    warned = EditConfirmations(limit=2)
    assert not warned.confirmed("V1", "Reply YES or CANCEL.")  # warned
    assert not warned.confirmed("V2", "Reply YES or CANCEL.")  # another modal: warned on its own
    assert warned.confirmed("V1", " Reply YES or CANCEL.\n")  # the same text, as saved
    assert not warned.confirmed("V1", "Reply YES or CANCEL.")  # confirmed once: a new Save is warned again
    assert not warned.confirmed("V2", "Reply YES or QUIT.")  # a changed text is read again
    assert not warned.confirmed("V3", "x")  # past the limit the oldest modal (V1) is forgotten
    assert not warned.confirmed("V1", "Reply YES or CANCEL.")
    assert warned.confirmed("V3", "x")


def _offer(scene: Scene, tail: str) -> str:
    at = fill.offered_start(scene.proposal)
    assert at is not None
    clock = f"{at:%-I:%M} {at:%p}".replace("AM", "am").replace("PM", "pm")
    return f"Hi {scene.candidate(0)['first_name']}, a spot opened today at {clock}. {tail}"


def _warning(text: str) -> str:
    concern = d.wording_concern(text)
    assert concern is not None
    return CONFIRM_CONCERN_TEXT.format(concern=concern[1])


async def test_a_concern_is_warned_then_saved_by_a_second_save_and_sent_as_written(scene: Scene) -> None:
    await proposed(scene)
    row = scene.proposal
    text = _offer(scene, "Reply YES to book it, or CANCEL to pass.")
    view = await scene.open_edit()
    first = await scene.save_edit(view, text)
    assert first == {"response_action": "errors", "errors": {ids.EDIT_DRAFT_BLOCK: _warning(text)}}
    await asyncio.sleep(0.2)
    assert scene.proposal["revision"] == row["revision"] and scene.proposal["draft"] == row["draft"]
    assert await scene.save_edit(view, text) == {}  # the same text again: saved as written
    await eventually(lambda: scene.proposal["revision"] == row["revision"] + 1)
    assert scene.proposal["draft"] == text
    [edited] = scene.store.recent_audit(5, action_prefix="fill.edited")
    assert edited.details["confirmedConcern"] == "stopKeyword" and edited.details["text"] == text
    await eventually(lambda: "edited" in scene.card_text())  # the card redrawn at the new revision
    await scene.approve_and_wait()  # Approve reads the facts, not the wording she confirmed
    assert [m["body"] for m in scene.sent()] == [text]


async def test_a_changed_text_is_read_again(scene: Scene) -> None:
    await proposed(scene)
    row = scene.proposal
    cancel = _offer(scene, "Reply YES to book it, or CANCEL to pass.")
    needless = _offer(scene, "Reply YES to book it. Can't make it? No need to reply.")
    view = await scene.open_edit()
    assert (await scene.save_edit(view, cancel))["errors"][ids.EDIT_DRAFT_BLOCK] == _warning(cancel)
    assert (await scene.save_edit(view, needless))["errors"][ids.EDIT_DRAFT_BLOCK] == _warning(needless)
    wrong_day = needless.replace("today", "on Sunday the 29th")
    assert (await scene.save_edit(view, wrong_day))["response_action"] == "errors"  # the facts: refused, as ever
    assert (await scene.save_edit(view, cancel))["errors"][ids.EDIT_DRAFT_BLOCK] == _warning(cancel)  # warned again
    # the text straight to save_edit, unconfirmed (a second path), is not saved either
    direct = await fill.save_edit(scene.copilot, row["id"], row["revision"], cancel, user_id=scene.world.manager_id)
    assert not direct.ok and direct.note == _warning(cancel)
    assert scene.proposal["revision"] == row["revision"] and scene.proposal["draft"] == row["draft"]
    assert await scene.save_edit(view, cancel) == {}
    await eventually(lambda: scene.proposal["draft"] == cancel)


async def test_an_edited_reply_to_a_late_yes_offering_a_keyword_is_a_concern(scene: Scene) -> None:
    """rev44c L4: a reply card's Edit was never read for wording: "Reply CANCEL to leave the waitlist" opts her out of
    every text. Now it is a concern to confirm (a reply said needless is none: a reply card asks for nothing)."""
    await proposed(scene)
    first = scene.candidate(0)
    await scene.approve_and_wait()
    scene.clock.advance(minutes=11)
    await fill.expire_offers(scene.copilot)
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: any(r["kind"] == "reply" for r in scene.store.fill_proposals(statuses=("pending",))))
    [reply] = [r for r in scene.store.fill_proposals(statuses=("pending",)) if r["kind"] == "reply"]
    concern = edit_concern(scene.copilot, reply["id"], reply["draft"] + " Reply CANCEL to leave the waitlist.")
    assert concern is not None and concern[0] == "stopKeyword", concern
    assert edit_concern(scene.copilot, reply["id"], reply["draft"] + " No need to reply.") is None
