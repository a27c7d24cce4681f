"""Briefings: the pure engine on small inputs, then the morning and prep jobs and /spa brief through the embedded world."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from pydantic import SecretStr
from slack_sdk.errors import SlackApiError

from spa_copilot.ai import offline
from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.ai.schemas import BriefingInput, Evidence, GuestProfile
from spa_copilot.briefings import (
    PREP_FIELD,
    answer_brief,
    briefing_message,
    briefing_view,
    send_morning_briefings,
    send_prep_briefings,
)
from spa_copilot.domain import (
    UPCOMING_STATUSES,
    Alert,
    Appointment,
    AppointmentStatus,
    Client,
    HealthHistory,
    Location,
    Resource,
    ResourceType,
    Service,
    ServiceLine,
    Shift,
    Staff,
    StaffRole,
)
from spa_copilot.engines import briefing as engine
from spa_copilot.risk.bands import RiskScore
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.scheduler import poll_calendar
from spa_copilot.settings import Mode, Settings
from spa_copilot.slack import blocks
from spa_copilot.slack.answers import ANSWERS
from spa_copilot.slack.blocks import escape
from spa_copilot.slack.command_parser import ParsedCommand
from spa_copilot.slack.directory import StaffDirectory
from spa_copilot.store import Store
from spa_copilot.world import default_day

from .conftest import DAY, FakeClock, FlakySlack, book_down, count_book_reads, float_staff

NY = Location(id="loc", name="Spa", time_zone="America/New_York")
TUESDAY = date(2026, 11, 24)
HOT_STONE = Service(
    id="sv_hot", name="Hot Stone Massage", duration_minutes=60, contraindications=["pregnancy", "hypertension", "latexAllergy"]
)
FACIAL = Service(id="sv_facial", name="Facial", duration_minutes=45)
ROOM = Resource(id="rs_1", location_id="loc", name="Suite 1", type=ResourceType.room, room_type="massageRoom")


def at(hour: int, minute: int = 0, day: date = TUESDAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=NY.tz)


def staff(staff_id: str, *, role: StaffRole = StaffRole.therapist, shifts: tuple[int, ...] = (1,)) -> Staff:
    return Staff(
        id=staff_id,
        location_id="loc",
        first_name=staff_id.title(),
        role=role,
        shifts=[Shift(weekday=d, start="09:00", end="17:00") for d in shifts],
    )


def appointment(aid: str, staff_id: str, start: datetime, *, service: Service = HOT_STONE, status: str = "confirmed") -> Appointment:
    end = start + timedelta(minutes=service.duration_minutes)
    return Appointment(
        id=aid,
        location_id="loc",
        client_id="cl_1",
        status=AppointmentStatus(status),
        start_at=start,
        end_at=end,
        services=[
            ServiceLine(id=f"{aid}_1", service_id=service.id, service_name=service.name, staff_id=staff_id, start_at=start, end_at=end, resource_ids=[ROOM.id])
        ],
    )


# ---------------------------------------------------------------------------------------------------
# The pure engine


def test_who_is_briefed_working_or_booked_therapists_only() -> None:
    working = staff("ana")
    off_but_booked = staff("ben", shifts=())
    off = staff("cy", shifts=(3,))
    desk = staff("dee", role=StaffRole.front_desk)
    esthetician = staff("eve", role=StaffRole.esthetician)
    booked = [appointment("ap1", "ben", at(10)), appointment("ap2", "cy", at(12), status="cancelled")]
    chosen = engine.briefed_staff([working, off_but_booked, off, desk, esthetician], booked, NY, TUESDAY)
    assert [s.id for s in chosen] == ["ana", "ben", "eve"]


def test_preferences_merge_custom_fields_and_the_notes_profile_without_repeats() -> None:
    client = Client(id="cl_1", first_name="Ava", custom_fields={"pressure": "firm", "scent": ["lavender"]})
    profile = GuestProfile(
        pressure=[Evidence(value="Firm", evidence="likes firm pressure")],
        music=[Evidence(value="ambient", evidence="ambient music")],
    )
    assert engine.preferences(client, profile) == ["Pressure: firm", "Scent: lavender", "Music: ambient"]


def test_preferences_that_disagree_are_a_question_for_the_therapist_not_a_list() -> None:
    client = Client(id="cl_1", first_name="Ava", custom_fields={"temperature": "warm"})
    notes = "4/6 likes light pressure\n7/2 firm pressure, light on shoulders\nQuiet session please. Chatty!\nRuns hot."
    profile = extract_profile_offline(notes, today=TUESDAY)
    profile.music = [Evidence(value="jazz", evidence="jazz"), Evidence(value="classical", evidence="classical")]
    assert engine.preferences(client, profile) == [
        "Room temperature: warm or cool — notes disagree; ask",  # the custom field and a note
        "Pressure: light (shoulders); light or firm — notes disagree; ask",  # a level for one area is no clash
        "Music: jazz, classical",  # several kinds of music can all be liked
        "Conversation: quiet or chatty — notes disagree; ask",
    ]
    one_statement = extract_profile_offline("Likes to chat at the start, then goes quiet. Unscented, no music.", today=TUESDAY)
    assert engine.preferences(Client(id="cl_2", first_name="Bo"), one_statement) == [
        "Music: silence",
        "Scent: unscented",
        "Conversation: “Likes to chat at the start, then goes quiet”",
    ]
    summary = offline.briefing_text(BriefingInput.from_client(client, services=[FACIAL], profile=profile), today=TUESDAY)
    assert "light pressure or firm pressure (ask which)" in summary.lower(), summary
    assert "prefers a quiet session or enjoys a chat (ask which)" in summary, summary


def test_contraindications_are_the_services_list_met_by_the_guests_conditions_and_allergies() -> None:
    client = Client(id="cl_1", first_name="Ava", health_history=HealthHistory(conditions=["hypertension"]))
    profile = GuestProfile(allergies=[Evidence(value="latex", evidence="latex allergy")])
    [flag] = engine.contraindication_flags([HOT_STONE, FACIAL], client, profile)
    assert flag == (
        "Hot Stone Massage is contraindicated for this guest: hypertension (limit heat, sit up slowly), latex allergy "
        "(nitrile gloves, no latex). Check with the guest before it starts."
    )
    assert engine.contraindication_flags([FACIAL], client, profile) == []
    pregnant = Client(id="cl_2", first_name="Bo", health_history=HealthHistory(pregnant=True))
    assert "pregnancy" in engine.contraindication_flags([HOT_STONE], pregnant, GuestProfile())[0]


def test_a_guest_brief_has_time_room_cautions_alerts_last_visit_and_new_client_flag() -> None:
    client = Client(
        id="cl_1",
        first_name="Ava",
        alerts=[Alert(text="Prefers a female therapist", severity="info"), Alert(text="Bruises easily", severity="critical")],
    )
    profile = GuestProfile(allergies=[Evidence(value="nutOil", evidence="nut allergy")])
    past = [
        appointment("old1", "ana", at(10, day=date(2026, 9, 1)), service=FACIAL).model_copy(update={"status": "completed"}),
        appointment("old2", "ana", at(10, day=date(2026, 10, 1))).model_copy(update={"status": "completed"}),
        appointment("old3", "ana", at(10, day=date(2026, 11, 1))).model_copy(update={"status": "noShow"}),
    ]
    guest = engine.guest_brief(
        appointment("ap1", "ana", at(14, 30)),
        "ana",
        client=client,
        profile=profile,
        services={s.id: s for s in (HOT_STONE, FACIAL)},
        resources={ROOM.id: ROOM},
        staff={"ana": staff("ana")},
        past=past,
        summary="Ava likes it quiet.",
    )
    assert (guest.start, guest.rooms, guest.service_names) == (at(14, 30), ("Suite 1",), ("Hot Stone Massage",))
    assert guest.alerts[0] == "Bruises easily"
    assert guest.allergies == ("nut oil allergy: nut-free oils only",)
    assert guest.last_visit == engine.LastVisit(date(2026, 10, 1), ("Hot Stone Massage",), "Ana", (("Ana",),))
    assert guest.visits == 2 and not guest.new_client
    text = engine.prep_text(guest, NY)
    assert text.startswith("Coming up at 2:30pm: Ava (3rd visit), Hot Stone Massage in Suite 1.") and "Ava likes it quiet." in text
    first_timer = engine.guest_brief(
        appointment("ap2", "ana", at(16)), "ana", client=client, profile=profile,
        services={}, resources={}, staff={}, past=[],
    )
    assert first_timer.new_client and first_timer.last_visit is None


def test_many_long_spa_alerts_never_crowd_an_allergy_or_a_pregnancy_out_of_the_dms() -> None:
    """Twelve long warnings on the record: the intake's latex allergy and pregnancy come before them (the morning DM
    cuts its caution lines at "…and N more"), and a prep DM too long for Slack keeps its first whole lines and says
    how many it left out (it was cut at 3,000 characters mid-word, with neither latex nor pregnancy in it)."""
    wordy = "prefers the quiet room, arrives early, wants the door closed, likes a blanket and a pillow under the knees; "
    client = Client(
        id="cl_1", first_name="Kinsley", health_history=HealthHistory(allergies=["latex"], pregnant=True),
        alerts=[Alert(text=f"[{i}] {wordy * 4}"[:400], severity="warning") for i in range(12)],
    )
    guest = engine.guest_brief(
        appointment("ap1", "ana", at(14)), "ana", client=client, profile=GuestProfile(),
        services={HOT_STONE.id: HOT_STONE}, resources={}, staff={},
    )
    own = [line for line in guest.cautions if "latex" in line.lower() or "pregnan" in line.lower()]
    said = " ".join(own).lower()  # the hot stone line says both, each once, with its handling
    assert "latex" in said and "pregnan" in said and guest.cautions.index(own[-1]) < guest.cautions.index(guest.alerts[0])
    message = blocks.prep_message(engine.prep_text(guest, NY))
    [section] = message.blocks
    shown = section.text.text
    assert len(shown) <= blocks.MAX_SECTION_TEXT and "latex" in shown.lower() and "pregnan" in shown.lower()
    assert shown.splitlines()[-1].startswith("…and ") and shown.endswith("more lines")


def test_an_empty_day_is_said_kindly_and_a_full_one_counts_what_matters() -> None:
    empty = engine.therapist_briefing(staff("ana"), NY, TUESDAY, [])
    summary = engine.day_summary(empty)
    assert "No guests are booked with you today" in summary and "9:00am–5:00pm" in summary and "Ana" in summary
    guest = engine.GuestBrief("ap1", "cl_1", "Ava", at(11), at(12), ("Facial",), new_client=True, alerts=("VIP",))
    full = engine.day_summary(engine.therapist_briefing(staff("ana"), NY, TUESDAY, [guest]))
    assert "1 guest today, the first at 11:00am" in full and "1 new client" in full and "1 with something to check" in full


def test_a_caution_an_alert_already_gives_is_shown_once_in_the_alerts_words_with_the_handling_note() -> None:
    client = Client(
        id="cl_1",
        first_name="Bea",
        notes="Shellfish allergy, so double-check before any seaweed wrap.",
        health_history=HealthHistory(allergies=["nuts", "shellfish"]),
        alerts=[
            Alert(text="Often arrives late", severity="warning"),
            Alert(text="Nut allergy: no nut-based oils or scrubs", severity="critical"),
            Alert(text="Her husband has a latex allergy", severity="info"),
        ],
    )
    profile = GuestProfile(
        allergies=[Evidence(value="nutOil", evidence="nut allergy"), Evidence(value="latex", evidence="latex gloves, hives")]
    )
    guest = engine.guest_brief(
        appointment("ap1", "ana", at(14)), "ana", client=client, profile=profile,
        services={HOT_STONE.id: HOT_STONE}, resources={}, staff={},
    )
    assert guest.alerts == (
        "Nut allergy: no nut-based oils or scrubs (nut-free oils only)",
        "Often arrives late",
        "Her husband has a latex allergy",  # about someone else: the guest's own latex line stays
    )
    # the latex allergy the hot stone massage rules out is said in its line, with its handling, once
    assert guest.allergies == ("shellfish allergy: no seaweed or marine products",)
    assert guest.contraindications == (
        "Hot Stone Massage is contraindicated for this guest: latex allergy (nitrile gloves, no latex). "
        "Check with the guest before it starts.",
    )
    assert sum("nut" in caution.lower() for caution in guest.cautions) == 1
    summary = offline.briefing_text(BriefingInput.from_client(client, services=[HOT_STONE], profile=profile), today=TUESDAY)
    assert "nut oil allergy" not in summary and summary.count("Nut allergy") == 1, summary
    assert "“Nut allergy: no nut-based oils or scrubs” (nut-free oils only)" in summary and "latex allergy (nitrile" in summary


def test_a_four_hands_booking_names_its_service_once_in_the_summary_and_the_models_input() -> None:
    four_hands = Service(id="sv_4h", name="Four-Hands Massage 60", duration_minutes=60, staff_count=2)
    client = Client(id="cl_1", first_name="Noah")
    guest = BriefingInput.from_client(client, services=[four_hands, four_hands, FACIAL, four_hands], starts_at="12:45pm")
    assert guest.service_names == ["Four-Hands Massage 60", "Facial"]
    assert "booked for Four-Hands Massage 60 and Facial at 12:45pm." in offline.briefing_text(guest, today=TUESDAY)


# ---------------------------------------------------------------------------------------------------
# Through the embedded world


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """One retry per request keeps the outage test fast; the backoff still runs."""
    return Settings(
        _env_file=None, spa_db_path=tmp_path / "state.db", spa_model_dir=tmp_path / "no-models", mangomint_max_retries=1
    )


def dms(world: SandboxWorld, staff_id: str) -> list[str]:
    return [m.text + json.dumps(m.blocks) for m in world.slack.messages(world.slack_id(staff_id))]


def booked_first_names(world: SandboxWorld, staff_id: str, day: date) -> set[str]:
    location = next(loc for loc in world.data.locations if loc.id == "loc_soho")
    names = set()
    for a in world.spa.appointments.values():
        if a.is_active and a.start_at.astimezone(location.tz).date() == day and staff_id in a.staff_ids:
            names.add(world.spa.clients[a.client_id].first_name)
    return names


async def test_morning_briefings_reach_each_therapist_once_with_their_guests(world: SandboxWorld) -> None:
    run = await send_morning_briefings(world.copilot, "loc_soho")
    assert "st_ana_reyes" in run.sent and "st_leo_park" not in run.sent and not run.unmatched
    [dm] = dms(world, "st_ana_reyes")
    names = booked_first_names(world, "st_ana_reyes", DAY)
    assert names and all(escape(name) in dm for name in names)
    assert "Your day, Tue 24 Nov" in dm and "Hot Stone Massage" in dm
    assert "Summary drafted by the offline engine from the spa's records" in dm, "the offline engine wrote it: no AI is claimed"
    again = await send_morning_briefings(world.copilot, "loc_soho")
    assert again.sent == [] and set(again.already_sent) == set(run.sent)
    assert len(dms(world, "st_ana_reyes")) == 1


async def test_a_therapist_with_no_guests_is_told_so_kindly(world: SandboxWorld, clock: FakeClock) -> None:
    clock.advance(days=3)  # Friday: the sandbox books only today and tomorrow
    run = await send_morning_briefings(world.copilot, "loc_venice")
    assert run.sent
    for staff_id in run.sent:
        [dm] = dms(world, staff_id)
        assert "No guests are booked with you today" in dm and "Your shift is " in dm and "if anyone books in" in dm
        assert "Enjoy" not in dm  # plain, not a chatbot's (round 16)


async def test_unmatched_staff_are_listed_once_for_the_managers(world: SandboxWorld) -> None:
    del world.slack.users[world.slack_id("st_ana_reyes")]
    run = await send_morning_briefings(world.copilot, "loc_soho")
    assert run.unmatched == ["st_ana_reyes"] and run.sent
    managers = world.copilot.settings.spa_manager_ids
    notes = [m.text for m in world.slack.messages(managers[0])]
    assert len(notes) == 1 and "Ana Reyes" in notes[0]
    await send_morning_briefings(world.copilot, "loc_soho")
    assert len(world.slack.messages(managers[0])) == 1


async def test_risk_bands_show_when_a_risk_model_exists(world: SandboxWorld) -> None:
    class FixedRisk:
        def score(self, appointments, history, services, locations, now, clients=None):  # noqa: ANN001, ANN201
            assert history, "history is read for the model"
            return {a.id: RiskScore(appointment_id=a.id, probability=0.42, band="high", reasons=["2 recent no-shows"]) for a in appointments}

    world.copilot.risk = FixedRisk()
    await send_morning_briefings(world.copilot, "loc_soho")
    [dm] = dms(world, "st_ana_reyes")
    assert "No-show risk: *high* (42%)" in dm and "2 recent no-shows" in dm


async def test_prep_summaries_are_written_once_per_appointment_and_audited(world: SandboxWorld, clock: FakeClock) -> None:
    await poll_calendar(world.copilot)
    prepared = await send_prep_briefings(world.copilot)
    assert prepared
    for appointment_id in prepared:
        appt = world.spa.appointments[appointment_id]
        assert 0 <= (appt.start_at - clock()).total_seconds() <= 2 * 3600
        assert world.spa.clients[appt.client_id].custom_fields[PREP_FIELD]
    audits = world.copilot.store.recent_audit(50, action_prefix="prep_summary.written")
    assert len(audits) == len(prepared)
    assert all(a.actor == "copilot" and a.engine == "offline" and a.details["aiGenerated"] for a in audits)
    therapist = world.spa.appointments[prepared[0]].staff_ids[0]
    assert any("Coming up at" in dm for dm in dms(world, therapist))
    assert await send_prep_briefings(world.copilot) == []
    clock.advance(minutes=45)
    later = await send_prep_briefings(world.copilot)
    assert not set(later) & set(prepared)
    assert len(world.copilot.store.recent_audit(50, action_prefix="prep_summary.written")) == len(prepared) + len(later)


async def test_read_only_mode_briefs_but_writes_nothing(world: SandboxWorld) -> None:
    world.copilot.settings = world.copilot.settings.model_copy(update={"spa_mode": Mode.read_only})
    await poll_calendar(world.copilot)
    prepared = await send_prep_briefings(world.copilot)
    assert prepared
    assert not any(PREP_FIELD in c.custom_fields for c in world.spa.clients.values())
    assert world.copilot.store.recent_audit(50, action_prefix="prep_summary") == []
    therapist = world.spa.appointments[prepared[0]].staff_ids[0]
    assert any("Coming up at" in dm for dm in dms(world, therapist))


async def test_a_platform_failure_postpones_the_prep_without_losing_it(world: SandboxWorld) -> None:
    await poll_calendar(world.copilot)
    world.spa.faults.fail_next(1000)
    assert await send_prep_briefings(world.copilot) == []
    world.spa.faults.clear_scripted()
    assert await send_prep_briefings(world.copilot)


async def test_spa_brief_previews_a_therapists_day(world: SandboxWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(ANSWERS, "brief", answer_brief)

    async def ask(text: str) -> str:
        before = len(world.slack.responses)
        await world.sender.slash_command(text, user_id=FRONT_DESK_USER)
        await world.slack.wait_for(lambda s: len(s.responses) > before, timeout=10)
        post = world.slack.responses[before]
        assert post.response_type == "ephemeral"
        return post.text + json.dumps(post.blocks)

    today = await ask("brief @ana.reyes")
    assert "Ana Reyes's day, Tue 24 Nov (preview)" in today
    assert all(escape(name) in today for name in booked_first_names(world, "st_ana_reyes", DAY))
    tomorrow = await ask("brief @ana.reyes tomorrow")
    assert "Wed 25 Nov" in tomorrow
    assert "nobody-here is not a therapist I know" in await ask("brief nobody-here")
    assert world.slack.messages(world.slack_id("st_ana_reyes")) == [], "a preview sends no DM"


def test_briefing_times_are_the_locations_own(world_day: date = DAY) -> None:
    guest = engine.GuestBrief(
        "ap1", "cl_1", "Ava", datetime(2026, 11, 24, 15, 30, tzinfo=UTC), datetime(2026, 11, 24, 16, 30, tzinfo=UTC), ("Facial",)
    )
    la = Location(id="la", name="LA", time_zone="America/Los_Angeles")
    assert engine.prep_text(guest, la).startswith("Coming up at 7:30am")
    assert engine.prep_text(guest, NY).startswith("Coming up at 10:30am")


# ---------------------------------------------------------------------------------------------------
# Failures: one therapist's never stops the others, and what failed goes out on the next run


async def test_one_therapists_failed_dm_stops_nobody_and_is_sent_on_the_next_run(
    world: SandboxWorld, flaky_slack: FlakySlack
) -> None:
    ana = world.slack_id("st_ana_reyes")
    flaky_slack.fail("chat_postMessage", aiohttp.ClientConnectionError("reset by peer"), channel=ana)
    run = await send_morning_briefings(world.copilot, "loc_soho")
    assert run.failed == ["st_ana_reyes"] and len(run.sent) >= 2 and run.incomplete
    flaky_slack.heal()
    again = await send_morning_briefings(world.copilot, "loc_soho")
    assert again.sent == ["st_ana_reyes"] and set(again.already_sent) == set(run.sent) and not again.incomplete
    for staff_id in run.sent + again.sent:
        assert len(dms(world, staff_id)) == 1


async def test_the_unmatched_staff_note_is_not_lost_when_it_cannot_be_posted(
    world: SandboxWorld, flaky_slack: FlakySlack
) -> None:
    del world.slack.users[world.slack_id("st_ana_reyes")]
    manager = world.copilot.settings.spa_manager_ids[0]
    flaky_slack.fail("chat_postMessage", SlackApiError("down", {"ok": False, "error": "fatal_error"}), channel=manager)
    run = await send_morning_briefings(world.copilot, "loc_soho")
    assert run.unmatched == ["st_ana_reyes"] and run.note_failed and run.incomplete
    flaky_slack.heal()
    again = await send_morning_briefings(world.copilot, "loc_soho")
    assert not again.incomplete
    notes = [m.text for m in world.slack.messages(manager)]
    assert len(notes) == 1 and "Ana Reyes" in notes[0]
    await send_morning_briefings(world.copilot, "loc_soho")
    assert len(world.slack.messages(manager)) == 1


async def test_a_platform_outage_leaves_the_run_incomplete(world: SandboxWorld) -> None:
    world.copilot.catalog_ttl_seconds = 0
    world.spa.faults.fail_next(1000)
    run = await send_morning_briefings(world.copilot, "loc_soho")
    assert run.error and run.incomplete and not run.sent


def test_today_in_the_sandbox_is_the_locations_own_date(settings: Settings) -> None:
    assert settings.uses_sandbox
    evening_in_la = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 19:00 on the 24th in Los Angeles
    la = Location(id="la", name="LA", time_zone="America/Los_Angeles")
    assert default_day(settings, la, now=evening_in_la) == date(2026, 11, 24)


def test_the_last_visit_is_dated_in_the_locations_zone() -> None:
    evening = at(20, day=date(2026, 11, 10)).astimezone(UTC)  # 8pm in New York, sent by the platform in UTC
    past = [appointment("old", "ana", evening).model_copy(update={"status": "completed"})]
    guest = engine.guest_brief(
        appointment("ap1", "ana", at(10)).model_copy(update={"start_at": at(10).astimezone(UTC)}),
        "ana", client=Client(id="cl_1", first_name="Ava"), profile=GuestProfile(),
        services={}, resources={}, staff={}, past=past, location=NY,
    )
    assert guest.last_visit is not None and guest.last_visit.day == date(2026, 11, 10)


# ---------------------------------------------------------------------------------------------------
# Matching staff to Slack users


class LookupSlack:
    """``users.lookupByEmail`` answering with a match, or failing as told."""

    def __init__(self) -> None:
        self.error: BaseException | None = None
        self.calls = 0

    async def auth_test(self) -> dict[str, Any]:
        return {"team_id": "T0SPA00001"}

    async def users_lookupByEmail(self, email: str) -> dict[str, Any]:  # noqa: N802 - Slack's method name
        self.calls += 1
        if self.error is not None:
            raise self.error
        return {"user": {"id": "U123", "team_id": "T0SPA00001"}}

    async def users_info(self, *, user: str) -> dict[str, Any]:
        """A mapped user (``SPA_STAFF_SLACK_IDS``) is asked about: a full member, or failing as told."""
        if self.error is not None:
            raise self.error
        return {"user": {"id": user, "team_id": "T0SPA00001"}}


def rate_limited() -> SlackApiError:
    return SlackApiError("rate limited", {"ok": False, "error": "ratelimited"})


MEMBER = Staff(id="st_1", location_id="loc", first_name="Ana", email="ana@spa.example")
MORNING = datetime(2026, 11, 24, 12, 30, tzinfo=UTC)


async def test_a_failed_lookup_is_not_remembered_as_unmatched() -> None:
    slack = LookupSlack()
    directory = StaffDirectory(slack, Store.memory(), {})  # type: ignore[arg-type]
    slack.error = rate_limited()
    assert await directory.slack_id(MEMBER, now=MORNING) is None
    slack.error = aiohttp.ClientConnectionError("reset by peer")
    assert await directory.slack_id(MEMBER, now=MORNING + timedelta(minutes=5)) is None
    slack.error = None
    assert await directory.slack_id(MEMBER, now=MORNING + timedelta(minutes=10)) == "U123"
    assert slack.calls == 3


async def test_users_not_found_is_remembered_and_a_known_match_outlives_an_outage() -> None:
    slack = LookupSlack()
    directory = StaffDirectory(slack, Store.memory(), {})  # type: ignore[arg-type]
    slack.error = SlackApiError("no such user", {"ok": False, "error": "users_not_found"})
    assert await directory.slack_id(MEMBER, now=MORNING) is None
    assert await directory.slack_id(MEMBER, now=MORNING + timedelta(minutes=30)) is None
    assert slack.calls == 1, "an answer is remembered (a 'not found' briefly)"
    assert await directory.slack_id(MEMBER, now=MORNING + timedelta(hours=2)) is None
    assert slack.calls == 2, "a remembered 'not found' is asked again after an hour"
    matched = StaffDirectory(LookupSlack(), Store.memory(), {})  # type: ignore[arg-type]
    assert await matched.slack_id(MEMBER, now=MORNING) == "U123"
    matched._client.error = rate_limited()  # type: ignore[attr-defined]  # noqa: SLF001
    assert await matched.slack_id(MEMBER, now=MORNING + timedelta(days=2)) == "U123", "the last match, not nobody"


async def test_a_changed_email_is_looked_up_again_at_once() -> None:
    slack = LookupSlack()
    directory = StaffDirectory(slack, Store.memory(), {})  # type: ignore[arg-type]
    assert await directory.slack_id(MEMBER, now=MORNING) == "U123"
    assert await directory.slack_id(MEMBER.model_copy(update={"email": " ANA@spa.example"}), now=MORNING) == "U123"
    assert slack.calls == 1, "the same email, however typed, is the remembered match"
    slack.error = SlackApiError("no such user", {"ok": False, "error": "users_not_found"})
    moved = MEMBER.model_copy(update={"email": "ana.reyes@spa.example"})
    assert await directory.slack_id(moved, now=MORNING + timedelta(minutes=5)) is None, "not the old email's match"
    assert slack.calls == 2


# ---------------------------------------------------------------------------------------------------
# Health answers from the intake form always reach the therapist


def test_intake_conditions_and_medications_are_shown_beside_other_cautions() -> None:
    from spa_copilot.ai.extraction import extract_profile_offline

    intake = HealthHistory(
        allergies=["latex"], conditions=["Asthma", "High blood pressure", "asthma"], medications=["lisinopril", "sertraline", "none"]
    )
    client = Client(id="cl_1", first_name="Ava", notes="Allergic to lavender.", health_history=intake)
    profile = extract_profile_offline(client.notes, intake=intake, today=TUESDAY)
    shown = engine.allergies(client, profile)
    assert shown == [
        "essential oils allergy: no essential oils",
        "latex allergy: nitrile gloves, no latex",
        "Asthma",
        "hypertension: limit heat, sit up slowly",  # and lisinopril, a blood-pressure medicine
        "sertraline",
    ]
    # a profile that came without the intake (or none at all) still shows every intake answer, once
    notes_only = extract_profile_offline(client.notes, today=TUESDAY)
    assert engine.allergies(client, notes_only) == shown
    assert [c.split(":")[0] for c in engine.allergies(client, GuestProfile())] == [
        "latex allergy", "Asthma", "hypertension", "sertraline"
    ]


def anas_day(world: SandboxWorld) -> list[Appointment]:
    """Ana Reyes's active appointments at SoHo on ``DAY``, by start."""
    ny = next(loc for loc in world.data.locations if loc.id == "loc_soho").tz
    return sorted(
        (a for a in world.spa.appointments.values()
         if a.is_active and "st_ana_reyes" in a.staff_ids and a.start_at.astimezone(ny).date() == DAY),
        key=lambda a: a.start_at,
    )


