"""Prompts live in ``prompts/<name>.md``: a header comment (name, version, variables, intent), then a
``[system]`` and a ``[user]`` section with ``{{variable}}`` placeholders.

``load_prompt(name)`` parses one; ``Prompt.render(**values)`` fills it and refuses a missing or unknown
variable, so a prompt and the code that fills it cannot drift apart silently.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

#: ``prompts/`` at the top of the checkout, reached through the package's ``spa_copilot/prompts`` link, which a wheel
#: (``pip install .``) holds as a copy: the same files installed or not.
PROMPTS_DIR = (Path(__file__).resolve().parent.parent / "prompts").resolve()

_HEADER = re.compile(r"\A<!--(.*?)-->\s*", re.DOTALL)
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
_SECTION = re.compile(r"^\[(system|user)\]\s*$", re.MULTILINE)


class PromptError(ValueError):
    """A prompt file is malformed, or was rendered with missing or unknown variables."""


@dataclass(frozen=True)
class Prompt:
    name: str
    version: str  # header version + a hash of the file, so any edit invalidates cached results
    variables: tuple[str, ...]
    intent: str
    system: str
    user: str

    def placeholders(self) -> set[str]:
        """Every ``{{name}}`` used in the system and user sections."""
        return set(_PLACEHOLDER.findall(self.system)) | set(_PLACEHOLDER.findall(self.user))

    def render(self, **values: str) -> tuple[str, str]:
        """``(system, user)`` with every variable filled; raises ``PromptError`` on a missing or extra value."""
        missing = set(self.variables) - set(values)
        extra = set(values) - set(self.variables)
        if missing or extra:
            raise PromptError(f"prompt {self.name}: missing {sorted(missing)}, unknown {sorted(extra)}")

        def fill(text: str) -> str:
            return _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)

        return fill(self.system), fill(self.user)


def parse_prompt(name: str, text: str) -> Prompt:
    """Parse a prompt file's text."""
    header = _HEADER.match(text)
    if header is None:
        raise PromptError(f"prompt {name}: no header comment")
    fields: dict[str, str] = {}
    key = ""
    for line in header.group(1).strip().splitlines():
        label, sep, value = line.partition(":")
        if sep and label.strip().isidentifier() and not line.startswith((" ", "\t")):
            key = label.strip()
            fields[key] = value.strip()
        elif key:
            fields[key] += " " + line.strip()
    body = text[header.end() :]
    parts = _SECTION.split(body)
    sections = dict(zip(parts[1::2], (part.strip() for part in parts[2::2]), strict=True))
    if set(sections) != {"system", "user"}:
        raise PromptError(f"prompt {name}: needs exactly a [system] and a [user] section")
    variables = tuple(v.strip() for v in fields.get("variables", "").split(",") if v.strip())
    digest = hashlib.sha256(text.encode()).hexdigest()[:8]
    return Prompt(
        name=fields.get("prompt", name),
        version=f"{fields.get('version', '0')}-{digest}",
        variables=variables,
        intent=fields.get("intent", ""),
        system=sections["system"],
        user=sections["user"],
    )


@cache
def load_prompt(name: str) -> Prompt:
    """Load ``prompts/<name>.md`` (cached for the process)."""
    path = PROMPTS_DIR / f"{name}.md"
    return parse_prompt(name, path.read_text(encoding="utf-8"))


def prompt_names() -> list[str]:
    """Every prompt file's name, sorted."""
    return sorted(path.stem for path in PROMPTS_DIR.glob("*.md"))
