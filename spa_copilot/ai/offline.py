"""The offline engine's writing: well-made templates for every task, deterministic and free of I/O.

These texts are what the copilot says with no model configured, and the fallback when a model's draft fails
the guardrails. They use only the facts in the task's input, so they are true to the records by construction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from datetime import date, datetime

from spa_copilot import domain
from spa_copilot.ai.extraction import alerts_with_cautions, extract_profile_offline, split_clauses
from spa_copilot.ai.guardrails import scrub_pii
from spa_copilot.ai.schemas import (
    BriefingInput,
    ClientHistory,
    FollowUpInput,
    GuestProfile,
    InvitationInput,
    MenuItem,
    greeting_name,
)
from spa_copilot.ai.vocabulary import CAUTIONS, allergy_words, disagreeing
from spa_copilot.ai.vocabulary import spoken as words
from spa_copilot.settings import DEFAULT_SPA_NAME

SMS_LIMIT = domain.SMS_LIMIT
EMAIL_LIMIT = 1200
BRIEFING_LIMIT = 400
PLAN_LIMIT = 600
PLAN_SENTENCES = 4  # the treatment_plan_summary prompt asks for at most four sentences
CLAIM_PHRASE = "Reply YES to claim"

_MUSIC_WORDS = {"silence": "no music", "nature": "nature sounds"}
_STYLE_WORDS = {
    "quiet": "prefers a quiet session",
    "chatty": "enjoys a chat",
    "checkIns": "check in on pressure",
    "nervous": "may be nervous, explain each step",
}
_PLAN_CUE = re.compile(
    r"\b(?:next\s+(?:time|visit|session)|recommend\w*|rebook|plan|follow[\s-]?up|suggest\w*|continue|return\s+in"
    r"|in\s+\d+\s+weeks?)\b",
    re.IGNORECASE,
)

_NEXT_PREFIX = re.compile(r"^next\s+(?:time|visit|session)\s*[:,-]?\s*", re.IGNORECASE)


def _pressure_phrase(value: str) -> str:
    level, _, area = value.partition(" (")
    return f"{level} on {words(area.rstrip(')'))}" if area else f"{level} pressure"


def preference_phrases(profile: GuestProfile) -> list[str]:
    """Short phrases for a guest's preferences, most work-changing first. Values that cannot all be true ("light"
    and "firm", "chatty" and "quiet") become one question ("light pressure or firm pressure (ask which)"). The scents
    to avoid follow the liked ones ("likes eucalyptus; no peppermint or rosemary")."""

    avoided = profile.values("avoid_scents")

    def phrases_of(field: str, phrase: Callable[[str], str]) -> list[str]:
        # a scent both liked and to be avoided is said once, as avoided
        values = [value for value in profile.values(field) if field != "scent" or value not in avoided]
        clash = disagreeing(field, values)
        said = [phrase(value) for value in values if value not in clash]
        if clash:
            said.insert(0, " or ".join(phrase(value) for value in clash) + " (ask which)")
        return said

    phrases = phrases_of("pressure", _pressure_phrase)
    if focus := profile.values("focus_areas"):
        phrases.append("focus on " + domain.spoken_list([words(a) for a in focus]))
    if avoid := profile.values("avoid_areas"):
        phrases.append("avoid " + domain.spoken_list([words(a) for a in avoid]))
    phrases += phrases_of("temperature", lambda value: f"{value} room")
    phrases += phrases_of("music", lambda value: _MUSIC_WORDS.get(value, f"{words(value)} music"))
    phrases += phrases_of("scent", lambda value: "unscented products" if value == "unscented" else f"likes {words(value)}")
    if avoided:
        phrases.append("no " + domain.spoken_list([words(value) for value in avoided], "or"))  # "no peppermint or rosemary"
    phrases += phrases_of("communication_style", lambda value: _STYLE_WORDS.get(value, words(value)))
    return phrases


def caution_phrases(
    profile: GuestProfile, *, leave_out: Sequence[str] = (), severe: Collection[str] = ()
) -> list[str]:
    """``"nut oil allergy (nut-free oils only)"`` for every allergy and condition (but those in ``leave_out``); an
    allergy in ``severe`` (the notes say it is grave) says so: ``"SEVERE nut oil allergy (…)"``."""
    phrases = [
        f"{'SEVERE ' if a in severe else ''}{allergy_words(a)} ({CAUTIONS.get(a, 'check products')})"
        for a in profile.values("allergies") if a not in leave_out
    ]
    phrases += [
        f"{words(c)} ({CAUTIONS[c]})" if c in CAUTIONS else words(c)
        for c in profile.values("contraindications")
        if c not in leave_out
    ]
    return phrases


def briefing_text(guest: BriefingInput, *, today: date) -> str:
    """One to three sentences for the therapist: who and what, how to work, what to watch (the spa's alerts read on
    ``today``, as ``extract_profile_offline`` reads them)."""
    if guest.visits:
        visit = f"{domain.ordinal(guest.visits + 1)} visit"
    else:  # a guest the spa system has a last visit for, from before its history here, has been before
        visit = "first visit" if guest.last_visit is None else "returning guest"
    at = f" at {guest.starts_at}" if guest.starts_at else ""
    first = f"{guest.first_name} ({visit}) is booked for {domain.spoken_list(guest.service_names) or 'a treatment'}{at}."
    prefs = preference_phrases(guest.profile)
    second = (prefs[0][0].upper() + "; ".join(prefs)[1:] + ".") if prefs else ""
    third = caution_sentence(guest, today=today)
    text = " ".join(part for part in (first, second, third) if part)
    while len(text) > BRIEFING_LIMIT and prefs:  # cautions are never the part that gets cut
        prefs.pop()
        second = (prefs[0][0].upper() + "; ".join(prefs)[1:] + ".") if prefs else ""
        text = " ".join(part for part in (first, second, third) if part)
    return text if len(text) <= BRIEFING_LIMIT else text[: BRIEFING_LIMIT - 1].rstrip() + "…"


def caution_sentence(guest: BriefingInput, *, today: date) -> str:
    """``"Caution: latex allergy (nitrile gloves, no latex); pregnancy (…)."``: every caution of the guest's record
    (the booked service's contraindications, allergies and conditions, the spa's cautionary alerts), or "" with none.
    Every briefing summary ends with it, a model's too: it is never the model's to word (``Concierge.briefing_summary``).
    The spa's alerts are read on ``today``, the spa's day at the location."""
    # an alert naming an allergy or condition stands for it (each caution once, as in the briefing's own lines)
    names = [*guest.profile.values("allergies"), *guest.profile.values("contraindications")]
    # an alert standing for a severe allergy says it when its words do not
    alerts, own = alerts_with_cautions(guest.alerts, names, today=today, severe=guest.severe)
    cautions = caution_phrases(guest.profile, leave_out=[name for name in names if name not in own], severe=guest.severe)
    if guest.conflicts:
        cautions.insert(0, "booked service is contraindicated for " + domain.spoken_list(_folded(guest.conflicts, cautions)))
    cautions += [_quoted(alert, line) for alert, line in zip(guest.alerts, alerts, strict=True)]
    return ("Caution: " + "; ".join(cautions) + ".") if cautions else ""


def _folded(conflicts: Sequence[str], cautions: list[str]) -> list[str]:
    """The booked service's contraindications in words, each with the handling note of the caution phrase that
    names exactly it ("shellfish allergy (no seaweed or marine products)"), that phrase then taken out of
    ``cautions`` (said once, nothing lost). A phrase naming it otherwise ("nut oil allergy" for "nut allergy") stays."""
    said = []
    for conflict in conflicts:
        name = words(conflict)
        same = next((p for p in cautions if p.partition(" (")[0].casefold() == name.casefold()), None)
        if same is not None:
            cautions.remove(same)
            name = name + same[len(same.partition(" (")[0]) :]
        said.append(name)
    return said


def _quoted(alert: str, line: str) -> str:
    """An alert in the caution sentence: the spa's own words in quotes (they may open with a capital and hold a
    colon: "Nut allergy: no nut-based oils"), the copilot's handling note after them (``alerts_with_cautions``)."""
    if line.startswith(alert):
        return f"“{alert}”{line[len(alert):]}"
    return f"“{line}”"


