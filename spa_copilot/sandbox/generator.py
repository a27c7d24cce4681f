"""The sandbox spa: a believable boutique spa, generated deterministically from a seed and a calendar day.

``generate_spa(seed, now=...)`` (or ``today=...``) returns a whole ``SpaData``: two locations in different time zones, their
staff, rooms, equipment and service menu, clients with notes and consent, months of appointment history
whose no-shows and late cancellations follow the written-down model below (``noshow_probability``,
``late_cancel_probability``; docs/sandbox.md), today's and tomorrow's book with planted conflicts
(``PLANTED_CONFLICTS``) and near misses (``NEAR_MISSES``), and a waitlist. Only ``random.Random(seed)`` is
used: no global randomness, no wall clock.

With ``now=`` (an instant, what the embedded sandbox uses) each location's calendar is generated around its own
local date at ``now`` (``location_todays``): its history up to its yesterday, its book on its today and tomorrow,
and no ``createdAt``/``updatedAt``/``cancelledAt`` stamp later than ``now``. With ``today=`` (a calendar day,
what most tests use) every location is generated around that same date and nothing is clamped.

Times: ``startAt``/``endAt`` carry the location's UTC offset of that day; ``createdAt``, ``updatedAt`` and
``cancelledAt`` are UTC. A service line runs ``durationMinutes + processingMinutes + finishingMinutes``; the
therapist is free during processing, the room is not. A ``staffCount: 2`` service is booked as two lines with
the same service and times: the first carries the room and equipment, the second only the second therapist.
"""

from __future__ import annotations

import bisect
import heapq
import logging
import math
import random
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cached_property
from zoneinfo import ZoneInfo

from spa_copilot.domain import (
    WEEKDAYS,
    Alert,
    Appointment,
    AppointmentStatus,
    Cancellation,
    Certification,
    Client,
    ConsentState,
    HealthHistory,
    Location,
    MessagingPreferences,
    Resource,
    ResourceType,
    Service,
    ServiceLine,
    Shift,
    SpaData,
    Staff,
    StaffRole,
    TimeWindow,
    WaitlistEntry,
    WaitlistStatus,
)
from spa_copilot.sandbox import notes_corpus

logger = logging.getLogger(__name__)

SPA_DOMAIN = "juniperandsalt.example"
#: A cancellation less than this many hours before the start is a late cancellation.
LATE_CANCEL_HOURS = 24
#: Bookings made at least this far ahead are cancelled early (>= 25 h ahead) with this probability.
EARLY_CANCEL_MIN_LEAD_HOURS = 48
EARLY_CANCEL_PROBABILITY = 0.07
#: Ids of history appointments whose outcome was drawn from the model (the book's are ap_b/ap_p/ap_n).
HISTORY_ID_PREFIX = "ap_h"
#: The smallest spa the generator makes (the hostile clients have fixed ids).
MIN_CLIENTS = 100

# --------------------------------------------------------------------------------------------------
# The outcome model: the true process behind every history appointment's no-show / late cancellation.
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BookingFeatures:
    """What is known about a booking when it is made (definitions in docs/sandbox.md)."""

    lead_hours: float
    weekday: int
    hour: int
    category: str
    price: float
    source: str
    deposit: bool
    new_client: bool
    prior_appointments: int
    prior_no_shows: int
    prior_late_cancels: int


@dataclass(frozen=True)
class OutcomeModel:
    """Coefficients of one logistic model; ``logit`` is their sum over a booking's features."""

    intercept: float
    log_lead_days: float
    weekday: tuple[float, float, float, float, float, float, float]
    hour_bands: tuple[tuple[int, int, float], ...]  # (from hour inclusive, to hour exclusive, coefficient)
    category: Mapping[str, float]
    price_per_100: float
    source: Mapping[str, float]
    deposit: float
    new_client: float
    log_prior_appointments: float
    prior_no_shows: float
    prior_late_cancels: float
    prior_cap: int = 3

    def logit(self, f: BookingFeatures) -> float:
        """The log-odds for one booking."""
        z = self.intercept + self.log_lead_days * math.log1p(max(f.lead_hours, 0.0) / 24.0)
        z += self.weekday[f.weekday]
        for low, high, coefficient in self.hour_bands:
            if low <= f.hour < high:
                z += coefficient
                break
        z += self.category.get(f.category, 0.0)
        z += self.price_per_100 * (f.price - 150.0) / 100.0
        z += self.source.get(f.source, 0.0)
        z += self.deposit * f.deposit + self.new_client * f.new_client
        z += self.log_prior_appointments * math.log1p(f.prior_appointments)
        z += self.prior_no_shows * min(f.prior_no_shows, self.prior_cap)
        z += self.prior_late_cancels * min(f.prior_late_cancels, self.prior_cap)
        return z

    def probability(self, f: BookingFeatures) -> float:
        """The logistic of ``logit``."""
        return 1.0 / (1.0 + math.exp(-self.logit(f)))


NOSHOW_MODEL = OutcomeModel(
    intercept=-3.35,
    log_lead_days=0.42,
    weekday=(0.15, 0.0, 0.0, 0.05, 0.2, -0.1, 0.25),
    hour_bands=((0, 10, 0.3), (10, 16, 0.0), (16, 18, 0.1), (18, 24, 0.35)),
    category={"massage": 0.0, "couples": -0.35, "facial": -0.1, "skin": -0.3, "body": 0.1, "enhancement": 0.25},
    price_per_100=-0.45,
    source={"online": 0.25, "app": 0.35, "phone": 0.0, "walkIn": -3.5},
    deposit=-0.85,
    new_client=0.55,
    log_prior_appointments=-0.4,
    prior_no_shows=0.55,
    prior_late_cancels=0.3,
)

LATE_CANCEL_MODEL = OutcomeModel(
    intercept=-3.65,
    log_lead_days=0.35,
    weekday=(0.0, 0.0, 0.0, 0.0, 0.15, 0.2, 0.1),
    hour_bands=((0, 10, 0.2), (10, 17, 0.0), (17, 24, 0.15)),
    category={"massage": 0.0, "couples": 0.2, "facial": 0.0, "skin": -0.1, "body": 0.0, "enhancement": 0.1},
    price_per_100=-0.25,
    source={"online": 0.2, "app": 0.3, "phone": 0.0, "walkIn": -3.0},
    deposit=-0.6,
    new_client=0.2,
    log_prior_appointments=-0.2,
    prior_no_shows=0.2,
    prior_late_cancels=0.65,
)


def noshow_probability(features: BookingFeatures) -> float:
    """P(noShow) for a booking: the sandbox's true no-show probability (the oracle score)."""
    return NOSHOW_MODEL.probability(features)


def late_cancel_probability(features: BookingFeatures) -> float:
    """P(lateCancel | not a no-show): the late-cancellation model's logistic (see ``outcome_probabilities``)."""
    return LATE_CANCEL_MODEL.probability(features)


def early_cancel_probability(features: BookingFeatures) -> float:
    """P(cancelled early | neither no-show nor late cancel): a constant for bookings made >= 48 h ahead."""
    return EARLY_CANCEL_PROBABILITY if features.lead_hours >= EARLY_CANCEL_MIN_LEAD_HOURS else 0.0


def outcome_probabilities(features: BookingFeatures) -> dict[str, float]:
    """The unconditional probability of each history outcome (``noShow``, ``lateCancel``, ``cancelled``, ``completed``)."""
    p_ns = noshow_probability(features)
    p_lc = (1.0 - p_ns) * late_cancel_probability(features)
    p_c = (1.0 - p_ns - p_lc) * early_cancel_probability(features)
    return {"noShow": p_ns, "lateCancel": p_lc, "cancelled": p_c, "completed": 1.0 - p_ns - p_lc - p_c}


def history_outcome(appointment: Appointment) -> str | None:
    """``noShow``, ``lateCancel``, ``cancelled`` or ``completed`` for a finished appointment, else None."""
    if appointment.status == AppointmentStatus.no_show:
        return "noShow"
    if appointment.status == AppointmentStatus.completed:
        return "completed"
    if appointment.status == AppointmentStatus.cancelled:
        return "lateCancel" if appointment.cancellation and appointment.cancellation.late_cancel else "cancelled"
    return None


def booking_features(data: SpaData) -> dict[str, BookingFeatures]:
    """The model's features for every appointment with a ``createdAt``, computed from the data alone."""
    zones = {location.id: ZoneInfo(location.time_zone) for location in data.locations}
    services = {service.id: service for service in data.services}
    by_client: dict[str, list[Appointment]] = defaultdict(list)
    for appointment in data.appointments:
        by_client[appointment.client_id].append(appointment)
    features: dict[str, BookingFeatures] = {}
    for appointments in by_client.values():
        appointments.sort(key=lambda a: a.start_at)
        starts = [a.start_at for a in appointments]
        no_shows = [0]
        late_cancels = [0]
        for a in appointments:
            outcome = history_outcome(a)
            no_shows.append(no_shows[-1] + (outcome == "noShow"))
            late_cancels.append(late_cancels[-1] + (outcome == "lateCancel"))
        for a in appointments:
            if a.created_at is None or not a.services:
                continue
            prior = bisect.bisect_left(starts, a.created_at)  # appointments that started before the booking
            local_start = a.start_at.astimezone(zones[a.location_id])
            service = services[a.services[0].service_id]
            features[a.id] = BookingFeatures(
                lead_hours=(a.start_at - a.created_at).total_seconds() / 3600.0,
                weekday=local_start.weekday(),
                hour=local_start.hour,
                category=service.category,
                price=service.price,
                source=a.source or "",
                deposit=a.deposit_paid,
                new_client=prior == 0,
                prior_appointments=prior,
                prior_no_shows=no_shows[prior],
                prior_late_cancels=late_cancels[prior],
            )
    return features


def oracle_probabilities(data: SpaData) -> dict[str, dict[str, float]]:
    """The true outcome probabilities of every drawn history appointment (``ap_h…``), keyed by appointment id."""
    features = booking_features(data)
    return {
        a.id: outcome_probabilities(features[a.id])
        for a in data.appointments
        if a.id.startswith(HISTORY_ID_PREFIX) and a.id in features and history_outcome(a) is not None
    }


def model_table_markdown() -> str:
    """The coefficient tables of both models as Markdown (docs/sandbox.md embeds this text verbatim)."""
    rows = [
        ("intercept", NOSHOW_MODEL.intercept, LATE_CANCEL_MODEL.intercept),
        ("log1p(lead_hours / 24)", NOSHOW_MODEL.log_lead_days, LATE_CANCEL_MODEL.log_lead_days),
        ("(price - 150) / 100", NOSHOW_MODEL.price_per_100, LATE_CANCEL_MODEL.price_per_100),
        ("deposit (1 if depositPaid)", NOSHOW_MODEL.deposit, LATE_CANCEL_MODEL.deposit),
        ("new_client (1 if new)", NOSHOW_MODEL.new_client, LATE_CANCEL_MODEL.new_client),
        ("log1p(prior_appointments)", NOSHOW_MODEL.log_prior_appointments, LATE_CANCEL_MODEL.log_prior_appointments),
        ("min(prior_no_shows, 3)", NOSHOW_MODEL.prior_no_shows, LATE_CANCEL_MODEL.prior_no_shows),
        ("min(prior_late_cancels, 3)", NOSHOW_MODEL.prior_late_cancels, LATE_CANCEL_MODEL.prior_late_cancels),
    ]
    rows += [(f"weekday = {name} ({index})", NOSHOW_MODEL.weekday[index], LATE_CANCEL_MODEL.weekday[index])
             for index, name in enumerate(WEEKDAYS)]
    categories = sorted(set(NOSHOW_MODEL.category) | set(LATE_CANCEL_MODEL.category))
    rows += [(f"category = {c}", NOSHOW_MODEL.category.get(c, 0.0), LATE_CANCEL_MODEL.category.get(c, 0.0))
             for c in categories]
    rows += [(f"source = {s}", NOSHOW_MODEL.source.get(s, 0.0), LATE_CANCEL_MODEL.source.get(s, 0.0))
             for s in ("online", "app", "phone", "walkIn")]
    lines = ["| term | noShow | lateCancel |", "|---|---:|---:|"]
    lines += [f"| {term} | {a:+.2f} | {b:+.2f} |" for term, a, b in rows]
    for label, model in (("noShow", NOSHOW_MODEL), ("lateCancel", LATE_CANCEL_MODEL)):
        lines += ["", f"| {label}: local start hour | coefficient |", "|---|---:|"]
        lines += [f"| {low} <= hour < {high} | {c:+.2f} |" for low, high, c in model.hour_bands]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------------
