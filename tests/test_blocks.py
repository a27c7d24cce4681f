"""Block Kit builders: escaping of hostile text, Slack's limits, valid blocks and a fallback text everywhere."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from spa_copilot import fill
from spa_copilot.domain import Alert, MessagingPreferences
from spa_copilot.slack import blocks, ids, texts
from spa_copilot.slack.blocks import SlackMessage, escape, join_lines, truncate
from spa_copilot.slack.views_models import (
    AwayDay,
    BookedFill,
    BookEntry,
    BookGap,
    BriefingItem,
    BriefingView,
    ClientCard,
    ClientMatch,
    ConflictState,
    ConflictView,
    DayBook,
    FillCandidate,
    FillProposalView,
    HomeView,
    Opening,
    PendingApproval,
    ProposalState,
    ProposalSummary,
    RiskView,
    StatusView,
    TherapistDay,
    Visit,
)

TZ = "America/New_York"
HOSTILE = "<!channel> & <@U0MANAGER1> <https://evil.example|click me>"
NINE = datetime(2025, 3, 14, 14, 0, tzinfo=UTC)  # 10:00am in New York


def at(minutes: int) -> datetime:
    return NINE + timedelta(minutes=minutes)


def day_book(therapists: int = 2, entries: int = 3, name: str = "Jane Doe") -> DayBook:
    return DayBook(
        day=date(2025, 3, 14),
        location_name="Downtown",
        time_zone=TZ,
        therapists=tuple(
            TherapistDay(
                staff_id=f"st_{t}",
                name=f"Therapist {t}",
                shift="9:00am–5:00pm",
                entries=tuple(
                    BookEntry(f"ap_{t}_{e}", at(e * 90), at(e * 90 + 60), name, "Swedish 60", room="Suite 2", flags=("allergy",))
                    for e in range(entries)
                ),
                gaps=tuple(BookGap(at(e * 90 + 60), at(e * 90 + 90)) for e in range(entries - 1)),
            )
            for t in range(therapists)
        ),
    )


def client_card(name: str = "Jane Doe", notes: str = "Prefers lavender oil.") -> ClientCard:
    return ClientCard(
        client_id="cl_0042",
        name=name,
        preferences=("firm pressure", "lavender"),
        allergies=("nuts",),
        alerts=(Alert(text="Latex allergy", severity="critical"),),
        consent=MessagingPreferences(transactional_text="optedIn", marketing_text="optedOut"),
        last_visits=(Visit(date(2025, 2, 1), "Hot stone 90", "Maya"), Visit(date(2024, 12, 1), "Facial", None, "noShow")),
        next_visit=Visit(date(2025, 3, 20), "Swedish 60"),
        tags=("vip",),
        notes=notes,
        risk=RiskView("high", 0.31, ("two late cancels",)),
    )


def conflict(state: ConflictState = ConflictState.open, title: str = "Maya double-booked") -> ConflictView:
    return ConflictView(
        conflict_id="cf_001",
        kind="doubleBookedStaff",
        title=title,
        detail="Swedish 60 and Facial overlap by 30 min",
        fix="Move the Facial to 11:00am with Ana",
        severity="warning",
        starts_at=at(0),
        time_zone=TZ,
        appointment_ids=("ap_1", "ap_2"),
        state=state,
        handled_by="U0MANAGER1" if state != ConflictState.open else None,
        handled_at=at(5) if state != ConflictState.open else None,
        snoozed_until=at(65) if state == ConflictState.snoozed else None,
        location_name="Juniper & Salt SoHo",
    )


def proposal(
    state: ProposalState = ProposalState.pending,
    *,
    read_only: bool = False,
    candidates: int = 3,
    first_name: str = "Jane",
    draft: str = "Hi Jane, a 10:00am Swedish 60 just opened with Maya today. Reply YES to book.",
) -> FillProposalView:
    return FillProposalView(
        proposal_id="fp_007",
        revision=2,
        opening=Opening("ap_9", at(0), at(60), "Swedish 60", TZ, staff_name="Maya", room="Suite 2", location_name="Downtown",
                        staff_ids=("st_maya",)),
        candidates=tuple(FillCandidate(f"cl_{i}", first_name if i == 0 else f"Cand{i}", ("on waitlist", "likes Maya"), 0.9 - i / 10) for i in range(candidates)),
        draft=draft,
        state=state,
        decided_by="U0MANAGER1" if state != ProposalState.pending else None,
        decided_at=at(3) if state != ProposalState.pending else None,
        reason="too late" if state == ProposalState.rejected else "",
        read_only=read_only,
        model="gpt-4o-mini",
    )


def status() -> StatusView:
    return StatusView(mode="approve", model="offline", platform="sandbox", last_poll_at=at(0), pending_approvals=2, time_zone=TZ)


def briefing(items: int = 3) -> BriefingView:
    return BriefingView(
        therapist_name="Maya",
        day=date(2025, 3, 14),
        time_zone=TZ,
        summary="A calm day; one first visit.",
        ai_generated=True,
        items=tuple(
            BriefingItem(
                at(i * 60), at(i * 60 + 60), "Jane", "Swedish 60", room="Suite 2", first_visit=i == 0,
                highlights=("likes silence",), cautions=("nut allergy",), notes="Bad knee.\nNo lavender.",
                risk=RiskView("low"),
            )
            for i in range(items)
        ),
    )


def home(is_manager: bool = True, pending: int = 2) -> HomeView:
    return HomeView(
        user_id="U0MANAGER1",
        is_manager=is_manager,
        status=status(),
        today=day_book(),
        pending=tuple(PendingApproval(f"fp_{i}", f"Fill 10:00am Swedish for Jane #{i}") for i in range(pending)),
    )


ALL_MESSAGES: dict[str, Any] = {
    "help": lambda: blocks.help_message(),
    "help_bad_input": lambda: blocks.help_message(problem="todya", suggestion="today", not_understood=True),
    "error": lambda: blocks.error_message("err_abc123"),
    "refusal": lambda: blocks.refusal_message("approving a fill"),
    "not_staff": lambda: blocks.not_staff_message(),
    "notice": lambda: blocks.notice_message("Added to the waitlist."),
    "list": lambda: blocks.list_message("Waitlist", ["Jane — Swedish 60, Fri 2–6pm"], footer="1 waiting"),
    "list_empty": lambda: blocks.list_message("Audit", []),
    "day_book": lambda: blocks.day_book_message(day_book()),
    "day_book_empty": lambda: blocks.day_book_message(DayBook(date(2025, 3, 14), "Downtown", TZ)),
    "client_card": lambda: blocks.client_card_message(client_card()),
    "client_card_bare": lambda: blocks.client_card_message(ClientCard("cl_1", "Ann")),
    "client_matches": lambda: blocks.client_matches_message("Jan", [ClientMatch("cl_1", "Jane Doe", date(2025, 1, 2)), ClientMatch("cl_2", "Janet Roe")]),
    "conflict_open": lambda: blocks.conflict_alert_message(conflict()),
    "conflict_acked": lambda: blocks.conflict_alert_message(conflict(ConflictState.acknowledged)),
    "conflict_snoozed": lambda: blocks.conflict_alert_message(conflict(ConflictState.snoozed)),
    "conflict_resolved": lambda: blocks.conflict_alert_message(conflict(ConflictState.resolved)),
    "conflict_burst": lambda: blocks.conflict_burst_message([conflict(), conflict()], day=date(2025, 3, 14)),
    "conflict_burst_open": lambda: blocks.conflict_burst_message(
        [conflict(ConflictState.acknowledged), conflict()], day=date(2025, 3, 14), location_id="loc_soho"
    ),
    "conflict_burst_acked": lambda: blocks.conflict_burst_message(
        [conflict(ConflictState.acknowledged)] * 2, day=date(2025, 3, 14), location_id="loc_soho", zones=(TZ,)
    ),
    "briefing": lambda: blocks.briefing_message(briefing()),
    "briefing_empty": lambda: blocks.briefing_message(briefing(0)),
    "fill_pending": lambda: blocks.fill_proposal_message(proposal()),
    "fill_read_only": lambda: blocks.fill_proposal_message(proposal(read_only=True)),
    "fill_no_candidates": lambda: blocks.fill_proposal_message(proposal(candidates=0)),
    "fill_waiting_for_texting_hours": lambda: blocks.fill_proposal_message(proposal(ProposalState.approved), hold_back=True),
    **{f"fill_{s.value}": (lambda s=s: blocks.fill_proposal_message(proposal(s))) for s in ProposalState if s != ProposalState.pending},
    "status": lambda: blocks.status_message(status()),
}

ALL_VIEWS: dict[str, Any] = {
    "edit_modal": lambda: blocks.edit_draft_modal("fp_007", 2, "Hi <Jane> & co", client_first_name="Jane", context={"channel": "C1", "ts": "1.2"}),
    "reject_modal": lambda: blocks.reject_reason_modal("fp_007", 2),
    "home_manager": lambda: blocks.home_view(home()),
    "home_staff": lambda: blocks.home_view(home(is_manager=False)),
    "home_outsider": lambda: blocks.outsider_home_view(),
    "proposal_modal": lambda: blocks.proposal_modal(
        ProposalSummary("fp_007", HOSTILE, "pending", HOSTILE, HOSTILE, "https://spa.slack.com/archives/C1/p1?a=1&b=2")
    ),
    "proposal_modal_no_card": lambda: blocks.proposal_modal(ProposalSummary("fp_007", "Fill 10:00am", "pending", "Ava", "Hi")),
    "proposal_modal_decided": lambda: blocks.proposal_modal(ProposalSummary("fp_007", "Fill 10:00am", "rejected")),
    "notice_modal": lambda: blocks.notice_modal(texts.REFUSAL_MODAL_TITLE, HOSTILE),
}


def all_text(value: Any) -> str:
    """Every string in a JSON-able structure, joined (to look for what a user could see)."""
    return json.dumps(value, ensure_ascii=False)


def action_ids(dicts: list[dict[str, Any]]) -> set[str]:
    found: set[str] = set()
    for block in dicts:
        for element in block.get("elements", []) + ([block["accessory"]] if "accessory" in block else []):
            if "action_id" in element:
                found.add(element["action_id"])
    return found


@pytest.mark.parametrize("name", sorted(ALL_MESSAGES))
def test_every_message_has_valid_blocks_and_a_fallback_text(name: str) -> None:
    message: SlackMessage = ALL_MESSAGES[name]()
    kwargs = message.to_kwargs()
    assert kwargs["text"].strip()
    assert 1 <= len(kwargs["blocks"]) <= blocks.MAX_MESSAGE_BLOCKS
    for data in kwargs["blocks"]:
        Block.parse(data).validate_json()  # round-trips through slack_sdk's validating classes


@pytest.mark.parametrize("name", sorted(ALL_VIEWS))
def test_every_view_is_valid(name: str) -> None:
    view: View = ALL_VIEWS[name]()
    view.validate_json()
    data = view.to_dict()
    assert data["type"] in ("modal", "home")
    assert 1 <= len(data["blocks"]) <= blocks.MAX_VIEW_BLOCKS


def test_escape_neutralises_slack_control_sequences() -> None:
    assert escape("<!channel> & <@U1> <https://x|y>") == "&lt;!channel&gt; &amp; &lt;@U1&gt; &lt;https://x|y&gt;"
    assert escape("plain") == "plain"


HOSTILE_BUILDERS = {
    "day_book": lambda: blocks.day_book_message(day_book(name=HOSTILE)),
    "client_card": lambda: blocks.client_card_message(client_card(name=HOSTILE, notes=HOSTILE)),
    "client_matches": lambda: blocks.client_matches_message(HOSTILE, [ClientMatch("cl_1", HOSTILE)]),
    "conflict": lambda: blocks.conflict_alert_message(conflict(title=HOSTILE)),
    "fill": lambda: blocks.fill_proposal_message(proposal(first_name=HOSTILE, draft=HOSTILE)),
    "list": lambda: blocks.list_message(HOSTILE, [HOSTILE], footer=HOSTILE),
    "help": lambda: blocks.help_message(problem=HOSTILE, suggestion="today", not_understood=True),
    "help_problem": lambda: blocks.help_message(problem=HOSTILE, suggestion="today"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_BUILDERS))
def test_hostile_names_render_as_text(name: str) -> None:
    kwargs = HOSTILE_BUILDERS[name]().to_kwargs()
    rendered = all_text(kwargs)
    assert "<!channel>" not in rendered
    assert "<@U0MANAGER1>" not in rendered
    assert "<https://evil.example" not in rendered
    # the help quotes a mention back as typed ("@channel", verbatim text, never a live mention); the rest as escaped
    assert ("@channel &amp;" if name.startswith("help") else "&lt;!channel&gt;") in rendered
    for block in kwargs["blocks"]:
        for text in _text_objects(block):
            if text["type"] == "mrkdwn":
                assert text.get("verbatim") is True  # no auto-linking of bare @channel or URLs


def _text_objects(value: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(value, dict):
        if value.get("type") in ("mrkdwn", "plain_text") and "text" in value:
            found.append(value)
        for child in value.values():
            found += _text_objects(child)
    elif isinstance(value, list):
        for child in value:
            found += _text_objects(child)
    return found


def test_our_own_mentions_survive_but_forged_ids_do_not() -> None:
    rendered = all_text(blocks.fill_proposal_message(proposal(ProposalState.approved)).to_kwargs())
    assert "<@U0MANAGER1>" in rendered  # the approver, from Slack
    assert blocks.mention("<!channel>") == "&lt;!channel&gt;"


def test_edit_modal_keeps_the_raw_draft_and_its_context() -> None:
    view = blocks.edit_draft_modal("fp_007", 2, "Hi <Jane> & co", client_first_name="Jane", context={"ts": "1.2"}).to_dict()
    element = view["blocks"][1]["element"]
    assert element["initial_value"] == "Hi <Jane> & co"  # the user edits text, not markup
    assert element["action_id"] == ids.EDIT_DRAFT_INPUT
    assert view["callback_id"] == ids.EDIT_DRAFT_VIEW
    assert blocks.decode_metadata(view["private_metadata"]) == {"proposal_id": "fp_007", "revision": 2, "ts": "1.2"}


def test_truncate_never_splits_an_entity() -> None:
    text = escape("a" * 8 + "<b>")  # "aaaaaaaa&lt;b&gt;"
    cut = truncate(text, 11)
    assert len(cut) <= 11 and cut.endswith("…")
    assert "&l…" not in cut and cut == "aaaaaaaa…"


def test_join_lines_ends_with_and_n_more() -> None:
    lines = [f"line {i:03d} " + "x" * 40 for i in range(200)]
    joined = join_lines(lines, 3000)
    assert len(joined) <= 3000
    shown = joined.count("\n")  # every shown line plus the more-line, minus one
    assert joined.endswith(f"…and {200 - shown} more")


def test_day_book_shows_a_long_day_over_sections_within_their_limit() -> None:
    message = blocks.day_book_message(day_book(therapists=1, entries=120))
    sections = [b["text"]["text"] for b in message.to_kwargs()["blocks"] if b["type"] == "section"]
    assert len(sections) > 1 and all(len(section) <= blocks.MAX_SECTION_TEXT for section in sections)
    assert "more appointments" not in "".join(sections) and "".join(sections).count("Jane Doe") == 120


def test_day_book_caps_at_fifty_blocks_with_a_more_line() -> None:
    message = blocks.day_book_message(day_book(therapists=80, entries=1))
    dicts = message.to_kwargs()["blocks"]
    assert len(dicts) == blocks.MAX_MESSAGE_BLOCKS
    more = [b for b in dicts if b["type"] == "context" and "more therapists" in b["elements"][0]["text"]]
    assert more and more[0]["elements"][0]["text"] == f"…and {80 - (blocks.MAX_MESSAGE_BLOCKS - 3)} more therapists"
    assert "80 appointments" in message.text  # the footer and fallback still count everything


def test_briefing_caps_at_fifty_blocks() -> None:
    dicts = blocks.briefing_message(briefing(items=40)).to_kwargs()["blocks"]
    assert len(dicts) <= blocks.MAX_MESSAGE_BLOCKS
    assert any("more appointments" in all_text(b) for b in dicts)


def test_home_tab_caps_at_a_hundred_blocks() -> None:
    view = blocks.home_view(home(pending=300)).to_dict()
    assert len(view["blocks"]) == blocks.MAX_VIEW_BLOCKS
    assert "…and" in all_text(view["blocks"][-1])


def test_header_and_button_limits() -> None:
    long_name = "A" * 400
    card = blocks.client_card_message(client_card(name=long_name)).to_kwargs()
    assert len(card["blocks"][0]["text"]["text"]) == blocks.MAX_HEADER_TEXT
    long_service = proposal()
    long_service = FillProposalView(**{**_fields(long_service), "opening": Opening("ap_9", at(0), at(60), "S" * 400, TZ)})
    header = blocks.fill_proposal_message(long_service).to_kwargs()["blocks"][0]["text"]["text"]
    assert len(header) <= blocks.MAX_HEADER_TEXT
    with pytest.raises(ValueError):
        blocks._button("x", ids.APPROVE_FILL, "v" * (blocks.MAX_BUTTON_VALUE + 1))
    button = blocks._button("B" * 100, ids.APPROVE_FILL, "v")
    assert len(button.to_dict()["text"]["text"]) == blocks.MAX_BUTTON_TEXT


def _fields(view: FillProposalView) -> dict[str, Any]:
    return {name: getattr(view, name) for name in FillProposalView.__dataclass_fields__}


def test_long_notes_and_draft_fit_their_sections() -> None:
    card = blocks.client_card_message(client_card(notes="note line\n" * 2000)).to_kwargs()
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in card["blocks"])
    fill = blocks.fill_proposal_message(proposal(draft="word " * 2000)).to_kwargs()
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in fill["blocks"])


def test_pending_fill_has_the_four_buttons_with_the_proposal_revision() -> None:
    dicts = blocks.fill_proposal_message(proposal()).to_kwargs()["blocks"]
    actions = next(b for b in dicts if b["type"] == "actions")
    assert [e["action_id"] for e in actions["elements"]] == [ids.APPROVE_FILL, ids.EDIT_FILL, ids.NEXT_CANDIDATE, ids.REJECT_FILL]
    assert {ids.parse_proposal_value(e["value"]) for e in actions["elements"]} == {("fp_007", 2)}
    assert "confirm" in actions["elements"][0]


def _draft_section(view: FillProposalView) -> str:
    """The draft's heading and, on the next line, the draft as the card shows it (plain text, verbatim)."""
    texts_ = [b["text"]["text"] for b in blocks.fill_proposal_message(view).to_kwargs()["blocks"] if b.get("text")]
    index = next(i for i, text in enumerate(texts_) if text.startswith("*Draft SMS to"))
    return texts_[index] + "\n" + texts_[index + 1]


