"""Domain objects: the spa as the copilot sees it, in the shapes of the contract (docs/mangomint-contract.md).

Every model reads and writes camelCase JSON (``model_dump(by_alias=True)``) and accepts snake_case in
Python. Unknown fields from the platform are ignored, so a richer upstream payload never breaks parsing.
Times are timezone-aware; a location's IANA ``timeZone`` says how to show them.
"""

from __future__ import annotations

import functools
import logging
import math
import re
import unicodedata
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Any, Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)
from pydantic.alias_generators import to_camel

logger = logging.getLogger(__name__)


def scalar_id(value: Any) -> str | None:
    """An id as the copilot keeps it, a string: ids arrive as strings or numbers (Mangomint's own are numbers,
    ``5520117``), a whole number sometimes as a float (``48213907.0``, from a sender that keeps every number as one):
    read as its integer's string, ``"48213907"``. An empty string, ``null``, a boolean, a float with a fraction
    (``48213907.5``), NaN or an infinity, or anything else is no id (None)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str | int):
        return str(value) or None
    if isinstance(value, float) and math.isfinite(value) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))  # beyond 2**53 a float is no longer the integer it was sent as
    return None


def _id_or_as_given(value: Any) -> Any:
    return value if isinstance(value, str) else (scalar_id(value) or value)


#: An id field of a contract shape: a string, or a number read as its string (``scalar_id``), as a gateway passing
#: Mangomint's own numeric ids through sends them; anything else is refused as before.
Id = Annotated[str, BeforeValidator(_id_or_as_given)]


class Model(BaseModel):
    """Base for every contract shape: camelCase aliases, populate by name, ignore unknown fields."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")

    def to_json_dict(self) -> dict[str, Any]:
        """The contract's JSON form (camelCase, ISO-8601 times)."""
        return self.model_dump(mode="json", by_alias=True)


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _day_key(spelt: str) -> str | None:
    """How a gateway may spell a day as an ``openingHours`` key, in any case: ``mon``, ``Tues``, ``THURS``,
    ``Weds``, ``monday`` (three letters or more of one day's name) → ``mon`` … ``sun``; None for anything else."""
    word = {"weds": "wed"}.get(spelt.strip().lower(), spelt.strip().lower())
    found = [key for key, name in zip(WEEKDAYS, _DAY_NAMES, strict=True) if len(word) >= 3 and name.startswith(word)]
    return found[0] if len(found) == 1 else None

#: The longest text message the copilot drafts or sends (two SMS segments).
SMS_LIMIT = 320


def wall_clock(local: datetime | time) -> str:
    """A time of day as staff read it everywhere in Slack: ``9:30am``, ``12:00pm``, ``12:15am`` (the clock of a
    ``datetime`` already in the zone to show)."""
    return f"{local.hour % 12 or 12}:{local.minute:02d}{'am' if local.hour < 12 else 'pm'}"


def repeated_clock(local: datetime) -> bool:
    """Whether the wall clock of ``local`` (aware, in the zone to show it in) reads the same time twice that day: the
    hour the clocks go back (1:30am on New York's first Sunday of November is 1:30am EDT, then 1:30am EST)."""
    if local.tzinfo is None:
        return False
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


def shown_clock(moment: datetime, zone: tzinfo, *, named: bool = False) -> str:
    """``moment``'s time of day in ``zone`` as staff read it (``wall_clock``), with the zone's abbreviation when that
    clock reads it twice that night (``1:30am EDT``, an hour later ``1:30am EST``): a bare "1:30am" could be either.
    With ``named`` (times of two zones side by side), always with it (``4:30pm PST``)."""
    local = moment.astimezone(zone)
    name = local.tzname()
    return f"{wall_clock(local)} {name}" if name and (named or repeated_clock(local)) else wall_clock(local)


def shown_span(
    start: datetime, end: datetime, zone: tzinfo, *, across_change: bool = True, named: bool = False
) -> str:
    """``9:30am–10:30am`` in ``zone``; each time with the zone's abbreviation when the clocks change in between or one
    of the times is read twice that night: ``1:30am EST–3:30am EDT`` (one hour, the night the clocks go forward),
    ``1:30am EDT–1:30am EST`` (one hour, the night they go back), never a bare "1:30am–1:30am". Without
    ``across_change``, only a time read twice is labelled (a stretch shown with its minutes says how long it is).
    With ``named`` (times of two zones side by side), a span not labelled so has the abbreviation after its end
    (``4:30pm–5:30pm PST``)."""
    first, last = start.astimezone(zone), end.astimezone(zone)
    labelled = first.tzname() and last.tzname() and (
        (across_change and first.utcoffset() != last.utcoffset()) or repeated_clock(first) or repeated_clock(last)
    )
    if labelled:
        return f"{wall_clock(first)} {first.tzname()}–{wall_clock(last)} {last.tzname()}"
    plain = f"{wall_clock(first)}–{wall_clock(last)}"
    return f"{plain} {last.tzname()}" if named and last.tzname() else plain


def elapsed_minutes(start: datetime, end: datetime) -> int:
    """Whole minutes from ``start`` to ``end`` in real time (not the difference of their wall clocks, which on the nights
    the clocks change is an hour off), to the nearest minute: a platform time with seconds or microseconds
    (``10:00:00.123456Z``) does not make an hour's free stretch read "59 min"."""
    return math.floor((end.timestamp() - start.timestamp()) / 60 + 0.5)


def day_label(day: date, *, seen_from: date | None = None) -> str:
    """A day as staff read it everywhere in Slack: ``Tue 14 Mar`` (no leading zero); with its year when it is not
    in ``seen_from``'s year (``Sat 30 Nov 2024`` seen from 2026)."""
    year = f" {day.year}" if seen_from is not None and day.year != seen_from.year else ""
    return f"{day:%a} {day.day} {day:%b}{year}"


def folded(text: str) -> str:
    """``text`` as compared with what people type: case and accents aside (``López`` → ``lopez``, ``Zoë`` → ``zoe``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``1 conflict``, ``2 conflicts``; ``nouns`` for an irregular plural (``2 summaries``)."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``; ``11th``, ``12th``, ``13th``, ``21st``, ``112th`` ("Owen (26th visit)", in
    the briefing's header and the offline engine's summary alike)."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def spoken_list(items: Sequence[str], conjunction: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c`` (or with ``conjunction`` "or"); empty items left out."""
    items = [item for item in items if item]
    if len(items) <= 2:
        return f" {conjunction} ".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def said_clock(hh_mm: str) -> str:
    """A wall-clock ``"HH:MM"`` as staff read it: ``"19:00"`` → ``7:00pm``; ``"24:00"`` (closing at midnight) →
    ``midnight``."""
    return "midnight" if hh_mm == "24:00" else wall_clock(time.fromisoformat(hh_mm))