# Planted conflicts and near misses in today's and tomorrow's book.
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlantedCase:
    """A planted situation in the book: its kind and the appointments involved."""

    kind: str
    appointment_ids: tuple[str, ...]
    description: str


PLANTED_CONFLICTS: tuple[PlantedCase, ...] = (
    PlantedCase("staff_double_booked", ("ap_p01", "ap_p02"), "one therapist in two rooms, 30 minutes overlapping"),
    PlantedCase("room_double_booked", ("ap_p03", "ap_p04"), "two therapists in one massage room, 30 minutes overlapping"),
    PlantedCase("equipment_over_capacity", ("ap_p05", "ap_p06", "ap_p07"), "three hot-stone massages on the 2 hot-stone sets"),
    PlantedCase("missing_skill", ("ap_p08",), "a deep-tissue massage by a therapist without the deepTissue skill"),
    PlantedCase("missing_certification", ("ap_p09",), "a peel or prenatal massage by someone whose certification expired"),
    PlantedCase("wrong_room_type", ("ap_p10",), "a facial in a massage room"),
    PlantedCase("buffer_violated", ("ap_p11", "ap_p12"), "the next massage starts 5 minutes after the last, buffer is 15"),
    PlantedCase("outside_shift", ("ap_p13",), "a 60-minute massage running 30 minutes past (or before) the therapist's shift"),
    PlantedCase("understaffed", ("ap_p14",), "a four-hands massage booked with one therapist"),
)

NEAR_MISSES: tuple[PlantedCase, ...] = (
    PlantedCase("buffer_exactly_met", ("ap_n01", "ap_n02"), "back-to-back in one room with exactly the 15-minute buffer"),
    PlantedCase("processing_frees_therapist", ("ap_n03", "ap_n04"), "a body wrap's processing time frees its therapist for an express massage in another room"),
    PlantedCase("cancelled_overlap", ("ap_n05", "ap_n06"), "a cancelled appointment (ap_n06) overlapping a live one in the same room"),
    PlantedCase("equipment_at_capacity", ("ap_n07", "ap_n08"), "two hot-stone massages at once on the 2 hot-stone sets"),
    PlantedCase("certification_valid_through_day", ("ap_n09",), "a peel on the last day the esthetician's certification is valid"),
    PlantedCase("two_staff_fully_staffed", ("ap_n10",), "a four-hands massage with its two therapists"),
)

#: History appointments with planted (not drawn) outcomes: a client's 3 cancellations in the last 60 days.
PLANTED_HISTORY_IDS: tuple[str, ...] = ("ap_x01", "ap_x02", "ap_x03")

CONFLICT_KINDS: tuple[str, ...] = tuple(case.kind for case in PLANTED_CONFLICTS)


def planted_conflicts() -> set[tuple[str, frozenset[str]]]:
    """The planted conflicts as ``(kind, appointment ids)`` pairs, for comparing with a conflict engine."""
    return {(case.kind, frozenset(case.appointment_ids)) for case in PLANTED_CONFLICTS}


# --------------------------------------------------------------------------------------------------
# The catalogue: locations, staff, rooms, equipment and the service menu (fixed; only dates depend on today).
# --------------------------------------------------------------------------------------------------

_HOURS = {
    "loc_soho": {"mon": ("09:00", "21:00"), "tue": ("09:00", "21:00"), "wed": ("09:00", "21:00"),
                 "thu": ("09:00", "21:00"), "fri": ("09:00", "21:00"), "sat": ("09:00", "20:00"),
                 "sun": ("10:00", "18:00")},
    "loc_venice": {"mon": ("09:00", "20:00"), "tue": ("09:00", "20:00"), "wed": ("09:00", "20:00"),
                   "thu": ("09:00", "20:00"), "fri": ("09:00", "20:00"), "sat": ("08:00", "19:00"),
                   "sun": ("09:00", "17:00")},
}
#: The generated spa's brand (its locations are "<brand> SoHo" and "<brand> Venice").
SPA_BRAND = "Juniper & Salt"
#: (id, name, IANA zone) of every generated spa's locations.
GENERATED_LOCATIONS = (
    ("loc_soho", f"{SPA_BRAND} SoHo", "America/New_York"),
    ("loc_venice", f"{SPA_BRAND} Venice", "America/Los_Angeles"),
)

# (id, location, first, last, role, skills, certifications as (name, days from today), days off, shift pattern)
_STAFF = (
    ("st_maya_okafor", "loc_soho", "Maya", "Okafor", StaffRole.manager, (), (), (5, 6), "office"),
    ("st_leo_park", "loc_soho", "Leo", "Park", StaffRole.front_desk, (), (), (1, 2), "desk"),
    ("st_ana_reyes", "loc_soho", "Ana", "Reyes", StaffRole.therapist,
     ("massage", "deepTissue", "hotStone", "prenatal", "lymphatic", "couples"),
     (("Licensed Massage Therapist", 410), ("Prenatal Massage", 200)), (0, 3), "early"),
    ("st_jonah_weiss", "loc_soho", "Jonah", "Weiss", StaffRole.therapist,
     ("massage", "deepTissue", "hotStone", "couples"), (("Licensed Massage Therapist", 95),), (1, 4), "late"),
    ("st_priya_nair", "loc_soho", "Priya", "Nair", StaffRole.therapist,
     ("massage", "prenatal", "lymphatic", "bodyWrap", "hotStone", "couples"),
     (("Licensed Massage Therapist", 300), ("Prenatal Massage", 88)), (2, 5), "mid"),
    ("st_sam_delgado", "loc_soho", "Sam", "Delgado", StaffRole.therapist,
     ("massage", "deepTissue", "couples", "bodyWrap"), (("Licensed Massage Therapist", 600),), (3, 6), "early"),
    ("st_hana_sato", "loc_soho", "Hana", "Sato", StaffRole.therapist,
     ("massage", "hotStone", "bodyWrap", "couples", "lymphatic"), (("Licensed Massage Therapist", 150),), (0, 4), "late"),
    ("st_owen_gallagher", "loc_soho", "Owen", "Gallagher", StaffRole.therapist,
     ("massage", "hotStone", "deepTissue", "couples"),
     (("Licensed Massage Therapist", 240), ("CPR and First Aid", -45)), (1, 5), "mid"),
    ("st_claire_dubois", "loc_soho", "Claire", "Dubois", StaffRole.esthetician,
     ("facial", "chemicalPeel", "microneedling"),
     (("Licensed Esthetician", 500), ("Chemical Peel", 300), ("Microneedling", 150)), (0, 6), "early"),
    ("st_nadia_haddad", "loc_soho", "Nadia", "Haddad", StaffRole.esthetician,
     ("facial", "chemicalPeel", "bodyWrap"), (("Licensed Esthetician", 220), ("Chemical Peel", -20)), (2, 5), "late"),
    ("st_rosa_martinez", "loc_venice", "Rosa", "Martinez", StaffRole.manager, (), (), (5, 6), "office"),
    ("st_tyler_brooks", "loc_venice", "Tyler", "Brooks", StaffRole.front_desk, (), (), (2, 3), "desk"),
    ("st_kai_nakamura", "loc_venice", "Kai", "Nakamura", StaffRole.therapist,
     ("massage", "deepTissue", "hotStone", "couples"), (("Licensed Massage Therapist", 365),), (2, 3), "early"),
    ("st_elena_ivanova", "loc_venice", "Elena", "Ivanova", StaffRole.therapist,
     ("massage", "prenatal", "lymphatic", "hotStone", "couples", "bodyWrap"),
     (("Licensed Massage Therapist", 120), ("Prenatal Massage", 400)), (0, 1), "late"),
    ("st_marcus_bell", "loc_venice", "Marcus", "Bell", StaffRole.therapist,
     ("massage", "deepTissue", "couples", "bodyWrap", "hotStone"), (("Licensed Massage Therapist", 80),), (5, 6), "mid"),
    ("st_iris_cohen", "loc_venice", "Iris", "Cohen", StaffRole.therapist,
     ("massage", "prenatal", "couples", "lymphatic"),
     (("Licensed Massage Therapist", 330), ("Prenatal Massage", -10)), (3, 4), "early"),
    ("st_zoe_laurent", "loc_venice", "Zoe", "Laurent", StaffRole.esthetician,
     ("facial", "chemicalPeel", "microneedling"),
     (("Licensed Esthetician", 700), ("Chemical Peel", 260), ("Microneedling", 45)), (0, 1), "late"),
    # Grace's peel certification expiry is set to the day of the near miss ap_n09 (see _staff).
    ("st_grace_kim", "loc_venice", "Grace", "Kim", StaffRole.esthetician,
     ("facial", "chemicalPeel"), (("Licensed Esthetician", 380), ("Chemical Peel", None)), (2, 5), "early"),
)
_GRACE = "st_grace_kim"
_GRACE_LOCATION = "loc_venice"

# (id, location, name, roomType)
_ROOMS = (
    ("rs_soho_massage_1", "loc_soho", "Massage Room 1", "massageRoom"),
    ("rs_soho_massage_2", "loc_soho", "Massage Room 2", "massageRoom"),
    ("rs_soho_massage_3", "loc_soho", "Massage Room 3", "massageRoom"),
    ("rs_soho_couples", "loc_soho", "Couples Suite", "couplesSuite"),
    ("rs_soho_facial_1", "loc_soho", "Facial Room 1", "facialRoom"),
    ("rs_soho_facial_2", "loc_soho", "Facial Room 2", "facialRoom"),
    ("rs_soho_wet", "loc_soho", "Wet Room", "wetRoom"),
    ("rs_venice_massage_1", "loc_venice", "Massage Room 1", "massageRoom"),
    ("rs_venice_massage_2", "loc_venice", "Massage Room 2", "massageRoom"),
    ("rs_venice_couples", "loc_venice", "Couples Suite", "couplesSuite"),
    ("rs_venice_facial_1", "loc_venice", "Facial Room", "facialRoom"),
    ("rs_venice_wet", "loc_venice", "Wet Room", "wetRoom"),
)
# (id, location, name, kind, capacity)
_EQUIPMENT = (
    ("rs_soho_hot_stones", "loc_soho", "Hot stone sets", "hotStoneSet", 2),
    ("rs_soho_led_mask", "loc_soho", "LED mask", "ledMask", 1),
    ("rs_soho_microcurrent", "loc_soho", "Microcurrent device", "microcurrentDevice", 1),
    ("rs_venice_hot_stones", "loc_venice", "Hot stone sets", "hotStoneSet", 2),
    ("rs_venice_led_mask", "loc_venice", "LED mask", "ledMask", 1),
)

_MASSAGE_ROOMS = ("massageRoom", "couplesSuite")


