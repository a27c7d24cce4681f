"""What each ``/spa`` subcommand answers: gather, run the engines, lay out. Listeners only ack and call these.

Every answer is an async function ``(copilot, command, user_id) -> SlackMessage`` registered in ``ANSWERS``;
``CommandError`` means "show the help with this problem".
"""

from __future__ import annotations

import logging
import re
import unicodedata
import uuid
from collections.abc import Awaitable, Callable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from slack_sdk.models.blocks import MarkdownTextObject, SectionBlock

from spa_copilot.ai.schemas import private_words, shown_first_name
from spa_copilot.alerts import ACKNOWLEDGED, OPEN, SNOOZED, answer_conflicts, mark_book_clashes
from spa_copilot.briefings import answer_brief
from spa_copilot.calendar_sync import horizon_days_for
from spa_copilot.clock_watch import clock_line, measured_gap
from spa_copilot.copilot import Copilot
from spa_copilot.domain import (
    Appointment,
    Client,
    Location,
    Resource,
    Service,
    Staff,
    TimeWindow,
    WaitlistEntry,
    WaitlistStatus,
    folded,
    plural,
    said_clock,
)
from spa_copilot.engines.daybook import DayBook
from spa_copilot.fill import answer_fill, waiting_texts_line
from spa_copilot.fill.replies import opt_out_by_staff
from spa_copilot.platform.errors import (
    PlatformError,
    PlatformNotFound,
    PlatformRejected,
    PlatformUnavailable,
)
from spa_copilot.reads import (
    AmbiguousLocation,
    Catalog,
    guest_name,
    guest_names,
    load_clients,
    load_day,
    load_day_book,
    still_to_come,
)
from spa_copilot.settings import Mode, shown_address
from spa_copilot.slack import blocks, texts
from spa_copilot.slack import views_models as views
from spa_copilot.slack.blocks import SlackMessage
from spa_copilot.slack.command_parser import (
    TEXTS_NEAR_ACTIONS,
    BesidesTheDay,
    CommandError,
    ParsedCommand,
    channel_words_as_names,
    dotted_date_problem,
    is_month,
    mentioned_user,
    named_by_its_words,
    one_day,
    parse_audit_count,
    parse_day,
    parse_waitlist_add,
    short_weekday_first,
    take_day_or_name,
    texts_request,
    waitlist_action,
    weekday_word,
)
from spa_copilot.slack.directory import name_in_mention
from spa_copilot.slack.presenters import (
    card_name,
    client_card_view,
    day_book_view,
    first_wanted,
    waitlist_when,
)
from spa_copilot.slack.roles import MembershipUnknown
from spa_copilot.store.db import AlertRow
from spa_copilot.world import default_day

logger = logging.getLogger(__name__)

Answer = Callable[[Copilot, ParsedCommand, str], Awaitable[SlackMessage]]


async def answer_help(copilot: Copilot, command: ParsedCommand, user_id: str) -> SlackMessage:
    return blocks.help_message(is_manager=await copilot.roles.is_manager(user_id))


async def marked_day_book(copilot: Copilot, catalog: Catalog, location: Location, day: date) -> DayBook:
    """The location's book of ``day`` as staff read it (``/spa today``, the App Home): a booking double-booked with
    another of its therapist's, or past their shift, marked on its line (``mark_clashes``) from the conflict engine's
    findings in the day's book and the other locations' books read with it (a clash across sites), as ``/spa
    conflicts`` finds them (no further platform read)."""
    books: dict[tuple[str, date], list[Appointment]] = {}
    now = copilot.now()
    book = await load_day_book(
        # no model loaded: no risk asked for, and no booking marked as not scored either
        copilot.platform, catalog, location, day, risk=copilot.risk_scores if copilot.risk is not None else None,
        store=copilot.store, now=now,
        horizon_days=horizon_days_for(copilot.settings.fill_horizon_hours), books=books,
    )
    mark_book_clashes(book, catalog, location, books, now=now)
    return book


async def answer_today(copilot: Copilot, command: ParsedCommand, user_id: str) -> SlackMessage:
    """``today [@therapist|room|location] [date]``."""
    catalog = await copilot.catalog()
    words = list(command.args)
    # "today Thu tomorrow": of two days, the weekday's word someone on the staff is called by is that person
    day_words = take_day_or_name("today", words, lambda word: bool(catalog.staff_named(word)), typed=command.rest)
    note = ""
    if not words:  # no one and nowhere named: the asker's own location, as their App Home shows it
        location, note = await _own_location(copilot, catalog, user_id)
        staff_member, room_name = None, None
        if day_words and weekday_word(day_words) and (people := catalog.staff_named(day_words)):
            return _day_or_person(day_words, people, parse_day(day_words, today=_today(copilot, location)))
    else:
        try:
            location, staff_member, room_name = await _resolve_scope(copilot, catalog, " ".join(words))
        except CommandError as not_named:
            if day_words or not short_weekday_first(words):
                raise
            # "today fri Venice": "fri Venice" names nothing, so "fri" is the day ("Sun Room" named a room above)
            try:
                location, staff_member, room_name = await _resolve_scope(copilot, catalog, " ".join(words[1:]))
            except CommandError:
                raise not_named from None
            day_words = words[0]
    # "today" and "tomorrow" are the named location's (at 21:30 in Venice it is already tomorrow in SoHo)
    today = _today(copilot, location)
    day = parse_day(day_words, today=today) if day_words else today
    book = await marked_day_book(copilot, catalog, location, day)
    if staff_member is not None:
        book.staff_days = [sd for sd in book.staff_days if sd.staff.id == staff_member.id]
    if room_name is not None:
        for sd in book.staff_days:
            sd.entries = [e for e in sd.entries if room_name in e.rooms]
            sd.gaps = []
        book.staff_days = [sd for sd in book.staff_days if sd.entries]
    scope = staff_member.display_name if staff_member else room_name
    return blocks.day_book_message(day_book_view(book, scope=scope), seen_from=today, note=note)


def _day_or_person(word: str, people: Sequence[Staff], day: date) -> SlackMessage:
    """``today Thu`` where Thu is a weekday and a staff member's first name: which was meant, with what to type for
    each (``/spa today Thu Nguyen``; ``/spa today Nov 26``, a day no one is called by)."""
    names = sorted(s.display_name for s in people)
    return blocks.notice_message(
        f"{word} is a day and a name here. For {' or '.join(f'{name}’s' for name in names)} day: "
        f"{' or '.join(f'/spa today {name}' for name in names)}. For the book of {day:%a} {day.day} {day:%b}: "
        f"/spa today {day:%b} {day.day}."
    )


async def _own_location(copilot: Copilot, catalog: Catalog, user_id: str) -> tuple[Location, str]:
    """The location ``/spa today`` shows when none is named: the asker's own (found as the App Home finds it: the
    first location for someone not on the staff list), and a line saying whose it is and how to ask for another."""
    from spa_copilot.slack.home import home_location  # home imports this module

    member = await copilot.directory.staff_for(user_id, catalog.staff)
    location, why = home_location(catalog.locations, member)
    if location is None:
        raise CommandError(texts.NO_LOCATION_READ_TEXT)
    others = [loc for loc in catalog.locations if loc.id != location.id]
    if not others:
        return location, why
    return location, " ".join(filter(None, [why, texts.TODAY_OTHER_LOCATION_TEXT.format(
        example=_location_words(others[0], catalog.locations)
    )]))


def _location_words(location: Location, locations: Sequence[Location]) -> str:
    """The shortest way to name ``location`` in a command: a word only its name has (``Venice``), else its whole name
    in quotes."""
    others = {word.lower() for loc in locations if loc.id != location.id for word in loc.name.split()}
    own = [word for word in location.name.split() if word.lower() not in others and word.isalnum()]
    return own[-1] if own else f'"{location.name}"'


async def _resolve_scope(
    copilot: Copilot, catalog: Catalog, target: str, *, typed: str | None = None
) -> tuple[Location, Staff | None, str | None]:
    """A ``today`` target (not empty): a location, a therapist (mention or first name) or a room name; one that names
    none of them as typed is read once more as a channel's name (``channel_words_as_names``: ``#soho``, or the
    ``<#C…|soho>`` Slack makes of it when such a channel exists), and when that names nothing either it is said back
    as ``typed`` (``#front-desk is not a therapist, …``)."""
    if not catalog.locations:
        raise CommandError(texts.NO_LOCATION_READ_TEXT)
    user_id = mentioned_user(target)
    if user_id:
        member, checked = await copilot.directory.mentioned(user_id, catalog.staff)
        if member is None:
            raise CommandError(texts.mention_not_matched(
                target, command="today", name=name_in_mention(target, catalog.staff), checked=checked
            ))
        return _location_of(catalog, member.location_id, of=member.display_name), member, None
    if any(mentioned_user(word) for word in target.split()):  # "@Hana SoHo", "@Hana @Ana": one of them is asked for
        raise CommandError(await _one_scope_only(copilot, catalog, target))
    location = catalog.location(target)
    if location:
        return location, None, None
    people = catalog.staff_named(target)
    if len(people) == 1:
        return _location_of(catalog, people[0].location_id, of=people[0].display_name), people[0], None
    if people:
        raise CommandError(texts.which_one(target, [s.display_name for s in people]))
    room = _room(catalog, target.lstrip("@"))
    if room is not None:
        return _location_of(catalog, room.location_id, of=room.name), None, room.name
    # last, so a word of a location's name never hides a therapist or a room: "today Venice"
    location = _location_named(catalog, target)
    if location is None:
        if (named := channel_words_as_names(target)) != target:  # "#soho", or Slack's link to a #soho channel
            return await _resolve_scope(copilot, catalog, named, typed=target)
        raise CommandError(_dotted_date_in(target) or _not_known(catalog, typed or target))
    return location, None, None


