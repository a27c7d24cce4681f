"""The texts a guest may get: the invitation for a candidate (a model's draft, checked, or the offline
text), the checks a draft or an edit must pass (``draft_problem``: the length, the YES that books, the slot's time),
and the polite reply to a YES that came too late.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from spa_copilot.ai import InvitationInput, private_words
from spa_copilot.ai import offline as offline_drafts
from spa_copilot.ai.guardrails import (
    CAPITALISED_SERVICE_NOUNS,
    GREETING,
    SERVICE_NOUNS,
    _a_visits_length,
    _name_pattern,
    as_words,
    health_said_of_her,
    invitation_fact_flags,
    is_word_too,
    named_day_flags,
    names_slot_time,
    opt_out_keyword,
    other_zone,
    reader_text,
    slack_markup,
    slot_time_problem,
)
from spa_copilot.ai.schemas import greeting_name
from spa_copilot.copilot import Copilot
from spa_copilot.domain import Client, folded
from spa_copilot.engines.fill_ranking import OpenSlot
from spa_copilot.fill._common import SMS_LIMIT, logger
from spa_copilot.fill.reply_intent import _YES_CORE, _YES_CORE_PHRASES, _YES_NOT_ASKED, _reply_words
from spa_copilot.fill.texting_hours import text_opens_at
from spa_copilot.platform.errors import PlatformNotFound

EMPTY_DRAFT_TEXT = "The message cannot be empty."
LONG_DRAFT_TEXT = "Keep the text to {limit} characters (it is {length})."
NO_YES_DRAFT_TEXT = 'Keep asking the guest to reply YES ("Reply YES to claim"): their YES is what books the slot.'
#: An edit that no longer says when the slot is: the guest's YES books that time, so the text must give it.
NO_TIME_DRAFT_TEXT = 'Keep the time of the slot in the text ({times}): their YES books that time.'
#: An edit (or a model's draft) that says something the guest's YES would not book; one line each, shown in the modal.
WRONG_DAY_DRAFT_TEXT = 'The slot is {day}, not "{said}": their YES books that day.'
#: A week or weekend said without its day ("next week", "this weekend"): the guest cannot tell which day they book.
VAGUE_DAY_DRAFT_TEXT = 'Name the slot\'s day ({day}), not only "{said}": their YES books that day.'
#: The slot's own day said closed ("We're closed Dec 8" for a Dec 8 slot): the guest is told there is no visit.
CLOSED_DAY_DRAFT_TEXT = 'The slot is {day}: take out "closed {said}" (the guest would read that the spa is shut then).'
#: Hours said for the slot's own day that shut its start out ("Open Tue 4-5pm", "Closed Tue from 1pm" for Tue 3pm).
SHUT_HOURS_DRAFT_TEXT = 'The slot is {when}: take out "{said}" (the guest would read that the spa is shut then).'
WRONG_DAY_SENT_THAT_DAY_TEXT = 'The text goes out {day}, the slot\'s own day, so not "{said}": their YES books {day}.'
WRONG_PLACE_DRAFT_TEXT = 'The slot is at {place}, not "{said}": their YES books it there.'
OTHER_GUEST_DRAFT_TEXT = 'This text goes to {guest}: "{said}" is another guest\'s name.'
OTHER_SERVICE_DRAFT_TEXT = 'The offer is {service}, not "{said}": their YES books {service}.'
WRONG_HOLD_DRAFT_TEXT = 'The hold is {hold} minutes, not "{said}": a YES after {hold} minutes books nothing.'
WRONG_LENGTH_DRAFT_TEXT = 'The offer is {service} ({minutes} minutes), not "{said}": their YES books {minutes} minutes.'
OTHER_STAFF_DRAFT_TEXT = 'The slot is with {staff}, not "{said}": their YES books it with {staff}.'
#: The slot's time said in another zone ("11:00 am PST" for a New York slot): the guest would come at another hour.
WRONG_ZONE_DRAFT_TEXT = 'The slot is at {time} in {place}\'s time, not "{said}": their YES books {time} there.'
#: The therapist's surname: a text names her by her first name only, as a model's draft does.
STAFF_SURNAME_DRAFT_TEXT = 'Take out "{said}": a text names {staff} by first name only.'
#: Slack's markup in a text to a guest's phone (``guardrails.slack_markup``): an SMS shows it as typed.
MARKUP_DRAFT_TEXT = 'Take out "{said}": a text message shows Slack\'s markup as typed, not as Slack shows it.'
#: The guest's own health in a manager's Edit of a text to her phone (``guardrails.health_said_of_her``: "your latex
#: allergy", "you and baby"), which others may read; a model's draft speaking of health is replaced (``healthTopic``).
HEALTH_DRAFT_TEXT = 'Take out "{said}": a text to a guest\'s phone says nothing of her health (others may read it).'
#: The visit said booked before the guest's YES ("You're booked!", "Your appointment is confirmed"): a guest who
#: believes it and never replies walks in to a slot given to someone else.
BOOKED_DRAFT_TEXT = 'Take out "{said}": nothing is booked until {guest} replies YES (their YES books the slot).'
#: The wording concerns (``wording_concern``), one line each for the edit modal: what the guest would do.
#: An opt-out keyword outside a standard opt-out sentence ("Reply CANCEL to pass"): carriers read it as an opt-out.
OPT_OUT_CONCERN_TEXT = (
    'A guest who replies "{said}" is opted out of every text for good, whatever the text offers it for ("Reply STOP to'
    ' opt out" may stay, as its own sentence).'
)
#: Her reply said needless ("No need to reply"): a guest who never replies loses the slot when the hold runs out.
NEEDLESS_REPLY_CONCERN_TEXT = (
    'A guest told "{said}" may never reply YES: nothing is booked without it, so the hold runs out and the slot goes to'
    " someone else."
)
#: An edited text whose greeting names someone else than the guest it goes to (a text copied from another card): a
#: concern, not a refusal, since a guest may go by a name the spa system does not hold ("Kate" for Katherine).
GREETS_ANOTHER_CONCERN_TEXT = 'It greets "{said}", but this text goes to {guest}.'
#: Words a greeting may open with that are no one's name ("Hi There,", "Hello Again!", "Dear Guest").
_GREETED_NOBODY = frozenset(
    "there again all everyone everybody friend friends guest guests love lovely beautiful you team folks sunshine "
    "gorgeous dear darling hun hon babe mr mrs ms miss mx dr sr sra srta ladies guys gals y'all yall "
    # the first word of a sentence after "Hi" ("Hi This is Juniper & Salt", "Hey It's Sarah", "Hi Good news!": rev45j)
    "this it it's it’s its good great just quick happy welcome thanks thank we we're our your my hope wanted "
    "a an the so sorry news".split()
)
INTERNAL_DRAFT_TEXT = 'Take out "{said}": scores, ranks, waitlist numbers and ids are the copilot\'s, not for the guest.'
#: The replies to a late YES promise no further text: the daily cap on offers (``offer_limits``) and a manager's
#: Approve decide whether one goes out, so they say only that she stays on the waitlist, and only while she does
#: (``_too_late_text``'s ``waiting``: her entry waiting and not yet past its last day), else without that sentence.
TOO_LATE_REPLY = (
    "Hi {first_name}, thank you for replying! I'm sorry, the {service} spot on {when} has already been taken. "
    "You're still on our waitlist for the next opening."
)
TOO_LATE_REPLY_SHORT = "Hi {first_name}, thank you! I'm sorry, that spot has already been taken. You're still on our waitlist."
HOLD_RAN_OUT_REPLY = (
    "Hi {first_name}, thank you for replying! I'm sorry, the hold on the {service} spot on {when} ran out before your "
    "reply. You're still on our waitlist for the next opening."
)
HOLD_RAN_OUT_REPLY_SHORT = (
    "Hi {first_name}, thank you! I'm sorry, the hold on that spot ran out before your reply. You're still on our waitlist."
)


async def _draft_invitation(
    copilot: Copilot, proposal_id: str, candidate: Mapping[str, Any], slot: OpenSlot, client: Client | None = None
) -> tuple[str, str]:
    """The SMS for one candidate (≤ 320 characters, "Reply YES", the hold) and the engine that drafted it."""
    catalog = await copilot.catalog()
    if client is None:
        client = await copilot.platform.get_client(candidate["client_id"])
    service = catalog.service(candidate["service_id"])
    if service is None:
        raise PlatformNotFound(f"service {candidate['service_id']} is no longer on the menu")
    # The one place that decides whether the guest is told which location: only when the spa has more than one.
    location = next((loc for loc in catalog.locations if loc.id == slot.location_id), None)
    invite = InvitationInput.from_client(
        client,
        service=service,
        starts_at=datetime.fromisoformat(candidate["start"]).astimezone(slot.tz),
        hold_minutes=copilot.settings.offer_hold_minutes,
        staff_first_name=candidate.get("staff_first_name"),
        location_name=location.name if location is not None and len(catalog.locations) > 1 else None,
        drafted_at=copilot.now(),  # a slot starting today in its zone is offered "today at 11:00 am"
    )
    flags: list[str] = []
    if copilot.ai is not None:
        # the location's therapists: a model's draft naming another of them than the slot's ("with Maya") is replaced
        roster = [m.first_name for m in catalog.staff if m.location_id == slot.location_id and m.active]
        try:
            drafted = await copilot.ai.fill_invitation(
                invite, redact=private_words(client), subject_id=proposal_id, staff_names=roster
            )
        except Exception:  # a bug in the AI layer, or a model's answer it did not expect: the offline text, so the
            # opening is still offered (probe43d H1: one IndexError left the fill abandoned with no card)
            logger.exception("fill draft for %s failed; using the offline text", proposal_id)
            text = offline_drafts.invitation_text(invite, spa_name=copilot.settings.spa_name)
            return text, "offline; the model's draft failed (an error the copilot did not expect)"
        text = drafted.text.strip()
        if drafted.fallback:  # the model did not answer, or its draft failed its checks: the card tells the approver
            codes = f"({', '.join(drafted.flags) or 'failed checks'})"
            if drafted.unanswered:
                return text, f"{drafted.engine}; the model did not answer {codes}"
            return text, f"{drafted.engine}; the model's draft was replaced {codes} {replaced_because(drafted.flags)}"
        # the model's draft says nothing its YES would not book either: another location, service or hold, or the
        # copilot's internal words (the guardrails read its time, day, service, therapist and greeting already)
        facts = OfferFacts(
            starts_at=invite.starts_at, guest_name=greeting_name(client.first_name) or "", services=[service.name],
            menu=[s.name for s in catalog.services], location=location.name if location is not None else None,
            other_locations=[loc.name for loc in catalog.locations if loc.id != slot.location_id],
            names=[copilot.settings.spa_name], hold_minutes=copilot.settings.offer_hold_minutes,
            minutes=_span_minutes(candidate.get("start"), candidate.get("end")), service_minutes=[service.duration_minutes],
        )
        wrong = offer_check(text, facts) or wording_concern(text, own_names(facts), guest=facts.guest_name)
        if draft_problem(text) is None and wrong is None and "YES" in text and str(copilot.settings.offer_hold_minutes) in text:
            return text, drafted.engine
        flags = [wrong[0] if wrong else "missing YES or the hold time"]
        logger.warning("fill draft for %s did not pass the checks; using the offline text", proposal_id)
    text = offline_drafts.invitation_text(invite, spa_name=copilot.settings.spa_name)
    return text, "offline" + (f"; the model's draft was replaced ({flags[0]}) {replaced_because(flags)}" if flags else "")


#: Why a model's draft was replaced, in a manager's words, by the kind of its first flag: the card says it ("the
#: model's draft was replaced because it offered a discount"); the codes stay with the proposal and in the log
#: (walk41), in the brackets the card leaves out.
_REPLACED_WHY = {
    "discount": "it offered a discount", "promise": "it promised what the offer does not hold",
    "promoCode": "it offered a code", "extraPromised": "it promised what the offer does not hold",
    "feePromised": "it promised what the offer does not hold", "replyPromised": "it promised a reply",
    "instruction": "it held an instruction", "healthTopic": "it spoke of the guest's health",
    "medicalClaim": "it made a health claim", "contradicts": "it went against the guest's cautions",
    "slackMarkup": "it held Slack markup", "wrongTime": "it got the time wrong", "missingTime": "it left out the time",
    "missingZone": "it left out the time zone", "wrongZone": "it got the time zone wrong",
    "holdUntil": "it got the hold wrong", "dayPart": "it got the time wrong", "relativeTime": "it got the time wrong",
    "wrongDay": "it got the day wrong", "missingDay": "it left out the day", "missingService": "it left out the service",
    "unknownService": "it named a service not on the menu", "otherService": "it named another service",
    "unknownProduct": "it named a product not on the menu", "wrongStaff": "it named another therapist",
    "holdAfterClaim": "it got the hold wrong", "holdFromReply": "it got the hold wrong",
    "holdOtherwise": "it got the hold wrong", "wrongHold": "it got the hold wrong",
    "missing": "it left out the hold or the Reply YES", "missing YES or the hold time": "it left out the hold or the Reply YES",
    "missingPlace": "it left out the spa or its location",
    "missingName": "it did not greet the guest by name", "wrongName": "it greeted someone else",
    "otherGuest": "it named another guest", "lastName": "it named the guest's last name",
    "unknownName": "it named someone not on the booking", "link": "it held a link", "phone": "it held a phone number",
    "email": "it held an email address", "card": "it held a card number", "tooLong": "it was too long",
    "tooManySentences": "it was too long", "aiMention": "it spoke of AI", "stopKeyword": "it asked for an opt-out word",
    "otherLocation": "it named another location", "internalWords": "it held the copilot's internal words",
    "alreadyBooked": "it said the visit was booked before a YES", "wrongLength": "it got the length wrong",
    "invisibleCharacters": "it held hidden characters", "mixedScript": "it held look-alike letters",
    "refusal": "it refused to write one", "modelRefused": "it refused to write one",
    "modelError": "its answer could not be read",
}


def replaced_because(flags: Sequence[str]) -> str:
    """Why a model's draft was replaced, "because <why>", in plain words for the first of ``flags`` whose kind
    ``_REPLACED_WHY`` knows ("because it offered a discount"), else "because it did not pass the checks"; never the
    codes or the words they caught."""
    why = next((_REPLACED_WHY[kind] for flag in flags if (kind := _flag_kind(flag)) in _REPLACED_WHY), None)
    return f"because {why or 'it did not pass the checks'}"


def _flag_kind(flag: str) -> str:
    """A flag's kind for ``_REPLACED_WHY``; a ``missing:`` phrase that is neither the claim nor the hold ("missing:SoHo")
    is ``missingPlace``: the spa's name or its location was left out."""
    if flag in _REPLACED_WHY:
        return flag
    kind, _, said = flag.partition(":")
    if kind == "missing" and said != offline_drafts.CLAIM_PHRASE and not re.fullmatch(r"\d+ min", said):
        return "missingPlace"
    return kind


