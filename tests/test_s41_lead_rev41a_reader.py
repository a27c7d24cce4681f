"""rev41a (review of 6968ab4): the "When … STOP?" question after delight or a sale asked about.

An eye-roll or an angry face between that opener and the question is scorn: her opt-out stands (it was lost since
rev40j M2's rule: ``_PLAIN_WHEN`` took any mark before "when", and the opener's emoji range held 🙄😒😡😤). A happy face
as phones type it (❤️ and ☺️ with U+FE0F, 🙂, 🤗) after the question, and a sale of a named spa service outside the old
list (lash, brow, wax, Botox, Christmas, Black Friday), stay no opt-out.
"""

from __future__ import annotations

import pytest

from spa_copilot.fill.reply_intent import classify_reply, stop_said_apart


def _opt_out(body: str) -> bool:
    return classify_reply(body) in ("stop", "yes_stop") or stop_said_apart(body)


@pytest.mark.parametrize("body", [
    "Love the specials! 🙄 When do these STOP?",
    "Love the specials 🙄. When do these STOP?",
    "Is the sale still on?? 😡 When will you STOP?",
    "Is the facial special still on? 🤬 When will you STOP?",
    "Wow 20% off? 🖕 When are you gonna STOP?",
    "Is the sale still on? 😤 When do these STOP?",
    "Is the lash special still on? 🙄 When do these STOP?",
])
def test_scorn_before_the_question_keeps_her_opt_out(body: str) -> None:
    assert _opt_out(body)


@pytest.mark.parametrize("body", [
    "Love the specials! When do these STOP? ❤️",
    "Is the facial special still on? When do these STOP? ☺️",
    "Is the sale still on? When do these STOP? 🙂",
    "Love the deals! When will you STOP? 🤗",
    "Is the lash special still on? When do these STOP?",
    "Is the brow deal still on? When do these STOP?",
    "Is the wax special still on? When do these STOP?",
    "Is the Botox special still on? When do these STOP? lol",
    "Is the Christmas sale still on? When do these STOP?",
    "Is the Black Friday sale still on? When do these STOP?",
    "Is the Mother's Day special still on? When does it STOP?",
])
def test_a_happy_face_or_a_named_service_is_no_opt_out(body: str) -> None:
    assert not _opt_out(body)
