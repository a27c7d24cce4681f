"""A client last seen before the history window is no new client when the spa system knows a visit (issue 7).

The model learned ``new_client`` from the platform's own ``newClient`` flag (the client's first appointment, from the
spa's whole record), while the copilot reads 24 months of history: a client whose last visit was 30 months ago used
to be scored, and given reasons, as a new client. The spa's ``lastVisitDate`` now says otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from spa_copilot.copilot import build_copilot
from spa_copilot.domain import NEW_CLIENT_REASON, Appointment, Client, HistoryRecord
from spa_copilot.platform.errors import PlatformNotFound
from spa_copilot.risk import model as risk_model
from spa_copilot.risk.bands import REASON_GROUPS
from spa_copilot.risk.features import Booking, clients_to_look_up
from spa_copilot.settings import Settings
from spa_copilot.store import Store
from tests import builders as b

NOW = datetime.fromisoformat("2026-12-03T15:00:00+00:00")
START = datetime.fromisoformat("2026-12-04T15:00:00+00:00")  # 10:00am in New York
LAPSED = date(2024, 6, 1)  # 30 months before: outside the 24-month history the copilot reads


@pytest.fixture(scope="module")
def model() -> risk_model.RiskModel:
    return risk_model.read_model(Path(__file__).resolve().parents[1] / "models")


def _booked(client_id: str) -> Appointment:
    return b.appointment(START, id=f"ap_{client_id}", client_id=client_id).model_copy(
        update={"created_at": NOW - timedelta(days=10)}
    )


def _regular_history() -> list[HistoryRecord]:
    """A regular guest's visit in the window: the history knows her, whatever her record says."""
    visit = NOW - timedelta(days=60)
    return [
        HistoryRecord(appointment_id="ap_old", client_id="cl_regular", location_id="loc_1", booked_at=visit - timedelta(days=7),
                      start_at=visit, service_id="sv_1", category="massage", price=120.0, outcome="completed")
    ]


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch, model: risk_model.RiskModel) -> dict[str, Booking]:
    """The bookings the model's features are computed from, by client; every reason group phrased."""
    bookings: dict[str, Booking] = {}
    real = risk_model.booking_features

    def spy(given: Sequence[Booking], history: Sequence[HistoryRecord], **kwargs: Any) -> Any:
        bookings.update({booking.client_id: booking for booking in given})
        return real(given, history, **kwargs)

    monkeypatch.setattr(risk_model, "booking_features", spy)
    monkeypatch.setattr(risk_model, "MIN_REASON_DELTA", -1.0)  # every group's phrase, whatever the model weighs
    monkeypatch.setattr(risk_model, "MAX_REASONS", len(REASON_GROUPS))
    return bookings


def test_a_client_last_seen_30_months_ago_is_not_new_and_a_new_one_still_is(
    model: risk_model.RiskModel, seen: dict[str, Booking]
) -> None:
    book = [_booked("cl_lapsed"), _booked("cl_new"), _booked("cl_regular")]
    clients = {
        "cl_lapsed": b.client("cl_lapsed", last_visit_date=LAPSED),
        "cl_new": b.client("cl_new"),
        "cl_regular": b.client("cl_regular", last_visit_date=(NOW - timedelta(days=60)).date()),
    }
    scores = model.score(book, _regular_history(), [b.service()], [b.location()], NOW, clients=clients)
    assert {cid: booking.new_client for cid, booking in seen.items()} == {
        "cl_lapsed": False, "cl_new": True, "cl_regular": False
    }
    lapsed = scores["ap_cl_lapsed"].reasons
    assert NEW_CLIENT_REASON not in lapsed, lapsed
    # said from the spa's record (the history read has no visit of hers), once for the newness and recency groups
    days = (_booked("cl_lapsed").created_at.date() - LAPSED).days  # type: ignore[union-attr]
    assert lapsed.count(f"booked {days} days after their last visit") == 1, lapsed
    assert NEW_CLIENT_REASON in scores["ap_cl_new"].reasons, scores["ap_cl_new"].reasons
    assert not any("after their last visit" in reason for reason in scores["ap_cl_new"].reasons)


def test_a_visit_after_the_booking_was_made_is_not_said_as_the_last_before_it(
    model: risk_model.RiskModel, seen: dict[str, Booking]
) -> None:
    # booked on 23 November, visited on the 30th (not yet in the history read): not new, no figure from before
    visited = {"cl_since": b.client("cl_since", last_visit_date=date(2026, 11, 30))}
    reasons = model.score([_booked("cl_since")], [], [b.service()], [b.location()], NOW, clients=visited)["ap_cl_since"].reasons
    assert seen["cl_since"].new_client is False
    assert NEW_CLIENT_REASON not in reasons and "no visit on record when this was booked" in reasons, reasons


