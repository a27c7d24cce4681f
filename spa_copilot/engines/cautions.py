"""What a guest's cautions rule out: the booked services whose contraindications the guest's allergies and conditions
hit. Pure: no I/O, no clock, never a model.

The one rule for every surface that says it: the therapist's briefing and its updates (``engines.briefing``: "Hot
Stone Massage 90 is contraindicated for this guest: pregnancy (prenatal positioning, no hot stones). Check with the
guest before it starts.") and the day book (``/spa
today``, ``engines.daybook``), so the front desk and the therapist read the same words about the same booking.

The guest's allergies and conditions are those the briefing reads: the profile drawn from their notes (the offline
lexicon's finds, which a model's reading always includes), every intake answer (``intake_safety``: "warfarin" is blood
thinners), and what the spa's alerts on the client and the booking's own note state (``records_profile``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from spa_copilot.ai.extraction import extract_profile_offline, intake_safety
from spa_copilot.ai.schemas import GuestProfile
from spa_copilot.ai.vocabulary import ALLERGY_ALSO_MEETS, ALLERGY_CONTRAINDICATIONS, CAUTIONS, service_conflicts, spoken
from spa_copilot.domain import Alert, Appointment, Client, Service

_SAFETY = ("allergies", "contraindications")
#: Where the words keeping an area off are written (``RuledOut.said_in``), as its sentence says it.
NOTES = "the notes say"
ALERT = "an alert says"
BOOKING_NOTE = "the booking's note says"


@dataclass(frozen=True)
class RuledOut:
    """A booked service the guest's cautions rule out, and which of its contraindications they hit (the vocabulary's
    names, sorted: ``pregnancy``, ``nutAllergy``)."""

    service_id: str
    service_name: str
    hits: tuple[str, ...]
    #: a body area the guest's notes keep off that the service works (``areas_kept_off``), when that is the reason,
    #: with the words that keep it off and where they are written (``NOTES``, ``ALERT``: a spa's alert on the guest,
    #: or ``BOOKING_NOTE``)
    area: str = ""
    evidence: str = ""
    said_in: str = ""
    #: a deep-pressure service for a guest whose words ask for light pressure only (``pressure_kept_off``)
    light_pressure: bool = False
    #: what the service uses that the guest's words refuse outright (``modalities_kept_off``: "hot stones")
    modality: str = ""
    #: a hit the guest's allergy meets as another's (``vocabulary.ALLERGY_ALSO_MEETS``: a coconut allergy and a service
    #: listing ``nutAllergy``), by hit: said as the guest's own, the service's name for it after it
    met_as: tuple[tuple[str, str], ...] = ()

    @property
    def sentence(self) -> str:
        """``Hot Stone Massage 90 is contraindicated for this guest: pregnancy`` (no full stop: each surface says what
        to do after it); ``Dermaplaning Facial 45 works the face, which the notes say to avoid`` for an ``area``;
        ``Deep Tissue Massage 60 is deep pressure work, but the notes say light pressure`` for ``light_pressure``."""
        if self.area:
            return f"{self.service_name} works the {spoken(self.area)}, which {self.said_in or NOTES} to avoid"
        if self.light_pressure:
            return f"{self.service_name} is deep pressure work, but {self.said_in or NOTES} light pressure"
        if self.modality:
            return f"{self.service_name} uses {self.modality}, which {self.said_in or NOTES} to avoid"
        met = dict(self.met_as)
        said = [f"{spoken(met[hit])} (the service lists {spoken(hit)})" if hit in met else spoken(hit) for hit in self.hits]
        return f"{self.service_name} is contraindicated for this guest: {', '.join(said)}"

    @property
    def before_it_starts(self) -> str:
        """The words of every surface (day book, client card, ``spa-copilot today``, and since fa00267 the therapist's
        briefing, which adds each condition's handling note to ``sentence``): ``sentence`` and "Check with the guest
        before it starts."."""
        return f"{self.sentence}. Check with the guest before it starts."


def ruled_out(
    services: Iterable[Service], client: Client, profile: GuestProfile, *, also: GuestProfile | None = None
) -> list[RuledOut]:
    """Each of ``services`` whose contraindications this guest's allergies or conditions hit, in order. ``profile``:
    what the notes (and intake) say; ``also``: what the spa's alerts and the booking's note say (``records_profile``);
    every intake answer counts too."""
    said = [(field, name) for p in (profile, also or GuestProfile()) for field in _SAFETY for name in p.values(field)]
    said += [(field, name) for field, name, _ in intake_safety(client.health_history)]  # "warfarin": blood thinners
    conditions = {name for field, name in said if field == "contraindications"}
    guest_allergies = {name for field, name in said if field == "allergies"}
    found = []
    for service in services:
        hits = service_conflicts(
            allergies=guest_allergies, contraindications=conditions, service_contraindications=service.contraindications
        )
        if hits:
            found.append(RuledOut(service.id, service.name, tuple(hits), met_as=_met_as(hits, guest_allergies, conditions)))
    return found


def _met_as(hits: Iterable[str], allergies: Iterable[str], conditions: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """Each hit the guest's allergies reach only as another's name (``ALLERGY_ALSO_MEETS``: their coconut allergy, a
    service's ``nutAllergy``), with the guest's own allergy's name for it (``coconutAllergy``): "nut allergy" said
    alone read as a nut allergy the guest does not have, beside the DM's "coconut allergy" line."""
    own = {ALLERGY_CONTRAINDICATIONS.get(name, name) for name in allergies} | set(conditions)
    met = []
    for hit in hits:
        via = None if hit in own else next((name for name in allergies if hit in ALLERGY_ALSO_MEETS.get(name, ())), None)
        if via is not None:
            met.append((hit, ALLERGY_CONTRAINDICATIONS.get(via, via)))
    return tuple(met)


#: What a booked service works, by its name or category, for the body areas a guest's notes keep off: a facial, a peel
#: or a brow tint works the face, a pedicure or reflexology the feet. Only services that are about the area itself: a
#: massage works many areas and its therapist reads "Avoid: face" beside it. A treatment named for the back or the body
#: ("Back Facial", "Body Peel") works that instead, and its category ("facial") says nothing more (``_areas_worked``).
AREA_SERVICES: Mapping[str, re.Pattern[str]] = {
    "face": re.compile(
        r"\b(?:facials?|peels?|dermaplan\w*|microderm\w*|microneedl\w*|hydrafacial|(?:eye)?brows?|lash(?:es)?|lip|"
        r"extractions?|face)\b", re.IGNORECASE),
    "feet": re.compile(r"\b(?:p[eé]di(?:cures?)?|(?<!facial\s)(?<!hand\s)reflexology|foot\w*|feet)\b", re.IGNORECASE),
    "hands": re.compile(
        r"\b(?:mani(?:cures?)?|hands?\s+(?:treatment|massage|ritual|reflexology)|hands?\s*(?:&|and)\s*(?:foot|feet))\b",
        re.IGNORECASE),
    "scalp": re.compile(r"\b(?:scalp|head\s+spa)\b", re.IGNORECASE),
}
#: A service that is deep pressure work by its name: a guest whose words ask for light pressure only is
#: cautioned of it (``pressure_kept_off``), as of a facial for "No face work".
DEEP_PRESSURE = re.compile(r"\b(?:deep[\s-]*tissue|deep\s+(?:pressure|massage)|sports\s+massage|trigger[\s-]*point)\b",
                           re.IGNORECASE)
#: Words refusing what follows them outright: "no", "no to", "avoid", "without", "hates", "never", "do not use",
#: "don't want", "can't have", "cannot tolerate"; a heat or a temperature between ("No heat or hot stones").
_REFUSAL = (
    r"\b(?:no(?:\s+to)?|avoid(?:s|ing)?|without|hates?|dislikes?|refus(?:es|ed|e)|declin(?:es|ed|e)|never(?:\s+again)?"
    # "Declined hot stones", "Doesn't want hot stones" (rev50l)
    r"|(?:do\s+not|don['’]?t|does\s+not|doesn['’]?t|did\s+not|didn['’]?t|never|not\s+to)\s+(?:use|do|want|like)"
    r"|(?:can['’]?t|cannot|can\s+not|unable\s+to)\s+(?:have|do|tolerate|take|use))"
    r"\s+(?:(?:any|the|more)\s+)?(?:(?:heat|heated\s+\w+|hot|cold)\s+(?:or|and|/|&)\s+)?"
)
#: ... and right after it, past a colon or a dash: "Hot stones: NO", "hot stones - do not use", "Cupping: never".
_REFUSED_AFTER = r"(?:no|none|never|do\s+not\s+use|don['’]?t\s+use|avoid|not\s+ok(?:ay)?|refused|declined)\b"
#: ... or later in its clause, closing it past a dash, a colon or a comma: "Hot stones burned her last visit - do not
#: use", "Hot stones burned her, never again" (not "Loves hot stones, avoid the left knee": it refuses the knee),
#: within 120 characters (a long note of one sentence is read in linear time).
_REFUSED_LATER = (
    r"[^.!?;,\n]{0,120}?(?:\s[-–—:]+|,)\s*(?:(?:do\s+not|don['’]?t|never)\s+use|avoid|never\s+again|not\s+ok(?:ay)?)"
    r"(?:\s+(?:them|it|again|ever|please|pls))*\s*(?=$|[.!?;,)\n])"
)
#: Words after a refusal, in its sentence, saying the guest wants what it refused after all, at this visit: "No hot
#: stones last time (ran out) - wants them today!" (not "No hot stones - wants Swedish instead", "- she wants it noted
#: on every booking", "- husband wants them but she does not": rev50b; "wants it flagged again", "wants them again
#: next year": rev50d).
_WANTED = re.compile(
    r"\b(?:wants?|would\s+like|(?:asked|asks|asking)\s+for|requests?(?:ed)?)\s+(?:them|it|(?:the\s+)?(?:hot\s+)?stones?)"
    r"\s+(?:today|tonight|now|again|after\s+all|this\s+(?:time|visit))\b"
    # nothing between, and not "again next year", "again to be noted", "now on file" (rev50d)
    r"(?!\s+(?:next|after|when|once|in|to\s+be|noted|flagged|on\s+file|written|recorded)\b)",
    re.IGNORECASE,
)
#: A category that names the back or the whole body ("Face & Body"): it says nothing of the face by itself.
_BODY = re.compile(r"\b(?:back|body|chest)\b", re.IGNORECASE)
#: A skin treatment given to the back or the body, named so: "Back Facial", "Back-Facial", "Body Peel", "Chest
#: Extractions" work no face. Only the body word right before the treatment's, not after "&" or "and" ("Mind & Body
#: Facial", "Facial & Back Massage", "Back to Basics Facial" are facials).
_BODY_TREATMENT = re.compile(
    r"(?<!&\s)(?<!&)(?<!\band\s)\b(?:back|body|chest)[\s-]+"
    r"(?:facials?|peels?|dermaplan\w*|microderm\w*|microneedl\w*|hydrafacial|extractions?)\b",
    re.IGNORECASE,
)


def areas_kept_off(
    services: Iterable[Service], profile: GuestProfile, *, also: GuestProfile | None = None, booking_note: str = ""
) -> list[RuledOut]:
    """Each of ``services`` that works an area the guest's notes keep off (``AREA_SERVICES``; "No face work" and a
    Dermaplaning Facial), or the spa's alerts or the booking's own note (``booking_note``) do (``also``:
    ``records_profile``), in order, with the words that keep it off (the notes' first) and where they are written."""
    avoided = {item.value: (item.evidence or "", NOTES) for item in profile.avoid_areas}
    for item in also.avoid_areas if also is not None else ():
        avoided.setdefault(item.value, (item.evidence or "", _written_in(item.evidence, booking_note)))
    return [
        RuledOut(service.id, service.name, (), area=area, evidence=avoided[area][0], said_in=avoided[area][1])
        for service in services
        for area in _areas_worked(service.name, service.category)
        if area in avoided
    ]


@lru_cache(maxsize=1024)
def _areas_worked(name: str, category: str) -> tuple[str, ...]:
    """The areas of ``AREA_SERVICES`` a service of this name and category works, read once per service (the day book
    asks for every booking at each view)."""
    if _BODY_TREATMENT.search(name):
        said = [_BODY_TREATMENT.sub(" ", name)]  # "Back Facial": the back; "Chest & Face Facial": the face still
    else:
        said = [name] if _BODY.search(category) else [name, category]
    return tuple(area for area, works in AREA_SERVICES.items() if any(works.search(text) for text in said))


def _written_in(evidence: str | None, booking_note: str) -> str:
    """Where words ``records_profile`` read are written: the booking's note when they are its, else an alert."""
    return BOOKING_NOTE if evidence and booking_note and evidence in booking_note else ALERT


def pressure_kept_off(
    services: Iterable[Service], profile: GuestProfile, *, also: GuestProfile | None = None, booking_note: str = ""
) -> list[RuledOut]:
    """Each of ``services`` that is deep pressure work (``DEEP_PRESSURE``) for a guest whose notes, or the spa's
    alerts or the booking's own note (``also``), ask for light pressure and nothing firmer for the whole body
    ("fibromyalgia - light pressure ONLY" and a Deep Tissue 60), in order, with the words that ask for it (the
    notes' first). A level for one area ("light on the back, firm on the legs") is the therapist's to read beside
    it."""
    said = None
    for notes, read in ((True, profile), (False, also or GuestProfile())):
        whole = [item for item in read.pressure if "(" not in item.value]  # "light (back)": one area's
        if whole and {item.value for item in whole} == {"light"}:
            said = (whole[0].evidence, NOTES if notes else _written_in(whole[0].evidence, booking_note))
            break
    if said is None:
        return []
    return [
        RuledOut(service.id, service.name, (), evidence=said[0] or "", said_in=said[1], light_pressure=True)
        for service in services if _deep_pressure(service.name)
    ]


#: What a service uses, by its name, that a guest's words may refuse outright, and the words that refuse it: "No hot
#: stones - burned last time", "Do not use hot stones", "NO HOT STONES" in the booking's note, "Can't have hot
#: stones", "Hot stones: NO", "no cupping" (probe49a: a Hot Stone Massage for such a guest carried no caution, while
#: "No face work" on a facial did). A stone service is one of heated stones or rocks by its name ("Hot Stone Massage",
#: "Hot Rock Massage", "Stone Massage"; not a "Cold Jade Stone Facial"); refused only right before it, or right after
#: it ("no problem with hot stones", "no kidney stones", "No stones left unturned" refuse nothing).
_STONES = r"(?:(?:hot|heated|warm|basalt|lava)(?:\s+(?:or|and|/)\s+\w+)?[\s-]*(?:stones?|rocks?)|stones?(?=\s*(?:$|[.,;:!)\n]|-\s|please|pls)))"
MODALITIES: Mapping[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "hot stones": (
        re.compile(r"\b(?<!cold\s)(?:(?:hot|heated|warm|basalt|lava)[\s-]*(?:stones?|rocks?)|stones?[\s-]+massage)\b",
                   re.IGNORECASE),
        re.compile(rf"{_REFUSAL}{_STONES}\b|\b{_STONES}\s*(?:[:=–—]|-+)\s*{_REFUSED_AFTER}|\b{_STONES}\b{_REFUSED_LATER}",
                   re.IGNORECASE),
    ),
    "cupping": (
        re.compile(r"\bcupping\b", re.IGNORECASE),
        re.compile(rf"{_REFUSAL}cupping\b|\bcupping\s*(?:[:=–—]|-+)\s*{_REFUSED_AFTER}", re.IGNORECASE),
    ),
}


def modalities_kept_off(
    services: Iterable[Service], *, notes: str, alerts: Sequence[str] = (), booking_note: str = ""
) -> list[RuledOut]:
    """Each of ``services`` that uses what the guest's notes, one of the spa's alerts or the booking's own note refuse
    outright (``MODALITIES``), in order, with the sentence that refuses it (the notes' first) and where it is written."""
    found = []
    for service in services:
        for modality in _modalities_used(service.name):
            places = ((notes, NOTES), *((text, ALERT) for text in alerts), (booking_note, BOOKING_NOTE))
            said = next((refused for text, where in places if (refused := _refusal(modality, text, where))), None)
            if said is not None:
                found.append(RuledOut(service.id, service.name, (), modality=modality, evidence=said[0], said_in=said[1]))
    return found


def _refusal(modality: str, text: str, where: str) -> tuple[str, str] | None:
    """The first sentence of ``text`` refusing ``modality``, and ``where``; None when it refuses none. A refusal the
    rest of its sentence takes back (``_WANTED``: "No hot stones last time (ran out) - wants them today!") is none."""
    for m in MODALITIES[modality][1].finditer(text or ""):
        start = max(text.rfind(mark, 0, m.start()) for mark in ".!?;\n") + 1
        end = min((at for mark in ".!?;\n" if (at := text.find(mark, m.end())) >= 0), default=len(text))
        if not _WANTED.search(text, m.end(), end):
            return " ".join(text[start:end].split()), where
    return None


@lru_cache(maxsize=1024)
def _modalities_used(name: str) -> tuple[str, ...]:
    """What of ``MODALITIES`` a service of this name uses ("Hot Stone Massage 75": hot stones)."""
    return tuple(modality for modality, (used, _) in MODALITIES.items() if used.search(name))


@lru_cache(maxsize=1024)
def _deep_pressure(name: str) -> bool:
    """By the service's name alone: a "Deep Tissue & Swedish" category holds Swedish massages too."""
    return bool(DEEP_PRESSURE.search(name))


def may_rule_out(service: Service) -> bool:
    """Whether a guest's words can rule ``service`` out (``booking_ruled_out``): it has contraindications, works a
    body area notes may keep off (``AREA_SERVICES``), is deep pressure work (``DEEP_PRESSURE``) or uses what a guest
    may refuse outright (``MODALITIES``). Only such a booking's guest's words are read."""
    return bool(service.contraindications or _areas_worked(service.name, service.category)
                or _deep_pressure(service.name) or _modalities_used(service.name))


def read_alerts(alerts: Iterable[Alert], *, today: date) -> list[GuestProfile]:
    """Each of the spa's alerts on a client read for allergies and conditions (the offline lexicon on ``today``, as
    notes are: a denied or someone else's allergy is not one), once for both uses: the booked service's check
    (``records_profile``) and each caution said once (``alerts_with_cautions``)."""
    return [extract_profile_offline(alert.text, today=today) for alert in alerts]


def records_profile(alerts_read: Sequence[GuestProfile], appointment: Appointment, *, today: date) -> GuestProfile:
    """The allergies and conditions the spa's alerts on the client (``read_alerts``) and the booking's own note
    state, and the body areas they keep off."""
    found = [*alerts_read, *([extract_profile_offline(appointment.notes, today=today)] if appointment.notes.strip() else [])]
    return _joined(found)


def _joined(found: Sequence[GuestProfile]) -> GuestProfile:
    """The allergies, conditions and areas kept off of every profile in ``found``, in one."""
    return GuestProfile(
        allergies=[item for profile in found for item in profile.allergies],
        contraindications=[item for profile in found for item in profile.contraindications],
        avoid_areas=[item for profile in found for item in profile.avoid_areas],
        pressure=[item for profile in found for item in profile.pressure],
    )


def notes_profile(client: Client, *, today: date) -> GuestProfile:
    """The allergies and conditions the guest's notes give, read by the offline lexicon on ``today`` (what the
    briefing's profile always holds, whether or not a model read the notes too); their intake answers are counted by
    ``ruled_out`` itself. Remembered by the words read (``_read_safety``): the day book asks again at each ``/spa
    today`` and App Home view."""
    return _read_safety(client.notes, today)


@lru_cache(maxsize=4096)
def _read_safety(text: str, today: date) -> GuestProfile:
    """The allergies and conditions ``text`` states, and the body areas it keeps off (``areas_kept_off``), read on
    ``today`` by the offline lexicon (a pure reading of its words: remembered, as the lexicon's reading of a long note
    costs milliseconds). Only read, never changed."""
    read = extract_profile_offline(text, today=today)
    return GuestProfile(allergies=read.allergies, contraindications=read.contraindications, avoid_areas=read.avoid_areas,
                        pressure=read.pressure)


def booking_ruled_out(
    appointment: Appointment,
    client: Client,
    services: Mapping[str, Service],
    *,
    today: date,
    profile: GuestProfile | None = None,
) -> list[RuledOut]:
    """What the guest's cautions rule out of the whole booking (every service line's service, each once), as the
    briefing checks it, and a service that works an area the notes keep off (``areas_kept_off``): ``profile``
    (default ``notes_profile``), the intake, the spa's alerts and the booking's note, read on ``today`` (the
    booking's day at its location)."""
    booked = [services[sid] for sid in dict.fromkeys(line.service_id for line in appointment.services) if sid in services]
    if not any(map(may_rule_out, booked)):
        return []  # nothing to rule out: no notes read
    profile = profile if profile is not None else notes_profile(client, today=today)
    # the spa's alerts and the booking's own note as ``records_profile`` reads them, each text remembered like the
    # notes: a day book is built again at each view, and a long booking note read anew each time cost as much as a
    # guest's notes read cold (200 bookings with 1-2 KB notes: 1.6-3.3 s a view; benchmarks/daybook.py)
    said = [*(alert.text for alert in client.alerts), *([appointment.notes] if appointment.notes.strip() else [])]
    records = _joined([_read_safety(text, today) for text in said])
    contraindicated = ruled_out(booked, client, profile, also=records)
    refused = modalities_kept_off(booked, notes=client.notes, alerts=[alert.text for alert in client.alerts],
                                  booking_note=appointment.notes)
    return [
        *contraindicated,
        *areas_kept_off(booked, profile, also=records, booking_note=appointment.notes),
        *pressure_kept_off(booked, profile, also=records, booking_note=appointment.notes),
        *refused,  # beside a contraindication too: this sentence prints no handling note (rev50l)
    ]


def not_said_already(refused: Iterable[RuledOut], contraindicated: Iterable[RuledOut]) -> list[RuledOut]:
    """The modalities refused (``modalities_kept_off``) that no contraindication of the same service says already in
    the therapist's DM, which prints each one's handling note: one whose note names it ("Hot Stone Massage 75 is
    contraindicated for this guest: pregnancy (prenatal positioning, no hot stones)") would say it twice beside "...
    uses hot stones, which the notes say to avoid". Any other contraindication keeps the refusal ("nut allergy
    (nut-free oils only)" says nothing of the stones: rev50b); the day book and the client card print no handling
    note and keep it always (rev50l)."""
    said = {(found.service_id, modality) for found in contraindicated for hit in found.hits
            for modality in MODALITIES if modality in CAUTIONS.get(hit, "")}
    return [found for found in refused if (found.service_id, found.modality) not in said]


def guest_ruled_out(services: Iterable[Service], client: Client, *, today: date) -> list[RuledOut]:
    """What the guest's cautions rule out of ``services`` before anything is booked (the services a waitlist entry
    asks for, so the fill never offers one of them by text): as ``booking_ruled_out`` reads them, without a booking's
    note: their notes (``notes_profile``), intake answers and the spa's alerts on them, read on ``today`` (the
    opening's day at its location), each text remembered."""
    wanted = [service for service in services if service.contraindications]
    if not wanted:
        return []  # nothing to rule out: no notes read
    records = _joined([_read_safety(alert.text, today) for alert in client.alerts])
    return ruled_out(wanted, client, notes_profile(client, today=today), also=records)
