"""Staff-eye review (seed 7, 2000 clients, 3 Dec): Hana's briefing said "Skylar D. (3:00pm)" and "Skylar D. (4:45pm)"
while the day book (``/spa today``) said "Skylar Dubois" and "Skylar Davis". Guests whose first name and last initial
are alike are now named by their whole names on every briefing screen, as the day book names them; their time is
added only when the whole names are alike too."""

from __future__ import annotations

from spa_copilot.briefings import send_prep_briefings
from spa_copilot.domain import Client
from spa_copilot.engines import briefing as engine
from spa_copilot.reads import guest_names
from spa_copilot.sandbox.world import SandboxWorld
from tests.brief_scene import two_siobhans
from tests.builders import client, location
from tests.test_brief_couples_names import DAY, STAFF, booking, brief, line, morning


def guest(client_id: str, last_name: str, start: str, first_name: str = "Skylar") -> tuple[Client, engine.GuestBrief]:
    person = client(client_id, first_name=first_name, last_name=last_name)
    appointment = booking(line("l1", "sv_swedish", "st_ana", start), appointment_id=f"ap_{client_id}_{start}",
                          client_id=client_id)
    return person, brief(appointment, "st_ana", person)


def named(*guests: engine.GuestBrief) -> list[str]:
    return [g.first_name for g in engine.therapist_briefing(STAFF["st_ana"], location(), DAY, guests).guests]


def test_two_guests_of_one_name_and_initial_are_named_by_their_whole_names_as_the_day_book_names_them() -> None:
    (dubois, a), (davis, b) = guest("cl_dubois", "Dubois", "15:00"), guest("cl_davis", "Davis", "16:45")
    assert named(a, b) == ["Skylar Dubois", "Skylar Davis"]
    book = guest_names({c.id: c for c in (dubois, davis)}, [dubois.id, davis.id])
    assert named(a, b) == [book[dubois.id], book[davis.id]]
    text = morning([a, b])
    assert "*Skylar Dubois*" in text and "*Skylar Davis*" in text and "Skylar D." not in text


def test_only_those_alike_by_initial_get_whole_names_and_only_those_alike_in_full_get_their_time() -> None:
    a, b, c = (guest(cid, last, start)[1] for cid, last, start in
               (("cl_dubois", "Dubois", "10:00"), ("cl_davis", "Davis", "12:00"), ("cl_moore", "Moore", "14:00")))
    assert named(a, b, c) == ["Skylar Dubois", "Skylar Davis", "Skylar M."]
    twin = guest("cl_other_davis", "Davis", "16:45")[1]  # two different guests of one whole name
    assert named(b, twin) == ["Skylar Davis (12:00pm)", "Skylar Davis (4:45pm)"]
    again = guest("cl_davis", "Davis", "16:45")[1]  # the same guest booked twice is one guest
    assert named(b, again) == ["Skylar", "Skylar"]


def test_a_last_name_with_a_phone_typed_in_is_masked_in_the_whole_name() -> None:
    a = guest("cl_dubois", "Dubois 415-555-0101", "15:00")[1]
    b = guest("cl_davis", "Davis", "16:45")[1]
    first, second = named(a, b)
    assert first.startswith("Skylar Dubois") and "555" not in first and second == "Skylar Davis"


def test_the_prep_dm_and_its_updates_use_the_whole_name_among_the_therapists_other_guests() -> None:
    davis = ("cl_davis", "Skylar", "Skylar D.", "Skylar Davis")
    assert engine.named_among("cl_dubois", "Skylar", "Skylar D.", [davis], whole="Skylar Dubois") == "Skylar Dubois"
    assert engine.named_among("cl_dubois", "Skylar", "Skylar D.", [davis]) == "Skylar D."  # no whole name: as before
    moore = ("cl_moore", "Skylar", "Skylar M.", "Skylar Moore")
    assert engine.named_among("cl_dubois", "Skylar", "Skylar D.", [moore], whole="Skylar Dubois") == "Skylar D."


async def test_a_prep_dm_names_a_guest_by_her_whole_name_beside_a_namesake_of_one_initial(world: SandboxWorld) -> None:
    due, later = await two_siobhans(world)
    namesake = world.spa.clients[later.client_id]
    world.spa.clients[namesake.id] = namesake.model_copy(update={"last_name": "Kane"})
    assert due.id in await send_prep_briefings(world.copilot)
    [dm] = [m for m in world.slack.messages(world.slack_id(due.staff_ids[0])) if "Siobhan" in m.text]
    assert ": Siobhan Kelly" in dm.text and "Siobhan K." not in dm.text, dm.text
