"""Candidate services for a next-treatment recommendation: TF-IDF over the menu, queried with the guest's
history and preferences. Services a guest's allergies or conditions rule out are never candidates.
"""

from __future__ import annotations

from collections.abc import Sequence

from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
from sklearn.metrics.pairwise import cosine_similarity  # type: ignore[import-untyped]

from spa_copilot.ai.schemas import ClientHistory, MenuItem
from spa_copilot.ai.vocabulary import spoken as words


def _document(item: MenuItem) -> str:
    return f"{item.name} {item.name} {item.category} {item.description}"


def _query(history: ClientHistory) -> str:
    profile = history.profile
    preference_words = [
        *(v.split(" (")[0] for v in profile.values("pressure")),
        *(words(v) for v in profile.values("focus_areas")),
        *(words(v) for v in profile.values("scent")),
    ]
    if "deep" in preference_words:
        preference_words.append("deep tissue")
    return " ".join([*history.past_service_names, *preference_words])


def retrieve_candidates(history: ClientHistory, menu: Sequence[MenuItem], *, k: int = 5) -> list[tuple[MenuItem, float]]:
    """Up to ``k`` safe menu services, most similar to the guest's history first (ties by name)."""
    safe = [item for item in menu if not history.profile.conflicts_with(item.contraindications)]
    if not safe:
        return []
    query = _query(history)
    if not query.strip():
        return [(item, 0.0) for item in sorted(safe, key=lambda item: item.name)[:k]]
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english")
    matrix = vectorizer.fit_transform([_document(item) for item in safe])
    scores = cosine_similarity(vectorizer.transform([query]), matrix)[0]
    ranked = sorted(zip(safe, (float(s) for s in scores), strict=True), key=lambda pair: (-pair[1], pair[0].name))
    return ranked[:k]


def offline_choice(history: ClientHistory, candidates: Sequence[tuple[MenuItem, float]]) -> MenuItem | None:
    """The best candidate that is not simply a repeat of the last visit (a repeat if nothing else fits)."""
    if not candidates:
        return None
    last = history.past_service_names[0].lower() if history.past_service_names else None
    for item, score in candidates:
        if item.name.lower() != last and score > 0:
            return item
    return candidates[0][0]
