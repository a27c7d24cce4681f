"""The notes reader's preferences read in context: music is not a pressure, a drink is not a scent, someone else's
preference is not the guest's, a pressure limit on an area does not keep the area off."""

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

TODAY = date(2026, 12, 3)


def read(note: str, field: str) -> list[str]:
    return extract_profile_offline(note, today=TODAY).values(field)


@pytest.mark.parametrize(
    ("note", "pressure"),
    [
        ("Soft jazz, medium pressure.", ["medium"]),
        ("Likes soft jazz and firm pressure.", ["firm"]),
        ("Firm pressure, soft jazz.", ["firm"]),
        ("Soft music, firm pressure.", ["firm"]),
        ("Prefers firm pressure and soft music.", ["firm"]),
        ("Heavy metal, light pressure.", ["light"]),
        ("Deep house, medium pressure.", ["medium"]),
        ("Soft rock, firm pressure please.", ["firm"]),
    ],
)
def test_music_beside_a_pressure_word_is_not_a_pressure(note: str, pressure: list[str]) -> None:
    assert read(note, "pressure") == pressure


def test_soft_jazz_is_still_jazz_and_soft_pressure_still_light() -> None:
    assert read("Soft jazz, medium pressure.", "music") == ["jazz"]
    assert read("Soft pressure, jazz.", "pressure") == ["light"]
    assert read("Light pressure, light jazz.", "pressure") == ["light"]


@pytest.mark.parametrize(
    "note",
    [
        "likes water w/ lemon",
        "Likes water with lemon afterwards.",
        "Water with a slice of lemon after.",
        "Wants lemon in her water.",
        "Tea with honey and lemon.",
        "Lemon and honey tea.",
        "Loves a lavender latte.",
        "Vanilla cookies at checkout.",
    ],
)
def test_a_drink_or_a_food_is_not_a_scent(note: str) -> None:
    profile = extract_profile_offline(note, today=TODAY)
    assert profile.values("scent") == [] and profile.values("avoid_scents") == []


def test_a_scent_beside_a_drink_is_still_read() -> None:
    assert read("Likes lavender, water with lemon after.", "scent") == ["lavender"]
    assert read("Prefers citrus scent and lemon water.", "scent") == ["citrus"]
    assert read("Lavender oil with hot towels.", "scent") == ["lavender"]
    assert read("No lemon in her water.", "avoid_scents") == []


def test_a_drink_does_not_hide_a_scent_allergy() -> None:
    profile = extract_profile_offline("Allergic to lemon. Likes water w/ lemon.", today=TODAY)
    assert profile.values("allergies") == ["essentialOils"] and profile.values("scent") == []
    assert read("Lavender latte gives her hives.", "allergies") == ["essentialOils"]


@pytest.mark.parametrize(
    ("note", "field"),
    [
        ("Booked with her husband; he prefers deep tissue.", "pressure"),
        ("Booked with her husband. He prefers deep tissue.", "pressure"),
        ("Couples massage w/ husband; he wants deep tissue.", "pressure"),
        ("Booked with her husband; he prefers lavender.", "scent"),
        ("Came with his wife; she prefers lavender.", "scent"),
    ],
)
def test_a_he_or_she_after_her_husband_or_his_wife_is_not_the_guest(note: str, field: str) -> None:
    assert read(note, field) == []


def test_the_guest_after_another_person_keeps_her_preferences_and_cautions() -> None:
    assert read("Referred by her mom. She likes firm pressure.", "pressure") == ["firm"]
    assert read("Her husband booked for her. She prefers firm pressure.", "pressure") == ["firm"]
    assert read("Came with his wife; he prefers lavender.", "scent") == ["lavender"]
    assert read("Booked with her husband; he prefers no fragrance.", "scent") == ["unscented"]


@pytest.mark.parametrize(
    "note", ["Nothing deep on the back.", "Nothing too deep on the back please.", "Nothing firm on the neck."]
)
def test_nothing_deep_on_an_area_does_not_keep_the_area_off(note: str) -> None:
    profile = extract_profile_offline(note, today=TODAY)
    assert profile.values("avoid_areas") == [] and profile.values("focus_areas") == []


@pytest.mark.parametrize(
    ("note", "area"),
    [
        ("Prefers deep pressure. Nothing deep on the back.", "back"),
        ("Nothing deep on the back. Prefers DT", "back"),
        ("Deep tissue. Nothing deep on the lower back - herniated disc", "lowerBack"),
        ("Prefers firm pressure, nothing too firm on the neck", "neck"),
        ("Likes deep pressure overall; nothing deep on the legs (varicose veins)", "legs"),
    ],
)
def test_a_level_kept_off_an_area_is_not_lost_when_that_level_is_asked_everywhere(note: str, area: str) -> None:
    # the briefing said "Pressure: deep" and nothing about the area: the therapist would go deep there too
    profile = extract_profile_offline(note, today=TODAY)
    assert area in profile.values("avoid_areas")
    assert profile.values("pressure") in (["deep"], ["firm"])


@pytest.mark.parametrize(
    "note", ["Pressure: firm. Nothing deep on the abdomen.", "Nothing firm on the neck; prefers medium."]
)
def test_a_level_kept_off_an_area_below_the_pressure_asked_keeps_nothing_off(note: str) -> None:
    assert read(note, "avoid_areas") == []


def test_no_deep_work_on_an_area_still_keeps_it_off() -> None:
    assert read("Had a DVT in 2019, now on Eliquis. No deep work on legs.", "avoid_areas") == ["legs"]
    assert read("Nothing on the back.", "avoid_areas") == ["back"]


