"""A wrong session length (90 minutes on a 60-minute slot) said with small words between it and the service is
refused (rev43b M): once the small words of the menu's names ("Brow & Lash Tint", "Massage for Two") no longer counted
as a service's words (c49590e7, so "within 10 minutes and it's yours" is the hold), the two words after a length are
read past "of" and "&" ("90 minutes of the Swedish Massage", "a 90-minute & relaxing massage": the massage; not past
"to", "for", "the" or "or", which begin what a hold is said of: rev43e). Left: a length followed by no service word
within two words ("90 min for the Swedish Massage", "is 90 min and includes hot stones", "90 minutos de relajación")
was refused only on a menu whose names held the word after it, as before. A wrong hold ("30 minutes to claim the
massage") is refused as one, and a right one ("10 minutes or the massage goes to the next guest") is not read as the
session's length (rev43e H, which passing "to", "for", "the" made so)."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.fill.drafts import OfferFacts, offer_check

AT = datetime(2026, 12, 8, 11, 0, tzinfo=ZoneInfo("America/New_York"))
STD = ["Swedish Massage 60", "Deep Tissue Massage 90", "Brow & Lash Tint", "Massage for Two", "Facial de la Casa"]
WORKS = ["Swedish Massage 60", "The Works", "A La Carte", "Mani and Pedi", "Body Wrap with Scrub"]
P = "Hi Ava, a Swedish Massage with Mia opened tomorrow at 11:00 am. "
ES = ["Masaje Sueco 60", "Masaje de Tejido Profundo 90", "Facial con Oro", "Manicura y Pedicura"]


@pytest.mark.parametrize(("menu", "text"), [
    (STD, "Hi Ava, a 90-minute & relaxing massage tomorrow at 11:00 am. Reply YES within 10 minutes."),
    (WORKS, "Hi Ava, a spot opened tomorrow at 11:00 am. Enjoy 90 minutes of the Swedish Massage. Reply YES within 10 minutes."),
    (STD, "Hi Ava, a spot opened tomorrow at 11:00 am: a 90-minute and relaxing Swedish Massage. Reply YES within 10 minutes."),
    (ES, "Hola Ava, hay un hueco mañana a las 11:00 am: 90 minutos de masaje sueco. Responde SÍ en 10 minutos."),
    (["Swedish Massage 60"], "Hi Ava, a spot opened tomorrow at 11:00 am: 90 min with the massage. Reply YES within 10 minutes."),
])
def test_wrong_session_length_is_refused(menu, text) -> None:
    found = offer_check(text, _facts(menu))
    assert found is not None and found[0] == "wrongLength", (found, text)


def _facts(menu: list[str]) -> OfferFacts:
    return OfferFacts(starts_at=AT, send_day=date(2026, 12, 7), guest_name="Ava Stone", services=[menu[0]], menu=menu,
                      hold_minutes=10, minutes=60, service_minutes=[60], staff_first_name="Mia")


@pytest.mark.parametrize("tail", [
    "You have 30 minutes to reply for the massage.",
    "You have 30 minutes to claim the massage.",
    "Reply YES within 1 hour to the spa for the massage.",
    "You have 30 minutes to book the massage.",  # refused, but as wrongLength (the wrong reason for the desk)
    "This offer expires in 30 minutes, so the massage may go fast.",
])
def test_wrong_hold_is_refused_as_the_hold(tail) -> None:
    found = offer_check(P + tail, _facts(STD))
    assert found is not None and found[0] == "wrongHold", (found, tail)


@pytest.mark.parametrize("tail", [
    "Reply YES within 10 minutes or the massage goes to the next guest.",  # passed at 2bd6d012 and 93ebfdbb^
    "Reply YES in the next 10 minutes to book the massage.",  # passed at 2bd6d012 and 93ebfdbb^
    "Reply YES within 10 minutes and the massage is yours.",  # passed at 93ebfdbb^ (c49590e7's fix, re-broken)
    "Reply YES within 10 minutes and the spot is yours.",
    "Reply YES within 10 minutes & the massage is yours.",  # an "&" read as the "and" it is (rev43f L)
])
def test_right_hold_is_not_refused_as_a_length(tail) -> None:
    assert offer_check(P + tail, _facts(STD)) is None, tail
