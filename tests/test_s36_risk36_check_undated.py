"""``spa-copilot check`` warns (never fails) when many of the bookings to come carry no ``createdAt``: none of them
is risk-scored, which whoever sets the copilot up should hear before the front desk sees it on the book."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from spa_copilot.domain import UPCOMING_STATUSES
from spa_copilot.preflight import UNDATED_DAYS, run_checks
from spa_copilot.sandbox.world import SandboxWorld

from .conftest import by_name

MODELS = Path(__file__).resolve().parents[1] / "models"


def _upcoming(world: SandboxWorld) -> list[Any]:
    now = world.copilot.now()
    return [a for a in world.spa.appointments.values() if a.status in UPCOMING_STATUSES
            and now < a.start_at < now + timedelta(days=UNDATED_DAYS)]


def _undate(world: SandboxWorld, appointments: list[Any]) -> None:
    for appointment in appointments:
        world.spa.put_appointment(appointment.model_copy(update={"created_at": None}))


async def _model_check(world: SandboxWorld) -> Any:
    settings = world.settings.model_copy(update={"spa_model_dir": MODELS})  # the shipped model loads
    checks = by_name(await run_checks(settings, platform=world.platform, slack=world.copilot.slack,
                                      now=world.copilot.now()))
    return checks["no-show model"]


async def test_all_bookings_to_come_without_created_at_is_a_warning_naming_how_many(
    world: SandboxWorld, tmp_path: Path
) -> None:
    assert (await _model_check(world)).status == "ok"  # every sandbox booking carries its booking date
    upcoming = _upcoming(world)
    _undate(world, upcoming)
    check = await _model_check(world)
    assert check.status == "warning", check
    assert check.detail.startswith("loaded from "), check.detail  # the line's shape kept: what loaded, then the but
    assert f"but all {len(upcoming)} bookings of the next {UNDATED_DAYS} days came from the spa system without " \
           "createdAt" in check.detail, check.detail
    assert "will not be risk-scored" in check.detail
    assert check.line().startswith("! no-show model: loaded from ")
    settings = world.settings.model_copy(update={"spa_model_dir": tmp_path / "none"})
    checks = by_name(await run_checks(settings, platform=world.platform, slack=world.copilot.slack,
                                      now=world.copilot.now()))
    model = checks["no-show model"]  # none loaded: nothing would be scored anyway, and the line says why none loads
    assert model.status == "warning" and model.detail.startswith("none loaded") and "createdAt" not in model.detail


async def test_many_of_them_is_a_warning_too_and_the_odd_one_is_not(world: SandboxWorld) -> None:
    upcoming = sorted(_upcoming(world), key=lambda a: a.id)
    assert len(upcoming) > 20
    _undate(world, upcoming[:1])  # one entered by hand: not worth a warning
    assert (await _model_check(world)).status == "ok"
    many = len(upcoming) // 3
    _undate(world, upcoming[:many])
    check = await _model_check(world)
    assert check.status == "warning" and f"{many} of the {len(upcoming)} bookings" in check.detail, check.detail



class _Book:
    """A spa system whose bookings to come are ``appointments`` (``_undated_bookings`` reads only these)."""

    def __init__(self, appointments: list[Any]) -> None:
        self.appointments = appointments

    async def list_appointments(self, **_: Any) -> list[Any]:
        return self.appointments


async def test_one_or_two_of_a_few_are_not_worth_a_warning_and_all_of_one_is_said_in_the_singular(
    world: SandboxWorld,
) -> None:
    from spa_copilot.preflight import _undated_bookings

    now = world.copilot.now()
    three = sorted(_upcoming(world), key=lambda a: a.id)[:3]
    undated = [a.model_copy(update={"created_at": None}) for a in three]
    assert await _undated_bookings(_Book([undated[0], *three[1:]]), now) is None  # the odd one of three
    assert await _undated_bookings(_Book([*undated[:2], three[2]]), now) is None
    said = await _undated_bookings(_Book(undated), now)
    assert said is not None and said.startswith("all 3 bookings of the next") and "so they will not" in said
    one = await _undated_bookings(_Book(undated[:1]), now)
    assert one is not None and one.startswith("the 1 booking of the next") and "so it will not" in one, one


def test_a_model_line_that_warns_already_adds_the_undated_bookings_with_and() -> None:
    from spa_copilot.preflight import Check, _with_undated

    warned = _with_undated(Check("no-show model", "warning", "loaded from X, but trained on the sandbox"), "all 3 …")
    assert warned.detail == "loaded from X, but trained on the sandbox; and all 3 …"
    fine = _with_undated(Check("no-show model", "ok", "loaded from X"), "all 3 …")
    assert fine.status == "warning" and fine.detail == "loaded from X; but all 3 …"
    none = _with_undated(Check("no-show model", "warning", "none loaded: missing"), "all 3 …")
    assert none.detail == "none loaded: missing"