def _clock(value: str, *, end: bool = False) -> str:
    """A wall-clock time as the contract writes it, ``HH:MM`` (00:00–23:59), also read as a gateway may write it:
    one digit for the hour (``9:00``), seconds of zero (``09:00:00``), and, as an ``end``, ``24:00``, the midnight a
    day ends at, as ``00:00`` (which ends a stretch the next day: ``ends_next_day``; as a start it would be read a day
    early). Anything else is a validation error, not a crash in an engine."""
    found = re.fullmatch(r"(\d{1,2}):(\d{2})(?::00)?", value.strip())
    if found is None:
        raise ValueError(f"expected HH:MM, got {value!r}")
    hours, minutes = int(found[1]), int(found[2])
    if (hours, minutes) == (24, 0) and end:
        return "00:00"
    if not (hours < 24 and minutes < 60):
        raise ValueError(f"not a time of day: {value!r}")
    return f"{hours:02d}:{minutes:02d}"


def _opening_hours(value: dict[str, list[str]]) -> dict[str, list[str]]:
    """Keyed ``mon`` … ``sun``; ``Mon``, ``MON``, ``Tues``, ``thurs`` and ``Monday`` are read as such, each time as
    ``_clock`` reads it. Any other key, a day given twice or a time that is none is an error."""
    hours: dict[str, list[str]] = {}
    for key, times in value.items():
        day = _day_key(key)
        if day is None:
            raise ValueError(f"unknown day {key!r}: the keys are {', '.join(WEEKDAYS)}")
        if day in hours:
            raise ValueError(f"{day} given twice (as {key!r} too)")
        hours[day] = [_clock(moment, end=index % 2 == 1) for index, moment in enumerate(times)]
    return hours