def test_the_draft_says_what_its_candidate_is_offered_when_it_is_not_the_opening() -> None:
    view = proposal()
    offered = FillCandidate("cl_0", "Jane", ("wants Hot Stone 90, a similar massage service",), 0.8,
                            service_name="Hot Stone 90", staff_name="Bea", staff_id="st_bea")
    view = dataclasses.replace(view, candidates=(offered, *view.candidates[1:]))
    assert _draft_section(view).startswith("*Draft SMS to Jane* · offers Hot Stone 90 with Bea, instead of Swedish 60 with Maya\nHi Jane")
    assert "Fill the 10:00am Swedish 60 opening" in all_text(blocks.fill_proposal_message(view).to_kwargs())
    # The next candidate's heading names what they are offered (here the opening's own service and therapist).
    nxt = dataclasses.replace(view, current_index=1, candidates=(offered, FillCandidate("cl_1", "Cand1", service_name="Swedish 60", staff_name="Maya", staff_id="st_maya")))
    assert _draft_section(nxt).startswith("*Draft SMS to Cand1* · offers Swedish 60 with Maya\n")
    # A candidate stored without the offer (an older row) keeps the plain heading.
    assert _draft_section(proposal()).startswith("*Draft SMS to Jane*\nHi")


def test_last_candidate_has_no_next_button_and_decided_cards_no_buttons() -> None:
    last = blocks.fill_proposal_message(proposal(candidates=1)).to_kwargs()["blocks"]
    assert ids.NEXT_CANDIDATE not in action_ids(last)
    for state in ProposalState:
        if state == ProposalState.pending:
            continue
        decided = blocks.fill_proposal_message(proposal(state)).to_kwargs()["blocks"]
        assert not action_ids(decided), state
    read_only = blocks.fill_proposal_message(proposal(read_only=True)).to_kwargs()
    assert not action_ids(read_only["blocks"])
    assert texts.READ_ONLY_NOTE in all_text(read_only)


