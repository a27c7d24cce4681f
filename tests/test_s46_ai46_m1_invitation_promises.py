"""s46 ai46 (probe46d M1): invitation drafts promising what the slot does not include, naming another guest or another spa, pass both
guard layers (Concierge.fill_invitation and fill.drafts' offer_check/wording_concern); only the manager's eye stops
them before Approve sends them."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot import fill
from spa_copilot.ai import InvitationInput, build_ai
from spa_copilot.ai.concierge import Concierge
from spa_copilot.ai.guardrails import hold_otherwise
from spa_copilot.fill.drafts import OfferFacts, offer_check, own_names, wording_concern
from spa_copilot.settings import Settings
from tests.builders import OneAnswerModel
from tests.conftest import model_settings
from tests.fill_scene import Scene, draft_setting

START = datetime(2026, 12, 8, 15, tzinfo=ZoneInfo("America/New_York"))
BASE = (
    "Hi Maya, a Deep Tissue Massage spot just opened Tue Dec 8 at 3:00 pm with Ana. It's held for you for "
    "10 minutes. Reply YES to claim it."
)
BAD = {
    "promo_code": BASE + " Use code RELAX10.",
    "extra_minutes": BASE + " We'll add 30 extra minutes for you.",
    "fee_policy": BASE + " No cancellation fee.",
    "double_points": BASE + " Earn double points!",
    "other_guest": BASE.replace("Hi Maya,", "Hi Maya, Jordan Lee cancelled so"),
    "other_spa": BASE.replace("Hi Maya,", "Hi Maya, Serenity Day Spa here:"),
    "hold_contradicted": BASE.replace("10 minutes.", "10 minutes, or until tonight."),
}


@pytest.mark.parametrize("case", sorted(BAD))
async def test_a_promising_or_naming_draft_is_replaced(llm_server, case):
    invite = InvitationInput(
        first_name="Maya", service_name="Deep Tissue Massage", starts_at=START, staff_first_name="Ana", hold_minutes=10
    )
    ai = build_ai(Settings(_env_file=None, **model_settings(llm_server.base_url)))
    llm_server.stub.reset()
    llm_server.stub.script({"text": BAD[case]})
    try:
        out = await ai.fill_invitation(invite, redact=["Okonkwo"], staff_names=["Ana", "Priya"])
    finally:
        await ai.aclose()
    facts = OfferFacts(
        starts_at=START,
        guest_name="Maya",
        services=["Deep Tissue Massage"],
        menu=["Deep Tissue Massage", "Hot Stone Massage"],
        names=["Willow Spa"],
        hold_minutes=10,
        minutes=60,
        service_minutes=[60],
    )
    second = offer_check(out.text, facts) or wording_concern(out.text, own_names(facts), guest="Maya")
    assert out.fallback or second, f"would reach the approval card as the model's draft: {out.text!r}"


#: An ordinary invitation, as a model's draft or a manager's edit. (rev46g: a manager's edit is read by none of these
#: checks, as at 9f8cbc42: tests/test_s46_ai46_round2.py.)
EDIT = (
    "Hi Maya, good news — a Deep Tissue Massage spot just opened Tue Dec 8 at 3:00 pm with Ana at Juniper & Salt "
    "SoHo. It's held for you for 10 minutes. Reply YES to claim it. See you soon!"
)


@pytest.mark.parametrize("otherwise", [", or until tonight.", " or till you reply.", ", for 24 hours."])
def test_a_hold_said_otherwise_than_its_minutes_in_its_own_clause_is_read(otherwise):
    """A model's draft holding the slot otherwise is ``holdOtherwise`` (``Concierge.fill_invitation``); the same
    words in another clause speak of something else."""
    assert hold_otherwise(EDIT) is None
    assert hold_otherwise(EDIT.replace("10 minutes.", "10 minutes" + otherwise)) == otherwise.strip(" ,.")
    for elsewhere in (
        ", and we're open till close.",
        ". Enjoy 2 hours of calm.",
        "; if it's gone, we're open all day.",
    ):
        assert hold_otherwise(EDIT.replace("10 minutes.", "10 minutes" + elsewhere)) is None, elsewhere


@pytest.mark.parametrize(
    ("added", "kind"),
    [
        (" Use code RELAX10.", "promoCode"),
        (" No cancellation fee.", "feePromised"),
        ("JORDAN", "unknownName"),
    ],
)
async def test_the_card_gets_the_offline_text_and_the_check_s_kind(scene: Scene, added, kind):
    copilot, setting = scene.copilot, await draft_setting(scene)
    first = setting.client.first_name
    wrong = (
        setting.good.replace(f"Hi {first},", f"Hi {first}, Jordan Lee cancelled so")
        if added == "JORDAN"
        else setting.good + added
    )
    assert wrong != setting.good
    copilot.ai = Concierge(setting.settings, model=OneAnswerModel(wrong))  # type: ignore[arg-type]
    text, engine = await fill.drafts._draft_invitation(
        copilot, "fp_46", setting.candidate, setting.slot, setting.client
    )
    assert text == setting.good and f"replaced ({kind}:" in engine, engine

    copilot.ai = Concierge(setting.settings, model=OneAnswerModel(setting.good))  # type: ignore[arg-type]
    text, engine = await fill.drafts._draft_invitation(
        copilot, "fp_46", setting.candidate, setting.slot, setting.client
    )
    assert text == setting.good and "replaced" not in engine, engine
