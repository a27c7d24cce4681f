"""A manager's ordinary invitation is saved (rev43g M, after 6446608e refused a STOP outside the opt-out line and a
reply said needless): the carrier's opt-out line with HELP after it, one naming the spa, "STOP by", and a decline made
easy ("If not, no need to reply.", "Not for you? No reply needed."). The other keywords carriers read as an opt-out
(CANCEL, QUIT) said as a way to cancel are refused as a STOP is. No more passes (rev43h): a needless reply after a
question or with an "if" before it ("Excited? No need to reply, it's yours.") is the claim that loses her the slot;
an opt-out line does not carry a cancel clause ("… opt out from all texts and cancel your visit", "…, or to cancel
your booking"); "FREE TO CANCEL" in capitals is no STOP. Nor less (rev43i): "If it doesn't work, no need to reply.", "Si no puedes, no hace falta responder." are declines made easy; "Reply STOP to opt out, Msg
& data rates may apply." is the carrier's line; "…, or CANCEL to pass" offers a keyword carriers read as STOP
(quoted, or after "YES /": rev43j; "RESCHEDULE/CANCEL ONLINE" is none, rev43k), and "it's yours" after a needless
reply is the claim whatever came before; "Si no tienes planes, te la guardamos: no hace falta responder" is a claim,
"…, and we'll remove you from our list" an opt-out line (rev43k); "Si no, …" and the usted forms are declines, "we've
held it for you" after a needless reply the claim, "Reply BOOK/CANCEL" a keyword offered, "…, we'll release the 2pm"
no opt-out line (rev43l); "Text YES/CANCEL" offers it, "Si no quieres perderlo" is no decline, "we'll save it for
someone else" no claim, "we'll remove you from our mailing list" an opt-out line (rev43m)."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.ai import guardrails as g
from spa_copilot.ai.guardrails import stop_keyword
from spa_copilot.fill import drafts as d
from spa_copilot.fill.drafts import booked_before_yes

FACTS = d.OfferFacts(
    starts_at=datetime(2026, 12, 8, 14, 0, tzinfo=ZoneInfo("America/New_York")), send_day=date(2026, 12, 7),
    guest_name="Maya", services=["Swedish Massage"], menu=["Swedish Massage", "Deep Tissue Massage"], location="SoHo",
    names=["Juniper & Salt"], hold_minutes=10, staff_first_name="Ana", minutes=60, service_minutes=[60])
BASE = "Hi Maya, a Swedish Massage opened tomorrow at 2:00 PM at SoHo with Ana. Reply YES within 10 minutes to book it. "


@pytest.mark.parametrize("tail", [
    "Reply STOP to opt out, HELP for help.",
    "Reply STOP to opt out anytime.",
    "Text STOP to unsubscribe from Juniper & Salt texts.",
    "Feel free to STOP by anytime!",
    "If not, no need to reply.",
    "Not for you? No reply needed.",
])
def test_an_ordinary_edit_is_saved(tail: str) -> None:
    assert d.offer_check(BASE + tail, FACTS) is None


@pytest.mark.parametrize("tail", ["Reply CANCEL to cancel your other bookings.", "Reply QUIT if you can't come."])
def test_another_opt_out_keyword_said_to_cancel_is_refused(tail: str) -> None:
    text = BASE + tail
    assert d.offer_check(text, FACTS) is not None or g.check_text(text, max_chars=600, menu_names=FACTS.menu)


#: A reply said needless as a claim made for her: refused (she never replies, and the slot goes).
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

#: A reply said needless as a decline made easy: no claim.
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

#: STOP (or a keyword carriers read as one) offered as a reply, or an opt-out line carrying a clause about the offer: refused.
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

#: The carrier's opt-out line as it is written, and capital words that are no keyword: allowed.
OPT_OUT_LINES = [
    'Reply YES to book. FREE TO CANCEL up to 24h before.',
    "Reply YES to book. Don't QUIT on self-care!",
    'Reply YES to book. Reply STOP to opt out, Msg & data rates may apply.',
    'Reply YES to book. Text STOP to unsubscribe, Msg&data rates may apply.',
    'Reply YES to book. Reply STOP to opt out, thanks!',
    "Reply YES to book. Reply STOP to opt out, and we'll remove you from our list.",
    "Reply YES to book. Reply STOP to unsubscribe, you'll be removed from all texts.",
    "Reply YES to book. Text STOP to opt out, we'll release your number from our list.",
    'RESCHEDULE/CANCEL ONLINE ANYTIME. Reply YES to book.',
    'Reply YES to book. 24h notice to change/CANCEL.',
    "A 2pm massage opened up. Reply YES to book. Reply STOP to opt out, we'll remove you from our mailing list.",
]


@pytest.mark.parametrize("text", NEEDLESS_REPLY_CLAIMS)
def test_a_needless_reply_said_as_a_claim_is_refused(text: str) -> None:
    assert booked_before_yes(text) is not None


@pytest.mark.parametrize("text", DECLINES_MADE_EASY)
def test_a_decline_made_easy_is_no_claim(text: str) -> None:
    assert booked_before_yes(text) is None


@pytest.mark.parametrize("text", KEYWORDS_OFFERED)
def test_a_keyword_offered_as_a_reply_is_refused(text: str) -> None:
    assert stop_keyword(text) is not None


@pytest.mark.parametrize("text", OPT_OUT_LINES)
def test_an_opt_out_line_is_allowed(text: str) -> None:
    assert stop_keyword(text) is None
