"""guest52d (rev52i's findings on guest52c's Edit check, ``guardrails.health_said_of_her``): guest52c's exclusion rules
refused a spa's ordinary copy (rev52i: false refusals 8% at base, 39% at main on its spa-copy set). Withdrawn: "the new
baby" / "the newborn" is hers only where the phrase ends ("The new baby balm is back in stock" passes); a baby word
after "Congrats on" only where it ends the phrase or before her news of it or a name ("Congrats on the new Baby Glow
facial launch!" passes); the bump alone only where the phrase ends; "Congrats to the new mom" only where the phrase
ends. Each group's spa copy passes beside her birth, still refused."""

import pytest

from spa_copilot.fill.drafts import draft_problem
from tests.builders import invitation_case

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

THE_NEW_BABY_AS_SPA_COPY = [  # refused at main 64ba3c48 ("the new baby" / "the newborn" anywhere), pass again
    "The new baby balm is back in stock at the front desk.", "Gift cards for the new baby's mom are 15% off.",
    "Meet the new baby of our product family: the Juniper Glow Serum!", "Thanks for the donation to the newborn drive!",
    "Gift cards for the newborn are 10% off.", "Shopping for the new baby? Our gift cards make it easy.",
    "Meet the new baby alpaca at our farm spa!", "Bring the new baby's big sister for a kids' mani!",
    "Meet the new baby 🐣 of our skincare line: Vitamin C serum!", "Ask about the new baby moisturizer at the desk.",
]
THE_NEW_BABY_HERS = [  # refused before and after
    ("We can't wait to meet the new baby 👶!", "the new baby"), ("Bring the new baby along!", "the new baby"),
    ("Take a break from the new baby with a massage.", "the new baby"), ("How's the newborn life?", "the newborn"),
]
BABY_CONGRATULATED_AS_SPA_COPY = [  # refused at main (a baby word congratulated before any word not on a list)
    "Congrats on the new Baby Glow facial launch!", "Congrats on the little one's first haircut - mini mani on us!",
    "Congrats on the baby lights - your color looks amazing!", "Congrats on the Baby Bear pedicure!",
    "Congrats on the newborn swaddle raffle win!", "Congrats on the baby step toward your wellness goals!",
    "Congrats on the new baby doll lashes!",
]
BABY_CONGRATULATED_HERS = [  # refused before and after
    ("Congrats on the baby news!", "Congrats on the baby"), ("Congrats on baby Noah!", "Congrats on baby"),
    ("Congrats on baby Noah Patel!", "Congrats on baby"), ("Congrats on baby #2!", "Congrats on baby"),
    ("Congrats on the baby girl photoshoot!", "Congrats on the baby"), ("Congrats on the new baby!", "Congrats on the new baby"),
]
BUMP_AS_SPA_COPY = [  # refused at main (the bump hoped or asked after before "is", "was", "&")
    "Hope the bump is a nice surprise - you're now a Gold member!", "How's the Bump & Glow facial? We'd love a review!",
    "Hope the bump was worth the wait - welcome to VIP!",
]
BUMP_HERS = [("How's the bump?", "bump"), ("Hope the baby bump is growing!", "baby bump")]
NEW_MOM_AS_SPA_COPY = [  # refused at main ("Congrats to the new mom" before any word)
    "Congrats to the new Mom Squad members!", "Congrats to the new mom bloggers who joined our ambassador program!",
    "Congrats to the new mom and dad in your life - gift cards 20% off!",
]
NEW_MOM_HERS = [("Congrats to the new mom!", "Congrats to the new mom"), ("Congrats to the new mom 💐", "Congrats to the new mom")]


def _edit_problem(added: str) -> str | None:
    start, good, facts = invitation_case(last="Nair", menu=["Swedish Massage 60", "Prenatal Massage 60"])
    return draft_problem(good.replace("Reply YES", f"{added} Reply YES"), starts_at=start, facts=facts)


def _refused_for(added: str, words: str) -> None:
    said = _edit_problem(added) or ""
    assert said.startswith(f'Take out "{words}": a text to a guest\'s phone says nothing of her health'), (added, said)


@pytest.mark.parametrize("added", THE_NEW_BABY_AS_SPA_COPY)
def test_the_new_baby_as_the_spas_copy_passes(added: str) -> None:
    """Guards (rev52i HIGH): "the new baby" / "the newborn" before the spa's product, a gift for it or its mom, a
    drive, not ending the phrase, passes an Edit; where the phrase ends, or after "bring"/"from" before "along"/"with",
    it is still her birth, refused."""
    assert _edit_problem(added) is None, _edit_problem(added)
    for hers, words in THE_NEW_BABY_HERS:
        _refused_for(hers, words)


@pytest.mark.parametrize("added", BABY_CONGRATULATED_AS_SPA_COPY)
def test_a_baby_word_congratulated_before_the_spas_copy_passes(added: str) -> None:
    """Guards (rev52i MEDIUM): "Congrats on" a baby word before a word not her news of it nor a name ending the phrase
    (a facial launch, a haircut, baby lights, a raffle win) passes; "the baby news", "baby Noah", "baby #2", "baby
    girl" and the phrase's end are still refused."""
    assert _edit_problem(added) is None, _edit_problem(added)
    for hers, words in BABY_CONGRATULATED_HERS:
        _refused_for(hers, words)


@pytest.mark.parametrize("added", BUMP_AS_SPA_COPY)
def test_the_bump_alone_as_a_loyalty_tier_passes(added: str) -> None:
    """Guards (rev52i MEDIUM): "the bump" hoped or asked after before "is", "was" or "&" (a tier bump, the Bump & Glow
    facial) passes; "How's the bump?" and "the baby bump" are still refused."""
    assert _edit_problem(added) is None, _edit_problem(added)
    for hers, words in BUMP_HERS:
        _refused_for(hers, words)


@pytest.mark.parametrize("added", NEW_MOM_AS_SPA_COPY)
def test_congrats_to_the_new_mom_before_more_words_passes(added: str) -> None:
    """Guards (rev52i LOW): "Congrats to the new mom" before "Squad", "bloggers", "and dad in your life" passes;
    where the phrase ends (a mark, an emoji and the end) it is still refused."""
    assert _edit_problem(added) is None, _edit_problem(added)
    for hers, words in NEW_MOM_HERS:
        _refused_for(hers, words)
