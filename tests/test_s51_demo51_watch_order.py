"""The demo's calendar watch lists its conflicts on one clock and shows the first two of that list as Slack shows
them; the stand-in Slack's terminal names whose DM a message went to."""

from __future__ import annotations

from spa_copilot import cli
from spa_copilot.demo_watch import first_messages, in_time_order
from spa_copilot.domain import Staff
from spa_copilot.sandbox.slack_api import PostedMessage, SlackRecorder, slack_users_from_staff
from spa_copilot.store.db import AlertRow


def alert(key: str, starts: str | None, ts: str, *, day: str = "2026-12-07") -> AlertRow:
    view = {"startsAt": starts} if starts else {}
    return AlertRow(key=key, kind="k", location_id="loc", day=day, fingerprint="f", status="open", channel="C1", ts=ts,
                    snoozed_until=None, acknowledged_by=None, view=view, grouped=False, handled_at=None,
                    created_at="", updated_at="")


def test_conflicts_are_listed_in_the_order_they_start_on_one_clock_not_by_each_locations_wall_clock() -> None:
    """Guards the ISO-string sort: Venice's 5:00pm (8:00pm in New York) came before SoHo's 6:15pm."""
    venice_5pm = alert("venice", "2026-12-07T17:00:00-08:00", "1.1")
    soho_615pm = alert("soho", "2026-12-07T18:15:00-05:00", "1.2")
    venice_1235pm = alert("venice_noon", "2026-12-07T12:35:00-08:00", "1.3")
    no_start = alert("nostart", None, "1.4")
    tomorrow = alert("tomorrow", "2026-12-08T09:00:00-05:00", "1.5", day="2026-12-08")
    rows = in_time_order([tomorrow, no_start, venice_5pm, soho_615pm, venice_1235pm])
    assert [row.key for row in rows] == ["venice_noon", "soho", "venice", "nostart", "tomorrow"]


def test_the_messages_shown_are_those_of_the_first_conflicts_listed_each_once() -> None:
    """Guards "the first two in the order of the list above": not the first two posted, and a shared summary shown once."""
    posted = [PostedMessage(channel="C1", ts=ts, text=ts, blocks=[]) for ts in ("1.1", "1.2", "1.3")]
    rows = [alert("a", None, "1.3"), alert("b", None, "1.3"), alert("c", None, "1.1"), alert("d", None, "1.2")]
    assert [m.ts for m in first_messages(rows, posted, 2)] == ["1.3", "1.1"]
    assert [m.ts for m in first_messages(rows[:1], posted, 2)] == ["1.3"]


def test_the_stand_in_slacks_terminal_names_whose_dm_it_is() -> None:
    """Guards "── posted in a DM ──": the therapist's Slack name (else id); a channel keeps its #name."""
    staff = [Staff(id="st_1", location_id="loc_1", first_name="Jonah", last_name="Weiss", email="jonah@spa.test")]
    slack = SlackRecorder(bot_token="xoxb-t", users=slack_users_from_staff(staff))
    user = next(iter(slack.users))
    dm = slack.dm_channel(user)
    names = slack.display_names()
    assert cli._posted_where(slack, dm, {"C9": "front-desk"}, names) == f"a DM to {names[user]}"
    assert "Jonah" in names[user]
    assert cli._posted_where(slack, dm, {}, {}) == f"a DM to {user}"
    assert cli._posted_where(slack, "C9", {"C9": "front-desk"}, names) == "#front-desk"
