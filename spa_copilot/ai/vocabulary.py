"""The canonical vocabulary of the AI layer: normalised names for allergies, health conditions and body areas.

This is the one place these names live. The offline lexicon maps free text onto them, model output is
normalised onto them, and ``Service.contraindications`` in the sandbox uses the same names, so a guest's
profile can be checked against a service by set intersection (``service_conflicts``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from spa_copilot.ai import lexicon as lx
from spa_copilot.domain import folded, letters_only

#: Allergies and sensitivities a therapist must know about (products, oils, gloves).
ALLERGIES: tuple[str, ...] = (
    "nutOil",
    "latex",
    "fragrance",
    "essentialOils",
    "shellfish",
    "iodine",
    "lanolin",
    "aloe",
    "soy",
    "coconut",
)

#: An allergy the record says the guest has without naming what to: a form's "Allergies: yes", an intake answered
#: "Yes". Kept only while no allergy is named, unless the question was about one kind ("Product allergies: yes";
#: ``extraction.settle_unnamed_allergy``), so the therapist is told to ask rather than nothing at all.
UNNAMED_ALLERGY = "unnamedAllergy"
#: Words a list of allergies may hold that name no allergen ("Allergies: yes - multiple", an intake's "Yes, food", a
#: model's "allergies" lifted from the heading), by their letters: such an allergy is ``UNNAMED_ALLERGY``.
NOT_AN_ALLERGEN = frozenset({
    "multiple", "various", "several", "many", "some", "lots", "few", "food", "foods", "drug", "drugs", "medication",
    "medications", "medicine", "medicines", "med", "meds", "other", "others", "allergy", "allergies", "foodallergy",
    "foodallergies", "drugallergy", "drugallergies", "unspecified", "yes", "true", "unnamed",
    "si", "oui", "ja", "sim",  # a yes in Spanish, French, German, Portuguese ("Alergias: sí"), read as an allergen "sí"
})


def allergy_named(name: str) -> str:
    """``name``, or "" when it names no allergen (``NOT_AN_ALLERGEN``, its accents aside): the caller reads that as
    ``UNNAMED_ALLERGY``."""
    return "" if letters_only(folded(name)) in NOT_AN_ALLERGEN else name

#: Health conditions that contraindicate or change a treatment.
CONTRAINDICATIONS: tuple[str, ...] = (
    "pregnancy",
    "bloodThinners",
    "retinoids",
    "isotretinoin",
    "sunburn",
    "hypertension",
    "diabetes",
    "varicoseVeins",
    "bloodClots",
    "recentSurgery",
    "heartCondition",
    "epilepsy",
    "rosacea",
    "eczema",
    "cancerTreatment",
    "recentInjectables",
    "osteoporosis",
    "skinInfection",
    "openWound",
    "lymphedema",
    "bleedingDisorder",
    "breastfeeding",
    "whiplash",
    "boneMetastases",
)

#: How an allergy is spelled as a service contraindication (``Service.contraindications``).
ALLERGY_CONTRAINDICATIONS: dict[str, str] = {
    "nutOil": "nutAllergy",
    "latex": "latexAllergy",
    "fragrance": "fragranceSensitivity",
    "essentialOils": "fragranceSensitivity",  # as the sandbox generator maps a lavender allergy
    "shellfish": "shellfishAllergy",
    "iodine": "iodineAllergy",
    "lanolin": "lanolinAllergy",
    "aloe": "aloeAllergy",
    "soy": "soyAllergy",
    "coconut": "coconutAllergy",
}

#: Services' contraindications an allergy meets besides its own (``ALLERGY_CONTRAINDICATIONS``): coconut is a tree nut
#: on many labels and menus (the sandbox's Coconut Sugar Scrub lists ``nutAllergy``), and until 4 December 2026 the
#: reader took a coconut allergy for a nut oil one and a service's "Coconut allergy" for ``nutAllergy``; so a coconut
#: allergy still meets a service listing a nut allergy, and a nut allergy one listing coconut (a caution kept, not
#: dropped: the therapist checks with the guest).
ALLERGY_ALSO_MEETS: dict[str, tuple[str, ...]] = {"coconut": ("nutAllergy",), "nutOil": ("coconutAllergy",)}

#: Every name a service may list as a contraindication.
SERVICE_CONTRAINDICATIONS: tuple[str, ...] = CONTRAINDICATIONS + tuple(ALLERGY_CONTRAINDICATIONS.values())

BODY_AREAS: tuple[str, ...] = (
    "neck",
    "shoulders",
    "upperBack",
    "lowerBack",
    "back",
    "hips",
    "glutes",
    "legs",
    "calves",
    "knees",
    "feet",
    "hands",
    "arms",
    "scalp",
    "face",
    "jaw",
    "abdomen",
    "chest",
)

PRESSURE_LEVELS: tuple[str, ...] = ("light", "medium", "firm", "deep")
TEMPERATURES: tuple[str, ...] = ("warm", "cool")
MUSIC: tuple[str, ...] = ("silence", "ambient", "nature", "classical", "jazz", "acoustic")
COMMUNICATION_STYLES: tuple[str, ...] = ("quiet", "chatty", "checkIns", "nervous")

def _preference_side(field: str, value: str) -> str | None:
    """Which of a preference's mutually exclusive choices a value makes (``None``: it excludes nothing)."""
    value = value.lower()
    if field in ("pressure", "temperature"):  # a level for one area ("light (shoulders)") sits beside the others
        return value if value in (*PRESSURE_LEVELS, *TEMPERATURES) else None
    if field == "communication_style":
        return value if value in ("chatty", "quiet") else None
    if field == "music":
        return "silence" if value == "silence" else "music"
    if field == "scent":
        return "unscented" if value == "unscented" else "scent"
    return None


