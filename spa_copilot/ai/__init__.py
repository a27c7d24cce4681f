"""The AI layer: LangChain drafting and extraction behind one async object, with a useful offline engine.

Public surface (see docs/ai.md): ``build_ai(settings, *, cache=None, audit=None) -> Concierge``, the input
and output models, the cache/audit protocols, the canonical vocabulary, and ``extract_cli`` for the CLI.
"""

import importlib
from typing import TYPE_CHECKING, Any

from spa_copilot.ai.cache import (
    AuditSink,
    LlmCache,
    MemoryAudit,
    MemoryCache,
    cache_key,
)
from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.ai.schemas import (
    AiText,
    BriefingInput,
    ClientHistory,
    Evidence,
    FollowUpInput,
    GuestProfile,
    InvitationInput,
    MenuItem,
    Recommendation,
    private_words,
)
from spa_copilot.ai.vocabulary import (
    ALLERGIES,
    ALLERGY_CONTRAINDICATIONS,
    CONTRAINDICATIONS,
    SERVICE_CONTRAINDICATIONS,
    service_conflicts,
)

if TYPE_CHECKING:
    from spa_copilot.ai.concierge import Concierge, build_ai
    from spa_copilot.ai.notes_cli import extract_cli

#: Loaded on first use: LangChain takes seconds to import, and the engines that only need the vocabulary or the
#: offline extraction (the conflict engine, the benchmarks) should not pay for it.
_LAZY = {"Concierge": "spa_copilot.ai.concierge", "build_ai": "spa_copilot.ai.concierge", "extract_cli": "spa_copilot.ai.notes_cli"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "ALLERGIES",
    "ALLERGY_CONTRAINDICATIONS",
    "CONTRAINDICATIONS",
    "SERVICE_CONTRAINDICATIONS",
    "AiText",
    "AuditSink",
    "BriefingInput",
    "ClientHistory",
    "Concierge",
    "Evidence",
    "FollowUpInput",
    "GuestProfile",
    "InvitationInput",
    "LlmCache",
    "MemoryAudit",
    "MemoryCache",
    "MenuItem",
    "Recommendation",
    "build_ai",
    "cache_key",
    "extract_cli",
    "extract_profile_offline",
    "private_words",
    "service_conflicts",
]
