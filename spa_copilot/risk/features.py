"""Features of an appointment as of the moment it was booked: pure, vectorised, and free of leakage.

A past appointment informs a booking only if it had **started** before the booking was made
(``startAt < bookedAt``), whatever its outcome: by then a visit is under way or done, a no-show is evident,
and a cancellation (always made before the start) has happened. The history has no end time, so "started" is
the precise thing we can know. A cancellation made before the booking for an appointment that starts later
(a reschedule) is deliberately not counted until that start passes: one rule for every outcome.

The comparison is strict, so an appointment never informs itself, and nothing that happens after the booking
(its own outcome, later no-shows, appointments booked earlier but starting later) can change its features
(``tests/test_risk_features.py``). The client counts come from one sorted sweep: events and bookings are
keyed by (client, time) and matched with ``numpy.searchsorted`` over cumulative counts, so 100k rows take
about a second.

Two booking-habit features use no outcome at all: ``booked_hour`` (the local hour the booking was made) and
``usual_lead_days`` (the median lead time of the client's last ten appointments that had started before this
booking). Like the counts, the latter reads only appointments that had started, never one still to come, so
the book (scored against the history up to now) gets exactly the features its training rows got.

Beside the features, ``FeatureTable.display`` carries figures for the reasons' wording only (``DISPLAY_FIGURES``):
``bookings_past_year``, the client's appointments that had started in the year before the booking (the window of
``no_shows_past_year``, under the same leakage rule). They never enter the matrix, the model or its card.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

import numpy as np

from spa_copilot.domain import Appointment, Client, HistoryRecord

#: Bump when the features change meaning or order: a saved model with another version is refused.
FEATURE_SCHEMA_VERSION = 2

CATEGORICAL_FEATURES: tuple[str, ...] = ("category", "source", "location")
NUMERIC_FEATURES: tuple[str, ...] = (
    "lead_days",
    "weekday",
    "start_hour",
    "booked_hour",
    "price",
    "deposit",
    "new_client",
    "prior_appointments",
    "prior_visits",
    "prior_no_shows",
    "prior_late_cancels",
    "prior_cancellations",
    "no_shows_past_year",
    "late_cancels_past_year",
    "prior_miss_rate",
    "days_since_last_visit",
    "days_since_first_seen",
    "usual_lead_days",
)
#: Column order of the feature matrix: categorical columns first, then numeric ones.
FEATURES: tuple[str, ...] = CATEGORICAL_FEATURES + NUMERIC_FEATURES
#: Figures computed beside the features for the reasons' wording only: not in the matrix, not seen by the model.
DISPLAY_FIGURES: tuple[str, ...] = ("bookings_past_year",)

_OUTCOME_CODES = {"completed": 0, "noShow": 1, "lateCancel": 2, "cancelled": 3}
_DAY = 86_400
_YEAR = 365 * _DAY
_CLIENT_STRIDE = np.int64(1 << 36)  # seconds per client "lane" in the sort key: good until the year 4147
#: ``usual_lead_days`` is the median lead time of the client's last this-many appointments.
USUAL_LEAD_WINDOW = 10


@dataclass(frozen=True, slots=True)
class Booking:
    """What is known about an appointment when it is booked (a history row minus its outcome)."""

    appointment_id: str
    client_id: str
    location_id: str
    booked_at: datetime
    start_at: datetime
    category: str = ""
    price: float = 0.0
    source: str = "unknown"
    deposit: bool = False
    new_client: bool = False

    @classmethod
    def from_record(cls, record: HistoryRecord) -> Booking:
        """The booking-time part of a history row."""
        return cls(
            appointment_id=record.appointment_id,
            client_id=record.client_id,
            location_id=record.location_id,
            booked_at=record.booked_at,
            start_at=record.start_at,
            category=record.category,
            price=record.price,
            source=record.source,
            deposit=record.deposit,
            new_client=record.new_client,
        )


@dataclass(frozen=True)
class FeatureTable:
    """Feature rows in ``FEATURES`` order: an object matrix (strings, then floats; NaN where unknown).

    ``display`` holds the ``DISPLAY_FIGURES`` columns, one value per row, for the reasons' wording only (empty when
    not computed, e.g. for a table sliced for training or evaluation); the model reads only ``matrix``.
    """

    appointment_ids: list[str]
    matrix: np.ndarray
    display: Mapping[str, np.ndarray] = field(default_factory=dict)

    def column(self, name: str) -> np.ndarray:
        """One feature's column by name."""
        return self.matrix[:, FEATURES.index(name)]

    def __len__(self) -> int:
        return len(self.appointment_ids)


def outcome_known_at(record: HistoryRecord) -> datetime:
    """From when a past appointment informs later bookings: its start (see the module docstring)."""
    return record.start_at


