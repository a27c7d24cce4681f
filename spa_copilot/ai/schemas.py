"""The AI layer's data: minimised task inputs, validated outputs, and the shapes asked of a model.

Input models carry only what a model may see: a first name, service names, preferences. Building them
from domain objects (``from_client`` and friends) is where minimisation happens; free text is scrubbed on the
way in (cards, phones, emails, and the client's own ``private_words``: last name, email local part).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.alias_generators import to_camel

from spa_copilot.ai.guardrails import audit_flags, guest_words_for_staff, scrub_pii, speaks_of_health
from spa_copilot.ai.vocabulary import service_conflicts
from spa_copilot.domain import Client, Service

PROFILE_FIELDS: tuple[str, ...] = (
    "pressure",
    "temperature",
    "music",
    "scent",
    "avoid_scents",
    "focus_areas",
    "avoid_areas",
    "allergies",
    "contraindications",
    "communication_style",
)
SAFETY_FIELDS: tuple[str, ...] = ("allergies", "contraindications")


class _Camel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")


class Evidence(_Camel):
    """One extracted value and the phrase of the notes it came from."""

    value: str
    evidence: str


class GuestProfile(_Camel):
    """What the notes say about a guest, one list of ``{value, evidence}`` per field."""

    pressure: list[Evidence] = Field(default_factory=list)
    temperature: list[Evidence] = Field(default_factory=list)
    music: list[Evidence] = Field(default_factory=list)
    scent: list[Evidence] = Field(default_factory=list)
    #: scents the notes keep away or the guest turns down ("no peppermint", "doesn't like lavender"), named as ``scent``
    avoid_scents: list[Evidence] = Field(default_factory=list)
    focus_areas: list[Evidence] = Field(default_factory=list)
    avoid_areas: list[Evidence] = Field(default_factory=list)
    allergies: list[Evidence] = Field(default_factory=list)
    contraindications: list[Evidence] = Field(default_factory=list)
    communication_style: list[Evidence] = Field(default_factory=list)

    def values(self, field: str) -> list[str]:
        """The distinct values of one field (snake_case name), in order of appearance."""
        seen: dict[str, None] = {}
        for item in getattr(self, field):
            seen.setdefault(item.value, None)
        return list(seen)

    def conflicts_with(self, service_contraindications: Iterable[str]) -> list[str]:
        """The service contraindications this profile hits."""
        return service_conflicts(
            allergies=self.values("allergies"),
            contraindications=self.values("contraindications"),
            service_contraindications=service_contraindications,
        )

    def to_json_dict(self) -> dict[str, Any]:
        """The CLI's JSON: camelCase keys, each a list of ``{value, evidence}``."""
        return self.model_dump(mode="json", by_alias=True)


class AiText(_Camel):
    """A drafted text and where it came from."""

    text: str
    engine: str = Field(description='"offline" or the model name')
    fallback: bool = False
    flags: list[str] = Field(default_factory=list)
    cached: bool = False
    unanswered: bool = Field(
        default=False, description="a fallback because the model did not answer (unreachable, timed out, an error status)"
    )

    @property
    def audit_flags(self) -> list[str]:
        """The flags as an audit row keeps them: the checks and fields, never the words they caught."""
        return audit_flags(self.flags)


class Recommendation(_Camel):
    """The next treatment to suggest, chosen among retrieved menu candidates."""

    service_id: str
    service_name: str
    reason: str
    candidates: list[str] = Field(default_factory=list, description="candidate service ids, best first")
    engine: str
    fallback: bool = False
    flags: list[str] = Field(default_factory=list)
    cached: bool = False


class MenuItem(_Camel):
    """A service as the AI layer sees it: name, category, price, description, contraindications."""

    id: str
    name: str
    category: str = ""
    price: float | None = None
    description: str = ""
    contraindications: list[str] = Field(default_factory=list)

    @classmethod
    def from_service(cls, service: Service) -> MenuItem:
        """The menu view of a domain service."""
        return cls(
            id=service.id,
            name=service.name,
            category=service.category,
            price=service.price,
            description=service.description,
            contraindications=list(service.contraindications),
        )


