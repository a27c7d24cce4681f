"""s52 (lex52c): the French, Portuguese and Tagalog readings mended after review rev52h.

- A pregnancy was lost when a denial of another thing stood a few words before it ("Pas de problème de dos, enceinte
  de 20 semaines", "Não fuma, grávida de 6 meses", "Walang sakit, buntis 5 months") or "mais" (French "but"): only a
  denial right before the word, in its comma item, keeps it off.
- A checklist's foreign no after the word ("Enceinte? Non", "Grávida: não", "Buntis? Hindi", "Diabète : non") was
  read as a yes.
- A past, a test, a wish, a friend's, the English G/P shorthand ("était enceinte", "Test de grossesse négatif",
  "Essaie de tomber enceinte", "une amie enceinte", "Gravida: 2, para: 2") read a pregnancy.
- A list item opened by a foreign denial ("Allergique au latex, pas de douleurs") was read as an allergen.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.builders import HOT_STONE, dm_lines

DAY = date(2026, 12, 8)
PREGNANCY = "contraindicated for this guest: pregnancy"
LATEX = "latex allergy: nitrile gloves, no latex"
NUTS = "nut oil allergy: nut-free oils only"
SHELLFISH = "shellfish allergy: no seaweed or marine products"


def told(notes: str) -> str:
    """The therapist's DM lines for a Hot Stone booking of a guest with these notes."""
    return dm_lines(notes, HOT_STONE, day=DAY)


@pytest.mark.parametrize(
    ("notes", "allergy", "trap"),
    [
        ("Allergic sa hipon. Walang sakit, buntis 5 months", SHELLFISH, "Allergic sa hipon. Hindi na buntis"),
        ("Allergique aux noix. Pas de problème de dos, enceinte de 20 semaines", NUTS, "Allergique aux noix. Pas enceinte"),
        ("Allergique au latex, pas de douleurs, mais enceinte de 5 mois", LATEX, "Allergique au latex, post-grossesse"),
        ("Elle est allergique aux arachides mais enceinte de 4 mois", NUTS, "Elle n'est plus enceinte"),
        ("Allergique aux noix, non-fumeuse, enceinte (5 mois)", NUTS, "Elle n'est pas enceinte"),
        ("Alérgica ao látex. Não fuma, grávida de 6 meses", LATEX, "Alérgica ao látex. Não está mais grávida"),
        ("Allergique au latex. Ne fume pas, enceinte de 5 mois", LATEX, "Hindi buntis"),
        ("Allergic sa latex, hindi naninigarilyo, buntis 4 months", LATEX, "Allergic sa latex, hindi buntis"),
    ],
)
def test_a_denial_of_another_thing_keeps_the_pregnancy_read(notes: str, allergy: str, trap: str) -> None:
    """Guards the pregnancy (and the allergy) read when a denial about another thing, or "mais" (but), stands earlier
    in the statement: a booking of a pregnant guest must be flagged; a denial right before the word (``trap``) still
    keeps the pregnancy off."""
    lines = told(notes)
    assert PREGNANCY in lines
    assert allergy in lines
    assert PREGNANCY not in told(trap)


@pytest.mark.parametrize(
    "notes",
    [
        "Pregnant, language: Hindi", "Pregnant, referred by: Nao", "Pregnant, allergies: wala", "Grávida, fuma? não",
        "Enceinte, fumeuse ? non", "Buntis, allergies: wala", "Gravida: 6 meses", "Gravida (6 meses)",
        "Gravida: 2º trimestre", "Cliente gravida Evitar pedras quentes", "gravida Sim",
        "Elle a dit qu'elle était enceinte de 5 mois", "Cliente disse que estava grávida de 6 meses",
        "Amiga da Ana grávida de 6 meses", "Cousine de Julie enceinte de 6 mois",
    ],
)
def test_a_pregnancy_is_not_cancelled_by_the_next_fields_answer_a_name_or_reported_speech(notes: str) -> None:
    """rev52j HIGH/MEDIUM: foreign no's as a checklist's answer ("non", "não", "hindi", "wala") ran past a comma into the
    next field and cancelled the pregnancy before it, in English notes too ("Pregnant, language: Hindi"); "Gravida: 6
    meses" was taken for the English G/P shorthand; "était"/"estava" in reported speech, and a friend or cousin naming
    who she is, kept her own pregnancy off. Those readings were withdrawn: a "no" after a foreign word is not read
    (the caution stays, the cautious side)."""
    assert PREGNANCY in told(notes)


@pytest.mark.parametrize(
    "notes",
    ["Test de grossesse négatif", "Teste de gravidez negativo", "Grossesse exclue", "A été enceinte",
     "Dati buntis", "Pós-gravidez", "Essaie de tomber enceinte", "Gravida: 2, para: 2", "Gravida/Para", "Gravida III"],
)
def test_no_pregnancy_of_hers_now(notes: str) -> None:
    """Guards against a false pregnancy (which rules out a booking): a past, a negative test, a wish, the English
    obstetric shorthand."""
    assert PREGNANCY not in told(notes)


@pytest.mark.parametrize(
    ("notes", "kept"),
    [
        ("Gravida: 2, para: 2", "Cliente gravida de 5 meses"),
        ("Gravida/Para", "Está gravida"),
        ("Essaie de tomber enceinte", "Vient de tomber enceinte"),
        ("Teste de gravidez negativo", "Grávida, teste positivo"),
        ("Gift from Dr. Gravida's office", "gravida 20 semanas"),
    ],
)
def test_pregnancy_still_read(notes: str, kept: str) -> None:
    """Guards the readings kept beside the false ones mended: an unaccented Portuguese "gravida de", "está gravida",
    a French "vient de tomber enceinte" (just got pregnant), a pregnancy beside a positive test, a Portuguese "gravida
    20 semanas"."""
    assert PREGNANCY not in told(notes)
    assert PREGNANCY in told(kept)


@pytest.mark.parametrize(
    ("notes", "junk"),
    [
        ("Allergique au latex, pas de douleurs", "pas de douleurs allergy"),
        ("Allergic sa latex, hindi naninigarilyo", "hindi naninigarilyo allergy"),
        ("Allergic sa latex, wala pong gamot", "wala pong gamot allergy"),
    ],
)
def test_a_foreign_denial_item_is_no_allergen(notes: str, junk: str) -> None:
    """Guards against a junk allergy line from a list item that is a denial of something else; the latex stays."""
    lines = told(notes)
    assert junk not in lines
    assert LATEX in lines
