"""Broad rules for what an invitation (a manager's edit, or a model's draft) may not promise beside the slot its YES
books, read after ``drafts.offer_check``'s narrower ones (rev36a M1: more phrases kept losing): another of the
location's staff named at all, a reply time without end ("no rush", "all day"), a part of the day the start is not
in, the visit said booked before the guest's YES, and a party of more than one. Each answers the words to name in the
edit modal's line, or None; the caller has blanked the spa's own names (brand, locations, services) first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime

from spa_copilot.ai.guardrails import _DAY_PART_HOURS, _NAME_WORDS_TOO, is_word_too

#: One line each in the edit modal, in the style of ``drafts``' others: what is wrong, and what the YES books.
OPEN_HOLD_DRAFT_TEXT = 'The hold is {hold} minutes, not "{said}": a YES after {hold} minutes books nothing.'
DAY_PART_DRAFT_TEXT = 'The slot starts at {time}, not "{said}": their YES books that time.'
BOOKED_DRAFT_TEXT = 'Take out "{said}": nothing is booked until {guest} replies YES.'
PARTY_DRAFT_TEXT = 'Their YES books one visit, for {guest} alone: take out "{said}".'

#: A staff member's first name said as a person's: after it, a verb ("Maya will", "Maya's covering", "Maya can't
#: wait"); read for a name that is also a word ("Joy", "June") only so, and only as written
_PERSON_AFTER = (
    r"(?:\s+(?:will|would|can|can['’]t|cannot|could|is|has|had|says|said|loves?|recommends?|covers?|covering|takes?"
    r"|does|did|sends?|hopes?|looks?|asked|wants?|te|le)\b|['’](?:ll|s\s+(?:covering|taking|out|off|away|back|in|here"
    r"|looking|excited|your))\b)"
)
#: A sign-off at the very end naming who wrote ("- Claire", "Love, Claire at Juniper & Salt", "xo Claire"): the
#: writer, not the guest's therapist
_SIGN_OFF = (
    r"(?:(?:^|[.!?\n]|\s)[-–—~]\s*|\b(?:love|thanks|thank\s+you|cheers|best|warmly|xo|xoxo|regards|besos|saludos"
    r"|gracias|un\s+abrazo)[,!]?\s+)"
)
_SIGN_OFF_END = r"(?:\s*[,!.]?\s*(?:(?:at|from|@)\s+[^.!?\n]*)?)[.!]?\s*$"
#: After a staff member's name, a hello from them, which promises nothing of the visit ("Maya says hi!", "Maya sends
#: her love", pinned by editfix33/34)
_HELLO_AFTER = (
    r"\s+(?:says?|said)\s+(?:hi|hello|hey|hiya|hola)\b"
    r"|\s+sends?\s+(?:(?:her|his|their|you)\s+)?(?:(?:warm|warmest|best)\s+)?(?:love|regards|best|hugs|greetings|hello|hi"
    r"|wishes|saludos|besos)\b"
)
#: In the sentence with a staff member's name, another visit's words: "Book again w/ Maya next time!" (rev33b M2)
_ANOTHER_VISIT = re.compile(r"\b(?:next|another|future|some\s+other)\s+(?:time|visit|appointment|booking)\b",
                            re.IGNORECASE)


def other_staff_named(text: str, *, others: Iterable[str], also_words: Iterable[str] = ()) -> str | None:
    """Another of the location's staff named anywhere in ``text`` ("Maya will take care of you", "Priya is out, Maya
    will cover"): the guest would expect them, and her YES books the slot's therapist. ``others``: the staff first
    names that are not the slot's therapist's nor the guest's own. A name that is also a word (``also_words``,
    "Joy", "June") is read only as written and followed by a person's verb ("Joy will…"); a sign-off at the end
    ("- Claire") is who wrote, not read."""
    words = {w.casefold() for w in also_words} | _NAME_WORDS_TOO
    for name in sorted({n.strip() for n in others if n and len(n.strip()) > 1}, key=len, reverse=True):
        escaped = re.escape(name)
        if re.search(rf"{_SIGN_OFF}{escaped}{_SIGN_OFF_END}", text, re.IGNORECASE):
            text = re.sub(rf"{_SIGN_OFF}{escaped}{_SIGN_OFF_END}", " ", text, flags=re.IGNORECASE)
        if name.casefold() in words or is_word_too(name):
            written = rf"(?:{escaped}|{re.escape(name.upper())})"
            pattern = re.compile(rf"(?<![\w'’]){written}(?=\W|$){_PERSON_AFTER}")
        else:
            pattern = re.compile(rf"(?<![\w'’-]){escaped}(?![\w-])", re.IGNORECASE)
        found = pattern.search(text)
        while found:
            start = max(text.rfind(c, 0, found.start()) for c in ".!?\n")
            ends = [i for c in ".!?\n" if (i := text.find(c, found.end())) >= 0]
            sentence = text[start + 1: min(ends) if ends else len(text)]
            end = found.start() + len(name)
            if not (re.match(_HELLO_AFTER, text[end:], re.IGNORECASE) or _ANOTHER_VISIT.search(sentence)):
                return text[found.start():end]
            found = pattern.search(text, end)
    return None


#: Words that leave the time to reply open: "No rush", "Take your time", "Reply whenever you're ready", "at your
#: leisure", "sin prisa", "cuando puedas"
_OPEN_REPLY = re.compile(
    r"\bno\s+(?:rush|hurry)\b|\bthere['’]?s\s+no\s+(?:rush|hurry)\b"
    r"|\btake\s+your\s+time\b(?!\s+(?:in|at|after|with|during|to\s+(?:relax|unwind|enjoy|recharge)))"
    r"|\bat\s+your\s+(?:leisure|convenience)\b|\bno\s+(?:deadline|time\s+limit)\b"
    r"|\b(?:reply|respond|answer|text\s+(?:us|back)|get\s+back(?:\s+to\s+us)?|let\s+us\s+know)\b[^.!?\n]{0,25}?"
    r"\b(?:any\s?time|whenever|when(?:ever)?\s+you\s+(?:can|get\s+a\s+(?:chance|moment|sec(?:ond)?)|are\s+ready"
    r"|['’]re\s+ready|like|want|wish))\b"
    r"|\bwhenever\s+you(?:['’]re|\s+are)\s+ready\b|\bsin\s+(?:prisa|apuro)\b|\bt[oó]mate\s+(?:tu|el)\s+tiempo\b"
    r"|\bcuando\s+(?:puedas|quieras)\b",
    re.IGNORECASE,
)
_WEEKDAY_WORDS = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?"
#: Words of the hold or the reply, after which a time without end or past the hold is the hold's: "We'll hold it all
#: day", "held for a few hours", "Reply within a day", "yours until tomorrow"
_HOLD_OR_REPLY = (
    r"\b(?:hold|held|holding|keep|kept|keeping|save|saved|saving|reserve|reserved|reserving|yours|reply|replies"
    r"|respond|answer|text\s+(?:us|back)|get\s+back|let\s+us\s+know|claim|decide|guardamos|apartamos|guardado"
    r"|apartado|responde|contesta)\b(?:[^\S\n]+[\w'’]+){0,4}?[^\S\n]+"
)
_LONG_SPAN = (
    r"(?:all|the\s+(?:whole|entire|rest\s+of\s+the))\s+(?:day|week|weekend|night|afternoon|morning|evening)"
    r"|(?:(?:for|within|in|over|during|up\s+to)\s+)?(?:(?:a|one|two|three|\d{1,2}|a\s+few|a\s+couple(?:\s+of)?|several"
    r"|few|some|the\s+next(?:\s+(?:few|couple(?:\s+of)?))?)\s+)(?:days?|weeks?|nights?|hours|hrs)"
    r"|(?:(?:for|within|in|over|during|up\s+to)\s+)?(?:a|one|1|\d{1,2})\s+(?:day|week|night)"
    r"|(?:for|within|in|over)\s+(?:a\s+while|a\s+bit|the\s+day|the\s+week(?:end)?|as\s+long\s+as)"
    r"|(?:until|till|til|['’]til|by|before|through|thru)\s+(?:the\s+)?(?:end\s+of\s+(?:the\s+)?(?:day|week|business)"
    rf"|eod|cob|close|closing|tomorrow|tonight|today|midnight|weekend|{_WEEKDAY_WORDS})"
    r"|forever|overnight|indefinitely"
)
_LONG_HOLD = re.compile(rf"{_HOLD_OR_REPLY}(?P<said>{_LONG_SPAN})\b", re.IGNORECASE)
#: "Reply within the hour", "held for the next hour": an hour's hold said without a number
_THE_HOUR = re.compile(rf"{_HOLD_OR_REPLY}(?P<said>(?:within|in|for|over)\s+the\s+(?:next\s+)?hour)\b", re.IGNORECASE)


def open_ended_hold(text: str, hold: int | None = None) -> str | None:
    """A time to reply longer than the hold or without end ("No rush to reply!", "Take your time", "We'll hold it all
    day", "for a few hours", "Reply within a day", "yours until tomorrow"): the guest who trusts it replies after the
    hold and is told it ran out. A hold said in minutes or hours is ``drafts._wrong_hold``'s."""
    if found := _OPEN_REPLY.search(text):
        return " ".join(found.group(0).split())
    if found := _LONG_HOLD.search(text):
        return " ".join(found.group("said").split())
    if hold != 60 and (found := _THE_HOUR.search(text)):
        return " ".join(found.group("said").split())
    return None


_PART_NOUNS = (
    r"(?:massage|facial|treatment|session|appointment|appt|slot|spot|booking|visit|escape|ritual|pick[\s-]?me[\s-]?up"
    r"|treat|glow|reset|wrap|scrub|pedicure|manicure|opening)s?"
)
#: A part of the day, English or Spanish ("morning", "evening", "por la tarde", "de la noche")
_DAY_PART = re.compile(
    r"(?P<pre>(?:\b(?:in|on|by|for|this|tomorrow|tmrw|your|an?|the|this|our|late|early)\s+){0,2})"
    r"\b(?:(?P<part>morning|afternoon|evening|night)\b|(?P<es>(?:por|de|en)\s+la\s+(?:ma[ñn]ana|tarde|noche))\b)"
    rf"(?P<noun>\s+{_PART_NOUNS}\b)?",
    re.IGNORECASE,
)
_ES_PART_HOURS = {"mañana": (0, 12), "manana": (0, 12), "tarde": (12, 21), "noche": (18, 24)}
#: Before a part of the day, words of a greeting or a wish, which say nothing of the slot's time ("Good morning",
#: "Have a lovely evening", "Enjoy the rest of your afternoon", "Hope your morning is going well", "buenas noches")
_GREETING_OR_WISH = re.compile(
    r"(?:\bgood|\bbuen[oa]s?|\bhave\s+an?(?:\s+[\w'’]+){0,2}|\benjoy(?:\s+the\s+rest\s+of)?\s+(?:your|the)(?:\s+[\w'’]+)?"
    r"|\bhope\s+(?:you(?:['’]re|\s+are)\s+having\s+an?(?:\s+[\w'’]+)?|your(?:\s+[\w'’]+)?)|\bhappy(?:\s+[\w'’]+)?)\s+$",
    re.IGNORECASE,
)
#: After a part of the day, words that make it some other moment: "the night before your visit", "morning of"
_NOT_THE_VISITS_PART = re.compile(
    r"^\s*(?:before|after|prior|of\s+(?:your|the|her|their)\s+(?:visit|appointment|appt|booking|massage|treatment)\b"
    r"|routine|coffee|person|people|owl)", re.IGNORECASE)
#: A word before "night" that makes it an occasion, not the visit's time ("date night", "girls' night")
_NIGHT_OCCASION = re.compile(r"\b(?:date|girls['’]?|ladies['’]?|game|movie|good)\s+$", re.IGNORECASE)
#: When a spot opened, in the sentence that says it ("A spot opened up this morning"): the news's time, not the slot's
_OPENED_THEN = re.compile(
    r"\b(?:opened|open(?:ed)?\s+up|cancel(?:l)?ed|came\s+up|freed\s+up|became\s+(?:free|available)|just)\b"
    r"(?:\s+\w+){0,3}\s+$",
    re.IGNORECASE,
)


def wrong_day_part(text: str, starts_at: datetime) -> str | None:
    """A part of the day the slot's start is not in, said anywhere ("See you in the morning!", "Enjoy your evening
    massage!" for a 3:00 pm slot): the guest plans for that time. A greeting or a wish ("Good morning", "Have a lovely
    evening", "buenas noches") and a part said of another moment ("the night before your visit", "opened up this
    morning", "date night") are not read."""
    hour = starts_at.hour
    for match in _DAY_PART.finditer(text):
        part = (match.group("part") or "").lower()
        if part:
            low, high = _DAY_PART_HOURS[part]
            late = part in ("night", "evening") and hour < 4
        else:
            low, high = _ES_PART_HOURS[match.group("es").split()[-1].lower()]
            late = high == 24 and hour < 4
        if low <= hour < high or late:
            continue
        head = text[: match.start("part") if part else match.start("es")]
        if match.group("noun") is None and (_GREETING_OR_WISH.search(head) or _NOT_THE_VISITS_PART.match(
                text[match.end():])):
            continue
        if part == "night" and _NIGHT_OCCASION.search(head):
            continue
        this = re.search(r"\bthis\s+$", head, re.IGNORECASE)
        if this is not None and _OPENED_THEN.search(head[: this.start()]):
            continue
        return " ".join(match.group(0).split())
    return None


#: The visit said booked before the guest's YES: "You're booked!", "You're all set", "Your appointment is
#: confirmed", "We've booked you in", "Ya estás reservada"
_BOOKED = re.compile(
    r"\byou(?:['’]re|\s+are|['’]ve\s+been|\s+have\s+been)\s+(?:now\s+|officially\s+|all\s+)?(?:booked|confirmed"
    r"|scheduled|locked\s+in|all\s+set)\b"
    r"|\b(?:your|the)\s+(?:appointment|appt|booking|spot|slot|visit|massage|facial|session|reservation)\s+(?:is|has\s+been)"
    r"\s+(?:now\s+|officially\s+|all\s+)?(?:booked|confirmed|scheduled|locked\s+in)\b"
    r"|\bwe(?:['’]ve|\s+have)\s+(?:booked|confirmed|scheduled)\s+you\b|\bwe\s+have\s+you\s+(?:booked|down|scheduled)\b"
    r"|\b(?:ya\s+)?est[aá]s\s+(?:reservad[oa]|confirmad[oa]|agendad[oa])\b|\btu\s+cita\s+(?:est[aá]|queda)\s+confirmada\b"
    r"|\b(?:already|pre-?)\s*booked\s+(?:for\s+you|you)\b|\bno\s+need\s+to\s+(?:reply|respond|confirm|text|answer)\b"
    r"|\bjust\s+(?:show\s+up|come\s+(?:in|by|along))\b|\bno\s+hace\s+falta\s+(?:responder|contestar)\b",
    re.IGNORECASE,
)
#: Before the words that say it booked, in their sentence, what makes them what the YES will do ("Reply YES and
#: you're booked", "If you want it, you're all set"); after them, "…once you reply", "…when you text YES"
_ONCE_SHE_REPLIES = re.compile(
    r"\b(?:reply|text|respond|say|responde|contesta)\w*\s+(?:with\s+)?['\"“‘]?(?:yes|s[ií]|y)\b"
    r"|\b(?:once|if|when|after|as\s+soon\s+as|cuando|si)\b",
    re.IGNORECASE,
)
_ONCE_SHE_REPLIES_AFTER = re.compile(
    r"[^.!?\n]*?\b(?:once|when|after|as\s+soon\s+as|if|cuando|si)\s+(?:you|u|we\s+(?:get|hear)|tu|usted)\b"
    r"(?:\s+[\w'’]+){0,2}?\s+(?:reply|replies|respond|text|say|confirm|answer|yes|your\s+yes|back|responde|contestas)\b",
    re.IGNORECASE,
)


def booked_before_yes(text: str) -> str | None:
    """The visit said booked already ("You're booked!", "Your appointment is confirmed"), not as what the YES does
    ("Reply YES and you're booked", "Once you reply, you're all set"): nothing is booked until she replies."""
    for match in _BOOKED.finditer(text):
        start = max(text.rfind(c, 0, match.start()) for c in ".!?\n")
        if not (_ONCE_SHE_REPLIES.search(text[start + 1: match.start()])
                or _ONCE_SHE_REPLIES_AFTER.match(text, match.end())):
            return " ".join(match.group(0).split())
    return None


_COMPANION = (
    r"(?:friend|partner|husband|hubby|wife|spouse|mom|mum|mother|dad|father|sister|sis|brother|daughter|son|bestie|bff"
    r"|boyfriend|girlfriend|fianc[eé]e?|colleague|co-?worker|guest|plus[\s-]?one|family|kids?|someone|bf|gf|other\s+half)s?"
)
#: More than one guest: "you and a friend", "bring your partner", "for two", "2 spots", "both of you", "plus one"
_PARTY = re.compile(
    rf"\byou\s+(?:and|&|\+|n)\s+(?:(?:a|your|one|an?other|the)\s+)?(?:[\w'’]+\s+)?{_COMPANION}\b"
    rf"|\bbring(?:\s+along)?\s+(?:a|your|along\s+a|along\s+your)\s+(?:[\w'’]+\s+)?{_COMPANION}\b"
    r"|\bplus[\s-]one\b|\bboth\s+of\s+you\b|\bthe\s+two\s+of\s+you\b"
    r"|\bfor\s+(?:two|2|three|3)\b(?!\s*(?:[-–—]?\s*(?:hours?|hrs?|min\w*|days?|weeks?|nights?|[ap]\.?m\b|o['’]clock|:)))"
    r"|\b(?:two|2|three|3|four|4)\s+(?:spots|slots|seats|places|openings|appointments|bookings|massages|treatments"
    r"|guests|people|persons)\b(?!\s+(?:left|remaining|open|available|this|today|tomorrow))"
    r"|\bt[uú]\s+y\s+(?:una?|tu)\s+(?:amig[oa]|pareja)\b|\bpara\s+dos\b",
    re.IGNORECASE,
)
#: An offered service for two ("Couples Massage", "Duo Facial"): its text may speak of a second guest
_FOR_TWO = re.compile(r"\b(?:couples?|duo|pair|partners?|friends?|together|tandem|two|2|dos|pareja)\b", re.IGNORECASE)


def party_of_more(text: str, services: Sequence[str]) -> str | None:
    """A second guest offered ("Reply YES for you and a friend (2 spots)", "bring your partner", "for two"): the
    YES books one visit for her. Not read when the offered service is itself for two ("Couples Massage")."""
    if any(_FOR_TWO.search(service) for service in services):
        return None
    found = _PARTY.search(text)
    return " ".join(found.group(0).split()) if found else None