def _scrubbed(values: Sequence[str]) -> list[str]:
    return [scrub_pii(value) for value in values]


def private_words(client: Client) -> list[str]:
    """The words of a client's record a model must never see in free text: last name and email local part.

    Pass them as ``redact=`` to the Concierge's tasks that take free text (notes, intake answers, alerts).
    """
    words = [client.last_name or ""]
    if client.email and "@" in client.email:
        local = client.email.split("@", 1)[0]
        if local.lower() != client.first_name.lower():  # the first name is the one name a model may see
            words.append(local)
    return [word for word in words if len(word) >= 2]


#: A first name: letters (any script), parts joined by a hyphen or an apostrophe ("Mary-Kate", "D'Arcy", "Zoë").
_NAME_WORD = re.compile(r"^(?=.{2,30}$)[^\W\d_]+(?:['’-][^\W\d_]+)*$")
#: First words of a first-name field that are a note or a title, not a name ("DO NOT BOOK …", "Mrs", "TBD").
_NOT_A_NAME = frozenset(
    str.split(
        "do dont not no dnb see call note notes vip test tbd unknown none the client guest mr mrs ms miss mx dr prof "
        "sra srta doña"  # "Hi Sra" greeted Lucía typed as "Sra. Lucía" (title44's note); not "Don", a given name too
        # a staff note typed in the field ("Banned", "Deceased", "Owes $40"): "Hi Banned, a spot just opened" (probe50a)
        " banned blocked blacklisted deceased rude owes owed unpaid refund difficult noshow no-show complaint warning"
    )
)


#: Drugs' names that are given names as often: a first name field holding one is the guest's name.
_DRUGS_THAT_ARE_GIVEN_NAMES = frozenset({"allegra", "lyrica"})


def greeting_name(first_name: str) -> str | None:
    """The name to greet a guest by: the first word of the first-name field when it looks like a name ("Jen" from
    "Jen (cell 415-555-0101)", "Tom" from "Tom & Sue Okafor", "Mary-Kate"), else ``None`` (a text then says "Hi
    there"): a note typed in the field ("DO NOT BOOK - owes $200 Jenny", "Banned"), a title, a number is no name, nor
    a word that speaks of health ("Pregnant Jen", "Jen-pregnant", "Diabetic Ann": ``speaks_of_health``), which had
    greeted a guest "Hi Pregnant" in the text she receives (probe50a); nor a drug's name ("Xanax Jen"), but one that is
    a given name as often (``_DRUGS_THAT_ARE_GIVEN_NAMES``: "Allegra", "Lyrica": rev50f).
    ``shown_first_name`` reads the field by this rule, so staff and guest are never shown a different word of it."""
    words = unicodedata.normalize("NFC", first_name or "").split()
    if not words:
        return None
    word = words[0].rstrip(",.;:!")
    drug_named = word.casefold() in _DRUGS_THAT_ARE_GIVEN_NAMES  # "Allegra" is greeted; "Xanax Jen" is not
    if not _NAME_WORD.match(word) or word.lower().replace("'", "") in _NOT_A_NAME or speaks_of_health(
            word, drugs=not drug_named):
        return None
    if word.isupper() and len(words) > 1:  # "VIP ONLY …", "ANNA (Visa …)": a shout, not a name to greet
        return None
    return word


#: What a guest with no first name to show is called (``shown_first_name``).
NO_FIRST_NAME = "The client"