def draft_problem(text: str, *, starts_at: datetime | None = None, facts: OfferFacts | None = None) -> str | None:
    """Why a (possibly edited) SMS cannot be sent as is: empty or over 320 characters once the surrounding
    whitespace is stripped (as the saved text is), or no longer asking for the YES that books the slot (a guest
    who answers "lovely, see you then" to a text that never said how to claim is left to a person); with
    ``starts_at`` (the offered start, in the location's zone), no longer giving its clock time in any usual form
    ("11:00 am", "11am", "11:00", "at 11": ``names_slot_time``), as "A spot just opened today - want it? Reply YES"
    did: the guest would claim a time they were never told; with ``facts`` (the offer), saying anything the guest's
    YES would not book (``offer_problem``: another day, place, guest, service or hold, or the copilot's internal
    words). With them, as a model's draft is read: Slack's markup (``markup_problem``), the guest's health
    (``health_problem``: "your latex allergy"), the slot's time in another zone (``guardrails.other_zone``: "11:00 am
    PST" for a New York slot), the therapist's surname (``_staff_surname``).
    None when fine."""
    text = text.strip()
    if problem := length_problem(text):
        return problem
    # with the offer's facts: the spa's own names are its words, not markup ("*New* Glow Facial" as the menu writes it)
    if facts is not None and (problem := markup_problem(text, own_names(facts)) or health_problem(text, own_names(facts))):
        return problem
    if not _names_a_claiming_reply(text):
        return NO_YES_DRAFT_TEXT
    # the spa's own names are no times: "Sunset 7pm Ritual" or a "9am Club" location says nothing of the slot's start
    timed = _without(text, own_names(facts)) if facts is not None else text
    if starts_at is not None and (line := slot_time_problem(
            timed, starts_at, minutes=_offered_minutes(facts), hold_minutes=facts.hold_minutes if facts else None)):
        return line  # another clock time, a hold until one, a part of the day the start is not in: said which
    if starts_at is not None and not names_slot_time(timed, starts_at, minutes=_offered_minutes(facts)):
        return NO_TIME_DRAFT_TEXT.format(times=slot_time_words(starts_at))
    if starts_at is not None and (said := other_zone(reader_text(timed)[0], starts_at)):  # as a model's draft's
        place = (facts.location if facts is not None else None) or "the spa"
        return WRONG_ZONE_DRAFT_TEXT.format(time=slot_time_words(starts_at), place=place, said=said)
    if facts is not None and (said := _staff_surname(text, facts)):
        return STAFF_SURNAME_DRAFT_TEXT.format(said=said, staff=facts.staff_first_name or "the therapist")
    return offer_problem(text, facts) if facts is not None else None


def health_problem(text: str, own: Sequence[str] = ()) -> str | None:
    """The modal's line for the guest's own health said in a manager's Edit of a text to her phone
    (``guardrails.health_said_of_her``: "We remember your latex allergy", "Great news for you and baby"; not "Our spa
    is fragrance-free", "Allergy-friendly products available", "at our clinic" or "Ill hold it", which a model's draft
    is replaced for). ``own``: the spa's names, never read ("Prenatal Massage 60"). None when it says none."""
    found = dict.fromkeys(" ".join(words.split()) for words in health_said_of_her(_without(reader_text(text)[0], own)))
    return HEALTH_DRAFT_TEXT.format(said='", "'.join(found)) if found else None


def markup_problem(text: str, own: Sequence[str] = ()) -> str | None:
    """The modal's line for Slack's markup in a text to a guest (``guardrails.slack_markup``: "<@U123ABC>", "<!here>",
    "&amp;", ":sparkles:", "*bold*"), which her phone shows as typed; a model's draft holding it is replaced
    (``slackMarkup``). ``own``: the spa's names, read as written ("*New* Glow Facial"). None when there is none."""
    said = slack_markup(text, own)
    return MARKUP_DRAFT_TEXT.format(said=said) if said else None


#: A title a text may put before the therapist's surname ("Ms. Nair", "Dr Nair"); "Miss" only capitalised.
_STAFF_TITLE = r"(?:(?i:m[rs]s?|mx|dr)\.?|(?-i:Miss))"


def _staff_surname(text: str, facts: OfferFacts) -> str | None:
    """The slot's therapist's surname as the text says it: after her first name or a title ("with Priya Nair",
    "Ms. Nair") or alone after "with", ending the phrase (``_WITH_NAME_ENDS``: "See you with Nair.", "with NAIR",
    "with Nair at 2"; not "With Best wishes", "with Hill views"), as written with any apostrophe or without
    its accents ("Priya O’Neil", "Priya Cote" for Côté); never elsewhere alone, where it is the guest's name ("Hi Kim"
    for a guest Kim, with Jisoo Kim) or an everyday word ("our best hour" with Priya Best), nor after "with" when it is
    not capitalised ("with best wishes" with Priya Best), the guest's or a therapist's first name, or an everyday word.
    None when it is not said."""
    surname, first = (facts.staff_last_name or "").strip(), (facts.staff_first_name or "").strip()
    if len(surname) < 2:
        return None
    seen = _without(reader_text(text)[0], own_names(facts))  # the spa's own names are no surname ("Sage Spa")
    before = rf"(?:(?i:{re.escape(first)})|{_STAFF_TITLE})" if first else _STAFF_TITLE
    found = re.search(rf"(?<![\w]){before}\s+(?:{_name_pattern(surname).pattern})", seen)
    if found:
        return " ".join(found.group(0).split())
    # alone after "with", capitalised, as a text names the therapist ("See you with Nair", "with NAIR"): never the
    # guest's own name nor a therapist's first name ("with Kim" for a guest Kim), nor an everyday word ("with Rose")
    if folded(surname) in {folded(n) for n in (facts.guest_name, first, *facts.staff_names) if n} or is_word_too(surname):
        return None
    for found in re.finditer(rf"(?<![\w])(?i:with)\s+(?:{_name_pattern(surname).pattern})", seen):
        # capitalised ("with best wishes" for Priya Best is none) and ending the phrase ("With Best wishes", "with Hill
        # views", "With Faith & gratitude" name no one)
        if found.group(0)[4:].lstrip()[:1].isupper() and (
                _WITH_NAME_ENDS.match(seen, found.end()) or _symbol_next(seen, found.end())):
            return " ".join(found.group(0).split())
    return None


def _symbol_next(text: str, at: int) -> bool:
    """Whether symbols follow ``at``, an emoji as often, ending the phrase as a full stop does (rev51c): "See you with
    Nair 🙂", "with Nair ♥ Reply YES", "with Nair 🙂 - the team"; not when a lower-case word or a digit goes on after
    them ("With Best 😊 wishes", "With Best $20 off": rev51g), unless that word opens a new phrase as a sentence does
    (``_NEW_PHRASE``: "with Nair 🙂 see you soon", "with Nair 🙂 reply YES": guest52); "&" is no symbol."""
    rest = text[at:].lstrip(" \t")
    symbols = 0
    while symbols < len(rest) and (_a_symbol(rest[symbols]) or (symbols and rest[symbols] in " \t")):
        symbols += 1
    after = rest[symbols:]
    return symbols > 0 and (not (after[:1].islower() or after[:1].isdigit()) or bool(_NEW_PHRASE.match(after)))


#: Lower-case words that open a new phrase after an emoji, as a sentence's sign-off would ("see you soon", "reply YES",
#: "can't wait", "thanks"), not a name's phrase going on ("With Best 😊 wishes", "with Hill 🏔 views"). Few: a surname
#: that is a virtue ("With Grace 🙏 we welcome you", "With Joy ✨ book your glow") names no one.
_NEW_PHRASE = re.compile(
    r"(?:see\s+you|reply|text\s+us|call\s+us|thanks|thank\s+you|cheers|can['’]?t\s+wait|looking\s+forward|talk\s+soon"
    r"|let['’]s|xo+(?:xo+)*)(?![\w'’])"
)


def _a_symbol(character: str) -> bool:
    """A symbol (an emoji, ♥, $, ★), or what joins an emoji's parts (a zero-width joiner, a variation selector)."""
    return unicodedata.category(character).startswith("S") or character in "\u200d\ufe0f"


#: What follows a name alone after "with" when it ends the phrase, as a therapist is named: a mark or the end ("with
#: Nair.", "with NAIR!", "with Nair, see you"), or the slot's time or day ("with Nair at 2", "with Nair tomorrow",
#: "with Nair on Tue 24 Nov", "with Nair this afternoon"); not a word going on ("With Best wishes", "with Hill views",
#: "with Young Living oils", "With Faith & gratitude").
_WITH_NAME_ENDS = re.compile(
    r"\s*(?:[.,!?;:)\]…]|[-–—]\s|$)"
    r"|\s+(?i:(?:(?:at|on|for|in|from)\s+)?(?:\d|noon\b|today\b|tonight\b|tomorrow\b"
    r"|(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\b"
    r"|(?:this|next)\s+(?:morning|afternoon|evening|week|\w+day)\b))"
)


def own_names(facts: OfferFacts) -> list[str]:
    """The spa's own names an invitation may quote, never read for a time or a day: the brand, every location's and
    every menu service's (with and without its trailing length: "Sunset 7pm Ritual 60", "Sunset 7pm Ritual"). Another
    location or service named is read by its own checks (``_other_location``, ``_other_service``)."""
    names = [*facts.names, facts.location, *facts.other_locations, *_with_and_without_length([*facts.services, *facts.menu])]
    return [name for name in names if name]


