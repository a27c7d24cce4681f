"""``/spa fill``'s answer names the front-desk channel as a person reads it: a channel set by its id
(``SPA_FRONT_DESK_CHANNEL=C0123ABCD``, which configuration.md allows) is not shown as the bare id."""

from __future__ import annotations

import pytest

from spa_copilot.fill.proposing import _channel_words


@pytest.mark.parametrize(
    ("setting", "shown"),
    [
        ("#front-desk", "#front-desk"),
        ("front-desk", "front-desk"),
        ("C000000001", "the front-desk channel"),
        ("G0123ABCD", "the front-desk channel"),
        ("#c-suite", "#c-suite"),
    ],
)
def test_the_channel_as_the_answer_names_it(setting: str, shown: str) -> None:
    assert _channel_words(setting) == shown