@functools.lru_cache(maxsize=4096)
def shown_first_name(first_name: str) -> str:
    """A guest's first name as staff are shown it (the fill card and its thread, the briefing, the waitlist's
    ``Client.short_name``): the name a text would greet (``greeting_name``: "Jen" from "Jen (cell 415-555-0101)"),
    else the field masked like a guest's words, so a note typed there ("DO NOT BOOK - owes $200 Jenny") still reaches
    the team and a card number or a phone does not ("[card] call [phone]").

    The words of a field that speak of health are left out first ("JEN (PREGNANT)" is "JEN", "NO HOT STONE (PREGNANT)
    JEN" is "NO HOT STONE JEN", "Jen/Pregnant" is "Jen", "LATEX ALLERGY JEN" is "LATEX JEN"): they had reached the
    front-desk channel and the state file whole (probe46i), where a guest's reply saying the same is withheld. A
    field with nothing else is "The client"."""
    # a drug's name is read as greeting_name reads it: "Allegra" is a name the guest is greeted by, not a drug
    drugs = greeting_name(first_name) is None  # "Allegra Pregnant" is "Allegra" to staff as to her (rev50i)
    if speaks_of_health(first_name, drugs=drugs):
        first_name = _health_words_left_out(first_name, drugs=drugs)
        if not first_name or speaks_of_health(first_name, drugs=drugs):
            return NO_FIRST_NAME
    return greeting_name(first_name) or guest_words_for_staff(first_name, limit=40) or NO_FIRST_NAME


def _health_words_left_out(field: str, *, drugs: bool = True) -> str:
    """``field`` without its words that speak of health (``speaks_of_health``, word by word; a drug's name only with
    ``drugs``), a bracket they leave empty, and the separators left at its ends."""
    parts = re.split(r"([^\w'’]+)", unicodedata.normalize("NFC", field))
    kept = "".join("" if part.strip() and speaks_of_health(part, drugs=drugs) else part for part in parts)
    kept = re.sub(r"[(\[]\W*[)\]]", " ", kept)
    return " ".join(kept.split()).strip(" -/,;:.")


def shown_last_name(last_name: str) -> str:
    """A guest's last name as staff are shown it when a list needs it whole (``Client.whole_name``): its name words up
    to the first that is none ("Smith" from "Smith DO NOT BOOK" or "Smith 415-555-0101"; "de la Cruz", "O'Neil-Hart"),
    "" when it starts with none ("555-0101", ".", "-"): a note or a phone typed into the field is never shown, nor
    one that speaks of health ("Pregnant", "Smith Cancer", "NUT ALLERGY": rev49c), which lists then name by the
    initial alone."""
    if speaks_of_health(last_name or ""):
        return ""
    words: list[str] = []
    for word in unicodedata.normalize("NFC", last_name or "").split():
        word = word.rstrip(",.;:!")
        if not _NAME_WORD.match(word) or word.lower().replace("'", "") in _NOT_A_NAME:
            break
        words.append(word)
    return " ".join(words)


class BriefingInput(_Camel):
    """One guest for a therapist's briefing: first name, services, preferences, cautions."""

    first_name: str = Field(description="as staff are shown it (``shown_first_name``); a model gets ``greeting_name``")
    service_names: list[str]
    starts_at: str | None = Field(default=None, description='local time as shown to staff, e.g. "14:30"')
    visits: int = Field(default=0, ge=0, description="completed visits before this one")
    last_visit: date | None = None
    profile: GuestProfile = Field(default_factory=GuestProfile)
    alerts: list[str] = Field(default_factory=list)
    conflicts: list[str] = Field(default_factory=list, description="service contraindications this guest hits")
    severe: list[str] = Field(default_factory=list, description="the profile's allergies the notes say are grave")

    @field_validator("alerts")
    @classmethod
    def _scrub_alerts(cls, value: list[str]) -> list[str]:
        return _scrubbed(value)

    @classmethod
    def from_client(
        cls,
        client: Client,
        *,
        services: Sequence[Service],
        profile: GuestProfile | None = None,
        starts_at: str | None = None,
        visits: int = 0,
        severe: Sequence[str] = (),
    ) -> BriefingInput:
        """Minimise a client for a briefing: first name (``shown_first_name``) and preferences only, never contact
        details, not even those typed into the first-name field."""
        profile = profile or GuestProfile()
        conflicts = sorted({name for service in services for name in profile.conflicts_with(service.contraindications)})
        return cls(
            first_name=shown_first_name(client.first_name),
            # each service once: a four-hands booking has two lines of the same service, one per therapist
            service_names=list(dict.fromkeys(service.name for service in services)),
            starts_at=starts_at,
            visits=visits,
            last_visit=client.last_visit_date,
            profile=profile,
            alerts=[scrub_pii(alert.text, names=private_words(client)) for alert in client.alerts],
            conflicts=conflicts,
            severe=list(severe),
        )


