"""The AI layer: LangChain drafting and extraction behind one async object, with a useful offline engine.

Public surface (see docs/ai.md): ``build_ai(settings, *, cache=None, audit=None) -> Concierge``, the input
and output models, the cache/audit protocols, the canonical vocabulary, and ``extract_cli`` for the CLI.
"""

from spa_copilot.ai.cache import (
    AuditSink,
    LlmCache,
    MemoryAudit,
    MemoryCache,
    cache_key,
)
from spa_copilot.ai.concierge import Concierge, build_ai
from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.ai.notes_cli import extract_cli
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