async def test_the_morning_briefing_and_its_summary_carry_every_intake_condition(world: SandboxWorld) -> None:
    first = anas_day(world)[0]
    client = world.spa.clients[first.client_id]
    world.spa.clients[client.id] = client.model_copy(
        update={
            "notes": "Allergic to lavender.",
            "health_history": HealthHistory(conditions=["Kidney disease"], medications=["sertraline"], allergies=["latex"]),
        }
    )
    await send_morning_briefings(world.copilot, "loc_soho")
    [dm] = world.slack.messages(world.slack_id("st_ana_reyes"))
    cautions = [line for block in dm.blocks for line in json.dumps(block).split("\\n") if ":warning:" in line]
    text = json.dumps(dm.blocks)
    assert any("Kidney disease" in line for line in cautions) and any("sertraline" in line for line in cautions)
    assert any("latex" in line for line in cautions) and any("essential oils allergy: no essential oils" in line for line in cautions)
    assert "Caution:" not in text  # the summary's sentence of cautions is not shown again beside them (round 16)


# ---------------------------------------------------------------------------------------------------
# A guest the platform cannot find is still on the therapist's day


async def test_a_guest_without_a_client_record_is_listed_with_details_unavailable(world: SandboxWorld) -> None:
    mine = anas_day(world)
    missing = mine[0]
    del world.spa.clients[missing.client_id]
    run = await send_morning_briefings(world.copilot, "loc_soho")
    assert "st_ana_reyes" in run.sent and not run.incomplete
    [dm] = dms(world, "st_ana_reyes")
    assert f"{len(mine)} guests today, the first at {engine.clock(missing.start_at, world.data.locations[0])}" in dm
    assert "Guest details unavailable" in dm and missing.services[0].service_name in dm
    # and its prep DM goes out too, with nothing written back for a client that does not exist
    await poll_calendar(world.copilot)
    assert missing.id in await send_prep_briefings(world.copilot)
    assert any("Guest details unavailable" in t and "Coming up" in t for t in dms(world, "st_ana_reyes"))
    assert missing.id not in await send_prep_briefings(world.copilot)