def when_phrase(starts_at: datetime, now: datetime | None = None) -> str:
    """``"Tue 14 May at 3:00 pm"`` in the datetime's own zone, with the zone's abbreviation when its clock reads that
    time twice that night (``"Sun 1 Nov at 1:30 am EST"``, ``domain.repeated_clock``): a bare "1:30 am" could be either.

    ``"today at 3:00 pm"`` when ``now`` (aware: the moment the text is drafted) falls on the slot's own local date, in
    the slot's zone (not UTC's date, nor the server's). Only "today": a text says it when it is drafted, and goes out
    when a manager approves it, which can be the next morning; "today" cannot go stale that way (an offer is never sent
    once its slot has begun), a "tomorrow" drafted at night and approved the next day would name the wrong day."""
    hour = starts_at.hour % 12 or 12
    half = "am" if starts_at.hour < 12 else "pm"
    name = starts_at.tzname()
    zone = f" {name}" if name and domain.repeated_clock(starts_at) else ""
    day = f"{starts_at:%a} {starts_at.day} {starts_at:%b}"
    if _is_today(starts_at, now):
        day = "today"
    return f"{day} at {hour}:{starts_at.minute:02d} {half}{zone}"


def on_when_phrase(starts_at: datetime, now: datetime | None = None) -> str:
    """``when_phrase`` after a verb: ``"on Tue 14 May at 3:00 pm"``, or ``"today at 3:00 pm"`` (never "on today")."""
    when = when_phrase(starts_at, now)
    return when if _is_today(starts_at, now) else f"on {when}"


