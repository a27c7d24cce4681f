"""s52 (brief sites52): a procedure adds its site only when its own item says it is her recent operation.

Review rev52g of the procedure-adds-its-site rule (brief52/52m) found sites added from a relative's operation ("her
mom had a tummy tuck"), a long-past one without a year ("as a teenager", "in her 30s"), one to come or only wanted
("Interested in tummy tuck package", "mastectomy next week"), a denied one ("no tummy tuck") and bare injuries
("Meniscus tear"); a date in the current year read as long past ("C-section 11/20/2026"); and "ask the guest where"
after notes that may say the place in another sentence. Each row is a line of the therapist's DM
(``tests.builders.dm_lines``, booked on 24 Nov 2026) or ``caution_site``; every row fails on main (64ba3c48).
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.note_questions import caution_site
from tests.builders import dm_lines, service

DAY = date(2026, 11, 24)
DEEP = service("sv_deep", name="Deep Tissue Massage 90")
SURGERY = "Check: surgery{}: keep clear of the surgical area"
INJECTABLES = "Check: injectables{}: no pressure on treated areas"


def told(notes: str) -> list[str]:
    """The therapist's DM lines for a Deep Tissue booking of a guest with these notes."""
    return dm_lines(notes, DEEP, day=DAY).split("\n")


# H1: a mention that is not her recent operation adds no site; the surgery the notes date keeps its own.
@pytest.mark.parametrize(
    ("notes", "line"),
    [
        ("Knee surgery 2 weeks ago, mom just had a mastectomy", SURGERY.format(" (knee)")),
        ("Knee surgery 2 wks ago - her wife had a C-section 3 weeks ago (new baby!)", SURGERY.format(" (knee)")),
        ("Knee surgery 2 weeks ago and mom had a tummy tuck", SURGERY.format(" (knee)")),
        ("Getting a tummy tuck in January. Knee surgery 2 wks ago", SURGERY.format("")),
        ("Knee surgery 2 wks ago, mastectomy next week", SURGERY.format(" (knee)")),
        ("Knee surgery 2 wks ago, breast reduction coming up", SURGERY.format(" (knee)")),
        ("Thinking about a BBL. Knee surgery 2 weeks ago", SURGERY.format("")),
        ("Rhinoplasty as a teenager. Shoulder surgery 3 wks ago", SURGERY.format("")),
        ("C-section in her 20s; knee surgery 2 wks ago", SURGERY.format("")),
        ("Hysterectomy in the 90s, knee surgery 2 wks ago", SURGERY.format(" (knee)")),
        ("Shoulder surgery right, ACL left 2 wks ago", SURGERY.format(" (shoulder)")),
        ("Breast cancer survivor (mastectomy). Knee surgery 2 wks ago", SURGERY.format("")),
    ],
)
def test_a_mention_not_her_recent_operation_adds_no_site(notes: str, line: str) -> None:
    """Guards rev52g H1: the DM says only the site of her own recent surgery, not a relative's, past, wanted or
    upcoming procedure's (main added it)."""
    lines = told(notes)
    assert line in lines, lines


@pytest.mark.parametrize(
    "notes",
    [
        "Wrist surgery 2 weeks ago and her mom had a tummy tuck",
        "Wrist surgery 2 wks ago, her mother's mastectomy was last month",
        "Surgery last week, daughter's C-section",
        "Mastectomy 3 weeks ago - client's mother. Client had gallbladder out 2 wks ago",
        "Recent surgery (husband's ACL). She is fine",
        "C-section with her first. Wrist surgery 2 wks ago",
        "Hysterectomy at 45. Wrist surgery last week",
        "Has breast implants, wrist surgery last week",
        "Breast augmentation in her 30s, wrist surgery 2 wks ago",
        "Interested in tummy tuck package. Surgery 2 wks ago on knee",
        "Post-op tummy tuck package",
        "Surgery 2 wks ago - not tummy tuck",
        "Surgery 2 wks ago, no tummy tuck",
        "Surgery 2 weeks ago (not the c-section, that was years ago)",
        "Rotator cuff tear, surgery on wrist 2 weeks ago",
        "Meniscus tear, wrist surgery 10 days ago",
        "MCL sprain, elbow surgery 10 days ago",
        "Survivor: double mastectomy. Recent wrist surgery",
    ],
)
def test_no_procedure_site_from_another_or_an_injury(notes: str) -> None:
    """Guards rev52g H1: no "(chest)", "(abdomen)", "(knee)", "(shoulder)" from these words; the caution is said with
    its pointer instead (main named the relative's, wanted, denied or injured site)."""
    lines = [line for line in told(notes) if line.startswith("Check: surgery")]
    assert lines and all("(" not in line for line in lines), lines


