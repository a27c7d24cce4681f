"""The App Home's "Today": every booking of the day counted, those without a therapist too, as ``/spa today`` does."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta

from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack import blocks
from spa_copilot.slack.home import home_view_for
from spa_copilot.slack.listeners.commands import answer_command
from spa_copilot.slack.views_models import BookEntry, DayBook, HomeView, StatusView, TherapistDay
from tests.conftest import DAY

TZ = "America/New_York"
TEN = datetime(2025, 3, 14, 14, 0, tzinfo=UTC)


def entry(appointment_id: str, minutes: int) -> BookEntry:
    return BookEntry(appointment_id, TEN + timedelta(minutes=minutes), TEN + timedelta(minutes=minutes + 60), "Jo K.", "Facial")


def home_text(book: DayBook) -> str:
    status = StatusView(mode="approve", model="offline", platform="sandbox", time_zone=TZ)
    return json.dumps(blocks.home_view(HomeView("U1", False, status, today=book)).to_dict(), ensure_ascii=False)


def test_bookings_without_a_therapist_have_a_row_and_count_in_the_days_total() -> None:
    book = DayBook(
        day=date(2025, 3, 14), location_name="SoHo", time_zone=TZ,
        therapists=(TherapistDay("st_1", "Hana Sato", (entry("ap_1", 0), entry("ap_2", 90)), shift="9:00am–5:00pm"),),
        unassigned=(entry("ap_3", 0), entry("ap_4", 120)),
    )
    shown = home_text(book)
    assert "*Unassigned* — 2 appointments" in shown
    assert "_4 appointments in all_" in shown


def test_a_day_booked_only_for_any_therapist_is_not_shown_as_empty() -> None:
    book = DayBook(day=date(2025, 3, 14), location_name="SoHo", time_zone=TZ, unassigned=(entry("ap_3", 0),))
    shown = home_text(book)
    assert "*Unassigned* — 1 appointment" in shown and "No one is booked" not in shown


async def test_the_homes_count_is_the_one_spa_today_gives(world: SandboxWorld) -> None:
    soho = world.data.locations[0]
    todays = [
        a for a in world.spa.appointments.values()
        if a.location_id == soho.id and a.is_active and a.start_at.astimezone(soho.tz).date() == DAY
    ]
    for a in sorted(todays, key=lambda a: a.id)[:3]:  # booked online for "any therapist"
        unassigned = [s.model_copy(update={"staff_id": None}) for s in a.services]
        world.spa.appointments[a.id] = a.model_copy(update={"services": unassigned})
    home = json.dumps((await home_view_for(world.copilot, FRONT_DESK_USER)).to_dict(), ensure_ascii=False)
    today = (await answer_command(world.copilot, text="today", user_id=FRONT_DESK_USER)).to_kwargs()["text"]
    count = re.search(r"(\d+) appointments", today)
    assert count and f"_{count.group(1)} appointments in all_" in home, (today, home)
    assert "*Unassigned* — 3 appointments" in home


def test_a_two_therapist_booking_on_two_rows_says_why_the_rows_add_up_to_more() -> None:
    couples = entry("ap_c", 60)
    book = DayBook(
        day=date(2025, 3, 14), location_name="SoHo", time_zone=TZ,
        therapists=(TherapistDay("st_1", "Hana Sato", (entry("ap_1", 0), couples), shift="9:00am–5:00pm"),
                    TherapistDay("st_2", "Kai Mori", (couples,), shift="9:00am–5:00pm")),
        unassigned=(),
    )
    shown = home_text(book)
    assert "*Hana Sato* — 2 appointments" in shown and "*Kai Mori* — 1 appointment" in shown
    assert "_2 appointments in all (a two-therapist booking on each of its therapists' rows)_" in shown, shown
    plain = DayBook(day=date(2025, 3, 14), location_name="SoHo", time_zone=TZ,
                    therapists=(TherapistDay("st_1", "Hana Sato", (entry("ap_1", 0),), shift="9:00am–5:00pm"),),
                    unassigned=())
    assert "_1 appointment in all_" in home_text(plain)
