"""A grave word written into (or taken out of) a guest's notes after the prep DM is told (probe46a HIGH), and an edit
that writes or takes out none is not (rev46c, rev47c, rev47f).

The notes edited from "Latex allergy." to "SEVERE latex allergy - anaphylaxis, carries EpiPen." (or back) sent the
therapist no "… has new guest details" update, though ``/spa brief`` said the new wording: the digest of what her DM
said held the allergies' names only. It holds the grave words the notes say of the guest too ("k2:",
``grave_words_said``), not how the briefing reads them: that reading looks at the whole notes and changed with an
unrelated edit ("Loved the coconut scrub"), and two attempts to digest it sent false updates. A "k1:" row (kept
before) is measured by the k1 rule, so no prepped booking is told anything at deploy."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.briefings import _said_again
from spa_copilot.engines import briefing as engine
from tests.builders import appointment, client
from tests.test_s46_brief46_move_away_told import day  # noqa: F401 (the soak day the scene runs in)
from tests.test_soak_days import DAY1, NY, SOHO, at, dms

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

DAY = date(2026, 12, 7)
KEY = b"s47"
BOOKING = appointment(datetime(2026, 12, 7, 16, tzinfo=UTC), id="ap_1")


def digest(notes: str, *, rule=engine.said_digest) -> str:  # noqa: ANN001
    return rule(client("cl_1", notes=notes), extract_profile_offline(notes, today=DAY), BOOKING, key=KEY)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Latex allergy - nitrile gloves only.", "SEVERE latex allergy - anaphylaxis, carries EpiPen. Nitrile gloves only."),
        ("Latex allergy - nitrile gloves only.", "Latex allergy - went into anaphylaxis last time, carries epi pen!"),
        ("Severe latex allergy - nitrile gloves only.", "Mild latex sensitivity, not severe. Nitrile gloves only."),
        ("Nut allergy. Carries EpiPen.", "Nut allergy. No EpiPen needed."),  # denied now
        ("Nut allergy.", "Nut allergy. EpiPen in her bag."),
    ],
)
def test_a_grave_word_written_or_taken_out_changes_the_digest(before: str, after: str) -> None:
    assert engine.grave_words_said(before) != engine.grave_words_said(after)
    assert digest(before) != digest(after)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # the briefing's whole-notes reading turns SEVERE off for these; the therapist is not pushed an update for it
        ("Latex allergy. Carries EpiPen.", "Latex allergy. Carries EpiPen. Loved the coconut scrub last time."),
        ("Latex allergy. Carries EpiPen.", "Latex allergy. Carries EpiPen. Fragrance-free products please."),
        ("Nut allergy. Prefers firm pressure, EpiPen in bag.", "Nut allergy. Prefers firm pressure. EpiPen in bag."),
        ("Nut allergy. Carries EpiPen.", "Nut allergy. Prefers firm pressure. Carries EpiPen."),
        ("Latex allergy - carries EpiPen.", "Latex allergy. Carries an EpiPen."),
        # someone else's grave words, and "severe" that is no allergy's
        ("Latex allergy.", "Latex allergy. Her son carries an EpiPen."),
        ("Latex allergy.", "Latex allergy. Severe back pain, go gentle."),
        ("Latex allergy.", "Latex allergy. Husband has anaphylaxis to shellfish."),
    ],
)
def test_an_edit_writing_no_grave_word_of_hers_keeps_the_digest(before: str, after: str) -> None:
    assert digest(before) == digest(after)


@pytest.mark.parametrize(
    ("notes", "words"),
    [
        ("SEVERE latex allergy - anaphylaxis, carries EpiPen.", ["anaphylaxis", "epipen", "severe"]),
        ("Anaphylactic to nuts.", ["anaphylactic"]),
        ("Nut allergy, carries epi-pen", ["epipen"]),
        ("Latex allergy. Not anaphylactic.", []),
        ("Severe back pain.", []),
        ("Her daughter carries an EpiPen.", []),
        ("", []),
        ("Nut allergy\n" + "=" * 30_000, []),  # a long run without a break is read once
    ],
)
def test_the_grave_words_said_of_her(notes: str, words: list[str]) -> None:
    assert engine.grave_words_said(notes) == words


@pytest.mark.parametrize("notes", ["Latex allergy.", "SEVERE latex allergy - anaphylaxis, carries EpiPen."])
def test_a_row_kept_by_the_k1_rule_is_digested_again_without_an_update(notes: str) -> None:
    guest, profile = client("cl_1", notes=notes), extract_profile_offline(notes, today=DAY)
    kept = engine.said_digest_k1(guest, profile, BOOKING, key=KEY)
    assert kept.startswith(engine.SAID_KEYED_K1) and digest(notes) != kept
    told = engine.told_part(BOOKING, BOOKING.services[0].staff_id or "", said=kept, resources={})
    assert _said_again(told, guest, profile, BOOKING, key=KEY)  # the same notes: digested anew, no update
    changed = "SEVERE latex allergy - anaphylaxis, carries EpiPen. Pregnant."
    assert not _said_again(told, client("cl_1", notes=changed), extract_profile_offline(changed, today=DAY), BOOKING, key=KEY)


CASES = {
    "now_severe": (
        "Latex allergy - nitrile gloves only.",
        "SEVERE latex allergy - anaphylaxis, carries EpiPen. Nitrile gloves only.",
        "SEVERE latex",
    ),
    "coconut_scrub": ("Latex allergy. Carries EpiPen.", "Latex allergy. Carries EpiPen. Loved the coconut scrub last time.", None),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_after_the_prep_dm_a_grave_word_written_is_told_and_an_unrelated_edit_is_not(day, case) -> None:  # noqa: ANN001, F811
    before, after, expected = CASES[case]
    soak, world, spa = day, day.world, day.spa
    await soak.driver.run_until(at(NY, DAY1, "08:00"))
    appt = soak.pick(SOHO, DAY1, "11:30", "13:00")
    guest = spa.clients[appt.client_id]
    spa.clients[guest.id] = guest.model_copy(update={"notes": before})
    await soak.driver.run_until(at(NY, DAY1, "11:25"))  # its prep DM went
    sid = appt.services[0].staff_id
    assert any(m.text.startswith("Coming up") and guest.first_name in m.text for m in dms(world, sid))
    spa.clients[guest.id] = spa.clients[guest.id].model_copy(update={"notes": after})
    await soak.driver.run_until(at(NY, DAY1, "11:45"))  # four prep checks; the booking runs past it
    updates = [f"{m.text}\n{m.blocks}" for m in dms(world, sid) if m.text.startswith("Update") and guest.first_name in m.text]
    if expected is None:
        assert updates == []
    else:
        assert len(updates) == 1 and expected in updates[0], updates
