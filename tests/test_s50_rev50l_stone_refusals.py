"""rev50l: a guest's hot-stone refusal said with "declined", "refused", "doesn't want" or "never again" is a caution
(it read as nothing: the therapist was not warned); a love of them is none."""

import pytest

from spa_copilot.engines.cautions import modalities_kept_off
from tests.builders import service

HOT = service("sv_hot", name="Hot Stone Massage 75")


@pytest.mark.parametrize(
    "notes",
    [
        "Declined hot stones",
        "Refused hot stones again",
        "Hot stones—refused",
        "Doesn't want hot stones",
        "hot stones – refused (too hot)",
        "Never again hot stones - burned",
    ],
)
def test_a_refusal_in_other_words_is_a_caution(notes):
    assert modalities_kept_off([HOT], notes=notes), notes


@pytest.mark.parametrize("notes", ["Loves hot stones", "Hot stones ok", "No hot stones last time (ran out) - wants them today!"])
def test_no_refusal_is_no_caution(notes):
    assert not modalities_kept_off([HOT], notes=notes), notes
