"""guest52c (rev52e's findings on the Edit check, ``guardrails.health_said_of_her``): a baby word congratulated is her
birth unless the spa's copy or someone else's follows it ("Congrats on the baby news!", "Congrats on baby Noah!",
refused at 7863569d, passed at guest52b's end-of-phrase rule), "the new baby" / "the newborn" is hers anywhere but
as the spa's copy, a gift for it or the one in your family ("We can't wait to meet the new baby!"); the spa's Mother's
Day, Mommy & Me, club and ambassador words and its OB (Ocean Beach) location pass again; a few gaps are closed ("How's
the bump?", "Congrats mama!", "after the C-section", "¿Cómo está el bebé?"). Each refusal beside spa copy that passes."""

import pytest

from spa_copilot.fill.drafts import draft_problem
from tests.builders import invitation_case

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

HER_BABY_CONGRATULATED = [  # (added before "Reply YES", the words the modal quotes): refused at base, passed at main
    ("Congrats on the baby news!", "Congrats on the baby"),
    ("Congrats on the baby on the way!", "Congrats on the baby"),
    ("Congrats on baby Noah!", "Congrats on baby"),
    ("Congrats on the baby's arrival!", "Congrats on the baby"),
    ("Congrats on baby's arrival!", "Congrats on baby"),
    ("Congrats on the baby announcement!", "Congrats on the baby"),
    ("Congrats on the baby - so happy for you!", "Congrats on the baby"),
]
HER_NEW_BABY = [  # refused by guest52's rules, passed at guest52b's end
    ("Congrats on the new baby Emma!", "Congrats on the new baby"),
    ("Congrats on the new baby girl Emma!", "Congrats on the new baby girl"),
    ("Congrats on the new baby too!", "Congrats on the new baby"),
    ("Congrats on the new baby x", "Congrats on the new baby"),
    ("Congrats on the new baby xo", "Congrats on the new baby"),
    ("Congrats on the new baby - so happy for you!", "Congrats on the new baby"),
    ("Congratulations on the new baby from the whole team!", "Congratulations on the new baby"),
    ("Congrats on the new baby's arrival!", "Congrats on the new baby"),
    ("Congrats on the little one's arrival!", "Congrats on the little one"),
    ("We can't wait to meet the new baby!", "the new baby"),
    ("Bring the new baby along!", "the new baby"),
    ("Take a break from the new baby with a massage.", "the new baby"),
    ("You deserve a break after the new baby!", "the new baby"),
    ("Hope you're settling in with the new baby!", "the new baby"),
    ("Hope the new baby's keeping you busy.", "the new baby"),
    ("How's life with the new baby?", "the new baby"),
    ("How is the new baby treating you?", "the new baby"),
    ("How's the newborn life?", "the newborn"),
]
HER_BIRTH_GAPS = [  # passed at base and at main
    ("How's the bump?", "bump"),
    ("Hope the baby's well!", "the baby"),
    ("Congrats on the birth of your daughter!", "Congrats on the birth of your"),
    ("Congrats mama!", "Congrats mama"),
    ("Congrats to the new mom!", "Congrats to the new mom"),
    ("Hope you're healing well after the C-section.", "after the C-section"),
    ("Felicidades por el embarazo!", "Felicidades por el embarazo"),
    ("¿Cómo está el bebé?", "Cómo está el bebé"),
]
SPAS_MOTHER_AND_PLACE_WORDS = [  # passed at base, refused at main: each passes again
    "Congrats on being a Mother's Day giveaway winner!", "Congrats on becoming a Mommy & Me member!",
    "Congratulations! New Mother's Day packages are live.", "Congrats on being a parent ambassador!",
    "Congrats on becoming a Mom Club member!",
    "Your OB location is open late Fridays.", "Book at your OB spa or downtown.",
    "Your OB Ocean Beach team can't wait to see you.",
]
SPA_COPY_TWINS = [  # the spa's baby words beside those refusals: pass before and after (guest52b's table among them)
    "Congrats on the baby shower!", "Congrats on the baby Botox!", "Congrats on the new Baby Facial!",
    "Congrats on the baby blue nails!", "Congrats on the new baby goat!", "Congrats on the newborn photoshoot!",
    "Congrats on the new baby spa opening near you!", "Congrats on the little one's first birthday!",
    "Congrats on the twins' graduation!", "Congrats on the baby-soft skin!", "Congrats on the babymoon!",
    "Ask about the new Baby Botox add-on.", "Try the new baby blue nail color.", "The newborn gift set is back.",
    "Shop the newborn collection at the desk.", "Ask about the newborn photo session add-on.",
    "Our Mommy & Me package includes a gift for the newborn.",
    "Celebrate the new baby in your family with a gift card!",
    "Gift cards make the perfect present for the new baby's parents.", "Meet the new baby goats at our farm spa!",
    "Bring the new baby's grandma for a spa day!", "Hope the newborn photos turned out great!",
    "Hope the baby shower was fun!", "Hope the baby loved the lounge toys!", "Our lotions are gentle enough for a newborn.",
    "Congrats on becoming a mother-in-law!", "Congrats on becoming a mom boss!", "Happy Mother's Day, from all of us!",
    "We hope the C-section scar massage was gentle.", "Since the birth of our spa in 2010 we've loved our guests.",
    "Hope the bump to Gold status was a nice surprise!", "See you at our OB studio!", "Felicidades por el nuevo local!",
    "Hope the newborn session went well!", "Congrats to the new mom in your life - gift cards 20% off!",
]