def disagreeing(field: str, values: Iterable[str]) -> list[str]:
    """The values of one preference (snake_case profile field) that cannot all be true, in order: two pressure
    levels for the whole body, warm and cool, chatty and quiet, no music and some music, unscented and a scent.
    ``[]`` when they agree."""
    sided = [(value, side) for value in values if (side := _preference_side(field, value)) is not None]
    return [value for value, _ in sided] if len({side for _, side in sided}) > 1 else []


#: A short, staff-facing handling note per safety name (shown in briefings; never sent to clients).
CAUTIONS: dict[str, str] = {
    "nutOil": "nut-free oils only",
    "latex": "nitrile gloves, no latex",
    "fragrance": "unscented products",
    "essentialOils": "no essential oils",
    "shellfish": "no seaweed or marine products",
    "iodine": "no iodine-based products",
    "lanolin": "lanolin-free products",
    "aloe": "aloe-free products",
    "soy": "soy-free products",
    "coconut": "no coconut oil (fractionated coconut oil too)",
    UNNAMED_ALLERGY: "ask what they are allergic to before any oil, lotion or gloves",
    "pregnancy": "prenatal positioning, no hot stones",
    "bloodThinners": "gentle pressure, bruises easily",
    "retinoids": "no peels or strong exfoliation",
    "isotretinoin": "no waxing, peels or exfoliation",
    "sunburn": "no heat or exfoliation on burnt skin",
    "hypertension": "limit heat, sit up slowly",
    "diabetes": "gentle on feet, check skin",
    "varicoseVeins": "no pressure on the veins",
    "bloodClots": "no deep work on the legs",
    "recentSurgery": "keep clear of the surgical area",
    "heartCondition": "no electrical devices, limit heat",
    "epilepsy": "no flashing lights",
    "rosacea": "no heat on the face",
    "eczema": "fragrance-free products, avoid flare areas",
    "cancerTreatment": "light pressure, check with the guest",
    "recentInjectables": "no pressure on treated areas",
    "osteoporosis": "gentle pressure, no deep work on bones",
    "skinInfection": "no treatment on the affected skin until cleared (may be contagious)",
    "openWound": "keep clear of the wound, no products on broken skin",
    "lymphedema": "no deep work or heat on the affected limb",
    "bleedingDisorder": "gentle pressure, bruises easily",
    "breastfeeding": "no chest work, ask about lying face down; check essential oils with her",
    "whiplash": "gentle on the neck, no deep work or stretching there",
    "boneMetastases": "light touch only, no deep pressure or joint moves (fracture risk); check with the guest",
}