def test_a_booked_card_dates_the_approval_not_the_booking() -> None:
    booked = all_text(blocks.fill_proposal_message(proposal(ProposalState.booked)).to_kwargs())
    assert "Booked (the text approved by <@U0MANAGER1> at " in booked
    rejected = all_text(blocks.fill_proposal_message(proposal(ProposalState.rejected)).to_kwargs())
    assert "Rejected by <@U0MANAGER1> at " in rejected


def test_a_booked_card_says_the_text_was_sent_and_what_was_booked_in_one_sentence() -> None:
    booked = BookedFill("Jane", "Swedish 60", "Wed 2 Dec, 10:00am–11:00am", staff_name="Maya", appointment_id="apt_42")
    view = dataclasses.replace(proposal(ProposalState.booked), booked=booked)
    card = blocks.fill_proposal_message(view).to_kwargs()
    shown = all_text(card)
    assert "*SMS sent to Jane*" in shown and "Draft SMS" not in shown
    assert (":tada: Booked: Jane replied YES — Swedish 60 with Maya, Wed 2 Dec, 10:00am–11:00am. "
            "Text approved by <@U0MANAGER1> at ") in shown
    assert "(appointment" not in shown and "appointment `apt_42`" in shown  # a context detail for the front desk
    assert "*SMS sent to Jane*" in all_text(blocks.fill_proposal_message(proposal(ProposalState.sent)).to_kwargs())
    assert "*Draft SMS to Jane*" in all_text(blocks.fill_proposal_message(proposal(ProposalState.rejected)).to_kwargs())


