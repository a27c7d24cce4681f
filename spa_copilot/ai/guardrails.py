"""Guardrails around every model call: scrub inputs, quote data, validate outputs.

Inputs: phone numbers and email addresses are replaced before any text reaches a model, and free text
(notes, alerts) travels as a JSON string inside a ``<data>`` block that the prompt declares to be data.
Outputs: ``check_text`` returns the reasons a draft may not be used (empty list = fine); a caller that gets
any flag uses the offline engine's text instead and shows the flags to the approver.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(
    r"(?<![\w/$£€])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s?|\d{2,4}[\s.-])?\d{3,4}[\s.-]\d{3,4}(?![\w/])"
    r"|(?<![\w/$£€.])\+?\d{10,13}(?![\w.])"
)
LINK = re.compile(
    r"https?://\S+|www\.\S+|\b[\w-]+\.(?:com|net|org|io|co|us|uk|spa|ly|me|app|info|biz)\b(?:/\S*)?",
    re.IGNORECASE,
)
PRICE = re.compile(
    r"[$£€]\s?(\d+(?:,\d{3})*(?:\.\d{1,2})?)|\b(\d+(?:\.\d{1,2})?)\s?(?:dollars|usd|eur|euros|gbp|pounds)\b",
    re.IGNORECASE,
)
MEDICAL_CLAIM = re.compile(
    r"\b(cures?|cured|curing|heals?|healing|diagnos\w*|prescri\w*|remed(?:y|ies)|treats"
    r"|treat(?:s|ing)?\s+(?:your\s+|the\s+|my\s+|their\s+)?(?:pain|anxiety|depression|insomnia|migraines?"
    r"|arthritis|acne|eczema|rosacea|psoriasis|injur\w*|conditions?|diseases?|symptoms|inflammation"
    r"|sciatica|fibromyalgia|cellulite))\b",
    re.IGNORECASE,
)
SERVICE_NOUNS = (
    "Massage|Facial|Peel|Wrap|Scrub|Ritual|Treatment|Pedicure|Manicure|Soak|Journey|Therapy|Polish"
    "|Reflexology|Microneedling|Waxing|Wax|Glow|Cleanse"
)
NAMED_SERVICE = re.compile(rf"((?:[A-Z][\w'’-]*\s+){{1,4}})({SERVICE_NOUNS})s?\b")
# Capitalised words that start a sentence or a phrase without being part of a service's name.
_NOT_NAME_WORDS = frozenset(
    "your our the a an this that these enjoy book booking hi hello dear next today tomorrow relaxing "
    "lovely a great free full new".split()
)
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)")


def scrub_pii(text: str, *, names: Iterable[str] = ()) -> str:
    """Replace email addresses, phone numbers and the given names (e.g. a last name) with placeholders."""
    text = EMAIL.sub("[email]", text)
    text = PHONE.sub("[phone]", text)
    for name in names:
        if name and len(name) > 1:
            text = re.sub(rf"\b{re.escape(name)}\b", "[name]", text, flags=re.IGNORECASE)
    return text


def quote_data(label: str, value: str | Mapping[str, Any] | Sequence[Any]) -> str:
    """Wrap a value as an inert data block: a JSON literal whose angle brackets cannot close the block."""
    payload = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e")
    return f'<data name="{label}">\n{payload}\n</data>'


def sentence_count(text: str) -> int:
    """How many sentences a text has (a trailing fragment counts as one)."""
    parts = [part for part in _SENTENCE_END.split(text.strip()) if part.strip()]
    return len(parts)


def named_services(text: str) -> list[str]:
    """Capitalised service-like names in a text (e.g. "Hot Stone Massage"), without leading filler words."""
    names: list[str] = []
    for match in NAMED_SERVICE.finditer(text):
        words = match.group(1).split()
        while words and words[0].lower() in _NOT_NAME_WORDS:
            words = words[1:]
        if words:
            names.append(" ".join([*words, match.group(2)]))
    return names


def _known_service(name: str, menu_names: Sequence[str]) -> bool:
    words = name.split()
    shortest = " ".join(words[-2:]).lower()  # the noun and the word before it
    return any(shortest in menu.lower() or menu.lower() in name.lower() for menu in menu_names)


def check_text(
    text: str,
    *,
    max_chars: int,
    max_sentences: int | None = None,
    menu_names: Sequence[str] = (),
    allowed_prices: Iterable[float] = (),
    required: Sequence[str] = (),
    allow_links: bool = False,
    allow_phones: bool = False,
) -> list[str]:
    """Why a draft may not be used: length, links, phones, emails, unknown services or prices, claims."""
    flags: list[str] = []
    stripped = text.strip()
    if not stripped:
        return ["empty"]
    if len(stripped) > max_chars:
        flags.append(f"tooLong:{len(stripped)}>{max_chars}")
    if max_sentences is not None and sentence_count(stripped) > max_sentences:
        flags.append(f"tooManySentences>{max_sentences}")
    if not allow_links and LINK.search(stripped):
        flags.append("link")
    if EMAIL.search(stripped):
        flags.append("email")
    if not allow_phones and PHONE.search(stripped):
        flags.append("phone")
    prices = [round(p, 2) for p in allowed_prices]
    for match in PRICE.finditer(stripped):
        amount = float((match.group(1) or match.group(2)).replace(",", ""))
        if not any(abs(amount - price) < 0.005 for price in prices):
            flags.append(f"unknownPrice:{match.group(0).strip()}")
    for name in named_services(stripped):
        if not _known_service(name, menu_names):
            flags.append(f"unknownService:{name}")
    for match in MEDICAL_CLAIM.finditer(stripped):
        flags.append(f"medicalClaim:{match.group(0).lower()}")
    for phrase in required:
        if phrase.lower() not in stripped.lower():
            flags.append(f"missing:{phrase}")
    return flags


def normalise_space(text: str) -> str:
    """Lower case with runs of whitespace collapsed (for evidence grounding)."""
    return re.sub(r"\s+", " ", text).strip().lower()


def grounded(evidence: str, source: str) -> bool:
    """True when the evidence phrase occurs in the source text (case and spacing ignored)."""
    needle = normalise_space(evidence).strip(" .,;:!?\"'")
    return bool(needle) and needle in normalise_space(source)
