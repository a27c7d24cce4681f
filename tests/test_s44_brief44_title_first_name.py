"""Session 44 (probe44d M3): a title typed before a guest's first name ("Mrs. Ruth", "Dr. Anne", "Sra. Lucía") no
longer hides the name: staff saw "Mrs. [name]" or "Sra", and her cautions were said under that placeholder."""

from __future__ import annotations

import pytest

from spa_copilot.ai.schemas import shown_first_name
from tests.builders import client


@pytest.mark.parametrize(
    ("field", "shown"),
    [
        ("Mrs. Ruth", "Ruth"),
        ("Dr. Anne", "Anne"),
        ("Mr John", "John"),
        ("Ms. Jen (cell 415-555-0101)", "Jen"),
        ("Sra. Lucía", "Lucía"),
        ("Srta Ana", "Ana"),
        ("Doña Inés", "Inés"),
        ("Prof. Ada", "Ada"),
    ],
)
def test_a_title_before_the_name_shows_the_name(field: str, shown: str) -> None:
    assert shown_first_name(field) == shown


@pytest.mark.parametrize(
    ("field", "shown"),
    [
        ("Ruth", "Ruth"),
        ("Mrs", "Mrs"),  # the title alone: no name to show, and no secret
        ("Jen (cell 415-555-0101)", "Jen"),
    ],
)
def test_a_field_without_a_title_and_name_is_shown_as_before(field: str, shown: str) -> None:
    assert shown_first_name(field) == shown


def test_a_title_before_a_phone_still_hides_the_phone() -> None:
    shown = shown_first_name("Mrs. 415-555-0101")
    assert "555" not in shown


def test_the_short_name_staff_see_is_the_name_and_the_initial() -> None:
    assert client(first_name="Mrs. Ruth", last_name="Kim").short_name == "Ruth K."
