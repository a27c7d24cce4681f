"""rev50b: caut50's _WANTED takes back real stone refusals ('wants it noted', 'asked for it to be flagged'); its
_REFUSED_LATER reads a refusal of another thing after a comma/dash as a refusal of the stones. Pass at e79593b1."""
import pytest

from spa_copilot.engines.cautions import modalities_kept_off
from tests.builders import service

HOT = service("sv_hot", name="Hot Stone Massage 75")


@pytest.mark.parametrize("notes", [
    "No hot stones - she wants it noted on every booking",
    "NO HOT STONES, client asked for it to be flagged",
    "Never use hot stones - guest requests it be on file",
    "Do not use hot stones, she would like it on her record",
    "No hot stones - wants stones removed from her package",
    "Avoid hot stones - asks for the stones to be left out",
    "No hot stones (burn) - husband wants them but she does not",
])
def test_a_refusal_is_not_taken_back_by_a_want_of_something_else(notes):
    assert modalities_kept_off([HOT], notes=notes), notes  # a refusal kept (rev50b)


@pytest.mark.parametrize("notes", [
    "Loves hot stones, cupping - not ok",
    "Hot stones ok, deep pressure - do not use",
    "Hot stones ok, shoulders - avoid",
    "Hot stones booked for Jan, peppermint oil - avoid",
])
def test_a_refusal_of_something_else_after_the_stones_is_no_stone_refusal(notes):
    assert not modalities_kept_off([HOT], notes=notes), notes  # no stone refusal (rev50b)
