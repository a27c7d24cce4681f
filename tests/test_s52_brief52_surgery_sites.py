"""s52 (brief52): a surgery's site and the notes' positioning limits in the therapist's DMs.

A probe (probe52b) read "Had a breast augmentation 3 weeks ago - no prone position, face-up only. Medium pressure."
briefed as "surgery: keep clear of the surgical area" alone: no site, "face-up only" lost, and (something being read)
no "read them in Mangomint" either. Same for a C-section, tummy tuck, BBL, facelift, lumpectomy, rotator cuff and ACL
repairs, hernia repair, blepharoplasty, lipo, rhinoplasty; "Filler in lips" gave injectables with no area; and
"mastectomy left side, lymphedema risk - no deep work on left arm" gave "surgery (left arm)", the lymphedema side.
Each row is a line of the DM (``tests.builders.dm_lines``) or the client card (``engine.allergies``).
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
        ("Lipo 11/20, no prone", SURGERY.format(" (abdomen)")),
        ("Supine only, recent rhinoplasty. Light pressure.", SURGERY.format(" (face)")),
        ("R TKR 11/10", SURGERY.format(" (right knee)")),
        ("Filler in lips 3 days ago", INJECTABLES.format(" (lips)")),
        ("Botox crow's feet 3 days ago", INJECTABLES.format(" (face)")),  # was "(feet)"
        # the mastectomy's site is the chest; the arm is the lymphedema's, said in its own line
        ("Breast cancer survivor, mastectomy left side, lymphedema risk - no deep work on left arm.",
         SURGERY.format(" (left chest)")),
        ("Mastectomy (L) 3 wks ago, lymphedema L arm", SURGERY.format(" (left chest)")),
    ],
)
def test_a_surgery_whose_name_says_where_is_briefed_with_that_site(notes: str, line: str) -> None:
    """Guards F1: the DM says where to keep clear of when the procedure's own name says it (before: no site, or the
    arm for a mastectomy)."""
    assert f"Check: {line}" in told(notes), told(notes)


@pytest.mark.parametrize(
    ("notes", "line", "limit"),
    [
        # a site the note's words name is said once, beside the procedure's own (both right shoulder)
        ("Rotator cuff surgery on right shoulder 3 wks ago, no prone", SURGERY.format(" (right shoulder)"),
         "no lying face down"),
        ("Lipo on her thighs 3 weeks ago, no face down", SURGERY.format(" (thighs)"), "no lying face down"),  # not abdomen
        ("Had surgery last month, avoid the left arm. Supine only.", SURGERY.format(" (left arm)"), "face-up only"),
        ("Knee surgery on the left side, side-lying only", SURGERY.format(" (left knee)"), "side-lying only"),
        ("Tummy tuck + lipo on thighs 2 wks ago", SURGERY.format(" (abdomen, thighs)"), None),
        ("Botox forehead in Feb, lips this week", INJECTABLES.format(" (forehead, lips)"), None),  # forehead kept
    ],
)
def test_a_site_the_words_name_stays_and_is_said_once(notes: str, line: str, limit: str | None) -> None:
    """Guards the additions' edges: a site the note's words name is kept (and not said twice beside the one a
    procedure's name gives: one surgery line); "lipo on her thighs" is no abdomen; a site briefed before (the left
    arm no procedure's name places) stays, with the positioning line beside it."""
    lines = told(notes)
    assert f"Check: {line}" in lines, lines
    assert len([said for said in lines if "surgery" in said or "injectables" in said]) == 1, lines
    if limit:
        assert f"Check: positioning: {limit}" in lines, lines


def test_the_mastectomy_keeps_the_lymphedema_line_and_the_arm_to_avoid() -> None:
    """Guards against a loss: moving the surgery's site to the chest keeps the arm's lymphedema caution and Avoid."""
    lines = told("Breast cancer survivor, mastectomy left side, lymphedema risk - no deep work on left arm.")
    assert "Check: lymphedema: no deep work or heat on the affected limb" in lines, lines
    assert not any("surgery (left arm)" in line for line in lines), lines
    assert any(line.startswith("Preferences:") and "Avoid: arms" in line for line in lines), lines


@pytest.mark.parametrize(
    ("notes", "intake", "line"),
    [
        ("Surgery last month, lying on her back is fine", None,
         SURGERY.format("") + " — read the notes for where"),
        ("Botox last week", None, INJECTABLES.format("") + " — read the notes for where"),
        ("", ["Recent surgery"], SURGERY.format("") + " — ask the guest where"),  # the intake form's only
    ],
)
def test_a_caution_about_one_place_with_no_site_points_to_where(notes: str, intake: list[str] | None, line: str) -> None:
    """Guards F1's "never pointed at the notes": a surgery or injectables with no site says where to find it."""
    from spa_copilot.domain import HealthHistory

    kw = {"intake": HealthHistory(conditions=intake)} if intake else {}
    assert f"Check: {line}" in told(notes, **kw), told(notes, **kw)


@pytest.mark.parametrize(
    ("notes", "limit"),
    [
        ("Had a breast augmentation 3 weeks ago - no prone position, face-up only. Medium pressure.", "face-up only"),
        ("Supine only, recent rhinoplasty. Light pressure.", "face-up only"),
        ("Lipo 11/20, no prone", "no lying face down"),
        ("Can't lie on her stomach after the tummy tuck", "no lying face down"),
        ("Nose job last week, no face down", "no lying face down"),
        ("BBL 3 weeks ago - no lying on her back", "no lying face up"),
        ("Pregnant 30 wks, side-lying only", "side-lying only"),
        ("Can't breathe: congested, no face down, eucalyptus helps", "no lying face down"),
    ],
)
def test_a_positioning_limit_is_its_own_caution_line(notes: str, limit: str) -> None:
    """Guards F1's lost "face-up only": the notes' limit on how she lies, whatever its reason."""
    lines = told(notes)
    assert f"Check: positioning: {limit}" in lines, lines


@pytest.mark.parametrize(
    "trap",
    [
        "Prone is fine",
        "Face down ok, prone is fine",
        "No longer face-up only",
        "Face-up only - fine now",
        "Prone to headaches, lying on her back is fine",
        "Not prone to bruising",
        "Her husband can't lie on his stomach",
        "Can't breathe face down - use side-lying",  # her comfort, no limit said
        "Massage on her back only",  # an area, not how she lies
    ],
)
def test_no_positioning_limit_where_the_notes_give_none(trap: str) -> None:
    """Guards the traps: a limit waived, over, someone else's, or none at all adds no positioning line (beside a
    tummy tuck's site, which the notes' words give)."""
    lines = told(f"Tummy tuck 3 wks ago. {trap}")
    assert f"Check: {SURGERY.format(' (abdomen)')}" in lines, lines
    assert not any("positioning:" in line for line in lines), lines


@pytest.mark.parametrize(
    ("notes", "line"),
    [
        ("Her husband had a tummy tuck. Supine only.", "Check: positioning: face-up only"),
        ("surgery 2015, no prone", "Check: positioning: no lying face down"),
        ("Left mastectomy 2019. Can't lie on her stomach", "Check: positioning: no lying face down"),
    ],
)
def test_a_relatives_or_a_past_surgery_reads_as_before(notes: str, line: str) -> None:
    """Guards the traps: no surgery line appears for someone else's or a long-past surgery (as before), and the ask
    to read the notes stays beside the positioning line."""
    lines = told(notes)
    assert line in lines, lines
    assert not any("surgery" in said for said in lines), lines
    assert any("No health details read in the notes" in said for said in lines), lines


def test_the_client_card_says_the_site_and_the_positioning_as_the_dm_does() -> None:
    """Guards the client card (``engine.allergies``), which the probe read: the same site and positioning lines."""
    notes = "Had a breast augmentation 3 weeks ago - no prone position, face-up only. Medium pressure."
    said = engine.allergies(client(notes=notes), extract_profile_offline(notes, today=DAY))
    assert said == ["surgery (chest): keep clear of the surgical area", "positioning: face-up only"]