def _with_and_without_length(services: Sequence[str]) -> list[str]:
    """Each service's name as written and without its trailing length ("Sunset 7pm Ritual 60", "Sunset 7pm Ritual")."""
    return [name for service in services for name in (service, _LENGTH.sub("", service))]


def _offered_minutes(facts: OfferFacts | None) -> int | None:
    """The offered slot's length: its real one (``facts.minutes``, the candidate's end less its start) when the card
    says it, else the offered service's when its one menu name ends in it ("Swedish Massage 60"). A said end must be
    the start plus it, and a length said as the session's must be it."""
    if facts is not None and facts.minutes:
        return facts.minutes
    lengths = {int(m.group(1)) for s in (facts.services if facts else ()) if (m := _LENGTH.search(s))}
    return lengths.pop() if len(lengths) == 1 else None


def _span_minutes(start: Any, end: Any) -> int | None:
    """The minutes from ``start`` to ``end`` (ISO strings, as a card stores them); None when either is missing or
    unreadable, or the span is not positive."""
    try:
        minutes = round((datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() / 60)
    except (TypeError, ValueError):
        return None
    return minutes if minutes > 0 else None


def reply_text_problem(text: str, facts: OfferFacts, own: Sequence[str] = ()) -> str | None:
    """Why a reply to a late YES cannot be sent as is: empty or over 320 characters once stripped, Slack's markup
    (``markup_problem``), the guest's health (``health_problem``), the copilot's internal words, or another guest's
    name (``facts.other_names``; ``own``: the spa's, location's and service's names, never read as one). A reply books nothing: no YES, time, day or hold is asked of it. None when fine."""
    text = text.strip()
    if problem := length_problem(text) or markup_problem(text, own) or health_problem(text, own):
        return problem
    seen = " ".join(reader_text(text)[0].split())
    if said := _internal_words(seen):
        return INTERNAL_DRAFT_TEXT.format(said=said)
    if said := _other_guest(_without(seen, own), facts):
        return OTHER_GUEST_DRAFT_TEXT.format(guest=facts.guest_name or "this guest", said=said)
    return None


def length_problem(text: str) -> str | None:
    """An empty text, or one over the SMS limit once stripped (as the saved text is); None when fine."""
    text = text.strip()
    if not text:
        return EMPTY_DRAFT_TEXT
    return LONG_DRAFT_TEXT.format(limit=SMS_LIMIT, length=len(text)) if len(text) > SMS_LIMIT else None


@dataclass(frozen=True)
class OfferFacts:
    """What the guest's YES would book, and what the spa knows besides, for ``offer_problem``. ``starts_at``: the
    offered start in the location's zone; ``send_day``: the location's date the text would go out on if approved
    now (today, or the next morning outside texting hours); ``other_names``: the other guests' first names the card
    knows; ``services``: the offered service(s), ``menu``: every service's name; ``location``/``other_locations``:
    the slot's location and the spa's others; ``names``: the spa's own words (its brand), never read as anything;
    ``hold_minutes``: the hold the text promises; ``staff_last_name``: the slot's therapist's surname, which a text
    never says (``_staff_surname``); ``minutes``: the slot's real length (the candidate's end less its
    start), which a length said as the session's must be, whether or not the service's name ends in one;
    ``service_minutes``: the offered services' own lengths as the menu sells them (their duration, without the
    processing or finishing time the slot's length counts), which a text may say too: "a 60-min Swedish Massage" on a
    slot that runs 75 minutes with its finishing time is the service the guest's YES books."""

    starts_at: datetime
    send_day: date | None = None
    guest_name: str = ""
    other_names: Sequence[str] = ()
    services: Sequence[str] = ()
    menu: Sequence[str] = ()
    location: str | None = None
    other_locations: Sequence[str] = ()
    names: Sequence[str] = ()
    hold_minutes: int | None = None
    staff_first_name: str | None = None
    staff_last_name: str | None = None
    staff_names: Sequence[str] = ()
    minutes: int | None = None
    service_minutes: Sequence[int] = ()


def offer_problem(text: str, facts: OfferFacts) -> str | None:
    """Why an invitation (a manager's edit, or a model's draft) says what the guest's YES would not book, in one line
    for the edit modal: another day (a weekday or date not the slot's, "today"/"tomorrow" wrong for the day the text
    goes out, in the location's zone), another of the spa's locations, another guest's name, another of the menu's
    services, another therapist ("with Maya"), a hold of other minutes ("held 30 minutes"), the visit said booked
    before the guest's YES ("You're booked!": ``booked_before_yes``), or the copilot's internal words ("score 0.68",
    "waitlist #1", "wl_…"). Tone and extra words are the manager's: only these are read; how a text is worded (an
    opt-out keyword, a reply said needless) is ``wording_concern``'s. None when fine."""
    found = offer_check(text, facts)
    return found[1] if found else None


def offer_check(text: str, facts: OfferFacts) -> tuple[str, str] | None:
    """``offer_problem`` with the kind of problem first (``wrongDay``, ``internalWords``, ``otherLocation``,
    ``otherGuest``, ``otherService``, ``wrongStaff``, ``wrongHold``, ``alreadyBooked``, ``wrongLength``): the kind,
    never the words, is what a log or an engine note may say."""
    seen = " ".join(reader_text(text)[0].split())
    own = [n for n in (*facts.names, facts.location, *facts.services) if n]
    if said := _internal_words(seen):
        return "internalWords", INTERNAL_DRAFT_TEXT.format(said=said)
    if found := _wrong_day(seen, facts, own_names(facts)):
        kind, said = found
        day = offline_drafts.when_phrase(facts.starts_at).split(" at ")[0]
        if kind == "vagueDay":
            return "wrongDay", VAGUE_DAY_DRAFT_TEXT.format(day=day, said=said)
        if kind == "closedDay":
            return "wrongDay", CLOSED_DAY_DRAFT_TEXT.format(day=day, said=said)
        if kind == "shutHours":
            return "wrongDay", SHUT_HOURS_DRAFT_TEXT.format(when=offline_drafts.when_phrase(facts.starts_at), said=said)
        relative = _TODAY.fullmatch(said) or _TOMORROW.fullmatch(said)
        if relative and facts.send_day is not None and facts.starts_at.date() == facts.send_day:
            # not "the slot is today": a 10pm edit's text waits for texting hours and goes out on the slot's own day
            return "wrongDay", WRONG_DAY_SENT_THAT_DAY_TEXT.format(day=day, said=said)
        return "wrongDay", WRONG_DAY_DRAFT_TEXT.format(day=day, said=said)
    if facts.location and (said := _other_location(seen, facts)):
        return "otherLocation", WRONG_PLACE_DRAFT_TEXT.format(place=facts.location, said=said)
    if said := _other_guest(_without(seen, own), facts):
        return "otherGuest", OTHER_GUEST_DRAFT_TEXT.format(guest=facts.guest_name or "this guest", said=said)
    if facts.services and (said := _other_service(seen, facts)):
        return "otherService", OTHER_SERVICE_DRAFT_TEXT.format(service=" + ".join(facts.services), said=said)
    if facts.staff_first_name and facts.services:
        for flag in invitation_fact_flags(
            seen, starts_at=facts.starts_at, when=offline_drafts.when_phrase(facts.starts_at), service_name=facts.services[0],
            staff_first_name=facts.staff_first_name, staff_names=facts.staff_names, guest_name=facts.guest_name, names=own,
        ):
            if flag.startswith("wrongStaff:"):
                return "wrongStaff", OTHER_STAFF_DRAFT_TEXT.format(staff=facts.staff_first_name, said="with " + flag.split(":", 1)[1])
    service_words = {w for name in (*facts.services, *facts.menu) for w in _words(name) if _names_a_service(w)}
    if facts.hold_minutes is not None and (said := _wrong_hold(seen, facts.hold_minutes, service_words)):
        return "wrongHold", WRONG_HOLD_DRAFT_TEXT.format(hold=facts.hold_minutes, said=said)
    if said := booked_before_yes(seen):
        return "alreadyBooked", BOOKED_DRAFT_TEXT.format(guest=facts.guest_name or "the guest", said=said)
    minutes = _offered_minutes(facts)
    # a service's name stands as "service" (a length before it is the session's: "a 90-minute Signature Ritual"),
    # the spa's other names as nothing
    services = [n for s in (*facts.services, *facts.menu) for n in (s, _LENGTH.sub("", s)) if n]
    unnamed = _without(_without(seen, services, by=" service "), own_names(facts))
    offered_words = {w for name in facts.services for w in _words(name) if not w.isdigit()}
    # the services' own lengths, on the menu and in their names, are theirs whatever the slot's length counts besides
    own_lengths = {*facts.service_minutes, *(int(m.group(1)) for s in facts.services if (m := _LENGTH.search(s)))}
    if minutes is not None and (said := _length_after_name(seen, facts.services, {minutes, *own_lengths})):
        return "wrongLength", WRONG_LENGTH_DRAFT_TEXT.format(service=" + ".join(facts.services) or "the slot", minutes=minutes,
                                                             said=said)
    if minutes is not None and (said := _wrong_length(unnamed, {minutes, *own_lengths}, facts.hold_minutes,
                                                      service_words, offered_words)):
        return "wrongLength", WRONG_LENGTH_DRAFT_TEXT.format(service=" + ".join(facts.services) or "the slot", minutes=minutes,
                                                             said=said)
    return None


def _without(text: str, names: Sequence[str], *, by: str = " ") -> str:
    """``text`` with each of ``names`` (in any case, longest first) blanked (or put ``by``) where it stands as words."""
    for name in sorted({n.strip() for n in names if n and len(n.strip()) > 1}, key=len, reverse=True):
        text = as_words(name).sub(by, text)
    return text


#: The copilot's own words for its ranking and its records: "score 0.68", "scored 0.7", "rank 2", "ranked #1",
#: "waitlist #1", "waitlist position 3", "#1 on the waitlist", "number 1 on our waitlist", "2nd on the list", and ids ("cl_0003", "wl_7048ecda74a7", "ap_b0007").
_INTERNAL = re.compile(
    r"\b(?:(?:priority\s+|fit\s+)?scor(?:e|ed|es|ing)|rank(?:ed|ing|s)?)\b\s*(?:of|is|was|at|:|=)?\s*#?\s*\d+(?:[.,]\d+)?"
    r"|\d(?:[.,]\d+)?\s*(?:score|points?\s+score)\b"
    r"|\bwait\s?-?list\s*(?:#|no\b\.?|num(?:ber)?\b|position\b|rank\b|place\b|spot\b)\s*#?\s*\d"
    r"|(?:#|\bnumber\s+|\bno\.?\s*|\bnum\.?\s*)\d+\s+(?:on|in)\s+(?:the|our)\s+(?:wait\s?-?list|list|queue)"
    r"|\b\d+(?:st|nd|rd|th)\s+(?:on|in)\s+(?:the|our)\s+(?:wait\s?-?list|list|queue)"
    r"|\b(?:cl|ap|wl|fp|fo|sv|st|loc|rs|apt|ent|appt)_[A-Za-z0-9]+",
    re.IGNORECASE,
)


def _internal_words(text: str) -> str | None:
    match = _INTERNAL.search(text)
    return match.group(0).strip() if match else None


#: Words that place the slot by the day the text is read on, English and Spanish; "mañana" is tomorrow but not in
#: "esta mañana", "de la mañana" (the morning) or "pasado mañana".
_TODAY = re.compile(
    r"\b(?:today|2day|(?P<night>tonight|tonite|2nite|esta\s+noche)|this\s+(?:morning|afternoon|evening)|hoy|esta\s+tarde)\b",
    re.IGNORECASE,
)
#: "tomorrow" as texters spell it too: "tomorow", "tommorrow", "2moro", "2morrow", "tmrw", "tmr", "tmw"
_TOMORROW = re.compile(
    r"\b(?:(?:to|2)m+or+o+w?|tmrw?|tmrow|tmw|2mrw|day\s+after\s+(?:to|2)m+or+o+w?)\b"
    r"|(?<!\bla\s)(?<!\besta\s)(?<!\bpasado\s)(?<!\bLa\s)(?<!\bEsta\s)\bma[ñn]ana\b|\bpasado\s+ma[ñn]ana\b",
    re.IGNORECASE,
)
_WEEKDAYS_ES = {"lunes": 0, "martes": 1, "miércoles": 2, "miercoles": 2, "jueves": 3, "viernes": 4, "sábado": 5,
                "sabado": 5, "domingo": 6}
_WEEKDAY_ES = re.compile(r"(?<!\w)(" + "|".join(_WEEKDAYS_ES) + r")(?!\w)", re.IGNORECASE)
#: A run of Spanish weekdays ("de lunes a sábado", "lunes-viernes", "martes hasta jueves"): the spa's days, no visit's,
#: unless a single visit time follows (``_VISIT_TIME_ES``)
_WEEKDAY_RANGE_ES = re.compile(
    r"(?<!\w)(?P<first>" + "|".join(_WEEKDAYS_ES) + r")\s*(?:[-–—]|\b(?:a|al|hasta)\b)\s*(?:el\s+)?(?P<last>"
    + "|".join(_WEEKDAYS_ES) + r")(?!\w)",
    re.IGNORECASE,
)
_CLOCK_ES = r"(?:\d{1,2}(?:[:.]\d\d)?(?:\s?[ap]\.?\s?m\b\.?)?|mediod[ií]a|medianoche)(?![\w:])"
#: After a Spanish run of days, its time: a single one ("jueves-viernes 3pm", "de jueves a domingo a las 3pm") or a
#: range (``to``: "de 9 a 7", "9am-7pm"), opening hours unless as short as a visit ("jueves 3-4pm")
_VISIT_TIME_ES = re.compile(
    rf"[\s,:]*(?:(?:a|de|desde)\s+)?(?:las?\s+)?(?P<at>{_CLOCK_ES})"
    rf"(?P<to>\s*(?:[-–—]|\b(?:a|hasta)\b)\s*(?:las?\s+)?{_CLOCK_ES})?",
    re.IGNORECASE,
)


def _spas_days_es(text: str, weekday: int) -> list[tuple[int, int]]:
    """The spans of ``text``'s Spanish runs of days that are the spa's days, not read for the slot's: a run said as
    opening hours, with no time or a time range ("abrimos de lunes a sábado de 9 a 7"); a run a single visit time
    follows is a visit claim ("de jueves a domingo a las 3pm") and excuses its days only when it holds the slot's
    ``weekday``."""
    spans = []
    for match in _WEEKDAY_RANGE_ES.finditer(text):
        after = _VISIT_TIME_ES.match(text, match.end())
        visit = after is not None and (not after.group("to") or _a_visits_length(after.group(0)))
        first, last = (_WEEKDAYS_ES[match.group(g).lower()] for g in ("first", "last"))
        if not visit or (weekday - first) % 7 <= (last - first) % 7:
            spans.append(match.span())
    return spans
#: "el próximo martes", "el martes próximo", "el martes que viene": the first Tuesday after the day the text goes out
_NEXT_WEEKDAY_ES = re.compile(
    r"(?<!\w)(?:pr[oó]xim[oa]\s+(" + "|".join(_WEEKDAYS_ES) + r")|(" + "|".join(_WEEKDAYS_ES)
    + r")\s+(?:pr[oó]ximo|que\s+viene))(?!\w)",
    re.IGNORECASE,
)


def _wrong_day(text: str, facts: OfferFacts, own: Sequence[str]) -> tuple[str, str] | None:
    """The kind (``wrongDay``, ``vagueDay``) and words of the first day ``text`` names that is not the slot's: a
    weekday or date, a day named from the week the text goes out in, a week said without its day
    (``named_day_flags``), a Spanish weekday ("el próximo martes" is the first Tuesday after the day the text goes
    out), or "today"/"tomorrow" (and "hoy"/"mañana") wrong for ``facts.send_day``."""
    flags = named_day_flags(text, facts.starts_at, names=own, send_day=facts.send_day, minutes=_offered_minutes(facts))
    if flags:
        kind, _, said = flags[0].partition(":")
        return kind, said
    read = _without(text, own)
    nexts: list[tuple[int, int]] = []
    for match in _NEXT_WEEKDAY_ES.finditer(read):
        nexts.append(match.span())
        weekday, send = _WEEKDAYS_ES[(match.group(1) or match.group(2)).lower()], facts.send_day
        if send is None or send + timedelta(days=(weekday - send.weekday()) % 7 or 7) != facts.starts_at.date():
            return "wrongDay", match.group(0)
    nexts += _spas_days_es(read, facts.starts_at.weekday())  # "abrimos de lunes a sábado"
    for match in _WEEKDAY_ES.finditer(read):
        if _WEEKDAYS_ES[match.group(1).lower()] != facts.starts_at.weekday() and not any(
                a <= match.start() < b for a, b in nexts):
            return "wrongDay", match.group(1)
    if facts.send_day is None:
        return None
    day = facts.starts_at.date()
    for match in _TODAY.finditer(read):
        # "tonight at midnight", "1am tonight": a slot before 4am the day after the text goes out is that night's
        late = match.group("night") and facts.starts_at.hour < 4 and day == facts.send_day + timedelta(days=1)
        if day != facts.send_day and not late:
            return "wrongDay", match.group(0)
    for match in _TOMORROW.finditer(read):
        said = match.group(0).lower()
        after = 2 if said.startswith(("day after", "pasado")) else 1
        if day != facts.send_day + timedelta(days=after):
            return "wrongDay", match.group(0)
    return None


#: Words a location's name may hold that say nothing of which one it is.
_PLACE_WORDS = frozenset(
    "the and at of spa spas location studio studios salon center centre house wellness day by".split()
)
#: Place words that are ordinary words as well: one of them alone names a location only capitalised ("our Park spa").
_ORDINARY_PLACE_WORDS = frozenset(
    "north south east west central main park downtown uptown midtown village hill hills beach garden gardens square "
    "plaza harbor harbour river lake bay heights city old new upper lower point station market".split()
)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold().replace("&", " and "))


