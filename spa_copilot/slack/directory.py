"""Staff ↔ Slack users: the settings' override map first, then ``users.lookupByEmail``, cached in the store.

Only answers are cached, for the email they were looked up by (a changed email is looked up again at once): a
match (for an hour, ``MATCH_TTL``: why not a day is said there), or Slack's ``users_not_found`` (for an hour, so a
user added to Slack is picked up soon). The morning run looks every remembered answer up again, "not found" and
match alike (one lookup per staff member per morning: a match confirmed minutes before stands), so no morning DM
goes to a user Slack has since deactivated or made a guest. A user who is no full member of the app's own workspace
(``roles.not_a_colleague``, as the roles decide: a guest account, deactivated, a bot, or someone of another
organisation, which a user in a channel shared over Slack Connect is by their ``team_id`` even when Slack does not
flag them ``is_stranger``) is no match either: the email's owner gets no DM of the spa's guests and no staff rights
through it. Any other failure (``ratelimited``, a network error) is logged, tried again at the next lookup, and the
last known match is used meanwhile; with no known match the answer is "could not check" (``SlackMatch.checked``
False), never "not found". A run's lookups take at most ``LOOKUP_SECONDS`` in all, rate limits waited out
included; those not answered by then are treated so too.

An entry of the override map (``SPA_STAFF_SLACK_IDS``) is asked about the same way, by ``users.info`` on the user it
names: that user is the match while Slack says they are a full member; one Slack flags, or does not know, is no match
(remembered as a "not found" is); the answer is remembered under the user id (a changed mapping is asked about at
once), and a failure keeps the last answer that allowed the match, else "could not check". A mapping is not trusted
unasked: a therapist deactivated or made a guest keeps her Slack user, and her DMs carry her guests' details.

A match must be unique: an email, or a Slack user, claimed by more than one active staff member matches none of
them (``SlackMatch.shared``), so nobody is sent someone else's guests. An entry of the override map
(``SPA_STAFF_SLACK_IDS``) wins over a shared email, but not over a shared Slack user: a user two entries name, or
one entry and another staff member's email, is nobody's, unless those profiles are one person's: each with the same
email (Ana's SoHo and Venice profiles, both ana@…, mapped to her Slack user), they all match it.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from slack_sdk.web.async_client import AsyncWebClient

from spa_copilot.domain import Staff
from spa_copilot.slack.errors import SLACK_FAILURES, answered, slack_failure
from spa_copilot.slack.roles import not_a_colleague, own_team, why_not_a_colleague
from spa_copilot.store import Store

logger = logging.getLogger(__name__)

NOT_FOUND = "users_not_found"
#: How long a remembered "not found" is believed (a match is believed for ``ttl``).
NOT_FOUND_TTL = timedelta(hours=1)
#: How long a match Slack confirmed is believed (``StaffDirectory``'s ``ttl``): an hour, not a day, so a therapist
#: deactivated or made a guest at 9am stops getting her guests' details in the prep DMs by about 10am rather than the
#: next day. The cost is one ``users.lookupByEmail`` (Tier 3, 50+ a minute) or ``users.info`` (Tier 4) per active
#: staff member per hour, at most LOOKUP_CONCURRENCY at once: a spa's roster, tens of people, is far within that, and a
#: lookup Slack refuses meanwhile (rate limited) keeps the last match rather than dropping a DM.
MATCH_TTL = timedelta(hours=1)
#: At the morning run a remembered match younger than this is not looked up again: the same morning's other location,
#: or a retry of the run minutes later, uses the answer the first one got (one lookup per staff member per morning).
MORNING_RECHECK_AFTER = timedelta(minutes=15)
LOOKUP_CONCURRENCY = 4
#: The longest one run's lookups (``matches``) take, rate limits waited out included (the Slack client waits out each
#: ``Retry-After``, up to a minute at a time, three times a call): a lookup not answered by then, or not yet made, is
#: left for the next run and the member's last known answer stands (``SlackMatch.checked`` False when none is known),
#: so a prep check or the morning run is never held for minutes by Slack's rate limits.
LOOKUP_SECONDS = 30.0
#: What an override's answer is remembered under, in place of the email (with the Slack user id it maps to).
OVERRIDE_KEY = "spa_staff_slack_ids:"


@dataclass(frozen=True)
class SlackMatch:
    """What is known about one staff member's Slack user."""

    user_id: str | None = None
    checked: bool = True  # False: Slack did not answer and nothing is known, so "not found" would be a guess
    shared: bool = False  # the email or Slack user is claimed by another active staff member too

    @property
    def unmatched(self) -> bool:
        """Definitely nobody to DM (not found, no email, or shared), as opposed to "could not check"."""
        return self.user_id is None and self.checked