async def _one_scope_only(copilot: Copilot, catalog: Catalog, target: str) -> str:
    """``today @Hana SoHo``: a mention with more words (a location, a room, another mention), which ``today`` does not
    take together, said back as what to type for each (``today takes one therapist, room or location: @Hana or
    SoHo``). A mention is shown by the staff member's first name when Slack's user is one of them, else as Slack
    sent it (the help shows ``@hana.sato`` for it, or "the person you mentioned"); the other words as typed. A date
    written with dots among them (``today @Hana 12.8``) is what is said instead (``_dotted_date_in``)."""
    shown: list[str] = []  # the words, each mention as its staff member's first name where Slack's user is one
    parts: list[str] = []  # the mentions and the runs of words between them
    words: list[str] = []
    for word in target.split():
        if (user_id := mentioned_user(word)) is None:
            shown.append(word)
            words.append(word)
            continue
        if words:
            parts.append(" ".join(words))
            words = []
        member, _ = await copilot.directory.mentioned(user_id, catalog.staff)
        shown.append(f"@{member.first_name}" if member is not None else word)
        parts.append(shown[-1])
    if words:
        parts.append(" ".join(words))
    if dotted := _dotted_date_in(" ".join(shown)):  # "today @Hana 12.8": a person and a day, the day's dots asked about
        return dotted
    said = f"{', '.join(parts[:-1])} or {parts[-1]}"
    return f"today takes one therapist, room or location: {said}"


def _dotted_date_in(target: str) -> str | None:
    """``today SoHo 12.8``: a date written with dots among the words that name nothing, asked for with its month's name
    (``dotted_date_problem``: ``/spa today SoHo Dec 8``), rather than the whole taken for a name; None without one."""
    words = target.split()
    for index, word in enumerate(words):
        # a weekday typed with it ("fri 12.8") is left out: with a date, it must be the date's own
        besides = " ".join(other for other in words[:index] + words[index + 1:] if not weekday_word(other))
        if problem := dotted_date_problem(word, name="today", besides=besides):
            return problem
    return None


#: The most of a refusal the help shows (``blocks.help_message`` cuts its problem line there).
_PROBLEM_LIMIT = 200


def _not_known(catalog: Catalog, target: str) -> str:
    """``Suite 2 is not a therapist, room or location I know. Rooms: Couples Suite, …; locations: …``: what a
    ``today`` target names nothing of, with the room names the copilot knows (each once, cut short with "…" where the
    line would not fit the help's problem line) and its locations as a command names them (``_location_words``:
    ``Venice``, else the whole name in quotes), kept whole."""
    said = texts.TODAY_NOT_KNOWN_TEXT.format(target=target)
    rooms = sorted({r.name for r in catalog.resources if r.type == "room"}, key=str.lower)
    places = texts.TODAY_KNOWN_LOCATIONS_TEXT.format(
        names=", ".join(_location_words(loc, catalog.locations) for loc in catalog.locations)
    )
    if not rooms:
        return f"{said}. {places[0].upper()}{places[1:]}"
    room_part = texts.TODAY_KNOWN_ROOMS_TEXT
    budget = _PROBLEM_LIMIT - len(said) - len(". ") - len(room_part.format(names="")) - len("; ") - len(places)
    shown = list(rooms)
    while shown and len(", ".join(shown if shown == rooms else [*shown, "…"])) > budget:
        shown.pop()
    names = ", ".join(shown if shown == rooms else [*shown, "…"])
    return f"{said}. {room_part.format(names=names)}; {places}"


def _location_named(catalog: Catalog, named: str) -> Location | None:
    """The location ``named`` names (``Catalog.named_location``: its id, its name, a word only its name has, the starts
    of its name's words); a part several locations' names share is a ``CommandError`` asking which; None when no
    location is named."""
    try:
        return catalog.named_location(named)
    except AmbiguousLocation as which:
        raise CommandError(str(which)) from None
    except LookupError:
        return None


def _room(catalog: Catalog, target: str) -> Resource | None:
    """The room ``target`` names: its id, its name where only one location has a room of that name, or its name with
    its location before or after it (``Massage Room 1 Venice``, ``Venice Massage Room 1``). A name several locations
    share, said alone, is a question naming them."""
    rooms = [r for r in catalog.resources if r.type == "room"]
    by_id = [r for r in rooms if r.id == target]
    if by_id:
        return by_id[0]
    named = [r for r in rooms if r.name.lower() == target.lower()]
    if len(named) > 1:
        names = {loc.id: loc.name for loc in catalog.locations}
        places = [f"{target} {names.get(r.location_id, r.location_id)}" for r in named]
        raise CommandError(f"{target} is a room at {len(named)} locations: say which, e.g. {' or '.join(sorted(places))}")
    if named:
        return named[0]
    words = target.split()
    for cut in range(1, len(words)):
        for room_words, place_words in ((words[:cut], words[cut:]), (words[cut:], words[:cut])):
            try:
                place = catalog.named_location(" ".join(place_words))
            except LookupError:
                continue
            name = " ".join(room_words).lower()
            found = [r for r in rooms if r.location_id == place.id and r.name.lower() == name]
            if found:
                return found[0]
    return None


def _location_of(catalog: Catalog, location_id: str, *, of: str) -> Location:
    """The location of a therapist or room (``of`` names it); a ``CommandError`` saying so when the copilot could not
    read that location (one that does not fit the contract is left out, while its staff and rooms are listed)."""
    found = next((loc for loc in catalog.locations if loc.id == location_id), None)
    if found is None:
        raise CommandError(texts.LOCATION_NOT_READ_TEXT.format(of=of))
    return found


def _today(copilot: Copilot, location: Location) -> date:
    return default_day(copilot.settings, location, now=copilot.now())


#: How many matching clients a ``client`` answer lists; beyond that it asks for more of the name.
_MATCHES_SHOWN = 10
_TRAILING_PUNCTUATION = ".?!,;:"


async def answer_client(copilot: Copilot, command: ParsedCommand, user_id: str) -> SlackMessage:
    """``client <name or id>``: one card, or the list of matches (quotes and a final "?" or "." are not part of
    the name: ``client "Nora Long"``, ``client Nora Long?``)."""
    query = " ".join(command.args).strip().rstrip(_TRAILING_PUNCTUATION).strip()
    if not query:
        raise CommandError("client needs a name or an id, e.g. /spa client Ava Stone")
    # by id first (any form the spa system uses; ids are opaque to the contract), as texts and waitlist add ask
    client = None if any(char.isspace() for char in query) else await _client_by_id(copilot, query)
    if client is None:
        try:
            matches, more = await _clients_matching(copilot, query)
        except NoClientSearch:
            return blocks.notice_message(texts.NO_CLIENT_SEARCH_TEXT.format(example="/spa client cl_0042"))
        if not matches:
            return blocks.notice_message(texts.CLIENT_NO_MATCH_TEXT.format(no_client=_no_client(query)))
        if len(matches) > 1:
            return blocks.client_matches_message(query, _match_views(matches), more=more)
        client = matches[0]
    catalog = await copilot.catalog()
    visits = await copilot.platform.list_appointments(client_id=client.id)
    now = copilot.now()
    # the spa's today, in the first location's zone: the card's day, and the day its notes are read on ("stopped
    # Accutane last year"), as a briefing reads them on its location's day; not the UTC date, a day ahead of it on
    # an American evening
    today = now.astimezone(catalog.locations[0].tz if catalog.locations else UTC).date()
    profile = await copilot.ai.extract_profile(
        client.notes, intake=client.health_history, redact=private_words(client), subject_id=client.id, today=today
    )
    # the next visit: the first booking still to come, as /spa risk and the day book see one; the risk is about it
    upcoming = sorted((v for v in visits if still_to_come(v, now)), key=lambda v: v.start_at)
    scores = await copilot.risk_scores(upcoming[:1], {client.id: client})  # a visit years ago: not a new client
    risk = next(iter(scores.values()), None)
    shown_risk = views.RiskView(risk.band, risk.probability, tuple(risk.reasons)) if risk else None
    if risk is None and upcoming and copilot.risk is not None:
        from spa_copilot.risk.bands import NOT_SCORED, NOT_SCORED_NOW_BAND, scorable, scoring_failure

        if not scorable(upcoming[0]):  # said where the band would be: no band read as a low risk
            shown_risk = views.RiskView(None, unscored=NOT_SCORED)
        elif scoring_failure(scores):  # the history or the model failed just now: no all-clear either
            shown_risk = views.RiskView(None, unscored=NOT_SCORED_NOW_BAND)
    stopped_at = copilot.store.text_opt_out_at(client.id)
    card = client_card_view(
        client,
        visits=[v for v in visits if v.start_at <= now],
        next_booking=upcoming[0] if upcoming else None,
        risk=shown_risk,
        services={s.id: s for s in catalog.services},
        staff={s.id: s for s in catalog.staff},
        zones={loc.id: loc.time_zone for loc in catalog.locations},
        location_names={loc.id: loc.name for loc in catalog.locations},  # the next visit says where, in a spa of several
        profile=profile,
        # the day in the first location's zone, as the audit log gives its times
        text_stopped_on=stopped_at.astimezone(catalog.locations[0].tz if catalog.locations else UTC).date()
        if stopped_at else None,
        text_stopped_by_staff=copilot.store.text_opt_out_recorded_by(client.id) is not None,
        today=today,  # a visit of another year says it
    )
    return blocks.client_card_message(card)


