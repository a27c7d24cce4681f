"""Session 44 (probe44d M3, redone after rev44h): a title typed before a guest's first name ("Mrs. Ruth", "Sra.
Lucía") no longer hides the name from staff ("Mrs. [name]", "Sra"), but only when the field is the title and one
name word that is not the client's last name: "Mrs. Kim" of Kim is her surname, "Dr Anne NO NUTS" carries a note staff
must read, and a caller that does not know the last name skips no title."""

from __future__ import annotations

import pytest

from spa_copilot.ai.schemas import shown_first_name
from tests.builders import client


@pytest.mark.parametrize(
    ("field", "last", "shown"),
    [
        ("Mrs. Ruth", "Kim", "Ruth"),
        ("Dr. Anne", "Patel", "Anne"),
        ("Mr John", "Smith", "John"),
        ("Sra. Lucía", "García", "Lucía"),
        ("Srta Ana", "López", "Ana"),
        ("Doña Inés", "Ruiz", "Inés"),
        ("Ms. Jen", "Okafor", "Jen"),
    ],
)
def test_a_title_and_her_first_name_show_the_name(field: str, last: str, shown: str) -> None:
    assert shown_first_name(field, last_name=last) == shown
    assert client(first_name=field, last_name=last).short_name == f"{shown} {last[0]}."


@pytest.mark.parametrize(
    ("field", "last"),
    [
        ("Mrs. Kim", "Kim"),
        ("Dr. Patel", "Patel"),
        ("Sra. García", "García"),
        ("Mrs. Cruz", "de la Cruz"),
        ("Mrs. Smith", "Smith-Jones"),
    ],
)
def test_a_title_and_her_last_name_is_not_shown_as_her_first_name(field: str, last: str) -> None:
    surname = field.split()[-1].casefold()  # the word after the title, a word of her last name
    assert shown_first_name(field, last_name=last).casefold() != surname
    assert not client(first_name=field, last_name=last).short_name.casefold().startswith(surname)


@pytest.mark.parametrize(("field", "last"), [("Don Smith", "Smith"), ("Don Smith", "Jones"), ("Sr. Smith", "Jones")])
def test_don_and_sr_are_not_skipped_as_titles(field: str, last: str) -> None:
    assert shown_first_name(field, last_name=last) != "Smith"


@pytest.mark.parametrize(
    ("field", "kept"),
    [
        ("Dr Anne NO NUTS", "NUTS"),
        ("Dr. Anne - allergic to latex", "latex"),
        ("Mrs. Ruth DO NOT BOOK owes $200", "DO NOT BOOK"),
    ],
)
def test_a_note_after_the_title_and_name_still_reaches_staff(field: str, kept: str) -> None:
    assert kept in shown_first_name(field, last_name="Kim")
    assert kept in client(first_name=field, last_name="Kim").short_name


@pytest.mark.parametrize("last", [None, "", "  "])
def test_no_title_is_skipped_without_a_last_name_to_check(last: str | None) -> None:
    assert shown_first_name("Mrs. Kim", last_name=last) != "Kim"
    assert shown_first_name("Mrs. Ruth", last_name=last) == shown_first_name("Mrs. Ruth")


def test_a_title_before_a_phone_still_hides_the_phone() -> None:
    assert "555" not in shown_first_name("Mrs. 415-555-0101", last_name="Kim")


def test_the_whole_name_staff_see_skips_the_title_too() -> None:
    assert client(first_name="Mrs. Ruth", last_name="Kim").whole_name == "Ruth Kim"


def test_a_text_never_greets_a_guest_by_a_spanish_title() -> None:
    """A guest typed "Sra. Lucía" was greeted "Hi Sra" in a text (greeting_name took the title for her name)."""
    from spa_copilot.ai.schemas import greeting_name

    assert greeting_name("Sra. Lucía") is None and greeting_name("Srta Ana") is None
    assert greeting_name("Don") == "Don"
