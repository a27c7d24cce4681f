"""s52 (brief52m): brief52's surgery sites mended after review rev52c — the sites only ADD to what was briefed before.

Review rev52c of the brief52 merge (a6b38f93) found areas the notes name replaced by a site the procedure's name gave
(lipo's arms and thighs by a guessed abdomen, a second surgery's neck by the breast reduction's chest), "(lips)" from
any lip word, a long-past procedure's site beside a recent surgery, positioning lines read from waived, past or
someone else's limits, and "read the notes for where" after notes that name no place. Each row is a line of the
therapist's DM (``tests.builders.dm_lines``) or the client card; the comment on each group says whether it fails on
the brief52 merge (a6b38f93), on main before it (508e4be6), or both.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.domain import Alert
from spa_copilot.slack.blocks import client_card_message
from spa_copilot.slack.presenters import client_card_view
from tests.builders import client, dm_lines, service

DAY = date(2026, 11, 24)
DEEP = service("sv_deep", name="Deep Tissue Massage 90")
SURGERY = "Check: surgery{}: keep clear of the surgical area"
INJECTABLES = "Check: injectables{}: no pressure on treated areas"


def told(notes: str, day: date = DAY) -> list[str]:
    """The therapist's DM lines for a Deep Tissue booking of a guest with these notes."""
    return dm_lines(notes, DEEP, day=day).split("\n")


# H1, H2, M4: every area the words name is kept; a procedure's own site is added beside it; lipo has none of its own.
# Each fails on the merge (the named areas replaced); the rows adding a procedure's site fail on main too.
@pytest.mark.parametrize(
    ("notes", "site"),
    [
        ("Lipo 2 weeks ago - arms and thighs", " (arms, thighs)"),
        ("Lipo last month on arms", " (arms)"),
        ("Liposuction 3 wks ago, treated areas: inner thighs and arms", " (thighs, arms)"),
        ("Lipo 2 weeks ago, thighs", " (thighs)"),
        ("BBL 3 wks ago, lipo on flanks and back", " (glutes, back)"),
        ("BBL 3 weeks ago - lipo from back and abdomen", " (glutes, back, abdomen)"),
        ("Breast reduction 3 wks ago + neck lift", " (chest, neck)"),
        ("Facelift and neck lift 2 weeks ago", " (face, neck)"),
        ("Tummy tuck and arm lift 3 weeks ago", " (abdomen, arm)"),
        ("Mastectomy 3 weeks ago and lymph node removal under left arm", " (chest, left arm)"),
        ("Facelift 2 weeks ago - incisions behind ears and along scalp", " (face, scalp)"),
        ("Breast augmentation 3 weeks ago, incisions under arms", " (chest, arms)"),
        ("ACL repair 4 weeks ago, hamstring graft from left thigh", " (knee, hamstring, left thigh)"),
        # "right before covid" dates the C-section long past: the knee alone, as before (M1)
        ("C-section right before covid, surgery 2 weeks ago on knee", " (knee)"),
    ],
)
def test_the_areas_the_notes_name_are_kept_beside_a_procedures_own(notes: str, site: str) -> None:
    """Guards H1/H2: an area briefed before the procedures' sites is never dropped (no guessed abdomen for lipo)."""
    lines = told(notes)
    assert SURGERY.format(site) in lines, lines


# M4: lipo with its area nowhere in its words points to the notes, no guessed abdomen (fails on the merge: "(abdomen)").
@pytest.mark.parametrize(
    ("notes", "where"),
    [
        ("Lipo 3 wks ago, focus on legs", "read the notes for where"),
        ("Liposuction to flanks 2 weeks ago", "check the notes, or ask the guest where"),
    ],
)
def test_lipo_gives_no_site_of_its_own(notes: str, where: str) -> None:
    """Guards M4: "Lipo 3 wks ago, focus on legs" was "surgery (abdomen)", a guess shown as fact, the pointer gone."""
    lines = told(notes)
    assert f"{SURGERY.format('')} — {where}" in lines, lines
    assert not any("abdomen" in line for line in lines), lines


# M1: a procedure dated long past adds no site beside a recent surgery (each fails on the merge).
@pytest.mark.parametrize(
    ("notes", "site"),
    [
        ("C-section 2019, knee surgery last month", " (knee)"),
        ("Surgery on knee 2 weeks ago, c-section 2015", " (knee)"),
        ("knee scope 2 weeks ago, hysterectomy 2010", " (knee)"),
        ("Neck surgery 3 wks ago, had a C-section in 2012", " (neck)"),
        ("surgery on left shoulder 2 weeks ago, had a C-section years ago", " (left shoulder)"),
    ],
)
def test_a_long_past_procedure_adds_no_site(notes: str, site: str) -> None:
    """Guards M1: "C-section 2019, knee surgery last month" was "surgery (abdomen, knee)"."""
    lines = told(notes)
    assert SURGERY.format(site) in lines, lines


