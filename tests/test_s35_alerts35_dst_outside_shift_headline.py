"""An outside-shift card on the night New York springs forward names the booking's own time in its headline, as the
wall clock showed it (1:30am), not the 3:00am its overrun begins at (a shift ending "2:00am" ends at 3:00am EDT that
night, a time nobody booked and the card's message does not name). An ordinary night names the booking's start too
(session 36: it kept the overrun's start, 2:00am, which no booking has)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from spa_copilot import alerts
from spa_copilot.domain import Shift
from spa_copilot.engines.conflicts import Conflict, ConflictKind, find_conflicts
from spa_copilot.slack import blocks
from tests.builders import NY, appointment, location, room, service, staff

SPRING = date(2026, 3, 8)  # 2:00am EST is 3:00am EDT
ORDINARY = date(2026, 3, 15)
NIGHTS = [Shift(weekday=d, start="18:00", end="02:00") for d in range(7)]
ANA = staff("st_ana", first_name="Ana", last_name="Reyes", shifts=NIGHTS)
MASSAGE = service("sv_massage", name="Swedish Massage")
HERE = location()


def overrun(day: date, utc_hour: int) -> Conflict:
    """Ana's 60-minute massage from ``utc_hour``:30 UTC, past her night shift's 2:00am end."""
    booked = appointment(datetime(day.year, day.month, day.day, utc_hour, 30, tzinfo=UTC), 60, id="ap_1",
                         client_id="cl_ava", staff_id=ANA.id, service_id=MASSAGE.id, resource_ids=["rs_1"])
    [found] = find_conflicts([booked], staff=[ANA], resources=[room("rs_1", name="Room 1")], services=[MASSAGE],
                             locations=[HERE], guests={"cl_ava": "Ava S."})
    assert found.kind == ConflictKind.outside_shift
    return found


def headline(conflict: Conflict) -> str:
    card = blocks.conflict_alert_message(alerts.conflict_view(alerts._view_data(conflict, HERE)))
    return card.text


def test_the_spring_night_card_names_the_bookings_own_1_30am() -> None:
    found = overrun(SPRING, 6)  # 06:30Z is 1:30am EST; an hour later it is 3:30am EDT
    assert found.start.astimezone(NY).strftime("%H:%M %Z") == "03:00 EDT"  # the overrun itself, as before
    assert "the 1:30am Swedish Massage (Ava S.) keeps them busy 3:00am–3:30am" in found.message
    assert headline(found) == "Conflict: Outside shift, Sun 8 Mar 1:30am at Downtown"
    card = blocks.conflict_alert_message(alerts.conflict_view(alerts._view_data(found, HERE)))
    assert "*Sun 8 Mar 1:30am Outside shift*" in str(card.blocks[0].to_dict())
    assert alerts._when(found, HERE, SPRING) == "1:30am"  # /spa conflicts and spa-copilot conflicts alike
    assert found.key == overrun(SPRING, 6).key and "headlineAt" not in found.to_json()  # no new identity or JSON


def test_an_ordinary_night_names_the_bookings_start_too() -> None:
    # session 36 (loose36, item 5): an ordinary night's card was headed by the overrun's start (2:00am), which no
    # booking has; the desk looks a booking up by its start, so it is headed 1:30am too, and the message says the overrun
    found = overrun(ORDINARY, 5)  # 05:30Z is 1:30am EDT, to 2:30am: outside from 2:00am
    assert found.start.astimezone(NY).strftime("%H:%M %Z") == "02:00 EDT"  # the time outside the shift, as before
    assert headline(found) == "Conflict: Outside shift, Sun 15 Mar 1:30am at Downtown"
    assert alerts._view_data(found, HERE)["headlineAt"] == found.headline_at.isoformat()
    assert "the 1:30am Swedish Massage (Ava S.) runs 30 min past their 2:00am shift end, to 2:30am." in found.message
