"""rev46c's repros. A note edit naming an allergen word that is no allergy of hers ("coconut scrub", "fragrance-free",
"aloe wrap") after the prep DM sends no "… has new guest details" (a digest holding how grave each allergy reads made
it flip; that digest was taken back). And a guest told "moved" at once through her morning DM, then moved back into
her prep window, still gets the prep DM: the bare update had stood for it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.test_s46_brief46_move_away_told import day  # noqa: F401 (the soak day the scenes run in)
from tests.test_soak_days import DAY1, NY, SOHO, at, dms

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")




CASES = {
    "coconut_scrub": (
        "Latex allergy. Carries EpiPen.",
        "Latex allergy. Carries EpiPen. Loved the coconut scrub last time.",
    ),
    # "Fragrance-free products please.", "Enjoyed the aloe wrap." were the same scene (one kept: a soak day each)
}


@pytest.mark.parametrize("case", list(CASES))
async def test_unrelated_note_edit_is_no_update(day, case):  # noqa: F811 (the imported fixture)
    before, after = CASES[case]
    soak, world, spa = day, day.world, day.spa
    await soak.driver.run_until(at(NY, DAY1, "08:00"))
    appt = soak.pick(SOHO, DAY1, "11:30", "13:00")
    client = spa.clients[appt.client_id]
    spa.clients[client.id] = client.model_copy(update={"notes": before})
    await soak.driver.run_until(at(NY, DAY1, "11:25"))
    sid = appt.services[0].staff_id
    prep = [m for m in dms(world, sid) if m.text.startswith("Coming up") and client.first_name in m.text]
    assert prep
    spa.clients[client.id] = spa.clients[client.id].model_copy(update={"notes": after})
    await soak.driver.run_until(at(NY, DAY1, "11:45"))
    updates = [
        m.text + "\n" + str(m.blocks)
        for m in dms(world, sid)
        if m.text.startswith("Update") and client.first_name in m.text
    ]
    assert not updates, f"prep said:\n{prep[-1].blocks}\n\nupdate for a note edit {before!r} -> {after!r}:\n{updates}"


def _about(world, sid, first):
    return [m.text for m in dms(world, sid) if first in m.text and not m.text.startswith("Briefing")]


async def test_told_move_then_moved_into_prep_still_gets_the_prep_dm(day):  # noqa: F811 (the imported fixture)
    """11:00 on her morning DM; 8:00 moved to 3:00pm (told at once); 10:00 moved to 11:30am (prep due): the bare
    "… is moved to 11:30am" update stands for her prep DM, so the guest's "Coming up" DM (summary, cautions) never comes."""
    soak, world, spa = day, day.world, day.spa
    await soak.driver.run_until(at(NY, DAY1, "08:00"))
    appt = soak.pick(SOHO, DAY1, "11:00", "11:30")
    sid, first = appt.services[0].staff_id, spa.clients[appt.client_id].first_name
    await soak.move(appt, appt.start_at + timedelta(hours=4))
    await soak.driver.run_until(at(NY, DAY1, "10:00"))
    await soak.move(spa.appointments[appt.id], appt.start_at + timedelta(minutes=30))
    await soak.driver.run_until(appt.start_at + timedelta(hours=1))
    texts = _about(world, sid, first)
    assert any(t.startswith("Coming up") for t in texts), texts