def test_proposal_view_reads_the_booking_from_the_stored_fields_not_the_sentence() -> None:
    row = {
        "id": "fp_1", "revision": 3, "status": "booked", "current_index": 0, "draft": "Hi Ada",
        "decided_by": "U0MANAGER1", "decided_at": "2026-12-02T03:31:00+00:00",
        # The sentence is for the thread and the audit; its wording (and its service, time and id) is not read.
        "reason": "Booked something else entirely at noon (appointment apt_wrong)",
        "booked": {"appointment_id": "apt_f0f7c734f4e2", "client_id": "cl_1", "first_name": "Ada",
                   "service_id": "sv_deep", "service_name": "Deep Tissue 90", "staff_id": "st_ana",
                   "staff_first_name": "Ana", "start": "2026-12-02T19:30:00+00:00", "end": "2026-12-02T21:00:00+00:00"},
        "opening": {"appointment_id": "ap_1", "start": "2026-12-02T19:00:00+00:00", "end": "2026-12-02T20:00:00+00:00",
                    "service_name": "Swedish Massage 60", "time_zone": "America/New_York"},
        "candidates": [{"client_id": "cl_1", "first_name": "Ada", "reasons": [], "score": 0.6,
                        "service_name": "Swedish Massage 60", "staff_first_name": "Maya",
                        "start": "2026-12-02T19:00:00+00:00", "end": "2026-12-02T20:00:00+00:00"}],
    }
    view = fill.proposal_view(row)
    assert view.booked == BookedFill("Ada", "Deep Tissue 90", "Wed 2 Dec, 2:30pm–4:00pm", staff_name="Ana",
                                     appointment_id="apt_f0f7c734f4e2")
    shown = all_text(blocks.fill_proposal_message(view).to_kwargs())
    assert ("Booked: Ada replied YES — Deep Tissue 90 with Ana, Wed 2 Dec, 2:30pm–4:00pm. "
            "Text approved by <@U0MANAGER1> at Tue 1 Dec 10:31pm America/New_York time.") in shown  # the night before
    assert "appointment `apt_f0f7c734f4e2`" in shown and "apt_wrong" not in shown and "noon" not in shown
    assert fill.proposal_view({**row, "status": "sent", "reason": None}).booked is None


