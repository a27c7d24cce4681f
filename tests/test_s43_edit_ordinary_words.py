"""A manager's ordinary invitation and a misleading one, read by the one wording rule (s44 inv44, after session 43's
wider rules kept failing review both ways, rev43g-rev44a): an opt-out keyword (STOP, CANCEL, QUIT, …, any case) in
any sentence that is not, whole, a standard opt-out sentence, and any reply said needless, is a concern she confirms
with a second Save (``drafts.wording_concern``), never a refusal; the facts of these texts are right, so the Edit's
check (``offer_check``) passes them. The texts are session 43's tables: the claims and the declines made easy, the
keywords offered as a reply, and the opt-out lines that go on (each a concern now), beside the standard opt-out
sentences (none)."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.fill import drafts as d

FACTS = d.OfferFacts(
    starts_at=datetime(2026, 12, 8, 14, 0, tzinfo=ZoneInfo("America/New_York")), send_day=date(2026, 12, 7),
    guest_name="Maya", services=["Swedish Massage"], menu=["Swedish Massage", "Deep Tissue Massage"], location="SoHo",
    names=["Juniper & Salt"], hold_minutes=10, staff_first_name="Ana", minutes=60, service_minutes=[60])
BASE = "Hi Maya, a Swedish Massage opened tomorrow at 2:00 PM at SoHo with Ana. Reply YES within 10 minutes to book it. "

#: The standard opt-out sentences: nothing to confirm.
STANDARD_TAILS = [
    "Reply STOP to opt out, HELP for help.",
    "Reply STOP to opt out anytime.",
    "Text STOP to unsubscribe from Juniper & Salt texts.",
]
#: Ordinary words that name a keyword or say a reply is needless: a concern she confirms, not a refusal.
CONFIRMED_TAILS = [
    ("Feel free to STOP by anytime!", "stopKeyword"),
    ("If not, no need to reply.", "needlessReply"),
    ("Not for you? No reply needed.", "needlessReply"),
    ("Reply CANCEL to cancel your other bookings.", "stopKeyword"),
    ("Reply QUIT if you can't come.", "stopKeyword"),
]


@pytest.mark.parametrize(("tail", "kind"), [(t, None) for t in STANDARD_TAILS] + CONFIRMED_TAILS)
def test_an_edit_is_never_refused_for_its_wording(tail: str, kind: str | None) -> None:
    text = BASE + tail
    assert d.offer_check(text, FACTS) is None
    found = d.wording_concern(text)
    assert (found[0] if found else None) == kind, found


#: A reply said needless as a claim made for her (she never replies, and the slot goes).
NEEDLESS_REPLY_CLAIMS = [
    "Hi Ana! A 60-min Swedish Massage opened Fri at 3pm. Excited? No need to reply, it's yours.",
    'Hi Ana! Swedish Massage Fri at 3pm. Ready to relax? No need to reply.',
    'Swedish Massage Fri at 3pm with Maya. Sound good? No reply needed, see you then!',
    "Swedish Massage Fri 3pm. Guess what? No need to reply - we'll see you Friday!",
    'Swedish Massage Fri 3pm is held for you. If you want it, great - no need to reply!',
    "We know you're busy, no need to reply, it's yours.",
    "Busy? No need to reply, it's yours!",
    "If you're not busy, no need to reply, it's all yours.",
    'Si no tienes planes, te la guardamos: no hace falta responder.',
    'Te la guardamos si no nos dices lo contrario, no hace falta responder.',
    'Si no nos dices lo contrario, es tuya: no hace falta responder.',
    "No need to reply unless you can't make it, we've held it for you.",
    "No need to reply if you can't make it, your slot is reserved for you.",
    "If you're free, no need to reply, it's reserved for you.",
    'No hace falta responder si no puedes, te la hemos guardado.',
    'Hay un masaje libre mañana a las 2. Si no quieres perderlo, no hace falta responder, te lo guardamos.',
]

#: A reply said needless as a decline made easy: a guest who reads it may never reply YES all the same.
DECLINES_MADE_EASY = [
    "Reply YES to grab it. Can't make it? No worries, no need to reply.",
    "Reply YES to grab it. If it doesn't work, no need to reply.",
    'Responde SÍ para reservarlo. Si no puedes, no hace falta responder.',
    '¿Te interesa? Responde SÍ para reservarla. Si no puedes venir, no hace falta responder.',
    'Responde SÍ para reservarla. Si no te viene bien, no hace falta responder.',
    "Reply YES to book. No need to reply if you've already booked elsewhere.",
    "Reply YES to grab it. No need to reply if you can't make it, nothing is held until your YES.",
    'Reply YES to grab it. No need to reply if not, it is not reserved for you until you do.',
    'Reply SI para reservar. ¿Te interesa? Si no, no hace falta responder.',
    'Si no puede venir, no hace falta responder.',
    'Si no le viene bien, no hace falta responder.',
    'Si no estás disponible, no hace falta responder.',
    'Si no quieres, no hace falta responder.',
    "A 2pm facial opened up tomorrow. Reply YES to take it. If you can't make it, no need to reply, we'll save it for someone else.",
]

#: STOP (or a keyword carriers read as one) offered as a reply, or an opt-out line carrying a clause about the offer.
KEYWORDS_OFFERED = [
    'Reply YES to book. Text STOP to opt out from all texts and cancel your spa visit.',
    'Reply YES to book. Reply STOP to unsubscribe from texts and cancel this booking.',
    'Reply YES to book. Reply STOP to opt out, or to cancel your booking.',
    'Reply YES to book. Reply STOP to unsubscribe from texts or bookings.',
    'Reply YES to book it, or CANCEL to pass.',
    'Want it? YES to book, QUIT if not.',
    'Reply YES to book or "CANCEL" to pass.',
    "Reply YES to book or 'CANCEL' if you can't make it.",
    'Reply YES / CANCEL',
    'Reply BOOK/CANCEL.',
    'Reply YES/NO/CANCEL.',
    'Reply CONFIRM / CANCEL by 3pm.',
    "Reply YES to book. Reply STOP to opt out, and we'll release the 2pm to the next guest.",
    "Reply YES to book. Reply STOP to opt out, you'll lose your place.",
    "Reply YES to book. Reply STOP to opt out, we'll drop your hold.",
    'A 2pm massage opened up! Text YES/CANCEL.',
]

#: An opt-out line that goes on past a standard sentence, and a keyword in other words ("FREE TO CANCEL"): she
#: confirms them.
OPT_OUT_LINES = [
    'Reply YES to book. FREE TO CANCEL up to 24h before.',
    "Reply YES to book. Don't QUIT on self-care!",
    'Reply YES to book. Reply STOP to opt out, thanks!',
    "Reply YES to book. Reply STOP to opt out, and we'll remove you from our list.",
    "Reply YES to book. Reply STOP to unsubscribe, you'll be removed from all texts.",
    "Reply YES to book. Text STOP to opt out, we'll release your number from our list.",
    'RESCHEDULE/CANCEL ONLINE ANYTIME. Reply YES to book.',
    'Reply YES to book. 24h notice to change/CANCEL.',
    "A 2pm massage opened up. Reply YES to book. Reply STOP to opt out, we'll remove you from our mailing list.",
]


@pytest.mark.parametrize(("text", "kind"), [
    *((t, "needlessReply") for t in NEEDLESS_REPLY_CLAIMS + DECLINES_MADE_EASY),
    *((t, "stopKeyword") for t in KEYWORDS_OFFERED + OPT_OUT_LINES),
])
def test_each_wording_is_a_concern_to_confirm(text: str, kind: str) -> None:
    found = d.wording_concern(text)
    assert found is not None and found[0] == kind, found
