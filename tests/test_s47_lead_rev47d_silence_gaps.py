"""s47 (rev47d): her silence said to book, in Spanish or in common English paraphrases ("consider it booked", "No
reply means yes"), is a concern for a manager's Edit and makes a model draft fall back."""
from __future__ import annotations

import pytest

from spa_copilot.fill.drafts import wording_concern

EN = ("Hi Ava, a spot for Swedish Massage 60 just opened at SoHo on Tue 24 Nov at 2:00 pm with Ana. "
      "It's held for you for 15 minutes. Reply YES to claim it.")
ES = ("Hola Ava, se abrió un espacio para Swedish Massage 60 el mar 24 nov a las 2:00 pm. "
      "Te lo guardamos 15 minutos. Responde SÍ para reservarlo.")


@pytest.mark.parametrize("text", [
    f"{ES} Si no respondes, te lo reservamos.",
    f"{ES} Si no contestas, lo confirmamos igual.",
    f"{EN} If we don't hear back, consider it booked.",
    f"{EN} If we don't hear back we'll put you down for it.",
    f"{EN} No reply means yes!",
])
def test_silence_said_to_book_is_a_concern(text: str) -> None:
    assert wording_concern(text, ["Spa", "SoHo", "Swedish Massage 60"], guest="Ava") is not None