def _is_today(starts_at: datetime, now: datetime | None) -> bool:
    """Whether ``now`` is on ``starts_at``'s local date in ``starts_at``'s own zone; False unless both are aware."""
    if now is None or starts_at.utcoffset() is None or now.utcoffset() is None:
        return False
    return now.astimezone(starts_at.tzinfo).date() == starts_at.date()


def price_phrase(price: float) -> str:
    """``120.0`` → ``"$120"``, ``95.5`` → ``"$95.50"``."""
    return f"${price:,.0f}" if float(price).is_integer() else f"${price:,.2f}"


def place_phrase(spa_name: str, location_name: str | None = None) -> str:
    """Where a slot is: the brand alone (no location given), the location's own name when it already carries the
    brand ("Juniper & Salt Venice") or no brand is set (``SPA_NAME`` left at its default), else the brand with the
    location in brackets ("Juniper & Salt (Venice)")."""
    if not location_name:
        return spa_name
    brand = re.compile(rf"(?<!\w){re.escape(spa_name.strip())}(?!\w)", re.IGNORECASE)
    if spa_name.strip().casefold() in ("", DEFAULT_SPA_NAME) or brand.search(location_name):
        return location_name
    return f"{spa_name} ({location_name})"


def invitation_text(invite: InvitationInput, *, spa_name: str) -> str:
    """The fill invitation: the service, when, where, with whom, how to claim, how long it is held.

    An SMS over the limit is shortened. With no location given (a spa with one) the brand and the therapist go
    together; with one given, the therapist goes first, then the price, and the location stays: the guest must
    know where the slot is.
    """
    when = on_when_phrase(invite.starts_at, invite.drafted_at)  # "on Tue 3 Dec at 2:00 pm", "today at 2:00 pm"
    place = place_phrase(spa_name, invite.location_name)
    staff = f" with {invite.staff_first_name}" if invite.staff_first_name else ""
    price = f" ({price_phrase(invite.price)})" if invite.price is not None else ""
    held = domain.plural(invite.hold_minutes, "minute")
    hold = f"It's held for you for {held}. {CLAIM_PHRASE} it."  # the hold runs before the YES
    hi = f"Hi {invite.first_name or 'there'}"
    if invite.channel == "email":
        return (
            f"{hi},\n\nGood news: a spot for {invite.service_name}{price} has just opened at "
            f"{place} {when}{staff}.\n\n{hold} After {held} it goes to the next guest on the waitlist.\n\n"
            f"Warmly,\n{spa_name}"
        )
    at = f" at {place}"
    shorter = [(at, price, ""), (at, "", "")] if invite.location_name else [("", price, "")]
    for where, cost, with_whom in [(at, price, staff), *shorter]:
        variant = f"{hi}, a spot for {invite.service_name}{cost} just opened{where} {when}{with_whom}. {hold}"
        if len(variant) <= SMS_LIMIT:
            return variant
    service = invite.service_name[:80].rstrip()
    where = f" at {invite.location_name[:80].rstrip()}" if invite.location_name else ""
    return f"{hi[:33]}, a spot for {service} just opened{where} {when}. {hold}"[:SMS_LIMIT]


