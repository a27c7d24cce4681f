"""A wrong session length (90 minutes on a 60-minute slot) said with small words between it and the service is
refused (rev43b M): once the small words of the menu's names ("Brow & Lash Tint", "Massage for Two") no longer counted
as a service's words (c49590e7, so "within 10 minutes and it's yours" is the hold), the two words after a length are
read past them ("90 minutes of the Swedish Massage": the massage). Left: a length followed by no service word at all
("is 90 min and includes hot stones", "90 minutos de relajación") was refused only on a menu whose names held the
word after it, as before."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.fill.drafts import OfferFacts, offer_check

AT = datetime(2026, 12, 8, 11, 0, tzinfo=ZoneInfo("America/New_York"))
STD = ["Swedish Massage 60", "Deep Tissue Massage 90", "Brow & Lash Tint", "Massage for Two", "Facial de la Casa"]
WORKS = ["Swedish Massage 60", "The Works", "A La Carte", "Mani and Pedi", "Body Wrap with Scrub"]
ES = ["Masaje Sueco 60", "Masaje de Tejido Profundo 90", "Facial con Oro", "Manicura y Pedicura"]


@pytest.mark.parametrize(("menu", "text"), [
    (STD, "Hi Ava, a 90-minute & relaxing massage tomorrow at 11:00 am. Reply YES within 10 minutes."),
    (STD, "Hi Ava, a spot opened tomorrow at 11:00 am: 90 min for the Swedish Massage. Reply YES within 10 minutes."),
    (WORKS, "Hi Ava, a spot opened tomorrow at 11:00 am. Enjoy 90 minutes of the Swedish Massage. Reply YES within 10 minutes."),
    (ES, "Hola Ava, hay un hueco mañana a las 11:00 am: 90 minutos de masaje sueco. Responde SÍ en 10 minutos."),
    (["Swedish Massage 60"], "Hi Ava, a spot opened tomorrow at 11:00 am: 90 min with the massage. Reply YES within 10 minutes."),
])
def test_wrong_session_length_is_refused(menu, text) -> None:
    facts = OfferFacts(starts_at=AT, send_day=date(2026, 12, 7), guest_name="Ava Stone", services=[menu[0]], menu=menu,
                       hold_minutes=10, minutes=60, service_minutes=[60], staff_first_name="Mia")
    found = offer_check(text, facts)
    assert found is not None and found[0] == "wrongLength", (found, text)
