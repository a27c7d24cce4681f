"""s47 guard (rev47e): a critical alert "Dr. Kim Inderal 10mg, no deep tissue" reaches the therapist's Slack
briefing with its drug (``guest_words_for_staff`` → ``scrub_pii``): "Dr. [name] Inderal 10mg", never "Dr. [name]
10mg"."""

import pytest

from spa_copilot.domain import Alert, Client
from tests.test_brief_records import FACIAL, brief


@pytest.mark.parametrize(
    ("text", "word"),
    [("Dr. Kim Inderal 10mg, no deep tissue", "Inderal"), ("Per Dr. Chen Sintrom 4mg", "Sintrom"),
     ("Dr. James Epilepsia - no hot stones", "Epilepsia")],
)
def test_slack_alert_keeps_the_drug(text: str, word: str) -> None:
    guest = brief(Client(id="cl_1", first_name="Bea", alerts=[Alert(text=text, severity="critical")]), service=FACIAL)
    assert any(word in line for line in guest.alerts), guest.alerts
