"""The chat model factory: ``ChatOpenAI`` for any OpenAI-compatible endpoint, or ``None`` for the offline engine."""

from __future__ import annotations

import functools
import logging
import os
import ssl

import httpx
import openai
from langchain_openai import ChatOpenAI

from spa_copilot.settings import Settings

OFFLINE = "offline"
#: Where the model is when only ``LLM_API_KEY`` is set: passed to the client outright, so that an ``OPENAI_BASE_URL``
#: or ``OPENAI_API_BASE`` left in the environment (which the OpenAI client and langchain-openai read when no address
#: is given) cannot send the prompts, drawn from client notes, to another host. ``spa-copilot check`` probes the same
#: address (``preflight.OPENAI_BASE_URL``).
OPENAI_BASE_URL = "https://api.openai.com/v1"
#: LangChain's retired tracer switches: every model call runs with tracing off (``Concierge._ask``), and with one of
#: these set and tracing off, langchain-core refuses every call ("LangChainTracerV1 is no longer supported").
LEGACY_TRACING_VARIABLES = ("LANGCHAIN_TRACING", "LANGCHAIN_HANDLER")

logger = logging.getLogger(__name__)


def build_chat_model(settings: Settings) -> ChatOpenAI | None:
    """A LangChain chat model for the configured endpoint, or ``None`` when no LLM is configured. The retired
    ``LEGACY_TRACING_VARIABLES`` are taken out of the process's environment, with one warning each."""
    if not settings.uses_llm:
        return None
    for name in LEGACY_TRACING_VARIABLES:  # the process's own environment: it holds only the copilot
        if os.environ.pop(name, None) is not None:
            logger.warning("%s is set: ignored (the copilot never traces model calls to LangSmith)", name)
    api_key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "not-needed"
    return ChatOpenAI(
        model=settings.llm_model,
        base_url=settings.llm_base_url or OPENAI_BASE_URL,  # never None: see OPENAI_BASE_URL
        api_key=api_key,  # type: ignore[arg-type]  # accepts str | SecretStr at runtime
        timeout=settings.llm_timeout_seconds,
        max_retries=settings.llm_max_retries,
        temperature=0.2,
        use_responses_api=False,  # plain /chat/completions: what every OpenAI-compatible server speaks
        # An own connection pool: langchain-openai otherwise shares one per process, across event loops.
        http_async_client=openai.DefaultAsyncHttpxClient(
            timeout=settings.llm_timeout_seconds,
            verify=tls_context(os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR")),
        ),
        # never langchain-openai's OPENAI_PROXY (with our own client it refused to build, so a configured model failed
        # at start): the client above goes through HTTPS_PROXY / HTTP_PROXY as every other request does
        openai_proxy=None,
    )


@functools.lru_cache(maxsize=4)
def tls_context(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    """httpx's own default TLS context (the public CAs, or ``SSL_CERT_FILE`` / ``SSL_CERT_DIR`` where set: passed
    in, so that another setting gets a context of its own), made once per process and shared by every model client
    built: loading the CA list took 20 ms of each client's making."""
    return httpx.create_ssl_context()


def engine_name(settings: Settings) -> str:
    """``"offline"`` or the configured model's name (as recorded in the audit log)."""
    return settings.llm_model if settings.uses_llm else OFFLINE
