"""A booking the guest's condition rules out is marked in the day book (``/spa today``), not only in the therapist's
DM: the front desk sees it early enough to rebook. One rule (``engines.cautions``) for the briefing and the day book,
so both say the same words; the cautions are the briefing's (notes read by the offline lexicon, the intake, the spa's
alerts, the booking's note), never a model's. Found by the staff-eye review of 3 December (seed 23: Sophia, pregnant,
booked for a Hot Stone Massage 90 with no warning in the day book)."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from spa_copilot import reads
from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.ai.schemas import GuestProfile
from spa_copilot.domain import Alert, Appointment, Client, HealthHistory, Location
from spa_copilot.engines import briefing
from spa_copilot.engines.cautions import RuledOut, booking_ruled_out, ruled_out
from spa_copilot.engines.daybook import build_day_book
from spa_copilot.reads import Catalog, load_day_book, ruled_out_of
from spa_copilot.slack.blocks import day_book_message
from spa_copilot.slack.presenters import day_book_view
from tests.builders import appointment, at, client, location, room, service, staff

DAY = date(2026, 12, 8)  # a Tuesday
NOW = at(DAY, "05:00")  # before the day's bookings
HOT_STONE = service("sv_hot", name="Hot Stone Massage 90", contraindications=["Pregnancy", "Hypertension"])
WRAP = service("sv_wrap", name="Seaweed Wrap", contraindications=["shellfish allergy"])
SWEDISH = service("sv_swe", name="Swedish Massage 60")
SERVICES = {s.id: s for s in (HOT_STONE, WRAP, SWEDISH)}
SOPHIA = client("cl_sophia", first_name="Sophia", last_name="Robinson",
                notes="pressure: medium; citrus oil ok; pregnant 23wks - prenatal only, side-lying")
WARNING = "Hot Stone Massage 90 is contraindicated for this guest: pregnancy"


def booked(service_id: str, hhmm: str = "14:45", *, id: str = "ap_1", client_id: str = SOPHIA.id, **more: Any) -> Appointment:
    """A 90-minute booking of ``service_id``, its line named as the spa system names the service."""
    made = appointment(at(DAY, hhmm), 90, id=id, client_id=client_id, service_id=service_id, resource_ids=["rs_1"], **more)
    line = made.services[0].model_copy(update={"service_name": SERVICES[service_id].name})
    return made.model_copy(update={"services": [line]})


# ---- the one rule -------------------------------------------------------------------------------------------------


def test_the_briefing_says_what_the_shared_rule_finds_in_its_own_words() -> None:
    found = ruled_out([SWEDISH, HOT_STONE], SOPHIA, GuestProfile(), also=briefing.records_profile(
        [], booked("sv_hot", notes="PREGNANT 24 wks"), today=DAY))
    assert found == [RuledOut("sv_hot", "Hot Stone Massage 90", ("pregnancy",))]
    assert found[0].sentence == WARNING
    assert briefing.contraindication_flags([SWEDISH, HOT_STONE], SOPHIA, GuestProfile(), also=briefing.records_profile(
        [], booked("sv_hot", notes="PREGNANT 24 wks"), today=DAY)) == [
        f"{WARNING} (prenatal positioning, no hot stones). Check with the guest before it starts."]


@pytest.mark.parametrize(
    ("guest", "expected"),
    [
        (SOPHIA, ("pregnancy",)),  # the notes, read by the offline lexicon
        (client("cl_a", alerts=[Alert(text="High blood pressure", severity="warning")]), ("hypertension",)),
        (client("cl_b", health_history=HealthHistory(pregnant=True)), ("pregnancy",)),  # the intake form
        (client("cl_c", notes="No longer pregnant. Firm pressure."), ()),  # a denial rules nothing out
        (client("cl_d", notes="Husband has high blood pressure"), ()),  # someone else's condition
    ],
)
def test_a_booking_is_checked_against_every_source_the_briefing_reads(guest: Client, expected: tuple[str, ...]) -> None:
    found = booking_ruled_out(booked("sv_hot", client_id=guest.id), guest, SERVICES, today=DAY)
    assert tuple(hit for r in found for hit in r.hits) == expected


def test_the_booking_note_counts_and_a_service_without_contraindications_is_never_marked() -> None:
    plain = client("cl_p")
    assert booking_ruled_out(booked("sv_hot", notes="Guest is pregnant"), plain, SERVICES, today=DAY)[0].hits == ("pregnancy",)
    assert booking_ruled_out(booked("sv_swe"), SOPHIA, SERVICES, today=DAY) == []
    shellfish = client("cl_s", health_history=HealthHistory(allergies=["shellfish"]))
    assert [r.sentence for r in booking_ruled_out(booked("sv_wrap"), shellfish, SERVICES, today=DAY)] == [
        "Seaweed Wrap is contraindicated for this guest: shellfish allergy"
    ]


# ---- which bookings the day book marks ----------------------------------------------------------------------------


def test_only_bookings_not_yet_started_are_marked() -> None:
    catalog = Catalog([location()], [staff()], list(SERVICES.values()), [room()])
    book = [
        booked("sv_hot", "14:45", id="ap_ahead"),
        booked("sv_hot", "14:45", id="ap_in", status="checkedIn"),
        booked("sv_hot", "09:00", id="ap_done", status="completed"),
        booked("sv_hot", "04:00", id="ap_started"),  # before NOW
        booked("sv_swe", "16:30", id="ap_swedish"),
        booked("sv_hot", "17:00", id="ap_unknown", client_id="cl_nobody"),  # no record read: nothing to check
    ]
    found = ruled_out_of(book, {SOPHIA.id: SOPHIA}, catalog, now=NOW)
    assert sorted(found) == ["ap_ahead", "ap_in"]


def test_only_the_line_whose_service_is_ruled_out_carries_the_mark() -> None:
    two = booked("sv_swe").model_copy(deep=True)
    hot_line = two.services[0].model_copy(update={"id": "sl_2", "service_id": "sv_hot", "service_name": "Hot Stone Massage 90",
                                                  "start_at": two.end_at, "end_at": two.end_at + timedelta(minutes=90)})
    two = two.model_copy(update={"services": [*two.services, hot_line], "end_at": hot_line.end_at})
    ruled = {two.id: booking_ruled_out(two, SOPHIA, SERVICES, today=DAY)}
    book = build_day_book(location(), DAY, appointments=[two], staff=[staff()], services=SERVICES.values(),
                          resources=[room()], ruled_out=ruled)
    [row] = book.staff_days
    assert [(e.services, [r.service_name for r in e.ruled_out]) for e in row.entries] == [
        (("Swedish Massage 60",), []),
        (("Hot Stone Massage 90",), ["Hot Stone Massage 90"]),
    ]


# ---- what the front desk reads -----------------------------------------------------------------------------------


class _Spa:
    """The spa system as the day book reads it: one location's appointments and its client records."""

    def __init__(self, appointments: list[Appointment], clients: list[Client]) -> None:
        self.appointments = appointments
        self.clients = {c.id: c for c in clients}

    async def list_appointments(self, *, location_id: str, start_from: datetime, start_to: datetime) -> list[Appointment]:
        return [a for a in self.appointments if a.location_id == location_id and start_from <= a.start_at < start_to]

    async def get_client(self, client_id: str) -> Client:
        return self.clients[client_id]