class NoClientSearch(Exception):
    """The spa system's gateway answered the client search 404: it has no search (an extension of the contract)."""


async def _search(copilot: Copilot, query: str, limit: int) -> list[Client]:
    try:
        return await copilot.platform.search_clients(query, limit=limit)
    except PlatformNotFound as exc:  # the status and the gateway's request id only: the query is what was typed
        logger.warning("client search: the spa system answered HTTP %s (request %s): its gateway has no client search; "
                       "/spa client and waitlist add take ids only", exc.status, exc.request_id)
        raise NoClientSearch from None


async def _clients_matching(copilot: Copilot, query: str) -> tuple[list[Client], bool]:
    """The clients ``query`` (a name, phone, email or id, or part of one) matches, best first, at most
    ``_MATCHES_SHOWN``, and whether the spa system has more; of several, the one whose full name it is, alone.

    A query with accents the spa system finds nobody for is asked again without them (``Zoë Young`` → ``Zoe Young``):
    a search that compares letters as typed would otherwise miss the guest, who could be booked as a new one and her
    allergy missed; a full name is compared accents and case aside."""
    found = await _search(copilot, query, _MATCHES_SHOWN + 1)
    if not found and (named := _without_emoji(query)) and named != query:
        query = named  # "Ava Stone 🌸", a name copied with the emoji after it: no name holds one
        found = await _search(copilot, query, _MATCHES_SHOWN + 1)
    plain = _without_accents(query)
    if not found and plain != query:
        found = await _search(copilot, plain, _MATCHES_SHOWN + 1)
    if not found and (turned := _last_name_first(query)) is not None:
        query = turned  # "Long, Nora", as a list of guests by surname writes her: Nora Long
        found = await _search(copilot, turned, _MATCHES_SHOWN + 1)
        if not found and (plain := _without_accents(turned)) != turned:
            found = await _search(copilot, plain, _MATCHES_SHOWN + 1)
    for spelling in [] if found else _hyphen_spellings(query, plain):
        found = await _search(copilot, spelling, _MATCHES_SHOWN + 1)
        if found:
            query = spelling  # "Abernathy Cole" for Samuel Abernathy-Cole: his full name compared as he is written
            break
    matches, more = found[:_MATCHES_SHOWN], len(found) > _MATCHES_SHOWN
    if len(matches) > 1:
        exact = [c for c in found if folded(c.display_name) == folded(query)]
        if len(exact) == 1:
            return exact, False
    return matches, more


def _last_name_first(query: str) -> str | None:
    """``Long, Nora`` as ``Nora Long``: a name written surname first, with one comma between two parts of letters
    of two letters or more (not a phone, an email or an id, nor an initial); None for any other query."""
    last, comma, first = query.partition(",")
    last, first = last.strip(), first.strip()
    if not comma or "," in first or len(last.rstrip(".")) < 2 or len(first.rstrip(".")) < 2:
        return None  # "Martin, K": an initial alone is part of too many names
    if not all(char.isalpha() or char in " '’.-" for char in last + first):
        return None
    return f"{first} {last}"


def _hyphen_spellings(*queries: str) -> list[str]:
    """A name typed with a space where it has a hyphen, or the other way round, spelled as it may be written:
    ``Abernathy Cole`` as ``Abernathy-Cole``, ``Jose Maria Nunez`` as ``Jose-Maria Nunez`` and ``Jose Maria-Nunez`` (one
    space made a hyphen at a time), ``Smith-Jones`` as ``Smith Jones``; names only (letters, spaces, hyphens,
    apostrophes, dots), of at most four words, so a phone or an email is never respelled."""
    spellings: list[str] = []
    for query in queries:
        words = query.split()
        if not words or len(words) > 4 or not all(char.isalpha() or char in " '’.-" for char in query):
            continue
        if "-" in query:
            spellings.append(" ".join(query.replace("-", " ").split()))
        spellings += [" ".join([*words[:i - 1], f"{words[i - 1]}-{words[i]}", *words[i + 1:]]) for i in range(1, len(words))]
    return [s for s in dict.fromkeys(spellings) if s not in queries]


#: An emoji as Slack writes it in a command's text (``:cherry_blossom:``, ``:wave::skin-tone-2:``, ``:+1:``); its last
#: colon may be gone at the query's end (a final ":" is taken off as punctuation).
_EMOJI_CODE = re.compile(r":[a-z+][a-z0-9_+'-]*(?::|$)")


def _without_emoji(text: str) -> str:
    """``text`` without its emoji, as Slack's code (``:sparkles:``) or as characters (symbols, their skin tones, and
    the joiner, variation selector and keycap that build them), its spaces made one: ``Ava Stone 🌸`` → ``Ava Stone``."""
    kept = "".join(
        char for char in _EMOJI_CODE.sub(" ", text)
        if unicodedata.category(char) != "So" and not "\U0001f3fb" <= char <= "\U0001f3ff" and char not in "\u200d\ufe0f\u20e3"
    )
    return " ".join(kept.split())


def _without_accents(text: str) -> str:
    """``text`` with its accents and other combining marks dropped, letter case kept (``Zoë`` → ``Zoe``); a letter
    that is no letter plus a mark (``ø``, ``ł``) is left as it is."""
    return "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))


def _no_client(query: str) -> str:
    """What ``client`` and ``waitlist add`` say when ``query`` matches nobody: one line, the name quoted back."""
    return texts.NO_CLIENT_TEXT.format(query=blocks.echoed(query))


def _match_views(matches: Sequence[Client]) -> list[views.ClientMatch]:
    return [views.ClientMatch(c.id, card_name(c), c.last_visit_date) for c in matches]


async def answer_waitlist(copilot: Copilot, command: ParsedCommand, user_id: str) -> SlackMessage:
    """``waitlist [list|add <client> <service> <window>|remove <id>]``."""
    action = waitlist_action(command.args)
    catalog = await copilot.catalog()
    if action == "list":
        entries = await copilot.platform.list_waitlist()
        places = {loc.id: loc.name for loc in catalog.locations}
        waiting = sorted(
            (e for e in entries if e.status in (WaitlistStatus.waiting, WaitlistStatus.offered)),
            key=lambda e: _waitlist_place(copilot, catalog, e),
        )
        # first name and last initial, as the day book shows them: never full names or contact details
        # one that cannot be read just now is named by its id, not a failed list
        clients = await load_clients(copilot.platform, (e.client_id for e in waiting), tolerant=True)
        names = guest_names(clients, (e.client_id for e in waiting))  # two alike told apart, as the day book does
        lines = [
            " · ".join([e.id, *_whose_and_what(e, names[e.client_id], catalog), places.get(e.location_id, e.location_id),
                        waitlist_when(e, seen_from=_entry_today(copilot, catalog, e)), e.status])
            for e in waiting
        ]
        return blocks.list_message("Waitlist", lines, empty="Nobody is waiting.")
    if action in ("add", "remove") and copilot.settings.spa_mode == Mode.read_only:
        return blocks.notice_message("Read-only mode: the waitlist cannot be changed from Slack.")
    if action == "remove":
        entry = _entry_typed(await copilot.platform.list_waitlist(), command.args[1])
        entry_id = entry.id if entry is not None else command.args[1]  # as the spa system spells it, when listed
        if entry is not None and entry.status == WaitlistStatus.booked:
            return blocks.notice_message(texts.WAITLIST_REMOVE_BOOKED_TEXT.format(entry_id=entry_id))
        if entry is not None and entry.status not in (WaitlistStatus.waiting, WaitlistStatus.offered):
            return blocks.notice_message(texts.WAITLIST_ALREADY_OFF_TEXT.format(entry_id=entry_id, status=entry.status))
        try:
            # One key per invocation: the client's own retries are deduplicated, a later removal is not replayed.
            key = f"waitlist-remove:{entry_id}:{uuid.uuid4().hex}"
            await copilot.platform.update_waitlist_entry(entry_id, changes={"status": "cancelled"}, idempotency_key=key)
        except PlatformNotFound:
            return blocks.notice_message(f"There is no waitlist entry {blocks.echoed(entry_id)}.")
        except PlatformUnavailable as lost:  # its answer lost: the removal may have gone through all the same
            entries = await _read_back(copilot, user_id, "remove", entry_id)
            if entries is None:
                return blocks.notice_message(texts.WAITLIST_UNCONFIRMED_TEXT.format(what=f"the removal of {entry_id}"))
            if any(e.id == entry_id and e.status in (WaitlistStatus.waiting, WaitlistStatus.offered) for e in entries):
                raise lost  # still on the list: nothing was changed
            if entry is None and not any(e.id == entry_id for e in entries):
                # not on the list before the write nor after it: an id that was never there (the lost answer a 404),
                # not one removed
                return blocks.notice_message(f"{blocks.echoed(entry_id)} was not on the waitlist: nothing was removed.")
            details: dict[str, Any] = {"answerLost": True}
        else:
            details = {}
        copilot.store.audit(actor=user_id, action="waitlist.removed", subject_id=entry_id, details=details)
        return blocks.notice_message(f"Removed {entry_id}{await _entry_words(copilot, catalog, entry)} from the waitlist.")
    async with copilot.waitlist_lock:  # the same add sent twice while the first is checked is added once
        return await _waitlist_add(copilot, catalog, command, user_id)


