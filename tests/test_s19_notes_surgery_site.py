"""A surgery's caution says where, and no longer says "recent" of a surgery the notes do not date.

A staff-eye review: "Had knee surgery on the left side, keep away from the knee" briefed a therapist "⚠ recent surgery:
keep clear of the surgical area" and nothing else: "keep away from the knee" was no avoid cue, so the Avoid line was
empty and the caution named no place, and "recent" was the copilot's word, not the note's (the reader drops a surgery
dated long ago and keeps the rest, dated recently or not at all).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.ai.vocabulary import caution_line, spoken
from spa_copilot.domain import Appointment, AppointmentStatus, ServiceLine
from spa_copilot.engines import briefing as engine
from tests.builders import at, client, location, service, staff

DAY = date(2026, 11, 24)
KNEE = "Had knee surgery on the left side, keep away from the knee"


def read(note: str) -> dict[str, list[str]]:
    profile = extract_profile_offline(note, today=DAY)
    return {field: values for field in ("avoid_areas", "focus_areas", "contraindications")
            if (values := profile.values(field))}


# ---------------------------------------------------------------------------------------------------
# The reader: the missing avoid cues


def test_keep_away_from_the_knee_keeps_the_knee_off_beside_the_surgery() -> None:
    assert read(KNEE) == {"avoid_areas": ["knees"], "contraindications": ["recentSurgery"]}


@pytest.mark.parametrize("note, area", [
    ("keep away from the knee", "knees"),
    ("Keeping away from the neck", "neck"),
    ("stay off the left hip", "hips"),
    ("dont touch the feet", "feet"),
    ("Please keep away from her lower back", "lowerBack"),
])
def test_each_new_cue_keeps_its_area_off(note: str, area: str) -> None:
    assert read(note) == {"avoid_areas": [area]}


@pytest.mark.parametrize("note, expected", [
    ("keep away from her daughter", {}),  # no area
    ("no pressure on the knee", {"avoid_areas": ["knees"]}),  # as before
    ("Had knee surgery in 2015", {}),  # long ago: still dropped
    ("kept away from the neck last time", {}),  # what was done, no instruction
    ("stays away from the neck", {}),
    ("keep away from the knee but the feet are fine", {"avoid_areas": ["knees"]}),  # a "but" ends its reach
    ("Had knee surgery in 2015, keep away from the knee", {"avoid_areas": ["knees"]}),
    ("stay away from the knee", {"avoid_areas": ["knees"]}),  # the existing cue, unchanged
])
def test_the_neighbours_read_as_before(note: str, expected: dict[str, list[str]]) -> None:
    assert read(note) == expected


@pytest.mark.parametrize("frame", [
    "{cue} the knee",
    "her husband says {cue} the knee",
    "no need to {cue} the knee",
    "{cue} the knee, focus on the neck",
    "Shoulders are tight but {cue} the knee",
])
def test_keep_away_from_is_read_as_stay_away_from_is(frame: str) -> None:
    """The same care as the existing cue in each setting (someone else, a negation, a list, a "but")."""
    assert read(frame.format(cue="keep away from")) == read(frame.format(cue="stay away from"))


# ---------------------------------------------------------------------------------------------------
# How the caution is said


def test_surgery_and_injectables_are_said_without_an_invented_recent() -> None:
    assert spoken("recentSurgery") == "surgery"
    assert spoken("recentInjectables") == "injectables"
    assert caution_line("recentSurgery") == "surgery: keep clear of the surgical area"
    assert spoken("lowerBack") == "lower back"  # other names as before


SWEDISH = service("sv_swedish", name="Swedish Massage 60")


def guest(note: str) -> engine.GuestBrief:
    begin = at(DAY, "15:15")
    booked = Appointment(
        id="ap_1", location_id="loc_1", client_id="cl_1", status=AppointmentStatus.confirmed, start_at=begin,
        end_at=begin + timedelta(minutes=60),
        services=[ServiceLine(id="l1", service_id=SWEDISH.id, service_name=SWEDISH.name, staff_id="st_ana",
                              start_at=begin, end_at=begin + timedelta(minutes=60))],
    )
    return engine.guest_brief(booked, "st_ana", client=client(first_name="Maya", notes=note),
                              profile=extract_profile_offline(note, today=DAY), services={SWEDISH.id: SWEDISH},
                              resources={}, staff={"st_ana": staff("st_ana", first_name="Ana")}, location=location())


def test_the_briefing_says_where_the_surgery_is_and_avoids_the_knee() -> None:
    brief = guest(KNEE)
    assert brief.allergies == ("surgery (left knee): keep clear of the surgical area",)
    assert "Avoid: knees" in brief.preferences


@pytest.mark.parametrize("note, line", [
    # its name says the area when dated lately (brief52); undated, no site and the pointer (brief sites52, rev52g H1)
    ("Had a C-section 3 weeks ago", "surgery (abdomen): keep clear of the surgical area"),
    ("Had a C-section", "surgery: keep clear of the surgical area — check the notes, or ask the guest where"),
    ("Botox last month, avoid forehead", "injectables (forehead): no pressure on treated areas"),
    ("Had surgery on her shoulder, loves deep work on the back", "surgery (shoulder): keep clear of the surgical area"),
    ("Rotator cuff surgery on right shoulder", "surgery (right shoulder): keep clear of the surgical area"),
    # names no area: the therapist is told to ask where (brief52, brief52m)
    ("Surgery last month, lying on her back is fine",
     "surgery: keep clear of the surgical area — check the notes, or ask the guest where"),
    ("Pregnant, 20 weeks. Had knee surgery", "pregnancy: prenatal positioning, no hot stones"),
])
def test_the_caution_names_the_area_only_where_its_words_do(note: str, line: str) -> None:
    assert line in guest(note).allergies


def test_the_client_card_says_it_as_the_briefing_does() -> None:
    profile = extract_profile_offline(KNEE, today=DAY)
    assert engine.allergies(client(notes=KNEE), profile) == ["surgery (left knee): keep clear of the surgical area"]
