"""What the front desk and managers read (``/spa risk``, ``/spa client``, ``/spa today``): cases found by the black-box
views probe. Guests are named as every list names them (first name and last initial, nothing typed into the name
field that is a phone or an email), no command goes unanswered, free time is real time on the nights the clocks
change, a busy day is shown whole, the card says which booking comes next, and risk labels only the guests still
to come."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp

from spa_copilot.domain import Alert, Appointment, AppointmentStatus, Client, Location, ServiceLine, Shift, Staff
from spa_copilot.engines.daybook import build_day_book
from spa_copilot.risk.bands import RiskScore
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack import blocks
from spa_copilot.slack.listeners.commands import spa_command
from spa_copilot.slack.presenters import day_book_view
from spa_copilot.slack.views_models import BookEntry, BookGap, DayBook, HomeView, StatusView, TherapistDay
from tests.conftest import DAY, FakeClock

NY = ZoneInfo("America/New_York")
CREATED = datetime(2026, 11, 1, 15, 0, tzinfo=UTC)


class Risky:
    """A risk model that calls the probe's bookings (ids ``ap_vp_…``) ``band`` and every other one low."""

    def __init__(self, band: str = "high") -> None:
        self.band = band

    def score(self, appointments, history, services, locations, now, clients=None) -> dict[str, RiskScore]:  # noqa: ANN001
        return {
            a.id: RiskScore(
                appointment_id=a.id, probability=0.3 if a.id.startswith("ap_vp_") else 0.01,
                band=self.band if a.id.startswith("ap_vp_") else "low", reasons=["booked 14 days ahead"],
            )
            for a in appointments
        }


def plant_client(world: SandboxWorld, client_id: str, first: str, last: str) -> Client:
    client = Client(id=client_id, first_name=first, last_name=last, email=f"{client_id}@mail.example",
                    mobile_phone="+1-212-555-0199", notes="Likes firm pressure.")
    world.spa.clients[client_id] = client
    return client


def plant(
    world: SandboxWorld, appointment_id: str, client_id: str, start: datetime, *, minutes: int = 60,
    status: AppointmentStatus = AppointmentStatus.confirmed, staff_id: str | None = "st_ana_reyes",
    service_id: str = "sv_swedish_60", location_id: str = "loc_soho",
) -> Appointment:
    """A one-service booking planted in the sandbox spa (through ``put_appointment``, which keeps its indexes)."""
    name = next(s.name for s in world.data.services if s.id == service_id)
    end = start + timedelta(minutes=minutes)
    line = ServiceLine(id=f"sl_{appointment_id}", service_id=service_id, service_name=name, staff_id=staff_id,
                       start_at=start, end_at=end, resource_ids=[])
    appointment = Appointment(id=appointment_id, location_id=location_id, client_id=client_id, status=status,
                              start_at=start, end_at=end, source="app", services=[line], created_at=CREATED,
                              updated_at=CREATED, version=1)
    world.spa.put_appointment(appointment)
    return appointment


def ny(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=NY)


async def reply(world: SandboxWorld, text: str) -> Any:
    """``/spa text`` from the front desk, through the real app and the stand-in Slack: the ephemeral it got."""
    before = len(world.slack.responses)
    response = await world.sender.slash_command(text, user_id=FRONT_DESK_USER)
    assert response.status_code == 200
    await world.slack.wait_for(lambda s: len(s.responses) > before, timeout=10)
    return world.slack.responses[before]


def shown(post: Any) -> str:
    return post.text + "\n" + json.dumps(post.blocks, ensure_ascii=False)


# ---------------------------------------------------------------------------------------------------
# 1. /spa risk and the client card never show what was typed into the name field as contact details


async def test_spa_risk_names_guests_by_first_name_and_last_initial(world: SandboxWorld) -> None:
    world.copilot.risk = Risky()
    tomorrow = DAY + timedelta(days=1)
    plant_client(world, "cl_vp_note", "Jen (cell 415-555-0101) DO NOT BOOK w/ Sam", "Parkinson")
    plant_client(world, "cl_vp_mail", "sarah.k@gmail.com", "")
    plant(world, "ap_vp_note", "cl_vp_note", ny(tomorrow, 10, 5))
    plant(world, "ap_vp_mail", "cl_vp_mail", ny(tomorrow, 11, 5), staff_id="st_priya_nair")
    plant(world, "ap_vp_ghost", "cl_vp_ghost", ny(tomorrow, 12, 5), staff_id=None)  # no client record to read
    answer = shown(await reply(world, "risk"))
    assert "Jen P." in answer, answer
    for private in ("415-555-0101", "Parkinson", "DO NOT BOOK", "sarah.k@gmail.com"):
        assert private not in answer, private
    assert "[email]" in answer
    # a guest whose record cannot be read is named as the day book names them
    assert "client cl_vp_ghost" in answer
    book = shown(await reply(world, "today tomorrow"))
    assert "client cl_vp_ghost" in book and "Jen P." in book


