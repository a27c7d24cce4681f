"""Log lines show an idempotency key's ids, the copilot's own words and a time whole (the prep summary's write-back
``prep-summary:<appointment>:<UTC start>:<client>`` had been logged ``{id}:ap_1:2026-11-24T14:15:{id}:00:cl_1``,
matching nothing an operator could look up); anything a person typed is still ``{id}``."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from spa_copilot.briefings import _prep_summary_claim
from spa_copilot.platform.mangomint import _shown_key


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        (
            "prep-summary:ap_b0003:2026-11-24T14:15:00+00:00:cl_0126",
            "prep-summary:ap_b0003:2026-11-24T14:15:00+00:00:cl_0126",
        ),
        ("x:2026-11-24T14:15:00.250000Z:cl_1", "{id}:2026-11-24T14:15:00.250000Z:cl_1"),
        ("fill:fp_1:sms:0", "fill:fp_1:sms:0"),
        ("waitlist-remove:jane doe:9f3", "waitlist-remove:{id}:9f3"),
        ("waitlist-add:jane@example.com:2026-11-24T14:15:00+00:00", "waitlist-add:{id}:2026-11-24T14:15:00+00:00"),
        ("fill:", "fill:{id}"),
        (None, None),
    ],
)
def test_shown_key(key: str | None, shown: str | None) -> None:
    assert _shown_key(key) == shown


def test_the_prep_summary_claim_is_logged_as_it_is() -> None:
    key = _prep_summary_claim("ap_b0003", datetime(2026, 11, 24, 14, 15, tzinfo=UTC), "cl_0126")
    assert _shown_key(key) == key
