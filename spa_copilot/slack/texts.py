"""User-facing words of the Slack surface, kept together: the ``/spa`` help, errors and refusals.

The Block Kit builders in ``blocks.py`` lay these out; listeners pick which one to show. Nothing here
contains client details, so none of it needs escaping.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from spa_copilot.slack.ids import SLASH_COMMAND


@dataclass(frozen=True, slots=True)
class CommandHelp:
    """One ``/spa`` subcommand as the help shows it."""

    name: str
    usage: str
    summary: str
    examples: tuple[str, ...] = ()
    managers_only: bool = False


#: Where an appointment's id is found (``/spa fill`` takes one): the day book and the client card name bookings by time
#: and service only, and the day book leaves cancelled ones out; ``/spa fill`` alone lists the cancelled bookings to
#: come with their ids (``fill.openings``).
FILL_ID_WHERE_TEXT = (
    "It takes an appointment's id (like ap_01234), not a guest's name: /spa fill alone lists the cancelled bookings "
    "to come with their ids."
)

SUBCOMMANDS: tuple[CommandHelp, ...] = (
    CommandHelp("help", "help", "Show this help.", ("help",)),
    CommandHelp(
        "today",
        "today [@therapist|room|location] [date]",
        "The day's book by therapist, with the gaps (one therapist's, room's or location's when named).",
        ("today", "today @Ana", "today tomorrow"),
    ),
    CommandHelp(
        "client",
        "client <name or id>",
        "A client's card: preferences, allergies, alerts, consent, last visits.",
        ("client Jane Doe", "client cl_0042"),
    ),
    CommandHelp(
        "texts",
        "texts <client name or id> [stop|start]",
        "Whether the copilot may offer a client openings by text; stop records an opt-out they asked for (by phone, at"
        " the desk, or in a reply the copilot missed); start clears it (managers).",
        ("texts cl_0042", "texts cl_0042 stop"),
    ),
    CommandHelp("conflicts", "conflicts [date]", "Double bookings, room and skill clashes.", ("conflicts", "conflicts tomorrow")),
    CommandHelp(
        "waitlist",
        "waitlist [list|add <client> <service> <day HH:MM-HH:MM> [location]|remove <id>]",
        "Show or change the waitlist: the client by id or name, a name of several words in quotes (added at the named"
        " location, else where the client last booked).",
        ("waitlist", 'waitlist add cl_0042 "Swedish Massage 60" fri 2pm-6pm', "waitlist remove wl_007"),
    ),
    CommandHelp(
        "fill",
        "fill [appointment id]",
        "Start a cancellation-fill proposal by hand. " + FILL_ID_WHERE_TEXT,
        ("fill", "fill ap_01234"),
    ),
    CommandHelp(
        "brief",
        "brief @therapist [date]",  # as it is typed: Slack turns "@Ana" into a mention
        "Preview a therapist's briefing.",
        ("brief @Ana", "brief @Ana tomorrow"),
    ),
    CommandHelp(
        "risk",
        "risk [date]",
        "High no-show risk bookings (default tomorrow), why, and what to do.",
        ("risk", "risk fri"),
    ),
    CommandHelp("audit", "audit [n]", "The last AI actions and who approved them.", ("audit", "audit 20"), managers_only=True),
    CommandHelp("status", "status", "Sync health, last poll, mode, model, pending approvals.", ("status",)),
)

SUBCOMMAND_NAMES: tuple[str, ...] = tuple(command.name for command in SUBCOMMANDS)


def usage_hint() -> str:
    """The slash command's usage hint in ``manifest.yml`` (Slack shows it under the command as it is typed): every
    subcommand's usage as the help shows it, in the help's order. One source: the manifest test holds it to this."""
    return " | ".join(command.usage for command in SUBCOMMANDS)


HELP_TITLE = f"{SLASH_COMMAND} — the spa copilot"
def help_fallback(*, managers: bool = True) -> str:
    """The help's one line (a notification's text): the commands, managers' only ones left out for others."""
    return f"{SLASH_COMMAND} commands: " + ", ".join(c.name for c in SUBCOMMANDS if managers or not c.managers_only)