async def test_the_client_card_keeps_the_name_but_never_a_phone_typed_into_it(world: SandboxWorld) -> None:
    plant_client(world, "cl_vp_note", "Jen (cell 415-555-0101) DO NOT BOOK w/ Sam", "Parkinson")
    post = await reply(world, "client cl_vp_note")
    assert post.blocks[0]["type"] == "header" and post.blocks[0]["text"]["text"] == "Jen Parkinson"
    assert "415-555-0101" not in shown(post) and "Jen Parkinson" in post.text  # the notification too
    plant_client(world, "cl_vp_mary", "Mary Kate", "O'Neil")  # a name of two words stays whole
    assert (await reply(world, "client cl_vp_mary")).blocks[0]["text"]["text"] == "Mary Kate O'Neil"
    plant_client(world, "cl_vp_mail", "sarah.k@gmail.com", "")
    mail = await reply(world, "client cl_vp_mail")
    assert "sarah.k@gmail.com" not in shown(mail)


async def test_the_matches_list_shows_no_phone_typed_into_a_name(world: SandboxWorld) -> None:
    plant_client(world, "cl_vp_jen1", "Jenna (cell 415-555-0101)", "Quill")
    plant_client(world, "cl_vp_jen2", "Jenna", "Quillon")
    answer = shown(await reply(world, "client Jenna"))
    assert "cl_vp_jen1" in answer and "cl_vp_jen2" in answer, answer
    assert "415-555-0101" not in answer and "Jenna Quill" in answer


# ---------------------------------------------------------------------------------------------------
# 2. A client with no name gets a card; an answer Slack refuses gets the error note, never silence


async def test_a_client_without_a_name_gets_a_card(world: SandboxWorld) -> None:
    plant_client(world, "cl_vp_noname", "", "")
    post = await reply(world, "client cl_vp_noname")
    header = post.blocks[0]
    assert header["type"] == "header" and header["text"]["text"] == "(no name) · cl_vp_noname"
    assert "Preferences" in shown(post)


def test_a_header_without_text_fails_when_built_not_in_slack() -> None:
    try:
        blocks.SlackMessage(text="x", blocks=[blocks._header("  ")])
    except ValueError:
        return
    raise AssertionError("a header Slack refuses was built")


class Answer:
    def __init__(self, status_code: int, body: str) -> None:
        self.status_code, self.body = status_code, body


async def test_an_answer_slack_refuses_is_followed_by_the_error_note(world: SandboxWorld, caplog) -> None:  # noqa: ANN001
    sent: list[dict[str, Any]] = []

    async def respond(**kwargs: Any) -> Answer:
        sent.append(kwargs)
        return Answer(400, "invalid_blocks") if len(sent) == 1 else Answer(200, "ok")

    async def ack() -> None:
        return None

    callback = spa_command(world.copilot)
    await callback(ack, {"text": "help", "user_id": FRONT_DESK_USER}, respond)
    assert len(sent) == 2, sent
    note = sent[1]["text"]
    error_id = re.search(r"error id ([0-9a-f]{8})", note)
    assert "Something went wrong" in note and error_id, note
    assert sent[1]["response_type"] == "ephemeral"
    assert any(error_id.group(1) in r.getMessage() and "invalid_blocks" in r.getMessage() for r in caplog.records)


async def test_an_answer_that_cannot_reach_slack_is_logged_and_retried_as_the_note(world: SandboxWorld, caplog) -> None:  # noqa: ANN001
    sent: list[dict[str, Any]] = []

    async def respond(**kwargs: Any) -> Answer:
        sent.append(kwargs)
        if len(sent) == 1:
            raise aiohttp.ClientConnectionError("connection reset")
        raise aiohttp.ClientConnectionError("still down")

    async def ack() -> None:
        return None

    await spa_command(world.copilot)(ack, {"text": "help", "user_id": FRONT_DESK_USER}, respond)  # does not raise
    assert len(sent) == 2 and "Something went wrong" in sent[1]["text"]
    assert sum("ClientConnectionError" in r.getMessage() for r in caplog.records) == 2


# ---------------------------------------------------------------------------------------------------
# 3. Free time on the nights the clocks change is real time


