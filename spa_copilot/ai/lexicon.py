"""The offline engine's lexicon: phrases that map free text onto the canonical vocabulary, and the cues around them.

Patterns are regular-expression fragments matched case-insensitively on word boundaries. A term's ``kind``
says how the engine treats it:

- ``plain``: a value, subject to negation, history and "someone else" checks;
- ``self_negating``: the phrase carries its own negation ("no music" → silence), so no negation check;
- ``ambiguous``: a pressure word that needs pressure context ("light" pressure, not "light" music);
- ``allergen``: counts only in an allergy context ("allergic to …", "… allergy", "… gives her hives");
- ``area``: a body area, assigned to focus or avoid by the cues around it;
- ``blocker``: consumes its span and yields nothing ("trying to get pregnant", "lying on back").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

TermKind = Literal["plain", "self_negating", "ambiguous", "allergen", "area", "blocker"]


@dataclass(frozen=True)
class Term:
    field: str
    value: str
    pattern: str
    kind: TermKind = "plain"
    #: for a scent: the allergy it means in an allergy context ("lavender allergy" → essentialOils)
    allergen: str | None = None


def _terms(field: str, kind: TermKind, table: dict[str, str], allergen: str | None = None) -> list[Term]:
    return [Term(field, value, pattern, kind, allergen) for value, pattern in table.items()]


#: A month or season, for "expecting in June", "due in March".
_WHEN = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?"
    r"|nov(?:ember)?|dec(?:ember)?|spring|summer|autumn|fall|winter)"
)

#: Time units as notes write them: "3 weeks", "3 wks", "3w"; "8 months", "8 mos"; "2 years", "2 yrs", "2y".
DAYS = r"(?:days?|d)"
WEEKS = r"(?:weeks?|wks?|w)"
MONTHS = r"(?:months?|mos?|mths?)"
YEARS = r"(?:years?|yrs?|y)"
#: "allergy", "allergies", "allergic", also misspelled ("alergic", "allergc", "alergy") and in Spanish ("alérgica",
#: "alergia").
ALLERGY_WORD = r"al{1,2}[eé]rg\w*"
#: Words that say an allergy is grave wherever they stand ("anaphylactic", "carries an EpiPen", "life-threatening"),
#: and "severe" (or "extremely"), grave next to an allergy: the briefing engine reads them (``engines.briefing``).
#: "anaphylaxis" also as typed ("anaphalaxis", "anaphlaxis", "anaphelactic"), the pen by its kind ("auto-injector").
GRAVE_WORDS = (
    r"anaph[aeiy]?l\w*|epi[\s-]?pens?|auvi[\s-]?q|epinephrine|auto[\s-]?injectors?|life[\s-]threatening|deathly|deadly"
)
#: Also in Spanish ("ALERGIA SEVERA A NUECES").
SEVERE_WORD = r"(?:severe(?:ly)?|extreme(?:ly)?|sever[ao]s?|(?<!\bnada\s)grave)"
#: Any word of gravity, even denied ("not anaphylactic"; ``DENIED_BEFORE``, ``DENIED_AFTER`` tell).
SAYS_GRAVE = re.compile(rf"\b(?:{GRAVE_WORDS}|{SEVERE_WORD})\b", re.IGNORECASE)
#: A denial just before a grave word ("not severe", "no EpiPen needed", "non-anaphylactic", "doesn't need an EpiPen")...
#: The words between are words, not a dash: "No latex - anaphylactic" keeps latex away, it denies nothing.
DENIED_BEFORE = re.compile(
    r"\b(?:not|no|non|never|\w+n['’]t)\b[\s-]+(?:(?!without\b)[\w'’]+(?:-[\w'’]+)*\s+){0,2}$", re.IGNORECASE
)
#: ...or just after it ("EpiPen not needed").
DENIED_AFTER = re.compile(r"^\W*(?:(?:is|are)\s+)?(?:not|never)\s+(?:needed|required|necessary)\b", re.IGNORECASE)


def says_grave_undenied(text: str) -> bool:
    """Whether ``text`` has a word of gravity (``SAYS_GRAVE``) not denied right before or after it."""
    return any(not denied(text, m.start(), m.end()) for m in SAYS_GRAVE.finditer(text))


def denied(text: str, start: int, end: int) -> bool:
    """Whether the words at ``start``–``end`` of ``text`` are denied right before or after ("not severe", "EpiPen not
    needed"; ``denied_before``, ``DENIED_AFTER``)."""
    return denied_before(text[:start]) or DENIED_AFTER.match(text[end:]) is not None


def denied_before(before: str) -> bool:
    """Whether a grave word right after ``before`` is denied by its end (``DENIED_BEFORE``): not across an allergen's
    name, which the negation keeps away ("NO PEANUTS ANAPHYLAXIS" says the peanut allergy is grave: rev49c)."""
    denial = DENIED_BEFORE.search(before)
    return denial is not None and not _NAMES_AN_ALLERGEN.search(denial.group(0))
#: The stem of "sensitive", "sensitivity", also misspelled as front desks type it ("sensitve", "sensative", "senstive",
#: "sensetive").
SENSITIVE_WORD = r"sens(?:itiv|itv|ativ|tiv|etiv)"

#: Denials in French, Portuguese and Tagalog ("pas enceinte", "n'est pas allergique", "não está grávida", "sem alergia
#: a", "hindi siya buntis": not her, "wala pong allergy"): each right before a word lex52b taught the reader keeps it
#: from being read (``_not_after``). Not the reader's negations (``NEGATION``): those reach words read before too, and
#: lex52b adds cautions only ("Pas d'hypertension" is read as before).
_FOREIGN_DENIALS = (
    "pas ", "pas d'", "pas d’", "pas de ", "n'est pas ", "n’est pas ", "sans ", "jamais ", "aucun ", "aucune ",
    "não ", "nao ", "não é ", "nao e ", "não está ", "nao esta ", "não tem ", "nao tem ", "sem ", "nem ", "nenhuma ",
    "hindi ", "hindi siya ", "hindi sya ", "hindi po ", "di siya ", "wala ", "walang ", "wala pong ", "wala po ",
    # rev52d: "no longer", "not yet", "no"
    "plus ", "n'est plus ", "n’est plus ", "pas encore ", "non ", "não está mais ", "nao esta mais ",
    "hindi na ", "hindi pa ", "hindi raw ", "hindi daw ", "di ", "nunca ",
)
#: Someone else right before a Tagalog "allergic sa": "Yung anak niya allergic sa hipon" (rev52d).
_TAGALOG_OTHERS = tuple(
    word + " " for word in "niya nila anak asawa mister misis nanay tatay kapatid lola lolo kuya ate".split()
)
#: Relatives in French, before "est allergique": "Sa fille est allergique au latex" is hers (the French cue only; the
#: reader's someone-else words, ``OTHER_PERSON``, stay English: a Spanish "Su mamá … y ella también" lost hers, rev51d).
_FRENCH_RELATIVES = tuple(
    word + " " for word in "fille fils mari femme mère père sœur soeur frère enfant copain copine".split()
)
_PORTUGUESE_DENIALS = ("não ", "nao ", "não é ", "nao e ", "não tem ", "nao tem ", "sem ", "nem ", "nenhuma ")


def _not_after(denials: tuple[str, ...], *leads: str) -> str:
    """Fixed-width lookbehinds: no denial of ``denials``, then one of ``leads`` (or nothing), right before."""
    return "".join(rf"(?<!\b{re.escape(denial + lead)})" for denial in denials for lead in (leads or ("",)))


#: Before a Portuguese allergen's name after Spanish's "a" cue: no "sem alergia a", "não é alérgica a".
_NOT_DENIED_IN_PORTUGUESE = _not_after(
    _PORTUGUESE_DENIALS,
    *(word + to for word in ("alérgica", "alérgico", "alergica", "alergico", "alergia", "alergias") for to in (" a ", " ao ", " à ")),
)
ALLERGENS: dict[str, str] = {
    # a nut's oil is one term with its nut, as "almond oil" is ("WALNUT OIL" flags it; "No walnut oil - allergic")
    "nutOil": r"nut[\s-]?(?:based\s+)?oils?|(?:sweet\s+)?almonds?(?:\s+oil)?|macadamia(?:\s+oil)?"
    r"|(?:(?:tree[\s-]?)?nuts?|peanuts?|pee?nuts?|walnuts?|pecans?|cashews?|hazelnuts?|pistachios?|brazil\s+nuts?)(?:\s+oils?)?"
    r"|nuec(?:es)?|nuez|man[ií]|cacahuates?|almendras?|🥜|🌰"
    # French, Portuguese (lex52b): "allergique aux noix" (not "noix de coco", a coconut), "alérgica a amendoim"
    r"|noix(?![^\S\n]+de[^\S\n]+coco)|noisettes?|arachides?|cacahu[eè]tes?|amandes?"
    rf"|(?=amendoi|nozes|castanha){_NOT_DENIED_IN_PORTUGUESE}(?:amendoi[mn]s?|nozes|castanhas?)",
    # coconut is its own allergen (4 Dec 2026): a coconut allergy read as a nut oil one said "nut-free oils only", and
    # fractionated coconut oil is the usual nut-free carrier oil
    "coconut": r"(?:fractionated\s+)?coconut(?:[\s-]?(?:oil|milk|butter|cream|water)s?)?|cocos\s+nucifera"
    r"|(?:huile\s+de\s+)?noix\s+de\s+coco",
    "latex": r"l[aá]te?x",  # "latx" as typed too
    "fragrance": r"fragrances?|perfumes?|scents?|scented\s+products|parfum|strong\s+smells?",
    "essentialOils": r"essential\s+oils?|aromatherapy\s+oils?",
    "shellfish": r"shellfish|seafood|shrimp|crab|lobster|mariscos?"
    # French, Portuguese, Tagalog (lex52b): "fruits de mer", "frutos do mar", "camarão", "hipon" (shrimp)
    r"|fruits\s+de\s+mer|crustac[ée]s|crevettes?|hipon"
    rf"|(?=frutos|camar){_NOT_DENIED_IN_PORTUGUESE}(?:frutos\s+do\s+mar|camar[ãa]o|camar[õo]es)",
    "iodine": rf"iodine|iode|(?=iodo){_NOT_DENIED_IN_PORTUGUESE}iodo",
    "lanolin": r"lanoline?",  # "lanoline" as typed too
    "aloe": r"aloe(?:\s+vera)?|(?:alo|a\s+low)\s+vera",  # "alo vera" as typed, "a low vera" as dictated
    "soy": r"soy(?:bean)?(?:\s+oil)?",
}
#: Any allergen's name (``denied_before``: a negation does not reach across one).
_NAMES_AN_ALLERGEN = re.compile(rf"\b(?:{'|'.join(ALLERGENS.values())})", re.IGNORECASE)
#: Right after an allergen, "anaphylaxis" with no mark between, whatever follows it: "SHELLFISH ANAPHYLAXIS epipen in
#: purse", "🚨🚨 SHELLFISH ANAPHYLAXIS 🚨🚨 …" (lex52b: read only when the line held nothing else). Not "anaphylaxis
#: to" / "from" / "with" something after it, which is that thing's, nor a family's, a risk or a denial after it.
ANAPHYLAXIS_RIGHT_AFTER = re.compile(
    r"^[^\S\n]+anaphyla(?:xis|ctic)\b(?![^\S\n]+(?:to|from|with)\b)"
    # nor one said of her family, as a risk, or denied after it (rev52d: "Hx shellfish anaphylaxis in family", "Latex
    # anaphylaxis risk discussed - none")
    r"(?![^.;\n]*?(?:\b(?:family|fam|relatives?|risk|discussed|ruled[^\S\n]+out|negative|neg|denies|denied)\b"
    r"|[-–—:][^\S\n]*(?:none|no|nil|n/?a|neg)\b))",
    re.IGNORECASE,
)

#: The body words a note writes "op" or "operation" beside for a surgery there: right before it ("knee op last month",
#: "shoulder op 3 wks ago", "R hip op") or after "op on" ("op on her left knee"). An operation named at a body area is
#: a surgery as "knee surgery" is (undated, kept; dated long ago, history); "co-op", "op-ed", "photo op", "op shop"
#: and a bare "op" name none.
_OPERATED = (
    "knee knees hip hips shoulder shoulders ankle ankles back neck spine wrist wrists elbow elbows foot feet hand hands "
    "tummy stomach abdominal abdomen belly hernia acl meniscus eye eyes heart bowel breast breasts jaw"
).split()
_AREA_OP = (
    "(?:" + "|".join(rf"(?<=\b{word}[\s-])" for word in _OPERATED) + r")op(?:eration)?s?(?!-ed\b)"
    r"|(?<!\bphoto[\s-])(?<!\bco-)op(?:eration)?s?(?=[^\S\n]+on[^\S\n]+(?:(?:the|her|his|their|my|a|both)[^\S\n]+)?"
    r"(?:(?:left|right|l|r)[^\S\n]+)?(?:" + "|".join(_OPERATED) + r")\b)"
)

#: A date that opens the line (or the clause) right before a joint, a side word maybe between: "11/20 knee
#: replacement", "11/20 - knee replacement", "11/20/2026 R knee replacement", "2026-11-20 hip replacement". Fixed-width
#: lookbehinds, one for each shape of the date, the mark after it and the side word; the date is read as one after the
#: replacement is ("knee replacement 11/20" is recent, "3/2/2015 Knee replacement" history: ``note_questions._in_past``).
_LINE_DATE_DAYS = (
    *(month + "/" + day + year for month in (r"\d", r"\d\d") for day in (r"\d", r"\d\d") for year in ("", r"/\d\d", r"/\d{4}")),
    r"\d{4}-\d\d-\d\d",
)
_LINE_DATE_MARKS = (r"[^\S\n]", r"[:-][^\S\n]", r"[^\S\n][-–—][^\S\n]")
_LINE_DATE_SIDES = (r"[lr][^\S\n]", r"[lr]\.[^\S\n]", r"left[^\S\n]", r"right[^\S\n]")
_LINE_DATE_BEFORE = "|".join(
    rf"(?<=(?<![^\n]){day}{mark}{side})"
    for day in _LINE_DATE_DAYS
    for mark in _LINE_DATE_MARKS
    for side in ("", *_LINE_DATE_SIDES)
)
#: All the clause says before a joint replacement so dated ("11/20 knee replacement", "11/20 - R knee replacement";
#: the shapes of ``_LINE_DATE_BEFORE``): the date may be the writing date, so words after the replacement that say it
#: is still to come or no surgery (``FUTURE_EVENT``, ``REPLACEMENT_NOT_DONE``) win over it ("11/20 knee replacement
#: next month", "… consult"; ``note_questions._still_to_come``).
LINE_DATE_OPENING = re.compile(
    rf"[^\S\n]*(?:{'|'.join(_LINE_DATE_DAYS)})(?:{'|'.join(_LINE_DATE_MARKS)})(?:{'|'.join(_LINE_DATE_SIDES)})?",
    re.IGNORECASE,
)
REPLACEMENT_NOT_DONE = re.compile(r"\b(?:consult\w*|eval\w*|pending|cancel+ed|postponed)\b", re.IGNORECASE)

#: After a condition's name, a product or a treatment named for it, or an allergy to one ("shingles vaccine allergy",
#: "Lice shampoo", "Lymphedema sleeve", "hemophilia factor"): no condition of the guest's (an adversarial review).
_NOT_A_PRODUCT = (
    r"(?![^\S\n]+(?:vaccines?|shots?|jabs?|shampoos?|creams?|ointments?|lotions?|drops|sprays?|treatments?|meds?"
    r"|medications?|medicines?|sleeves?|garments?|factors?|kits?|products?|allerg\w*))"
)

#: She, a number of weeks or months and nothing after it that makes it a time since or until something: "she's 7
#: months", "she is 30 wks", "she's now 22 weeks" are how far along she is; not "she's 7 months post-op", "she's 6
#: months out", "she's 3 months sober", "she's 7 months old". A term of ``pregnancy``; the bare figure in a pregnancy's
#: context is ``PREGNANCY_WEEKS_ALONE``'s.
_SHE_IS_WEEKS_OR_MONTHS = (
    r"(?:she['’]s|she\s+is)\s+(?:now\s+|about\s+|almost\s+|nearly\s+|just\s+|currently\s+|~\s*)?"
    r"(?:[1-9]\s*(?:months?|mos?)|(?:[4-9]|[1-3]\d|4[0-2])\s*(?:weeks?|wks?))\b"
    r"(?![^\S\n]*[-(]?[^\S\n]*(?:post|after|out|since|into|of|in|from|on|off|sober|clean|between|until|till|apart|ago"
    r"|left|later|without|w/o|old|free|behind|late|early|pp|overdue|due\s+for|per|prior|before|back|away|younger|older"
    r"|running|straight|now\s+since|pre?g\w*|along)\b)"  # "she is 20 wks pregnant" is the figure's own term
)
#: Atrial fibrillation as charted, "AF" in capitals: only in a health history's words ("Hx AF", "h/o AF",
#: "Dx AF 2019", "PMH: AF"; not "has AF": "Usually has AF, 60 min" names her therapist) or beside a blood thinner ("AF - on warfarin", "Pt on warfarin (AF)"); never "AF" alone
#: (initials, "booked with AF"), lex52. It ends its phrase: a mark, a year, "and", the line's end. (The capitals are
#: looked for first: the words before them are tried only where they stand.)
_AF_HISTORY = "".join(
    rf"(?<=\b{re.escape(word + gap)})"
    for word in ("hx", "h/o", "dx", "pmh", "history of", "hist", "known")  # not "has": "Always has AF." (initials)
    for gap in (" ", ": ", ":", "  ")
).replace(")(?<=", ")|(?<=")
_AF_THINNER = (
    r"(?:warfarin|coumadin|eliquis|apixaban|xarelto|rivaroxaban|pradaxa|dabigatran|edoxaban|savaysa|lovenox|heparin"
    r"|blood[^\S\n]*thinners?|anti-?coagulants?)"
)
_AF_THINNER_NAMES = (
    "warfarin", "coumadin", "eliquis", "apixaban", "xarelto", "rivaroxaban", "pradaxa", "blood thinners", "blood thinner",
    "anticoagulants",
)
_AF_THINNER_BEFORE = "".join(
    rf"(?<={re.escape(name + gap)})" for name in _AF_THINNER_NAMES for gap in (" (", "(", " for ", " - ")
).replace(")(?<=", ")|(?<=")
_AF = (
    rf"(?=(?-i:AF))(?:{_AF_HISTORY}|{_AF_THINNER_BEFORE})(?-i:AF)\b(?=[^\S\n]*(?:$|[.,;:!?)(/\n-]|–|—|and\b|\d{{4}}|since\b))"
    rf"|(?<![\w/])(?-i:AF)(?=[^\S\n]*(?:[-–—,:;(]+[^\S\n]*)?(?:on|takes?|taking|w/)[^\S\n]+{_AF_THINNER})"
)
#: "expecting" as a pregnancy: it ends its clause (a mark, a dash, the line's end), after the note's or sentence's
#: start or after she / the client / "is" ("She's expecting!", "Client is expecting.", "Latex allergy. expecting").
_EXPECTING_ALONE = (
    r"(?:(?<=\bshe[^\S\n])|(?<=\bshe['’]s[^\S\n])|(?<=\bis[^\S\n])|(?<=\bclient[^\S\n])|(?<=\bguest[^\S\n])"
    r"|(?<![\w'’,&/][^\S\n])(?<![\w'’&/-]))expecting(?=[^\S\n]*(?:[!.,;)\n]|[-–—]|$))"
)
#: Words of a birth or of care in pregnancy: after "due in N weeks" they make it a pregnancy whatever else follows
#: ("Baby due in 6 weeks to book her C-section", "Due in 6 weeks, being induced", "She's due in 4 weeks for her OB
#: appointment": rev50c).
_BIRTH_WORDS = (
    r"c[\s-]?sec(?:tion)?|caesarean|cesarean|ces[aá]rea|bab(?:y|ies)|deliver(?:y|ing)?|birth|labou?r|induc(?:ed|tion)"
    # not "scan", "ultrasound", "maternity": a skin scan, an ultrasound cavitation, maternity photos (rev50d)
    r"|ob|ob-?gyn|midwife|prenatal|antenatal|pregnan\w*"
)
#: What may be due instead of a baby, right after "for" or "to" (a usual-visit word between at most): an
#: appointment, a treatment, a payment ("She's due in 2 weeks for her gel mani", "she is due in 3 weeks to rebook").
_DUE_FOR_AN_APPOINTMENT = (
    r"[^\S\n]+(?:for|to)[^\S\n]+(?:(?:her|the|a|an|their|his|its)[^\S\n]+)?"
    r"(?:(?:usual|regular|routine|monthly|weekly|fortnightly|quarterly|annual|yearly|scheduled|standing|next)[^\S\n]+)?"
    r"(?:follow|return|come|rebook|book|renew|touch|fill|refill|infill|brows?|lash|lashes|wax|facial|massage"
    r"|appointment|appt|visit|tint|top|pedi(?!atric)|mani(?!a)|gel|peel|nails?|botox|tox|dysport|laser|membership|cut"
    r"|trim|colou?r|highlights?|blow|hair|treatment|session|service|retouch|microneedl|hydrafacial|dermaplan"
    r"|extensions?|lamination|brazilian|pay|payment|deposit|balance|invoice|renewal|package|voucher|schedule"
    r"|reschedule)\w*\b"
)
#: "due in 6 weeks" as a pregnancy: said of the baby or of her ("Baby due in 6 weeks", "she's due in 3 months"), not
#: when an appointment is what is due ("She's due in 2 weeks for her gel mani", ``_DUE_FOR_AN_APPOINTMENT``); said of
#: nobody ("Due in 6 weeks", "Botox - due in 3 months", "Latex allergy - due in 8 weeks": a med spa's rebook reminder
#: as often), only with a word of a birth or of pregnancy care later in its clause (``_BIRTH_WORDS``: "Due in 6 weeks,
#: being induced"). rev50c: a treatment list never covers every way a spa names its services.
_DUE_IN_N = (
    r"due[^\S\n]+in[^\S\n]+(?:[1-9]|[1-3]\d|a[^\S\n]+few|a[^\S\n]+couple(?:[^\S\n]+of)?|two|three|four|five|six|seven"
    r"|eight|nine)[^\S\n]*(?:weeks?|wks?|months?|mos?)\b"
)
_A_BIRTH_LATER = rf"(?=[^.;!?\n]*?\b(?:{_BIRTH_WORDS})\b)"
_DUE_IN_WEEKS = (
    rf"(?:baby|(?:she|client|guest)(?:[^\S\n]+is|['’]s))[^\S\n]+(?:is[^\S\n]+)?{_DUE_IN_N}"
    rf"(?:{_A_BIRTH_LATER}|(?!{_DUE_FOR_AN_APPOINTMENT}))"
    rf"|(?<![\w'’/&-]){_DUE_IN_N}{_A_BIRTH_LATER}"
)
CONDITIONS: dict[str, str] = {
    # with the misspellings notes typed on a phone carry ("pregant", "pregnat", "pregnent", "prego"): a safety review
    # found them read as nothing
    "pregnancy": r"pregnan(?:t|cy)(?![^\S\n]+loss)|preggo|preggers|preg|embarazada|embarazo"
    r"|preg(?:ant|nat|nent|net|ancy|nacy|anct)|pergnant|prgnant|prego(?=[^\S\n]*(?:\d|[,.;:!)\n]|$))"
    r"|expecting\s+(?:a\s+baby|twins|(?:her|their)\s+(?:first|second|third|1st|2nd|3rd|baby)|baby|again|a\s+(?:boy|girl)"
    rf"|(?:in|early|mid|late)\s+{_WHEN})|(?:1st|2nd|3rd|first|second|third)\s+trimester|\d+\s*(?:weeks|wks?|months?|mos?)\s+(?:pregnant|along(?!\s+with\b))|(?:currently|now)\s+\d{{1,2}}\s*(?:weeks|wks?)\b(?![^\S\n]*\(?[^\S\n]*(?:post|after|out|since|into|of|in|from|on|off"
    r"|sober|clean|between|until|till|apart|ago|left|later|without|w/o|due\s+for|per\s+(?:visit|session))\b)"
    rf"|{_SHE_IS_WEEKS_OR_MONTHS}"
    rf"|prenatal|(?:baby\s+(?:is\s+)?)?due\s+(?:date\s+(?:is\s+)?)?(?:in|on|early|mid|late|at\s+the\s+end\s+of)\s+{_WHEN}"
    rf"|baby\s+due\s+(?:in\s+|on\s+)?{_WHEN}|due\s+date"
    # a due date in figures ("Baby due 8/15/2026") or an obstetric EDD ("EDD 8/15/26", "EDD: Aug 15"), read as
    # nothing before 5 December 2026 (the month in words was)
    rf"|baby\s+(?:is\s+)?due\s+(?:on\s+)?\d{{1,2}}[/.-]\d{{1,2}}\b|edd(?=[^\S\n]*[:=-]?[^\S\n]*(?:\d|{_WHEN}))"
    # "12 wks pg", "pg 24wks" (shorthand beside her weeks only), "Mom-to-be", "expectant mother", "baby on the way"
    r"|(?:[4-9]|[1-3]\d|4[0-2])[^\S\n]*(?:weeks?|wks?|w)[^\S\n]+pg|pg[^\S\n]*(?:[4-9]|[1-3]\d|4[0-2])[^\S\n]*(?:weeks?|wks?|w)\b"
    r"|(?:mom|mum|mam+a|mommy|mummy|mother)[\s-]+to[\s-]+be|expectant[^\S\n]+(?:mother|mom|mum|mama)"
    r"|baby[^\S\n]+on[^\S\n]+the[^\S\n]+way|bun[^\S\n]+in[^\S\n]+the[^\S\n]+oven"
    # "She's expecting!", "Client is expecting", a bare "expecting" (a note's or an intake's): "expecting" that ends
    # its clause, standing alone or after she / the client / "is" ("expecting a call back", "expecting her sister",
    # "we're expecting" are none); "Baby due in 6 weeks", "she's due in 3 months"; "She is with child"
    rf"|{_EXPECTING_ALONE}"
    rf"|{_DUE_IN_WEEKS}"
    r"|(?:she|client|guest)(?:[^\S\n]+is|['’]s)[^\S\n]+with[^\S\n]+child\b(?![^\S\n]+(?:care|minding|seat))"
    r"|(?:🤰|🫃|🫄)[\U0001F3FB-\U0001F3FF]?"  # the pregnant woman, man and person emoji, any skin tone
    # French, Portuguese, Tagalog (lex52b): "Enceinte de 7 mois", "grávida de 6 meses", "buntis"
    rf"|(?=enceinte|grossesse|gr[áa]vida|gravidez|buntis){_not_after(_FOREIGN_DENIALS)}"
    r"(?:enceinte|grossesse|gr[áa]vida|gravidez|buntis)",
    "bloodThinners": r"blood[\s-]?thin+ers?|anti-?coagula(?:nts?|ntes|ted|tion)|warfarin|jantoven|coumadin|eliquis"
    r"|warf[ae]rin|warfrin|coumid[ie]n|coumadine|el+iquis|eloquis|[xz]arleto"  # as typed: "Xarleto", "Elliquis"
    r"|apixaban|[xz]ar[ae]lto|rivaroxaban|plavix|clopidogrel|brilinta|ticagrelor|effient|prasugrel|heparin|lovenox"
    r"|enoxaparin|fragmin|dalteparin|pradaxa|dabigatran|savaysa|edoxaban|(?:daily|baby)\s+aspirin|aspirin\s+\d+\s?mg"
    r"|aspirin\s+therapy|\d+\s?mg\s+(?:of\s+)?aspirin|aspirin\s+(?:(?:every|each|a|per)\s+)?(?:daily|day|morning|night)"
    r"|(?:on|takes?|taking)\s+thinners|anti-?coags?",
    "retinoids": r"retinoids?|retinol|tretinoin|tret|retin[\s-]?a|adapalene|differin|tazarotene|tazorac",
    "isotretinoin": r"isotretinoin|accutane|roaccutane|absorica|claravis|amnesteem|myorisan|acc?utaine|acutane",
    "sunburn": r"sun[\s-]?burn(?:t|ed|s)?|peeling\s+from\s+the\s+sun"
    r"|(?:burnt|burned|burn)\s+(?:\w+\s+){0,2}?(?:at|in|from)\s+the\s+(?:beach|sun|pool|lake)",
    "hypertension": r"hyperten[st]ion|hypertensive|htn|high\s+blood\s+pressure|high\s+bp|hbp|elevated\s+blood\s+pressure"
    r"|(?:blood\s+pressure|bp)\s+(?:has\s+been\s+|is\s+|runs\s+|was\s+)?(?:high|elevated)|presi[oó]n\s+alta"
    r"|lisinopril|amlodipine|losartan|lisin[io]pril|lisinoprol|amlodopine"
    r"|(?:blood\s+pressure|bp)\s+(?:meds|medications?|medicines?|tablets|pills)"
    r"|(?:meds|medications?|medicines?|tablets|pills)\s+for\s+(?:her\s+|his\s+|their\s+|high\s+)?(?:blood\s+pressure|bp)"
    r"|(?:blood\s+pressure|bp)\s+(?:is\s+|well\s+)?(?:controlled|managed|treated)"
    # French, Portuguese (lex52b): "hypertendue", "hipertensa", "hipertensão", "pressão alta"
    rf"|(?=hypertendu|hipertens|press){_not_after(_FOREIGN_DENIALS)}"
    r"(?:hypertendue?s?|hipertens[ao]s?|hipertens[ãa]o|press[ãa]o\s+alta)",
    "diabetes": rf"(?=diab[ée]ti(?:que)|diab[èe]te\b){_not_after(_FOREIGN_DENIALS)}(?:diab[ée]tiques?|diab[èe]te)|"
    r"diabet(?:es|ic)|diab[eé]tic[oa]|t[12]dm?|dm[12]|n?iddm|insulin(?:\s+pump)?|metformin|metform[ae]n",
    "varicoseVeins": r"varicose\s+veins?",
    "bloodClots": r"blood\s+clots?|clots?\s+in\s+(?:her|his|their|my|the|one|a)\s+(?:(?:left|right|lower)\s+)?(?:lungs?|legs?|calf|calves|thigh|arm)\b"
    r"|(?:lung|leg)\s+clots?|dvt|deep\s+vein\s+thrombosis|thrombosis|pulmonary\s+embol\w*"
    r"|(?<!\bin\s)(?-i:PE)\b(?!\s+(?:teacher|class|coach|instructor|gym))",
    "recentSurgery": r"surgery|surgical|post[\s-]?op|c-?section|caesarean|cesarean|ces[aá]rea|cirug[ií]a|liposuction"
    r"|tummy\s+tuck|abdominoplasty|mastectomy|lumpectomy|breast\s+(?:augmentation|reduction|lift)|face[\s-]?lift"
    r"|rhinoplasty|blepharoplasty|(?:rotator\s+cuff|acl|meniscus|hernia)\s+repair|bbl|brazilian\s+butt\s+lift"
    r"|hysterectomy|spinal\s+fusion|arthroscop\w*|(?:knee|shoulder|hip)\s+scope"
    # a chart's shorthand ("s/p R TKR 11/10", "L TKA 3 wks ago", "ORIF L ankle", "ACL recon", "lap chole", "C-sec"): a
    # safety review found them read as nothing
    r"|(?-i:TKR|TKA|THR|THA)|orif|acl\s+recon\w*|lap(?:aroscopic)?\s+chole\w*|cholecystectomy|c[\s-]?sec\b"
    r"|carpal\s+tunnel\s+release|bunionectomy|vein\s+ablation"
    r"|post[\s-]?lipo|lipo(?![\s-]+(?:massage|cavitation|laser|wrap|treatment|session|sculpt\w*|drainage|therapy))"
    rf"|{_AREA_OP}"
    # a replacement, or an operation no body area is named for, counts only when the note says it was recent, or dates
    # it (a date long ago is history)
    # "Hip - replacement 11/2" too, and a side in brackets before the date ("Hip replacement (right) 3 wks ago", "(R
    # side)", "(left hip)"), or both sides ("(both sides)", "(bilateral)", "(L and R)", "(both hips)": the joint, no
    # side, as "Bilateral hip replacement" is read)
    r"|(?:hip|knee|shoulder|ankle|joint)(?:\s+|\s*[-–—:]\s*)(?:replacement|replaced)"
    r"(?=\s*(?:\(\s*(?:(?:left|right|l|r)\.?(?:\s*(?:and|&|/|\+)\s*(?:left|right|l|r)\.?)?|both|bilateral|bilat|b/l)"
    r"(?:\s+(?:side|one|hip|knee|shoulder|ankle|joint)s?)?\s*\)\s*)?[-–—:,(]*\s*(?:(?:\d+|a|one|two|three|four|five|six"
    rf"|a\s+few|few|couple\s+of)\s*(?:{DAYS}|{WEEKS})\s+ago|(?:on\s+|in\s+)?(?:\d{{1,2}}/\d{{1,2}}|{_WHEN}\b)"
    r"|(?:a|one|two)\s+fortnights?\s+ago|last\s+(?:week|month|fortnight)|this\s+(?:week|month|fortnight)|yesterday))"
    # or when the date its line opens with comes right before it ("11/20 knee replacement")
    rf"|(?=(?:hip|knee|shoulder|ankle|joint)\b)(?:{_LINE_DATE_BEFORE})(?:hip|knee|shoulder|ankle|joint)"
    r"(?:\s+|\s*[-–—:]\s*)(?:replacement|replaced)"
    r"|(?:recent|recovering\s+from(?:\s+(?:a|an|her|his|their))?)\s+(?:\w+\s+)?"
    r"(?:replacement|operation|procedure)",
    "heartCondition": r"heart\s+(?:condition|disease|problems?|issues?|failure|attack)|pacemaker|arrhythmia|a-?fib"
    r"|(?<!\btold\s)(?<!\btell\s)(?<!\btells\s)(?<!\btelling\s)a\s+fib\b"  # dictated "a fib"; not "told a fib"
    r"|atrial\s+fibrillation|stents?|valve\s+replacement|angina|chf|congestive\s+heart|myocardial\s+infarction"
    r"|(?<!\bin\s)(?-i:MI)\b(?!\s+(?:area|resident|license))|cabg|(?:heart|cardiac|triple|double|quadruple|coronary)\s+bypass|(?-i:ICD)|defibrillator|cardiomyopathy"
    r"|cardiac\s+(?:hx|history|condition|issues?|problems?)"
    rf"|{_AF}",
    "epilepsy": r"epilep(?:sy|tic)|seizures?",
    "rosacea": r"rosac[ei]a",  # "rosacia" as dictated too
    "eczema": r"eczema|dermatitis",
    "cancerTreatment": r"chemo(?:therapy)?|radiation\s+(?:therapy|treatment|sessions?|\d+\s?x)|radiotherapy|cancer\s+treatment|oncology"
    r"|(?:doing|having|getting|in|undergoing|started|finishing|mid)\s+radiation"
    r"|immunotherapy|tamoxifen|letrozole|femara|anastrozole|arimidex|exemestane|aromasin|herceptin|trastuzumab"
    r"|keytruda|pembrolizumab|(?:treatment|treated)\s+for\s+(?:\w+\s+)?cancer",
    "recentInjectables": r"botox|dysport|xeomin|jeuveau|daxxify|neurotoxins?|tox|juv[eé]derm|restylane|radiesse"
    r"|sculptra|belotero|kybella|juvaderm|voluma|volbella|vollure|volux|skinvive|kysse|profhilo|letybo|(?:dermal\s+|lip\s+)?fillers?|injectables?",
    # French "ostéoporose" (lex52b; the Portuguese "osteoporose" was read before)
    "osteoporosis": rf"osteopor\w+|osteopenia|(?=ostéop){_not_after(_FOREIGN_DENIALS)}ostéop(?:oro\w+|[ée]ni[ea])",
    # read nowhere before a safety review of the reader (4 December 2026): "Shingles on L side of back - active",
    # "open wound R shin", "Contagious skin condition? (impetigo)", "lymphedema", "hemophilia"; not a product named
    # for one ("shingles vaccine allergy"), nor "sutures" (an allergy to them) or a fever (an allergy's reaction)
    "skinInfection": r"(?:shingles|impetigo|mrsa|cellulitis|ringworm|scabies|head\s+lice|lice|staph\s+infection"
    r"|(?:skin|fungal)\s+infections?|contagious\s+(?:skin\s+)?(?:condition|infection|rash)|athlete['’]?s\s+foot"
    r"|(?:toe)?nail\s+fungus|cold\s+sores?|herpes|conjunctivitis|pink\s+eye)" + _NOT_A_PRODUCT,
    "openWound": r"(?:open\s+(?:wounds?|sores?|cuts?|blisters?)|stitches|(?:fresh|new)\s+(?:cut|wound|tattoo)"
    r"|unhealed\s+(?:wound|incision|cut)s?|(?:wound|cut|incision)\s+(?:is\s+)?(?:still\s+)?healing|broken\s+skin)"
    + _NOT_A_PRODUCT,
    "lymphedema": r"(?:lymph(?:o)?edema|lymphoedema|lymph\s+nodes?\s+(?:removed|dissection))" + _NOT_A_PRODUCT,
    "bleedingDisorder": r"(?:ha?emophilia|von\s+willebrand\w*|low\s+platelets?|thrombocytopenia|bleeding\s+disorder)"
    + _NOT_A_PRODUCT,
    # read nowhere before (s24): "breastfeeding", "nursing mom" (not "Night Nurse", a nurse, a nursing home,
    # "nursing a sore knee" nor a "breastfeeding pillow"), "whiplash", "bone mets"
    "breastfeeding": r"(?:breast[\s-]?feeding|breastfeeds|lactating|chest[\s-]?feeding"
    r"|nursing\s+(?:mom|mother|mama|(?:her|a|an|the)\s+(?:baby|newborn|infant|son|daughter))"
    r"|(?:is|currently|still|now)\s+nursing\b(?![^\S\n]+(?:a|an|her|his|the|some|home|school|student|degree|job|shifts?"
    r"|assistant|aide)\b))(?![^\S\n]+(?:pillows?|bras?|covers?|tops?|teas?|friendly|safe)\b)" + _NOT_A_PRODUCT,
    "whiplash": r"whiplash" + _NOT_A_PRODUCT,
    "boneMetastases": r"(?:bone\s+(?:mets|metastas[ie]s)|(?:mets|metastas[ie]s)\s+(?:to|in)\s+(?:the\s+|her\s+|his\s+)?"
    r"(?:bones?|spine|hips?|ribs?|pelvis|skeleton)|(?:spinal|skeletal|osseous)\s+(?:mets|metastas[ie]s)"
    r"|metastatic\s+bone\s+disease)" + _NOT_A_PRODUCT,
}

PRESSURE: dict[str, str] = {
    "deep": r"deep[\s-]tissue|deep\s+(?:pressure|work)",
    "firm": r"medium[\s-]firm|medium\s+to\s+firm|firm(?:er)?|keep\s+(?:it|the\s+pressure)\s+(?:strong|hard)",
    "medium": r"light[\s-]medium|light\s+to\s+medium|medium|moderate|med\.?\s+pressure",
    "light": r"keep\s+(?:it|the\s+pressure|things)\s+(?:light|gentle|soft)",
}
#: A level on a scale of ten, as many spas ask it: "Pressure 7/10", "pressure: 8 out of 10", "5/10 pressure".
_SCALE = {"light": "[1-3]", "medium": "[4-6]", "firm": "[78]", "deep": "9|10"}
PRESSURE |= {
    level: PRESSURE[level] + rf"|pressure\s*[:=-]?\s*(?:{digits})\s*(?:/|out\s+of)\s*10\b"
    rf"|(?<![\d.])(?:{digits})\s*(?:/|out\s+of)\s*10\s+pressure"
    for level, digits in _SCALE.items()
}
#: A little Spanish: "presión suave", "presion fuerte" ("presión alta" / "baja" are blood pressure, not a level).
PRESSURE |= {
    "deep": PRESSURE["deep"] + r"|presi[oó]n\s+profunda|(?:masaje|tejido)\s+profundo",
    "firm": PRESSURE["firm"] + r"|presi[oó]n\s+(?:fuerte|firme)",
    "medium": PRESSURE["medium"] + r"|presi[oó]n\s+(?:media|moderada|mediana)",
    "light": PRESSURE["light"] + r"|presi[oó]n\s+(?:suave|ligera|leve)",
}
#: "DT", as front desks shorten deep tissue: in capitals only, and only after a wish or a pressure label ("Prefers DT",
#: "wants DT on back", "Pressure: DT") or before a pressure noun ("DT massage", "DT pressure only"); never alone, where
#: "dt" may be "due to" ("no massage dt pregnancy"); lower case "dt" is never read.
PRESSURE |= {
    "deep": PRESSURE["deep"]
    + r"|(?:(?<=prefers\s)|(?<=prefer\s)|(?<=likes\s)|(?<=loves\s)|(?<=wants\s)|(?<=requests\s)|(?<=pressure:\s)"
    r"|(?<=pressure\s-\s)|(?<=booked\s))(?-i:DT)(?!\w)"
    r"|(?-i:DT)(?=[^\S\n]+(?:massage|pressure|work|only|preferred)\b)",
}
PRESSURE_AMBIGUOUS: dict[str, str] = {
    "light": r"light|gentle|soft",
    "firm": r"strong|hard|heavy",
    "deep": r"deep",
}

TEMPERATURE: dict[str, str] = {
    "warm": r"warm(?:er)?\s+(?:room|table|temps?)|room\s+(?:\w+\s+)?warm(?:er)?|(?:extra|heavy|a|another)\s+blankets?"
    r"|heated\s+(?:table|blanket)|heater\s+on|freezing|(?:gets|always)\s+chilly|table\s+warmer(?:\s+on(?:\s+high)?)?|runs?\s+cold|gets?\s+cold|always\s+cold"
    r"|feels?\s+(?:the\s+)?cold|likes\s+it\s+warm|keep\s+(?:it|the\s+room)\s+warm|temp(?:erature)?\s*[:-]?\s*warm"
    r"|room\s*[:-]\s*warm(?:er)?\b|table\s*[:-]?\s*warm\b"
    r"|warm\s+blankets?|(?:loves|likes|enjoys)\s+(?:the\s+)?(?:heat|warmth)|(?:hates|dislikes)\s+(?:being|getting|feeling)\s+cold",
    # "room to cool down in", "Room cool down after the steam": a room to rest in, not a cool room
    "cool": r"cool(?:er)?\s+(?:room|temps?|temperature)|room\s+(?:\w+\s+)?cool(?:er)?(?![\s-]+down\b)|runs?\s+hot|gets?\s+hot"
    r"|overheats?|likes\s+it\s+cold|cold\s+in\s+the\s+room|fan\s+on|keep\s+(?:it|the\s+room)\s+cool"
    r"|temp(?:erature)?\s*[:-]?\s*cool|room\s*[:-]\s*cool(?:er)?\b",
}
TEMPERATURE_SELF_NEGATING: dict[str, str] = {
    "cool": r"no\s+blankets?|no\s+(?:table\s+warmer|heated\s+table)|table\s+warmer\s+off",
}

MUSIC: dict[str, str] = {
    "silence": r"silence|silent",
    "nature": r"nature\s+sounds|rain\s+sounds|ocean\s+(?:sounds|waves)|waves|birdsong|forest\s+sounds|water\s+sounds",
    "classical": r"classical|piano|string\s+quartet|cello",
    "jazz": r"jazz",
    "ambient": r"ambient|spa\s+music|instrumental|meditation\s+music|calm\s+music|relaxing\s+music",
    "acoustic": r"acoustic|guitar",
}
MUSIC_SELF_NEGATING: dict[str, str] = {
    "silence": r"no\s+(?:background\s+)?music|music\s*[:-]?\s*(?:none|off)|music\s+off"
    r"|(?:hates|dislikes|(?:does\s*n[o'’]?t|do\s*n[o'’]?t)\s+(?:like|want)|not\s+a\s+fan\s+of)\s+(?:the\s+|any\s+)?music",
}

SCENTS: dict[str, str] = {
    "lavender": r"lavend[ae]r|lavande",  # "lavendar", as often typed; French "lavande" (lex52b)
    "eucalyptus": r"eucalypt(?:us|is)|euc",  # "eucalyptis"; "euc" as front desks shorten it
    "peppermint": r"pepp?ermint|mint(?!\s+(?:green|condition))",  # "pepermint"
    "lemongrass": r"lemongrass",
    "citrus": r"citrus|orange|lemon|grapefruit|bergamot|lime",
    "rose": r"rose",
    "sandalwood": r"sandalwood",
    "cedarwood": r"cedar(?:wood)?",
    "chamomile": r"chamomile",
    "ylangYlang": r"ylang[\s-]ylang",
    "teaTree": r"tea\s+tree",
    "rosemary": r"rosemary",
    "frankincense": r"frankincense",
    "jasmine": r"jasmine",
    "vanilla": r"vanilla",
    "ginger": r"ginger",
}
#: A drink offered after the treatment is no scent: "peppermint tea after", "lemon water", "ginger shot"; unless the
#: note speaks of its smell ("hates the smell of lemon water": lemon, the scent).
_SMELL_OF = "|".join(rf"(?<={words} )" for words in ("smell of", "smells of", "scent of", "smell of the", "scent of the"))
SCENTS = {
    name: rf"(?:(?:{_SMELL_OF})(?:{pattern})|(?:{pattern})(?![\s-]+(?:tea|water|juice|lemonade|shots?|drinks?|candy|candies)))"
    for name, pattern in SCENTS.items()
}
#: Right before a scent: its smell is spoken of, so a drink after it is no drink to read ("the smell of lemon water").
SMELL_OF_BEFORE = re.compile(r"\b(?:smells?|scent)[^\S\n]+of[^\S\n]+(?:the[^\S\n]+)?$", re.IGNORECASE)
#: Around a scent word outside an allergy: a drink or a food, no scent ("water w/ lemon", "water with lemon", "water
#: with cucumber and lemon", "lemon in her water", "lavender latte", "lemon and honey tea", "lemon-ginger tea",
#: "peppermint iced tea", "vanilla cookies"). Checked for preferences only. The word between is no "and", "with"
#: ("Loves eucalyptus and water after" is eucalyptus), and a list's dash is no hyphen ("Aromatherapy: citrus - lemon
#: water" is citrus).
DRINK_BEFORE_SCENT = re.compile(
    r"\b(?:water|tea|seltzer|soda|latte|coffee|drinks?|lemonade|smoothie)[^\S\n]+(?:w/[^\S\n]*|with[^\S\n]+)"
    r"(?:(?:a|some|extra|fresh)[^\S\n]+)?(?:(?:slices?|wedges?|splash|twist)[^\S\n]+of[^\S\n]+)?"
    r"(?:[^\W\d_]+[^\S\n]+(?:and|&)[^\S\n]+)?$",
    re.IGNORECASE,
)
DRINK_AFTER_SCENT = re.compile(
    r"^(?:[^\S\n]+(?:and|&|\+)[^\S\n]+honey|(?:-|[^\S\n]+)(?!(?:and|or|with|then|plus|but|before|after|during|not?)\b)[^\W\d_]+)?"
    r"(?:-|[^\S\n]+)(?:lattes?|tea|water|lemonade|juice|soda|seltzer|smoothies?"
    r"|cocktails?|mocktails?|ale|beer|coffee|cookies?|cakes?|scones?|muffins?|ice[^\S\n]+cream|chocolates?|gum|candy"
    r"|candies|drinks?|shots?)(?!\w)"
    r"|^[^\S\n]+(?:in|into)[^\S\n]+(?:(?:her|his|their|the|my)[^\S\n]+)?(?:water|tea|drinks?|seltzer)(?!\w)",
    re.IGNORECASE,
)
#: Right after such a drink (or the scent in "water with lemon"): the scent itself as well ("No lavender in her water or
#: oils", "dislikes lavender latte smell"), so the scent is read as anywhere else.
SCENT_CARRIER_AFTER_DRINK = re.compile(
    r"[^\S\n]*(?:(?:or|and|&|\+|/)[^\S\n]*)?(?:smells?|scents?|scented|aromas?|oils?|lotions?|fragrances?)(?!\w)",
    re.IGNORECASE,
)
SCENT_SELF_NEGATING: dict[str, str] = {
    "unscented": r"unscented|fragrance[\s-]free|scent[\s-]free|no\s+scents?|no\s+aromatherapy|no\s+essential\s+oils"
    rf"|no\s+fragrances?(?![\s-]*(?:allerg|{SENSITIVE_WORD}))|scent\s*[:-]\s*none|aromatherapy\s*[:-]\s*none|plain\s+(?:oil|lotion|cream)",
}

COMMUNICATION: dict[str, str] = {
    "quiet": r"quiet(?:\s+session)?|minimal\s+(?:talk(?:ing)?|conversation|chat(?:ting)?)",
    "chatty": r"chatty|talkative|likes\s+to\s+(?:chat|talk)|loves\s+(?:to\s+)?(?:chat|talk)(?:ing)?|talks\s+a\s+lot"
    r"|very\s+social|conversational|chats\s+a\s+lot|(?:chats|talks|chatted|talked)\s+the\s+whole\s+(?:time|session)",
    "checkIns": r"(?<!\bat\s)check[\s-]?ins?(?:\s+on\s+pressure)?(?![\s-]+(?:desk|time))|check\s+in\s+on\s+(?:pressure|her|him)"
    r"|ask(?:\s+(?:her|him))?\s+about\s+pressure",
    "nervous": r"nervous|anxious|first[\s-]timer|first[\s-]time|first\s+(?:ever\s+)?(?:massage|facial)"
    r"|apprehensive",
}
COMMUNICATION_SELF_NEGATING: dict[str, str] = {
    "quiet": r"no\s+(?:small\s+)?talk(?:ing)?|no\s+conversation|no\s+chit[\s-]?chat|(?:doesn['’]?t|does\s+not|don['’]?t)\s+(?:like|want)\s+to"
    r"\s+(?:talk|chat)|(?:please\s+)?don['’]?t\s+talk\s+to\s+(?:me|her|him)|not\s+(?:much\s+of\s+)?a\s+talker|not\s+chatty|prefers?\s+not\s+to\s+talk"
    r"|(?:hates?|dislikes?|can['’]?t\s+stand|not\s+(?:into|a\s+fan\s+of)|(?:doesn['’]?t|does\s+not|don['’]?t)\s+(?:like|enjoy|want))"
    r"\s+(?:(?:the|any)\s+)?(?:small\s+talk|chit[\s-]?chat|chatting|chatter|conversation|talking)",
}

AREAS: dict[str, str] = {
    "upperBack": r"upper\s+back|between\s+(?:the|her|his)\s+shoulder\s+blades|rhomboids|thoracic",
    "lowerBack": r"lower\s+back|low\s+back|lumbar|sacrum|si\s+joints?",
    "legs": r"back\s+of\s+(?:the\s+|her\s+|his\s+)?(?:legs?|thighs?)|legs?|thighs?|quads?|quadriceps|hamstrings?"
    r"|it\s+bands?|itb",
    "knees": r"back\s+of\s+(?:the\s+|her\s+|his\s+)?knees?|knees?",
    "neck": r"back\s+of\s+(?:the\s+|her\s+|his\s+)?neck|neck|cervical|scm|sternocleidomastoid",
    "shoulders": r"shoulders?|shoudlers?|traps?|trapezius",  # "shoudlers": a common typo; "avoid R trap"
    "back": r"back|spine",
    "hips": r"hips?|hip\s+flexors?|piriformis",
    "glutes": r"glutes?|gluteal|buttocks",
    "calves": r"calf|calves",
    "feet": r"feet|foot",
    "hands": r"back\s+of\s+(?:the\s+|her\s+|his\s+)?(?:(?:left|right|l|r)\.?\s+)?hands?|hands?|fingers",
    # "back of L arm" is the arm's (an insulin pump's or a wound's site), not the back
    "arms": r"back\s+of\s+(?:the\s+|her\s+|his\s+)?(?:(?:left|right|l|r)\.?\s+)?(?:upper\s+)?arms?|arms?|forearms?"
    r"|biceps|triceps",
    "scalp": r"scalp|head",
    "face": r"face|forehead|cheeks|facial\s+massage",
    "jaw": r"jaw|tmj|masseters?",
    "abdomen": r"abdomen|abdominal|stomach|belly|tummy|abdo?|abs",  # "avoid abd", "skip abs" (a safety review)
    "chest": r"chest|pecs?|pectorals?",
}

BLOCKERS: tuple[str, ...] = (
    r"trying\s+to\s+(?:get|become)\s+pregnant|trying\s+to\s+conceive",
    r"(?:lying|lie|lay|laying)\s+(?:flat\s+)?on\s+(?:\w+\s+)?(?:back|stomach|front|side)|side[\s-]lying"
    r"|face[\s-](?:down|up)",
    r"hot\s+stones?",
    r"face[\s-]?cradle",  # equipment, not the face
    r"back\s+to\b",
    # "back" as an adverb, not the body area: "went back and forth", "back-to-back sessions", "came back from
    # vacation", "will call back", "coming back in two weeks"
    r"back\s+and\s+forth|back[\s-]to[\s-]back"
    r"|(?:came|come|comes|coming|went|call(?:ed|ing|s)?|head(?:ed|ing)|flew)\s+back\b",
    r"back\s+facial",
    r"no\s+preference",
    r"light\s+therapy|led\s+(?:mask|light)|flashing\s+lights?",
)

TERMS: tuple[Term, ...] = tuple(
    _terms("allergies", "allergen", ALLERGENS)
    + _terms("contraindications", "plain", CONDITIONS)
    + _terms("pressure", "plain", PRESSURE)
    + _terms("pressure", "ambiguous", PRESSURE_AMBIGUOUS)
    + _terms("temperature", "plain", TEMPERATURE)
    + _terms("temperature", "self_negating", TEMPERATURE_SELF_NEGATING)
    + _terms("music", "plain", MUSIC)
    + _terms("music", "self_negating", MUSIC_SELF_NEGATING)
    + _terms("scent", "plain", SCENTS, allergen="essentialOils")
    + _terms("scent", "self_negating", SCENT_SELF_NEGATING)
    + _terms("communication_style", "plain", COMMUNICATION)
    + _terms("communication_style", "self_negating", COMMUNICATION_SELF_NEGATING)
    + _terms("area", "area", AREAS)
    + [Term("blocker", "", pattern, "blocker") for pattern in BLOCKERS]
)


def compile_term(term: Term) -> re.Pattern[str]:
    """A term's pattern, anchored on word boundaries, case-insensitive."""
    return re.compile(rf"(?<![\w])(?:{term.pattern})(?![\w])", re.IGNORECASE)


COMPILED: tuple[tuple[Term, re.Pattern[str]], ...] = tuple((term, compile_term(term)) for term in TERMS)
#: Any term, the word boundary before it shared: where the first match of any term starts, found in one scan of a text
#: rather than one per term (``term_matches``).
_ANY_TERM = re.compile(
    r"(?<![\w])(?:" + "|".join(rf"(?:{term.pattern})(?![\w])" for term in TERMS) + ")", re.IGNORECASE
)


#: The French, Portuguese and Tagalog words lex52b taught the reader (and English shorthand "gravida"), which a
#: denial or a relative a few words before keeps unread (``foreign_word_kept_off``).
_FOREIGN_WORD = re.compile(
    r"enceinte|grossesse|gr[áa]vida|gravidez|buntis|diab[ée]tiques?|diab[èe]te|hypertendue?s?|hipertens\w*"
    r"|press[ãa]o\s+alta|ostéop\w+|noix|noisettes?|arachides?|cacahu[eè]tes?|amandes?|amendoi[mn]s?|nozes|castanhas?"
    r"|fruits\s+de\s+mer|crustac[ée]s|crevettes?|hipon|frutos\s+do\s+mar|camar\w+|iode|iodo|lavande"
    r"|(?:huile\s+de\s+)?noix\s+de\s+coco",
    re.IGNORECASE,
)
#: A denial right before a foreign word, nothing between (rev52h): "n'est pas", "n'est plus", "pas (encore)", "plus",
#: "não (está (mais))", "hindi (na|pa|raw|daw)", "di", "wala(ng)", "sem", "non" as its own word or prefix ("non
#: diabétique", "non-diabétique"), and the past prefixes "post-", "ex-", "pós-" ("Post-grossesse", "Pós-gravidez"). Never
#: "mais" (French "but": "Fatiguée mais enceinte de 5 mois"), and no denial a few words back about another thing ("Pas
#: de problème de dos, enceinte de 20 semaines").
_FOREIGN_DENIED_RIGHT_BEFORE = re.compile(
    r"(?:\b(?:n['’]est[^\S\n]+(?:pas|plus)|pas(?:[^\S\n]+encore)?|plus|n[ãa]o(?:[^\S\n]+est[áa](?:[^\S\n]+mais)?)?"
    r"|hindi(?:[^\S\n]+(?:na|pa|raw|daw|siya|sya|po))?|di|walang?|wala[^\S\n]+pong?|sem|non)[^\S\n]+"
    r"|\b(?:non|post|ex|p[óo]s|ap[óo]s|apr[èe]s)[^\S\n]*[-‐])$",
    re.IGNORECASE,
)
#: Someone else ("Mari", "sa fille", "anak niya", "o marido", "une amie", "kaibigan") or a time after ("après",
#: "depois da", "desde a") among the few words before a foreign word in its comma item (rev52d, rev52h).
_FOREIGN_WORD_KEPT_OFF = re.compile(
    r"\b(?:after|après|após"
    r"|mari|femme|fille|fils|m[èe]re|p[èe]re|s[œo]e?ur|fr[èe]re|enfants?|copain|copine|b[ée]b[ée]"
    r"|marido|esposa|esposo|filh[oa]s?|m[ãa]e|pai|irm[ãa]o?|namorad[oa]|beb[êe]"
    r"|anak|asawa|nanay|tatay|mister|misis|kapatid|lola|lolo|niya|nila"
    r"|husband|wife|partner|daughter|son|mom|mum|mother|dad|father|sister|brother|kid|child|friend)\b",
    re.IGNORECASE,
)
#: A past or a wish right before a foreign word: "A été enceinte deux fois", "Esteve grávida em 2023", "Dati siyang
#: buntis" (not "était"/"estava", a present in reported speech: "Elle a dit qu'elle était enceinte", rev52j), "Essaie de tomber enceinte" (not "Vient de tomber enceinte": she just is).
_FOREIGN_PAST_OR_WISH_BEFORE = re.compile(
    r"\b(?:a[^\S\n]+[ée]t[ée]|esteve|dati(?:ng)?(?:[^\S\n]+(?:siyang|syang|siya|sya))?"
    r"|(?:essaie|essaye|essayer|tente|tenter|veut|voudrait|souhaite)[^\S\n]+(?:de[^\S\n]+)?tomber)[^\S\n]+$",
    re.IGNORECASE,
)
#: Right after a foreign word, its denial: "Grossesse exclue", "Test de grossesse négatif", "Teste de gravidez negativo".
_FOREIGN_DENIED_AFTER = re.compile(
    r"[^\S\n]+(?:de[^\S\n]+\w+[^\S\n]+)?(?:exclue?|écartée?|n[ée]gati(?:f|ve)|negativ[oa]|descartad[ao])\b", re.IGNORECASE
)
#: The English obstetric shorthand ("Gravida 2 para 2", "Gravida: 2, para: 2", "Gravida/Para", "Gravida III",
#: "Pregnancies (gravida): 3") or a name ("Gravida Wellness", "Dr. Gravida's office"): an unaccented "gravida" so
#: placed is no Portuguese "grávida" unless Portuguese says so ("está gravida", "gravida de 6 meses", "gravida 20
#: semanas"); a bare "Gravida" is still read (rev52h).
_GRAVIDA_SHORTHAND_AFTER = re.compile(
    r"(?i:gravida(?:[^\S\n]*[:=/()-])*[^\S\n]*(?:\d|[ivx]+\b|para\b|zero\b|one\b|two\b|three\b|four\b|five\b|none\b))"
    r"|[Gg]ravida['’]s\b",  # a name's possessive: "Dr. Gravida's office"
)
_GRAVIDA_SHORTHAND_BEFORE = re.compile(r"(?:\(|\bdr\.?[^\S\n]+|\bpregnancies[^\S\n]*\(?)$", re.IGNORECASE)
_PORTUGUESE_GRAVIDA = re.compile(
    r"gravida[^\S\n]*[:=(–-]*[^\S\n]*(?:de\b|sim\b|(?:h[áa][^\S\n]+)?(?:\d+|[ivx]+)[º°ª]?[^\S\n]*(?:semanas|meses|m\b|trimestre))",
    re.IGNORECASE,
)
_PORTUGUESE_GRAVIDA_BEFORE = re.compile(r"\b(?:est[áa]|estou|ficou|fiquei)[^\S\n]+$", re.IGNORECASE)


def foreign_word_kept_off(text: str, start: int, end: int) -> bool:
    """A foreign word the reader learned in lex52b with a denial right before it ("Elle n'est plus enceinte", "Não está
    mais grávida", "Hindi na buntis", "Non diabétique"), a denial right after ("Grossesse exclue"), a past or a wish
    right before ("Elle était enceinte", "Essaie de tomber enceinte"), or someone else among the five words before it
    in its comma item ("Mari allergique aux fruits de mer", "Yung anak niya allergic sa hipon", "une amie enceinte"),
    or an unaccented "gravida" as the obstetric shorthand or a name ("Gravida 2 para 2", "Gravida Wellness"): not read
    (rev52d, rev52h). A denial of another
    thing earlier in the statement, or "mais" ("but"), keeps nothing off ("Pas de problème de dos, enceinte de 20
    semaines", rev52h). English words read before are never kept off here."""
    if not _FOREIGN_WORD.fullmatch(text, start, end):
        return False
    if (
        text[start:end].lower() == "gravida"
        and not (_PORTUGUESE_GRAVIDA.match(text, start) or _PORTUGUESE_GRAVIDA_BEFORE.search(text[max(0, start - 12) : start]))
        and (_GRAVIDA_SHORTHAND_AFTER.match(text, start) or _GRAVIDA_SHORTHAND_BEFORE.search(text[max(0, start - 16) : start]))
    ):
        return True
    if _FOREIGN_DENIED_AFTER.match(text, end):
        return True
    before = re.split(r"[.,;!?\n:()–—]|\s-\s", text[max(0, start - 80) : start])[-1]
    if _FOREIGN_DENIED_RIGHT_BEFORE.search(before) or _FOREIGN_PAST_OR_WISH_BEFORE.search(before):
        return True
    words = re.findall(r"[\w'’]+", before)[-5:]
    return _FOREIGN_WORD_KEPT_OFF.search(" ".join(words)) is not None


def term_matches(text: str) -> Iterator[tuple[Term, re.Match[str]]]:
    """Each term's matches in ``text``, term by term in ``COMPILED``'s order: exactly ``pattern.finditer(text)`` for
    each, each scan started where the first match of any term starts (no term matches before it), none in a text no
    term matches (most clauses of a note: the hundred scans were most of the notes reader's and scrubber's time)."""
    first = _ANY_TERM.search(text)
    if first is None:
        return
    for term, pattern in COMPILED:
        for found in pattern.finditer(text, first.start()):
            yield term, found


# --- cues ---

NEGATION = re.compile(
    r"\b(?:no|not|never|denies|denied|without|none|nothing|negative\s+for|nka|nkda|free\s+of|ruled\s+out"
    r"|no\s+longer|cannot|\w+n['’]t|dislikes?|hates?|can['’]t\s+stand)\b",
    re.IGNORECASE,
)
#: A negation's word in praise of what follows, for a preference ("Can't get enough of the scent of lavender", "Never
#: misses her eucalyptus", "Don't forget the lavender she loves", "Nothing beats citrus"); not "doesn't mind" or "no
#: longer hates", which say she puts up with it.
PRAISE_WITH_A_NEGATION = re.compile(
    r"\b(?:(?:can['’]?t|cannot|can[^\S\n]+not)[^\S\n]+get[^\S\n]+enough|never[^\S\n]+miss(?:es|ed)?"
    r"|(?:don['’]?t|do[^\S\n]+not)[^\S\n]+forget|nothing[^\S\n]+beats)\b",
    re.IGNORECASE,
)
#: Inside a clause, where one statement may end and the next start: a spaced hyphen ("NKA - pregnant"), an en or em
#: dash, or a colon ("No hot stones: varicose veins"; not one inside a time, "3:30"). A negation before it does not
#: reach a new allergy or condition after it (see the engine's ``_ends_at_a_break``).
STATEMENT_BREAK = re.compile(r"\s-{1,2}\s|[–—]|(?<!\d):(?!\d)")
#: Between what a negation keeps away and a condition after it: a reason or a time that starts a statement of its own
#: ("no facials after botox", "No massage due to pregnancy", "no hot stones because she's pregnant").
REASON_CONNECTOR = re.compile(
    r"\b(?:after|because(?:\s+of)?|due\s+to|owing\s+to|since|given|post|as\s+(?:she|he|they)\b)|\bb/c(?!\w)",
    re.IGNORECASE,
)
#: A negation that is a whole statement by itself ("NKA - pregnant", "Allergies: none - pregnant").
COMPLETE_NEGATIONS: frozenset[str] = frozenset({"no", "none", "nothing", "nka", "nkda"})
#: The last word before a break after which a negation still waits for what it denies ("Not allergic to: latex",
#: "No history of: DVT", "Never had: surgery"): the break does not end it.
GOVERNING_WORDS: frozenset[str] = frozenset(
    str.split(
        "is are was were be been being has have had having does do did a an any the her his their its known current "
        "currently ever recent recently on taking take takes using use uses to of for with about from history hx "
        "diagnosed"
    )
)
#: Before a term: the condition is in the past.
HISTORY_BEFORE = re.compile(
    r"\b(?:no\s+longer|used\s+to|formerly|previously|former|stopped|quit|finished|completed|came\s+off"
    r"|taken\s+off|took\s+(?:him|her|them)\s+off|discontinued|was\s+on|were\s+on|had\s+been\s+on)\b",
    re.IGNORECASE,
)
#: After a term read as stopped: taken up again ("Accutane: stopped 2019, restarted last month", "… but back on it
#: since Nov"). Not denied ("not restarted", "hasn't restarted", "not yet restarted").
RESTARTED = re.compile(
    r"(?<!\bnot\s)(?<!\bnever\s)(?<!n't\s)(?<!n’t\s)(?<!\byet\s)"
    r"\b(?:re-?started|resumed|started\s+(?:it\s+|them\s+)?(?:again|back)|back\s+on\s+(?:it|them)|on\s+it\s+again)\b",
    re.IGNORECASE,
)
#: Long-lasting conditions: a date ("diagnosed years ago", "last seizure in 2019") does not end them;
#: only an explicit cue does ("no longer", "resolved").
CHRONIC: frozenset[str] = frozenset(
    {"hypertension", "diabetes", "epilepsy", "heartCondition", "osteoporosis", "rosacea", "eczema", "varicoseVeins"}
)
#: Directly before a term ("was pregnant").
WAS_BEFORE = re.compile(r"\bwas\s+(?:\w+\s+)?$", re.IGNORECASE)
#: Anywhere in the clause: a time in the past.
#: A year is long ago only measured against the day the note is read (see ``DATED_YEAR``).
HISTORY_TIME = re.compile(
    rf"\b(?:(?:\d+\s*)?{YEARS}\s+(?:ago|back)|back\s+in|as\s+a\s+(?:teen|child|kid)"
    r"|in\s+the\s+past|post-?partum|gave\s+birth|in\s+remission|had\s+(?:the|her|a)\s+baby"
    r"|baby\s+(?:arrived|was\s+born|born))\b",
    re.IGNORECASE,
)
#: A birth stated in a pregnancy's own clause ("Pregnant, gave birth in July", "post-partum 5 wks"): of what the clause
#: names only the pregnancy is history (``note_questions._in_past``); a c-section or a clot "post-partum" stays. A
#: birth in a later line or sentence ends no pregnancy written before it: an intake's "Given birth recently? No", her
#: earlier births ("Gave birth at home last time") and others' ("SIL gave birth") erased a current one (a review).
BIRTH_STATED = re.compile(
    r"\b(?:baby\s+(?:was\s+|is\s+)?(?:born|arrived)|gave\s+birth|given\s+birth|had\s+(?:the|her|a|their)\s+baby"
    r"|delivered(?=\s+(?:on\s+)?\d|\s+(?:the|her|a|their)\s+baby|\s+(?:a\s+)?(?:baby\s+)?(?:boy|girl|twins)\b"
    rf"|\s+(?:by|via)\s+c-?section|\s+last\s+(?:week|month)|\s+\d+\s*(?:{DAYS}|{WEEKS})\s+ago|\s+in\s+{_WHEN}\b)"
    r"|post-?partum|post-?natal)\b",
    re.IGNORECASE,
)
#: Right after a birth word: a service or a plan named for after the birth, or a question, not a birth stated
#: ("postpartum massage", "post-natal package", "baby born?").
BIRTH_NOT_STATED_AFTER = re.compile(
    r"[^\S\n]*(?:\?|(?:massages?|packages?|care|plans?|class(?:es)?|doulas?|support|sessions?|treatments?|visits?"
    r"|appointments?|facials?|wraps?|yoga|recovery\s+(?:massage|package|plan))\b)",
    re.IGNORECASE,
)
#: After a term in the clause ("Accutane course finished", "off it now").
HISTORY_AFTER = re.compile(
    r"\b(?:finished|stopped|completed|ended|resolved|healed|cleared\s+up|off\s+it\s+now|not\s+anymore|anymore"
    # "Had eczema as a kid, outgrew it"; not "never outgrew it", "hasn't outgrown it", "outgrew her clothes"
    # nor "hasnt outgrown it", "mostly outgrew it, still flares", "outgrew it but it's back", "outgrew it? not really"
    r"|(?<!\bnever\s)(?<!\bnot\s)(?<!n't\s)(?<!n’t\s)(?<!nt\s)(?<!\byet\s)(?<!\bmostly\s)(?<!\balmost\s)"
    r"(?<!\bpartly\s)(?<!\bthought\s)(?<!\bthought\sshe\s)(?<!\bthought\she\s)(?:outgrew|outgrown|grew\s+out\s+of)\s+(?:it|them|that|this|those)\b"
    r")\b",
    re.IGNORECASE,
)
#: Right after an "outgrew it" (``HISTORY_AFTER``): it is back or was never quite gone, a "but" in its sentence or a
#: cue on its line ("outgrew it but it's back", "grew out of them, but had one last month", "outgrew it? not really",
#: "grew out of them. Still on Keppra").
OUTGROWN_BACK = re.compile(
    r"[^\S\n]*\?|[^.\n]*?\bbut\b|[^\n]*?\b(?:still|again|flares?|flared|flaring|returned|recurr\w*|not\s+really"
    r"|(?:came|comes|coming)\s+back|(?:it['’]?s|is)\s+back)\b",
    re.IGNORECASE,
)
#: In a sunburn's own segment: a season or year gone by ("Bad sunburn last summer in Hawaii"), long healed.
SUNBURN_PAST = re.compile(
    # not a season the fresh burn is compared with ("Sunburn Saturday, worst since last summer", "worse than last year")
    r"(?<!\bsince\s)(?<!\bthan\s)(?<!\blike\s)(?<!\bas\s)\blast\s+(?:summer|spring|fall|autumn|winter|year)\b(?!['’]s)",
    re.IGNORECASE,
)
#: In a sunburn's clause: it is fresh or back ("Sunburn last summer, again this weekend").
SUNBURN_NOW = re.compile(
    r"\b(?:again|still|now|currently|yesterday|today|recent(?:ly)?|this\s+(?:week|weekend|morning|afternoon|month)"
    r"|peeling|fresh|weekend|(?:last|this\s+past)\s+week|(?:mon|tues|wednes|thurs|fri|satur|sun)day"
    r"|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat)|this\s+(?:one|time)"
    rf"|\d+\s*{DAYS}(?:\s+ago)?|\d+\s*{WEEKS}\s+ago|(?:a\s+few|few|couple\s+of|two|three)\s+days\s+ago)\b",
    re.IGNORECASE,
)
#: In the sentence of a "prenatal" (the service's name): the note says the guest is not pregnant ("Booked prenatal by
#: mistake - she is NOT pregnant").
NOT_PREGNANT = re.compile(
    # the guest herself, now: not "husband not pregnant lol", "(not pregnant?)", "not pregnant last visit, now 12 wks"
    r"\b(?:she|client|guest)(?:\s+is\s+not|\s+isn'?t|\s+isn’t|['’]s\s+not)\s+pregnant\b(?!-|\s+with\b)(?![^\S\n]*\?)",
    re.IGNORECASE,
)
#: In an injectable's clause: one given lately, whatever older one the clause dates ("Filler 8 months ago, Botox 2 wks
#: ago"); without it, a date six months or more back (``LONG_AGO``) in the injectable's own segment makes it old.
INJECTED_LATELY = re.compile(
    rf"\b(?:(?:\d+|one|two|three|four|five|a\s+few|few|couple\s+of)\s*(?:{DAYS}|{WEEKS})\s+ago"
    rf"|(?:[1-5]|one|two|three|four|five|a|a\s+few|few|couple\s+of)\s*{MONTHS}\s+ago|(?:last|this|next)\s+(?:week|month|fortnight)"
    r"|(?:a|one|two)\s+fortnights?\s+ago"
    r"|this\s+(?:morning|afternoon)|today|yesterday|yday|just|recent(?:ly)?|again|scheduled|due"
    # a top-up on a day, a date, or a count with no "ago": "touch-up last Friday", "topped up 2/28", "Kybella 1 week"
    rf"|\d+\s*(?:{DAYS}|{WEEKS}|hrs?|hours?)|(?:mon|tues|wednes|thurs|fri|satur|sun)day|weekend|\d{{1,2}}/\d{{1,2}}"
    r"|top(?:ped)?[\s-]?ups?|touch(?:ed)?[\s-]?ups?|touchups?|booster|redone|another|(?:2nd|second)\s+round)\b",
    re.IGNORECASE,
)
#: After an injectable's clause, on its line: another one given since ("Botox 7 months ago; top up 10 days ago",
#: "Botox 8 months ago. Had it again on 3/5"); not any date or count ("2 wks since last massage", "Pain 8/10").
INJECTED_AGAIN = re.compile(
    r"\b(?:again|top(?:ped)?[\s-]?ups?|touch(?:ed)?[\s-]?ups?|touchups?|booster|redone|another\s+round"
    r"|(?:2nd|second)\s+round)\b",
    re.IGNORECASE,
)
#: In the term's own comma segment: the condition is current, whatever dates or cues sit elsewhere in the clause
#: ("Had a DVT in 2019, now on Eliquis").
CURRENT = re.compile(
    r"\b(?:now|currently|still|presently|at\s+the\s+moment|these\s+days|ongoing|right\s+now|mid-?treatment"
    r"|actively)\b",
    re.IGNORECASE,
)
#: After a term: it has gone on from then until now ("Letrozole since her surgery in 2020").
SINCE = re.compile(r"\bsince\b", re.IGNORECASE)
#: "on warfarin": taking it (a date elsewhere in the segment does not end it).
ON_BEFORE = re.compile(r"\bon\s+$", re.IGNORECASE)
#: "off accutane", "off of her blood thinners": no longer taking it, whatever "since" follows ("Off accutane since
#: 2019" is past; "Accutane since 2019" is current).
OFF_BEFORE = re.compile(r"\boff\s+(?:of\s+)?(?:the\s+|her\s+|his\s+|their\s+)?$", re.IGNORECASE)
#: Long enough ago that isotretinoin no longer matters (the guidance is six months).
LONG_AGO = re.compile(
    rf"\b(?:(?:\d+\s*|(?:a|one|two|three|several|many|a\s+few|few|couple\s+of)\s+){YEARS}\s+(?:ago|back)|years\s+ago"
    r"|as\s+a\s+(?:teen|teenager|child|kid)|(?:(?:[6-9]|1[0-9])\s*|(?:six|seven|eight|nine|ten|eleven|twelve"
    rf"|eighteen)\s+){MONTHS}\s+ago|(?:over|more\s+than)\s+(?:a\s+year|six\s+months|6\s+months)\s+ago)\b",
    re.IGNORECASE,
)
#: What may follow a checklist answer on its line: the line's end, punctuation, a bracket, an emoji, but no other
#: word ("Pregnant: no (asked 3/2)", "Pregnant: no 🙂"; "Pregnant: now 20 weeks" is no answer).
_ANSWER_END = r"(?![^\S\n]*[\w'’])"
#: Right after a term, across a question or colon ("Pregnant? No", "Retinol? Stopped a while ago"). Group ``lead``: what
#: stands between the term and the colon ("Pregnancy status: no"), where another field's label may stand instead
#: ("Pregnant 14wks, Meds: none"): see ``note_questions._answer_after``.
ANSWER_NO = re.compile(
    r"^(?P<lead>[^.;\n]{0,25}?)(?:[:?]|\s[-–—](?=\s))\s*(?:no|none|negative|nope|n/a|n|nil|denies|no\s+issues?|no\s+problems?"
    rf"|fine|ok(?:ay)?){_ANSWER_END}",
    re.IGNORECASE,
)
#: A checklist's no written with no colon, last on its line or before the next item ("Pregnant N", "Pregnant N | Blood
#: thinners N", "Diabetes no, High BP Y"): for conditions only ("Latex no" may be an instruction to keep latex away).
CONDITION_ANSWER_NO = re.compile(
    rf"^[^\S\n]+(?:no|n|nope|none|neg(?:ative)?){_ANSWER_END}(?=[^\S\n]*(?:\n|$|[|,;/]))", re.IGNORECASE
)
#: A checkbox as an intake form prints it: ticked ("[x]", "☑", "✅") or left empty ("[ ]", "☐"); group ``ticked``
#: says which. Right before a term ("[x] Nuts", "☐ surgery") or right after it ("Pregnant [ ] | Blood thinners [x]").
#: A ticked box: "[x]", "[✓]", and the "[v]" and "[*]" some forms and typists tick with ("Allergies: [v] Nuts").
_TICKED_BOX = r"\[\s*[xXvV✓✔*]\s*\]|☑|☒|✅|✔️?"
_BOX = rf"(?:(?P<ticked>{_TICKED_BOX})|\[\s?\]|☐|□|◻|⬜|▢)"
#: What stands on a line before its first box, when it holds no term, for boxes that come before their terms: a mark
#: or a heading's word ("1.", "Q4.", "Any allergies?", "Intake 12/1 -", "Medical history (check all that apply):",
#: "Allergies", "Allergy check", "Contraindications"). See ``forms._checkbox``.
BOXES_FIRST = re.compile(
    rf"(?:^|[:?.\-–—|)•*#]|\b(?:{ALLERGY_WORD}|check|history|conditions?|contraindications?|health|intake|checklist"
    r"|apply|form|medical))\W*$",
    re.IGNORECASE,
)
#: A box that ends its line ("Latex [x] Nuts [ ]"): its boxes follow their terms.
BOX_ENDS_LINE = re.compile(_BOX + r"[^\S\n]*[.,;]?[^\S\n]*$")
CHECKBOX = re.compile(_BOX)
CHECKBOX_BEFORE = re.compile(_BOX + r"[^\S\n]*$")
#: A box a few words before its term, the words naming no other term and denying nothing: "[ ] Recent surgery (last 6
#: months)", "☐ Currently pregnant", "[x] Taking blood thinners" (group ``words``; see ``forms._checkbox``).
CHECKBOX_WORDS_BEFORE = re.compile(
    _BOX + r"[^\S\n]*(?P<words>(?:(?!(?:no|n|not|non|never|none|nil|denies|denied|without|nka|nkda)\b)\w[\w'/-]*[^\S\n]+){1,3})$",
    re.IGNORECASE,
)
#: After a term a box a few words before answers: the end of the box's item, maybe after a bracket ("[ ] Recent surgery
#: (last 6 months)", "[ ] Currently pregnant [x] Diabetes"); not free text ("[ ] Waiver signed pregnant 20wks"). For
#: ``match`` at a position (no "^": it would only match at the string's start).
BOX_ITEM_END = re.compile(r"[^\S\n]*[?:.,;]?[^\S\n]*(?:\([^()\n]*\)[^\S\n]*[?:.,;]?[^\S\n]*)?(?=\n|$|" + _BOX + ")")
#: In the bracket after such an item, details the guest wrote in rather than the form's own words: a reaction, how
#: bad, how long ago or how far along ("[ ] Allergic to latex (hives)", "[ ] Recent surgery (knee, 3 wks ago)",
#: "[ ] Currently pregnant (20 wks)"; not "(last 6 months)", "(within 2 weeks)").
BOX_ITEM_DETAIL = re.compile(
    rf"\b(?:{ALLERGY_WORD}|{SENSITIVE_WORD}\w*|anaphyla\w*|epi-?pens?|reacts?|reactions?|hives|rash\w*|swell\w*"
    r"|itch\w*|severe|bad(?:ly)?|ago|\d+\s*wks?|(?:weeks?|wks?)\s*[:=-]\s*\d+)\b",
    re.IGNORECASE,
)
#: After a box, its item's words on the same line ("[ ] Diabetes", "☐ Recent surgery"): the box starts an item.
ITEM_AFTER_BOX = re.compile(r"[^\S\n]*[^\W\d_]")
CHECKBOX_AFTER = re.compile(rf"^[^\S\n]*(?:{ALLERGY_WORD})?[^\S\n]*[:-]?[^\S\n]*" + _BOX)  # "Nut allergy [ ]" too
#: Any box, ticked or not, with no group (a Yes/No pair holds two): "[x]", "[ ]", "[]", "☑", "☐".
ANY_BOX = r"(?:\[[^\S\n]*[xXvV✓✔*]?[^\S\n]*\]|☑|☒|✅|✔️?|☐|□|◻|⬜|▢)"
#: What makes an ``ANY_BOX`` a ticked one.
TICK = re.compile(r"[xXvV✓✔*☑☒✅]")
_YES_NO_LABEL = r"(?:yes|y|no|n)"
_PAIR_GAP = r"[^\S\n]*[,/|]?[^\S\n]*"
#: A Yes/No pair of boxes an intake form prints per item, each label before its box or after it, in either order:
#: "Yes [x] No [ ]", "Y ☑ N ☐", "Yes: [ ] No: [x]", "[x] Yes [ ] No", "☐ Yes ☑ No". Groups ``l1``, ``b1``, ``l2``,
#: ``b2`` (labels first) or ``b3``, ``l3``, ``b4``, ``l4`` (boxes first); see ``forms._yes_no_boxes``.
YES_NO_PAIR = re.compile(
    rf"\b(?P<l1>{_YES_NO_LABEL})[^\S\n]*:?[^\S\n]*(?P<b1>{ANY_BOX}){_PAIR_GAP}\b(?P<l2>{_YES_NO_LABEL})[^\S\n]*:?"
    rf"[^\S\n]*(?P<b2>{ANY_BOX})|(?P<b3>{ANY_BOX})[^\S\n]*(?P<l3>{_YES_NO_LABEL})\b{_PAIR_GAP}(?P<b4>{ANY_BOX})"
    rf"[^\S\n]*(?P<l4>{_YES_NO_LABEL})\b",
    re.IGNORECASE,
)
#: Between a term and the Yes/No pair that follows it: "Pregnant? [ ] Yes [x] No", "Recent surgery: Y [x] N [ ]",
#: "Latex allergy - Yes [x] No [ ]" (for ``fullmatch`` over the gap).
PAIR_LEAD = re.compile(rf"[^\S\n]*(?:{ALLERGY_WORD})?[^\S\n]*[?:|\-–]?[^\S\n]*", re.IGNORECASE)
#: Between a Yes/No pair and the term that follows it: nothing but a mark, or a few words naming no term and denying
#: nothing ("[x] Yes [ ] No  Currently pregnant", "Yes [x] No [ ] Taking blood thinners"); group ``words``.
PAIR_WORDS_BEFORE = re.compile(
    r"[^\S\n]*[:|\-–]?[^\S\n]*(?P<words>(?:(?!(?:no|n|not|non|never|none|nil|denies|denied|without|nka|nkda)\b)"
    r"\w[\w'/-]*[^\S\n]+){0,3})",
    re.IGNORECASE,
)
#: After a term its pair's few words come before: the item's end, maybe after a bracket, then the line's end or the
#: next item's pair or box ("Yes [ ] No [x] Recent surgery (last 6 months)"); for ``match`` at a position.
PAIR_ITEM_END = re.compile(
    r"[^\S\n]*[?:.,;]?[^\S\n]*(?:\([^()\n]*\)[^\S\n]*[?:.,;]?[^\S\n]*)?(?=\n|$|" + ANY_BOX + "|" + _YES_NO_LABEL
    + r"[^\S\n]*:?[^\S\n]*" + ANY_BOX + ")",
    re.IGNORECASE,
)
#: A pregnancy's weeks as the whole text written beside its Yes/No pair or in a cell of its table row ("20 wks",
#: "(20 wks)", "- 16 weeks", "weeks: 20"; not "2 weeks ago", "postpartum 6 wks"); for ``fullmatch``.
PREGNANCY_WEEKS = re.compile(
    r"[(\-–:,]?\s*(?:\d{1,2}\s*(?:wks?|weeks?)(?:\s+(?:pregnant|along))?|(?:weeks?|wks?)\s*[:=-]?\s*\d{1,2})\s*[).]?",
    re.IGNORECASE,
)
#: A pregnancy's weeks written alone, as a note does once the sentence says it is a pregnancy by how she lies or what
#: she is (``extraction._pregnancy_by_weeks``): "no prone - 30 wks", "30wks, side-lying only", "G2P1, 22 wks". The
#: figure (group ``figure``, its number ``weeks``) starts the clause or follows a separator, "at", "now", "about", a
#: side-lying or a G#P# ("side lying 30 wks", "G2P1 22w"; "every 4 wks", "no prone for 2 wks" are none), and nothing
#: after it makes it a time since or until something ("2 wks out from surgery", "Botox 2 wks ago", "3 wks post-op").
PREGNANCY_WEEKS_ALONE = re.compile(
    r"(?:^|[,;:(~@\-–—]|\b(?:at|now|currently|about|around|approx|side[\s-]?lying|sidelying|g\d{1,2}[^\S\n]*p\d{1,4})\b)"
    r"[^\S\n]*(?P<figure>(?P<weeks>\d{1,2})[^\S\n]*(?:weeks?|wks?|w)\b)(?![^\S\n]*[/.]?\d)"
    r"(?![^\S\n]*[-(]?[^\S\n]*(?:post|after|out|since|into|of|in|from|on|off|between|until|till|apart|ago|left|later"
    r"|without|w/o|old|free|behind|late|early|pp|overdue|due\s+for|per|prior|before|back|away|running|straight|rest"
    r"|recovery|healing|max|min|minimum|maximum|total|x)\b)"
    # nor a word after it but one of a pregnancy's: "12 wks PT", "12 wks whiplash", "20 wks last time" are none
    r"(?![^\S\n]+(?!(?:pregnant|preg|pg|along|gestation|today|now|no|not|side[\s-]?lying|sidelying|prone|bump|belly"
    r"|due|ob)\b)[^\W\d_])",
    re.IGNORECASE,
)
#: Conditions a form asks about in one question, whose one answer is each one's: "Pregnant, breastfeeding or trying:
#: no", "Pregnant or breastfeeding? No" (``note_questions._answered``; any other list keeps its earlier items).
ASKED_TOGETHER: frozenset[str] = frozenset({"pregnancy", "breastfeeding"})
#: How far along a pregnancy's weeks alone may say (``PREGNANCY_WEEKS_ALONE``): fewer weeks than this are rather a
#: time since a procedure ("no prone - 2 wks"), a pregnancy is seldom noted so early.
PREGNANCY_WEEKS_RANGE = range(8, 43)
#: In a sentence, what makes a weeks figure alone a pregnancy's: lying prone kept off or lying on her side, a bump or
#: a belly, an obstetric G#P# ("G2P1"), a due date, an OB or a midwife.
PREGNANCY_CONTEXT = re.compile(
    r"\b(?:prone|side[\s-]?lying|sidelying|bump(?![^\S\n]+on\b)|belly(?![\s-]+(?:button|fat)\b)|g\d{1,2}[^\S\n]*p\d{1,4}"
    r"|due(?![^\S\n]+(?:to|for)\b)"
    r"|ob(?:[\s/-]?gyn)?|midwife)\b",
    re.IGNORECASE,
)
#: In that sentence, what makes the weeks a time since something instead: an operation, a procedure, an injury, a
#: birth, or the next visit ("Lipo 11/20, no prone - 12 wks", "postpartum, 10 wks, side-lying", "belly button piercing -
#: 10 wks", "Next visit: 12 wks, prone ok").
NOT_A_PREGNANCY_CONTEXT = re.compile(
    r"\b(?:surg\w*|post[\s-]?(?:op|partum|natal)\w*|op|procedure\w*|lipo\w*|bbl|tummy[\s-]+tuck|augment\w*|implants?"
    r"|injur\w*|fractur\w*|broke|recover\w*|pp|born|birth|gave\s+birth|delivered|delivery|c[\s-]?sections?"
    r"|botox|fillers?|tattoo\w*|piercings?|sprain\w*|chemo\w*|radiation|miscarr\w*|baby\s+(?:is|was)|newborn|nursing"
    r"|breastfeed\w*|next|rebook\w*|return\w*|follow[\s-]?ups?|appts?|appointments?|every|interval)\b",
    re.IGNORECASE,
)
#: The cells of a table's line: split at a pipe, a tab or a run of two spaces or more ("Condition | Yes | No",
#: "Pregnant | [x] | [ ]").
TABLE_CELL_BREAK = re.compile(r"[^\S\n]*(?:\||\t|[^\S\n]{2,})[^\S\n]*")
#: A table's Yes or No column heading ("Yes", "Y", "No", "N", "Yes?").
YES_NO_HEADING = re.compile(r"(?P<yes>yes|y)|no|n", re.IGNORECASE)
#: In a surgery's or an injectable's own segment: it is still to come ("Surgery next month", "tox + juvederm
#: scheduled for 12/10", "having surgery in 2 weeks"), so not recent; a past cue beside it keeps it ("Botox last
#: week, more scheduled").
FUTURE_EVENT = re.compile(
    r"\b(?:next\s+(?:week|month|year|mon|tue|wed|thu|fri|sat|sun)\w*|next\s+(?:wks?|mos?|yrs?)|scheduled|upcoming|planned|planning|booked\s+for"
    r"|will\s+(?:have|be\s+having|get)|going\s+to\s+(?:have|get)|in\s+(?:\d+|a|one|two|three|four|a\s+few|few)\s+"
    r"(?:days?|weeks?|wks?|months?|mos?))\b",
    re.IGNORECASE,
)
#: In the same segment: the surgery or injectable has happened, or is happening now ("had", "ago", "today", "this
#: morning", "post-op"): it is recent whatever follow-up the note plans.
EVENT_PAST = re.compile(
    r"\b(?:last|ago|had|got|did|done|yesterday|today|this\s+(?:morning|week|afternoon)|just|recent(?:ly)?|post[\s-]?op"
    r"|recovering|since|s/p)\b",
    re.IGNORECASE,
)
#: A date as notes write it, US month first: "12/10", "11/20/26" (groups ``month``, ``day``, ``year``).
MONTH_DAY = re.compile(r"(?<![\d/])(?P<month>1[0-2]|0?[1-9])/(?P<day>3[01]|[12]\d|0?[1-9])(?:/(?P<year>\d{4}|\d{2}))?(?![\d/])")
#: An intake checklist's yes right after the term: "Nuts: yes", "Latex - Y", "Shellfish? yes (hives)".
ANSWER_YES = re.compile(
    rf"^\s*(?:[:?]|\s[-–—](?=\s)|[-–—])\s*(?:yes|y|positive|allergic|true|x|✓|✔){_ANSWER_END}",
    re.IGNORECASE,
)
#: Right after a preference: a question mark, after at most two words ("Lavender?", "Firm pressure? check").
QUESTION_AFTER = re.compile(r"^[ \t]*(?:[\w'’-]+[ \t]*){0,2}?\?")
ANSWER_PAST = re.compile(
    r"^(?P<lead>[^.;\n]{0,25}?)[:?]\s*(?:stopped|finished|quit|not\s+anymore|no\s+longer|in\s+the\s+past)\b", re.IGNORECASE
)
#: Between a term and its answer's colon, what ends the term's item and starts another's label (``ANSWER_NO``'s
#: ``lead``): a comma, a pipe, a bullet or a spaced dash list items (group ``listing``; a dash, group ``dash``, may
#: also set the term's own words after it: "Pregnant — 14wks, meds: none"); a slash, "&", "+", "and" or "or" join the
#: words of one label more often than not ("Pregnant/nursing? No", "Pregnant or nursing: no"), so they end an item
#: only when it has words of its own ("Pregnant 14wks / Meds: none"). Not the slash of "w/", "y/n", "n/a"; one with
#: no space beside it ends the term's item ("Pregnant/nursing, meds: none") but starts no label: it joins one
#: label's words ("Latex allergy - Meds/supps: none"; group ``joined``).
ANSWER_LABEL_SEPARATOR = re.compile(
    r"(?P<listing>[,|•·]|(?P<dash>(?<=\s)[-–—](?=\s)))|(?<!\b[a-z])(?:(?<=\s)/|/(?=\s)|(?P<joined>/))|[&+]"
    r"|\b(?:and|or)\b",
    re.IGNORECASE,
)
#: Words of a checklist's label that neither state anything about the term nor make another label: the form's own
#: ("Pregnancy status", "Pregnant Y/N", "Retinol use"), a heading's examples ("Blood thinners, e.g. warfarin"), and
#: small words ("Allergic to latex").
ANSWER_LABEL_FILLER: frozenset[str] = frozenset(
    "e.g e.g. eg i.e i.e. ie incl incl. including includes include such as like etc etc. y n yes no y/n n/a na status"
    " use usage any or and nor the a an to of in on at for with w w/".split()
)
#: Right before a term, words that state it rather than head a checklist's question about it: "On Eliquis, Advil:
#: stopped", "Taking warfarin, vitamins: stopped", "Allergic to latex, meds: none".
STATED_BEFORE = re.compile(
    rf"\b(?:on|taking|takes?|uses|using|has|have|is|currently|now|still|(?:allergic|allergy|{SENSITIVE_WORD}e|reacts?)\s+to)"
    r"[^\S\n]+$",
    re.IGNORECASE,
)
#: A label that asks about anything but the items before it, which it leaves stated: "Shellfish allergy, other: none",
#: "Allergies: latex, other: none".
OTHER_LABEL = re.compile(r"^\W*(?:others?|anything\s+else|else)(?:\s+al{1,2}[eé]rg\w*)?\W*$", re.IGNORECASE)
#: A year that dates an event: "in 2019", "(2015)", "since 2019", "3/1/2019", "2019-03-01" (group ``year``), "3/1/19"
#: (group ``yy``, 2019), or "last
#: year" (group ``last``); not an amount ("aspirin 2000 mg", "$2000") nor the end of a phone number. Whether it is long ago depends on the day the note is read:
#: "in 2026" may be last month.
DATED_YEAR = re.compile(
    r"\b(?P<last>last\s+year)\b"
    r"|(?<![\w.:$])(?<!\d-)(?P<year>(?:19|20)\d\d)(?!\w|[.:]\d|\s*(?:mg|mcg|ml|units?|iu)\b)"
    r"|(?<![\w/.])\d{1,2}/\d{1,2}/(?P<yy>\d\d)(?![\w/.])",  # "3/2/15": a year of this century
    re.IGNORECASE,
)
#: Within weeks or a few months: still relevant after stopping (isotretinoin needs six months).
RECENT_PERIOD = re.compile(
    rf"\b(\d+|one|two|three|four|five|a\s+few|few|couple\s+of)\s*({WEEKS}|{MONTHS})\s+ago\b", re.IGNORECASE
)
#: Days since something stopped: "2 days ago", "yesterday", "a few days ago" (group 1: the amount, none for
#: yesterday).
DAYS_AGO = re.compile(rf"\b(?:(\d+|one|two|three|four|five|six|a\s+few|few|couple\s+of)\s*{DAYS}\s+ago|yesterday)\b", re.IGNORECASE)
#: A retinoid stopped fewer days ago than this still counts: it is stopped five to seven days before a peel or waxing.
RETINOID_WASHOUT_DAYS = 7
#: Terms stopped fewer days ago than these still count: a retinoid (``RETINOID_WASHOUT_DAYS``), a blood thinner
#: (warfarin thins the blood for up to five days after the last dose: "Blood thinners - stopped 2 days ago" is still a
#: caution for deep work or hot stones, probe49a).
WASHOUT_DAYS: dict[str, int] = {"retinoids": RETINOID_WASHOUT_DAYS, "bloodThinners": 7}
#: Someone else the notes speak of, whose allergy or condition is theirs, not the guest's; not one named only as who
#: told the spa ("Per husband - latex allergy", "according to her daughter: on Eliquis", "Son called: client on
#: Eliquis", "Her husband says she is 20 wks pregnant": a safety review found these read as his).
OTHER_PERSON = re.compile(
    r"(?<!\bper\s)(?<!according\sto\s)(?<!according\sto\sher\s)(?<!according\sto\sthe\s)"
    r"\b(?:husband|wife|partner|boyfriend|girlfriend|mother|mom|mum|father|dad|sister|brother|daughter|son"
    r"|friend|family\s+history|grandmother|grandfather|aunt|uncle)\b"
    r"(?![^\S\n]+(?:says|said|called|calls|reports?|reported|mentioned|confirms?|confirmed|told\s+us)\b"
    r"[^\S\n]*(?:that\b)?[^\w\n]*(?:she|client|the\s+client|pt|patient|guest)\b)",
    re.IGNORECASE,
)

#: Right after a term, the person it is for, someone else: "Shoulder surgery for her husband next wk", "Knee surgery
#: for her mom" (``note_questions._someone_else``); not a body area or a reason ("surgery for her knee", "… for her ACL"),
#: nor the person's event a possessive names ("Botox for her daughter's wedding 3 days ago" is the guest's botox); a
#: possessive of the person's own skin is still theirs ("Asked about retinol for her daughter's acne").
FOR_OTHER_PERSON_AFTER = re.compile(
    rf"[^\S\n]*for[^\S\n]+(?:(?:her|his|their|my|the)[^\S\n]+)?{OTHER_PERSON.pattern}"
    r"(?!['’]s\b(?![^\S\n]+(?:acne|skin|face|complexion|eczema|rosacea|psoriasis|rash|breakouts?|scalp|hair)\b))",
    re.IGNORECASE,
)
#: Someone named in an earlier clause whom a later "he"/"she" may refer to.
MALE_OTHER = re.compile(r"\b(?:husband|boyfriend|father|dad|brother|son|grandfather|uncle)\b", re.IGNORECASE)
FEMALE_OTHER = re.compile(r"\b(?:wife|girlfriend|mother|mom|mum|sister|daughter|grandmother|aunt)\b", re.IGNORECASE)
#: A clause that starts with "he"/"she" and a preference verb ("he prefers", "she likes", "he also wants"), and, in the
#: clause before, a person of that sex who cannot be the guest ("her husband", "with husband", "his wife"): the
#: preference is that person's ("Booked with her husband; he prefers deep tissue"). Read for preferences only; a
#: "she" after "her mom" may be the guest, so it is left to the guest.
PRONOUN_PREFERS = re.compile(
    r"^\W*(he|she)\s+(?:also\s+|usually\s+|always\s+)?(?:prefers|likes|loves|wants|enjoys|requests|asks\s+for|needs)\b",
    re.IGNORECASE,
)
#: After such a "he" ("she"), the guest named again before the preference: "he prefers firm, she wants light".
GUEST_PRONOUN_FOR_OTHER = {
    "he": re.compile(r"\b(?:she|her)\b", re.IGNORECASE),
    "she": re.compile(r"\b(?:he|him|his)\b", re.IGNORECASE),
}
MALE_OTHER_NOT_GUEST = re.compile(
    r"\b(?:(?:her|with|w/|and)\s+(?:husband|boyfriend|hubby)|her\s+(?:father|dad|brother|son|grandfather|uncle))\b",
    re.IGNORECASE,
)
FEMALE_OTHER_NOT_GUEST = re.compile(
    r"\b(?:(?:his|with|w/|and)\s+(?:wife|girlfriend)|his\s+(?:mother|mom|mum|sister|daughter|grandmother|aunt))\b",
    re.IGNORECASE,
)
#: Right after a person ``OTHER_PERSON`` names: they interpret for the guest, and a "she" or "he" (group ``pronoun``)
#: starts what they relay ("husband translated: she is having chemotherapy", "daughter interpreting - he has a
#: pacemaker").
INTERPRETED_AFTER = re.compile(
    r"[^\S\n]+(?:translated|translating|interpreted|interpreting|translates|interprets)(?:[^\S\n]+for[^\S\n]+(?:her|him))?"
    r"[^\S\n]*[:,\-–—][^\S\n]*(?P<pronoun>she|he)\b",
    re.IGNORECASE,
)
PRONOUN_SUBJECT = re.compile(
    r"^\W*(he|she)(?:'s|’s|\s+is|\s+has|\s+was|\s+gets|\s+reacts|\s+can['’]?t|\s+cannot|\s+can\s+not|\s+doesn['’]?t)\b",
    re.IGNORECASE,
)

#: Antihistamines a guest takes for an allergy, by brand and generic name: a remedy, never itself the allergen a list
#: names when "took" is in front of it ("Allergies: seasonal, took Zyrtec", "took Claritin, latex"). "took benadryl -
#: hives" still names it (a reaction said). Painkillers are not here: an NSAID allergy is common ("took ibuprofen -
#: hives"); "took Advil, ok" is read as a drug said to be fine instead.
ANTIHISTAMINES: frozenset[str] = frozenset(
    "zyrtec cetirizine claritin loratadine clarinex desloratadine allegra fexofenadine xyzal levocetirizine benadryl"
    " diphenhydramine chlorpheniramine chlorphenamine piriton hydroxyzine atarax vistaril reactine aerius telfast"
    " cetrizine antihistamine antihistamines".split()
)
#: An unscented wish that names an allergen ("no fragrance", "no scents", "no essential oils"): after an allergy the
#: sentence states first ("Allergic to nuts, no fragrance") or with a sensitivity word (see INSTRUCT_NO) it is that
#: allergen's allergy too. Group ``fragrance`` or ``essentialOils`` says which. "No aromatherapy" stays a preference.
NO_SCENT_ALLERGEN = re.compile(
    r"^no\s+(?:(?P<fragrance>fragrances?|scents?)|(?P<essentialOils>essential\s+oils?))$", re.IGNORECASE
)
#: An instruction to keep something away ("No latex", "Avoid almond oil"): with a sensitivity word elsewhere in
#: the sentence ("No nut oils - severe allergy", "No lavender, it makes her nauseous") the thing is an allergen.
INSTRUCT_NO = re.compile(
    r"\b(?:no|avoid(?:s|ing)?|skips?|without|never\s+use|(?:don['’]t|do\s+not)\s+use|keep\s+away\s+from"
    r"|stay\s+away\s+from|steer\s+clear\s+of|nothing\s+with)\b",
    re.IGNORECASE,
)
#: The allergens whose keeping away only an allergy can say: the profile has no "avoid this product" field, and a
#: service's contraindications meet a guest's allergies only. Fragrance and essential oils are left out (the
#: ``unscented`` wish keeps them away), and so are scents (a "no lavender" is a dislike as often as not).
PRODUCT_ALLERGENS: frozenset[str] = frozenset(ALLERGENS) - {"fragrance", "essentialOils"}
#: Right before one of ``PRODUCT_ALLERGENS``: an instruction to keep it away ("no nut oils", "avoid almond oil", "no
#: products with latex", "use grapeseed oil, NOT almond", "instead of almond oil"), also as a later item of a list
#: ("no shellfish/iodine"; the engine writes each earlier allergen as "§").
KEEP_AWAY_BEFORE = re.compile(
    r"(?<![\w'’])(?:no|not|never|avoid(?:ing)?|without|never\s+use|(?:don['’]?t|do\s+not)\s+use|keep\s+away\s+from"
    r"|stay\s+away\s+from|nothing\s+with|instead\s+of|rather\s+than|in\s+place\s+of)"
    r"\s+(?:(?:any|all|the|anything|products?|oils?|lotions?|creams?|scrubs?|balms?|butters?|masks?|wraps?|gloves"
    r"|with|containing)\s+){0,3}"
    r"(?:§\s*(?:,|\band\b|\bor\b|&|/)\s*)*$",
    re.IGNORECASE,
)
#: Right after an allergen: it is kept out ("nut-free oils only", "latex free gloves").
FREE_AFTER = re.compile(r"[\s-]*free\b", re.IGNORECASE)
#: Before "<allergen>-free", in its own stretch of the clause: a negation says the "-free" product is not needed, not
#: that the allergen stays away ("Not nut-free", "No nut-free needed", "Doesn't need nut-free oil", "no need for
#: latex-free gloves", "No requirement for nut-free oil"). The stretch starts after ``FREE_STRETCH_START``.
FREE_DENIED_BEFORE = re.compile(r"\b(?:no|not|never|none|nothing)\b|n['’]t\b", re.IGNORECASE)
#: Where the stretch before a "-free" ends a negation's reach: "No fragrance, nut-free oils only", "No oils unless
#: nut-free".
FREE_STRETCH_START = re.compile(r"[,;.!]|\s[-–—]+\s|\b(?:but|unless|except|only)\b", re.IGNORECASE)
#: After "<allergen>-free": it is not needed ("Latex-free not required", "Nut-free oil isn't needed").
FREE_NOT_NEEDED_AFTER = re.compile(
    r"^\s*(?:(?:gloves|oils?|products?|lotions?|creams?)\s+)?(?:(?:is|are|was|were)\s*)?(?:not|n['’]t|no\s+longer)\s+"
    r"(?:needed|necessary|required|essential|a\s+must)\b",
    re.IGNORECASE,
)
#: The cue of ``KEEP_AWAY_BEFORE`` that names the other oil as an alternative ("instead of almond oil"): no allergy
#: when the sentence before it states a preference (``PREFERENCE_BEFORE``) or gives the guest the same allergen
#: ("Use almond oil instead of coconut oil").
ALTERNATIVE_CUE = re.compile(r"^(?:instead\s+of|rather\s+than|in\s+place\s+of)\b", re.IGNORECASE)
#: Before "instead of" / "rather than": the guest's preference between oils, not an instruction to keep one away
#: ("Prefers coconut oil rather than almond", "Likes jojoba instead of coconut oil").
PREFERENCE_BEFORE = re.compile(
    r"\b(?:prefer\w*|likes?|liked|loves?|loved|enjoys?|enjoyed|wants?|wanted|would\s+like|requests?|requested"
    r"|asks?\s+for|asked\s+for|favou?rite|chooses?|chose|picks?|picked|opts?\s+for|opted\s+for)\b",
    re.IGNORECASE,
)
#: Right before an oil or product named as a treatment's ingredient (``PRODUCT_NAME``): the one used, what the spa
#: switched to ("Peanut allergy - we use fractionated coconut oil for her", "Nut allergy - switch to coconut oil"),
#: not an allergen; not when kept away ("don't use coconut oil", "never use almond": ``KEEP_AWAY_BEFORE``).
USED_BEFORE = re.compile(
    r"(?<![\w'’])(?:(?:we|they|i|she|he)\s+)?(?:use[ds]?|using|switch(?:ed)?\s+to|swap(?:ped)?\s+(?:to|for)|go\s+with"
    r"|went\s+with)\s+(?:(?:the|a|some|only|just)\s+)?$",
    re.IGNORECASE,
)
USED_NEGATED = re.compile(r"\b(?:no|not|never|don['’]?t|do\s+not|doesn['’]?t|can['’]?t|cannot)\s+(?:\w+\s+)?$", re.IGNORECASE)
#: An allergen named as a treatment's ingredient (an oil, coconut, almond, aloe…): on a line of its own it is the
#: product asked for or used ("Almond oil", "Coconut"), a flag only with emphasis ("ALMOND OIL", "⚠️ almond oil").
PRODUCT_NAME = re.compile(r"oil|coconut|almond|almendra|macadamia|aloe|lanolin|soy", re.IGNORECASE)
#: Emphasis that makes a line of allergens a flag: a "!", a "*", a warning emoji or the peanut and chestnut emoji
#: (capitals are read by the engine).
FLAG_EMPHASIS = re.compile(r"[!*⚠❗❕‼🚫⛔🛑🥜🌰]")
#: On a flag's line, after the allergen: what to use instead ("⚠️ LATEX ⚠️ use nitrile", "LATEX!! nitrile gloves only",
#: "NUTS - grapeseed oil only", "LATEX, use non-latex gloves"): it says the flag is an allergy, not something else.
FLAG_HANDLING = re.compile(
    r"\b(?:(?:use|only|switch\s+to)\s+(?:the\s+|a\s+)?)?(?:nitrile|vinyl|non[\s-]?latex|latex[\s-]free|nut[\s-]free|grapeseed"
    r"|jojoba|sunflower|unscented|fragrance[\s-]free|hypoallergenic)(?:\s+(?:gloves?|oils?|lotions?|products?))?"
    r"(?:\s+only)?\b",
    re.IGNORECASE,
)
#: A heading that lists alerts: the lines under it may still be flags ("Alerts:\nLATEX"); under any other heading
#: ("Products used:", "Preferred oil:", "Retail purchase:") a line naming an oil is an item, never a flag.
ALERT_HEADING = re.compile(
    rf"\b(?:alerts?|warnings?|cautions?|caution|flags?|medical|health|important|{ALLERGY_WORD}|{SENSITIVE_WORD}\w*)\b",
    re.IGNORECASE,
)
#: After a kept-away allergen, the rest of a list that ends in an allergy word or a problem: the "no" denies the
#: allergies or the problems ("No nuts, latex or fragrance allergies", "No nut/latex issues", "no latex concerns"; the
#: engine writes each later allergen as "§").
DENIED_LIST_AFTER = re.compile(
    rf"^(?:\s*(?:,|\band\b|\bor\b|\bnor\b|&|/)?\s*§)*\s*(?:(?:\w+[\s-]+)?(?:{ALLERGY_WORD}|{SENSITIVE_WORD}\w*|intoleran\w*)"
    r"|(?:(?:oils?|gloves|products?|skin)\s+)?(?:issues?|problems?|concerns?|reactions?|troubles?|worries)\b)",
    re.IGNORECASE,
)
#: After a kept-away allergen: "no X" says the spa has none of it, not that it must stay away ("No nut oils in stock",
#: "no coconut oil left, used jojoba", "Not almond oil today, ran out").
OUT_OF_STOCK_AFTER = re.compile(
    r"^\s*(?:(?:oils?|products?|gloves)\s+)?(?:today\s*)?(?:(?:in\s+stock|left(?!\s+(?:on|in|over|behind))|available|on\s+hand)\b"
    r"|[,-]?\s*(?:(?:we\s+|they\s+)?(?:ran|run|running)\s+out|(?:was|were|is|are)\s+out|out\s+of\s+stock|sold\s+out)\b)",
    re.IGNORECASE,
)
#: After a kept-away allergen: "no X" says X is not needed, not that it must stay away ("No latex gloves needed").
NEEDED_AFTER = re.compile(
    r"^\s*(?:(?:gloves|oils?|products?)\s+)?(?:(?:is|are)\s+)?(?:needed|necessary|required)\b", re.IGNORECASE
)
SENSITIVITY_WORD = re.compile(
    rf"\b(?:{ALLERGY_WORD}|{SENSITIVE_WORD}\w*|intoleran\w*|anaphyla\w*|epi-?pens?|reacts?|reactions?|hives|rash\w*|breaks?\s+out"
    r"|itch\w*|nause\w*|migraines?|headaches?|swell\w*|sens"  # "sens": the front desk's "No latex - sens."
    # the throat closing, her breathing stopped: "No nuts - throat closes (up)", "No nuts - can't breathe" (lex51)
    # not where or how she lies, nor her asthma or a steam she breathes ("Can't breathe in the steam room - skip
    # eucalyptus steam", "Can't breathe - asthma, no eucalyptus steam": rev51b, a SEVERE oils allergy)
    r"|throat\s+clos\w*|(?:can['’]?t|cannot)\s+breathe(?!\s+(?:through|thru|out\s+of|in|on|during|while|when|face|lying)\b)"
    r"(?![^\n.;!]*\b(?:steam\w*|asthma\w*)))\b",
    re.IGNORECASE,
)
#: What may stand between an allergy heading's word and its colon: an update, a date, or both ("Allergy update:",
#: "Allergies 12/1:", "Allergy update 12/1:"); the heading was not read at all, and a nut allergy was lost.
ALLERGY_HEADING_DATED = (
    r"(?:[^\S\n]+updated?s?(?:[^\S\n]+\d{1,2}/\d{1,2}(?:/\d{2,4})?)?|[^\S\n]+\d{1,2}/\d{1,2}(?:/\d{2,4})?)"
)
#: An allergy word that names what follows it: "allergic to", "allergies:", "Allergic?", "allergic (latex)",
#: "Allergies — latex", "allergies include", "alérgica al látex". Not an intake form's combined heading
#: ("Allergies/Sensitivities:", "Allergies & Sensitivities:") nor its "Allergies?:": their answers name sensitivities,
#: remarks and answers as often as allergens ("Allergies/Sensitivities: sensitive skin", "Allergies?: Negative").
#: Who told the spa, between an allergy word and its list: "Allergies - per carer:", "Allergies per carer:", "Allergies
#: (per carer):", "Allergies per mum -", "Allergies according to her daughter:". The list after it is the guest's; the
#: words name no allergen (the notes reader read "per carer: Henna" as an allergen 'perCarer' with Henna its reaction)
#: and no person (the privacy scrubber masked "Henna" after "carer:").
#: A person who told the spa and may be named after the word for them ("per carer Maria:", "per Dr Patel:", "per Dr.
#: Patel -"): a care worker, a clinician or a relative.
ALLERGY_TELLER_NAMED = (
    r"(?:carer|caregiver|care[^\S\n]*giver|nanny|aide|pca|assistant|guardian|chaperone|nurse|doctor|dr|gp|physician"
    r"|derm|dermatologist|allergist|husband|wife|partner|mother|mom|mum|father|dad|sister|brother|daughter|son|spouse"
    r"|hubby|grandma|grandmother|granny|grandpa|grandfather|nan|niece|nephew|aunt|auntie|aunty|uncle|cousin|friend"
    r"|boyfriend|girlfriend|bf|gf|fianc[eé]{1,2}|mil|fil|pcp)"
)
#: That person's name, one or two capitalised words, right before the mark that opens the list ("Maria", "Patel",
#: "Maria Lopez"), or masked already ("per Dr [name]:", as the privacy scrubber reads it on); never a word in lower
#: case or capitals ("per carer latex:" is no name).
ALLERGY_TELLER_NAME = (
    r"(?:\[name\]|(?-i:[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)(?:[^\S\n]+(?-i:[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?))?)"
)
#: What opens the list after who told the spa: a mark, or a closing bracket with a mark maybe.
ALLERGY_TELLER_END = r"[^\S\n]*(?:\)[^\S\n]*(?:[:=]|[-–—]+)?|[:=]|[-–—]+)"
#: From the allergy word to the word for who told the spa: "- per", " (per her", " according to the".
ALLERGY_TELLER_LEAD = (
    r"[^\S\n]*(?:[-–—(,:][^\S\n]*)?(?:per|as[^\S\n]+per|according[^\S\n]+to|reported[^\S\n]+by)[^\S\n]+"
    r"(?:(?:her|his|their|the|client'?s|guest'?s|pt'?s)[^\S\n]+)?"
)
#: A person who told the spa, maybe with their name before the list's mark ("carer", "Dr Patel", "carer Maria"); the
#: name's mark never a hyphen inside the list's first word ("per carer Maria Tea-tree, latex" is no teller "Maria Tea").
_ALLERGY_TELLER_PERSON = (
    rf"{ALLERGY_TELLER_NAMED}(?:\.?[^\S\n]+{ALLERGY_TELLER_NAME}(?={ALLERGY_TELLER_END})(?![-–—]+\w))?|parents?|family"
)
ALLERGY_TOLD_BY = (
    rf"{ALLERGY_TELLER_LEAD}(?:{_ALLERGY_TELLER_PERSON}|chart|intake(?:[^\S\n]+form)?|client|guest|pt|patient)"
    rf"{ALLERGY_TELLER_END}"
)
#: An allergy cue ending in who told the spa ("Allergies per her daughter:", "Allergies (per mum) -"): the list's first
#: item may be the teller's own name (``allergy_lists._teller_named``, ``guardrails._in_allergy_list``).
ALLERGY_TOLD_BY_AT_END = re.compile(rf"{ALLERGY_TOLD_BY}$", re.IGNORECASE)
#: The same cue when the teller is a person (a carer, a clinician, a relative: "per nurse:", "per mum -"), never a
#: paper or the guest ("per chart:", "per intake form:", "per client:"): only a person's own name may be first in their
#: list (``guardrails._teller_named``; "Allergies per chart: Melissa" was masked as a name, rev39f H2).
ALLERGY_TOLD_BY_PERSON_AT_END = re.compile(
    rf"{ALLERGY_TELLER_LEAD}(?:{_ALLERGY_TELLER_PERSON}){ALLERGY_TELLER_END}$", re.IGNORECASE
)
#: Given names that are also what a guest reacts to in spa notes: "Melissa" (lemon balm, its essential oil), "Jessica"
#: (a nail polish brand). Before a mark and a reaction ("Melissa - hives") such a word is the allergen, not the name
#: of who told the spa; any other given name there is still theirs ("Allergies per mum: Sarah - hives").
GIVEN_NAMES_ALSO_ITEMS: frozenset[str] = frozenset({"melissa", "jessica"})
#: After "allergy sa" / "allergie à la" (any of lex52b's French, Portuguese and Tagalog cues), a known allergen's name,
#: or the end of the text searched (rev52d: "Allergy SA form signed" read "form signed", "Allergy à la carte menu"
#: "carte menu", "Allergic grave au revoir joke" "revoir joke").
_KNOWN_ALLERGEN_AHEAD = (  # or the end of what is searched: the text before a term read there
    rf"\s*(?:$|{'|'.join(ALLERGENS.values())}|p[ée]nicill\w*|penicilina|amoxi\w*|sulfa\w*|bees?\b|abeilles?|guêpes?"
    r"|lavande|lavender|aspirin\w*|codéine|codeine|ibuprof\w*|œufs?|oeufs?|eggs?|dairy|lait|gluten|fish|poisson"
    r"|sesame|sésame|pollen|nickel|wax|cire|miel|honey|kiwi|banan\w*|fraises?|strawberr\w*|mangga|isda|itlog|gatas)"
)
_ALLERGY_HEAD = (
    # Spanish may say how bad between: "ALERGIA SEVERA A NUECES", "alergia grave a los mariscos"
    rf"{ALLERGY_WORD}(?:{ALLERGY_TOLD_BY}|(?:\s+(?:sever[ao]s?|graves?|fuertes?)(?=\s+al?\b))?"
    r"\s+(?:to|2|al|a(?:\s+(?:la|las|los|el))?)\b(?:\s*:)?|\s*(?:[:?(•=]|[-–—]+)|\s+colon\b"
    # dated or an update ("Allergy update: tree nuts", "Allergies 12/1: tree nuts", "Allergy update 12/1: nuts")
    rf"|{ALLERGY_HEADING_DATED}[^\S\n]*:)"
    # "allergic rxn to grapeseed oil"; not "allergic reaction to the last facial / treatment / stress"
    rf"|{ALLERGY_WORD}\s+(?:rxns?|reactions?)\s+to\b(?!\s+(?:the|a|an|our|her|his|my|this|that|what|previous|last"
    r"|treatments?|stress|massages?|facials?|peels?|sauna|steam|sun\w*|heat|cold|body|mud|wax\w*|cupping|shots?"
    r"|injections?|cheap)\b)"
    r"|allergies\s+(?:include|including)"
    # "Allergy list: latex triggered hives", "Allergies list - latex": the heading of her list
    rf"|{ALLERGY_WORD}[^\S\n]+list[^\S\n]*(?::|[-–—]+)"
    # the front desk's shorthand, as a heading only: "alg: nuts", "Algs: latex, nuts"
    r"|algs?[^\S\n]*:"
    # French and Portuguese "to" (lex52b): "allergique aux noix", "allergie à la lavande", "alérgica ao látex"; Tagalog
    # "sa", maybe after "din", "po", "ako" ("May allergy po ako sa hipon", "Allergic din sa latex"), not after "ang may"
    # (someone named is "the one with" it: "Yung mister niya ang may allergy sa mani") nor with "hindi siya" (not her)
    rf"|{_not_after(_FOREIGN_DENIALS)}{_not_after(_FRENCH_RELATIVES, '', 'est ', 'est aussi ', 'est très ')}"
    rf"{ALLERGY_WORD}(?:\s+(?:s[ée]v[eè]res?|graves?))?\s+"
    rf"(?:à\s+l['’]|à\s+la\b|(?:aux|au|à(?![^\S\n]+la\b|[^\S\n]*l['’])|ao|aos|às)\b)(?={_KNOWN_ALLERGEN_AHEAD})"
    rf"|(?<!\bang\smay\s){_not_after(_FOREIGN_DENIALS)}{_not_after(_TAGALOG_OTHERS)}"
    rf"{ALLERGY_WORD}(?:\s+(?:din|rin|po|ako|siya|sya|daw|raw|talaga))*"
    rf"\s+sa\b(?={_KNOWN_ALLERGEN_AHEAD})"
    r"(?![^.;\n]*\bhindi\s+(?:siya|sya|po|ako)\b)"
)
#: A cue about a reaction, after which what it was to ends at a dash ("allergic reaction to cats - sneezing").
REACTION_CUE = re.compile(r"\b(?:rxns?|reactions?)\s+to\b", re.IGNORECASE)
#: The heading of a record's field, as intake forms and booking systems export them on one line ("Allergies: latex |
#: Meds: none | Medical hx (diabetes, epilepsy): none"): a closed list, so an allergen's own note after a pipe
#: ("latex | nuts: severe") is no field, and nor is a field that may hold the answer of the one before ("Allergies:
#: yes | Notes: latex", "… | Avoid: latex, nuts", "… | Cautions: latex": notes, alerts, avoid, cautions stay with it).
#: The words of a heading about allergies or health, as a record's field (``FIELD_HEADING``) or a question whose
#: bracket may give examples (``ASKING_HEADING``).
_HEALTH_HEADING = r"al{1,2}[eé]rg\w*|medications?|conditions?|medical|health|hx|history"
#: The words a field is answered with nothing ("none", "nil", "n/a", "na"): the one spelling every pattern of an empty
#: answer shares, each adding its own ("no", "nothing", a dash, "nkda"); ``allergy_lists._EMPTY_ANSWERS`` has them too.
NONE_WORDS = r"none|nil|n/?a"
#: A kind of allergy a form's allergy field lists its items under ("Allergies: Food: nuts, shellfish; Drug: Zosyn"):
#: not "Meds:", "Medications:" or "Contact:", which may be another field ("Allergies: latex; Meds: lisinopril").
ALLERGY_KIND_LABEL = r"(?i:drugs?|foods?|environmental|seasonal|others?)[^\S\n]*:"
#: A preference's field, maybe named as one ("Scent pref:", "Preferred scent:", "Fav scent:", "Pressure preference:"):
#: after an allergy list's pipe, its "Scent" was read as a fragrance allergy.
PREFERENCE_FIELD = (
    r"(?:(?:preferred|fav(?:ou?rite)?|fave)[^\S\n]+)?(?:pressure|music|scents?|temp(?:erature)?)"
    r"(?:[^\S\n]+pref(?:erence)?s?\.?)?"
)
FIELD_HEADING = (
    r"(?:known[^\S\n]+|any[^\S\n]+|current[^\S\n]+)?(?:(?:medical|health)(?:[^\S\n]+(?:history|hx|conditions?))?"
    rf"|{_HEALTH_HEADING}|meds?|pregnan\w*|blood[^\S\n]+thinners|{PREFERENCE_FIELD}|preferences?|surgery|surgeries"
    r"|room|dob|phone|email|gender|age)"
    r"[^\S\n]*(?:\([^()\n]{0,60}\)[^\S\n]*)?[:?]"  # one run of spaces at a time: linear on a long run
)
#: The label of a form's next field after an answer on the same line (``extraction._ANSWERED_FIELD_BREAK``): one to
#: three words, then a colon or a question mark ("Pregnant:", "Latex allergy:", "Allergies?", "Blood thinners?");
#: not a phrase a "no" opens ("no known allergies:", "no other allergies:"), a clock time ("10:30"), nor a field
#: that may hold the answer's details ("Allergies: yes Notes: latex", "Allergies? Yes Which: latex").
ANSWERED_FIELD_LABEL = (
    r"(?!(?:known|other|further|more|new|real|true|notes?|alerts?|comments?|details?|avoid|cautions?"
    r"|contraindications?|list|type|kind|which|what|specify|describe|explain|please|if|reaction|severity)\b)"
    r"[^\W\d_][\w'’-]*(?:[^\S\n]+[^\W\d_][\w'’-]*){0,2}[^\S\n]*[:?](?![^\S\n]*[?:])"
)
#: The label of a form's next field after a "yes" on the same line: only a field the reader knows a form to ask
#: (an allergy, a pregnancy or its due date, breastfeeding, meds, blood thinners, surgery, varicose veins, clots, a
#: pacemaker, diabetes, pressure), maybe after words that name it ("Latex allergy:", "Recent surgery?"). Any other label
#: after a "yes" may be where the answer's details go ("Allergies: yes To what: latex", "Allergies: yes Oils: lavender",
#: "Food:", "Substances:"), so it stays with the answer; only a "no" is split from any label, since only a "no" could
#: cancel the next field.
#: Words before a form field's name that say which ("Latex allergy:", "Recent surgery?", "Food allergies:").
_FIELD_MODIFIER_WORDS = (
    r"any|known|current|recent|past|other|food|drug|medication|latex|nuts?|peanuts?|tree[^\S\n]+nuts?|shellfish"
    r"|seasonal|environmental|skin"
)
#: The fields, besides an allergy, that the reader knows a form to ask (``KNOWN_FORM_FIELD_LABEL``,
#: ``FIELD_AFTER_DETAILS``).
_FORM_FIELD_NAMES = (
    r"pregnan\w*(?:[^\S\n]+loss(?:es)?)?|miscarriages?|breast[^\S\n]*feeding|nursing|meds?|medications?"
    r"|blood[^\S\n]+thinners?|anticoagulants?|surgery|surgeries|varicose[^\S\n]+veins?|blood[^\S\n]+clots?|dvt"
    r"|pacemaker|diabet\w*|pressure|due"
)
KNOWN_FORM_FIELD_LABEL = (
    rf"(?:(?:{_FIELD_MODIFIER_WORDS}|medical|health)[^\S\n]+){{0,2}}"
    rf"(?:al{{1,2}}[eé]rg\w*|{_FORM_FIELD_NAMES}|conditions?|(?<=health[^\S\n])issues)"
    r"[^\S\n]*[:?](?![^\S\n]*[?:])"
)
#: A form's known field (as above) after another field's answer and its details on the same line ("Pregnant? yes 20
#: wks  Meds: none", "Blood thinners? yes  Notes: quiet  Meds? none"), or a free-text field answered none ("Latex
#: allergy: yes Avoid: none Pressure: firm"): only words that name such a field may open its label ("Latex allergy:",
#: "Recent surgery?", "Food allergies:"), never a word of the answer before it ("yes legs  Allergies:" is "legs" and
#: "Allergies:"); "Codeine allergy:" is not split (its first word may be the answer's).
_FIELD_MODIFIER = rf"(?:{_FIELD_MODIFIER_WORDS})[^\S\n]+"
FIELD_AFTER_DETAILS = (
    rf"(?:{_FIELD_MODIFIER}){{1,2}}al{{1,2}}[eé]rg\w*[^\S\n]*[:?](?![^\S\n]*[?:])"
    rf"|(?:{_FIELD_MODIFIER}){{0,2}}"
    rf"(?:(?!allerg(?:y|ic)\b)al{{1,2}}[eé]rg\w*|{_FORM_FIELD_NAMES})[^\S\n]*[:?](?![^\S\n]*[?:])"
    r"|(?:notes?|alerts?|comments?|other|details|avoid|cautions?|contraindications?|conditions?"
    r"|al{1,2}[eé]rg\w*[^\S\n]+list)[^\S\n]*[:?][^\S\n]*"
    rf"(?:{NONE_WORDS}|nothing|-+)(?![^\S\n]*\w)"
)
#: Between two fields of a record exported on one line: a pipe, a tab, or a bullet after a space.
FIELD_SEPARATOR = r"(?:[|\t]|(?<=[^\S\n])•)"
#: A free-text field answered none at the end of a one-line record: set apart too, so its "none" does not deny the
#: record's answers ("Allergies: nuts | Notes: none").
_FREE_FIELD = r"(?:notes?|alerts?|comments?|other|details|avoid|cautions?|contraindications?)[^\S\n]*:"
_NONE_ALONE = rf"[^\S\n]*(?:{NONE_WORDS}|nothing|-+)[^\S\n]*(?=$|\n|[|\t])"  # the field's whole answer
EMPTY_FREE_FIELD = rf"{_FREE_FIELD}{_NONE_ALONE}"
#: A line of a one-line record whose allergy field leaves its answer to another ("Allergies: yes | Room: 3 | Avoid:
#: nuts", "Allergies (nuts, latex): none | Meds: none | Notes: NUTS severe"): with a free-text field that says
#: something (``FILLED_FREE_FIELD``), the line is read whole, as it was written.
ANSWER_ELSEWHERE = re.compile(
    r"\bal{1,2}[eé]rg\w*[^\S\n]*(?:[:?][^\S\n]*(?:yes|y|see[^|\t\n•]*)"  # the answer alone: not "yes - latex"
    rf"|\([^()\n]{{0,60}}\)[^\S\n]*:[^\S\n]*(?:{NONE_WORDS}|no))[^\S\n]*(?={FIELD_SEPARATOR}|$)",
    re.IGNORECASE,
)
FILLED_FREE_FIELD = re.compile(rf"{FIELD_SEPARATOR}[^\S\n\t]*{_FREE_FIELD}(?!{_NONE_ALONE})", re.IGNORECASE)
#: Right before a term, an allergy's or a health record's heading that lists it, maybe after other items: "Allergies:
#: latex, meds: none", "Allergies - nuts, latex | Meds: none", "Alérgica al látex, meds: no", "Conditions: HBP, meds:
#: none". What such a heading lists it states (``note_questions._stated``), as "On Eliquis" does.
LISTED_BEFORE = re.compile(
    rf"\b(?:{_ALLERGY_HEAD}|(?:(?:medical|health)(?:[^\S\n]+(?:history|hx|conditions?))?|conditions?|hx|dx"
    r"|diagnos[ie]s)[^\S\n]*(?:[:\-–—]))[^\S\n]*"
    r"(?:[^\W\d_][\w'’ -]{0,25}?(?:[^\S\n]*\([^()\n]{0,25}\))?[^\S\n]*[,/&+][^\S\n]*){0,6}$",
    re.IGNORECASE,
)
#: Cues after which an allergen the lexicon does not know is still kept ("allergic to penicillin").
STRONG_ALLERGY_CUE = re.compile(
    rf"\b(?:{_ALLERGY_HEAD}|anaphyla\w*\s+(?:to|from|with)|epi-?pen\s+(?:is\s+)?for)",  # "EpiPen is for bee stings"
    re.IGNORECASE,
)
#: A booking form's question about allergies, maybe with the guest's conditions in the same breath: "Any allergies",
#: "Any allergies or medical conditions we should know about", "Allergies or conditions", "Allergies/conditions".
_ALLERGY_QUESTION = (
    rf"(?:(?:any|do\s+you\s+have\s+any|have\s+you\s+(?:got\s+)?any)\s+)?(?:known\s+)?{ALLERGY_WORD}"
    r"(?:\s*(?:\bor\b|\band\b|/|&)\s*(?:other\s+)?(?:medical\s+|health\s+)?(?:conditions?|concerns?|issues?|problems?))?"
    r"(?:\s+(?:we|i)\s+should\s+(?:know|be\s+aware)\s+(?:about|of))?"
)
#: A clause that is only an allergy heading ("Allergies", "Known allergies"), whose items a dash sets after it.
ALLERGY_HEADING = re.compile(rf"^\W*(?:known\s+|food\s+|drug\s+)?{ALLERGY_WORD}\W*$", re.IGNORECASE)
#: A booking form's question about allergies, as a clause whose answer follows: after a "Q:" or a label and a dash
#: ("Q: Allergies?", "Online booking - Any allergies or medical conditions we should know about?"), or the form's
#: label and a colon or a dash before the allergy word ("Intake: Allergies? Y - tree nuts", "Intake form - Allergies?
#: Yes - latex": the label's words are no allergen's). Only when it names no term (see
#: ``note_clauses._heads_the_next_clause``).
ALLERGY_QUESTION_HEADING = re.compile(
    rf"^\W*(?:q\d*[^\S\n]*[:.)][^\S\n]*)?"
    r"(?:(?:[^\W\d_][\w'’ ]{0,30}?(?::|[^\S\n][-–—]+)[^\S\n]*)?(?:known\s+|food\s+|drug\s+)?"
    rf"{ALLERGY_WORD}"
    rf"|(?:[^\W\d_][^\n:?]{{0,40}}?\s[-–—:]+\s*)?(?=any\b){_ALLERGY_QUESTION}|{_ALLERGY_QUESTION}(?=\W*[:?]))\W*$",
    re.IGNORECASE,
)
#: The question of a booking form that asks for allergies and conditions at once, as a cue for a known allergen that
#: answers it ("Any allergies or medical conditions? -> latex, and I'm 16 weeks pregnant", "Allergies/conditions:
#: latex"). Not a cue for allergens the lexicon does not know: the answer may be a condition ("asthma").
ALLERGY_OR_CONDITION_CUE = re.compile(
    rf"\b{ALLERGY_WORD}\s*(?:\bor\b|\band\b|/|&)\s*(?:other\s+)?(?:medical\s+|health\s+)?"
    r"(?:conditions?|concerns?|issues?|problems?)(?:\s+(?:we|i)\s+should\s+(?:know|be\s+aware)\s+(?:about|of))?"
    r"[^\S\n]*[:?]+(?:[^\S\n]*-+>)?",
    re.IGNORECASE,
)
#: Words that end a list of unknown allergens: the text has moved on to something else.
NOT_AN_ALLERGEN: frozenset[str] = frozenset(
    str.split(
        "only please use uses used so fine ok okay none nothing anything everything known nka nkda unknown sure "
        "maybe no not yes but which that she he they it her his gets get makes make causes cause since from with "
        "in on at for to products product gloves today now too also though is are was were as well has have had "
        "carries severe mild slight likes loves prefers wants skip avoid extra pressure music room temp "
        "temperature something stuff things y n tbd tba tbc see chart file pending unconfirmed confirm confirmed "
        "check ask asked call text phone ring email contact asap dr mr mrs ms mx prof doctor unsure idk dunno "
        "forgot will both all these those them either checked verified noted listed keep put leave wear apply "
        "bring give open close turn remove wash wipe clean be careful caution watch mind denies denied prone safe "
        "friendly husband wife partner mom mum mother dad father son daughter sister brother kid kids child friend "
        "expired expires expiring outdated refill refilled "  # "Nut allergy (EpiPen expired)": no allergy to "expired"
        "therapist therapists"  # "Female therapist, shellfish allergy": a wish for who works, no allergen
    )
)
#: An exception after a denial: "No known allergies except latex", "NKA other than nuts" (see NO_ALLERGIES).
_EXCEPT = r"except(?:\s+for)?|other\s+than|apart\s+from|aside\s+from|besides|save\s+for"
EXCEPTION_CUE = re.compile(rf"\b(?:{_EXCEPT}|excluding)\b", re.IGNORECASE)
#: The short forms of "no known (drug / food) allergies".
NKA = r"nka|nkda|nkfa"
#: Words that deny allergies, before an exception ("No known allergies", "NKA", "Allergies: none").
NO_ALLERGIES = re.compile(
    rf"\b(?:{NKA})\b|\b(?:no|not|none|denies|nil|without)\b[^.;\n]{{0,30}}\b{ALLERGY_WORD}"
    rf"|\b{ALLERGY_WORD}\s*(?:[:?]|[-–—]+)?\s*(?:none|nil|n/a|no)\b",
    re.IGNORECASE,
)
#: "Allergic to nothing but latex", "Allergies: none except tree nuts and penicillin", "Not allergic to anything but
#: sulfa drugs (hives)", "NKA but latex", "No known allergies but latex": an allergy denied as "nothing" / "none"
#: ("allergic to", "allergies:", "allergy:"), "not allergic to anything", "no (known) (drug / food) allergies" or the
#: short forms "NKA", "NKDA", "NKFA" (also after "Allergies:": "Allergies: NKDA but latex"), then "but" or "except", at
#: the start of the note, a line, a sentence or a
#: one-line record's field (after a list bullet or "she is", "client is" at most). Group ``items`` is what follows up to the clause's end
#: (".", "!", ";", a line break or the note's end), which ``extraction._nothing_but`` reads only when it is nothing but
#: known allergens joined by ",", "and", "or", "&" (and at most a bracketed reaction at its end).
NOTHING_BUT = re.compile(
    r"(?:^|(?<=[\n.!;|]))[^\S\n]*(?:[-*•][^\S\n]+)?"
    r"(?P<statement>(?:(?:she|he|client|guest)(?:[^\S\n]+is|['’]s)[^\S\n]+)?"
    r"(?:(?:allergic[^\S\n]+to(?:[^\S\n]*:)?|allerg(?:y|ies)[^\S\n]*:)[^\S\n]*(?:nothing|none)"
    r"|not[^\S\n]+allergic[^\S\n]+to[^\S\n]+anything|(?:allerg(?:y|ies)[^\S\n]*:[^\S\n]*)?nk[df]?a"
    r"|no[^\S\n]+(?:known[^\S\n]+)?(?:(?:drug|food)[^\S\n]+)?allerg(?:y|ies))"
    r"[^\S\n]+(?:but|except)[^\S\n]+(?P<items>[^.!;\n]*))",
    re.IGNORECASE,
)
#: The noun of an allergy named after its allergen ("Penicillin allergy", "BEE STING allergy", "oat intolerance"), at
#: the end of its statement (then punctuation, a dash, "and"...): not "allergy to", a cue for what follows, nor the
#: word used of something else ("allergy season", "allergy meds", "Allergy-Safe body butter", "Allergy & Asthma
#: Center", "Update allergy info", "Same allergy as last time").
_NOUN_ENDS = (
    r"(?=[^\S\n]*(?:$|\n|[.,;:!?()\[\]/+–—]|\s-+\s|\s+(?:and|or|but|so|per|noted|listed|confirmed|on\s+file|too|also"
    r"|as\s+well|causes?|gives?|w/|with)\b"
    # or one stray mark before its end: "Bee sting allergy x", "Sesame allergy xx", "Nut allergy **" (lex52: read none)
    r"|\s+(?:x{1,3}|x\d{1,2}|[*+#~]{1,3})[^\S\n]*(?:$|\n|[.,;!])"
    # or a warning sign, which frames an alert: "⚠️ BEE STING ALLERGY ⚠️ (epi in bag)" (held-out h7-60 read none)
    r"|[\u26a0\u2757\u2755\U0001f6a8]))"
)
ALLERGY_NOUN = re.compile(rf"\b(?:al{{1,2}}[eé]rg(?:y|ies)|intoleran(?:ce|t)){_NOUN_ENDS}", re.IGNORECASE)
#: "Sensitivity" after the word for what it is to: "Salicylate sensitivity", "Sulfite sensitivities". The word is
#: said loosely of people and body areas ("lots of sensitivity", "scalp sensitivity"), so only an allergen the
#: lexicon knows or a common one (``COMMON_ALLERGENS``) right before it is read, and it must end its statement as an
#: allergy's noun does ("Dust sensitivity none", "Caffeine sensitivity test ordered" name none).
SENSITIVITY_NOUN = re.compile(rf"\bsensitivit(?:y|ies){_NOUN_ENDS}", re.IGNORECASE)
#: After a heading's bracket, its colon and an answer that there is none: "Allergies (latex, nuts): none known",
#: "Conditions (pregnancy, diabetes): N/A". Not "ok", "fine" or "no issues", which clear what the bracket lists.
#: The answer must end its line, and what follows must be another field (``FIELD_HEADING``: "Pregnant: yes") or
#: nothing: "No - but see below: latex", "no?", "none/unsure", "none⏎NUTS severe", "none⏎Notes: NUTS severe", "No⏎
#: change since last visit" are more than none.
NONE_ANSWER = re.compile(
    rf"^[^\S\n]*:\s*(?:{NONE_WORDS}|nothing|no)(?:\s+(?:known|reported|noted|listed|declared))?"
    rf"(?:\s+(?:allergies|conditions))?[^\S\n]*\.?[^\S\n]*(?:\n\s*(?:{FIELD_HEADING}|$)|$)",
    re.IGNORECASE,
)
#: A heading that asks about allergies or health, whose bracket may give examples: not a treatment ("Hot stones
#: (pregnant, diabetic): no" gives the guest's own reasons), a name or an update.
ASKING_HEADING = re.compile(
    rf"\b(?:{_HEALTH_HEADING}|meds|contraindications?|screening|questionnaire)\W*$",  # the asking word ends the
    # heading: not "Medical clearance", "Meds brought"
    re.IGNORECASE,
)
#: A heading about what has changed lists the guest's own items: "Medication changes (warfarin): none" is no change.
CHANGE_HEADING = re.compile(r"\b(?:changes?|changed|updates?|updated|review(?:ed)?|flagged|new|since)\b", re.IGNORECASE)
#: In a heading's brackets: words saying the bracket gives examples ("diabetes, heart disease etc", "e.g. latex").
_FOR_EXAMPLE = r"e\.?\s?g|incl(?:uding)?|such\s+as|for\s+(?:example|instance)"
EXAMPLES_MARK = re.compile(rf"\betc\b|\b(?:{_FOR_EXAMPLE})\b", re.IGNORECASE)
#: At the opening of a heading's brackets: they list examples, never the guest's answer ("Allergies (e.g. nuts,
#: latex): latex"). Not "including", which may list her own ("Allergies (including latex): severe").
FOR_EXAMPLE_OPENING = re.compile(r"[^\S\n]*(?:e\.?[^\S\n]?g\b|such[^\S\n]+as\b|for[^\S\n]+(?:example|instance)\b)", re.IGNORECASE)
#: Words in front of an allergy noun that say what kind of allergy, not to what: "Food allergy", "Seasonal allergies",
#: "possible penicillin allergy" (left off the front of a name; nothing left, no allergen named).
ALLERGY_KINDS: frozenset[str] = frozenset(
    str.split(
        "food foods seasonal drug drugs medication medications medicine meds environmental skin contact multiple "
        "several other many possible suspected reported documented noted listed her his their own family known "
        "bad serious life threatening pt patient client guest allergy allergies intolerance intolerant cold heat "
        "sun light noise pain touch suspects suspect probable likely mentions mentioned reports says said "
        "states stated thinks believes same similar new prior past childhood hx history note w discussed discuss "
        "asked told tell talked spoke reviewed"
    )
)
#: A sentence that adds to the one before: "also sesame", "Plus: iodine".
ALSO_START = re.compile(r"^\W*(?:also|plus)\b[\s:,-]*", re.IGNORECASE)
#: Right after an allergy's noun: denied, or someone else's ("Sulfa allergy - denied", "Sulfa allergy (husband)").
ALLERGY_NOT_HERS_AFTER = re.compile(
    r"^\s*(?:[-–—:]+|\(|,)\s*(?:(?:her|his|their)\s+)?"
    r"(?:denied|denies|ruled\s+out|negative|husband|wife|partner|mom|mum|mother|dad|father|son|daughter|sister|brother"
    r"|kid|child|friend|not\s+(?:hers|his|confirmed))(?:'s)?(?:\s+only)?\s*\)?\s*(?:$|[.;!]|,\s*(?!\w+\s+(?:says|reports|said)))",
    re.IGNORECASE,
)
#: Allergens the lexicon has no term for that an "also" sentence may name after an allergy ("peanut allergy!!! severe.
#: also sesame"); any other word there ("Also vegan", "Also running late") is no allergen.
COMMON_ALLERGENS: frozenset[str] = frozenset(
    str.split(
        "sesame kiwi mango avocado strawberry strawberries banana eggs egg milk dairy wheat gluten fish corn oats oat "
        "honey beeswax bees bee wasps wasp penicillin sulfa codeine morphine ibuprofen aspirin nickel wool adhesive "
        "tape chamomile arnica citrus mustard celery lupin sulfites sulfite sulphites sulphite molluscs mollusks "
        "turmeric cinnamon cloves clove propolis parabens paraben salicylates salicylate benzocaine lidocaine "
        "neomycin bacitracin amoxicillin pollen dust mold mould caffeine lactose"
    )
)
#: Animals an allergy list names alone ("Allergies: latex, cats"), read as plainly an allergen's name where a list is read
#: on strictly too: after a pipe or a semicolon ("Allergies: latex - hives | cats"), on the heading's next line.
ANIMAL_ALLERGENS: frozenset[str] = frozenset(
    str.split("cat cats dog dogs horse horses rabbit rabbits hamsters pets animals feathers bird birds parrot parrots")
) | {"guinea pig", "guinea pigs", "dog hair", "cat hair"}  # "Allergies: latex | birds", "…\nguinea pigs" were lost
#: The common allergens a "nothing but" exception may name (``NOTHING_BUT``): not a scent or a spice that is one
#: ("Allergies: none but chamomile" may be a liked scent); the drug abbreviations a chart uses too ("NKA but PCN").
NOTHING_BUT_COMMON: frozenset[str] = (COMMON_ALLERGENS - {"chamomile", "citrus", "cinnamon", "clove", "cloves"}) | {
    "pcn", "asa", "nsaid", "nsaids"
}
#: The last word of an allergen's name of two or three words, in the one number the name is kept in, whichever the note
#: wrote: "Bee sting allergy" (an allergy named after its allergen is in the singular) and "EpiPen for bee stings" name
#: one allergen, ``beeStings`` (as the tests, the docs and the guardrails' evidence check, "bee stings" for
#: ``beeStings``, spell it); so do "wasp sting" / "wasp stings", "dust mite" / "dust mites" (``dustMites``), "sulfa
#: drug" / "sulfa drugs" (``sulfaDrugs``), "hair dyes" / "hair dye" (``hairDye``). A profile that says one allergy twice
#: under two names, or a model's value the reader's own reading of its evidence does not give, is none of them.
ALLERGEN_NAME_LAST_WORD: dict[str, str] = {
    "sting": "stings",
    "mite": "mites",
    "drug": "drugs",
    "dyes": "dye",
    "plaster": "plasters",
    "adhesives": "adhesive",
}
#: An allergen the vocabulary does not know, written another way than its usual name: a chart's abbreviation ("PCN") or
#: the insects alone ("ALLERGIC: BEES", "Allergies: bees, latex"), named as the usual name is (``allergy_lists.raw_allergen_name``),
#: so the briefing says "penicillin allergy" (not "pcn allergy") and a note that writes both says it once.
ALLERGEN_NAME_SAID_AS: dict[str, str] = {"pcn": "penicillin", "bees": "beeStings"}  # not "bee": "bee pollen" too
#: In French and Portuguese too ("allergie à la pénicilline", "alérgica a penicilina": lex52b).
ALLERGEN_NAME_SAID_AS |= {"pénicilline": "penicillin", "penicilline": "penicillin", "penicilina": "penicillin"}
#: The first word of how her skin reacts, which an item after a dash may be ("aloe - breaks out", "lanolin - broke
#: out in hives"): no allergen's name (it read one, ``breaksOut``), though the list goes on after it.
REACTION_NOT_A_NAME: frozenset[str] = frozenset({"breaks", "broke", "breaking", "breakouts", "breakout"})
#: The two-word common allergens a "nothing but" exception may name: "bee stings", "wasp venom", "dust mites", "sulfa
#: drugs".
NOTHING_BUT_NAMED = re.compile(
    r"(?:bees?|wasps?)\s+(?:stings?|venom)|dust\s+mites?|(?:sulfa|penicillin)\s+drugs?", re.IGNORECASE
)
#: The common allergens read before "sensitivity": not "corn" (a foot corn: "Corn sensitivity - avoid deep work").
SENSITIVITY_ALLERGENS: frozenset[str] = COMMON_ALLERGENS - {"corn"}
#: Before an allergen: an allergy that has ended ("Previously allergic to latex").
ALLERGY_PAST_BEFORE = re.compile(
    r"\b(?:previously|formerly|used\s+to\s+(?:be|have)|was\s+once|once\s+was|no\s+longer)\b", re.IGNORECASE
)
#: After an allergen: it has ended or was never there ("ruled out by allergist", "outgrew it").
ALLERGY_PAST_AFTER = re.compile(
    r"\b(?:ruled\s+out|outgr[eo]w\w*|grew\s+out\s+of|no\s+longer\s+(?:allergic|reacts?|an\s+issue|a\s+problem)"
    r"|not\s+(?:allergic\s+)?any\s?more|resolved|tested\s+negative)\b",
    re.IGNORECASE,
)
#: Right after an allergen or scent: the note allows it ("citrus oil ok", "lavender is fine", "essential oils are
#: okay"). Not when negated ("not ok" never matches: the qualifier must follow at once) or asked ("citrus ok?").
ALLOWED_AFTER = re.compile(
    r"^\s*(?:(?:essential\s+)?(?:oils?|blends?|products?|gloves|scents?)\s+)?(?:(?:is|are)\s+(?:totally\s+|perfectly\s+)?)?"
    r"(?:ok(?:ay)?|fine|tolerated|no\s+problem|not\s+a\s+problem)\b(?!\s*\?)",
    re.IGNORECASE,
)
#: "X only" after another allergen of the same allergy ("nut oils - grapeseed only"): the one thing allowed. Never
#: when X is what the allergy cue names ("allergic to lavender only" is an allergy to lavender).
ALLOWED_ONLY_AFTER = re.compile(
    r"^\s*(?:(?:essential\s+)?(?:oils?|blends?|products?)\s+)?only\b(?!\s*\?)", re.IGNORECASE
)
#: Right before an allergen or scent: the note allows it ("fine with lavender", "can have citrus oil").
ALLOWED_BEFORE = re.compile(
    r"(?<![\w'’])(?:(?:fine|ok(?:ay)?|good)\s+with|can\s+(?:have|use|tolerate)|tolerates)\s+(?:the\s+|some\s+)?$",
    re.IGNORECASE,
)
#: Right after a scent: the note turns it down ("Peppermint - no", "lavender: no", "Ylang ylang - not a fan", "Rose? No
#: thanks", "peppermint not for her"): a scent to avoid. A "no" that answers something else is none ("Lavender - no
#: problem", "lavender: no preference", "Lavender: no allergy"), and "X is a no" / "X is not ok" stay refusals
#: (``REFUSAL_AFTER``: a sensitivity).
SCENT_TURNED_DOWN_AFTER = re.compile(
    r"^\s*(?:(?:essential\s+)?(?:oils?|blends?|scents?)\s*)?"
    r"(?:(?:[:=?]|\s[-–—]+|[-–—]+)\s*(?:no(?:pe)?|n|never|dislikes?|hates?|avoid|✗|✘|❌|🚫|👎)"
    r"(?![^\S\n]*(?!(?:thanks|thank\s+you|please|pls|again)\b)[\w'’])"  # another word: "no problem", "no allergy"
    r"|(?:[:=?]|\s[-–—]+|[-–—]+)?\s*not\s+(?:a\s+fan|for\s+(?:her|him|them)|(?:her|his|their)\s+thing|keen)"
    r"|[^\S\n]*(?:✗|✘|❌|🚫|👎))",  # a mark alone: "Lavender ❌", "peppermint 👎"
    re.IGNORECASE,
)
#: Between a "no" / "not" / "doesn't" and a scent: the words that make it no dislike: moderation ("not too much
#: lavender", "not so heavy on the peppermint"), indifference or need ("doesn't mind lavender", "doesn't need to be
#: lavender"), a restriction of the choice ("not just lavender", "nothing but lavender", "no oils except rose"),
#: doubt or history ("not sure about lavender", "never tried rosemary", "hasn't had peppermint"), and an allergy
#: denied ("No allergies, lavender ok": the "no" is the allergy's).
SCENT_NOT_A_DISLIKE = re.compile(
    rf"\b(?:too|so|as|overly|much|very|mind|minds|minded|care|cares|matter|matters|object|objects|need|needs|needed"
    r"|have\s+to|has\s+to|must|just|only|necessarily|always|sure|certain|tried|try|had|used|asked|mentioned"
    r"|requested|remember|recall|decided?|yet|but|except|other\s+than|apart\s+from|besides|known"
    rf"|{ALLERGY_WORD}|{SENSITIVE_WORD}\w*|intoleran\w*|react\w*|issues?|problems?|concerns?)\b",
    re.IGNORECASE,
)
#: Between a scent turned down and a later one: the note turns to what the guest likes ("No lavender - likes citrus",
#: "avoid peppermint, prefers eucalyptus"), so the "no" does not reach the later scent.
SCENT_WELCOME = re.compile(
    r"\b(?:likes?|loves?|prefers?|enjoys?|wants?|requests?|asks?\s+for|ok(?:ay)?|fine|good|great|but)\b", re.IGNORECASE
)
#: Right after a scent: too strong for the guest ("eucalyptus is too strong for her", "Peppermint too intense last
#: visit"): not one they like, and, as "not too much lavender", no scent to avoid either.
SCENT_TOO_STRONG_AFTER = re.compile(
    r"^\s*(?:(?:essential\s+)?(?:oils?|blends?|scents?)\s+)?(?:(?:is|was|are|were)\s+)?"
    r"(?:(?:way|much|a\s+(?:bit|little)|slightly|a\s+touch)\s+)?(?:too|overly)\s+(?:strong|intense|much|overpowering|potent)\b",
    re.IGNORECASE,
)
#: Right after a scent: the guest has no view of it ("Rose: no preference", "lavender - neutral", "Peppermint: n/a",
#: "eucalyptus? doesn't mind"): neither liked nor turned down.
SCENT_NO_VIEW_AFTER = re.compile(
    r"^\s*(?:[:=?]|\s[-–—]+|[-–—]+)\s*(?:no\s+(?:preference|pref|opinion|view)|neutral|indifferent|either\s+way|n/?a"
    r"|(?:doesn['’]?t|does\s+not|don['’]?t)\s+(?:mind|care|know)|not\s+(?:sure|bothered|fussed)|unsure|unknown|\?+)\b",
    re.IGNORECASE,
)
#: Right before a scent: the one passed over for another ("citrus instead of lavender", "rather than peppermint", "in
#: place of eucalyptus"; after a preference, "prefers lavender over eucalyptus"): not one they like.
PASSED_OVER = r"instead\s+of|rather\s+than|in\s+place\s+of"
SCENT_PASSED_OVER_BEFORE = re.compile(rf"\b(?:{PASSED_OVER})\s+(?:the\s+)?$", re.IGNORECASE)
SCENT_PREFERRED_OVER_BEFORE = re.compile(r"\bprefer(?:s|red)?\b.*\bover\s+(?:the\s+)?$", re.IGNORECASE)
#: Right before a scent: it is given as an example of what the words before name ("Hates strong smells, esp. peppermint",
#: "Avoid strong scents, e.g. eucalyptus", "no essential oils (such as lavender)").
SCENT_EXAMPLE_BEFORE = re.compile(
    rf"(?:[,(:]|\s)\s*(?:esp(?:ecially)?|{_FOR_EXAMPLE}|i\.?\s?e|particularly|like|namely|mainly|mostly)"
    r"\b\.?\s*[,:]?\s*(?:the\s+)?$",
    re.IGNORECASE,
)
#: Between two scents: only the words of a list ("avoid peppermint, rosemary", "no lavender / eucalyptus").
SCENT_LIST_GAP = re.compile(r"^\s*(?:(?:essential\s+)?oils?\s*)?(?:[,/&+]|\band\b|\bor\b|\s)+\s*$", re.IGNORECASE)
#: Negations that deny a history or a list rather than turn a scent down ("NKA", "denies", "negative for", "ruled
#: out"): never a scent to avoid.
DENIAL_NOT_DISLIKE = re.compile(
    r"^(?:nka|nkda|denies|denied|negative\s+for|ruled\s+out|free\s+of|none|nothing)$", re.IGNORECASE
)
#: A negation in front of an ALLOWED_BEFORE cue ("not fine with lavender"): the cue does not allow.
NEGATED_BEFORE = re.compile(r"(?:\b(?:not|never|no)|n['’]t)\s+$", re.IGNORECASE)
ALLERGEN_MODIFIERS: frozenset[str] = frozenset(
    str.split("a an the some mild severe slight all any most certain really very")
)
#: After what a later item of an allergy list is taken with, a word saying that is fine or used instead: the item is
#: no allergen ("Allergic to latex, tea w/ honey ok", "lidocaine - numbed w/ ice + vibration instead").
FINE_INSTEAD = re.compile(
    r"\b(?:fine|ok|okay|instead|tolerated|tolerates|no[^\S\n]+(?:problem|issue)s?)\b", re.IGNORECASE
)
#: How bad an allergy is, or what it does: never an allergen of its own ("Tree nut allergy (anaphylactic)", "Nut
#: allergy - EpiPen", "Shellfish allergy - hives", "Codeine allergy - nausea"), and left off either end of one ("penicillin - severe").
SEVERITY_WORDS: frozenset[str] = frozenset(
    str.split(
        "anaphylactic anaphylaxis anaphylactoid anaphylatic anaphalactic anaphalaxis anaphlaxis anaphylaxsis "
        "epipen epipens epi-pen epi-pens epi pen pens auto-injector autoinjector "
        "auvi-q severe severely serious seriously extreme extremely mild moderate slight life-threatening life "
        "threatening deadly fatal dangerous bad badly very highly airborne hives rash rashes swelling swells itching "
        "itchy reaction reactions risk shock "
        # a reaction she has, after a dash or a bracket: "Codeine allergy - nausea" named an allergen "nausea"
        "nausea nauseous nauseated vomiting vomit dizzy dizziness headache headaches migraine migraines sneezing "
        "wheezing welts blisters redness itch itches"
        # how bad, as a front desk abbreviates or writes it: "Nut allergy (sev)", "throat closes up", "hospitalised
        # 2021", "alérgica a los mariscos - grave" (probe49a: each named an allergen of its own)
        " sev grave closes closing closed up swell swelled swollen tightens tightening hospitalised hospitalized"
        # not "hospital", "throat" nor "ER", which begin real items ("hospital tape", "throat spray": rev49d)
    )
)
#: Words that open what an allergy does or how bad it is, never an allergen's name, when a word of ``SEVERITY_WORDS``
#: follows them: the body part that reacts ("throat closes up", "tongue swells") and Spanish "nada" ("nada grave":
#: nothing serious). Each named an allergen of its own ("throat allergy", "nada allergy"). Not alone: "throat spray".
REACTING_PARTS: frozenset[str] = frozenset(
    str.split("throat tongue lip lips mouth face eye eyes airway airways chest nada")
)
#: Symptoms a reaction list names beside those ("Sulfa allergy - rash, fever", "sulfa w/ palpitations"): an item
#: made of nothing else names no allergen. Not words of a name: "hay fever" keeps its name.
SYMPTOM_WORDS: frozenset[str] = SEVERITY_WORDS | frozenset(
    str.split(
        "fever fevers feverish chills diarrhea diarrhoea cramps cramping palpitations fainting fainted flushing "
        "flushed lightheaded light-headed"
    )
)
#: A drug's form after its brand name, as a pharmacy writes it ("Advil PM", "Wellbutrin-XR", "Claritin-D"): lower
#: case alternatives of a pattern.
DRUG_FORM = "pm|am|er|xr|xl|sr|cr|dr|la|dm|hbp|d"
#: Words that are no part of an allergen's name, read back from the word "allergy" ("Has a sulfa allergy",
#: "Severe sesame allergy", "Food allergy") or in an "also" list.
NO_ALLERGEN_NAME: frozenset[str] = NOT_AN_ALLERGEN | ALLERGY_KINDS | ALLERGEN_MODIFIERS | SEVERITY_WORDS

# --- List items that are plainly no substance (session 24), read by ``allergy_lists._stray_item``: an item of an
# allergy list made of these names no allergen, and the list is read on past it ("rejected, Aspirin allergy", "3 yrs
# ago, fragrance allergy", "very punctual, latex allergy", "Adeline, latex allergy", "Allergies: rejected, aspirin").
# Closed lists: a word that may name a substance ("sweet", "cold", "smoking", a condition such as "asthma", a name
# such as "Hazel" or "Juniper") is none of them, so an item in doubt is kept as an allergen.
#: Words about the guest, the booking or the note, never a substance: "punctual", "rejected", "new client", "thanks".
STRAY_WORDS: frozenset[str] = frozenset(
    str.split(
        "punctual unpunctual talkative shy lovely polite pleasant loyal late early tardy reliable regular returning "
        "new client clients guest guests customer customers member members vip "
        "rejected rescheduled cancelled canceled booked rebooked declined refused arrived called emailed texted paid "
        "tipped thanks thank thx ty cheers lol haha hehe lmao rofl jk fyi btw xo xx xoxo vegan vegetarian pescatarian "
        # "no known food allergies": it says nothing of a drug's, so the list goes on past it ("Allergies: NKFA,
        # penicillin"), but it names none ("Allergies: NKFA" read an allergen "nkfa")
        "nkfa "
        # a form's own labels, read as an item where a yes before them was dropped ("Allergy: Yes, Severity: codeine"
        # read an allergen "severity")
        "severity reaction reactions comments comment remarks notes note"
    )
)
#: Words of when, for a time phrase ending an item ("3 yrs ago", "last week", "this morning") or making it whole
#: ("mornings", "Mondays"). Not "spring" or "fall" (seasonal allergies), "date" (the fruit).
TIME_UNITS: frozenset[str] = frozenset(
    str.split(
        "yr yrs year years wk wks week weeks mo mos mth mths month months day days hr hrs hour hours min mins minute "
        "minutes morning mornings evening evenings night nights afternoon afternoons weekend weekends visit visits "
        "time times monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays thursdays "
        "fridays saturdays sundays"
    )
)
#: What comes before a unit of time in a time phrase ending an item: "last week", "this morning", "next visit".
TIME_LEADS: frozenset[str] = frozenset(str.split("last next this past"))
#: Laughter or a joke's mark ending an item: "allergic to mornings lol", "allergic to Mondays haha" (what is left is
#: judged alone: "mornings" is no substance, "cats lol" reads cats).
LAUGH_WORDS: frozenset[str] = frozenset(str.split("lol lolol haha hahaha hehe lmao rofl jk kidding joking"))
#: What the guest has instead, after a dash following her allergen: a linen or a cover ("Allergic to wool - cotton
#: blanket", "- bamboo sheets") or a glove's or a product's material made for the allergic ("Allergic to latex -
#: nitrile", "- vinyl", "- hypoallergenic"). Only there: "wool blanket allergy" names the blanket's wool.
SUBSTITUTE_ENDS: frozenset[str] = frozenset(
    str.split(
        "blanket blankets sheet sheets linen linens towel towels pillow pillows pillowcase pillowcases robe robes "
        "slippers cover covers bolster bolsters"
    )
)
SUBSTITUTES: frozenset[str] = frozenset(str.split("nitrile vinyl hypoallergenic unscented fragrance-free"))
#: What a linen after the dash is made of when it is what she has instead ("- cotton blanket", "- bamboo sheets", "-
#: our own towels"); another material ("down pillows", "scented towels", "cashmere blanket") may be what she reacts to.
SUBSTITUTE_MATERIALS: frozenset[str] = frozenset(
    str.split(
        "cotton organic bamboo silk satin linen microfiber synthetic memory foam hypoallergenic unscented "
        "fragrance-free plain white clean fresh extra our own her their a an the"
    )
)

#: The year a reaction happened, or the years it went on ("2019", "2019-2020", "2019-20", "2019/20": after a range
#: "Penicillin - hives 2019-2020" read nothing, "Latex - anaphylaxis 2019-2020" no latex). Not a date ("2019-05-03":
#: the patterns that read it ask that no word follows it).
YEAR_SPAN = r"(?:19|20)\d\d(?:[^\S\n]*[-\u2013\u2014/][^\S\n]*(?:(?:19|20)\d\d|\d\d)(?!\d))?"

# --- A substance, a separator, then the reaction it causes, with no word for an allergy (session 24): "Penicillin -
# anaphylaxis", "Sulfa (rash)", "Codeine = nausea", "Keflex: hives": ``allergy_lists._reaction_after_substance``.
#: The reaction a substance causes, after " - ", " = ", "->", ": " or a bracket: a closed list, maybe after one word
#: of how bad ("severe hives"). Never "no reaction", "tolerated", "redness" (a treatment's), "itchy skin".
#: A part of the face or the throat swelling, or the throat or the tongue closing, said with a verb ("throat closes
#: up", "tongue swells", "lips swell", "face swollen", "throat gets tight"): ``REACTION_WORD``'s. Not a face or eyes
#: "tight" or "puffy", as after a peel or a late night.
_SWELLS = (
    r"(?:(?:throat|tongue|lips?|face|mouth|eyes?)[^\S\n]+(?:(?:gets|got|goes|went|starts|started)[^\S\n]+)?"
    r"(?:swells?|swelled|swelling|swollen)"
    r"|(?:throat|tongue)[^\S\n]+(?:(?:gets|got|goes|went|starts|started)[^\S\n]+)?"
    r"(?:clos(?:es|ed|ing|e)|tight(?:ens|ened|ening|ness)?))(?:[^\S\n]+up)?"
)
#: Her breathing stopped or hard ("can't breathe", "cannot breathe", "trouble breathing", "difficulty breathing"):
#: ``REACTION_WORD``'s.
_CANT_BREATHE = (
    # not a nose blocked: "can't breathe through her nose" (eucalyptus is what she likes then)
    r"(?:can['\u2019]?t|cannot|could\s*n['\u2019]?t|couldnt)[^\S\n]+breathe(?![^\S\n]+(?:through|thru|out\s+of)\b)"
    r"|(?:trouble|difficulty|difficulties|problems?)[^\S\n]+breathing|(?:hard|difficult)[^\S\n]+to[^\S\n]+breathe"
)
#: A negation's word that tells her breathing stopped, no denial of what follows: "Can't breathe - peanuts".
BREATHING_STOPPED = re.compile(rf"\b(?:{_CANT_BREATHE})\b", re.IGNORECASE)
REACTION_WORD = (
    r"(?:(?:severe|bad|mild|moderate|major|full[- ]body|generali[sz]ed|facial|throat|lip|tongue)[^\S\n]+)?"
    r"(?:hives|rash(?:es)?|anaphyla(?:xis|ctic)(?:[^\S\n]+(?:shock|reaction))?|swelling|itching|itchy|itch|welts"
    r"|nausea|vomiting|throat[^\S\n]+(?:closing|closes|closed|tightness|tight|tightening|swells|swelling|swollen)|wheezing"
    # how bad it is, charted as the pen she carries: "nuts (epi pen)", "latex, almond oil (EpiPen)" (rev34f: the line
    # read no allergy at all)
    r"|epi[- ]?pens?|carries[^\S\n]+(?:an[^\S\n]+)?epi[- ]?pens?"
    r"|(?-i:SOB)|shortness[^\S\n]+of[^\S\n]+breath|GI[^\S\n]+upset|blisters|blistering|reactions?"
    # breathing and eyes, as an animal's or a scent's allergy is charted: "cats (sneezing)", "dust - wheezing"
    r"|sneez(?:ing|es|e)|wheezes|wheeze|coughing|congestion|runny[^\S\n]+nose|(?:watery|itchy)[^\S\n]+eyes"
    # the body swelling or closing, said with a verb as front desks type it: "Tree nuts - throat closes up",
    # "Shellfish - tongue swells", "lips swell up", "face puffs up" (lex51: each line read no allergy at all)
    rf"|{_SWELLS}"
    # her breathing, and a skin reaction said with a verb: "Nuts - can't breathe", "Latex - breaks out in hives"
    rf"|{_CANT_BREATHE}"
    r"|(?:breaks?|broke)[^\S\n]+out(?:[^\S\n]+in[^\S\n]+(?:a[^\S\n]+)?(?:hives|rash(?:es)?|welts|spots))?)"
)
#: Drugs named by their brand in an allergy's chart, whose shape tells nothing ("Keflex: hives", "Bactrim (rash)"):
#: only before a reaction (``REACTION_WORD``); a drug's name by its stem is ``allergy_lists._DRUG_NAME``'s.
REACTION_DRUG_BRANDS: frozenset[str] = frozenset(
    str.split(
        "keflex bactrim septra augmentin cipro levaquin zithromax z-pak zpak biaxin macrobid flagyl demerol dilaudid "
        "vicodin percocet norco tramadol ultram toradol naproxen aleve motrin celebrex sudafed novocaine"
    )
)
#: Drugs by their brand name that a list of allergies names (an antibiotic, a painkiller, an anticonvulsant): read in
#: a list where a brand's shape alone is not ("Allergies: latex; Zosyn" lost Zosyn, while "Allergies: latex; Cefaly"
#: names a device). Only names no other word or common name has.
ALLERGY_DRUG_BRANDS: frozenset[str] = REACTION_DRUG_BRANDS | frozenset(
    str.split(
        "zosyn unasyn timentin rocephin ancef duricef omnicef ceftin suprax vantin cefzil keftab vancocin cleocin "
        "amoxil moxatag dynapen bicillin zyvox avelox tequin levaquin doryx vibramycin minocin monodox sumycin "
        "ery-tab eryc erythrocin dificid macrodantin monurol tindamax gantrisin azulfidine lamictal tegretol "
        "dilantin trileptal keppra depakote topamax neurontin lyrica ultracet tylenol-codeine oxycontin roxicodone "
        "talwin nucynta voltaren cataflam feldene indocin mobic relafen daypro anaprox ansaid orudis"
    )
)
#: Pain relievers named by their brand, taken for what ails her more often than reacted to ("Advil - swelling" is
#: what she takes it for): the substance of a reaction only when the reaction is grave (``GRAVE_REACTION``: "Advil -
#: anaphylaxis", "Tylenol: throat closing", "Advil (SOB)").
TREATMENT_DRUG_BRANDS: frozenset[str] = frozenset(
    str.split("advil tylenol motrin excedrin midol acetaminophen paracetamol")
)
#: A reaction no pain reliever is taken for: anaphylaxis, the throat closing, breathing, or one said to be severe.
GRAVE_REACTION = re.compile(
    r"(?:severe|full[- ]body|generali[sz]ed|throat|tongue|lip)[^\S\n]+\w.*|anaphyla\w*(?:[^\S\n]+\w+)?"
    r"|throat[^\S\n]+\w+|(?-i:SOB)|shortness[^\S\n]+of[^\S\n]+breath|wheezing",
    re.IGNORECASE,
)
#: Words of a service, a treatment, a condition or a way of working, never the substance of a reaction even on a line
#: under an allergy heading ("Allergies:\nMassage - hives", "Microneedling (nausea)", "Asthma - wheezing", "Glycolic
#: peel - rash"). Not a thing she may react to in itself: wax, heat, cold, sun, Botox, fillers are read there.
NOT_A_REACTION_SUBSTANCE: frozenset[str] = frozenset(
    str.split(
        "massage massages facial facials peel peels waxing cupping dermaplaning microneedling microdermabrasion "
        "drainage lymphatic sauna steam stones reflexology scrub scrubs wrap wraps pedicure manicure laser ipl "
        "treatment treatments service services session sessions visit visits appointment appt pressure deep tissue "
        "stretching prone supine "
        "asthma psoriasis rosacea acne eczema dermatitis shingles sunburn migraine migraines anxiety "
        # what causes a reaction without being a substance, or treats one (a review): "Allergies:\nStress - hives",
        # "Pills - nausea", "Patch test - rash", "Zyrtec (hives)", "Hydrocortisone (rash)"
        "stress exercise idiopathic spring pills pill test lupus vertigo ibs edema arthritis concussion covid "
        "sickness hormones radiation chemo takes taking benadryl zyrtec claritin allegra zofran epinephrine epipen "
        "hydrocortisone cortisone antihistamine antihistamines "
        # a body area: "Allergies:\nTongue - swelling", "Lips (swelling)"
        "tongue lips lip eyes eye eyelids throat face breasts breast ankles ankle nose ears ear skin hands feet legs "
        "arms neck chest back"
    )
)
#: What happened at a time an allergy list item names ("facial 2 weeks ago", "flu shot last week", "Covid 2 weeks
#: ago", "baby 6 weeks ago"): a life event, an illness, a shot or a treatment, no allergen
#: (``allergy_lists._named_before_a_time``; a cosmetic treatment is ``NOT_A_REACTION_SUBSTANCE``).
EVENT_BEFORE_A_TIME: frozenset[str] = frozenset(
    str.split(
        "baby babies birth delivery delivered gave labor labour csection c-section miscarriage pregnancy postpartum surgery surgeries "
        "operation op procedure injury accident fall fracture stroke covid flu cold virus shot shots vaccine vaccines "
        "vaccination booster jab botox filler fillers tattoo piercing dental dentist doctor hospital er trip travel "
        "vacation move moved wedding funeral diagnosis diagnosed relief helps helped reduces reduced relieves relieved"
    )
)
#: Given names as a note writes them, capitalised and alone in an item ("Adeline, latex allergy") or after a dash at
#: its end ("- Sarah"): whoever wrote or is named, no allergen. None that is also a plant, a food or a substance
#: (Lily, Hazel, Violet, Rosa, Rose, Olive, Ginger, Daisy, Jasmine, Heather, Amber, Poppy, Sage, Basil, Juniper, Iris,
#: Ivy, Holly, Willow, Fern, Laurel, Cherry, Clementine, Pepper, Saffron, Honey, Coco, Kiwi), nor a month, nor a
#: brand's (Chloe, Stella, Nina, Valentina, Kai, Skylar, Bella: fragrances; Ella, Camila: contraceptives).
GIVEN_NAMES: frozenset[str] = frozenset(
    str.split(
        "olivia liam emma noah ava mateo sophia lucas isabella ethan mia aiden amelia elijah harper james evelyn "
        "benjamin abigail henry emily sebastian jack scarlett daniel grace samuel david victoria joseph "
        "riley carter aria owen wyatt aurora julian zoey levi nora isaac hannah gabriel layla anthony zoe dylan "
        "leo lincoln ellie jaxon paisley asher audrey christopher josiah andrew claire thomas joshua lucy "
        "ezra anna hudson samantha charles caroline caleb isaiah aaliyah ryan kennedy nathan kinsley adrian allison "
        "christian maya sarah eli madelyn nolan adeline aaron alexa cameron ariana ezekiel elena colton gabriella luca "
        "naomi jordan alice priya arjun mei wei yuki hiro fatima omar amara kwame ingrid lars siobhan ciaran diego "
        "ximena thiago leilani noor rania dmitri anya beatriz joao jonah maria ana laura lisa karen susan linda "
        "mary patricia barbara nancy helen sandra donna carol ruth sharon michelle amy angela melissa jessica jennifer "
        "ashley amanda megan rachel lauren nicole stephanie elizabeth katie kate jen jess sam alex chris mike michael "
        "john matt tom julia julie kayla tara tess lena beth erin dana tina kelly madison brooke taylor morgan "
        "sofia lucia carmen elena marco luis carlos jose juan pedro sana aisha hana"
    )
)

#: An EpiPen or an anaphylaxis as the heading of what it is for, a colon, a bracket or a dash after it: "EpiPen (nuts)",
#: "Carries EpiPen - peanuts", "Anaphylactic: shellfish", "Anaphylaxis – latex" (the shape "Allergies: latex" has). Not a
#: question ("Anaphylactic? no") nor an EpiPen's own state ("EpiPen expired", "No EpiPen needed"). What it lists may
#: be where the pen is or who it is for ("EpiPen (in her bag)", "EpiPen (for her son)"), so a name the lexicon does not
#: know is read after it only when it is plainly an allergen's (``allergy_lists._unknown_allergens``).
#: Kept out of ``ALLERGY_CUE``, which the privacy scrubber reads too: a word after it is no allergen there ("EpiPen
#: (May)" keeps a client's name masked); the reader asks it itself (``extraction._under_a_reaction_heading``).
#: A compound allergy heading: "Allergies/Sensitivities: penicillin", "Allergies & intolerances - sulfa". Such a field
#: lists sensitivities too ("cold rooms", "bruises easily", "acne"), so a name the lexicon does not know is read after
#: it only when it is plainly an allergen's (``allergy_lists._unknown_allergens``), as after ``REACTION_HEAD``.
_COMPOUND_ALLERGY_HEAD = (
    rf"{ALLERGY_WORD}[^\S\n]*(?:/|&|\band\b|\bor\b)[^\S\n]*(?:sensitivit(?:y|ies)|intoleranc(?:e|es)|reactions?)"
    r"[^\S\n]*(?::|[-–—]+)"
)
COMPOUND_ALLERGY_HEAD = re.compile(rf"\b{_COMPOUND_ALLERGY_HEAD}", re.IGNORECASE)
#: Right after a term straight after a heading of how she reacts or of her sensitivities (``EASED_HEADING``), her
#: remedy or a liking of that term ("Rash: aloe helps", "Hives: almond oil calms it", "Sens: rose oil fav", "Hives:
#: lavender lotion at home helps"): that one term is no allergy (``note_questions._eased_under_a_reaction_heading``);
#: the heading still heads the rest ("Hives: aloe helps, latex gloves - hives" keeps latex: rev51f). Never past a
#: comma, a dash or a stop, nor with other words between the term and the remedy ("Hives: latex - benadryl helps",
#: "Rash: nuts, calamine after", "Sens: latex, uses nitrile only" keep the allergy: rev51e), never "only" or "after"
#: ("Hives: latex after"). A "not allergic" elsewhere eases nothing ("Rash: coconut oil (hives), not allergic to
#: nuts" keeps the coconut: rev51f).
REMEDY_AFTER = re.compile(
    r"[^\S\n]+(?:(?:oils?|lotions?|creams?|gels?|balms?|butter|vera|sprays?|steam|at[^\S\n]+home|is)[^\S\n]+)*"
    r"(?:helps?|helped|calms?|calming|soothes?|soothing|relieves?|eases?|works|good|great|fine|fav\w*|favou?rites?"
    r"|loves?|likes?|enjoys?|prefers?)\b",
    re.IGNORECASE,
)
#: On the line of such a remedy: an EpiPen, anaphylaxis, epinephrine, an inhaler or the ER, which keeps the allergy
#: (lex51f).
GRAVE_ON_THE_LINE = re.compile(r"\b(?:epi-?\s?pens?|anaphyla\w*|epinephrine|inhalers?|(?-i:ER))\b", re.IGNORECASE)
#: The headings ``REMEDY_AFTER`` may ease a term straight after: "Rash:", "Hives -", "Welts:", "Can't breathe -", "Sens:",
#: "Sensitive:" (not the throat or the tongue swelling, nor an EpiPen or anaphylaxis).
EASED_HEADING = re.compile(
    rf"\b(?:(?:hives|welts|rash(?:es)?|{_CANT_BREATHE})[^\S\n]*(?:[:(]|[-\u2013\u2014]+)"
    r"|(?:sens\.?|sensitive)[^\S\n]*:)",
    re.IGNORECASE,
)
REACTION_HEAD = re.compile(
    # an EpiPen with where it is kept before a spaced dash: "EpiPen in locker - peanuts", "FYI: EpiPen in bag - nuts"
    # (lex51g: read no allergy, though "EpiPen - peanuts" read a SEVERE one); a few words, none denying or ending it
    r"\bepi[-\s]?pens?(?:[^\S\n]+(?!(?:not?|never|none|nil|needed|required|for)\b)[\w'\u2019]+){1,5}"
    r"[^\S\n]+[-\u2013\u2014]+(?=[^\S\n])"
    r"|\b(?:epi[-\s]?pens?|anaphyla\w*"
    # the reaction said first, as front desks chart it: "throat swelling - nuts", "Hives: latex", "Tongue swells -
    # shellfish", "Can't breathe - peanuts" (lex51: each read no allergy); not a throat only tight, a plain
    # "swelling" nor nausea or a headache, which a scent may ease ("Nausea - peppermint")
    r"|(?:throat|tongue|lips?|face|mouth)[^\S\n]+(?:swell(?:s|ed|ing)?|swollen|clos(?:es|ed|ing|e))(?:[^\S\n]+up)?"
    rf"|(?:{_CANT_BREATHE}|hives|welts|rash(?:es)?))[^\S\n]*(?:[:(]|[-–—]+)",
    re.IGNORECASE,
)
_ALLERGY_CUE_WORDS = (
    rf"{_ALLERGY_HEAD}|{_COMPOUND_ALLERGY_HEAD}"
    rf"|{SENSITIVE_WORD}(?:e|ity|ities)\s+to|sens\.\s*to\b|{SENSITIVE_WORD}ities\s*[:-]|react(?:s|ed)?\s+(?:badly\s+)?to"
    r"|(?:reactions?|rxns?)\s+to|intoleran(?:t|ce)\s+(?:to|of)|can'?t\s+tolerate|epi-?pen\s+for|anaphyla\w*\s+(?:to|from|with)"
)
#: A heading of her sensitivities or intolerances ("Sensitivity:", "Sensitivities -", "Intolerances:"); also the
#: front desk's "Sens:" and "Sensitive:", with a colon only ("Sens: latex, nuts", "sensitive: latex" read nothing:
#: lex51).
SENSITIVITY_HEAD = (
    rf"(?:(?:{SENSITIVE_WORD}it(?:y|ies)|intoler[ae]nc(?:e|es))\s*[:-]|(?:sens\.?|{SENSITIVE_WORD}e)[^\S\n]*:)"
)
ALLERGY_CUE = re.compile(
    # with a heading of her sensitivities or intolerances, as "Sensitivities:" is ("Sensitivity: latex",
    # "Intolerances:⏎- latex", "Intolerance: lavender oil" read nothing, or a liked lavender)
    rf"\b(?:{_ALLERGY_CUE_WORDS}|{SENSITIVITY_HEAD})",
    re.IGNORECASE,
)
#: The allergy cues the privacy scrubber reads (``guardrails._in_allergy_list``: a capitalised word in the list after
#: one is an allergen, not a name): ``ALLERGY_CUE``'s but the singular "Sensitivity:" and the "Intolerance(s):"
#: headings, which head a companion's or contact's name as often ("Intolerance: paid by Xiomara", "Light sensitivity -
#: brought by Sana" kept the name).
SCRUBBER_ALLERGY_CUE = re.compile(rf"\b(?:{_ALLERGY_CUE_WORDS})", re.IGNORECASE)
#: After a plain "no", one product kept off the table, then a comma: "No almond oil, ", "No walnut scrub, ", "No latex
#: gloves, ", "No nut-based lotion, " (the allergen's own name is one of the lexicon's; the product's word is the
#: last word before the comma, or ends the allergen's name: "almond oil"). A bare allergen ("No nut, ") or a list
#: ("No nuts or latex, ") is none: that "no" may deny a list of allergies ("No nut, latex allergies").
PRODUCT_ITEM_THEN_COMMA = re.compile(
    r"^[^\S\n]+(?:(?:any|the)[^\S\n]+)?(?:(?!(?:or|and|nor)\b)[^\s,;&/]+[^\S\n]+){1,3}"
    r"(?:oils?|scrubs?|gloves?|lotions?|creams?|balms?|butters?|masks?|wraps?|products?|soaps?|wax)"
    r"[^\S\n]*,[^\S\n]*$",
    re.IGNORECASE,
)
#: Right after an allergen, its own allergy in the singular: "nut allergy", "nut-allergic", "nut allergic"; not a
#: list's plural ("nut, latex allergies"), which a "no" before the list denies.
OWN_SINGULAR_ALLERGY_AFTER = re.compile(r"^(?:[^\S\n]+|[^\S\n]*-[^\S\n]*)al{1,2}[eé]rg(?:y|ic)\b", re.IGNORECASE)
#: Right after an allergen, its allergy: "latex allergy", "nut-allergic", "latex (allergy)", "nuts (severe allergy)";
#: not "latex - no allergy".
ALLERGY_NOUN_AFTER = re.compile(
    rf"^(?:[\s(-]*(?:(?!(?:no|not|non)\b)\w+[\s-]+)?(?:{ALLERGY_WORD}|{SENSITIVE_WORD}\w*|intoleran\w*|reactions?)\b"
    # "latex sens.": the front desk's shorthand, with its dot, right after the name; or set apart, the dot maybe left
    # off: "Latex (sens.)", "Latex - sens."
    # "latex sens" without the dot too, ending its item ("latex sens", "Latex sens, nuts": lex51)
    r"|[^\S\n]+sens\.|[^\S\n]+sens\b(?=[^\S\n]*(?:$|[,;/|)!]))"
    r"|[^\S\n]*\([^\S\n]*sens\b\.?|[^\S\n]+[-–—]+[^\S\n]+sens\b\.?)",
    re.IGNORECASE,
)
#: Between a negation and a term: the term is named as the exception to it ("no meds other than lisinopril for HBP",
#: "no scents except lavender", "nothing apart from aspirin"), so the negation does not reach it.
EXCEPTED_BETWEEN = re.compile(rf"\b(?:{_EXCEPT})\b", re.IGNORECASE)
#: After a kept-away term, a spaced dash or a bracket then the reason: "No nuts - allergic", "NO LATEX – ALLERGY",
#: "No latex (allergic)". The dash or bracket sets the allergy apart as the reason for the "no"; "no nut-allergy" and
#: "no latex allergy" deny it.
REASON_AFTER = re.compile(r"^\s+[-–—]\s|^\s*\(")
REACTION_AFTER = re.compile(
    r"^\s*(?:(?:\w+\s+){0,2}?(?:gives?|causes?|triggers?|makes?)\s+(?:\w+\s+){0,2}?|(?:=|->|→)\s*"  # "lavender = migraine"
    # "Coconut oil brings her out in hives", "… brought him out in a rash" (lex52: read no allergy)
    r"|(?:\w+\s+){0,1}?(?:brings?|brought)\s+(?:her|him|them|me)\s+out\s+in\s+(?:a\s+)?"
    # "aloe - rash", "latex (hives)", "Eucalyptus steam - throat tight" (the form she had it in, before the dash)
    r"|(?:(?:steam|oils?|scents?|blends?|diffusers?|candles?|sprays?|lotions?|creams?|balms?|mists?|compress|towels?"
    r"|aromatherapy|gloves?)\s+)?"
    rf"(?:\(?(?:in\s+)?{YEAR_SPAN}\)?\s+)?"  # when it happened, said first: "Latex 2019-2020 - hives" read nothing
    r"(?:(?<=\s)[-–—]+\s*(?:(?:causes?|gives?|got|had|gets|severe|bad|mild)\s+(?:a\s+)?)?"
    r"|\(\s*))"
    r"(?:headaches?|migraines?|rash\w*"
    r"|hives|itch\w*|break\s+out|sneez\w*|reactions?|swell\w*|sick|nause\w*|ill|unwell|queasy|dizzy"
    r"|light-?headed|wheez\w*|cough\w*|irritat\w*|blotch\w*"
    # the throat and the pen she carries, as charted ("Lavender - throat swelling", "Lavender (EpiPen)": read as a
    # liked lavender, rev34j)
    # only said alone, maybe with when ("Rose oil - throat swollen last time" read a liked rose): not "throat tight
    # from stress", "EpiPen is for bee stings", "throat closing exercises"
    r"|(?:throat\s+(?:swell\w*|swollen|clos(?:es|ed|ing)|tight(?:ness|ening)?)|epi-?\s?pens?"
    # and the face swelling or her breathing, with a verb: "Lavender - face swells", "- can't breathe" (lex51)
    rf"|carries\s+(?:an\s+)?epi-?\s?pens?|{_SWELLS}|{_CANT_BREATHE})"
    rf"(?=(?:\s+(?:last\s+(?:time|visit|session|week|month|year)|once|before|previously|(?:in\s+)?{YEAR_SPAN}))?"
    r"\s*(?:\)|[.!;,]?\s*$)))\b"
    # the gravest reaction, said with "=", an arrow or a bracket ("Nuts = anaphylaxis", "lavender (anaphylaxis)");
    # after a dash it is ``SEVERITY_AFTER``'s ("not latex - anaphylaxis"). Not with a verb ("nuts cause
    # anaphylaxis"): in a list, "Advil causes no reaction and latex causes anaphylaxis" then lost the latex (a review)
    r"|^\s*(?:(?:=|->|→)\s*|\(\s*)anaphyla\w*\b",
    re.IGNORECASE,
)
#: Where an EpiPen is kept, said right after it: "in locker", "in her bag", "in the car" (lex52).
_PEN_KEPT = (
    r"[^\S\n]+(?:in|at)[^\S\n]+(?:(?:her|his|their|the|a|my)[^\S\n]+)?"
    r"(?:locker|bag|handbag|purse|car|pocket|backpack|coat|room|desk|reception|front\s+desk)"
)
#: After an allergen (not a scent), a spaced dash or a bracket then how bad her reaction is, alone or before a comma:
#: "Shellfish - anaphylaxis", "latex - severe", "peanuts (EpiPen)", "Nuts - anaphylaxis, latex - rash"; "- hives" is
#: ``REACTION_AFTER``'s.
SEVERITY_AFTER = re.compile(
    rf"^(?:[^\S\n]+\(?(?:in[^\S\n]+)?{YEAR_SPAN}\)?(?=[^\S\n]))?"  # the year first: "Nuts 2019 - anaphylaxis"
    # where the pen is kept may follow it: "Nuts - EpiPen in locker" read no allergy ("EpiPen in locker - peanuts" is
    # SEVERE)
    rf"(?:[^\S\n]+[-–—]+[^\S\n]*|[^\S\n]*\([^\S\n]*)(?:anaphyla(?:xis|ctic)|epi-?pens?(?:{_PEN_KEPT})?|severe)"
    rf"(?:[^\S\n]*,?[^\S\n]+(?:in[^\S\n]+)?{YEAR_SPAN})?"  # and its year: "latex - anaphylaxis 2019" read nothing
    r"[^\S\n]*\)?[^\S\n]*(?:[.!;,]|$)",
    re.IGNORECASE,
)
#: Right before an allergen or oil: the guest cannot have it ("can't have lavender", "cannot use latex gloves",
#: "not fine with lavender", "doesn't tolerate nuts"), also as a later item of a list ("can't have lavender or
#: eucalyptus"; the engine writes each earlier allergen as "§"). A refusal says she cannot, so it is an allergy or
#: a sensitivity, never a denial of one; "no X" / "avoid X" alone can be a dislike (see INSTRUCT_NO), "can't stand
#: X" is one.
REFUSAL_BEFORE = re.compile(
    r"(?<![\w'’])(?:(?:can['’]?t|cannot|can\s+not|unable\s+to|must\s*n['’]t|must\s+not|should\s*n['’]t|should\s+not)"
    r"\s+(?:have|use|tolerate|take|do|handle|be\s+around|be\s+near)"
    r"|(?:doesn['’]?t|does\s+not|don['’]?t|do\s+not)\s+tolerate"
    r"|(?:not|never|isn['’]t|is\s+not)\s+(?:fine|ok(?:ay)?|good|alright|all\s+right)\s+with)"
    r"\s+(?:any\s+|the\s+|some\s+)?(?:(?:oils?|products?|anything|lotions?|creams?|blends?)\s+(?:with|containing)\s+)?"
    r"(?:§\s*(?:,|\band\b|\bor\b|\bnor\b|&|/)\s*)*$",
    re.IGNORECASE,
)
#: Right after an allergen or oil: the note refuses it ("lavender is not ok", "latex isn't ok", "nuts are a no",
#: "citrus doesn't agree with her").
REFUSAL_AFTER = re.compile(
    r"^\s*(?:(?:essential\s+)?(?:oils?|blends?|products?|gloves|scents?)\s+)?"
    r"(?:(?:(?:is|are)\s+(?:not|never)|isn['’]t|aren['’]t|not|never)\s+(?:ok(?:ay)?|fine|tolerated|allowed|an\s+option|safe)"
    r"|(?:is|are)\s+a\s+(?:no|no-go|hard\s+no)|(?:doesn['’]t|does\s+not|don['’]t|do\s+not)\s+agree\s+with)\b",
    re.IGNORECASE,
)
REACTION_BEFORE = re.compile(
    r"\b(?:headaches?|migraines?|rash\w*|hives|reacts?|reaction|breaks?\s+out"
    # her throat, said first: "Throat swells with shellfish", "Throat swelling after eating nuts" read nothing; her
    # tongue or lips, "throat closes up" (lex51)
    r"|throat\s+(?:swell(?:s|ing|ed)?|swollen|clos(?:es|ed|ing)|tight(?:ens|ened|ening|ness)?)"
    rf"|{_SWELLS}"
    # her skin gone blotchy, maybe with when: "went blotchy last time with the eucalyptus steam" read a liked
    # eucalyptus (lex51g)
    r"|blotch(?:y|es|ed)?)(?:\s+(?:the\s+)?last\s+(?:time|visit|session))?"
    r"\s+(?:(?:from|with|to|after)\s+|w/\s*)(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)

#: Right after an ambiguous level word ("soft", "light", "heavy", "hard", "deep"): a kind of music, so no pressure even
#: beside a pressure word ("Soft jazz, medium pressure", "soft music, firm pressure", "heavy metal, light pressure").
#: The word follows the level after spaces or one hyphen, never after a list's dash: "Pressure: light - music: jazz" is
#: a light pressure.
MUSIC_AFTER_LEVEL = re.compile(
    r"^(?:-|[^\S\n]+)(?:jazz|rock|metal|music|playlists?|piano|classical|instrumental|acoustic|songs?|tunes|house|pop"
    r"|soul|r&b|guitar|ambient|spa\s+music|background\s+music)(?!\w)",
    re.IGNORECASE,
)
#: Likewise a thing that is no pressure: "soft lighting", "light sleeper", "soft voice", "soft-spoken", "heavy blanket"
#: (not "Pressure: gentle - lights dim").
THING_AFTER_LEVEL = re.compile(
    r"^(?:-|[^\S\n]+)(?:lighting|lights?|lamps?|candles?|sleeper|voice|voiced|spoken|talker|blankets?|sheets?|pillows?"
    r"|bolsters?|towels?|breath(?:s|ing)?)(?!\w)",
    re.IGNORECASE,
)
PRESSURE_CONTEXT_AFTER = re.compile(
    r"^[\s-]*(?:pressure|touch|work|massage|strokes|only|please|preferred|overall|throughout)\b", re.IGNORECASE
)
#: Right before a pressure level: the level is kept away ("Avoid deep pressure", "skip deep tissue"), not liked.
PRESSURE_AVOIDED_BEFORE = re.compile(
    r"\b(?:avoid(?:s|ing)?|skip|stay\s+away\s+from|steer\s+clear\s+of|no\s+need\s+for|declin(?:ed|es))[^\S\n]+"
    r"(?:any[^\S\n]+)?$",
    re.IGNORECASE,
)
#: Right before and right after a light level asked for in place of one turned down ("Booked DT by mistake – she
#: wants light", "Deep tissue not recommended, keep it gentle", "… prefers light instead"); not "light snack",
#: "light-headed", "a light eater", "gentle with her hands".
LEVEL_ASKED_BEFORE = re.compile(
    r"\b(?:wants?|wanted|prefers?|preferred|likes?|loves?|asks?[^\S\n]+for|asked[^\S\n]+for|requests?|requested"
    r"|keep[^\S\n]+it|keeping[^\S\n]+it|go|stick[^\S\n]+(?:to|with)|switch(?:ed)?[^\S\n]+to|swap(?:ped)?[^\S\n]+to"
    r"|change[ds]?[^\S\n]+to|needs?)[^\S\n]+(?:(?:it|very|really|more|super|extra|nice[^\S\n]+and)[^\S\n]+)?$",
    re.IGNORECASE,
)
LEVEL_ASKED_AFTER = re.compile(r"^[^\S\n]*(?:$|[.,;:!?)]|(?:instead|please|today|only|thanks)\b)", re.IGNORECASE)
#: Right before a pressure level, on its line: the level is the one asked for ("Pressure: deep", "Prefers firm").
LEVEL_ASKED_FOR_BEFORE = re.compile(
    r"(?:\bpressure[^\S\n]*[:=-]|\b(?:prefers?|preferred|likes?|loves?|wants?|enjoys?))[^\S\n]*(?:[^\W\d_]+[^\S\n]+)?$",
    re.IGNORECASE,
)
#: Right after a pressure level: the guest cannot take it ("anything firmer makes them tense up", "deep hurts"), it is
#: advised against ("Deep tissue not recommended", "DT massage - contraindicated (blood thinners)", "deep tissue is no
#: longer recommended for her"), declined ("deep tissue declined") or booked in error ("Booked DT by mistake"). A
#: condition named in the same note stays whatever this says ("contraindicated (blood thinners)" keeps blood thinners).
PRESSURE_DISCOMFORT_AFTER = re.compile(
    r"^\s*(?:pressure\s+|than\s+that\s+|massage\s+)?(?:makes\s+(?:them|her|him|me)\s+(?:tense|flinch|sore|uncomfortable)"
    r"|hurts?|is\s+painful|(?:is\s+|was\s+)?too\s+(?:much|painful|intense)"
    r"|by\s+mistake"
    r"|(?:(?:[:\u2013\u2014]|--?)[^\S\n]*)?(?:(?:is|are)[^\S\n]+)?(?:(?:not|no[^\S\n]+longer)[^\S\n]+|isn['\u2019]t[^\S\n]+)"
    r"(?:recommended|advised|advisable)"
    r"|(?:(?:[:\u2013\u2014]|--?)[^\S\n]*)?(?:(?:is|are)[^\S\n]+)?contra-?indicated"
    r"|(?:(?:[:\u2013\u2014]|--?)[^\S\n]*)?(?:was[^\S\n]+)?declined"
    r"(?=[^\S\n]*(?:$|[.,;:!()\u2013\u2014-])|[^\S\n]+(?:due|because|since|as|per|for|today|and|b/c)\b))\b",
    re.IGNORECASE,
)
#: "light on the shoulders", "firm pressure on the back": a level for one area.
LEVEL_ON_AREA = re.compile(
    r"^\s*(?:pressure|touch|work|tissue)?\s*(?:only\s+)?(?:on|for|over|around)\s+"
    r"(?:the\s+|her\s+|his\s+|their\s+|both\s+)?$",
    re.IGNORECASE,
)
#: "legs light": an area followed by a level.
AREA_THEN_LEVEL = re.compile(r"^\s*(?:are\s+|is\s+)?$", re.IGNORECASE)

FOCUS_CUE = re.compile(
    r"\b(?:focus(?:\s+on)?|tight(?:ness)?|tension|knots?|knotted|sore(?:ness)?|stiff(?:ness)?|work(?:ed)?\s+on"
    r"|works?|extra\s+(?:time|attention|work)|needs\s+work|pain|aches?|achy|worked|clenching|stress)\b",
    re.IGNORECASE,
)
#: "not to be worked", "shouldn't be touched", "cannot be massaged": an area kept off (``AVOID_CUE``, ``AREA_POST_AVOID``).
_NOT_TO_BE_WORKED = (
    r"(?:(?:not|never)\s+to|(?:should|must)(?:n['’]?t|\s+not)|can['’]?t|can\s+not|cannot|may\s+not)\s+be\s+"
    r"(?:worked(?:\s+on)?|touched|massaged|pressed(?:\s+on)?)"
    # how it is worked is no keeping off ("can't be worked hard enough", "should not be worked lightly")
    r"(?!(?:\s+on)?\s+(?:hard|harder|firm(?:ly)?|firmer|deep(?:ly)?|deeper|enough|long|lightly|light|too|so|gently|softly))"
)
#: Before (or after) a body area: keep off it. "Keep away from the knee", "stay off the left hip", "dont touch the
#: feet" say what "avoid the knee" does; the forms of a habit or the past ("stays away from", "kept away from") do not.
#: An area not to be worked says it too ("Feet - NOT to be worked", "neck: not to be touched", "Knees should not be
#: massaged", "shouldn't be worked on"): read as a whole, its "worked" is no focus.
AVOID_CUE = re.compile(
    r"\b(?:avoid(?:ing)?|skip|(?:stay|keep)(?:ing)?\s+away\s+from|hands\s+off|off[\s-]limits|ticklish|injured|injury"
    r"|(?:stay|keep|steer)\s+clear\s+of|keep\s+off|stay(?:ing)?\s+off|except(?:\s+(?:for|on))?"
    r"|(?:don['’]?t|do\s+not|never)\s+(?:touch|press|work|massage)"
    rf"|{_NOT_TO_BE_WORKED})\b",
    re.IGNORECASE,
)
#: Right before an avoid cue: the note says keeping off is not needed ("no need to stay away from the knee", "don't
#: need to avoid the knee", "no longer need to avoid the knees", "Knee fine now, no need to avoid"): the cue keeps
#: nothing off (``note_questions._avoid_waived``). A surgical site is kept clear all the same.
AVOID_NOT_NEEDED = re.compile(
    r"\b(?:no\s+need|(?:do|does|did)(?:n['’]?t|\s+not)\s+(?:need|have)|no\s+longer\s+(?:need|have)|not\s+necessary"
    r"|need(?:\s+not|n['’]?t)"
    # "Don't avoid feet", "Don't skip the scalp massage", "No more avoiding lower back" (rev35g M2: read as areas to
    # avoid, which a model's reading can no longer drop)
    r"|(?:do|does|did)(?:n['’]?t|\s+not)|no\s+(?:more|longer))(?:\s+to)?\s+$",
    re.IGNORECASE,
)
#: After "nothing", before an area: a pressure level, so the area is not kept off, only that pressure on it
#: ("Nothing deep on the back", "nothing too firm on the neck"): neither a focus nor an area to avoid. Only after
#: "nothing": "no deep work on legs" (a DVT, varicose veins) stays an area to avoid, as the eval sets read it.
#: Group ``level``: the level kept off ("deep" is deep, every other word firm).
LEVEL_LIMIT_ON_AREA = re.compile(
    r"\s*(?:too\s+|very\s+|so\s+|overly\s+)?(?P<level>deep|firm|hard|heavy|strong|intense)"
    r"\s+(?:on|for|over|around)\s+(?:the\s+|her\s+|his\s+|their\s+|both\s+)?",
    re.IGNORECASE,
)
#: The same limit, from "nothing" to the area it ends at.
LEVEL_LIMIT_BEFORE_AREA = re.compile(rf"\bnothing(?:{LEVEL_LIMIT_ON_AREA.pattern})$", re.IGNORECASE)
#: Before an avoid cue right after a sore area (``note_questions._bare_avoid``): separators, a bracket, "please", an
#: arrow ("hip sore -> avoid", "hip sore => avoid", "hip sore → avoid").
AVOID_LEAD = re.compile(r"(?:[\s,;:.!(\u2013\u2014\u2192>=-]|\b(?:please|pls|plz|kindly)\b)+", re.IGNORECASE)
#: After such an avoid cue, words that give it nothing of its own to keep off: "hip sore - avoid please", "…, avoid
#: for now", "…, avoid if possible", "…, avoid completely", and how long ("Low back sore - avoid until cleared by PT",
#: "… till further notice", "… until healed": everything after "until" says when, not what), and when ("Back sore –
#: avoid if pregnant", "… avoid if still swollen", "… unless she asks": the area is kept off, the words quoted for the
#: therapist to ask) (what remains after them is the cue's own object).
AVOID_TAIL_FILLER = re.compile(
    r"\b(?:(?:until|till|til|pending|if|unless|when|whenever|while)[^\S\n]+\S.*|please|pls|plz|for\s+now|for\s+today|today|this\s+time|for\s+the\s+time\s+being|if\s+(?:possible|you\s+can"
    r"|you\s+could|poss)|where\s+possible|entirely|completely|altogether|totally|as\s+well|too|thanks|thank\s+you|ty)\b",
    re.IGNORECASE,
)
AREA_POST_FOCUS = re.compile(r"^\s*(?:tight|sore|stiff|knotted|tense|achy|aching|hurts?|hurting|worked)\b", re.I)
AREA_POST_AVOID = re.compile(
    rf"^\s*(?:ticklish|injured|off[\s-]limits|bruised|touched|(?:are\s+|is\s+)?{_NOT_TO_BE_WORKED})\b", re.IGNORECASE
)
#: Words that may sit between a list of areas and the adjective that follows them.
AREA_LIST_FILLER = re.compile(
    r"^(?:\s*,\s*|\s+)(?:and|or|&|super|very|really|always|quite|so|are|is|feel|feels|get|gets|pretty"
    r"|extremely|both|the|her|his|its|their|a\s+bit|still)(?=\W)",
    re.IGNORECASE,
)
#: The words that name an operation or injectables at a body area: the area beside them is the site ("knee surgery",
#: "surgery on the right shoulder", "post-op abdomen", "hip replacement", "botox in her forehead"), never a focus from
#: that naming, and an area to keep clear while the surgery is current (``note_questions._site_word``).
_SITE_WORDS = (
    r"surger(?:y|ies)|surgical|operations?|op|post[\s-]?op|replacements?|replaced|repairs?|reconstructions?|scope"
    r"|arthroscop\w*|fusion|procedures?|lipo(?:suction)?|injections?"
    # a wound's or a skin infection's ("open wound R shin", "Shingles on L side of back"): a site to keep clear too
    r"|wounds?|cuts?|stitches|tattoos?|shingles|cellulitis|impetigo|ringworm|infections?|orif|(?-i:TKR|TKA|THR|THA)"
    # a clot's and an insulin pump's ("DVT in R calf", "Insulin pump L abdomen"): kept clear too (``KEPT_CLEAR``)
    r"|dvt|(?:blood\s+)?clots?|thrombosis|insulin\s+pump|"
    + CONDITIONS["recentInjectables"]
)
#: Of those, a clot's and an insulin pump's words: their site is no surgery's or injectables' (``caution_site``:
#: "Knee surgery 3 wks ago, DVT in R calf" is surgery on the knee, not the calf).
KEPT_CLEAR_SITE_WORD = re.compile(r"dvt|(?:blood\s+)?clots?|thrombosis|insulin\s+pump", re.IGNORECASE)
#: The conditions whose site (``_SITE_WORDS``) is an area to avoid besides the briefing's sited cautions
#: (``vocabulary.SITED_CAUTIONS``): a clot ("DVT in R calf") and an insulin pump ("Insulin pump L abdomen", read as
#: diabetes) are kept clear, though their caution line names no site (a clot's handling is the legs', diabetes' the
#: feet's; ``extraction._surgery_sites``).
KEPT_CLEAR: frozenset[str] = frozenset({"bloodClots", "diabetes"})
#: Right after an area (or a list of areas, side words and all): "knee surgery", "Hip - replacement", "shoulder op",
#: "knee (surgery 2 wks ago)".
SITE_AFTER_AREA = re.compile(rf"^[^\S\n]*(?:[-\u2013(][^\S\n]*)?(?P<word>{_SITE_WORDS})\b", re.IGNORECASE)
#: Right before an area: "surgery on (the) right shoulder", "post-op abdomen", "botox in her forehead", "Shingles on L
#: side of back", "wound on the left side of her neck" (not the "op" of "co-op").
SITE_BEFORE_AREA = re.compile(
    rf"(?<![\w-])(?:{_SITE_WORDS})[^\S\n]+(?:(?:on|to|in|into|of|at|for)[^\S\n]+)?(?:(?:the|her|his|their|my|both|a)[^\S\n]+)?"
    r"(?:(?:left|right|lt|rt|l|r)\.?[^\S\n]+)?(?:side[^\S\n]+of[^\S\n]+(?:(?:the|her|his|their)[^\S\n]+)?)?$",
    re.IGNORECASE,
)
#: Between a negation and the area it names as a surgery's or injectables' site, the only words that leave the surgery
#: the negation's to deny ("No knee surgery", "never had knee surgery", "Denies any recent left knee surgery", "no
#: history of hip surgery"; ``note_questions._negated``). Any other ("No pressure on knee surgery site", "nothing on the
#: knee surgery scar") says what to keep off, and the surgery stands.
SITE_DENIED_GAP = re.compile(
    r"[^\S\n]*(?:(?:had|has|have|any|ever|recent|recently|prior|previous|past|history|hx|of|her|his|their|a|an|left"
    r"|right|l|r)[^\S\n]+)*",
    re.IGNORECASE,
)
#: Right after a surgery denied with its site, words that leave out the one the note goes on to state, and (in the
#: rest of the clause) that one: "Never had knee surgery before this one 2 wks ago", "No hx of knee surgery until last
#: month", "… till 3 wks ago", "… except the one on 11/20", "… other than last month's" (``note_questions._denied_sites``:
#: no denial of this surgery, on the safe side).
DENIAL_EXCEPTION_AFTER = re.compile(
    r"[^\S\n]*(?:before[^\S\n]+(?:this|now)|until|till|til|except|but|other[^\S\n]+than)\b", re.IGNORECASE
)
DENIAL_EXCEPTION_STATED = re.compile(r"\b(?:this|now)\b", re.IGNORECASE)
#: Between two areas of one list of sites: "surgery on her neck and shoulders", "knee, hip surgery", "Surgery on R
#: knee, L hip last week". After a comma, an area its own state follows is a new item, no site ("Post op right knee,
#: left hip sore": ``note_questions._site_word``).
SITE_LIST_GAP = re.compile(
    r"^[^\S\n]*(?:,|&|/|\band\b|\bor\b)[^\S\n]*(?:(?:the|her|his|their|left|right|l|r)\.?[^\S\n]+)*$", re.I
)
#: Right after a surgery's term, a form's yes to its question and the area the guest wrote after it: "Surgery in last 6
#: months? Y - knee", "Recent surgery [x] knee", "Recent surgery ☑ knee", "Surgery? Yes (R shoulder)", "Surgery: Yes:
#: left hip", or the area right after the field's colon ("Recent surgery: knee 3 wks ago"). The area (an area term must start where this ends, a side word before it passed over) is the surgery's
#: site (``note_questions._answered_sites``). The question's own words may stand before its "?" or ":" ("in last 6
#: months"); a yes needs that mark or a spaced dash before it, a ticked box none.
FORM_YES_SITE = re.compile(
    r"(?:[^\n?:.;\[\]()☑☒✅✔]{0,40}?(?:[^\S\n]*[?:]|[^\S\n]+[-–—])[^\S\n]*(?:yes|y)\b"
    rf"|[^\S\n]*(?:\([^()\n]*\)[^\S\n]*)?[?:]?[^\S\n]*(?:{_TICKED_BOX})"
    # the field's answer is the area itself: "Recent surgery: knee 3 wks ago", "Surgery: L shoulder, 2 wks"
    r"|[^\S\n]*:)"
    r"(?:[^\S\n]*[-–—:,(][^\S\n]*|[^\S\n]+)(?:(?:left|right|l|r)\.?[^\S\n]+)?",
    re.IGNORECASE,
)
#: The side written next to a surgery's site, for the briefing's words: right before the area ("left knee", "L knee",
#: "R. shoulder", "rt knee", "L side of back"), or after the area and its site words ("knee surgery on the left
#: side"); not a side elsewhere in the note ("Knee surgery 3 wks ago, focus right shoulder", "left her brace in the
#: car").
#: Both sides ("L and R knee", "both knees", "bilateral") leave the side unsaid (no group ``side``).
SIDE_BEFORE_AREA = re.compile(
    r"(?<![\w/-])(?:(?:left|right|l|r)\.?[^\S\n]*(?:and|&|/|\+)[^\S\n]*(?:left|right|l|r)|both|bilateral|bilat|b/l"
    r"|(?P<side>left|right|lt|rt|l|r)(?:\.?[^\S\n]+side[^\S\n]+of(?:[^\S\n]+(?:the|her|his|their))?)?)\.?[^\S\n]*\Z",
    re.IGNORECASE,
)
#: "knee surgery on the left side", "Knee surgery (right) 2 wks ago", "knee (R) replaced". A bracket gives a side only
#: when it holds the side alone, or first before a comma ("(right)", "(L)", "(left.)", "(R side)", "(right knee)", "(L,
#: 11/20)"): "Knee surgery (right after her fall) 2 wks
#: ago on the left knee" and "Knee surgery (r/o meniscus tear) …, L knee" are no right knee (303be3e took the first
#: word after the bracket).
SIDE_AFTER_SITE = re.compile(
    r"(?:[^\S\n]+(?:[\w-]+[^\S\n]+){0,2}?on[^\S\n]+(?:the|her|his)[^\S\n]+"
    r"|[^\S\n]*(?:[\w-]+[^\S\n]*)?(?P<bracket>\()[^\S\n]*)"
    r"(?P<side>left|right|lt|rt|l|r)\b(?(bracket)\.?(?:[^\S\n]+(?:side|only|one|knee|hip|shoulder|ankle|wrist|elbow|foot|leg"
    r"|arm|hand)s?)?[^\S\n]*[),;])",
    re.IGNORECASE,
)
#: A bracket after the site that holds the side with the joint's part operated on: "Knee surgery (left ACL)", "(R
#: meniscus repair)", "(rt rotator cuff)". A side only when the words name no other side ("Knee surgery (L ACL) + R
#: meniscus" is both knees, and 863c93b, reverted, read it "left knee"): ``note_questions._sides`` asks
#: ``ANY_SIDE``.
SIDE_OF_A_PART = re.compile(
    r"[^\S\n]*(?:[\w-]+[^\S\n]*)?\([^\S\n]*(?P<side>left|right|lt|rt|l|r)\.?[^\S\n]+"
    r"(?:acl|mcl|pcl|lcl|meniscus|menisci|rotator[^\S\n]+cuff|labrum|achilles|tendon|ligament)s?"
    r"(?:[^\S\n]+(?:repair|reconstruction|tear|replacement|surgery|scope))?[^\S\n]*\)",
    re.IGNORECASE,
)
#: Any side a note's words name, for ``SIDE_OF_A_PART``: "R meniscus", "left knee", "b/l", "both".
ANY_SIDE = re.compile(r"(?<![\w/-])(?:left|right|lt|rt|l|r|both|bilateral|bilat|b/l)(?![\w/-])", re.IGNORECASE)
#: A clause with one of these may name a site though no surgery term of ``CONDITIONS`` is in it ("knee op", "hip
#: replacement" undated): a quick look before the areas are read one by one.
SITE_WORD_HINT = re.compile(rf"(?<![\w-])(?:{_SITE_WORDS})\b", re.IGNORECASE)
#: A surgery's own words that start with the joint operated on: "hip replacement 3 weeks ago", "knee scope".
SITE_IN_TERM = re.compile(r"(?:hip|knee|shoulder|ankle)s?\b", re.IGNORECASE)
ANAPHOR = re.compile(r"\b(?:that\s+area|this\s+area|there|them|it)\b", re.IGNORECASE)
#: A surgery whose own name says where on the body it was, with the words the briefing says that site in (brief52: a
#: probe found "Had a breast augmentation 3 weeks ago", "C-section", "BBL", "rhinoplasty", "Rotator cuff repair (right)"
#: briefed as "surgery: keep clear of the surgical area", no site). The area's vocabulary name beside it, so a site the
#: note's words name already is not said twice ("Rotator cuff surgery on right shoulder"). Only added to the areas the
#: words name, never instead of them (brief52m, review rev52c H1/H2: "Breast reduction 3 wks ago + neck lift" keeps the
#: neck). No liposuction: it is done anywhere, so its site is only the areas the note names ("Lipo 2 weeks ago - arms
#: and thighs"; taking the abdomen replaced them). ``note_questions.caution_site``.
PROCEDURE_SITES: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (word, area, re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE))
    for word, area, pattern in (
        ("chest", "chest", r"breast[\s-]+(?:augmentation|augment|aug|reduction|lift|implants?|reconstruction|surgery)"
         r"|boob[\s-]+job|mastectomy|lumpectomy|mastopexy"),
        ("abdomen", "abdomen", r"c-?section|c[\s-]?sec|caesarean|cesarean|ces[aá]rea|tummy[\s-]+tuck|abdominoplasty"
         r"|hernia[\s-]+(?:repair|surgery|op)|lap(?:aroscopic)?[\s-]+chole\w*|cholecystectomy|hysterectomy"),
        ("glutes", "glutes", r"bbl|brazilian[\s-]+butt[\s-]+lift|butt[\s-]+lift"),
        ("face", "face", r"face[\s-]?lift|rhinoplasty|nose[\s-]+job|blepharoplasty|eyelid[\s-]+surgery|brow[\s-]+lift"),
        ("shoulder", "shoulders", r"rotator[\s-]+cuff"),
        ("knee", "knees", r"acl|mcl|pcl|meniscus|menisci|(?-i:TKR|TKA)"),
        ("hip", "hips", r"(?-i:THR|THA)"),
        ("spine", "back", r"spinal[\s-]+fusion"),
    )
)
#: Where injectables went by the words of the treated place that is no body area of the vocabulary: the lips only where
#: a lip word and the injectable are one item ("lip filler", "filler in lips", "lips filled", "lip flip"; not "chapped
#: lips", "lip balm", "upper lip wax": rev52c H3), the face's lines ("Botox crow's feet", "frown lines": the face;
#: "forehead", "cheeks" are the face's area words already).
INJECTABLE_SITES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("lips", "", re.compile(
        r"(?<![\w-])(?:lips?[\s-]+(?:fillers?|injections?|injected|flip|augmentation|botox|juv[eé]derm|restylane"
        r"|volbella|kysse|tox)"
        r"|(?:(?:dermal[\s-]+)?fillers?|injections?|botox|juv[eé]derm|restylane|volbella|kysse|tox)[^\S\n]+(?:in|into|to|on)"
        r"[^\S\n]+(?:(?:her|the|upper|lower|both)[^\S\n]+)*lips?"
        r"|lips?[^\S\n]+(?:filled|injected|plumped|done))(?![\w-])", re.IGNORECASE)),
    # the face's lines by name: "Botox crow's feet" was "injectables (feet)", the feet named in passing
    ("face", "face", re.compile(
        r"(?<![\w-])(?:crow['’]?s[\s-]+feet|frown[\s-]+lines?|forehead[\s-]+lines?|glabella\w*|11s|elevens"
        r"|tear[\s-]+troughs?|nasolabial(?:[\s-]+folds?)?|smile[\s-]+lines?|laugh[\s-]+lines?|marionette[\s-]+lines?)"
        r"(?![\w-])", re.IGNORECASE)),
)
#: Any injectable's name: beside the lips' item another injectable leaves the lips unsaid ("Botox and lip filler 3
#: days ago", "Lip filler in March. Botox 3 days ago": which was the recent one is not known; rev52c H3).
INJECTABLE_WORD = re.compile(
    r"(?<![\w-])(?:botox|dysport|xeomin|jeuveau|daxxify|neurotoxins?|tox|juv[eé]derm|juvaderm|restylane|radiesse"
    r"|sculptra|belotero|kybella|voluma|volbella|vollure|volux|skinvive|kysse|profhilo|letybo|fillers?|injectables?"
    r"|injections?|injected|flip)(?![\w-])",
    re.IGNORECASE,
)
#: A procedure's own item said to be recent beyond ``RECENT_ITEM``'s words (brief sites52, review rev52g H1): post-op,
#: a bare "3 wks" or "10 days" (not "in 2 weeks": ``PROCEDURE_NOT_HERS``). A date in the item counts when it falls in
#: the last six months (``note_questions._recent_date``).
PROCEDURE_RECENT = re.compile(
    rf"\bpost[\s-]?op\b|\b(?:\d+|one|two|three|four|five|six|a\s+few|few|couple\s+of)\s*(?:{DAYS}|{WEEKS})\b",
    re.IGNORECASE,
)
#: In a procedure's own item, words saying it is not her recent operation (rev52g H1): someone else's ("her mom had a
#: tummy tuck", "daughter's C-section"), one not done yet or only wanted ("Interested in tummy tuck package",
#: "Thinking about a BBL", "Getting a tummy tuck next week", "C-section scheduled 8/5"), one long past ("as a teenager",
#: "with her first", "when her son was born", "at 45", "in her 30s", "survivor", "a decade ago", "in the 90s",
#: "previous"), or one undone ("Lip filler dissolved 3 days ago", "rescheduled"). Its site is then not added.
PROCEDURE_NOT_HERS = re.compile(
    r"\b(?:husband|wife|partner|boyfriend|girlfriend|mother|mom|mum|mommy|father|dad|sister|brother|daughter|son"
    r"|friend|grandmother|grandma|grandfather|aunt|uncle|cousin|niece|nephew|his|he['’]s|family)\b"
    r"|\b(?:interested|thinking|considering|consider|getting|plans?|planning|planned|scheduled|upcoming|coming\s+up"
    r"|next|will\s+(?:be|have|get)|wants?|wanted|wish\w*|someday|one\s+day|consult\w*|package|booked\s+for|tomorrow"
    r"|going\s+to|gonna|hoping|future|pre[\s-]?op)\b"
    r"|\bin\s+(?:\d+|a|one|two|three|four|a\s+few|few|couple\s+of)\s*(?:days?|weeks?|wks?|months?)\b"
    r"|\b(?:as\s+a\s+(?:teen\w*|kid|child|girl)|teen\w*|with\s+(?:her|his|the)\s+first"
    r"|first\s+(?:baby|child|kid|pregnancy|son|daughter)|previous|prior|earlier|older|survivor"
    r"|remission|history|hx|decade|years?|yrs?|when\s+(?:she|her)|at\s+\d\d|in\s+(?:her|the)\s+['’]?\d0s"
    r"|\d0s|dissolved|removed|reversed|cancel+ed|rescheduled|postponed"
    # undone, wanted or long past in other words (rev52k H2, H3): "tummy tuck 3 wks ago - NOT done", "mastectomy long ago"
    r"|not\s+done|called\s+off|fell\s+through|supposed|opted|skipped|nearly|not\s+recommended|asked|inquired|quoted"
    r"|talked|long\s+ago|ages\s+ago|way\s+back|college|high\s+school|pre[\s-]?kids|before\s+kids|childhood"
    r"|twenties|thirties|forties|healed|old)\b",
    re.IGNORECASE,
)
#: What may stand before a procedure's name in its own item for it to be plainly hers (rev52k H1-H3): "had a", "her
#: recent", "s/p", "post-op", a side, "double", "11/20:"; any other word ("fiancé had", "roommate had", "her dog had",
#: "asked about", "old") leaves its site unsaid (the line's pointer says where to look).
PROCEDURE_LEAD = re.compile(
    r"(?:[^\w]*(?:had|has|got|her|a|an|the|recent(?:ly)?|s/p|status\s+post|post[\s-]?op|left|right|l|r|lt|rt"
    r"|bilateral|bilat|double|single|partial|total|lap(?:aroscopic)?|elective|emergency|surgery|hx|h/o"
    r"|botox|tox|dysport|xeomin|fillers?|dermal|juvederm|restylane|injections?|injected|in|on|to|from|\d+\s*u(?:nits)?"
    # she herself, said so (rev52l): "She had a tummy tuck", "Pt had L TKR", "Client is 3 wks post-op tummy tuck"
    r"|she|she['’]s|client|guest|pt|patient|just|underwent|is|was|\d+|wks?|weeks?|days?|out"
    r"|\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?)\b)*[^\w]*",
    re.IGNORECASE,
)
#: Before a procedure's name in its own item, a word denying it: "not tummy tuck", "no tummy tuck", "never had a
#: c-section", "not the c-section", "No lip filler 3 days ago" (rev52g H1).
PROCEDURE_DENIED_BEFORE = re.compile(r"\b(?:not|no|never|without|didn['’]?t|did\s+not|hasn['’]?t|denies|n/a)\b",
                                     re.IGNORECASE)