async def _read_back(
    copilot: Copilot, user_id: str, write: str, subject_id: str, *, location_id: str | None = None
) -> list[WaitlistEntry] | None:
    """The waitlist read again after a write whose answer was lost (``PlatformUnavailable`` on every retry), to say
    what happened rather than guess; None when it cannot be read either (audited as unconfirmed, by ids only)."""
    try:
        return await copilot.platform.list_waitlist(location_id=location_id)
    except PlatformError as exc:
        logger.warning("waitlist %s for %s: no answer, and the list could not be read back (%s)",
                       write, subject_id, type(exc).__name__)
        copilot.store.audit(actor=user_id, action="waitlist.unconfirmed", subject_id=subject_id,
                            details={"write": write})
        return None


async def _entry_words(copilot: Copilot, catalog: Catalog, entry: WaitlistEntry | None) -> str:
    """`` (Christopher R. · Swedish Massage 60 · Fri 4 Dec 2:00pm–6:00pm)``: whose entry it was, so a mistyped id
    shows; empty when the entry was not in the list just read."""
    if entry is None:
        return ""
    clients = await load_clients(copilot.platform, [entry.client_id], tolerant=True)
    when = waitlist_when(entry, seen_from=_entry_today(copilot, catalog, entry))
    return f" ({' · '.join([*_whose_and_what(entry, guest_name(clients, entry.client_id), catalog), when])})"


def _entry_today(copilot: Copilot, catalog: Catalog, entry: WaitlistEntry) -> date:
    """Today at a waitlist entry's location (in UTC when it is not one read), which its days are shown from."""
    location = next((loc for loc in catalog.locations if loc.id == entry.location_id), None)
    return _today(copilot, location) if location is not None else copilot.now().astimezone(UTC).date()


def _waitlist_place(
    copilot: Copilot, catalog: Catalog, entry: WaitlistEntry
) -> tuple[int, bool, date, str, datetime, str]:
    """Where a waitlist entry goes in the list: location by location as the catalog has them (one not read last),
    then the soonest wanted (the first day still asked for and its earliest window), then the first added; one whose
    days are all past after those still to come at its location (rev41i: it came first)."""
    place = next((i for i, loc in enumerate(catalog.locations) if loc.id == entry.location_id), len(catalog.locations))
    today = _entry_today(copilot, catalog, entry)
    day, start = first_wanted(entry, today=today)
    return place, entry.date_to < today, day, start, entry.created_at, entry.id


def _whose_and_what(entry: WaitlistEntry, name: str, catalog: Catalog) -> list[str]:
    """A waitlist entry's client as ``guest_name`` names them (first name and last initial, never contact details;
    ``client <id>`` when it could not be read just now) and its services by name, as the list and a removal name them."""
    return [name, ", ".join(service.name if (service := catalog.service(s)) else s for s in entry.service_ids)]


async def _waitlist_add(copilot: Copilot, catalog: Catalog, command: ParsedCommand, user_id: str) -> SlackMessage:
    request = parse_waitlist_add(command.args[1:])
    _not_a_slack_mention(request.client_id)
    start, end = request.start, request.end
    services = catalog.services_named(request.service_id) or _services_by_words(catalog, request.service_id)
    if not services:
        raise CommandError(f"{request.service_id} is not a service id or name")
    if len(services) > 1:
        raise CommandError(_which_service(request.service_id, services))
    service = services[0]
    client = await _waitlist_client(copilot, request.client_id)
    if not isinstance(client, Client):
        return client  # several match: their ids to choose from
    location = await _waitlist_location(copilot, catalog, client.id, request.location)
    now = copilot.now().astimezone(location.tz)
    today = now.date()
    day = parse_day(request.day_word, today=today)
    if day < today:
        return blocks.notice_message(texts.WAITLIST_DAY_PASSED_TEXT.format(day=blocks.day_label(day, seen_from=today)))
    if start is None or end is None:  # "after 3pm", "before 1pm": the other end is the location's hours that day
        window = _open_ended_window(location, day, start=start, end=end, seen_from=today)
        if isinstance(window, str):
            return blocks.notice_message(window)
        start, end = window
    if day == today and end <= f"{now:%H:%M}":
        return blocks.notice_message(texts.WAITLIST_WINDOW_PASSED_TEXT.format(start=said_clock(start), end=said_clock(end)))
    hours = _opening_hours(location, day)
    if hours == ():
        return blocks.notice_message(texts.WAITLIST_CLOSED_DAY_TEXT.format(location=location.name, day=blocks.day_label(day, seen_from=today)))
    if hours and (end <= hours[0] or start >= hours[1]):
        return blocks.notice_message(texts.WAITLIST_OUTSIDE_HOURS_TEXT.format(
            location=location.name, day=blocks.day_label(day, seen_from=today), open=said_clock(hours[0]), close=said_clock(hours[1]), start=said_clock(start), end=said_clock(end),
        ))
    # A window running past the opening hours is cut to them: nothing outside them can be booked (an opening has
    # to fit inside the window), so the client keeps every time that can be offered, and the reply says so.
    clipped_note = ""
    if hours and (start < hours[0] or end > hours[1]):
        clipped_note = _clipped_note(location, hours, start=start, end=end)
        start, end = max(start, hours[0]), min(end, hours[1])
        if day == today and end <= f"{now:%H:%M}":
            return blocks.notice_message(texts.WAITLIST_CLIPPED_PASSED_TEXT.format(
                location=location.name, open=said_clock(hours[0]), close=said_clock(hours[1]), start=said_clock(start), end=said_clock(end),
            ))
    # An opening is offered only when the whole service fits inside the window, so a window shorter than the
    # service (or, today, with less than that left of it) could never be filled.
    too_short = _too_short(service, start=start, end=end, now=f"{now:%H:%M}" if day == today else None)
    if too_short:
        return blocks.notice_message(f"{clipped_note}: {too_short}" if clipped_note else too_short)
    wanted = TimeWindow(weekday=day.weekday(), start=start, end=end)
    waitlist = await copilot.platform.list_waitlist(location_id=location.id)
    for entry in waitlist:
        covering = _covering_window(entry, client.id, service.id, day, wanted)
        if covering is not None:
            return blocks.notice_message(texts.WAITLIST_ALREADY_THERE_TEXT.format(
                first_name=shown_first_name(client.first_name), service=service.name, day=blocks.day_label(day, seen_from=today),
                window=f"{said_clock(covering.start)}–{said_clock(covering.end)}" if entry.time_windows else "any time",
                entry_id=entry.id, status=entry.status,
            ))
    entry = {
        "locationId": location.id,
        "clientId": client.id,
        "serviceIds": [service.id],
        "staffIds": [],
        "dateFrom": day.isoformat(),
        "dateTo": day.isoformat(),
        "timeWindows": [wanted.to_json_dict()],
    }
    try:
        created = await copilot.platform.create_waitlist_entry(
            entry, idempotency_key=f"waitlist-add:{client.id}:{uuid.uuid4().hex}"  # per invocation, as for remove
        )
    except PlatformRejected as exc:
        logger.warning(
            "waitlist add refused by the platform: %s status=%s request=%s",
            type(exc).__name__, exc.status, exc.request_id,
        )
        return blocks.notice_message(texts.WAITLIST_ADD_REFUSED_TEXT)
    except PlatformUnavailable as lost:  # its answer lost: the entry may have been added all the same
        entries = await _read_back(copilot, user_id, "add", client.id, location_id=location.id)
        if entries is None:
            return blocks.notice_message(texts.WAITLIST_UNCONFIRMED_TEXT.format(
                what=f"adding {shown_first_name(client.first_name)} to the waitlist"))
        # none covered this window before the write (checked above): one that does now is the entry it added
        found = next((e for e in entries if _covering_window(e, client.id, service.id, day, wanted)), None)
        if found is None:
            raise lost  # not on the list: nothing was changed
        created = found
        details: dict[str, Any] = {"clientId": client.id, "answerLost": True}
    else:
        details = {"clientId": client.id}
    copilot.store.audit(actor=user_id, action="waitlist.added", subject_id=created.id, details=details)
    added = (
        f"Added {shown_first_name(client.first_name)} to the waitlist at {location.name} for {service.name} on {blocks.day_label(day, seen_from=today)}, "
        f"{said_clock(start)}–{said_clock(end)} ({created.id})" + (f": {clipped_note}." if clipped_note else ".")
    )
    if client.messaging_preferences.transactional_text == "optedOut":
        # Kept on the list (the front desk can still call them when a slot opens), but said plainly: the
        # copilot's fill offers go by text, and an opted-out client is never offered one.
        added += " " + texts.WAITLIST_OPTED_OUT_NOTE.format(first_name=shown_first_name(client.first_name))
    elif copilot.store.text_opted_out([client.id]):
        # the same for a client who replied STOP to one of the copilot's texts (and not START since)
        note = (texts.WAITLIST_STAFF_STOPPED_NOTE if copilot.store.text_opt_out_recorded_by(client.id) is not None
                else texts.WAITLIST_STOPPED_NOTE)
        added += " " + note.format(first_name=shown_first_name(client.first_name), client_id=client.id)
    elif not client.has_mobile_number:
        # the same for a client the spa system has no mobile number for (the contract's only number): the fill card
        # names them to reach by hand, never drafts them a text (``fill.ranking.without_no_mobile``)
        added += " " + texts.WAITLIST_NO_MOBILE_NOTE.format(first_name=shown_first_name(client.first_name))
    return blocks.notice_message(added)