# ---------------------------------------------------------------------------------------------------
# Prep DMs: tracked apart from the write-back, per therapist and start time, retried until the start


def prep_dms(world: SandboxWorld, staff_id: str, appointment_id: str) -> list[str]:
    name = escape(world.spa.clients[world.spa.appointments[appointment_id].client_id].first_name)
    return [t for t in dms(world, staff_id) if t.startswith("Coming up") and f": {name}" in t]


async def test_a_prep_dm_that_slack_refused_is_sent_by_the_next_check_and_the_summary_written_once(
    world: SandboxWorld, flaky_slack: FlakySlack
) -> None:
    await poll_calendar(world.copilot)
    flaky_slack.fail("chat_postMessage", aiohttp.ClientConnectionError("reset by peer"))
    assert await send_prep_briefings(world.copilot) == []
    written = world.copilot.store.recent_audit(50, action_prefix="prep_summary.written")
    assert written, "the write-back does not wait for Slack"
    flaky_slack.heal()
    prepared = await send_prep_briefings(world.copilot)
    assert prepared and {a.details["appointmentId"] for a in written} == set(prepared)
    assert len(world.copilot.store.recent_audit(50, action_prefix="prep_summary.written")) == len(written)
    for appointment_id in prepared:
        for staff_id in world.spa.appointments[appointment_id].staff_ids:
            assert len(prep_dms(world, staff_id, appointment_id)) == 1
    assert await send_prep_briefings(world.copilot) == []


