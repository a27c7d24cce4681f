"""s52 (brief52): a surgery's site and the notes' positioning limits in the therapist's DMs.

A probe (probe52b) read "Had a breast augmentation 3 weeks ago - no prone position, face-up only. Medium pressure."
briefed as "surgery: keep clear of the surgical area" alone: no site, "face-up only" lost, and (something being read)
no "read them in Mangomint" either. Same for a C-section, tummy tuck, BBL, facelift, lumpectomy, rotator cuff and ACL
repairs, hernia repair, blepharoplasty, lipo, rhinoplasty; "Filler in lips" gave injectables with no area; and
"mastectomy left side, lymphedema risk - no deep work on left arm" gave "surgery (left arm)", the lymphedema side.
Each row is a line of the DM (``tests.builders.dm_lines``) or the client card (``engine.allergies``).

Mended after review rev52c (brief52m, tests/test_s52_brief52m_review.py): a procedure's site is only added to the
areas the words name ("mastectomy left side, … no deep work on left arm" is "left chest, left arm"), lipo gives no
site of its own, "Botox crow's feet" keeps its "feet" beside the face, and the positioning lines are withdrawn.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.engines import briefing as engine
from tests.builders import client, dm_lines, service

DAY = date(2026, 11, 24)
DEEP = service("sv_deep", name="Deep Tissue Massage 90")
SURGERY = "surgery{}: keep clear of the surgical area"
INJECTABLES = "injectables{}: no pressure on treated areas"


def told(notes: str, **kw: object) -> list[str]:
    """The therapist's DM lines for a Deep Tissue booking of a guest with these notes."""
    return dm_lines(notes, DEEP, day=DAY, **kw).split("\n")


@pytest.mark.parametrize(
    ("notes", "line"),
    [
        ("Had a breast augmentation 3 weeks ago - no prone position, face-up only. Medium pressure.",
         SURGERY.format(" (chest)")),
        ("Had a C-section 6 weeks ago", SURGERY.format(" (abdomen)")),
        ("Tummy tuck last month, no prone", SURGERY.format(" (abdomen)")),
        ("BBL 3 weeks ago - no sitting", SURGERY.format(" (glutes)")),
        ("Facelift 2 weeks ago", SURGERY.format(" (face)")),
        ("Lumpectomy (right) last month", SURGERY.format(" (right chest)")),
        ("Rotator cuff repair (right) in October", SURGERY.format(" (right shoulder)")),
        ("ACL repair (left) 6 weeks ago", SURGERY.format(" (left knee)")),
        ("Hernia repair 3 wks ago", SURGERY.format(" (abdomen)")),
        ("Blepharoplasty 2 weeks ago", SURGERY.format(" (face)")),
        ("Supine only, recent rhinoplasty. Light pressure.", SURGERY.format(" (face)")),
        ("R TKR 11/10", SURGERY.format(" (right knee)")),
        ("Filler in lips 3 days ago", INJECTABLES.format(" (lips)")),
        ("Botox crow's feet 3 days ago", INJECTABLES.format(" (face, feet)")),  # was "(feet)": kept (brief52m)
        # the mastectomy's site is the chest, beside the arm the words name (kept: brief52m), when dated lately; a
        # survivor's undated one adds none (brief sites52, rev52g H1)
        ("Mastectomy left side 3 wks ago, lymphedema risk - no deep work on left arm.",
         SURGERY.format(" (left chest, left arm)")),
        ("Breast cancer survivor, mastectomy left side, lymphedema risk - no deep work on left arm.",
         SURGERY.format(" (left arm)")),
    ],
)
def test_a_surgery_whose_name_says_where_is_briefed_with_that_site(notes: str, line: str) -> None:
    """Guards F1: the DM says where to keep clear of when the procedure's own name says it (before: no site, or the
    arm for a mastectomy)."""
    assert f"Check: {line}" in told(notes), told(notes)