@dataclass(frozen=True)
class _ServiceSpec:
    id: str
    name: str
    category: str
    duration: int
    price: float
    skill: str
    popularity: float
    processing: int = 0
    finishing: int = 0
    buffer: int = 15
    certification: str | None = None
    room_types: tuple[str, ...] = _MASSAGE_ROOMS
    equipment: tuple[str, ...] = ()
    staff_count: int = 1
    contraindications: tuple[str, ...] = ()
    description: str = ""


_SERVICES = (
    _ServiceSpec("sv_swedish_60", "Swedish Massage 60", "massage", 60, 130, "massage", 14),
    _ServiceSpec("sv_swedish_90", "Swedish Massage 90", "massage", 90, 180, "massage", 6),
    _ServiceSpec("sv_deep_tissue_60", "Deep Tissue Massage 60", "massage", 60, 145, "deepTissue", 9,
                 contraindications=("bloodThinners",)),
    _ServiceSpec("sv_deep_tissue_90", "Deep Tissue Massage 90", "massage", 90, 199, "deepTissue", 4,
                 contraindications=("bloodThinners",)),
    _ServiceSpec("sv_hot_stone_75", "Hot Stone Massage 75", "massage", 75, 175, "hotStone", 4,
                 equipment=("hotStoneSet",), contraindications=("pregnancy", "hypertension", "sunburn")),
    _ServiceSpec("sv_hot_stone_90", "Hot Stone Massage 90", "massage", 90, 205, "hotStone", 2,
                 equipment=("hotStoneSet",), contraindications=("pregnancy", "hypertension", "sunburn")),
    _ServiceSpec("sv_prenatal_60", "Prenatal Massage 60", "massage", 60, 140, "prenatal", 3,
                 certification="Prenatal Massage", room_types=("massageRoom",)),
    _ServiceSpec("sv_prenatal_90", "Prenatal Massage 90", "massage", 90, 190, "prenatal", 1,
                 certification="Prenatal Massage", room_types=("massageRoom",)),
    _ServiceSpec("sv_aromatherapy_60", "Aromatherapy Massage 60", "massage", 60, 150, "massage", 4,
                 contraindications=("pregnancy", "fragranceSensitivity")),
    _ServiceSpec("sv_cbd_recovery_60", "CBD Recovery Massage 60", "massage", 60, 160, "massage", 3,
                 contraindications=("pregnancy",)),
    _ServiceSpec("sv_sports_60", "Sports Massage 60", "massage", 60, 150, "deepTissue", 3,
                 contraindications=("bloodThinners",)),
    _ServiceSpec("sv_lymphatic_60", "Lymphatic Drainage Massage 60", "massage", 60, 155, "lymphatic", 2),
    _ServiceSpec("sv_reflexology_30", "Reflexology 30", "massage", 30, 70, "massage", 2, buffer=10),
    _ServiceSpec("sv_express_neck_25", "Express Neck & Shoulders 25", "massage", 25, 65, "massage", 2, buffer=10,
                 room_types=("massageRoom",)),
    _ServiceSpec("sv_four_hands_60", "Four-Hands Massage 60", "massage", 60, 290, "massage", 1, staff_count=2,
                 description="Two therapists work in sync on one guest."),
    _ServiceSpec("sv_couples_60", "Couples Massage 60", "couples", 60, 270, "couples", 3, staff_count=2,
                 room_types=("couplesSuite",)),
    _ServiceSpec("sv_couples_90", "Couples Massage 90", "couples", 90, 370, "couples", 1, staff_count=2,
                 room_types=("couplesSuite",)),
    _ServiceSpec("sv_signature_facial_60", "Signature Facial 60", "facial", 60, 150, "facial", 8,
                 room_types=("facialRoom",), contraindications=("sunburn",)),
    _ServiceSpec("sv_express_facial_30", "Express Facial 30", "facial", 30, 85, "facial", 4, buffer=10,
                 room_types=("facialRoom",)),
    _ServiceSpec("sv_hydrating_facial_75", "Deep Hydration Facial 75", "facial", 75, 175, "facial", 3,
                 room_types=("facialRoom",)),
    _ServiceSpec("sv_led_facial_60", "LED Light Therapy Facial 60", "facial", 60, 165, "facial", 2,
                 room_types=("facialRoom",), equipment=("ledMask",), contraindications=("isotretinoin",)),
    _ServiceSpec("sv_microcurrent_facial_60", "Microcurrent Lifting Facial 60", "facial", 60, 185, "facial", 2,
                 room_types=("facialRoom",), equipment=("microcurrentDevice",), contraindications=("pregnancy",)),
    _ServiceSpec("sv_dermaplaning_45", "Dermaplaning Facial 45", "facial", 45, 120, "facial", 2,
                 room_types=("facialRoom",), contraindications=("retinoids", "isotretinoin", "sunburn")),
    _ServiceSpec("sv_teen_facial_45", "Teen Clarifying Facial 45", "facial", 45, 95, "facial", 1,
                 room_types=("facialRoom",)),
    _ServiceSpec("sv_mens_facial_60", "Gentleman's Facial 60", "facial", 60, 140, "facial", 2,
                 room_types=("facialRoom",)),
    _ServiceSpec("sv_back_facial_45", "Back Facial 45", "facial", 45, 115, "facial", 1,
                 room_types=("facialRoom",), contraindications=("sunburn", "retinoids")),
    _ServiceSpec("sv_brow_lash_tint_30", "Brow & Lash Tint 30", "enhancement", 15, 55, "facial", 2, processing=10,
                 finishing=5, buffer=10, room_types=("facialRoom",)),
    _ServiceSpec("sv_glycolic_peel_45", "Glycolic Peel 45", "skin", 20, 145, "chemicalPeel", 2, processing=10,
                 finishing=15, certification="Chemical Peel", room_types=("facialRoom",),
                 contraindications=("retinoids", "isotretinoin", "sunburn", "pregnancy")),
    _ServiceSpec("sv_lactic_peel_45", "Lactic Acid Peel 45", "skin", 20, 125, "chemicalPeel", 1, processing=10,
                 finishing=15, certification="Chemical Peel", room_types=("facialRoom",),
                 contraindications=("retinoids", "isotretinoin", "sunburn")),
    _ServiceSpec("sv_vi_peel_60", "VI Peel 60", "skin", 25, 295, "chemicalPeel", 1, processing=15, finishing=20,
                 certification="Chemical Peel", room_types=("facialRoom",),
                 contraindications=("retinoids", "isotretinoin", "sunburn", "pregnancy")),
    _ServiceSpec("sv_microneedling_75", "Microneedling 75", "skin", 10, 325, "microneedling", 2, processing=20,
                 finishing=45, buffer=20, certification="Microneedling", room_types=("facialRoom",),
                 contraindications=("isotretinoin", "bloodThinners", "pregnancy", "sunburn", "latexAllergy"),
                 description="Numbing cream processes for 20 minutes before needling."),
    _ServiceSpec("sv_detox_wrap_75", "Seaweed Detox Body Wrap 75", "body", 30, 165, "bodyWrap", 2, processing=30,
                 finishing=15, buffer=30, room_types=("wetRoom",),
                 contraindications=("pregnancy", "hypertension", "shellfishAllergy"),
                 description="Exfoliate and apply, 30 minutes wrapped, rinse and moisturise."),
    _ServiceSpec("sv_mud_wrap_90", "Mineral Mud Wrap 90", "body", 35, 185, "bodyWrap", 1, processing=35,
                 finishing=20, buffer=30, room_types=("wetRoom",), contraindications=("pregnancy", "hypertension")),
    _ServiceSpec("sv_salt_glow_45", "Salt Glow Body Scrub 45", "body", 45, 110, "bodyWrap", 2, buffer=30,
                 room_types=("wetRoom",), contraindications=("sunburn",)),
    _ServiceSpec("sv_coconut_scrub_45", "Coconut Sugar Scrub 45", "body", 45, 115, "bodyWrap", 1, buffer=30,
                 room_types=("wetRoom",), contraindications=("sunburn", "nutAllergy")),
    _ServiceSpec("sv_hydrotherapy_30", "Hydrotherapy Soak 30", "body", 30, 70, "bodyWrap", 1, buffer=30,
                 room_types=("wetRoom",), contraindications=("pregnancy", "hypertension")),
    _ServiceSpec("sv_scalp_ritual_30", "Scalp & Neck Ritual 30", "enhancement", 30, 65, "massage", 2, buffer=10,
                 contraindications=("nutAllergy",), description="Warm almond-oil scalp massage."),
    _ServiceSpec("sv_paraffin_30", "Paraffin Hand & Foot Treatment 30", "enhancement", 30, 60, "massage", 1,
                 buffer=10, room_types=("massageRoom", "facialRoom"), contraindications=("sunburn",)),
    _ServiceSpec("sv_cupping_45", "Cupping Therapy 45", "massage", 45, 120, "deepTissue", 1,
                 contraindications=("bloodThinners", "sunburn")),
)


@dataclass
class _Catalogue:
    """Everything fixed about the spa, indexed for scheduling."""

    locations: list[Location]
    staff: list[Staff]
    resources: list[Resource]
    services: list[Service]
    zones: dict[str, ZoneInfo]
    hours: dict[tuple[str, int], tuple[int, int]]  # (location, weekday) -> (open, close) minutes
    shifts: dict[tuple[str, int], tuple[int, int]]  # (staff, weekday) -> (start, end) minutes
    popularity: dict[str, float]
    rooms_for: dict[tuple[str, str], list[Resource]]  # (location, service) -> allowed rooms, preferred first
    equipment_for: dict[tuple[str, str], list[Resource]]  # (location, service) -> equipment, empty if not offered
    offered: dict[str, list[Service]]  # location -> services bookable there
    resource_by_id: dict[str, Resource]
    staff_by_id: dict[str, Staff]
    service_by_id: dict[str, Service]
    _menus: dict[tuple[str, str, tuple[str, ...]], tuple[list[Service], list[float]]] = field(default_factory=dict)

    def practitioners(self, location_id: str) -> list[Staff]:
        return [s for s in self.staff if s.location_id == location_id and s.role in _PRACTITIONER_ROLES]

    def shift(self, staff_id: str, day: date) -> tuple[int, int] | None:
        return self.shifts.get((staff_id, day.weekday()))

    def menu(self, staff: Staff, location_id: str, day: date) -> tuple[list[Service], list[float]]:
        """The services a practitioner may do at a location on a day, with cumulative popularity weights."""
        valid = tuple(c.name for c in staff.certifications if c.valid_on(day))
        key = (staff.id, location_id, valid)
        cached = self._menus.get(key)
        if cached is None:
            services = [s for s in self.offered[location_id] if self.qualified(staff, s, day)]
            cached = self._menus[key] = (services, list(_cumulative([self.popularity[s.id] for s in services])))
        return cached

    def qualified(self, staff: Staff, service: Service, day: date) -> bool:
        if service.required_skill and service.required_skill not in staff.skills:
            return False
        return not service.required_certification or staff.has_certification(service.required_certification, day)


_PRACTITIONER_ROLES = frozenset({StaffRole.therapist, StaffRole.esthetician})


#: The notes corpus's payment alert speaks of a last visit; a client with no completed visit has none to speak of.
LAST_VISIT_CARD_ALERT = "Card declined last visit, take a new card on arrival"
FIRST_VISIT_CARD_ALERT = "Card declined at booking, take a new card on arrival"


def _as_of_visits(text: str, visited: bool) -> str:
    """An alert as a client with (``visited``) or without a completed visit can carry it: "Card declined last visit"
    only for one who has been; a first-visit guest's says the card was declined at booking. Draws nothing from the
    generator's random stream, so every seed's data is otherwise the same."""
    return FIRST_VISIT_CARD_ALERT if text == LAST_VISIT_CARD_ALERT and not visited else text


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _shift_window(pattern: str, open_: int, close: int) -> tuple[int, int]:
    if pattern in ("desk",):
        return open_, close
    if pattern == "office":
        return max(open_, 9 * 60), min(close, 17 * 60)
    if pattern == "early":
        return open_, min(open_ + 480, close)
    if pattern == "late":
        return max(close - 480, open_), close
    return min(open_ + 120, close - 360), min(open_ + 600, close)  # mid


