"""s36 edit36: the Edit check (and the check a model's draft meets) refuses what the guest's YES will not book, read
by broad rules rather than more phrases (rev36a M1): another of the location's staff named at all, a time to reply
without end or past the hold, another length however it is said, a part of the day the start is not in, the visit
said booked before the YES, and a second guest. Slot: Tue 8 Dec 3:00 pm Swedish Massage (60 min) with Priya, held 30
minutes, text going out Sat 5 Dec (the s35 harness); Maya is another of the location's staff."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.ai import InvitationInput
from spa_copilot.ai import offline as offline_drafts
from spa_copilot.ai.concierge import Concierge
from spa_copilot.fill.drafts import OfferFacts, draft_problem, offer_check
from spa_copilot.slack import ids
from tests.builders import OneAnswerModel
from tests.fill_scene import Scene, draft_setting, eventually, proposed
from tests.test_s35_words35b_edit import NY, OFFER, TUE_3PM, problem

#: (the words added to the offer, the line the modal shows): each promised what the YES does not book, and was sent
REFUSED = [
    # the hold: a guest who trusts these replies after 30 minutes and is told the hold ran out
    ("We'll hold it all day.", 'The hold is 30 minutes, not "all day": a YES after 30 minutes books nothing.'),
    ("We'll hold it for a few hours.", 'The hold is 30 minutes, not "for a few hours": a YES after 30 minutes books nothing.'),
    ("Reply within a day.", 'The hold is 30 minutes, not "within a day": a YES after 30 minutes books nothing.'),
    ("No rush to reply!", 'The hold is 30 minutes, not "No rush": a YES after 30 minutes books nothing.'),
    ("Take your time to reply.", 'The hold is 30 minutes, not "Take your time": a YES after 30 minutes books nothing.'),
    # the length: her YES books the 60
    ("Upgrade to 90 minutes for $20 more!",
     'The offer is Swedish Massage (60 minutes), not "90 minutes": their YES books 60 minutes.'),
    ("Want to make it 90 minutes?", 'The offer is Swedish Massage (60 minutes), not "90 minutes": their YES books 60 minutes.'),
    ("Extend to an hour and a half?",
     'The offer is Swedish Massage (60 minutes), not "an hour and a half": their YES books 60 minutes.'),
    # the therapist: her YES books Priya
    ("Maya will take care of you.", 'The slot is with Priya, not "Maya": their YES books it with Priya.'),
    ("Priya is out, Maya will cover.", 'The slot is with Priya, not "Maya": their YES books it with Priya.'),
    ("Maya can't wait to see you!", 'The slot is with Priya, not "Maya": their YES books it with Priya.'),
    # the part of the day: the slot is at 3pm
    ("See you in the morning!", 'The slot starts at 3:00 pm, not "in the morning": their YES books that time.'),
    ("Enjoy your evening massage!", 'The slot starts at 3:00 pm, not "your evening massage": their YES books that time.'),
    # a second guest: one booking is made
    ("Reply YES for you and a friend (2 spots).",
     'Their YES books one visit, for Ana alone: take out "you and a friend".'),
    # nothing is booked until her YES
    ("You're booked!", 'Take out "You\'re booked": nothing is booked until Ana replies YES.'),
]


@pytest.mark.parametrize(("extra", "line"), REFUSED)
def test_a_promise_the_yes_does_not_keep_is_refused_with_what_to_change(extra: str, line: str) -> None:
    assert problem(f"{OFFER} {extra} Reply YES to book.") == line


SAID_OTHERWISE = [
    # the same rules said otherwise (broad, not phrases)
    "Reply whenever you're ready.", "We'll save it for several hours.", "Reply at your leisure.", "Held for 2 days.", "Sin prisa para responder.",
    "Bump it up to 75 min?", "Go for 90 minutes!", "Sam is looking forward to it.", "MAYA is excited!",
    "Perfect morning treat!", "Relax por la noche.", "Your appointment is confirmed.", "We've booked you in.",
    "Bring your partner too!", "Room for both of you.", "No need to reply, see you then.", "Just show up!",
    "Already booked for you - reply NO to cancel.", "We've booked you in, reply NO if you can't make it.",
    "Reply within the hour.", "Make it 90 for $20 more.", "A morning of relaxation awaits.",
]


@pytest.mark.parametrize("extra", SAID_OTHERWISE)
def test_the_same_promises_said_otherwise_are_refused(extra: str) -> None:
    facts_staff = ["Priya", "Maya", "Sam"]
    said = draft_problem(f"{OFFER} {extra} Reply YES to book.", starts_at=TUE_3PM, facts=_facts(staff_names=facts_staff))
    assert said is not None


FRIENDLY = [
    # friendly words that promise nothing the YES does not book
    "See you soon!", "Have a lovely evening!", "Good morning!", "Enjoy your afternoon massage!", "Have a great day!",
    "Reply YES and you're booked!", "Once you reply YES you're all set.", "Only 2 spots left!",
    "Arrive 15 minutes early.", "Add a 30-min facial?", "Parking is free for 2 hours.", "Maya says hi!",
    "Maya sends her love!", "Book again w/ Maya next time!", "Take your time in our lounge after.",
    "Gift cards 20% off!", "We're open Sat 10am-12pm, see you soon!", "Held for 30 minutes.",
    "Reply within 30 minutes.", "Enjoy a relaxing afternoon!", "You're booked once you reply YES.",
    "If it suits, you're all set.",
]


@pytest.mark.parametrize(("friendly", "wrong"), [
    (friendly, REFUSED[i % len(REFUSED)][0]) for i, friendly in enumerate(FRIENDLY)])
def test_friendly_words_still_pass_beside_the_broad_rules(friendly: str, wrong: str) -> None:
    """Each friendly text passes while a wrong one the same rules read is refused (the fix reads neither too much nor
    too little)."""
    assert problem(f"{OFFER} {friendly} Reply YES to book.") is None
    assert problem(f"{OFFER} {friendly} {wrong} Reply YES to book.") is not None


def test_a_sign_off_by_another_staff_member_passes_but_naming_her_in_the_text_does_not() -> None:
    facts = _facts(staff_names=["Priya", "Maya", "Claire"])
    assert draft_problem(f"{OFFER} Reply YES to book. - Claire", starts_at=TUE_3PM, facts=facts) is None
    assert draft_problem(f"{OFFER} Claire will greet you. Reply YES to book.", starts_at=TUE_3PM, facts=facts) is not None


def test_the_guests_own_name_equal_to_a_staff_name_passes_while_another_staff_name_is_refused() -> None:
    facts = _facts(guest_name="Maya", staff_names=["Priya", "Maya", "Sam"])
    text = "Hi Maya, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Maya, reply YES to book."
    assert draft_problem(text, starts_at=TUE_3PM, facts=facts) is None
    assert draft_problem(text.replace("3pm.", "3pm. Sam will see you."), starts_at=TUE_3PM, facts=facts) is not None


def test_a_name_that_is_also_a_word_is_read_only_as_a_person() -> None:
    facts = _facts(staff_names=["Priya", "Joy"])
    assert draft_problem(f"{OFFER} Joy awaits! Reply YES to book.", starts_at=TUE_3PM, facts=facts) is None
    assert draft_problem(f"{OFFER} Joy will take care of you. Reply YES to book.", starts_at=TUE_3PM,
                         facts=facts) is not None


def test_on_a_slot_with_no_therapist_another_staff_member_named_is_refused() -> None:
    facts = _facts(staff_first_name=None)
    said = draft_problem("Hi Ana, Swedish Massage Tue Dec 8 at 3pm. Maya will take care of you. Reply YES",
                         starts_at=TUE_3PM, facts=facts)
    assert said == 'Take out "Maya": the slot names no therapist, so their YES books no one in particular.'


def test_a_couples_service_may_speak_of_a_second_guest() -> None:
    facts = _facts(services=["Couples Massage"], menu=["Couples Massage"])
    text = "Hi Ana, Couples Massage w/ Priya Tue Dec 8 at 3pm for you and your partner. Reply YES to book."
    assert draft_problem(text, starts_at=TUE_3PM, facts=facts) is None
    assert draft_problem(text.replace("Couples", "Swedish"), starts_at=TUE_3PM, facts=facts.__class__(
        **{**facts.__dict__, "services": ["Swedish Massage"], "menu": ["Swedish Massage"]})) is not None


@pytest.mark.parametrize(("extra", "kind"), [
    ("Take your time!", "wrongHold"), ("Maya will take care of you.", "wrongStaff"),
    ("Make it 90 minutes?", "wrongLength"), ("See you in the morning!", "dayPart"),
    ("You're booked!", "bookedBeforeYes"), ("Bring a friend!", "partySize"),
])
def test_the_kind_a_log_or_engine_note_says(extra: str, kind: str) -> None:
    found = offer_check(f"{OFFER} {extra} Reply YES to book.", _facts())
    assert found is not None and found[0] == kind


@pytest.mark.parametrize("hour", [9, 11, 13, 15, 17, 19])
@pytest.mark.parametrize("guest", ["Ana", "Maya", None])
def test_the_offline_invitation_passes_at_any_hour(hour: int, guest: str | None) -> None:
    start = datetime(2026, 12, 8, hour, 0, tzinfo=NY)
    invite = InvitationInput(first_name=guest, service_name="Swedish Massage", starts_at=start, staff_first_name="Priya",
                             location_name="Juniper & Salt SoHo", hold_minutes=30)
    text = offline_drafts.invitation_text(invite, spa_name="Juniper & Salt")
    facts = _facts(starts_at=start, guest_name=guest or "")
    assert draft_problem(text, starts_at=start, facts=facts) is None
    assert draft_problem(f"{text} No rush!", starts_at=start, facts=facts) is not None


def _facts(**changes: Any) -> OfferFacts:
    base = OfferFacts(starts_at=TUE_3PM, send_day=date(2026, 12, 5), guest_name="Ana", services=["Swedish Massage"],
                      menu=["Swedish Massage", "Deep Tissue Massage 90", "Hot Stone 75"],
                      location="Juniper & Salt SoHo", hold_minutes=30, staff_first_name="Priya",
                      staff_names=["Priya", "Maya"], minutes=60)
    return replace(base, **changes)


async def test_the_edit_modal_refuses_each_promise_and_the_guest_gets_the_card_text(scene: Scene) -> None:
    """End to end (rev36a's repro): the edit naming another therapist, a hold of all day and a longer session is
    refused in the modal, one line at a time; nothing is saved, and Approve sends the card's own text."""
    await proposed(scene)
    world = scene.world
    catalog = await scene.copilot.catalog()
    draft = scene.proposal["draft"]
    here = scene.proposal["opening"]["location_id"]
    cand = scene.candidate(0)
    other = next(s.first_name for s in catalog.staff if s.location_id == here and s.active
                 and s.first_name not in (cand["staff_first_name"], cand["first_name"]) and s.first_name.isalpha())
    await scene.click(ids.EDIT_FILL)
    await world.slack.wait_for(lambda s: len(s.calls_to("views.open")) == 1, timeout=10)
    view = world.slack.calls_to("views.open")[0].response["view"]

    async def submit(text: str) -> dict[str, Any]:
        response = await world.sender.submit_view(
            view, user_id=world.manager_id, values={ids.EDIT_DRAFT_BLOCK: {ids.EDIT_DRAFT_INPUT: text}})
        assert response.status_code == 200
        return response.json() if response.content else {}

    base = draft.replace(f"It's held for you for {scene.copilot.settings.offer_hold_minutes} minutes. ", "")
    for extra, words in [(f" {other} will take care of you.", f'not "{other}"'),
                         (" No rush, we'll hold it all day!", 'not "No rush"'),
                         (" Upgrade to 240 minutes for $20 more!", 'not "240 minutes"')]:
        answer = await submit(base + extra)
        assert answer.get("response_action") == "errors", extra
        assert words in answer["errors"][ids.EDIT_DRAFT_BLOCK]
    assert scene.proposal["revision"] == 0 and scene.proposal["draft"] == draft
    await scene.approve_and_wait()
    await eventually(lambda: len(scene.sent()) == 1)
    assert [m["body"] for m in scene.sent()] == [draft]


async def test_a_model_draft_with_such_a_promise_is_replaced_by_the_offline_text(scene: Scene) -> None:
    copilot, setting = scene.copilot, await draft_setting(scene)
    other = next(m.first_name for m in setting.catalog.staff
                 if m.location_id == scene.target.location_id and m.active
                 and m.first_name not in (setting.therapist.first_name, setting.client.first_name))
    for extra, kind in [(" Take your time to reply!", "wrongHold"), (f" {other} can't wait to see you!", "wrongStaff"),
                        (" You're booked!", "bookedBeforeYes")]:
        copilot.ai = Concierge(setting.settings, model=OneAnswerModel(setting.good + extra))  # type: ignore[arg-type]
        text, engine = await fill.drafts._draft_invitation(copilot, "fp_s36", setting.candidate, setting.slot,
                                                          setting.client)
        assert text == setting.good and kind in engine, (extra, engine)