ERROR_TEXT = "Something went wrong (error id {error_id}). Nothing was changed; please try again."
#: When Slack may have opened a form although its answer was lost (a 5xx, a dropped connection: ``is_ambiguous``): no
#: "something went wrong" under a form that may be open and working.
MODAL_MAYBE_OPENED_TEXT = "Slack did not answer (error id {error_id}). If no form opened, please click again."
REFUSAL_TEXT = "Sorry, {action} is for managers. Ask a manager if this needs doing."
NOT_STAFF_TEXT = "Sorry, the spa copilot is only for the spa's team."
#: With ``SPA_FRONT_DESK_IDS`` set, to anyone else (a therapist too): the commands are kept to the front desk.
FRONT_DESK_ONLY_TEXT = (
    f"Sorry, {SLASH_COMMAND} is kept to the spa's front desk and managers here. Ask a manager if you need it."
)
WHO_UNKNOWN_TEXT = "Slack could not be reached just now to check who you are. Nothing was done; please try again in a minute."
READ_ONLY_NOTE = "Read-only mode: nothing will be sent or booked."
STALE_CARD_TEXT = "This card changed since you opened it. Please look at the latest version."
PLATFORM_DOWN_TEXT = "The spa system is not answering right now. Nothing was changed; please try again in a minute."
HOME_NOT_ALLOWED_TEXT = (
    "This page is for the spa's front desk and managers. If you need it, please ask a manager to add you."
)
# Why ``today`` (or the App Home) shows no book, or another location's: the spa system lists no location the copilot
# could read (one whose details do not fit what the copilot reads is left out), or not the one asked about.
NO_LOCATION_READ_TEXT = "No location could be read from the spa system just now, so there is no book to show"
NO_LOCATION_WAITLIST_TEXT = "No location could be read from the spa system just now, so nothing was added"
NO_LOCATION_RISK_TEXT = "No location could be read from the spa system just now, so there are no bookings to score."
NO_RISK_MODEL_TEXT = (
    "No-show risk needs a risk model and none is installed: whoever runs the copilot can train one "
    "(`spa-copilot risk train`)."
)
#: ``/spa risk`` when a model is installed but was refused at load (``{reason}``: ``ModelUnusable.refusal``).
RISK_MODEL_REFUSED_TEXT = (
    "No-show risk is off: the installed model was refused ({reason}): retrain with `spa-copilot risk train`."
)
LOCATION_NOT_READ_TEXT = "{of}'s location could not be read from the spa system just now, so there is no book to show"
HOME_NO_LOCATION_TEXT = NO_LOCATION_READ_TEXT + "."
#: ``/spa client`` (and ``waitlist add``) naming nobody: ``{query}`` is the name as typed, cut to a line.
NO_CLIENT_TEXT = "No client matches “{query}”."
#: ``/spa client`` naming nobody: the line ``waitlist add`` begins with too, and what to try next.
CLIENT_NO_MATCH_TEXT = "{no_client} Try /spa client with part of the name, a phone or an email."
#: ``waitlist add`` naming no client: the line ``/spa client`` answers, and how to find the client's id.
WAITLIST_NO_CLIENT_TEXT = "{no_client} Find the client's id with /spa client and part of the name, a phone or an email."
#: ``/spa client`` (and ``waitlist add``) by name when the spa system's gateway has no client search (it answered
#: 404: the search is an extension, docs/mangomint-contract.md): by id still works.
NO_CLIENT_SEARCH_TEXT = (
    "The spa system does not search clients by name here (its gateway has no client search). Ask with the client's "
    "id from Mangomint: {example}."
)
#: ``/spa today`` naming nothing the copilot knows, then the rooms and locations it does know (cut to the help's line).
TODAY_NOT_KNOWN_TEXT = "{target} is not a therapist, room or location I know"
TODAY_KNOWN_ROOMS_TEXT = "Rooms: {names}"
TODAY_KNOWN_LOCATIONS_TEXT = "locations: {names}"
#: ``/spa today`` with no location named shows the asker's own; this line says how to ask for another.
TODAY_OTHER_LOCATION_TEXT = "Another location: /spa today {example}."
HOME_OTHER_LOCATION_TEXT = (
    "Your location could not be read from the spa system just now, so this is {location}'s day."
)
HOME_BOOK_UNREAD_TEXT = "The spa system could not be read just now, so today's book is not shown."
#: The App Home while Slack cannot say whether the viewer is a manager (the manager group unread, Slack down or rate
#: limiting): the manager's section is left out, and this says why.
HOME_ROLE_UNKNOWN_TEXT = (
    "Could not check your role with Slack just now, so approvals waiting for a manager are not shown: press Refresh "
    "in a minute."
)

# /spa fill
#: An id the spa system knows no appointment by (tried as typed, in lower case and in upper case).
FILL_NO_APPOINTMENT_TEXT = (
    "There is no appointment {typed}. " + FILL_ID_WHERE_TEXT
    + " A cancellation in the next {hours} hours gets its fill card in the channel without asking."
)
#: ``/spa fill`` for an opening that already has a proposal: a link to its card (``PROPOSAL_CARD_LINK``).
FILL_EXISTING_CARD_TEXT = "Open {link}."

