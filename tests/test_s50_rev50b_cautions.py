"""rev50b: a stone refusal is dropped whenever the stone service has ANY contraindication, even one about
something else (an oil allergy): the therapist reads 'contraindicated: nut allergy. Check with the guest', swaps the
oil, and gives hot stones to a guest whose notes say stones burned her."""
from datetime import date

from spa_copilot.engines.cautions import booking_ruled_out
from tests.builders import appointment, at, client, dm_lines, service

DAY = date(2026, 12, 8)
HOT = service("sv_hot", name="Hot Stone Massage 75", contraindications=["nutAllergy"])
NOTES = "Nut allergy. No hot stones please - they burned her."


def test_day_book_keeps_the_stone_refusal_beside_an_oil_allergy():
    booking = appointment(at(DAY, "14:00"), id="ap_1", service_id=HOT.id, service_name=HOT.name)
    found = [f.sentence for f in booking_ruled_out(booking, client(notes=NOTES), {HOT.id: HOT}, today=DAY)]
    assert any("hot stones" in s.lower() for s in found), found


def test_dm_keeps_the_stone_refusal_beside_an_oil_allergy():
    lines = dm_lines(NOTES, HOT, day=DAY)
    assert "which the notes say to avoid" in lines or "hot stones please" in lines.lower(), lines