class StaffDirectory:
    """Finds the Slack user of a staff member (for DMs) and the staff member behind a Slack mention."""

    def __init__(
        self,
        client: AsyncWebClient,
        store: Store,
        overrides: dict[str, str],
        *,
        ttl: timedelta = MATCH_TTL,
        lookup_seconds: float = LOOKUP_SECONDS,
    ) -> None:
        self._client = client
        self._store = store
        self._overrides = overrides
        self._ttl = ttl
        self._lookup_seconds = lookup_seconds

    async def matches(
        self, roster: Iterable[Staff], *, now: datetime | None = None, recheck: bool = False
    ) -> dict[str, SlackMatch]:
        """Each active staff member's match (by staff id), with shared emails and Slack users matching nobody.

        ``recheck`` (the morning run) looks every remembered answer up again: a "not found" however recent it is (a
        fix reaches the morning DM), a match unless Slack confirmed it within ``MORNING_RECHECK_AFTER`` (a therapist
        deactivated or made a guest since gets no DM of her guests). The lookups take at most ``lookup_seconds`` in
        all (``LOOKUP_SECONDS``): those Slack has not answered by then keep their last known answer."""
        now = now or datetime.now(UTC)
        active = [member for member in roster if member.active]
        limit = asyncio.Semaphore(LOOKUP_CONCURRENCY)

        async def one(member: Staff) -> SlackMatch:
            async with limit:
                return await self.match(member, now=now, recheck=recheck)

        asked = {member.id: asyncio.ensure_future(one(member)) for member in active}
        try:
            if asked:
                await asyncio.wait(asked.values(), timeout=self._lookup_seconds)
        finally:  # past the time, or the run itself cut short: no lookup goes on without it
            late = [task for task in asked.values() if not task.done()]
            for task in late:
                task.cancel()
            if late:
                await asyncio.gather(*late, return_exceptions=True)
        if late:
            logger.warning("Slack did not answer the lookups of %d staff members within %g s (rate limited or slow): "
                           "their last known matches stand until the next run", len(late), self._lookup_seconds)
        found = {member.id: self._last_known(member) if asked[member.id].cancelled() else asked[member.id].result()
                 for member in active}
        by_email: dict[str, list[str]] = defaultdict(list)
        for member in active:
            if member.email and member.email.strip():
                by_email[member.email.strip().lower()].append(member.id)
        # A shared email is no match (a mapping in SPA_STAFF_SLACK_IDS stands instead of the email) ...
        by_email_shared = {sid for ids in by_email.values() if len(ids) > 1 for sid in ids} - set(self._overrides)
        by_user: dict[str, list[str]] = defaultdict(list)
        for staff_id, match in found.items():
            # a mapping claims its user even when Slack could not confirm it just now: another's email reaching that
            # user is not hers alone meanwhile
            if (user_id := match.user_id or (self._overrides.get(staff_id) if match.checked is False else None)):
                by_user[user_id].append(staff_id)
        # ... and a Slack user two staff members would reach is nobody's, mapped or not (either one's guests would go
        # to the other); only a mapping whose user is reached otherwise through a shared email alone (matching nobody)
        # stands. Profiles of one person (one per location, with one email) are not two people: theirs.
        emails = {member.id: (member.email or "").strip().lower() for member in active}
        shared = set(by_email_shared)
        for ids in by_user.values():
            if len(ids) > 1 and not one_person([emails[sid] for sid in ids]):
                shared.update(sid for sid in ids if sid not in self._overrides
                              or any(other != sid and other not in by_email_shared for other in ids))
        for staff_id in sorted(shared):
            logger.warning("staff %s shares an email or Slack user with another staff member: not matched", staff_id)
            found[staff_id] = SlackMatch(shared=True)
        return found

    async def match(self, staff: Staff, *, now: datetime | None = None, recheck: bool = False) -> SlackMatch:
        """One staff member's match on their own (no uniqueness check: use ``matches`` before DMing); never raises."""
        now = now or datetime.now(UTC)
        if staff.id in self._overrides:
            return await self._mapped(staff, self._overrides[staff.id], now=now, recheck=recheck)
        cached = self._store.slack_user(staff.id, staff.email)  # None when the email changed: look up again
        if cached is not None:
            if self._believed(*cached, now=now, recheck=recheck):
                return SlackMatch(cached[0])
        if not staff.email:
            return SlackMatch()  # nothing to look up by: unmatched, not unknown
        answered, user_id = await self._lookup(staff)
        if not answered:
            return self._last_known(staff)
        self._store.remember_slack_user(staff.id, staff.email, user_id, at=now)
        return SlackMatch(user_id)

    async def _mapped(self, staff: Staff, user_id: str, *, now: datetime, recheck: bool) -> SlackMatch:
        """An override's match: its Slack user while Slack says that user is a full member (``users.info``), asked and
        remembered as an email's match is (under the user id, so a changed mapping is asked about at once)."""
        key = f"{OVERRIDE_KEY}{user_id}"
        cached = self._store.slack_user(staff.id, key)
        if cached is not None and cached[0] not in (None, user_id):
            cached = None  # a row from before the mapping (an email's match): not this user's answer
        if cached is not None and self._believed(*cached, now=now, recheck=recheck):
            return SlackMatch(cached[0])
        answered, confirmed = await self._confirm(staff, user_id)
        if not answered:
            return self._last_known(staff)
        self._store.remember_slack_user(staff.id, key, confirmed, at=now)
        return SlackMatch(confirmed)

    def _last_known(self, staff: Staff) -> SlackMatch:
        """A staff member's match while Slack cannot be asked about them just now: the last match remembered, however
        old (a stale match beats none; a mapping's, only its user's own answer), else "could not check"."""
        if staff.id in self._overrides:
            user_id = self._overrides[staff.id]
            cached = self._store.slack_user(staff.id, f"{OVERRIDE_KEY}{user_id}")
            return SlackMatch(user_id) if cached is not None and cached[0] == user_id else SlackMatch(checked=False)
        if not staff.email:
            return SlackMatch()  # nothing to look up by: unmatched, not unknown
        cached = self._store.slack_user(staff.id, staff.email)
        return SlackMatch(cached[0]) if cached is not None and cached[0] else SlackMatch(checked=False)

    def _believed(self, user_id: str | None, at: datetime, *, now: datetime, recheck: bool) -> bool:
        """Whether a remembered answer (a match, or None: not found) looked up ``at`` stands without asking again."""
        if user_id is None:
            return now - at < NOT_FOUND_TTL and not recheck
        return now - at < (min(self._ttl, MORNING_RECHECK_AFTER) if recheck else self._ttl)

    async def _confirm(self, staff: Staff, user_id: str) -> tuple[bool, str | None]:
        """(whether Slack answered, the mapped user id when Slack says it is a full member's of the app's own workspace,
        else None): ``roles.why_not_a_colleague``, the question the roles ask."""
        try:
            said = await why_not_a_colleague(self._client, user_id)
        except SLACK_FAILURES as exc:
            if answered(exc) == "user_not_found":  # a typo in the map, or a user deleted for good: nobody to DM
                logger.warning("staff %s is mapped to Slack user %s, whom Slack does not know: not matched",
                               staff.id, user_id)
                return True, None
            logger.warning("users.info failed for staff %s's mapped user %s: %s", staff.id, user_id, slack_failure(exc))
            return False, None
        except Exception:  # a bug: its traceback; the others go on
            logger.exception("users.info failed for staff %s's mapped user %s", staff.id, user_id)
            return False, None
        if said:
            logger.warning("staff %s is mapped to Slack user %s, who %s: not matched", staff.id, user_id, said)
            return True, None
        return True, user_id

    def is_mapped(self, staff_id: str) -> bool:
        """Whether the override map (``SPA_STAFF_SLACK_IDS``) names this staff member's Slack user."""
        return staff_id in self._overrides

    async def slack_id(self, staff: Staff, *, now: datetime | None = None) -> str | None:
        """``match(staff).user_id``: None both for "not found" and "could not check"."""
        return (await self.match(staff, now=now)).user_id

    async def staff_for(self, user_id: str, staff: list[Staff]) -> Staff | None:
        """The active staff member a Slack user is (through the same matching, unique), or None."""
        return (await self.mentioned(user_id, staff))[0]

    async def mentioned(self, user_id: str, staff: list[Staff]) -> tuple[Staff | None, bool]:
        """``staff_for``, and whether that answer is sure: False when nobody was found while Slack could not be asked
        about some active staff member just now (rate limited, down), so "nobody" may be a guess."""
        found = await self.matches(staff)
        member = next((member for member in staff if member.id in found and found[member.id].user_id == user_id), None)
        return member, member is not None or all(match.checked for match in found.values())

    async def _lookup(self, staff: Staff) -> tuple[bool, str | None]:
        """(whether Slack answered, the user id it gave); a failure is not an answer and is not cached."""
        try:
            team = await own_team(self._client)
            response = await self._client.users_lookupByEmail(email=staff.email)
        except SLACK_FAILURES as exc:  # refused, or the connection: this member is unknown for now, the others go on
            if answered(exc) == NOT_FOUND:
                return True, None
            logger.warning("users.lookupByEmail failed for staff %s: %s", staff.id, slack_failure(exc))
            return False, None
        except Exception:  # a bug: its traceback; the others go on
            logger.exception("users.lookupByEmail failed for staff %s", staff.id)
            return False, None
        user = response["user"]
        if said := not_a_colleague(user, team):
            # a therapist kept in Slack as a guest account (or deactivated): no DM of her guests' details, no staff
            # rights through the match (remembered as not found, so looked up again within the hour)
            logger.warning("staff %s's email is Slack user %s, who %s: not matched", staff.id, user.get("id"), said)
            return True, None
        return True, user["id"]


def one_person(emails: Iterable[str]) -> bool:
    """Whether staff profiles with these emails (stripped, lower case) are one person's: all the same, not empty
    (Ana's SoHo and Venice profiles, both ana@…). Profiles that reach one Slack user are that person's then, both
    profiles' briefings going to it; otherwise the user is nobody's."""
    found = set(emails)
    return len(found) == 1 and "" not in found


def name_in_mention(mention: str, staff: Iterable[Staff]) -> str | None:
    """The first name of the staff member a mention's label suggests (``<@U123|hana.sato>``: Hana, when a staff
    member is called so), to say what to type when the mention matches nobody; None when it suggests no one."""
    label = mention.partition("|")[2].rstrip(">").lstrip("@")
    first = re.split(r"[._\s-]+", label.strip())[0].casefold() if label.strip() else ""
    named = sorted({member.first_name for member in staff if member.active and member.first_name.casefold() == first})
    return named[0] if len(named) == 1 else None
