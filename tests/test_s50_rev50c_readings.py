"""rev50c: the review of lex50 and 8a66b165: a rebook reminder said of nobody is no pregnancy; one said of her with
her OB, midwife or scan is; a relative's allergy said never or not really true for her stays his."""
from datetime import date

import pytest

from tests.builders import HOT_STONE, dm_lines

DAY = date(2026, 12, 8)
HOT = HOT_STONE
PREG = "contraindicated for this guest: pregnancy"


def told(notes):
    return dm_lines(notes, HOT, day=DAY)


# HIGH: med-spa / salon rebook reminders told as a pregnancy (rev50c)
@pytest.mark.parametrize("notes", [
    "Botox q3 months - due in 3 months",      # the brief's own example
    "Botox (20u) - due in 3 months",
    "Botox – due in 3 months",
    "Botox -- due in 3 months",
    "Botox. Due in 3 months",
    "Botox\nDue in 3 months",
    "Next botox\ndue in 3 months",
    "Juvederm - due in 6 months",
    "Tox - due in 3 months",
    "Due in 3 months for tox",
    "Due in 3 months for Dysport",
    "Massage - due in 4 weeks",
    "Facials - due in 4 weeks",
    "Gel manicure - due in 2 weeks",
    "Pedicure - due in 3 weeks",
    "Dermaplaning - due in 4 weeks",
    "Brazilian - due in 4 weeks",
    "Due in 4 weeks for a brazilian",
    "Lashes 2/3 full, due in 2 weeks",
    "Root touch up - due in 6 weeks",
    "Laser hair removal session 3 - due in 6 weeks",
    "Follow up - due in 2 weeks",
    "Rebook reminder - due in 4 weeks",
    "REBOOK REMINDER\nDue in 4 weeks",
    "Due in 4 weeks - lash fill",
    "Due in 4 weeks (lash fill)",
    "Deposit - due in 2 weeks",
    "Invoice #4411 - due in 2 weeks",
    "Membership renewal - due in 3 months",
    "Due in 2 weeks",
])
def test_rebook_reminder_is_no_pregnancy(notes):
    assert PREG not in told(notes)


# MEDIUM: a pregnancy LOST - 0-2 free words before a list word ("her OB appointment") (rev50c)
@pytest.mark.parametrize("notes", [
    "She's due in 4 wks for her midwife appt",
    "She's due in 4 weeks for her OB appointment",
    "She's due in 4 weeks for the OB visit",
    "Guest is due in 2 months for an ultrasound session",
    "She's due in 6 weeks to stop all facials",
    "She's due in 6 weeks to lift nothing heavy",
])
def test_pregnancy_kept(notes):
    assert PREG in told(notes)


# LOW: a relative's allergy made the guest's despite a negation or a question (rev50c; not yet: '- true for her? no', read hers, the safe side)
@pytest.mark.parametrize("notes", [
    "Husband allergic to nuts - never true for her",
    "Husband allergic to nuts - not really true for her",
])
def test_relatives_allergy_not_hers(notes):
    assert "nut oil allergy" not in told(notes)