#: The handling notes that differ on a face or skin service (a facial, a peel, brows and lashes: ``face_and_skin_only``),
#: where the massage's would mislead: pregnancy's positioning and hot stones are a massage's; an esthetician's care is
#: the products and devices and how she lies. The caution itself is the same, and said.
SKIN_CAUTIONS: dict[str, str] = {
    "pregnancy": "semi-reclined, not flat on her back; no retinoids, strong acids or peels, no electrical devices",
}


def service_conflicts(
    *, allergies: Iterable[str], contraindications: Iterable[str], service_contraindications: Iterable[str]
) -> list[str]:
    """The service's contraindications that this guest's allergies and conditions hit (sorted), in the vocabulary's
    names. The service's are read as the spa system spells them (``service_contraindications``: "Pregnancy", "Nut
    allergy", "Blood thinners"); a name outside the vocabulary matches the same name in any case or spacing. An allergy
    also meets the names ``ALLERGY_ALSO_MEETS`` gives it (a coconut allergy a service's ``nutAllergy``)."""
    guest = {_folded(name) for name in contraindications}
    allergies = list(allergies)
    guest |= {_folded(ALLERGY_CONTRAINDICATIONS.get(name, name)) for name in allergies}
    guest |= {_folded(also) for name in allergies for also in ALLERGY_ALSO_MEETS.get(name, ())}
    named = {name for text in service_contraindications for name in service_contraindications_in(text)}
    return sorted(name for name in named if _folded(name) in guest)


def _folded(name: str) -> str:
    return re.sub(r"[\W_]+", "", name).casefold()


_SERVICE_NAMES = {_folded(name): name for name in SERVICE_CONTRAINDICATIONS}


@lru_cache(maxsize=1024)
def service_contraindications_in(text: str) -> tuple[str, ...]:
    """A service's contraindication as the spa system may spell it, in the vocabulary's names: "Pregnancy",
    "pregnant" → ``pregnancy``; "Nut allergy", "NUT_ALLERGY", "Tree nuts" → ``nutAllergy``; "Blood thinners",
    "Warfarin" → ``bloodThinners``; one entry naming several ("Pregnancy, blood thinners", "Shellfish/iodine
    allergy") → each of them. A name the vocabulary and the notes lexicon do not know is kept as written
    ("Claustrophobia")."""
    exact = _SERVICE_NAMES.get(_folded(text))
    if exact is not None:
        return (exact,)
    found = [
        spelled[value] if spelled is not None else value
        for table, spelled in ((lx.CONDITIONS, None), (lx.ALLERGENS, ALLERGY_CONTRAINDICATIONS))
        for value, pattern in table.items()
        if re.search(rf"(?<!\w)(?:{pattern})(?!\w)", text, re.IGNORECASE)
    ]
    return tuple(dict.fromkeys(found)) or (text,)


#: camelCase ids (``lowerBack``, ``hotStoneSet``), not words that merely mix cases (``iPhone``, ``pH``, ``mRNA``)
_CAMEL = re.compile(r"[a-z]{2,}(?:[A-Z][a-z0-9]+)+")


#: Names said otherwise than their words: the reader keeps a surgery or an injectable the notes date recently or not
#: at all (one dated long ago is dropped), so "recent" would often be a guess; the contract names stay as they are.
_SAID: dict[str, str] = {"recentSurgery": "surgery", "recentInjectables": "injectables"}


def spoken(name: str) -> str:
    """A vocabulary name as staff read it: ``"lowerBack"`` → ``"lower back"``, ``"nutOil"`` → ``"nut oil"``,
    ``"recentSurgery"`` → ``"surgery"`` (``_SAID``); anything else (a one-word name, free text from the spa system) as
    it is."""
    if name in _SAID:
        return _SAID[name]
    if not _CAMEL.fullmatch(name):
        return name
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).lower()


def allergy_words(name: str) -> str:
    """``"nut oil allergy"`` for ``nutOil``, ``"unnamed allergy"`` for ``unnamedAllergy``: an allergy as a briefing
    says it."""
    words = spoken(name)
    return words if "allerg" in words.lower() else f"{words} allergy"