def test_without_the_clients_records_scoring_is_as_before(model: risk_model.RiskModel, seen: dict[str, Booking]) -> None:
    model.score([_booked("cl_lapsed")], [], [b.service()], [b.location()], NOW)
    assert seen["cl_lapsed"].new_client is True


@pytest.mark.parametrize(
    ("last_visit", "new"),
    [
        (date(2026, 12, 3), False),  # the day before the appointment's
        (date(2026, 12, 4), True),  # the appointment's own day: may be this very visit
        (date(2026, 12, 20), True),  # after it (a past appointment scored): says nothing of before it
    ],
)
def test_a_visit_counts_only_on_a_day_before_the_appointments_own(
    model: risk_model.RiskModel, seen: dict[str, Booking], last_visit: date, new: bool
) -> None:
    late = b.appointment(datetime.fromisoformat("2026-12-05T03:30:00+00:00"), id="ap_late", client_id="cl_x",
                         created_at=NOW - timedelta(days=2))  # one with no createdAt is not scored
    # 10:30pm on 4 December in New York, already the 5th in UTC
    model.score([late], [], [b.service()], [b.location()], NOW,
                clients={"cl_x": b.client("cl_x", last_visit_date=last_visit)})
    assert seen["cl_x"].new_client is new


def test_only_clients_the_history_does_not_know_before_their_appointment_need_a_look_up() -> None:
    earlier = b.appointment(NOW - timedelta(days=90), id="ap_earlier", client_id="cl_regular")  # before her visit
    book = [_booked("cl_lapsed"), _booked("cl_regular"), earlier]
    assert clients_to_look_up(book, _regular_history()) == {"cl_lapsed", "cl_regular"}
    assert clients_to_look_up(book[:2], _regular_history()) == {"cl_lapsed"}


class _Platform:
    """The spa system as the copilot's risk scoring reads it: history, catalog and client records (counted)."""

    def __init__(self, clients: Sequence[Client]) -> None:
        self.clients = {c.id: c for c in clients}
        self.reads: list[str] = []

    async def appointment_history(self, *, start: datetime, end: datetime) -> list[HistoryRecord]:
        return _regular_history()

    async def list_locations(self) -> list[Any]:
        return [b.location()]

    async def list_staff(self) -> list[Any]:
        return [b.staff()]

    async def list_services(self) -> list[Any]:
        return [b.service()]

    async def list_resources(self) -> list[Any]:
        return [b.room()]

    async def get_client(self, client_id: str) -> Client:
        self.reads.append(client_id)
        if client_id not in self.clients:
            raise PlatformNotFound(f"client {client_id}")
        return self.clients[client_id]


async def test_the_copilot_reads_only_the_records_it_needs_and_scores_with_them(
    settings: Settings, model: risk_model.RiskModel, seen: dict[str, Booking]
) -> None:
    platform = _Platform([b.client("cl_lapsed", last_visit_date=LAPSED), b.client("cl_new"),
                          b.client("cl_regular", last_visit_date=LAPSED)])
    copilot = build_copilot(settings, platform=platform, store=Store.memory(), clock=lambda: NOW,  # type: ignore[arg-type]
                            risk=model, slack_client=SimpleNamespace())  # type: ignore[arg-type]
    book = [_booked("cl_lapsed"), _booked("cl_new"), _booked("cl_regular"), _booked("cl_gone")]
    scores = await copilot.risk_scores(book)
    assert sorted(platform.reads) == ["cl_gone", "cl_lapsed", "cl_new"], "the history knows cl_regular already"
    assert {cid: booking.new_client for cid, booking in seen.items()} == {
        "cl_lapsed": False, "cl_new": True, "cl_regular": False, "cl_gone": True  # a record not found: history alone
    }
    assert NEW_CLIENT_REASON not in scores["ap_cl_lapsed"].reasons and NEW_CLIENT_REASON in scores["ap_cl_new"].reasons
    # a caller holding the records (briefings, the client card) passes them: nothing is read again
    platform.reads.clear()
    await copilot.risk_scores(book[:1], {"cl_lapsed": platform.clients["cl_lapsed"]})
    assert platform.reads == [] and seen["cl_lapsed"].new_client is False
