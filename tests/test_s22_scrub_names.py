"""Text bound for a model loses an in-law's name, a "mother of …"'s and a passport number (privacy review, 4 December:
the extraction prompt carried "sister-in-law Dana Fairbanks" and "Passport X1234567"), while the words a note reader
needs stay. A full name after "came with" / "booked with" is left: masking it (ba026f6) masked conditions too ("Came
with Latex Allergy", "Came with Sore Neck": an adversarial review), and the therapist's DM quotes the same scrubbed
words."""

from __future__ import annotations

import pytest

from spa_copilot.ai.guardrails import scrub_pii


@pytest.mark.parametrize(
    ("note", "scrubbed"),
    [
        ("Referred by her sister-in-law Dana Fairbanks (also a client).", "Referred by her sister-in-law [name] (also a client)."),
        ("Brother in law Sam Quist booked her", "Brother in law [name] booked her"),
        ("Mother of Sarah Lindqvist (cl_0088)", "Mother of [name] (cl_0088)"),
        ("Passport X1234567 kept at desk", "Passport [id] kept at desk"),
    ],
)
def test_names_and_ids_a_note_gives_are_masked(note: str, scrubbed: str) -> None:
    assert scrub_pii(note) == scrubbed


@pytest.mark.parametrize(
    "note",
    [
        "came in with Migraine, dim the lights",  # one capitalised word: a condition, not a full name
        "Came with Hot Stone voucher",
        "Came with Latex Allergy - use nitrile gloves",  # "with" + two capitals: not taken for a person
        "Came with Sore Neck, avoid it",
        "Booked with Couples Massage",
        "Drink water x3 per day",  # a multiplier stays a quantity
        "SPF30 after the peel",
        "Friend of the owner",
    ],
)
def test_what_reads_as_no_name_stays(note: str) -> None:
    assert scrub_pii(note) == note