def history_features(
    records: Sequence[HistoryRecord], *, zones: Mapping[str, ZoneInfo] | None = None
) -> FeatureTable:
    """Each history row's features as of its own ``bookedAt``, from the other rows known by then."""
    return booking_features([Booking.from_record(r) for r in records], records, zones=zones)


def booking_features(
    bookings: Sequence[Booking],
    history: Sequence[HistoryRecord],
    *,
    zones: Mapping[str, ZoneInfo] | None = None,
) -> FeatureTable:
    """Features of ``bookings`` as of their ``booked_at``, counting only ``history`` known strictly before it.

    ``zones`` maps location ids to their time zone for weekday and hour; without one, a start time's own
    UTC offset is taken as local.
    """
    zones = zones or {}
    n = len(bookings)
    matrix = np.empty((n, len(FEATURES)), dtype=object)
    if n == 0:
        return FeatureTable([], matrix)
    start = np.fromiter((int(b.start_at.timestamp()) for b in bookings), dtype=np.int64, count=n)
    # A booking entered after its start (a walk-in recorded late, a back-filled or imported appointment) was
    # known by its start at the latest: counting what had started by the later stamp would count the
    # appointment's own outcome, and those of the client's later ones, in its features.
    booked = np.minimum(
        np.fromiter((int(b.booked_at.timestamp()) for b in bookings), dtype=np.int64, count=n), start
    )
    local_starts = [_local(b.start_at, zones.get(b.location_id)) for b in bookings]
    # with no zone, a booking time is read at its visit's offset: an export writes bookedAt in UTC beside a local
    # startAt (write_history does), and its UTC hour is no hour the spa's desk ever saw (rev35b M1)
    local_booked = [_local(b.booked_at, zones.get(b.location_id) or b.start_at.tzinfo) for b in bookings]

    numeric = np.full((n, len(NUMERIC_FEATURES)), np.nan)
    col = {name: i for i, name in enumerate(NUMERIC_FEATURES)}
    numeric[:, col["lead_days"]] = np.maximum(start - booked, 0) / _DAY
    numeric[:, col["weekday"]] = [t.weekday() for t in local_starts]
    numeric[:, col["start_hour"]] = [t.hour + t.minute / 60 for t in local_starts]
    numeric[:, col["booked_hour"]] = [t.hour + t.minute / 60 for t in local_booked]
    numeric[:, col["price"]] = [b.price for b in bookings]
    numeric[:, col["deposit"]] = [b.deposit for b in bookings]
    numeric[:, col["new_client"]] = [b.new_client for b in bookings]
    display: dict[str, np.ndarray] = {}
    for name, values in _client_history(bookings, booked, history).items():
        if name in DISPLAY_FIGURES:
            display[name] = values
        else:
            numeric[:, col[name]] = values

    matrix[:, 0] = [b.category or "unknown" for b in bookings]
    matrix[:, 1] = [b.source or "unknown" for b in bookings]
    matrix[:, 2] = [b.location_id or "unknown" for b in bookings]
    matrix[:, len(CATEGORICAL_FEATURES) :] = numeric
    return FeatureTable([b.appointment_id for b in bookings], matrix, display)


def clients_to_look_up(appointments: Sequence[Appointment], history: Sequence[HistoryRecord]) -> set[str]:
    """The clients whose spa-system record (``lastVisitDate``) can change their scores: those of whom ``history``
    holds no appointment starting before theirs. Any other client is not new by the history alone, so a caller
    that does not hold the ``Client`` records reads only these (a few a day: new clients and returning ones last
    seen before the history's window)."""
    wanted = {a.client_id for a in appointments}
    earliest = earliest_starts([record for record in history if record.client_id in wanted])
    return {
        a.client_id for a in appointments if (seen := earliest.get(a.client_id)) is None or seen >= a.start_at
    }


def visit_records(wanted: Iterable[str], clients: Mapping[str, Client]) -> dict[str, Client]:
    """Of the clients ``wanted`` (``clients_to_look_up``), the records that know a visit: all ``RiskModel.score``
    needs of ``clients``."""
    return {cid: c for cid in wanted if (c := clients.get(cid)) is not None and c.last_visit_date is not None}


def earliest_starts(history: Sequence[HistoryRecord]) -> dict[str, datetime]:
    """Each client's earliest appointment start in ``history``."""
    earliest: dict[str, datetime] = {}
    for record in history:
        seen = earliest.get(record.client_id)
        if seen is None or record.start_at < seen:
            earliest[record.client_id] = record.start_at
    return earliest


def _local(moment: datetime, zone: tzinfo | None) -> datetime:
    return moment.astimezone(zone) if zone is not None else moment