def _catalogue(todays: Mapping[str, date]) -> _Catalogue:
    locations = [
        Location(id=lid, name=name, time_zone=zone,
                 opening_hours={day: list(hours) for day, hours in _HOURS[lid].items()})
        for lid, name, zone in GENERATED_LOCATIONS
    ]
    hours = {
        (lid, index): (_minutes(_HOURS[lid][name][0]), _minutes(_HOURS[lid][name][1]))
        for lid, _, _ in GENERATED_LOCATIONS
        for index, name in enumerate(WEEKDAYS)
    }
    grace_day = _grace_certification_day(todays[_GRACE_LOCATION])
    staff: list[Staff] = []
    shifts: dict[tuple[str, int], tuple[int, int]] = {}
    for sid, lid, first, last, role, skills, certs, days_off, pattern in _STAFF:
        staff_shifts = []
        for weekday in range(7):
            if weekday in days_off:
                continue
            start, end = _shift_window(pattern, *hours[(lid, weekday)])
            shifts[(sid, weekday)] = (start, end)
            staff_shifts.append(Shift(weekday=weekday, start=_hhmm(start), end=_hhmm(end)))
        certifications = [
            Certification(name=name, expires_on=grace_day if offset is None else todays[lid] + timedelta(days=offset))
            for name, offset in certs
        ]
        email = f"{first.lower()}.{last.lower()}@{SPA_DOMAIN}"
        staff.append(Staff(id=sid, location_id=lid, first_name=first, last_name=last, email=email, role=role,
                           skills=list(skills), certifications=certifications, shifts=staff_shifts))
    resources = [
        Resource(id=rid, location_id=lid, name=name, type=ResourceType.room, room_type=room_type)
        for rid, lid, name, room_type in _ROOMS
    ] + [
        Resource(id=rid, location_id=lid, name=name, type=ResourceType.equipment, kind=kind, capacity=capacity)
        for rid, lid, name, kind, capacity in _EQUIPMENT
    ]
    services = [
        Service(id=s.id, name=s.name, category=s.category, duration_minutes=s.duration,
                processing_minutes=s.processing, finishing_minutes=s.finishing, buffer_minutes=s.buffer,
                price=float(s.price), required_skill=s.skill, required_certification=s.certification,
                room_types=list(s.room_types), equipment_kinds=list(s.equipment), staff_count=s.staff_count,
                contraindications=list(s.contraindications), description=s.description)
        for s in _SERVICES
    ]
    rooms_for: dict[tuple[str, str], list[Resource]] = {}
    equipment_for: dict[tuple[str, str], list[Resource]] = {}
    offered: dict[str, list[Service]] = {}
    for location in locations:
        offered[location.id] = []
        for service in services:
            rooms = [r for kind in service.room_types for r in resources
                     if r.location_id == location.id and r.room_type == kind]
            equipment = [next((r for r in resources if r.location_id == location.id and r.kind == kind), None)
                         for kind in service.equipment_kinds]
            if not rooms or any(e is None for e in equipment):
                continue
            rooms_for[(location.id, service.id)] = rooms
            equipment_for[(location.id, service.id)] = [e for e in equipment if e is not None]
            offered[location.id].append(service)
    return _Catalogue(
        locations=locations, staff=staff, resources=resources, services=services,
        zones={loc.id: ZoneInfo(loc.time_zone) for loc in locations}, hours=hours, shifts=shifts,
        popularity={s.id: s.popularity for s in _SERVICES}, rooms_for=rooms_for, equipment_for=equipment_for,
        offered=offered, resource_by_id={r.id: r for r in resources}, staff_by_id={s.id: s for s in staff},
        service_by_id={s.id: s for s in services},
    )


def _grace_certification_day(today: date) -> date:
    """Grace's peel certification runs out on the book day she works (tomorrow if she does); ``today`` is her
    location's."""
    days_off = next(spec[7] for spec in _STAFF if spec[0] == _GRACE)
    tomorrow = today + timedelta(days=1)
    return tomorrow if tomorrow.weekday() not in days_off else today


# --------------------------------------------------------------------------------------------------
# Scheduling: plans of appointments in local minutes, and the ledger that keeps the book clean.
# --------------------------------------------------------------------------------------------------


@dataclass
class _Line:
    service: Service
    staff_id: str
    start: int  # minutes after local midnight
    end: int
    resource_ids: tuple[str, ...] = ()
    off_shift: bool = False  # planted on purpose outside the therapist's shift


@dataclass
class _Plan:
    id: str
    location_id: str
    day: date
    lines: list[_Line]
    client_id: str = ""
    source: str = "phone"
    lead_hours: float = 0.0
    deposit: bool = False
    status: str = "confirmed"
    forced_outcome: str | None = None
    forced_cancel_hours: float = 0.0  # hours before the start a planted cancellation happened
    start_ts: float = 0.0
    end_ts: float = 0.0
    created_ts: float = 0.0

    @property
    def service(self) -> Service:
        return self.lines[0].service

    @cached_property
    def start(self) -> int:
        return min(line.start for line in self.lines)

    @cached_property
    def end(self) -> int:
        return max(line.end for line in self.lines)


class _Ledger:
    """Busy intervals of the book days' live lines, checked with turnover margins so the filler stays clean."""

    STAFF_MARGIN = 15
    EQUIPMENT_MARGIN = 30

    def __init__(self, catalogue: _Catalogue) -> None:
        self.catalogue = catalogue
        self.staff: dict[tuple[str, date], list[tuple[int, int]]] = defaultdict(list)
        self.rooms: dict[tuple[str, date], list[tuple[int, int, int]]] = defaultdict(list)
        self.equipment: dict[tuple[str, date], list[tuple[int, int]]] = defaultdict(list)

    def staff_clear(self, staff_id: str, day: date, start: int, end: int) -> bool:
        margin = self.STAFF_MARGIN
        return all(e + margin <= start or end + margin <= s for s, e in self.staff.get((staff_id, day), ()))

    def room_clear(self, room_id: str, day: date, start: int, end: int, buffer: int) -> bool:
        return all(e + max(b, buffer) <= start or end + max(b, buffer) <= s
                   for s, e, b in self.rooms.get((room_id, day), ()))

    def equipment_clear(self, equipment_id: str, day: date, start: int, end: int) -> bool:
        margin = self.EQUIPMENT_MARGIN
        return all(e + margin <= start or end + margin <= s for s, e in self.equipment.get((equipment_id, day), ()))

    def line_clear(self, line: _Line, day: date) -> bool:
        if not self.staff_clear(line.staff_id, day, line.start, line.end):
            return False
        for rid in line.resource_ids:
            resource = self.catalogue.resource_by_id[rid]
            if resource.type == ResourceType.room:
                if not self.room_clear(rid, day, line.start, line.end, line.service.buffer_minutes):
                    return False
            elif not self.equipment_clear(rid, day, line.start, line.end):
                return False
        return True

    def add(self, plan: _Plan) -> None:
        for line in plan.lines:
            self.staff[(line.staff_id, plan.day)].append((line.start, line.end))
            for rid in line.resource_ids:
                if self.catalogue.resource_by_id[rid].type == ResourceType.room:
                    self.rooms[(rid, plan.day)].append((line.start, line.end, line.service.buffer_minutes))
                else:
                    self.equipment[(rid, plan.day)].append((line.start, line.end))


def _fill_day(
    catalogue: _Catalogue,
    rng: random.Random,
    location_id: str,
    day: date,
    intensity: float,
    new_id: Iterator[str],
    ledger: _Ledger | None = None,
) -> list[_Plan]:
    """Book a clean day: sweep a 15-minute grid, let free therapists take a fitting service with some probability."""
    open_, close = catalogue.hours[(location_id, day.weekday())]
    team: list[tuple[Staff, int, int, list[Service], list[float]]] = []
    can_do: dict[str, set[str]] = {}
    for staff in catalogue.practitioners(location_id):
        shift = catalogue.shift(staff.id, day)
        if shift is None:
            continue
        services, weights = catalogue.menu(staff, location_id, day)
        can_do[staff.id] = {s.id for s in services}
        team.append((staff, shift[0], shift[1], services, weights))
    rng.shuffle(team)
    staff_free = {staff.id: start for staff, start, _, _, _ in team}
    room_last: dict[str, tuple[int, int]] = {}
    equipment_ends: dict[str, list[int]] = defaultdict(list)
    plans: list[_Plan] = []

    def room_free(room: Resource, start: int, end: int, buffer: int) -> bool:
        last = room_last.get(room.id)
        if last is not None and start < last[0] + max(last[1], buffer):
            return False
        return ledger is None or ledger.room_clear(room.id, day, start, end, buffer)

    def equipment_free(item: Resource, start: int, end: int) -> bool:
        busy = sum(1 for e in equipment_ends[item.id] if e + _Ledger.EQUIPMENT_MARGIN > start)
        return busy < item.capacity and (ledger is None or ledger.equipment_clear(item.id, day, start, end))

    def staff_ok(staff_id: str, start: int, end: int, shift_end: int) -> bool:
        if staff_free[staff_id] > start or end > shift_end:
            return False
        return ledger is None or ledger.staff_clear(staff_id, day, start, end)

    # Event-driven sweep: each therapist's next attempt is a geometric number of 15-minute steps after they
    # become free (the same as trying every step with probability ``intensity``, with far fewer draws).
    log_idle = math.log(1.0 - intensity) if 0.0 < intensity < 1.0 else None

    def next_try(free_at: int) -> int:
        if log_idle is None:
            return free_at if intensity >= 1.0 else close
        steps = int(math.log(1.0 - rng.random()) / log_idle)
        return free_at + 15 * steps

    queue = [(next_try(_grid(max(start, open_), open_)), index) for index, (_, start, _, _, _) in enumerate(team)]
    heapq.heapify(queue)
    while queue:
        t, index = heapq.heappop(queue)
        staff, _shift_start, shift_end, services, weights = team[index]
        if t >= min(close, shift_end) or not services:
            continue
        if staff_free[staff.id] > t:  # taken as someone's partner meanwhile
            heapq.heappush(queue, (next_try(_grid(staff_free[staff.id], open_)), index))
            continue
        booked = False
        for _ in range(2):
            service = rng.choices(services, cum_weights=weights)[0]
            end = t + service.length_minutes
            if end > close or not staff_ok(staff.id, t, end, shift_end):
                continue
            partner: Staff | None = None
            if service.staff_count == 2:
                partner = next((other for other, other_start, other_end, _sv, _w in team
                                if other.id != staff.id and t >= other_start and service.id in can_do[other.id]
                                and staff_ok(other.id, t, end, other_end)), None)
                if partner is None:
                    continue
            room = next((r for r in catalogue.rooms_for[(location_id, service.id)]
                         if room_free(r, t, end, service.buffer_minutes)), None)
            equipment = catalogue.equipment_for[(location_id, service.id)]
            if room is None or not all(equipment_free(item, t, end) for item in equipment):
                continue
            lines = [_Line(service, staff.id, t, end, (room.id, *(e.id for e in equipment)))]
            if partner is not None:
                lines.append(_Line(service, partner.id, t, end))
                staff_free[partner.id] = end + _Ledger.STAFF_MARGIN
            staff_free[staff.id] = end + _Ledger.STAFF_MARGIN
            room_last[room.id] = (end, service.buffer_minutes)
            for item in equipment:
                equipment_ends[item.id].append(end)
            plans.append(_Plan(next(new_id), location_id, day, lines))
            booked = True
            break
        free_at = staff_free[staff.id] if booked else t + 15
        heapq.heappush(queue, (next_try(_grid(free_at, open_)), index))
    return plans