@pytest.mark.parametrize(
    ("note", "pressure"),
    [
        ("Avoid deep pressure.", []),
        ("Avoid deep tissue, prefers medium.", ["medium"]),
        ("Skip deep tissue today.", []),
        ("Avoids firm pressure.", []),
        ("Avoid deep pressure on the back.", []),
    ],
)
def test_a_pressure_to_avoid_is_not_the_pressure_liked(note: str, pressure: list[str]) -> None:
    assert read(note, "pressure") == pressure


def test_avoid_deep_work_on_an_area_keeps_the_area_off_rather_than_giving_deep() -> None:
    assert read("Corn sensitivity - avoid deep work on feet", "avoid_areas") == ["feet"]
    assert read("Corn sensitivity - avoid deep work on feet", "pressure") == []


@pytest.mark.parametrize(
    "note",
    [
        "Back and forth about rescheduling, likes neck work.",
        "Neck is always tight from driving back and forth.",
        "Came back from vacation, sore neck.",
        "Coming back in two weeks, focus neck.",
        "Will call back, tight neck.",
        "Books back-to-back sessions, focus on neck.",
    ],
)
def test_back_as_an_adverb_is_not_the_back(note: str) -> None:
    assert read(note, "focus_areas") == ["neck"]


def test_the_back_itself_is_still_read() -> None:
    assert read("Tight back and neck.", "focus_areas") == ["back", "neck"]
    assert read("Came back with a sore back.", "focus_areas") == ["back"]
    assert read("Could be back spasms, focus there.", "focus_areas") == ["back"]


@pytest.mark.parametrize(
    ("note", "pressure"),
    [
        ("Soft lighting, firm pressure.", ["firm"]),
        ("Light sleeper, firm pressure.", ["firm"]),
        ("Soft voice please, firm pressure.", ["firm"]),
        ("Soft spoken, firm pressure.", ["firm"]),
        ("Heavy blanket, light pressure.", ["light"]),
    ],
)
def test_a_thing_after_a_level_word_is_not_a_pressure(note: str, pressure: list[str]) -> None:
    assert read(note, "pressure") == pressure


def test_soft_touch_is_still_light() -> None:
    assert read("Soft touch, jazz.", "pressure") == ["light"]


@pytest.mark.parametrize(
    ("note", "pressure"),
    [
        ("Prefers DT.", ["deep"]),
        ("Pressure: DT", ["deep"]),
        ("Likes DT massage.", ["deep"]),
        ("Wants DT on back.", ["deep (back)"]),
        ("Prefers DT due to knots.", ["deep"]),
    ],
)
def test_dt_is_deep_tissue(note: str, pressure: list[str]) -> None:
    assert read(note, "pressure") == pressure


@pytest.mark.parametrize(
    "note", ["No massage dt pregnancy.", "No massage DT pregnancy.", "prefers dt.", "Doesn't want DT.", "Prefers DTLA."]
)
def test_dt_alone_lower_case_or_denied_is_no_pressure(note: str) -> None:
    assert read(note, "pressure") == []


@pytest.mark.parametrize(
    "note",
    [
        "Lemon ginger tea after.",
        "Lemon-ginger tea.",
        "Peppermint iced tea.",
        "Water with cucumber and lemon.",
        "Likes the citrus infused water.",
    ],
)
def test_more_drinks_are_not_scents(note: str) -> None:
    assert read(note, "scent") == []


@pytest.mark.parametrize("note", ["Needs a room to cool down in after.", "Room cool down after the steam."])
def test_a_room_to_cool_down_in_is_not_a_cool_room(note: str) -> None:
    assert read(note, "temperature") == []


def test_a_cool_room_is_still_cool() -> None:
    assert read("Likes a cool room.", "temperature") == ["cool"]
    assert read("Keep the room cooler please.", "temperature") == ["cool"]


@pytest.mark.parametrize(
    ("note", "pressure"),
    [
        ("Pressure: light - music: jazz", ["light"]),
        ("Pressure: deep - music: none", ["deep"]),
        ("Pressure light - music soft", ["light"]),
        ("Pressure: strong - rock music", ["firm"]),
        ("Pressure: gentle - lights dim", ["light"]),
        ("Pressure: light - candles ok", ["light"]),
    ],
)
def test_a_pressure_before_a_lists_dash_is_kept_whatever_follows(note: str, pressure: list[str]) -> None:
    assert read(note, "pressure") == pressure


@pytest.mark.parametrize(
    ("note", "scent"),
    [
        ("Loves eucalyptus and water after", ["eucalyptus"]),
        ("Loves lavender with water after", ["lavender"]),
        ("Aromatherapy: citrus - lemon water", ["citrus"]),
    ],
)
def test_a_scent_beside_a_drink_but_not_in_it_is_kept(note: str, scent: list[str]) -> None:
    assert read(note, "scent") == scent


def test_the_guest_named_after_the_other_persons_preference_keeps_hers() -> None:
    note = "Booked with her husband; he prefers firm, she wants light pressure"
    assert read(note, "pressure") == ["light"]


@pytest.mark.parametrize(
    "note", ["No lavender in her water or oils.", "Dislikes lavender latte smell.", "No lemon in her tea or lotion."]
)
def test_a_scent_kept_off_a_drink_and_the_room_is_still_avoided(note: str) -> None:
    assert read(note, "avoid_scents") in (["lavender"], ["citrus"])
