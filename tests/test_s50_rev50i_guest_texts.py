"""rev50i: the review of guest50b's checks on texts to guests: staff see the name she is greeted by; an allergen
"-free" said of what she gets is health talk; Phoenix's daylight "MDT" in July is not its clock; a lower-case zone word
before a noun is no zone."""

import pytest

from spa_copilot.ai.guardrails import check_text
from spa_copilot.ai.schemas import greeting_name, shown_first_name
from spa_copilot.fill.drafts import draft_problem
from tests.builders import invitation_case

NY, PHX = "America/New_York", "America/Phoenix"


def _case(tz=NY, month=11, guest="Jen", staff="Priya", last="Nair", svc="Swedish Massage 60"):
    return invitation_case(tz=tz, month=month, guest=guest, staff=staff, last=last, svc=svc)


# LOW-MEDIUM (new in 4f15b1d1/95e6492a; consistent at 04d65771): guest greeted "Hi Allegra" while staff are shown
# "The client" / "latex" / "+" for her: shown_first_name strips "Allegra" as a drug (second speaks_of_health and
# _health_words_left_out read drugs), breaking "staff and guest see the same word".
@pytest.mark.parametrize("field", ["Allegra Pregnant", "Lyrica (diabetic)", "Allegra - latex allergy", "Allegra HIV+"])
def test_greeted_name_is_the_name_staff_see(field):
    greeted = greeting_name(field)
    assert greeted is None or shown_first_name(field) == greeted, (greeted, shown_first_name(field))


# MEDIUM (regression vs 04d65771, which refused all of these; e79593b1 had no such check): an allergen "-free" said
# of her without "for you"/"your" right beside it now reaches the guest.
@pytest.mark.parametrize("added", [
    "We'll have latex-free gloves ready.", "Your gloves will be latex-free.",
    "We'll use latex-free gloves, just as you asked.", "Gloves: latex-free (for you).",
    "Nut-free oils, only for you.", "Latex\u2011free gloves for you.",  # U+2011 non-breaking hyphen: never read
])
def test_allergen_free_said_of_her_is_health(added):
    _, good, _ = _case()
    flags = check_text(good.replace("Reply YES", f"{added} Reply YES"), max_chars=400,
                       menu_names=["Swedish Massage 60"], places=["Juniper & Salt"], greet="Jen")
    assert any(f.startswith("healthTopic") for f in flags), flags


@pytest.mark.parametrize(("tz", "said", "wrong"), [(PHX, "11:00 am MDT", True), (PHX, "11:00 am MT", False),
                                                    (PHX, "11:00 am MST", False), (NY, "11:00 am Pacific with Priya", True)])
def test_phoenix_in_july_keeps_standard_time(tz, said, wrong):
    start, good, facts = _case(tz=tz, month=7)
    assert (draft_problem(good.replace("11:00 am", said), starts_at=start, facts=facts) is not None) is wrong


@pytest.mark.parametrize("added", ["11:00 am central location", "11:00 am pacific-facing room"])
def test_lowercase_word_is_no_zone(added):
    start, good, facts = _case()
    assert draft_problem(good.replace("11:00 am", added), starts_at=start, facts=facts) is None