def _grid(minutes: int, origin: int) -> int:
    """The first 15-minute grid point (counted from ``origin``) at or after ``minutes``."""
    return minutes + (origin - minutes) % 15


def _cumulative(values: Sequence[float]) -> Iterator[float]:
    total = 0.0
    for value in values:
        total += value
        yield total


# --------------------------------------------------------------------------------------------------
# Planting the conflicts and near misses.
# --------------------------------------------------------------------------------------------------


_Builder = Callable[[date, str], Iterator[list["_Plan"]]]


class _Planter:
    """Places each planted case on the first book day and location where it fits without side effects.

    ``days`` are each location's book days (its own today and tomorrow), in the same order for every location."""

    def __init__(self, catalogue: _Catalogue, rng: random.Random, ledger: _Ledger,
                 days: Mapping[str, Sequence[date]]) -> None:
        self.catalogue = catalogue
        self.rng = rng
        self.ledger = ledger
        self.days = {location_id: list(location_days) for location_id, location_days in days.items()}
        self.plans: list[_Plan] = []

    def service(self, service_id: str) -> Service:
        return self.catalogue.service_by_id[service_id]

    def staff_with(self, location_id: str, day: date, *, skill: str | None = None,
                   lacking: str | None = None) -> list[tuple[Staff, int, int]]:
        found = []
        for staff in self.catalogue.practitioners(location_id):
            shift = self.catalogue.shift(staff.id, day)
            if shift is None or (skill and skill not in staff.skills) or (lacking and lacking in staff.skills):
                continue
            found.append((staff, *shift))
        self.rng.shuffle(found)
        return found

    def rooms(self, location_id: str, room_types: Sequence[str]) -> list[Resource]:
        return [r for r in self.catalogue.resources
                if r.location_id == location_id and r.type == ResourceType.room and r.room_type in room_types]

    def equipment(self, location_id: str, kind: str) -> Resource:
        return next(r for r in self.catalogue.resources if r.location_id == location_id and r.kind == kind)

    def times(self, low: int, high: int) -> list[int]:
        """Grid starts in [low, high], shuffled."""
        starts = list(range(low + (-low) % 15, high + 1, 15))
        self.rng.shuffle(starts)
        return starts

    def free_room(self, location_id: str, day: date, room_types: Sequence[str], start: int, end: int, buffer: int,
                  exclude: Sequence[str] = ()) -> Resource | None:
        return next((r for r in self.rooms(location_id, room_types)
                     if r.id not in exclude and self.ledger.room_clear(r.id, day, start, end, buffer)), None)

    def fits(self, group: Sequence[_Plan]) -> bool:
        for plan in group:
            open_, close = self.catalogue.hours[(plan.location_id, plan.day.weekday())]
            for line in plan.lines:
                if line.start < open_ or line.end > close or not self.ledger.line_clear(line, plan.day):
                    return False
                shift = self.catalogue.shift(line.staff_id, plan.day)
                if not line.off_shift and (shift is None or line.start < shift[0] or line.end > shift[1]):
                    return False
        return True

    def place(self, name: str, build: _Builder, *, days: Mapping[str, Sequence[date]] | None = None) -> None:
        by_location = days or self.days
        locations = [loc.id for loc in self.catalogue.locations]
        # day-major (today everywhere, then tomorrow everywhere): the order, hence the shuffle, is the same as
        # when every location shares one date
        candidates = [(by_location[lid][index], lid)
                      for index in range(max(len(by_location[lid]) for lid in locations)) for lid in locations
                      if index < len(by_location[lid])]
        self.rng.shuffle(candidates)
        for day, location_id in candidates:
            for group in build(day, location_id):
                if self.fits(group):
                    for plan in group:
                        if plan.status != "cancelled":
                            self.ledger.add(plan)
                    self.plans.extend(group)
                    return
        raise RuntimeError(f"sandbox generator: could not plant {name!r}")  # pragma: no cover - a catalogue bug


def _plant_book(planter: _Planter, grace_day: date) -> None:
    """Plant every conflict kind and every near miss into the book days."""
    p = planter
    swedish = p.service("sv_swedish_60")
    swedish_len = swedish.length_minutes

    def plan(pid: str, location_id: str, day: date, *lines: _Line, status: str = "confirmed") -> _Plan:
        return _Plan(pid, location_id, day, list(lines), status=status)

    def staff_double(day: date, loc: str) -> Iterator[list[_Plan]]:
        for staff, a, b in p.staff_with(loc, day, skill="massage"):
            for t in p.times(a, b - swedish_len - 30):
                r1 = p.free_room(loc, day, ("massageRoom",), t, t + 60, 15)
                r2 = r1 and p.free_room(loc, day, ("massageRoom",), t + 30, t + 90, 15, exclude=(r1.id,))
                if r1 and r2:
                    yield [plan("ap_p01", loc, day, _Line(swedish, staff.id, t, t + 60, (r1.id,))),
                           plan("ap_p02", loc, day, _Line(swedish, staff.id, t + 30, t + 90, (r2.id,)))]

    def room_double(day: date, loc: str) -> Iterator[list[_Plan]]:
        team = p.staff_with(loc, day, skill="massage")
        for (s1, a1, b1), (s2, a2, b2) in zip(team, team[1:], strict=False):
            for t in p.times(max(a1, a2 - 30), min(b1 - 60, b2 - 90)):
                room = p.free_room(loc, day, ("massageRoom",), t, t + 90, 15)
                if room:
                    yield [plan("ap_p03", loc, day, _Line(swedish, s1.id, t, t + 60, (room.id,))),
                           plan("ap_p04", loc, day, _Line(swedish, s2.id, t + 30, t + 90, (room.id,)))]

    hot_stone = p.service("sv_hot_stone_75")

    def over_capacity(day: date, loc: str) -> Iterator[list[_Plan]]:
        team = p.staff_with(loc, day, skill="hotStone")
        if len(team) < 3:
            return
        stones = p.equipment(loc, "hotStoneSet")
        low = max(a for _, a, _ in team[:3])
        high = min(b for _, _, b in team[:3]) - 75 - 30
        for t in p.times(low, high):
            group: list[_Plan] = []
            used: list[str] = []
            for index, (staff, _, _) in enumerate(team[:3]):
                start = t + 15 * index
                room = p.free_room(loc, day, _MASSAGE_ROOMS, start, start + 75, 15, exclude=used)
                if room is None:
                    break
                used.append(room.id)
                group.append(plan(f"ap_p0{5 + index}", loc, day,
                                  _Line(hot_stone, staff.id, start, start + 75, (room.id, stones.id))))
            if len(group) == 3:
                yield group

    def single(pid: str, service: Service, staff_filter: dict[str, str], room_types: Sequence[str]) -> _Builder:
        length = service.length_minutes

        def build(day: date, loc: str) -> Iterator[list[_Plan]]:
            for staff, a, b in p.staff_with(loc, day, **staff_filter):
                for t in p.times(a, b - length):
                    room = p.free_room(loc, day, room_types, t, t + length, service.buffer_minutes)
                    if room:
                        extra = tuple(p.equipment(loc, k).id for k in service.equipment_kinds)
                        yield [plan(pid, loc, day, _Line(service, staff.id, t, t + length, (room.id, *extra)))]
        return build

    deep_tissue = p.service("sv_deep_tissue_60")
    facial = p.service("sv_signature_facial_60")
    peel = p.service("sv_glycolic_peel_45")
    prenatal = p.service("sv_prenatal_60")
    four_hands = p.service("sv_four_hands_60")

    def missing_certification(day: date, loc: str) -> Iterator[list[_Plan]]:
        for service, rooms in ((peel, ("facialRoom",)), (prenatal, ("massageRoom",))):
            skill = service.required_skill or ""
            for staff, a, b in p.staff_with(loc, day, skill=skill):
                if staff.has_certification(service.required_certification or "", day):
                    continue
                length = service.length_minutes
                for t in p.times(a, b - length):
                    room = p.free_room(loc, day, rooms, t, t + length, service.buffer_minutes)
                    if room:
                        yield [plan("ap_p09", loc, day, _Line(service, staff.id, t, t + length, (room.id,)))]

    def buffer_violated(day: date, loc: str) -> Iterator[list[_Plan]]:
        team = p.staff_with(loc, day, skill="massage")
        for (s1, a1, b1), (s2, a2, b2) in zip(team, team[1:], strict=False):
            for t in p.times(max(a1, a2 - 65), min(b1 - 60, b2 - 125)):
                room = p.free_room(loc, day, ("massageRoom",), t, t + 125, 15)
                if room:
                    yield [plan("ap_p11", loc, day, _Line(swedish, s1.id, t, t + 60, (room.id,))),
                           plan("ap_p12", loc, day, _Line(swedish, s2.id, t + 65, t + 125, (room.id,)))]

    def outside_shift(day: date, loc: str) -> Iterator[list[_Plan]]:
        open_, close = p.catalogue.hours[(loc, day.weekday())]
        for staff, a, b in p.staff_with(loc, day, skill="massage"):
            for t in (b - 30, a - 30):
                if t < open_ or t + 60 > close:
                    continue
                room = p.free_room(loc, day, ("massageRoom",), t, t + 60, 15)
                if room:
                    yield [plan("ap_p13", loc, day, _Line(swedish, staff.id, t, t + 60, (room.id,), off_shift=True))]

    def buffer_exact(day: date, loc: str) -> Iterator[list[_Plan]]:
        team = p.staff_with(loc, day, skill="massage")
        for (s1, a1, b1), (s2, a2, b2) in zip(team, team[1:], strict=False):
            for t in p.times(max(a1, a2 - 75), min(b1 - 60, b2 - 135)):
                room = p.free_room(loc, day, ("massageRoom",), t, t + 135, 15)
                if room:
                    yield [plan("ap_n01", loc, day, _Line(swedish, s1.id, t, t + 60, (room.id,))),
                           plan("ap_n02", loc, day, _Line(swedish, s2.id, t + 75, t + 135, (room.id,)))]

    wrap = p.service("sv_detox_wrap_75")
    express = p.service("sv_express_neck_25")

    def processing_frees(day: date, loc: str) -> Iterator[list[_Plan]]:
        for staff, a, b in p.staff_with(loc, day, skill="bodyWrap"):
            if "massage" not in staff.skills:
                continue
            for t in p.times(a, b - 75):
                wet = p.free_room(loc, day, ("wetRoom",), t, t + 75, wrap.buffer_minutes)
                side = p.free_room(loc, day, ("massageRoom",), t + 30, t + 55, express.buffer_minutes)
                if wet and side:
                    yield [plan("ap_n03", loc, day, _Line(wrap, staff.id, t, t + 75, (wet.id,))),
                           plan("ap_n04", loc, day, _Line(express, staff.id, t + 30, t + 55, (side.id,)))]

    def cancelled_overlap(day: date, loc: str) -> Iterator[list[_Plan]]:
        team = p.staff_with(loc, day, skill="massage")
        for (s1, a1, b1), (s2, a2, b2) in zip(team, team[1:], strict=False):
            for t in p.times(max(a1, a2 - 30), min(b1 - 60, b2 - 90)):
                room = p.free_room(loc, day, ("massageRoom",), t, t + 60, 15)
                if room:
                    yield [plan("ap_n05", loc, day, _Line(swedish, s1.id, t, t + 60, (room.id,))),
                           plan("ap_n06", loc, day, _Line(swedish, s2.id, t + 30, t + 90, (room.id,)),
                                status="cancelled")]

    def at_capacity(day: date, loc: str) -> Iterator[list[_Plan]]:
        team = p.staff_with(loc, day, skill="hotStone")
        stones = p.equipment(loc, "hotStoneSet")
        for (s1, a1, b1), (s2, a2, b2) in zip(team, team[1:], strict=False):
            for t in p.times(max(a1, a2), min(b1, b2) - 75):
                r1 = p.free_room(loc, day, _MASSAGE_ROOMS, t, t + 75, 15)
                r2 = r1 and p.free_room(loc, day, _MASSAGE_ROOMS, t, t + 75, 15, exclude=(r1.id,))
                if r1 and r2:
                    yield [plan("ap_n07", loc, day, _Line(hot_stone, s1.id, t, t + 75, (r1.id, stones.id))),
                           plan("ap_n08", loc, day, _Line(hot_stone, s2.id, t, t + 75, (r2.id, stones.id)))]

    def grace_peel(day: date, loc: str) -> Iterator[list[_Plan]]:
        if loc != "loc_venice":
            return
        shift = p.catalogue.shift(_GRACE, day)
        if shift is None:
            return
        length = peel.length_minutes
        for t in p.times(shift[0], shift[1] - length):
            room = p.free_room(loc, day, ("facialRoom",), t, t + length, peel.buffer_minutes)
            if room:
                yield [plan("ap_n09", loc, day, _Line(peel, _GRACE, t, t + length, (room.id,)))]

    def four_hands_full(day: date, loc: str) -> Iterator[list[_Plan]]:
        team = p.staff_with(loc, day, skill="massage")
        for (s1, a1, b1), (s2, a2, b2) in zip(team, team[1:], strict=False):
            for t in p.times(max(a1, a2), min(b1, b2) - 60):
                room = p.free_room(loc, day, _MASSAGE_ROOMS, t, t + 60, 15)
                if room:
                    yield [plan("ap_n10", loc, day, _Line(four_hands, s1.id, t, t + 60, (room.id,)),
                                _Line(four_hands, s2.id, t, t + 60))]

    # The hardest to fit go first, while the book is empty.
    p.place("equipment_over_capacity", over_capacity)
    # offered to every location (the builder only takes Grace's), so the shuffle draws as it always did
    p.place("certification_valid_through_day", grace_peel,
            days={loc.id: [grace_day] for loc in p.catalogue.locations})
    p.place("missing_certification", missing_certification)
    p.place("staff_double_booked", staff_double)
    p.place("room_double_booked", room_double)
    p.place("missing_skill", single("ap_p08", deep_tissue, {"skill": "massage", "lacking": "deepTissue"}, ("massageRoom",)))
    p.place("wrong_room_type", single("ap_p10", facial, {"skill": "facial"}, ("massageRoom",)))
    p.place("buffer_violated", buffer_violated)
    p.place("outside_shift", outside_shift)
    p.place("understaffed", single("ap_p14", four_hands, {"skill": "massage"}, ("massageRoom",)))
    p.place("buffer_exactly_met", buffer_exact)
    p.place("processing_frees_therapist", processing_frees)
    p.place("cancelled_overlap", cancelled_overlap)
    p.place("equipment_at_capacity", at_capacity)
    p.place("two_staff_fully_staffed", four_hands_full)


