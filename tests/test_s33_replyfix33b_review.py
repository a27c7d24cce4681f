"""s33 replyfix33b: the rev33d review's findings on the s33 widening of classify_reply (replies33), each pinned.

A missed STOP or a wrong STOP/YES is worse than a reply sent to a person: where a widening could not be made safe it
was narrowed ("Remove this number", "No more offers" only as a whole reply), and what it no longer reads goes to one.
"""
import pytest

from spa_copilot.fill.reply_intent import classify_reply, stop_said_apart


def opted_out(body: str) -> bool:  # what replies.on_message_received records
    return classify_reply(body) in ("stop", "yes_stop") or stop_said_apart(body)


# H1: a STOP beside one of the new yes spellings, or a negated "I'll be there", is still recorded
@pytest.mark.parametrize("body", ["Yeh no. Stop", "Yah no. STOP", "Ouais non. Stop", "Okey no. Stop",
                                  "Oki no thanks. Stop", "Yeh, no. STOP!", "Yeh sorry can't. Stop",
                                  "I'll be there... not. Stop", "I'll be there, NOT. Stop",
                                  "Yeh whatever. STOP", "Okey... STOP", "Yeh? Stop", "Ouais. Stop", "Oki, stop",
                                  "Yaaas. Stop", "Yeh. Stop."])
def test_h1_stop_still_recorded(body: str) -> None:
    assert opted_out(body)


# H1: the new spellings are politeness beside a keyword, as "Ok" and "Yes" are ("Ok stop", "Yes stop" are a STOP)
@pytest.mark.parametrize("body", ["Okey stop", "Yeh stop", "Yah stop", "Oki stop please", "Ouais stop"])
def test_h1_new_spellings_beside_stop_are_a_stop(body: str) -> None:
    assert classify_reply(body) == "stop"


# H2: asked to keep the number / a question / a number change / another booking: not a STOP
@pytest.mark.parametrize("body", ["Don't remove this number", "Please don't remove this number",
                                  "Please do not delete this number", "Never remove this number",
                                  "Do not remove this number, it's my new one", "Don't delete this contact",
                                  "Don't remove this number from the list",
                                  "Why would you remove this number?", "Should I remove this number?",
                                  "Remove this number? No way, keep it",
                                  "Can you remove this number from my sister's profile?",
                                  "Yes! Remove this number from the reminder and text my cell",
                                  "Yes, remove this number and text my new one",
                                  "Yes please, and remove this number from the other booking",
                                  "Yes, and delete this contact from my file", "Remove this number from Kai's schedule",
                                  "Remove this number from my account, use my husband's"])
def test_h2_remove_this_number_not_an_opt_out(body: str) -> None:
    assert classify_reply(body) != "stop"


@pytest.mark.parametrize("body", ["Yes book it. Remove this number from the 5pm",
                                  "I'll take it, remove this number from the 5pm waitlist"])
def test_h2_remove_this_number_from_a_booking_keeps_her_yes_for_a_person(body: str) -> None:
    assert classify_reply(body) == "other"


# H3: "offers" asked about, or scoped, or beside her yes: not a STOP
@pytest.mark.parametrize("body", ["No more offers left?", "Are there no more offers?", "No more offers? Why?",
                                  "No more offers like this?", "There are no more offers?",
                                  "Oh no more offers left for Friday?", "Do you have no more offers for Saturday?",
                                  "No more offers for today? I'll take it", "If there are no more offers, I'll take this one",
                                  "Stop these offers, I'll take this one", "I don't want these offers, I want this one",
                                  "Yes please, no more offers after", "Sure, no more offers", "Yes! No more promos please",
                                  "No more offers on weekends", "No more offers for massages, only facials",
                                  "No more offers until January", "No more offers this week please",
                                  "No more offers for my sister", "Stop the offers for Tuesday",
                                  "Stop the offers until I'm back from vacation",
                                  "I don't want your offers for massages, only facials",
                                  "I don't want any offers except Saturdays"])
def test_h3_offers_not_an_opt_out(body: str) -> None:
    assert classify_reply(body) != "stop"


# M1: a plain decline beside a yes-word of politeness moves the slot on (a NO), as it did before s33
@pytest.mark.parametrize("body", ["Yeh I can't make it", "Yeh sorry can't", "Ouais, non merci", "Oki no thanks",
                                  "Avec plaisir mais je ne peux pas", "Con gusto, pero no puedo",
                                  "Com certeza, mas não posso", "I'll be there... not", "I'll be there nah"])
def test_m1_still_a_no(body: str) -> None:
    assert classify_reply(body) == "no"


# M2: an email opt-out is not a text STOP
def test_m2_marketing_emails() -> None:
    assert classify_reply("No more marketing emails") != "stop"


# LOW: "we" coming to a one-guest slot, and a song lyric, are for a person
@pytest.mark.parametrize("body", ["We'll be there", "Yes, we'll be there", "I'll be there for you",
                                  "I'll be there for you lol"])
def test_low_not_a_plain_yes(body: str) -> None:
    assert classify_reply(body) != "yes"