class InvitationInput(_Camel):
    """A fill invitation for an opened slot: first name, one service, when, where, and the hold."""

    first_name: str | None = Field(description="the name to greet (``greeting_name``); none: a neutral greeting")
    service_name: str
    starts_at: datetime = Field(description="aware, in the location's zone")
    staff_first_name: str | None = None
    location_name: str | None = Field(default=None, description="the location's name when the spa has several")
    price: float | None = Field(default=None, description="the menu price, if the message may mention it")
    hold_minutes: int = Field(ge=1)
    channel: Literal["sms", "email"] = "sms"
    drafted_at: datetime | None = Field(
        default=None,
        description="aware: the moment the invitation is drafted (the copilot's clock), which says whether the slot is"
        " today in the slot's zone; none: the slot is named by its date",
    )

    @classmethod
    def from_client(
        cls,
        client: Client,
        *,
        service: Service,
        starts_at: datetime,
        hold_minutes: int,
        staff_first_name: str | None = None,
        location_name: str | None = None,
        channel: Literal["sms", "email"] = "sms",
        include_price: bool = False,
        drafted_at: datetime | None = None,
    ) -> InvitationInput:
        """Minimise a client for an invitation: the first name to greet (``greeting_name``) only."""
        return cls(
            first_name=greeting_name(client.first_name),
            service_name=service.name,
            starts_at=starts_at,
            staff_first_name=staff_first_name,
            location_name=location_name,
            price=service.price if include_price else None,
            hold_minutes=hold_minutes,
            channel=channel,
            drafted_at=drafted_at,
        )


class FollowUpInput(_Camel):
    """A follow-up after a visit: first name, the service they had, an optional suggestion."""

    first_name: str
    service_name: str
    visit_date: date
    staff_first_name: str | None = None
    suggestion: str | None = Field(default=None, description="a menu service name to suggest next")
    channel: Literal["sms", "email"] = "sms"


class ClientHistory(_Camel):
    """What the recommender may know: first name, past service names (most recent first), preferences."""

    first_name: str
    past_service_names: list[str] = Field(default_factory=list)
    profile: GuestProfile = Field(default_factory=GuestProfile)


# --- shapes asked of a model (structured output) ---


class DraftText(BaseModel):
    """A model's draft: only the text."""

    text: str = Field(description="the finished text, nothing else")


class RecommendationDraft(BaseModel):
    """A model's choice among the candidate services."""

    service_id: str = Field(description="one of the candidate ids")
    reason: str = Field(description="one sentence for staff")


class EvidenceDraft(BaseModel):
    value: str
    evidence: str = Field(description="the exact phrase from the notes")


class ProfileDraft(BaseModel):
    """The profile as a model fills it (snake_case, every field required)."""

    pressure: list[EvidenceDraft]
    temperature: list[EvidenceDraft]
    music: list[EvidenceDraft]
    scent: list[EvidenceDraft]
    #: a default, so an answer cached or scripted before the field existed still reads; the schema sent to a model
    #: in strict mode lists it as required all the same
    avoid_scents: list[EvidenceDraft] = Field(default_factory=list)
    focus_areas: list[EvidenceDraft]
    avoid_areas: list[EvidenceDraft]
    allergies: list[EvidenceDraft]
    contraindications: list[EvidenceDraft]
    communication_style: list[EvidenceDraft]