def _edit_problem(added: str, last: str = "Nair", menu: tuple[str, ...] = ("Swedish Massage 60", "Prenatal Massage 60")
                  ) -> str | None:
    start, good, facts = invitation_case(last=last, menu=list(menu))
    return draft_problem(good.replace("Reply YES", f"{added} Reply YES"), starts_at=start, facts=facts)


def _refused_for(added: str, words: str) -> None:
    said = _edit_problem(added) or ""
    assert said.startswith(f'Take out "{words}": a text to a guest\'s phone says nothing of her health'), said


@pytest.mark.parametrize(("added", "words"), HER_BABY_CONGRATULATED)
def test_a_baby_congratulated_is_refused_again(added: str, words: str) -> None:
    """Guards (rev52e HIGH): a baby word after "Congrats on" followed by no spa copy ("the baby news", "baby Noah",
    "the baby's arrival", "the baby - so happy for you") is her birth, refused as at 7863569d."""
    _refused_for(added, words)


@pytest.mark.parametrize(("added", "words"), HER_NEW_BABY)
def test_the_new_baby_said_to_her_is_refused(added: str, words: str) -> None:
    """Guards (rev52e MEDIUM): "Congrats on the new baby" before a name, "too", a sign-off, a dash or "from the team",
    and "the new baby" / "the newborn" anywhere ("We can't wait to meet the new baby!", "How's the newborn life?")
    are her birth: refused, the modal quoting the words."""
    _refused_for(added, words)


@pytest.mark.parametrize(("added", "words"), HER_BIRTH_GAPS)
def test_more_ways_of_her_birth_are_refused(added: str, words: str) -> None:
    """Guards (rev52e LOW gaps): "How's the bump?", "Hope the baby's well!", "Congrats on the birth of your daughter!",
    "Congrats mama!", "Congrats to the new mom!", "after the C-section", "Felicidades por el embarazo!" and "¿Cómo está
    el bebé?" say her pregnancy or birth: refused."""
    _refused_for(added, words)


@pytest.mark.parametrize("added", SPAS_MOTHER_AND_PLACE_WORDS)
def test_the_spas_mother_day_club_and_ob_location_pass(added: str) -> None:
    """Guards (rev52e MEDIUM, LOW): "a Mother's Day giveaway winner", "a Mommy & Me member", "a parent ambassador", "a
    Mom Club member" and "Your OB location / spa / Ocean Beach team" name the spa's day, club or place: an Edit passes;
    "Congrats on becoming a mom!" and "Your OB cleared you" are still refused."""
    assert _edit_problem(added) is None, _edit_problem(added)
    _refused_for("Congrats on becoming a mom!", "Congrats on becoming a mom")
    _refused_for("Your OB cleared you for massage.", "OB")
    _refused_for("Your OB team said it's fine.", "OB")  # "team" alone is her doctor's


@pytest.mark.parametrize("added", SPA_COPY_TWINS)
def test_the_spas_baby_words_beside_them_pass(added: str) -> None:
    """Guards (rev52e): the spa's copy named after a baby word (shower, Botox, facial, blue, goats, photos, gift set,
    spa), a gift for the newborn, the new baby in your family or its parents and grandma, a little one's birthday and
    a bump to Gold status pass an Edit, beside "Congrats on the baby news!" refused."""
    assert _edit_problem(added) is None, _edit_problem(added)
    _refused_for("Congrats on the baby news!", "Congrats on the baby")