#: The small words of a menu's names that name no service ("Brow & Lash Tint", "Massage for Two", "Facial de la Casa"):
#: as one of a service's words, "and" after the hold's minutes ("within 10 minutes and it's yours") read them as the
#: session's length, and a right text was refused (probe43b M1).
_NAME_FUNCTION_WORDS = frozenset(
    {"and", "or", "with", "of", "the", "a", "an", "for", "in", "on", "at", "to", "by", "y", "e", "de", "del", "la", "el",
     "con", "le", "les", "et", "au", "und", "mit", "s"})


def _names_a_service(word: str) -> bool:
    """Whether a word of a service's name is one of its own (not a number, nor a small word any sentence has)."""
    return not word.isdigit() and word not in _NAME_FUNCTION_WORDS


#: Words that begin a clause of their own after an "and": "10 minutes and the massage is yours" says the hold.
_CLAUSE_STARTS = frozenset({"the", "it", "its", "your", "you", "we", "they", "she", "he", "this", "that", "our"})


def _head_words(after: str) -> set[str]:
    """The two words after a length, an "of" passed over, and an "and" (or "&") unless a clause begins after it: what
    the length is said of ("90 minutes of the Swedish Massage", "a 90-minute & relaxing massage": the massage, rev43b
    M; "within 10 minutes & the massage is yours": nothing named, rev43f L). No other small word is: "to", "for",
    "the" and "or" begin what the hold is said of ("30 minutes to claim the massage", rev43e H)."""
    words = re.findall(r"[^\W_]+", after.casefold().replace("&", " and "))
    head = [w for i, w in enumerate(words)
            if w != "of" and not (w == "and" and i + 1 < len(words) and words[i + 1] not in _CLAUSE_STARTS)]
    return set(head[:2])


def _other_location(text: str, facts: OfferFacts) -> str | None:
    """Another of the spa's locations named in ``text``: its whole name, or the words of it that are its own (not
    the slot's location's nor the brand's: "Venice" for "Juniper & Salt Venice" when the slot is at SoHo)."""
    read = _without(text, [n for n in (facts.location, *facts.names) if n])
    said = f" {' '.join(_words(read))} "
    shared = set(_words(facts.location or "")) | {w for n in facts.names for w in _words(n)} | _PLACE_WORDS
    for other in sorted(facts.other_locations, key=len, reverse=True):
        whole = " ".join(_words(other))
        if whole and f" {whole} " in said:
            return other
        own = [w for w in _words(other) if w not in shared]
        if not own:
            continue
        phrase = " ".join(own)
        if len(own) == 1 and (own[0] in _ORDINARY_PLACE_WORDS or is_word_too(own[0])):
            # "our Park location", not "a walk in the park"
            written = [w for w in re.findall(r"[^\W_]+", read) if w.casefold() == own[0] and w[0].isupper()]
            if written:
                return written[0]
            continue
        if f" {phrase} " in said:
            found = re.search(r"(?<!\w)" + r"\W+".join(map(re.escape, own)) + r"(?!\w)", read, re.IGNORECASE)
            return found.group(0) if found else phrase
    return None


#: Common words that are also first names: another guest's is read only where it greets ("Hi Hazel"), never in
#: "your hazel eyes", "we will", "the rose oil", "a la mia".
_NAME_WORDS = frozenset(
    "grace lily violet hazel rose rosa may june april august ella mia leo eli joy hope faith summer autumn dawn sky "
    "will bill art pat sandy ivy olive ruby pearl amber jade bella angel luz paz sol cielo mark miles hunter chase "
    "rich frank grant drew jean gene ray rob sue dee sunny honey star storm river rain reed penny holly iris daisy "
    "poppy sage basil clay cliff dale glen wade jack don ben gay lane brook forest blake carol noel christian "
    "victoria stella aria nora wei mei".split()
)
_GREETS = r"(?:hi|hello|hey|dear|hiya|morning|good\s+(?:morning|afternoon|evening)|hola|buenos\s+d[ií]as|buenas(?:\s+tardes)?)"


def _other_guest(text: str, facts: OfferFacts) -> str | None:
    """Another guest's first name in ``text``: as a greeting ("Hi Sebastian", "Sebastian," to open the text) in any
    case; elsewhere only capitalised, and never a name that is a common word too ("Hazel", "Grace", "Will"). The
    guest's own name (and the slot's therapist's) always passes."""
    mine = {(facts.guest_name or "").casefold(), (facts.staff_first_name or "").casefold()}
    others = {n.strip() for n in facts.other_names if n and len(n.strip()) > 1 and n.strip().casefold() not in mine}
    for name in sorted(others, key=len, reverse=True):
        escaped = re.escape(name)
        greeted = re.search(
            rf"(?:^|[.!?]\s*|\b{_GREETS}[\s,]+)({escaped})(?!\w)(?=\s*[,!:.\-—]|\s*$)|\b{_GREETS}[\s,]+({escaped})(?!\w)",
            text, re.IGNORECASE,
        )
        if greeted:
            return greeted.group(1) or greeted.group(2)
        if name.casefold() in _NAME_WORDS or is_word_too(name):
            continue
        found = re.search(rf"(?<![\w'’]){re.escape(name[:1].upper() + name[1:])}(?![\w])|(?<![\w'’]){re.escape(name.upper())}(?![\w])", text)
        if found:
            return found.group(0)
    return None


_GENERIC = frozenset(w.lower() for w in (SERVICE_NOUNS + "|" + CAPITALISED_SERVICE_NOUNS).split("|")) | {
    "treatment", "therapy", "ritual", "tint", "session"}
_LENGTH = re.compile(r"\s*\(?(\d+)\s*(?:min(?:ute)?s?\.?)?\)?$", re.IGNORECASE)


