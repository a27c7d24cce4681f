"""An ordinary outside-shift card was headed by where the overrun starts (6:00pm, the shift's end) rather than the
5:30pm booking's start, which the desk looks the booking up by: it is headed by the booking's start, and its message
says the overrun ("runs 30 min past their 6:00pm shift end"). A booking wholly outside the shift is said as before
(loose36, item 5)."""

from __future__ import annotations

from datetime import date, datetime

from spa_copilot import alerts
from spa_copilot.domain import Shift
from spa_copilot.engines.conflicts import Conflict, ConflictKind, find_conflicts
from spa_copilot.slack import blocks
from tests.builders import NY, appointment, location, room, service, staff

DAY = date(2026, 12, 5)  # a Saturday
ANA = staff("st_ana", first_name="Ana", last_name="Reyes",
            shifts=[Shift(weekday=d, start="09:00", end="18:00") for d in range(7)])
MASSAGE = service("sv_massage", name="Swedish Massage 60")
HERE = location()


def outside(*starts: tuple[int, int]) -> Conflict:
    booked = [appointment(datetime(DAY.year, DAY.month, DAY.day, hour, minute, tzinfo=NY), 60, id=f"ap_{index}",
                          client_id="cl_ava", staff_id=ANA.id, service_id=MASSAGE.id, resource_ids=[f"rs_{index}"])
              for index, (hour, minute) in enumerate(starts)]
    [found] = find_conflicts(booked, staff=[ANA], resources=[room(f"rs_{i}", name=f"Room {i}") for i in range(len(starts))],
                             services=[MASSAGE], locations=[HERE], guests={"cl_ava": "Ava S."})
    assert found.kind == ConflictKind.outside_shift
    return found


def card(conflict: Conflict) -> blocks.SlackMessage:
    return blocks.conflict_alert_message(alerts.conflict_view(alerts._view_data(conflict, HERE)))


def test_a_booking_past_the_shift_end_is_headed_by_its_own_start_and_says_the_overrun() -> None:
    found = outside((17, 30))
    assert found.start.astimezone(NY).strftime("%H:%M") == "18:00"  # the time outside the shift, as before
    shown = card(found)
    assert shown.text == "Conflict: Outside shift, Sat 5 Dec 5:30pm at Downtown", shown.text
    assert "*Sat 5 Dec 5:30pm Outside shift*" in str(shown.blocks[0].to_dict())
    assert found.message == ("Ana Reyes's shift on Saturday is 9:00am–6:00pm, but the 5:30pm Swedish Massage 60 "
                             "(Ava S.) runs 30 min past their 6:00pm shift end, to 6:30pm."), found.message
    assert alerts._when(found, HERE, DAY) == "5:30pm"  # /spa conflicts and spa-copilot conflicts alike


def test_a_booking_wholly_outside_the_shift_is_said_as_before() -> None:
    found = outside((19, 0))
    assert found.headline_at is None
    assert card(found).text == "Conflict: Outside shift, Sat 5 Dec 7:00pm at Downtown"
    assert found.message.endswith("keeps them busy 7:00pm–8:00pm, outside it."), found.message
