"""s49 (probe46a HIGH): a guest's notes saying an allergy is grave after the therapist's prep DM ("Latex allergy" →
"SEVERE latex allergy - anaphylaxis, carries EpiPen") reached the briefing preview but not her: what she was told was
digested by the allergies' names alone. The digest now holds, masked under the key, a token per allergy the DM says
is grave (``said_digest``), and a DM built now saying SEVERE of one hers did not is told ("… has new guest details"). A reading
no longer saying SEVERE is not told by itself (``says_more``), nor is SEVERE coming back after it; a digest kept before
the tokens tells nothing of how grave (no update to every guest with a grave allergy on the day of the upgrade)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from spa_copilot.ai.extraction import alerts_with_cautions, extract_profile_offline
from spa_copilot.domain import Alert
from spa_copilot.engines import briefing as engine
from tests.builders import appointment, client
from tests.test_soak_days import DAY1, NY, SOHO, at, dms, soak_day

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

PLAIN = "Latex allergy - nitrile gloves only."
GRAVE = "SEVERE latex allergy - anaphylaxis, carries EpiPen. Nitrile gloves only."


def _said(notes: str, key: bytes = b"k", *, alert: str = "", client_id: str = "cl_1") -> str:
    guest = client(client_id, notes=notes, alerts=[Alert(text=alert, severity="critical")] if alert else [])
    booked = appointment(datetime(2026, 12, 1, 15, tzinfo=UTC), id="ap_1", client_id=client_id)
    return engine.said_digest(guest, extract_profile_offline(notes, today=date(2026, 12, 1)), booked, key=key)


def _more(told: str, now: str) -> bool:
    return engine.says_more(told, now, key=b"k", client_id="cl_1")


@pytest.mark.parametrize(
    ("told", "now", "more"),
    [
        (PLAIN, GRAVE, True),  # SEVERE now said of latex
        (PLAIN, "Latex allergy - went into anaphylaxis last time, carries epi pen! Nitrile gloves only.", True),
        (PLAIN, "Latex allergy. Carries an EpiPen.", True),
        (GRAVE, PLAIN, False),  # no longer read as grave: what she has errs on the side of care
        (GRAVE, "Anaphylactic to latex, carries EpiPen; nitrile gloves only!", False),  # reworded, as grave
        (PLAIN, "latex allergy: nitrile gloves only", False),  # the same words
        (PLAIN, "Latex allergy - nitrile gloves only. Nut allergy.", True),  # another allergy
        (GRAVE, "SEVERE latex allergy - anaphylaxis, carries EpiPen. Nut allergy.", True),
        ("Peanut allergy", "NO PEANUTS ANAPHYLAXIS", True),  # rev49c: the "no" keeps the peanuts away, denies nothing
        ("Peanut allergy", "Peanut allergy, no EpiPen needed", False),
    ],
)
def test_a_dm_built_now_says_more_when_it_says_severe_of_an_allergy_hers_did_not(told, now, more):
    assert _more(_said(told), _said(now)) is more


def test_an_allergy_the_spas_alert_already_says_is_grave_is_not_told_again_when_the_notes_say_so_too():
    alert = "SEVERE LATEX ALLERGY - EPIPEN"  # rev49a: an update with nothing new in it
    assert not _more(_said(PLAIN, alert=alert), _said(GRAVE, alert=alert))
    assert _more(_said(PLAIN, alert="Latex allergy - not severe"), _said(GRAVE, alert="Latex allergy - not severe"))


def test_an_alert_denying_gravity_beside_notes_saying_it_keeps_both():
    lines, _ = alerts_with_cautions(["Latex allergy - not severe"], ["latex"], today=date(2026, 12, 1), severe=["latex"])
    assert "SEVERE in the notes" in lines[0]  # rev49a: the update showed the alert's "not severe" alone
    lines, _ = alerts_with_cautions(["Latex allergy - anaphylactic"], ["latex"], today=date(2026, 12, 1), severe=["latex"])
    assert "SEVERE in the notes" not in lines[0]  # the alert says so in its own words


def test_the_severe_part_tells_nothing_without_the_key():
    none, grave = _said(PLAIN).partition("/")[2], _said(GRAVE).partition("/")[2]
    assert len(none) == len(grave) and none != grave  # whether she has a grave allergy is not told by its length
    other = _said(GRAVE, client_id="cl_2").partition("/")[2]
    assert other != grave  # nor whether two guests share one (rev49a: the same token for every grave latex allergy)
    assert "latex" not in _said(GRAVE).lower()
    assert _said(GRAVE, key=b"other").partition("/")[2] != grave
    # rev49c: two of her rows saying anything else differently do not share a pad (XORed, they would give the plain)
    assert _said(PLAIN).partition("/")[2] != _said(PLAIN + " Nut allergy.").partition("/")[2]


def test_a_digest_kept_before_the_severe_part_is_compared_by_the_rest_only():
    old_keyed = _said(PLAIN).partition("/")[0]  # as a told record written before this change holds it
    assert not _more(old_keyed, _said(GRAVE))  # how grave was not kept: nothing told of it
    assert _more(old_keyed, _said(PLAIN + " Nut allergy."))  # another allergy still is
    assert _more("", _said(PLAIN))  # no digest kept at all
    unreadable = _said(PLAIN)[:-4] + "zzzz"
    assert _more(unreadable, _said(GRAVE)) and not _more(unreadable, _said(PLAIN))  # read as saying none grave


@pytest.fixture
async def day(tmp_path: Path, settings) -> Any:
    async with soak_day(tmp_path, settings, night_until="09:00") as soak:
        yield soak


async def test_an_allergy_said_grave_after_the_prep_dm_is_told_once(day):
    soak, world, spa = day, day.world, day.spa
    appt = soak.pick(SOHO, DAY1, "11:30", "13:00")
    guest, sid = spa.clients[appt.client_id], appt.services[0].staff_id
    spa.clients[guest.id] = guest.model_copy(update={"notes": PLAIN})
    await soak.driver.run_until(at(NY, DAY1, "11:10"))  # its prep DM went

    def updates() -> list[str]:
        return [
            f"{m.text}\n{m.blocks}"
            for m in dms(world, sid)
            if m.text.startswith("Update") and guest.first_name in m.text
        ]

    prep = [m for m in dms(world, sid) if m.text.startswith("Coming up") and guest.first_name in m.text]
    assert prep and "SEVERE" not in f"{prep[0].text}{prep[0].blocks}" and not updates()
    spa.clients[guest.id] = spa.clients[guest.id].model_copy(update={"notes": GRAVE})
    await soak.driver.run_until(at(NY, DAY1, "11:20"))
    assert len(updates()) == 1 and "has new guest details" in updates()[0] and "SEVERE latex" in updates()[0]
    spa.clients[guest.id] = spa.clients[guest.id].model_copy(update={"notes": PLAIN})  # no longer read as grave
    await soak.driver.run_until(at(NY, DAY1, "11:30"))
    spa.clients[guest.id] = spa.clients[guest.id].model_copy(update={"notes": GRAVE})  # and grave again
    await soak.driver.run_until(at(NY, DAY1, "11:40"))
    assert len(updates()) == 1, updates()
