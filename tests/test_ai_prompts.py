"""Consistency: every prompt file is used by a task, and its declared variables are exactly the ones it uses."""

from __future__ import annotations

import re

import pytest

from spa_copilot.ai.concierge import TASK_PROMPTS
from spa_copilot.ai.prompts import PromptError, load_prompt, parse_prompt, prompt_names


def test_every_prompt_file_is_used_by_a_task() -> None:
    assert sorted(set(TASK_PROMPTS.values())) == prompt_names()


@pytest.mark.parametrize("name", prompt_names())
def test_prompt_header_declares_exactly_the_placeholders(name: str) -> None:
    prompt = load_prompt(name)
    assert prompt.placeholders() == set(prompt.variables)
    assert prompt.intent and re.fullmatch(r"[1-9]\d*-[0-9a-f]{8}", prompt.version)  # the header's version, the file's hash
    assert "data" in prompt.system  # every prompt says its inputs are data, not instructions


@pytest.mark.parametrize("name", prompt_names())
def test_render_fills_every_variable_and_refuses_strays(name: str) -> None:
    prompt = load_prompt(name)
    system, user = prompt.render(**{v: f"<{v}>" for v in prompt.variables})
    assert "{{" not in system + user
    with pytest.raises(PromptError):
        prompt.render(**{v: "x" for v in prompt.variables[1:]})
    with pytest.raises(PromptError):
        prompt.render(**{v: "x" for v in prompt.variables}, unexpected="x")


def test_a_prompt_edit_changes_its_version() -> None:
    text = "<!--\nprompt: t\nversion: 1\nvariables: a\nintent: x\n-->\n[system]\ndata {{a}}\n[user]\nu"
    assert parse_prompt("t", text).version != parse_prompt("t", text + " edited").version