class Location(Model):
    id: Id
    name: str
    time_zone: str
    opening_hours: dict[str, list[str]] = Field(default_factory=dict)

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):  # ZoneInfoNotFoundError is a KeyError pydantic would not catch
            raise ValueError(f"unknown IANA time zone {value!r}") from None
        return value

    @field_validator("opening_hours", mode="wrap")
    @classmethod
    def _hours(cls, value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> dict[str, list[str]]:
        """Opening hours as ``_opening_hours`` reads them; hours it cannot read (a key read as no day made every
        day look closed; a time that is none) are taken as not known, with a warning, and the location is read:
        refused, its whole calendar went unread (no polls, alerts or briefings) over what only /spa answers use."""
        try:
            return _opening_hours(handler(value))
        except (ValidationError, ValueError) as exc:
            problem = "; ".join(e["msg"] for e in exc.errors()) if isinstance(exc, ValidationError) else str(exc)
            logger.warning("location %s: openingHours not read (%s); its hours are taken as not known",
                           info.data.get("id"), problem)
            return {}

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


@lru_cache(maxsize=4096)
def letters_only(word: str) -> str:
    """``word`` squashed to its lowercase letters, as a name spelled another way is compared: "No_Show", "no show" and
    "noShow" are ``noshow``; "appointment.Canceled" is ``appointmentcanceled``. Remembered: the same few contract
    values are read over every item of every page."""
    return _NOT_A_LETTER.sub("", word.lower())


_NOT_A_LETTER = re.compile(r"[^a-z]")


def spellings(values: Iterable[str], **others: str) -> dict[str, str]:
    """Each of ``values`` (a StrEnum's, a Literal's) by its ``letters_only`` form, and each of ``others``' words (as
    ``letters_only`` gives them) by the value it means: what ``any_spelling`` reads a contract's value with."""
    return {letters_only(str(value)): str(value) for value in values} | {letters_only(k): v for k, v in others.items()}


def any_spelling(spelled: dict[str, str], *, otherwise: Callable[[str], str | None] | None = None) -> BeforeValidator:
    """A contract value read in any case and spelling (``spellings``): "Therapist", "front_desk" and "Front Desk" are
    ``therapist`` and ``frontDesk``. A string none of them is, is given to ``otherwise`` when there is one (a staff
    member's job title: ``role_of_title``); one it does not know either, and anything not a string, are left as sent
    (and so refused by the field's own type, as before): one place for the rule the enums of the contract share."""

    def read(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        if (known := spelled.get(letters_only(value))) is not None:
            return known
        return (otherwise(value) if otherwise is not None else None) or value

    return BeforeValidator(read)


class StaffRole(StrEnum):
    therapist = "therapist"
    esthetician = "esthetician"
    front_desk = "frontDesk"
    manager = "manager"


#: The words of a job title that say a role (``role_of_title``), folded (``folded``): a spa types "Licensed Massage
#: Therapist", "LMT" or "Medical Esthetician" where the contract says ``therapist`` or ``esthetician``. Whole words
#: only: "Physiotherapist" or "Nail Technician" names none of them, and is not read (never guessed).
TITLE_ROLE_WORDS: dict[str, StaffRole] = {
    **dict.fromkeys(
        ("therapist", "therapists", "masseuse", "masseur", "massage", "massotherapist", "lmt", "rmt", "cmt",
         "bodyworker", "bodywork", "reflexologist"),
        StaffRole.therapist,
    ),
    **dict.fromkeys(
        ("esthetician", "estheticians", "aesthetician", "aestheticians", "esthetics", "aesthetics", "facialist",
         "skin", "skincare"),
        StaffRole.esthetician,
    ),
    **dict.fromkeys(("receptionist", "reception", "frontdesk", "concierge", "coordinator"), StaffRole.front_desk),
    **dict.fromkeys(("manager", "director", "owner", "supervisor", "gm"), StaffRole.manager),
}
#: Role words of more than one word, as ``TITLE_ROLE_WORDS`` (each matched as whole words in a row).
TITLE_ROLE_PHRASES: dict[tuple[str, ...], StaffRole] = {
    ("front", "desk"): StaffRole.front_desk,
    ("front", "of", "house"): StaffRole.front_desk,
    ("guest", "services"): StaffRole.front_desk,
    ("guest", "service"): StaffRole.front_desk,
}
#: Words that say a title is no role now ("Former Therapist", "Ex-Esthetician", "Retired LMT", "Old profile"): such
#: a title is not read, whatever else it says (a former employee is no one to brief about guests).
TITLE_NOT_NOW_WORDS = frozenset({"former", "ex", "retired", "previous", "inactive", "old"})
#: The most words a job title has ("Lead Esthetician / Licensed Massage Therapist" has six): a longer one is a note
#: typed into the field ("Therapist (ask Bo about it before Friday)"), not a title, and is not read.
TITLE_MOST_WORDS = 6
#: The roles of someone who gives treatments: the first of them a title names is what it reads as.
_TREATING_ROLES = (StaffRole.therapist, StaffRole.esthetician)


def title_words(title: str) -> list[str]:
    """A job title's words, folded: "Lead Esthetician / Massage Therapist" is ``lead esthetician massage therapist``,
    "LeadTherapist" ``lead therapist``, "Esthéticienne" ``estheticienne``."""
    split = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", title)  # camelCase: "FrontDeskCoordinator"
    return re.findall(r"[a-z]+", folded(split))


def role_of_title(title: str) -> StaffRole | None:
    """The contract's role a job title says, deterministically, or None when it says none the copilot may read.

    A title is read by the role words it contains (``TITLE_ROLE_WORDS``, ``TITLE_ROLE_PHRASES``), whole words in
    any case, the rest ("Lead", "Licensed", "Senior", "Medical", "Spa") aside:

    - one that names treatment work (a therapist's or an esthetician's word) is that role, the first such word
      named deciding between the two: "Licensed Massage Therapist" and "Therapist Manager" are ``therapist``,
      "Skin Therapist" and "Lead Esthetician / Massage Therapist" ``esthetician`` (the two are briefed and checked
      alike; a title's first word is the spa's own first say);
    - else one with a front-desk word is ``frontDesk`` ("Front Desk Coordinator", "Front Desk Manager");
    - one with only a manager's words ("Spa Manager", "General Manager", "Owner") is NOT read: the sandbox spa
      makes its ``manager`` staff the approvers of texts when ``SPA_MANAGER_IDS`` is empty, so a title must never
      make somebody a manager; the spa types ``manager`` for that (the live copilot's approvers are only
      ``SPA_MANAGER_IDS`` and ``SPA_MANAGER_GROUP``, never a role);
    - one saying it is no role now (``TITLE_NOT_NOW_WORDS``: "Former Therapist"), one longer than a title
      (``TITLE_MOST_WORDS``: a note typed there) or one naming no role word ("Stylist", "Nail Technician",
      "Physiotherapist") is not read.

    A title not read is left as sent, so the staff record is skipped with the warning ``check`` names, as before.
    Treatment work wins over the desk and the office because a role here decides only who is briefed about the
    guests booked with them, whose bookings are checked for skills and shifts, and who a fill may book: reading a
    "Receptionist / LMT" as a therapist misses nothing, reading her as the front desk would leave her unbriefed."""
    words = title_words(title)
    if len(words) > TITLE_MOST_WORDS or TITLE_NOT_NOW_WORDS.intersection(words):
        return None
    named: list[StaffRole] = []
    for at, word in enumerate(words):
        named.extend(role for phrase, role in TITLE_ROLE_PHRASES.items() if tuple(words[at:at + len(phrase)]) == phrase)
        if (role := TITLE_ROLE_WORDS.get(word)) is not None:
            named.append(role)
    if treating := [role for role in named if role in _TREATING_ROLES]:
        return treating[0]
    if StaffRole.front_desk in named:
        return StaffRole.front_desk
    return None  # a manager's words alone, or no role word at all: never guessed


class Certification(Model):
    name: str
    expires_on: date | None = None

    def valid_on(self, day: date) -> bool:
        return self.expires_on is None or self.expires_on >= day


@lru_cache(maxsize=4096)
def catalogue_word(name: str | None) -> str:
    """A skill, certification name, room type or equipment kind as a word to compare, as people type them into the
    spa system: "HotStone", "hot stone", "Hot_Stone" and "hotStone" are one (case, spaces, underscores and other
    punctuation aside); none is ""."""
    return re.sub(r"[\W_]+", "", name).casefold() if name else ""


#: Words around a skill's or certification's name that say only that it is one ("Chemical Peel Certification",
#: "Certified Lash Technician", "Hot Stone Massage" for the hotStone skill): left out when comparing them. Not a
#: word that says which one ("Advanced Chemical Peel" is not "Chemical Peel", nor "Level 2" "Level 1").
_CREDENTIAL_FILLER = frozenset(
    "certification certificate certified cert license licence licensed training trained qualified qualification course "
    "skill skills specialist technician tech".split()
)
#: The noun a skill's name may end on: "Hot Stone Massage" is the hotStone skill ("Massage" alone is massage). Not
#: "therapy" or "treatment" ("Sports Therapy" is not "Sports Massage"), and never a certification's: a "Massage
#: Therapy License" is not a certificate named "Massage".
_SKILL_NOUNS = frozenset({"massage", "massages"})
#: A last word in the plural, compared without its "s" ("Chemical Peels", "Lash Extensions"); not "-ss", "-us",
#: "-is" or a short word ("Gloss", "Lymphatic Drainage Plus" keep theirs).
_PLURAL = re.compile(r"[a-z]{3,}[^\Wsui_]s")
#: A last word whose plural adds "es" ("Lashes", "Waxes", "Brushes", "Classes")
_PLURAL_ES = re.compile(r"[a-z]{2,}(?:sh|ch|x|ss|z)es")


@lru_cache(maxsize=4096)
def credential_word(name: str | None, *, skill: bool = False) -> str:
    """A certification's name (or with ``skill``, a skill's) as a word to compare (``catalogue_word``), without the
    words that say only that it is one: "Chemical Peel Certification", "Certified chemical peel" and "chemicalPeel"
    are one, and so are "Chemical Peels" (a last word in the plural); the skills "Hot Stone Massage", "hot stone" and
    "HOT_STONE" are one; a word is left out only when others stay ("Massage" stays massage); none is ""."""
    if not name:
        return ""
    words = [w.casefold() for w in re.findall(r"[^\W_]+", re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name))]
    kept = [w for w in words if w not in _CREDENTIAL_FILLER] or words
    while skill and len(kept) > 1 and kept[-1] in _SKILL_NOUNS:
        kept = kept[:-1]
    if _PLURAL_ES.fullmatch(kept[-1]):  # "Lashes" is lash, "Waxes" wax
        kept[-1] = kept[-1][:-2]
    elif _PLURAL.fullmatch(kept[-1]):  # "Chemical Peels" is chemicalPeel
        kept[-1] = kept[-1][:-1]
    return "".join(kept)


def ends_next_day(start: str, end: str) -> bool:
    """Whether a daily stretch ``start``–``end`` ("HH:MM", a shift or a time window) ends the next day: it ends before
    it starts ("18:00"–"02:00") or at midnight ("16:00"–"00:00"; "00:00"–"00:00" is the whole day). One that ends as
    it starts otherwise ("09:00"–"09:00") is empty. The one place this rule lives; "HH:MM" strings compare as times."""
    return end < start or end == "00:00"


def _span(day: date, start: str, end: str, tz: tzinfo | None) -> tuple[datetime, datetime]:
    opens = datetime.combine(day, time.fromisoformat(start), tzinfo=tz)
    closes = datetime.combine(day + timedelta(days=ends_next_day(start, end)), time.fromisoformat(end), tzinfo=tz)
    return opens, closes


class Shift(Model):
    weekday: int = Field(ge=0, le=6, description="0 = Monday, in the location's zone")
    start: str
    end: str

    _starts = field_validator("start")(_clock)
    _ends = field_validator("end")(functools.partial(_clock, end=True))

    @property
    def start_time(self) -> time:
        return time.fromisoformat(self.start)

    @property
    def end_time(self) -> time:
        return time.fromisoformat(self.end)

    @property
    def ends_next_day(self) -> bool:
        """A shift ending before its start ("18:00"–"02:00") or at midnight ("16:00"–"00:00") ends the next day."""
        return ends_next_day(self.start, self.end)

    def span(self, day: date, tz: tzinfo | None = None) -> tuple[datetime, datetime]:
        """The shift worked from ``day`` as local wall times in ``tz`` (aware; naive without a zone): it starts on
        ``day`` and ends on ``day`` or, when it ``ends_next_day``, the day after. Built from the wall clock, so a
        shift across a change of the clocks keeps its wall times (22:00–06:00 on the spring night: seven hours of real time)."""
        return _span(day, self.start, self.end, tz)


class Staff(Model):
    id: Id
    location_id: Id
    first_name: str
    last_name: str = ""
    email: str | None = None
    role: Annotated[StaffRole, any_spelling(spellings(StaffRole), otherwise=role_of_title)] = StaffRole.therapist
    skills: list[str] = Field(default_factory=list)
    certifications: list[Certification] = Field(default_factory=list)
    shifts: list[Shift] = Field(default_factory=list)
    active: bool = True

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def has_mobile_number(self) -> bool:
        """Whether the spa system has a mobile number to text (``mobilePhone`` is optional in the contract; blank is
        none): without one a gateway refuses a text, and the fill names the guest to reach by hand (email)."""
        return bool((self.mobile_phone or "").strip())

    def has_skill(self, skill: str) -> bool:
        """Whether the profile lists ``skill``, however it is spelled there (``credential_word``)."""
        wanted = credential_word(skill, skill=True)
        return any(credential_word(own, skill=True) == wanted for own in self.skills)

    def has_certification(self, name: str, on: date) -> bool:
        """Whether a certification called ``name`` (however it is spelled there: ``credential_word``) is valid on
        ``on``."""
        wanted = credential_word(name)
        return any(credential_word(c.name) == wanted and c.valid_on(on) for c in self.certifications)

    def shift_parts(self, day: date, tz: tzinfo | None = None) -> list[tuple[datetime, datetime]]:
        """The parts of the shift starting on ``day`` (every part of a split shift) as ``Shift.span`` gives them,
        sorted, with overlapping or touching parts merged (09:00–13:00 and 13:00–18:00 are one 09:00–18:00). Parts
        compare by their wall clocks, as datetimes sharing a zone do."""
        parts: list[tuple[datetime, datetime]] = []
        for shift in sorted(self.shifts, key=lambda s: s.start):
            if shift.weekday != day.weekday():
                continue
            start, end = shift.span(day, tz)
            if parts and start <= parts[-1][1]:
                parts[-1] = (parts[-1][0], max(parts[-1][1], end))
            elif end > start:
                parts.append((start, end))
        return parts


class ResourceType(StrEnum):
    room = "room"
    equipment = "equipment"


class Resource(Model):
    id: Id
    location_id: Id
    name: str
    type: Annotated[ResourceType, any_spelling(spellings(ResourceType))]
    room_type: str | None = None
    kind: str | None = None
    capacity: int = Field(default=1, ge=1)


class Service(Model):
    id: Id
    name: str
    category: str = ""
    duration_minutes: int = Field(gt=0)
    processing_minutes: int = Field(default=0, ge=0)
    finishing_minutes: int = Field(default=0, ge=0)
    buffer_minutes: int = Field(default=0, ge=0)
    price: float = 0.0
    required_skill: str | None = None
    required_certification: str | None = None
    room_types: list[str] = Field(default_factory=list)
    equipment_kinds: list[str] = Field(default_factory=list)
    staff_count: int = Field(default=1, ge=1, le=2)
    contraindications: list[str] = Field(default_factory=list)
    description: str = ""

    @property
    def length_minutes(self) -> int:
        """The guest's time from start to finish (duration, processing and finishing; not the buffer after)."""
        return self.duration_minutes + self.processing_minutes + self.finishing_minutes


#: A client alert's severities, as the contract names them.
SEVERITIES = ("info", "warning", "critical")


#: A severity the contract does not name, by what it says: "Minor", "FYI" are ``info``; "Medium", "Caution" are
#: ``warning``; anything else ("High", "Severe", "urgent", "CRITICAL - ALLERGY", a number) is ``critical``.
_SAID_INFO = re.compile(r"\b(?:info\w*|low|minor|note|notice|fyi|general)\b")
_SAID_WARNING = re.compile(r"\b(?:warn\w*|medium|moderate|caution|amber|yellow)\b")


class Alert(Model):
    """A client alert from the spa system. ``severity`` is read in any case ("Critical"); a value the contract does
    not name is read by what it says (``_SAID_INFO``, ``_SAID_WARNING``), else as ``critical``, never lower: only a
    critical alert is always a caution (a warning about payment is not), and one odd value must neither hide an
    allergy nor keep her record, or a location's briefings, from being read."""

    text: str
    severity: Literal["info", "warning", "critical"] = "info"

    @field_validator("severity", mode="before")
    @classmethod
    def _severity(cls, value: Any) -> Any:
        if value is None:
            return "info"
        word = str(value).strip().lower()
        if word in SEVERITIES:
            return word
        if "crit" not in word and _SAID_INFO.search(word):
            return "info"
        return "warning" if "crit" not in word and _SAID_WARNING.search(word) else "critical"


ConsentState = Literal["optedIn", "optedOut", "unknown"]

#: A consent value however a gateway spells it ("OptedOut", "opted_out", "Opted In", "yes", "no") → the contract's.
#: ``true`` and ``false`` are read as ``optedIn`` and ``optedOut`` too (``consent_state``).
CONSENT_SPELLINGS = spellings(
    get_args(ConsentState),
    optIn="optedIn", yes="optedIn", true="optedIn", subscribed="optedIn",
    optOut="optedOut", no="optedOut", false="optedOut", unsubscribed="optedOut",
)


def consent_state(value: Any) -> ConsentState | None:
    """A consent value as the contract names it (``CONSENT_SPELLINGS``; ``true``/``false`` as opted in/out; ``null``
    or "" as absent: ``unknown``), or None when it cannot be read (``"maybe"``, a number, a list)."""
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "optedIn" if value else "optedOut"
    if isinstance(value, str):
        if not value.strip():
            return "unknown"
        state = CONSENT_SPELLINGS.get(letters_only(value))
        return state if state in get_args(ConsentState) else None  # type: ignore[return-value]
    return None


class MessagingPreferences(Model):
    """A client's consent to be messaged, per purpose and channel. Each value is read in any case and spelling
    (``consent_state``); one that cannot be read keeps the client's record readable (her allergies with it) and is
    read the safe way: ``unknown`` for marketing (which needs an explicit opt-in, so nothing is sent), ``optedOut``
    for transactional (which is otherwise allowed: an unclear value must not text a guest who may have opted out).
    The fields so read are kept in ``unread`` (``Client`` logs them with its id). The keys are read in any spelling
    too (``TransactionalText``, ``transactional_text``: ``letters_only``); two keys naming one field that disagree give
    the most restrictive value (``_CONSENT_RESTRICTION``), so no spelling outvotes an opt-out."""

    marketing_email: ConsentState = "unknown"
    marketing_text: ConsentState = "unknown"
    transactional_email: ConsentState = "unknown"
    transactional_text: ConsentState = "unknown"

    #: The fields whose value could not be read (and were read as above), by field name.
    _unread: tuple[str, ...] = PrivateAttr(default=())

    @model_validator(mode="wrap")
    @classmethod
    def _read_consent(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> MessagingPreferences:
        unread: list[str] = []
        if data is None:  # as if absent: nothing said, every field unknown
            data = {}
        elif not isinstance(data, (dict, MessagingPreferences)):  # "optedOut", a list: nothing can be read of it
            unread = list(cls.model_fields)
            data = {name: _read_as_unread(name) for name in unread}
        if isinstance(data, dict):
            read: dict[str, list[ConsentState]] = {}
            rest: dict[Any, Any] = {}
            for key, value in _consent_items(data):
                name = _CONSENT_FIELDS.get(letters_only(key)) if isinstance(key, str) else None
                if name is None:
                    rest[key] = value
                    continue
                state = consent_state(value)
                if state is None:
                    unread.append(name)
                    state = _read_as_unread(name)
                read.setdefault(name, []).append(state)
            # two keys naming one field ("transactional_text" and "transactionalText") that disagree: the most
            # restrictive wins, so neither spelling can turn an opt-out (or a value not read) into consent
            data = rest | {name: max(states, key=_CONSENT_RESTRICTION.index) for name, states in read.items()}
        preferences: MessagingPreferences = handler(data)
        preferences._unread = tuple(sorted(set(unread) | set(preferences._unread)))
        return preferences

    @property
    def unread(self) -> tuple[str, ...]:
        """The consent fields whose value could not be read (so read as ``unknown``, or ``optedOut`` when transactional)."""
        return self._unread

    def allows(self, channel: Literal["sms", "email"], purpose: Literal["transactional", "marketing"]) -> bool:
        """Marketing needs an explicit opt-in; transactional is allowed unless opted out."""
        field = f"{purpose}_{'text' if channel == 'sms' else 'email'}"
        state: ConsentState = getattr(self, field)
        return state == "optedIn" if purpose == "marketing" else state != "optedOut"


@lru_cache(maxsize=4096)
def _warn_consent_unread(client_id: str, unread: tuple[str, ...]) -> None:
    """Once per process for a client and her fields, not at every poll that reads her again."""
    logger.warning("client %s: messagingPreferences %s could not be read: read as unknown for marketing, "
                   "as optedOut for transactional (nothing is sent on it until the spa system says otherwise)",
                   client_id, ", ".join(map(to_camel, unread)))


def _read_as_unread(field: str) -> ConsentState:
    """A consent field whose value cannot be read, read the safe way: ``unknown`` for marketing (no opt-in, nothing
    sent), ``optedOut`` for transactional (a guest who may have opted out is not texted on a guess)."""
    return "unknown" if field.startswith("marketing") else "optedOut"


#: The words a consent key may name a channel by: a text is also an SMS.
_CONSENT_CHANNELS = {"text": ("text", "texts", "sms", "textmessage", "textmessages"), "email": ("email", "emails")}
#: The consent fields by their name's ``letters_only`` form: ``marketingText``, ``marketing_text``,
#: ``MarketingText`` and ``marketing-text`` are all ``marketing_text``; so are ``marketingSms`` and ``smsMarketing``
#: (the channel first, or said as SMS).
_CONSENT_FIELDS = {
    letters_only(first + then): f"{purpose}_{channel}"
    for purpose in ("marketing", "transactional")
    for channel, words in _CONSENT_CHANNELS.items()
    for word in words
    for first, then in ((purpose, word), (word, purpose))
}


def _consent_items(data: dict[Any, Any]) -> Iterator[tuple[Any, Any]]:
    """``messagingPreferences``' keys and values, one level of nesting read as the keys it spells: ``{"sms":
    {"marketing": "optedIn", "transactional": "optedOut"}}`` as ``smsMarketing`` and ``smsTransactional``, and
    ``{"marketing": {"email": …}}`` alike. An object under a key whose inner keys name no consent field is passed on
    as it is (ignored, or read as a value that cannot be read when its key is a consent field)."""
    for key, value in data.items():
        inner = (
            [(key + str(k), v) for k, v in value.items() if letters_only(key + str(k)) in _CONSENT_FIELDS]
            if isinstance(key, str) and isinstance(value, dict) and letters_only(key) not in _CONSENT_FIELDS
            else []
        )
        yield from inner or [(key, value)]

#: Consent values from the least to the most restrictive: of two keys naming one field, the later in this order wins
#: (transactional: optedOut over unknown over optedIn; marketing: anything but a unanimous optedIn is not optedIn).
_CONSENT_RESTRICTION: tuple[ConsentState, ...] = ("optedIn", "unknown", "optedOut")


#: The first word of a fragment that says more about the answer before it rather than naming another: "High blood
#: pressure, controlled", "Eliquis 5mg, twice daily", "warfarin, stopped" (kept with it, not a caution of its own).
_QUALIFIERS = frozenset(str.split(
    "controlled stopped mild moderate severe resolved managed well-managed twice once daily weekly monthly prn "
    "occasionally occasional seasonal since currently ongoing only as"
))


def _listed(value: Any) -> Any:
    """An intake answer a gateway sends as one string ("nuts, latex") read as the list the contract gives
    (``["nuts", "latex"]``): refused, the guest's whole record went unread, her allergies with it. Split at commas,
    semicolons and line breaks outside brackets ("shellfish (shrimp, crab), latex" is two); a fragment that only
    qualifies the one before it (``_QUALIFIERS``: "controlled", "twice daily") stays with it."""
    if not isinstance(value, str):
        return value
    items: list[str] = []
    for piece in re.split(r"[,;\n](?![^()]*\))", value):
        piece = piece.strip()
        first = piece.split(maxsplit=1)[0].lower() if piece else ""
        if items and first in _QUALIFIERS:
            items[-1] = f"{items[-1]}, {piece}"
        elif piece:
            items.append(piece)
    return items


#: A list of intake answers: the contract's list, or one string of them.
Answers = Annotated[list[str], BeforeValidator(_listed)]


class HealthHistory(Model):
    """Intake answers. Free text stays in ``notes``; these are the structured parts."""

    allergies: Answers = Field(default_factory=list)
    conditions: Answers = Field(default_factory=list)
    medications: Answers = Field(default_factory=list)
    pregnant: bool | None = None
    updated_at: AwareDatetime | None = None


def _day_of(value: Any) -> Any:
    """A date the contract gives as ``YYYY-MM-DD``, sent as a time (``2025-02-11T10:00:00Z``): its date as written."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ].+", value.strip()):
        return value.strip()[:10]
    return value


#: A ``lastVisitDate`` before this year is a platform's empty date (0001-01-01 for "never"), not a visit.
EARLIEST_LAST_VISIT_YEAR = 1900


def _visited_on(day: date | None) -> date | None:
    """A client's ``lastVisitDate``, or None for an empty date written as a day (``EARLIEST_LAST_VISIT_YEAR``): the
    card, the client search and the briefing read "first visit" for it, as for none, not "last visit Mon 1 Jan 1"."""
    return None if day is not None and day.year < EARLIEST_LAST_VISIT_YEAR else day


class Client(Model):
    id: Id
    first_name: str
    last_name: str = ""
    email: str | None = None
    mobile_phone: str | None = None
    notes: str = ""
    alerts: list[Alert] = Field(default_factory=list)
    custom_fields: dict[str, Any] = Field(default_factory=dict)
    tags: list[str] = Field(default_factory=list)
    last_visit_date: Annotated[date | None, BeforeValidator(_day_of), AfterValidator(_visited_on)] = None
    messaging_preferences: MessagingPreferences = Field(default_factory=MessagingPreferences)
    health_history: HealthHistory = Field(default_factory=HealthHistory)
    created_at: AwareDatetime | None = None

    @model_validator(mode="after")
    def _consent_unread(self) -> Client:
        """A consent value that could not be read is said by the client's id and the field, never the value."""
        if unread := self.messaging_preferences.unread:
            _warn_consent_unread(self.id, unread)
        return self

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def has_mobile_number(self) -> bool:
        """Whether the spa system has a mobile number to text (``mobilePhone`` is optional in the contract; blank is
        none): without one a gateway refuses a text, and the fill names the guest to reach by hand (email)."""
        return bool((self.mobile_phone or "").strip())

    @property
    def short_name(self) -> str:
        """``Ava S.``: first name and last initial, as the front desk sees a client in lists; the first name as staff
        are shown it everywhere (``ai.schemas.shown_first_name``: "Jen" from "Jen (cell 415-555-0101)"). The initial
        is the last name's first letter, as a capital ("de la Cruz": "D."), none when it has no letter: not a stray
        space, bracket or digit typed in front of it ("Ann <.", "Ann 5." from "555-0101 Smith"). A guest with no first
        name to show is her last name whole ("Smith", not "The client S.": probe47c)."""
        from spa_copilot.ai.schemas import NO_FIRST_NAME, shown_first_name, shown_last_name  # they import this module

        first = shown_first_name(self.first_name)
        if first == NO_FIRST_NAME and (last := shown_last_name(self.last_name)):
            return last
        letter = next((character for character in self.last_name if character.isalpha()), "")
        initial = f" {letter.upper()}." if letter else ""
        return f"{first}{initial}"


    @property
    def whole_name(self) -> str:
        """``Skylar Dubois``: the first name as staff are shown it and the last name's name words (``shown_last_name``:
        no note or phone typed into it), or "" without a last name to show: how a list or a therapist's day names two
        guests whose first name and last initial are alike (``reads.guest_names``, ``engines.briefing.told_apart``)."""
        from spa_copilot.ai.schemas import shown_first_name, shown_last_name  # the AI layer's rules import this module

        last = shown_last_name(self.last_name)
        return f"{shown_first_name(self.first_name)} {last}" if last else ""


def first_names_shared(people: Iterable[tuple[str, str]]) -> set[str]:
    """The first names that more than one client goes by among ``people`` (client id, first name): those a list
    names with the last initial (``Client.short_name``: "Kwame N.", "Kwame S."), so no one is taken for another.
    One client listed twice shares a name with nobody."""
    clients: dict[str, set[str]] = {}
    for client_id, first_name in people:
        clients.setdefault(first_name, set()).add(client_id)
    return {name for name, ids in clients.items() if len(ids) > 1}


class AppointmentStatus(StrEnum):
    pending_completion = "pendingCompletion"
    unconfirmed = "unconfirmed"
    confirmed = "confirmed"
    checked_in = "checkedIn"
    completed = "completed"
    cancelled = "cancelled"
    no_show = "noShow"


#: An appointment's status however a gateway cases or spells it ("Cancelled", "canceled" as Mangomint spells it,
#: "no_show", "checked-in") → the contract's value; a status the contract does not name stays as sent (and is refused).
_STATUS_SPELLINGS = spellings(AppointmentStatus, canceled="cancelled")


#: Statuses in which an appointment holds its staff and rooms.
ACTIVE_STATUSES = frozenset(
    {
        AppointmentStatus.pending_completion,
        AppointmentStatus.unconfirmed,
        AppointmentStatus.confirmed,
        AppointmentStatus.checked_in,
        AppointmentStatus.completed,
    }
)
#: Statuses of a booking whose guest is still to come (booked, not yet arrived, not cancelled): what a prep DM is
#: sent for and what can still be a no-show. StrEnum members, so the plain strings of the snapshot match too.
UPCOMING_STATUSES = frozenset(
    {AppointmentStatus.pending_completion, AppointmentStatus.unconfirmed, AppointmentStatus.confirmed}
)
#: The same statuses as plain strings, as the calendar snapshot keeps them.
ACTIVE_STATUS_VALUES = frozenset(str(status) for status in ACTIVE_STATUSES)


class ServiceLine(Model):
    id: Id
    service_id: Id
    service_name: str = ""
    staff_id: Id | None = None
    start_at: AwareDatetime
    end_at: AwareDatetime
    resource_ids: list[Id] = Field(default_factory=list)


class Cancellation(Model):
    cancelled_at: AwareDatetime
    cancelled_by: str | None = None
    reason: str | None = None
    late_cancel: bool = False


#: How many local days an appointment's service lines may start from its own ``startAt`` and still be read at their
#: time (``Appointment.as_booked``): the spa system lists a day's appointments by ``startAt``, so the copilot reads a
#: day with this many days either side (``reads.load_day``, the calendar sync's full read). Further off, the
#: appointment is read as the spa system gives it, on ``startAt``'s day, where a read finds it (listed, not lost).
NEAR_DAYS = 1


class Appointment(Model):
    """An appointment as the copilot reads it. Its own ``start_at``/``end_at`` summarise its service lines, which hold
    the therapist's and the room's time; the platform adapter hands them over ``as_booked`` (the lines win)."""

    id: Id
    location_id: Id
    client_id: Id
    status: Annotated[AppointmentStatus, any_spelling(_STATUS_SPELLINGS)]
    start_at: AwareDatetime
    end_at: AwareDatetime
    source: str | None = None
    services: list[ServiceLine] = Field(default_factory=list)
    notes: str = ""
    cancellation: Cancellation | None = None
    deposit_paid: bool = False
    created_at: AwareDatetime | None = None
    updated_at: AwareDatetime | None = None
    version: int = 1

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def disagrees_with_its_lines(self) -> bool:
        """Whether its first service line starts at another time than its own ``start_at`` (``as_booked``)."""
        return bool(self.services) and min(line.start_at for line in self.services) != self.start_at

    def as_booked(self, zone: tzinfo | None = None) -> Appointment:
        """This appointment timed by its service lines, the one rule for which time wins: when its first line does
        not start at its own ``start_at`` (a gateway that moved the services and not the summary) and starts within
        ``NEAR_DAYS`` local days of it (in ``zone``, the location's; ``start_at``'s own offset when not known), a
        copy whose ``start_at``/``end_at`` run from the first line's start to the last line's end. Itself otherwise:
        when they agree (an ``end_at`` past the last line's end is kept as given), when it has no line, and when the
        lines are further off (no read of their day would find it: it stays where the spa system lists it)."""
        if not self.disagrees_with_its_lines:
            return self
        first = min(line.start_at for line in self.services)
        tz = zone or self.start_at.tzinfo
        if abs((first.astimezone(tz).date() - self.start_at.astimezone(tz).date()).days) > NEAR_DAYS:
            return self
        return self.model_copy(update={"start_at": first, "end_at": max(line.end_at for line in self.services)})

    @property
    def staff_ids(self) -> list[str]:
        return sorted({line.staff_id for line in self.services if line.staff_id})

    @property
    def resource_ids(self) -> list[str]:
        return sorted({rid for line in self.services for rid in line.resource_ids})

    def rooms_of(self, line: ServiceLine, rooms: Container[str]) -> tuple[str, ...]:
        """The ids among ``rooms`` that ``line`` is in: its own; for a line naming none (the second therapist of a
        four-hands or couples booking, whose room is on the first line; an add-on booked with equipment only), those
        of the booking's lines at the same time (a line at another time does not borrow one). The day book and
        briefings both say so."""
        own = tuple(dict.fromkeys(r for r in line.resource_ids if r in rooms))
        if own:
            return own
        beside = (o for o in self.services if o is not line and o.start_at < line.end_at and line.start_at < o.end_at)
        return tuple(dict.fromkeys(r for o in beside for r in o.resource_ids if r in rooms))


class TimeWindow(Model):
    weekday: int = Field(ge=0, le=6)
    start: str
    end: str

    _starts = field_validator("start")(_clock)
    _ends = field_validator("end")(functools.partial(_clock, end=True))

    def span(self, day: date, tz: tzinfo | None = None) -> tuple[datetime, datetime]:
        """The window open from ``day``, like ``Shift.span``: one ending before its start ("20:00"–"01:00") or at
        midnight ("18:00"–"00:00") closes the next day."""
        return _span(day, self.start, self.end, tz)


def newest_versions(appointments: Iterable[Appointment]) -> list[Appointment]:
    """The appointments, each id once, as its newest version (the last copy listed among equal versions), in
    first-seen order: a paged read during which an appointment changed, or merged reads, may list one twice."""
    listed = list(appointments)
    if len({appointment.id for appointment in listed}) == len(listed):
        return listed
    newest: dict[str, Appointment] = {}
    for appointment in listed:
        seen = newest.get(appointment.id)
        if seen is None or appointment.version >= seen.version:
            newest[appointment.id] = appointment
    return list(newest.values())


class WaitlistStatus(StrEnum):
    waiting = "waiting"
    offered = "offered"
    booked = "booked"
    expired = "expired"
    cancelled = "cancelled"


class WaitlistEntry(Model):
    id: Id
    location_id: Id
    client_id: Id
    service_ids: list[Id] = Field(default_factory=list)
    staff_ids: list[Id] = Field(default_factory=list)
    date_from: date
    date_to: date
    time_windows: list[TimeWindow] = Field(default_factory=list)
    status: Annotated[WaitlistStatus, any_spelling(spellings(WaitlistStatus, canceled="cancelled"))] = (
        WaitlistStatus.waiting
    )
    created_at: AwareDatetime


class MessageChannel(StrEnum):
    sms = "sms"
    email = "email"


class MessagePurpose(StrEnum):
    transactional = "transactional"
    marketing = "marketing"


class OutboundMessage(Model):
    """A message to a client, as posted to ``POST /v1/clients/{id}/messages``."""

    channel: MessageChannel
    purpose: MessagePurpose
    body: str = Field(min_length=1)
    ai_generated: bool = True
    approved_by: str = Field(min_length=1)
    subject: str | None = None


class SentMessage(OutboundMessage):
    """The platform's record of a sent message."""

    id: Id
    client_id: Id
    sent_at: AwareDatetime


#: An inbound message's ``channel`` that is neither ``sms`` nor ``email`` (``whatsapp``, a gateway's own name): the
#: reply is still read, and the value cannot be used to send one (``OutboundMessage`` takes only ``MessageChannel``).
OTHER_CHANNEL = "other"


class InboundMessage(Model):
    """A client's reply, as delivered by a ``message.received`` webhook.

    Read as leniently as the appointment webhooks, since a reply refused is never sent again: ``id`` and ``clientId``
    may be numbers (kept as their strings), ``channel`` is read in any case (``"SMS"``), and a channel the contract
    does not name is ``"other"``: the guest's words are still read (a YES still books), while nothing can be sent
    on it. The copilot answers only by text, under the guest's text consent, whatever channel a reply came on.
    """

    id: Id
    client_id: Id
    channel: MessageChannel | Literal["other"]
    body: str
    received_at: AwareDatetime

    @field_validator("channel", mode="before")
    @classmethod
    def _channel(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        word = value.strip().lower()
        return word if word in {channel.value for channel in MessageChannel} else OTHER_CHANNEL


Message = OutboundMessage  # the name for the outbound shape


class BookingRequest(Model):
    """``POST /v1/appointments``: book one service for a client."""

    location_id: Id
    client_id: Id
    service_id: Id
    staff_id: Id
    start_at: AwareDatetime
    resource_ids: list[Id] = Field(default_factory=list)
    source: str = "copilot"
    waitlist_entry_id: Id | None = None
    notes: str = ""


HistoryOutcome = Literal["completed", "noShow", "lateCancel", "cancelled"]

#: An outcome however a gateway spells it ("No Show", "no_show", "late-cancel", "Canceled") → the contract's value.
#: The reporting endpoint is read so (a gateway's "no_show" had every no-show left out of training); a history FILE is
#: still refused with a "did you mean" (risk.history): its schema's spelling is what its columns are checked against.
OUTCOME_SPELLINGS = spellings(
    get_args(HistoryOutcome),
    latecancellation="lateCancel", canceled="cancelled", cancellation="cancelled", complete="completed",
)


#: The no-show risk reason for a client's first appointment: a briefing that already says "(first visit)" leaves it out.
NEW_CLIENT_REASON = "new client (first appointment)"

#: How far back appointment history is read for the no-show model, by ``spa-copilot risk train`` (without a file)
#: and by the copilot when it scores a book: one window, so a client is scored with as much history as the model
#: was trained with (a shorter scoring window made a client whose visits were all 14+ months ago score as new).
RISK_HISTORY_MONTHS = 24


def risk_history_start(now: datetime) -> datetime:
    """The earliest start of the history read at ``now`` (``RISK_HISTORY_MONTHS`` back, a month being 30.44 days)."""
    return now - timedelta(days=round(RISK_HISTORY_MONTHS * 30.44))


class HistoryRecord(Model):
    """One past appointment, as returned by ``GET /v1/reports/appointments`` (see docs/risk.md)."""

    appointment_id: Id
    client_id: Id
    location_id: Id
    booked_at: AwareDatetime
    start_at: AwareDatetime
    service_id: Id
    category: str = ""
    price: float = 0.0
    staff_id: Id | None = None
    source: str = "unknown"
    deposit: bool = False
    new_client: bool = False
    outcome: Annotated[HistoryOutcome, any_spelling(OUTCOME_SPELLINGS)]
    cancelled_at: AwareDatetime | None = None


class SpaData(Model):
    """Everything a spa is, in one object: the sandbox's ``--data FILE`` and the generator's output."""

    locations: list[Location]
    staff: list[Staff]
    resources: list[Resource]
    services: list[Service]
    clients: list[Client]
    appointments: list[Appointment]
    waitlist: list[WaitlistEntry] = Field(default_factory=list)

    def __repr__(self) -> str:
        # how many of each, not every record: a spa's whole data in a log line, a debugger or an asyncio task's repr
        # (which holds it) would be megabytes, and took tenths of a second to build
        counts = ", ".join(f"{len(getattr(self, name))} {name}" for name in type(self).model_fields)
        return f"SpaData({counts})"

    __str__ = __repr__


def local_day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The [start, end) instants of a calendar day in a zone (DST-safe: 23 or 25 hours when it must)."""
    start = datetime.combine(day, time(0), tzinfo=tz)
    end = datetime.combine(date.fromordinal(day.toordinal() + 1), time(0), tzinfo=tz)
    return start, end


def whole_percent(probability: float) -> int:
    """A probability as staff see it, in whole percent: what ``f"{probability:.0%}"`` prints (the label, the fill
    card, the client card), so a no-show risk band is read from the very figure shown beside it."""
    return int(f"{probability:.0%}".removesuffix("%"))


def risk_said(band: str, probability: float | None, reasons: Sequence[str]) -> tuple[str, str]:
    """How a no-show band's figure and reasons are said beside it, raw: " (41%)" (empty without a probability) and
    "2 no-shows in the past year; booked 40 days ahead", empty for a low risk, as the reasons say what raises a risk
    ("low (17%) — 11 no-shows in the past year" reads as a contradiction). The briefings, the prep DM and the client
    card say them so."""
    figure = f" ({shown_percent(probability)})" if probability is not None else ""
    return figure, "; ".join(reasons) if band != "low" else ""


def shown_percent(probability: float) -> str:
    """A probability as every label prints it: whole percent (``whole_percent``), "<1%" for one that rounds to 0
    and ">99%" for one that rounds to 100 (isotonic calibration gives some bookings exactly 0: "low (0%)" read as a
    certain show, and 3 of 100 such on the real data were no-shows). The score keeps the model's figure: the band
    and the fill ranking read it unchanged."""
    percent = whole_percent(probability)
    return "<1%" if percent <= 0 else ">99%" if percent >= 100 else f"{percent}%"