def _other_service(text: str, facts: OfferFacts) -> str | None:
    """Another of the menu's services named in ``text``: its name ("Deep Tissue Massage 90"), without its length
    ("Deep Tissue Massage"), without its last generic word when two or more words are left ("Deep Tissue 90"), or the
    offered service's own name with another length ("Swedish Massage 90" when the offer is the 60)."""
    read = _without(text, [*facts.names, *([facts.location] if facts.location else []), *facts.services])
    said = f" {' '.join(_words(read))} "
    offered = {" ".join(_words(_LENGTH.sub("", s))) for s in facts.services}
    offered_full = {" ".join(_words(s)) for s in facts.services}
    for other in sorted(set(facts.menu), key=len, reverse=True):
        whole = " ".join(_words(other))
        if not whole or whole in offered_full:
            continue
        length = _LENGTH.search(other)
        base = _LENGTH.sub("", other).strip() if length else other
        base_words = _words(base)
        short = base_words[:-1] if len(base_words) >= 3 or (len(base_words) == 2 and base_words[-1] in _GENERIC) else []
        short = short if len(short) >= 2 else []
        forms = [whole]
        if " ".join(base_words) not in offered:
            forms += [" ".join(base_words)] + ([" ".join(short)] if short else [])
        elif length:  # the offered service with another length: "Swedish Massage 90", "90-minute Swedish Massage",
            n = length.group(1)  # "90 min Swedish" (its own word, with a length, is that service)
            own_word = base_words[:-1] if len(base_words) == 2 and base_words[-1] in _GENERIC else []
            for words in ([*base_words], short, own_word):
                if words:
                    forms += [f"{' '.join(words)} {n}", f"{n} minute {' '.join(words)}", f"{n} min {' '.join(words)}",
                              f"{n} minutes {' '.join(words)}"]
        for form in forms:
            if form and f" {form} " in said:
                tail = r"(?:[\s-]+(?:" + "|".join(sorted(_GENERIC)) + r")s?\b)?(?:[\s-]*\(?\d+(?:[\s-]*min\w*)?\)?)?"
                found = re.search(r"(?<!\w)" + r"\W+".join(map(re.escape, form.split())) + r"(?!\w)" + tail,
                                  read.replace("&", "and"), re.IGNORECASE)
                return found.group(0) if found else other
    return None




def _number_words() -> dict[str, int]:
    """Whole numbers to 199 spelt out, English and Spanish, as a manager writes a length or a hold ("ninety",
    "forty-five", "a hundred and twenty", "noventa", "cuarenta y cinco", "ciento veinte"), one space between words."""
    en_units = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "\
        "seventeen eighteen nineteen".split()
    es_units = "uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciséis "\
        "diecisiete dieciocho diecinueve".split()
    en = {w: n for n, w in enumerate(en_units, 1)}
    es = {w: n for n, w in enumerate(es_units, 1)} | {"una": 1, "dieciseis": 16, "veintiséis": 26, "veintidós": 22,
                                                       "veintitrés": 23}
    tens = zip("twenty thirty forty fifty sixty seventy eighty ninety".split(),
               "veinte treinta cuarenta cincuenta sesenta setenta ochenta noventa".split(), strict=True)
    for n, (ten, diez) in enumerate(tens, 2):
        en[ten], es[diez] = 10 * n, 10 * n
        for unit, word in enumerate(en_units[:9], 1):
            en[f"{ten}-{word}"] = en[f"{ten} {word}"] = 10 * n + unit
        for unit, word in enumerate(es_units[:9], 1):
            es[f"veinti{word}" if n == 2 else f"{diez} y {word}"] = 10 * n + unit
    hundreds = {f"{head} {w}": 100 + n for head in ("a hundred", "one hundred", "a hundred and", "one hundred and")
                for w, n in en.items()}
    return en | es | hundreds | {f"ciento {w}": 100 + n for w, n in es.items()} | {
        "a hundred": 100, "one hundred": 100, "cien": 100}


_NUMBER_WORDS = _number_words()
_EN_UNITS = "nineteen|eighteen|seventeen|sixteen|fifteen|fourteen|thirteen|twelve|eleven|ten|nine|eight|seven|six|five|four|three|two|one"
_ES_UNITS = ("diecinueve|dieciocho|diecisiete|diecis[eé]is|quince|catorce|trece|doce|once|diez|nueve|ocho|siete|seis|cinco"
             "|cuatro|tres|dos|uno|una")
_ES_TENS = "treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa"
#: One of ``_NUMBER_WORDS`` in a text (any spaces between its words)
_NUMBER_WORD = (
    rf"(?:(?:a|one)\s+hundred(?:\s+and)?\s+)?(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    rf"(?:[\s-]+(?:nine|eight|seven|six|five|four|three|two|one))?|{_EN_UNITS})|(?:a|one)\s+hundred"
    rf"|(?:ciento\s+)?(?:(?:{_ES_TENS})(?:\s+y\s+(?:nueve|ocho|siete|seis|cinco|cuatro|tres|dos|uno))?"
    rf"|veinti(?:nueve|ocho|siete|s[eé]is|cinco|cuatro|tr[eé]s|d[oó]s|uno)|veinte|{_ES_UNITS})|cien"
)
_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "1/2": 0.5, "1/4": 0.25, "3/4": 0.75}
_FRACTION = re.compile(r"(\d{0,2}?)\s*(½|¼|¾|[13]/[24])")


def _amount(raw: str) -> float | None:
    """The number ``raw`` (a match of ``_NUMBER``) says: digits ("90", "1.5"), a fraction ("1 1/2", "1½", "½"),
    "a"/"an", or words (``_NUMBER_WORDS``); None for words it does not know ("veinte y cinco")."""
    raw = " ".join(raw.lower().replace("⁄", "/").split())
    if raw in ("a", "an"):
        return 1
    if raw in _NUMBER_WORDS:
        return _NUMBER_WORDS[raw]
    if fraction := _FRACTION.fullmatch(raw):
        return int(fraction.group(1) or 0) + _FRACTIONS[fraction.group(2)]
    return float(raw) if re.fullmatch(r"\d+(?:\.\d+)?", raw) else None


#: A number as a length is said: digits, a decimal, a fraction ("1 1/2", "1½"), words ("ninety", "noventa")
#: (the reader's text has "1½" as "11⁄2", with a fraction slash)
_NUMBER = (rf"(?:\d{{0,2}}\s*(?:½|¼|¾)|(?:\d{{1,2}}\s+|\d(?=[13]⁄[24]))?[13][/⁄][24]|\d{{1,3}}(?:\.\d{{1,2}})?"
           rf"|{_NUMBER_WORD})")


#: A number of minutes or hours, English or Spanish ("30 minutes", "30-min", "1 hour", "an hour", "half an hour",
#: "thirty minutes", "treinta minutos").
_SPAN = (
    rf"(?P<n>\d{{1,3}}|{_NUMBER_WORD}|an?|half(?:\s+an)?|media)\s*-?\s*"
    r"(?P<unit>min(?:ute)?s?\b\.?|minutos?\b|hours?\b|hrs?\b|horas?\b)"
)
#: Words before a span that make it the hold: "held (for you) for 30 minutes", "expires in 30", "reply in 30 min",
#: "en 30 minutos"; and, in a sentence about replying or the hold (``_HOLD_TALK``), "within 30 min", "for the next 30
#: minutes", "you have 30 minutes", "durante 30 minutos" (group ``weak``: "Your session lasts 1 hour", "Please arrive
#: within 15 minutes of your start time", "Cancel within 24 hours" are no hold).
_HOLD_BEFORE = re.compile(
    r"\b(?:held|hold(?:ing)?|save[ds]?|saving|kept|keep(?:ing)?|reserved?|reserving|yours|expires?|expiring"
    r"|reservad[oa]|apartad[oa]|guardad[oa]|guardamos|(?:expires?|expiring|vence)\s+(?:in|en)"
    r"|(?:reply|respond|answer|text|claim|book|confirm|responde|contesta|confirma)(?:\s+\S+){0,2}\s+(?:in|en)"
    r"|(?P<weak>within|next|lasts?|you\s+have|you['’]ve\s+got|u\s+have|durante|dentro\s+de|pr[oó]ximos|tienes))"
    r"(?:\s+(?:it|this|that|the|your|spot|slot|place|appointment|booking|for|you|u|only|just|about|up|to|them|"
    r"el|la|lo|te|tu|espacio|cita|los|las|next|following|another))*\s+$",
    re.IGNORECASE,
)
#: A sentence about the reply or the hold, where "within 30 min" or "you have an hour" is the hold's time.
_HOLD_TALK = re.compile(
    r"\b(?:repl(?:y|ies)|respond|answer|text\s+(?:back|us|yes)|claim|book|confirm|yes|s[ií]|hold|held|save[ds]?|kept|keep"
    r"|reserv\w*|spot|slot|offer|opening|yours|grab|expires?|responde|contesta|confirma|apartad[oa]|guardad[oa]"
    r"|guardamos|espacio|goes|go\s+to|next\s+(?:guest|person|client|one)|someone|somebody|release[ds]?|move\s+on"
    r"|pasa|pase|otra\s+persona)\b",
    re.IGNORECASE,
)
_VISIT = r"(?:your|the|her|his|their)\s+(?:start|appointment|appt|arrival|booking|session|treatment|visit|massage|facial)"
#: Words after a span that make it some other time: "within 15 minutes of your start time", "24 hours before your
#: appointment", "2 hours of free parking", "15 min early", "1 hora de estacionamiento"; not "30 minutes before we
#: offer it to someone else", which is the hold.
_NOT_HOLD_AFTER = re.compile(
    rf"^\s*(?:(?:of|before|after|prior\s+to)\s+{_VISIT}|of\s+(?:free\s+)?parking|early|late"
    r"|de\s+estacionamiento|(?:antes|despu[eé]s)\s+de\s+(?:tu|su)\s+cita)\b",
    re.IGNORECASE,
)
#: Words after a span that make it the hold: "30 minutes to reply", "a 30-minute hold", "30 min window".
_HOLD_AFTER = re.compile(
    r"^\s*(?:hold|window|to\s+(?:reply|respond|answer|claim|book|confirm|decide|grab|say|text)|para\s+(?:responder|"
    r"confirmar|reservar|contestar))\b",
    re.IGNORECASE,
)
_SPAN_RE = re.compile(rf"(?<![\w.,:$£€]){_SPAN}", re.IGNORECASE)
_WORD_COUNT: dict[str, float] = {"a": 1, "an": 1, "half an": 0.5, "half": 0.5, "media": 0.5, **_NUMBER_WORDS}


def _wrong_hold(text: str, hold: int, service_words: set[str] | frozenset[str] = frozenset()) -> str | None:
    """A hold of other minutes than ``hold`` ("held 30 minutes", "reply within 30 min", "you have an hour"): a span
    of time right after hold words, or followed by "to reply" or "hold"; a service's length ("your next 60-minute
    massage", "the next 60 min Swedish": a service noun or a word of ``service_words`` within two words) is none."""
    for match in _SPAN_RE.finditer(text):
        if _head_words(text[match.end():]) & (_GENERIC | service_words):
            continue
        raw = " ".join(match.group("n").lower().split())
        count = float(raw) if raw.isdigit() else _WORD_COUNT.get(raw)
        if count is None:
            continue
        unit = match.group("unit").lower()
        minutes = count * 60 if unit.startswith(("h", "hora")) else count
        if minutes == hold:
            continue
        if _said_as_hold(text, match.start(), match.end()):
            return " ".join(match.group(0).split()).rstrip(".")
    return None


def _said_as_hold(text: str, start: int, end: int) -> bool:
    """Whether the span of time at ``text[start:end]`` is said as the hold: right after hold words ("held 30
    minutes", "expires in 30", "reply in 30 min"; "within", "you have" only in words about the reply or the hold), or
    followed by "to reply" or "hold" ("30 minutes to reply", "a 30-minute hold")."""
    clause = re.split(r"[.!?;:\n]", text[:start])[-1]
    after = text[end:]
    before = _HOLD_BEFORE.search(clause)
    if before is not None and before.group("weak"):  # "within", "you have": only in words about the hold
        rest = re.split(r"[.!?;\n]", after)[0]
        said_alone = not rest.strip(" ,)") and re.search(r"\b(?:have|got|tienes)\b", before.group("weak"), re.I)
        held = said_alone or (_HOLD_TALK.search(clause + rest) and not _NOT_HOLD_AFTER.match(after))
        before = before if held else None  # "You have an hour." alone is the hold; "You have 2 hours of parking" not
    return before is not None or bool(_HOLD_AFTER.match(after))