#: Right after a procedure's item, the person it was for: "Mastectomy 3 weeks ago - client's mother" (rev52g H1).
PROCEDURE_OTHER_AFTER = re.compile(
    r"[^\S\n]*(?:[-–—:(][^\S\n]*)(?:(?:the|her|his|client['’]?s|guest['’]?s)[^\S\n]+)?"
    r"(?:husband|wife|partner|boyfriend|girlfriend|mother|mom|mum|father|dad|sister|brother|daughter|son|friend"
    r"|grandmother|grandma|grandfather|aunt|uncle"
    r"|not\s+done|never\s+done|cancel+ed|called\s+off|didn['’]?t\s+happen)\b",  # "… 3 wks ago - NOT done" (rev52k)
    re.IGNORECASE,
)
#: A knee's or a shoulder's part named bare is an injury, not an operation ("Meniscus tear", "MCL sprain", "Rotator
#: cuff tear", "ACL tear (no surgery)"): it adds its site only with an operation's word in its item (rev52g H1).
PROCEDURE_INJURY_PART = re.compile(r"(?<![\w-])(?:acl|mcl|pcl|meniscus|menisci|rotator[\s-]+cuff)(?![\w-])", re.IGNORECASE)
PROCEDURE_OPERATED = re.compile(
    r"\b(?:repair\w*|surgery|surgical\w*|surgically|reconstruct\w*|recon|scope|scoped|arthroscop\w*|op|operation"
    r"|operated|post[\s-]?op|replace\w*|fixed)\b",
    re.IGNORECASE,
)
#: Items "and", "+", "&" join ("Right TKR + mastectomy 3 weeks ago"): an undated one shares the other's date.
ITEM_JOINER = re.compile(r"[^\S\n]*(?:\+|&|\band\b)[^\S\n]*", re.IGNORECASE)
ITEM_JOINER_BEFORE = re.compile(r"[^\S\n]*(?:\+|&|\band|:)[^\S\n]*\Z", re.IGNORECASE)  # "Recent surgery: c-section"
#: After a comma, an item that only dates the one before ("mastectomy left, 3 wks ago") or goes on with the same
#: operation ("mastectomy, reconstruction on left 3 weeks ago"): the procedure's item shares its date.
ITEM_COMMA = re.compile(r"[^\S\n]*,[^\S\n]*")
ITEM_DATE_ONLY = re.compile(
    rf"[^\S\n]*(?:about[^\S\n]+|approx\.?[^\S\n]+|~[^\S\n]*)?(?:(?:\d+|one|two|three|four|five|six|a\s+few|few|couple\s+of|a)"
    rf"\s*(?:{DAYS}|{WEEKS}|{MONTHS})(?:[^\S\n]+ago)?|last[^\S\n]+(?:week|month)|yesterday|recently)[^\S\n]*",
    re.IGNORECASE,
)
ITEM_OPERATION_GOES_ON = re.compile(r"[^\S\n]*(?:reconstruction|recon|repair|expanders?|implants?[^\S\n]+placed)\b",
                                    re.IGNORECASE)