def test_a_card_booked_before_the_fields_were_stored_shows_its_sentence() -> None:
    row = {
        "id": "fp_1", "revision": 3, "status": "booked", "current_index": 0, "draft": "Hi Ada",
        "decided_by": "U0MANAGER1", "decided_at": "2026-12-02T03:31:00+00:00", "booked": None,
        "reason": "Ada replied YES: booked Swedish Massage 60 2:00pm–3:00pm (appointment apt_f0f7c734f4e2)",
        "opening": {"appointment_id": "ap_1", "start": "2026-12-02T19:00:00+00:00", "end": "2026-12-02T20:00:00+00:00",
                    "service_name": "Swedish Massage 60", "time_zone": "America/New_York"},
        "candidates": [{"client_id": "cl_1", "first_name": "Ada", "reasons": [], "score": 0.6,
                        "service_name": "Swedish Massage 60", "staff_first_name": "Ana"}],
    }
    view = fill.proposal_view(row)
    assert view.booked is None
    shown = all_text(blocks.fill_proposal_message(view).to_kwargs())
    assert (":tada: Booked (the text approved by <@U0MANAGER1> at 10:31pm): Ada replied YES: booked Swedish Massage "
            "60 2:00pm–3:00pm (appointment apt_f0f7c734f4e2)") in shown
    assert "*SMS sent to Ada*" in shown


def test_conflict_buttons_only_while_open() -> None:
    assert "Move the Facial to 11:00am with Ana" in all_text(blocks.conflict_alert_message(conflict()).to_kwargs())
    assert action_ids(blocks.conflict_alert_message(conflict()).to_kwargs()["blocks"]) == {ids.ACK_CONFLICT, ids.SNOOZE_CONFLICT}
    acked = blocks.conflict_alert_message(conflict(ConflictState.acknowledged)).to_kwargs()
    assert not action_ids(acked["blocks"])
    assert "Acknowledged by <@U0MANAGER1> at 10:05am" in all_text(acked)


