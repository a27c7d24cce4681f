"""The chat model factory: ``ChatOpenAI`` for any OpenAI-compatible endpoint, or ``None`` for the offline engine."""

from __future__ import annotations

import openai
from langchain_openai import ChatOpenAI

from spa_copilot.settings import Settings

OFFLINE = "offline"


def build_chat_model(settings: Settings) -> ChatOpenAI | None:
    """A LangChain chat model for the configured endpoint, or ``None`` when no LLM is configured."""
    if not settings.uses_llm:
        return None
    api_key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "not-needed"
    return ChatOpenAI(
        model=settings.llm_model,
        base_url=settings.llm_base_url,
        api_key=api_key,  # type: ignore[arg-type]  # accepts str | SecretStr at runtime
        timeout=settings.llm_timeout_seconds,
        max_retries=settings.llm_max_retries,
        temperature=0.2,
        use_responses_api=False,  # plain /chat/completions: what every OpenAI-compatible server speaks
        # An own connection pool: langchain-openai otherwise shares one per process, across event loops.
        http_async_client=openai.DefaultAsyncHttpxClient(timeout=settings.llm_timeout_seconds),
    )


def engine_name(settings: Settings) -> str:
    """``"offline"`` or the configured model's name (as recorded in the audit log)."""
    return settings.llm_model if settings.uses_llm else OFFLINE