#: How many services a question asking which one names; one asking among more counts them (``massage 60``: 12)
_SERVICES_NAMED = 5


def _which_service(typed: str, services: Sequence[Service]) -> str:
    """The question for a service ``typed`` names several of: each named (``swedish could be Swedish Massage 60 or
    Swedish Massage 90``), or, among more than ``_SERVICES_NAMED``, the first few and how many, on one short line."""
    names = sorted(service.name for service in services)
    if len(names) <= _SERVICES_NAMED:
        return texts.which_one(typed, names, what="the service's")
    return texts.WHICH_OF_MANY_SERVICES_TEXT.format(
        typed=typed, count=len(names), names=", ".join(names[: _SERVICES_NAMED - 1])
    )


def _services_by_words(catalog: Catalog, typed: str) -> list[Service]:
    """The services whose names have every word ``typed`` has (``swedish 60``: Swedish Massage 60), for a service
    named neither by its id nor by its name's start; the caller takes one, and asks which of several."""
    names = set(named_by_its_words(typed, [service.name for service in catalog.services]))
    return [service for service in catalog.services if service.name in names]


def _open_ended_window(
    location: Location, day: date, *, start: str | None, end: str | None, seen_from: date
) -> tuple[str, str] | str:
    """The window ``after <start>`` (to the location's closing on ``day``) or ``before <end>`` (from its opening) as
    ``("HH:MM", "HH:MM")``; or, when there is none, why, said to the asker: the location closed that day, its hours
    not known, or the time at or past its other end (``after 9pm`` where it closes at 9:00pm). A time before the
    opening (``after 8am`` where it opens at 9:00am) or after the closing (``before 10pm``) is kept, and the window
    then cut to the hours as a typed one is, saying so (rev49b: it was refused). A closing at midnight or later ends
    the window at 23:59, as a typed window ends."""
    hours = _opening_hours(location, day)
    label = blocks.day_label(day, seen_from=seen_from)
    typed = f"after {said_clock(start)}" if start is not None else f"before {said_clock(end or '')}"
    if hours == ():
        return texts.WAITLIST_CLOSED_DAY_TEXT.format(location=location.name, day=label)
    if hours is None:
        return texts.WAITLIST_OPEN_ENDED_NO_HOURS_TEXT.format(location=location.name, typed=typed)
    opens, closes = hours
    if (start is not None and start >= closes) or (end is not None and end <= opens):
        said = {"open": said_clock(opens), "close": said_clock(closes)}
        return texts.WAITLIST_OPEN_ENDED_OUTSIDE_TEXT.format(location=location.name, day=label, typed=typed, **said)
    return start or opens, end or min(closes, "23:59")


# What Slack puts in command text for an @someone, a #channel or an @here (``<@U123|ana>``), as ``client`` refuses it
_SLACK_MENTION = re.compile(r"<([@#!])[^<>]*>")
_MENTIONED = {"@": "someone in Slack", "#": "a Slack channel", "!": "a Slack mention"}


def _not_a_slack_mention(typed: str) -> None:
    """``waitlist add @ana …`` names no guest: said so, the mention shown as typed (``@ana``), rather than "No client
    matches “<@U123|ana>”" in Slack's markup after a search of the spa's clients for it."""
    found = _SLACK_MENTION.search(typed)
    if found is not None:
        raise CommandError(
            f"waitlist add takes a guest's name or client id: {found.group(0)} is {_MENTIONED[found.group(1)]}, not a guest"
        )


async def _waitlist_client(copilot: Copilot, typed: str) -> Client | SlackMessage:
    """The client ``waitlist add`` names: by id (any form the spa system uses, as before), else as ``/spa client``
    finds one by name; the list of matches with their ids when several match."""
    return await _client_typed(copilot, typed, example="/spa waitlist add cl_0042 …", use="waitlist add <id> …")


async def _client_typed(
    copilot: Copilot, typed: str, *, example: str, use: str, when_none: CommandError | None = None
) -> Client | SlackMessage:
    """The client a command names (``waitlist add``, ``texts``): by id (any form the spa system uses), else as ``/spa
    client`` finds one by name; the list of matches with their ids (``use``: the command to type with one) when
    several match, a line when none does (``when_none`` raised instead, when given; ``example``: the command by id,
    when the spa system has no search)."""
    if not any(char.isspace() for char in typed) and (by_id := await _client_by_id(copilot, typed)) is not None:
        return by_id
    try:
        matches, more = await _clients_matching(copilot, typed)
    except NoClientSearch:
        return blocks.notice_message(texts.NO_CLIENT_SEARCH_TEXT.format(example=example))
    if not matches:
        if when_none is not None:
            raise when_none
        # one line, as /spa client answers, not the whole help after it: the command's shape was right
        return blocks.notice_message(texts.WAITLIST_NO_CLIENT_TEXT.format(no_client=_no_client(typed)))
    if len(matches) > 1:
        return blocks.client_matches_message(typed, _match_views(matches), more=more, use=use)
    return matches[0]


async def _client_by_id(copilot: Copilot, typed: str) -> Client | None:
    """The client whose id ``typed`` is, or None: as typed, else (a word with a digit, as ids have and names do not)
    in lower case, else in upper case. Ids are opaque strings to the contract, so the spa system is asked for each
    spelling (as ``/spa fill`` asks for an appointment's) rather than the id folded here, and no search's handling of
    case is relied on (``CL_0042`` typed for ``cl_0042`` found her only through a search comparing case aside); a
    one-word name ("Maria") costs one miss, not three."""
    spellings = (typed, typed.lower(), typed.upper()) if any(char.isdigit() for char in typed) else (typed,)
    for spelling in dict.fromkeys(spellings):
        try:
            return await copilot.platform.get_client(spelling)
        except PlatformNotFound:
            continue
    return None


def _the_whole_name(typed: str, client: Client) -> bool:
    """Whether ``typed`` is the client's whole name as the spa system holds it (case, quotes and spaces aside)."""
    def words(text: str) -> list[str]:
        return unicodedata.normalize("NFKC", text).replace('"', " ").replace("“", " ").replace("”", " ").casefold().split()

    return words(typed) == words(f"{client.first_name} {client.last_name}")


def _names_her_whole(typed: str, client: Client) -> bool:
    """Whether ``typed`` names this client whole, as a change by ``texts`` needs: her id (in any case: ``CL_0042``),
    her email address (case aside) or her whole name; a part of any of them, or her phone, does not."""
    said = typed.strip().casefold()
    email = (client.email or "").strip().casefold()
    if "@" in said:  # an email names her by her email alone, never a guest whose name is that email (rev41c L1)
        return bool(email) and said == email
    return said == client.id.casefold() or _the_whole_name(typed, client)