def test_free_minutes_on_the_nights_the_clocks_change_are_real_minutes() -> None:
    soho = Location(id="loc_1", name="SoHo", time_zone="America/New_York")
    for day, hours in ((date(2027, 3, 13), 7), (date(2026, 10, 31), 9)):
        night = Staff(id="st_1", location_id="loc_1", first_name="Noor", last_name="Aziz",
                      shifts=[Shift(weekday=day.weekday(), start="22:00", end="06:00")])
        book = build_day_book(soho, day, appointments=[], staff=[night], services=[], resources=[])
        text = json.dumps(blocks.day_book_message(day_book_view(book)).blocks_as_dicts(), ensure_ascii=False)
        assert f"10:00pm–6:00am free all day ({hours} h)" in text, text  # her whole shift


# ---------------------------------------------------------------------------------------------------
# 4 and 7. A busy day is shown whole; bookings are never what is cut first

NINE = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)


def _entry(appointment_id: str, start: datetime, minutes: int, name: str = "Ava S.") -> BookEntry:
    return BookEntry(appointment_id, start, start + timedelta(minutes=minutes), name, "Express Neck & Shoulders 25",
                     room="Massage Room 1", flags=("risk medium (21%)",))


def busy_row(count: int, *, staff_id: str = "st_ana", step: int = 12) -> TherapistDay:
    entries = tuple(_entry(f"ap_{staff_id}_{i:04d}", NINE + timedelta(minutes=step * i), 10) for i in range(count))
    gaps = tuple(BookGap(e.end, e.end + timedelta(minutes=2)) for e in entries[:-1])
    return TherapistDay(staff_id, "Ana Reyes", entries, gaps, shift="9:00am–5:00pm")


def texts_of(message: blocks.SlackMessage) -> list[str]:
    return [b["text"]["text"] for b in message.blocks_as_dicts() if b["type"] == "section" and "text" in b]


def test_a_busy_therapists_row_continues_in_further_sections() -> None:
    book = DayBook(day=date(2026, 11, 26), location_name="SoHo", time_zone="America/New_York", therapists=(busy_row(40),))
    message = blocks.day_book_message(book)
    sections = texts_of(message)
    assert len(sections) > 1 and all(len(s) <= blocks.MAX_SECTION_TEXT for s in sections)
    joined = "\n".join(sections)
    assert "more appointment" not in joined, joined[-300:]
    assert joined.count("Express Neck") == 40 and joined.count("*Ana Reyes*") == 1


def test_when_a_row_must_be_cut_the_more_line_counts_bookings_only() -> None:
    row = busy_row(1500, step=3)
    book = DayBook(day=date(2026, 11, 26), location_name="SoHo", time_zone="America/New_York", therapists=(row,))
    message = blocks.day_book_message(book)
    assert len(message.blocks) <= blocks.MAX_MESSAGE_BLOCKS
    joined = "\n".join(texts_of(message))
    more = re.search(r"…and (\d+) more appointments", joined)
    assert more, joined[-300:]
    assert int(more.group(1)) == 1500 - joined.count("Express Neck")


def test_unassigned_bookings_come_before_therapists_with_none() -> None:
    idle = tuple(
        TherapistDay(f"st_x{i:02d}", f"Extra{i:02d} Therapist", gaps=(BookGap(NINE, NINE + timedelta(hours=8)),),
                     shift="9:00am–5:00pm")
        for i in range(55)
    )
    unassigned = tuple(_entry(f"ap_any_{i:02d}", NINE + timedelta(minutes=10 * i), 60, name="Mo K.") for i in range(45))
    book = DayBook(day=date(2026, 11, 26), location_name="SoHo", time_zone="America/New_York",
                   therapists=(busy_row(40), *idle), unassigned=unassigned)
    message = blocks.day_book_message(book)
    dicts = message.blocks_as_dicts()
    assert len(dicts) <= blocks.MAX_MESSAGE_BLOCKS
    joined = "\n".join(texts_of(message))
    assert "*Unassigned*" in joined and joined.count("Mo K.") == 45 and joined.count("Express Neck") == 40 + 45
    assert joined.index("*Unassigned*") < joined.index("Extra00")
    shown_idle = sum(f"Extra{i:02d}" in joined for i in range(55))
    more = [b["elements"][0]["text"] for b in dicts if b["type"] == "context" and "more therapists" in b["elements"][0]["text"]]
    assert more == [f"…and {55 - shown_idle} more therapists"], more


def test_the_homes_today_keeps_the_unassigned_bookings_and_the_days_count_with_many_therapists() -> None:
    idle = tuple(TherapistDay(f"st_x{i:02d}", f"Extra{i:02d} Therapist", shift="9:00am–5:00pm") for i in range(55))
    unassigned = tuple(_entry(f"ap_any_{i:02d}", NINE + timedelta(minutes=10 * i), 60, name="Mo K.") for i in range(45))
    book = DayBook(day=date(2026, 11, 26), location_name="SoHo", time_zone="America/New_York",
                   therapists=(busy_row(40), *idle), unassigned=unassigned)
    status = StatusView(mode="approve", model="offline", platform="sandbox", time_zone="America/New_York")
    home = json.dumps(blocks.home_view(HomeView("U1", False, status, today=book)).to_dict(), ensure_ascii=False)
    assert "*Unassigned* — 45 appointments" in home and "_85 appointments in all_" in home
    assert home.index("*Unassigned*") < home.index("Extra00") and "Extra54" in home


