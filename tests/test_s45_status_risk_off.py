"""``/spa status`` and the App Home say when no-show risk is off, and why: no model installed, or the installed one
refused at load (a scikit-learn upgrade, a missing card) with the fix; a working model adds no line."""

from __future__ import annotations

import pytest

from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack import texts
from spa_copilot.slack.home import home_view_for
from spa_copilot.slack.listeners.commands import answer_command


def _risk_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if "No-show risk" in line]


def _shown(message) -> str:
    return "\n".join(b.text.text for b in message.blocks if getattr(b, "text", None) is not None)


@pytest.mark.parametrize(
    ("risk", "refused", "expected"),
    [
        (object(), "", None),
        (None, "", texts.NO_RISK_MODEL_TEXT),
        (
            None,
            "made with scikit-learn 1.4, this is 1.8",
            "the installed model was refused (made with scikit-learn 1.4",
        ),
    ],
    ids=["on", "none-installed", "refused"],
)
async def test_status_says_why_risk_is_off(world: SandboxWorld, risk, refused, expected) -> None:
    world.copilot.risk, world.copilot.risk_refused = risk, refused
    shown = _shown(await answer_command(world.copilot, text="status", user_id=FRONT_DESK_USER))
    lines = _risk_lines(shown)
    if expected is None:
        assert lines == []
    else:
        assert len(lines) == 1 and expected in lines[0], shown
        assert "spa-copilot risk train" in lines[0]


async def test_home_says_risk_is_off_when_refused(world: SandboxWorld) -> None:
    world.copilot.risk, world.copilot.risk_refused = None, "its card noshow.json is missing"
    view = await home_view_for(world.copilot, FRONT_DESK_USER)
    shown = "\n".join(b.text.text for b in view.blocks if getattr(b, "text", None) is not None)
    assert any("its card noshow.json is missing" in line for line in _risk_lines(shown)), shown