# H3: "(lips)" only when a lip word and the injectable are one recent item, with no other injectable beside it.
@pytest.mark.parametrize(
    ("notes", "day"),
    [
        ("Lip filler in March. Botox 3 days ago", DAY),  # fails on the merge
        ("Lip filler in Jan. Dermal filler cheeks Dec 1.", date(2026, 12, 5)),  # fails on the merge
        ("Lip filler in Jan. Botox 12/3.", date(2026, 12, 5)),  # fails on the merge
        ("Botox 3 days ago, chapped lips", DAY),  # fails on the merge
        ("Botox 2 days ago, uses lip balm", DAY),  # fails on the merge
        ("Botox 3 days ago - lips feel dry", DAY),  # fails on the merge
        ("Botox 3 days ago, upper lip wax today", DAY),  # fails on the merge
        ("Botox and lip filler 3 days ago", DAY),  # fails on the merge: "(lips)" alone
        ("Consult: wants lip filler for wedding. Botox 3 days ago", DAY),
    ],
)
def test_no_lips_unless_the_lips_were_the_recent_treatment(notes: str, day: date) -> None:
    """Guards H3: the lips said only when tied to the recent treatment; otherwise the line points to where."""
    lines = told(notes, day)
    assert not any("(lips" in line or ", lips" in line for line in lines), lines
    assert any(line.startswith(INJECTABLES.format("")) for line in lines), lines  # no site; the pointer or Avoid


@pytest.mark.parametrize(
    ("notes", "site"),
    [
        ("Filler in lips 3 days ago", " (lips)"),  # fails on main (no site)
        ("lip filler 5 days ago, still a bit swollen", " (lips)"),  # fails on main
        ("Had lip fillers 2 weeks ago, avoid face", " (lips, face)"),  # fails on main: "(face)"
    ],
)
def test_the_lips_when_they_were_the_recent_treatment(notes: str, site: str) -> None:
    """Guards brief52's gain kept: a recent lip filler alone says "(lips)", beside the areas the words name."""
    lines = told(notes)
    assert INJECTABLES.format(site) in lines, lines


# M3: the pointer (each fails on the merge, which said "read the notes for where" for all; and on main, which had none)
@pytest.mark.parametrize(
    ("notes", "line"),
    [
        ("Botox 2 wks ago", INJECTABLES.format("") + " — check the notes, or ask the guest where"),
        ("Botox in June", INJECTABLES.format("") + " — check the notes, or ask the guest where"),
        ("Botox 3 days ago, chapped lips", INJECTABLES.format("") + " — read the notes for where"),
    ],
)
def test_the_pointer_asks_when_the_notes_name_no_place(notes: str, line: str) -> None:
    """Guards M3: "read the notes for where" only when the words name a body word the reader could not place."""
    lines = told(notes)
    assert line in lines, lines


def test_no_pointer_when_the_area_is_under_avoid() -> None:
    """Guards M3: the open wound's line with the tummy under Avoid already needs no pointer (fails on the merge)."""
    lines = told("Got her stitches out last week (appendix). Avoid the tummy.")
    assert "Check: open wound: keep clear of the wound, no products on broken skin" in lines, lines
    assert not any(" — " in line and "where" in line for line in lines), lines


# M2: the positioning lines are withdrawn: none of these give one (each fails on the merge).
@pytest.mark.parametrize(
    "notes",
    [
        "Tummy tuck 3 wks ago, no prone restrictions",
        "Tummy tuck 3 wks ago. Surgeon lifted the no prone rule",
        "Tummy tuck 3 wks ago. No prone - cleared 11/1",
        "Tummy tuck 3/2024 - no prone for 6 weeks",
        "Was side-lying only during her pregnancy in 2023",
        "Tummy tuck 3 wks ago. no prone for her husband",
        "Tummy tuck 3 wks ago. face-up only for the facial",
        "Tummy tuck 3 wks ago. Only supine for the first 10 min, then prone",
        "Tummy tuck 3 wks ago. Face up only? check with client",
    ],
)
def test_no_positioning_line(notes: str) -> None:
    """Guards M2: a waived, past, someone else's, one service's or questioned limit made a positioning line."""
    lines = told(notes)
    assert not any("positioning:" in line for line in lines), lines


def test_the_card_keeps_in_the_alerts_above() -> None:
    """Guards L1: all cautions alerts and notes giving only a positioning limit kept "_in the alerts above_" (the
    merge dropped it for the positioning line)."""
    notes = "Face up only please"
    alerts = [Alert(text="Nut allergy - EpiPen", severity="critical")]
    card = client_card_view(client(notes=notes, alerts=alerts), profile=extract_profile_offline(notes, today=DAY),
                            today=DAY)
    assert card.allergies == () and card.allergies_in_alerts
    text = str([b.model_dump() if hasattr(b, "model_dump") else b for b in client_card_message(card).blocks])
    assert re.search(r"_in the alerts above_", text), text