def _mistyped_texts_action(typed: str) -> CommandError | None:
    """``texts Nora Long off``, when no guest is named so: its last word was meant as stop or start (the usage is
    shown), not a part of her name. None when ``typed`` does not end in such a word after a name."""
    *name, last = typed.split() or [""]
    if not name or last.casefold() not in TEXTS_NEAR_ACTIONS:
        return None
    return CommandError(f"texts takes stop or start after the client, not {last}")


async def answer_texts(copilot: Copilot, command: ParsedCommand, user_id: str) -> SlackMessage:
    """``texts <client name or id> [stop|start]``: whether the copilot may offer the client openings by text (its own
    opt-out, by her reply or by whom on staff, and the spa system's consent as the client card words it); ``stop``
    records her opt-out (anyone on staff: the safe side), with the consequences her own STOP has; ``start`` clears it
    (managers only). The spa system's own consent is never changed."""
    typed, action = texts_request(command.args)
    if action == "start":  # before anything is looked up
        try:
            manager = await copilot.roles.is_manager(user_id, strict=True)
        except MembershipUnknown:  # perhaps a manager by the group, which Slack could not list just now: no refusal
            return blocks.notice_message(texts.TEXTS_ROLE_UNKNOWN_TEXT)
        if not manager:
            return blocks.refusal_message("allowing texts to a guest again")
    client = await _client_typed(copilot, typed, example="/spa texts cl_0042", use=f"texts <id> {action or ''}".strip(),
                                 when_none=_mistyped_texts_action(typed))
    if not isinstance(client, Client):
        return client  # several match, or none
    who = f"{shown_first_name(client.first_name)} ({client.id})"
    if action and not _names_her_whole(typed, client):
        # a change acts on the guest named, not on the one a search found for a part of a name (rev40d M3)
        return blocks.notice_message(texts.TEXTS_NAME_BY_ID_TEXT.format(
            client_id=client.id, action=action, who_named=client.short_name))
    consent = blocks.text_consent_word(client.messaging_preferences)
    store = copilot.store
    if action == "stop":
        recorded, done = await opt_out_by_staff(copilot, client.id, user_id=user_id)
        if not recorded:
            return blocks.notice_message(texts.TEXTS_ALREADY_TEXT.format(who=who))
        said = texts.TEXTS_STOPPED_TEXT.format(who=who, client_id=client.id)
        said += {"dropped": texts.TEXTS_HELD_DROPPED_TEXT, "withdrawn": texts.TEXTS_OFFER_WITHDRAWN_TEXT,
                 "yes_kept": texts.TEXTS_YES_KEPT_TEXT, "yes_kept_taken": texts.TEXTS_YES_KEPT_TAKEN_TEXT,
                 "yes_past": texts.TEXTS_YES_PAST_TEXT, "yes_unsent": texts.TEXTS_YES_UNSENT_TEXT,
                 "yes_sending": texts.TEXTS_YES_SENDING_TEXT,
                 "yes_booking": texts.TEXTS_YES_BOOKING_TEXT}.get(done or "", "")
        return blocks.notice_message(said)
    if action == "start":
        own_stop = store.text_opt_out_at(client.id) is not None and store.text_opt_out_recorded_by(client.id) is None
        with store.transaction():  # cleared and audited together
            if not store.clear_text_opt_out(client.id):
                return blocks.notice_message(texts.TEXTS_NOT_STOPPED_TEXT.format(who=who, word=consent))
            store.audit(actor=user_id, action="fill.text_opt_in", subject_id=client.id,
                        details={"recordedBy": "staff", "clearedTheirOwnStop": own_stop})
        logger.info("text opt-out of client %s cleared by manager %s", client.id, user_id)
        return blocks.notice_message(texts.TEXTS_STARTED_TEXT.format(who=who, word=consent)
                                     + (texts.TEXTS_OWN_STOP_CLEARED_TEXT if own_stop else ""))
    spa_line = texts.TEXTS_SPA_CONSENT_TEXT.format(word=consent)
    stopped_at = store.text_opt_out_at(client.id)
    if stopped_at is None:
        may = texts.TEXTS_MAY_TEXT if client.messaging_preferences.allows("sms", "transactional") else texts.TEXTS_SPA_SAYS_NO_TEXT
        return blocks.notice_message(f"{may.format(who=who)} {spa_line}")
    locations = await _listed_locations(copilot) or copilot.known_locations()
    zone = locations[0].tz if locations else UTC  # as the client card dates her STOP
    day = blocks.day_label(stopped_at.astimezone(zone).date(), seen_from=copilot.now().astimezone(zone).date())
    before = texts.TEXTS_OPTED_OUT_TEXT.format(who=who, day=day)
    staff = copilot.store.text_opt_out_recorded_by(client.id)
    if staff is None:
        return blocks.notice_message(f"{before}their reply. {spa_line}")
    return blocks.notice_by_message(before, staff, f". {spa_line}")


def _clipped_note(location: Location, hours: tuple[str, str], *, start: str, end: str) -> str:
    """Why the window asked for (``start``–``end``) was cut: ``the spa closes at 20:00`` (or opens, or both)."""
    if start < hours[0] and end > hours[1]:
        said = texts.WAITLIST_OPEN_NOTE
    elif end > hours[1]:
        said = texts.WAITLIST_CLOSES_NOTE
    else:
        said = texts.WAITLIST_OPENS_NOTE
    return said.format(location=location.name, open=said_clock(hours[0]), close=said_clock(hours[1]), start=said_clock(start), end=said_clock(end))


_WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _opening_hours(location: Location, day: date) -> tuple[str, str] | tuple[()] | None:
    """The location's ("HH:MM", "HH:MM") that day, ``()`` when it is closed, None when its hours are not known."""
    if not location.opening_hours:
        return None
    hours = location.opening_hours.get(_WEEKDAY_KEYS[day.weekday()])
    if not hours:
        return ()
    if len(hours) != 2:
        return None
    # closing at or after midnight ("00:00", "02:00"): open to the end of the day, which compares after every time
    # in it (a waitlist window never crosses midnight)
    return hours[0], "24:00" if hours[1] <= hours[0] else hours[1]


def _too_short(service: Service, *, start: str, end: str, now: str | None) -> str | None:
    """Why ``service`` cannot fit in ``start``–``end`` (from ``now`` on, today), or None when it can."""
    left_from = max(start, now) if now else start
    minutes = _minutes(end) - _minutes(left_from)
    if minutes >= service.length_minutes:
        return None
    said = texts.WAITLIST_TOO_LITTLE_LEFT_TEXT if left_from != start else texts.WAITLIST_TOO_SHORT_TEXT
    return said.format(service=service.name, minutes=service.length_minutes, start=said_clock(start), end=said_clock(end), now=now and said_clock(now))


def _minutes(hh_mm: str) -> int:
    hours, minutes = hh_mm.split(":")
    return int(hours) * 60 + int(minutes)


def _covering_window(
    entry: WaitlistEntry, client_id: str, service_id: str, day: date, wanted: TimeWindow
) -> TimeWindow | None:
    """The window of ``entry``, still on the list for this client and service on ``day``, that holds ``wanted``.

    A request inside a window the client already waits in adds nothing: any opening it could be offered, the
    entry already is (also an entry saved before windows were cut to the opening hours).
    """
    if not (
        entry.status in (WaitlistStatus.waiting, WaitlistStatus.offered)
        and entry.client_id == client_id
        and entry.service_ids == [service_id]
        and entry.date_from <= day <= entry.date_to
    ):
        return None
    if not entry.time_windows:  # any time that day, as the fill ranking reads it
        return TimeWindow(weekday=wanted.weekday, start="00:00", end="23:59")
    return next(
        (
            w for w in entry.time_windows
            if w.weekday == wanted.weekday and w.start <= wanted.start and wanted.end <= w.end
        ),
        None,
    )


def _entry_typed(entries: Sequence[WaitlistEntry], typed: str) -> WaitlistEntry | None:
    """The listed entry ``typed`` names: its id as typed, else the one id equal to it case aside (``WL_001`` for
    ``wl_001``; ids are opaque strings, so one spelt as typed always wins, and two equal case aside name neither)."""
    exact = next((e for e in entries if e.id == typed), None)
    if exact is not None:
        return exact
    alike = [e for e in entries if e.id.casefold() == typed.casefold()]
    return alike[0] if len(alike) == 1 else None


async def _waitlist_location(copilot: Copilot, catalog: Catalog, client_id: str, named: str) -> Location:
    """The location named in the command, else where the client last booked, else the first location."""
    if not catalog.locations:
        raise CommandError(texts.NO_LOCATION_WAITLIST_TEXT)
    if named:
        location = _location_named(catalog, named)
        if location is None:
            raise CommandError(f"{named} is not a location I know")
        return location
    if len(catalog.locations) > 1:
        visits = await copilot.platform.list_appointments(client_id=client_id)
        if visits:
            latest = max(visits, key=lambda a: a.start_at)
            return next((loc for loc in catalog.locations if loc.id == latest.location_id), catalog.locations[0])
    return catalog.locations[0]