def test_help_lists_every_subcommand_and_suggests() -> None:
    message = blocks.help_message(problem="todya", suggestion="today", not_understood=True)
    rendered = all_text(message.to_kwargs())
    for command in texts.SUBCOMMANDS:
        assert f"/spa {command.usage}" in rendered.replace("&lt;", "<").replace("&gt;", ">")
    assert "I didn't understand `todya`. Did you mean `/spa today`?" in rendered


def test_help_states_a_refusal_reason_as_a_sentence() -> None:
    rendered = all_text(blocks.help_message(problem="bogus is not a date", suggestion="risk tomorrow").to_kwargs())
    assert "bogus is not a date. Did you mean `/spa risk tomorrow`?" in rendered
    assert "didn't understand" not in rendered
    staff_help = all_text(blocks.help_message(is_manager=False).to_kwargs())
    assert "/spa audit" not in staff_help


def test_help_for_a_known_command_refused_shows_only_its_usage_and_a_pointer() -> None:
    """On a phone the fix stays in view: "waitlist add needs …" is followed by the waitlist's usage, not by every
    command's; the full help is one command away."""
    message = blocks.help_message(problem="waitlist add needs a window", command="waitlist")
    rendered = all_text(message.to_kwargs()).replace("&lt;", "<").replace("&gt;", ">")
    waitlist = next(c for c in texts.SUBCOMMANDS if c.name == "waitlist")
    assert "waitlist add needs a window." in rendered and f"/spa {waitlist.usage}" in rendered
    assert "`/spa help` lists every command." in rendered
    for command in texts.SUBCOMMANDS:
        if command.name != "waitlist":
            assert f"*`/spa {command.usage}`*" not in rendered, command.name
    # a managers-only command refused to a non-manager, or an unknown name: the help they may use
    audit_for_staff = all_text(blocks.help_message(problem="x", command="audit", is_manager=False).to_kwargs())
    assert "/spa audit" not in audit_for_staff and "/spa today" in audit_for_staff
    assert "lists every command" not in all_text(blocks.help_message(problem="x", command="nope").to_kwargs())


def test_suggest_subcommand() -> None:
    assert texts.suggest_subcommand("todya") == "today"
    assert texts.suggest_subcommand("clinet") == "client"
    assert texts.suggest_subcommand("xyzzy") is None


def test_proposal_value_round_trip_and_rejects_garbage() -> None:
    assert ids.parse_proposal_value(ids.proposal_value("fp_1", 3)) == ("fp_1", 3)
    for bad in ("fp_1", "fp_1|x", "|3", ""):
        with pytest.raises(ValueError):
            ids.parse_proposal_value(bad)
    with pytest.raises(ValueError):
        ids.proposal_value("a|b", 1)


def test_action_ids_are_all_registered() -> None:
    used: set[str] = set()
    for build in ALL_MESSAGES.values():
        used |= action_ids(build().to_kwargs()["blocks"])
    for build in ALL_VIEWS.values():
        used |= action_ids(build().to_dict()["blocks"])
    assert used <= ids.ACTION_IDS
    assert ids.ACTION_IDS - used == set()  # every registered id is used by some builder


def test_times_are_shown_in_the_location_zone() -> None:
    rendered = all_text(blocks.day_book_message(day_book(therapists=1, entries=1)).to_kwargs())
    assert "10:00am–11:00am" in rendered


def test_day_book_shows_visitors_and_where_else_each_is_booked_and_counts_appointments_not_lines() -> None:
    four_hands = BookEntry("ap_four", at(0), at(60), "Ava S.", "Four Hands")
    away = AwayDay("Juniper & Salt Venice", "America/Los_Angeles", (BookEntry("ap_v", at(300), at(360), "Lucas M.", "Swedish 60"),))
    uptown = AwayDay("Uptown", TZ, (BookEntry("ap_u", at(420), at(480), "Mo R.", "Facial"),))
    book = DayBook(
        day=date(2025, 3, 14),
        location_name="Juniper & Salt SoHo",
        time_zone=TZ,
        therapists=(
            TherapistDay("st_1", "Hana Sato", (four_hands,), shift="09:00–17:00", away=(away, uptown)),
            TherapistDay(
                "st_2", "Kai Nakamura",
                (four_hands, BookEntry("ap_2", at(90), at(150), "Bo K.", "Facial"), BookEntry("ap_2", at(150), at(180), "Bo K.", "Mask")),
                visiting_from="Juniper & Salt Venice",
            ),
        ),
        unassigned=(BookEntry("ap_3", at(120), at(180), "Cy D.", "Swedish 60"),),
        unread=("Juniper & Salt Tribeca",),
    )
    message = blocks.day_book_message(book)
    rendered = all_text(message.to_kwargs())
    assert "*Kai Nakamura*  ·  visiting from Juniper &amp; Salt Venice, no shift here" in rendered
    assert "_Also booked at Juniper &amp; Salt Venice:_" in rendered
    assert "*12:00pm–1:00pm PDT*  Lucas M." in rendered, "another zone's times are labelled"
    assert "*5:00pm–6:00pm*  Mo R." in rendered, "the same zone's are not"
    assert "*Unassigned*" in rendered and "Cy D." in rendered
    # the four-hands booking on two rows and the two services of one booking count once; away ones are not here
    assert "3 appointments" in message.text
    assert "could not read the book of Juniper &amp; Salt Tribeca just now" in rendered
    home_text = all_text(blocks.home_view(HomeView("U1", False, status(), today=book)).to_dict())
    assert "*Hana Sato* — 1 appointment, 0 gaps · 09:00–17:00 · also booked at Juniper &amp; Salt Venice and Uptown" in home_text
    assert "*Kai Nakamura* — 2 appointments, 0 gaps · visiting from Juniper &amp; Salt Venice" in home_text