async def test_a_prep_dm_waits_for_a_slack_lookup_that_could_not_be_made(world: SandboxWorld) -> None:
    await poll_calendar(world.copilot)
    lookups = FlakySlack(world.copilot.directory._client)  # noqa: SLF001
    world.copilot.directory._client = lookups  # type: ignore[assignment]  # noqa: SLF001
    lookups.fail("users_lookupByEmail", rate_limited())
    assert await send_prep_briefings(world.copilot) == []
    assert not any(t.startswith("Coming up") for t in dms(world, "st_ana_reyes"))
    lookups.heal()
    prepared = await send_prep_briefings(world.copilot)
    ana = [aid for aid in prepared if "st_ana_reyes" in world.spa.appointments[aid].staff_ids]
    assert ana and all(len(prep_dms(world, "st_ana_reyes", aid)) == 1 for aid in ana)


async def test_a_therapist_matched_only_after_the_prep_check_gets_the_prep_dm_then(
    world: SandboxWorld, clock: FakeClock
) -> None:
    ana = world.spa.staff["st_ana_reyes"]
    world.spa.staff[ana.id] = ana.model_copy(update={"email": "ana.typo@example.com"})  # no such Slack user
    world.copilot.catalog_ttl_seconds = 0
    await poll_calendar(world.copilot)
    prepared = await send_prep_briefings(world.copilot)
    hers = [aid for aid, a in world.spa.appointments.items()
            if a.staff_ids == ["st_ana_reyes"] and clock() <= a.start_at <= clock() + timedelta(hours=2)
            and a.status in UPCOMING_STATUSES]
    assert hers and not any(t.startswith("Coming up") for t in dms(world, ana.id))
    assert set(hers) <= set(prepared), "the write-back is done; nothing is left until she has a Slack user"
    platform, reads = world.copilot.platform, []
    real = platform.get_appointment

    async def counted(appointment_id: str) -> Any:
        reads.append(appointment_id)
        return await real(appointment_id)

    platform.get_appointment = counted  # type: ignore[method-assign]
    # (the check's pass over prepped guests' details reads other therapists' bookings: none of hers)
    assert await send_prep_briefings(world.copilot) == [] and not set(reads) & set(hers), "no reads while she is unmatched"
    world.spa.staff[ana.id] = ana  # the email is fixed in the spa system mid-morning
    clock.advance(minutes=5)
    await send_prep_briefings(world.copilot)
    later = [aid for aid in hers if world.spa.appointments[aid].start_at >= clock()]
    assert later and all(len(prep_dms(world, ana.id, aid)) == 1 for aid in later)
    await send_prep_briefings(world.copilot)
    assert all(len(prep_dms(world, ana.id, aid)) == 1 for aid in later), "once"