async def answer_risk(copilot: Copilot, command: ParsedCommand, user_id: str) -> SlackMessage:
    """``risk [date]``: the day's high-risk bookings (default tomorrow) with reasons and a suggested action.

    Listed day by day (late in the evening one location's tomorrow can be a day before another's), each day location
    by location as the day book groups them, soonest first within a location."""
    day_word = one_day("risk", command.args)
    if copilot.risk is None:  # said before anything is read: a spa system down is not why there are no scores
        return blocks.notice_message(_no_model_text(copilot))
    # with the model loaded: imported already
    from spa_copilot.risk.bands import HISTORY_UNREAD, scorable, scoring_failure

    catalog = await copilot.catalog()
    if not catalog.locations:
        return blocks.notice_message(texts.NO_LOCATION_RISK_TEXT)
    lines: list[tuple[tuple[date, int, datetime], str]] = []  # each row with where it goes in the list
    days: list[date] = []
    unscored: dict[str, list[str]] = {}  # why (``RiskScores.failure``): the locations with bookings to come unscored
    undated = 0  # bookings to come the spa system sent without their booking date (``createdAt``): not scored
    scored = False
    past = 0  # locations where the day asked about is before today
    now = copilot.now()
    todays: list[date] = []
    high: list[tuple[int, Location, Appointment, Any]] = []  # the high-risk bookings, with where each is
    for place, location in enumerate(catalog.locations):
        today = _today(copilot, location)
        todays.append(today)
        day = parse_day(day_word, today=today) if day_word else today + timedelta(days=1)
        days.append(day)
        if day < today:
            past += 1
            continue
        # a guest who has arrived (checked in, in progress, done) or whose start has passed is no no-show risk
        appointments = [a for a in await load_day(copilot.platform, location, day) if still_to_come(a, now)]
        scores = await copilot.risk_scores(appointments)
        dated = [a for a in appointments if scorable(a)]  # one with no booking date is never scored
        if dated and not scores:  # a booking not scored is no all-clear
            unscored.setdefault(scoring_failure(scores) or HISTORY_UNREAD, []).append(location.name)
        undated += len(appointments) - len(dated)
        scored = scored or bool(scores)
        high += [(place, location, a, scores[a.id]) for a in appointments if scores.get(a.id) and scores[a.id].band == "high"]
    # named as the day book names them (first name, last initial), two the list would show alike told apart across
    # the locations too (two Chloe R. at SoHo and Venice); one that cannot be read just now, by its id
    client_ids = [appointment.client_id for _, _, appointment, _ in high]
    names = guest_names(await load_clients(copilot.platform, client_ids, tolerant=True), client_ids)
    for place, location, appointment, score in high:
        local = appointment.start_at.astimezone(location.tz)
        # a booking with no service line, or a score with no reason worth naming, leaves out that part
        named = [names[appointment.client_id], *(line.service_name for line in appointment.services[:1])]
        why = f" — {'; '.join(score.reasons[:3])}" if score.reasons else ""
        row = (
            f"{local:%a} {blocks.clock(local, location.time_zone)} {location.name} · {' · '.join(named)} · "
            f"{score.label}{why} → {score.suggested_action}"
        )
        lines.append(((local.date(), place, appointment.start_at), row))
    days = sorted(set(days))
    seen_from = min(todays)  # a day in another year than today's carries its year
    shown = blocks.day_label(days[0], seen_from=seen_from)
    if len(days) > 1:
        shown += f" – {blocks.day_label(days[-1], seen_from=seen_from)}"
    if past == len(catalog.locations):  # nothing of the day is still to come anywhere: "no high-risk bookings" misleads
        return blocks.notice_message(f"{shown} is past: `/spa risk` lists bookings still to come.")
    empty, notes = f"No high-risk bookings on {shown}.", []
    if unscored or undated:
        empty = "No high-risk bookings among those scored." if scored else "No booking could be scored."
    notes += [_unscored_note(why, places) for why, places in unscored.items()]
    if undated:
        notes.append(f"{plural(undated, 'booking')} could not be scored: the spa system sent no date for when "
                     f"{'it was' if undated == 1 else 'they were'} booked, which the risk needs.")
    footer = " ".join(notes)
    ordered = [line for _, line in sorted(lines, key=lambda pair: pair[0])]
    message = blocks.list_message(f"High no-show risk on {shown}", ordered, footer=footer, empty=empty)
    if unscored or undated:  # the notification is no "…: 0" all-clear when bookings went unscored
        counted = f"{len(ordered)}, some not scored" if scored else "not scored"
        return SlackMessage(text=blocks.escape(f"High no-show risk on {shown}: {counted}"), blocks=message.blocks)
    return message


def _no_model_text(copilot: Copilot) -> str:
    """Why ``/spa risk`` has no scores to give: no model installed, or the installed one refused at load, and why."""
    if copilot.risk_refused:
        return texts.RISK_MODEL_REFUSED_TEXT.format(reason=copilot.risk_refused)
    return texts.NO_RISK_MODEL_TEXT


def _unscored_note(why: str, places: Sequence[str]) -> str:
    """``/spa risk``'s line on the locations whose bookings could not be scored just now, worded by what failed
    (``RiskScores.failure``): the spa system's history read (try again), or the model (retrain)."""
    from spa_copilot.risk.bands import MODEL_FAILED

    fix = ("whoever runs the copilot can retrain it (`spa-copilot risk train`)." if why == MODEL_FAILED
           else "try again in a few minutes.")
    return (f"The bookings at {' and '.join(places)} could not be scored just now ({why}), so high-risk ones there "
            f"are not listed: {fix}")


async def answer_besides_the_day(copilot: Copilot, refusal: BesidesTheDay) -> SlackMessage:
    """``risk Venice``, ``risk fri venice`` (``conflicts`` too): the words beside the day name one location (as ``/spa
    today`` reads a location: case aside, a word only its name has, the starts of its words), so one line says the
    command covers every location and what to type; else ``refusal`` is raised again, for the help with its problem.
    A month alone (``risk june``) is a date with its day left out, never a location's start."""
    if len(refusal.words) == 1 and is_month(refusal.words[0]):
        raise refusal
    try:
        catalog = await copilot.catalog()
        # a part several names share is no location here; "#soho" (or Slack's link to such a channel) names SoHo
        location = catalog.named_location(channel_words_as_names(" ".join(refusal.words)))
    except (PlatformError, LookupError):
        raise refusal from None
    command = f"/spa {refusal.name} {refusal.day or ('tomorrow' if refusal.name == 'risk' else 'today')}"
    return blocks.notice_message(
        f"`/spa {refusal.name}` covers every location ({location.name} too), so it takes only a day: `{command}`."
    )


async def answer_audit(copilot: Copilot, command: ParsedCommand, user_id: str) -> SlackMessage:
    """``audit [n]``: managers only. A manager by the manager group alone whom Slack cannot list just now (a blip, the
    first minutes after a restart) is asked to try again, as Approve asks, not told the log is for managers."""
    try:
        if not await copilot.roles.is_manager(user_id, strict=True):
            return blocks.refusal_message("the audit log")
    except MembershipUnknown:
        return blocks.notice_message(texts.WHO_UNKNOWN_TEXT)
    n = parse_audit_count(command.args)
    entries = copilot.store.recent_audit(n)
    time_zone = await _display_zone(copilot)
    now = copilot.now()
    lines = [
        blocks.audit_line(
            when=_audit_time(e.at, time_zone, now), action=e.action, subject_id=e.subject_id, actor=e.actor, engine=e.engine
        )
        for e in entries
    ]
    return blocks.audit_message(lines)


def _audit_time(at: str, time_zone: str, now: datetime) -> str:
    """An audit entry's time (stored in UTC) in ``time_zone``, labelled, as ``status`` shows its times: ``6:47pm EST``
    today there, ``Tue 24 Nov 6:47pm EST`` on another day."""
    moment = datetime.fromisoformat(at)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return blocks.zoned_moment(moment, time_zone, now=now)


async def _display_zone(copilot: Copilot) -> str:
    """The zone ``status`` and ``audit`` show times in (see ``_first_zone``)."""
    return _first_zone(copilot, await _listed_locations(copilot))


def _first_zone(copilot: Copilot, listed: Sequence[Location] | None) -> str:
    """The first location's zone as the spa system lists it, else as last read (it cannot be asked: those answers
    matter most when it is down, and the ops channel gives the same zone then), else UTC (labelled all the same)."""
    locations = listed if listed is not None else copilot.known_locations()
    return locations[0].time_zone if locations else "UTC"


async def _listed_locations(copilot: Copilot) -> list[Location] | None:
    """The locations the spa system lists just now, or None when it cannot be asked."""
    try:
        return (await copilot.catalog()).locations
    except PlatformError:
        return None