def test_message_refuses_more_than_fifty_blocks() -> None:
    with pytest.raises(ValueError):
        SlackMessage(text="x", blocks=[blocks._section("x") for _ in range(51)])


def mrkdwn_texts(value: Any) -> list[str]:
    """Every mrkdwn text in a JSON-able structure of blocks."""
    if isinstance(value, dict):
        found = [value["text"]] if value.get("type") == "mrkdwn" else []
        return found + [t for v in value.values() for t in mrkdwn_texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in mrkdwn_texts(v)]
    return []


#: What may stand between ``<`` and ``>`` in our mrkdwn: a user mention we minted, or a link.
_MARKUP = re.compile(r"<(?!@[UW][A-Z0-9]+>)(?!https://[^|>]+\|[^>]+>)[^>]*>")


@pytest.mark.parametrize("name", sorted(ALL_MESSAGES) + sorted(ALL_VIEWS))
def test_no_literal_angle_brackets_reach_mrkdwn(name: str) -> None:
    built = (ALL_MESSAGES.get(name) or ALL_VIEWS[name])()
    data = built.to_kwargs()["blocks"] if isinstance(built, SlackMessage) else built.to_dict()["blocks"]
    for text in mrkdwn_texts(data):
        assert not _MARKUP.search(text), f"{name}: {text[:200]!r}"


def test_client_matches_shows_the_id_placeholder_as_text() -> None:
    shown = all_text(ALL_MESSAGES["client_matches"]().to_kwargs())
    assert "/spa client &lt;id&gt;" in shown


def test_approve_confirm_text_fits_slacks_300_characters() -> None:
    message = blocks.fill_proposal_message(proposal(first_name="Anastasia-" * 40))
    button = next(e for b in message.blocks_as_dicts() if b["type"] == "actions" for e in b["elements"]
                  if e["action_id"] == ids.APPROVE_FILL)
    assert 0 < len(button["confirm"]["text"]["text"]) <= blocks.MAX_CONFIRM_TEXT


def test_the_edit_modal_holds_one_sms() -> None:
    from spa_copilot import fill

    assert blocks.MAX_DRAFT_LENGTH == fill.SMS_LIMIT
    modal = blocks.edit_draft_modal("fp_1", 0, "x" * 500, client_first_name="Ava").to_dict()
    element = modal["blocks"][1]["element"]
    assert element["max_length"] == fill.SMS_LIMIT and len(element["initial_value"]) == fill.SMS_LIMIT


def test_status_times_carry_their_zone() -> None:
    shown = all_text(blocks.status_message(status()).to_kwargs())
    assert "last poll 10:00am EDT" in shown  # 14:00 UTC on 14 March 2025
    failing = StatusView("approve", "offline", "sandbox", sync_ok=False, failing_since=at(-30), failing_error="<x>")
    assert "Calendar sync failing since 1:30pm UTC (&lt;x&gt;)." in all_text(blocks.status_message(failing).to_kwargs())


def test_the_outsider_home_shows_only_the_polite_line() -> None:
    shown = all_text(blocks.outsider_home_view().to_dict())
    assert escape(texts.HOME_NOT_ALLOWED_TEXT) in shown and ids.HOME_REFRESH not in shown


def test_the_proposal_modal_links_to_the_card_and_escapes_the_rest() -> None:
    shown = all_text(ALL_VIEWS["proposal_modal"]().to_dict())
    assert f"<https://spa.slack.com/archives/C1/p1?a=1&amp;b=2|{texts.PROPOSAL_CARD_LINK}>" in shown
    assert "<!channel>" not in shown and "&lt;!channel&gt;" in shown


def test_an_alert_says_which_day_and_which_location() -> None:
    card = json.dumps(blocks.conflict_alert_message(conflict()).to_kwargs()["blocks"])
    day = at(0).astimezone(ZoneInfo(TZ))
    assert f"{day:%a} {day.day} {day:%b}" in card  # the day: an alert may be about tomorrow
    assert "Juniper &amp; Salt SoHo" in card  # one channel may serve several locations
    summary = blocks.conflict_burst_message([conflict()] * 3, day=day.date()).to_kwargs()
    assert "at Juniper &amp; Salt SoHo" in summary["text"]


def test_a_burst_summary_redrawn_with_one_conflict_left_says_one_conflict() -> None:
    """The summary is redrawn as its conflicts are handled; the last one left is "1 conflict", not "1 conflicts"."""
    day = at(0).astimezone(ZoneInfo(TZ)).date()
    assert blocks.conflict_burst_message([conflict()], day=day).text.startswith("1 conflict on ")
    assert blocks.conflict_burst_message([conflict()] * 2, day=day).text.startswith("2 conflicts on ")


def test_a_fill_card_without_candidates_says_so_in_its_notification() -> None:
    message = blocks.fill_proposal_message(proposal(ProposalState.expired, candidates=0))
    # a staff-eye review: "no eligible candidates (expired)" read as if the slot had passed (it was 9 hours away)
    assert message.text.endswith("Swedish 60: nobody on the waitlist can take it"), message.text
    assert blocks.fill_proposal_message(proposal()).text.endswith("Swedish 60 for Jane")


