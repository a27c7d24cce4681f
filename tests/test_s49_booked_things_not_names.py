"""s49 (noticed while mending probe49a's names): a spa's words before "booked", "gifted" or "bought" were masked as a
person's whole name in every text shown to staff or a model: "Hot Stone Massage booked" read "Hot [name] booked",
"Signature Facial booked" "[name] booked", so a booking note lost the service it is about. The last word of a
service or a gift (massage, facial, peel, wrap, package, card …) is no surname; a person's name there still is. And
who bought or gifted it ("Gift Card bought by Maria Lopez", probe49a) is a person, masked as after "referred by"."""

from __future__ import annotations

import pytest

from spa_copilot.ai.guardrails import guest_words_for_staff


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Hot Stone Massage booked", "Hot Stone Massage booked"),
        ("Deep Tissue Massage booked for Friday", "Deep Tissue Massage booked for Friday"),
        ("Signature Facial booked", "Signature Facial booked"),
        ("Spa Package gifted", "Spa Package gifted"),
        ("Maria Gonzalez-Reyes referred her", "[name] referred her"),  # a person, as before
        ("Tom Okafor booked for her", "[name] booked for her"),
    ],
)
def test_what_is_booked_is_no_name(text: str, shown: str) -> None:
    assert guest_words_for_staff(text, names=["Kowalski"]) == shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Gift Card bought by Maria Lopez", "Gift Card bought by [name]"),  # probe49a: the giver reached Slack
        ("Spa day gifted by Tom Okafor", "Spa day gifted by [name]"),
        ("Allergy confirmed by Patch Test", "Allergy confirmed by Patch Test"),  # a test, which staff must read
        ("paid by Venmo", "paid by Venmo"),
    ],
)
def test_who_gave_the_gift_is_masked(text: str, shown: str) -> None:
    assert guest_words_for_staff(text, names=["Kowalski"]) == shown