async def answer_status(copilot: Copilot, command: ParsedCommand, user_id: str) -> SlackMessage:
    status = await status_view(copilot, is_manager=await copilot.roles.is_manager(user_id))
    message = blocks.status_message(status, waiting=waiting_texts_line(copilot))
    if (clock := clock_line(measured_gap(copilot.platform))) is not None:  # off from the spa system's: said here too
        said = f":warning: {blocks.escape(clock[0].upper() + clock[1:])}."
        message = SlackMessage(
            text=f"{message.text}, clock off",
            blocks=[*message.blocks, SectionBlock(text=MarkdownTextObject(text=said))],
        )
    return message


async def status_view(copilot: Copilot, *, is_manager: bool) -> views.StatusView:
    """Sync health, mode, model, pending approvals, open conflicts, why no-show risk is off; times in the first
    location's zone, with their day when it is not today there.

    Nothing failing is "in sync" only when a location listed has been polled: with none read from the spa system,
    or none polled yet, the status says so instead. Only managers see where the spa system is reached (its URL,
    without any credentials in it: ``settings.shown_address``); everyone else sees its name.
    """
    states = copilot.store.all_sync_states()
    polls = [datetime.fromisoformat(s["last_poll_at"]) for s in states if s["last_poll_at"]]
    failing = sorted((s for s in states if s["failing_since"]), key=lambda s: s["failing_since"])
    counts = copilot.store.open_counts()
    still_open = counts["open_conflicts"] - _open_but_over(copilot)  # as /spa conflicts counts them
    settings = copilot.settings
    handled = _handled_not_over(copilot)
    listed = await _listed_locations(copilot)
    model_down_since, model_last_tried = _model_outage(copilot)
    if settings.uses_sandbox:
        platform = "sandbox spa"
    else:
        platform = shown_address(settings.mangomint_api_url) if is_manager and settings.mangomint_api_url else "Mangomint"
    return views.StatusView(
        mode=str(settings.spa_mode),
        model=settings.llm_model if settings.uses_llm else "offline engine",
        platform=platform,
        sync_ok=not failing,
        last_poll_at=max(polls) if polls else None,
        last_webhook_at=copilot.store.last_event_at(source="mangomint"),
        pending_approvals=counts["pending_approvals"],
        open_conflicts=still_open,
        open_conflict_days=open_conflict_days(copilot, still_open),
        handled_conflicts=handled,
        handled_conflict_days=conflict_days(copilot, handled, statuses=(ACKNOWLEDGED, SNOOZED)),
        time_zone=_first_zone(copilot, listed),
        failing_since=datetime.fromisoformat(failing[0]["failing_since"]) if failing else None,
        failing_error=texts.sync_error_text(failing[0]["last_error"]) if failing else "",
        not_synced=_not_synced(listed, states),
        model_down_since=model_down_since,
        model_last_tried=model_last_tried,
        risk_off="" if copilot.risk is not None else _no_model_text(copilot),
        now=copilot.now(),
        locations=location_syncs(listed if listed is not None else copilot.known_locations(), states),
    )


def location_syncs(locations: Sequence[Location], states: Sequence[dict[str, Any]]) -> tuple[views.LocationSync, ...]:
    """Each location's sync (its last good read, since when it fails and why) when there are several, so the status
    can say which one fails and when each was last read (it said "sync failing" and SoHo's fresh poll while only
    Venice's book was down, last read 90 minutes before); ``()`` for a single location, whose status reads as ever.
    A failing sync of no one location (the list of locations unread) is every location's."""
    if len(locations) < 2:
        return ()
    by_id = {s["location_id"]: s for s in states}
    ids = {location.id for location in locations}
    everywhere = next((s for s in states if s["failing_since"] and s["location_id"] not in ids), None)
    synced = []
    for location in locations:
        state = everywhere or by_id.get(location.id) or {}
        polled, since = (by_id.get(location.id) or {}).get("last_poll_at"), state.get("failing_since")
        synced.append(
            views.LocationSync(
                name=location.name,
                time_zone=location.time_zone,
                last_poll_at=datetime.fromisoformat(polled) if polled else None,
                failing_since=datetime.fromisoformat(since) if since else None,
                failing_error=texts.sync_error_text(state["last_error"]) if since else "",
            )
        )
    return tuple(synced)


def _handled_not_over(copilot: Copilot) -> int:
    """How many conflict alerts are acknowledged or snoozed while their clash is still to come: ``/spa conflicts``
    lists today's, marked, and the status says how many, split by day as the open ones are (it counted 3 today while
    ``/spa conflicts`` listed 5)."""
    now = copilot.now()
    return sum(bool(row.day) and not _clash_over(row.view, now) for _, row in _conflict_alerts(copilot, (ACKNOWLEDGED, SNOOZED)))


def open_conflict_days(copilot: Copilot, total: int) -> tuple[str, ...]:
    """How the ``total`` open conflict alerts split by day (``conflict_days``): status said "Open conflicts: 9" while
    ``/spa conflicts`` listed 5, with no word of tomorrow's 4."""
    return conflict_days(copilot, total, statuses=(OPEN,))


def conflict_days(copilot: Copilot, total: int, *, statuses: Sequence[str]) -> tuple[str, ...]:
    """How the ``total`` conflict alerts in ``statuses`` (not over) split by day, each location's day as ``/spa
    conflicts`` reads it (``today`` is each location's own): ``("5 today", "4 tomorrow")``, a later day by its date
    (``"1 on Thu 26 Nov"``), any of no location the copilot knows ``"1 other"``; ``()`` when all are today's, as
    ``/spa conflicts`` lists them."""
    now = copilot.now()
    counted: dict[str, tuple[int, int]] = {}  # label -> (days from today, how many)
    for location, row in _conflict_alerts(copilot, statuses):
        if not row.day or _clash_over(row.view, now):
            continue
        today = default_day(copilot.settings, location, now=now)
        day = date.fromisoformat(row.day)
        ahead = (day - today).days
        label = {0: "today", 1: "tomorrow"}.get(ahead) or f"on {blocks.day_label(day, seen_from=today)}"
        counted[label] = (ahead, counted.get(label, (ahead, 0))[1] + 1)
    other = total - sum(n for _, n in counted.values())
    if not counted or (list(counted) == ["today"] and other <= 0):
        return ()
    parts = [f"{n} {label}" for label, (_, n) in sorted(counted.items(), key=lambda item: item[1][0])]
    return (*parts, f"{other} other") if other > 0 else tuple(parts)


def _open_but_over(copilot: Copilot) -> int:
    """How many open conflict alerts are of clashes whose time has passed (``alerts.is_over``): nothing is left to
    fix, and ``/spa conflicts`` counts them apart ("3 earlier today, now over"), so the status does not count them
    open (it said "5 today" while ``/spa conflicts`` listed 2)."""
    now = copilot.now()
    return sum(_clash_over(row.view, now) for _, row in _conflict_alerts(copilot, (OPEN,)))


def _conflict_alerts(copilot: Copilot, statuses: Sequence[str]) -> Iterator[tuple[Location, AlertRow]]:
    """Each conflict alert in ``statuses`` at the locations the copilot knows, with its location: what the status's
    counts of open and handled conflicts, and their split by day, read."""
    for location in copilot.known_locations():
        for row in copilot.store.alerts(location_id=location.id, statuses=tuple(statuses)):
            yield location, row


def _clash_over(view: dict[str, Any] | None, now: datetime) -> bool:
    """Whether an alert's clash (its kept card, ``view``) ended by ``now``: ``alerts.is_over``'s rule."""
    ends = (view or {}).get("endsAt")
    return bool(ends) and datetime.fromisoformat(ends) <= now


def _model_outage(copilot: Copilot) -> tuple[datetime | None, datetime | None]:
    """When the configured model stopped answering and the latest call that found it so, while no call since has had
    an answer (``(None, None)``: it answers, or none is set up)."""
    ai = copilot.ai
    if ai is None or getattr(ai, "model", None) is None:
        return None, None
    return ai.health.unavailable_since, ai.health.unavailable_last_tried


def _not_synced(locations: Sequence[Location] | None, states: Sequence[dict[str, Any]]) -> str:
    """Why no location is in sync (empty when one is). When the spa system cannot be asked just now, a poll already
    made stands (a poll that fails says so itself), but with none made yet nothing is in sync: the status said
    "in sync · last poll never" with the spa system down since the start."""
    if locations is None:
        return "" if any(s["last_poll_at"] for s in states) else texts.NOT_SYNCED_UNREAD
    if not locations:
        return texts.NOT_SYNCED_NO_LOCATION
    listed = {location.id for location in locations}
    if not any(s["last_poll_at"] and s["location_id"] in listed for s in states):
        return texts.NOT_SYNCED_YET
    return ""


ANSWERS: dict[str, Answer] = {
    "help": answer_help,
    "today": answer_today,
    "client": answer_client,
    "conflicts": answer_conflicts,
    "brief": answer_brief,
    "fill": answer_fill,
    "waitlist": answer_waitlist,
    "texts": answer_texts,
    "risk": answer_risk,
    "audit": answer_audit,
    "status": answer_status,
}
