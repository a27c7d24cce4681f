"""s49 (probe47c): a guest whose first name field is empty (or holds only health words) was listed as
"The client S." in the waitlist list, the day book and the "Added … to the waitlist" answer. She is her last name
whole ("Smith"), as ``shown_last_name`` gives it (no note or phone typed into the field); with no last name to show
either, "The client" as before; a first name to show keeps its form ("Ann S.")."""

from __future__ import annotations

import pytest

from spa_copilot.domain import Client


@pytest.mark.parametrize(
    ("first", "last", "shown"),
    [
        ("", "Smith", "Smith"),
        ("  ", "de la Cruz", "de la Cruz"),
        ("PREGNANT", "Smith 415-555-0101", "Smith"),  # the health word and the phone never shown
        ("", "555-0101", "The client"),  # no name in either field
        ("", "", "The client"),
        ("Ann", "Smith", "Ann S."),
        ("Jen (cell 415-555-0101)", "Okafor", "Jen O."),
        # rev49c: a last name field that speaks of health is never shown whole, only by its initial
        ("", "Pregnant", "The client P."),
        ("", "Smith Cancer", "The client S."),
        ("", "NUT ALLERGY", "The client N."),
    ],
)
def test_a_guest_with_no_first_name_to_show_is_her_last_name(first: str, last: str, shown: str) -> None:
    assert Client(id="cl_1", first_name=first, last_name=last).short_name == shown