async def test_a_new_therapist_or_a_new_time_gets_a_new_prep_dm(world: SandboxWorld, clock: FakeClock) -> None:
    await poll_calendar(world.copilot)
    prepared = await send_prep_briefings(world.copilot)
    later = [aid for aid in prepared if world.spa.appointments[aid].start_at > clock() + timedelta(minutes=30)]
    aid = next(a for a in later if world.spa.appointments[a].staff_ids == ["st_ana_reyes"])
    assert len(prep_dms(world, "st_ana_reyes", aid)) == 1

    def change(**update: Any) -> None:
        appt = world.spa.appointments[aid]
        lines = [line.model_copy(update=update) for line in appt.services]
        moved = {k: v for k, v in update.items() if k in ("start_at", "end_at")}
        world.spa.put_appointment(
            appt.model_copy(update={"services": lines, **moved, "version": appt.version + 1, "updated_at": clock()})
        )

    clock.advance(minutes=1)
    change(staff_id="st_claire_dubois")  # Claire takes over after Ana's prep went out
    await poll_calendar(world.copilot)  # a change the poll sees as it is made is prepared by that poll
    assert await send_prep_briefings(world.copilot) == []
    assert len(prep_dms(world, "st_claire_dubois", aid)) == 1 and len(prep_dms(world, "st_ana_reyes", aid)) == 1

    clock.advance(minutes=1)
    start = world.spa.appointments[aid].start_at + timedelta(minutes=15)
    change(start_at=start, end_at=world.spa.appointments[aid].end_at + timedelta(minutes=15))  # moved later
    await poll_calendar(world.copilot)
    # told of the move in one update, which stands for the prep at the new time (no second DM about the guest)
    assert len(prep_dms(world, "st_claire_dubois", aid)) == 1
    updates = [m.text for m in world.slack.messages(world.slack_id("st_claire_dubois")) if m.text.startswith("Update:")]
    assert len(updates) == 1 and updates[0].endswith(f"is moved to {engine.clock(start, world.data.locations[0])}.")
    assert await send_prep_briefings(world.copilot) == []
    assert len(prep_dms(world, "st_claire_dubois", aid)) == 1
    written = world.copilot.store.recent_audit(50, action_prefix="prep_summary.written")
    assert [a.details["appointmentId"] for a in written].count(aid) == 2, "once per start time: the new time is written"
    client = world.spa.clients[world.spa.appointments[aid].client_id]
    assert f"at {engine.clock(start, world.data.locations[0])}" in client.custom_fields["ai_prep_summary"]