@pytest.mark.parametrize(
    ("notes", "line"),
    [
        # a site the note's words name is said once, beside the procedure's own (both right shoulder)
        ("Rotator cuff surgery on right shoulder 3 wks ago, no prone", SURGERY.format(" (right shoulder)")),
        ("Lipo on her thighs 3 weeks ago, no face down", SURGERY.format(" (thighs)")),  # not abdomen
        ("Had surgery last month, avoid the left arm. Supine only.", SURGERY.format(" (left arm)")),
        ("Knee surgery on the left side, side-lying only", SURGERY.format(" (left knee)")),
        ("Tummy tuck + lipo on thighs 2 wks ago", SURGERY.format(" (abdomen, thighs)")),
        # forehead kept; "lips this week" joins no injectable to the lips: no "(lips)" (brief52m, rev52c H3)
        ("Botox forehead in Feb, lips this week", INJECTABLES.format(" (forehead)")),
    ],
)
def test_a_site_the_words_name_stays_and_is_said_once(notes: str, line: str) -> None:
    """Guards the additions' edges: a site the note's words name is kept (and not said twice beside the one a
    procedure's name gives: one surgery line); "lipo on her thighs" is no abdomen; a site briefed before (the left
    arm no procedure's name places) stays; no positioning line (withdrawn, brief52m)."""
    lines = told(notes)
    assert f"Check: {line}" in lines, lines
    assert len([said for said in lines if "surgery" in said or "injectables" in said]) == 1, lines
    assert not any("positioning:" in said for said in lines), lines


def test_the_mastectomy_keeps_the_lymphedema_line_and_the_arm_to_avoid() -> None:
    """Guards against a loss: adding the chest keeps the arm as a site, the lymphedema caution and Avoid."""
    lines = told("Mastectomy left side 3 wks ago, lymphedema risk - no deep work on left arm.")
    assert "Check: lymphedema: no deep work or heat on the affected limb" in lines, lines
    assert f"Check: {SURGERY.format(' (left chest, left arm)')}" in lines, lines
    assert any(line.startswith("Preferences:") and "Avoid: arms" in line for line in lines), lines


@pytest.mark.parametrize(
    ("notes", "intake", "line"),
    [
        # a body word the reader cannot place: the notes say more
        ("Filler in lips 2 days ago + botox", None, INJECTABLES.format("") + " — read the notes for where"),
        # the words the surgery was read from name no place ("lying on her back" is how she lies): ask (rev52c M3)
        ("Surgery last month, lying on her back is fine", None,
         SURGERY.format("") + " — check the notes, or ask the guest where"),
        # no body word at all: ask the guest (brief52m, rev52c M3)
        ("Botox last week", None, INJECTABLES.format("") + " — check the notes, or ask the guest where"),
        ("Lipo 11/20, no prone", None, SURGERY.format("") + " — check the notes, or ask the guest where"),  # lipo: no site of its own
        ("", ["Recent surgery"], SURGERY.format("") + " — ask the guest where"),  # the intake form's only
    ],
)
def test_a_caution_about_one_place_with_no_site_points_to_where(notes: str, intake: list[str] | None, line: str) -> None:
    """Guards F1's "never pointed at the notes": a surgery or injectables with no site says where to find it."""
    from spa_copilot.domain import HealthHistory

    kw = {"intake": HealthHistory(conditions=intake)} if intake else {}
    assert f"Check: {line}" in told(notes, **kw), told(notes, **kw)


@pytest.mark.parametrize(
    "notes",
    [
        "Her husband had a tummy tuck. Supine only.",
        "surgery 2015, no prone",
        "Left mastectomy 2019. Can't lie on her stomach",
    ],
)
def test_a_relatives_or_a_past_surgery_reads_as_before(notes: str) -> None:
    """Guards the traps: no surgery line appears for someone else's or a long-past surgery (as before), and the ask
    to read the notes stays."""
    lines = told(notes)
    assert not any("surgery" in said for said in lines), lines
    assert any("No health details read in the notes" in said for said in lines), lines


def test_the_client_card_says_the_site_as_the_dm_does() -> None:
    """Guards the client card (``engine.allergies``), which the probe read: the same site line, and no positioning
    line (withdrawn, brief52m)."""
    notes = "Had a breast augmentation 3 weeks ago - no prone position, face-up only. Medium pressure."
    said = engine.allergies(client(notes=notes), extract_profile_offline(notes, today=DAY))
    assert said == ["surgery (chest): keep clear of the surgical area"]
