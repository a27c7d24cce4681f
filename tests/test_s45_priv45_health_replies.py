"""A guest's reply that tells of her health is not quoted in the fill card's thread, which is in #front-desk where every
member reads it (the card itself never names a condition): the thread says she replied with health details and where
to read them (probe45d H1). ``holds_health_detail`` decides, widely: a reply held back wrongly is read in Mangomint."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot import scheduler
from spa_copilot.ai.guardrails import HEALTH_DETAIL_WITHHELD, holds_health_detail
from tests.fill_scene import Scene

TODAY = date(2026, 12, 7)

TELLS_OF_HEALTH = [
    "Yes please!! I have a herniated disc so go gentle",
    "yes but I'm 20 weeks pregnant now, is that ok?",
    "Sorry running late from the clinic, my HIV meds, can I come at 11:30?",
    "yes but my back hurts",
    "my neck is killing me, yes!",
    "just had knee surgery, can't make it",
    "I'm on blood thinners, is that ok?",
    "Had chemo last week, better not",
    "I'm diabetic is that ok",
    "Yes, I'm allergic to nuts",
    "I have a cold, rain check?",
    "feeling ill today sorry",
    "Went to the ER last night, can't come",
    "Doctor said no massage for two weeks",
    "No, I sprained my ankle",
    "Sí, pero estoy embarazada",
    "No puedo, tengo cita con el médico",
    "Tengo dolor de espalda, ¿está bien?",
    "I'm preg\u00adnant, is that ok?",
    "Yes but I have a heart condition",
    "Can't, my medical condition flared",
    "yes, my skin is itchy from a new cream",
    "Can I switch to Swedish? deep tissue was too painful last time",
]
SAYS_NOTHING_OF_HEALTH = [
    "can I do 3 instead?",
    "running late, is 4 ok?",
    "No thanks",
    "No, but Thursday works",
    "Can I bring my sister?",
    "stuck in traffic, 15 min late",
    "Could the therapist use firm pressure?",
    "yes please, deep tissue if possible",
    "Yes but no lavender please",
    "ill be there at 3",
    "er, can I come at 5?",
    "Please don't send me these anymore",
    "Sí, a las 3 está bien",
    "No gracias, estoy de viaje",
]


@pytest.mark.parametrize("reply", TELLS_OF_HEALTH)
def test_a_reply_that_tells_of_her_health_holds_a_health_detail(reply: str) -> None:
    assert holds_health_detail(reply, today=TODAY)


@pytest.mark.parametrize("reply", SAYS_NOTHING_OF_HEALTH)
def test_a_reply_about_the_booking_only_holds_none(reply: str) -> None:
    assert not holds_health_detail(reply, today=TODAY)


@pytest.mark.parametrize(
    ("body", "health"),
    [
        ("Yes please!! I have a herniated disc so go gentle", "herniated"),
        ("Sorry running late from the clinic, my HIV meds, can I come at 11:30?", "HIV"),
    ],
)
async def test_the_thread_says_where_to_read_a_reply_about_her_health(scene: Scene, body: str, health: str) -> None:
    await scene.cancel()
    first, _ = await scene.first_offer_sent()
    await scene.reply(first["client_id"], body)
    await scheduler.poll_calendar(scene.copilot)
    thread = scene.thread_text()
    assert health.lower() not in thread.lower(), thread
    assert HEALTH_DETAIL_WITHHELD in thread or "replied with health details" in thread, thread


async def test_a_longer_no_about_her_health_is_not_quoted(scene: Scene) -> None:
    await scene.cancel()
    first, _ = await scene.first_offer_sent()
    await scene.reply(first["client_id"], "No sorry, I am 20 weeks pregnant and my midwife said to wait")
    thread = scene.thread_text()
    assert "pregnant" not in thread and "midwife" not in thread, thread
    assert "replied with health details (not shown here: read the reply in Mangomint)" in thread, thread