# --------------------------------------------------------------------------------------------------
# Clients.
# --------------------------------------------------------------------------------------------------

_OPTED_OUT_PREFS = MessagingPreferences(
    marketing_email="optedOut", marketing_text="optedOut", transactional_email="optedOut", transactional_text="optedOut"
)


@dataclass
class _ClientSeed:
    id: str
    first_name: str
    last_name: str
    email: str | None
    phone: str | None
    profile: notes_corpus.ClientProfile
    weight: float
    home: str
    channel: str
    joined: date
    preferences: MessagingPreferences
    tags: list[str]
    custom_fields: dict[str, object]
    days: set[int] = field(default_factory=set)  # ordinals of days with an appointment


def _consent(rng: random.Random) -> MessagingPreferences:
    def state(opt_in: float, opt_out: float) -> ConsentState:
        roll = rng.random()
        return "optedIn" if roll < opt_in else "optedOut" if roll < opt_in + opt_out else "unknown"

    return MessagingPreferences(
        marketing_email=state(0.45, 0.15), marketing_text=state(0.25, 0.2),
        transactional_email=state(0.6, 0.03), transactional_text=state(0.7, 0.05),
    )


def _make_clients(rng: random.Random, count: int, today: date, history_start: date) -> list[_ClientSeed]:
    width = max(4, len(str(count)))
    history_days = max((today - history_start).days, 1)
    seen_emails: set[str] = set()
    clients: list[_ClientSeed] = []
    for index in range(1, count + 1):
        first = rng.choice(notes_corpus.FIRST_NAMES)
        last = rng.choice(notes_corpus.LAST_NAMES)
        profile = notes_corpus.compose_profile(rng, first)
        local = f"{first}.{last}".lower().replace("'", "").replace(" ", "")
        address = f"{local}@{rng.choice(notes_corpus.EMAIL_DOMAINS)}"
        if address in seen_emails:
            address = f"{local}{index}@{rng.choice(notes_corpus.EMAIL_DOMAINS)}"
        seen_emails.add(address)
        email = None if rng.random() < 0.04 else address
        number = index - 1
        area = notes_corpus.AREA_CODES[(number // 100) % len(notes_corpus.AREA_CODES)]
        phone: str | None = f"+1-{area}-555-01{number % 100:02d}"
        if rng.random() < 0.03:
            phone = None
        roll = rng.random()
        if roll < 0.45:
            joined = history_start - timedelta(days=rng.randint(0, 700))
        elif roll < 0.96:
            joined = history_start + timedelta(days=rng.randrange(history_days))
        else:
            joined = today  # never visited yet: a new client on the book
        tags = list(profile.tags)
        weight = rng.lognormvariate(0.0, 1.0)
        if weight > 3.0:
            tags.append("regular")
        if rng.random() < 0.12:
            tags.append("member")
        if rng.random() < 0.04:
            tags.append("vip")
        if "nuts" in profile.allergies or "fragrance" in profile.allergies:
            tags.append("sensitive")
        custom_fields: dict[str, object] = {"referralSource": rng.choice(
            ("Instagram", "Google", "Friend", "Yelp", "Hotel concierge", "ClassPass", "Walk-by"))}
        if "member" in tags:
            custom_fields["membershipTier"] = rng.choice(("Glow Club Monthly", "Glow Club Annual"))
        if rng.random() < 0.3:
            custom_fields["birthdayMonth"] = rng.randint(1, 12)
        if rng.random() < 0.25:
            custom_fields["retailPurchases"] = rng.sample(
                ("Lavender body oil", "Hydrating serum", "SPF 50 tint", "Bath salts", "Gua sha stone",
                 "Eucalyptus shower mist", "Gift card $100"), k=rng.randint(1, 3))
        clients.append(_ClientSeed(
            id=f"cl_{index:0{width}d}", first_name=first, last_name=last, email=email, phone=phone, profile=profile,
            weight=weight, home="loc_soho" if rng.random() < 0.55 else "loc_venice",
            channel=rng.choices(("online", "app", "phone"), weights=(45, 25, 30))[0], joined=joined,
            preferences=_consent(rng), tags=tags, custom_fields=custom_fields,
        ))
    _make_hostile(clients)
    return clients


#: Clients whose values exercise escaping and the LLM guardrails; they are on today's book.
HOSTILE_CLIENT_IDS = ("cl_0007", "cl_0011", "cl_0019")


def _make_hostile(clients: list[_ClientSeed]) -> None:
    by_id = {c.id: c for c in clients}
    channel = by_id[HOSTILE_CLIENT_IDS[0]]
    channel.profile.notes = channel.profile.notes.replace(channel.first_name, notes_corpus.HOSTILE_FIRST_NAME)
    channel.first_name, channel.last_name = notes_corpus.HOSTILE_FIRST_NAME, "Tester"
    channel.email = "channel.tester@example.com"
    by_id[HOSTILE_CLIENT_IDS[1]].profile.notes = notes_corpus.HOSTILE_NOTE
    by_id[HOSTILE_CLIENT_IDS[2]].profile.notes = notes_corpus.HOSTILE_LINK_NOTE
    by_id[HOSTILE_CLIENT_IDS[2]].last_name = "O'Neil & <Sons>"


class _ClientPicker:
    """Weighted draws of clients who had joined by a day, mostly at their home location."""

    def __init__(self, clients: Sequence[_ClientSeed], rng: random.Random, location_ids: Sequence[str]) -> None:
        self.rng = rng
        self.order = sorted(clients, key=lambda c: (c.joined, c.id))
        self.joined = [c.joined for c in self.order]
        self.cumulative = {
            lid: list(_cumulative([c.weight * (0.93 if c.home == lid else 0.07) for c in self.order]))
            for lid in location_ids
        }

    def pick(self, location_id: str, day: date, exclude: frozenset[str] = frozenset()) -> _ClientSeed | None:
        eligible = bisect.bisect_right(self.joined, day)
        if eligible == 0:
            return None
        cumulative = self.cumulative[location_id]
        for _ in range(6):
            index = bisect.bisect_right(cumulative, self.rng.random() * cumulative[eligible - 1], 0, eligible)
            client = self.order[min(index, eligible - 1)]
            if day.toordinal() not in client.days and client.id not in exclude:
                return client
        return None


def _lead_hours(rng: random.Random, source: str) -> float:
    if source == "walkIn":
        return rng.uniform(0.05, 0.5)
    roll = rng.random()
    if roll < 0.12:
        return rng.uniform(0.5, 8.0)
    if roll < 0.37:
        return rng.uniform(8.0, 72.0)
    if roll < 0.72:
        return rng.uniform(72.0, 336.0)
    return rng.uniform(336.0, 1440.0)


def _booking_channel(rng: random.Random, client: _ClientSeed, walk_ins: bool) -> str:
    if walk_ins and rng.random() < 0.05:
        return "walkIn"
    if rng.random() < 0.75:
        return client.channel
    return rng.choice(("online", "app", "phone"))


def _deposit(rng: random.Random, source: str, price: float) -> bool:
    chance = {"online": (0.55, 0.25), "app": (0.45, 0.2), "phone": (0.3, 0.1)}.get(source)
    return chance is not None and rng.random() < chance[0 if price >= 150 else 1]


def _assign(plan: _Plan, client: _ClientSeed, rng: random.Random, *, walk_ins: bool) -> None:
    plan.client_id = client.id
    client.days.add(plan.day.toordinal())
    plan.source = _booking_channel(rng, client, walk_ins)
    plan.lead_hours = _lead_hours(rng, plan.source)
    plan.deposit = _deposit(rng, plan.source, plan.service.price)


# --------------------------------------------------------------------------------------------------
# Times and outcomes.
# --------------------------------------------------------------------------------------------------


class _Clock:
    """Local wall-clock minutes to aware datetimes with the day's fixed UTC offset (DST-safe at spa hours)."""

    def __init__(self, zones: Mapping[str, ZoneInfo]) -> None:
        self.zones = zones
        self._offsets: dict[tuple[str, date], timezone] = {}
        self._instants: dict[tuple[str, date, int], datetime] = {}

    def tz(self, location_id: str, day: date) -> timezone:
        key = (location_id, day)
        tz = self._offsets.get(key)
        if tz is None:
            offset = datetime(day.year, day.month, day.day, 12, tzinfo=self.zones[location_id]).utcoffset()
            tz = self._offsets[key] = timezone(offset or timedelta(0))
        return tz

    def at(self, location_id: str, day: date, minutes: int) -> datetime:
        key = (location_id, day, minutes)
        instant = self._instants.get(key)
        if instant is None:
            tz = self.tz(location_id, day)
            instant = self._instants[key] = datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=tz)
        return instant


@dataclass
class _ClientHistory:
    starts: list[float] = field(default_factory=list)
    ends: list[float] = field(default_factory=list)
    no_shows: list[int] = field(default_factory=lambda: [0])
    late_cancels: list[int] = field(default_factory=lambda: [0])

    def booked_at(self, created_ts: float) -> tuple[float, int]:
        """Move a booking made during one of the client's visits to just after it; return it and the prior count."""
        prior = bisect.bisect_right(self.starts, created_ts)
        if prior and created_ts < self.ends[prior - 1] + 300:
            created_ts = self.ends[prior - 1] + 300  # rebooked at checkout, 5 minutes after the visit
        return created_ts, prior

    def add(self, start_ts: float, end_ts: float, outcome: str) -> None:
        self.starts.append(start_ts)
        self.ends.append(end_ts)
        self.no_shows.append(self.no_shows[-1] + (outcome == "noShow"))
        self.late_cancels.append(self.late_cancels[-1] + (outcome == "lateCancel"))


def _draw_outcome(rng: random.Random, p: Mapping[str, float]) -> str:
    roll = rng.random()
    if roll < p["noShow"]:
        return "noShow"
    if roll < p["noShow"] + p["lateCancel"]:
        return "lateCancel"
    if roll < p["noShow"] + p["lateCancel"] + p["cancelled"]:
        return "cancelled"
    return "completed"


def _features(plan: _Plan, created_ts: float, prior: int, history: _ClientHistory) -> BookingFeatures:
    return BookingFeatures(
        lead_hours=(plan.start_ts - created_ts) / 3600.0,
        weekday=plan.day.weekday(),
        hour=plan.start // 60,
        category=plan.service.category,
        price=plan.service.price,
        source=plan.source,
        deposit=plan.deposit,
        new_client=prior == 0,
        prior_appointments=prior,
        prior_no_shows=history.no_shows[prior],
        prior_late_cancels=history.late_cancels[prior],
    )


_CANCEL_REASONS = ("Feeling unwell", "Work conflict", "Childcare fell through", "Travel plans changed",
                   "Running late, can't make it", "Rescheduling", "Weather", None, None)


# --------------------------------------------------------------------------------------------------
# The generator.
# --------------------------------------------------------------------------------------------------


def _months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for day_of_month in (day.day, 28):
        try:
            return date(year, month + 1, min(day.day, day_of_month))
        except ValueError:
            continue
    return date(year, month + 1, 1)  # pragma: no cover


def location_todays(now: datetime) -> dict[str, date]:
    """Each generated location's own local date at ``now``: the day its book starts on with ``generate_spa(now=now)``.

    From local midnight in New York to local midnight in Los Angeles, SoHo's today is Venice's tomorrow."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    return {lid: now.astimezone(ZoneInfo(zone)).date() for lid, _, zone in GENERATED_LOCATIONS}


def generate_spa(seed: int = 7, *, today: date | None = None, now: datetime | None = None, clients: int = 2000,
                 history_months: int = 18) -> SpaData:
    """A whole sandbox spa, the same for the same (seed, today or now, sizes).

    Give exactly one of ``now`` (an aware instant: each location around its own local date at ``now``, no stamp
    later than ``now``) or ``today`` (every location around that one calendar date)."""
    if clients < MIN_CLIENTS:
        raise ValueError(f"clients must be at least {MIN_CLIENTS}")
    if history_months < 1:
        raise ValueError("history_months must be at least 1")
    return _Generator(seed, today, clients, history_months, now=now).build()


@dataclass
class _Generated:
    data: SpaData
    drawn_probabilities: dict[str, dict[str, float]]  # the probabilities each history outcome was drawn with


class _Generator:
    def __init__(self, seed: int, today: date | None, client_count: int, history_months: int, *,
                 now: datetime | None = None) -> None:
        if (today is None) == (now is None):
            raise ValueError("give exactly one of today (a calendar date) or now (an aware instant)")
        self.rng = random.Random(seed)
        self.now = now
        #: Each location's own today: the local date at ``now``, or ``today`` everywhere.
        self.todays = location_todays(now) if now is not None else {lid: today for lid, _, _ in GENERATED_LOCATIONS}
        #: The earliest of them: the history window and the clients' join dates count from it.
        self.first_today = min(self.todays.values())
        self.history_start = _months_before(self.first_today, history_months)
        self.catalogue = _catalogue(self.todays)
        self.clock = _Clock(self.catalogue.zones)
        self.client_count = client_count
        self.drawn: dict[str, dict[str, float]] = {}

    def today(self, location_id: str) -> date:
        """The location's today: its book runs today and tomorrow, its history up to yesterday."""
        return self.todays[location_id]

    def stamp(self, instant: datetime) -> datetime:
        """A change stamp, never later than ``now``. Only a safety net: by construction nothing needs it (each
        location's history ends on its own yesterday, its book was made and its cancellations made before its
        local midnight, waitlist entries and client records are older), and a test checks that at every hour of
        the day nothing is pulled back, so the features the outcomes were drawn from stay exact."""
        return instant if self.now is None or instant <= self.now else self.now.astimezone(UTC)

    def build(self) -> SpaData:
        return self.build_with_truth().data

    def build_with_truth(self) -> _Generated:
        rng, cat = self.rng, self.catalogue
        seeds = _make_clients(rng, self.client_count, self.first_today, self.history_start)
        picker = _ClientPicker(seeds, rng, [loc.id for loc in cat.locations])
        history = self._history_plans(picker)
        planted_history = self._plant_cancellations(seeds)
        book, cancelled = self._book(picker, seeds)
        plans = history + planted_history + book
        for plan in plans:
            plan.start_ts = self.clock.at(plan.location_id, plan.day, plan.start).timestamp()
            plan.end_ts = self.clock.at(plan.location_id, plan.day, plan.end).timestamp()
        outcomes = self._draw_outcomes(history + planted_history, book)
        by_seed = {c.id: c for c in seeds}
        plans.sort(key=lambda plan: (plan.start_ts, plan.id))
        appointments = [self._appointment(plan, outcomes.get(plan.id)) for plan in plans]
        waitlist = self._waitlist(by_seed, book, cancelled, planted_history)
        data = SpaData(
            locations=cat.locations, staff=cat.staff, resources=cat.resources, services=cat.services,
            clients=self._clients(seeds, plans, outcomes), appointments=appointments, waitlist=waitlist,
        )
        logger.info("generated sandbox spa: %d clients, %d appointments", len(data.clients), len(appointments))
        return _Generated(data, self.drawn)

    # -- history --------------------------------------------------------------------------------

    def _history_plans(self, picker: _ClientPicker) -> list[_Plan]:
        scale = min(1.0, self.client_count / 2000)
        weekday_demand = (0.85, 0.9, 0.95, 1.0, 1.15, 1.3, 1.0)
        counter = iter(range(1, 10**9))
        ids = (f"{HISTORY_ID_PREFIX}{n:06d}" for n in counter)
        plans: list[_Plan] = []
        day = self.history_start
        last_day = max(self.todays.values())
        while day < last_day:
            for location in self.catalogue.locations:
                if day >= self.today(location.id):
                    continue  # a location's history ends on its own yesterday
                intensity = 0.2 * scale * weekday_demand[day.weekday()]
                for plan in _fill_day(self.catalogue, self.rng, location.id, day, intensity, ids):
                    client = picker.pick(location.id, day)
                    if client is not None:
                        _assign(plan, client, self.rng, walk_ins=True)
                        plans.append(plan)
            day += timedelta(days=1)
        return plans

    def _plant_cancellations(self, seeds: Sequence[_ClientSeed]) -> list[_Plan]:
        """Three cancellations (two late) in the last 60 days for one regular at SoHo (a waitlist case)."""
        client = next(c for c in seeds if c.home == "loc_soho" and c.joined <= self.history_start
                      and c.id not in HOSTILE_CLIENT_IDS)
        swedish = self.catalogue.service_by_id["sv_swedish_60"]
        room = "rs_soho_massage_2"
        plans = []
        today = self.today("loc_soho")
        offsets = [day for day in range(40, 4, -1) if (today - timedelta(days=day)).toordinal() not in client.days]
        chosen = [offsets[0], offsets[len(offsets) // 2], offsets[-1]]
        specs = (("ap_x01", "lateCancel", 5 * 24.0, 6.0), ("ap_x02", "cancelled", 10 * 24.0, 72.0),
                 ("ap_x03", "lateCancel", 3 * 24.0, 2.0))
        for (pid, outcome, lead, cancel_hours), offset in zip(specs, chosen, strict=True):
            day = today - timedelta(days=offset)
            staff = next(s for s in self.catalogue.practitioners("loc_soho")
                         if "massage" in s.skills and self.catalogue.shift(s.id, day) is not None)
            shift_start = self.catalogue.shifts[(staff.id, day.weekday())][0]
            start = shift_start + 120
            plan = _Plan(pid, "loc_soho", day, [_Line(swedish, staff.id, start, start + 60, (room,))],
                         client_id=client.id, source="app", lead_hours=lead, forced_outcome=outcome,
                         forced_cancel_hours=cancel_hours)
            client.days.add(day.toordinal())
            plans.append(plan)
        return plans

    def _draw_outcomes(self, history: list[_Plan], book: list[_Plan]) -> dict[str, str]:
        """Draw each history outcome in start order from features known when it was booked."""
        histories: dict[str, _ClientHistory] = defaultdict(_ClientHistory)
        outcomes: dict[str, str] = {}
        for plan in sorted(history, key=lambda p: (p.start_ts, p.id)):
            client_history = histories[plan.client_id]
            plan.created_ts, prior = client_history.booked_at(float(round(plan.start_ts - plan.lead_hours * 3600.0)))
            features = _features(plan, plan.created_ts, prior, client_history)
            if plan.forced_outcome is None:
                probabilities = self.drawn[plan.id] = outcome_probabilities(features)
                outcome = _draw_outcome(self.rng, probabilities)
            else:
                outcome = plan.forced_outcome
            outcomes[plan.id] = outcome
            client_history.add(plan.start_ts, plan.end_ts, outcome)
        for plan in book:
            day_start = self.clock.at(plan.location_id, self.today(plan.location_id), 0).timestamp()
            latest = day_start - 3600.0 * self.rng.uniform(1.0, 14.0)  # booked before the book day began
            created = float(round(min(plan.start_ts - plan.lead_hours * 3600.0, latest)))
            plan.created_ts, _ = histories[plan.client_id].booked_at(created)
        return outcomes

    # -- the book -------------------------------------------------------------------------------

    def _book(self, picker: _ClientPicker, seeds: Sequence[_ClientSeed]) -> tuple[list[_Plan], list[_Plan]]:
        days = {lid: [today, today + timedelta(days=1)] for lid, today in self.todays.items()}
        ledger = _Ledger(self.catalogue)
        planter = _Planter(self.catalogue, self.rng, ledger, days)
        _plant_book(planter, _grace_certification_day(self.today(_GRACE_LOCATION)))
        counter = iter(range(1, 10**6))
        ids = (f"ap_b{n:04d}" for n in counter)
        filler: list[_Plan] = []
        for index in range(2):
            for location in self.catalogue.locations:
                day = days[location.id][index]
                filler += _fill_day(self.catalogue, self.rng, location.id, day, 0.45, ids, ledger)
        book = planter.plans + filler
        hostile = frozenset(HOSTILE_CLIENT_IDS)
        assigned: list[_Plan] = []
        for plan in book:
            client = picker.pick(plan.location_id, plan.day, exclude=hostile)
            if client is None:
                if plan.id.startswith("ap_b"):
                    continue  # a filler slot nobody took
                client = next(c for c in seeds if plan.day.toordinal() not in c.days and c.id not in hostile)
            _assign(plan, client, self.rng, walk_ins=False)
            if plan.status != "cancelled":
                plan.status = "confirmed" if self.rng.random() < 0.65 else "unconfirmed"
            assigned.append(plan)
        today_filler = [p for p in assigned if p.id.startswith("ap_b") and p.day == self.today(p.location_id)]
        by_id = {c.id: c for c in seeds}
        for plan, hostile_id in zip(today_filler[::7], HOSTILE_CLIENT_IDS, strict=False):
            by_id[plan.client_id].days.discard(plan.day.toordinal())
            plan.client_id = hostile_id
            by_id[hostile_id].days.add(plan.day.toordinal())
        candidates = [p for p in assigned if p.id.startswith("ap_b") and p.client_id not in hostile]
        cancelled = []
        for offset, count in ((0, 2), (1, 1)):  # two on today's book, one on tomorrow's
            pool = sorted((p for p in candidates if p.day == self.today(p.location_id) + timedelta(days=offset)
                           and p.service.staff_count == 1), key=lambda p: p.id)
            for plan in self.rng.sample(pool, k=min(count, len(pool))):
                plan.status = "cancelled"
                cancelled.append(plan)
        already = {p.id for p in cancelled}
        cancelled += [p for p in assigned if p.status == "cancelled" and p.id not in already]
        return assigned, cancelled

    # -- materialising --------------------------------------------------------------------------

    def _appointment(self, plan: _Plan, outcome: str | None) -> Appointment:
        rng = self.rng
        lines = [
            ServiceLine(
                id=f"sl_{plan.id[3:]}_{index}", service_id=line.service.id, service_name=line.service.name,
                staff_id=line.staff_id, start_at=self.clock.at(plan.location_id, plan.day, line.start),
                end_at=self.clock.at(plan.location_id, plan.day, line.end), resource_ids=list(line.resource_ids),
            )
            for index, line in enumerate(plan.lines, start=1)
        ]
        created = datetime.fromtimestamp(plan.created_ts, UTC)
        start = min(line.start_at for line in lines)
        end = max(line.end_at for line in lines)
        cancellation = None
        updated = created
        version = 1
        if outcome is None:  # on the book
            status = AppointmentStatus(plan.status)
            if status == AppointmentStatus.cancelled:
                day_start = self.clock.at(plan.location_id, self.today(plan.location_id), 0).timestamp()
                cancelled_at = self.stamp(datetime.fromtimestamp(
                    round(max(plan.created_ts + 60, day_start - 3600.0 * rng.uniform(1.0, 6.0))), UTC))
                cancellation = self._cancellation(plan, cancelled_at)
                updated, version = cancelled_at, 2
        elif outcome in ("lateCancel", "cancelled"):
            status = AppointmentStatus.cancelled
            if plan.forced_outcome is not None:
                cancel_ts = max(plan.start_ts - plan.forced_cancel_hours * 3600.0, plan.created_ts + 60.0)
            elif outcome == "lateCancel":
                low = max(plan.created_ts, plan.start_ts - LATE_CANCEL_HOURS * 3600.0 + 60)
                cancel_ts = rng.uniform(low, max(low, plan.start_ts - 600.0))
            else:
                cancel_ts = rng.uniform(plan.created_ts, plan.start_ts - 25 * 3600.0)
            cancelled_at = self.stamp(datetime.fromtimestamp(round(cancel_ts), UTC))
            cancellation = self._cancellation(plan, cancelled_at)
            updated, version = cancelled_at, 2
        elif outcome == "noShow":
            status = AppointmentStatus.no_show
            updated, version = datetime.fromtimestamp(plan.start_ts + 1800.0, UTC), 2
        else:
            status = AppointmentStatus.completed
            updated, version = datetime.fromtimestamp(plan.end_ts + 600.0, UTC), 3
        notes = ""
        if rng.random() < 0.08:
            notes = rng.choice(("Gift card", "Birthday treat", "Rebooked at checkout", "Asked for a quiet room",
                                "Running 5 min late (called)", "Paid with membership credit"))
        return Appointment(
            id=plan.id, location_id=plan.location_id, client_id=plan.client_id, status=status, start_at=start,
            end_at=end, source=plan.source, services=lines, notes=notes, cancellation=cancellation,
            deposit_paid=plan.deposit, created_at=self.stamp(created), updated_at=self.stamp(updated), version=version,
        )

    def _cancellation(self, plan: _Plan, cancelled_at: datetime) -> Cancellation:
        late = plan.start_ts - cancelled_at.timestamp() < LATE_CANCEL_HOURS * 3600.0
        by = "client" if plan.source in ("online", "app") else (
            "st_leo_park" if plan.location_id == "loc_soho" else "st_tyler_brooks")
        return Cancellation(cancelled_at=cancelled_at, cancelled_by=by, reason=self.rng.choice(_CANCEL_REASONS),
                            late_cancel=late)

    def _clients(self, seeds: Sequence[_ClientSeed], plans: Sequence[_Plan], outcomes: Mapping[str, str]) -> list[Client]:
        last_visit: dict[str, date] = {}
        first_booked: dict[str, float] = {}
        for plan in plans:
            if outcomes.get(plan.id) == "completed" and plan.day > last_visit.get(plan.client_id, date.min):
                last_visit[plan.client_id] = plan.day
            first_booked[plan.client_id] = min(first_booked.get(plan.client_id, math.inf), plan.created_ts)
        result = []
        for seed in seeds:
            joined = datetime(seed.joined.year, seed.joined.month, seed.joined.day, tzinfo=UTC) - timedelta(hours=6)
            if seed.id in first_booked:
                joined = min(joined, datetime.fromtimestamp(first_booked[seed.id], UTC) - timedelta(minutes=5))
            joined = self.stamp(joined)
            profile = seed.profile
            health = HealthHistory(allergies=profile.allergies, conditions=profile.conditions,
                                   medications=profile.medications, pregnant=profile.pregnant,
                                   updated_at=joined if (profile.allergies or profile.conditions
                                                         or profile.medications or profile.pregnant is not None) else None)
            result.append(Client(
                id=seed.id, first_name=seed.first_name, last_name=seed.last_name, email=seed.email,
                mobile_phone=seed.phone, notes=profile.notes,
                alerts=[Alert(text=_as_of_visits(text, seed.id in last_visit), severity=severity)  # type: ignore[arg-type]
                        for text, severity in profile.alerts],
                custom_fields=seed.custom_fields, tags=seed.tags, last_visit_date=last_visit.get(seed.id),
                messaging_preferences=seed.preferences, health_history=health, created_at=joined,
            ))
        return result

    # -- the waitlist ---------------------------------------------------------------------------

    def _waitlist(self, by_id: Mapping[str, _ClientSeed], book: Sequence[_Plan], cancelled: Sequence[_Plan],
                  planted_history: Sequence[_Plan]) -> list[WaitlistEntry]:
        rng = self.rng
        entries: list[WaitlistEntry] = []
        busy = {(p.client_id, p.day) for p in book}
        special = [by_id[planted_history[0].client_id].id]  # the 3-cancellations client
        opted_out = next(c for c in by_id.values()
                         if c.id not in HOSTILE_CLIENT_IDS and c.id not in special and c.home == "loc_venice")
        opted_out.preferences = _OPTED_OUT_PREFS
        special.append(opted_out.id)
        used: set[str] = set()

        def add(location_id: str, client_id: str, services: list[str], staff: list[str], date_from: date,
                date_to: date, windows: list[TimeWindow], status: WaitlistStatus = WaitlistStatus.waiting) -> None:
            created = datetime.combine(self.today(location_id) - timedelta(days=rng.randint(1, 20)),
                                       datetime.min.time(), UTC) + timedelta(hours=rng.randint(12, 23))
            entries.append(WaitlistEntry(
                id=f"wl_{len(entries) + 1:03d}", location_id=location_id, client_id=client_id, service_ids=services,
                staff_ids=staff, date_from=date_from, date_to=date_to, time_windows=windows, status=status,
                created_at=self.stamp(created),
            ))
            used.add(client_id)

        def candidate(location_id: str, day: date) -> str:
            ordinary = [c for c in by_id.values() if c.id not in HOSTILE_CLIENT_IDS and c.id not in special]
            free = [c for c in ordinary if c.id not in used and (c.id, day) not in busy]
            for pool in ([c for c in free if c.home == location_id], free, ordinary):  # small spas run out
                if pool:
                    return rng.choice(pool).id
            raise RuntimeError("sandbox generator: no client left for the waitlist")  # pragma: no cover

        live_cancelled = sorted(cancelled, key=lambda p: (p.day, p.id))
        for index, gap in enumerate(live_cancelled):
            window = TimeWindow(weekday=gap.day.weekday(), start=_hhmm(max(gap.start - 60, 0) // 60 * 60),
                                end=_hhmm(min(gap.end + 60, 23 * 60)))
            service = gap.service
            similar = [s.id for s in self.catalogue.offered[gap.location_id]
                       if s.category == service.category and s.id != service.id and s.staff_count == 1][:2]
            who = [candidate(gap.location_id, gap.day) for _ in range(3)]
            for slot, special_id in ((1, special[0]), (2, special[1])):
                if index == slot - 1 and special_id not in used and (special_id, gap.day) not in busy:
                    who[slot] = special_id
            for rank, client_id in enumerate(who):
                staff = [gap.lines[0].staff_id] if rank == 0 else []
                services = [service.id] if rank != 2 else [service.id, *similar]
                add(gap.location_id, client_id, services, staff,
                    self.today(gap.location_id) - timedelta(days=rng.randint(0, 3)),
                    gap.day + timedelta(days=rng.randint(0, 5)), [window])
        for special_id in special:
            if special_id not in used:  # make sure both edge cases are on the list, matching a cancellation
                gap = next((g for g in live_cancelled if (special_id, g.day) not in busy), live_cancelled[0])
                add(gap.location_id, special_id, [gap.service.id], [], self.today(gap.location_id),
                    gap.day + timedelta(days=3),
                    [TimeWindow(weekday=gap.day.weekday(), start="08:00", end="21:00")])
        popular = ("sv_swedish_60", "sv_deep_tissue_60", "sv_signature_facial_60", "sv_hot_stone_75",
                   "sv_couples_60", "sv_glycolic_peel_45", "sv_prenatal_60", "sv_detox_wrap_75")
        statuses = [WaitlistStatus.offered, WaitlistStatus.expired, WaitlistStatus.booked, WaitlistStatus.cancelled]
        while len(entries) < 22:
            location = rng.choice(self.catalogue.locations).id
            start_day = self.today(location) + timedelta(days=rng.randint(0, 3))
            services = [s for s in rng.sample(popular, k=rng.randint(1, 2))
                        if (location, s) in self.catalogue.rooms_for]
            if not services:
                continue
            part = rng.choice(((9 * 60, 12 * 60), (12 * 60, 16 * 60), (16 * 60, 20 * 60), (9 * 60, 20 * 60)))
            windows = [TimeWindow(weekday=(start_day + timedelta(days=k)).weekday(), start=_hhmm(part[0]),
                                  end=_hhmm(part[1])) for k in range(rng.randint(1, 3))]
            staff_pool = [s.id for s in self.catalogue.practitioners(location)]
            staff = rng.sample(staff_pool, k=1) if rng.random() < 0.4 else []
            status = statuses.pop() if statuses and rng.random() < 0.3 else WaitlistStatus.waiting
            date_from, date_to = start_day, start_day + timedelta(days=rng.randint(2, 7))
            if status == WaitlistStatus.expired:
                date_from, date_to = self.today(location) - timedelta(days=9), self.today(location) - timedelta(days=1)
            add(location, candidate(location, start_day), services, staff, date_from, date_to, windows, status)
        return entries