def test_a_low_risk_gives_no_reasons_and_a_higher_one_does() -> None:
    """Reasons say what raises a risk: beside "low (17%)", "11 no-shows in the past year" reads as a contradiction."""
    from dataclasses import replace

    def shown(risk: RiskView) -> str:
        message = blocks.client_card_message(replace(client_card(), risk=risk))
        return json.dumps([block.to_dict() for block in message.blocks], ensure_ascii=False)

    low = shown(RiskView("low", 0.17, ("11 no-shows in the past year",)))
    assert "*low* (17%)" in low and "11 no-shows" not in low
    medium = shown(RiskView("medium", 0.24, ("booked 40 days ahead",)))
    assert "*medium* (24%) — booked 40 days ahead" in medium


def test_an_offer_of_the_openings_service_with_another_therapist_says_which_it_replaces() -> None:
    """The fill card's title names the opening; a draft offering another therapist (or service) says so beside it, so
    a manager approving in a glance sees the freed slot is not the one offered."""
    view = proposal()
    other = FillCandidate("cl_0", "Jane", service_name="Swedish 60", staff_name="Bea", staff_id="st_bea")
    same = FillCandidate("cl_0", "Jane", service_name="Swedish 60", staff_name="Maya", staff_id="st_maya")
    assert _draft_section(dataclasses.replace(view, candidates=(other,))).startswith(
        "*Draft SMS to Jane* · offers Swedish 60 with Bea, instead of Swedish 60 with Maya\n"
    )
    assert _draft_section(dataclasses.replace(view, candidates=(same,))).startswith("*Draft SMS to Jane* · offers Swedish 60 with Maya\n")


def test_an_opening_nobody_can_take_is_said_so_not_expired() -> None:
    """A card posted with no candidate did not run out of time: "⌛ Expired at 9:00am" at posting read as a missed
    deadline; a proposal whose offers ran out keeps "Expired"."""
    nobody = dataclasses.replace(proposal(ProposalState.expired, candidates=0), reason="nobody on the waitlist can take this slot")
    text = all_text(blocks.fill_proposal_message(nobody).to_kwargs())
    assert ":hourglass: Nothing to offer: nobody on the waitlist can take this slot" in text and "Expired" not in text
    ran_out = dataclasses.replace(proposal(ProposalState.expired), reason="no reply in time")
    assert ":hourglass: Expired" in all_text(blocks.fill_proposal_message(ran_out).to_kwargs())


def test_a_four_hands_openings_second_therapist_is_one_of_its_own() -> None:
    """The opening of a four-hands booking freed two therapists' hours: offering it with the second is no other
    therapist (a comparison of first names took only the first of "Maya Lin, Bea Ortiz")."""
    four_hands = dataclasses.replace(
        proposal().opening, staff_name="Maya Lin, Bea Ortiz", staff_ids=("st_maya", "st_bea")
    )
    bea = FillCandidate("cl_0", "Jane", service_name="Swedish 60", staff_name="Bea", staff_id="st_bea")
    view = dataclasses.replace(proposal(), opening=four_hands, candidates=(bea,))
    assert _draft_section(view).startswith("*Draft SMS to Jane* · offers Swedish 60 with Bea\n")
    kai = FillCandidate("cl_0", "Jane", service_name="Swedish 60", staff_name="Kai", staff_id="st_kai")
    assert _draft_section(dataclasses.replace(view, candidates=(kai,))).startswith(
        "*Draft SMS to Jane* · offers Swedish 60 with Kai, instead of Swedish 60 with Maya Lin and Bea Ortiz\n"
    )


def test_another_service_with_the_same_therapist_names_the_therapist_once() -> None:
    """Another service with the opening's own therapist: "with Zoe, instead of Signature Facial 60 with Zoe Laurent"
    read as two people; the opening's therapist is named only when the offer is with someone else."""
    view = proposal()
    maya = FillCandidate("cl_0", "Jane", service_name="Hot Stone 90", staff_name="Maya", staff_id="st_maya")
    assert _draft_section(dataclasses.replace(view, candidates=(maya,))).startswith(
        "*Draft SMS to Jane* · offers Hot Stone 90 with Maya, instead of Swedish 60\n"
    )


def test_approve_confirm_does_not_promise_the_text_goes_now() -> None:
    """At night an approved text waits for texting hours (TEXT_SEND_HOURS): the dialog says so, not only "will get"."""
    message = blocks.fill_proposal_message(proposal())
    button = next(e for b in message.blocks_as_dicts() if b["type"] == "actions" for e in b["elements"]
                  if e["action_id"] == ids.APPROVE_FILL)
    assert "outside texting hours, when texting hours open" in button["confirm"]["text"]["text"]


def test_the_help_notification_names_only_the_commands_its_reader_may_use() -> None:
    # a staff-eye review: a therapist's help notification listed "audit", which the help body hides from them
    managers = [c.name for c in texts.SUBCOMMANDS if c.managers_only]
    assert managers, "no managers-only command to check"
    therapist = blocks.help_message(is_manager=False).text
    manager = blocks.help_message(is_manager=True).text
    assert all(name not in therapist.split(": ", 1)[1].split(", ") for name in managers), therapist
    assert all(name in manager.split(": ", 1)[1].split(", ") for name in managers), manager
