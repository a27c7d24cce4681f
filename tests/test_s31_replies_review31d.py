"""Guest replies read again after the second review of the day's classifier (rev31d, session 31).

- "Ok stop sending these", "Sure, remove me from your contact list", "ok don't text me at all" are a STOP again:
  6f095d6 sent an opt-out beside any yes word, "ok" and "sure" too, to a person when it might not be hers, and
  "stop sending these", "remove me from your contact list" were read as might-not-be-hers (an unclear reply after the
  slot ended is dropped unseen: the opt-out was lost). What they stop is the texts: they are hers.
- A yes to the slot in any words ("I'll take it", "Count me in", "Book it", "Perfect") beside "take me off the list"
  goes to a person, as a plain yes does (8ba8c97): she may want the slot and no more waitlist. (Beside an opt-out
  that can only be hers, "Yes, I'll take it, stop sending me openings", it stayed a STOP; since rev32 a YES_STOP.)
- "Opt me out of the waitlist" is coming off the waitlist, as "take me off the waitlist" is: no opt-out.
- An opt-out of emails only ("stop sending emails, text is fine") is no text opt-out: a person reads it.
- Common opt-outs not read before: "Remove my number", "Remove" (the whole reply), "Delete me", "Get me off this list", "Stop with the texts",
  "Do not text", "Don't text this number", "stop, I'm not interested", "Dejen de mandar mensajes", "Quítenme de la
  lista", "Me tira da lista", "Retirez-moi de la liste".
- A guest still deciding in Portuguese, Spanish, Italian ("Não sei ainda", "No sé todavía", "Non lo so") or saying
  "no problem" ("Não tem problema", "No hay problema") is not a NO.
- Glad emoji beside a yes ("yes 💜", "yes 😉", "yes 🔥") book; "See you at 11..." to the 11:00 offer, trailing off,
  goes to a person."""

from __future__ import annotations

from datetime import datetime

import pytest

from spa_copilot.fill.reply_intent import classify_reply

OFFERED = datetime(2026, 12, 12, 11, 0)


@pytest.mark.parametrize("body", [
    "Ok stop sending these", "Sure, stop sending these", "k stop sending these", "Ok stop texting this number",
    "ok don't text me at all", "Sure, remove me from your contact list", "ok remove me from all lists",
    "Ok take me off your texting list", "Ok please remove me from these texts",
])
def test_an_opt_out_beside_an_agreeing_ok_is_a_stop(body: str) -> None:
    assert classify_reply(body) == "stop"


@pytest.mark.parametrize("body", [
    "I'll take it, take me off the list", "Count me in! Take me off the list", "Book it! And take me off the list",
    "Perfect, remove me from the list", "Yes! Opt me out of the waitlist",
    "I'll take it, opt me out of the waitlist", "Yes, opt me out of the 5pm",
])
def test_a_yes_to_the_slot_beside_coming_off_a_list_goes_to_a_person(body: str) -> None:
    assert classify_reply(body) == "other"


@pytest.mark.parametrize("body", [
    "stop sending emails, text is fine", "Unsubscribe me from emails please, texts ok", "Yes! Unsubscribe me from emails",
])
def test_an_opt_out_of_emails_only_goes_to_a_person(body: str) -> None:
    assert classify_reply(body) == "other"


@pytest.mark.parametrize("body", [
    "Stop texting and emailing me", "Unsubscribe. No more emails or texts", "Stop emailing and texting me please",
])
def test_an_opt_out_of_emails_and_texts_is_a_stop(body: str) -> None:
    assert classify_reply(body) == "stop"


@pytest.mark.parametrize("body", [
    "Remove my number", "Please remove my number", "Remove", "Remove please", "Delete me", "Get me off this list", "Stop with the texts",
    "Do not text", "Don't text this number", "stop, I'm not interested", "Dejen de mandar mensajes",
    "Quítenme de la lista", "Me tira da lista", "Retirez-moi de la liste",
])
def test_more_common_opt_outs_are_a_stop(body: str) -> None:
    assert classify_reply(body) == "stop"


@pytest.mark.parametrize("body", [
    "Não sei ainda", "Não tem problema", "Não tenho certeza", "Non lo so", "No sé todavía", "No hay problema",
])
def test_still_deciding_or_no_problem_in_other_languages_is_no_no(body: str) -> None:
    assert classify_reply(body) != "no"


@pytest.mark.parametrize("body", ["yes 💜", "Yes 💙", "yes 🖤", "yes 🤍", "Yes 😆", "yes 😉", "yes 😇", "yes 🥹", "yes 🔥",
                                  "yes 🌺"])
def test_a_yes_with_a_glad_emoji_books(body: str) -> None:
    assert classify_reply(body) == "yes"


@pytest.mark.parametrize("body", ["See you at 11...", "See you at 11？"])
def test_the_offers_time_said_back_trailing_off_goes_to_a_person(body: str) -> None:
    assert classify_reply(body, offered=OFFERED) == "other"


@pytest.mark.parametrize("body, intent", [
    ("See you at 11:00!", "yes"), ("Yes", "yes"), ("STOP", "stop"), ("No thanks", "no"), ("Yes, unsubscribe me", "stop"),
    ("Yes, remove me", "other"), ("Ok, remove me", "stop"), ("Take me off the list", "stop"),
    ("Yes please! take me off the waitlist", "other"), ("Remove me from the waitlist", "other"),
    ("No, but please don't remove me from the list", "no"), ("Stop by at 11?", "other"),
])
def test_what_was_right_stays_so(body: str, intent: str) -> None:
    assert classify_reply(body, offered=OFFERED) == intent