# ---------------------------------------------------------------------------------------------------
# Matching: shared emails, lookups Slack did not answer, a "not found" that was fixed


async def test_staff_sharing_an_email_get_no_dm_and_the_managers_are_told(world: SandboxWorld) -> None:
    manager = next(s for s in world.data.staff if s.role == StaffRole.manager)
    for staff_id in ("st_ana_reyes", "st_sam_delgado"):  # the spa's shared inbox, which is the manager's Slack email
        world.spa.staff[staff_id] = world.spa.staff[staff_id].model_copy(update={"email": manager.email})
    world.copilot.catalog_ttl_seconds = 0
    run = await send_morning_briefings(world.copilot, "loc_soho")
    assert {"st_ana_reyes", "st_sam_delgado"} <= set(run.unmatched) and not {"st_ana_reyes", "st_sam_delgado"} & set(run.sent)
    assert run.sent and not run.incomplete
    got = [m.text for m in world.slack.messages(world.slack_id(manager.id))]
    assert not any(t.startswith("Briefing for") for t in got), "never someone else's guests"
    [note] = [m.text for m in world.slack.messages(world.copilot.settings.spa_manager_ids[0])]
    assert "Ana Reyes" in note and "Sam Delgado" in note and "shared" in note
    catalog = await world.copilot.catalog()
    assert await world.copilot.directory.staff_for(world.slack_id(manager.id), catalog.staff) is None


async def test_a_shared_slack_user_matches_nobody_but_an_override_wins() -> None:
    ana = MEMBER
    sam = Staff(id="st_2", location_id="loc", first_name="Sam", email="sam@spa.example")
    lea = Staff(id="st_3", location_id="loc", first_name="Lea", email="ana@spa.example")  # Ana's email too
    directory = StaffDirectory(LookupSlack(), Store.memory(), {})  # type: ignore[arg-type]  # everyone is U123
    found = await directory.matches([ana, sam, lea], now=MORNING)
    assert all(match.shared and match.user_id is None and match.unmatched for match in found.values())
    overridden = StaffDirectory(LookupSlack(), Store.memory(), {"st_1": "U123"})  # type: ignore[arg-type]
    found = await overridden.matches([ana, lea], now=MORNING)  # the mapping stands instead of the shared email
    assert found["st_1"].user_id == "U123" and found["st_3"].shared
    assert await overridden.staff_for("U123", [ana, lea]) == ana
    found = await overridden.matches([ana, sam, lea], now=MORNING)  # Sam's own email reaches U123 too: nobody's
    assert all(match.shared for match in found.values())


class LimitedLookups:
    """A Slack client whose ``users.lookupByEmail`` is rate limited for one email (while ``limited`` is set)."""

    def __init__(self, inner: Any, email: str | None) -> None:
        self.inner = inner
        self.limited = email

    async def users_lookupByEmail(self, *, email: str) -> Any:  # noqa: N802 - Slack's method name
        if email == self.limited:
            raise rate_limited()
        return await self.inner.users_lookupByEmail(email=email)

    async def auth_test(self) -> Any:
        return await self.inner.auth_test()


async def test_a_lookup_slack_did_not_answer_is_retried_not_reported_as_unmatched(world: SandboxWorld) -> None:
    ana = next(s for s in world.data.staff if s.id == "st_ana_reyes")
    lookups = LimitedLookups(world.copilot.directory._client, ana.email)  # noqa: SLF001
    world.copilot.directory._client = lookups  # type: ignore[assignment]  # noqa: SLF001
    run = await send_morning_briefings(world.copilot, "loc_soho")
    assert run.failed == ["st_ana_reyes"] and not run.unmatched and run.incomplete
    manager = world.copilot.settings.spa_manager_ids[0]
    assert world.slack.messages(manager) == [], "not reported as unmatched"
    lookups.limited = None
    again = await send_morning_briefings(world.copilot, "loc_soho")
    assert again.sent == ["st_ana_reyes"] and not again.incomplete and world.slack.messages(manager) == []