@pytest.fixture(scope="module")
def venice() -> Location:
    return location(id="loc_1", name="Juniper & Salt Venice", time_zone="America/New_York")


async def _today_text(venice: Location, appointments: list[Appointment], clients: list[Client]) -> str:
    catalog = Catalog([venice], [staff()], list(SERVICES.values()), [room(name="Couples Suite")])
    book = await load_day_book(_Spa(appointments, clients), catalog, venice, DAY, now=NOW)  # type: ignore[arg-type]
    message = day_book_message(day_book_view(book), seen_from=DAY)
    return "\n".join(block["text"]["text"] for block in message.to_kwargs()["blocks"] if block.get("text"))


async def test_the_day_book_warns_under_the_booking_in_the_briefings_words(venice: Location) -> None:
    other = client("cl_other", first_name="Omar", last_name="Diaz")
    text = await _today_text(
        venice, [booked("sv_hot"), booked("sv_hot", "10:00", id="ap_2", client_id=other.id)], [SOPHIA, other]
    )
    lines = text.splitlines()
    [sophia] = [i for i, line in enumerate(lines) if "Sophia R." in line]
    assert "Hot Stone Massage 90" in lines[sophia]
    assert lines[sophia + 1].strip() == f":warning: {WARNING}. Check with the guest before it starts."
    assert text.count("contraindicated") == 1  # Omar's hot stone massage is fine
    # the same words the therapist's briefing gives about the same booking (its profile: the notes read offline)
    profile = extract_profile_offline(SOPHIA.notes, intake=SOPHIA.health_history, today=DAY)
    brief = briefing.guest_brief(
        booked("sv_hot"), "st_1", client=SOPHIA, profile=profile, services=SERVICES,
        resources={"rs_1": room()}, staff={"st_1": staff()}, location=venice,
    )
    # the therapist's line adds the handling note, said nowhere else in their DM (the condition has no line of its own)
    assert brief.contraindications == (f"{WARNING} (prenatal positioning, no hot stones). Check with the guest before it starts.",)


async def test_a_risk_label_stays_a_chip_beside_the_warning(venice: Location) -> None:
    catalog = Catalog([venice], [staff()], list(SERVICES.values()), [room()])

    class _Score:
        band, label = "high", "high (51%)"

    async def risk(appointments: Any, clients: Any) -> dict[str, Any]:
        return {a.id: _Score() for a in appointments}

    book = await load_day_book(_Spa([booked("sv_hot")], [SOPHIA]), catalog, venice, DAY, now=NOW, risk=risk)  # type: ignore[arg-type]
    line = next(b["text"]["text"] for b in day_book_message(day_book_view(book)).to_kwargs()["blocks"]
                if "Sophia" in b.get("text", {}).get("text", ""))
    lines = line.split("\n")
    [at_sophia] = [i for i, text in enumerate(lines) if "Sophia" in text]
    first, second = lines[at_sophia : at_sophia + 2]
    assert first.endswith("`risk high (51%)`")
    assert second.strip().startswith(f":warning: {WARNING}")



async def test_the_marking_reads_notes_off_the_event_loop(venice: Location, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading long notes is CPU work (seconds for a day of 1–2 KB notes, cold: benchmarks/daybook.py): it runs on
    a worker thread, so the event loop every Slack request's ack shares is never held by it."""
    threads: list[bool] = []

    def on_which_thread(*args: object, **kwargs: object) -> object:
        threads.append(threading.current_thread() is threading.main_thread())
        return ruled_out_of(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reads, "ruled_out_of", on_which_thread)
    assert "contraindicated" in await _today_text(venice, [booked("sv_hot")], [SOPHIA])
    assert threads == [False]