def follow_up_text(follow: FollowUpInput, *, spa_name: str) -> str:
    """A thank-you after a visit, with an optional suggestion by its menu name; the guest greeted by her first name
    when the field holds one (``greeting_name``: never a note or a number typed there), else "Hi there"."""
    name = greeting_name(follow.first_name) or "there"
    staff = f" with {follow.staff_first_name}" if follow.staff_first_name else ""
    suggestion = f" Next time you might enjoy our {follow.suggestion}." if follow.suggestion else ""
    if follow.channel == "email":
        return (
            f"Hi {name},\n\nThank you for coming to {spa_name} for your {follow.service_name}{staff}."
            f"{suggestion} Just reply to this email whenever you'd like to book your next visit.\n\n"
            f"Warmly,\n{spa_name}"
        )
    text = (
        f"Hi {name}, thank you for visiting {spa_name} for your {follow.service_name}{staff}."
        f"{suggestion} Reply anytime to book your next visit."
    )
    if len(text) > SMS_LIMIT:
        text = f"Hi {name}, thank you for visiting {spa_name}. Reply anytime to book your next visit."
    return text[:SMS_LIMIT]


def treatment_plan_text(notes: str, *, today: date) -> str:
    """A short plan for the next therapist: what was worked, what to avoid, next steps, cautions (the notes read on
    ``today``, as ``extract_profile_offline`` reads them)."""
    profile = extract_profile_offline(notes, today=today)
    parts: list[str] = []
    worked = [_pressure_phrase(v) for v in profile.values("pressure")]
    if focus := profile.values("focus_areas"):
        worked.insert(0, "focus on " + domain.spoken_list([words(a) for a in focus]))
    if worked:
        parts.append("Worked: " + "; ".join(worked) + ".")
    if avoid := profile.values("avoid_areas"):
        parts.append("Avoid " + domain.spoken_list([words(a) for a in avoid]) + ".")
    plan = [_NEXT_PREFIX.sub("", text.strip(" .;,")) for _, _, text in split_clauses(notes) if _PLAN_CUE.search(text)]
    if plan:
        parts.append("Next: " + "; ".join(scrub_pii(p) for p in plan[:2]) + ".")
    if cautions := caution_phrases(profile):
        parts.append("Caution: " + "; ".join(cautions) + ".")
    text = " ".join(parts) or "No plan recorded in the session notes."
    return text if len(text) <= PLAN_LIMIT else text[: PLAN_LIMIT - 1].rstrip() + "…"


def recommendation_reason(history: ClientHistory, choice: MenuItem) -> str:
    """One sentence for staff on why this service suits the guest."""
    recent = history.past_service_names[:2]
    prefs = preference_phrases(history.profile)[:2]
    because = []
    if recent:
        because.append(f"builds on their {domain.spoken_list(recent)}")
    if prefs:
        because.append(f"fits their preferences ({'; '.join(prefs)})")
    reason = " and ".join(because) if because else "a well-liked treatment on the menu"
    return f"{choice.name}: {reason}."