async def test_the_managers_hear_of_each_unmatched_staff_member_once_even_on_a_retry_run(world: SandboxWorld) -> None:
    manager = world.copilot.settings.spa_manager_ids[0]
    sam = next(s for s in world.data.staff if s.id == "st_sam_delgado")
    lookups = LimitedLookups(world.copilot.directory._client, sam.email)  # noqa: SLF001
    world.copilot.directory._client = lookups  # type: ignore[assignment]  # noqa: SLF001
    del world.slack.users[world.slack_id("st_ana_reyes")]
    run = await send_morning_briefings(world.copilot, "loc_soho")
    assert run.unmatched == ["st_ana_reyes"] and run.failed == ["st_sam_delgado"] and run.incomplete
    lookups.limited = None
    del world.slack.users[world.slack_id("st_sam_delgado")]  # by the retry Slack answers: Sam is not there
    again = await send_morning_briefings(world.copilot, "loc_soho")
    assert set(again.unmatched) == {"st_ana_reyes", "st_sam_delgado"}
    notes = [m.text for m in world.slack.messages(manager)]
    assert len(notes) == 2 and "Ana Reyes" in notes[0] and "Sam Delgado" in notes[1] and "Ana Reyes" not in notes[1]
    await send_morning_briefings(world.copilot, "loc_soho")
    assert len(world.slack.messages(manager)) == 2


async def test_a_fixed_email_is_picked_up_by_the_next_morning_run(world: SandboxWorld, clock: FakeClock) -> None:
    ana = next(s for s in world.data.staff if s.id == "st_ana_reyes")
    user = world.slack.users.pop(world.slack_id(ana.id))
    clock.current = datetime(2026, 11, 24, 12, 40, tzinfo=UTC)  # 07:40 in New York
    assert (await send_morning_briefings(world.copilot, "loc_soho")).unmatched == ["st_ana_reyes"]
    # the next morning, minutes before the run, something looks Ana up: still not found, and remembered
    clock.current = datetime(2026, 11, 25, 12, 20, tzinfo=UTC)
    assert await world.copilot.directory.slack_id(ana, now=clock()) is None
    world.slack.users[world.slack_id(ana.id)] = user  # the manager fixes the email
    clock.advance(minutes=10)
    run = await send_morning_briefings(world.copilot, "loc_soho")
    assert "st_ana_reyes" in run.sent and not run.unmatched


# ---------------------------------------------------------------------------------------------------
# What the model is told for a briefing summary


async def test_the_briefing_summary_never_shows_the_model_the_guests_last_name_or_phone(world: SandboxWorld) -> None:
    from spa_copilot.ai.concierge import build_ai
    from spa_copilot.sandbox.llm_stub import LlmStub, StubServer

    first = anas_day(world)[0]
    client = world.spa.clients[first.client_id]
    world.spa.clients[client.id] = client.model_copy(update={
        "last_name": "Okonkwo",
        "notes": "Prefers firm pressure. Allergic to cat dander (Okonkwo household). Call mum 415 555 0101 if late.",
        "health_history": HealthHistory(allergies=["cat dander (Okonkwo household)", "call mum 4155550101"]),
    })
    with StubServer(LlmStub()) as server:
        settings = world.settings.model_copy(update={
            "llm_base_url": server.base_url, "llm_api_key": SecretStr("test-key"), "llm_model": "stub-model",
            "llm_max_retries": 0,
        })
        world.copilot.ai = build_ai(settings)
        try:
            await send_morning_briefings(world.copilot, "loc_soho")
        finally:
            await world.copilot.ai.aclose()
        asked = json.dumps(server.stub.requests)
    assert server.stub.requests, "the summaries went to the model"
    for private in ("Okonkwo", "okonkwo", "4155550101", "555 0101"):
        assert private not in asked, private


# ---------------------------------------------------------------------------------------------------
# A therapist shared between two locations ("floating"): briefed where they are booked, told where


ELSEWHERE = Location(id="loc_2", name="Uptown", time_zone="America/New_York")


def test_a_therapist_from_another_location_is_briefed_where_booked_and_only_there() -> None:
    floater = staff("fay").model_copy(update={"location_id": ELSEWHERE.id})  # works Tuesdays at Uptown
    idle_floater = staff("gus").model_copy(update={"location_id": ELSEWHERE.id})
    booked = [appointment("ap1", "fay", at(10))]
    assert [s.id for s in engine.briefed_staff([floater, idle_floater, staff("ana")], booked, NY, TUESDAY)] == ["ana", "fay"]
    assert [s.id for s in engine.briefed_staff([floater, idle_floater], booked, ELSEWHERE, TUESDAY)] == ["fay", "gus"]


def test_a_briefing_away_names_its_location_and_a_home_one_says_where_else() -> None:
    floater = staff("fay").model_copy(update={"location_id": ELSEWHERE.id})
    guest = engine.GuestBrief("ap1", "cl_1", "Ava", at(11), at(12), ("Facial",))
    away = engine.therapist_briefing(floater, NY, TUESDAY, [guest])
    assert away.away and away.shift is None, "shifts are about the home location"
    summary = engine.day_summary(away)
    assert "booked at Spa today, away from your usual location" in summary and "first at 11:00am" in summary
    view = briefing_view(away)
    assert view.location_name == "Spa"
    message = briefing_message(away)
    assert message.text.startswith("Briefing for Fay at Spa") and "Your day at Spa" in json.dumps(message.to_kwargs())
    assert engine.prep_text(guest, NY, away=True).startswith("Coming up at 11:00am at Spa: Ava")
    home_empty = engine.therapist_briefing(floater, ELSEWHERE, TUESDAY, [], elsewhere=["Spa"])
    said = engine.day_summary(home_empty)
    assert "No guests are booked with you at Uptown today" in said and "Your guests at Spa come in a separate briefing" in said
    assert "9:00am–5:00pm" in said and "Enjoy" not in said
    home = engine.day_summary(engine.therapist_briefing(staff("ana"), NY, TUESDAY, [guest], elsewhere=["Uptown", "Spa"]))
    assert home.endswith("Your guests at Uptown come in a separate briefing.")
    assert briefing_view(engine.therapist_briefing(staff("ana"), NY, TUESDAY, [guest])).location_name is None


def float_ana_to_venice(world: SandboxWorld, start: datetime, appointment_id: str = "ap_float") -> Appointment:
    """Ana Reyes (whose location is SoHo) booked at Venice."""
    return float_staff(world, "st_ana_reyes", "loc_venice", start, appointment_id)


def venice(world: SandboxWorld) -> Location:
    return next(loc for loc in world.data.locations if loc.id == "loc_venice")


async def test_a_floating_therapist_gets_each_locations_briefing_once(world: SandboxWorld) -> None:
    la = venice(world)
    floated = float_ana_to_venice(world, datetime(2026, 11, 24, 13, 0, tzinfo=la.tz))
    guest = escape(world.spa.clients[floated.client_id].first_name)
    # an earlier version already sent Ana's SoHo briefing today, under the key it always used
    world.copilot.store.claim_event(f"briefing:st_ana_reyes:{DAY.isoformat()}", source="briefing")
    soho = await send_morning_briefings(world.copilot, "loc_soho")
    assert "st_ana_reyes" in soho.already_sent and dms(world, "st_ana_reyes") == [], "no second SoHo briefing"
    run = await send_morning_briefings(world.copilot, "loc_venice")
    assert "st_ana_reyes" in run.sent and not run.incomplete
    [dm] = dms(world, "st_ana_reyes")
    assert escape("Your day at Juniper & Salt Venice, Tue 24 Nov") in dm and guest in dm
    assert escape("booked at Juniper & Salt Venice today, away from your usual location: 1 guest there") in dm
    assert "1:00pm" in dm, "in Venice's own zone"
    soho_guests = {world.spa.clients[a.client_id].first_name for a in anas_day(world) if a.location_id == "loc_soho"}
    assert soho_guests and not any(escape(name) in dm for name in soho_guests - {world.spa.clients[floated.client_id].first_name})
    again = await send_morning_briefings(world.copilot, "loc_venice")
    assert "st_ana_reyes" in again.already_sent and len(dms(world, "st_ana_reyes")) == 1