# ---------------------------------------------------------------------------------------------------
# 5. The client card's next visit, last visit and which booking the risk is about


async def test_the_card_names_the_next_visit_and_the_last_completed_one(world: SandboxWorld) -> None:
    world.copilot.risk = Risky("medium")
    plant_client(world, "cl_vp_card", "Quinn", "Vale")
    plant(world, "ap_vp_done", "cl_vp_card", ny(date(2026, 11, 10), 10), status=AppointmentStatus.completed)
    plant(world, "ap_vp_noshow", "cl_vp_card", ny(date(2026, 11, 20), 10), status=AppointmentStatus.no_show)
    plant(world, "ap_vp_cancel", "cl_vp_card", ny(date(2026, 11, 22), 10), status=AppointmentStatus.cancelled)
    plant(world, "ap_vp_gone", "cl_vp_card", ny(date(2026, 11, 26), 10), status=AppointmentStatus.cancelled)
    plant(world, "ap_vp_next", "cl_vp_card", ny(date(2026, 11, 27), 14), service_id="sv_deep_tissue_60")
    plant(world, "ap_vp_later", "cl_vp_card", ny(date(2026, 12, 4), 14))
    post = await reply(world, "client cl_vp_card")
    fields = {f["text"].split("\n", 1)[0]: f["text"].split("\n", 1)[1]
              for b in post.blocks if b["type"] == "section" for f in b.get("fields", [])}
    assert fields["*Last visit*"] == "Tue 10 Nov, Swedish Massage 60", fields
    assert fields["*Next visit*"] == "Fri 27 Nov 2:00pm EST at Juniper &amp; Salt SoHo, Deep Tissue Massage 60", fields
    risk = next(b["elements"][0]["text"] for b in post.blocks if b["type"] == "context" and "No-show risk" in json.dumps(b))
    assert "Fri 27 Nov 2:00pm EST Deep Tissue Massage 60" in risk, risk


# ---------------------------------------------------------------------------------------------------
# 6. The day book labels only the guests still to come, as /spa risk does


async def test_the_day_book_labels_risk_only_on_guests_still_to_come(world: SandboxWorld, clock: FakeClock) -> None:
    world.copilot.risk = Risky("medium")
    clock.current = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)  # noon in New York
    plant_client(world, "cl_vp_card", "Quinn", "Vale")
    plant(world, "ap_vp_done", "cl_vp_card", ny(DAY, 9, 5), minutes=50, status=AppointmentStatus.completed)
    plant(world, "ap_vp_in", "cl_vp_card", ny(DAY, 11, 35), minutes=50, status=AppointmentStatus.checked_in)
    plant(world, "ap_vp_passed", "cl_vp_card", ny(DAY, 11, 5), minutes=50)  # confirmed, its start has passed
    plant(world, "ap_vp_next", "cl_vp_card", ny(DAY, 15, 5), minutes=50)
    lines = {
        line.split("*")[1]: line
        for text in texts_of_post(await reply(world, "today")) for line in text.splitlines() if "Quinn V." in line
    }
    assert "risk" not in lines["9:05am–9:55am"], lines
    assert "risk" not in lines["11:35am–12:25pm"], lines
    assert "risk" not in lines["11:05am–11:55am"], lines
    assert "`risk medium (30%)`" in lines["3:05pm–3:55pm"], lines
    world.copilot.risk = Risky("high")  # /spa risk lists the same guests: only the one still to come
    risk = shown(await reply(world, "risk today"))
    assert "3:05pm" in risk and "9:05am" not in risk and "11:05am" not in risk


def texts_of_post(post: Any) -> list[str]:
    return [b["text"]["text"] for b in post.blocks if b["type"] == "section" and "text" in b]


# ---------------------------------------------------------------------------------------------------
# 8. The card's notification counts its alerts in words


async def test_a_card_with_one_alert_says_it_in_the_singular(world: SandboxWorld) -> None:
    client = plant_client(world, "cl_vp_alert", "Quinn", "Vale")
    world.spa.clients[client.id] = client.model_copy(update={"alerts": [Alert(text="Latex allergy", severity="critical")]})
    post = await reply(world, "client cl_vp_alert")
    assert post.text.endswith("1 alert") and "alert(s)" not in post.text, post.text