# The App Home "Open" button on a pending approval
PROPOSAL_MODAL_TITLE = "Pending approval"
PROPOSAL_OPEN_CARD = "Approve, edit or reject it on {link}."
PROPOSAL_CARD_LINK = "its card in the channel"
PROPOSAL_NO_CARD = "Its card is not in Slack yet. Please try again in a minute."
PROPOSAL_DECIDED = "This proposal is no longer waiting for approval (it is {status})."
#: A decided proposal whose text never went out: its draft is not shown, as if it still would.
PROPOSAL_NOT_SENT = "The text to {first_name} was not sent."
#: A decided proposal whose text went out: the text itself, under this heading.
PROPOSAL_SENT_HEADING = "SMS sent to {first_name}"
#: An approved proposal whose text has not gone out yet (it waits for texting hours, or a send is being retried): the
#: text, under this heading (no time: the approval's "goes out at 8:00am" is stale once a send at 8:00am failed).
PROPOSAL_WAITING_HEADING = "SMS to {first_name}, approved: waiting to go out"
PROPOSAL_NOT_FOUND = "That proposal no longer exists. Refresh the Home tab to see what is waiting."
REFUSAL_MODAL_TITLE = "Managers only"

# A button or form drawn by an older version of the copilot, whose id it no longer has
OLD_BUTTON_TEXT = "This button is from an older version of the copilot and no longer does anything. Nothing was changed."
OLD_FORM_TITLE = "Nothing was changed"
OLD_FORM_TEXT = "This form is from an older version of the copilot, so nothing was saved. Please start again from the latest card."

# /spa waitlist
WAITLIST_ADD_REFUSED_TEXT = (
    "The spa system did not accept that waitlist entry. Please check the client, service and window, "
    "or add it in Mangomint."
)
WAITLIST_REMOVE_BOOKED_TEXT = (
    "{entry_id} was booked, so it is not removed; cancel the appointment in Mangomint if it should not happen."
)
WAITLIST_ALREADY_OFF_TEXT = "{entry_id} is already off the waitlist ({status})."
#: A waitlist write sent whose answer never came back (the spa system or a proxy failing on every retry), and the
#: list could not be read back either: it may have gone through, so "Nothing was changed" would be a guess.
WAITLIST_UNCONFIRMED_TEXT = (
    "The spa system is not answering right now and did not confirm {what}: it may or may not have gone through. "
    "Check `/spa waitlist` (or Mangomint) before trying again."
)
WAITLIST_DAY_PASSED_TEXT = "{day} has passed, so nothing was added: the waitlist is for days to come."
WAITLIST_WINDOW_PASSED_TEXT = "{start}–{end} today has already passed, so nothing was added. Try a later window or day."
WAITLIST_CLOSED_DAY_TEXT = "{location} is closed on {day}, so nothing was added."
WAITLIST_OUTSIDE_HOURS_TEXT = (
    "{location} is open {open}–{close} on {day}, so {start}–{end} is outside its hours; nothing was added."
)
#: ``waitlist add … after 3pm`` (or ``before 1pm``) at a time outside the location's hours that day, and where its
#: hours are not known (so the window has no other end)
WAITLIST_OPEN_ENDED_OUTSIDE_TEXT = (
    "{location} is open {open}–{close} on {day}, so {typed} is outside its hours; nothing was added."
)
WAITLIST_OPEN_ENDED_NO_HOURS_TEXT = (
    "The opening hours of {location} are not known, so {typed} has no other end; nothing was added. "
    "Type the window with both times, e.g. 3pm-6pm."
)
# A window that runs past the opening hours is cut to them; the reply ends with why ("…, 19:00–20:00 (wl_1): …")
WAITLIST_CLOSES_NOTE = "{location} closes at {close} that day, so {start}–{end} was cut to its hours"
WAITLIST_OPENS_NOTE = "{location} opens at {open} that day, so {start}–{end} was cut to its hours"
WAITLIST_OPEN_NOTE = "{location} is open {open}–{close} that day, so {start}–{end} was cut to its hours"
WAITLIST_CLIPPED_PASSED_TEXT = (
    "{location} is open {open}–{close} today, so the time left in that window ({start}–{end}) has already passed; "
    "nothing was added. Try a later day."
)
WAITLIST_TOO_SHORT_TEXT = (
    "{service} takes {minutes} minutes, so {start}–{end} is too short to offer it; nothing was added. "
    "Try a longer window."
)
WAITLIST_TOO_LITTLE_LEFT_TEXT = (
    "It is {now} now and {service} takes {minutes} minutes, so what is left of {start}–{end} today is too short "
    "to offer it; nothing was added. Try a later day."
)
WAITLIST_ALREADY_THERE_TEXT = (
    "{first_name} is already on the waitlist for {service} on {day}, {window} ({entry_id}, {status}); "
    "nothing was added."
)
WAITLIST_OPTED_OUT_NOTE = (
    "{first_name} has opted out of text messages, so the copilot cannot offer them an opening by "
    "text; call them if one comes up."
)
WAITLIST_NO_MOBILE_NOTE = (
    "{first_name} has no phone number on file, so the copilot cannot offer them an opening by "
    "text and there is none to call; reach them another way if one comes up (or add their mobile number in Mangomint)."
)
#: The same for an opt-out a staff member recorded (``/spa texts … stop``).
WAITLIST_STAFF_STOPPED_NOTE = (
    "{first_name} is opted out of the copilot's texts (recorded by staff), so the copilot cannot offer them an opening "
    "by text until a manager clears it (/spa texts {client_id} start) or they text START; call them if one comes up."
)
WAITLIST_STOPPED_NOTE = (
    "{first_name} replied STOP to the copilot's texts, so the copilot cannot offer them an opening by "
    "text until they text START; call them if one comes up."
)

