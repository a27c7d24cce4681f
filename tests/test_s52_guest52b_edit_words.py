"""guest52b (rev52a's findings on the Edit check, ``guardrails.health_said_of_her``): a manager's Edit of a guest text
is no longer refused for the spa's own baby and mother words ("the new Baby Facial", "The newborn gift set", "Congrats
on the new baby goat!", "Congrats on becoming a mother-in-law!"), is refused for more ways of saying her pregnancy or
birth ("How's the baby?", "Congrats on the twins!", "Since you just had a baby", "Hope breastfeeding is going ok",
"Your OB cleared you"), each beside a spa-copy twin that passes; and "with Nair 🙂 xoxo" names the therapist by her
surname as "with Nair 🙂 xo" does."""

import pytest

from spa_copilot.fill.drafts import draft_problem
from tests.builders import invitation_case

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SPA_COPY = [  # refused by guest52's rules, the spa's own words: each passes an Edit now
    "Ask about the new Baby Botox add-on.", "Try the new Baby Facial while you're here.",
    "Try the new baby blue nail color.", "The newborn gift set is back.", "Shop the newborn collection at the desk.",
    "Ask about the newborn photo session add-on.", "Our Mommy & Me package includes a gift for the newborn.",
    "Celebrate the new baby in your family with a gift card!",
    "Gift cards make the perfect present for the new baby's parents.", "Meet the new baby goats at our farm spa!",
    "Congrats on the new baby goat!", "Congrats on becoming a mother-in-law!", "Congrats on becoming a mom boss!",
]
HER_BIRTH = [  # (added before "Reply YES", the words the modal quotes): passed an Edit before, refused now
    ("Hope the baby is sleeping better.", "the baby"),
    ("How's the baby?", "the baby"),
    ("Hope baby is sleeping well!", "baby"),
    ("Hope you and the baby are doing well.", "you and the baby"),
    ("Hope you and the little one are well.", "you and the little one"),
    ("Congratulations on your new arrival!", "Congratulations on your new arrival"),
    ("Congrats on the twins!", "Congrats on the twins"),
    ("Congrats on being a new mom!", "Congrats on being a new mom"),
    ("Congrats, new mama!", "Congrats, new mama"),
    ("Since you just had a baby, we picked a gentle pressure.", "you just had a baby"),
    ("Hope you're recovering well after the birth.", "after the birth"),
    ("Hope the C-section recovery is going ok.", "C-section"),
    ("Hope breastfeeding is going ok.", "breastfeeding"),
    ("Hope the miscarriage recovery is gentle.", "miscarriage"),
    ("Hope your morning sickness has eased.", "morning sickness"),
    ("Your OB cleared you for massage.", "OB"),
    ("Hope the fertility treatment goes well.", "fertility"),
    ("Felicidades por el bebé!", "Felicidades por el bebé"),
]
TWINS = [  # the spa's copy beside those: passes an Edit, before and after
    "Baby shower package available.", "Ask about our Mommy & Me package.", "Nursing room available.",
    "Pregnancy-safe pillows on every table.", "Congrats on the new job!", "Perfect for moms-to-be.",
    "Treat the new mom in your life to a gift card.",
    "Hope the baby shower was fun!", "How's the Baby Facial?", "Hope the pregnancy-safe pillows helped.",
    "Congrats on your new arrival in Austin!", "Hope the migraines have eased.",
]


def _edit_problem(added: str, last: str = "Nair", menu: tuple[str, ...] = ("Swedish Massage 60", "Prenatal Massage 60")
                  ) -> str | None:
    start, good, facts = invitation_case(last=last, menu=list(menu))
    return draft_problem(good.replace("Reply YES", f"{added} Reply YES"), starts_at=start, facts=facts)


@pytest.mark.parametrize("added", SPA_COPY)
def test_the_spas_baby_and_mother_words_pass_an_edit(added: str) -> None:
    """Guards (rev52a M1): a baby word naming a thing ("the new Baby Facial", "the newborn gift set", "the new baby
    goats", "the new baby's parents"), the birth not congratulated or hoped after ("Celebrate the new baby in your
    family"), and "mother-in-law", "mom boss" pass a manager's Edit; "Congrats on the new baby!" is still refused."""
    assert _edit_problem(added) is None, _edit_problem(added)
    assert "her health" in (_edit_problem("Congrats on the new baby!") or "")


@pytest.mark.parametrize(("added", "words"), HER_BIRTH)
def test_her_pregnancy_or_birth_said_to_her_is_refused_in_an_edit(added: str, words: str) -> None:
    """Guards (rev52a M2): a baby hoped or asked after ("Hope the baby is sleeping better", "How's the baby?"), a birth
    congratulated ("Congrats on the twins!", "Congrats, new mama!"), "you just had a baby", "after the birth", a
    pregnancy's or birth's health word hoped after ("Hope the C-section recovery…", "Hope breastfeeding…"), "your
    morning sickness", "Your OB" and "Felicidades por el bebé" are her health: refused, the modal quoting the words."""
    said = _edit_problem(added) or ""
    assert said.startswith(f'Take out "{words}": a text to a guest\'s phone says nothing of her health'), said


@pytest.mark.parametrize("added", TWINS)
def test_the_twins_of_her_birth_words_pass_an_edit(added: str) -> None:
    """Guards (rev52a M2): beside each new refusal, the spa's own copy passes ("Baby shower package", "Nursing room",
    "pregnancy-safe pillows", "prenatal massage", "Treat the new mom in your life", "Hope the baby shower was fun",
    "How's the Baby Facial?"), and rev51a's "Hope the migraines have eased" (said of no one) still does."""
    assert _edit_problem(added) is None, _edit_problem(added)


def test_a_prenatal_massage_offered_passes_an_edit() -> None:
    """Guards (rev52a M2's twin): "Our prenatal massage is a favorite" (a spa not offering it by that name, so no other
    service is read) passes, while "Hope the pregnancy is going well" is refused."""
    assert _edit_problem("Our prenatal massage is a favorite.", menu=("Swedish Massage 60",)) is None
    assert "her health" in (_edit_problem("Hope the pregnancy is going well.", menu=("Swedish Massage 60",)) or "")


@pytest.mark.parametrize("sign_off", ["xoxo", "xoxoxo"])
def test_a_repeated_xo_after_an_emoji_ends_the_surname(sign_off: str) -> None:
    """Guards (rev52a L3): "with Nair 🙂 xoxo" names the therapist by her surname alone, as "with Nair 🙂 xo" does;
    "With Best 😊 wishes" (a therapist Priya Best) still names no one."""
    assert (_edit_problem(f"See you with Nair 🙂 {sign_off}") or "").startswith('Take out "with Nair"')
    assert _edit_problem("With Best 😊 wishes", last="Best") is None
