"""Guests a list would show alike ("Ezra R." for Ezra Rodriguez and Ezra Ramos) are told apart in the day book."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from spa_copilot.domain import Client
from spa_copilot.reads import alike_names, guest_names, load_day_book
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.settings import Settings
from tests import builders as b
from tests.builders import AllHigh
from tests.conftest import FakeClock, front_desk_asks, small_spa_world
from tests.test_calendar_edges_review import DAYS, WEDNESDAY, at_ny


def clients(*people: tuple[str, str, str]) -> dict[str, Client]:
    return {id: Client(id=id, first_name=first, last_name=last) for id, first, last in people}


def test_guests_shown_alike_are_named_by_their_whole_last_name_and_others_stay_short() -> None:
    known = clients(("cl_1", "Ezra", "Rodriguez"), ("cl_2", "Ezra", "Ramos"), ("cl_3", "Ava", "Stone"))
    assert guest_names(known, ["cl_1", "cl_2", "cl_3", "cl_1"]) == {
        "cl_1": "Ezra Rodriguez", "cl_2": "Ezra Ramos", "cl_3": "Ava S."}
    # one guest twice on the book is one guest: still "Ezra R."
    assert guest_names(known, ["cl_1", "cl_1", "cl_3"]) == {"cl_1": "Ezra R.", "cl_3": "Ava S."}


def test_guests_alike_in_full_are_told_apart_by_id_and_an_unread_record_by_its_id() -> None:
    known = clients(("cl_1", "Ezra", "Ramos"), ("cl_2", "Ezra", "Ramos"), ("cl_3", "Jen (cell 415-555-0101)", "Ng"))
    assert guest_names(known, ["cl_1", "cl_2", "cl_3", "cl_9"]) == {
        "cl_1": "Ezra Ramos (cl_1)", "cl_2": "Ezra Ramos (cl_2)", "cl_3": "Jen N.", "cl_9": "client cl_9"}

@asynccontextmanager
async def two_avas(settings: Settings, tmp_path: Path, clock: FakeClock) -> AsyncIterator[SandboxWorld]:
    """Wednesday 8:00am: Ava Stone (``cl_1``, 10:00am, ``ap_a``) and Ava Smith (``cl_2``, 12:00pm, ``ap_b``), both
    "Ava S." as a list would show them."""
    clock.current = at_ny(WEDNESDAY, "08:00")
    book = [b.appointment(at_ny(WEDNESDAY, "10:00"), id="ap_a", client_id="cl_1"),
            b.appointment(at_ny(WEDNESDAY, "12:00"), id="ap_b", client_id="cl_2")]
    async with small_spa_world(settings, tmp_path, clock, book, shifts=DAYS) as world:
        spa = world.spa  # the builders' second client renamed: cl_1 is Ava Stone
        spa.clients["cl_2"] = spa.clients["cl_2"].model_copy(update={"first_name": "Ava", "last_name": "Smith"})
        yield world


async def test_the_day_book_names_two_guests_with_one_first_name_and_initial_apart(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    async with two_avas(settings, tmp_path, clock) as world:
        catalog = await world.copilot.catalog()
        day = await load_day_book(world.copilot.platform, catalog, catalog.locations[0], WEDNESDAY, now=clock.current)
    named = {e.appointment_id: e.client_name for sd in day.staff_days for e in sd.entries}
    assert named == {"ap_a": "Ava Stone", "ap_b": "Ava Smith"}


async def test_the_risk_list_and_the_waitlist_tell_the_same_two_guests_apart(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    async with two_avas(settings, tmp_path, clock) as world:
        spa = world.spa
        world.copilot.risk = AllHigh()
        risk = await front_desk_asks(world, "risk today")
        for client_id in ("cl_1", "cl_2"):
            spa.create_waitlist_entry({"locationId": "loc_1", "clientId": client_id, "serviceIds": ["sv_1"],
                                       "dateFrom": WEDNESDAY.isoformat(), "dateTo": WEDNESDAY.isoformat()})
        waiting = await front_desk_asks(world, "waitlist")
    assert "Ava Stone · Service sv_1 · high (50%)" in risk and "Ava Smith · Service sv_1 · high (50%)" in risk, risk
    assert "Ava Stone · Service sv_1" in waiting and "Ava Smith · Service sv_1" in waiting, waiting
    assert "Ava S." not in risk + waiting


def test_a_whole_name_never_shows_a_phone_typed_into_the_last_name() -> None:
    known = clients(("cl_1", "Skylar", "Dubois 415-555-0101"), ("cl_2", "Skylar", "Davis"))
    names = guest_names(known, ["cl_1", "cl_2"])
    assert names["cl_1"].startswith("Skylar Dubois") and "555" not in names["cl_1"], names
    assert names["cl_2"] == "Skylar Davis" and names["cl_1"] == known["cl_1"].whole_name


def test_a_whole_name_is_the_last_names_name_words_never_a_note_or_a_bare_mark() -> None:
    known = clients(("cl_1", "Ann", "Smith DO NOT BOOK"), ("cl_2", "Ann", "Sato"), ("cl_3", "Bo", "555-0101"),
                    ("cl_4", "Bo", "."), ("cl_5", "Cy", "de la Cruz"), ("cl_6", "Cy", "Dunn"))
    names = guest_names(known, ["cl_1", "cl_2", "cl_3", "cl_4", "cl_5", "cl_6"])
    assert names["cl_1"] == "Ann Smith" and names["cl_2"] == "Ann Sato", names
    # no last name to show: told apart by id, never "Bo [phone]" or "Bo ."
    assert names["cl_3"] == "Bo (cl_3)" and names["cl_4"] == "Bo (cl_4)", names
    assert names["cl_5"] == "Cy de la Cruz" and names["cl_6"] == "Cy Dunn", names


def test_names_alike_but_for_letter_case_are_told_apart_by_id() -> None:
    known = clients(("cl_1", "Ann", "smith"), ("cl_2", "Ann", "Smith"))
    assert guest_names(known, ["cl_1", "cl_2"]) == {"cl_1": "Ann smith (cl_1)", "cl_2": "Ann Smith (cl_2)"}


def test_names_read_earlier_stand_for_a_guest_whose_record_is_not_read_now() -> None:
    # a conflict card's names come from a cache: cl_9's record cannot be read just now, so its cached name stands
    known = clients(("cl_1", "Ezra", "Ramos"), ("cl_2", "Ezra", "Rodriguez"))
    shown = {"cl_1": "Ezra R.", "cl_2": "Ezra R.", "cl_9": "Ezra R."}
    assert guest_names(known, ["cl_1", "cl_2", "cl_9"], shown=shown) == {
        "cl_1": "Ezra Ramos", "cl_2": "Ezra Rodriguez", "cl_9": "Ezra R."}
    assert guest_names({}, ["cl_1", "cl_9"], shown=shown) == {"cl_1": "Ezra R. (cl_1)", "cl_9": "Ezra R. (cl_9)"}
    assert alike_names({"cl_1": "Ann smith", "cl_2": "Ann Smith", "cl_3": "Bo"}) == {"cl_1", "cl_2"}