# /spa texts
#: The copilot's own opt-out of a client (``store.text_opt_out_at``), and who recorded it: ``{by}`` is "their reply"
#: or a staff member's mention.
TEXTS_OPTED_OUT_TEXT = "{who} is not offered openings by text: opted out since {day}, by "
TEXTS_MAY_TEXT = "The copilot may offer {who} openings by text."
TEXTS_SPA_SAYS_NO_TEXT = "The copilot will not offer {who} openings by text: the spa system does not allow texts to them."
#: What the spa system's own consent says, as the client card words it (``blocks.text_consent_word``).
TEXTS_SPA_CONSENT_TEXT = "The spa system's own text consent: {word}."
TEXTS_STOPPED_TEXT = (
    "Recorded: the copilot will not offer {who} openings by text (a manager can undo it with /spa texts {client_id} "
    "start)."
)
TEXTS_HELD_DROPPED_TEXT = " Their approved text still waiting to go out was not sent; the card moves on."
TEXTS_OFFER_WITHDRAWN_TEXT = " The offer they were texted is taken as a no; the card moves on."
#: What ``/spa texts <client> stop`` says of a YES kept on her offer (``replies._kept_yes_after_staff_stop``): what then
#: happens, so the desk never does by hand what the copilot does itself. A YES to a text she had, kept through an
#: outage, is re-checked before it is booked:
TEXTS_YES_KEPT_TEXT = (
    " They replied YES to their offer while the spa system was down: it is booked when the spa system answers, if the "
    "slot is still free then (the card's thread says which)."
)
#: ...and the calendar as last seen shows the slot booked since: the re-check books nothing for her.
TEXTS_YES_KEPT_TAKEN_TEXT = (
    " They replied YES to their offer while the spa system was down, but the calendar shows the slot booked since: "
    "unless it is free again when the spa system answers, nothing is booked for them (the card's thread says which)."
)
#: A kept YES whose slot has begun: no text goes out and nothing is booked any more.
TEXTS_YES_PAST_TEXT = (
    " A YES of theirs is kept on their offer, but the slot has begun: nothing more is sent or booked, and the card "
    "closes if it has not already. If they need an answer, let them know another way."
)
#: A YES to a text whose send was never confirmed: that text is settled as not sent before this answer.
TEXTS_YES_UNSENT_TEXT = (
    " A YES of theirs is kept on their offer, but its text was never confirmed sent (the YES may answer something "
    "else), and it is now settled as not sent, never to go to an opted-out guest: the card moves on; if the slot should "
    "be theirs, book it by hand in Mangomint."
)
#: ...unless that text is being sent at this very moment (its consent read before the opt-out): it may go out.
TEXTS_YES_SENDING_TEXT = (
    " A YES of theirs is kept on their offer, whose text (never confirmed sent before) is being sent at this very "
    "moment: if it goes out, the copilot books them itself if the slot is still free; if not, the card moves on. "
    "Check the card's thread before booking anything by hand."
)
#: A YES being booked at this very moment (her offer "accepting"): the booking goes ahead, and its outcome is the card's.
TEXTS_YES_BOOKING_TEXT = " Their YES to their offer is being booked right now: check the card before telling them anything."
#: ``stop``/``start`` by a name that is not the client's whole name (``/spa texts Morri stop`` found Hazel Morris):
#: nothing is changed until the client is named by id.
TEXTS_NAME_BY_ID_TEXT = (
    "Nothing was changed: to be sure it is the right guest, name them by id: /spa texts {client_id} {action} "
    "({who_named})."
)
#: ``start`` by a manager by the manager group alone while Slack cannot list the group (down, rate limiting): she is
#: asked to try again, not told it is for managers; nothing is changed.
TEXTS_ROLE_UNKNOWN_TEXT = (
    "Slack could not list the manager group just now, so the copilot could not check that you are a manager. "
    "Nothing was changed; please try again in a minute."
)
#: ``start`` clearing an opt-out the guest texted herself: said, so the manager is sure she asked to be texted again.
TEXTS_OWN_STOP_CLEARED_TEXT = " They had texted STOP themselves: text them only if they asked for texts again."
TEXTS_ALREADY_TEXT = "{who} is already opted out of the copilot's texts: nothing was changed."
TEXTS_STARTED_TEXT = (
    "Cleared: the copilot may offer {who} openings by text again. The spa system's own consent is not changed "
    "(it says: {word})."
)
TEXTS_NOT_STOPPED_TEXT = (
    "{who} had not opted out of the copilot's texts: nothing was changed. The spa system's own consent is not "
    "changed (it says: {word})."
)
#: The end of a thread line quoting a guest's reply when the copilot recorded no opt-out from it (the free-text
#: reader misses some): how the staff record one.
OPT_OUT_HINT = "If they asked not to be texted: `/spa texts {client_id} stop`."

