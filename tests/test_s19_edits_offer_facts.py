"""A manager's Edit of a fill invitation may not say what the guest's YES would not book. The review found these
accepted on Christopher's card (Swedish Massage 60, today at 11:00 am at Juniper & Salt SoHo with Priya, a 10-minute
hold) and "tomorrow" saved, ready to approve, while his YES would book today 11:00 at SoHo: another day ("tomorrow",
"Friday"), another location ("our Venice location"), another candidate's name ("Hi Sebastian"), another service
("Deep Tissue 90"), another hold ("held 30 minutes") and the copilot's ranking words ("(waitlist #1, score 0.68)").
Each is refused with one line the modal shows; the manager's own words otherwise pass (tone, "See you soon!", a
name that is a common word, Spanish)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from spa_copilot import fill
from spa_copilot.fill.drafts import OfferFacts, offer_problem
from spa_copilot.slack import ids
from tests.fill_scene import Scene, proposed

BASE = "Hi Christopher, Swedish Massage 60 opened today at 11am{}. Reply YES"

#: (the edit, the line the modal shows)
REFUSED = [
    ("Hi Christopher, a Swedish Massage 60 opened tomorrow at 11am. Reply YES to claim it.",
     'The text goes out Tue 24 Nov, the slot\'s own day, so not "tomorrow": their YES books Tue 24 Nov.'),
    ("Hi Christopher, a Swedish Massage 60 opened Friday at 11am. Reply YES to claim it.",
     'The slot is Tue 24 Nov, not "Friday": their YES books that day.'),
    ("Hi Christopher, Swedish Massage 60 opened today at 11am at our Venice location. Reply YES",
     'The slot is at Juniper & Salt SoHo, not "Venice": their YES books it there.'),
    ("Hi Sebastian, Swedish Massage 60 opened today at 11am. Reply YES",
     'This text goes to Christopher: "Sebastian" is another guest\'s name.'),
    ("Hi Christopher, Deep Tissue 90 opened today at 11am. Reply YES",
     'The offer is Swedish Massage 60, not "Deep Tissue 90": their YES books Swedish Massage 60.'),
    (BASE.format(", held 30 minutes"), 'The hold is 10 minutes, not "30 minutes": a YES after 10 minutes books nothing.'),
    (BASE.format(" (waitlist #1, score 0.68)"),
     'Take out "waitlist #1": scores, ranks, waitlist numbers and ids are the copilot\'s, not for the guest.'),
    # and their neighbours
    (BASE.format(" on Wed 25 Nov"), 'The slot is Tue 24 Nov, not "Wed": their YES books that day.'),
    (BASE.format(", Nov 25"), 'The slot is Tue 24 Nov, not "Nov 25": their YES books that day.'),
    ("Hola Christopher, Swedish Massage 60 mañana a las 11am. Responde SÍ.",
     'The text goes out Tue 24 Nov, the slot\'s own day, so not "mañana": their YES books Tue 24 Nov.'),
    ("Hola Christopher, Swedish Massage 60 el viernes a las 11am. Responde SÍ.",
     'The slot is Tue 24 Nov, not "viernes": their YES books that day.'),
    (BASE.format(" at Juniper & Salt Venice"), 'The slot is at Juniper & Salt SoHo, not "Juniper & Salt Venice": their YES books it there.'),
    ("hi sebastian, Swedish Massage 60 opened today at 11am. Reply YES",
     'This text goes to Christopher: "sebastian" is another guest\'s name.'),
    ("Hi Hazel, Swedish Massage 60 opened today at 11am. Reply YES",
     'This text goes to Christopher: "Hazel" is another guest\'s name.'),
    (BASE.format(" (Sebastian passed)"), 'This text goes to Christopher: "Sebastian" is another guest\'s name.'),
    ("Hi Christopher, Swedish Massage 90 opened today at 11am. Reply YES",
     'The offer is Swedish Massage 60, not "Swedish Massage 90": their YES books Swedish Massage 60.'),
    ("Hi Christopher, a Hot Stone Massage opened today at 11am. Reply YES",
     'The offer is Swedish Massage 60, not "Hot Stone Massage": their YES books Swedish Massage 60.'),
    (BASE.format("") + " within 30 minutes", 'The hold is 10 minutes, not "30 minutes": a YES after 10 minutes books nothing.'),
    (BASE.format("") + ". You have an hour.", 'The hold is 10 minutes, not "an hour": a YES after 10 minutes books nothing.'),
    (BASE.format("") + " in 5 min to book it.", 'The hold is 10 minutes, not "5 min": a YES after 10 minutes books nothing.'),
    (BASE.format(". We'll hold it for 15 min"), 'The hold is 10 minutes, not "15 min": a YES after 10 minutes books nothing.'),
    ("Hola Christopher, Swedish Massage 60 hoy a las 11am. Responde SÍ en 30 minutos.",
     'The hold is 10 minutes, not "30 minutos": a YES after 10 minutes books nothing.'),
    (BASE.format(" with Maya"), 'The slot is with Priya, not "with Maya": their YES books it with Priya.'),
    (BASE.format(" (cl_0003)"), 'Take out "cl_0003": scores, ranks, waitlist numbers and ids are the copilot\'s, not for the guest.'),
    (BASE.format(", you're ranked #1"),
     'Take out "ranked #1": scores, ranks, waitlist numbers and ids are the copilot\'s, not for the guest.'),
]

#: Edits a manager may well write: tone, extra words, the day said otherwise, Spanish, common words that are names
GOOD = [
    "Hi Christopher! A spot just opened today at 11:00 am for your Swedish Massage 60 at Juniper & Salt SoHo. "
    "Reply YES within 10 minutes to book it.",
    "Hey Chris! Great news: your Swedish Massage opened up today at 11am with Priya. Reply YES to grab it. See you soon!",
    "Hi Christopher, good news - a Swedish massage spot opened this morning at 11am at our SoHo spa. Reply YES to book. "
    "We're holding it for 10 min.",
    "Christopher, we have an 11am Swedish Massage 60 today (Tuesday) at SoHo. Reply YES in the next 10 minutes!",
    "Hi Christopher! Tue 24 Nov at 11:00 am: Swedish Massage 60 with Priya. Reply YES to claim. Held 10 mins.",
    "Hi Christopher, your 60-minute Swedish Massage is available today at 11am. Reply YES to book - we'll keep it 10 minutes.",
    "Hi Christopher, a 60 min Swedish massage opened today at 11am. Reply YES to claim it (held 10 minutes). Treat yourself!",
    "Hi Christopher, we'd love to see you today at 11am for a Swedish Massage 60 on Nov 24. Reply YES to book.",
    "¡Hola Christopher! Se abrió un espacio hoy a las 11:00 am para tu Swedish Massage 60 en Juniper & Salt SoHo. "
    "Responde SÍ en 10 minutos para reservarlo.",
    "Hola Christopher, tenemos tu Swedish Massage 60 hoy martes a las 11 de la mañana. Lo guardamos 10 minutos. "
    "Responde SÍ para reservarlo.",
    "Hi Christopher, a Swedish Massage 60 opened today at 11am. Reply YES to claim it. Your hazel-eyed therapist Priya says hi!",
    "Hi Christopher, a Swedish Massage 60 opened today at 11am with Priya. Reply YES to claim it. Will you make it?",
    "Hi Christopher, the 11am Swedish Massage 60 today is yours if you want it. Reply YES to book. The session runs 60 minutes.",
    "Hi Christopher, a Swedish Massage 60 opened today at 11am. Arrive 15 minutes early to relax. Reply YES to book.",
    "Hi Christopher, score a last-minute Swedish Massage 60 today at 11am! Reply YES to book.",
    "Hi Christopher, your Swedish Massage 60 is ready today at 11am in SoHo, a short walk from the park. Reply YES to book.",
    "Hi Christopher, a Swedish Massage 60 opened today at 11:00. Reply YES to book; hot towels included. Thanks!",
    "Hi Christopher, your next 60 min Swedish Massage opened today at 11am. Reply YES to claim it.",
]


async def test_the_reviewed_edits_are_refused_with_one_line(scene: Scene) -> None:
    await proposed(scene)
    row = scene.proposal
    assert [c["first_name"] for c in row["candidates"]][:2] == ["Christopher", "Sebastian"]
    for text, line in REFUSED:
        assert fill.edit_problem(scene.copilot, row["id"], row["revision"], text) == line, text


async def test_plausible_edits_pass(scene: Scene) -> None:
    await proposed(scene)
    row = scene.proposal
    assert "Hazel" in [c["first_name"] for c in row["candidates"]]  # a candidate whose name is a common word
    assert fill.edit_problem(scene.copilot, row["id"], row["revision"], row["draft"]) is None
    for text in GOOD:
        assert fill.edit_problem(scene.copilot, row["id"], row["revision"], text) is None, text


async def test_a_wrong_day_is_not_saved_and_the_modal_says_why(scene: Scene) -> None:
    await proposed(scene)
    world, row = scene.world, scene.proposal
    tomorrow = REFUSED[0][0]
    result = await fill.save_edit(scene.copilot, row["id"], row["revision"], tomorrow, user_id=world.manager_id)
    assert not result.ok and result.note == REFUSED[0][1]
    after = scene.proposal
    assert (after["draft"], after["revision"]) == (row["draft"], row["revision"])  # nothing saved, the card as it was

    await scene.click(ids.EDIT_FILL)
    await world.slack.wait_for(lambda s: len(s.calls_to("views.open")) == 1, timeout=10)
    view = world.slack.calls_to("views.open")[0].response["view"]

    async def submit(text: str) -> dict[str, Any]:
        response = await world.sender.submit_view(
            view, user_id=world.manager_id, values={ids.EDIT_DRAFT_BLOCK: {ids.EDIT_DRAFT_INPUT: text}}
        )
        assert response.status_code == 200
        return response.json() if response.content else {}

    refused = await submit(REFUSED[2][0])  # "our Venice location"
    assert refused == {"response_action": "errors", "errors": {ids.EDIT_DRAFT_BLOCK: REFUSED[2][1]}}
    assert scene.proposal["draft"] == row["draft"]
    assert await submit(GOOD[0]) == {}
    assert scene.proposal["draft"] == GOOD[0]


TZ = ZoneInfo("America/New_York")
TUE_11 = datetime(2026, 11, 24, 11, 0, tzinfo=TZ)
FACTS = OfferFacts(
    starts_at=TUE_11, send_day=date(2026, 11, 23), guest_name="Rose", other_names=["Rose", "Grace", "Sebastian"],
    services=["Swedish Massage 60"], menu=["Swedish Massage 60", "Swedish Massage 90", "Deep Tissue Massage 90"],
    location="Willow Park", other_locations=["Willow Harbor", "Willow Main Street"], names=["Willow"], hold_minutes=10,
)
TOMORROW = "Hi Rose, a Swedish Massage 60 opened tomorrow at 11am. Reply YES"
TODAY = "Hi Rose, a Swedish Massage 60 opened today at 11am. Reply YES"


def test_today_and_tomorrow_are_read_against_the_day_the_text_goes_out() -> None:
    # drafted Monday, slot Tuesday: "tomorrow" is right, "today" wrong
    assert offer_problem(TOMORROW, FACTS) is None
    assert offer_problem(TODAY, FACTS) == 'The slot is Tue 24 Nov, not "today": their YES books that day.'
    # edited Monday at 10pm: the text waits for texting hours and goes out Tuesday, the slot's own day
    deferred = OfferFacts(**{**FACTS.__dict__, "send_day": date(2026, 11, 24)})
    assert offer_problem(TODAY, deferred) is None
    assert offer_problem(TOMORROW, deferred) == (
        'The text goes out Tue 24 Nov, the slot\'s own day, so not "tomorrow": their YES books Tue 24 Nov.')
    assert offer_problem("Hi Rose, Swedish Massage 60 on Tuesday at 11am. Reply YES", deferred) is None
    unknown = OfferFacts(**{**FACTS.__dict__, "send_day": None})  # the day it goes out is not known: not read
    assert offer_problem(TODAY, unknown) is None and offer_problem(TOMORROW, unknown) is None


@pytest.mark.parametrize(
    ("text", "said"),
    [("Hi Grace, Swedish Massage 60 tomorrow at 11am. Reply YES", "Grace"),  # a common word, but greeting
     ("Hi Rose, Swedish Massage 60 tomorrow at 11am, saved by grace. Reply YES", None),
     ("Hi Rose, Swedish Massage 60 tomorrow at 11am. Reply YES. Grace and calm await", None),
     ("Hi Rose, Swedish Massage 60 tomorrow at 11am with rose oil. Reply YES", None),  # her own name, another's too
     ("Hi Rose, Swedish Massage 60 tomorrow at 11am at our Harbor spa. Reply YES", "Harbor"),
     ("Hi Rose, Swedish Massage 60 tomorrow at 11am at Willow Park, by the harbor. Reply YES", None),
     ("Hi Rose, Swedish Massage 60 tomorrow at 11am at our Main Street spa. Reply YES", "Main Street"),
     ("Hi Rose, Swedish Massage 60 tomorrow at 11am, a short walk from Main Street. Reply YES", "Main Street")],
)
def test_names_and_places_that_are_common_words(text: str, said: str | None) -> None:
    problem = offer_problem(text, FACTS)
    assert (problem is None) if said is None else (problem is not None and f'"{said}"' in problem), problem
