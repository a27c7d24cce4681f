"""A booking whose price the catalogue does not give (its service retired or left out of it, or no service line) is
scored at the model's typical price, and no price reason is worded for it (issue 7: read as $0 it was "lower-priced")."""

from datetime import timedelta
from pathlib import Path
from typing import Any

from spa_copilot.risk import load_model

MODELS = Path(__file__).resolve().parents[1] / "models"


def priced(reasons: list[str]) -> bool:
    return any("lower-priced" in r or "higher-priced" in r for r in reasons)


async def test_an_unknown_service_is_no_cheap_booking(world: Any, clock: Any) -> None:
    world.copilot.risk = load_model(MODELS)
    now = clock()
    book = [
        a
        for a in world.spa.appointments.values()
        if a.is_active and a.services and a.created_at and now < a.start_at < now + timedelta(days=2)
    ]
    assert len(book) > 20
    before = await world.copilot.risk_scores(book)
    retired = [
        a.model_copy(
            update={"services": [line.model_copy(update={"service_id": "svc_retired"}) for line in a.services]}
        )
        for a in book
    ]
    lineless = [a.model_copy(update={"services": []}) for a in book]
    for changed in (retired, lineless):
        after = await world.copilot.risk_scores(changed)
        assert set(after) == set(before)
        risen = [a.id for a in book if after[a.id].probability > before[a.id].probability + 0.05]
        assert not risen, risen
        assert not [a.id for a in book if priced(after[a.id].reasons)]


def test_price_known_reads_the_first_service_line(world: Any) -> None:
    from spa_copilot.risk.model import price_known

    a = next(a for a in world.spa.appointments.values() if a.services)
    services = {a.services[0].service_id: object()}
    assert price_known(a, services)  # type: ignore[arg-type]
    assert not price_known(a, {})
    assert not price_known(a.model_copy(update={"services": []}), services)  # type: ignore[arg-type]
