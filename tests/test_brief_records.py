"""What the spa's own records say about a guest reaches the therapist, safely worded: the client's alerts and the
booking's note are read for allergies and conditions (a pregnancy alert on a hot stone booking says the service
is contraindicated), a service's contraindications count however the spa system spells them, the warning names
them in words, and text quoted from the records has phones, cards, emails, other people's names and the guest's
surname masked. Found by the 2 December black-box probe of the briefings."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from spa_copilot.ai import offline
from spa_copilot.ai.schemas import BriefingInput, Evidence, GuestProfile
from spa_copilot.briefings import briefing_message
from spa_copilot.domain import Alert, Client, HealthHistory, Service, ServiceLine
from spa_copilot.engines import briefing as engine
from spa_copilot.store.db import SnapshotRow

from .test_briefings import NY, ROOM, TUESDAY, appointment, at, staff

#: The spa's day the notes are read on: the readers take one (the location's date), never the machine's.
NOTES_DAY = date(2026, 11, 24)

HOT_STONE = Service(
    id="sv_hot", name="Hot Stone Massage", duration_minutes=60, contraindications=["pregnancy", "hypertension", "latexAllergy"]
)
ALMOND = Service(id="sv_almond", name="Almond Oil Massage", duration_minutes=60, contraindications=["nutAllergy"])
FACIAL = Service(id="sv_facial", name="Facial", duration_minutes=45)


def brief(client: Client, *, service: Service = HOT_STONE, notes: str = "", profile: GuestProfile | None = None) -> engine.GuestBrief:
    booking = appointment("ap1", "ana", at(14), service=service).model_copy(update={"notes": notes})
    return engine.guest_brief(
        booking,
        "ana",
        client=client,
        profile=profile or GuestProfile(),
        services={s.id: s for s in (HOT_STONE, ALMOND, FACIAL)},
        resources={ROOM.id: ROOM},
        staff={"ana": staff("ana")},
        location=NY,
    )


def test_an_alert_is_checked_against_the_booked_service_and_gets_its_handling_note() -> None:
    guest = brief(Client(id="cl_1", first_name="Bea", alerts=[Alert(text="PREGNANT 24 wks", severity="critical")]))
    assert guest.contraindications == (
        "Hot Stone Massage is contraindicated for this guest: pregnancy. Check with the guest before it starts.",
    )
    assert guest.alerts == ("PREGNANT 24 wks (prenatal positioning, no hot stones)",)
    assert guest.allergies == ()  # said once, by the spa's own alert
    nut = brief(
        Client(id="cl_2", first_name="Cy", alerts=[Alert(text="SEVERE NUT ALLERGY - EPIPEN", severity="critical")]),
        service=ALMOND,
    )
    assert nut.contraindications == ("Almond Oil Massage is contraindicated for this guest: nut allergy. Check with the guest before it starts.",)


def test_an_alert_that_denies_or_is_about_someone_else_rules_nothing_out() -> None:
    for text in ("No nut allergy", "Husband has a nut allergy"):
        guest = brief(Client(id="cl_1", first_name="Bea", alerts=[Alert(text=text, severity="warning")]), service=ALMOND)
        assert guest.contraindications == (), text


def test_the_bookings_own_note_is_shown_and_read_for_cautions() -> None:
    note = "First visit. Said on the phone she has a latex allergy and is 12 wks pregnant."
    guest = brief(Client(id="cl_1", first_name="Leo"), notes=note)
    assert guest.booking_note == note
    # each caution said once: the service they rule out carries their handling notes, no line of their own
    assert guest.allergies == ()
    assert guest.contraindications == (
        "Hot Stone Massage is contraindicated for this guest: latex allergy (nitrile gloves, no latex), pregnancy "
        "(prenatal positioning, no hot stones). Check with the guest before it starts.",
    )
    text = engine.prep_text(guest, NY)
    assert f"Booking note: {note}" in text and "Check: Hot Stone Massage is contraindicated for this guest: latex allergy (nitrile gloves" in text
    day = engine.therapist_briefing(staff("ana"), NY, TUESDAY, [guest])
    assert f"Booking note: {note}" in str(briefing_message(day).blocks)
    assert brief(Client(id="cl_1", first_name="Leo"), notes="  ").booking_note == ""


def test_a_service_contraindication_counts_however_the_spa_system_spells_it() -> None:
    pregnant = Client(id="cl_1", first_name="Bo", health_history=HealthHistory(pregnant=True))
    nuts = GuestProfile(allergies=[Evidence(value="nutOil", evidence="nut allergy")])
    on_warfarin = Client(id="cl_2", first_name="Di", health_history=HealthHistory(medications=["warfarin"]))
    for spelled in ("Pregnancy", "pregnant", "PREGNANCY (any trimester)"):
        service = Service(id="sv_x", name="Body Wrap", duration_minutes=60, contraindications=[spelled])
        assert engine.contraindication_flags([service], pregnant, GuestProfile()) == [
            "Body Wrap is contraindicated for this guest: pregnancy (prenatal positioning, no hot stones). "
            "Check with the guest before it starts."
        ], spelled
    for spelled in ("Nut allergy", "NUT ALLERGY", "nut_allergy", "Tree nuts"):
        service = Service(id="sv_x", name="Body Wrap", duration_minutes=60, contraindications=[spelled])
        assert engine.contraindication_flags([service], pregnant, nuts) == [
            "Body Wrap is contraindicated for this guest: nut allergy (nut-free oils only). "
            "Check with the guest before it starts."
        ], spelled
    deep = Service(id="sv_deep", name="Deep Tissue", duration_minutes=60, contraindications=["Blood thinners", "Recent surgery"])
    [flag] = engine.contraindication_flags([deep], on_warfarin, GuestProfile())
    assert "blood thinners" in flag
    odd = Service(id="sv_odd", name="Float", duration_minutes=60, contraindications=["Claustrophobia"])
    claustrophobic = Client(id="cl_3", first_name="Al", health_history=HealthHistory(conditions=["claustrophobia"]))
    assert engine.contraindication_flags([odd], claustrophobic, GuestProfile()) == [
        "Float is contraindicated for this guest: Claustrophobia. Check with the guest before it starts."
    ]
    assert engine.contraindication_flags([odd], pregnant, nuts) == []
    # one entry naming several (found by the session review: only the first counted)
    both = Service(id="sv_both", name="Hot Wrap", duration_minutes=60, contraindications=["Pregnancy, blood thinners"])
    assert engine.contraindication_flags([both], on_warfarin, GuestProfile()) == [
        "Hot Wrap is contraindicated for this guest: blood thinners (gentle pressure, bruises easily). "
        "Check with the guest before it starts."
    ]
    marine = Service(id="sv_sea", name="Seaweed Wrap", duration_minutes=60, contraindications=["Shellfish/iodine allergy"])
    iodine = GuestProfile(allergies=[Evidence(value="iodine", evidence="iodine allergy")])
    assert engine.contraindication_flags([marine], Client(id="cl_4", first_name="Io"), iodine) == [
        "Seaweed Wrap is contraindicated for this guest: iodine allergy (no iodine-based products). "
        "Check with the guest before it starts."
    ]


def test_a_service_change_update_names_what_it_rules_out_in_words() -> None:
    before = SnapshotRow(
        appointment_id="ap1", location_id="loc", client_id="cl_1", status="confirmed",
        start_at=at(14).isoformat(), end_at=at(15).isoformat(), staff_ids=("ana",), resource_ids=(ROOM.id,),
        service_ids=(FACIAL.id,), version=1, updated_at=at(9).isoformat(),
    )
    after = appointment("ap1", "ana", at(14), service=ALMOND)
    nuts = GuestProfile(allergies=[Evidence(value="nutOil", evidence="nut allergy")])
    text = engine.prep_update(
        before, after, "ana", first_name="Zoe", location=NY, now=at(12), services={s.id: s for s in (FACIAL, ALMOND)},
        resources={ROOM.id: ROOM}, staff={"ana": staff("ana")}, client=Client(id="cl_1", first_name="Zoe"), profile=nuts,
    )
    assert text is not None and "nut allergy" in text and "nutAllergy" not in text
    by_alert = Client(id="cl_1", first_name="Zoe", alerts=[Alert(text="NUT ALLERGY - EPIPEN", severity="critical")])
    text = engine.prep_update(
        before, after, "ana", first_name="Zoe", location=NY, now=at(12), services={s.id: s for s in (FACIAL, ALMOND)},
        resources={ROOM.id: ROOM}, staff={"ana": staff("ana")}, client=by_alert, profile=GuestProfile(),
    )
    # the alert's "EPIPEN" makes it grave: the update's check, the only caution it says, says so (session 44)
    assert text is not None and "Check: Almond Oil Massage is contraindicated for this guest: SEVERE nut allergy (nut-free oils only)." in text


def test_an_add_on_joining_the_booking_is_said_as_added() -> None:
    aroma = Service(id="sv_aroma", name="Aromatherapy Add-On", duration_minutes=15, contraindications=["pregnancy"])
    before = SnapshotRow(
        appointment_id="ap1", location_id="loc", client_id="cl_1", status="confirmed",
        start_at=at(14).isoformat(), end_at=at(15).isoformat(), staff_ids=("ana",), resource_ids=(ROOM.id,),
        service_ids=(HOT_STONE.id,), version=1, updated_at=at(9).isoformat(),
    )
    booked = appointment("ap1", "ana", at(14))
    extra = ServiceLine(
        id="ap1_2", service_id=aroma.id, service_name=aroma.name, staff_id="ana", start_at=at(15),
        end_at=at(15) + timedelta(minutes=15), resource_ids=[ROOM.id],
    )
    after = booked.model_copy(update={"services": [*booked.services, extra], "end_at": extra.end_at})
    pregnant = Client(id="cl_1", first_name="Zoe", health_history=HealthHistory(pregnant=True))
    text = engine.prep_update(
        before, after, "ana", first_name="Zoe", location=NY, now=at(12), services={s.id: s for s in (HOT_STONE, aroma)},
        resources={ROOM.id: ROOM}, staff={"ana": staff("ana")}, client=pregnant, profile=GuestProfile(),
    )
    assert text == (
        "Update: Zoe's 2:00pm Hot Stone Massage now includes Aromatherapy Add-On.\n"
        "Check: Aromatherapy Add-On is contraindicated for this guest: pregnancy (prenatal positioning, no hot stones). "
        "Check with the guest before it starts."
    )
    # an add-on swapped for another is a change of services, said whole (found by the session review: "now includes"
    # left the therapist believing the dropped one was still on)
    with_facial = replace(before, service_ids=(HOT_STONE.id, FACIAL.id))
    swapped = engine.prep_update(
        with_facial, after, "ana", first_name="Zoe", location=NY, now=at(12),
        services={s.id: s for s in (HOT_STONE, FACIAL, aroma)}, resources={ROOM.id: ROOM}, staff={"ana": staff("ana")},
        client=pregnant, profile=GuestProfile(),
    )
    assert swapped is not None and "is now Hot Stone Massage, Aromatherapy Add-On." in swapped, swapped


def test_text_quoted_from_the_spas_records_has_contact_details_and_surnames_masked() -> None:
    client = Client(
        id="cl_1",
        first_name="Kim",
        last_name="Vance",
        alerts=[
            Alert(text="Husband Paul Moreau picks up - call 310-555-0177 when done", severity="info"),
            Alert(text="Card declined last visit (Visa ending 4242). Mrs Vance knows.", severity="warning"),
        ],
    )
    evidence = "Mrs Vance likes to talk at the start, then goes quiet (sister Jo Vance: jo@vance.org, 310-555-0142)"
    profile = GuestProfile(
        communication_style=[Evidence(value="chatty", evidence=evidence), Evidence(value="quiet", evidence=evidence)]
    )
    guest = brief(client, service=FACIAL, profile=profile, notes="Kim Vance, callback 310 555 0199")
    shown = " ".join([*guest.alerts, *guest.alert_notes, *guest.preferences, guest.booking_note])
    for private in ("310-555-0177", "4242", "Vance", "Moreau", "jo@vance.org", "310-555-0142", "0199"):
        assert private not in shown, private
    assert "call [phone] when done" in shown and "goes quiet" in shown and "Kim" in guest.booking_note


def test_a_guest_with_a_last_visit_but_no_history_here_is_not_called_a_first_visit() -> None:
    returning = Client(id="cl_1", first_name="Ruth", last_visit_date=date(2026, 3, 2))
    guest = brief(returning)
    assert not guest.new_client
    said = offline.briefing_text(BriefingInput.from_client(returning, services=[HOT_STONE], visits=0), today=NOTES_DAY)
    assert said.startswith("Ruth (returning guest) is booked for Hot Stone Massage"), said
    new = offline.briefing_text(BriefingInput.from_client(Client(id="cl_2", first_name="Ann"), services=[HOT_STONE]), today=NOTES_DAY)
    assert new.startswith("Ann (first visit)"), new
