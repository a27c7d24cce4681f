"""guest52: a manager's Edit of a guest text refused for a birth said to her ("Congrats on the new baby!", "Hope the
new baby is sleeping": her health, postpartum, as "Congrats on the pregnancy") but not for the spa's baby words
("Baby shower package", "babymoon package", "Baby-safe products"); the therapist's surname alone after "with" and an
emoji, a new phrase going on after it ("See you with Nair 🙂 see you soon"), names her by surname, while "With Best
😊 wishes" names no one."""

import pytest

from spa_copilot.fill.drafts import draft_problem
from tests.builders import invitation_case

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

BIRTHS = [  # (added before "Reply YES", the words the modal quotes)
    ("Congrats on the new baby!", "Congrats on the new baby"),
    ("Hope the new baby is sleeping.", "the new baby"),
    ("Congrats on the little one!", "Congrats on the little one"),
    ("Congratulations on your newborn!", "Congratulations on your newborn"),
    ("Congrats on your bundle of joy.", "Congrats on your bundle of joy"),
    ("Congrats on becoming a mom!", "Congrats on becoming a mom"),
]
SPA_BABY_WORDS = [
    "Baby shower package available.", "Ask about our babymoon package.", "Baby-safe products for you.",
    "Our newborn gift set is back.", "Congrats on the new job!", "Gift the new mom a babymoon package.",
]
WITH_SURNAME = ["See you with Nair 🙂 see you soon", "See you with Nair 🙂 reply YES.", "with Nair 😊 can't wait!"]
NO_ONE = ["With Best 😊 wishes", "With Faith 😊 wishes", "With Hill 🏔 views", "With Grace 🙏 we welcome you"]


def _edit_problem(added: str, last: str = "Nair") -> str | None:
    start, good, facts = invitation_case(last=last, menu=["Swedish Massage 60", "Prenatal Massage 60"])
    return draft_problem(good.replace("Reply YES", f"{added} Reply YES"), starts_at=start, facts=facts)


@pytest.mark.parametrize(("added", "words"), BIRTHS)
def test_a_birth_said_to_her_is_refused_in_an_edit(added: str, words: str) -> None:
    """Guards (guest52 B3): a birth congratulated or asked after ("Congrats on the new baby!", "Hope the new baby is
    sleeping") is her health, refused as "Congrats on the pregnancy" is, the modal quoting the words."""
    said = _edit_problem(added) or ""
    assert said.startswith(f'Take out "{words}": a text to a guest\'s phone says nothing of her health'), said


def test_the_spas_baby_words_pass_an_edit() -> None:
    """Guards (guest52 B3): the spa's baby words ("Baby shower package", "babymoon package", "Baby-safe products",
    "newborn gift set") and a congratulation of something else pass, while "Congrats on the new baby" is refused."""
    refused = {t: p for t in SPA_BABY_WORDS if (p := _edit_problem(t))}
    assert not refused, refused
    assert "her health" in (_edit_problem("Congrats on the new baby!") or "")


@pytest.mark.parametrize("added", WITH_SURNAME)
def test_an_emoji_then_a_new_phrase_ends_the_surname_after_with(added: str) -> None:
    """Guards (guest52 B4): "with Nair 🙂" then a new phrase ("see you soon", "reply YES", "can't wait") names the
    therapist by her surname alone, as "with Nair 🙂" at the end does: refused with its modal line."""
    assert (_edit_problem(added) or "").startswith('Take out "with Nair"'), _edit_problem(added)


@pytest.mark.parametrize("added", NO_ONE)
def test_an_emoji_inside_a_phrase_after_with_names_no_one(added: str) -> None:
    """Guards (guest52 B4, rev51g kept): "With Best 😊 wishes" (a therapist Priya Best) names no one, a phrase going
    on after the emoji; "With Faith 😊 wishes", "With Hill 🏔 views", "With Grace 🙏 we welcome you" too. Also, for contrast, "with Best 😊 see you
    soon" names her (the surname then ends its phrase)."""
    last = added.split()[1]
    assert _edit_problem(added, last=last) is None
    assert (_edit_problem(f"See you with {last} 😊 see you soon", last=last) or "").startswith(f'Take out "with {last}"')
