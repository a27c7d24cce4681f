"""``12:00-12pm`` was read as 12:00am–12:00pm (the start took the end's pm, then fell back to am because it did not
start before the end); it ends when it starts, an empty window, said so as ``14:00-14:00`` is (loose36, item 3)."""

from __future__ import annotations

import pytest

from spa_copilot.slack.command_parser import CommandError, parse_time_range


@pytest.mark.parametrize("typed", ["12:00-12pm", "12-12pm", "2-2pm", "2:30 - 2:30pm"])
def test_a_start_without_am_or_pm_at_the_ends_time_is_an_empty_window(typed: str) -> None:
    with pytest.raises(CommandError, match="is an empty window: it ends when it starts") as refused:
        parse_time_range(typed)
    assert "before it starts" not in refused.value.problem


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("9-5", ("09:00", "17:00")),
        ("11-2pm", ("11:00", "14:00")),  # a pm start would end before it starts: am
        ("10-1pm", ("10:00", "13:00")),
        ("12-1pm", ("12:00", "13:00")),
        ("12:30-1pm", ("12:30", "13:00")),
        ("12:00-1pm", ("12:00", "13:00")),
        ("11:30-12pm", ("11:30", "12:00")),
        ("2-6pm", ("14:00", "18:00")),
    ],
)
def test_the_windows_read_before_are_read_as_before(typed: str, read: tuple[str, str]) -> None:
    assert parse_time_range(typed) == read
