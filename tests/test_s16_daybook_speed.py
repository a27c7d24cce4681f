"""How many readings the day book's caution marking makes (``reads.ruled_out_of`` → ``cautions.booking_ruled_out``),
counted, never timed (the times are ``benchmarks/daybook.py``'s). The day book is built again at each ``/spa today``
and App Home view: each text (a guest's notes, the spa's alerts, the booking's own note) is read by the offline
lexicon once, and a guest whose booked services have no contraindications is not read at all. Until this change the
booking's note was read anew at every view (200 bookings with 1-2 KB booking notes: 1.6-3.3 s a view, 7-17 ms now)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

import pytest

from spa_copilot.domain import Alert, Appointment
from spa_copilot.engines import cautions
from spa_copilot.reads import Catalog, ruled_out_of
from tests.builders import appointment, at, client, location, service

DAY = date(2026, 12, 8)
NOW = at(DAY, "05:00")
HOT_STONE = service("sv_hot", name="Hot Stone Massage 90", contraindications=["Pregnancy", "Hypertension"])
SWEDISH = service("sv_swe", name="Swedish Massage 60")
CATALOG = Catalog([location()], [], [HOT_STONE, SWEDISH], [])
WARNING = "Hot Stone Massage 90 is contraindicated for this guest: pregnancy"

ANA = client("cl_ana", first_name="Ana", notes="Firm pressure. Pregnant, 20 weeks.",
             alerts=[Alert(text="Runs cold: extra blanket")])
BEA = client("cl_bea", first_name="Bea", notes="Likes lavender; no talking. " * 40)  # a Swedish only: never read
CARA = client("cl_cara", first_name="Cara", notes="Prefers the quiet room.")  # the caution is on the booking
CLIENTS = {c.id: c for c in (ANA, BEA, CARA)}


def booked(id: str, client_id: str, service_id: str, hhmm: str, notes: str = "") -> Appointment:
    return appointment(at(DAY, hhmm), 90, id=id, client_id=client_id, service_id=service_id, notes=notes)


BOOK = [
    booked("ap_1", ANA.id, HOT_STONE.id, "09:00", notes="Gift card from her husband"),
    booked("ap_2", ANA.id, HOT_STONE.id, "14:00", notes="Gift card from her husband"),  # the same words: read once
    booked("ap_3", BEA.id, SWEDISH.id, "10:00", notes="Birthday treat"),
    booked("ap_4", CARA.id, HOT_STONE.id, "11:00", notes="She is pregnant, 24 weeks (called 2 Dec)"),
]


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Each text the offline lexicon reads for the marking, counted; the remembered readings start empty."""
    counted: Counter[str] = Counter()
    real = cautions.extract_profile_offline

    def counting(text: str, **kwargs: object) -> object:
        counted[text] += 1
        return real(text, **kwargs)

    cautions._read_safety.cache_clear()
    monkeypatch.setattr(cautions, "extract_profile_offline", counting)
    yield counted
    cautions._read_safety.cache_clear()  # nothing read through the counter stays remembered for other tests


def marked(found: dict[str, list[cautions.RuledOut]]) -> dict[str, list[str]]:
    return {aid: [r.sentence for r in ruled] for aid, ruled in found.items()}


def test_each_text_is_read_once_and_a_guest_with_nothing_to_rule_out_not_at_all(reads: Counter[str]) -> None:
    found = ruled_out_of(BOOK, CLIENTS, CATALOG, now=NOW)
    assert marked(found) == {"ap_1": [WARNING], "ap_2": [WARNING], "ap_4": [WARNING]}  # Cara's by her booking's note
    assert reads == Counter({
        ANA.notes: 1, "Runs cold: extra blanket": 1, "Gift card from her husband": 1,
        CARA.notes: 1, "She is pregnant, 24 weeks (called 2 Dec)": 1,
    })
    assert BEA.notes not in reads and "Birthday treat" not in reads


def test_the_next_view_reads_nothing_again_not_even_the_bookings_notes(reads: Counter[str]) -> None:
    first = ruled_out_of(BOOK, CLIENTS, CATALOG, now=NOW)
    before = sum(reads.values())
    again = ruled_out_of(BOOK, CLIENTS, CATALOG, now=NOW)
    assert marked(again) == marked(first)
    assert sum(reads.values()) == before  # the booking notes were read anew at each view: 3 more readings


FACIAL = service("sv_fac", name="Dermaplaning Facial 45")  # no contraindications: it works the face


def test_a_service_that_works_an_area_reads_its_guests_notes_and_one_that_does_not_reads_nothing(
    reads: Counter[str],
) -> None:
    dee = client("cl_dee", first_name="Dee", notes="No face work please.")
    catalog = Catalog([location()], [], [FACIAL, SWEDISH], [])
    book = [booked("ap_f", dee.id, FACIAL.id, "09:00"), booked("ap_s", BEA.id, SWEDISH.id, "10:00")]
    found = ruled_out_of(book, {dee.id: dee, BEA.id: BEA}, catalog, now=NOW)
    assert list(found) == ["ap_f"] and found["ap_f"][0].area == "face"
    assert reads == Counter({dee.notes: 1})  # the Swedish guest's notes still never read
    assert cautions.may_rule_out(FACIAL) and cautions.may_rule_out(HOT_STONE) and not cautions.may_rule_out(SWEDISH)