# The procedure's own item (or one joined to it) dated lately still adds its site; main said "right chest" for a left
# and a right one, the rest as main (kept beside it so the narrowing is seen not to lose them).
DATED = [
    ("Mastectomy right, lumpectomy left 3 wks ago", "chest"),
    ("Right TKR + mastectomy 3 weeks ago", "right knee, chest"),
    ("Lumpectomy (L) and mastectomy (R) 3 wks ago", "chest"),
    ("Recent surgery: c-section", "abdomen"),
    ("mastectomy left, 3 wks ago", "left chest"),
    ("Meniscus repair 2 wks ago, wrist fine", "knee"),
]


def test_a_dated_procedure_keeps_its_site() -> None:
    """Guards the narrowing's other side: a procedure its own or a joined item ("+", "and", ": ", ", 3 wks ago")
    dates lately names its site, with the sides of every procedure said ("right chest" on main for both sides)."""
    assert [(evidence, caution_site(evidence, condition="recentSurgery")) for evidence, _ in DATED] == DATED


# M2: a date this year, within the last months, says it is recent; one after the booking is still to come.
@pytest.mark.parametrize(
    ("notes", "line"),
    [
        ("C-section 11/20/2026", SURGERY.format(" (abdomen)")),
        ("C-section 11/20/2026, no prone", SURGERY.format(" (abdomen)")),
        ("Tummy tuck on 11/15/26. Light pressure", SURGERY.format(" (abdomen)")),
        ("Mastectomy Nov 2026", SURGERY.format(" (chest)")),
        ("Had a tummy tuck in November 2026", SURGERY.format(" (abdomen)")),
    ],
)
def test_a_date_this_year_is_recent(notes: str, line: str) -> None:
    """Guards rev52g M2: "C-section 11/20/2026" on 24 Nov 2026 is her recent surgery's site (main read 2026 as long
    past and said no site)."""
    assert line in told(notes)


def test_a_date_after_the_day_adds_no_site() -> None:
    """Guards rev52g M2's other side: a date after the booking's day is one to come."""
    assert caution_site("C-section 12/20/2026", condition="recentSurgery", today=DAY) == ""
    assert caution_site("C-section 11/20/2026", condition="recentSurgery", today=DAY) == "abdomen"


# M3: notes whose caution's words name no place may name it in another sentence: both pointers.
@pytest.mark.parametrize(
    ("notes", "line"),
    [
        ("Botox 2 wks ago", INJECTABLES.format("") + " — check the notes, or ask the guest where"),
        ("Breastfeeding - had surgery 2 weeks ago", SURGERY.format("") + " — check the notes, or ask the guest where"),
        ("Liposuction to flanks 2 weeks ago", SURGERY.format("") + " — check the notes, or ask the guest where"),
    ],
)
def test_no_place_in_the_words_points_to_the_notes_or_the_guest(notes: str, line: str) -> None:
    """Guards rev52g M3: the pointer says the notes may say where (main said only "ask the guest where")."""
    assert line in told(notes)


@pytest.mark.parametrize(
    "notes",
    [
        "Wrist surgery 2 wks ago, fiancé had a tummy tuck last week",
        "Wrist surgery 2 wks ago, roommate had c-section last week",
        "Wrist surgery 2 wks ago, her dog had ACL repair last week",
        "Wrist surgery 2 wks ago, asked about tummy tuck last week",
        "Wrist surgery 2 wks ago, tummy tuck 3 wks ago - NOT done",
        "Wrist surgery 2 wks ago and mastectomy long ago",
        "Wrist surgery 2 wks ago + old mastectomy",
    ],
)
def test_a_procedure_not_plainly_hers_and_recent_adds_no_site(notes: str) -> None:
    """rev52k H1-H3: someone else's ("fiancé had", "her dog had"), one only asked about, one not done, one long past
    joined to the recent one: each added its site ("surgery (abdomen)") where the wrist was operated; now no site, and
    the pointer to the notes."""
    [line] = [line for line in told(notes) if "surgery" in line]
    assert line.startswith("Check: surgery: keep clear of the surgical area — "), line


@pytest.mark.parametrize(
    ("notes", "site"),
    [
        ("She had a tummy tuck 3 wks ago", "(abdomen)"),
        ("Pt had L TKR 3 wks ago", "(left knee)"),
        ("Client is 3 wks post-op tummy tuck", "(abdomen)"),
        ("She's 2 wks out from a BBL", "(glutes)"),
        ("Underwent mastectomy 3 wks ago", "(chest)"),
    ],
)
def test_her_own_recent_procedure_said_with_her_as_subject_keeps_its_site(notes: str, site: str) -> None:
    """rev52l: the words allowed before a procedure's name had no "she", "client", "pt", "just", "underwent", so her
    own recent surgery lost the site 7fa48ebf gave it."""
    assert SURGERY.format(f" {site}") in told(notes)