#: The visit said booked or confirmed as done: "You're booked!", "You are confirmed", "Your appointment is confirmed",
#: "We've booked you in", "¡Ya estás reservada!", "Tu cita está confirmada"; not "confirmed as next on our waitlist"
_BOOKED = re.compile(
    r"\byou(?:['’]?re|\s+are|['’]ve\s+been|\s+have\s+been)\s+(?:now\s+|all\s+|officially\s+|already\s+|still\s+)?"
    r"(?:booked|confirmed|scheduled)\b(?!\s+as\b)"
    r"|\b(?:your|the)\s+(?:appointment|appt|booking|spot|slot|visit|massage|facial|session|reservation|treatment)"
    r"\s+(?:is|has\s+been|['’]s)\s+(?:now\s+|all\s+|officially\s+|already\s+|still\s+)?(?:booked|confirmed|scheduled)\b"
    r"|\b(?:we|I)(?:['’]ve|\s+have)?\s+(?:booked|confirmed|scheduled)\s+you\b"
    r"|\b(?:we|I)(?:['’]ve|\s+have)\s+(?:got\s+)?you\s+(?:booked|confirmed|scheduled)\b"
    r"|\b(?:it|this|that|(?:your|the)\s+(?:spot|slot|appointment|appt|booking|visit|session|reservation))"
    r"(?:['’]s|\s+is|\s+has\s+been)\s+already\s+(?:reserved|yours)\b"
    r"|\b(?:ya\s+)?(?:est[aá]s|quedas|qued[oó])\s+(?:reservad[oa]|confirmad[oa]|agendad[oa])\b"
    r"|\b(?:tu|su)\s+(?:cita|reserva)\s+(?:est[aá]|queda|qued[oó]|ha\s+sido)\s+(?:confirmada|reservada|agendada)\b"
    r"|\bte\s+(?:hemos|he)\s+(?:reservado|agendado|apuntado)\b"
    r"|^\s*(?:(?:you['’]?re\s+|all\s+)?(?:booked|confirmed)|(?:appointment|appt|booking|reservation)\s+confirmed"
    r"|reservad[oa]|confirmad[oa])\W*$",
    re.IGNORECASE,
)
#: Earlier in the sentence, the guest's reply the claim waits on: "Reply YES and you're booked", "If you'd like it,
#: …", "Responde SÍ y quedas reservada"
_ON_HER_YES = re.compile(
    r"\b(?:repl(?:y|ies|ying)|text(?:ing)?|respond(?:ing)?|answer(?:ing)?|say(?:ing)?|responde|contesta|escribe)"
    r"\s+(?:(?:with|back|us|a)\s+)*['\"“‘]?(?:yes|y|s[ií])\b|\b(?:if|once|when|after|as\s+soon\s+as|si|cuando|en\s+cuanto)\b"
    # the reply keyword typed in capitals anywhere before ("YES = you're booked!", "Confirm with a YES and you're
    # booked", "Con un SÍ quedas reservada"), or asked for in other words ("Say the word and…", "Dinos que sí y…")
    r"|(?-i:\b(?:YES|S[ÍI])\s*(?:=|→|->|\+|&|and\b|y\b|e\b))"
    r"|\b(?:a|an?\s+\w+|with|send|tap\s+of|one\s+tap\s+of|un|con\s+un|confirma\s+con\s+un|escr[ií]benos|cont[eé]stanos)\s+(?-i:(?:YES|S[ÍI]))\b"
    r"|\bsay\s+the\s+word\s+(?:and|y)\b|\b(?:dinos|dime|escr[ií]benos)\s+(?:que\s+)?s[ií]\s+(?:and|y)\b",
    re.IGNORECASE,
)
#: Right after the claim, the reply it waits on: "You're booked once you reply YES", "…as soon as you text back"
_ON_HER_YES_AFTER = re.compile(
    r"[^.!?;\n]*?\b(?:once|when|after|as\s+soon\s+as|if|the\s+(?:moment|second|minute)|cuando|en\s+cuanto|si)\s+(?:you|u|we\s+(?:get|hear)"
    r"|tu|usted)\b(?:\s+[\w'’]+){0,2}?\s+(?:reply|replies|respond|text|say|confirm|answer|yes|back|responde|respondes"
    r"|contestas)\b",
    re.IGNORECASE,
)
#: After a booking word, another guest than her: "… we'll book it for someone else", "… for a guest on the waitlist",
#: "… for whoever replies first", "… with the next person".
_NOT_ANOTHER_GUEST = (
    r"(?!\s+(?:it\s+|this\s+)?(?:for|with|on|to)\s+(?:someone|somebody|anyone|another|the\s+next|others?|a\s+different"
    r"|whoever|a\s+(?:guest|client|waitlisted)|the\s+waitlist|your\s+other))"
)
#: The guest's reply said needless: "No need to reply YES", "You don't have to reply", "no reply needed", "No hace
#: falta responder"; a decline made easy ("If not, no need to reply") too; her silence said to book ("If we don't hear
#: back we'll book it for you"): a guest who reads it may never reply.
_NO_REPLY_NEEDED = re.compile(
    r"\b(?:no\s+need\s+to|(?:don['’]?t|do\s+not|won['’]?t|will\s+not)\s+(?:even\s+)?(?:need|have)\s+to|needn['’]?t"
    r"|no\s+hace\s+falta(?:\s+que)?|no\s+es\s+necesario(?:\s+que)?|no\s+(?:necesitas?|tienes?\s+que)"
    r"|(?:don['’]?t|do\s+not)\s+bother(?:\s+to)?)\s+(?:\w+\s+)?"
    r"(?:repl(?:y|ying|ies)|respond(?:ing)?|text(?:ing)?(?:\s+(?:us\s+)?back)?|answer(?:ing)?|confirm(?:ing)?"
    r"|responder|contestar|confirmar|respondas?|contestes?|confirmes?)\b"
    r"(?:\s+(?:(?:with|us|back|a)\s+)*['\"“‘]?(?:yes|s[ií])\b)?"
    r"|\bno\s+(?:reply|response|answer|respuesta)\s+(?:is\s+)?(?:needed|necessary|required|necesaria)\b"
    r"|\bno\s+(?:reply|response|answer)\s*\?\s*no\s+(?:problem|worries)\b"  # "No reply? No problem, see you at 2pm"
    r"|\b(?:reply|response|answer)\s+(?:is\s+)?not\s+(?:needed|necessary|required)\b"
    # her silence said to book her: "If we don't hear back we'll book it for you", "No answer by then and it's yours
    # anyway", "we'll assume that's a yes", "It's yours unless you reply no" (not "If we don't hear back, we'll book
    # the next guest on the list", "… it's booked for the next person", "holding it for you unless you reply NO")
    r"|\b(?:if\s+(?:we|i)\s+(?:don['’]?t|do\s+not)\s+hear|if\s+you\s+(?:don['’]?t|do\s+not)\s+(?:reply|respond|answer"
    r"|text)|no\s+(?:answer|reply|response|word)|si\s+no\s+(?:respondes|contestas|responde|contesta|sabemos))\b"
    r"[^.!?;\n]{0,40}?"
    r"(?:\b(?:we['’]ll|we\s+will|i['’]ll|i\s+will)\s+(?:go\s+ahead\s+and\s+)?(?:book|reserve|confirm|lock\s+in)\s+"
    r"(?:it|you|this|that|your\s+(?:spot|slot|place|appointment))\b" + _NOT_ANOTHER_GUEST
    + r"|\b(?:we['’]ll|we\s+will)\s+put\s+you\s+down\b|\bconsider\s+it\s+(?:booked|yours|done|confirmed)\b"
    r"|\bmeans\s+(?:a\s+)?yes\b|\b(?:te\s+lo|te\s+la|lo|la)\s+(?:reservamos|confirmamos|apartamos|guardamos\s+igual)\b"
    r"(?!\s+(?:a|al|para|con)\s+(?:otr[oa]s?|alguien|quien|(?:el|la)\s+(?:siguiente|próxim[oa])|siguiente|próxim[oa]))"
    r"|(?<!no\s)\bes\s+tuy[oa]\b"
    # not "you're still booked for Friday": her own booking, not the one offered
    + r"|\b(?:it['’]s|it\s+is|it\s+stays|you['’]re|you\s+are)\s+(?:yours|booked|confirmed|all\s+set)\b"
    + _NOT_ANOTHER_GUEST + r")"
    r"|\bwe['’]ll\s+(?:assume|take\s+(?:it|that)\s+as)\s+(?:that['’]s\s+|it['’]s\s+)?an?\s+yes\b"
    r"|\b(?:it['’]s\s+yours|you['’]re\s+booked|we['’]ll\s+book\s+(?:it|you))\b[^.!?;\n]{0,20}?"
    r"\bunless\s+you\s+(?:reply|say|text|tell\s+us)\s+(?:no|otherwise)\b",
    re.IGNORECASE,
)
#: Words that keep the claim whatever the reply: "Reply YES to cancel, otherwise you're booked", "…you're still booked"
_BOOKED_ANYWAY = re.compile(r"\b(?:otherwise|either\s+way|regardless|anyway|still|de\s+todos\s+modos)\b",
                            re.IGNORECASE)


def greets_another(text: str, guest: str) -> str | None:
    """The name a text's opening greeting gives when it is not ``guest``'s ("Hi Marguerite," in a text to
    Christopher), else None: a word of her first name, one starting the other ("Chris" for Christopher), or a word no
    one is named ("Hi There") passes, case and accents aside."""
    greeting = GREETING.match(reader_text(text)[0])
    said = greeting.group(1) if greeting else None
    if not said or not guest:
        return None
    word = folded(said.strip("'’-"))
    if word in _GREETED_NOBODY or any(
        own.startswith(word) or word.startswith(own) for own in (folded(part) for part in re.findall(r"[^\W_]+", guest))
    ):
        return None
    return said


def wording_concern(
    text: str, names: Sequence[str] = (), *, asks_reply: bool = True, guest: str = ""
) -> tuple[str, str] | None:
    """How an invitation is worded that may mislead the guest, with the kind first and the modal's line (what the guest
    would do): an opt-out keyword offered outside a standard opt-out sentence (``stopKeyword``:
    ``guardrails.opt_out_keyword``), and her reply said needless (``needlessReply``: ``_NO_REPLY_NEEDED``, a decline
    made easy too) and a greeting naming someone else than ``guest`` (``greetsAnother``: ``greets_another``); all
    found, kinds joined with "+" and lines one after the other (rev44c L3: confirming the first never showed the
    second); None when none. ``names``: the spa's own (brand, locations, menu: "Stop & Unwind", "The Wax Stop"), never
    read as words of the text; ``asks_reply`` False (a reply to a late YES, which asks nothing): no needless reply. A
    model's draft saying any falls back to the offline text; a manager's Edit is asked to confirm it
    (``decisions.edit_concern``). None is a fact the guest's YES books, so Approve and the outbox do not read it
    again."""
    # the spa's own names stand as one neutral name: blanked, "…texts from Juniper & Salt." lost the standard
    # sentence's sender and read as a keyword offered (rev44d M2)
    seen = _without(reader_text(text)[0], names, by="Spa")
    found: list[tuple[str, str]] = []
    if said := greets_another(text, guest):
        found.append(("greetsAnother", GREETS_ANOTHER_CONCERN_TEXT.format(said=said, guest=guest)))
    if said := opt_out_keyword(seen):
        found.append(("stopKeyword", OPT_OUT_CONCERN_TEXT.format(said=said)))
    if asks_reply and (needless := _NO_REPLY_NEEDED.search(" ".join(seen.split()))):
        found.append(("needlessReply", NEEDLESS_REPLY_CONCERN_TEXT.format(said=" ".join(needless.group(0).split()))))
    if not found:
        return None
    return "+".join(kind for kind, _ in found), " ".join(line for _, line in found)


