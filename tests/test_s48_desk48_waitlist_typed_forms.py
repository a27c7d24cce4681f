"""``/spa waitlist add`` takes the forms a front desk types that read one way only (probe47c): a service by its
words (``"swedish 60"``), the location after ``at`` (``at Venice``) and an open-ended window (``after 3pm``: to the
location's closing that day; ``before 1pm``: from its opening). Each new form is read as the form typed today that
says the same; a service whose words several services have, or a time outside the hours, adds nothing."""

from __future__ import annotations

import pytest

from spa_copilot.ai.schemas import shown_first_name
from spa_copilot.domain import said_clock
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack import command_parser
from spa_copilot.slack.command_parser import CommandError, parse_command, parse_waitlist_add
from tests.test_slack_payloads import slash

_ADD = 'waitlist add cl_0005 "Swedish Massage 60" '


def _read(typed: str) -> tuple[str, str, str | None, str | None, str]:
    """What ``/spa <typed>`` asks to add: the service as typed, the day, the window's ends and the location."""
    request = parse_waitlist_add(parse_command(typed).args[1:])
    return request.service_id, request.day_word, request.start, request.end, request.location


@pytest.mark.parametrize(
    ("new", "today", "start", "end"),
    [
        ("thu 2-4pm at Venice", "thu 2-4pm Venice", "14:00", "16:00"),
        ('fri 2pm-6pm at "Juniper & Salt Venice"', 'fri 2pm-6pm "Juniper & Salt Venice"', "14:00", "18:00"),
        ("Dec 3 9 - 5 at SoHo", "Dec 3 9 - 5 SoHo", "09:00", "17:00"),
        ("thu after 3pm SoHo", "thu 3pm-9pm SoHo", "15:00", None),
        ("thu after 3 pm at SoHo", "thu 3pm-9pm SoHo", "15:00", None),
        ("thu after 3 SoHo", "thu 3pm-9pm SoHo", "15:00", None),  # 3am is before any spa opens
        ("next fri before 1pm Venice", "next fri 9am-1pm Venice", None, "13:00"),
        ("thu before 15:30 at Venice", "thu 9am-15:30 Venice", None, "15:30"),
    ],
)
def test_a_new_form_reads_as_the_form_typed_today(new: str, today: str, start: str | None, end: str | None) -> None:
    service, day, typed_start, typed_end, location = _read(_ADD + today)
    assert _read(_ADD + new) == (service, day, start, end, location)
    # today's form reads as it did, both ends as typed; the one the new form names is the same
    assert typed_start is not None and typed_end is not None
    assert (start or typed_start, end or typed_end) == (typed_start, typed_end)


@pytest.mark.parametrize(
    ("window", "problem"),
    [
        ("after 7", "after 7 could be after 7am or after 7pm: type the one you mean, with am or pm"),
        ("before 10", "before 10 could be before 10am or before 10pm"),
        ("after", "after needs a time, e.g. after 3pm"),
        ("after SoHo", "SoHo is not a time: after takes one time"),
        ("after 3pm-5pm SoHo", "3pm-5pm is not a time: after takes one time"),
        ("after 3pm - 5pm SoHo", "after takes one time, e.g. after 3pm (a window is typed without it, e.g. 3pm-6pm)"),
        ("before 1pm to 2pm", "before takes one time"),
    ],
)
def test_an_open_ended_window_that_reads_several_ways_or_none_is_refused(window: str, problem: str) -> None:
    with pytest.raises(CommandError) as refused:
        _read(f"{_ADD}thu {window}")
    assert refused.value.problem.startswith(problem), refused.value.problem


_MENU = [
    "Swedish Massage 60",
    "Swedish Massage 90",
    "Deep Tissue Massage 60",
    "Four-Hands Massage 60",
    "Express Neck & Shoulders 25",
    "Scalp & Neck Ritual 30",
    "Signature Facial 60",
    "Express Facial 30",
]


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("swedish 60", ["Swedish Massage 60"]),
        ("SWEDISH-60", ["Swedish Massage 60"]),  # case and punctuation aside
        ("four hands", ["Four-Hands Massage 60"]),
        ("neck & shoulders", ["Express Neck & Shoulders 25"]),
        ("swedish", ["Swedish Massage 60", "Swedish Massage 90"]),  # several: the answer asks which
        ("facial", ["Signature Facial 60", "Express Facial 30"]),
        ("swed 60", []),  # a word is matched whole
        ("swedish 45", []),
        ("&", []),  # no word at all names nothing
        ("25", []),  # nor a number alone (rev49b: Express Neck & Shoulders 25 was taken)
        ("60 90", []),
    ],
)
def test_a_service_is_named_by_every_word_typed(typed: str, named: list[str]) -> None:
    assert command_parser.named_by_its_words(typed, _MENU) == named


async def test_the_desks_typed_forms_are_added_as_understood(world: SandboxWorld) -> None:
    client = next(c for c in world.data.clients if c.id == "cl_0005")
    soho, venice = (next(loc for loc in world.data.locations if loc.id == lid) for lid in ("loc_soho", "loc_venice"))
    swedish_60 = next(s for s in world.data.services if s.name == "Swedish Massage 60")
    closes = soho.opening_hours["thu"][1]
    for typed, location, window in [
        (f'waitlist add {client.id} "swedish 60" thu 2-4pm SoHo', soho, ("14:00", "16:00")),
        (f'waitlist add {client.id} "Swedish Massage 60" thu 2-4pm at Venice', venice, ("14:00", "16:00")),
        (f'waitlist add {client.id} "Swedish Massage 60" thu after 3pm SoHo', soho, ("15:00", closes)),
        # a time past the closing: cut to the hours as a typed window is (rev49b: it was refused)
        (f'waitlist add {client.id} "Swedish Massage 60" thu before 11:30pm SoHo', soho, tuple(soho.opening_hours["thu"])),
    ]:
        before = set(world.spa.waitlist)
        post = await slash(world, typed)
        place = location.name.replace("&", "&amp;")
        said = f"Added {shown_first_name(client.first_name)} to the waitlist at {place} for {swedish_60.name} on Thu "
        assert post.text.startswith(said), post.text
        assert f", {said_clock(window[0])}–{said_clock(window[1])} (" in post.text, post.text
        (added,) = (world.spa.waitlist[i] for i in set(world.spa.waitlist) - before)
        assert (added.location_id, added.service_ids) == (location.id, [swedish_60.id])
        assert (added.time_windows[0].start, added.time_windows[0].end) == window


async def test_many_services_or_a_time_outside_the_hours_add_nothing(world: SandboxWorld) -> None:
    soho = next(loc for loc in world.data.locations if loc.id == "loc_soho")
    opens, closes = soho.opening_hours["thu"]
    before = dict(world.spa.waitlist)
    many = await slash(world, 'waitlist add cl_0005 "massage 60" thu 2-4pm SoHo')
    count = sum({"massage", "60"} <= set(service.name.lower().split()) for service in world.data.services)
    assert count > 5 and many.text.startswith(f"massage 60 could be any of {count} services ("), many.text
    assert many.text.endswith("…): give the service's full name in quotes."), many.text
    late = await slash(world, f'waitlist add cl_0005 "Swedish Massage 60" thu after {said_clock(closes)} at SoHo')
    place = soho.name.replace("&", "&amp;")
    assert late.text.startswith(f"{place} is open {said_clock(opens)}–{said_clock(closes)} on Thu "), late.text
    assert late.text.endswith(f", so after {said_clock(closes)} is outside its hours; nothing was added."), late.text
    assert world.spa.waitlist == before
