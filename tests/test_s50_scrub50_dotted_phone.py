"""s50 (scrub50): a phone typed a digit and a dot at a time ("5.5.5. 1.2.3. 4.5.6.7") reached the therapist's Slack
and the model whole; it is masked now, and readings logged a digit at a time beside it stay ("Pain 8 7 6, 5 4 4 3",
"Pain 8.7.6. 5.4.4. 3.3.2.1", "VAS 8. 7. 6. 5. 4. 4. 3. 3. 2. 2": no phone)."""

from __future__ import annotations

import pytest

from spa_copilot.ai.guardrails import guest_words_for_staff, scrub_for_model

#: A note with a dotted phone and a reading beside it, and the reading that must stay.
PHONE_AND_READING = [
    ("Pain 8 7 6, 5 4 4 3. Call 5.5.5. 1.2.3. 4.5.6.7 if late", "Pain 8 7 6, 5 4 4 3"),
    ("Pain 8.7.6. 5.4.4. 3.3.2.1; cell 5.5.5.1.2.3.4.5.6.7", "Pain 8.7.6. 5.4.4. 3.3.2.1"),
    ("VAS 8. 7. 6. 5. 4. 4. 3. 3. 2. 2\nmobile 4.1.5. 5.5.5. 0.1.9.9", "VAS 8. 7. 6. 5. 4. 4. 3. 3. 2. 2"),
    ("Dolor 8 7 6, 5 4 3 3. Tel +3.4. 6.1.2. 3.4.5. 6.7.8", "Dolor 8 7 6, 5 4 3 3"),
]


@pytest.mark.parametrize(("notes", "reading"), PHONE_AND_READING)
@pytest.mark.parametrize("scrub", [guest_words_for_staff, scrub_for_model])
def test_a_dotted_phone_is_masked_and_the_reading_beside_it_stays(scrub, notes: str, reading: str) -> None:
    shown = scrub(notes)
    assert "[phone]" in shown and reading in shown, shown