def booked_before_yes(text: str) -> str | None:
    """The visit said booked or confirmed as done ("You're booked!", "Booked!", "Your appointment is confirmed",
    "We've booked you in", "¡Ya estás reservada!") in a sentence that does not make it wait on her reply: no reply
    YES, "if", "once", "when" before it ("Reply YES and you're booked", "If you'd like it, reply YES and you're all
    set"), nor "once you reply" right after it. She is not booked until her YES: a guest who believes she is and never
    replies walks in to a slot given to someone else. Words that only mention booking ("Want to book it?", "our online
    booking", "We'll confirm once you reply") say nothing done."""
    for sentence in re.split(r"[.!?;]+(?=\s|$)|\n+", text):  # not "fill.booked": a dot in a word ends nothing
        if re.search(r"\bwait\s*list\b|\bwaitlist\b|\blista\s+de\s+espera\b", sentence, re.IGNORECASE):
            continue  # "You're confirmed on our waitlist"
        for match in _BOOKED.finditer(sentence):
            before = sentence[:match.start()]
            anyway = _BOOKED_ANYWAY.search(before + match.group(0))
            if not anyway and (_ON_HER_YES.search(before) or _ON_HER_YES_AFTER.match(sentence, match.end())):
                continue
            return " ".join(match.group(0).split()).strip(" ,¡!")
    return None


#: A length of time as a session's: "90 minutes", "90-min", "ninety minutes", "1.5 hours", "1 1/2 hours", "1½ hrs",
#: "1.5h", "an hour and a half", "one and a half hours", "1 hr 30 min", "half an hour", "half-hour", "noventa
#: minutos", "una hora y media", "dos horas"
_DURATION = re.compile(
    rf"(?<![\w.,:$£€/])(?:(?P<h>{_NUMBER}|an?)\s*-?\s*(?:(?:full|whole)\s+)?(?:hours?|hrs?|horas?)\b\.?"
    rf"(?:\s*(?:and\s+|y\s+)?(?P<half>a\s+half|media)\b"
    rf"|\s*(?:and\s+|y\s+)?(?P<hm>\d{{1,2}}|{_NUMBER_WORD})\s*-?\s*min(?:ute|uto)?s?\b\.?)?"
    r"|(?P<hd>\d{1,2}(?:\.\d{1,2})?)h(?P<hdm>[0-5]\d)?\b"
    rf"|(?P<hh>{_NUMBER}|an?)\s+and\s+a\s+half\s+hours?\b|(?P<ho>half)[\s-]+(?:an\s+)?hour\b"
    r"|(?P<es>hora\s+y\s+media)\b|(?P<esh>media\s+hora)\b"
    rf"|(?P<m>{_NUMBER})\s*-?\s*min(?:ute|uto)?s?\b\.?)",
    re.IGNORECASE,
)


def _shown(said: str) -> str:
    """A length as the manager wrote it, for the refusal: one space between words, no closing period, "1½" for the
    reader's "11⁄2"."""
    said = re.sub(r"([13])⁄([24])", lambda m: {"1⁄2": "½", "1⁄4": "¼", "3⁄4": "¾"}[m.group(0)], said)
    return " ".join(said.split()).rstrip(".")


def _duration_minutes(match: re.Match[str]) -> int | None:
    """The minutes a ``_DURATION`` match says; None when its number is not one (``_amount``)."""
    if match.group("ho") or match.group("esh"):
        return 30
    if match.group("es"):
        return 90
    if match.group("hd"):
        return round(float(match.group("hd")) * 60) + int(match.group("hdm") or 0)
    if match.group("m"):
        count = _amount(match.group("m"))
        return None if count is None else round(count)
    if match.group("hh"):
        count = _amount(match.group("hh"))
        return None if count is None else round((count + 0.5) * 60)
    hours = _amount(match.group("h"))
    extra = 30 if match.group("half") else _amount(match.group("hm") or "0")
    return None if hours is None or extra is None else round(hours * 60 + extra)
#: Words before a length that make it the session's: "for 90 minutes", "lasts 90 min", "a full 90 minutes"
_LENGTH_BEFORE = re.compile(
    r"\b(?:for|lasting|lasts?|runs?|takes?|dura|duran|full|whole|(?:extended|upgraded|lengthened)\s+to)\s+"
    r"(?:(?:a|an|the|about|around|roughly|approx\.?|full|whole|only|just)\s+)*$",
    re.IGNORECASE,
)
#: Words after a length that make it some other time: "24 hours before your appointment", "15 min early"
_LENGTH_NOT_AFTER = re.compile(
    r"^\s*(?:before|after|prior|early|earlier|late|ahead|beforehand|antes|despu[eé]s|of\s+(?:free\s+)?parking|notice"
    r"|to\s+(?:reply|respond"
    r"|answer|claim|decide|confirm)|hold|window)\b",
    re.IGNORECASE,
)
#: Words that make a sentence about the visit, where "for 90 minutes" is its length ("Parking is free for 2 hours" not)
_VISIT_TALK = re.compile(
    r"\b(?:(?:spot|slot|session|appointment|appt|booking|visit|opening|treatment|service|cita|servicio|tratamiento"
    r"|masaje)s?|sesi[oó]n|sesiones|opened)\b", re.IGNORECASE)
#: After a length, words that make it the session's whatever the sentence: "90 minutes long", "an hour-long"
_LENGTH_LONG = re.compile(r"^\s*-?\s*long\b", re.IGNORECASE)
#: Words of an extra beside the visit, not the offered service: a length said of one ("a free 15-min foot soak",
#: "relax in the lounge for 30 minutes", "parking is free for 2 hours", "a 15-minute consult") is not the session's
#: Words a manager calls the visit by, right after a length ("a quick 90 min treat", "a 90-minute escape", "90 min
#: spa treat"; not "(held 10 minutes). Treat yourself!", nor past a dash: "Park free 2 hrs - treat yourself!", rev33b
#: M2): the length is the session's
_TREAT_AFTER = re.compile(r"^[^\S\n]*(?:[\w'’]+[^\S\n]+)?(?:treat|escape|getaway|retreat|indulgence|splurge)s?\b"
                          r"(?![^\S\n]+(?:yourself|your\s*self|you\s+to)\b)", re.IGNORECASE)
#: After a length equal to the hold, a dash and the reply it is for, in the same sentence ("Only 30 minutes - treat
#: yourself & reply YES"); not a dash alone ("Just 30 minutes - perfect for a lunch break!" is the session's, rev33h M2)
_HOLD_AFTER_A_DASH = re.compile(r"\s*[-–—]\s[^.!?\n]*\b(?:reply|respond|text|claim|grab|hold|held)\b", re.IGNORECASE)
_EXTRA_WORDS = frozenset({
    "soak", "soaks", "sauna", "steam", "bath", "scrub", "lounge", "parking", "park", "consult", "consultation",
    "upgrade", "upgrades", "foot", "hydrotherapy", "pool", "jacuzzi", "tub", "shower", "locker", "tea",
    "complimentary", "bonus", "scalp",
})
#: A length said alone, as an item of the offer: "Swedish Massage - 90 min - opened", "at 1pm: 90 minutes, $150",
#: "| 90 min |", "It's 90 minutes."
_LENGTH_ALONE_BEFORE = re.compile(r"(?:[-–—|:]|\bit(?:['’]s|\s+is)|\bthat(?:['’]s|\s+is))\s*(?:just\s+|only\s+)?$",
                                  re.IGNORECASE)
_LENGTH_ALONE_AFTER = re.compile(r"^\s*(?:[-–—|,.!;)]|$)")
#: A length set off by commas as an item of the offer ("Swedish Massage, 90 minutes, with Priya", "at 3pm, 90
#: minutes."), or a sentence of its own ("at 3pm. 90 minutes.", "Only 90 minutes!")
_LENGTH_COMMA_AFTER = re.compile(r"^\s*(?:[,.!;)]|$)")
_LENGTH_SENTENCE_BEFORE = re.compile(r"(?:^|[.!?])\s*(?:(?:just|only)\s+)?$", re.IGNORECASE)
_LENGTH_SENTENCE_AFTER = re.compile(r"^\s*(?:[.!)]|[-–—](?:\s|$)|$)")  # "Just 90 min - reply YES"
#: A verb of length whose subject is the offer itself: "It lasts 90 minutes", "Dura 90 minutos", "which runs 90 min"
_LENGTH_OF_IT = re.compile(
    r"(?:^|[.!?;:(\n]|\b(?:it|this|that|which|she|and|y)\b)\s*(?:lasts?|runs?|takes?|dura|duran|durar[aá]"
    r"|duraci[oó]n(?:\s+de)?:?)\s+(?:(?:about|around|roughly|approx\.?|unos|aproximadamente)\s+)?$",
    re.IGNORECASE,
)
#: After a length, words that make it the visit's: "90 minutes with Priya", "90 minutes of bliss", "treat yourself to
#: 90 minutes of pure relaxation"
_LENGTH_OF_VISIT = re.compile(
    r"^\s*(?:with|w/)\s|^\s*of\s+(?:(?:pure|total|deep|sheer|blissful|relaxing|full)\s+)?(?:bliss|relaxation|pampering"
    r"|calm|heaven|serenity|indulgence|self[\s-]care|me[\s-]time|zen|massage|treatment|tranquility|luxury)\b",
    re.IGNORECASE,
)
#: Before a length, a Spanish service noun it is said of: "masaje sueco de 90 minutos", "service de una hora y media"
_LENGTH_DE = re.compile(
    r"\b(?:masaje|facial|tratamiento|sesi[oó]n|cita|servicio|service|ritual|exfoliaci[oó]n|terapia)\b"
    r"(?:\s+[^\W\d_]+){0,2}?\s+de\s+$",
    re.IGNORECASE,
)
#: Before a length, words that make it an add-on: "Add a 30-min facial", "add on a 15-minute scalp massage"
_LENGTH_ADD_ON = re.compile(r"\badd(?:[\s-]+on)?\s+(?:an?\s+)?$", re.IGNORECASE)
#: Before a length equal to the hold, a label that makes it the hold: "Held: 30 min", "Hold (30 min)", "Held - 30 min"
_HOLD_LABEL = re.compile(r"\b(?:held|hold|holding|on\s+hold|reserved|saved|kept)\s*[:(\-–—]\s*\(?\s*$", re.IGNORECASE)
#: Where a clause ends, for the words said with a length ("…at 1pm, and parking is free for 2 hours")
_CLAUSE_BREAK = re.compile(r"[.!?;,:\n+()–—]|\s-\s|\b(?:and|then|plus|but|while|also)\b", re.IGNORECASE)


#: After an offered service's name, a bare number as the menu writes a length: "Swedish Massage 30", "Swedish Massage
#: (30)"; not a time, a date, a price, a share or a count ("Swedish Massage 11am", "Swedish Massage 10 Dec", "12/8",
#: "50% off", "Swedish Massage 20 off!", "25 percent off", "rated Swedish Massage 100 times": rev33b M1)
_NAME_LENGTH_AFTER = re.compile(
    r"[\s-]*\(?\s*(\d{2,3})\s*\)?(?![\w:/%$€£]|[.,]\d|\s*(?:[ap]\.?m\b|noon|o['’]?clock|min|hour|hr|dollars?\b|bucks\b|usd\b|%"
    r"|off\b(?![-\s]*(?:peak|season|hours?)\b)|percent\b|per\s+cent\b|pct\b|times\b|x\b|reviews?\b|stars?\b|guests?\b|clients?\b"
    r"|[-–—]\d|\s*[-–—]\s*\d[\d:.]*\s*(?:%|[ap]\.?m\b|noon)|(?:to|or|and)\s+\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b))",
    re.IGNORECASE,
)
#: A number that ends its sentence after the service's name ("Swedish Massage 95.") is read as a length only when a
#: menu writes lengths so (a price is said so too): a half or quarter hour, or the 50 and 80 minutes of a spa's hour
_NAME_LENGTH_USUAL = frozenset({30, 45, 50, 60, 75, 80, 90, 105, 120, 150, 180, 210, 240})
_SENTENCE_END = re.compile(r"\s*[.!?;](?:\s|$)")


