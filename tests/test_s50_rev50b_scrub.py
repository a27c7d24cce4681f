"""rev50b: da79384b shows a relative's/referrer's given name when it is also a spa word (Rosemary, Lavender,
Chamomile, Aloe, Arnica): e79593b1 masked the whole name. And menu items before 'booked' lose their first word."""
import pytest

from spa_copilot.ai.guardrails import guest_words_for_staff as g


@pytest.mark.parametrize("note", [
    "Referred by Rosemary Clarke", "Her mother Lavender Brown", "Gifted by Chamomile Gray",
    "Husband Aloe Park", "Daughter Rosemary Clarke",  # not "Booked by Arnica Smith": arnica is a remedy first
])
def test_a_given_name_that_is_a_spa_word_is_masked_after_a_relation(note):
    shown = g(note, limit=100000)
    assert shown.split()[-2] in ("by", "mother", "Husband", "Daughter") and shown.endswith("[name]"), shown


@pytest.mark.parametrize("note", ["Sensitive Facial booked for her", "Gentle Massage paid for her",
                                  "Collagen Facial bought for her", "Jojoba Wrap booked for her"])
def test_a_menu_item_before_booked_is_kept(note):  # LOW: shown at e79593b1
    assert g(note, limit=100000) == note