def caution_line(name: str, *, site: str = "", skin: bool = False) -> str:
    """An allergy or condition with how to handle it, as staff read it: ``"nut oil: nut-free oils only"``; with the
    body area the notes name for it (``site``, ``caution_site``): ``"surgery (left knee): keep clear of the surgical
    area"``. ``skin``: the booking is face or skin work only (``SKIN_CAUTIONS``' handling where it has one)."""
    said = f"{spoken(name)} ({site})" if site else spoken(name)
    if skin and name in SKIN_CAUTIONS:
        return f"{said}: {SKIN_CAUTIONS[name]}"
    return f"{said}: {CAUTIONS[name]}" if name in CAUTIONS else said


#: The conditions whose handling is about one place on the body ("keep clear of the surgical area", "no pressure on
#: treated areas"): the briefing says the area when the notes name it (``caution_site``).
SITED_CAUTIONS = frozenset({"recentSurgery", "recentInjectables", "skinInfection", "openWound"})


_ROOM_NOUNS = frozenset({"room", "suite", "studio", "lounge", "area", "space", "bay", "booth", "cabin", "pod"})
#: Short names said letter by letter, kept in capitals in any spelling ("ledMask" → "LED mask", "VIP_SUITE" → "VIP suite").
_ACRONYMS = frozenset({"VIP", "LED", "IPL", "CBD", "RF", "IV", "UV", "HIFU", "TMJ"})
#: The words of one identifier part: an acronym before a capitalised word ("VIPRoom"), a word, capitals, digits.
_CATALOGUE_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


@lru_cache(maxsize=1024)
def catalogue_words(name: str) -> str:
    """A skill, certification, room type or equipment kind as staff say it, however the spa system spells it:
    ``hotStone``, ``HotStone``, ``HOT_STONE``, ``hot_stone`` → "hot stone"; ``MassageRoom`` → "massage room";
    ``ledMask`` → "LED mask", ``VIPSuite`` → "VIP suite". Words typed with spaces ("Hot Stone", "Treatment Room")
    are kept as written, and so is anything that is not an identifier ("iPhone", "pH")."""
    name = name.strip()
    if not name or any(c.isspace() for c in name):
        return name
    parts = [part for part in re.split(r"[_\-]+", name) if part]
    shouting = not any(c.islower() for c in name)  # HOT_STONE, MASSAGE: capitals for case, not acronyms
    words: list[str] = []
    for part in parts:
        pieces = _CATALOGUE_WORD.findall(part)
        if "".join(pieces) != part or (len(pieces) > 1 and any(len(p) == 1 and p.isalpha() for p in pieces)):
            return name  # "pH", "mRNA", "iPhone", "x+y": not a catalogue identifier
        for piece in pieces:
            if piece.upper() in _ACRONYMS:
                words.append(piece.upper())
            elif piece.isupper() and len(piece) > 1 and not shouting:
                words.append(piece)  # an acronym inside a mixed-case name ("SPARoom")
            else:
                words.append(piece.lower())
    return " ".join(words) if words else name


def room_type_words(room_type: str) -> str:
    """A room type as staff read it, without an article: ``massageRoom``, ``MassageRoom``, ``MASSAGE_ROOM`` →
    "massage room", ``couplesSuite`` → "couples suite", ``facial`` → "facial room" (a type that names no kind of
    room gets "room"); typed words are kept ("Treatment Room")."""
    said = catalogue_words(room_type)
    words = said.split()
    return said if words and words[-1].lower() in _ROOM_NOUNS else f"{said} room".strip()


def with_article(words: str) -> str:
    """``words`` after "a" or "an" as said aloud: "a massage room", "an oxygen pod", "an LED mask", "a VIP suite"."""
    first = words.split()[0] if words.split() else ""
    if first.isupper() and len(first) > 1:  # an acronym is said letter by letter: "an LED", "an RF", "a VIP"
        vowel_sound = first[0] in "AEFHILMNORSX"
    else:
        vowel_sound = first[:1].lower() in ("a", "e", "i", "o", "u")
    return f"{'an' if vowel_sound else 'a'} {words}"
