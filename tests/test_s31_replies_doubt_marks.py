"""A yes with a sad, wry or angry mark was booked (rev31a M4): "Yes :(", "yes :/", "Sure :/", "Ok :-(", "Yes 😬",
"Yes 😅", "Yes 😂", "Yes 🤷", "Yes 🙃", "Yes 😡", "Yes 🖕", "Yes 🤦‍♀️". Any emoji or emoticon beside a yes that is not
plainly glad (the one list the glad replies use too) sends it to a person; glad ones leave it a yes."""

from __future__ import annotations

from datetime import datetime

import pytest

from spa_copilot.fill import classify_reply

DOUBTED = ["Yes :(", "yes :/", "Sure :/", "Ok :-(", "Yes 😬", "Yes 😅", "Yes 😂", "Yes 🤷", "Yes 🤷\u200d♀️", "Yes 🙃",
           "Yes 😡", "Yes 🖕", "Yes 🤦\u200d♀️", "Yes 🤬", "Ok 😳", "Yes 😤", "yes 🥲", "Yes -_-", "Yes ⁉️", "Yes？",
           "Sure 😒 see you then", "I'll take it 🤷", "Yes please 😂😂"]
GLAD = ["Yes 👍", "Yes! 😊", "Yes 🙏", "Yes ❤️", "Yes 💕", "Yes!! 🥰", "Yes 😍", "yes!!! 🎉", "Yes ✨", "Yes 🙌",
        "Yes 😀", "Yes 😁", "yes please 🙏🏼", "Yes 👍🏽", "YES 🙌🙌", "Yes ✅", "Yes :)", "Yes :-)", "Ok ;)",
        "Yes 💆\u200d♀️", "Yes!! see you then 💕", "Yes ✔️"]


@pytest.mark.parametrize("body", DOUBTED)
def test_a_yes_with_a_mark_not_plainly_glad_is_for_a_person(body: str) -> None:
    assert classify_reply(body) == "other"
    assert classify_reply(body, offered=datetime(2026, 12, 5, 15, 0)) == "other"


@pytest.mark.parametrize("body", GLAD)
def test_a_yes_with_a_glad_mark_stays_a_yes(body: str) -> None:
    assert classify_reply(body) == "yes"


@pytest.mark.parametrize("body", ["No :(", "No 😢", "No thanks 😂", "Nope 🤷"])
def test_a_no_with_any_mark_stays_a_no(body: str) -> None:
    assert classify_reply(body) == "no"


@pytest.mark.parametrize("body", ["Great 😍", "Amazing 🎉"])
def test_glad_words_share_the_list(body: str) -> None:
    assert classify_reply(body) == "yes"


@pytest.mark.parametrize("body", ["Great 🙄", "Amazing 😂", "Great :)", "Great 😬"])
def test_glad_words_stay_strict(body: str) -> None:
    assert classify_reply(body) == "other"
