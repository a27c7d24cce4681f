"""A companion's name no list knows still reaches the model (review of 5 December 2026, second pass): "Gift from
Xiomara". After a companion cue that near-certainly names a person ("accompanied by", "gift from", "paid by", "brought
by", "emergency contact", "nanny") a capitalised word is now masked unless it is a word the notes
reader knows (a condition, drug, aid, allergen, material, area, clinician, product or service: the lexicon's sets and
this module's lists). After "came/booked/here with" and "<X> booked for both" only a known given name or a first name
and a surname is masked (scrubfix25), so "came with Raynaud's", "came with EpiPen", "booked with Sauna" reach the
model whole, and so do "came with Inderal", "came in with Lyme" that no list knows.
"""

from __future__ import annotations

import pytest

from spa_copilot.ai.guardrails import scrub_for_model


@pytest.mark.parametrize(
    ("note", "secrets"),
    [
        # after "came with" and the like only a known given name, or a first name before a surname (scrubfix25: a word
        # no list knows there is more often a drug, condition or device, tests/test_privacy_model_safety_after_cue.py)
        ("came with Maria", ["Maria"]),
        ("Came with Maria, she prefers quiet", ["Maria"]),
        ("came in with Maria and Sol", ["Maria", "Sol"]),
        ("came with Xiomara Lopez on Tuesday", ["Xiomara", "Lopez"]),
        ("booked with her sister Ngozi", ["Ngozi"]),
        ("her partner Thandiwe", ["Thandiwe"]),
        ("Maria booked for both", ["Maria"]),
        ("Maria paid for both of them", ["Maria"]),
        # after a cue that near-certainly names a person, any word no list knows
        ("Gift from Oluwaseun", ["Oluwaseun"]),
        ("Accompanied by Tendai", ["Tendai"]),
        ("Emergency contact: Yaw", ["Yaw"]),
        ("paid by Xiomara", ["Xiomara"]),
        ("brought in by Xiomara", ["Xiomara"]),
        ("nanny Xiomara", ["Xiomara"]),
        # a later mention of a known given name is masked too
        ("came with Maria. Maria prefers the couples room", ["Maria"]),
    ],
)
def test_a_companion_no_list_knows_is_masked_after_a_strong_cue(note: str, secrets: list[str]) -> None:
    scrubbed = scrub_for_model(note)
    for secret in secrets:
        assert secret not in scrubbed, (secret, scrubbed)
    assert "[name]" in scrubbed


@pytest.mark.parametrize(
    "note",
    [
        "came with Raynaud's",
        "came with Raynauds",
        "came with a Dr. note",
        "Came with Dr. note",
        "came with EpiPen",
        "came with Epipen in her bag",
        "booked with Sauna",
        "Booked with Hydrafacial",
        "came with Stelara",
        "came with Humira",
        "came with Inhaler",
        "came with Kinesio tape",
        "came with Lupus",
        "came with Psoriasis",
        "came with Sciatica",
        "came with Fibromyalgia",
        "came with Shellfish allergy",
        "came with Latex",
        "came with Penicillin",
        "came with Amoxicillin rash",
        "came with Zyrtec",
        "came with Keflex",
        "came with Nickel",
        "came with Lavender",
        "came with Peppermint",
        "came with Cotton",
        "came with Bamboo",
        "came with Neck",
        "came with Shoulders",
        "came with Physio",
        "came with Dermatologist",
        "came with Oncologist clearance",
        "came with Massage",
        "came with Mom",
        "Came With Makeup On, Lovely Guest",
        "spoke with Derm, ok to proceed",
        "Arnica said helped",
        # what a note puts there that no lexicon names: a hyphenated eponym, a plural, a thing before its noun
        "came with Ehlers-Danlos",
        "came with Neffy",
        "came with Melasma",
        "came with Phentermine",
        "came with Glasses",
        "came with Keloids",
        "here with Friends",
        "here with Bridal party",
        "came with Gel nails",
        "came with Lash extensions",
        "came with Sacroiliac pain",
        "booked with Swedish",
        "booked with Groupon",
        "paid by Venmo",
        "Emergency contact: See intake",
        # worn, brought or healing: what a note says she came with
        "came with Makeup on",
        "came with Sunscreen on, no peel",
        "came with Sutures",
        "came with Staples from surgery",
        "came with Warts",
        "came with Strep",
        "came with Pinkeye",
        "came with Toddler",
    ],
)
def test_a_word_the_reader_knows_stays_after_a_strong_cue(note: str) -> None:
    assert scrub_for_model(note) == note


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("her husband mike", "her husband [name]"),
        ("wife SARAH", "wife [name]"),
        ("w/ daughter emma", "w/ daughter [name]"),
        ("Husband: TOM, prefers firm", "Husband: [name], prefers firm"),
        ("her husband mike booked. mike prefers quiet too", "her husband [name] booked. [name] prefers quiet too"),
        ("wife SARAH called; Sarah will pay", "wife [name] called; [name] will pay"),
        # a word that is no given name stays, in any case
        ("husband will come too", "husband will come too"),
        ("wife has MS", "wife has MS"),
        ("sister ANA positive", "sister ANA positive"),
        ("HUSBAND HAS DIABETES", "HUSBAND HAS DIABETES"),
        ("son asthma, carries inhaler", "son asthma, carries inhaler"),
        ("mom emphysema", "mom emphysema"),
    ],
)
def test_a_known_given_name_in_lower_case_or_capitals_after_a_relation_is_masked(note: str, expected: str) -> None:
    assert scrub_for_model(note) == expected