# Why the calendar sync is failing, as ``status`` says it: the sync state keeps the exception's class name
# (``sync_state.last_error``), which staff should never see.
SYNC_ERROR_TEXTS = {
    "PlatformUnavailable": "the spa system is not answering",
    "PlatformAuthError": "the spa system refused the copilot's key",
    "PlatformRejected": "the spa system refused the request",
    "PlatformConflict": "the spa system refused the request",
    "PlatformNotFound": "the spa system could not find what the copilot asked for",
    "PlatformProtocolError": "the spa system sent an answer the copilot could not read",
}
SYNC_ERROR_OTHER = "an error in the copilot; its log has the details"
# Why ``status`` cannot say "in sync" although nothing is failing: no location is synced.
NOT_SYNCED_NO_LOCATION = "no location could be read from the spa system"
NOT_SYNCED_YET = "no calendar poll yet"
NOT_SYNCED_UNREAD = "no calendar poll yet, and the spa system could not be read just now"
SYNC_ERROR_UNKNOWN = "the reason was not recorded"


def sync_error_text(last_error: str | None) -> str:
    """``PlatformUnavailable`` → ``the spa system is not answering``: a sync failure in words, never a class name."""
    if not last_error:
        return SYNC_ERROR_UNKNOWN
    return SYNC_ERROR_TEXTS.get(last_error, SYNC_ERROR_OTHER)


def mention_not_matched(target: str, *, command: str, name: str | None, checked: bool) -> str:
    """``brief @hana.sato`` when that Slack user is no one on the spa's staff, or (``checked`` False) when Slack could
    not be asked just now: what to type instead (the staff member's ``name`` when the mention suggests one), and,
    for a user not matched, that the mapping is ``SPA_STAFF_SLACK_IDS``'s (her Slack email is not her spa one)."""
    typed = f"/spa {command} {name}" if name else f"/spa {command} with their first or full name"
    if not checked:
        return f"Slack could not be asked just now who {target} is on the spa's staff: try again in a minute, or type {typed}"
    return (f"{target} is not matched to anyone on the spa's staff: type {typed} instead, or ask whoever set up the "
            "copilot to map them in SPA_STAFF_SLACK_IDS")


#: ``waitlist add`` naming a service by words many services' names have (``massage 60``): the first few, and a count
WHICH_OF_MANY_SERVICES_TEXT = "{typed} could be any of {count} services ({names}, …): give the service's full name in quotes"


def which_one(target: str, names: list[str], *, what: str = "") -> str:
    """The answer to a name several staff members (or services) share: ``Ana could be Ana Li or Ana Reyes: …``."""
    names = sorted(names)
    ask = f"give {what} full name in quotes" if what else "give the full name or @mention them"
    return f"{target} could be {', '.join(names[:-1])} or {names[-1]}: {ask}"


def suggest_subcommand(word: str) -> str | None:
    """The closest known subcommand to a mistyped one ("todya" → "today"), or None."""
    matches = difflib.get_close_matches(word.lower(), SUBCOMMAND_NAMES, n=1, cutoff=0.6)
    return matches[0] if matches else None
