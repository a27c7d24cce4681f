"""A burst's lone conflict of a day keeps its card (with Acknowledge / Snooze) rather than a summary of one; a
summary left with one conflict reads "1 conflict … to see it"; two guests of one card who would both read "Ezra R."
are told apart on that card, and only there."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from spa_copilot import alerts
from spa_copilot.domain import Location
from spa_copilot.engines.conflicts import Conflict, ConflictKind
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack import blocks, ids
from spa_copilot.slack.views_models import ConflictState, ConflictView

from .conftest import DAY, NOW

SOHO = Location(id="loc_x", name="SoHo", time_zone="America/New_York", opening_hours={})


def clash(n: int, day: date) -> Conflict:
    start = datetime(day.year, day.month, day.day, 15, tzinfo=UTC) + timedelta(minutes=n)
    return Conflict(ConflictKind.staff_double_booked, (f"ap_{n}a", f"ap_{n}b"), ("st_1",), (), start,
                    start + timedelta(hours=1), "two at once", "move one")


def test_a_bursts_lone_conflict_of_a_day_keeps_its_card_and_days_with_several_are_summed_up() -> None:
    today, tomorrow = DAY, DAY + timedelta(days=1)
    busy = [clash(n, today) for n in range(6)]
    lone = clash(9, tomorrow)
    cards, summed = alerts.burst_split([*busy, lone], SOHO, 5)
    assert cards == [lone] and summed == busy
    assert alerts.burst_split(busy[:5], SOHO, 5) == (busy[:5], [])  # no burst: a card each, as before
    # a resync finding one a day over many days: more lone days than the threshold are summed up too
    spread = [clash(n, today + timedelta(days=n)) for n in range(7)]
    assert alerts.burst_split([*busy, *spread[1:]], SOHO, 5) == ([], [*busy, *spread[1:]])
    assert alerts.burst_split(spread, SOHO, 5) == ([], spread)


def test_a_summary_of_one_conflict_says_to_see_it() -> None:
    view = ConflictView(conflict_id="k", kind="staff_double_booked", title="Staff double-booked", detail="two at once",
                        fix="", severity="critical", starts_at=NOW, time_zone="America/New_York", appointment_ids=(),
                        location_name="SoHo", zones_labelled=False, state=ConflictState.open)
    one = json.dumps(blocks.conflict_burst_message([view], day=DAY).to_kwargs())
    assert "to see it." in one and "them one by one" not in one
    assert "to see them one by one." in json.dumps(blocks.conflict_burst_message([view] * 2, day=DAY).to_kwargs())


def _front_desk(world: SandboxWorld) -> list:
    return world.slack.messages(world.settings.spa_front_desk_channel)


async def test_a_burst_posts_a_days_lone_conflict_as_a_card_that_resolves_like_any_other(world: SandboxWorld) -> None:
    copilot = world.copilot
    catalog = await copilot.catalog()
    days = [DAY, DAY + timedelta(days=1)]
    found = await alerts.location_conflicts(copilot, catalog, catalog.locations[0], days)
    location = catalog.locations[0]
    by_day: dict[str, list[Conflict]] = {}
    for conflict in found.conflicts:
        by_day.setdefault(alerts._day_of(conflict, location), []).append(conflict)
    several = next(members for members in by_day.values() if len(members) >= 2)
    lone = next(members[0] for day, members in by_day.items() if members is not several)
    new = [*several, lone]
    copilot.settings = copilot.settings.model_copy(update={"alert_burst_threshold": len(new) - 1})
    report = await alerts.reconcile(copilot, location, new, days=days, now=NOW)
    assert report.summaries == 1 and sorted(report.posted) == sorted(c.key for c in new)
    messages = _front_desk(world)
    assert len(messages) == 2
    card = next(m for m in messages if ids.ACK_CONFLICT in json.dumps(m.blocks))
    assert lone.appointment_ids[0] in json.dumps(card.blocks) and ids.SNOOZE_CONFLICT in json.dumps(card.blocks)
    rows = {c.key: copilot.store.alert(c.key) for c in new}
    assert not rows[lone.key].grouped and all(rows[c.key].grouped for c in several)  # type: ignore[union-attr]
    # posted once: the same conflicts again cost nothing
    again = await alerts.reconcile(copilot, location, new, days=days, now=NOW)
    assert not again.posted and len(_front_desk(world)) == 2
    # the lone one fixed: its card is resolved in place; one of the summed-up ones fixed: the summary redrawn
    left = several[1:]
    done = await alerts.reconcile(copilot, location, left, days=days, now=NOW + timedelta(minutes=5))
    assert sorted(done.resolved) == sorted([lone.key, several[0].key]) and not done.failed
    resolved = world.slack.message(card.channel, card.ts)
    assert resolved is not None and resolved.edited and ids.ACK_CONFLICT not in json.dumps(resolved.blocks)
    assert copilot.store.alert(lone.key).status == alerts.RESOLVED  # type: ignore[union-attr]
    summary = next(m for m in messages if m is not card)
    redrawn = world.slack.message(summary.channel, summary.ts)
    assert redrawn is not None and redrawn.edited
    assert ("to see it." if len(left) == 1 else "to see them one by one.") in json.dumps(redrawn.blocks)
    assert len(_front_desk(world)) == 2


async def test_two_guests_of_one_card_who_read_alike_are_named_apart_on_that_card_only(world: SandboxWorld) -> None:
    spa = world.spa
    book = spa.appointments
    rodriguez, ramos = book["ap_p05"].client_id, book["ap_p06"].client_id  # three hot-stone massages, two sets
    rivera = book["ap_p01"].client_id  # another card: a therapist booked twice
    assert len({rodriguez, ramos, rivera, book["ap_p07"].client_id, book["ap_p02"].client_id}) == 5
    for client_id, last in ((rodriguez, "Rodriguez"), (ramos, "Ramos"), (rivera, "Rivera")):
        spa.clients[client_id] = spa.clients[client_id].model_copy(update={"first_name": "Ezra", "last_name": last})
    copilot = world.copilot
    catalog = await copilot.catalog()
    texts: dict[str, str] = {}
    for location in catalog.locations:
        found = await alerts.location_conflicts(copilot, catalog, location, [DAY, DAY + timedelta(days=1)])
        texts |= {aid: c.message for c in found.conflicts for aid in c.appointment_ids}
    stones = texts["ap_p05"]
    assert "(Ezra Rodriguez)" in stones and "(Ezra Ramos)" in stones and "Ezra R.)" not in stones, stones
    assert "(Ezra R.)" in texts["ap_p01"], texts["ap_p01"]  # alone on its card: as the front desk knows her
    # names read once are used again (the cache keeps short names): a second pass words the card the same
    again = await alerts.location_conflicts(copilot, catalog, catalog.locations[0], [DAY, DAY + timedelta(days=1)])
    assert all(c.message == texts[c.appointment_ids[0]] for c in again.conflicts if c.appointment_ids[0] in texts)