async def test_the_home_briefing_of_a_floating_therapist_says_where_else_they_have_guests(world: SandboxWorld) -> None:
    la = venice(world)
    float_ana_to_venice(world, datetime(2026, 11, 24, 13, 0, tzinfo=la.tz))
    await poll_calendar(world.copilot)  # the snapshot knows each location's book
    await send_morning_briefings(world.copilot, "loc_soho")
    [dm] = dms(world, "st_ana_reyes")
    assert "Your day, Tue 24 Nov" in dm
    assert escape("Your guests at Juniper & Salt Venice come in a separate briefing") in dm
    run = await send_morning_briefings(world.copilot, "loc_venice")
    assert "st_ana_reyes" in run.sent and len(dms(world, "st_ana_reyes")) == 2, "SoHo's claim does not stop Venice's"


async def test_a_floating_therapists_prep_dm_says_which_location(world: SandboxWorld, clock: FakeClock) -> None:
    la = venice(world)
    start = clock() + timedelta(hours=1)  # 07:00 in Venice
    floated = float_ana_to_venice(world, start.astimezone(la.tz), "ap_float_prep")
    await poll_calendar(world.copilot)
    assert floated.id in await send_prep_briefings(world.copilot)
    name = escape(world.spa.clients[floated.client_id].first_name)
    [prep] = [t for t in dms(world, "st_ana_reyes") if t.startswith("Coming up") and f": {name}" in t]
    assert prep.startswith(escape("Coming up at 7:00am PST at Juniper & Salt Venice: "))  # her own SoHo is on EST (probe52b F5)


async def test_spa_brief_previews_a_floating_therapists_day_at_each_location(world: SandboxWorld) -> None:
    la = venice(world)
    floated = float_ana_to_venice(world, datetime(2026, 11, 24, 13, 0, tzinfo=la.tz))
    message = await answer_brief(world.copilot, ParsedCommand("brief", ("st_ana_reyes",), "brief st_ana_reyes"), FRONT_DESK_USER)
    shown = message.text + json.dumps(message.to_kwargs()["blocks"])
    assert "Ana Reyes's day, Tue 24 Nov (preview)" in shown and escape("Ana Reyes's day at Juniper & Salt Venice, Tue 24 Nov (preview)") in shown
    assert escape(world.spa.clients[floated.client_id].first_name) in shown
    assert escape("Your guests at Juniper & Salt Venice come in a separate briefing") in shown
    assert world.slack.messages(world.slack_id("st_ana_reyes")) == [], "a preview sends no DM"


async def test_the_away_preview_says_where_else_the_therapist_has_guests_as_the_dm_does(world: SandboxWorld) -> None:
    la = venice(world)
    float_ana_to_venice(world, datetime(2026, 11, 24, 13, 0, tzinfo=la.tz))
    await poll_calendar(world.copilot)
    message = await answer_brief(world.copilot, ParsedCommand("brief", ("st_ana_reyes",), "brief st_ana_reyes"), FRONT_DESK_USER)
    shown = json.dumps(message.to_kwargs()["blocks"])
    away_part = shown[shown.index(escape("Ana Reyes's day at Juniper & Salt Venice")):]
    said = escape("Your guests at Juniper & Salt SoHo come in a separate briefing.")
    assert said in away_part, "the preview of Venice's briefing, like its DM, names SoHo"
    await send_morning_briefings(world.copilot, "loc_venice")
    [dm] = dms(world, "st_ana_reyes")
    assert said in dm


async def test_spa_brief_reads_another_locations_book_only_when_the_therapist_may_be_booked_there(
    world: SandboxWorld,
) -> None:
    await poll_calendar(world.copilot)  # the snapshot holds today and tomorrow at every location
    read = count_book_reads(world)
    ask = ParsedCommand("brief", ("st_ana_reyes",), "brief st_ana_reyes")
    await answer_brief(world.copilot, ask, FRONT_DESK_USER)
    assert read == ["loc_soho"], "nobody floats: Ana's own location only"
    read.clear()
    la = venice(world)
    float_ana_to_venice(world, datetime(2026, 11, 24, 13, 0, tzinfo=la.tz))
    await poll_calendar(world.copilot, full=True)  # planted with an old updatedAt: a full sync sees it
    read.clear()
    message = await answer_brief(world.copilot, ask, FRONT_DESK_USER)
    assert sorted(read) == ["loc_soho", "loc_venice"], "the snapshot has her at Venice"
    assert escape("Ana Reyes's day at Juniper & Salt Venice") in json.dumps(message.to_kwargs()["blocks"])
    read.clear()
    await answer_brief(world.copilot, ParsedCommand("brief", ("st_ana_reyes", "2026-12-20"), "brief"), FRONT_DESK_USER)
    assert sorted(read) == ["loc_soho", "loc_venice"], "a day the snapshot does not hold: read to find out"


async def test_spa_brief_leaves_out_a_location_it_cannot_read_and_says_so(world: SandboxWorld) -> None:
    from spa_copilot.platform.errors import PlatformUnavailable

    la = venice(world)
    float_ana_to_venice(world, datetime(2026, 11, 24, 13, 0, tzinfo=la.tz))
    await poll_calendar(world.copilot)
    book_down(world, "loc_venice", PlatformUnavailable("down"))
    message = await answer_brief(world.copilot, ParsedCommand("brief", ("st_ana_reyes",), "brief st_ana_reyes"), FRONT_DESK_USER)
    shown = message.text + json.dumps(message.to_kwargs()["blocks"])
    assert "Ana Reyes's day, Tue 24 Nov (preview)" in shown, "Ana's own briefing is still previewed"
    assert escape("I could not read the book of Juniper & Salt Venice just now") in shown
    assert escape("Ana Reyes's day at Juniper & Salt Venice") not in shown
    assert escape("Your guests at Juniper & Salt Venice come in a separate briefing") in shown, "the snapshot says so"


async def test_a_prep_dms_notification_says_who_and_when_not_the_guests_health(world: SandboxWorld) -> None:
    await poll_calendar(world.copilot)
    prepared = await send_prep_briefings(world.copilot)
    sent = [m for a in prepared for staff in world.spa.appointments[a].staff_ids
            for m in world.slack.messages(world.slack_id(staff)) if "Coming up at" in json.dumps(m.blocks)]
    assert any("Check:" in json.dumps(m.blocks) for m in sent), "the sandbox's prep DMs include a guest with a caution"
    for message in sent:
        # the fallback text is what a locked phone shows: the first line only
        assert message.text.startswith("Coming up at") and "\n" not in message.text and "Check:" not in message.text