def _length_after_name(text: str, services: Sequence[str], minutes: set[int]) -> str | None:
    """The offered service's name with another length after it, as the menu writes one ("Swedish Massage 30",
    "Swedish Massage (30)" when the slot is 60 minutes): the guest's YES books ``minutes``. Only a bare number a length
    can be (15 to 240, a multiple of 5) is read; one with its unit ("Swedish Massage 90 min") is ``_wrong_length``'s."""
    for name in sorted({n for s in services for n in (s, _LENGTH.sub("", s)) if n.strip()}, key=len, reverse=True):
        for match in as_words(name.strip()).finditer(text):
            after = _NAME_LENGTH_AFTER.match(text, match.end())
            if after is None:
                continue
            said = int(after.group(1))
            if _SENTENCE_END.match(text, after.end()) and said not in _NAME_LENGTH_USUAL:
                continue  # "Swedish Massage 95.": a price
            if 15 <= said <= 240 and said % 5 == 0 and said not in minutes:
                return " ".join(text[match.start():after.end()].split())
    return None


def _wrong_length(text: str, minutes: set[int], hold: int | None, service_words: set[str] | frozenset[str],
                  offered_words: set[str] | frozenset[str] = frozenset()) -> str | None:
    """A length said as the session's that is none of the offered slot's ``minutes`` ("(90 min)", "for 90 minutes"
    in a sentence about the spot or service, "a 90-minute massage", "1.5 hours", "1.5h", "90 minutes long",
    "hour-long"): the guest's YES books ``minutes``.
    The hold's minutes, a time before or after the visit ("arrive 15 minutes early", "24 hours before your
    appointment"), a length outside talk of the visit ("2 hours of free parking") and one said of an extra beside it
    (``_EXTRA_WORDS`` not among ``offered_words``, the offered service's own: "a free 15-min foot soak", "relax in
    the lounge for 30 minutes") are not read."""
    nouns = _GENERIC | service_words | {"session", "appointment", "appt", "slot", "spot", "visit", "booking", "service"}
    for match in _DURATION.finditer(text):
        said = _duration_minutes(match)
        if said is None:
            continue
        if said in minutes:
            continue
        before, after = text[: match.start()], text[match.end():]
        if _LENGTH_NOT_AFTER.match(after) or _LENGTH_ADD_ON.search(before):
            continue
        head = _head_words(after)
        of_service = bool(head & nouns) or bool(_LENGTH_DE.search(before)) or bool(_TREAT_AFTER.match(after))
        clause = _CLAUSE_BREAK.split(before)[-1] + _CLAUSE_BREAK.split(after)[0]
        of_an_extra = bool((head & _EXTRA_WORDS) - offered_words)
        if of_an_extra or not of_service and (set(_words(clause)) & _EXTRA_WORDS) - offered_words:
            # "parking is free for 2 hours", "a free 15-min foot soak"; not the session's own length beside an extra,
            # "a 90-minute Swedish Massage with a 15-min foot soak" (rev31f H1)
            continue
        if said == hold and not head & nouns and (
                _said_as_hold(text, match.start(), match.end()) or _HOLD_LABEL.search(before)):
            # the hold's minutes only where the text says they are the hold ("we'll hold it 30 minutes", "reply within
            # 30 min", "Held: 30 min"); said of the session ("It's 30 minutes.", "(30 min)", "a 30 min massage") they
            # are read as its length like any other
            continue
        if said == hold and not head & nouns and _HOLD_AFTER_A_DASH.match(after) and _LENGTH_SENTENCE_BEFORE.search(before):
            continue  # "Only 30 minutes - treat yourself & reply YES" on a 30-minute hold: the time left to reply (rev33b M2)
        bracketed = re.search(r"\(\s*$", before) and re.match(r"\s*\)", after)
        sentence = re.split(r"[.!?;\n]", before)[-1] + re.split(r"[.!?;\n]", after)[0]
        lasting = _LENGTH_BEFORE.search(before) and (_VISIT_TALK.search(sentence) or set(_words(sentence)) & nouns)
        ends = match.group(0).endswith(".")
        alone = (_LENGTH_ALONE_BEFORE.search(before) and (_LENGTH_ALONE_AFTER.match(after) or ends)
                 or before.rstrip().endswith(",") and (_LENGTH_COMMA_AFTER.match(after) or ends)
                 or _LENGTH_SENTENCE_BEFORE.search(before) and (_LENGTH_SENTENCE_AFTER.match(after) or ends)
                 or _LENGTH_OF_IT.search(before))
        if bracketed or of_service or lasting or alone or _LENGTH_LONG.match(after) or _LENGTH_OF_VISIT.match(after):
            return _shown(match.group(0))
    return None


def slot_time_words(starts_at: datetime) -> str:
    """How the edit modal and its refusal name the slot's time: ``"11:00 am" or "11am"``, ``"2:30 pm" or "2:30pm"``."""
    hour, half = starts_at.hour % 12 or 12, "am" if starts_at.hour < 12 else "pm"
    short = f"{hour}{half}" if starts_at.minute == 0 else f"{hour}:{starts_at.minute:02d}{half}"
    return f'"{hour}:{starts_at.minute:02d} {half}" or "{short}"'


def offered_start(row: Mapping[str, Any]) -> datetime | None:
    """The start the card's current candidate is offered (the opening's when the candidate has none), in the
    location's zone; None when the row does not say (then an edit's time is not checked)."""
    opening = row.get("opening") or {}
    candidates, index = row.get("candidates") or [], row.get("current_index") or 0
    start = (candidates[index].get("start") if 0 <= index < len(candidates) else None) or opening.get("start")
    try:
        return datetime.fromisoformat(start).astimezone(ZoneInfo(opening["time_zone"]))
    except (TypeError, ValueError, KeyError, ZoneInfoNotFoundError):
        return None


def _names_a_claiming_reply(text: str) -> bool:
    """Whether the text names a reply that books the slot, in the words ``classify_reply`` takes for a yes ("Reply
    YES", "Responde SÍ", "Reply Y", "text BOOK IT"); "Sure to love it" or "absolutely" alone ask for nothing."""
    words, joined = _reply_words(text)
    return bool(set(words) & (_YES_CORE - _YES_NOT_ASKED)) or any(p in joined for p in _YES_CORE_PHRASES)


#: The sentences of the replies to a late YES that say she stays on the waitlist: left out when she does not.
_STILL_WAITING_SENTENCES = (" You're still on our waitlist for the next opening.", " You're still on our waitlist.")


def _too_late_text(
    first_name: str, service_name: str, start: datetime, *, taken: bool = True, waiting: bool = True
) -> str:
    """The polite SMS to a YES that came too late: the slot was taken, or the hold ran out. The spot is named by its
    date, never "today" as an offer may: the reply waits for a manager, who may approve it on a later day. Without
    ``waiting`` (her waitlist entry was removed, booked, or its days are past: ``late_reply._still_on_waitlist``) it
    does not tell her she is still on the waitlist, which had been false (probe50a M3)."""
    long, short = (TOO_LATE_REPLY, TOO_LATE_REPLY_SHORT) if taken else (HOLD_RAN_OUT_REPLY, HOLD_RAN_OUT_REPLY_SHORT)
    if not waiting:
        long, short = (_without_sentences(template, _STILL_WAITING_SENTENCES) for template in (long, short))
    first_name = greeting_name(first_name) or "there"  # "Hi there" when the first-name field holds no name
    text = long.format(first_name=first_name, service=service_name, when=offline_drafts.when_phrase(start))
    return text if len(text) <= SMS_LIMIT else short.format(first_name=first_name[:40])[:SMS_LIMIT]


def _without_sentences(template: str, sentences: Sequence[str]) -> str:
    for sentence in sentences:
        template = template.replace(sentence, "")
    return template


def text_problem(copilot: Copilot, row: Mapping[str, Any], text: str) -> str | None:
    """Why ``text`` cannot go to the card's guest if approved now, in one line: for an offer, ``draft_problem`` with
    the offered start and the offer's facts (another day, place, guest, service or hold, or internal words; "today"
    and "tomorrow" read for the day the text would go out, texting hours counted); for a reply to a late YES
    (``reply_problem``) only what fits a reply, which books nothing. The Save of an edit and Approve both ask it, so
    a text right when saved and wrong when approved (a "tomorrow" saved the day before) is not sent. None when fine."""
    if row.get("kind") == "reply":
        return reply_problem(copilot, row, text)
    return draft_problem(text, starts_at=offered_start(row), facts=offer_facts(copilot, row))


def reply_problem(copilot: Copilot, row: Mapping[str, Any], text: str) -> str | None:
    """Why a reply to a late YES (a ``kind == "reply"`` card) cannot be sent as is: empty or over 320 characters, the
    copilot's internal words (a score, a rank, "waitlist #1", an id), or another guest's name (another candidate of
    the fill card it answers, or one it flagged). A reply books nothing: it need not ask for a YES, give a time or a
    hold, and may say "tomorrow". None when fine."""
    guest = (row.get("candidates") or [{}])[0]
    parent = copilot.store.fill_proposal(row["parent_id"]) if row.get("parent_id") else None
    others = [*((parent or {}).get("candidates") or ()), *((parent or {}).get("flagged") or ())]
    named = [c.get("first_name") or str(c.get("short_name") or "").split(" ")[0] for c in others
             if c.get("client_id") != guest.get("client_id")]
    facts = OfferFacts(
        starts_at=offered_start(row) or copilot.now(),
        guest_name=str(guest.get("first_name") or ""),
        other_names=[n for n in named if n and re.fullmatch(r"[^\W\d_][\w'’-]*", n)],
        staff_first_name=guest.get("staff_first_name"),
    )
    opening = row.get("opening") or {}
    catalog = copilot.known_catalog()  # the menu as last read: a reply may offer another service by its name
    # with and without its trailing length, as own_names: "Back Pain Relief Massage 60", "Back Pain Relief Massage"
    menu = _with_and_without_length([service.name for service in catalog.services] if catalog is not None else [])
    own = [n for n in (copilot.settings.spa_name, opening.get("location_name"), guest.get("service_name"), *menu) if n]
    return reply_text_problem(text, facts, own)


def offer_facts(copilot: Copilot, row: Mapping[str, Any]) -> OfferFacts | None:
    """What the card's current candidate's YES would book, and what the spa knows besides (its other locations and
    services from the catalog as last read (the calendar poll and the drafting re-read it), so an edit's check and
    Approve's ask the spa system nothing; the other guests the card names), for ``draft_problem``. None when the row
    does not say when."""
    start = offered_start(row)
    if start is None:
        return None
    opening = row.get("opening") or {}
    candidates, index = row.get("candidates") or [], row.get("current_index") or 0
    current = candidates[index] if 0 <= index < len(candidates) else {}
    # the slot's real length: the current candidate's own part of the opening, else the opening's (as its start)
    timed = current if current.get("start") else opening
    minutes = _span_minutes(timed.get("start"), timed.get("end"))
    now = copilot.now()
    opens = text_opens_at(now, ZoneInfo(opening["time_zone"]), copilot.settings.text_send_window)
    catalog = copilot.known_catalog()  # an edit is checked without awaiting: the catalogue as last read
    locations = catalog.locations if catalog is not None else []
    offered = [catalog.service(service_id) for service_id in (
        [current["service_id"]] if current.get("service_id") else opening.get("service_ids") or [])] if catalog else []
    services = [current["service_name"]] if current.get("service_name") else [
        name for name in str(opening.get("service_name") or "").split(" + ") if name and name != "appointment"]
    named = [c.get("first_name") for c in candidates] + [
        f.get("first_name") or str(f.get("short_name") or "").split(" ")[0] for f in row.get("flagged") or []]
    return OfferFacts(
        starts_at=start,
        send_day=(opens or now).astimezone(start.tzinfo).date(),
        guest_name=str(current.get("first_name") or ""),
        other_names=[n for n in named if n and re.fullmatch(r"[^\W\d_][\w'’-]*", n)],
        services=services,
        menu=[service.name for service in catalog.services] if catalog is not None else [],
        location=opening.get("location_name"),
        other_locations=[loc.name for loc in locations if loc.id != opening.get("location_id")],
        names=[copilot.settings.spa_name],
        hold_minutes=copilot.settings.offer_hold_minutes,
        staff_first_name=current.get("staff_first_name"),
        staff_last_name=next((m.last_name for m in catalog.staff if m.id == current.get("staff_id")), None)
        if catalog is not None else None,
        staff_names=[m.first_name for m in catalog.staff if m.location_id == opening.get("location_id") and m.active]
        if catalog is not None else [],
        minutes=minutes,
        service_minutes=[service.duration_minutes for service in offered if service is not None],
    )
