"""s51 (rev51g, rev51h): a manager's Edit refused for her health said to her no longer refuses a spa's ordinary copy
with a care place, person or season, or an everyday ache, after "your" as copy says it ("your clinic card", "after
your flu shot", "your hospital shift", "melt away your stress and anxiety", "great for your stiff shoulders",
"doctor-approved", "tu clínica de belleza"), while "your migraines", "your back pain", "your EpiPen", "Hope your flu
is better", "Your doctor said no massage" are still refused; symbols after "with <surname>" end the phrase unless a
lower-case word or a digit follows ("With Best 😊 wishes", "With Best $20 off" pass; "See you with Nair 🙂",
"with Nair 🙂!" are refused); a reply's Edit knows the whole menu."""

from __future__ import annotations

import pytest

from spa_copilot.fill.drafts import draft_problem
from tests.builders import invitation_case

MENU = ["Swedish Massage 60", "Prenatal Massage 60", "Back Pain Relief Massage 60", "Migraine Relief Scalp Massage 30"]


def _case(last: str = "Nair", svc: str = "Swedish Massage 60"):
    return invitation_case(last=last, svc=svc, menu=MENU)


# (1) HEALTH_DETAIL words after "your/su/tu" that say nothing of her health: refused at head, passed at base.
ORDINARY = [
    "Bring your clinic card for 10% off.",          # clinic
    "Your flu season survival kit: a massage.",     # flu
    "Book it right after your flu shot.",           # flu
    "Right by your doctor's office.",               # doctor
    "Unwind after your hospital shift.",            # hospital (nurses are regulars)
    "Melt away your stress and anxiety.",           # anxiety (wellness copy)
    "your doctor-approved facial",                  # doctor + -approved (hyphen list lacks -approved/-grade)
    "your physician-grade peel",                    # physician + -grade
    "your clinic-grade peel",                       # clinic + -grade
    "Great for your stiff shoulders.",              # stiff shoulders (massage copy)
    "Te esperamos en tu clínica de belleza.",       # Spanish: a med-spa IS a "clínica de belleza"
    "Con su médico estético de confianza.",         # Spanish: the med-spa's aesthetic doctor
]


@pytest.mark.parametrize("said", ORDINARY)
def test_ordinary_copy_with_a_care_word_after_your_passes(said: str) -> None:
    start, good, facts = _case()
    assert draft_problem(f"{good} {said}", starts_at=start, facts=facts) is None


@pytest.mark.parametrize("said", ["Hope your migraines eased.", "How is your back pain?", "Bring your EpiPen.",
                                  "tu dolor de espalda", "Congrats on the bump!", "See you with Nair 🙂",
                                  # rev51h: her illness said to her, and the surname before a mark after an emoji
                                  "Hope your flu is better.", "Your doctor said no massage.", "Your midwife said it's fine.",
                                  "Hope your hospital stay went ok.", "Your swelling should be down by then.",
                                  "See you with Nair 🙂!", "See you with Nair 🙂 - Juniper & Salt",
                                  "See you with Nair 🙂\r\nJuniper & Salt"])
def test_her_health_and_the_surname_are_still_refused(said: str) -> None:
    start, good, facts = _case()
    assert draft_problem(f"{good} {said}", starts_at=start, facts=facts) is not None


@pytest.mark.parametrize("said", ["With Best 😊 wishes", "With Best $20 off add-ons", "With Best ★★★★★ reviews"])
def test_symbols_words_follow_do_not_end_the_phrase(said: str) -> None:
    start, good, facts = _case(last="Best")
    assert draft_problem(f"{good} {said}", starts_at=start, facts=facts) is None


def test_a_reply_edit_knows_the_whole_menu_with_or_without_its_length() -> None:
    """A reply's Edit read another menu service's name for her health ("Your Back Pain Relief Massage could fit
    Thursday": "Back Pain"); it knows the menu as the spa's names, as written and without the trailing length."""
    from types import SimpleNamespace

    from spa_copilot.fill.drafts import reply_problem

    start, _, _ = _case()
    catalog = SimpleNamespace(services=[SimpleNamespace(name=name) for name in MENU])
    copilot = SimpleNamespace(now=lambda: start, settings=SimpleNamespace(spa_name="Juniper & Salt"),
                              known_catalog=lambda: catalog)
    row = {"candidates": [{"first_name": "Jen", "service_name": "Swedish Massage 60"}],
           "opening": {"location_name": "SoHo", "start": start.isoformat()}}
    for said in ("Your Back Pain Relief Massage could fit Thursday.", "Your Back Pain Relief Massage 60 could fit Thursday."):
        assert reply_problem(copilot, row, f"Sorry Jen, that spot was taken! {said}") is None  # type: ignore[arg-type]
    assert reply_problem(copilot, row, "Sorry Jen! How is your back pain?") is not None  # type: ignore[arg-type]