#: A month in a procedure's own item: it is dated, and not lately unless the item says so.
PROCEDURE_DATED_MONTH = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?"
    r"|nov(?:ember)?|dec(?:ember)?)\b\.?",
    re.IGNORECASE,
)
#: A month with its year in a procedure's item: "Mastectomy Nov 2026", "in November 2026" (rev52g M2).
PROCEDURE_MONTH_YEAR = re.compile(
    r"\b(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?[^\S\n]+(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
#: An item said to be recent: days or weeks ago, last week or month, yesterday, recently. The lips' item needs one
#: ("Lip filler 3 days ago"; not "Lip filler in Jan", "wants lip filler for her wedding": rev52c H3).
RECENT_ITEM = re.compile(
    rf"\b(?:\d+|one|two|three|four|five|six|a\s+few|few|couple\s+of|a)\s*(?:{DAYS}|{WEEKS}|{MONTHS})\s+ago"
    r"|\b(?:last|this)\s+(?:week|month|fortnight)|\b(?:yesterday|today|recent(?:ly)?|just)\b",
    re.IGNORECASE,
)
#: Where a procedure's item ends: a comma, a stop, a semicolon, a line, "+", "&", "and", "then".
ITEM_BREAK = re.compile(r"[,.;:\n+&()]|\s[-–—]\s|\band\b|\bthen\b|\bplus\b", re.IGNORECASE)
#: The side written right after a procedure's name (``PROCEDURE_SITES``): in brackets ("Lumpectomy (right)", "ACL
#: repair (L)"), as a side ("mastectomy left side"), or alone at the clause's end ("Rotator cuff repair right."); a
#: repair's or a surgery's word between ("ACL repair (left)"). Not a word that goes on ("C-section right before
#: covid").
SIDE_AFTER_PROCEDURE = re.compile(
    r"(?:[^\S\n]+(?:repair|reconstruction|recon|surgery|op|tear|replacement|scope))?[^\S\n]*"
    r"(?:\([^\S\n]*(?P<bracketed>left|right|lt|rt|l|r)\.?(?:[^\S\n]+side)?[^\S\n]*\)"
    r"|(?P<sided>left|right|lt|rt|l|r)\.?[^\S\n]+side\b"
    r"|(?P<alone>left|right|lt|rt)\.?(?=[^\S\n]*(?:[,.;:!)\n]|[-–—][^\S\n]|$)))",
    re.IGNORECASE,
)
#: A place on the body the vocabulary has no area for, or one in words the reader cannot place as a site: with one of
#: these (or an area word) in a sited caution's words and no site read, the briefing sends the therapist to the notes;
#: with none, it says to ask the guest (brief52m, rev52c M3: "Botox 2 wks ago" names no place to read).
BODY_WORD = re.compile(
    r"(?<![\w-])(?:lips?|groin|appendix|navel|belly[\s-]?button|eyes?|eyelids?|brows?|nose|ears?|scalp|chin|jaw"
    r"|temples?|cheeks?|forehead|armpits?|underarms?|breasts?|incisions?|scars?|crow['’]?s[\s-]+feet|wrists?"
    r"|elbows?|ankles?|toes?|fingers?|ribs?|pelvis|buttocks?|bum|butt)(?![\w-])",
    re.IGNORECASE,
)