def _client_history(
    bookings: Sequence[Booking], booked: np.ndarray, history: Sequence[HistoryRecord]
) -> dict[str, np.ndarray]:
    """Prior-visit counts and recency for each booking, by one sorted sweep over (client, time) keys.

    Also the display-only ``bookings_past_year`` (see ``DISPLAY_FIGURES``): the same past-year window as
    ``no_shows_past_year``, one subtraction.
    """
    lanes: dict[str, int] = {}
    query_lane = np.fromiter((lanes.setdefault(b.client_id, len(lanes)) for b in bookings), np.int64, len(bookings))
    relevant = [r for r in history if r.client_id in lanes]
    m = len(relevant)
    if m == 0:
        return _no_history(len(bookings))
    event_lane = np.fromiter((lanes[r.client_id] for r in relevant), np.int64, m)
    event_start = np.fromiter((int(r.start_at.timestamp()) for r in relevant), np.int64, m)
    event_known = event_start  # outcome_known_at(r), without converting twice (the tests hold them equal)
    event_booked = np.fromiter((int(r.booked_at.timestamp()) for r in relevant), np.int64, m)
    event_outcome = np.fromiter((_OUTCOME_CODES[r.outcome] for r in relevant), np.int64, m)

    order = np.argsort(event_lane * _CLIENT_STRIDE + event_known, kind="stable")
    keys = (event_lane * _CLIENT_STRIDE + event_known)[order]
    outcome_sorted = event_outcome[order]
    known_sorted = event_known[order]
    lead_sorted = (np.maximum(event_start - event_booked, 0) / _DAY)[order]

    lane_base = query_lane * _CLIENT_STRIDE
    query_keys = lane_base + booked
    before = np.searchsorted(keys, query_keys, side="left")  # events known strictly before booking
    lane_first = np.searchsorted(keys, lane_base, side="left")
    year_ago = np.maximum(np.searchsorted(keys, query_keys - _YEAR, side="left"), lane_first)

    def count(code: int, since: np.ndarray) -> np.ndarray:
        cumulative = np.concatenate(([0], np.cumsum(outcome_sorted == code)))
        return (cumulative[before] - cumulative[since]).astype(float)

    visits = count(0, lane_first)
    no_shows = count(1, lane_first)
    late = count(2, lane_first)
    cancels = count(3, lane_first)
    known_total = before - lane_first
    with np.errstate(invalid="ignore", divide="ignore"):
        miss_rate = np.where(known_total > 0, (no_shows + late) / np.maximum(known_total, 1), np.nan)

    first_seen = known_sorted[np.minimum(lane_first, m - 1)]
    days_since_first = np.where(known_total > 0, (booked - first_seen) / _DAY, np.nan)

    completed = event_outcome == 0
    visit_keys = np.sort(event_lane[completed] * _CLIENT_STRIDE + event_start[completed])
    if len(visit_keys):
        last_key = visit_keys[np.maximum(np.searchsorted(visit_keys, query_keys, side="left") - 1, 0)]
        has_visit = (last_key < query_keys) & (last_key >= lane_base)
        days_since_last = np.where(has_visit, (query_keys - last_key) / _DAY, np.nan)
    else:
        days_since_last = np.full(len(bookings), np.nan)

    return {
        "prior_appointments": known_total.astype(float),
        "prior_visits": visits,
        "prior_no_shows": no_shows,
        "prior_late_cancels": late,
        "prior_cancellations": cancels,
        "no_shows_past_year": count(1, year_ago),
        "late_cancels_past_year": count(2, year_ago),
        "bookings_past_year": (before - year_ago).astype(float),
        "prior_miss_rate": miss_rate,
        "days_since_last_visit": days_since_last,
        "days_since_first_seen": days_since_first,
        "usual_lead_days": _recent_medians(lead_sorted, lane_first, before),
    }


def _recent_medians(values: np.ndarray, first: np.ndarray, stop: np.ndarray) -> np.ndarray:
    """Median of the last ``USUAL_LEAD_WINDOW`` of ``values[first[i]:stop[i]]`` for each i (NaN where empty)."""
    out = np.full(len(first), np.nan)
    rows = np.flatnonzero(stop > first)
    if len(rows) == 0:
        return out
    positions = stop[rows, None] - 1 - np.arange(USUAL_LEAD_WINDOW)[None, :]
    window = np.where(positions >= first[rows, None], values[np.maximum(positions, 0)], np.nan)
    out[rows] = np.nanmedian(window, axis=1)
    return out


def _no_history(n: int) -> dict[str, np.ndarray]:
    zeros, unknown = np.zeros(n), np.full(n, np.nan)
    return {
        "prior_appointments": zeros,
        "prior_visits": zeros,
        "prior_no_shows": zeros,
        "prior_late_cancels": zeros,
        "prior_cancellations": zeros,
        "no_shows_past_year": zeros,
        "late_cancels_past_year": zeros,
        "bookings_past_year": zeros,
        "prior_miss_rate": unknown,
        "days_since_last_visit": unknown,
        "days_since_first_seen": unknown,
        "usual_lead_days": unknown,
    }
