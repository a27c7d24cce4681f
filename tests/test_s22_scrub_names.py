"""Text bound for a model loses the names of people a note says came or booked with the guest, an in-law's, and a
passport number (privacy review, 4 December: the extraction prompt carried "sister-in-law Dana Fairbanks", "Came with
Gerald Mbeki" and "Passport X1234567"), while the words a note reader needs stay."""

from __future__ import annotations

import pytest

from spa_copilot.ai.guardrails import scrub_pii


@pytest.mark.parametrize(
    ("note", "scrubbed"),
    [
        ("Referred by her sister-in-law Dana Fairbanks (also a client).", "Referred by her sister-in-law [name] (also a client)."),
        ("Brother in law Sam Quist booked her", "Brother in law [name] booked her"),
        ("Mother of Sarah Lindqvist (cl_0088)", "Mother of [name] (cl_0088)"),
        ("Came with Gerald Mbeki last time.", "Came with [name] last time."),
        ("Booked together with Tom Haverford, couples room", "Booked together with [name], couples room"),
        ("arrived with Rose Park", "arrived with [name]"),  # one word of the lexicon is not both
        ("Passport X1234567 kept at desk", "Passport [id] kept at desk"),
    ],
)
def test_names_and_ids_a_note_gives_are_masked(note: str, scrubbed: str) -> None:
    assert scrub_pii(note) == scrubbed


@pytest.mark.parametrize(
    "note",
    [
        "came in with Migraine, dim the lights",  # one capitalised word: a condition, not a full name
        "Came with Hot Stone voucher",  # both words of the lexicon: a service
        "came with Deep Tissue in mind",
        "Drink water x3 per day",  # a multiplier stays a quantity
        "SPF30 after the peel",
        "Friend of the owner",
    ],
)
def test_what_reads_as_no_name_stays(note: str) -> None:
    assert scrub_pii(note) == note
