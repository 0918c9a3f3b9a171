"""The language a text is written in, read with langid.py's model (py3langid): a post's, as the
crawler reads a blog's, or a niche's brief."""

from __future__ import annotations

from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

SAMPLE_CHARS = 600  # the model is sure of a language well before this (1,000 agreed on 4,990 of 5,000 posts)
MIN_LETTERS = 80  # below this (a caption, a title alone) a post's language is a guess
MIN_CONFIDENCE = 0.9
NOT_A_LANGUAGE = frozenset({"zxx"})  # the model's "no linguistic content"


@lru_cache(maxsize=1)
def identifier() -> LanguageIdentifier:
    """The model, loaded once a process (half a second)."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def language_of_text(text: str, min_letters: int = MIN_LETTERS, min_confidence: float = MIN_CONFIDENCE) -> str:
    """The ISO 639 code of the language a text is written in, or "" when it is too short or unclear."""
    sample = (text or "")[:SAMPLE_CHARS]
    if sum(char.isalpha() for char in sample) < min_letters:
        return ""
    code, confidence = identifier().classify(sample)
    return code if confidence >= min_confidence and code not in NOT_A_LANGUAGE else ""
