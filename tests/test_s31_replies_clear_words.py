"""rev31a LOW: clear yeses and nos were sent to a person: "Confirmed", "Sí porfa", "Claro", "Non merci", "Não,
obrigada", "Nooo". They are a YES or a NO now; "Please confirm" and "Claro que no" stay for a person, and the
Portuguese opt-outs a "não" would have made a NO are a STOP."""

from __future__ import annotations

import pytest

from spa_copilot.fill import classify_reply


@pytest.mark.parametrize("body", ["Confirmed", "Yes confirmed", "Confirm", "Yes, I confirm", "Sí porfa", "Si porfa", "Claro",
                                  "Sí, claro"])
def test_clear_yeses(body: str) -> None:
    assert classify_reply(body) == "yes"


@pytest.mark.parametrize("body", ["Non merci", "Non", "Não, obrigada", "Nao", "Não posso", "Nooo", "Noo thanks"])
def test_clear_nos(body: str) -> None:
    assert classify_reply(body) == "no"


@pytest.mark.parametrize("body", ["Please confirm", "Can you confirm?", "I can't confirm yet", "Claro que no", "Noon?",
                                  "noon works"])
def test_near_them_stays_for_a_person(body: str) -> None:
    assert classify_reply(body) == "other"


@pytest.mark.parametrize("body", ["Não quero mais receber mensagens", "Não quero receber mensagens", "Nao me manda mais msg"])
def test_portuguese_opt_outs_are_a_stop_not_a_no(body: str) -> None:
    assert classify_reply(body) == "stop"
