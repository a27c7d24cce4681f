"""The Concierge: every AI task behind one async interface, the same with a model or with the offline engine.

With a model, each task scrubs its inputs (``scrub_data``), renders its prompt, asks ``ChatOpenAI`` for
structured output (concurrency-limited by ``settings.llm_concurrency``; cached by a hash of task, prompt
version, model, structured-output method and the rendered messages), then runs the guardrails. A draft that
fails them, a refusal, a truncated or filtered answer and a model error all give the offline engine's text,
with ``fallback=True`` and the reasons in ``flags`` (and ``unanswered=True`` when the model did not answer at
all: unreachable, timed out, or an error status after the SDK's retries); only drafts that passed are cached. Every result is
audited with the engine that wrote it (a profile extraction the cache answers only the first time), with flags that
name the check and the field, never a guest's words (``guardrails.audit_flags``).

A model that stops answering is logged once, not once per call (a location's morning round is dozens of calls): one
warning naming the error's class when the first call finds it unavailable, the calls that fail after it at debug level,
and one warning when a call is answered again, with how many failed in between (``_ModelHealth``, one per Concierge;
``/spa status`` shows the outage and when it began). A model that does not answer at all (no connection, or no answer
in time: a server that takes the connection and hangs) is not waited on again at every call: a circuit breaker keeps
the calls on the offline engine for a cool-down (60 s, doubling to 5 minutes while it stays down), then one call tries
it again (``_Breaker``). One call waits at most ``LLM_TIMEOUT_SECONDS`` in all (and ``CALL_GRACE_SECONDS``), its
retries included, so a Slack user asking for a brief waits that long once, not once per try and per call. A model that answers but unusably (unparseable, cut off, a request
it rejects: a server without ``response_format`` fails every call alike) is logged the same way: one warning naming
the task and the error's class, debug lines after it, one warning at the first usable answer. A refusal or a filtered
answer is one draft's fact, flagged for the approver and logged each time.

Notes are read on a day ("stopped Accutane in 2026" is current or long past depending on it): the tasks that read
notes take ``today``, the caller's local date at the location, and have no default: the Concierge knows no location,
so neither its clock's date (UTC, a day ahead on an American evening) nor the server's own date is ever the spa's
day. The cache keeps only a model's draft, which does not
depend on the day; the reading of it (``unsupported``, the offline finds) is redone on each call with the day given.
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any, TypeVar

import httpx
import openai
from langchain_core.exceptions import (
    ContextOverflowError,
    ModelAPIError,
    ModelAuthenticationError,
    ModelConnectionError,
    ModelInvalidRequestError,
    ModelNotFoundError,
    ModelPermissionDeniedError,
    ModelRateLimitError,
    ModelRefusalError,
    ModelTimeoutError,
)
from langchain_core.messages import HumanMessage, SystemMessage
from langchain_core.runnables import Runnable
from langchain_openai import ChatOpenAI
from langsmith import tracing_context
from pydantic import BaseModel, ValidationError

from spa_copilot.ai import offline
from spa_copilot.ai.allergy_lists import _EMPTY_ANSWERS
from spa_copilot.ai.cache import AuditSink, LlmCache, cache_key
from spa_copilot.ai.extraction import (
    extract_profile_offline,
    normalise_safety_name,
    raw_allergen_name,
    settle_unnamed_allergy,
)
from spa_copilot.ai.guardrails import (
    LINK,
    audit_flags,
    briefing_invention_flags,
    check_text,
    find_phones,
    grounded,
    hold_otherwise,
    instruction_flags,
    invented_names,
    invitation_fact_flags,
    invitation_hold_flags,
    leaks_record,
    named_services,
    offer_promise_flags,
    offers_allergen,
    pressure_contradicted,
    quote_data,
    scrub_data,
    scrub_for_model,
    scrub_pii,
    speaks_of_safety,
    unsupported,
)
from spa_copilot.ai.lexicon import SCENTS
from spa_copilot.ai.models import OFFLINE, build_chat_model
from spa_copilot.ai.prompts import Prompt, load_prompt
from spa_copilot.ai.retrieval import offline_choice, retrieve_candidates
from spa_copilot.ai.schemas import (
    PROFILE_FIELDS,
    SAFETY_FIELDS,
    AiText,
    BriefingInput,
    ClientHistory,
    DraftText,
    Evidence,
    FollowUpInput,
    GuestProfile,
    InvitationInput,
    MenuItem,
    ProfileDraft,
    Recommendation,
    RecommendationDraft,
    greeting_name,
)
from spa_copilot.ai.vocabulary import (
    ALLERGIES,
    BODY_AREAS,
    COMMUNICATION_STYLES,
    CONTRAINDICATIONS,
    MUSIC,
    PRESSURE_LEVELS,
    TEMPERATURES,
    UNNAMED_ALLERGY,
    allergy_named,
)
from spa_copilot.domain import HealthHistory
from spa_copilot.settings import Settings

logger = logging.getLogger(__name__)

_Draft = TypeVar("_Draft", bound=BaseModel)
#: What tells the Concierge the time: an aware ``datetime`` (the copilot's ``Copilot.clock``).
Clock = Callable[[], datetime]
# A model call that raises any ``Exception`` is answered by the offline engine (``Concierge._ask``): LangChain's
# provider-neutral errors (refusals, rate limits after the retries, 5xx, timeouts), the SDK's own (a ``finish_reason``
# of "length" or "content_filter" raises ``LengthFinishReasonError``/``ContentFilterFinishReasonError``), transport
# errors, answers that do not parse into the schema, and answers the client library cannot read at all (a 200 with
# ``"choices": []`` raises ``IndexError``, one without ``choices`` ``TypeError``, ``"message": null``
# ``AttributeError``): those are answered unusably. Cancellation (``CancelledError``, a ``BaseException``) is never
# caught: it goes back to the caller.

#: Of the errors a model call raises, the ones that mean the model did not answer at all (an outage, or a key or model name it refuses): it
#: cannot be reached, timed out, or answered an error status after the SDK's retries (429, 401, 403, 404, 5xx).
_UNAVAILABLE_ERRORS = (
    openai.APIConnectionError,  # and its APITimeoutError
    openai.APIStatusError,
    httpx.TransportError,
    ModelConnectionError,
    ModelTimeoutError,
    ModelAPIError,
    ModelRateLimitError,
    ModelAuthenticationError,
    ModelPermissionDeniedError,
    ModelNotFoundError,
    TimeoutError,  # the whole call's bound (``Concierge._ask``)
)
#: Of those, the ones that mean no answer came at all: no connection, or none in time (``TimeoutError``: the whole
#: call's bound, ``Concierge._ask``). They open the breaker (``_Breaker``).
_NOT_ANSWERING_ERRORS = (
    openai.APIConnectionError,  # and its APITimeoutError
    httpx.TransportError,
    ModelConnectionError,
    ModelTimeoutError,
    TimeoutError,
)
#: ...except a 400 or 422 about this one request (too long, a schema it rejects): the model is there and said no.
_REQUEST_REFUSED = (openai.BadRequestError, openai.UnprocessableEntityError, ModelInvalidRequestError, ContextOverflowError)
#: The flags of an answer that says no to one draft (a refusal, the provider's content filter): logged each time, as
#: the approver sees each, neither an outage nor a run of unusable answers.
_DRAFT_FLAGS = frozenset({"modelRefused", "modelFiltered"})
_SMS_RULES = "It is a text message: at most 320 characters, one short paragraph, no emojis."
_EMAIL_RULES = "It is an email body: at most 1200 characters, a greeting, two short paragraphs, a sign-off."
#: Every task, with the prompt file it uses (a consistency test checks each prompt file is listed).
TASK_PROMPTS: dict[str, str] = {
    "extract_profile": "extract_profile",
    "briefing_summary": "briefing_summary",
    "fill_invitation": "fill_invitation",
    "follow_up": "follow_up",
    "treatment_plan_summary": "treatment_plan_summary",
    "recommend_next": "recommend_next",
}


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _vocabulary_text() -> str:
    return "\n".join(
        [
            f"  pressure: {', '.join(PRESSURE_LEVELS)}",
            f"  temperature: {', '.join(TEMPERATURES)}",
            f"  music: {', '.join(MUSIC)}",
            "  scent: unscented or the scent's name in camelCase (lavender, eucalyptus, citrus, ...)",
            "  avoid_scents: the scents the notes keep away or the guest dislikes (\"no peppermint\", \"doesn't like"
            " lavender\", \"Peppermint - no\"), named as for scent; never put one of them under scent. A scent that makes"
            " the guest ill or that she cannot have is an allergy (essentialOils), not avoid_scents",
            f"  focus_areas and avoid_areas: {', '.join(BODY_AREAS)}",
            f"  allergies: {', '.join(ALLERGIES)} (an allergen none of these fits: its plain name)",
            f"  contraindications: {', '.join(CONTRAINDICATIONS)}",
            f"  communication_style: {', '.join(COMMUNICATION_STYLES)}",
        ]
    )


def model_unavailable(exc: BaseException) -> bool:
    """Whether a failed model call means the model did not answer (see ``_UNAVAILABLE_ERRORS``), rather than answered
    something unusable (a refusal, a cut-off or unparseable answer, a request it rejected)."""
    return isinstance(exc, _UNAVAILABLE_ERRORS) and not isinstance(exc, _REQUEST_REFUSED)


class _Streak:
    """A run of consecutive model calls that failed one way, for the log: the run's first failure is a warning, the
    ones after it debug lines, and its end one warning with how many failed over how long (so the default log level
    shows each end once, however many calls the run spans). ``since`` is the first failure's time by the
    Concierge's clock, for ``/spa status``. The calls of one Concierge run as asyncio tasks, possibly on more than one
    event loop or thread over its life: each change is made under a lock.

    A run that starts within ``QUIET_SECONDS`` of the last one's end (a model failing now and then: every third call
    rate-limited) is quiet: its lines are at debug level until it reaches ``LOUD_AFTER`` failures, when it is said as a
    run is (and then its end too), so a flapping model is not two warnings per failure, nor a real outage hidden.

    The messages are %-style templates over ``engine``, ``task``, ``key`` (a cache key's first 12 characters) and
    ``error`` (an exception's class name, never its text: it may quote a guest); the end's over ``engine``, ``count``,
    ``s`` (the plural's "s") and ``seconds``."""

    QUIET_SECONDS = 300.0
    LOUD_AFTER = 3

    def __init__(self, engine: str, clock: Clock, *, start: str, more: str, end: str) -> None:
        self._engine, self._clock = engine, clock
        self._start, self._more, self._end = start, more, end
        self._lock = threading.Lock()
        self._began: float | None = None  # time.monotonic() of the run's first failure
        self._count = 0
        self._say_at = 1  # the failure of the run said at warning level: its first, or LOUD_AFTER in a quiet run
        self._last_end: float | None = None  # time.monotonic() of the last run's end
        self.since: datetime | None = None  # the run's first failure by the Concierge's clock
        self.latest: datetime | None = None  # and its latest, for a status read long after the last call

    @property
    def active(self) -> bool:
        return self._began is not None

    def failed(self, task: str, key: str, exc: BaseException) -> None:
        """One more failure: the run's first gets a warning, the others a debug line."""
        with self._lock:
            now, stamp = time.monotonic(), self._clock()
            if self._began is None:
                quiet = self._last_end is not None and now - self._last_end < self.QUIET_SECONDS
                self._began, self.since, self._count = now, stamp, 0
                self._say_at = self.LOUD_AFTER if quiet else 1
            self._count += 1
            self.latest = stamp
            say = self._count == self._say_at
        fields = {"engine": self._engine, "task": task, "key": key[:12], "error": type(exc).__name__}
        if say:
            logger.warning(self._start, fields)
        else:
            logger.debug(self._more, fields)

    def ended(self) -> None:
        """A call that ends the run (if there is one), with one line saying so."""
        with self._lock:
            if self._began is None:
                return
            now = time.monotonic()
            seconds, count, loud = now - self._began, self._count, self._count >= self._say_at
            self._began, self.since, self.latest, self._count = None, None, None, 0
            self._last_end = now
        fields = {"engine": self._engine, "count": count, "s": "" if count == 1 else "s", "seconds": seconds}
        logger.log(logging.WARNING if loud else logging.DEBUG, self._end, fields)


def _not_answering(exc: BaseException) -> bool:
    """Whether a failed call means the model is not answering at all: no connection, or no answer in time (an
    overloaded server that takes the connection and never answers). A status it answered (a 429, a 5xx, a 401) is
    an answer, given after the SDK's retries without a long wait: it does not open the breaker."""
    return isinstance(exc, _NOT_ANSWERING_ERRORS) and not isinstance(exc, _REQUEST_REFUSED)


class _Breaker:
    """The circuit breaker in front of every model call of one Concierge (``Concierge._ask``).

    Closed, every call goes to the model. A call the model did not answer at all (``_not_answering``: a timeout or
    no connection) opens it: for ``COOL_DOWN`` seconds the calls go straight to the offline engine, without waiting on
    the model; then one call (only one: the others keep the offline engine meanwhile) tries the model again. An
    answer of any kind closes it; the try not answered either opens it again, for twice as long each time, up to
    ``MAX_COOL_DOWN``. A try cancelled by its caller changes nothing: the next call tries. The times are
    ``monotonic()`` (``time.monotonic``; a test may set another), never the Concierge's clock, which a sandbox may
    hold still. Calls may come from more than one event loop or thread: each change is made under a lock."""

    COOL_DOWN = 60.0
    MAX_COOL_DOWN = 300.0

    def __init__(self) -> None:
        self.monotonic: Callable[[], float] = time.monotonic
        self._lock = threading.Lock()
        self._open_until: float | None = None  # None: closed
        self._cool_down = self.COOL_DOWN
        self._trying = False  # a call is trying the model again
        self.flag = ""  # the flag of the failure that opened it: the skipped calls' reason

    @property
    def open(self) -> bool:
        return self._open_until is not None

    def blocked(self) -> bool:
        """Whether a call now would go to the offline engine (the breaker open, its cool-down not over or another
        call trying the model), without taking the try."""
        with self._lock:
            return self._open_until is not None and (self._trying or self.monotonic() < self._open_until)

    def admit(self) -> bool | None:
        """``True``: ask the model; ``None``: ask it as the one try after a cool-down (settle with ``answered``,
        ``not_answering`` or ``abandoned``); ``False``: do not ask it, the offline engine drafts."""
        with self._lock:
            if self._open_until is None:
                return True
            if self._trying or self.monotonic() < self._open_until:
                return False
            self._trying = True
            return None

    def answered(self) -> None:
        """The model answered (anything, even unusably): closed."""
        with self._lock:
            self._open_until, self._trying, self._cool_down, self.flag = None, False, self.COOL_DOWN, ""

    def not_answering(self, flag: str, *, trying: bool) -> None:
        """A call the model did not answer: open for the cool-down, longer when it was the try after one."""
        with self._lock:
            if trying:
                self._cool_down = min(self._cool_down * 2, self.MAX_COOL_DOWN)
                self._trying = False
            elif self._open_until is not None:
                return  # a call sent before it opened, failing late: the cool-down already runs
            self._open_until = self.monotonic() + self._cool_down
            self.flag = flag

    def abandoned(self) -> None:
        """The try after a cool-down ended with neither (cancelled, or an error no model call makes): the next call
        tries."""
        with self._lock:
            self._trying = False

    def seconds_left(self) -> float:
        with self._lock:
            return max(0.0, (self._open_until or 0.0) - self.monotonic())


class _ModelHealth:
    """Whether one Concierge's model answers, and usably, as two ``_Streak``s: calls it did not answer at all
    (unavailable: an outage, ended by any answer) and answers it gave that could not be used (unparseable, cut off, a
    request it rejected: e.g. a server without ``response_format``, every answer of a morning round; ended by a usable
    answer). A refusal or a filtered answer is neither: it is one draft's fact, flagged for the approver. Its
    ``breaker`` (``_Breaker``) keeps the calls off a model that does not answer at all."""

    def __init__(self, engine: str, clock: Clock = _utc_now) -> None:
        self.breaker = _Breaker()
        self._engine = engine
        self._down = _Streak(
            engine, clock,
            start="model %(engine)s unavailable (%(error)s, task=%(task)s): drafting with the offline engine until it "
            "answers again; further failures are logged at debug level",
            more="model call failed task=%(task)s key=%(key)s error=%(error)s (model still unavailable)",
            end="model %(engine)s answers again after %(count)d failed call%(s)s over %(seconds).0f s; drafting with it again",
        )
        self._unusable = _Streak(
            engine, clock,
            start="model call failed task=%(task)s key=%(key)s error=%(error)s: model %(engine)s answered unusably; "
            "drafting with the offline engine, further unusable answers are logged at debug level until a usable one",
            more="model call failed task=%(task)s key=%(key)s error=%(error)s (answers still unusable)",
            end="model %(engine)s answers usably again after %(count)d unusable answer%(s)s over %(seconds).0f s",
        )

    @property
    def unavailable(self) -> bool:
        """True from a call that found the model unavailable until one it answers."""
        return self._down.active

    @property
    def unavailable_since(self) -> datetime | None:
        """When the current outage began (the first call that found the model unavailable), by the Concierge's clock."""
        return self._down.since

    @property
    def unavailable_last_tried(self) -> datetime | None:
        """The latest call of the current outage, by the Concierge's clock: the model may have come back since, unasked."""
        return self._down.latest

    @property
    def unusable(self) -> bool:
        """True from an unusable answer until a usable one."""
        return self._unusable.active

    def failed(self, task: str, key: str, exc: BaseException) -> None:
        """A call the model did not answer: the outage's first gets a warning, the others a debug line."""
        self._down.failed(task, key, exc)

    def skipped(self, task: str, key: str) -> None:
        """A call the breaker kept off the model (a debug line): not a try, so neither ``unavailable_last_tried`` nor
        the count of failed calls changes."""
        logger.debug(
            "model call skipped task=%s key=%s: model %s not answering (%s), drafting with the offline engine; "
            "next try in %.0f s or later", task, key[:12], self._engine, self.breaker.flag,
            self.breaker.seconds_left(),
        )

    def answered(self, *, usable: bool = False) -> None:
        """A call the model answered: ends an outage (and closes the breaker); a ``usable`` answer ends a run of
        unusable ones too."""
        self.breaker.answered()
        self._down.ended()
        if usable:
            self._unusable.ended()

    def answered_unusably(self, task: str, key: str, exc: BaseException) -> None:
        """An answer that could not be used: ends an outage (and closes the breaker); the run's first gets a warning,
        the others a debug line."""
        self.breaker.answered()
        self._down.ended()
        self._unusable.failed(task, key, exc)


class Concierge:
    """The AI layer's one object. Build it with ``build_ai``."""

    def __init__(
        self,
        settings: Settings,
        *,
        model: ChatOpenAI | None,
        cache: LlmCache | None = None,
        audit: AuditSink | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.settings = settings
        self.model = model
        self.cache = cache
        self.audit_sink = audit
        self.clock = clock or _utc_now
        self.engine = settings.llm_model if model is not None else OFFLINE
        self._structured: dict[tuple[type[BaseModel], str], Runnable[Any, Any]] = {}
        self._semaphore: asyncio.Semaphore | None = None
        self._semaphore_loop: asyncio.AbstractEventLoop | None = None
        self.model_calls = 0  # requests actually sent to the model (cache hits excluded)
        self.health = _ModelHealth(self.engine, lambda: self.clock())

    async def aclose(self) -> None:
        """Close the model's HTTP connections (call once when the app stops)."""
        client = getattr(self.model, "http_async_client", None) if self.model is not None else None
        if client is not None:
            await client.aclose()

    async def __aenter__(self) -> Concierge:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # --- the tasks ---

    async def extract_profile(
        self,
        notes: str,
        *,
        intake: HealthHistory | None = None,
        redact: Sequence[str] = (),
        subject_id: str = "",
        today: date,
    ) -> GuestProfile:
        """Notes (and intake answers) read on ``today`` → a profile with evidence. Safety fields always include the
        offline finds. ``today`` is the spa's day at the location (its local date; the concierge knows no location,
        so it has no day of its own: its clock's UTC date is a day ahead on an American evening)."""
        offline_profile = _scrub_profile(extract_profile_offline(notes, intake=intake, today=today), redact)
        if self.model is None:
            self._record("extract_profile", subject_id, None, cached=False, fallback=False, flags=[])
            return offline_profile
        intake_data = _intake_view(intake)
        inputs = scrub_data({"notes": notes, "intake": intake_data}, names=redact, notes=True)
        values = {"vocabulary": _vocabulary_text(), "notes_block": quote_data("notes", inputs)}
        draft, cached, key, flags, _ = await self._ask("extract_profile", values, ProfileDraft)
        if draft is None:
            self._record("extract_profile", subject_id, key, cached=cached, fallback=True, flags=flags)
            return offline_profile
        self._remember(key, draft, "extract_profile", cached=cached)
        source = f"{notes}\n{intake_data or ''}\n{inputs['notes']}\n{inputs['intake'] or ''}"  # what the model saw, too
        profile, flags = _merge_profile(draft, offline_profile, source=source, today=today)
        profile = _scrub_profile(profile, redact)
        if not cached:  # a cached reading is the one audited when the model gave it (same inputs hash): no row per view
            self._record("extract_profile", subject_id, key, cached=False, fallback=False, flags=flags)
        return profile

    async def briefing_summary(
        self, guest: BriefingInput, *, redact: Sequence[str] = (), subject_id: str = "", today: date
    ) -> AiText:
        """One to three sentences for the therapist about one guest (the spa's alerts read on ``today``).

        A model writes only who the guest is and how to work; the summary always ends with the record's cautions
        in the offline engine's fixed words (``offline.caution_sentence``). A model text that speaks of safety at
        all (an allergy, a condition, "no precautions needed", "use latex gloves") is not used: it could drop,
        soften or invent a caution, and the summary is written back to the spa system without the DM's caution
        lines beside it. Nor is one that names the guest's own allergen other than as a caution ("Nut oils are her
        favourite", "the almond body butter" for a tree-nut allergy: ``guardrails.offers_allergen``), nor one giving
        a pressure the notes do not ("deep, firm pressure" for a guest who likes it light:
        ``guardrails.pressure_contradicted``)."""
        fallback_text = offline.briefing_text(guest, today=today)
        cautions = offline.caution_sentence(guest, today=today)
        room = offline.BRIEFING_LIMIT - len(cautions) - 1
        if cautions and room < MIN_MODEL_BRIEFING:  # the cautions fill the summary: nothing is left for a model
            return await self._draft("briefing_summary", {}, fallback_text, subject_id, offline_only=True)
        view = scrub_data(_briefing_view(guest), names=redact)
        values = {"spa_name": self.settings.spa_name, "guest_block": quote_data("guest", view)}
        allergies, pressures = guest.profile.values("allergies"), guest.profile.values("pressure")
        drafted = await self._draft(
            "briefing_summary",
            values,
            fallback_text,
            subject_id,
            also=lambda text: [
                *speaks_of_safety(text, today=today),
                *offers_allergen(text, allergies),
                *pressure_contradicted(text, pressures, menu_names=guest.service_names),
                *leaks_record(
                    text, first_name=greeting_name(guest.first_name), private=redact, menu_names=guest.service_names
                ),
                *briefing_invention_flags(
                    text,
                    view,
                    first_name=greeting_name(guest.first_name),
                    services=guest.service_names,
                    spa_name=self.settings.spa_name,
                    today=today,
                ),
            ],
            max_chars=room if cautions else offline.BRIEFING_LIMIT,
            max_sentences=2 if cautions else 3,
            menu_names=guest.service_names,
            client_facing=False,
            safety=_safety(guest.profile, scents=True),
        )
        if drafted.engine == OFFLINE or not cautions:
            return drafted
        return drafted.model_copy(update={"text": f"{drafted.text} {cautions}"})

    async def fill_invitation(
        self,
        invite: InvitationInput,
        *,
        redact: Sequence[str] = (),
        subject_id: str = "",
        staff_names: Sequence[str] = (),
    ) -> AiText:
        """An invitation to claim an opened slot (SMS ≤ 320 characters with "Reply YES to claim" and the hold).
        ``redact``: the client's private words, scrubbed from what the model sees as for a briefing. A draft must
        state the slot as its data does (``guardrails.invitation_fact_flags``: its time, day and service); with
        ``staff_names`` (the location's therapists' first names), it may name none but the slot's own as the guest's
        therapist."""
        spa = self.settings.spa_name
        fallback_text = offline.invitation_text(invite, spa_name=spa)
        # "when" as the offline text says it ("today at 11:00 am" for a slot on the day it is drafted); the moment of
        # drafting itself is not shown: the model says the day as "when" does, and a timestamp would make every
        # rendered prompt (the cache key) new
        when = offline.when_phrase(invite.starts_at, invite.drafted_at)
        view = invite.model_dump(mode="json", by_alias=True, exclude={"drafted_at"}) | {"when": when}
        if invite.price is not None:
            view["price"] = offline.price_phrase(invite.price)
        view = scrub_data(view, names=redact)
        sms = invite.channel == "sms"
        places = [invite.location_name] if invite.location_name else []  # given only when the spa has several
        location_rule = ""
        if places:
            where = offline.place_phrase(spa, invite.location_name)
            location_rule = f"It is at {where}: name that place as written, so the guest knows which location. "
        values = {
            "spa_name": spa,
            "voice": self.settings.spa_voice,
            "channel_rules": _SMS_RULES if sms else _EMAIL_RULES,
            "hold_minutes": str(invite.hold_minutes),
            "location_rule": location_rule,
            "invite_block": quote_data("invitation", view),
        }
        names = [invite.service_name, spa, *places]
        return await self._draft(
            "fill_invitation",
            values,
            fallback_text,
            subject_id,
            also=lambda text: _invitation_flags(text, invite, when, names, staff_names),
            max_chars=offline.SMS_LIMIT if sms else offline.EMAIL_LIMIT,
            menu_names=[invite.service_name],
            allowed_prices=[invite.price] if invite.price is not None else [],
            required=[offline.CLAIM_PHRASE, f"{invite.hold_minutes} min", *places],
            places=[spa, *places],  # the brand's words are no unknown service either ("Willow Bath House")
            greet=invite.first_name,
        )

    async def follow_up(self, follow: FollowUpInput, *, subject_id: str = "") -> AiText:
        """A thank-you after a visit, optionally suggesting one menu service."""
        spa = self.settings.spa_name
        fallback_text = offline.follow_up_text(follow, spa_name=spa)
        greet = greeting_name(follow.first_name)  # the name to greet, never a note or a number typed in the field
        view = scrub_data(follow.model_dump(mode="json", by_alias=True) | {"firstName": greet})
        sms = follow.channel == "sms"
        values = {
            "spa_name": spa,
            "voice": self.settings.spa_voice,
            "channel_rules": _SMS_RULES if sms else _EMAIL_RULES,
            "visit_block": quote_data("visit", view),
        }
        return await self._draft(
            "follow_up",
            values,
            fallback_text,
            subject_id,
            max_chars=offline.SMS_LIMIT if sms else offline.EMAIL_LIMIT,
            menu_names=[follow.service_name, *([follow.suggestion] if follow.suggestion else [])],
            places=[spa],
            greet=greet,
        )

    async def treatment_plan_summary(
        self, notes: str, *, redact: Sequence[str] = (), subject_id: str = "", today: date
    ) -> AiText:
        """A short plan for the next therapist from session notes read on ``today``."""
        clean = scrub_pii(notes, names=redact)
        fallback_text = offline.treatment_plan_text(clean, today=today)
        inputs = {"notes": scrub_for_model(notes, names=redact)}  # stricter than the staff's ``clean``: other people
        values = {"notes_block": quote_data("session_notes", inputs)}
        return await self._draft(
            "treatment_plan_summary",
            values,
            fallback_text,
            subject_id,
            max_chars=offline.PLAN_LIMIT,
            max_sentences=offline.PLAN_SENTENCES,
            menu_names=named_services(clean),
            client_facing=False,
            safety=_safety(extract_profile_offline(clean, today=today)),
        )

    async def recommend_next(
        self, history: ClientHistory, menu: Sequence[MenuItem], *, subject_id: str = ""
    ) -> Recommendation:
        """The next treatment to suggest, chosen only among TF-IDF candidates from the menu."""
        candidates = retrieve_candidates(history, menu)
        choice = offline_choice(history, candidates)
        if choice is None:
            raise ValueError("no service on the menu suits this guest")
        ids = [item.id for item, _ in candidates]
        offline_result = Recommendation(
            service_id=choice.id,
            service_name=choice.name,
            reason=offline.recommendation_reason(history, choice),
            candidates=ids,
            engine=OFFLINE,
        )
        if self.model is None:
            self._record("recommend_next", subject_id, None, cached=False, fallback=False, flags=[])
            return offline_result
        history_view = {
            "firstName": greeting_name(history.first_name),
            "pastServices": history.past_service_names,
            "preferences": offline.preference_phrases(history.profile),
        }
        candidate_view = [  # the id is the menu's own key, which the answer must quote back: not scrubbed
            {"id": item.id} | scrub_data({"name": item.name, "category": item.category, "description": item.description})
            for item, _ in candidates
        ]
        history_view = scrub_data(history_view)
        values = {
            "history_block": quote_data("history", history_view),
            "candidates_block": quote_data("candidates", candidate_view),
        }
        draft, cached, key, flags, _ = await self._ask("recommend_next", values, RecommendationDraft)
        if draft is not None:
            by_id = {item.id: item for item, _ in candidates}
            if draft.service_id not in by_id:
                flags.append(f"notACandidate:{draft.service_id}")
            flags += check_text(
                draft.reason,
                max_chars=300,
                max_sentences=2,
                menu_names=[item.name for item in menu],
                client_facing=False,
            )
            if not flags:
                self._remember(key, draft, "recommend_next", cached=cached)
                self._record("recommend_next", subject_id, key, cached=cached, fallback=False, flags=[])
                return Recommendation(
                    service_id=draft.service_id,
                    service_name=by_id[draft.service_id].name,
                    reason=draft.reason.strip(),
                    candidates=ids,
                    engine=self.engine,
                    cached=cached,
                )
        self._record("recommend_next", subject_id, key, cached=cached, fallback=True, flags=flags)
        return offline_result.model_copy(update={"fallback": True, "flags": flags, "cached": cached})

    # --- the machinery ---

    async def _draft(
        self,
        task: str,
        values: dict[str, str],
        fallback_text: str,
        subject_id: str,
        *,
        also: Callable[[str], list[str]] | None = None,
        offline_only: bool = False,
        **checks: Any,
    ) -> AiText:
        """A model's draft that passes ``check_text`` (``checks``) and ``also``, else ``fallback_text``. With no
        model, or ``offline_only`` (nothing is left for one to write), the fallback, as the offline engine's."""
        if self.model is None or offline_only:
            self._record(task, subject_id, None, cached=False, fallback=False, flags=[])
            return AiText(text=fallback_text, engine=OFFLINE)
        draft, cached, key, flags, unavailable = await self._ask(task, values, DraftText)
        if draft is not None:
            flags = check_text(draft.text, **checks) + (also(draft.text) if also else [])
            if not flags:
                self._remember(key, draft, task, cached=cached)
                self._record(task, subject_id, key, cached=cached, fallback=False, flags=[])
                return AiText(text=draft.text.strip(), engine=self.engine, cached=cached)
        self._record(task, subject_id, key, cached=cached, fallback=True, flags=flags)
        return AiText(
            text=fallback_text, engine=OFFLINE, fallback=True, flags=flags, cached=cached, unanswered=unavailable
        )

    async def _ask(
        self, task: str, values: dict[str, str], schema: type[_Draft]
    ) -> tuple[_Draft | None, bool, str, list[str], bool]:
        """``(draft or None, cached, cache key, flags, unavailable)``: from the cache, or one concurrency-limited model
        call; ``unavailable`` when the model did not answer it (``model_unavailable``).

        The key hashes the fully rendered messages, so anything that changes what the model is asked (the spa's
        name or voice, the inputs, the prompt file) changes the key. The caller stores a draft with
        ``_remember`` only once it has passed its checks.
        """
        assert self.model is not None
        prompt: Prompt = load_prompt(TASK_PROMPTS[task])
        system, user = prompt.render(**values)
        method = self.settings.llm_structured_method
        key = cache_key(
            task=task,
            prompt_version=prompt.version,
            model=self.engine,
            inputs={"method": method, "system": system, "user": user},
        )
        if self.cache is not None and (raw := self.cache.cache_get(key)) is not None:
            try:
                return schema.model_validate_json(raw), True, key, [], False
            except ValidationError:
                logger.warning("ignoring unreadable cache entry task=%s key=%s", task, key[:12])
        runnable = self._structured.get((schema, method))
        if runnable is None:
            runnable = self._structured[(schema, method)] = self.model.with_structured_output(schema, method=method)
        breaker = self.health.breaker
        if breaker.blocked():  # not answering: the offline engine drafts at once, not after a wait for a slot
            return self._skipped(task, key)
        admitted: bool | None = False
        try:
            async with self._limit():
                admitted = breaker.admit()  # again: it may have opened while this call waited for a slot
                if admitted is False:
                    return self._skipped(task, key)
                self.model_calls += 1
                # one bound on the whole call, its retries included: a model that takes the connection and never
                # answers keeps a Slack user waiting LLM_TIMEOUT_SECONDS (and the grace) at most, not that times
                # each try
                async with asyncio.timeout(self.settings.llm_timeout_seconds + CALL_GRACE_SECONDS):
                    with tracing_context(enabled=False):  # never LangSmith, whatever LANGSMITH_* the host sets
                        result = await runnable.ainvoke([SystemMessage(system), HumanMessage(user)])
            draft = schema.model_validate(result)
        except Exception as exc:  # not CancelledError (a BaseException): a cancelled call is re-raised below
            flag = _error_flag(exc)
            if model_unavailable(exc):
                if _not_answering(exc):
                    breaker.not_answering(flag, trying=admitted is None)
                else:  # a status it answered (a 5xx, a 429 after the retries): no wait to spare anyone
                    breaker.answered()
                self.health.failed(task, key, exc)
                return None, False, key, [flag], True
            if flag in _DRAFT_FLAGS:  # it answered, and said no to this one draft: the draft's fact, each time
                self.health.answered()
                logger.warning("model call failed task=%s key=%s error=%s", task, key[:12], type(exc).__name__)
            else:  # it answered unusably: likely every answer alike (a server without response_format)
                self.health.answered_unusably(task, key, exc)
            return None, False, key, [flag], False
        except BaseException:  # cancelled by its caller: the try after a cool-down is not spent
            if admitted is None:
                breaker.abandoned()
            raise
        self.health.answered(usable=True)
        return draft, False, key, [], False

    def _skipped(self, task: str, key: str) -> tuple[None, bool, str, list[str], bool]:
        """``_ask``'s answer for a call the breaker keeps off the model: unanswered, flagged as the failure that
        opened it was (the reason the model is not drafting)."""
        self.health.skipped(task, key)
        return None, False, key, [self.health.breaker.flag or "modelError:NotAnswering"], True

    def _remember(self, key: str, draft: BaseModel, task: str, *, cached: bool) -> None:
        """Cache a draft that passed its checks (a failed one is never stored, so a fallback cannot stick)."""
        if self.cache is not None and not cached:
            self.cache.cache_put(key, draft.model_dump_json(), task=task, model=self.engine)

    def _limit(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        if self._semaphore is None or self._semaphore_loop is not loop:
            self._semaphore = asyncio.Semaphore(self.settings.llm_concurrency)
            self._semaphore_loop = loop
        return self._semaphore

    def _record(
        self, task: str, subject_id: str, key: str | None, *, cached: bool, fallback: bool, flags: list[str]
    ) -> None:
        if self.audit_sink is None:
            return
        prompt = load_prompt(TASK_PROMPTS[task])
        self.audit_sink.audit(
            actor="copilot",  # as the rest of the copilot's own actions are audited (`/spa audit`: "by copilot")
            action=f"ai.{task}",
            subject_id=subject_id or (key or "")[:16],
            details={
                "task": task,
                "promptVersion": prompt.version,
                "inputsHash": key,
                "model": self.engine,
                "cached": cached,
                "fallback": fallback,
                "flags": audit_flags(flags),
                "aiGenerated": True,
            },
            engine=OFFLINE if fallback or self.model is None else self.engine,
        )


def _error_flag(exc: BaseException) -> str:
    """The flag an approver sees for a failed model call."""
    if isinstance(exc, openai.ContentFilterFinishReasonError) or (
        isinstance(exc, ModelRefusalError) and "content filter" in str(exc)
    ):
        return "modelFiltered"  # finish_reason "content_filter"
    if isinstance(exc, ModelRefusalError):
        return "modelRefused"  # message.refusal
    if isinstance(exc, openai.LengthFinishReasonError):
        return "modelTruncated"  # finish_reason "length"
    return f"modelError:{type(exc).__name__}"


def _invitation_flags(
    text: str, invite: InvitationInput, when: str, names: Sequence[str], staff_names: Sequence[str]
) -> list[str]:
    """Why an invitation's draft misstates its slot (``invitation_fact_flags``): a relative day ``when`` does not give
    (once the drafting moment is known), a time, day, service or therapist not the slot's; or its hold
    (``invitation_hold_flags``): promised after "Reply YES" or tied to the guest's answer, as if it started then, or
    held otherwise than its minutes ("or until tonight": ``holdOtherwise``); or a promise the offer does not hold (a
    code, extra time, a fee waived, points: ``offer_promise_flags``); or a role marker or instruction ("SYSTEM:",
    ``instruction_flags``, as a briefing's); or a name that is none of the guest's, the
    therapist's, the service's, the spa's or its location's (``invented_names``: "Jordan Lee cancelled so...")."""
    facts = invitation_fact_flags(
        text,
        starts_at=invite.starts_at,
        when=when,
        service_name=invite.service_name,
        staff_first_name=invite.staff_first_name,
        staff_names=staff_names,
        guest_name=invite.first_name,
        names=names,
        drafted=invite.drafted_at is not None,
    )
    # the location's other therapists are no invented names: one named as the guest's is ``wrongStaff``
    allowed = [invite.first_name, invite.staff_first_name or "", when, *names, *staff_names]
    otherwise = hold_otherwise(text)
    return [
        *facts,
        *invitation_hold_flags(text, invite.hold_minutes),
        *([f"holdOtherwise:{otherwise}"] if otherwise else []),
        *offer_promise_flags(text),
        *instruction_flags(text),
        *invented_names(text, allowed, brands=names[1:]),  # the spa's and its location's
    ]


def _intake_view(intake: HealthHistory | None) -> dict[str, Any] | None:
    """What a model is given of the intake form: only the answers the offline engine cannot name itself. Every answer
    is kept in the profile as the guest gave it (``extraction.intake_safety``), and one the vocabulary names ("High
    blood pressure", "warfarin 5mg", "latex") is a caution already, so a model could add nothing to it; one it cannot
    name ("Keppra", "codeine") is sent, scrubbed, for a model to name. The pregnancy answer and the form's date are not
    sent. ``None`` when nothing is left."""
    if intake is None:
        return None
    unknown = {
        "allergies": [a for a in intake.allergies if not normalise_safety_name("allergies", a)],
        "conditions": [c for c in intake.conditions if not normalise_safety_name("contraindications", c)],
        "medications": [m for m in intake.medications if not normalise_safety_name("contraindications", m)],
    }
    unknown = {label: [a for a in answers if a.strip().lower() not in _EMPTY_ANSWERS] for label, answers in unknown.items()}
    return {label: answers for label, answers in unknown.items() if answers} or None


def _briefing_view(guest: BriefingInput) -> dict[str, Any]:
    """What a model sees of a guest: a first name only when it is one (``greeting_name``: not a note typed into the
    field), no evidence phrases, only names of preferences. No allergy, condition or alert: the model does not
    write about safety (the copilot adds the record's cautions itself), so it is not sent any."""
    return {
        "firstName": greeting_name(guest.first_name),
        "services": guest.service_names,
        "startsAt": guest.starts_at,
        "visitsBefore": guest.visits,
        "lastVisit": guest.last_visit.isoformat() if guest.last_visit else None,
        "preferences": offline.preference_phrases(guest.profile),
    }


_VOCABULARY: dict[str, Sequence[str]] = {
    "pressure": PRESSURE_LEVELS,
    "temperature": TEMPERATURES,
    "music": MUSIC,
    "focus_areas": BODY_AREAS,
    "avoid_areas": BODY_AREAS,
    "communication_style": COMMUNICATION_STYLES,
}


#: The fields where the offline engine's finds are always kept beside a model's: the safety facts, the scents to
#: avoid (a model that misses "no peppermint" must not put peppermint back in the room) and the areas not to touch
#: (a model that missed "no pressure on lower back, herniated disc", or quoted it loosely and was refused, left the
#: briefing and the client card without it: rev35f H1).
_KEPT_OFFLINE_FIELDS: tuple[str, ...] = (*SAFETY_FIELDS, "avoid_scents", "avoid_areas")


def _model_value(field: str, raw: str) -> str | None:
    """A model's value, normalised, or ``None`` when it cannot be one: it holds a phone number, a link or markup,
    or it is not in the field's vocabulary (where there is one), or it is a sentence rather than a name."""
    value = " ".join(raw.split())
    if not value or find_phones(value) or LINK.search(value) or re.search(r"[<>@]|\bhttps?\b", value):
        return None
    if field in SAFETY_FIELDS:
        known = normalise_safety_name(field, value)
        if known is not None:
            return known
        if field == "allergies":  # "allergies", "multiple": no allergen (the reader asks about a bare yes itself)
            return allergy_named(raw_allergen_name(value)) or None
        if len(value.split()) > 4 or re.search(r"\b(?:no|not|none|safe|fine)\b|[;!?]", value, re.IGNORECASE):
            return None  # "no contraindications; safe for hot stones"
        return value
    vocabulary = _VOCABULARY.get(field)
    if vocabulary is None:  # scent, avoid_scents: the lexicon's name ("Mint" → peppermint), else a plain camelCase one
        return _scent_name(value)
    by_key = {re.sub(r"[^a-z]", "", name.lower()): name for name in vocabulary}
    base = re.sub(r"\s*\(([^)]*)\)\s*$", "", value)  # "light (shoulders)": the level, for one area
    name = by_key.get(re.sub(r"[^a-z]", "", base.lower()))
    if name is None:
        return None
    if base != value and field == "pressure":
        area = _area_name(value[len(base):].strip(" ()"))
        return f"{name} ({area})" if area else None
    return name


def _scent_name(text: str) -> str | None:
    """A scent's vocabulary name: the lexicon's when the text is one of its phrases ("Peppermint", "mint" →
    ``peppermint``, "Ylang Ylang" → ``ylangYlang``), else a plain camelCase name ("palo santo" → ``paloSanto``)."""
    key = re.sub(r"[^a-z]", "", text.lower())
    for name, pattern in SCENTS.items():
        if name.lower() == key or re.fullmatch(pattern, text.strip(), re.IGNORECASE):
            return name
    return raw_allergen_name(text) or None


def _area_name(text: str) -> str | None:
    """A body area's vocabulary name from free text ("lower back" → ``lowerBack``)."""
    key = re.sub(r"[^a-z]", "", text.lower())
    return next((area for area in BODY_AREAS if area.lower() == key), None)


def _merge_profile(
    draft: ProfileDraft, offline_profile: GuestProfile, *, source: str, today: date
) -> tuple[GuestProfile, list[str]]:
    """A model's profile, normalised and grounded, with the offline engine's safety finds always kept.

    A model's value is kept only when its evidence is in the notes, names the value, and is not taken back where it
    stands in the notes read on ``today`` (``unsupported``: "Not allergic to latex" is no latex allergy, "Likes firm
    pressure" no nut oil allergy, "Stopped Accutane in 2019" no current isotretinoin)."""
    flags: list[str] = []
    merged: dict[str, list[Evidence]] = {}
    for field in PROFILE_FIELDS:
        items: dict[str, Evidence] = {}
        for item in getattr(draft, field):
            if len(item.evidence.split()) < 2 or not grounded(item.evidence, source):
                flags.append(f"ungrounded:{field}")
                continue
            value = _model_value(field, item.value)
            if value is None:
                flags.append(f"invalidValue:{field}")
                continue
            problem = unsupported(field, value, item.evidence, source, today=today)
            if problem is not None:
                flags.append(f"{problem}:{field}")
                continue
            items.setdefault(value, Evidence(value=value, evidence=item.evidence.strip()))
        if field in _KEPT_OFFLINE_FIELDS:
            added = [item for item in getattr(offline_profile, field) if item.value not in items]
            items.update((item.value, item) for item in added)
            if added:  # how many, never which: the audit keeps this by client id
                flags.append(f"offlineAdded:{field}:{len(added)}")
        if field == "allergies":
            settle_unnamed_allergy(items)  # a model's named allergy says what the form's bare "yes" was about
        merged[field] = list(items.values())
    return GuestProfile(**merged), flags


#: What one model call may take beyond ``LLM_TIMEOUT_SECONDS`` in all, its retries included: time for its first try
#: to time out on its own (the SDK's ``OpenAITimeoutError``) and to build the request, not for another whole try.
CALL_GRACE_SECONDS = 2.0

#: The fewest characters worth asking a model for beside a briefing's cautions (``Concierge.briefing_summary``).
MIN_MODEL_BRIEFING = 80

def _safety(profile: GuestProfile | None, *, scents: bool = False) -> dict[str, list[str]]:
    """The safety facts a staff text must not deny, and with ``scents`` the scents it must not suggest (a briefing's
    summary: "use peppermint" for a guest who said no peppermint)."""
    if profile is None:
        return {}
    fields = (*SAFETY_FIELDS, "avoid_scents") if scents else SAFETY_FIELDS
    return {field: profile.values(field) for field in fields}


def _scrub_profile(profile: GuestProfile, redact: Sequence[str]) -> GuestProfile:
    """Values the vocabulary does not know are built from the notes' own words: rebuild them from scrubbed text
    (the client's private words, phones, titled surnames), so a last name or a number cannot ride along inside a
    camelCase allergen ("okonkwoFamilyCat" → ``familyCat``) or a condition kept as written. A value with nothing
    left is dropped. Evidence phrases stay (staff see them; no task sends them to a model)."""
    changes: dict[str, list[Evidence]] = {}
    for field in SAFETY_FIELDS:
        vocabulary = ALLERGIES if field == "allergies" else CONTRAINDICATIONS
        kept: dict[str, Evidence] = {}
        for item in getattr(profile, field):
            value = item.value
            if value not in vocabulary and value != UNNAMED_ALLERGY:
                if field == "allergies":
                    value = raw_allergen_name(value, names=redact)
                else:
                    value = " ".join(re.sub(r"\[\w+\]", " ", scrub_pii(value, names=redact)).split())
                    value = re.sub(r"(?i)\s*\b(?:dr|mr|mrs|ms|miss|mx|prof|doctor)\.?$", "", value).strip(" ,;:-")
            if value and value not in kept:
                kept[value] = item if value == item.value else Evidence(value=value, evidence=item.evidence)
        changes[field] = list(kept.values())
    return profile.model_copy(update=changes)


def build_ai(
    settings: Settings, *, cache: LlmCache | None = None, audit: AuditSink | None = None, clock: Clock | None = None
) -> Concierge:
    """The Concierge for these settings: a ``ChatOpenAI`` model when one is configured, else the offline engine.
    ``clock`` (the copilot's; default the wall clock) times the model's outages (``/spa status``); it dates no
    notes: each task that reads them is given the location's ``today``."""
    return Concierge(settings, model=build_chat_model(settings), cache=cache, audit=audit, clock=clock)
