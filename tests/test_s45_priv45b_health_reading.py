"""How ``holds_health_detail`` reads a guest's reply before the fill card's thread quotes it (rev45e M4, M5): a figure
of speech or a job that sounds like health ("work is killing me", "heart says yes", "I'm a nurse") is about the booking
and is quoted, so the desk can act on "Can I do Thursday instead?"; common conditions, drugs the lists know and a
pregnancy said plainly are held back; and the reply is read, and quoted, as a person sees it, without zero-width
characters or soft hyphens."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot import scheduler
from spa_copilot.ai.guardrails import HEALTH_READ_CHARACTERS, holds_health_detail, quoted_as_seen
from tests.fill_scene import Scene

TODAY = date(2026, 12, 7)

ABOUT_THE_BOOKING = [
    "Can't today, work is killing me lol. Can I do Thursday instead?",
    "Heart says yes but wallet says no. Is there anything cheaper on Thursday?",
    "No - out of town for a medical conference, can I do Thursday instead?",
    "I'm a nurse, on shift till 7. Can I do Thursday instead?",
    "Operations review all day, can I do Thursday instead?",
    "Car broke down, such a pain. Can I do Thursday instead?",
    "I have an itch to go hiking lol, can I do Thursday instead?",
    "No thanks, procedure scheduled that day",
    "Can't, we have a health and safety training at work",
    "Roads are icy and work is killing me, can I do Thursday?",
    "I'll be back Friday, the traffic is such a pain",
    "Can we do the couples massage instead? My heart is set on it",
    "Sí, con más presión por favor",
    # rev45g M1: everyday words the first narrowing still read as health
    "Hmm I'm torn, the slot is early for me. Can we do 3pm instead?",
    "Road conditions are bad here, can we do 3pm instead?",
    "Stuck out in the cold at a game, can we do 3pm instead?",
    "Lol I really need some therapy. Can we do 3pm instead?",
    "Sick of this week haha. Can we do 3pm instead?",
    "Picking up my dad's hearing aids at 1, can we do 3pm instead?",
    "Ooh after a stiff drink maybe, can we do 3pm instead?",
    "So ill be there at 3 instead?",
]
TELLS_OF_HEALTH = [
    "No sorry, my arthritis is flaring up, rain check?",
    "Can't, I threw out my back and have a pinched nerve",
    "No thanks, I'm on Zoloft and Xanax right now and feel off",
    "Not today, I have a UTI",
    "Can't, lupus flare this week",
    "Just found out I'm expecting! Not this time",
    "We just had a baby, maybe next month",
    "Had a concussion on Saturday, not yet",
    "My IBS is acting up, rain check",
    "Migrane again, sorry",
    "Period cramps, can I move it?",
    "Took a Percocet, better skip",
    "Have a hernia, rain check",
    "ch\u00ademo last week, better not",
    "my back h\u200burts, yes",
    "I'm sick, can we move it?",
    "Sick kid at home, can we do Thursday?",
    "Physical therapy at 2, can we do 4?",
    "I have a skin condition flaring, better not",
    "Tore my hamstring, so torn hamstring means no",
    "Stiff neck all week, maybe Thursday",
]


@pytest.mark.parametrize("reply", ABOUT_THE_BOOKING)
def test_a_figure_of_speech_or_a_job_is_no_health_detail(reply: str) -> None:
    assert not holds_health_detail(reply, today=TODAY)


@pytest.mark.parametrize("reply", TELLS_OF_HEALTH)
def test_a_common_condition_drug_or_pregnancy_is_a_health_detail(reply: str) -> None:
    assert holds_health_detail(reply, today=TODAY)


async def test_a_booking_reply_is_quoted_in_the_thread_as_a_person_reads_it(scene: Scene) -> None:
    await scene.cancel()
    first, _ = await scene.first_offer_sent()
    await scene.reply(first["client_id"], "Work is killing me lol, can I do Thur\u200bsday instead?")
    await scheduler.poll_calendar(scene.copilot)
    thread = scene.thread_text()
    assert "can I do Thursday instead?" in thread, thread
    assert "\u200b" not in thread, thread


@pytest.mark.parametrize(
    ("reply", "quoted"),
    [
        ("ไม่ว่างค่ะ", "ไม่ว่างค่ะ"),  # Thai tone marks kept (rev45g M2)
        ("मैं आज नहीं", "मैं आज नहीं"),
        ("Yes 👩\u200d👧 both of us", "Yes 👩\u200d👧 both of us"),  # an emoji's joiner kept
        ("Thur\u200bsday, ca\u00adn we?", "Thursday, can we?"),  # what nobody sees dropped
        ("Cafe\u0301 at 3", "Café at 3"),  # NFC, the accent kept
    ],
)
def test_a_quote_shows_what_the_guest_wrote(reply: str, quoted: str) -> None:
    assert quoted_as_seen(reply) == quoted


def test_only_as_much_of_a_reply_as_a_thread_could_show_is_read() -> None:
    """A webhook may carry a megabyte: the check reads a bounded head of the reply (the thread quotes 300 characters)."""
    filler = "Can we do Thursday instead? " * (HEALTH_READ_CHARACTERS // 28 + 1)
    assert holds_health_detail("I'm pregnant. " + filler, today=TODAY)
    assert not holds_health_detail(filler + "I'm pregnant.", today=TODAY)
