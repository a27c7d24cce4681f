"""s49 (probe49b LOW): two conflict fixes that misled the desk. Equipment of a plural kind read "… and no other hot
stones is free then"; now "… are free then". A booking in the wrong room type
where the location has no room of the right type was told "Move … to a facial room at another time", a room that
does not exist at any time; now the fix says the location has none."""

from __future__ import annotations

from datetime import date

from spa_copilot.domain import Resource
from spa_copilot.engines.conflicts import ConflictKind, find_conflicts
from tests.builders import appointment, at, location, room, service, staff

D = date(2026, 12, 8)
PLAIN = service("sv_1")
FACIAL = service("sv_f", name="Facial", room_types=["facialRoom"])


def _conflicts(booked, *, resources, services=(PLAIN,)):  # noqa: ANN001
    return find_conflicts(booked, locations=[location()], guests={"cl_1": "Ava S.", "cl_2": "Bo T."},
                          staff=[staff("st_1"), staff("st_2")], resources=resources, services=list(services))


def test_a_plural_kind_of_equipment_reads_as_one_unit():
    stones = Resource(id="eq_1", location_id="loc_1", name="Stone Set", type="equipment", kind="hotStones", capacity=1)
    (found,) = _conflicts(
        [appointment(at(D, "10:00"), staff_id="st_1", resource_ids=["rs_1", "eq_1"]),
         appointment(at(D, "10:30"), staff_id="st_2", client_id="cl_2", resource_ids=["rs_2", "eq_1"])],
        resources=[room("rs_1"), room("rs_2"), stones])
    assert found.suggested_fix.endswith("and no other hot stones are free then."), found.suggested_fix


def test_a_room_type_the_location_has_none_of_is_said_so():
    booked = [appointment(at(D, "10:00"), staff_id="st_1", service_id="sv_f", resource_ids=["rs_1"])]
    (found,) = _conflicts(booked, resources=[room("rs_1")], services=[FACIAL])
    assert found.kind == ConflictKind.wrong_room_type
    assert found.suggested_fix.startswith("No room at this location is a facial room:"), found.suggested_fix
    (found,) = _conflicts(booked, resources=[room("rs_1"), room("rs_2", room_type="facialRoom")], services=[FACIAL])
    assert "facial room" in found.suggested_fix and "No room at this location" not in found.suggested_fix
