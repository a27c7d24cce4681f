"""Risk bands, reasons in plain words and the suggested action, for the front desk.

Bands are cut at thresholds stored in the model card (by default the top 10% of the training window's
scores are "high", the next 20% "medium"). Reasons are the features that raise this booking's probability the
most compared with a typical booking (one group of related features at a time, see ``REASON_GROUPS``); only groups
that raise it are named, and a client's misses only when they missed a larger share of their bookings than the spa
usually sees (``misses_above_usual``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from typing import Literal

import numpy as np
from pydantic import Field

from spa_copilot.ai.vocabulary import spoken
from spa_copilot.domain import NEW_CLIENT_REASON, Appointment, Model, shown_percent, wall_clock, whole_percent

Band = Literal["low", "medium", "high"]

#: Related features are swapped together when measuring how much each aspect raises the risk.
REASON_GROUPS: dict[str, tuple[str, ...]] = {
    "lead": ("lead_days",),
    "habit": ("usual_lead_days",),
    "weekday": ("weekday",),
    "start_hour": ("start_hour",),
    "booking_hour": ("booked_hour",),
    "misses": (
        "prior_no_shows",
        "prior_late_cancels",
        "no_shows_past_year",
        "late_cancels_past_year",
        "prior_miss_rate",
    ),
    "cancellations": ("prior_cancellations",),
    "newness": ("new_client", "prior_appointments", "prior_visits", "days_since_first_seen"),
    "recency": ("days_since_last_visit",),
    "deposit": ("deposit",),
    "category": ("category",),
    "price": ("price",),
    "channel": ("source",),
}
#: Two groups that both raise a booking's risk are said in one reason (the group's phrase for the pair): "Saturday
#: 9:30am appointments …" when its weekday and its hour each raise it, "Saturday appointments …" when the day alone does.
#: Each is measured alone, so a reason never blames the part that did not raise it (a $70 massage, swapped with its
#: category and price together, read "massage bookings are missed more often" when only the price raised it).
PAIRED_GROUPS: dict[str, tuple[str, str]] = {
    "weekday": ("timing", "start_hour"),
    "start_hour": ("timing", "weekday"),
    "category": ("service", "price"),
    "price": ("service", "category"),
}
#: A display-only figure (never a feature): days from the spa system's ``lastVisitDate`` to the booking, for a client
#: with no visit in the history before it (last seen before the window read) whose last visit was before the booking.
RECORDED_VISIT_DAYS = "days_since_recorded_visit"
#: A display-only figure (never a feature): days from when the booking was made to now, set by ``RiskModel.score``.
#: Above ``AS_OF_BOOKING_AFTER_DAYS`` the misses and few-visits reasons are worded as of the booking (``_booked_long_ago``).
BOOKED_DAYS_AGO = "days_since_booked"
#: A booking made longer ago than this has its client's record as of then worded so: "in the year before this was
#: booked", as recency says "booked 10 days after their last visit" and "no visit on record when this was booked".
AS_OF_BOOKING_AFTER_DAYS = 1.0
#: A group must raise the probability by at least this much (absolute) to be named as a reason.
MIN_REASON_DELTA = 0.01
MAX_REASONS = 3
#: Up to this many completed visits, a client is still "only N previous visits".
FEW_VISITS = 2

CONFIRM_BY_PHONE = "confirm by phone"
REQUEST_CARD = "request a card on file"
SEND_REMINDER = "send a confirmation reminder"
NO_ACTION = "no action needed"

#: How the front desk says where a booking came from (the platform's ``source`` values, lowered); another value is
#: read as "booked via <its words>".
_CHANNEL_PHRASES = {
    "online": "booked online",
    "app": "booked in the app",
    "phone": "booked by phone",
    "walkin": "a walk-in booking",
    "copilot": "booked from the waitlist",
}
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class BandThresholds:
    """Probabilities at which a booking becomes medium and high risk."""

    medium: float
    high: float

    def band(self, probability: float) -> Band:
        """The band of one probability, read as staff read it: by its whole percent (``whole_percent``, what
        ``RiskScore.label`` prints), so one percentage is always one band (0.1995 and 0.2003 both "medium (20%)" when
        medium starts at 0.1998, never "low (20%)" in one DM and "medium (20%)" in the next). Give it the probability
        the score keeps (``RiskScore.probability``), so the band and the label read one number."""
        shown = whole_percent(probability) / 100
        if shown >= self.high:
            return "high"
        if shown >= self.medium:
            return "medium"
        return "low"


#: How far a training window's share of high-risk bookings may stray from ``HIGH_BAND_SHARE`` (twice as far for the
#: medium band's) before ``risk train`` warns: isotonic calibration's step-valued scores can put a third of the window
#: on one whole percent.
BAND_SHARE_TOLERANCE = 0.05


def band_cutoffs(scores: np.ndarray, high_share: float, medium_share: float) -> BandThresholds:
    """Band cut-offs from the training window's scores, on whole-percent steps (as bands are read: ``band``).

    High is the whole percent whose share of scores at or above it is nearest ``high_share`` (the smaller share on
    a tie: fewer phone calls); medium the whole percent below it whose share at or above is nearest
    ``high_share + medium_share``. High is always at least one point above medium. Percentile cut-offs (until
    7 December 2026) could fall on one isotonic step: medium 0.2548 and high 0.2562 (both "25%"/"26%"), no booking
    "medium" and 31% "high"; or medium equal to high.
    """
    shown = np.array([whole_percent(float(p)) for p in scores], dtype=int)
    if len(shown) == 0:
        return BandThresholds(medium=0.2, high=0.3)
    percents = np.unique(np.clip(shown, 1, 99))  # a cut at a percent a score has, or one above them all
    candidates = np.unique(np.concatenate([percents, [min(int(percents.max()) + 1, 100)]]))

    def share_at_or_above(cut: int) -> float:
        return float(np.mean(shown >= cut))

    highs = [int(c) for c in candidates if c >= 2] or [2]
    high = min(highs, key=lambda c: (abs(share_at_or_above(c) - high_share), share_at_or_above(c)))
    mediums = [int(c) for c in candidates if c < high] or [high - 1]
    target = high_share + medium_share
    medium = min(mediums, key=lambda c: (abs(share_at_or_above(c) - target), share_at_or_above(c)))
    return BandThresholds(medium=medium / 100, high=high / 100)


def band_shares(scores: np.ndarray, thresholds: BandThresholds) -> dict[str, float]:
    """The share of ``scores`` in the medium and the high band."""
    bands = [thresholds.band(float(p)) for p in scores]
    count = max(len(bands), 1)
    return {name: round(bands.count(name) / count, 4) for name in ("medium", "high")}


def band_share_problem(shares: Mapping[str, float], high_target: float, medium_target: float) -> str | None:
    """Why a training window's bands do not split it as intended (None when they do): its high share more than
    ``BAND_SHARE_TOLERANCE`` from ``high_target``, no booking medium, or its medium share more than twice that from
    ``medium_target`` (a spa whose scores sit at 0–3%: cut-offs at 1% and 2% made half its bookings "medium", a
    reminder each: rev46e). Said by ``risk train`` as one warning."""
    high, medium = shares.get("high", 0.0), shares.get("medium", 0.0)
    problems = []
    if abs(high - high_target) > BAND_SHARE_TOLERANCE:
        problems.append(f"{high:.1%} of the training window's bookings are high risk (target {high_target:.0%})")
    if medium == 0:
        problems.append("none are medium")
    elif abs(medium - medium_target) > 2 * BAND_SHARE_TOLERANCE:
        problems.append(f"{medium:.1%} are medium risk (target {medium_target:.0%})")
    if not problems:
        return None
    return "; ".join(problems) + ": its scores bunch on a few values (a history with little signal?)"


#: Said where a band would be (the day's book, a briefing, the client card) for a booking that is never scored for want
#: of a booking date it can use (``scorable``: none, or one years from its start): with no band at all it read as "low
#: risk" there, and "no booking date" was untrue of one booked 760 days ahead
NOT_SCORED = "not scored (no usable booking date)"


#: A booking made longer than this before its start has no booking date the model can use (a year typed wrong, or
#: the empty date some gateways write as 0001-01-01); the history's notes use the same bound (``risk.cli``).
LONGEST_LEAD_DAYS = 2 * 365


def scorable(appointment: Appointment) -> bool:
    """Whether a booking can be scored: its features are as of when it was booked (``createdAt``), and the strongest,
    how far ahead it was booked, needs it. One the spa system sent without it is never scored (scored as booked now,
    its lead time collapsed to the hours left and a whole book read as low risk, rev35a M2), nor one booked more than
    ``LONGEST_LEAD_DAYS`` before its start (probe49c: a year-1 ``createdAt`` overflowed the local-time conversion and
    failed the location's whole day book, briefings and ``/spa risk``; a 2001 one was scored "booked 9460 days
    ahead")."""
    created = appointment.created_at
    # nor one "made" years after it (9999-12-31, another empty date, overflowed east of UTC: rev49f)
    return created is not None and abs((appointment.start_at - created).days) <= LONGEST_LEAD_DAYS


#: Why a book could not be scored just now (``RiskScores.failure``), in the words ``/spa risk`` gives it.
HISTORY_UNREAD = "their booking history could not be read from the spa system"
MODEL_FAILED = "the risk model could not score them"
#: Said once, where the bands would be (the day's book, the App Home, a briefing), when the book could not be scored
#: just now: no band there reads as a low risk, so a whole day read as low-risk bookings with no word (probe44c).
NOT_SCORED_NOW = "No-show risk could not be scored just now"
#: In place of one booking's band (the client card, a briefing's guest) for the same reason.
NOT_SCORED_NOW_BAND = "could not be scored just now"


class RiskScore(Model):
    """One appointment's no-show risk: P(noShow or lateCancel), its band, why, and what to do."""

    appointment_id: str
    probability: float = Field(ge=0.0, le=1.0)
    band: Band
    reasons: list[str] = Field(default_factory=list)
    suggested_action: str = NO_ACTION

    @property
    def label(self) -> str:
        """E.g. ``high (34%)``: the band with the probability, for briefings and the day's book."""
        return f"{self.band} ({shown_percent(self.probability)})"


class RiskScores(dict[str, RiskScore]):
    """Scores by appointment id (``Copilot.risk_scores``), and why the book could not be scored: ``failure`` is ""
    when it was (or nothing was asked of a model), else ``HISTORY_UNREAD`` or ``MODEL_FAILED``. A failure leaves the
    scores empty, which must not be read as "no booking at risk"."""

    def __init__(self, scores: Mapping[str, RiskScore] | None = None, *, failure: str = "") -> None:
        super().__init__(scores or {})
        self.failure = failure


def scoring_failure(scores: Mapping[str, object]) -> str:
    """Why ``scores`` (a ``RiskScores``, or a plain mapping of a stand-in scorer) could not be had: "" when they were."""
    return str(getattr(scores, "failure", "") or "")


def phrase_reason(group: str, values: Mapping[str, object], typical: Mapping[str, object] | None = None) -> str | None:
    """A plain-words reason for one feature group (or a pair of them, ``PAIRED_GROUPS``), from this booking's feature
    values (None if unsayable); ``typical`` (the typical booking's values) says which way a price differs."""
    number = {k: v for k, v in values.items() if isinstance(v, int | float)}
    if group == "lead":
        days = number.get("lead_days", 0.0)
        if days < 1:
            return "booked less than a day ahead"
        return f"booked {round(days)} day{'s' if round(days) != 1 else ''} ahead"
    if group == "habit":
        usual = number.get("usual_lead_days")
        if usual is None or math.isnan(usual):  # no earlier appointment
            return None
        if usual < 1:
            return "usually books the same day"
        return f"usually books {round(usual)} day{'s' if round(usual) != 1 else ''} ahead"
    if group == "booking_hour":
        hour = number.get("booked_hour")
        if hour is None or math.isnan(hour):
            return None
        return f"booked at {_time_of_day(hour)}"
    if group in ("timing", "weekday", "start_hour"):
        weekday, hour = int(number.get("weekday", 0)), number.get("start_hour", 0.0)
        day = _WEEKDAY_NAMES[weekday % 7] if group != "start_hour" else ""
        said = " ".join(part for part in (day, _time_of_day(hour) if group != "weekday" else "") if part)
        return f"{said} appointments are missed more often"
    if group == "misses":
        return _misses_phrase(number)
    if group == "cancellations":
        count, booked = _count(number, "prior_cancellations"), _count(number, "prior_appointments")
        if not count:
            return None
        return _plural(count, "earlier cancellation") + (f" in {booked} bookings" if booked > count else "")
    if group == "newness":
        visits = int(number.get("prior_visits", 0))
        if visits == 0 or number.get("new_client", 0) >= 1:
            return _no_visit_phrase(number)
        if visits > FEW_VISITS:
            return None
        return f"only {_plural(visits, 'previous visit')}" + (" when this was booked" if _booked_long_ago(number) else "")
    if group == "recency":
        since = number.get("days_since_last_visit")
        if since is None or since != since:  # NaN: no visit in the history read
            return _no_visit_phrase(number)
        return _recency_phrase(since)
    if group == "deposit":
        return "no deposit or card on file" if number.get("deposit", 1) < 1 else None
    if group in ("service", "category", "price"):
        category = values.get("category")
        kind = spoken(category) if group != "price" and isinstance(category, str) and category != "unknown" else ""
        priced = _priced(number.get("price"), (typical or {}).get("price")) if group != "category" else ""
        said = " ".join(part for part in (priced, kind) if part)
        return f"{said} bookings are missed more often" if said else None
    if group == "channel":
        source = values.get("source")
        if not isinstance(source, str) or source == "unknown":
            return None
        return _CHANNEL_PHRASES.get(source.lower()) or f"booked via {spoken(source)}"
    return None


def _priced(price: float | None, typical: object) -> str:
    """"lower-priced" or "higher-priced" than the typical booking ("" when either price is unknown or they agree)."""
    if price is None or math.isnan(price) or not isinstance(typical, int | float) or math.isnan(typical):
        return ""
    return "lower-priced" if price < typical else "higher-priced" if price > typical else ""


def _time_of_day(hour: float) -> str:
    """A fractional hour of the day as staff read it: 9.5 → "9:30am", 23.999 → "12:00am"."""
    minutes = round(hour * 60) % (24 * 60)
    return wall_clock(time(minutes // 60, minutes % 60))

def suggest_action(band: Band, values: Mapping[str, object], usual_rate: float | None = None) -> str:
    """What the front desk should do: a card on file for a new client or one who misses more of their bookings
    than the spa usually sees (``misses_above_usual``, the rule that names misses as a reason), without a card
    already; else a phone call. A regular's one miss in 40 visits is no reason to ask her for a card: the reason
    line does not mention it, and the request would read as an accusation."""
    if band == "low":
        return NO_ACTION
    if band == "medium":
        return SEND_REMINDER
    if not _number(values, "deposit") and (misses_above_usual(values, usual_rate) or _number(values, "new_client")):
        return REQUEST_CARD
    return CONFIRM_BY_PHONE


def _number(values: Mapping[str, object], key: str) -> float:
    value = values.get(key)
    return float(value) if isinstance(value, int | float) and value == value else 0.0


def _misses_phrase(number: Mapping[str, float]) -> str | None:
    """Missed bookings (no-shows and late cancels) in one form, e.g. "missed 2 of 5 bookings in the past year
    (1 no-show, 1 late cancel)", "missed both bookings in the past year (2 no-shows)", "missed 3 bookings more
    than a year ago, none since".

    Misses in the past year are read against the past year's bookings: the display-only ``bookings_past_year``
    (passed by ``RiskModel.explain``), or, without it, every booking when the client's first one is within the year
    (``prior_appointments``). The copilot reads a window of history (``RISK_HISTORY_MONTHS``), not a client's whole
    record, so a share of every booking it knows of could contradict the visit count staff see beside it ("110th
    visit ... 91 bookings"): older misses are said as a count, never as a share of something bigger. Without the
    past year's bookings and with a longer history, the past year's misses are said as a count too.
    """
    past_year, over_a_year, none_since = _misses_words(number)
    recent_no_shows = _count(number, "no_shows_past_year")
    recent_late = _count(number, "late_cancels_past_year")
    recent = recent_no_shows + recent_late
    missed = max(_count(number, "prior_no_shows"), recent_no_shows) + max(_count(number, "prior_late_cancels"), recent_late)
    if not missed:
        return None
    booked = max(_count(number, "prior_appointments"), missed)
    if not recent:
        if missed == booked:  # every booking the copilot knows of, all more than a year ago
            return f"missed {_all_of(booked, 'their')}, {over_a_year}"
        return f"missed {_plural(missed, 'booking')} {over_a_year}, {none_since}"
    kinds = ", ".join(p for p in (_plural(recent_no_shows, "no-show"), _plural(recent_late, "late cancel")) if p)
    booked_year = _count(number, "bookings_past_year")
    if not booked_year and not _longer_than_a_year(number):
        booked_year = booked
    if not booked_year:  # a long history without the past year's bookings: no share to give
        return f"missed {_plural(recent, 'booking')} {past_year} ({kinds})"
    booked_year = max(booked_year, recent)
    share = _all_of(booked_year, "their") if recent == booked_year else f"{recent} of {booked_year} bookings"
    return f"missed {share} {past_year} ({kinds})"


def _misses_words(number: Mapping[str, float]) -> tuple[str, str, str]:
    """The misses reason's words for its periods: as of today ("in the past year", "more than a year ago", "none
    since"), or, for a booking made more than ``AS_OF_BOOKING_AFTER_DAYS`` ago (``BOOKED_DAYS_AGO``), as of the
    booking, which is when they were counted: "missed their only booking in the past year" read as today's record
    beside three visits made since on the client card (probe46e)."""
    if not _booked_long_ago(number):
        return "in the past year", "more than a year ago", "none since"
    return (
        "in the year before this was booked",
        "more than a year before this was booked",
        "none in the year before it",
    )


def _booked_long_ago(number: Mapping[str, float]) -> bool:
    """The booking was made more than ``AS_OF_BOOKING_AFTER_DAYS`` ago (``BOOKED_DAYS_AGO``): its reasons, counted
    as of the booking, are worded so ("only 2 previous visits when this was booked" beside visits made since)."""
    booked_ago = number.get(BOOKED_DAYS_AGO)
    return booked_ago is not None and booked_ago == booked_ago and booked_ago > AS_OF_BOOKING_AFTER_DAYS


def miss_share(values: Mapping[str, object]) -> float | None:
    """The share of bookings the client missed, as the misses reason words it (None without a miss): the past
    year's misses over the past year's bookings when the reason gives that share, else every miss over every booking
    the copilot knows of (``prior_miss_rate``: "missed 3 bookings more than a year ago, none since" of 40 is 7.5%)."""
    number = {k: v for k, v in values.items() if isinstance(v, int | float)}
    recent = _count(number, "no_shows_past_year") + _count(number, "late_cancels_past_year")
    missed = max(_count(number, "prior_no_shows") + _count(number, "prior_late_cancels"), recent)
    if not missed:
        return None
    if recent:
        booked_year = _count(number, "bookings_past_year")
        if not booked_year and not _longer_than_a_year(number):
            booked_year = _count(number, "prior_appointments")
        if booked_year:
            return recent / max(booked_year, recent)
    return missed / max(_count(number, "prior_appointments"), missed)


def misses_above_usual(values: Mapping[str, object], usual_rate: float | None) -> bool:
    """Whether the client missed a larger share of their bookings than ``usual_rate`` (the spa's usual share), so
    that their misses may be named as a reason for a raised risk. The additive model weighs miss counts too: a
    regular's "missed 12 of 107 bookings" (11%, below the spa's 19%) raised her probability on the count alone and
    was shown beside "high (37%)", a record staff read as a good one. Without a usual rate, any miss qualifies."""
    share = miss_share(values)
    if share is None:
        return False
    return usual_rate is None or share > usual_rate


def _all_of(count: int, whose: str) -> str:
    """Every one of ``count`` bookings: "their only booking", "both bookings", "all 5 bookings"."""
    if count == 1:
        return f"{whose} only booking"
    return "both bookings" if count == 2 else f"all {count} bookings"


def _longer_than_a_year(number: Mapping[str, float]) -> bool:
    first_seen = number.get("days_since_first_seen")
    return first_seen is not None and first_seen == first_seen and first_seen > 365


def _misses_cover_every_booking(number: Mapping[str, float]) -> bool:
    """Whether the misses reason already says every earlier booking was missed ("missed both bookings in the past
    year", "missed their only booking, more than a year ago"), so "no completed visit in 2 earlier bookings" would
    say the same fact twice."""
    recent = _count(number, "no_shows_past_year") + _count(number, "late_cancels_past_year")
    missed = _count(number, "prior_no_shows") + _count(number, "prior_late_cancels")
    return missed > 0 and missed == _count(number, "prior_appointments") and recent in (0, missed)


def _no_visit_phrase(number: Mapping[str, float]) -> str | None:
    """A client with no completed visit when the booking was made: a new client as one (the newness and recency
    groups say it alike); else how many bookings they had, when known (None when every one was missed: the misses
    reason says so), or none on record when it was booked ("no completed visit yet" read as false beside visits
    made since the booking; and the copilot reads 24 months, so a client last seen before them has none on record).
    A client the spa system says visited before the booking (``RECORDED_VISIT_DAYS``, from its ``lastVisitDate``) is
    said as the recency group says a visit: "booked 913 days after their last visit"."""
    if number.get("new_client", 0) >= 1:
        return NEW_CLIENT_REASON
    recorded = number.get(RECORDED_VISIT_DAYS)
    if recorded is not None and recorded == recorded:  # the spa system knows a visit before the history read
        return _recency_phrase(recorded)
    if _misses_cover_every_booking(number):
        return None
    booked = _count(number, "prior_appointments")
    if booked:
        return f"no completed visit in {_plural(booked, 'earlier booking')}"
    return "no visit on record when this was booked"


def _recency_phrase(days: float) -> str:
    """How long before this booking the client's last completed visit started, as of booking time."""
    if days < 1:
        return "booked within a day of their last visit"
    return f"booked {_plural(round(days), 'day')} after their last visit"


def _count(number: Mapping[str, float], key: str) -> int:
    value = number.get(key)
    return int(value) if value is not None and value == value else 0


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    if count == 0:
        return ""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"
