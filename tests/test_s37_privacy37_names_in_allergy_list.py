"""rev36i M4: a companion's or contact's name inside an allergy list ("Allergies: latex, paid by Xiomara") reached the
model, because every item after an allergy cue was read as an allergen. An item with a companion or contact cue
before the word is no allergen; the allergens around it stay."""
import pytest

from spa_copilot.ai.guardrails import scrub_for_model, scrub_pii


@pytest.mark.parametrize(
    ("note", "name", "kept"),
    [
        ("Allergies: latex, paid by Xiomara", "Xiomara", ["latex"]),
        ("Allergies: latex, ICE: Carlos Mendez", "Mendez", ["latex"]),
        ("Sensitivities: cold, paid by Xiomara", "Xiomara", ["cold"]),
        ("Allergies: Bactrim, Keflex, brought by Xiomara", "Xiomara", ["Bactrim", "Keflex"]),
        ("Sensitivities: Tea Tree, Ylang Ylang, accompanied by Xiomara", "Xiomara", ["Tea Tree", "Ylang Ylang"]),
        ("Allergies: Latex, Penicillin (EpiPen), hives or rash, EC: Xiomara", "Xiomara", ["Latex", "Penicillin", "EpiPen"]),
        ("Allergic to Keflex and latex, paid by Tendai", "Tendai", ["Keflex", "latex"]),
        ("Allergies: latex, ICE = Xiomara", "Xiomara", ["latex"]),
        ("Allergies: latex, nanny Xiomara", "Xiomara", ["latex"]),
        ("Allergies: Zofran and latex, ICE: Ngozi Okafor, Phenergan", "Okafor", ["Zofran", "Phenergan"]),
        ("Allergies: latex, paid by Xiomara, Keflex", "Xiomara", ["latex", "Keflex"]),
        # "ICE -" after the cue is the allergen ice and its reaction; a colon after ICE is a contact's label
        ("Allergies: ICE - Urticaria, latex, ICE: Carlos Mendez", "Mendez", ["ICE - Urticaria", "latex"]),
    ],
)
def test_name_in_an_allergy_list_is_masked_and_allergens_stay(note, name, kept):
    out = scrub_for_model(note)
    assert name not in out, out
    assert "[name]" in out, out
    for word in kept:
        assert word in out, out


@pytest.mark.parametrize(
    "note", ["Allergies: latex, paid by Rose", "Allergies: nuts, Rose oil, paid by Rose", "Allergies: latex, ICE: Rose"]
)
def test_guests_own_ordinary_word_name_after_a_cue_in_an_allergy_list_is_masked(note):
    out = scrub_pii(note, names=["Rose"])
    assert out.endswith("[name]"), out
    assert out.count("Rose") == note.count("Rose") - 1, out
